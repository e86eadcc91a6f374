"""The articles of a report: checked before any notebook runs (readable, not too long, English)
and described for its index (title, date, source)."""

from __future__ import annotations

from pathlib import Path

from utils import config
from utils.report.execute import first_line
from utils.report.parameters import ReportError
from utils.report.paths import shown_path

NOT_ENGLISH_BANNER = (
    "This article is not in English: the model counts English paragraphs only, so its counts, "
    "sentiment and entity charts are empty."
)


def article_metadata(article: Path) -> dict[str, str | None]:
    """Title, date, source and a note for the index; never raises (an unreadable article says so)."""
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    try:
        loaded = load_article(article)
    except NewsAnalysisError as error:
        return {"title": article.name, "date": None, "source": None, "note": f"could not be read: {first_line(str(error))}", "id": None}
    where = shown_path(article)
    note = f"file {where}" + ("" if where != article.name or article.resolve().parent == config.PROJECT_ROOT.resolve() else " (outside the project)")
    opening = loaded.standfirst or (loaded.paragraphs[0].text if loaded.paragraphs else "")
    return {
        "title": loaded.title or _shorten(opening, 90) or article.name,
        "date": loaded.date.isoformat() if loaded.date else None,
        "source": loaded.source,
        "note": f"{note} · {len(loaded.paragraphs)} paragraphs · id {loaded.id}",
        "id": loaded.id,
    }


def is_countable(article: Path) -> bool:
    """True when at least one paragraph the default scope counts is in a language the model counts (English)."""
    from utils.pipeline.tables import Scope
    from utils.read.article import load_article

    scope = Scope()
    return any(scope.includes(paragraph.kind, paragraph.language) for paragraph in load_article(article).paragraphs)


def check_article(article: Path, *, allow_other_language: bool = False) -> str | None:
    """Everything checkable before a notebook runs: readable, not too long, English. Raises
    ReportError with the one line to print; returns the banner to show when not English but allowed."""
    from utils.errors import NewsAnalysisError
    from utils.read.article import load_article

    try:
        loaded = load_article(article)
    except NewsAnalysisError as error:
        raise ReportError(str(error)) from None
    if len(loaded.text) > config.max_chars():
        raise ReportError(
            f"{article}: {len(loaded.text):,} characters, more than the {config.max_chars():,} one analysis takes "
            f"(split it, or raise ${config.MAX_CHARS_ENV_VAR})"
        )
    if is_countable(article):
        return None
    if allow_other_language:
        return NOT_ENGLISH_BANNER
    languages = sorted({paragraph.language for paragraph in loaded.paragraphs})
    raise ReportError(
        f"{article}: no English paragraph to count (found: {', '.join(languages)}); "
        "--allow-other-language (make report ALLOW_OTHER_LANGUAGE=1) writes the reports anyway, with empty charts"
    )


def _shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word before ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
