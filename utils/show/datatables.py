"""Long tables to work with: sorted, searched and paged, in JupyterLab and in the exported HTML,
offline. The tables are itables (DataTables) in its offline mode: the DataTables bundle the
installed itables ships, never a CDN.

- In a notebook, the first interactive table of a kernel carries the bundle (a script between
  ``LOADER_START`` and ``LOADER_END``); every later table waits for it.
- A report page loads the bundle once from its folder (``DATATABLES_SCRIPT``, beside
  ``plotly.min.js``; see :mod:`utils.report.build`), or inlines it once in a self-contained page: the
  report removes the copies the notebooks carry and adds one in the page's head.

Cells are the house formatting of :mod:`utils.show.tables` (numbers rounded, dates as days), turned
into text before they reach itables, which escapes them (``allow_html`` stays off): article text in
a cell stays text. Text columns are left-aligned and wrap; numbers are right-aligned and sort as
numbers. Without JavaScript (an untrusted notebook) itables shows the first rows as a plain table.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Mapping, Sequence

import pandas as pd

from utils.show.tables import TEXT_WIDTH, ShownTable, _as_frame, column_formatter, show_table

LOADER_START = "<!-- news-datatables-loader -->"
LOADER_END = "<!-- /news-datatables-loader -->"
LOADER_PATTERN = re.compile(re.escape(LOADER_START) + ".*?" + re.escape(LOADER_END), re.DOTALL)
TABLE_MARKER = "news-datatable"  # the class of every interactive table's wrapper: a page holding one needs the bundle
DATATABLES_SCRIPT = "datatables.js"  # the one DataTables bundle of a report folder
PAGE_LENGTH = 10
LENGTH_MENU = [10, 25, 50, 100]
MAX_BYTES = 2 ** 21  # the most table data one output carries (2 MiB); itables keeps the first rows beyond it and says so
LONG_LAYOUT = {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}
SHORT_LAYOUT = {"topStart": None, "topEnd": "search", "bottomStart": "info", "bottomEnd": None}  # one page: no paging

TABLE_CSS = f"""
.{TABLE_MARKER} {{ margin: 6px 0; font-size: 13px; }}
.{TABLE_MARKER} .dt-container {{ width: fit-content; max-width: 100%; }}
.{TABLE_MARKER} table.dataTable th {{ text-align: left; vertical-align: bottom; white-space: normal; overflow-wrap: normal; }}
.{TABLE_MARKER} table.dataTable td {{ vertical-align: top; }}
.{TABLE_MARKER} table.dataTable td.dt-type-date {{ white-space: nowrap; }}
.{TABLE_MARKER} table.dataTable td.news-text, .{TABLE_MARKER} table.dataTable th.news-text {{
  text-align: left; white-space: normal; overflow-wrap: break-word; max-width: {TEXT_WIDTH}; }}
