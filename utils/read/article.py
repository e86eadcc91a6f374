"""Reading an article: formats, decoding, metadata, and paragraphs typed as lead, body, caption or credit.

``load_article(path)`` reads one file (text, HTML, or one row of JSON/JSONL/CSV);
``read_records(path)`` streams every row of a JSON/JSONL/CSV file; ``article_from_text(text)``
takes a string. They return :class:`Article` objects whose ``text`` is the exact string every later
offset refers to: a ``str`` exactly as given, a text file as decoded (newlines as Python's text mode
reads them), the text field of a record, the text trafilatura extracts from a page. Paragraphs
(a ``metadata`` header, a ``headline``, the standfirst, body, captions) are spans over that text,
never a rewrite of it. Bad input raises one of the errors in :mod:`utils.errors`, never writes.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from utils.errors import ArticleError, EmptyArticleError, MalformedDateError, MalformedRecordsError, MissingTextError, RowNotFoundError
from utils.read.formats import (
    COMPRESSED_RECORD_SUFFIXES, HTML_START, HTML_SUFFIXES, RECORD_SUFFIXES, TEXT_FIELDS, _record_rows, check_readable, decode_bytes,
    full_suffix, normalise_newlines,
)
from utils.read.kinds import caption_text, classify_paragraph
from utils.read.language import assign_languages, majority_language
from utils.read.web import FETCH_TIMEOUT_SECONDS, fetch_page, is_url

MAX_TITLE_CHARS = 300  # a longer "title" (from a record or a page) is not kept as a title

# A header line in the seed format: "date YYYY-MM-DD" (the standfirst may follow on the same line).
# The value must start with a digit, so a first line such as "Date night ..." stays text.
DATE_HEADER = re.compile(r"\A[\s\ufeff]*(?P<header>date[ \t]*:?[ \t]+(?P<value>\d\S{0,40}))", re.IGNORECASE)
LINE_BREAK = r"(?:\r\n?|\n)"
PARAGRAPH_BREAK = re.compile(rf"{LINE_BREAK}[ \t]*{LINE_BREAK}")  # a blank line
_LINE = re.compile(r"[^\r\n]+")
Span = tuple[int, int]
class ParagraphLanguages:
    """The languages of an article's paragraphs (:func:`assign_languages`), guessed on first use.

    Guessing is most of the time of reading an article, and an article whose tables are cached
    never needs it; a corpus run's worker processes, not the process reading the corpus, pay it.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts: list[str] | None = list(texts)
        self._languages: list[str] | None = None

    def __getitem__(self, index: int) -> str:
        if self._languages is None:
            self._languages, self._texts = assign_languages(self._texts), None
        return self._languages[index]

    def __getstate__(self) -> dict:  # picklable for worker processes, guessed or not
        return {"_texts": self._texts, "_languages": self._languages}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, with its place in ``Article.text``; ``language`` is guessed on first use."""

    paragraph_id: int
    kind: str
    text: str
    start_char: int
    end_char: int
    languages: ParagraphLanguages | str = field(repr=False, compare=False)  # the article's guesses, or this paragraph's language
    credit: str | None = None

    @property
    def language(self) -> str:
        """ISO 639-1 code of the paragraph's language (py3langid; short or doubtful paragraphs take the article's)."""
        return self.languages if isinstance(self.languages, str) else self.languages[self.paragraph_id]


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


def load_article(path: str | Path, *, row: int = 0) -> Article:
    """Read one article from a file, chosen by extension, or from a web page by its URL.

    ``.txt``/``.text``/no extension: the seed format or plain text (an HTML page saved as text is
    recognised and extracted); ``.html``/``.htm``: the page's article text and metadata
    (trafilatura); ``.json``/``.jsonl``/``.csv``: record number ``row`` (from 0); an ``http(s)://``
    address (a ``str``): the page fetched by trafilatura (:func:`load_url`).
    """
    if is_url(path):
        return load_url(str(path))
    path = Path(path)
    check_readable(path)
    suffix = full_suffix(path)
    if suffix in RECORD_SUFFIXES | COMPRESSED_RECORD_SUFFIXES:
        if row < 0:
            raise RowNotFoundError(path, f"row {row} is negative; rows count from 0")
        count = 0
        for count, (record, problem) in enumerate(_record_rows(path), start=1):
            if count - 1 == row:
                if problem is not None:
                    raise type(problem)(path, problem.problem, row=row)
                return replace(article_from_record(record, source_name=path, row=row), path=path)
        raise RowNotFoundError(path, f"no row {row}: the file has {count} record{'s' if count != 1 else ''} (rows count from 0)")
    return replace(article_from_bytes(path.read_bytes(), suffix=suffix, source_name=path), path=path)


def article_from_bytes(data: bytes, *, suffix: str, source_name: object) -> Article:
    """An article from the bytes of a text or HTML file (``suffix`` says which; a page saved as text is recognised)."""
    text = decode_bytes(data, source=source_name)
    if not text.strip():
        raise EmptyArticleError(source_name, "no text (empty or whitespace only)")
    if suffix in HTML_SUFFIXES or HTML_START.match(text[:2048]):
        return article_from_html(text, source_name=source_name)
    return article_from_text(text, source_name=source_name)


def load_url(url: str, *, timeout: float = FETCH_TIMEOUT_SECONDS) -> Article:
    """The article of the web page at ``url``: its text (trafilatura), title, date, author, site name and URL."""
    html, final_url = fetch_page(url, timeout=timeout)
    return article_from_html(html, source_name=url.strip(), url=final_url)


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
    """Build an article from raw text in the seed or plain-text format; ``Article.text`` is ``text`` unchanged.

    A first line ``date YYYY-MM-DD`` sets the date: the header is a ``metadata`` paragraph and the
    rest of that line is the standfirst (``lead``). Otherwise a short first line without final
    punctuation (or one equal to ``title``) is a ``headline`` paragraph, and ``title`` its text.
    """
    if not text.strip():
        raise EmptyArticleError(source_name, "no text (empty or whitespace only)")
    header = DATE_HEADER.match(text)
    spans: list[Span] = []
    kinds: list[str | None] = []  # None: classified by its text
    if header:
        header_date = parse_date(header.group("value"), source=source_name)
        date = date or header_date
        spans.append(header.span("header"))
        kinds.append("metadata")
    blocks = paragraph_spans(text, header.end() if header else 0)
    if not blocks:
        raise EmptyArticleError(source_name, "no text after the date header")
    if not header and len(blocks) > 1:
        first = one_line(text[blocks[0][0] : blocks[0][1]])
        if (title is None and looks_like_headline(first)) or (title is not None and first == clean_title(title)):
            title = first if title is None else title
            spans.append(blocks.pop(0))
            kinds.append("headline")
    spans += blocks
    kinds += [None] * len(blocks)
    return build_article(
        text,
        spans,
        kinds,
        has_standfirst=bool(header),
        title=clean_title(title),
        date=parse_date(date, source=source_name),
        source=source,
        url=url,
        author=author,
        category=category,
    )


def article_from_html(html_text: str, *, source_name: object = "<html>", url: str | None = None) -> Article:
    """The article in an HTML page, extracted by trafilatura with its title, date, author and url
    (``url``, where the page was fetched from, when the page names none).

    ``Article.text`` is trafilatura's text output; each of its lines is a paragraph, and a first line
    equal to the title is the ``headline`` paragraph.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html_text, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    return article_from_document(document, source_name=source_name, url=url)


