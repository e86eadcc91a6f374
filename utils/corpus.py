"""Corpus mode: many articles, one call, streamed, cached per article, on one machine or a Dask cluster.

``analyse_corpus(source)`` reads a folder of article files or a JSONL/JSON/CSV/Parquet file with one
article a row, skips (and reports) duplicates and unreadable rows, parses the rest with
``nlp.pipe`` and writes the six analysis tables of every article, each with an ``article_id``
column, plus an ``articles`` table (metadata) and a ``problems`` table, as Parquet parts under
``data/processed/corpus-<key>/<table>/part-NNNNN.parquet``. The key hashes the input bytes, the
scope, the model and the pipeline version; the same input is never analysed twice, and an
unchanged article is never parsed twice (the per-article cache of ``utils.analysis`` is reused).

Memory stays flat: articles are read one at a time and tables are written every ``chunk_size``
articles. (Only the set of article ids seen, for duplicate detection, grows: 16 bytes an article.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from utils import config
from utils.engines import CORPUS_TABLES, DEFAULT_BATCH_SIZE, PartWriter, RunCounts, _progress_bar, _run_dask, _run_local
from utils.pipeline.schema import CORPUS_ONLY, arrow_schema, empty_frame, pandas_dtypes
from utils.pipeline.tables import Scope
from utils.read.sources import CorpusEntry, CorpusError, Problem, iter_corpus
from utils.store import MANIFEST, corpus_key, pipeline_version, staged_folder

DEFAULT_CHUNK_SIZE = 200


def corpus_dtypes(name: str) -> dict[str, str]:
    """Column -> pandas dtype of a corpus table: ``article_id`` first, then the table's own (``schema.py``)."""
    return ({"article_id": "str"} if name not in CORPUS_ONLY else {}) | pandas_dtypes(name)
@dataclass
class Corpus:
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
    def open(cls, path: str | os.PathLike, *, reused: bool = False) -> "Corpus":
        """A corpus folder written earlier."""
        path = Path(path)
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CorpusError(f"{path}: not an analysed corpus folder ({error})") from None
        return cls(path, manifest, reused)

    # ------------------------------------------------------------------ views

    def view(self, article_ids: Iterable[str], *, label: str | None = None) -> "Corpus":
        """The same corpus limited to ``article_ids`` (kept in corpus order; ids it lacks are ignored).

        A view of a view holds the articles both hold.
        """
        wanted = set(article_ids)
        if self.article_ids is not None:
            wanted &= set(self.article_ids)
        return Corpus(self.path, self.manifest, self.reused, tuple(sorted(wanted)), label)

    @property
    def is_view(self) -> bool:
        return self.article_ids is not None

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

    # ------------------------------------------------------------------ search (utils/search, docs/search.md)

    def search(self, query: str) -> pd.DataFrame:
        """One row per article matching ``query`` (Lucene / Media Cloud syntax), best first, with its hits and first matching sentence."""
        from utils.search import results

        return results.search(self, query)

    def matches(self, query: str, *, n: int | None = 50) -> pd.DataFrame:
        """The sentences matching ``query`` (KWIC), best first, with the matched spans (article-text offsets) to highlight."""
        from utils.search import results

        return results.matches(self, query, n=n)

    def attention(self, query: str, *, period: str = "week", by: str | None = None) -> pd.DataFrame:
        """Per period (and ``by`` value) the articles matching ``query`` and their share of all articles then."""
        from utils.search import results

        return results.attention(self, query, period=period, by=by)

    def subset(self, query: str) -> "Corpus":
        """The articles matching ``query`` as a view: every table, SQL query and corpus function sees only them."""
        from utils.search import results

        return results.subset(self, query)

    # ------------------------------------------------------------------ stories (utils/stories/, cached in <corpus>/stories/)

    def stories(self, **options: Any) -> pd.DataFrame:
        """One row per story (articles about one event): label, articles, sources, first and last date, tone; largest first."""
        from utils.stories.corpus import corpus_stories

        return corpus_stories(self, **options)

    def story(self, story_id: int, **options: Any) -> "Corpus":
        """The articles of one story (``stories()['story_id']``) as a view."""
        from utils.stories.corpus import story_view

        return story_view(self, story_id, **options)

    def topics(self, **options: Any) -> dict[str, pd.DataFrame]:
        """``{"topics", "articles", "shares"}``: the corpus's topics, each article's topic, topic shares per month."""
        from utils.stories.corpus import corpus_topics

        return corpus_topics(self, **options)

    def shared_passages(self, **options: Any) -> dict[str, pd.DataFrame]:
        """``{"passages", "pairs"}``: passages two articles share, with offsets in each, and the pairs that share them."""
        from utils.stories.corpus import corpus_shared_passages

        return corpus_shared_passages(self, **options)

    # ------------------------------------------------------------------ exploring in JupyterLab (utils/explorer/, docs/explorers.md)

    def explore(self, **options: Any):
        """A live explorer of the corpus in JupyterLab: a query box, attention, the matching articles, each article, the stories."""
        from utils.explorer.corpus import explore_corpus

        return explore_corpus(self, **options)


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