.{TABLE_MARKER} table.dataTable td.news-left-context {{ text-align: right; white-space: nowrap; color: #444; }}
.{TABLE_MARKER} table.dataTable th.news-left-context {{ text-align: right; }}
.{TABLE_MARKER} table.dataTable td.news-match {{ text-align: center; white-space: nowrap; font-weight: bold; background: #fff3c4; }}
.{TABLE_MARKER} table.dataTable th.news-match {{ text-align: center; }}
.{TABLE_MARKER} table.dataTable td.news-right-context {{ text-align: left; white-space: nowrap; color: #444; }}
"""

_loader_shown = False  # the bundle is in an output of this kernel already


@functools.lru_cache(maxsize=1)
def datatables_js() -> str:
    """The script that loads the DataTables bundle of the installed itables (its offline mode: the
    bundle and its stylesheet inlined as base64, loaded once per page however often it runs)."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    page = generate_init_offline_itables_html(options.dt_bundle)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    if len(scripts) != 1:
        raise RuntimeError(f"itables' offline loader changed: {len(scripts)} scripts where one was expected")
    return scripts[0].strip() + "\n"


def loader_html() -> str:
    """The bundle as a notebook output: ``datatables_js`` in a script between the loader markers."""
    return f"{LOADER_START}<script>{datatables_js()}</script>{LOADER_END}"


def strip_loaders(text: str) -> str:
    """``text`` (an output's HTML) without the bundle copies it carries (a report page loads it once)."""
    return LOADER_PATTERN.sub("", text)


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as text cells in the house formatting (rounded numbers, days, lists joined, blanks for
    missing values), headers with spaces: what the reader sees, and what DataTables sorts and searches."""
    table = frame.reset_index(drop=True)
    table.columns = [str(column) for column in table.columns]
    shown = {column.replace("_", " "): table[column].map(column_formatter(column, table[column])).astype(object)
             for column in table.columns}
    return pd.DataFrame(shown, index=table.index)


def text_columns(frame: pd.DataFrame) -> list[int]:
    """Positions of the columns holding text (not numbers, booleans or dates): left-aligned, wrapping."""
    return [position for position, column in enumerate(frame.columns)
            if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column])
                    or pd.api.types.is_datetime64_any_dtype(frame[column]))]


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    page_length: int = PAGE_LENGTH,
    classes: Mapping[str, str] | None = None,
    order: Sequence[tuple[str, str]] = (),
    with_loader: bool = False,
) -> str:
    """The interactive table as HTML (``with_loader``: the bundle before it). ``classes`` gives some
    columns a class of ``TABLE_CSS`` (``news-left-context``, ``news-match``...) instead of the one chosen
    by their type; ``order`` sorts the table at first ((column, "asc" | "desc"), ...)."""
    from itables import to_html_datatable

    columns = [str(column) for column in frame.columns]
    shown = display_frame(frame)
    given = dict(classes or {})
    by_class: dict[str, list[int]] = {}
    texts = set(text_columns(frame))
    for position, column in enumerate(columns):
        name = given.get(column) or ("news-text" if position in texts else "")
        if name:
            by_class.setdefault(name, []).append(position)
    column_defs = [{"className": name, "targets": targets} for name, targets in by_class.items()]
    initial = [[columns.index(column), direction] for column, direction in order if column in columns]
    # itables hides every control of a table that fits on one page: such a table keeps its search box
    layout = SHORT_LAYOUT if len(frame) <= page_length else LONG_LAYOUT
    body = to_html_datatable(
        shown, connected=False, display_logo_when_loading=False, allow_html=False, showIndex=False,
        classes="display compact cell-border", style="table-layout:auto;width:auto;margin:0", css=TABLE_CSS,
        pageLength=page_length, lengthMenu=LENGTH_MENU, maxBytes=MAX_BYTES, columnDefs=column_defs, order=initial,
        autoWidth=False, layout=layout,
    )
    title = f"<div style='font-weight:bold;margin:4px 0'>{html.escape(caption)}</div>" if caption else ""
    loader = loader_html() if with_loader else ""
    return f"{loader}<div class='{TABLE_MARKER}' style='max-width:100%;overflow-x:auto'>{title}{body}</div>"


def interactive_table(
    frame: pd.DataFrame | pd.Series | Mapping,
    *,
    empty: str = "No rows: nothing in this article matched.",
    caption: str | None = None,
    page_length: int = PAGE_LENGTH,
    classes: Mapping[str, str] | None = None,
    order: Sequence[tuple[str, str]] = (),
) -> ShownTable:
    """Every row of the table, to sort, search and page (``page_length`` rows a page); an empty table
    is the sentence ``empty``. The first table of a kernel carries the DataTables bundle."""
    global _loader_shown
    table = _as_frame(frame)
    if table.empty:
        return show_table(table, empty=empty, caption=caption)
    body = table_html(table, caption=caption, page_length=page_length, classes=classes, order=order, with_loader=not _loader_shown)
    _loader_shown = True
    return ShownTable(body, frame=table, shown=len(table), total=len(table), empty=False)


__all__ = ["DATATABLES_SCRIPT", "LOADER_END", "LOADER_START", "TABLE_MARKER", "datatables_js", "display_frame", "interactive_table",
           "loader_html", "strip_loaders", "table_html", "text_columns"]
