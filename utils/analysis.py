"""The analysis contract: ``analyse(source)`` → tidy tables with offsets into the article text.

One spaCy parse per article; the tables are cached under ``data/processed/`` keyed by the text's
hash, the scope, the model and ``PIPELINE_VERSION``, so every notebook reads the same tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from utils import config
from utils.errors import ArticleTooLongError, CacheError, PathAsTextError
from utils.pipeline.tables import TABLES, Scope, build_tables
from utils.read.article import Article, article_from_text, load_article, load_url
from utils.read.web import is_url
from utils.store import article_cache_dir, read_article_cache, write_cached_tables


@dataclass
class Analysis:
    """An article and its tables. Every table row carries ``start_char``/``end_char`` into ``text``."""

    article: Article
    scope: Scope
    model: str
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    keyphrases: pd.DataFrame
    from_cache: bool = field(default=False, compare=False)

    @property
    def text(self) -> str:
        """The exact text all offsets refer to."""
        return self.article.text

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name (``TABLES``)."""
        return {name: getattr(self, name) for name in TABLES}

    def excluded_paragraphs(self) -> pd.DataFrame:
        """Paragraphs left out of counts and sentiment by the scope."""
        return self.paragraphs[~self.paragraphs["in_scope"]]

    def scope_note(self) -> str:
        """One plain sentence saying what the analysis includes and leaves out."""
        included = self.paragraphs[self.paragraphs["in_scope"]]
        excluded = self.excluded_paragraphs()
        excluded = excluded[excluded["kind"] != "metadata"]  # a date header is not part of the story
        kinds = ", ".join(f"{count} {kind}" for kind, count in included["kind"].value_counts(sort=False).items())
        if included.empty:
            languages = ", ".join(self.scope.languages) or "any language"
            note = (
                f"Nothing is counted: no paragraph is of a kind ({', '.join(self.scope.kinds)}) "
                f"in a language ({languages}) that the scope includes."
            )
        else:
            note = f"Counts and sentiment cover {len(included)} paragraph{'s' if len(included) > 1 else ''} ({kinds})."
        reasons = []
        for row in excluded.itertuples():
            reason = row.kind if row.kind not in self.scope.kinds else f"{row.kind} in '{row.language}'"
            reasons.append(reason)
        left_out = [f"{count} {reason}" for reason, count in pd.Series(reasons, dtype=object).value_counts().items()]
        if "duplicate_of" in self.sentences and not self.scope.include_repeats:
            repeats = self.sentences.loc[self.sentences["duplicate_of"] >= 0, "duplicate_of"]
            if len(repeats):
                ids = ", ".join(str(value) for value in repeats)
                plural = "s" if len(repeats) > 1 else ""
                left_out.append(f"{len(repeats)} standfirst sentence{plural} repeating body sentence{plural} {ids} (counted once)")
        if not left_out:
            return note + " Nothing was left out."
        return note + f" Left out (still listed in the tables): {'; '.join(left_out)}."

    def explore(self, **options: Any):
        """A live explorer of the article in JupyterLab (utils/explorer/, docs/explorers.md): choose an entity or a speaker."""
        from utils.explorer.article import explore_article

        return explore_article(self, **options)


OFFSET_MISMATCH_COLUMNS = ["table", "row", "column", "start_char", "end_char", "expected", "found"]

# Per table: (text column, start column, end column) of every span it carries.
OFFSET_SPANS = {
    "paragraphs": [("text", "start_char", "end_char")],
    "sentences": [("text", "start_char", "end_char")],
    "tokens": [("text", "start_char", "end_char")],
    "mentions": [("text", "start_char", "end_char")],
    "quotes": [("text", "start_char", "end_char"), ("speaker", "speaker_start", "speaker_end"), ("cue", "cue_start", "cue_end")],
}


