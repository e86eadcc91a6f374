"""Shared passages: the runs of words two texts both contain (wire copy, a quoted press release), with offsets in each.

Words are compared case-folded, so a passage reused with other capitals or punctuation between
the same words still counts; each passage's offsets point into the texts as given, from its first
word's start to its last word's end.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

WORD = re.compile(r"\w+(?:['’]\w+)*")
MIN_WORDS = 8  # a shared run shorter than this is a phrase in common, not a passage

PASSAGE_COLUMNS = ["passage_id", "start_a", "end_a", "start_b", "end_b", "words", "text_a", "text_b"]


def word_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The case-folded words of ``text`` and their (start, end) offsets."""
    words, spans = [], []
    for match in WORD.finditer(text):
        words.append(match.group().casefold().replace("’", "'"))
        spans.append(match.span())
    return words, spans


def shared_passages(text_a: str, text_b: str, *, min_words: int = MIN_WORDS) -> pd.DataFrame:
    """Every run of at least ``min_words`` words that both texts contain, longest first.

    Returns ``passage_id``, the passage's ``start_a``/``end_a`` in ``text_a`` and ``start_b``/
    ``end_b`` in ``text_b``, its length in ``words``, and its text in each. Runs are found in
    order (difflib's matching blocks), then again in what is left, so a passage moved elsewhere
    in the other text is found too.
    """
    words_a, spans_a = word_spans(text_a)
    words_b, spans_b = word_spans(text_b)
    rows = []
    for start_a, start_b, size in _matching_runs(words_a, words_b, min_words):
        begin_a, end_a = spans_a[start_a][0], spans_a[start_a + size - 1][1]
        begin_b, end_b = spans_b[start_b][0], spans_b[start_b + size - 1][1]
        rows.append({"start_a": begin_a, "end_a": end_a, "start_b": begin_b, "end_b": end_b, "words": size,
                     "text_a": text_a[begin_a:end_a], "text_b": text_b[begin_b:end_b]})
    frame = pd.DataFrame(rows, columns=PASSAGE_COLUMNS[1:])
    frame = frame.sort_values(["words", "start_a"], ascending=[False, True], kind="stable").reset_index(drop=True)
    frame.insert(0, "passage_id", range(len(frame)))
    return frame.astype({"passage_id": "int64", "start_a": "int64", "end_a": "int64", "start_b": "int64", "end_b": "int64", "words": "int64"})


def _matching_runs(words_a: list[str], words_b: list[str], min_words: int) -> list[tuple[int, int, int]]:
    """(start in a, start in b, length) of word runs both share, of at least ``min_words``, none overlapping."""
    used_a = [False] * len(words_a)
    used_b = [False] * len(words_b)
    runs: list[tuple[int, int, int]] = []
    while True:
        # mask words already placed, so the next pass finds passages out of order
        masked_a = [word if not used else None for word, used in zip(words_a, used_a)]
        masked_b = [word if not used else ("\0", index) for index, (word, used) in enumerate(zip(words_b, used_b))]
        matcher = difflib.SequenceMatcher(None, masked_a, masked_b, autojunk=False)
        found = [block for block in matcher.get_matching_blocks() if block.size >= min_words]
        if not found:
            return runs
        for block in found:
            runs.append((block.a, block.b, block.size))
            used_a[block.a : block.a + block.size] = [True] * block.size
            used_b[block.b : block.b + block.size] = [True] * block.size
