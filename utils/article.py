"""Reading an article: formats, decoding, metadata, and paragraphs typed as lead, body, caption or credit.

``load_article(path)`` reads one file (text, HTML, or one row of JSON/JSONL/CSV);
``read_records(path)`` streams every row of a JSON/JSONL/CSV file; ``article_from_text(text)``
takes a string. They return :class:`Article` objects whose ``text`` is the exact string every later
offset refers to: the paragraphs of the article (standfirst first) joined by blank lines, with any
metadata header removed. Bad input raises one of the errors in :mod:`utils.errors`, never writes.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import functools
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from utils.errors import (
    ArticleDecodeError,
    ArticleError,
    ArticleNotFoundError,
    BinaryArticleError,
    EmptyArticleError,
    MalformedDateError,
    MalformedRecordsError,
    MissingTextError,
    RowNotFoundError,
    UnsupportedFormatError,
)

PARAGRAPH_KINDS = ("lead", "body", "caption", "credit")
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
TEXT_FIELDS = ("text", "body", "content")  # the first non-empty one is the article text
MAX_TITLE_CHARS = 300  # a longer "title" (from a record or a page) is not kept as a title

# A header line in the seed format: "date YYYY-MM-DD" (the standfirst may follow on the same line).
# The value must start with a digit, so a first line such as "Date night ..." stays text.
DATE_HEADER = re.compile(r"\A[ \t\n]*date[ \t]*:?[ \t]+(?P<value>\d\S{0,40})(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,500}?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, with its place in ``Article.text``."""

    paragraph_id: int
    kind: str
    text: str
    start_char: int
    end_char: int
    language: str
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """An article's text and metadata; ``paragraphs`` cover ``text`` in order."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    category: str | None = None
    path: Path | None = field(default=None, compare=False)
    record_id: str | None = field(default=None, compare=False)  # the ``id`` field of a JSON/CSV/Parquet record

    @property
    def id(self) -> str:
        """A content hash: the same text always gets the same id."""
        return text_hash(self.text)[:16]

    @property
    def standfirst(self) -> str | None:
        """The lead paragraph's text, or None when the article has no standfirst."""
        leads = self.paragraphs_of_kind("lead")
        return leads[0].text if leads else None

    @property
    def language(self) -> str:
        """The language of most of the article's characters."""
        return majority_language((paragraph.language, len(paragraph.text)) for paragraph in self.paragraphs) or "und"

    def paragraphs_of_kind(self, *kinds: str) -> list[Paragraph]:
        """The paragraphs whose kind is one of ``kinds``."""
        return [paragraph for paragraph in self.paragraphs if paragraph.kind in kinds]


def text_hash(text: str) -> str:
    """The SHA-256 hex digest of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, *, source: object) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252, else latin-1; CRLF becomes LF."""
    if looks_binary(data):
        raise BinaryArticleError(source, _binary_kind(data))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
        if _control_ratio(text) > 0.01:
            raise ArticleDecodeError(source, "bytes are not UTF-8, cp1252 or latin-1 text")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes, known binary signatures, or mostly control bytes."""
    if _binary_kind(data) != "binary data, not text":
        return True
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


def file_encoding(path: Path, *, chunk_size: int = 1 << 20) -> str:
    """The encoding a text file can be streamed with: ``utf-8-sig`` if every byte is UTF-8, else cp1252 or latin-1.

    Reads the file in chunks (constant memory); raises the decoding errors ``decode_bytes`` raises.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if looks_binary(head):
        raise BinaryArticleError(path, _binary_kind(head))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(chunk_size):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    if _control_ratio(head.decode("latin-1")) > 0.01:
        raise ArticleDecodeError(path, "bytes are not UTF-8, cp1252 or latin-1 text")
    return "latin-1"


# --------------------------------------------------------------------------- loading


