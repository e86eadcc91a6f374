"""Cues of quotations: the verbs and nouns of saying (``CUE_VERBS``, ``NOUN_CUES``; beliefs,
commitments, requests and intentions, each list behind its rule), "according to", which tokens of a
parse are cues, which cue a run of quoted words hangs from (it governs a clause overlapping them, its
head is inside them, or it stands within ``NEAR`` tokens of them), and the range of the reported
content around a cue: its complement clause, cut before a trailing participle or a coordinated
clause, the clause a parenthetical or "as" cue interrupts, the rest of the sentence around
"according to X".
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc, Token

from utils.pipeline.quote_context import QuoteContext
from utils.pipeline.quote_rules import RULES

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
NEAR = 4
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
CUE_MODIFIER_DEPS = frozenset({"nsubj", "nsubjpass", "prep", "npadvmod", "advmod", "agent", "dative", "dobj", "punct", "cc", "prt", "attr"})
MEDIAL_WORDS = 2  # words after a cue that follows its clause for the sentence to go on past it (rule medial_cue)


def is_cue(token: Token, *, direct: bool) -> bool:
    """True when the token is a cue: for quoted words (``direct``), else for indirect speech too (beliefs, nouns, clauses)."""
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


def cue_candidates(doc: Doc, *, verbs: frozenset[str] = CUE_VERBS) -> list[int]:
    """Indices of tokens whose lemma is one of ``verbs``, or the word "according" (numpy over the whole doc)."""
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    array = doc.to_array([LEMMA, LOWER]).astype("uint64")
    lemmas = np.array([strings.add(verb) for verb in verbs], dtype="uint64")
    hits = np.isin(array[:, 0], lemmas) | (array[:, 1] == np.uint64(strings.add("according")))
    return np.flatnonzero(hits).tolist()


def cue_lemma(token: Token) -> str:
    """The ``cue_lemma`` of a row: "according to" or the cue's lower-case lemma."""
    return "according to" if token.lower_ == "according" else token.lemma_.lower()


def prep_participle_verb(cue: Token) -> Token | None:
    """The verb a gerund cue's preposition hangs from ("by claiming", "as saying"), with rule
    prep_participle_cue: its subject is the speaker; else None."""
    if not (RULES["prep_participle_cue"] and cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.dep_ == "prep"):
        return None
    verb = cue.head.head
    return verb if verb.i != cue.head.i and verb.pos_ in {"VERB", "AUX"} else None


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
    verb = prep_participle_verb(cue)
    if verb is not None:  # '"A," X is quoted as saying': the verb the preposition hangs from governs the quote
        for child in verb.children:
            if child.dep_ in CONTENT_DEPS and child.left_edge.i <= last and first <= child.right_edge.i:
                return True
    if not RULES["near_cue"]:
        return False
    if any(child.dep_ in INDIRECT_DEPS for child in cue.children):
        return False  # a cue next to the quote but with its own complement clause says something else
    return cue.i < first and first - cue.i <= NEAR or cue.i > last and cue.i - last <= NEAR


def cue_for(context: QuoteContext, cues_by_sentence: dict[int, list[Token]], sentence_indices: list[int],
             first: int, last: int) -> Token | None:
    """The cue of those sentences attached to quoted tokens first..last and nearest to them, or None."""
    best, best_distance = None, None
    for index in dict.fromkeys(sentence_indices):
        for cue in cues_by_sentence.get(index, ()):
            if first <= cue.i <= last or not _attached(cue, first, last):
                continue
            distance = first - cue.i if cue.i < first else cue.i - last
            if best_distance is None or distance < best_distance:
                best, best_distance = cue, distance
    return best


def content_range(cue: Token, first: int, last: int) -> tuple[int, int] | None:
    """Token range of the cue's complement that holds the quotation, or None."""
    for child in cue.children:
        if child.dep_ in CONTENT_DEPS and child.left_edge.i <= last and first <= child.right_edge.i:
            return min(child.left_edge.i, first), max(child.right_edge.i, last)
    return None


def words_going_on(context: QuoteContext, cue: Token, sentence_last: int) -> int:
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


def before_trailing_participle(complement: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The complement up to a participle clause closing it after a comma ("it would close the plant, citing ...")."""
    doc = complement.doc
    for child in complement.children:
        if (child.dep_ == "advcl" and child.tag_ == "VBG" and child.i > complement.i and child.right_edge.i >= content[1]
                and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ","):
            return content[0], child.left_edge.i - 2
    return content


def before_coordinated_clause(complement: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The complement up to a coordinated clause with a subject of its own ("A, and B said C": A alone)."""
    for child in complement.children:
        if child.dep_ == "conj" and child.i > complement.i and any(grand.dep_ in {"nsubj", "nsubjpass"} for grand in child.children):
            last = child.left_edge.i - 1
            doc = complement.doc
            while last > complement.i and (doc[last].dep_ == "cc" or doc[last].is_punct):
                last -= 1
            return content[0], last
    return content


def parenthetical_content(context: QuoteContext, index: int, cue: Token) -> tuple[int, int] | None:
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


def according_content(context: QuoteContext, index: int, cue: Token) -> tuple[int, int] | None:
    """The rest of the sentence around "according to X"."""
    sentence_first, sentence_last = context.sentence_tokens(index)
    phrase_first, phrase_last = cue.left_edge.i, cue.right_edge.i
    before = context.word_count(sentence_first, phrase_first - 1)
    after = context.word_count(phrase_last + 1, sentence_last)
    if after >= before:
        return phrase_last + 1, sentence_last
    return sentence_first, phrase_first - 1
