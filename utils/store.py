"""Storage: the cache key (from the reading and table-building code), the per-article Arrow cache, staged folders."""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

import pandas as pd

from utils import config
from utils.errors import CacheError
from utils.pipeline.schema import arrow_table
from utils.pipeline.tables import TABLES, Scope
from utils.read.article import Article, text_hash
from utils.read.sources import input_digest

if TYPE_CHECKING:
    import pyarrow as pa


MANIFEST = "manifest.json"


CACHE_SUFFIX = ".arrow"  # Arrow IPC files: written 3x and read 2x as fast as Parquet (BBC articles), pandas dtypes kept


def cache_key(article: Article, scope: Scope, model_name: str) -> str:
    """What identifies an analysis: text, scope, model and pipeline version."""
    return text_hash(f"{pipeline_version()}\n{model_name}\n{scope.key}\n{article.text}")


# The code whose changes change the tables: the reading and table-building rooms, and this module
# (the cache format). Exploring (utils/explore) and drawing (utils/show) never touch the cache.
TABLE_CODE = ("read", "pipeline", "store.py")


def code_digest(package: Path, parts: Sequence[str] = TABLE_CODE) -> str:
    """A SHA-256 over every ``.py`` file under ``parts`` of ``package`` (recursively), by relative path and bytes."""
    digest = hashlib.sha256()
    files = []
    for part in parts:
        target = package / part
        files += [target] if target.is_file() else sorted(target.rglob("*.py"))
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """``config.PIPELINE_VERSION`` plus the digest of the code that builds the tables (``TABLE_CODE``).

    Any change to that code gives new cache keys, so a cache never outlives the code that wrote it;
    a change to a chart or an exploring function keeps every cache valid.
    """
    return f"{config.PIPELINE_VERSION}+{code_digest(Path(__file__).resolve().parent)[:12]}"


def arrow_tables(tables: dict[str, "pd.DataFrame | pa.Table"]) -> dict[str, "pa.Table"]:
    """The tables as Arrow tables of their fixed schema (pandas dtypes kept in the metadata), converted once for cache and corpus."""
    return {name: arrow_table(frame, name) for name, frame in tables.items()}


def read_cached_arrow(directory: Path) -> dict[str, "pa.Table"] | None:
    """An article's cached tables as Arrow tables, or None when there is no cache; CacheError when it is damaged."""
    if not (directory / MANIFEST).exists():
        return None
    return _read_table_folder(directory, "cache")


def _read_table_folder(directory: Path, what: str) -> dict[str, "pa.Table"]:
    """The tables of a cache folder (an article's or a pack), each checked against the row count of
    its manifest; CacheError naming ``what`` when anything is damaged."""
    import pyarrow as pa

    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        tables = {}
        for name in TABLES:
            with pa.OSFile(str(directory / f"{name}{CACHE_SUFFIX}")) as source:
                tables[name] = pa.ipc.open_file(source).read_all()
    except Exception as error:  # any damage means: rebuild
        raise CacheError(f"{directory}: unreadable {what} ({error})") from None
    for name, table in tables.items():
        if manifest.get("rows", {}).get(name) != table.num_rows:
            raise CacheError(f"{directory}: table {name} has {table.num_rows} rows, manifest says {manifest.get('rows', {}).get(name)}")
    return tables


def read_cached_tables(directory: Path) -> dict[str, pd.DataFrame] | None:
    """The cached tables as DataFrames, or None when there is no cache; CacheError when it is damaged."""
    tables = read_cached_arrow(directory)
    return None if tables is None else {name: table.to_pandas() for name, table in tables.items()}


class CacheNotWritableWarning(UserWarning):
    """The cache folder cannot be written (not a folder, read-only, full): analyses go on without caching."""


_UNWRITABLE: set[Path] = set()  # cache folders already warned about in this process


def write_cached_tables(directory: Path, tables: dict[str, "pd.DataFrame | pa.Table"]) -> bool:
    """Write tables and their manifest into a staged folder that replaces ``directory`` at once.

    Returns False, with one :class:`CacheNotWritableWarning` per cache folder and process, when the
    cache folder cannot be written: the tables are then simply not cached.
    """
    try:
        _write_cached_tables(directory, tables)
    except OSError as error:
        _warn_unwritable(directory.parent, error)
        return False
    return True


