"""Corpus mode: many articles, one call, streamed, cached per article, on one machine or a Dask cluster.

``analyse_corpus(source)`` reads a folder of article files or a JSONL/JSON/CSV/Parquet file with one
article a row, skips (and reports) duplicates and unreadable rows, parses the rest with
``nlp.pipe`` and writes the five analysis tables of every article, each with an ``article_id``
column, plus an ``articles`` table (metadata) and a ``problems`` table, as Parquet parts under
``data/processed/corpus-<key>/<table>/part-NNNNN.parquet``. The key hashes the input bytes, the
scope, the model and the pipeline version; the same input is never analysed twice, and an
unchanged article is never parsed twice (the per-article cache of ``utils.analysis`` is reused).

Memory stays flat: articles are read one at a time and tables are written every ``chunk_size``
articles. (Only the set of article ids seen, for duplicate detection, grows: 16 bytes an article.)
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import pyarrow as pa

from utils import config
from utils.analysis import (
    MANIFEST,
    TABLES,
    Scope,
    arrow_tables,
    cache_key,
    pipeline_version,
    prepare,
    read_cached_arrow,
    staged_folder,
    tables_from_doc,
    write_cached_tables,
)
from utils.article import RECORD_SUFFIXES, Article, article_from_record, load_article, read_records, text_hash
from utils.errors import ArticleError, CacheError, MalformedRecordsError, NewsAnalysisError

CORPUS_TABLES = (*TABLES, "articles")
ARTICLE_COLUMNS = [
    "article_id", "record_id", "position", "origin", "title", "date", "source", "category", "url", "author",
    "language", "paragraphs", "characters",
]
PROBLEM_COLUMNS = ["origin", "record_id", "kind", "reason", "duplicate_of"]
DEFAULT_CHUNK_SIZE = 200
DEFAULT_BATCH_SIZE = 32


class CorpusError(NewsAnalysisError):
    """The corpus source cannot be read at all (missing, or of an unknown kind)."""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CorpusEntry:
    """One article of a corpus, its place in the input and where it came from (``file`` or ``file:row``)."""

    position: int
    article: Article
    origin: str

    @property
    def article_id(self) -> str:
        return self.article.id

    def metadata(self) -> dict[str, Any]:
        """The row of the ``articles`` table."""
        article = self.article
        return {
            "article_id": article.id,
            "record_id": article.record_id,
            "position": self.position,
            "origin": self.origin,
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "category": article.category,
            "url": article.url,
            "author": article.author,
            "language": article.language,
            "paragraphs": len(article.paragraphs),
            "characters": len(article.text),
        }


@dataclass(frozen=True)
class Problem:
    """A file or row left out: unreadable (with the reason) or a duplicate of an earlier article."""

    origin: str
    kind: str  # "unreadable" or "duplicate"
    reason: str
    duplicate_of: str | None = None
    record_id: str | None = None  # the row's own ``id`` field, when it has one


def iter_corpus(source: str | os.PathLike) -> Iterator[CorpusEntry | Problem]:
    """Every article of a folder or records file in order, with problems in place of bad or repeated ones.

    Duplicates are found by content hash (the article id): the first copy is kept.
    """
    path = Path(source)
    seen: dict[str, str] = {}
    position = 0
    for origin, item in _raw_items(path):
        if isinstance(item, ArticleError):
            yield Problem(origin, "unreadable", item.problem, record_id=item.record_id)
            continue
        if len(item.text) > config.max_chars():
            yield Problem(origin, "unreadable", f"{len(item.text):,} characters, more than the {config.max_chars():,} one analysis takes",
                          record_id=item.record_id)
            continue
        first = seen.get(item.id)
        if first is not None:
            yield Problem(origin, "duplicate", f"same text as {first}", duplicate_of=first, record_id=item.record_id)
            continue
        seen[item.id] = origin
        yield CorpusEntry(position, item, origin)
        position += 1


def corpus_files(path: Path) -> list[Path]:
    """The files a corpus source stands for: itself, or every non-hidden file under a folder, sorted."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(
            file for file in path.rglob("*")
            if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts)
        )
    raise CorpusError(f"{path}: no such file or folder")


