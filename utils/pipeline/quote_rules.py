"""The switches of the quotation rules: ``RULES`` maps each post-parse rule of ``quote_marks``,
``quote_cues``, ``quote_speakers`` and ``quotes`` (the table) to on or off. Those modules all read this
one dict when they run, so a switch takes effect at once: ``evaluation.quotes_eval --ablate`` and
``--set RULE=0|1`` (and the tests) change its entries in place, never rebind it, to measure what each
rule fixes and breaks.
"""

from __future__ import annotations

RULES = {
    "unattributed_direct": True,  # quoted words with no cue (enough words, a verb) are a direct quotation
    "carried_over": True,  # ...whose speaker is the previous quotation's, same or previous paragraph
    "colon_intro": True,  # a cue in the sentence before, when it ends with a colon
    "interrupted_merge": False,  # "X," he said, "Y." as one quotation (off: fixes 20, breaks 24 on PolNeAR train)
    "continued_merge": True,  # "X," he said. "Y." (same paragraph, Y with no cue) is one quotation
    "short_not_direct": False,  # fewer than MIN_DIRECT_WORDS words next to a cue are not a quotation (off: fixes 14, breaks 31)
    "mixed": True,  # quoted words inside a longer complement clause make a mixed quotation
    "near_cue": True,  # a cue within NEAR tokens of the quote counts as attached
    "according_to": True,  # "according to X, ..." is an indirect quotation
    "indirect": True,  # verbs of saying with a complement clause are indirect quotations
    "participle_cue": True,  # ", saying/stating/adding ...": the speaker is the subject of the clause the participle hangs from
    "prep_participle_cue": True,  # "by claiming", "after saying", "is quoted as saying": the subject of the verb the preposition hangs from
    "purpose_clause_cue": True,  # "X rushed to TV to say ...": the subject of the clause the to-clause hangs from
    "adjective_cue": True,  # "X are more likely to say ...": the subject of the verb the adjective completes
    "relative_speaker": False,  # "Smith, who said ...": the noun the relative clause hangs from (off: fixes 4, breaks 78 speakers on PolNeAR train, whose source is "who")
    "title_conj_person": True,  # "said Halcyon president and chief executive Maria Lopez" (parsed "president" conj "Lopez"): the person, not Halcyon
    "compound_organisation": True,  # "Iran's Irna news agency said": named when a named organisation is a compound of the head
    "nominal_report": True,  # "X stressed the need for ...": a cue with a nominal object is an indirect quotation (PolNeAR train: 67 / 0 matches)
    "plural_coordination": True,  # "Putin and Raisi said": the speaker is the set of the coordinated names
    "plural_antecedents": True,  # "Both leaders said", "the two said": the N entities named just before; "they said" after "X and Y"
    # issue 26, indirect quotations (evaluation.indirect_errors; measured with quotes_eval --ablate on PolNeAR train)
    "medial_cue": False,  # "A, the paper said, B": the clause before the cue and the rest of the sentence, cue included (off: PolNeAR train 13 / 15 matches)
    "parenthetical_cue": True,  # "This plan, she said, is different": a cue with no clause of its own, inside the sentence it reports
    "as_cue": True,  # "As the paper reported, A": the clause the "as ..." cue hangs from, after the cue
    "conj_split": False,  # "X said A, and B said C" parsed inside one clause: A stops before a coordinated clause with its own subject (off: 10 / 50)
    "clause_cues": True,  # write / agree with a complement clause ("X wrote that ...") are indirect quotations too
    "promise_cues": True,  # "X vowed / promised to ...": the to-clause is an indirect quotation
    "two_apostrophes": True,  # two apostrophes ('') are a double quotation mark (typewriter and archive news text)
    "reopened_quote": True,  # 'A. "B': a straight mark after a sentence's end, before a word, inside an open quotation reopens it (paragraph breaks lost)
    "belief_cues": True,  # "X believes / thinks / expects (that) ...": beliefs as indirect quotations (cue_lemma shows the verb)
    "ask_clause": True,  # "X asked whether ...": ask with a complement clause is an indirect quotation
    "to_clause_cues": True,  # "X urged / told / asked Y to ...": Y and the to-clause are an indirect quotation
    "intent_cues": False,  # "X wants / plans / seeks to ...": intentions as indirect quotations (off: 176 / 0 matches but 451 rows, an intention is not speech)
    "noun_cues": True,  # "his claim that ...", "the statement that ...": the clause of a noun of saying; speaker its possessor
    "noun_cue_subject": True,  # a noun cue with no possessor: the speaker is the subject of the verb it hangs from ("X said in a statement that")
    "trailing_participle": False,  # "X said A, citing B": A stops before a participle clause at its end (off: 14 / 14)
}
