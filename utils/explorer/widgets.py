"""The explorers' building blocks: work off the kernel's main thread with a progress line, a chart
box, a table of rows to choose from, and the display that carries a static first view.

Charts are drawn into ``ipywidgets.Output`` widgets as plotly's own mimetype, which JupyterLab draws
with the jupyterlab-plotly renderer that plotly installs (offline, as every notebook's charts):
plotly's ``FigureWidget`` would need anywidget (plotly 6 and later) and its own JavaScript bundle,
and the explorers need no click on a chart to reach Python (choices are made with widgets).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Sequence

import ipywidgets as widgets
import pandas as pd

from utils.show.theme import ChartNote
from utils.show.explorer import PLOTLY_MIMETYPE, figure_bundle

STYLE = """<style>
.news-explorer .news-row-title { text-align: left; justify-content: flex-start; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.news-explorer .news-cell { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 13px; }
.news-explorer .news-header { font-weight: bold; font-size: 13px; border-bottom: 1px solid #999; }
.news-explorer .widget-html-content { line-height: 1.5; }
</style>"""


def style() -> widgets.HTML:
    """The explorers' few CSS rules (scoped to ``.news-explorer``)."""
    return widgets.HTML(STYLE, layout=widgets.Layout(display="none"))


def first_line(error: BaseException) -> str:
    """An error as the one line an explorer shows: its message (a ``NewsAnalysisError`` says what to do), else its type and message."""
    from utils.errors import NewsAnalysisError

    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    message = lines[0] if lines else ""
    if isinstance(error, NewsAnalysisError):
        return message or type(error).__name__
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class Progress:
    """A progress bar and a line saying what is being done; hidden when idle."""

    def __init__(self) -> None:
        self.bar = widgets.FloatProgress(min=0.0, max=1.0, value=0.0, bar_style="info", layout=widgets.Layout(width="14em"))
        self.label = widgets.Label("")
        self.box = widgets.HBox([self.bar, self.label], layout=widgets.Layout(visibility="hidden"))
        self.box.add_class("news-progress")

    def start(self, text: str) -> None:
        self.bar.value, self.label.value = 0.0, text
        self.box.layout.visibility = "visible"

    def step(self, fraction: float, text: str) -> None:
        self.bar.value, self.label.value = max(0.0, min(1.0, fraction)), text

    def done(self) -> None:
        self.bar.value, self.label.value = 1.0, ""
        self.box.layout.visibility = "hidden"


class Worker:
    """Runs an explorer's jobs one at a time: ``submit`` in a background thread (what a click or Enter
    does, so the kernel keeps answering), ``run`` in the caller's thread (the Python face). One lock
    keeps them apart: a corpus's DuckDB connection serves one thread at a time. Of several queued
    jobs of one ``kind`` only the last runs (a query typed again before the first finished)."""

    def __init__(self, progress: Progress, on_error: Callable[[BaseException], None]) -> None:
        self.progress, self.on_error = progress, on_error
        self.lock = threading.RLock()
        self._executor: ThreadPoolExecutor | None = None
        self._latest: dict[str, int] = {}
        self._counter = 0

    def run(self, job: Callable[..., Any], *args: Any, label: str = "working…") -> Any:
        with self.lock:
            self.progress.start(label)
            try:
                return job(*args)
            finally:
                self.progress.done()

    def submit(self, job: Callable[..., Any], *args: Any, label: str = "working…", kind: str = "") -> Future:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-explorer")
        self._counter += 1
        token = self._latest[kind] = self._counter
        self.progress.start(f"waiting: {label}")
        return self._executor.submit(self._guarded, job, args, label, kind, token)

    def _guarded(self, job: Callable[..., Any], args: tuple, label: str, kind: str, token: int) -> Any:
        if self._latest.get(kind) != token:
            return None  # a later job of the same kind replaces this one
        try:
            return self.run(job, *args, label=label)
        except Exception as error:  # shown as one line in the explorer, never a traceback
            self.on_error(error)
            return None

    def wait(self, timeout: float | None = 60) -> None:
        """Wait until every submitted job has run (for scripts and tests)."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result(timeout=timeout)


class ChartBox:
    """An Output widget showing one chart (or the note said instead of it)."""

    def __init__(self, *, min_height: str = "0px") -> None:
        self.output = widgets.Output(layout=widgets.Layout(min_height=min_height, width="100%"))
        self.figure: Any = None

    def show(self, figure: Any) -> None:
        self.figure = figure
        self.output.outputs = ({"output_type": "display_data", "data": figure_bundle(figure), "metadata": {}},)

    def clear(self) -> None:
        self.figure = None
        self.output.outputs = ()


class RowTable:
    """A table of rows to choose from, a page at a time: each row's first column is a button (a title)
    that calls ``on_choose(key)``, the others are plain text. A pool of widgets is reused from page to
    page, so showing other rows creates no widget."""

    def __init__(self, columns: Sequence[tuple[str, str, str]], *, key: str, on_choose: Callable[[str], None],
                 page_size: int = 10, empty: str = "No rows.") -> None:
        """``columns``: (column, header, CSS width) in order; the first is the button."""
        self.columns, self.key, self.on_choose, self.page_size, self.empty = list(columns), key, on_choose, page_size, empty
        self.frame = pd.DataFrame(columns=[self.key, *(column for column, _, _ in self.columns)])
        self.page = 0
        headers = [widgets.Label(header) for _, header, _ in self.columns]
        for header in headers:
            header.add_class("news-header")
        self.cells: list[list[widgets.Widget]] = []
        for position in range(page_size):
            button = widgets.Button(description="", layout=widgets.Layout(width="100%", display="none"))
            button.add_class("news-row-title")
            button.on_click(lambda _, position=position: self._chosen(position))
            labels = [widgets.Label("", layout=widgets.Layout(display="none")) for _ in self.columns[1:]]
            for label in labels:
                label.add_class("news-cell")
            self.cells.append([button, *labels])
        self.grid = widgets.GridBox(
            headers + [cell for row in self.cells for cell in row],
            layout=widgets.Layout(grid_template_columns=" ".join(width for _, _, width in self.columns), grid_gap="2px 10px", width="100%"),
        )
        self.previous = widgets.Button(description="◀ previous", layout=widgets.Layout(width="8em"))
        self.next = widgets.Button(description="next ▶", layout=widgets.Layout(width="8em"))
        self.previous.on_click(lambda _: self.turn(-1))
        self.next.on_click(lambda _: self.turn(1))
        self.where = widgets.Label("")
        self.widget = widgets.VBox([self.grid, widgets.HBox([self.previous, self.where, self.next])])

    def show(self, frame: pd.DataFrame) -> None:
        """Show these rows from the first page."""
        self.frame, self.page = frame.reset_index(drop=True), 0
        self._render()

    def turn(self, pages: int) -> None:
        last = max(0, (len(self.frame) - 1) // self.page_size)
        self.page = max(0, min(last, self.page + pages))
        self._render()

    @property
    def shown(self) -> list[str]:
        """The keys of the rows on the page shown."""
        start = self.page * self.page_size
        return [str(key) for key in self.frame[self.key].iloc[start:start + self.page_size]]

    def _chosen(self, position: int) -> None:
        index = self.page * self.page_size + position
        if index < len(self.frame):
            self.on_choose(str(self.frame[self.key].iloc[index]))

    def _render(self) -> None:
        start = self.page * self.page_size
        rows = self.frame.iloc[start:start + self.page_size]
        for position, cells in enumerate(self.cells):
            visible = position < len(rows)
            for cell, (column, _, _) in zip(cells, self.columns):
                text = _cell_text(rows[column].iloc[position]) if visible else ""
                if isinstance(cell, widgets.Button):
                    cell.description, cell.tooltip = text or "(no title)", text
                else:
                    cell.value = text
                cell.layout.display = None if visible else "none"
        total = len(self.frame)
        self.where.value = self.empty if not total else f"{start + 1}–{start + len(rows)} of {total:,}"
        self.previous.disabled = self.page == 0
        self.next.disabled = start + self.page_size >= total


def _cell_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


class LiveView:
    """An explorer as a notebook output: in JupyterLab with a kernel, the live widget; where no kernel
    runs (an exported page), its first view as static HTML, drawn from the same state, with one line
    saying it is live in JupyterLab. The static view's one chart travels as plotly's mimetype beside
    it, so a report counts the chart and loads plotly.js for it."""

    widget: widgets.Widget
    what = "you can choose what to look at"

    def static_html(self) -> str:  # pragma: no cover - each explorer defines it
        raise NotImplementedError

    def static_figure(self) -> Any:
        return None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/plain"] = f"{type(self).__name__}: live in JupyterLab with a running kernel ({self.what})"
        bundle["text/html"] = self.static_html()
        figure = self.static_figure()
        if figure is not None and not isinstance(figure, ChartNote):
            bundle[PLOTLY_MIMETYPE] = figure_bundle(figure)[PLOTLY_MIMETYPE]
        return bundle
