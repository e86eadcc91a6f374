"""Showing article text in a notebook without ever turning it into markup.

``Markdown(text)``, ``HTML(f"...{text}...")`` and ``DataFrame.style`` execute script tags carried
in article text once a notebook is exported; these helpers escape at the source instead.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from utils.pipeline.entities import entity_table
from utils.show.palette import GROUP_COLOURS

FIGURES_MIMETYPE = "application/vnd.news-analysis.figures+json"  # read back by the tests and the report index


class KeyFigures:
    """Key figures shown as a small escaped table, carrying the values themselves for the report index and tests."""

    def __init__(self, figures: dict, *, title: str = "Key figures") -> None:
        self.figures, self.title = figures, title

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        rows = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(str(name).replace('_', ' '))}</th>"
            f"<td style='text-align:left'>{html.escape(_figure_text(value, share=str(name).endswith('_share')))}</td></tr>"
            for name, value in self.figures.items()
        )
        table = f"<div class='key-figures'><strong>{html.escape(self.title)}</strong><table>{rows}</table></div>"
        return {"text/html": table, "text/plain": f"{self.title}: {self.figures}", FIGURES_MIMETYPE: self.figures}


def _figure_text(value: object, *, share: bool = False) -> str:
    if isinstance(value, float) and share:
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:+.3f}"
    if isinstance(value, list):
        return ", ".join(f"{name} ({count})" for name, count in value) or "none"
    return "not measured" if value is None else str(value)


def key_figures(figures: dict, *, title: str = "Key figures") -> KeyFigures:
    """The figures dict (from :mod:`utils.explore.figures`) as a notebook output."""
    return KeyFigures(figures, title=title)


def note(text: str, *, title: str | None = None) -> HTML:
    """A highlighted note box; ``text`` and ``title`` are shown as plain text."""
    heading = f"<strong>{html.escape(title)}</strong><br>" if title else ""
    return HTML(
        '<div style="border-left:4px solid #1f77b4;background:#f4f8fb;padding:8px 12px;margin:6px 0;">'
        f"{heading}{html.escape(text)}</div>"
    )


def highlighted_html(text: str, mentions: pd.DataFrame, *, named_only: bool = True, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` as HTML with each mention marked and its entity, label and rule in a tooltip.

    Every piece of article text goes through ``html.escape``: the text never becomes markup.
    """
    end = len(text) if end is None else end
    rows = mentions[mentions["is_named"].astype(bool)] if named_only else mentions
    rows = rows[(rows["start_char"] >= start) & (rows["end_char"] <= end)].sort_values("start_char")
    names = entity_table(mentions).set_index("entity_id")["name"] if len(mentions) else {}
    def mark(row, inner: str) -> str:
        colour = GROUP_COLOURS.get(row.group, "#cccccc")
        tooltip = html.escape(f"{names[row.entity_id]} · {row.label} · {row.merge_rule}", quote=True)
        return (f'<mark title="{tooltip}" style="background:{colour}33;border-bottom:2px solid {colour};padding:0 2px">'
                f'{inner}<sub style="color:{colour};font-size:70%"> {html.escape(row.label)}</sub></mark>')

    return marked_text_html(text, rows, mark, start=start, end=end)


def marked_text_html(text: str, rows: pd.DataFrame, mark, *, start: int = 0, end: int | None = None, before=None, after=None) -> str:
    """``text[start:end]`` as escaped paragraphs with each row's span (``start_char``/``end_char``,
    sorted, overlaps skipped) rendered by ``mark(row, escaped_span_text)``: the one place article text
    becomes HTML for the highlights, so every piece of it goes through ``html.escape``. A span over a
    paragraph break (a quotation of several paragraphs) is marked in each paragraph, so no mark stays
    open across one; ``before(row)`` and ``after(row)``, when given, come once, before its first part
    and after its last (a number, a label)."""
    end = len(text) if end is None else end
    pieces, cursor = [], start
    for row in rows.itertuples():
        if row.start_char < cursor:
            continue
        pieces.append(html.escape(text[cursor:row.start_char]))
        if before is not None:
            pieces.append(before(row))
        parts = text[row.start_char:row.end_char].split("\n\n")
        pieces.append("\n\n".join(mark(row, html.escape(part)) if part.strip() else html.escape(part) for part in parts))
        if after is not None:
            pieces.append(after(row))
        cursor = row.end_char
    pieces.append(html.escape(text[cursor:end]))
    body = "".join(pieces).replace("\n\n", "</p><p>")
    return f'<div style="line-height:1.7;max-width:52em"><p>{body}</p></div>'


def highlight(text: str, mentions: pd.DataFrame, *, named_only: bool = True) -> HTML:
    """``highlighted_html`` as an IPython HTML object for a notebook."""
    return HTML(highlighted_html(text, mentions, named_only=named_only))


QUOTE_KIND_COLOURS = {"direct": "#4c78a8", "mixed": "#9467bd", "indirect": "#72b7b2"}


def quotes_html(text: str, quotes: pd.DataFrame, speakers: pd.Series, *, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` as HTML with each quotation underlined in its kind's colour and its speaker
    and verb shown after it. Every piece of article text goes through ``html.escape``."""
    end = len(text) if end is None else end
    rows = quotes.assign(speaker_name=speakers.to_numpy()) if len(quotes) else quotes
    rows = rows[(rows["start_char"] >= start) & (rows["end_char"] <= end)].sort_values("start_char") if len(rows) else rows

    def mark(row, inner: str) -> str:
        colour = QUOTE_KIND_COLOURS.get(row.kind, "#999999")
        return f'<span style="background:{colour}22;border-bottom:2px solid {colour}">{inner}</span>'

    def label(row) -> str:
        colour = QUOTE_KIND_COLOURS.get(row.kind, "#999999")
        words = html.escape(f"{row.speaker_name} · {row.cue_lemma or 'no verb'} · {row.kind}")
        return f'<sub style="color:{colour};font-size:75%"> {words}</sub>'

    return marked_text_html(text, rows, mark, start=start, end=end, after=label)


def highlight_quotes(text: str, quotes: pd.DataFrame, speakers: pd.Series) -> HTML:
    """``quotes_html`` as an IPython HTML object for a notebook."""
    return HTML(quotes_html(text, quotes, speakers))