def load_article(path: str | Path, *, row: int = 0) -> Article:
    """Read one article from a file, chosen by extension.

    ``.txt``/``.text``/no extension: the seed format or plain text (an HTML page saved as text is
    recognised and extracted); ``.html``/``.htm``: the page's article text and metadata
    (trafilatura); ``.json``/``.jsonl``/``.csv``: record number ``row`` (from 0).
    """
    path = Path(path)
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        if row < 0:
            raise RowNotFoundError(path, f"row {row} is negative; rows count from 0")
        count = 0
        for count, (record, problem) in enumerate(_record_rows(path), start=1):
            if count - 1 == row:
                if problem is not None:
                    raise type(problem)(path, problem.problem, row=row)
                return replace(article_from_record(record, source_name=path, row=row), path=path)
        raise RowNotFoundError(path, f"no row {row}: the file has {count} record{'s' if count != 1 else ''} (rows count from 0)")
    text = decode_bytes(path.read_bytes(), source=path)
    if not text.strip():
        raise EmptyArticleError(path, "no text (empty or whitespace only)")
    if suffix in HTML_SUFFIXES or HTML_START.match(text[:2048]):
        return replace(article_from_html(text, source_name=path), path=path)
    return replace(article_from_text(text, source_name=path), path=path)


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
    if looks_binary(head):
        raise BinaryArticleError(path, _binary_kind(head))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))
        raise UnsupportedFormatError(path, f"unsupported extension {suffix!r} (supported: {supported}, or no extension)")


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    date: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    author: str | None = None,
    category: str | None = None,
    source_name: object = "<text>",
) -> Article:
    """Build an article from raw text in the seed or plain-text format.

    A first line ``date YYYY-MM-DD`` sets the date and the rest of that line is the standfirst;
    otherwise a short first line without final punctuation is taken as the title.
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise EmptyArticleError(source_name, "no text (empty or whitespace only)")
    header = DATE_HEADER.match(text)
    if header:
        header_date = parse_date(header.group("value"), source=source_name)
        date = date or header_date
        text = header.group("rest")
    blocks = [block.strip() for block in PARAGRAPH_BREAK.split(text.strip()) if block.strip()]
    if not blocks:
        raise EmptyArticleError(source_name, "no text after the date header")
    if title is None and not header and len(blocks) > 1 and looks_like_headline(blocks[0]):
        title = blocks.pop(0)
    return build_article(
        blocks,
        has_standfirst=bool(header),
        title=clean_title(title),
        date=parse_date(date, source=source_name),
        source=source,
        url=url,
        author=author,
        category=category,
    )


def article_from_html(html_text: str, *, source_name: object = "<html>") -> Article:
    """The article in an HTML page, extracted by trafilatura with its title, date, author and url.

    Each line of trafilatura's text output is a paragraph; a first line equal to the title is dropped.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html_text, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    extracted = (document.text or "") if document is not None else ""
    if not extracted.strip():
        raise EmptyArticleError(source_name, "no article text found in the HTML page")
    blocks = [line.strip() for line in normalise_newlines(extracted).split("\n") if line.strip()]
    title = clean_title(document.title)
    if title and len(blocks) > 1 and blocks[0] == title:
        blocks.pop(0)
    try:
        date = parse_date(document.date, source=source_name)
    except MalformedDateError:
        date = None  # a page's guessed date is metadata, not a promise: drop it rather than fail
    return build_article(
        blocks,
        has_standfirst=False,
        title=title,
        date=date,
        source=document.sitename or None,
        url=document.url or None,
        author=document.author or None,
        category=", ".join(document.categories) if document.categories else None,
    )


def clean_title(title: Any) -> str | None:
    """The title on one line, or None when it is missing or absurdly long (more than MAX_TITLE_CHARS)."""
    if title is None:
        return None
    title = " ".join(str(title).split())
    return title if 0 < len(title) <= MAX_TITLE_CHARS else None


def looks_like_headline(block: str) -> bool:
    """A single short line with no sentence-final punctuation."""
    return "\n" not in block and len(block) <= 150 and len(block.split()) <= 20 and not block.rstrip().endswith((".", ":", ";", ","))


ISO_DATE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ][0-9:.,+\-Z ]{0,30})?")
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")


