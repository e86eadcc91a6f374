"""Sentences and tokens: where sentences begin and end, and one row per token.

Sentence boundaries come from pysbd (rule-based, per paragraph) followed by a small repair layer
(:func:`repair_boundaries`) for the cases pysbd gets wrong on news text. Paragraph breaks are
always sentence breaks. :data:`SEGMENTATION_CASES` are hand-written hard cases used to measure
segmenters (:func:`segmentation_accuracy`).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Collection, Sequence

import pandas as pd

from utils.read.article import Article

SENTENCE_COLUMNS = [
    "sentence_id", "paragraph_id", "paragraph_kind", "language", "in_scope", "text", "start_char", "end_char",
]
Span = tuple[int, int]

# --------------------------------------------------------------------------- segmentation

# Any place pysbd could end a sentence before the paragraph's end: terminal punctuation, maybe
# closing quotes or brackets, then whitespace. A paragraph without one is a single sentence and
# skips pysbd (headlines, captions, one-sentence paragraphs). A list marker such as "2)" is a
# candidate too: pysbd ends an item before it (pySBD's golden rule 33).
_CANDIDATE_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s|\s\(?\d{1,3}\)\s")
# Sentence-final punctuation, possibly followed by closing quotes or brackets.
_FINAL = re.compile(r"[.!?…][\"'”’)\]]*\Z")
# Split rules applied inside a sentence: each match ends where a new sentence starts.
_SPLIT_RULES: dict[str, re.Pattern[str]] = {
    # A full stop inside closing quotes or brackets, then a capitalised word: ‘a disaster.’ Others
    # (each rule's match ends where the next sentence starts)
    # Not after a one- or two-character list marker ("1.) The first item") nor after an ellipsis
    # ("[...]\" (Smith 55)"): pySBD's golden rules 31, 32 and 44.
    "closing_quote_or_bracket": re.compile(r"(?<!\b\w)(?<!\b\d\d)(?<!\.\.)\.[\"'”’)\]]+\s+(?=[A-Z“‘\"(])"),
    # A single-character ellipsis, then a capitalised word (pysbd handles "...").
    "ellipsis_character": re.compile(r"(?<=…)\s+(?=[A-Z“‘\"])"),
    # A dotted capital abbreviation (U.S., U.K., E.U.) ending a sentence: followed by a word that
    # starts sentences but is not part of a name (pronouns, determiners, conjunctions). pysbd
    # already ends a sentence after a.m./p.m. before a capital.
    "abbreviation_then_sentence_start": re.compile(
        r"(?<=\b(?:[A-Z]\.){2})\s+(?=(?:The|It|Its|He|His|She|Her|They|Their|We|Our|I|This|That|These|Those|"
        r"There|But|And|Yet|So|However|Meanwhile|A|An|In|On|At|After|Before|When|While|If|As)\b)"
    ),
    # A bullet starting a new item inside a paragraph.
    "bullet": re.compile(r"\s+(?=[•▪●◦‣∙]\s)"),
}


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    class Segmenter(pysbd.Segmenter):
        """pysbd without its own offset search, which compiles one regex per sentence (most of its time)."""

        def segment(self, text: str) -> list[str]:
            return self.processor(text).process() if text else []

    return Segmenter(language="en", clean=False, char_span=False)


def pysbd_spans(text: str) -> list[Span]:
    """pysbd's sentences in ``text`` as (start, end) offsets, whitespace trimmed (no repairs)."""
    spans, position = [], 0
    for piece in _segmenter().segment(text):
        stripped = piece.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        if start < 0:  # pysbd changed the text (not seen with clean=False): keep the paragraph whole
            first = len(text) - len(text.lstrip())
            return [(first, len(text.rstrip()))] if text.strip() else []
        spans.append((start, start + len(stripped)))
        position = start + len(stripped)
    return spans


# A list item's marker then a capital ("1. The", "2.) The", "(b) The", "• 10. The", "⁃9. The"): a
# piece that starts so after another list item is an item of its own, not the end of an
# unfinished sentence (pySBD's golden rules 33, 35, 38 and 39).
_LIST_ITEM = re.compile(r"[•▪●◦‣∙⁃-]?\s*\(?(?:\d{1,3}|[A-Za-z])(?:\.\)|[.)])\s+(?=[A-Z])")
# What pySBD keeps whole (it masks the punctuation inside): double and curly quotes, brackets,
# and single quotes that open after a space (pySBD's own patterns). Their content is split again
# by pySBD when the ``quoted_sentences`` repair applies.
_QUOTED = re.compile(
    r"“(?P<curly>[^“”]*)”|\"(?P<straight>[^\"]*)\"|\((?P<paren>[^()]*)\)|\[(?P<square>[^\[\]]*)\]"
    r"|(?<=\s)‘(?P<single_curly>(?:[^‘’]|’[a-zA-Z])*)’|(?<=\s)'(?P<single>(?:[^']|'[a-zA-Z])*)'"
)