def _warn_unwritable(root: Path, error: Exception) -> None:
    if root not in _UNWRITABLE:
        _UNWRITABLE.add(root)
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        warnings.warn(
            f"cache folder {root} cannot be written ({reason}); analysing without the cache "
            f"(set $NEWS_CACHE_DIR to a writable folder)",
            CacheNotWritableWarning,
            stacklevel=4,
        )


def _write_cached_tables(directory: Path, tables: dict[str, "pd.DataFrame | pa.Table"]) -> None:
    _write_table_folder(directory, arrow_tables(tables))


def _write_table_folder(directory: Path, tables: dict[str, "pa.Table"], **manifest: object) -> None:
    """One Arrow IPC file per table and a manifest (row counts, pipeline version, ``manifest``), staged then renamed to ``directory``."""
    import pyarrow as pa

    with staged_folder(directory) as staging:
        for name, table in tables.items():
            with pa.OSFile(str(staging / f"{name}{CACHE_SUFFIX}"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
        manifest = {"pipeline_version": pipeline_version(), **manifest, "rows": {name: table.num_rows for name, table in tables.items()}}
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def read_article_cache(directory: Path, packs: "PackCache | None" = None) -> dict[str, "pa.Table"] | None:
    """An article's cached tables: from its own folder (``analyse`` writes those), else from the pack
    of a corpus run that holds it (``packs``: the cache folder's, by default); None when neither
    does, CacheError when the one that does is damaged."""
    packs = packs if packs is not None else PackCache(directory.parent)
    return read_cached_arrow(directory) or packs.read(directory.name)


# --------------------------------------------------------------------------- packs: the per-article cache of corpus runs, written per batch

PACKS = "packs"  # under the cache folder: one folder per batch of articles, one Arrow file per table
PACK_INDEX = "index.sqlite"  # in PACKS: article cache name -> its pack and rows


class PackCache:
    """The per-article cache of corpus runs, written per batch of articles instead of a folder of
    eight files per article: a pack holds one Arrow file per table with the rows of all its
    articles, and an SQLite index (safe for several worker processes) gives each article's pack
    and rows by its cache name (``article_cache_dir(...).name``, so text, scope, model and code).

    An article is looked up here after its own folder (which ``analyse`` writes); a damaged pack
    raises :class:`CacheError` for its articles, which are then parsed again and packed anew.
    """

    OPEN_PACKS = 4  # packs a reader keeps in memory: consecutive articles share one

    def __init__(self, root: Path) -> None:
        self.folder = Path(root) / PACKS
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._open: collections.OrderedDict[str, dict[str, "pa.Table"]] = collections.OrderedDict()

    def _db(self, *, create: bool) -> sqlite3.Connection | None:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        path = self.folder / PACK_INDEX
        if not create and not path.exists():
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=120, isolation_level=None)  # forked workers open their own
        connection.execute("CREATE TABLE IF NOT EXISTS articles (name TEXT PRIMARY KEY, pack TEXT NOT NULL, rows TEXT NOT NULL)")
        self._connection, self._pid = connection, os.getpid()
        return connection

    def find(self, name: str) -> tuple[str, dict[str, list[int]]] | None:
        """(pack, {table: [first row, row count]}) of a cached article, or None."""
        try:
            connection = self._db(create=False)
            row = connection.execute("SELECT pack, rows FROM articles WHERE name = ?", (name,)).fetchone() if connection else None
        except sqlite3.Error as error:
            raise CacheError(f"{self.folder / PACK_INDEX}: unreadable pack index ({error})") from None
        return None if row is None else (row[0], json.loads(row[1]))

    def read(self, name: str) -> dict[str, "pa.Table"] | None:
        """A cached article's tables, or None when no pack holds it; CacheError when its pack is damaged."""
        found = self.find(name)
        if found is None:
            return None
        pack, rows = found
        tables = self._pack(pack)
        try:
            return {table: tables[table].slice(*rows[table]) for table in TABLES}
        except KeyError as error:
            raise CacheError(f"{self.folder / pack}: no table {error} for {name}") from None

    def _pack(self, pack: str) -> dict[str, "pa.Table"]:
        if pack in self._open:
            self._open.move_to_end(pack)
            return self._open[pack]
        tables = self._open[pack] = _read_table_folder(self.folder / pack, "pack")
        while len(self._open) > self.OPEN_PACKS:
            self._open.popitem(last=False)
        return tables

    def write(self, articles: Sequence[tuple[str, dict[str, "pa.Table"]]]) -> bool:
        """Pack the tables of ``articles`` ((cache name, Arrow tables), in order) as one batch.

        The pack's folder is staged, then its articles enter the index in one transaction, so a
        kill midway leaves no article pointing at a half-written pack. False, with one
        :class:`CacheNotWritableWarning` per cache folder and process, when it cannot be written.
        """
        if not articles:
            return True
        try:
            self._write(articles)
        except (OSError, sqlite3.Error) as error:
            _warn_unwritable(self.folder.parent, error)
            return False
        return True

    def _write(self, articles: Sequence[tuple[str, dict[str, "pa.Table"]]]) -> None:
        import pyarrow as pa

        pack = f"{articles[0][0]}-{len(articles)}-{os.getpid()}-{time.time_ns() % 10**9}"
        index: list[tuple[str, str, str]] = []
        offsets = dict.fromkeys(TABLES, 0)
        for name, tables in articles:
            rows = {}
            for table in TABLES:
                rows[table] = [offsets[table], tables[table].num_rows]
                offsets[table] += tables[table].num_rows
            index.append((name, pack, json.dumps(rows)))
        combined = {table: pa.concat_tables([arrow_table(tables[table], table) for _, tables in articles]) for table in TABLES}
        _write_table_folder(self.folder / pack, combined, articles=len(articles))
        connection = self._db(create=True)
        with connection:  # one transaction: all of the pack's articles, or none
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT OR REPLACE INTO articles (name, pack, rows) VALUES (?, ?, ?)", index)


STAGING_PREFIX = ".tmp-"


STALE_STAGING_SECONDS = 24 * 3600  # a staging folder nothing was written into for a day was left by a killed run


_SWEPT: set[Path] = set()  # folders already swept of stale staging folders in this process


def remove_stale_staging(folder: Path, *, older_than: float = STALE_STAGING_SECONDS) -> list[Path]:
    """Remove the ``.tmp-*`` staging folders directly in ``folder`` that nothing was written into for
    ``older_than`` seconds (a run killed midway left them); returns those removed.

    A folder counts as written when it or anything inside it changed, so a run still writing into
    its staging folder (another process, a long corpus run) keeps it. Errors are ignored: this is tidying.
    """
    removed = []
    now = time.time()
    try:
        candidates = [path for path in folder.glob(f"{STAGING_PREFIX}*") if path.is_dir() and not path.is_symlink()]
    except OSError:
        return removed
    for path in candidates:
        try:
            newest = max([path.lstat().st_mtime] + [item.lstat().st_mtime for item in path.rglob("*")])
        except OSError:
            continue  # removed meanwhile, or unreadable: leave it
        if now - newest > older_than:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def staged_folder(final: Path) -> Iterator[Path]:
    """A temporary folder beside ``final``, renamed to ``final`` (replacing it) when the block succeeds.

    A failure or a kill midway leaves only a ``.tmp-*`` folder, never a half-written ``final``; the
    first staged folder of a process in a folder removes the stale ones (:func:`remove_stale_staging`).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.parent not in _SWEPT:
        _SWEPT.add(final.parent)
        remove_stale_staging(final.parent)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=final.parent))
    try:
        yield staging
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700: give it a normal folder's permissions
        if final.exists():
            shutil.rmtree(final)
        os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def corpus_key(source: str | os.PathLike, scope: Scope, model_name: str) -> str:
    """What identifies a corpus run: the input's bytes, the scope, the model and the pipeline version."""
    return text_hash(f"{pipeline_version()}\n{model_name}\n{scope.key}\n{input_digest(source)}")[:16]


def article_cache_dir(article: Article, scope: Scope, model_name: str, cache_dir: Path | None = None) -> Path:
    """Where ``analysis.analyse`` caches this article's tables (the same folder, so both share it)."""
    return Path(cache_dir or config.PROCESSED_DIR) / f"{article.id}-{cache_key(article, scope, model_name)[:16]}"