def parse_date(value: dt.date | str | None, *, source: object, row: int | None = None) -> dt.date | None:
    """A date from ISO ``YYYY-MM-DD`` (optionally with a time), RFC 2822 or "7 December 2023"; None stays None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    value = str(value).strip()
    if not value:
        return None
    match = ISO_DATE.fullmatch(value)
    try:
        if match:
            return dt.date.fromisoformat(match.group("date"))
        for date_format in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        return email.utils.parsedate_to_datetime(value).date()
    except (ValueError, TypeError, IndexError):
        pass
    raise MalformedDateError(source, f"date {value[:40]!r} is not a real date (expected YYYY-MM-DD)", row=row)


def build_article(blocks: Iterable[str], *, has_standfirst: bool, **metadata: Any) -> Article:
    """Join paragraph blocks into the article text; type each paragraph and detect its language."""
    texts = [" ".join(line.strip(" \t") for line in block.split("\n")) for block in blocks]  # one line each
    kinds = [classify_paragraph(text, is_first=index == 0, has_standfirst=has_standfirst) for index, text in enumerate(texts)]
    languages = assign_languages([text if credit is None else caption_text(text, credit) for text, (_, credit) in zip(texts, kinds)])
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, (text, (kind, credit), language) in enumerate(zip(texts, kinds, languages)):
        paragraphs.append(Paragraph(index, kind, text, offset, offset + len(text), language, credit))
        offset += len(text) + 2
    return Article(text="\n\n".join(texts), paragraphs=tuple(paragraphs), **metadata)


# --------------------------------------------------------------------------- records: JSON, JSONL, CSV


def read_records(path: str | Path) -> Iterator[Article | ArticleError]:
    """Every row of a ``.json`` (an object or a list of objects), ``.jsonl`` or ``.csv`` file, in order.

    Yields one Article per good row and, for a bad row, the ArticleError (MissingTextError,
    MalformedDateError, MalformedRecordsError...) naming the file and row (from 0), so one bad row
    does not stop a corpus. JSONL and CSV are streamed line by line. Problems with the whole file
    (missing, binary, undecodable, unsupported, invalid JSON document, CSV without a text column)
    are raised, not yielded.
    """
    path = Path(path)
    for row, (record, problem) in enumerate(_record_rows(path)):
        if problem is not None:
            yield type(problem)(path, problem.problem, row=row)
            continue
        try:
            yield replace(article_from_record(record, source_name=path, row=row), path=path)
        except ArticleError as error:
            yield error


def _record_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    """The raw records of a JSON/JSONL/CSV file, each with the problem that makes it unreadable (or None)."""
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path)
    if suffix == ".jsonl":
        return _jsonl_rows(path)
    if suffix == ".csv":
        return _csv_rows(path)
    raise UnsupportedFormatError(path, f"read_records reads .json, .jsonl and .csv, not {suffix!r}")


def article_from_record(record: dict, *, source_name: object, row: int | None = None) -> Article:
    """An article from one record: text from ``text``, ``body`` or ``content`` (first non-empty);
    optional ``id`` (kept as ``record_id``), ``title``, ``date``, ``source``, ``url``, ``author``,
    ``category`` (field names are case-insensitive). Raises MissingTextError (or
    MalformedDateError) naming ``source_name``, ``row`` and the record's id."""
    if not isinstance(record, dict):
        raise MalformedRecordsError(source_name, f"a record must be an object with a text field, not {type(record).__name__}", row=row)
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    record_id = _as_str(fields.get("id"))
    try:
        text = next((fields[name] for name in TEXT_FIELDS if _present(fields.get(name))), None)
        if text is None:
            present = ", ".join(sorted(fields)) or "none"
            raise MissingTextError(source_name, f"no text (expected a non-empty field {', '.join(TEXT_FIELDS)}; fields: {present[:120]})")
        if not isinstance(text, str):
            raise MissingTextError(source_name, f"the text field holds {type(text).__name__}, not text")
        metadata = {name: _as_str(fields.get(name)) for name in ("title", "source", "url", "author", "category")}
        date = parse_date(_as_str(fields.get("date")), source=source_name)
        article = article_from_text(text, date=date, source_name=source_name, **metadata)
    except ArticleError as error:
        raise type(error)(error.source, error.problem, row=row if error.row is None else error.row, record_id=record_id) from None
    return replace(article, record_id=record_id)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _as_str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    value = str(value).strip()
    return value or None