_QUOTED_SENTENCE_END = re.compile(r"[^\W\d_]{2}[.!?…]+[\"'”’)\]]*\Z")
_QUOTED_SENTENCE_START = re.compile(r"[\"'“‘(\[]*[A-Z]")
# Only content with such an end followed by such a start is given to pySBD again (it is slow).
_QUOTED_CANDIDATE = re.compile(r"[^\W\d_]{2}[.!?…]+[\"'”’)\]]*\s+[\"'“‘(\[]*[A-Z]")

# Reference markers at a piece's start ("[1] [2] ", "[citation needed] "), which belong to the
# sentence before them (web and encyclopaedia text).
_REFERENCE_MARKERS = re.compile(r"(?:\[(?:\d{1,3}|[a-z][a-z ]{2,24})\]\s*)+")


def _quoted_sentence_starts(text: str, start: int, end: int) -> set[int]:
    """Sentence starts inside the quotes and brackets of ``text[start:end]``, found by pySBD on their content."""
    piece = text[start:end]
    if not _CANDIDATE_BOUNDARY.search(piece):
        return set()
    starts: set[int] = set()
    for match in _QUOTED.finditer(piece):
        group = match.lastgroup
        content_start = match.start(group)
        content = match.group(group)
        if _QUOTED_CANDIDATE.search(content):
            for (_, last), (first, _) in itertools.pairwise(pysbd_spans(content)):
                # a sentence ends in a word of two letters or more ("(b. March 2009)" stays whole) and
                # the next starts with a capital or a quote ("(m. 1949; div. 1964)" stays whole)
                if _QUOTED_SENTENCE_END.search(content, 0, last) and _QUOTED_SENTENCE_START.match(content, first):
                    starts.add(start + content_start + first)
    return starts


# Every repair by name: the two merges, the split rules, then pySBD again inside quotes. REPAIRS
# are the ones applied by default: those that fixed more boundaries than they broke inside GUM
# train paragraphs outside the utterance genres (python -m utils.sentences_eval gum ... --split
# train --repairs; docs/methods-sentences.md). Dropped there: ellipsis_character (0 fixed, 2
# broken), bullet (0, 1) and abbreviation_then_sentence_start (0, 0).
MERGE_RULES = ("inside_token", "unfinished", "reference_markers")
ALL_REPAIRS = MERGE_RULES + tuple(_SPLIT_RULES) + ("quoted_sentences",)
REPAIRS: frozenset[str] = frozenset({"inside_token", "unfinished", "reference_markers", "closing_quote_or_bracket", "quoted_sentences"})


def repair_boundaries(text: str, spans: Sequence[Span], *, rules: Collection[str] | None = None) -> list[Span]:
    """pysbd's spans with the merge rules and the split rules in ``_SPLIT_RULES`` applied.

    Merges: ``inside_token``, a boundary with no whitespace after it is inside a token (a URL such
    as ``example.com/news?id=4``, an e-mail address, ``4.5``); ``unfinished``, a piece that does not
    end in sentence-final punctuation (``The plan has three steps:`` before ``1. cut costs,``)
    continues in the next piece. Splits: see ``_SPLIT_RULES``. ``rules`` names the repairs to
    apply (default :data:`REPAIRS`).
    """
    rules = REPAIRS if rules is None else frozenset(rules)
    split_rules = [rule for name, rule in _SPLIT_RULES.items() if name in rules]
    merged: list[list[int]] = []
    for start, end in spans:
        if merged:
            previous = merged[-1]
            inside_token = "inside_token" in rules and start == previous[1]
            unfinished = (
                "unfinished" in rules
                and not _FINAL.search(text[previous[0] : previous[1]])
                and not (_LIST_ITEM.match(text, previous[0]) and _LIST_ITEM.match(text, start))
            )
            if inside_token or unfinished:
                previous[1] = end
                continue
            markers = _REFERENCE_MARKERS.match(text, start, end) if "reference_markers" in rules else None
            if markers:  # "... in 1971. [1] [2] Fillmore was": the markers end the previous sentence
                previous[1] = start + len(text[start : markers.end()].rstrip())
                start = markers.end()
                if not any(character.isalnum() for character in text[start:end]):  # "[1]." ends it too
                    previous[1] = end
                    continue
        merged.append([start, end])
    repaired: list[Span] = []
    for start, end in merged:
        cuts = sorted(
            {start}
            | {match.end() + start for rule in split_rules for match in rule.finditer(text[start:end])}
            | (_quoted_sentence_starts(text, start, end) if "quoted_sentences" in rules else set())
        )
        for begin, finish in zip(cuts, cuts[1:] + [end]):
            piece = text[begin:finish]
            stripped_start = begin + len(piece) - len(piece.lstrip())
            stripped_end = begin + len(piece.rstrip())
            if stripped_end > stripped_start:
                repaired.append((stripped_start, stripped_end))
    return repaired


# pysbd's time grows faster than linearly with paragraph length, so a very long paragraph (a whole
# article on one line) is first cut into windows at unambiguous sentence ends: a full stop, "!"
# or "?" after a lower-case word of four letters or more, then space and a capital letter.
WINDOW_CHARS = 4_000
_WINDOW_CUT = re.compile(r"(?<=[a-z]{4}[.!?])\s+(?=[A-Z])")