def article_from_document(document: Any, *, source_name: object, url: str | None = None) -> Article:
    """An article from a trafilatura document (``bare_extraction``): its text, lines as paragraphs, and its metadata."""
    extracted = normalise_newlines((document.text or "") if document is not None else "")
    if not extracted.strip():
        raise EmptyArticleError(source_name, "no article text found in the HTML page")
    lines = [span for match in _LINE.finditer(extracted) if (span := _trim(extracted, *match.span()))[1] > span[0]]
    title = clean_title(document.title)
    kinds: list[str | None] = [None] * len(lines)
    if title and len(lines) > 1 and one_line(extracted[lines[0][0] : lines[0][1]]) == title:
        kinds[0] = "headline"
    try:
        date = parse_date(document.date, source=source_name)
    except MalformedDateError:
        date = None  # a page's guessed date is metadata, not a promise: drop it rather than fail
    return build_article(
        extracted,
        lines,
        kinds,
        has_standfirst=False,
        title=title,
        date=date,
        source=document.sitename or None,
        url=document.url or url or None,
        author=document.author or None,
        category=", ".join(document.categories) if document.categories else None,
    )


# The end of a paragraph written on its own line: sentence-final punctuation, maybe closing quotes.
_PARAGRAPH_END = re.compile(r"[.!?…][\"'”’)\]]*\Z")
_STARTS_PARAGRAPH = re.compile(r"[\"“‘'«]?[A-Z0-9]")  # a paragraph after a headline starts with a capital or a digit
HARD_WRAP_MAX_CHARS = 100  # lines of a hard-wrapped paragraph are at most this long


def _trim(text: str, start: int, end: int) -> Span:
    """``(start, end)`` narrowed to leave out whitespace (and a byte order mark) at either end."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def one_line(text: str) -> str:
    """A paragraph's lines joined by single spaces (what kinds and languages are decided on)."""
    return " ".join(line.strip(" \t") for line in _LINE.findall(text) if line.strip(" \t")) if ("\n" in text or "\r" in text) else text