def _raw_items(path: Path) -> Iterator[tuple[str, Article | ArticleError]]:
    root = path if path.is_dir() else path.parent
    for file in corpus_files(path):
        name = file.relative_to(root).as_posix()
        suffix = file.suffix.lower()
        try:
            if suffix == ".parquet":
                yield from _parquet_items(file, name)
            elif suffix in RECORD_SUFFIXES:
                for row, item in enumerate(read_records(file)):
                    yield f"{name}:{row}", item
            else:
                yield name, load_article(file)
        except ArticleError as error:  # the whole file: missing, binary, unsupported, invalid JSON...
            yield name, error


def _parquet_items(file: Path, name: str) -> Iterator[tuple[str, Article | ArticleError]]:
    """One article (or the row's error) per row of a Parquet file, read in record batches."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(file)
    except Exception as error:
        raise MalformedRecordsError(file, f"not a readable Parquet file ({' '.join(str(error).split())[:200]})") from None
    row = 0
    for batch in parquet.iter_batches(batch_size=256):
        for record in batch.to_pylist():
            if isinstance(record.get("date"), dt.date):
                record["date"] = record["date"].isoformat()[:10]
            try:
                yield f"{name}:{row}", article_from_record(record, source_name=file, row=row)
            except ArticleError as error:
                yield f"{name}:{row}", error
            row += 1


def input_digest(source: str | os.PathLike) -> str:
    """A SHA-256 of every file of the source (relative names and bytes), read in 1 MiB blocks."""
    path = Path(source)
    root = path if path.is_dir() else path.parent
    digest = hashlib.sha256()
    for file in corpus_files(path):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        with file.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def corpus_key(source: str | os.PathLike, scope: Scope, model_name: str) -> str:
    """What identifies a corpus run: the input's bytes, the scope, the model and the pipeline version."""
    return text_hash(f"{pipeline_version()}\n{model_name}\n{scope.key}\n{input_digest(source)}")[:16]


def article_cache_dir(article: Article, scope: Scope, model_name: str, cache_dir: Path | None = None) -> Path:
    """Where ``analysis.analyse`` caches this article's tables (the same folder, so both share it)."""
    return Path(cache_dir or config.PROCESSED_DIR) / f"{article.id}-{cache_key(article, scope, model_name)[:16]}"


# --------------------------------------------------------------------------- the result


