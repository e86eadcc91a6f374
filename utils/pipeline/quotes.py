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

The speaker (the cue's subject, or the object of "according to"; ``speaker_kind`` named, pronoun,
unnamed or none; a set of entities for "Putin and Raisi said") is found by ``quote_speakers``. A cue
of ``NOMINAL_CUES`` with a nominal object and no clause ("X stressed the need for …") makes that object
an indirect quotation. The quotation marks are found by ``quote_marks``, the cues and the content
around them by ``quote_cues``; ``quote_context.QuoteContext`` holds what the rules look up per
document, and ``quote_rules.RULES`` switches every rule.

Every step is linear in the text: quotation marks are found in one pass per paragraph, an
unbalanced mark is dropped at its paragraph's end, nested marks of another family are ignored.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import pandas as pd
from spacy.tokens import Doc, Token

from utils.pipeline.quote_context import QuoteContext, column_ints
from utils.pipeline.quote_cues import (
    BELIEF_CUES, CUE_VERBS, INDIRECT_DEPS, INTENT_CUES, MEDIAL_WORDS, NOMINAL_CUES, NOUN_CUES, PROMISE_CUES, TO_CLAUSE_CUES,
    according_content, before_coordinated_clause, before_trailing_participle, content_range, cue_candidates, cue_for,
    cue_lemma, is_cue, parenthetical_content, words_going_on,
)
from utils.pipeline.quote_marks import quotation_mark_spans
from utils.pipeline.quote_rules import RULES
from utils.pipeline.quote_speakers import SPEAKER_RULES_SHOWN, speaker_entity, speaker_head_and_rule, speaker_span
from utils.pipeline.schema import typed_frame

QUOTE_COLUMNS = [
    "quote_id", "kind", "text", "start_char", "end_char", "sentence_ids", "paragraph_id",
    "speaker", "speaker_entity_id", "speaker_entity_ids", "speaker_start", "speaker_end", "speaker_kind", "speaker_rule",
    "cue", "cue_lemma", "cue_start", "cue_end", "quoted_fragments", "in_scope",
]
SENTIMENT_COLUMNS = ["textblob_polarity", "vader_compound", "sentiment", "evidence"]
KINDS = ("direct", "mixed", "indirect")
SPEAKER_KINDS = ("named", "pronoun", "unnamed", "none")
MIN_UNATTRIBUTED_WORDS = 4
MIN_DIRECT_WORDS = 3


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


def quote_table(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, paragraphs: pd.DataFrame, *,
                sentiment: bool = False, text: str | None = None) -> pd.DataFrame:
    """One row per quotation (direct, mixed, indirect) with its speaker and cue (see the module docstring).

    ``sentiment=True`` adds ``SENTIMENT_COLUMNS`` of the quoted words (``utils.pipeline.sentiment.score_sentence``).
    ``text`` is ``doc.text`` when the caller has it (saves rebuilding it from the tokens once).
    """
    columns = QUOTE_COLUMNS + (SENTIMENT_COLUMNS if sentiment else [])
    if not len(sentences) or not len(doc):
        return pd.DataFrame(columns=columns)
    context = QuoteContext(doc, sentences.reset_index(drop=True), mentions if mentions is not None else pd.DataFrame(), text=text)
    paragraph_rows = list(zip(column_ints(paragraphs, "paragraph_id"), column_ints(paragraphs, "start_char"), column_ints(paragraphs, "end_char")))
    paragraph_scope = dict(zip(column_ints(paragraphs, "paragraph_id"), paragraphs["in_scope"].to_numpy(dtype=bool).tolist()))
    cues_by_sentence: dict[int, list[Token]] = {}
    for i in cue_candidates(doc):
        token = doc[i]
        if is_cue(token, direct=True):
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
        for i in cue_candidates(doc, verbs=extra):
            token = doc[i]
            if i not in known and token.lemma_.lower() in extra and is_cue(token, direct=False):
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


