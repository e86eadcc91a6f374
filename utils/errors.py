"""One small hierarchy of errors, each with a one-line message naming the input and the problem."""

from __future__ import annotations


class NewsAnalysisError(Exception):
    """Base class: anything this project raises on purpose."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook, show one readable line instead of a wall of traceback."""
        return [f"{type(self).__name__}: {self}"]


class ArticleError(NewsAnalysisError, ValueError):
    """An article could not be read; the message names the source (row and record id, when known) and what is wrong."""

    def __init__(self, source: object, problem: str, *, row: int | None = None, record_id: str | None = None):
        self.source = str(source)
        self.problem = " ".join(str(problem).split())  # always one line
        self.row = row
        self.record_id = record_id
        where = self.source if row is None else f"{self.source}, row {row}"
        where += "" if record_id is None else f" (id {record_id})"
        super().__init__(f"{where}: {self.problem}")


class ArticleNotFoundError(ArticleError, FileNotFoundError):
    """The path does not exist or is not a file."""


class EmptyArticleError(ArticleError):
    """The input holds no text (empty or whitespace only)."""


class BinaryArticleError(ArticleError):
    """The input is binary data (a PDF, an image, an executable...), not text."""


class UnsupportedFormatError(ArticleError):
    """The file extension is not one the loader reads."""


class ArticleDecodeError(ArticleError):
    """The bytes decode as none of the supported encodings."""


class MalformedDateError(ArticleError):
    """A ``date`` header or date field is present but is not a real date."""


class MissingTextError(ArticleError):
    """A JSON/CSV record has no text field (or an empty one)."""


class MalformedRecordsError(ArticleError):
    """A JSON/JSONL/CSV file (or one of its rows) is not well formed: invalid JSON, a row that is not an object."""


class RowNotFoundError(ArticleError, IndexError):
    """The requested row is past the end of a JSON/JSONL/CSV file."""


class PathAsTextError(ArticleError):
    """A ``str`` given as article text is only the path of an existing file (pass ``Path(...)``)."""


class ArticleTooLongError(ArticleError):
    """The article is longer than one analysis takes (``NEWS_MAX_CHARS``)."""


class ArticleFetchError(ArticleError):
    """A web page given by its URL could not be fetched (no network, no such host, an HTTP error, a timeout)."""


class ModelNotInstalledError(NewsAnalysisError):
    """The configured spaCy pipeline is not installed."""


class CacheError(NewsAnalysisError):
    """A cached analysis is unreadable; it is ignored and rebuilt."""
