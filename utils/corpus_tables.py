"""A finished corpus run's tables: Parquet parts, views of some articles, DuckDB SQL over them.

:class:`CorpusTables` is what every corpus function below the entry point takes (``utils.search``,
``utils.stories``, ``utils.explore.corpus``); :class:`utils.corpus.Corpus` adds the search and story
methods on top and ``analyse_corpus``, which writes the tables.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from utils.engines import CORPUS_TABLES
from utils.pipeline.schema import CORPUS_ONLY, arrow_schema, empty_frame, pandas_dtypes
from utils.read.sources import CorpusError
from utils.store import MANIFEST


def corpus_dtypes(name: str) -> dict[str, str]:
    """Column -> pandas dtype of a corpus table: ``article_id`` first, then the table's own (``schema.py``)."""
    return ({"article_id": "str"} if name not in CORPUS_ONLY else {}) | pandas_dtypes(name)
@dataclass
class CorpusTables:
    """A finished corpus run: Parquet tables under ``path``, loaders for them and SQL over them.

    A *view* (``corpus.view(article_ids)``, and what ``subset`` and ``story`` return) is the same
    corpus limited to some articles: every table, every SQL query and every corpus function sees
    those articles only. ``article_ids`` is None for the whole corpus.
    """

    path: Path
    manifest: dict = field(default_factory=dict)
    reused: bool = False
    article_ids: tuple[str, ...] | None = None
    label: str | None = None  # what a view holds, e.g. 'articles matching "raisi"'

    @classmethod
    def open(cls, path: str | os.PathLike, *, reused: bool = False) -> "CorpusTables":
        """A corpus folder written earlier."""
        path = Path(path)
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CorpusError(f"{path}: not an analysed corpus folder ({error})") from None
        return cls(path, manifest, reused)

    # ------------------------------------------------------------------ views

    def view(self, article_ids: Iterable[str], *, label: str | None = None) -> "CorpusTables":
        """The same corpus limited to ``article_ids`` (kept in corpus order; ids it lacks are ignored).

        A view of a view holds the articles both hold.
        """
        wanted = set(article_ids)
        if self.article_ids is not None:
            wanted &= set(self.article_ids)
        return type(self)(self.path, self.manifest, self.reused, tuple(sorted(wanted)), label)

    @property
    def is_view(self) -> bool:
        return self.article_ids is not None

    def whole(self) -> "CorpusTables":
        """The whole corpus this is a view of (itself when it is no view)."""
        return type(self)(self.path, self.manifest, self.reused) if self.is_view else self

    # ------------------------------------------------------------------ tables

    def paths(self, name: str) -> list[Path]:
        """The Parquet parts of a table, in order."""
        return sorted((self.path / name).glob("part-*.parquet"))

    def table(self, name: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One corpus table as a DataFrame (``paragraphs`` ... ``quotes``, ``articles``, ``problems``).

        This loads the whole table (of the view): for corpus-wide figures use :meth:`sql` or the
        functions of ``utils.explore.corpus``, which aggregate out of core and return only the result.
        """
        if name not in (*CORPUS_TABLES, "problems"):
            raise KeyError(f"no corpus table {name!r} (tables: {', '.join((*CORPUS_TABLES, 'problems'))})")
        parts = [self._read_part(path, columns) for path in self.paths(name)]
        frame = empty_frame(name, article_id=True) if not parts else pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if columns:
            frame = frame[list(columns)]
        dtypes = {column: dtype for column, dtype in corpus_dtypes(name).items() if column in frame.columns and str(frame[column].dtype) != dtype}
        return frame.astype(dtypes) if dtypes else frame

    def _read_part(self, path: Path, columns: Sequence[str] | None) -> pd.DataFrame:
        import pyarrow.parquet as pq

        try:
            if self.article_ids is None or path.parent.name == "problems":
                return pd.read_parquet(path, columns=list(columns) if columns else None)
            wanted = list(columns) if columns else None
            if wanted is not None and "article_id" not in wanted:
                wanted = ["article_id", *wanted]
            table = pq.read_table(path, columns=wanted, filters=[("article_id", "in", list(self.article_ids) or [""])])
            frame = table.to_pandas()
            return frame[list(columns)] if columns else frame
        except (OSError, ValueError) as error:  # pyarrow's errors derive from these
            raise CorpusDamagedError(
                f"{path}: a damaged corpus part ({' '.join(str(error).split())[:160]}); delete {self.path} and run analyse_corpus again"
            ) from None

    # ------------------------------------------------------------------ SQL (DuckDB, out of core)

    def sql(self, query: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a DuckDB SQL query over the corpus tables and return the (small) result as a DataFrame.

        The tables are views named as in docs/tables.md (``articles``, ``paragraphs``, ``sentences``,
        ``tokens``, ``mentions``, ``entities``, ``quotes``, ``problems``) over the Parquet parts,
        read out of core and limited to the view's articles. ``params`` fill ``?`` or ``$name``
        placeholders::

            corpus.sql("SELECT source, count(*) AS articles FROM articles GROUP BY source")
        """
        return self.connection().execute(query, params if params is not None else []).df()

    def connection(self):
        """This corpus's DuckDB connection (one per Corpus object), its tables registered as views."""
        if self._connection is None:
            self._connection = corpus_connection(self)
        return self._connection

    _connection: Any = field(default=None, init=False, repr=False, compare=False)

    # ------------------------------------------------------------------ metadata

    @property
    def articles(self) -> pd.DataFrame:
        """One row per analysed article: id, position, origin and metadata."""
        return self.table("articles")

    @property
    def problems(self) -> pd.DataFrame:
        """Rows left out: unreadable (with the reason) or duplicates (with the id they repeat)."""
        return self.table("problems")

    @property
    def counts(self) -> dict[str, int]:
        """articles, duplicates, unreadable, parsed, cached (of the whole run; a view's ``articles`` is its own)."""
        counts = dict(self.manifest.get("counts", {}))
        if self.article_ids is not None:
            counts["articles"] = int(self.sql("SELECT count(*) AS n FROM articles")["n"].iloc[0])
        return counts

    def summary(self) -> str:
        """One plain sentence on what the corpus holds and what was left out."""
        counts = self.counts
        if self.article_ids is not None:
            total = self.manifest.get("counts", {}).get("articles", 0)
            return f"{counts.get('articles', 0)} of the corpus's {total} articles: {self.label or 'a view'}."
        text = f"{counts.get('articles', 0)} articles analysed"
        left_out = [f"{counts[key]} {key}" for key in ("duplicates", "unreadable") if counts.get(key)]
        text += f"; left out: {', '.join(left_out)} (see the problems table)." if left_out else "; nothing left out."
        return text


def is_corpus_folder(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a corpus folder written by :func:`analyse_corpus` (its manifest names a
    corpus key and the rows of its tables), not a folder of articles to analyse."""
    manifest = Path(path) / MANIFEST
    if not manifest.is_file():
        return False
    try:
        content = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(content, dict) and "key" in content and "rows" in content


class CorpusDamagedError(CorpusError):
    """A Parquet part of an analysed corpus cannot be read (a disk filled up, a copy cut short)."""


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def corpus_connection(corpus: CorpusTables):
    """An in-memory DuckDB connection with one view per corpus table over its Parquet parts.

    In a view of the corpus every table is limited to the view's articles (a semi-join on
    ``article_id`` with the registered ``view_article_ids`` table); ``problems`` stays whole.
    """
    import duckdb
    import pyarrow as pa

    connection = duckdb.connect(database=":memory:")
    connection.execute("SET preserve_insertion_order = true")
    if corpus.article_ids is not None:
        connection.register("view_article_ids", pa.table({"article_id": pa.array(corpus.article_ids, type=pa.string())}))
    for name in (*CORPUS_TABLES, "problems"):
        folder = corpus.path / name
        if any(folder.glob("part-*.parquet")):
            source = f"read_parquet({_sql_string(str(folder / 'part-*.parquet'))})"
        else:  # no part (a folder copied in part): an empty table of the schema, so every query still runs
            source = f"empty_{name}"
            connection.register(source, arrow_schema(name, article_id=True).empty_table())
        where = ""
        if corpus.article_ids is not None and name != "problems":
            where = " WHERE article_id IN (SELECT article_id FROM view_article_ids)"
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM {source}{where}")
    return connection