@dataclass
class Corpus:
    """A finished corpus run: Parquet tables under ``path`` and loaders for them."""

    path: Path
    manifest: dict = field(default_factory=dict)
    reused: bool = False

    @classmethod
    def open(cls, path: str | os.PathLike) -> "Corpus":
        """A corpus folder written earlier."""
        path = Path(path)
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        return cls(path, manifest)

    def paths(self, name: str) -> list[Path]:
        """The Parquet parts of a table, in order."""
        return sorted((self.path / name).glob("part-*.parquet"))

    def table(self, name: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One corpus table as a DataFrame (``paragraphs`` ... ``entities``, ``articles``, ``problems``)."""
        if name not in (*CORPUS_TABLES, "problems"):
            raise KeyError(f"no corpus table {name!r} (tables: {', '.join((*CORPUS_TABLES, 'problems'))})")
        parts = [pd.read_parquet(path, columns=list(columns) if columns else None) for path in self.paths(name)]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

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
        """articles, duplicates, unreadable, parsed, cached."""
        return dict(self.manifest.get("counts", {}))

    def summary(self) -> str:
        """One plain sentence on what the corpus holds and what was left out."""
        counts = self.counts
        text = f"{counts.get('articles', 0)} articles analysed"
        left_out = [f"{counts[key]} {key}" for key in ("duplicates", "unreadable") if counts.get(key)]
        text += f"; left out: {', '.join(left_out)} (see the problems table)." if left_out else "; nothing left out."
        return text


# --------------------------------------------------------------------------- analysing


@dataclass
class RunCounts:
    articles: int = 0
    duplicates: int = 0
    unreadable: int = 0
    parsed: int = 0
    cached: int = 0


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
    cache) to ``$NEWS_CACHE_DIR``, on each Dask worker its own.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    path = Path(source).expanduser()
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    scope = scope or Scope()
    model_name = config.model_name(model)
    out_root = Path(out_dir or config.PROCESSED_DIR)
    key = corpus_key(path, scope, model_name)
    final = out_root / f"corpus-{key}"
    if cache and (final / MANIFEST).exists():
        try:
            return Corpus(final, json.loads((final / MANIFEST).read_text(encoding="utf-8")), reused=True)
        except (OSError, ValueError):
            pass  # damaged: rebuild
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


def _progress_bar(enabled: bool, path: Path):
    from tqdm.auto import tqdm

    return tqdm(desc=f"corpus {path.name}", unit="article", disable=not enabled, dynamic_ncols=True)


def iter_article_tables(
    entries: Iterable[CorpusEntry],
    *,
    scope: Scope,
    model_name: str,
    cache: bool = True,
    cache_dir: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    counts: RunCounts | None = None,
) -> Iterator[tuple[CorpusEntry, dict[str, "pa.Table"]]]:
    """(entry, its five tables as Arrow tables) in input order: from the per-article cache, or parsed.

    Uncached articles are parsed in this process with one ``nlp.pipe``; cached ones pass through
    the same pipe as empty Docs, so the order is kept.
    """
    from utils import nlp as nlp_module

    nlp = nlp_module.load_model(model_name)
    counts = counts if counts is not None else RunCounts()
    pending: dict[int, tuple] = {}

    def feed() -> Iterator[tuple]:
        for entry in entries:
            directory = article_cache_dir(entry.article, scope, model_name, cache_dir)
            if cache and (directory / MANIFEST).exists():
                pending[entry.position] = (entry, directory, None, None)
                yield nlp.make_doc(""), entry.position
            else:
                paragraphs, sentences = prepare(entry.article, scope)
                pending[entry.position] = (entry, directory, paragraphs, sentences)
                yield nlp_module.doc_with_sentences(nlp, entry.article.text, sentences["start_char"].tolist()), entry.position

    for doc, position in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        entry, directory, paragraphs, sentences = pending.pop(position)
        if paragraphs is None:
            try:
                tables = read_cached_arrow(directory)
            except CacheError:
                tables = None
            if tables is not None:
                counts.cached += 1
                yield entry, tables
                continue
            # removed or damaged since we looked: parse it here
            paragraphs, sentences = prepare(entry.article, scope)
            doc = nlp(nlp_module.doc_with_sentences(nlp, entry.article.text, sentences["start_char"].tolist()))
        tables = arrow_tables(tables_from_doc(doc, paragraphs, sentences))  # converted once: cache and corpus share it
        if cache:
            write_cached_tables(directory, tables)
        counts.parsed += 1
        yield entry, tables


def analyse_chunk(
    entries: Sequence[CorpusEntry],
    *,
    scope: Scope,
    model_name: str,
    cache: bool = True,
    cache_dir: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> tuple[dict[str, "pa.Table"], dict[str, int]]:
    """The corpus tables of a few articles (one task of a worker process or a Dask worker):
    Arrow tables with ``article_id``, and the counts parsed/cached."""
    counts = RunCounts()
    buffer = TableBuffer()
    for entry, tables in iter_article_tables(
        entries, scope=scope, model_name=model_name, cache=cache, cache_dir=Path(cache_dir) if cache_dir else None,
        batch_size=batch_size, counts=counts,
    ):
        buffer.add(entry, tables)
    return buffer.frames(), {"parsed": counts.parsed, "cached": counts.cached}


def _run_local(entries, writer, counts, bar, *, n_process, chunk_size, cache_dir, **options) -> None:
    """One process: parse and build tables here. More: a pool of ``n_process`` worker processes, each
    doing the whole per-article work (segmenting, parsing, tables, cache) on tasks of ``batch_size`` articles."""
    if n_process <= 1:
        buffer = TableBuffer()
        for entry, tables in iter_article_tables(entries, cache_dir=cache_dir, counts=counts, **options):
            buffer.add(entry, tables)
            bar.update(1)
            if len(buffer) >= chunk_size:
                writer.write(buffer.frames())
                buffer = TableBuffer()
        if len(buffer):
            writer.write(buffer.frames())
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # The platform's start method, as spaCy's own n_process: "fork" on Linux (workers inherit the
    # loaded model), "spawn" on macOS and Windows (each worker loads it once and keeps it).
    pool = ProcessPoolExecutor(max_workers=n_process, mp_context=multiprocessing.get_context())
    try:
        _run_tasks(
            pool.submit, entries, writer, counts, bar, window=2 * n_process, task_size=max(1, options["batch_size"]),
            chunk_size=chunk_size, cache_dir=str(cache_dir) if cache_dir else None, **options,
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_tasks(submit, entries, writer, counts, bar, *, window: int, task_size: int, chunk_size: int, **options) -> None:
    """Send ``analyse_chunk`` tasks of ``task_size`` articles through ``submit`` (a process pool's or a
    Dask client's), at most ``window`` in flight, and write their tables in input order, one part
    every ``chunk_size`` articles or so. Memory holds a window of tasks, whatever the corpus size."""
    in_flight: collections.deque = collections.deque()
    ready: list[dict[str, "pa.Table"]] = []
    ready_articles = 0

    def flush() -> None:
        nonlocal ready_articles
        if ready:
            writer.write(_concat_frames(ready))
            ready.clear()
            ready_articles = 0

    def collect() -> None:
        nonlocal ready_articles
        future, size = in_flight.popleft()
        frames, task_counts = future.result()
        if hasattr(future, "release"):  # a Dask future: free its result on the workers now
            future.release()
        ready.append(frames)
        ready_articles += size
        counts.parsed += task_counts["parsed"]
        counts.cached += task_counts["cached"]
        bar.update(size)
        if ready_articles >= chunk_size:
            flush()

    for chunk in _chunks(entries, task_size):
        in_flight.append((submit(analyse_chunk, chunk, **options), len(chunk)))
        while len(in_flight) >= window:
            collect()
    while in_flight:
        collect()
    flush()


def _concat_frames(parts: Sequence[dict[str, "pa.Table"]]) -> dict[str, "pa.Table"]:
    import pyarrow as pa

    names = dict.fromkeys(name for frames in parts for name in frames)
    return {name: pa.concat_tables([frames[name] for frames in parts if name in frames], promote_options="permissive") for name in names}


def _chunks(entries: Iterable[CorpusEntry], size: int) -> Iterator[list[CorpusEntry]]:
    chunk: list[CorpusEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_dask(entries, writer, counts, bar, *, scheduler, n_workers, chunk_size, **options) -> None:
    from distributed import Client, LocalCluster

    owned: list = []
    if isinstance(scheduler, Client):
        client = scheduler
    elif scheduler is None:
        cluster = LocalCluster(n_workers=max(1, n_workers), threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        owned = [client, cluster]
    else:
        client = Client(scheduler)
        owned = [client]
    try:
        workers = len(client.scheduler_info().get("workers", {})) or 1

        def submit(function, *args, **kwargs):
            return client.submit(function, *args, pure=False, **kwargs)

        _run_tasks(submit, entries, writer, counts, bar, window=2 * workers, task_size=chunk_size, chunk_size=chunk_size, **options)
    finally:
        for resource in owned:
            resource.close()


class TableBuffer:
    """Per-article tables of a chunk, gathered for one Parquet part per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list] = {name: [] for name in TABLES}
        self.articles: list[dict] = []

    def __len__(self) -> int:
        return len(self.articles)

    def add(self, entry: CorpusEntry, tables: dict[str, "pa.Table"]) -> None:
        import pyarrow as pa

        for name in TABLES:
            table = tables[name].replace_schema_metadata(None)
            ids = pa.array([entry.article_id] * table.num_rows, type=pa.string())
            self.tables[name].append(table.add_column(0, "article_id", ids))
        self.articles.append(entry.metadata())

    def frames(self) -> dict[str, "pa.Table"]:
        """One Arrow table per corpus table, ``article_id`` first (the articles table: metadata)."""
        import pyarrow as pa

        frames = {name: pa.concat_tables(parts, promote_options="permissive") for name, parts in self.tables.items() if parts}
        frames["articles"] = pa.Table.from_pylist([{column: row[column] for column in ARTICLE_COLUMNS} for row in self.articles])
        return frames


class PartWriter:
    """Writes numbered Parquet parts per table, then gives every part of a table one schema."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parts: dict[str, int] = collections.Counter()
        self.empty: dict[str, "pa.Table"] = {}

    def write(self, frames: dict[str, "pa.Table"]) -> None:
        for name, table in frames.items():
            if table.num_rows == 0:
                self.empty.setdefault(name, table)
                continue
            self._write_part(name, table)

    def write_problems(self, problems: list[dict]) -> None:
        import pyarrow as pa

        schema = pa.schema([(column, pa.string()) for column in PROBLEM_COLUMNS])
        self._write_part("problems", pa.Table.from_pylist(problems, schema=schema))

    def _write_part(self, name: str, table: "pa.Table") -> None:
        import pyarrow.parquet as pq

        folder = self.root / name
        folder.mkdir(exist_ok=True)
        pq.write_table(table, folder / f"part-{self.parts[name]:05d}.parquet")
        self.parts[name] += 1

    def finish(self) -> dict[str, int]:
        """Unify each table's schema across parts (an all-null column in one chunk); rows per table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, table in self.empty.items():
            if not self.parts[name]:
                self._write_part(name, table)
        rows = {}
        for name in (*CORPUS_TABLES, "problems"):
            paths = sorted((self.root / name).glob("part-*.parquet"))
            schemas = [pq.read_schema(path) for path in paths]
            if not schemas:
                continue
            unified = pa.unify_schemas(schemas, promote_options="permissive")
            for path, schema in zip(paths, schemas):
                if not schema.equals(unified):
                    pq.write_table(pq.read_table(path).select(unified.names).cast(unified), path)
            rows[name] = sum(pq.ParquetFile(path).metadata.num_rows for path in paths)
        return rows


# --------------------------------------------------------------------------- corpus analysis
# Functions on the corpus tables (pandas); the corpus notebook charts their results.

WORD_COLUMNS = ["article_id", "sentence_id", "lower", "is_alpha", "is_stop", "in_scope"]
NAMED_GROUPS = ("person", "organisation", "place", "group", "event", "work", "product", "law")


def words_table(tokens: pd.DataFrame) -> pd.DataFrame:
    """In-scope alphabetic non-stop-word tokens: ``article_id``, ``sentence_id``, ``term`` (lower case)."""
    rows = tokens[tokens["in_scope"] & tokens["is_alpha"] & ~tokens["is_stop"]]
    return rows[["article_id", "sentence_id"]].assign(term=rows["lower"]).reset_index(drop=True)


def named_mentions(mentions: pd.DataFrame, entities: pd.DataFrame, *, groups: Sequence[str] = NAMED_GROUPS) -> pd.DataFrame:
    """Mentions with their entity's canonical ``name``, ``label`` and ``group`` (names, not numbers, by default).

    An entity is the same across the corpus when its canonical name and label are the same.
    """
    names = entities[["article_id", "entity_id", "name"]]
    rows = mentions.drop(columns=["name"], errors="ignore").merge(
        names, on=["article_id", "entity_id"], how="left", validate="many_to_one"
    )
    if groups:
        rows = rows[rows["group"].isin(groups)]
    return rows[["article_id", "sentence_id", "name", "label", "group"]].reset_index(drop=True)


def top_corpus_entities(mentions: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The n most-mentioned entities of the corpus: name, label, group, mentions, articles."""
    if mentions.empty:
        return pd.DataFrame(columns=["name", "label", "group", "mentions", "articles"])
    grouped = mentions.groupby(["name", "label", "group"], sort=False)
    table = grouped.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    return table.sort_values(["mentions", "articles", "name"], ascending=[False, False, True]).head(n).reset_index(drop=True)


def dated(frame: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M") -> pd.DataFrame:
    """Rows of ``frame`` whose article has a date, with that date's ``period`` (start date of the bucket)."""
    dates = pd.to_datetime(articles.set_index("article_id")["date"], errors="coerce").dropna()
    rows = frame[frame["article_id"].isin(dates.index)]
    periods = dates.dt.to_period(period).dt.start_time
    return rows.assign(period=rows["article_id"].map(periods).to_numpy())


def entity_mentions_by_period(mentions: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M", n: int = 8) -> pd.DataFrame:
    """Mentions per period of the n most-mentioned entities (articles without a date left out)."""
    rows = dated(mentions, articles, period=period)
    top = top_corpus_entities(rows, n=n)[["name", "label"]]
    rows = rows.merge(top, on=["name", "label"])
    counts = rows.groupby(["period", "name", "label"]).size().rename("mentions").reset_index()
    return counts.sort_values(["period", "mentions"], ascending=[True, False]).reset_index(drop=True)


def article_sentiment(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article: mean sentiment of its in-scope sentences and the number of those sentences."""
    rows = sentences[sentences["in_scope"] & sentences["sentiment"].notna()]
    return rows.groupby("article_id", sort=False).agg(sentiment=("sentiment", "mean"), sentences=("sentiment", "size")).reset_index()


def sentiment_by_period(sentences: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M") -> pd.DataFrame:
    """Per period: articles, mean article sentiment, and the share of negative articles (dated articles only)."""
    rows = dated(article_sentiment(sentences), articles, period=period)
    from utils.sentiment import NEUTRAL_BAND

    grouped = rows.groupby("period")
    table = grouped.agg(articles=("article_id", "size"), sentiment=("sentiment", "mean"))
    table["negative_share"] = grouped["sentiment"].apply(lambda scores: float((scores <= -NEUTRAL_BAND).mean()))
    return table.reset_index()


def sentiment_by_group(sentences: pd.DataFrame, articles: pd.DataFrame, *, by: str = "category") -> pd.DataFrame:
    """Per value of an articles column (category, source...): articles and mean article sentiment."""
    rows = article_sentiment(sentences).merge(articles[["article_id", by]], on="article_id")
    rows[by] = rows[by].fillna("(none)")
    table = rows.groupby(by).agg(articles=("article_id", "size"), sentiment=("sentiment", "mean")).reset_index()
    return table.rename(columns={by: "group"}).sort_values("sentiment").reset_index(drop=True)


def top_entities_by_group(mentions: pd.DataFrame, articles: pd.DataFrame, *, by: str = "category", n: int = 5) -> pd.DataFrame:
    """The n most-mentioned entities in each group of articles: group, name, label, mentions, articles."""
    rows = mentions.merge(articles[["article_id", by]], on="article_id")
    rows[by] = rows[by].fillna("(none)")
    tables = [top_corpus_entities(group_rows, n=n).assign(group=value) for value, group_rows in rows.groupby(by)]
    if not tables:
        return pd.DataFrame(columns=["group", "name", "label", "mentions", "articles"])
    return pd.concat(tables, ignore_index=True)[["group", "name", "label", "mentions", "articles"]]


def weighted_log_odds(counts_a: pd.Series, counts_b: pd.Series, *, prior: pd.Series | None = None) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).

    ``counts_a``/``counts_b``: occurrences of each term in two subsets. ``prior``: background
    counts (default: both subsets together) used as the Dirichlet pseudo-counts α_w. For each term:
    δ = log((y_a+α)/(n_a+α₀−y_a−α)) − log((y_b+α)/(n_b+α₀−y_b−α)), σ² ≈ 1/(y_a+α) + 1/(y_b+α),
    ``z`` = δ/σ: positive for terms that distinguish subset A, negative for subset B; |z| > 1.96 is
    unlikely by chance. Returns term, count_a, count_b, log_odds, z, sorted by z.
    """
    terms = counts_a.index.union(counts_b.index)
    y_a = counts_a.reindex(terms, fill_value=0).astype(float)
    y_b = counts_b.reindex(terms, fill_value=0).astype(float)
    alpha = (prior.reindex(terms, fill_value=0).astype(float) if prior is not None else y_a + y_b).clip(lower=0.01)
    alpha_0, n_a, n_b = alpha.sum(), y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)) - np.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha))
    variance = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    table = pd.DataFrame(
        {"term": terms, "count_a": y_a.astype(int).to_numpy(), "count_b": y_b.astype(int).to_numpy(),
         "log_odds": delta.to_numpy(), "z": (delta / np.sqrt(variance)).to_numpy()}
    )
    return table.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