def corpus_connection(corpus: Corpus):
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


# --------------------------------------------------------------------------- analysing


def analyse_corpus(
    source: str | os.PathLike,
    *,
    scope: Scope | None = None,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: Any = None,
    out_dir: str | os.PathLike | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    progress: bool = True,
) -> Corpus:
    """Analyse every article of a folder or records file; returns the :class:`Corpus` written.

    ``engine="local"`` analyses in this process (``n_process=1``) or in ``n_process`` worker
    processes of this machine, each doing the whole per-article work (started as spaCy starts its
    own: fork on Linux; where the platform spawns them, a script needs the usual
    ``if __name__ == "__main__":`` guard); ``engine="dask"`` sends chunks of ``chunk_size``
    articles to a ``dask.distributed`` cluster:
    ``scheduler`` is a ``distributed.Client``, a scheduler address, or None for a LocalCluster of
    ``n_process`` worker processes. Both write identical tables. ``cache=False`` ignores and
    writes no caches. ``out_dir`` defaults to ``data/processed``; ``cache_dir`` (the per-article
    cache) to ``$NEWS_CACHE_DIR``, on each Dask worker its own. ``source`` may also be a corpus
    folder written earlier (it holds the corpus ``manifest.json``): it is opened as it is.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    path = Path(source).expanduser()
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if is_corpus_folder(path):  # already analysed: open it, nothing to read or hash
        return Corpus.open(path, reused=True)
    scope = scope or Scope()
    model_name = config.model_name(model)
    out_root = Path(out_dir or config.PROCESSED_DIR)
    key = corpus_key(path, scope, model_name)
    final = out_root / f"corpus-{key}"
    if cache and (final / MANIFEST).exists():
        damage = corpus_damage(final)
        if damage is None:
            return Corpus(final, json.loads((final / MANIFEST).read_text(encoding="utf-8")), reused=True)
        warnings.warn(f"{final}: {damage}; analysing the corpus again", CorpusRebuiltWarning, stacklevel=2)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CorpusError(
            f"{out_root}: cannot write the corpus there ({error.strerror or type(error).__name__}); pass out_dir= or set $NEWS_CACHE_DIR"
        ) from None
    with staged_folder(final) as staging:
        writer = PartWriter(staging)
        counts = RunCounts()
        problems: list[dict] = []
        entries = _entries_only(iter_corpus(path), problems, counts)
        bar = _progress_bar(progress, path)
        options = dict(scope=scope, model_name=model_name, cache=cache, batch_size=batch_size)
        if engine == "local":
            _run_local(entries, writer, counts, bar, n_process=n_process, chunk_size=chunk_size,
                       cache_dir=Path(cache_dir) if cache_dir else None, **options)
        else:
            _run_dask(entries, writer, counts, bar, scheduler=scheduler, n_workers=n_process, chunk_size=chunk_size,
                      cache_dir=str(cache_dir) if cache_dir else None, **options)
        bar.close()
        writer.write_problems(problems)
        rows = writer.finish()
        manifest = {
            "key": key,
            "source": str(path.resolve()),
            "engine": engine,
            "model": model_name,
            "scope": scope.key,
            "pipeline_version": pipeline_version(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "counts": vars(counts),
            "rows": rows,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Corpus(final, manifest)


class CorpusRebuiltWarning(UserWarning):
    """A finished corpus was found damaged and is analysed again."""


def corpus_damage(path: Path) -> str | None:
    """What is wrong with a finished corpus folder (an unreadable manifest, a Parquet part that is
    missing, cut short or holds another row count than the manifest says), or None when it is whole.

    Reads only the manifest and each part's footer, not the tables.
    """
    import pyarrow.parquet as pq

    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        expected = dict(manifest["rows"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"an unreadable manifest ({' '.join(str(error).split())[:120]})"
    for name, rows in expected.items():
        found = 0
        for part in sorted((path / name).glob("part-*.parquet")):
            try:
                found += pq.read_metadata(part).num_rows
            except (OSError, ValueError) as error:  # pyarrow's errors derive from these
                return f"a damaged corpus part {part.relative_to(path)} ({' '.join(str(error).split())[:120]})"
        if found != rows:
            return f"table {name} has {found:,} rows in its parts, the manifest says {rows:,}"
    return None


def _entries_only(items: Iterable[CorpusEntry | Problem], problems: list[dict], counts: RunCounts) -> Iterator[CorpusEntry]:
    for item in items:
        if isinstance(item, Problem):
            problems.append(vars(item).copy())
            if item.kind == "duplicate":
                counts.duplicates += 1
            else:
                counts.unreadable += 1
        else:
            counts.articles += 1
            yield item


