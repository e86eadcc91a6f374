"""Quotations and who says them, by rules on the spaCy dependency parse (no quotation model).

``quote_table`` finds three kinds of quotation (the PolNeAR kinds):

- ``direct``: words inside quotation marks (straight "…", curly “…”, guillemets « », two apostrophes ''…''), marks
  included in the span. A quotation running over several paragraphs (a paragraph opening a quote
  it does not close, the next paragraph opening again) is one quotation, also when the text lost
  the breaks between those paragraphs ('… happened. "If he …', rule reopened_quote). A quotation interrupted
  by its attribution within one sentence (“X,” he said, “Y.”) is TWO rows with the same speaker
  and cue (PolNeAR annotates two content spans; merging them broke more matches than it fixed).
  A quote continued after the attribution's full stop in the same paragraph (“X,” he said. “Y.”,
  Y with no cue of its own) is ONE row: ``start_char``/``end_char`` cover both parts and the
  attribution, ``quoted_fragments`` lists the quoted parts.
- ``mixed``: reported speech containing a partial quotation (He said the plan was “a disaster”):
  the span is the cue's complement clause, quotation marks inside.
- ``indirect``: a verb of saying (``CUE_VERBS``) with a complement clause ("X said (that) …",
  "X told reporters …", "X added …"), or "according to X, …" (the rest of the sentence). Also
  (issue 26, each a rule): a cue interrupting the clause it reports ("This plan, she said, is
  different": the whole clause, cue included), "As X reported, …", write / agree / ask with a
  clause, "X vowed / promised to …", "X urged / told Y to …" (Y and the to-clause), a noun of saying
  with a that-clause ("her statement that …", speaker its possessor), and beliefs with a clause
  ("X believes / thinks / expects …": ``BELIEF_CUES``, still ``kind`` "indirect"; ``cue_lemma`` tells
  them apart from speech).

Attribution of quoted words: a cue in the first or last sentence the quote touches, outside the
quote and attached to it in the parse (the cue governs a clause overlapping the quote, or its head
is inside the quote, or it stands within ``NEAR`` tokens of it); else the cue of the sentence just
before, when that sentence ends with a colon ("Cruz continued:"); else the speaker of the previous
quotation in the same or previous paragraph (``speaker_rule`` "carried_over"); else none. Quoted
words with no cue and fewer than ``MIN_UNATTRIBUTED_WORDS`` words, or with no verb, are taken as
scare quotes or titles, not quotations.

The speaker is the cue's subject (the subject of the verb it is joined to for "X smiled and
said", or of the clause a participle cue hangs from: "…, saying …", "…, stating “…”", "… by claiming …",
"… is quoted as saying", or a to-clause of purpose: "rushed to TV to say …", or of the verb an adjective
completes: "are more likely to say …"), or the object
of "according to". A cue of ``NOMINAL_CUES`` with a nominal object and no clause ("X stressed the need
for …") makes that object an indirect quotation. ``speaker_kind``: "named" when a named mention holds the
speaker's head word (or an apposition of it), "pronoun" when the head is a pronoun (resolved with
``utils.pipeline.pronouns``; ``speaker_entity_id`` -1 when that fails), "unnamed" for other nouns
("officials", "a person familiar with the matter"; a head with a named organisation among its
compounds, "Iran's Irna news agency", is "named"), "none" when no speaker was found.

Every step is linear in the text: quotation marks are found in one pass per paragraph, an
unbalanced mark is dropped at its paragraph's end, nested marks of another family are ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Token

from utils.pipeline import pronouns
from utils.pipeline.schema import typed_frame

QUOTE_COLUMNS = [
    "quote_id", "kind", "text", "start_char", "end_char", "sentence_ids", "paragraph_id",
    "speaker", "speaker_entity_id", "speaker_entity_ids", "speaker_start", "speaker_end", "speaker_kind", "speaker_rule",
    "cue", "cue_lemma", "cue_start", "cue_end", "quoted_fragments", "in_scope",
]
SENTIMENT_COLUMNS = ["textblob_polarity", "vader_compound", "sentiment", "evidence"]
KINDS = ("direct", "mixed", "indirect")
SPEAKER_KINDS = ("named", "pronoun", "unnamed", "none")

CUE_VERBS = frozenset(
    """say tell add state claim admit insist concede allege argue warn explain note announce deny suggest
    write report confirm reply respond ask acknowledge assert declare contend maintain predict promise vow
    recall complain comment testify urge caution stress emphasize emphasise observe remark tweet quip joke
    boast agree estimate recount continue charge counter retort reiterate""".split()
)
# verbs of saying that only count with a quotation next to them, never for indirect speech
DIRECT_ONLY_CUES = frozenset({"continue", "write", "ask", "agree", "charge", "counter"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj", "npadvmod", "oprd", "attr"})
INDIRECT_DEPS = frozenset({"ccomp"})
OPENERS = {"“": "”", "«": "»", "\"": "\"”", "„": "“”"}  # opener → the marks that close it
CLOSERS = frozenset("”»\"“")
QUOTE_MARKS = frozenset("“”«»\"„")
NEAR = 4
# Post-parse rules, each switchable so ``utils.pipeline.quotes_eval`` can measure what it fixes and breaks.
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
# verbs of saying that count for indirect speech only with a complement clause ("X wrote that ...")
CLAUSE_CUES = frozenset({"write", "agree"})
# commitments reported with a to-clause ("X vowed to ...", rule promise_cues); verbs of CUE_VERBS only
PROMISE_CUES = frozenset({"vow", "promise"})
# verbs of saying whose object and to-clause report a request or an order (rule to_clause_cues)
TO_CLAUSE_CUES = frozenset({"urge", "tell", "ask", "warn", "caution"})
# intentions with a to-clause (rule intent_cues)
INTENT_CUES = frozenset({"want", "plan", "seek", "intend", "aim"})
# nouns of saying whose that-clause is the reported content (rule noun_cues)
NOUN_CUES = frozenset({"claim", "statement", "assertion", "argument", "warning", "suggestion", "allegation", "accusation",
                       "insistence", "announcement", "admission", "promise", "pledge", "prediction", "complaint"})
# beliefs and expectations with a complement clause (rule belief_cues; PolNeAR counts them as attributions)
BELIEF_CUES = frozenset({"believe", "think", "expect", "hope", "fear", "worry", "doubt", "suspect", "feel"})
# cues whose nominal object reports what was said ("stressed the need for", "announced a plan to")
NOMINAL_CUES = frozenset({"stress", "emphasize", "emphasise", "reiterate", "underline", "announce", "urge", "warn"})
# speaker rules a row's ``speaker_rule`` names instead of "subject_of_cue" when they found the speaker
SPEAKER_RULES_SHOWN = frozenset({"participle_cue", "prep_participle_cue", "purpose_clause_cue", "relative_speaker"})
# "both leaders", "the two men", "all three": how many entities a plural speaker stands for
PLURAL_NUMBERS = {"both": 2, "two": 2, "three": 3, "four": 4}
# plural heads that stand for countries or organisations rather than people ("both countries said")
PLURAL_PLACE_NOUNS = frozenset({"country", "nation", "state", "government", "capital"})
PLURAL_ORGANISATION_NOUNS = frozenset({"company", "firm", "group", "party", "organisation", "organization", "agency", "bank", "club", "team"})
PLURAL_COORDINATION_SENTENCES = 3  # how far back "both leaders" looks for "X and Y" (its own sentence counts)
SET_LABELS = ("PERSON", "ORG", "GPE")  # a set of nationalities or parties ("Democrats and Republicans") is not resolved
MIN_UNATTRIBUTED_WORDS = 4
CUE_MODIFIER_DEPS = frozenset({"nsubj", "nsubjpass", "prep", "npadvmod", "advmod", "agent", "dative", "dobj", "punct", "cc", "prt", "attr"})
MEDIAL_WORDS = 2  # words after a cue that follows its clause for the sentence to go on past it (rule medial_cue)
MIN_DIRECT_WORDS = 3
_MARK = re.compile("[“”«»\"„]")


@dataclass
class _Quote:
    fragments: list[tuple[int, int]]  # quoted parts, marks included
    paragraph_id: int
    kind: str = "direct"
    start: int = 0
    end: int = 0
    cue: Token | None = None
    speaker: tuple[int, int] | None = None  # token range [first, last]
    speaker_rule: str = "none"
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- quotation marks


def quotation_mark_spans(text: str, paragraphs: list[tuple[int, int, int]]) -> list[tuple[list[tuple[int, int]], int]]:
    """Quoted parts of ``text``: (fragments, paragraph_id), one item per quotation (several fragments over paragraphs).

    ``paragraphs`` are (paragraph_id, start_char, end_char). One pass over the marks of each paragraph.
    """
    found: list[tuple[list[tuple[int, int]], int]] = []
    pending: tuple[list[tuple[int, int]], int, str] | None = None  # fragments so far, first paragraph, opener
    for index, (paragraph_id, start, end) in enumerate(paragraphs):
        body = text[start:end]
        opener, open_at, carried, first_paragraph = "", -1, [], paragraph_id
        if pending is not None:
            fragments, pending_paragraph, pending_opener = pending
            pending = None
            lead = len(body) - len(body.lstrip())
            if lead < len(body) and body[lead] in OPENERS and _family(body[lead]) == _family(pending_opener):
                opener, open_at, carried, first_paragraph = body[lead], start + lead, fragments, pending_paragraph
        last_curly_close = body.rfind("”")  # once per paragraph: keeps the scan linear
        for match in _MARK.finditer(body):
            position = match.start()
            mark, at = body[position], start + position
            if opener:
                if at == open_at:
                    continue
                if opener == mark == "\"" and RULES["reopened_quote"] and _reopens(body, position):
                    # 'happened. "If he has to talk': the quotation's next paragraph, its break lost
                    carried = carried + [(open_at, start + _end_before_space(body, position))]
                    open_at = at
                    continue
                # “…" (mixed marks in careless text) closes at the straight mark only when no ” follows
                straight_closes_curly = opener == "“" and mark == "\"" and position > last_curly_close
                if mark in OPENERS[opener] or straight_closes_curly:
                    found.append((carried + [(open_at, at + 1)], first_paragraph))
                    opener, open_at, carried, first_paragraph = "", -1, [], paragraph_id
                continue  # a mark of another family inside a quotation: nested, ignored
            if mark in OPENERS and not (mark == "\"" and _looks_closing(body, position)):
                opener, open_at = mark, at
        if opener and index + 1 < len(paragraphs):
            # open at the paragraph's end: continued if the next paragraph opens a quotation, else dropped
            pending = (carried + [(open_at, end)], first_paragraph, opener)
    return found


def _family(mark: str) -> str:
    return "guillemet" if mark in "«»" else "double"


def _reopens(body: str, position: int) -> bool:
    """A straight mark that opens the next paragraph of an open quotation whose break was lost: after
    a space that follows a sentence's end (". ", "?' ", "!) "), before a word character."""
    if position + 1 >= len(body) or not body[position + 1].isalnum() or position == 0 or not body[position - 1].isspace():
        return False
    last = _end_before_space(body, position) - 1  # scans back over a few characters only: the pass stays linear
    while last >= 0 and body[last] in "'’)":
        last -= 1
    return last >= 0 and body[last] in ".?!…"


