"""One table style for every table a notebook shows: rounded numbers, left-aligned wrapped text,
the first rows of a long table with "showing N of M", wide tables scrolling inside their cell, an
empty result said in words. Every cell and header is escaped: article text never becomes markup.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

SCORE_COLUMNS = re.compile(r"sentiment|polarity|compound|subjectivity|score|salience|mean|std|share|ratio|log_odds|^z$|weight|mtld|flesch|grade|ease")
COUNT_COLUMNS = re.compile(r"count|words|tokens|sentences|mentions|articles|_id$|^id$|^n_|position|char|together|occurrences")
TEXT_WIDTH = "34em"  # widest a text column grows before it wraps

TABLE_STYLES = [
    {"selector": "", "props": "border-collapse:collapse;table-layout:auto;margin:0;font-size:13px;width:auto"},
    {"selector": "th", "props": "text-align:left;vertical-align:bottom;padding:4px 8px;border-bottom:1px solid #999;background:#f4f4f4;white-space:normal;min-width:4em"},
    {"selector": "td", "props": "text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #e4e4e4;"
                                f"white-space:normal;overflow-wrap:break-word;max-width:{TEXT_WIDTH}"},
    {"selector": "caption", "props": "caption-side:top;text-align:left;font-weight:bold;padding:4px 0"},
]
NOTE_STYLE = "color:#555;font-size:12px;margin:2px 0 10px 0"


class ShownTable:
    """A table as a notebook output: ``html`` to display, ``shown`` and ``total`` rows, and the ``frame`` itself."""

    def __init__(self, html_text: str, *, frame: pd.DataFrame, shown: int, total: int, empty: bool) -> None:
        self.html, self.frame, self.shown, self.total, self.empty = html_text, frame, shown, total, empty

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"ShownTable({self.shown} of {self.total} rows)"


def _is_integral(values: pd.Series) -> bool:
    finite = values.dropna()
    finite = finite[np.isfinite(finite.astype(float))]
    return bool(len(finite)) and bool((finite.astype(float) % 1 == 0).all())


def _number(value: object, decimals: int | None) -> str:
    """A number for reading: integers without decimals, others to ``decimals`` (None: integral cells as integers, else 2)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        if decimals is None:
            return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
        return f"{value:,.{decimals}f}" if decimals else f"{round(value):,}"
    return str(value)


def _cell(value: object) -> str:
    """Any other cell as plain text: lists joined, missing values blank, numbers rounded."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(item) for item in value)
    if isinstance(value, (float, int, np.number, bool, np.bool_)) or value is None or value is pd.NA:
        return _number(value, None)
    return str(value)


def column_formatter(name: str, values: pd.Series):
    """The formatter of one column, chosen by its dtype and name (scores 3 decimals, counts integers)."""
    if pd.api.types.is_bool_dtype(values):
        return lambda value: _number(value, None)
    if pd.api.types.is_integer_dtype(values):
        return lambda value: _number(value, 0)
    if pd.api.types.is_float_dtype(values):
        lowered = str(name).lower()
        integral = _is_integral(values)
        if integral and (COUNT_COLUMNS.search(lowered) or not SCORE_COLUMNS.search(lowered)):
            return lambda value: _number(value, 0)
        if SCORE_COLUMNS.search(lowered):
            return lambda value: _number(value, 3)
        return lambda value: _number(value, None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return lambda value: "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    return _cell


def _note(text: str) -> str:
    return f"<p style='{NOTE_STYLE}'>{html.escape(text)}</p>"


def _as_frame(data: pd.DataFrame | pd.Series | Mapping) -> pd.DataFrame:
    """A summary (dict or Series) as a two-column field/value table; a DataFrame as it is."""
    if isinstance(data, pd.DataFrame):
        return data
    items = data.items()
    return pd.DataFrame(
        {"field": [str(key).replace("_", " ") for key, _ in items], "value": [_number(value, 3) if isinstance(value, float) else _cell(value) for _, value in data.items()]}
    )


def show_table(
    frame: pd.DataFrame | pd.Series | Mapping,
    *,
    max_rows: int = 20,
    empty: str = "No rows: nothing in this article matched.",
    caption: str | None = None,
) -> ShownTable:
    """The table in the house style: at most ``max_rows`` rows (with "showing N of M"), escaped
    cells, rounded numbers; an empty table is the sentence ``empty`` instead."""
    table = _as_frame(frame)
    title = f"<div style='font-weight:bold;margin:4px 0'>{html.escape(caption)}</div>" if caption else ""
    if table.empty:
        body = f"<div class='news-table news-table-empty' style='border-left:4px solid #bbb;padding:6px 10px;margin:6px 0;color:#444'>{title}{html.escape(empty)}</div>"
        return ShownTable(body, frame=table, shown=0, total=0, empty=True)
    total = len(table)
    head = table.head(max_rows).reset_index(drop=True)
    head.columns = [str(column) for column in head.columns]
    for column in head.columns:  # lists and other objects become text first, so Styler's escaping sees a str
        if head[column].dtype == object:
            head[column] = head[column].map(_cell)
    formatters = {column.replace("_", " "): column_formatter(column, head[column]) for column in head.columns}
    head.columns = [column.replace("_", " ") for column in head.columns]  # headers wrap between words
    styler = (
        head.style.format(formatters, escape="html")
        .format_index(escape="html", axis=1)
        .hide(axis="index")
        .set_table_styles(TABLE_STYLES)
    )
    rows = styler.to_html()
    more = _note(f"showing {len(head)} of {total} rows; the full table is in the analysis tables and the exports") if total > len(head) else ""
    body = f"<div class='news-table' style='max-width:100%;overflow-x:auto;margin:6px 0'>{title}{rows}</div>{more}"
    return ShownTable(body, frame=table, shown=len(head), total=total, empty=False)
