"""Reading an article: decoding, metadata, and paragraphs typed as lead, body, caption or credit.

``load_article(path)`` reads a file; ``article_from_text(text)`` takes a string. Both return an
:class:`Article` whose ``text`` is the exact string every later offset refers to: the paragraphs
of the article (standfirst first) joined by blank lines, with any metadata header removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from utils.errors import (
    ArticleDecodeError,
    ArticleNotFoundError,
    BinaryArticleError,
    EmptyArticleError,
    MalformedDateError,
    UnsupportedFormatError,
)

PARAGRAPH_KINDS = ("lead", "body", "caption", "credit")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}

# A header line in the seed format: "date YYYY-MM-DD" (the standfirst may follow on the same line).
DATE_HEADER = re.compile(r"\A\s*date[ \t]+(?P<value>\S+)[ \t]*(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


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
    path: Path | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        """A content hash: the same text always gets the same id."""
        return text_hash(self.text)[:16]

    @property
    def language(self) -> str:
        """The language of most of the article's characters."""
        weights: dict[str, int] = {}
        for paragraph in self.paragraphs:
            weights[paragraph.language] = weights.get(paragraph.language, 0) + len(paragraph.text)
        return max(weights, key=weights.get) if weights else "und"

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
    }
    for signature, kind in signatures.items():
        if data.startswith(signature):
            return kind
    return "binary data, not text"


def _control_ratio(text: str) -> float:
    controls = sum(ord(char) < 32 and char not in "\t\n\f" for char in text)
    return controls / max(len(text), 1)


# --------------------------------------------------------------------------- loading


def load_article(path: str | Path) -> Article:
    """Read an article file; the loader is chosen by extension (.txt and friends for now)."""
    path = Path(path)
    if not path.exists():
        raise ArticleNotFoundError(path, "no such file")
    if not path.is_file():
        raise ArticleNotFoundError(path, "not a file")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedFormatError(
            path, f"unsupported extension {suffix!r} (supported: {', '.join(sorted(s for s in TEXT_SUFFIXES if s))})"
        )
    text = decode_bytes(path.read_bytes(), source=path)
    return replace(article_from_text(text, source_name=path), path=path)


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    date: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    author: str | None = None,
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
        date = date or header.group("value")
        text = header.group("rest")
        has_standfirst = True
    else:
        has_standfirst = False
    blocks = [block.strip() for block in PARAGRAPH_BREAK.split(text.strip()) if block.strip()]
    if not blocks:
        raise EmptyArticleError(source_name, "no text after the header")
    if title is None and not header and len(blocks) > 1 and looks_like_headline(blocks[0]):
        title = blocks.pop(0)
    return build_article(
        blocks,
        has_standfirst=has_standfirst,
        title=title,
        date=parse_date(date, source=source_name),
        source=source,
        url=url,
        author=author,
    )


def looks_like_headline(block: str) -> bool:
    """A single short line with no sentence-final punctuation."""
    return "\n" not in block and len(block) <= 150 and len(block.split()) <= 20 and not block.rstrip().endswith((".", ":", ";", ","))


def parse_date(value: dt.date | str | None, *, source: object) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, optionally with a time) as a ``datetime.date``."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise MalformedDateError(source, f"date {str(value)[:40]!r} is not a real YYYY-MM-DD date") from None


def build_article(
    blocks: Iterable[str],
    *,
    has_standfirst: bool,
    **metadata,
) -> Article:
    """Join paragraph blocks into the article text and type each paragraph."""
    paragraphs: list[Paragraph] = []
    pieces: list[str] = []
    offset = 0
    for index, block in enumerate(blocks):
        block = re.sub(r"[ \t]*\n[ \t]*", " ", block)  # a paragraph is one line of text
        if pieces:
            offset += 2
        kind, credit = classify_paragraph(block, is_first=index == 0, has_standfirst=has_standfirst)
        paragraphs.append(
            Paragraph(
                paragraph_id=index,
                kind=kind,
                text=block,
                start_char=offset,
                end_char=offset + len(block),
                language=detect_language(block[len(credit) :] if credit else block),
                credit=credit,
            )
        )
        pieces.append(block)
        offset += len(block)
    return Article(text="\n\n".join(pieces), paragraphs=tuple(paragraphs), **metadata)


