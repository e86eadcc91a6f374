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
from typing import Callable, Collection, Sequence

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from utils.article import Article

SENTENCE_COLUMNS = [
    "sentence_id", "paragraph_id", "paragraph_kind", "language", "in_scope", "text", "start_char", "end_char",
]
TOKEN_COLUMNS = [
    "token_id", "sentence_id", "paragraph_id", "text", "lower", "lemma", "pos", "tag",
    "is_stop", "is_punct", "is_alpha", "like_num", "ent_iob", "ent_type", "in_scope", "start_char", "end_char",
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


def split_sentences(text: str) -> list[Span]:
    """Sentence (start, end) offsets in one paragraph: pysbd plus :func:`repair_boundaries`."""
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
SEGMENTATION_CASES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (case_class, paragraph, tuple(expected))
    for case_class, paragraph, expected in [
    # abbreviations
    ("abbreviation", "Mr. Smith met Dr. Jones in Washington. They talked for an hour.",
     ["Mr. Smith met Dr. Jones in Washington.", "They talked for an hour."]),
    ("abbreviation", "Gen. Mark Milley said the U.S. military was ready. Officials in Kyiv welcomed the remark.",
     ["Gen. Mark Milley said the U.S. military was ready.", "Officials in Kyiv welcomed the remark."]),
    ("abbreviation", "The vote was held on Oct. 5 in the capital. Turnout was low.",
     ["The vote was held on Oct. 5 in the capital.", "Turnout was low."]),
    ("abbreviation", "The blast happened at 9 a.m. local time, police said. No one was hurt.",
     ["The blast happened at 9 a.m. local time, police said.", "No one was hurt."]),
    ("abbreviation", "Talks ended at 11 p.m. Negotiators will meet again on Friday.",
     ["Talks ended at 11 p.m.", "Negotiators will meet again on Friday."]),
    ("abbreviation", "The company moved its headquarters to the U.S. Its shares rose 4%.",
     ["The company moved its headquarters to the U.S.", "Its shares rose 4%."]),
    ("abbreviation", "Sen. Warren and Rep. Ocasio-Cortez wrote to Gov. Hochul on Jan. 12. She has not replied.",
     ["Sen. Warren and Rep. Ocasio-Cortez wrote to Gov. Hochul on Jan. 12.", "She has not replied."]),
    ("abbreviation", "Apple Inc. reported record sales. Microsoft Corp. did not comment.",
     ["Apple Inc. reported record sales.", "Microsoft Corp. did not comment."]),
    ("abbreviation", "Prof. Li leads the team at St. Mary's hospital, e.g. on trials of new drugs, vs. placebo. Results are due in May.",
     ["Prof. Li leads the team at St. Mary's hospital, e.g. on trials of new drugs, vs. placebo.", "Results are due in May."]),
    # initials
    ("initials", "The novel by J. R. R. Tolkien sold well. Its sequel did better.",
     ["The novel by J. R. R. Tolkien sold well.", "Its sequel did better."]),
    ("initials", "George W. Bush spoke first. John F. Kennedy Airport was closed.",
     ["George W. Bush spoke first.", "John F. Kennedy Airport was closed."]),
    ("initials", "The report was written by A. Sharma and K. Osei. Both work in Accra.",
     ["The report was written by A. Sharma and K. Osei.", "Both work in Accra."]),
    # decimals and money
    ("numbers", "Inflation rose to 3.2 per cent in March. Economists had expected 2.9.",
     ["Inflation rose to 3.2 per cent in March.", "Economists had expected 2.9."]),
    ("numbers", "The deal is worth $4.5bn. It was signed on Monday.",
     ["The deal is worth $4.5bn.", "It was signed on Monday."]),
    ("numbers", "Shares fell 0.75% to €12.40 in Frankfurt. Rivals gained.",
     ["Shares fell 0.75% to €12.40 in Frankfurt.", "Rivals gained."]),
    ("numbers", "The fine was £1.2m, or about US$1.5 million. The firm will appeal.",
     ["The fine was £1.2m, or about US$1.5 million.", "The firm will appeal."]),
    ("numbers", "Version 2.0.1 fixed the bug. Users should update.",
     ["Version 2.0.1 fixed the bug.", "Users should update."]),
    # quotations and parentheses closing after the full stop
    ("quotes", "\"We will not give up.\" The minister left the room.",
     ["\"We will not give up.\"", "The minister left the room."]),
    ("quotes", "She said: “The talks were useful.” Then she took questions.",
     ["She said: “The talks were useful.”", "Then she took questions."]),
    ("quotes", "He called it ‘a disaster.’ Others disagreed.",
     ["He called it ‘a disaster.’", "Others disagreed."]),
    ("quotes", "The law passed easily. (It had cross-party support.) Critics were silent.",
     ["The law passed easily.", "(It had cross-party support.)", "Critics were silent."]),
    ("quotes", "Prices rose sharply (see chart.) Wages did not keep up.",
     ["Prices rose sharply (see chart.)", "Wages did not keep up."]),
    ("quotes", "“This is a good day,” said Ms. Ardern. “We have work to do.”",
     ["“This is a good day,” said Ms. Ardern.", "“We have work to do.”"]),
    # exclamations and questions inside quotes
    ("quote_punctuation", "“Is this the end?” he asked the crowd. Nobody answered.",
     ["“Is this the end?” he asked the crowd.", "Nobody answered."]),
    ("quote_punctuation", "\"Get out!\" shouted a protester. Police moved in.",
     ["\"Get out!\" shouted a protester.", "Police moved in."]),
    ("quote_punctuation", "She asked: “Who pays?” The answer came quickly.",
     ["She asked: “Who pays?”", "The answer came quickly."]),
    ("quote_punctuation", "Why now? Because the money ran out! That is the whole story.",
     ["Why now?", "Because the money ran out!", "That is the whole story."]),
    # ellipses
    ("ellipsis", "He paused... then he walked away.",
     ["He paused... then he walked away."]),
    ("ellipsis", "The talks went on and on… Finally, a deal was struck.",
     ["The talks went on and on…", "Finally, a deal was struck."]),
    ("ellipsis", "“I don’t know . . . maybe,” she said. Then she left.",
     ["“I don’t know . . . maybe,” she said.", "Then she left."]),
    ("ellipsis", "Nobody expected it... But the result stood.",
     ["Nobody expected it...", "But the result stood."]),
    # lists
    ("lists", "The plan has three steps: 1. cut costs, 2. raise prices, 3. hire staff. It starts in June.",
     ["The plan has three steps: 1. cut costs, 2. raise prices, 3. hire staff.", "It starts in June."]),
    ("lists", "1. Cut costs. 2. Raise prices. 3. Hire staff.",
     ["1. Cut costs.", "2. Raise prices.", "3. Hire staff."]),
    ("lists", "• Schools reopen on Monday • Shops stay closed • Masks remain mandatory",
     ["• Schools reopen on Monday", "• Shops stay closed", "• Masks remain mandatory"]),
    ("lists", "Key points: a) the border stays open; b) aid flows. Both sides agreed.",
     ["Key points: a) the border stays open; b) aid flows.", "Both sides agreed."]),
    # URLs and e-mail
    ("urls", "Read the full report at https://www.example.org/reports/2023.pdf. It runs to 90 pages.",
     ["Read the full report at https://www.example.org/reports/2023.pdf.", "It runs to 90 pages."]),
    ("urls", "Tips can be sent to news.desk@example.co.uk. All messages are confidential.",
     ["Tips can be sent to news.desk@example.co.uk.", "All messages are confidential."]),
    ("urls", "Visit www.gov.uk for details. Forms are available online.",
     ["Visit www.gov.uk for details.", "Forms are available online."]),
    ("urls", "The site example.com/news?id=4.5 was down. Engineers fixed it.",
     ["The site example.com/news?id=4.5 was down.", "Engineers fixed it."]),
    # held out: written after the rules above, before measuring them (19/20 first time)
    ("abbreviation", "Lt. Col. Vindman testified on Tuesday. His lawyer spoke afterwards.",
     ["Lt. Col. Vindman testified on Tuesday.", "His lawyer spoke afterwards."]),
    ("abbreviation", "The firm, based in the U.K., cut 300 jobs. Unions said they would fight.",
     ["The firm, based in the U.K., cut 300 jobs.", "Unions said they would fight."]),
    ("abbreviation", "Flights resume on Sept. 3, the airline said. Passengers were relieved.",
     ["Flights resume on Sept. 3, the airline said.", "Passengers were relieved."]),
    ("abbreviation", "The meeting is at 10 a.m. on Monday. Reporters may attend.",
     ["The meeting is at 10 a.m. on Monday.", "Reporters may attend."]),
    ("abbreviation", "Sanctions were imposed by the E.U. The Kremlin called them illegal.",
     ["Sanctions were imposed by the E.U.", "The Kremlin called them illegal."]),
    ("initials", "Martin Luther King Jr. was born in Atlanta. He died in 1968.",
     ["Martin Luther King Jr. was born in Atlanta.", "He died in 1968."]),
    ("initials", "The winner, H. G. Wells, was absent. His agent accepted.",
     ["The winner, H. G. Wells, was absent.", "His agent accepted."]),
    ("numbers", "Growth slowed to 1.8%. The bank kept rates at 5.25 per cent.",
     ["Growth slowed to 1.8%.", "The bank kept rates at 5.25 per cent."]),
    ("numbers", "Tickets cost $12.50 each. About 3.4 million were sold.",
     ["Tickets cost $12.50 each.", "About 3.4 million were sold."]),
    ("quotes", "“We are ready.” That was all he would say.",
     ["“We are ready.”", "That was all he would say."]),
    ("quotes", "The army denied it (a spokesman called the claim “absurd.”) Fighting continued.",
     ["The army denied it (a spokesman called the claim “absurd.”)", "Fighting continued."]),
    ("quote_punctuation", "“Where is the money?” asked one voter. “We want answers!”",
     ["“Where is the money?” asked one voter.", "“We want answers!”"]),
    ("quote_punctuation", "He shouted “Stop!” and the car halted. Nobody was injured.",
     ["He shouted “Stop!” and the car halted.", "Nobody was injured."]),
    ("ellipsis", "It was over… or so they thought.",
     ["It was over… or so they thought."]),
    ("ellipsis", "We waited. And waited... Then the results came.",
     ["We waited.", "And waited...", "Then the results came."]),
    ("lists", "Demands included: (1) a ceasefire; (2) aid access. Talks resume today.",
     ["Demands included: (1) a ceasefire; (2) aid access.", "Talks resume today."]),
    ("lists", "• Prices up 4% • Wages flat",
     ["• Prices up 4%", "• Wages flat"]),
    ("urls", "Email press@un.org or call the office. Lines open at nine.",
     ["Email press@un.org or call the office.", "Lines open at nine."]),
    ("urls", "See http://example.net/a.b/c?x=1&y=2. Comments are closed.",
     ["See http://example.net/a.b/c?x=1&y=2.", "Comments are closed."]),
    ("urls", "The petition on change.org has 10,000 names. Organisers want more.",
     ["The petition on change.org has 10,000 names.", "Organisers want more."]),
]
)