_LINE_BREAKS_AS_SPACES = str.maketrans("\r\n", "  ")


def split_sentences(text: str) -> list[Span]:
    """Sentence (start, end) offsets in one paragraph: pysbd plus :func:`repair_boundaries`.

    A paragraph's own line breaks (a hard-wrapped paragraph) are read as spaces.
    """
    text = text.translate(_LINE_BREAKS_AS_SPACES)  # same length, so the same offsets
    if len(text) > 2 * WINDOW_CHARS:
        return [
            (offset + start, offset + end)
            for offset, window in _windows(text)
            for start, end in _split_window(window)
        ]
    return _split_window(text)


def _windows(text: str):
    """(offset, piece) windows of about WINDOW_CHARS that together are ``text``, cut at sure sentence ends."""
    offset = 0
    while len(text) - offset > 2 * WINDOW_CHARS:
        cut = _WINDOW_CUT.search(text, offset + WINDOW_CHARS, offset + 2 * WINDOW_CHARS)
        end = cut.end() if cut else (text.rfind(" ", offset + WINDOW_CHARS, offset + 2 * WINDOW_CHARS) + 1 or offset + 2 * WINDOW_CHARS)
        yield offset, text[offset:end]
        offset = end
    yield offset, text[offset:]


def _split_window(text: str) -> list[Span]:
    body = text.rstrip()
    if _CANDIDATE_BOUNDARY.search(body):
        spans = pysbd_spans(text)
    else:
        start = len(text) - len(text.lstrip())
        spans = [(start, len(body))] if len(body) > start else []
    return repair_boundaries(text, spans) or [(0, len(text))]


def segment_article(article: Article) -> list[Span]:
    """Sentence (start, end) offsets into ``article.text``; every paragraph break ends a sentence.

    This is all the tokenising work done before the spaCy parse (the benchmark times it).
    """
    return [
        (paragraph.start_char + start, paragraph.start_char + end)
        for paragraph in article.paragraphs
        for start, end in split_sentences(paragraph.text)
    ]


# --------------------------------------------------------------------------- measuring segmenters

# Hard cases written for this project: (case class, one paragraph, the sentences a careful reader
# marks). Used by segmentation_accuracy() and by tests/test_tokens.py.
def sentence_table(article: Article, in_scope_paragraphs: set[int]) -> pd.DataFrame:
    """One row per sentence; paragraph boundaries are always sentence boundaries."""
    rows = []
    for paragraph in article.paragraphs:
        for start, end in split_sentences(paragraph.text):
            rows.append(
                {
                    "sentence_id": len(rows),
                    "paragraph_id": paragraph.paragraph_id,
                    "paragraph_kind": paragraph.kind,
                    "language": paragraph.language,
                    "in_scope": paragraph.paragraph_id in in_scope_paragraphs,
                    "text": paragraph.text[start:end],
                    "start_char": paragraph.start_char + start,
                    "end_char": paragraph.start_char + end,
                }
            )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


REPEAT_MIN_WORDS = 6  # shorter standfirst sentences are never treated as repeats


REPEAT_MIN_SHARE = 0.8  # share of a standfirst sentence's word trigrams found in one body sentence


_WORD_OR_NUMBER = re.compile(r"\w+")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD_OR_NUMBER.findall(text.casefold())
    return {tuple(words[index : index + 3]) for index in range(len(words) - 2)}


def mark_repeated_sentences(sentences: "pd.DataFrame", *, keep_in_scope: bool = False) -> "pd.DataFrame":
    """The sentences table with ``duplicate_of``: for a standfirst (lead) sentence that repeats a
    body sentence (at least REPEAT_MIN_SHARE of its word trigrams, and REPEAT_MIN_WORDS words), the
    ``sentence_id`` of that body sentence, else -1. Repeats are set out of scope (so they count
    once) unless ``keep_in_scope``."""
    sentences = sentences.copy()
    duplicate_of = [-1] * len(sentences)
    kinds = sentences["paragraph_kind"].tolist()
    in_scope = sentences["in_scope"].tolist()
    texts = sentences["text"].tolist()
    ids = sentences["sentence_id"].tolist()
    body = [(ids[index], _trigrams(texts[index])) for index in range(len(texts)) if kinds[index] == "body" and in_scope[index]]
    for index in range(len(texts)):
        if kinds[index] != "lead" or not in_scope[index] or len(_WORD_OR_NUMBER.findall(texts[index])) < REPEAT_MIN_WORDS:
            continue
        lead = _trigrams(texts[index])
        best_id, best_share = -1, 0.0
        for body_id, body_trigrams in body:
            share = len(lead & body_trigrams) / len(lead) if lead else 0.0
            if share > best_share:
                best_id, best_share = body_id, share
        if best_share >= REPEAT_MIN_SHARE:
            duplicate_of[index] = best_id
            in_scope[index] = keep_in_scope
    sentences["in_scope"] = in_scope
    sentences["duplicate_of"] = duplicate_of
    return sentences