# --------------------------------------------------------------------------- paragraph kinds

AGENCIES = (
    r"AFP|AP|Reuters|REUTERS|Getty Images|Getty|EPA(?:-EFE)?|EFE|POOL|Pool|Sputnik|Xinhua|TASS|"
    r"Anadolu(?: Agency)?|Bloomberg|Shutterstock|Alamy|PA(?: Wire| Media)?|UPI|ANSA|dpa|DPA|Kyodo|"
    r"Yonhap|NurPhoto|SOPA Images|LightRocket|WANA|IRNA|Zuma(?: Press)?|ZUMA|Corbis|KCNA|Abaca|"
    r"SIPA|Sipa|AAP|Imago|IMAGO|Handout|HANDOUT"
)
# "X / Y / AGENCY" at the start of a paragraph: one to three slash-separated parts ending with an agency.
SLASH_CREDIT = re.compile(rf"\A(?P<credit>(?:[^/\n.]{{2,60}}?\s*/\s*){{1,3}}(?:{AGENCIES}))(?=\s|\Z)")
# "Name SURNAME (AGENCY)": a photographer's name followed by the agency in parentheses.
NAME_CREDIT = re.compile(
    rf"\A(?P<credit>(?:[A-Z][\w'’-]+\s+){{0,3}}[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)*\s*\((?:[^()\n]{{0,40}}/\s*)?(?:{AGENCIES})\))(?=\s|\Z)"
)
# "Photo: ...", "Photograph: Jane Doe/Reuters", "Credit: ...", "(Photo by X/Getty Images)".
LABELLED_CREDIT = re.compile(
    rf"\A(?P<credit>\(?(?:Photo(?:graph)?|Picture|Image|Credit|Photo credit)s?(?: by)?\s*:?\s*[^\n()]{{0,80}}?(?:{AGENCIES})\)?)(?=\s|\Z)",
    re.IGNORECASE,
)
CREDIT_PATTERNS = (SLASH_CREDIT, NAME_CREDIT, LABELLED_CREDIT)


def find_credit(paragraph: str) -> str | None:
    """The photo credit a paragraph starts with, if any ("Mladen ANTONOV (AFP)", "X / POOL / AFP")."""
    for pattern in CREDIT_PATTERNS:
        match = pattern.match(paragraph)
        if match:
            return match.group("credit")
    return None


def classify_paragraph(paragraph: str, *, is_first: bool, has_standfirst: bool) -> tuple[str, str | None]:
    """The paragraph's kind and, for captions, its credit."""
    credit = find_credit(paragraph)
    if credit is not None:
        rest = paragraph[len(credit) :].strip()
        return ("caption", credit) if rest else ("credit", credit)
    if is_first and has_standfirst:
        return "lead", None
    return "body", None


# --------------------------------------------------------------------------- language

MIN_WORDS_FOR_LANGUAGE = 4


def detect_language(text: str, *, default: str = "en") -> str:
    """ISO 639-1 code of the text's language (py3langid); ``default`` for very short text."""
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_WORDS_FOR_LANGUAGE:
        return default
    import py3langid

    return py3langid.classify(text)[0]


def metadata_table(article: Article) -> "pd.DataFrame":
    """The article's metadata as a two-column (field, value) table."""
    import pandas as pd

    fields = {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "file": article.path.name if article.path else None,
        "language": article.language,
        "paragraphs": len(article.paragraphs),
        "characters": len(article.text),
    }
    return pd.DataFrame({"field": list(fields), "value": [("" if value is None else str(value)) for value in fields.values()]})
