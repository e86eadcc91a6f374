"""Corpus engines: the per-article work in this process, in worker processes, or on a Dask cluster, written as Parquet parts."""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from utils import config
from utils.errors import CacheError
from utils.pipeline.schema import arrow_schema, arrow_table
from utils.pipeline.tables import TABLES, Scope, prepare, tables_from_doc
from utils.read.language import majority_language
from utils.read.sources import CorpusEntry
from utils.store import PackCache, arrow_tables, article_cache_dir, read_article_cache

if TYPE_CHECKING:
    import pyarrow as pa


DEFAULT_BATCH_SIZE = 32
# Articles per task of a worker process: small, so the last tasks of a run do not leave one worker
# idle while another finishes a long one (a task's nlp.pipe batch is at most this), with a window of
# four tasks per worker in flight so no worker waits for the parent to collect results in order.
TASK_SIZE = 8
CORPUS_TABLES = (*TABLES, "articles")
ARTICLE_COLUMNS = [
    "article_id", "record_id", "position", "origin", "title", "date", "source", "category", "url", "author",
    "language", "paragraphs", "characters",
]
PROBLEM_COLUMNS = ["origin", "record_id", "kind", "reason", "duplicate_of"]


@dataclass
class RunCounts:
    articles: int = 0
    duplicates: int = 0
    unreadable: int = 0
    parsed: int = 0
    cached: int = 0


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
    """(entry, its seven tables as Arrow tables) in input order: from the per-article cache, or parsed.

    An article's cache is its own folder (``analyse`` writes those) or its place in a pack (what
    corpus runs write: the parsed articles of each ``nlp.pipe`` batch, one pack, see
    :class:`PackCache`). Uncached articles are parsed in this process with one ``nlp.pipe``;
    cached ones pass through the same pipe as empty Docs, so the order is kept.
    """
    from utils.pipeline import nlp as nlp_module

    nlp = nlp_module.load_model(model_name)
    counts = counts if counts is not None else RunCounts()
    packs = PackCache(Path(cache_dir or config.PROCESSED_DIR))
    pending: dict[int, tuple] = {}
    to_pack: list[tuple[str, dict[str, "pa.Table"]]] = []

    def cached_tables(directory: Path) -> dict[str, "pa.Table"] | None:
        try:
            return read_article_cache(directory, packs)
        except CacheError:
            return None  # damaged: parse it again

    def feed() -> Iterator[tuple]:
        for entry in entries:
            directory = article_cache_dir(entry.article, scope, model_name, cache_dir)
            tables = cached_tables(directory) if cache else None
            if tables is not None:
                pending[entry.position] = (entry, directory, None, None, tables)
                yield nlp.make_doc(""), entry.position
            else:
                paragraphs, sentences = prepare(entry.article, scope)
                pending[entry.position] = (entry, directory, paragraphs, sentences, None)
                yield nlp_module.doc_with_sentences(nlp, entry.article.text, sentences["start_char"].tolist()), entry.position

    try:
        for doc, position in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
            entry, directory, paragraphs, sentences, tables = pending.pop(position)
            if tables is not None:
                counts.cached += 1
                yield entry, tables
                continue
            tables = arrow_tables(tables_from_doc(doc, paragraphs, sentences))  # converted once: cache and corpus share it
            if cache:
                to_pack.append((directory.name, tables))
                if len(to_pack) >= batch_size:
                    packs.write(to_pack)
                    to_pack = []
            counts.parsed += 1
            yield entry, tables
    finally:
        packs.write(to_pack)  # the last batch (also when the run stops early)


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
    doing the whole per-article work (segmenting, parsing, tables, cache) on tasks of ``TASK_SIZE`` articles
    (at most ``batch_size``)."""
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
            pool.submit, entries, writer, counts, bar, window=4 * n_process, task_size=max(1, min(options["batch_size"], TASK_SIZE)),
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
    return {name: pa.concat_tables([frames[name] for frames in parts if name in frames]) for name in names}


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
        self.ids: list[str] = []

    def __len__(self) -> int:
        return len(self.articles)

    def add(self, entry: CorpusEntry, tables: dict[str, "pa.Table"]) -> None:
        for name in TABLES:
            self.tables[name].append(arrow_table(tables[name], name).replace_schema_metadata(None))
        self.articles.append(entry.metadata(language=_article_language(tables["paragraphs"])))
        self.ids.append(entry.article_id)

    def frames(self) -> dict[str, "pa.Table"]:
        """One Arrow table per corpus table, ``article_id`` first (the articles table: metadata)."""
        import numpy as np
        import pyarrow as pa

        ids = np.array(self.ids, dtype=object)
        frames = {}
        for name, parts in self.tables.items():
            if parts:  # one concatenation and one article_id column per table and chunk, not per article
                rows = np.repeat(ids, [part.num_rows for part in parts])
                frames[name] = pa.concat_tables(parts).add_column(0, "article_id", pa.array(rows, type=pa.string()))
        rows = [{column: row[column] for column in ARTICLE_COLUMNS} for row in self.articles]
        frames["articles"] = pa.Table.from_pylist(rows, schema=arrow_schema("articles"))
        return frames


def _article_language(paragraphs: "pa.Table") -> str:
    """``Article.language`` from the article's paragraphs table: the language of most characters."""
    import pyarrow.compute as pc

    languages = paragraphs.column("language").to_pylist()
    lengths = pc.utf8_length(paragraphs.column("text")).to_pylist()
    return majority_language(zip(languages, lengths)) or "und"


class PartWriter:
    """Writes numbered Parquet parts per table, every part of a table in its one fixed schema (``schema.py``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parts: dict[str, int] = collections.Counter()
        self.rows: dict[str, int] = collections.Counter()

    def write(self, frames: dict[str, "pa.Table"]) -> None:
        for name, table in frames.items():
            if table.num_rows:
                self._write_part(name, table)

    def write_problems(self, problems: list[dict]) -> None:
        import pyarrow as pa

        rows = [{column: problem.get(column) for column in PROBLEM_COLUMNS} for problem in problems]
        self._write_part("problems", pa.Table.from_pylist(rows, schema=arrow_schema("problems")))

    def _write_part(self, name: str, table: "pa.Table") -> None:
        import pyarrow.parquet as pq

        folder = self.root / name
        folder.mkdir(exist_ok=True)
        if not table.schema.equals(schema := arrow_schema(name, article_id=True)):
            table = table.select(schema.names).cast(schema)
        pq.write_table(table, folder / f"part-{self.parts[name]:05d}.parquet")
        self.parts[name] += 1
        self.rows[name] += table.num_rows

    def finish(self) -> dict[str, int]:
        """Rows per table; a table without a row gets one empty part of its schema."""
        for name in (*CORPUS_TABLES, "problems"):
            if not self.parts[name]:
                self._write_part(name, arrow_schema(name, article_id=True).empty_table())
        return {name: self.rows[name] for name in (*CORPUS_TABLES, "problems")}


# --------------------------------------------------------------------------- corpus analysis
# Functions on the corpus tables (pandas); the corpus notebook charts their results.