def paragraph_spans(text: str, start: int = 0) -> list[Span]:
    """The paragraphs of plain text from ``start`` on, as (start, end) offsets into ``text``: blocks
    between blank lines, and one paragraph per line where the lines are paragraphs.

    Lines are paragraphs when every line break of a block follows a paragraph's end (sentence-final
    punctuation) or a headline-like first line, and, for text without any blank line, also when the lines
    are not hard-wrapped (most breaks mid-sentence in lines of at most HARD_WRAP_MAX_CHARS
    characters). So scraped text with one paragraph per line keeps its paragraphs and its headline,
    while a hard-wrapped paragraph stays one paragraph (its line breaks stay in its text).
    """
    blocks: list[Span] = []
    position = start
    for match in PARAGRAPH_BREAK.finditer(text, start):
        blocks.append(_trim(text, position, match.start()))
        position = match.end()
    blocks.append(_trim(text, position, len(text)))
    blocks = [block for block in blocks if block[1] > block[0]]
    result: list[Span] = []
    for position, block in enumerate(blocks):
        line_spans = [span for match in _LINE.finditer(text, *block) if (span := _trim(text, *match.span()))[1] > span[0]]
        if len(line_spans) < 2:
            result.append(block)
            continue
        lines = [text[line_start:line_end] for line_start, line_end in line_spans]
        # a headline line above the first paragraph, when the paragraph lines are not wrapped
        headline = (
            position == 0 and looks_like_headline(lines[0]) and _STARTS_PARAGRAPH.match(lines[1]) is not None
            and (len(blocks) == 1 or max(len(line) for line in lines[1:]) > HARD_WRAP_MAX_CHARS)
        )
        breaks_after_ends = [bool(_PARAGRAPH_END.search(line)) or (index == 0 and headline) for index, line in enumerate(lines[:-1])]
        if all(breaks_after_ends):
            result.extend(line_spans)
        elif len(blocks) == 1 and not _hard_wrapped(lines, breaks_after_ends):
            result.extend(line_spans)
        else:
            result.append(block)
    return result


def paragraph_blocks(text: str) -> list[str]:
    """The paragraphs of plain text (:func:`paragraph_spans`) as strings."""
    return [text[start:end] for start, end in paragraph_spans(text)]


def _hard_wrapped(lines: list[str], breaks_after_ends: list[bool]) -> bool:
    """Most line breaks fall mid-sentence in lines no longer than a wrapping width."""
    mid_sentence = breaks_after_ends.count(False)
    return mid_sentence * 2 >= len(breaks_after_ends) and all(len(line) <= HARD_WRAP_MAX_CHARS for line in lines[:-1])


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


def build_article(text: str, spans: Sequence[Span], kinds: Sequence[str | None], *, has_standfirst: bool, **metadata: Any) -> Article:
    """The article whose paragraphs are ``spans`` of ``text``: each typed (a given kind, or by its
    text), with its language detected on its one-line form."""
    flat = [one_line(text[start:end]) for start, end in spans]
    first_content = next((index for index, kind in enumerate(kinds) if kind is None), -1)
    typed = [
        (kind, None) if kind is not None else classify_paragraph(line, is_first=index == first_content, has_standfirst=has_standfirst)
        for index, (line, kind) in enumerate(zip(flat, kinds))
    ]
    languages = ParagraphLanguages([line if credit is None else caption_text(line, credit) for line, (_, credit) in zip(flat, typed)])
    paragraphs = tuple(
        Paragraph(index, kind, text[start:end], start, end, languages, credit)
        for index, ((start, end), (kind, credit)) in enumerate(zip(spans, typed))
    )
    return Article(text=text, paragraphs=paragraphs, **metadata)


# --------------------------------------------------------------------------- records: JSON, JSONL, CSV


def read_records(path: str | Path) -> Iterator[Article | ArticleError]:
    """Every row of a ``.json`` (an object or a list of objects), ``.jsonl`` or ``.csv`` file (or any of them ``.gz``), in order.

    Yields one Article per good row and, for a bad row, the ArticleError (MissingTextError,
    MalformedDateError, MalformedRecordsError...) naming the file and row (from 0), so one bad row
    does not stop a corpus. JSONL and CSV are streamed line by line. Problems with the whole file
    (missing, binary, undecodable, unsupported, invalid JSON document, CSV without a text column)
    are raised, not yielded.
    """
    path = Path(path)
    yield from articles_of_rows(_record_rows(path), source_name=path, path=path)


def articles_of_rows(rows: Iterable[tuple[Any, ArticleError | None]], *, source_name: object, path: Path | None = None) -> Iterator[Article | ArticleError]:
    """One Article (or the row's ArticleError) per raw record, rows counted from 0."""
    for row, (record, problem) in enumerate(rows):
        if problem is not None:
            yield type(problem)(source_name, problem.problem, row=row)
            continue
        try:
            yield replace(article_from_record(record, source_name=source_name, row=row), path=path)
        except ArticleError as error:
            yield error


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
        article = article_from_text(normalise_newlines(text), date=date, source_name=source_name, **metadata)
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


