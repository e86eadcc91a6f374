"""The passages both sides of a comparison contain (:func:`passages`, with the article and
offsets in each) and how much of each side they make up (:func:`passage_summary`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from utils.explore.coverage_sides import Side
from utils.stories.passages import MIN_WORDS, shared_passages, word_spans

MAX_PASSAGE_ARTICLES = 40  # per side of a corpus comparison: shared passages are searched in this many articles

PASSAGE_COLUMNS = ["passage_id", "article_a", "start_a", "end_a", "article_b", "start_b", "end_b", "words", "text_a", "text_b"]


def passages(a: Side, b: Side, *, min_words: int = MIN_WORDS, max_articles: int = MAX_PASSAGE_ARTICLES) -> pd.DataFrame:
    """The passages both sides contain (:func:`utils.stories.passages.shared_passages`), with the
    article and offsets in each: ``passage_id``, ``article_a``, ``start_a``, ``end_a``,
    ``article_b``, ``start_b``, ``end_b``, ``words``, ``text_a``, ``text_b``; longest first.

    Two articles are compared whole; a corpus side has its first ``max_articles`` articles joined
    (a word that occurs in no text separates them, so no passage spans two articles).
    """
    joined_a, spans_a = _joined_texts(a, "⁂zzqa", max_articles)
    joined_b, spans_b = _joined_texts(b, "⁂zzqb", max_articles)
    found = shared_passages(joined_a, joined_b, min_words=min_words)
    if found.empty:
        return pd.DataFrame(columns=PASSAGE_COLUMNS).astype({column: "int64" for column in ("passage_id", "start_a", "end_a", "start_b", "end_b", "words")})
    for which, spans in (("a", spans_a), ("b", spans_b)):
        located = [_locate(spans, int(start)) for start in found[f"start_{which}"]]
        found[f"article_{which}"] = [article_id for article_id, _offset in located]
        offsets = np.array([offset for _article, offset in located], dtype="int64")
        found[f"end_{which}"] = found[f"end_{which}"] - found[f"start_{which}"] + offsets
        found[f"start_{which}"] = offsets
    return found[PASSAGE_COLUMNS]


def _joined_texts(side: Side, separator: str, max_articles: int) -> tuple[str, list[tuple[int, str]]]:
    pieces, spans, cursor = [], [], 0
    for index, (article_id, text) in enumerate(list(side.texts.items())[:max_articles]):
        if index:
            gap = f" {separator}{index} "
            pieces.append(gap)
            cursor += len(gap)
        spans.append((cursor, article_id))
        pieces.append(text)
        cursor += len(text)
    return "".join(pieces), spans


def _locate(spans: list[tuple[int, str]], offset: int) -> tuple[str, int]:
    starts = [start for start, _article in spans]
    index = int(np.searchsorted(starts, offset, side="right")) - 1
    return spans[index][1], offset - spans[index][0]


def passage_summary(a: Side, b: Side, shared: pd.DataFrame) -> pd.DataFrame:
    """How much of each side the shared passages make up: ``side``, ``passages``, ``shared_words``, ``all_words`` (every word of the texts compared, stopwords included) and ``shared_share``."""
    rows = []
    for which, side in (("a", a), ("b", b)):
        words = sum(len(word_spans(text)[0]) for text in list(side.texts.values())[:MAX_PASSAGE_ARTICLES])
        shared_words = int(shared["words"].sum()) if len(shared) else 0
        rows.append({"side": side.label, "passages": int(len(shared)), "shared_words": shared_words, "all_words": words,
                     "shared_share": shared_words / words if words else np.nan})
    return pd.DataFrame(rows)
