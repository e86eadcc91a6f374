"""File formats: bytes to text (encodings, binary detection) and the raw records of JSON, JSONL and CSV files."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from utils.errors import ArticleDecodeError, ArticleError, ArticleNotFoundError, BinaryArticleError, EmptyArticleError, MalformedRecordsError, MissingTextError, UnsupportedFormatError

TEXT_FIELDS = ("text", "body", "content")  # the first non-empty one is the article text
TEXT_SUFFIXES = {".txt", ".text", ""}


HTML_SUFFIXES = {".html", ".htm"}


RECORD_SUFFIXES = {".json", ".jsonl", ".csv"}


COMPRESSED_RECORD_SUFFIXES = {".jsonl.gz", ".json.gz", ".csv.gz"}  # gzip-compressed records, streamed


ARCHIVE_SUFFIXES = {".zip"}  # corpus sources: a zip of article and records files, each member streamed


SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES


HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,500}?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def decode_bytes(data: bytes, *, source: object) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, cp1252, another encoding
    charset-normalizer recognises with confidence, else latin-1; CRLF and CR become LF (as Python's
    text mode reads a file)."""
    if looks_binary(data):
        raise BinaryArticleError(source, _binary_kind(data))
    try:
        return normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    encoding = detect_encoding(data)
    if encoding is None:
        raise ArticleDecodeError(source, UNDECODABLE)
    return normalise_newlines(data.decode(encoding))


UNDECODABLE = "bytes are not UTF-8, cp1252 or latin-1 text (nor UTF-16 with a BOM, nor another encoding charset-normalizer recognises)"


MAX_CHAOS = 0.1  # charset-normalizer's "mess" of its best guess: above it the bytes are not taken for text in that encoding


UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def detect_encoding(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8, by charset-normalizer, or None for none.

    A UTF-16/32 byte order mark decides; cp1252 (Windows' Western default) is preferred whenever
    charset-normalizer finds it as likely as its best guess (single-byte encodings often decode
    alike); another guess stands when its chaos is at most MAX_CHAOS and it holds no control
    characters; latin-1 is the last resort, refused when it would hold control characters.
    """
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is not None:
        if best.bom:
            return best.encoding
        cp1252_likely = any("cp1252" in (match.encoding, *match.could_be_from_charset) and match.chaos <= best.chaos for match in matches)
        if cp1252_likely and _decodes(data, "cp1252"):
            return "cp1252"
        if best.chaos <= MAX_CHAOS and _control_ratio(str(best)) <= 0.01:
            return best.encoding
    if _decodes(data, "cp1252") and _control_ratio(data.decode("cp1252")) <= 0.01:
        return "cp1252"
    return "latin-1" if _control_ratio(data.decode("latin-1")) <= 0.01 else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes, known binary signatures, or mostly control bytes (UTF-16/32 with a byte order mark is text)."""
    if _binary_kind(data) != "binary data, not text":
        return True
    if data.startswith(UNICODE_BOMS):
        return False
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(byte < 32 and byte not in (9, 10, 12, 13) for byte in head)
    return bool(head) and controls / len(head) > 0.05


def _binary_kind(data: bytes) -> str:
    signatures = {
        b"%PDF": "a PDF file, not text (extract its text first, e.g. with pdftotext)",
        b"\x89PNG": "a PNG image, not text",
        b"\xff\xd8\xff": "a JPEG image, not text",
        b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx), not text",
        b"GIF8": "a GIF image, not text",
        b"\x7fELF": "an executable, not text",
        b"\x1f\x8b": "gzip-compressed data, not text (decompress it first)",
    }
    for signature, kind in signatures.items():
        if data.startswith(signature):
            return kind
    return "binary data, not text"


def _control_ratio(text: str) -> float:
    """The share of control characters (C0 other than tab/newline/form feed, and C1, which real text never holds)."""
    controls = sum((ord(char) < 32 and char not in "\t\n\f\r") or 0x80 <= ord(char) <= 0x9F for char in text)
    return controls / max(len(text), 1)


Opener = Callable[[], BinaryIO]  # opens the (decompressed) bytes of a file or an archive member afresh


def file_encoding(path: Path, *, chunk_size: int = 1 << 20) -> str:
    """The encoding a text file can be streamed with: ``utf-8-sig`` if every byte is UTF-8, else the
    one :func:`detect_encoding` finds in its first chunk (checked over the whole file), else latin-1.

    Reads the file in chunks (constant memory); raises the decoding errors ``decode_bytes`` raises.
    """
    return stream_encoding(lambda: path.open("rb"), source=path, chunk_size=chunk_size)


def stream_encoding(open_binary: Opener, *, source: object, chunk_size: int = 1 << 20) -> str:
    """:func:`file_encoding` of any byte stream (a gzip file, a zip member), read in chunks."""
    head = _head(open_binary, chunk_size)
    if looks_binary(head):
        raise BinaryArticleError(source, _binary_kind(head))
    candidates = ["utf-8-sig"]
    if not _stream_decodes(open_binary, "utf-8-sig", chunk_size):
        detected = detect_encoding(head)
        if detected is None:
            raise ArticleDecodeError(source, UNDECODABLE)
        candidates = [detected]
    for encoding in candidates:
        if _stream_decodes(open_binary, encoding, chunk_size):
            return encoding
    if _control_ratio(head.decode("latin-1")) > 0.01:
        raise ArticleDecodeError(source, UNDECODABLE)
    return "latin-1"


def _head(open_binary: Opener, size: int) -> bytes:
    """The first ``size`` bytes of a stream, or as many as a stream cut short holds."""
    pieces: list[bytes] = []
    with open_binary() as handle:
        try:
            while size > 0 and (piece := handle.read(min(size, 1 << 16))):
                pieces.append(piece)
                size -= len(piece)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            pass
    return b"".join(pieces)


def _stream_decodes(open_binary: Opener, encoding: str, chunk_size: int) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_binary() as handle:
            while chunk := handle.read(chunk_size):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return True  # compressed data cut short: judged on what could be read, the damage is reported after its rows
    return True


def full_suffix(name: str | Path) -> str:
    """A file's format suffix, compound for compressed records: ``.jsonl.gz``, ``.csv``, ``.zip``, ``""``."""
    lowered = str(name).lower()
    for suffix in COMPRESSED_RECORD_SUFFIXES:
        if lowered.endswith(suffix):
            return suffix
    return Path(lowered).suffix


def check_readable(path: Path) -> None:
    """Raise the right ArticleError if ``path`` is missing, a folder, empty, binary or of an unknown type."""
    if not path.exists():
        raise ArticleNotFoundError(path, "no such file")
    if not path.is_file():
        raise ArticleNotFoundError(path, "is a directory, not a file" if path.is_dir() else "not a regular file")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        if path.stat().st_size <= len(head):
            raise EmptyArticleError(path, "no text (empty or whitespace only)")
    suffix = full_suffix(path)
    if suffix in COMPRESSED_RECORD_SUFFIXES:
        if not head.startswith(b"\x1f\x8b"):
            raise MalformedRecordsError(path, f"not gzip-compressed data, as {suffix!r} says")
        return
    if looks_binary(head):
        raise BinaryArticleError(path, _binary_kind(head))
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(s for s in SUPPORTED_SUFFIXES | COMPRESSED_RECORD_SUFFIXES if s))
        raise UnsupportedFormatError(path, f"unsupported extension {suffix!r} (supported: {supported}, or no extension)")


