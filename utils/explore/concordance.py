"""Matching sentences as a concordance (key word in context): one row per match, the words before it,
the match, the words after it, so that a column of matches reads down the middle of the table."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

CONTEXT_CHARS = 50  # characters of context kept either side of a match (two columns of it fit a page beside the title)
CONCORDANCE_COLUMNS = ["left", "match", "right"]


def merged_spans(spans: Sequence[Sequence[int]], text: str, *, offset: int = 0) -> list[tuple[int, int]]:
    """The (start, end) spans in ``text`` (given in article offsets, ``offset`` being the text's start),
    sorted, inside the text, and joined when they overlap or only spaces part them ("Donald" "Trump")."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted((int(start) - offset, int(end) - offset) for start, end in spans):
        if start < 0 or end > len(text) or start >= end:
            continue
        if joined and start <= joined[-1][1] + 1 and not text[joined[-1][1]:start].strip():
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _left(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[-(width - 1):]
    return "…" + (cut.split(" ", 1)[1] if " " in cut[:-1] else cut)


def _right(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[1:] else cut) + "…"


def concordance(matches: pd.DataFrame, *, width: int = CONTEXT_CHARS, keep: Sequence[str] = ("title", "source", "date")) -> pd.DataFrame:
    """One row per match of the matching sentences (``matches``: ``text``, ``start_char``, ``spans`` in
    article offsets, as ``corpus.matches`` gives them): ``left`` (the last ``width`` characters before
    the match, cut at a word), ``match``, ``right`` (the first ``width`` after), then the ``keep`` columns,
    ``article_id`` and ``sentence_id``; in the order of the sentences, then of the matches. A sentence
    whose match is not in its text (a title or source match) is one row with the sentence as ``right``."""
    keep = [column for column in keep if column in matches]
    ids = [column for column in ("article_id", "sentence_id") if column in matches]
    rows = []
    for row in matches.to_dict("records"):
        text = str(row["text"])
        spans = merged_spans(row.get("spans") if row.get("spans") is not None else [], text, offset=int(row["start_char"]))
        extra = [row[column] for column in keep + ids]
        if not spans:
            rows.append(["", "", _right(text, 2 * width), *extra])
        for start, end in spans:
            rows.append([_left(text[:start], width), " ".join(text[start:end].split()), _right(text[end:], width), *extra])
    table = pd.DataFrame(rows, columns=[*CONCORDANCE_COLUMNS, *keep, *ids])
    for column in keep + ids:
        if column in matches and len(table):
            table[column] = table[column].astype(matches[column].dtype) if not pd.api.types.is_object_dtype(matches[column]) else table[column]
    return table


__all__ = ["CONCORDANCE_COLUMNS", "CONTEXT_CHARS", "concordance", "merged_spans"]