def segmenters() -> dict[str, Callable[[str], list[str]]]:
    """The segmenters compared by :func:`segmentation_accuracy`: paragraph → sentence texts."""
    import spacy

    from utils.nlp import load_model

    sentencizer = spacy.blank("en")
    sentencizer.add_pipe("sentencizer")

    def spacy_sentences(nlp) -> Callable[[str], list[str]]:
        return lambda text: [sentence.text.strip() for sentence in nlp(text).sents if sentence.text.strip()]

    def texts(split: Callable[[str], list[Span]]) -> Callable[[str], list[str]]:
        return lambda text: [text[start:end] for start, end in split(text)]

    return {
        "pysbd + repairs (ours)": texts(split_sentences),
        "pysbd": texts(pysbd_spans),
        "spacy parser": spacy_sentences(load_model()),
        "spacy sentencizer": spacy_sentences(sentencizer),
    }


def segmentation_accuracy(
    cases: Sequence[tuple[str, str, Sequence[str]]] = SEGMENTATION_CASES,
    *,
    which: dict[str, Callable[[str], list[str]]] | None = None,
) -> pd.DataFrame:
    """Share of cases each segmenter splits exactly right, per case class and over all (``all``).

    Columns: segmenter, case_class, cases, exactly_right, accuracy.
    """
    rows = []
    for name, segment in (which or segmenters()).items():
        for case_class, paragraph, expected in cases:
            rows.append({"segmenter": name, "case_class": case_class, "right": segment(paragraph) == list(expected)})
    results = pd.DataFrame(rows)
    overall = results.assign(case_class="all")
    table = (
        pd.concat([results, overall])
        .groupby(["segmenter", "case_class"], sort=False)["right"]
        .agg(cases="size", exactly_right="sum")
        .reset_index()
    )
    table["accuracy"] = table["exactly_right"] / table["cases"]
    return table


