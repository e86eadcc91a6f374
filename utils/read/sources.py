"""Corpus sources: a folder of article files, a JSONL/JSON/CSV file (maybe ``.gz``), a Parquet file or a zip archive, read one article at a time, with problems reported, never raised."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from utils import config
from utils.errors import ArticleError, MalformedRecordsError, NewsAnalysisError, UnsupportedFormatError
from utils.read.article import Article, article_from_bytes, article_from_record, articles_of_rows, load_article, read_records
from utils.read.formats import (
    ARCHIVE_SUFFIXES, COMPRESSED_RECORD_SUFFIXES, HTML_SUFFIXES, RECORD_SUFFIXES, TEXT_SUFFIXES, full_suffix, records_of,
)


class CorpusError(NewsAnalysisError):
    """The corpus source cannot be read at all (missing, or of an unknown kind)."""


@dataclass(frozen=True)
class CorpusEntry:
    """One article of a corpus, its place in the input and where it came from (``file`` or ``file:row``)."""

    position: int
    article: Article
    origin: str

    @property
    def article_id(self) -> str:
        return self.article.id

    def metadata(self, *, language: str | None = None) -> dict[str, Any]:
        """The row of the ``articles`` table; ``language``, when given, is the article's (read off its
        cached paragraphs table, so a cached article's paragraphs need no language guessing)."""
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
            "language": language if language is not None else article.language,
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
        suffix = full_suffix(file)
        try:
            if suffix == ".parquet":
                yield from _parquet_items(file, name)
            elif suffix in RECORD_SUFFIXES | COMPRESSED_RECORD_SUFFIXES:
                for row, item in enumerate(read_records(file)):
                    yield f"{name}:{row}", item
            elif suffix in ARCHIVE_SUFFIXES:
                yield from _zip_items(file, name)
            else:
                yield name, load_article(file)
        except ArticleError as error:  # the whole file: missing, binary, unsupported, invalid JSON...
            yield name, error


def _zip_items(file: Path, name: str) -> Iterator[tuple[str, Article | ArticleError]]:
    """One article (or its error) per text or HTML member of a zip archive, and per row of each
    JSON/JSONL/CSV member (maybe ``.gz``), in member-name order; members are streamed from the
    archive, never unpacked to disk. Origins read ``archive.zip/member`` (``:row`` for records)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise MalformedRecordsError(file, f"not a readable zip archive ({' '.join(str(error).split())[:120]})") from None
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir()
             and not any(part.startswith(".") or part == "__MACOSX" for part in info.filename.split("/"))),
            key=lambda info: info.filename,
        )
        for info in members:
            origin, source = f"{name}/{info.filename}", f"{file}/{info.filename}"
            suffix = full_suffix(info.filename)
            try:
                if suffix in RECORD_SUFFIXES | COMPRESSED_RECORD_SUFFIXES:
                    def opener(info: zipfile.ZipInfo = info, gzipped: bool = suffix.endswith(".gz")):
                        member = archive.open(info)
                        return gzip.GzipFile(fileobj=member) if gzipped else member

                    rows = records_of(opener, suffix, source=source)
                    for row, item in enumerate(articles_of_rows(rows, source_name=source, path=file)):
                        yield f"{origin}:{row}", item
                elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
                    with archive.open(info) as member:
                        data = member.read()
                    yield origin, replace(article_from_bytes(data, suffix=suffix, source_name=source), path=file)
                else:
                    yield origin, UnsupportedFormatError(source, f"unsupported member {suffix!r} in a zip archive (text, HTML, JSON, JSONL or CSV files)")
            except ArticleError as error:
                yield origin, error
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error) as error:  # damaged or encrypted member
                yield origin, MalformedRecordsError(source, f"unreadable zip member ({' '.join(str(error).split())[:120]})")


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