@dataclass
class Comparison:
    """Two subsets of a corpus and what distinguishes them (weighted log-odds z-scores)."""

    label_a: str
    label_b: str
    how: str
    terms: pd.DataFrame
    entities: pd.DataFrame


def compare_subsets(
    words: pd.DataFrame,
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str = "category",
    a: str = "",
    b: str = "",
) -> Comparison:
    """Terms and entities that distinguish articles with ``by == a`` from those with ``by == b``.

    Empty ``a``: the largest group; empty ``b``: every other article. With fewer than two groups
    (one category, or a single article) the first half of the in-scope sentences (in article order)
    is compared with the second half instead, and ``how`` says so.
    """
    values = articles[by].fillna("(none)") if by in articles else pd.Series("(none)", index=articles.index)
    groups = values.value_counts()
    a = a or (str(groups.index[0]) if len(groups) else "")
    in_a = set(articles.loc[values == a, "article_id"])
    in_b = set(articles.loc[(values == b) if b else (values != a), "article_id"])
    if in_a and in_b:
        label_b = b or f"not {a}"
        how = f"{len(in_a)} articles with {by} = {a} against {len(in_b)} articles with {by} {'= ' + b if b else '≠ ' + a}"
        select_a = lambda rows: rows["article_id"].isin(in_a)  # noqa: E731
        select_b = lambda rows: rows["article_id"].isin(in_b)  # noqa: E731
        label_a = a
    else:
        order = articles.sort_values("position")["article_id"].tolist()
        rank = {article_id: index for index, article_id in enumerate(order)}
        keys = words[["article_id", "sentence_id"]].drop_duplicates()
        keys = keys.assign(rank=keys["article_id"].map(rank)).sort_values(["rank", "sentence_id"])
        first_half = set(map(tuple, keys[["article_id", "sentence_id"]].iloc[: len(keys) // 2].to_numpy().tolist()))
        label_a, label_b = "first half", "second half"
        how = (
            f"there are not two groups of articles by {by}, so the first half of the corpus's sentences "
            f"is compared with the second half (a demonstration; give a corpus with two {by} values)"
        )
        select_a = lambda rows: pd.Series([key in first_half for key in zip(rows["article_id"], rows["sentence_id"])], index=rows.index, dtype=bool)  # noqa: E731
        select_b = lambda rows: ~select_a(rows)  # noqa: E731
    entity_key = mentions["name"] + " (" + mentions["label"] + ")" if len(mentions) else pd.Series(dtype=str)
    mentions = mentions.assign(term=entity_key)
    terms = weighted_log_odds(
        words.loc[select_a(words), "term"].value_counts(), words.loc[select_b(words), "term"].value_counts(),
        prior=words["term"].value_counts(),
    )
    entity_odds = weighted_log_odds(
        mentions.loc[select_a(mentions), "term"].value_counts(), mentions.loc[select_b(mentions), "term"].value_counts(),
        prior=mentions["term"].value_counts(),
    )
    return Comparison(label_a, label_b, how, terms, entity_odds)


def entity_cooccurrence(mentions: pd.DataFrame, *, unit: str = "sentence", n: int = 20) -> pd.DataFrame:
    """How often two of the n most-mentioned entities appear in the same sentence (or article).

    Returns entity_a, entity_b (``name (LABEL)``), together: the number of sentences/articles
    naming both. Each pair appears once, entity_a before entity_b alphabetically.
    """
    if unit not in ("sentence", "article"):
        raise ValueError(f"unit must be 'sentence' or 'article', not {unit!r}")
    top = top_corpus_entities(mentions, n=n)[["name", "label"]]
    rows = mentions.merge(top, on=["name", "label"])
    rows = rows.assign(entity=rows["name"] + " (" + rows["label"] + ")")
    keys = ["article_id", "sentence_id"] if unit == "sentence" else ["article_id"]
    units = rows[[*keys, "entity"]].drop_duplicates()
    pairs = units.merge(units, on=keys)
    pairs = pairs[pairs["entity_x"] < pairs["entity_y"]]
    table = pairs.groupby(["entity_x", "entity_y"]).size().rename("together").reset_index()
    table = table.rename(columns={"entity_x": "entity_a", "entity_y": "entity_b"})
    return table.sort_values(["together", "entity_a", "entity_b"], ascending=[False, True, True]).reset_index(drop=True)