def _direct_and_mixed(context: QuoteContext, cues_by_sentence: dict[int, list[Token]],
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
        cue = cue_for(context, cues_by_sentence, looked_at, first, last)
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
            content = content_range(quote.cue, first, last) if quote.cue.lower_ != "according" else None
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
            head, rule = speaker_head_and_rule(quote.cue)
            if head is not None:
                quote.speaker = speaker_span(head, (first, last), quote.cue)
                quote.extra["speaker_head"] = head
                if rule in SPEAKER_RULES_SHOWN and quote.speaker_rule == "subject_of_cue":
                    quote.speaker_rule = rule
        quotes.append(quote)
        previous = quote
    return quotes


def _merge_kind(context: QuoteContext, previous: _Quote, quote: _Quote) -> str:
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


def _indirect(context: QuoteContext, cues_by_sentence: dict[int, list[Token]], used: set[int],
              covered: list[tuple[int, int]]) -> list[_Quote]:
    doc = context.doc
    quotes = []
    covered = sorted(covered)
    covered_starts = [start for start, _ in covered]
    for index, cues in cues_by_sentence.items():
        for cue in cues:
            if cue.i in used or not is_cue(cue, direct=False):
                continue
            if not RULES["according_to" if cue.lower_ == "according" else "indirect"]:
                continue
            cue_inside = False  # the cue stands inside the reported words ("A, she said, B")
            if cue.lower_ == "according":
                content = according_content(context, index, cue)
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
                    content = before_trailing_participle(complement, content)
                if content is not None and complement.i > cue.i and complement.dep_ in INDIRECT_DEPS and RULES["conj_split"]:
                    content = before_coordinated_clause(complement, content)
                if content is not None and complement.i < cue.i and RULES["medial_cue"]:
                    _, sentence_last = context.sentence_tokens(index)
                    if words_going_on(context, cue, sentence_last) >= MEDIAL_WORDS:
                        content, cue_inside = (content[0], sentence_last), True
                if content is None:
                    content = parenthetical_content(context, index, cue)
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
            head, rule = speaker_head_and_rule(cue)
            if head is None and cue.pos_ == "NOUN":  # "his claim that ...", "the mayor's statement that ..."
                head = next((child for child in cue.children if child.dep_ == "poss"), None)
                if head is None and RULES["noun_cue_subject"]:  # "X said in a statement that ...", "X issued a warning that ..."
                    verb = cue.head.head if cue.dep_ == "pobj" and cue.head.dep_ == "prep" else cue.head if cue.dep_ == "dobj" else None
                    if verb is not None and verb.pos_ in {"VERB", "AUX"}:
                        head, _ = speaker_head_and_rule(verb)
                        if head is not None and verb.lemma_.lower() in CUE_VERBS:
                            quote.cue = verb  # "said in a statement that": the verb of saying introduces it
            if head is not None:
                quote.speaker = speaker_span(head, None if cue_inside else (first, last), quote.cue)
                quote.extra["speaker_head"] = head
                if rule in SPEAKER_RULES_SHOWN and quote.speaker_rule == "subject_of_cue":
                    quote.speaker_rule = rule
            quotes.append(quote)
    return quotes


def _is_belief(quote: _Quote) -> bool:
    return quote.cue is not None and quote.cue.lemma_.lower() in BELIEF_CUES


def _row(context: QuoteContext, quote: _Quote, paragraph_scope: dict[int, bool]) -> dict:
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
            entity_id, entity_ids, kind = speaker_entity(context, head, (first, last))
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
        "cue_lemma": cue_lemma(cue) if cue is not None else "",
        "cue_start": cue_start,
        "cue_end": cue_end,
        "quoted_fragments": [list(fragment) for fragment in fragments],
        "in_scope": bool(paragraph_scope.get(quote.paragraph_id, False)) and context.sentence_in_scope[first_sentence],
    }