def offset_mismatches(analysis: Analysis) -> pd.DataFrame:
    """Every span of every table that does not slice ``analysis.text`` to its own text: empty when all do.

    Checks the text, speaker and cue of each table row (an absent speaker or cue has offsets -1),
    and that each quoted fragment lies inside its quote (``found`` then names the fragment).
    """
    text = analysis.text
    rows = []
    for name, spans in OFFSET_SPANS.items():
        frame = getattr(analysis, name)
        for column, start_column, end_column in spans:
            for index, expected, start, end in zip(frame.index, frame[column], frame[start_column], frame[end_column]):
                if start == -1 and end == -1 and not expected:
                    continue
                expected = "" if expected is None or expected != expected else expected
                found = text[start:end] if 0 <= start <= end <= len(text) else None
                if found != expected:
                    rows.append({"table": name, "row": index, "column": column, "start_char": start, "end_char": end,
                                 "expected": expected, "found": found})
    quotes = analysis.quotes
    for index, start, end, fragments in zip(quotes.index, quotes["start_char"], quotes["end_char"], quotes["quoted_fragments"]):
        for fragment_start, fragment_end in fragments:
            if not start <= fragment_start < fragment_end <= end:
                rows.append({"table": "quotes", "row": index, "column": "quoted_fragments", "start_char": fragment_start,
                             "end_char": fragment_end, "expected": f"inside [{start}, {end})", "found": text[fragment_start:fragment_end]})
    return pd.DataFrame(rows, columns=OFFSET_MISMATCH_COLUMNS)


def analyse(
    source: str | Path | Article,
    *,
    scope: Scope | None = None,
    model: str | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> Analysis:
    """Analyse an article: a ``str`` is always article text, a ``Path`` a file, or an ``Article``.

    A cache folder that cannot be written gives one ``CacheNotWritableWarning`` and the analysis, uncached.
    """
    article = _as_article(source)
    if len(article.text) > config.max_chars():
        raise ArticleTooLongError(
            article.path or "<text>",
            f"{len(article.text):,} characters, more than the {config.max_chars():,} one analysis takes "
            f"(split it, or raise ${config.MAX_CHARS_ENV_VAR})",
        )
    scope = scope or Scope()
    model_name = config.model_name(model)
    directory = article_cache_dir(article, scope, model_name, cache_dir)
    if cache:
        try:  # its own folder, else the pack of a corpus run that analysed it
            cached = read_article_cache(directory)
        except CacheError:
            cached = None
        if cached is not None:
            return Analysis(article, scope, model_name, **{name: table.to_pandas() for name, table in cached.items()}, from_cache=True)
    tables = build_tables(article, scope, model_name)
    if cache:
        write_cached_tables(directory, tables)
    return Analysis(article, scope, model_name, **tables)


def _as_article(source: str | Path | Article) -> Article:
    if isinstance(source, Article):
        return source
    if isinstance(source, Path):
        return load_article(source)
    if isinstance(source, str):
        _refuse_path_as_text(source)
        return article_from_text(source)
    raise TypeError(f"analyse() takes article text (str), a pathlib.Path or an Article, not {type(source).__name__}")




def _refuse_path_as_text(text: str) -> None:
    """A ``str`` is article text; one that is nothing but the path of an existing file is a mistake."""
    candidate = text.strip()
    if is_url(candidate):
        raise PathAsTextError(
            candidate,
            "this str is a web address, and a str is analysed as article text; open_article(url) (or load_article(url)) "
            "fetches the page, article_from_text(...) analyses the string itself",
        )
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return
    try:
        is_file = config.resolve_article_path(candidate).is_file()
    except (OSError, ValueError):
        return
    if is_file:
        raise PathAsTextError(
            candidate,
            f"this str is the path of a file, and a str is analysed as article text; pass Path({candidate!r}) "
            "to read the file (or open_article(...) in a notebook), or article_from_text(...) to analyse the string itself",
        )


def open_article(path: str | os.PathLike, **options: Any) -> Analysis:
    """The analysis of the article file at ``path`` (relative paths from the project root, as notebook
    parameters give them), or of the web page at an ``http(s)://`` address: what every notebook's
    first cell does. ``options`` go to :func:`analyse`."""
    if is_url(path):
        return analyse(load_url(str(path)), **options)
    return analyse(load_article(config.resolve_article_path(path)), **options)