def _end_before_space(body: str, position: int) -> int:
    """The end of the text before the spaces ending just before ``position``."""
    while position > 0 and body[position - 1].isspace():
        position -= 1
    return position


def _looks_closing(body: str, position: int) -> bool:
    """A straight quote right after a word character and before a space or end is an inch mark or a stray closer."""
    before = body[position - 1] if position else " "
    return before.isdigit()


# --------------------------------------------------------------------------- the table


def _ints(frame: pd.DataFrame, column: str) -> list[int]:
    """A column as a list of Python ints, without a cast copy of the Series."""
    return frame[column].to_numpy(dtype="int64").tolist()


class _Context:
    """Everything per document the rules look up: sentence bounds, word counts, cues, mentions."""

    def __init__(self, doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text joins every token on each access: read it once
        self.sentence_ids = _ints(sentences, "sentence_id")
        self.sentence_starts = _ints(sentences, "start_char")
        self.sentence_ends = _ints(sentences, "end_char")
        self.sentence_in_scope = sentences["in_scope"].to_numpy(dtype=bool).tolist()
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE

        array = doc.to_array([IDX, IS_PUNCT, IS_SPACE]).astype("int64")
        self.token_starts = array[:, 0]
        self.words = np.concatenate([[0], np.cumsum(1 - np.maximum(array[:, 1], array[:, 2]))])
        self.mentions = mentions
        self.mention_rows = []
        if len(mentions):  # the named mentions in text order (stable), from the column arrays
            named = mentions["is_named"].to_numpy(dtype=bool)
            starts = mentions["start_char"].to_numpy(dtype="int64")[named]
            order = np.argsort(starts, kind="stable")
            self.mention_rows = list(zip(starts[order].tolist(), mentions["end_char"].to_numpy(dtype="int64")[named][order].tolist(),
                                         mentions["entity_id"].to_numpy(dtype="int64")[named][order].tolist(),
                                         [str(label) for label in mentions["label"].to_numpy(dtype=object)[named][order]]))
        self.mention_starts = [row[0] for row in self.mention_rows]
        self.entity_labels = {entity_id: label for _, _, entity_id, label in self.mention_rows}
        self._links: dict | None = None
        self.sentences = sentences

    def links(self) -> dict:
        if self._links is None:
            self._links = pronouns.resolve_pronouns(self.doc, self.sentences, self.mentions) if len(self.mentions) else {}
        return self._links

    def sentence_index(self, char: int) -> int:
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """[first, last] token indices of the tokens starting inside [start, end)."""
        first = int(self.token_starts.searchsorted(start, side="left"))
        last = int(self.token_starts.searchsorted(end, side="left")) - 1
        return first, max(last, first)

    def word_count(self, first: int, last: int) -> int:
        """Words (not punctuation) among tokens first..last inclusive."""
        if last < first:
            return 0
        return int(self.words[last + 1] - self.words[first])

    def sentence_tokens(self, index: int) -> tuple[int, int]:
        return self.token_range(self.sentence_starts[index], self.sentence_ends[index])

    def entity_at(self, token: Token) -> int:
        """Entity id of the named mention holding this token, -1 if none."""
        position = bisect_right(self.mention_starts, token.idx) - 1
        if position >= 0:
            start, end, entity_id, _ = self.mention_rows[position]
            if start <= token.idx < end:
                return entity_id
        return -1

    def label_at(self, token: Token) -> str:
        """Label of the named mention holding this token, "" if none."""
        position = bisect_right(self.mention_starts, token.idx) - 1
        if position >= 0:
            start, end, _, label = self.mention_rows[position]
            if start <= token.idx < end:
                return label
        return ""


def _is_cue(token: Token, *, direct: bool) -> bool:
    if token.lower_ == "according" and any(child.lower_ == "to" for child in token.children):
        return True
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        return not direct and RULES["noun_cues"] and lemma in NOUN_CUES
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma not in CUE_VERBS:
        return not direct and (RULES["belief_cues"] and lemma in BELIEF_CUES or RULES["intent_cues"] and lemma in INTENT_CUES)
    if direct or lemma not in DIRECT_ONLY_CUES:
        return True
    if not (RULES["clause_cues"] and lemma in CLAUSE_CUES or RULES["ask_clause"] and lemma == "ask"):
        return False  # "continued", "charged": direct only, no need to look at the children
    return any(child.dep_ in INDIRECT_DEPS for child in token.children)


def _cue_candidates(doc: Doc, *, verbs: frozenset[str] = CUE_VERBS) -> list[int]:
    """Indices of tokens whose lemma is one of ``verbs``, or the word "according" (numpy over the whole doc)."""
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    array = doc.to_array([LEMMA, LOWER]).astype("uint64")
    lemmas = np.array([strings.add(verb) for verb in verbs], dtype="uint64")
    hits = np.isin(array[:, 0], lemmas) | (array[:, 1] == np.uint64(strings.add("according")))
    return np.flatnonzero(hits).tolist()


def _cue_lemma(token: Token) -> str:
    return "according to" if token.lower_ == "according" else token.lemma_.lower()


def _speaker_head(cue: Token) -> Token | None:
    head, _ = _speaker_head_and_rule(cue)
    return head


def _speaker_head_and_rule(cue: Token) -> tuple[Token | None, str]:
    """The speaker's head word and the rule that found it ("subject_of_cue", "participle_cue", "prep_participle_cue",
    "purpose_clause_cue", "relative_speaker", "according_to"). A subject "it" reached by the climbs of
    issue 26 (prepositions, purpose clauses, adjectives) is no speaker: None, "none"."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, "according_to"
        return None, "none"
    verb, steps, rule, climbed = cue, 0, "subject_of_cue", False
    while steps < 4:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and verb.dep_ != "nsubjpass":
                if climbed and child.lower_ == "it":
                    return None, "none"  # "It is worth noting that", "it was too early to tell", "It goes without saying"
                antecedent = _relative_antecedent(child)
                return antecedent, ("relative_speaker" if antecedent.i != child.i else rule)
        for child in verb.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild, rule
        if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
            verb = verb.head
            steps += 1
            continue
        if RULES["participle_cue"] and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
            verb = verb.head  # "..., saying he would resign": the subject of the clause it hangs from
            steps += 1
            rule = "participle_cue"
            continue
        if _prep_participle_verb(verb) is not None:
            verb = verb.head.head  # "X stepped up the row by claiming ...", "X is quoted as saying ..."
            steps, climbed = steps + 1, True
            rule = "prep_participle_cue"
            continue
        if (RULES["purpose_clause_cue"] and verb.dep_ == "advcl" and verb.tag_ == "VB" and verb.head.i != verb.i
                and any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)):
            verb = verb.head  # "his critics rushed to TV to say ...": the subject of the clause the purpose hangs from
            steps, climbed = steps + 1, True
            rule = "purpose_clause_cue"
            continue
        if RULES["adjective_cue"] and verb.pos_ == "ADJ" and verb.dep_ == "acomp" and verb.head.i != verb.i:
            verb = verb.head  # "voters are more likely to say ...": the subject of the verb the adjective completes
            steps, climbed = steps + 1, True
            continue
        break
    return None, "none"


def _prep_participle_verb(cue: Token) -> Token | None:
    """The verb a gerund cue's preposition hangs from ("by claiming", "as saying"), with rule
    prep_participle_cue: its subject is the speaker; else None."""
    if not (RULES["prep_participle_cue"] and cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep"):
        return None
    verb = cue.head.head
    return verb if verb.i != cue.head.i and verb.pos_ in {"VERB", "AUX"} else None


def _relative_antecedent(head: Token) -> Token:
    """The noun a relative pronoun stands for ("Smith, who said"), else the head itself."""
    if (RULES["relative_speaker"] and head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl"
            and head.head.head.i != head.head.i):
        return head.head.head
    return head


def _speaker_span(head: Token, outside: tuple[int, int] | None, cue: Token | None = None) -> tuple[int, int]:
    first, last = head.left_edge.i, head.right_edge.i
    if cue is not None and first <= cue.i <= last:  # "Smith, who said ...": the speaker stops before its relative clause
        for child in head.children:
            if child.left_edge.i <= cue.i <= child.right_edge.i:
                if child.i > head.i:
                    last = max(child.left_edge.i - 1, head.i)
                else:
                    first = min(child.right_edge.i + 1, head.i)
                break
    if outside is not None:
        quote_first, quote_last = outside
        if first <= quote_last and quote_first <= last:  # never let the speaker run into the quotation
            if head.i < quote_first:
                last = min(last, quote_first - 1)
            else:
                first = max(first, quote_last + 1)
    if first > last:  # the head inside the quotation: the head word alone
        first = last = head.i
    doc = head.doc
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return first, last


def _speaker_entity(context: _Context, head: Token, span: tuple[int, int]) -> tuple[int, list[int], str]:
    """(entity id, entity ids, speaker kind) of a speaker's head word, ``span`` its (first, last) tokens.

    The ids list the entities the speaker stands for: one for a person or an organisation, several for
    a set ("Putin and Raisi", "both leaders" after two names), whose single id is then -1; empty when none.
    """
    if RULES["plural_antecedents"] and head.lower_ in PLURAL_NUMBERS and _plural_number(head):  # "both said", "the two said"
        return _plural_set(context, head, _plural_number(head), "PERSON")
    if head.pos_ == "PRON" or head.lower_ in pronouns.MALE_PRONOUNS | pronouns.FEMALE_PRONOUNS | pronouns.PLURAL_PRONOUNS:
        members = _named_coordination_before(context, head) if RULES["plural_antecedents"] and head.lower_ == "they" else []
        if members:  # "X and Y met ... they said": the people, not the organisation or place the pronoun layer would take
            return -1, members, "pronoun"
        link = context.links().get(head.i)
        if link is not None:
            return link.entity_id, [link.entity_id], "pronoun"
        return -1, [], "pronoun"
    entity_id = context.entity_at(head)
    if entity_id >= 0:
        return _named(context, head, entity_id, span)
    for child in head.children:
        if child.dep_ == "appos":  # "the two objectors, Joyce and Graham"
            entity_id = context.entity_at(child)
            if entity_id >= 0:
                return _named(context, child, entity_id, span)
    if RULES["title_conj_person"] and head.tag_ == "NN":  # one role ("players and Federer" are several people)
        for child in head.children:  # "Halcyon president and chief executive Maria Lopez": titles coordinated before the name
            if child.dep_ == "conj" and span[0] <= child.i <= span[1] and context.label_at(child) == "PERSON":
                entity_id = context.entity_at(child)
                return entity_id, [entity_id], "named"  # the person alone: the other conjuncts are the person's titles
    if RULES["compound_organisation"]:
        for child in head.children:  # "Iran's Irna news agency", "the Reuters news agency"
            if child.dep_ == "compound" and context.label_at(child) == "ORG":
                entity_id = context.entity_at(child)
                return entity_id, [entity_id], "named"
    if RULES["plural_antecedents"] and _plural_number(head):  # "both leaders", "the two men"
        return _plural_set(context, head, _plural_number(head), _plural_label(head))
    if head.pos_ == "PROPN":
        return -1, [], "named"
    return -1, [], "unnamed"


def _named(context: _Context, head: Token, entity_id: int, span: tuple[int, int]) -> tuple[int, list[int], str]:
    members = _coordinated_entities(context, head, entity_id, span) if RULES["plural_coordination"] else [entity_id]
    return (entity_id if len(members) == 1 else -1), members, "named"


def _coordinated_entities(context: _Context, head: Token, entity_id: int, span: tuple[int, int] | None = None) -> list[int]:
    """The head's entity and those of the names coordinated with it ("Putin and Raisi"), in text order.

    Only the head's entity when a conjunct is not a name ("Putin and officials"), is a nationality or
    party ("Democrats and Republicans"), or lies outside the speaker's span.
    """
    members = [entity_id]
    stack = [child for child in head.children if child.dep_ == "conj"]
    while stack:
        token = stack.pop(0)
        other = context.entity_at(token)
        if other < 0 or (span is not None and not span[0] <= token.i <= span[1]):
            return [entity_id]
        if other not in members:
            members.append(other)
        stack += [child for child in token.children if child.dep_ == "conj"]
    if len(members) > 1 and any(context.entity_labels.get(member) not in SET_LABELS for member in members):
        return [entity_id]
    return members


def _plural_number(head: Token) -> int:
    """How many entities a definite plural speaker stands for: 2 for "both", "both leaders", "the two
    men"; 3 for "all three", "the three ministers"...; 0 for anything else, indefinite numbers included
    ("two senators present", "three people briefed on the talks": anonymous sources, not a set)."""
    if head.lower_ == "both":
        return 2
    children = list(head.children)
    definite = any(child.lower_ in {"the", "all", "these", "those"} for child in children)
    if head.lower_ in PLURAL_NUMBERS and head.pos_ in {"NUM", "DET", "PRON"}:
        return PLURAL_NUMBERS[head.lower_] if definite else 0  # "the two said", "all three said"
    if head.tag_ not in {"NNS", "NNPS"} or any(child.dep_ in {"acl", "relcl", "amod", "prep"} for child in children):
        return 0  # "the two officials who spoke", "the two former aides", "the two people at the meeting"
    for child in children:
        if child.lower_ == "both" and child.dep_ in {"det", "predet", "preconj"}:
            return 2
        if child.dep_ == "nummod" and child.lower_ in PLURAL_NUMBERS and definite:
            return PLURAL_NUMBERS[child.lower_]
    return 0


def _plural_label(head: Token) -> str:
    lemma = head.lemma_.lower()
    if lemma in PLURAL_PLACE_NOUNS:
        return "GPE"
    if lemma in PLURAL_ORGANISATION_NOUNS:
        return "ORG"
    return "PERSON"


def _plural_set(context: _Context, head: Token, number: int, label: str) -> tuple[int, list[int], str]:
    """"named" with the ``number`` entities of ``label`` the text names just before the head: the latest
    coordination of that many in the last ``PLURAL_COORDINATION_SENTENCES`` sentences ("Raisi and Putin
    ... both leaders"), else all such entities in the head's sentence and the one before when there are
    exactly that many ("Raisi's visit follows Putin's tour. Both leaders ..."); else "unnamed" with none."""
    for start, end, _, mention_label in _mentions_before(context, head, sentences=PLURAL_COORDINATION_SENTENCES):
        if mention_label != label:
            continue
        members = _coordination_of(context, start, end)
        if len(members) == number and all(context.entity_labels.get(member) == label for member in members):
            return -1, members, "named"
    members = list(dict.fromkeys(row[2] for row in _mentions_before(context, head) if row[3] == label))
    if len(members) == number:
        return -1, members[::-1], "named"
    return -1, [], "unnamed"


def _coordination_of(context: _Context, start: int, end: int) -> list[int]:
    """The entities of the coordination a named mention belongs to ("X, Y and Z"), or its entity alone."""
    token = context.doc[context.token_range(start, end)[1]]
    while token.dep_ == "conj" and context.entity_at(token.head) >= 0:
        token = token.head  # climb to the first name of the coordination
    return _coordinated_entities(context, token, context.entity_at(token))


def _mentions_before(context: _Context, head: Token, *, sentences: int = 2) -> list[tuple[int, int, int, str]]:
    """Named mentions ending before the head in its sentence and the ``sentences - 1`` before, most recent first."""
    index = context.sentence_index(head.idx)
    window_start = context.sentence_starts[max(index - sentences + 1, 0)]
    position = bisect_right(context.mention_starts, head.idx) - 1
    found = []
    while position >= 0 and context.mention_rows[position][0] >= window_start:
        row = context.mention_rows[position]
        if row[1] <= head.idx:
            found.append(row)
        position -= 1
    return found


def _named_coordination_before(context: _Context, head: Token) -> list[int]:
    """For "they": the entities of the latest coordination of named people before it ("X and Y met ... they")."""
    for start, end, _, label in _mentions_before(context, head):
        if label != "PERSON":
            continue
        members = _coordination_of(context, start, end)
        if len(members) >= 2 and all(context.entity_labels.get(member) == "PERSON" for member in members):
            return members
        return []  # only the latest person counts
    return []


def _attached(cue: Token, first: int, last: int) -> bool:
    """True when the cue governs a clause overlapping tokens first..last, or hangs from a token inside them."""
    for child in cue.children:
        if child.dep_ in CONTENT_DEPS and child.left_edge.i <= last and first <= child.right_edge.i:
            return True
    head, steps = cue.head, 0
    while steps < 3 and head.i != cue.i:
        if first <= head.i <= last:
            return True
        if head.head.i == head.i:
            break
        head = head.head
        steps += 1
    verb = _prep_participle_verb(cue)
    if verb is not None:  # '"A," X is quoted as saying': the verb the preposition hangs from governs the quote
        for child in verb.children:
            if child.dep_ in CONTENT_DEPS and child.left_edge.i <= last and first <= child.right_edge.i:
                return True
    if not RULES["near_cue"]:
        return False
    if any(child.dep_ in INDIRECT_DEPS for child in cue.children):
        return False  # a cue next to the quote but with its own complement clause says something else
    return cue.i < first and first - cue.i <= NEAR or cue.i > last and cue.i - last <= NEAR


def _cue_for(context: _Context, cues_by_sentence: dict[int, list[Token]], sentence_indices: list[int],
             first: int, last: int) -> Token | None:
    best, best_distance = None, None
    for index in dict.fromkeys(sentence_indices):
        for cue in cues_by_sentence.get(index, ()):
            if first <= cue.i <= last or not _attached(cue, first, last):
                continue
            distance = first - cue.i if cue.i < first else cue.i - last
            if best_distance is None or distance < best_distance:
                best, best_distance = cue, distance
    return best


def _content_range(cue: Token, first: int, last: int) -> tuple[int, int] | None:
    """Token range of the cue's complement that holds the quotation, or None."""
    for child in cue.children:
        if child.dep_ in CONTENT_DEPS and child.left_edge.i <= last and first <= child.right_edge.i:
            return min(child.left_edge.i, first), max(child.right_edge.i, last)
    return None


def quote_table(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, paragraphs: pd.DataFrame, *,
                sentiment: bool = False, text: str | None = None) -> pd.DataFrame:
    """One row per quotation (direct, mixed, indirect) with its speaker and cue (see the module docstring).

    ``sentiment=True`` adds ``SENTIMENT_COLUMNS`` of the quoted words (``utils.pipeline.sentiment.score_sentence``).
    ``text`` is ``doc.text`` when the caller has it (saves rebuilding it from the tokens once).
    """
    columns = QUOTE_COLUMNS + (SENTIMENT_COLUMNS if sentiment else [])
    if not len(sentences) or not len(doc):
        return pd.DataFrame(columns=columns)
    context = _Context(doc, sentences.reset_index(drop=True), mentions if mentions is not None else pd.DataFrame(), text=text)
    paragraph_rows = list(zip(_ints(paragraphs, "paragraph_id"), _ints(paragraphs, "start_char"), _ints(paragraphs, "end_char")))
    paragraph_scope = dict(zip(_ints(paragraphs, "paragraph_id"), paragraphs["in_scope"].to_numpy(dtype=bool).tolist()))
    cues_by_sentence: dict[int, list[Token]] = {}
    for i in _cue_candidates(doc):
        token = doc[i]
        if _is_cue(token, direct=True):
            index = context.sentence_index(token.idx)
            if context.sentence_starts[index] <= token.idx < context.sentence_ends[index]:
                cues_by_sentence.setdefault(index, []).append(token)
    scanned = context.text
    if RULES["two_apostrophes"] and "''" in scanned:
        scanned = scanned.replace("''", " \"")  # same length: the second apostrophe stands for the mark
    quotes = _direct_and_mixed(context, cues_by_sentence, quotation_mark_spans(scanned, paragraph_rows))
    used_cues = {quote.cue.i for quote in quotes if quote.cue is not None}
    covered = [(quote.start, quote.end) for quote in quotes]
    indirect_cues = cues_by_sentence
    extra = (BELIEF_CUES if RULES["belief_cues"] else frozenset()) | (INTENT_CUES if RULES["intent_cues"] else frozenset()) \
        | (NOUN_CUES if RULES["noun_cues"] else frozenset())
    if extra:  # indirect only: beliefs, intentions and nouns never attribute quoted words
        indirect_cues = {index: list(cues) for index, cues in cues_by_sentence.items()}
        known = {cue.i for cues in cues_by_sentence.values() for cue in cues}  # "claimed" is a verb of saying already
        for i in _cue_candidates(doc, verbs=extra):
            token = doc[i]
            if i not in known and token.lemma_.lower() in extra and _is_cue(token, direct=False):
                index = context.sentence_index(token.idx)
                if context.sentence_starts[index] <= token.idx < context.sentence_ends[index]:
                    indirect_cues.setdefault(index, []).append(token)
    quotes += _indirect(context, indirect_cues, used_cues, covered)
    quotes.sort(key=lambda quote: (quote.start, quote.end, _is_belief(quote)))
    # one row per span: "asked what they thought ..." is what was asked, not also a belief of the same words
    quotes = [quote for i, quote in enumerate(quotes) if i == 0 or (quote.start, quote.end) != (quotes[i - 1].start, quotes[i - 1].end)]
    rows = [_row(context, quote, paragraph_scope) for quote in quotes]
    for quote_id, row in enumerate(rows):
        row["quote_id"] = quote_id
    table = typed_frame({column: [row[column] for row in rows] for column in QUOTE_COLUMNS}, "quotes")
    if sentiment:
        from utils.pipeline import sentiment as sentiment_module

        scores = [sentiment_module.score_sentence(_quoted_text(context.text, row)) for row in rows]
        for column in SENTIMENT_COLUMNS:
            table[column] = [score[column] for score in scores]
    return table


def _quoted_text(text: str, row: dict) -> str:
    if row["kind"] == "direct":
        return " ".join(text[start:end] for start, end in row["quoted_fragments"])
    return row["text"]


def _direct_and_mixed(context: _Context, cues_by_sentence: dict[int, list[Token]],
                      spans: list[tuple[list[tuple[int, int]], int]]) -> list[_Quote]:
    doc = context.doc
    quotes: list[_Quote] = []
    previous: _Quote | None = None
    for fragments, paragraph_id in spans:
        start, end = fragments[0][0], fragments[-1][1]
        first, last = context.token_range(start, end)
        if first >= len(doc):
            continue
        first_sentence, last_sentence = context.sentence_index(start), context.sentence_index(end - 1)
        quote = _Quote(fragments=list(fragments), paragraph_id=paragraph_id, start=start, end=end)
        looked_at = [first_sentence, last_sentence]
        following = last_sentence + 1
        if (following < len(context.sentence_starts) and context.sentence_starts[following] - end <= 2
                and int(context.sentences.at[following, "paragraph_id"]) == int(context.sentences.at[last_sentence, "paragraph_id"])):
            looked_at.append(following)  # “… closed.” John Miller said. (split after the closing mark)
        cue = _cue_for(context, cues_by_sentence, looked_at, first, last)
        if cue is not None:
            quote.cue, quote.speaker_rule = cue, "subject_of_cue"
        elif RULES["colon_intro"] and first_sentence > 0 and context.text[context.sentence_starts[first_sentence - 1]:context.sentence_ends[first_sentence - 1]].rstrip().endswith(":"):
            colon_cues = cues_by_sentence.get(first_sentence - 1, [])
            if colon_cues:
                quote.cue, quote.speaker_rule = colon_cues[-1], "colon_intro"
        if previous is not None and previous.kind == "mixed" and start < previous.end:
            previous.fragments += quote.fragments  # a second quoted part of the same reported clause
            previous.end = max(previous.end, end)
            continue
        # interrupted quotation: this part and the previous one, only the attribution between them
        merge = _merge_kind(context, previous, quote) if previous is not None else ""
        if merge and RULES[f"{merge}_merge"]:
            previous.fragments += quote.fragments
            previous.end = quote.end
            continue
        if quote.cue is None:
            sentence_first, _ = context.sentence_tokens(first_sentence)
            _, sentence_last = context.sentence_tokens(last_sentence)
            outside = context.word_count(sentence_first, first - 1) + context.word_count(last + 1, sentence_last)
            quoted_words = context.word_count(first, last)
            has_verb = any(token.pos_ in {"VERB", "AUX"} for token in doc[first:min(last + 1, first + 200)])
            if quoted_words < MIN_UNATTRIBUTED_WORDS or not has_verb or not RULES["unattributed_direct"]:
                continue  # scare quotes or a title, not a quotation
            if RULES["carried_over"] and previous is not None and previous.speaker is not None and paragraph_id - previous.paragraph_id <= 1 and outside == 0:
                quote.speaker, quote.speaker_rule = previous.speaker, "carried_over"
                quote.extra["speaker_from"] = previous
        else:
            content = _content_range(quote.cue, first, last) if quote.cue.lower_ != "according" else None
            if RULES["mixed"] and content is not None and quote.speaker_rule == "subject_of_cue":
                outside_words = context.word_count(content[0], first - 1) + context.word_count(last + 1, content[1])
                if outside_words >= 2 and content[0] > quote.cue.i - 1 or outside_words >= 2 and content[1] < quote.cue.i:
                    quote.kind = "mixed"
                    quote.start = min(start, doc[content[0]].idx)
                    last_token = doc[content[1]]
                    quote.end = max(end, last_token.idx + len(last_token))
                    while quote.end > quote.start and context.text[quote.end - 1] in ".,;:" and quote.end > end:
                        quote.end -= 1
            if quote.kind == "direct" and RULES["short_not_direct"] and context.word_count(first, last) < MIN_DIRECT_WORDS:
                continue  # “crazy”, “Good Morning America”: a scare quote or a title next to a verb of saying
            head, rule = _speaker_head_and_rule(quote.cue)
            if head is not None:
                quote.speaker = _speaker_span(head, (first, last), quote.cue)
                quote.extra["speaker_head"] = head
                if rule in SPEAKER_RULES_SHOWN and quote.speaker_rule == "subject_of_cue":
                    quote.speaker_rule = rule
        quotes.append(quote)
        previous = quote
    return quotes


def _merge_kind(context: _Context, previous: _Quote, quote: _Quote) -> str:
    """"interrupted" for “X,” he said, “Y.”; "continued" for “X,” he said. “Y.” (Y with no cue of its own); else ""."""
    if previous.cue is None or previous.paragraph_id != quote.paragraph_id:
        return ""
    if quote.cue is not None and quote.cue.i != previous.cue.i:
        return ""
    doc = context.doc
    gap_start, gap_end = previous.end, quote.fragments[0][0]
    if gap_end - gap_start > 300 or gap_end < gap_start:
        return ""
    between = context.text[gap_start:gap_end]
    if "\n" in between:
        return ""
    sentence_end = any(mark in between for mark in ".!?;:")
    if sentence_end:
        kind = "continued" if quote.cue is None else ""
    else:
        last_quoted = context.text[max(previous.end - 2, 0):previous.end]
        kind = "interrupted" if "," in last_quoted or between.strip().startswith(",") else ""
    if not kind:
        return ""
    first, last = context.token_range(gap_start, gap_end)
    cue, speaker = previous.cue, previous.speaker
    if kind == "interrupted" and not first <= cue.i <= last:
        return ""
    for token in doc[first:last + 1]:
        if token.is_punct or token.is_space or token.i == cue.i:
            continue
        if speaker is not None and speaker[0] <= token.i <= speaker[1]:
            continue
        if not _governed_by(token, cue.i):
            return ""
    return kind


def _governed_by(token: Token, head_i: int) -> bool:
    """True when ``head_i`` is among the first few heads of the token ("told CBS in an interview")."""
    steps = 0
    while steps < 6 and token.head.i != token.i:
        token = token.head
        if token.i == head_i:
            return True
        steps += 1
    return False


def _indirect(context: _Context, cues_by_sentence: dict[int, list[Token]], used: set[int],
              covered: list[tuple[int, int]]) -> list[_Quote]:
    doc = context.doc
    quotes = []
    covered = sorted(covered)
    covered_starts = [start for start, _ in covered]
    for index, cues in cues_by_sentence.items():
        for cue in cues:
            if cue.i in used or not _is_cue(cue, direct=False):
                continue
            if not RULES["according_to" if cue.lower_ == "according" else "indirect"]:
                continue
            cue_inside = False  # the cue stands inside the reported words ("A, she said, B")
            if cue.lower_ == "according":
                content = _according_content(context, index, cue)
            else:
                lemma = cue.lemma_.lower()
                complements = [child for child in cue.children if child.dep_ in INDIRECT_DEPS]
                # the complement after the cue ("X said that ..."), else the nearest before it ("..., X said")
                after = [child for child in complements if child.i > cue.i]
                complement = after[0] if after else (complements[-1] if complements else None)
                to_clause = None
                if complement is None and (RULES["promise_cues"] and lemma in PROMISE_CUES or RULES["intent_cues"] and lemma in INTENT_CUES
                                           or RULES["to_clause_cues"] and lemma in TO_CLAUSE_CUES):
                    to_clause = next((child for child in cue.children if child.dep_ == "xcomp" and child.i > cue.i
                                      and any(grand.dep_ == "aux" and grand.lower_ == "to" for grand in child.children)), None)
                    complement = to_clause
                if complement is None and RULES["nominal_report"] and lemma in NOMINAL_CUES:
                    complement = next((child for child in cue.children if child.dep_ == "dobj" and child.pos_ == "NOUN"), None)
                if complement is None and cue.pos_ == "NOUN":
                    complement = next((child for child in cue.children if child.dep_ in {"acl", "ccomp"} and child.i > cue.i
                                       and any(grand.dep_ == "mark" and grand.lower_ == "that" for grand in child.children)), None)
                content = (complement.left_edge.i, complement.right_edge.i) if complement is not None else None
                if to_clause is not None and lemma in TO_CLAUSE_CUES:  # "urged parents to vaccinate ...": from the object
                    addressee = next((child for child in cue.children if child.dep_ == "dobj" and cue.i < child.i < to_clause.i), None)
                    content = (addressee.left_edge.i if addressee is not None else content[0], content[1])
                if content is not None and complement.i > cue.i and complement.dep_ in INDIRECT_DEPS and RULES["trailing_participle"]:
                    content = _before_trailing_participle(complement, content)
                if content is not None and complement.i > cue.i and complement.dep_ in INDIRECT_DEPS and RULES["conj_split"]:
                    content = _before_coordinated_clause(complement, content)
                if content is not None and complement.i < cue.i and RULES["medial_cue"]:
                    _, sentence_last = context.sentence_tokens(index)
                    if _words_going_on(context, cue, sentence_last) >= MEDIAL_WORDS:
                        content, cue_inside = (content[0], sentence_last), True
                if content is None:
                    content = _parenthetical_content(context, index, cue)
                    cue_inside = content is not None and content[0] <= cue.i <= content[1]
            if content is None:
                continue
            first, last = content
            while last > first and (doc[last].is_punct or doc[last].is_space):
                last -= 1
            while first < last and (doc[first].is_punct or doc[first].is_space):
                first += 1
            if context.word_count(first, last) < 2:
                continue
            start, end = doc[first].idx, doc[last].idx + len(doc[last])
            position = bisect_right(covered_starts, end) - 1
            if position >= 0 and covered[position][1] > start:
                continue  # inside or over a direct/mixed quotation already found
            paragraph_id = int(context.sentences.loc[index, "paragraph_id"])
            quote = _Quote(fragments=[], paragraph_id=paragraph_id, kind="indirect", start=start, end=end, cue=cue,
                           speaker_rule="according_to" if cue.lower_ == "according" else "subject_of_cue")
            head, rule = _speaker_head_and_rule(cue)
            if head is None and cue.pos_ == "NOUN":  # "his claim that ...", "the mayor's statement that ..."
                head = next((child for child in cue.children if child.dep_ == "poss"), None)
                if head is None and RULES["noun_cue_subject"]:  # "X said in a statement that ...", "X issued a warning that ..."
                    verb = cue.head.head if cue.dep_ == "pobj" and cue.head.dep_ == "prep" else cue.head if cue.dep_ == "dobj" else None
                    if verb is not None and verb.pos_ in {"VERB", "AUX"}:
                        head, _ = _speaker_head_and_rule(verb)
                        if head is not None and verb.lemma_.lower() in CUE_VERBS:
                            quote.cue = verb  # "said in a statement that": the verb of saying introduces it
            if head is not None:
                quote.speaker = _speaker_span(head, None if cue_inside else (first, last), quote.cue)
                quote.extra["speaker_head"] = head
                if rule in SPEAKER_RULES_SHOWN and quote.speaker_rule == "subject_of_cue":
                    quote.speaker_rule = rule
            quotes.append(quote)
    return quotes


def _is_belief(quote: _Quote) -> bool:
    return quote.cue is not None and quote.cue.lemma_.lower() in BELIEF_CUES


def _words_going_on(context: _Context, cue: Token, sentence_last: int) -> int:
    """Words after the cue up to the sentence end that are not its subject or a modifier of it.

    "A, the ministry said, including B" counts "including B"; "A, the mayor said on Tuesday" counts
    nothing ("on Tuesday" modifies the cue).
    """
    skipped = set()
    for child in cue.children:
        if child.i > cue.i and child.dep_ in CUE_MODIFIER_DEPS and child.tag_ != "VBG":
            skipped.update(range(child.left_edge.i, child.right_edge.i + 1))
    return sum(1 for token in context.doc[cue.i + 1:sentence_last + 1]
               if token.i not in skipped and not token.is_punct and not token.is_space)


def _before_trailing_participle(complement: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The complement up to a participle clause closing it after a comma ("it would close the plant, citing ...")."""
    doc = complement.doc
    for child in complement.children:
        if (child.dep_ == "advcl" and child.tag_ == "VBG" and child.i > complement.i and child.right_edge.i >= content[1]
                and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ","):
            return content[0], child.left_edge.i - 2
    return content


def _before_coordinated_clause(complement: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The complement up to a coordinated clause with a subject of its own ("A, and B said C": A alone)."""
    for child in complement.children:
        if child.dep_ == "conj" and child.i > complement.i and any(grand.dep_ in {"nsubj", "nsubjpass"} for grand in child.children):
            last = child.left_edge.i - 1
            doc = complement.doc
            while last > complement.i and (doc[last].dep_ == "cc" or doc[last].is_punct):
                last -= 1
            return content[0], last
    return content


def _parenthetical_content(context: _Context, index: int, cue: Token) -> tuple[int, int] | None:
    """Reported words around a cue with no clause of its own, or None.

    "This plan, she said, is different" (rule parenthetical_cue: the cue is a ``parataxis`` of the
    verb it interrupts; the whole clause, cue included) and "As the paper reported, A" (rule as_cue:
    an ``advcl`` with the mark "as"; the clause after the cue).
    """
    if any(child.dep_ in CONTENT_DEPS - {"advcl", "conj", "npadvmod"} for child in cue.children):
        return None
    head = cue.head
    if head.i == cue.i or head.pos_ not in {"VERB", "AUX"}:
        return None
    if not any(child.dep_ in {"nsubj", "nsubjpass"} for child in cue.children):
        return None
    sentence_first, sentence_last = context.sentence_tokens(index)
    if RULES["parenthetical_cue"] and cue.dep_ == "parataxis":
        first, last = max(head.left_edge.i, sentence_first), min(head.right_edge.i, sentence_last)
        if first < cue.left_edge.i and cue.right_edge.i < last:
            return first, last
    if RULES["as_cue"] and cue.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children):
        first, last = cue.right_edge.i + 1, min(head.right_edge.i, sentence_last)
        if cue.i < head.i and first <= last:
            return first, last
    return None


def _according_content(context: _Context, index: int, cue: Token) -> tuple[int, int] | None:
    """The rest of the sentence around "according to X"."""
    sentence_first, sentence_last = context.sentence_tokens(index)
    phrase_first, phrase_last = cue.left_edge.i, cue.right_edge.i
    before = context.word_count(sentence_first, phrase_first - 1)
    after = context.word_count(phrase_last + 1, sentence_last)
    if after >= before:
        return phrase_last + 1, sentence_last
    return sentence_first, phrase_first - 1


def _row(context: _Context, quote: _Quote, paragraph_scope: dict[int, bool]) -> dict:
    doc = context.doc
    first_sentence, last_sentence = context.sentence_index(quote.start), context.sentence_index(max(quote.end - 1, quote.start))
    speaker_text, speaker_start, speaker_end, entity_id, entity_ids, kind = "", -1, -1, -1, [], "none"
    source = quote.extra.get("speaker_from")
    head = quote.extra.get("speaker_head") if source is None else source.extra.get("speaker_head")
    if quote.speaker is not None:
        first, last = quote.speaker
        speaker_start, speaker_end = doc[first].idx, doc[last].idx + len(doc[last])
        speaker_text = context.text[speaker_start:speaker_end]
        if head is not None:
            entity_id, entity_ids, kind = _speaker_entity(context, head, (first, last))
    cue = quote.cue
    if cue is not None:
        cue_text, cue_start, cue_end = cue.text, cue.idx, cue.idx + len(cue)
        if cue.lower_ == "according":
            cue_end = next((child.idx + len(child) for child in cue.children if child.lower_ == "to"), cue_end)
            cue_text = context.text[cue_start:cue_end]
    else:
        cue_text, cue_start, cue_end = "", -1, -1
    fragments = quote.fragments if quote.kind != "indirect" else []
    return {
        "quote_id": 0,
        "kind": quote.kind,
        "text": context.text[quote.start:quote.end],
        "start_char": quote.start,
        "end_char": quote.end,
        "sentence_ids": [context.sentence_ids[i] for i in range(first_sentence, last_sentence + 1)],
        "paragraph_id": quote.paragraph_id,
        "speaker": speaker_text,
        "speaker_entity_id": entity_id,
        "speaker_entity_ids": entity_ids,
        "speaker_start": speaker_start,
        "speaker_end": speaker_end,
        "speaker_kind": kind,
        "speaker_rule": quote.speaker_rule if quote.speaker is not None or cue is not None else "none",
        "cue": cue_text,
        "cue_lemma": _cue_lemma(cue) if cue is not None else "",
        "cue_start": cue_start,
        "cue_end": cue_end,
        "quoted_fragments": [list(fragment) for fragment in fragments],
        "in_scope": bool(paragraph_scope.get(quote.paragraph_id, False)) and context.sentence_in_scope[first_sentence],
    }