def _opener(path: Path) -> Opener:
    if full_suffix(path) in COMPRESSED_RECORD_SUFFIXES:
        return lambda: gzip.open(path, "rb")
    return lambda: path.open("rb")


def _record_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    """The raw records of a JSON/JSONL/CSV file (or its ``.gz``), each with the problem that makes it unreadable (or None)."""
    check_readable(path)
    return records_of(_opener(path), full_suffix(path), source=path)


def records_of(open_binary: Opener, suffix: str, *, source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    """The raw records of a byte stream in the format ``suffix`` (``.json``, ``.jsonl``, ``.csv``, or one of them ``.gz``)."""
    suffix = suffix.removesuffix(".gz")
    rows = {".json": _json_rows, ".jsonl": _jsonl_rows, ".csv": _csv_rows}.get(suffix)
    if rows is None:
        raise UnsupportedFormatError(source, f"read_records reads .json, .jsonl and .csv (or them .gz), not {suffix!r}")
    return _damage_as_error(rows(open_binary, source), source)


def _damage_as_error(rows: Iterator[tuple[Any, ArticleError | None]], source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    """The rows, with a compressed stream cut short or corrupt raised as MalformedRecordsError after the rows read before it."""
    try:
        yield from rows
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as error:
        raise MalformedRecordsError(source, f"compressed data cut short or damaged ({' '.join(str(error).split())[:120] or type(error).__name__})") from None


def _json_rows(open_binary: Opener, source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    """The records of a .json file: a list of objects is streamed (ijson), so a large file is not
    read whole; a single object (one article), or a file that is not UTF-8, is read whole."""
    encoding = stream_encoding(open_binary, source=source)
    with open_binary() as handle:
        head = handle.read(4096).lstrip(codecs.BOM_UTF8).lstrip()
    if encoding == "utf-8-sig" and head.startswith(b"["):
        yield from _json_array_rows(open_binary, source)
        return
    with open_binary() as handle:
        text = decode_bytes(handle.read(), source=source)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedRecordsError(source, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise MalformedRecordsError(source, f"a .json file must hold an object or a list of objects, not {type(document).__name__}")
    for record in document:
        yield record, None


def _json_array_rows(open_binary: Opener, source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    """The items of a UTF-8 JSON array, one at a time; invalid JSON ends the file with an error
    after the records read before it."""
    import ijson

    rows = 0
    with open_binary() as handle:
        if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            handle.seek(0)
        try:
            for record in ijson.items(handle, "item", use_float=True):
                yield record, None
                rows += 1
        except ijson.JSONError as error:
            where = "at the start" if not rows else f"after {rows:,} records"
            reason = next((line.strip() for line in str(error).splitlines() if line.strip()), "malformed")
            raise MalformedRecordsError(source, f"invalid JSON {where}: {reason}") from None


def _jsonl_rows(open_binary: Opener, source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    encoding = stream_encoding(open_binary, source=source)
    with io.TextIOWrapper(open_binary(), encoding=encoding, newline="") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line), None
            except json.JSONDecodeError as error:
                yield None, MalformedRecordsError(source, f"invalid JSON on line {line_number}: {error.msg}")


def _csv_rows(open_binary: Opener, source: object) -> Iterator[tuple[Any, ArticleError | None]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default
    encoding = stream_encoding(open_binary, source=source)
    with io.TextIOWrapper(open_binary(), encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            columns = [str(name).strip().lower() for name in (reader.fieldnames or [])]
            if not any(name in columns for name in TEXT_FIELDS):
                raise MissingTextError(source, f"no text column (expected one of {', '.join(TEXT_FIELDS)}; columns: {', '.join(columns)[:120] or 'none'})")
            for record in reader:
                record.pop(None, None)  # cells beyond the header
                yield record, None
        except csv.Error as error:
            raise MalformedRecordsError(source, f"malformed CSV near line {reader.line_num}: {error}") from None