def _json_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    """The records of a .json file: a list of objects is streamed (ijson), so a large file is not
    read whole; a single object (one article), or a file that is not UTF-8, is read whole."""
    encoding = file_encoding(path)
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(codecs.BOM_UTF8).lstrip()
    if encoding == "utf-8-sig" and head.startswith(b"["):
        yield from _json_array_rows(path)
        return
    text = decode_bytes(path.read_bytes(), source=path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedRecordsError(path, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise MalformedRecordsError(path, f"a .json file must hold an object or a list of objects, not {type(document).__name__}")
    for record in document:
        yield record, None


def _json_array_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    """The items of a UTF-8 JSON array, one at a time; invalid JSON ends the file with an error
    after the records read before it."""
    import ijson

    rows = 0
    with path.open("rb") as handle:
        if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            handle.seek(0)
        try:
            for record in ijson.items(handle, "item", use_float=True):
                yield record, None
                rows += 1
        except ijson.JSONError as error:
            where = "at the start" if not rows else f"after {rows:,} records"
            reason = next((line.strip() for line in str(error).splitlines() if line.strip()), "malformed")
            raise MalformedRecordsError(path, f"invalid JSON {where}: {reason}") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    encoding = file_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line), None
            except json.JSONDecodeError as error:
                yield None, MalformedRecordsError(path, f"invalid JSON on line {line_number}: {error.msg}")


def _csv_rows(path: Path) -> Iterator[tuple[Any, ArticleError | None]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default
    encoding = file_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            columns = [str(name).strip().lower() for name in (reader.fieldnames or [])]
            if not any(name in columns for name in TEXT_FIELDS):
                raise MissingTextError(path, f"no text column (expected one of {', '.join(TEXT_FIELDS)}; columns: {', '.join(columns)[:120] or 'none'})")
            for record in reader:
                record.pop(None, None)  # cells beyond the header
                yield record, None
        except csv.Error as error:
            raise MalformedRecordsError(path, f"malformed CSV near line {reader.line_num}: {error}") from None


# --------------------------------------------------------------------------- paragraph kinds

AGENCIES = (
    r"AFP|AP|Reuters|REUTERS|Getty Images|Getty|EPA(?:-EFE)?|EFE|POOL|Pool|Sputnik|SPUTNIK|Xinhua|XINHUA|TASS|"
    r"Anadolu(?: Agency)?|Bloomberg|Shutterstock|Alamy|PA(?: Wire| Media)?|UPI|ANSA|dpa|DPA|Kyodo|"
    r"Yonhap|NurPhoto|SOPA Images|LightRocket|WANA|IRNA|Zuma(?: Press)?|ZUMA|Corbis|KCNA|Abaca|ABACA|"
    r"SIPA|Sipa|AAP|Imago|IMAGO|Handout|HANDOUT|Reuters TV|AP Photo|AFP Photo"
)
CREDIT_SCAN_CHARS = 300  # credits sit at a paragraph's start or end: only that much is scanned (no quadratic regexes)

# At the start: "X / Y / AGENCY" (one to three slash-separated parts ending with an agency).
SLASH_CREDIT = re.compile(rf"\A(?P<credit>(?:[^/\n.!?;:]{{2,60}}?\s*/\s*){{1,3}}(?:{AGENCIES}))(?=\s|\Z)")
# At the start: "Name SURNAME (AGENCY)", a photographer's name followed by the agency in parentheses.
NAME_CREDIT = re.compile(
    rf"\A(?P<credit>(?:[A-Z][\w'’-]+\s+){{0,3}}[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){{0,3}}\s*\((?:[^()\n]{{0,40}}/\s*)?(?:{AGENCIES})(?:\s*/\s*(?:File|Files|FILE|HO|Handout|HANDOUT|Pool|POOL))?\))(?=\s|\Z)"
)
# At the start: "Photo: ...AGENCY", "Photograph: Jane Doe/Reuters", "(Photo by X/Getty Images)".
LABELLED_CREDIT = re.compile(
    rf"\A(?P<credit>\(?(?:Photo(?:graph)?|Picture|Image|Credit|Photo credit)s?(?: by)?\s*:?\s*[^\n()]{{0,80}}?(?:{AGENCIES})\)?)(?=\s|\Z)",
    re.IGNORECASE,
)
# At the start: the agency alone, as in "AFP" or "Getty Images" (a bare credit paragraph).
AGENCY_ONLY = re.compile(rf"\A(?P<credit>(?:{AGENCIES})(?:\s*/\s*(?:{AGENCIES})){{0,2}})\Z")
# At the end (searched in the last CREDIT_SCAN_CHARS characters): "(AP Photo/Name)", "(Photo by X/Getty Images)",
# "REUTERS/Name/File Photo", "Photograph: Name/AP", "Name / AFP".
TRAILING_CREDIT = re.compile(
    rf"(?P<credit>\((?:{AGENCIES}) Photo\s*/\s*[^()\n]{{1,80}}\)"
    rf"|\((?:Photo(?:graph)?|Picture|Image)s?(?: by|:)\s*[^()\n]{{1,80}}\)"
    rf"|(?:REUTERS|AFP|EPA|AP)\s*/\s*[A-Z][^/\n()]{{1,60}}(?:/\s*File(?: Photo)?)?"
    rf"|(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]*(?:\s*/\s*[A-Z][\w'’ -]{{1,40}}?){{0,2}}\s*/\s*(?:{AGENCIES}))\.?\s*\Z"
)
CREDIT_PATTERNS = (SLASH_CREDIT, NAME_CREDIT, LABELLED_CREDIT, AGENCY_ONLY)
# At the end: a capitalised label and a colon, then the credit: "Image: United States Navy.",
# "Photo: U.S. Navy", "Picture: Jane Doe/PA", "Photograph: Sergei Savostyanov/AP", "Image credit:
# NASA/JPL", "Photo courtesy of the White House". The label is distinctive enough to stand after a
# caption without a full stop ("The USS Nimitz at sea Image: United States Navy."). The credit may
# hold initials and dotted abbreviations ("J. Smith", "U.S. Navy") but no other full stop.
TRAILING_LABELLED_CREDIT = re.compile(
    r"(?<!\S)(?P<credit>(?:Photo(?:graph)?|Picture|Pic|Image|Illustration|Video|Credit)s?"
    r"(?:\s+(?:credit|courtesy(?:\s+of)?|source|by))?\s*:\s*(?=[A-Z0-9©@])"
    r"(?:[^.\n:!?]|(?<=\b[A-Z])\.(?=\s?\S)){1,80}?)\.?\s*\Z"
    r"|(?<!\S)(?P<courtesy>(?:Photo(?:graph)?|Picture|Image)s?\s+(?:courtesy\s+of|by)\s+(?:the\s+)?[A-Z](?:[^.\n:!?]|(?<=\b[A-Z])\.(?=\s?\S)){1,80}?)\.?\s*\Z"
)

# Caption phrasing (for paragraphs of at most CAPTION_MAX_WORDS words without a credit).
CAPTION_MAX_WORDS = 60
CAPTION_PHRASING = re.compile(
    r"\A(?:"
    r"(?:In\s+)?(?:this|a|the)\s+(?:[\w-]+\s+){0,3}?(?:photo(?:graph)?|picture|image|handout|screen\s?grab|video\s+grab|still)"
    r"\s+(?:[\w,'’-]+\s+){0,8}?(?:shows?|showing|taken|released|provided|distributed|made\s+available|obtained|published|posted|dated)\b"
    r"|FILE\s+(?:PHOTO|PICTURE)\b|File\s+(?:photo|picture)\s*[:—–-]"
    r"|(?:Pictured|Above|Below|Top|Bottom|Main\s+image|Inset|Left|Right)\s*[:—–]"
    r")",
    re.IGNORECASE,
)
POSITION_MARKER = re.compile(
    r"\((?:L|R|C|left|right|centre|center|L\s*-\s*R|R\s*-\s*L|from\s+(?:left|L)|2nd\s+[LR]|second\s+(?:left|right))\)"
    r"|[A-Z][\w'’-]+,\s+(?:left|right|centre|center),"
)


def find_credit(paragraph: str) -> str | None:
    """The photo credit a paragraph starts or ends with, if any ("Mladen ANTONOV (AFP)", "(AP Photo/Jane Doe)")."""
    head = paragraph[:CREDIT_SCAN_CHARS]
    for pattern in CREDIT_PATTERNS:
        match = pattern.match(head)
        if match and (pattern is not AGENCY_ONLY or len(paragraph) <= CREDIT_SCAN_CHARS):
            # what follows a leading credit starts a new sentence ("... / AP Des drones"), unlike
            # "Officials told AP / Reuters reporters that ...".
            following = paragraph[match.end() :].lstrip()
            if not following or following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘'(":
                return match.group("credit")
    tail_start = max(0, len(paragraph) - CREDIT_SCAN_CHARS)
    labelled = TRAILING_LABELLED_CREDIT.search(paragraph, tail_start)
    if labelled is not None:
        if labelled.group("credit") is not None:
            return labelled.group("credit")
        # "Photo by X" / "Image courtesy of X" has no colon: only after a sentence's end or alone
        start = labelled.start("courtesy")
        if start == 0 or paragraph[:start].rstrip()[-1:] in ".!?\"”’)":
            return labelled.group("courtesy")
    position = tail_start
    while (match := TRAILING_CREDIT.search(paragraph, position)) is not None:
        start = match.start()
        # the credit must stand alone: at the paragraph's start or after the end of a sentence.
        if start == 0 or (start > tail_start and paragraph[start - 1].isspace() and paragraph[:start].rstrip()[-1:] in ".!?\"”’)"):
            return match.group("credit").rstrip(". ")
        position = start + 1
    return None


def caption_text(paragraph: str, credit: str) -> str:
    """A captioned paragraph without its credit."""
    if paragraph.startswith(credit):
        return paragraph[len(credit) :].strip()
    index = paragraph.rfind(credit)
    return (paragraph[:index] + paragraph[index + len(credit) :]).strip() if index >= 0 else paragraph


def looks_like_caption(paragraph: str) -> bool:
    """Caption phrasing ("This photo taken on ... shows", "FILE PHOTO", "Putin, left, ...") in a short paragraph."""
    if len(paragraph.split(None, CAPTION_MAX_WORDS + 1)) > CAPTION_MAX_WORDS:
        return False
    return bool(CAPTION_PHRASING.match(paragraph[:CREDIT_SCAN_CHARS]) or POSITION_MARKER.search(paragraph))


def classify_paragraph(paragraph: str, *, is_first: bool, has_standfirst: bool) -> tuple[str, str | None]:
    """The paragraph's kind and its credit: ``caption`` (with or without a credit), ``credit`` alone, ``lead`` or ``body``."""
    credit = find_credit(paragraph)
    if credit is not None:
        # what is left once the credit is gone may be its own full stop ("Image: U.S. Navy.")
        return ("caption", credit) if caption_text(paragraph, credit).strip(" .") else ("credit", credit)
    if looks_like_caption(paragraph):
        return "caption", None
    if is_first and has_standfirst:
        return "lead", None
    return "body", None


# --------------------------------------------------------------------------- language

MIN_WORDS_FOR_LANGUAGE = 4  # shorter paragraphs take the article's language
MIN_LANGUAGE_CONFIDENCE = 0.8  # less confident guesses also take the article's language
LANGUAGE_SCAN_CHARS = 20_000  # a language is decided on a paragraph's first characters
DEFAULT_LANGUAGE = "en"  # for an article too short to tell
_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> tuple[str, float] | None:
    """py3langid's (ISO 639-1 code, probability) for a text, or None when it has under MIN_WORDS_FOR_LANGUAGE words."""
    sample = text[:LANGUAGE_SCAN_CHARS]
    if len(_WORD.findall(sample[:2000])) < MIN_WORDS_FOR_LANGUAGE:
        return None
    language, probability = _language_identifier().classify(sample)
    return str(language), float(probability)


def detect_language(text: str, *, default: str = DEFAULT_LANGUAGE) -> str:
    """The text's language when py3langid is confident (probability ≥ MIN_LANGUAGE_CONFIDENCE), else ``default``."""
    guess = guess_language(text)
    return guess[0] if guess and guess[1] >= MIN_LANGUAGE_CONFIDENCE else default


def majority_language(weighted: Iterable[tuple[str, int]]) -> str | None:
    """The language with the largest total weight, or None for no input."""
    weights: dict[str, int] = {}
    for language, weight in weighted:
        weights[language] = weights.get(language, 0) + weight
    return max(weights, key=weights.get) if weights else None


def assign_languages(texts: list[str]) -> list[str]:
    """One language per paragraph: confident guesses stand; short or doubtful paragraphs take the
    majority language of the confident ones (by characters), or of the whole text, or DEFAULT_LANGUAGE.
    (Measured on English news: under four words py3langid is wrong 55-100% of the time.)"""
    guesses = [guess_language(text) for text in texts]
    confident = [guess[0] if guess and guess[1] >= MIN_LANGUAGE_CONFIDENCE else None for guess in guesses]
    majority = majority_language((language, len(text)) for language, text in zip(confident, texts) if language)
    if majority is None:
        majority = detect_language(" ".join(texts)[:LANGUAGE_SCAN_CHARS])
    return [language or majority for language in confident]


def metadata_table(article: Article) -> "pd.DataFrame":
    """The article's metadata as a two-column (field, value) table."""
    import pandas as pd

    fields = {
        "id": article.id,
        "record id": article.record_id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "category": article.category,
        "file": article.path.name if article.path else None,
        "language": article.language,
        "paragraphs": len(article.paragraphs),
        "characters": len(article.text),
        "standfirst": article.standfirst,
    }
    return pd.DataFrame({"field": list(fields), "value": [("" if value is None else str(value)) for value in fields.values()]})


# --------------------------------------------------------------------------- repeated sentences

REPEAT_MIN_WORDS = 6  # shorter standfirst sentences are never treated as repeats
REPEAT_MIN_SHARE = 0.8  # share of a standfirst sentence's word trigrams found in one body sentence
_WORD_OR_NUMBER = re.compile(r"\w+")


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD_OR_NUMBER.findall(text.casefold())
    return {tuple(words[index : index + 3]) for index in range(len(words) - 2)}


def mark_repeated_sentences(sentences: "pd.DataFrame", *, keep_in_scope: bool = False) -> "pd.DataFrame":
    """The sentences table with ``duplicate_of``: for a standfirst (lead) sentence that repeats a
    body sentence (at least REPEAT_MIN_SHARE of its word trigrams, and REPEAT_MIN_WORDS words), the
    ``sentence_id`` of that body sentence, else -1. Repeats are set out of scope (so they count
    once) unless ``keep_in_scope``."""
    sentences = sentences.copy()
    duplicate_of = [-1] * len(sentences)
    kinds = sentences["paragraph_kind"].tolist()
    in_scope = sentences["in_scope"].tolist()
    texts = sentences["text"].tolist()
    ids = sentences["sentence_id"].tolist()
    body = [(ids[index], _trigrams(texts[index])) for index in range(len(texts)) if kinds[index] == "body" and in_scope[index]]
    for index in range(len(texts)):
        if kinds[index] != "lead" or not in_scope[index] or len(_WORD_OR_NUMBER.findall(texts[index])) < REPEAT_MIN_WORDS:
            continue
        lead = _trigrams(texts[index])
        best_id, best_share = -1, 0.0
        for body_id, body_trigrams in body:
            share = len(lead & body_trigrams) / len(lead) if lead else 0.0
            if share > best_share:
                best_id, best_share = body_id, share
        if best_share >= REPEAT_MIN_SHARE:
            duplicate_of[index] = best_id
            in_scope[index] = keep_in_scope
    sentences["in_scope"] = in_scope
    sentences["duplicate_of"] = duplicate_of
    return sentences
