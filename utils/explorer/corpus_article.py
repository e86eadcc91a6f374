"""One article of a corpus as an :class:`~utils.analysis.Analysis` (what the corpus explorer opens):
its text rebuilt from its paragraphs, its metadata and its tables as the corpus run wrote them.

Only the corpus explorer imports this module: it builds an ``Analysis``, and ``utils/analysis.py``
imports the article explorer (``analysis.explore()``), so the article explorer must not import it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from utils.analysis import Analysis
from utils.corpus_tables import corpus_dtypes
from utils.pipeline.tables import TABLES, Scope
from utils.read.article import Article, Paragraph
from utils.stories.shared import rebuild_text

if TYPE_CHECKING:
    from utils.corpus import Corpus


def corpus_article(corpus: "Corpus", article_id: str) -> "Analysis":
    """The article ``article_id`` of ``corpus`` as an :class:`~utils.analysis.Analysis`: its text
    rebuilt from its paragraphs at their offsets, its metadata from the articles table and its
    tables as the corpus run wrote them (KeyError for an id the corpus does not hold)."""
    metadata = article_rows(corpus, "articles", article_id)
    if metadata.empty:
        raise KeyError(f"no article {article_id!r} in this corpus")
    row = metadata.iloc[0]
    tables = {name: article_rows(corpus, name, article_id).drop(columns=["article_id"]) for name in TABLES}
    rows = tables["paragraphs"].sort_values("start_char")
    text = rebuild_text(rows) if len(rows) else ""
    text += " " * max(0, int(_value(row, "characters") or 0) - len(text))  # trailing text outside every paragraph
    paragraphs = tuple(
        Paragraph(int(paragraph.paragraph_id), str(paragraph.kind), str(paragraph.text), int(paragraph.start_char), int(paragraph.end_char),
                  str(paragraph.language), _value(paragraph, "credit"))
        for paragraph in rows.itertuples()
    )
    date = _value(row, "date")
    article = Article(
        text, paragraphs, title=_value(row, "title"), date=date if isinstance(date, dt.date) else None, source=_value(row, "source"),
        url=_value(row, "url"), author=_value(row, "author"), category=_value(row, "category"), record_id=_value(row, "record_id"),
    )
    scope = scope_from_key(str(corpus.manifest.get("scope", "")))
    return Analysis(article, scope, str(corpus.manifest.get("model", "")), **tables)


def article_rows(corpus: "Corpus", name: str, article_id: str) -> pd.DataFrame:
    """The rows of one article in corpus table ``name``, in their order, with the dtypes ``corpus.table``
    gives: read by the corpus's DuckDB connection (a few hundredths of a second on a corpus of thousands,
    where filtering every Parquet part takes a second)."""
    frame = corpus.connection().sql(f"SELECT * FROM {name} WHERE article_id = ?", params=[str(article_id)]).to_arrow_table().to_pandas()
    dtypes = {column: dtype for column, dtype in corpus_dtypes(name).items() if column in frame.columns and str(frame[column].dtype) != dtype}
    return frame.astype(dtypes) if dtypes else frame


def _value(row, name: str):
    """A metadata value, None when missing (NaN, NA, empty)."""
    value = row[name] if isinstance(row, pd.Series) else getattr(row, name, None)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    return value


def scope_from_key(key: str) -> Scope:
    """The :class:`Scope` whose ``key`` is ``key`` (what a corpus manifest records); the default scope for an empty key."""
    if not key:
        return Scope()
    parts = dict(part.split("=", 1) for part in key.split(";") if "=" in part)
    order = Scope.everything().kinds  # the key sorts the kinds: back in reading order
    kinds = tuple(sorted((kind for kind in parts.get("kinds", "").split(",") if kind), key=lambda kind: (order.index(kind) if kind in order else len(order), kind)))
    languages = tuple(language for language in parts.get("languages", "").split(",") if language and language != "*")
    return Scope(kinds=kinds or Scope().kinds, languages=languages, include_repeats="repeats" in key.split(";"))


__all__ = ["article_rows", "corpus_article", "scope_from_key"]