def segmentation_failures(
    cases: Sequence[tuple[str, str, Sequence[str]]] = SEGMENTATION_CASES,
    *,
    segment: Callable[[str], list[str]] | None = None,
) -> pd.DataFrame:
    """The cases a segmenter (ours by default) gets wrong: case_class, paragraph, expected, got."""
    segment = segment or (lambda text: [text[start:end] for start, end in split_sentences(text)])
    rows = []
    for case_class, paragraph, expected in cases:
        got = segment(paragraph)
        if got != list(expected):
            rows.append({"case_class": case_class, "paragraph": paragraph, "expected": list(expected), "got": got})
    return pd.DataFrame(rows, columns=["case_class", "paragraph", "expected", "got"])


# --------------------------------------------------------------------------- tables


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


def token_table(doc: Doc, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per non-space token of the parsed article, linked to its sentence and paragraph.

    Built column by column (a dict per row costs pandas several times more).
    """
    kept = [token for token in doc if not token.is_space]
    starts = np.fromiter((token.idx for token in kept), dtype=np.int64, count=len(kept))
    # the sentence a token falls in: the last sentence starting at or before it
    position = np.maximum(sentences["start_char"].to_numpy().searchsorted(starts, side="right") - 1, 0)
    columns = {
        "token_id": np.arange(len(kept)),
        "sentence_id": sentences["sentence_id"].to_numpy()[position] if len(sentences) else [],
        "paragraph_id": sentences["paragraph_id"].to_numpy()[position] if len(sentences) else [],
        "text": [token.text for token in kept],
        "lower": [token.lower_ for token in kept],
        "lemma": [token.lemma_ for token in kept],
        "pos": [token.pos_ for token in kept],
        "tag": [token.tag_ for token in kept],
        "is_stop": [token.is_stop for token in kept],
        "is_punct": [token.is_punct for token in kept],
        "is_alpha": [token.is_alpha for token in kept],
        "like_num": [token.like_num for token in kept],
        "ent_iob": [token.ent_iob_ for token in kept],
        "ent_type": [token.ent_type_ for token in kept],
        "in_scope": sentences["in_scope"].to_numpy(dtype=bool)[position] if len(sentences) else [],
        "start_char": starts,
        "end_char": starts + np.fromiter((len(token) for token in kept), dtype=np.int64, count=len(kept)),
    }
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS)
