"""Executed notebooks as HTML pages that fetch nothing (nbconvert, the ``news_offline`` template):
plotly.js, the DataTables bundle of the interactive tables and JupyterLab's stylesheets inlined, or
written once per report folder and shared."""

from __future__ import annotations

import contextlib
import copy
import functools
from pathlib import Path
from typing import Sequence

import nbformat

from utils.report.execute import count_figures
from utils.report.folders import DATATABLES_SCRIPT, PLOTLY_SCRIPT, STYLESHEET, write_atomically
from utils.show.datatables import LOADER_START, TABLE_MARKER, datatables_js, strip_loaders

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "news_offline"
DEVELOPER_TAG = "developer"  # cells with this tag (e.g. how to run a notebook by hand) stay out of results pages


@functools.lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle the installed plotly ships (inlined in a self-contained page, or written
    once per report folder as ``plotly.min.js``; never fetched)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@functools.lru_cache(maxsize=1)
def notebook_css() -> str:
    """The JupyterLab stylesheets nbconvert's lab template inlines in a page (``static/index.css``
    and ``static/theme-light.css`` of the installed template)."""
    from nbconvert import HTMLExporter

    for folder in HTMLExporter(template_name="lab").template_paths:
        index, theme = Path(folder, "static", "index.css"), Path(folder, "static", "theme-light.css")
        if index.is_file() and theme.is_file():
            return index.read_text(encoding="utf-8") + "\n" + theme.read_text(encoding="utf-8")
    raise FileNotFoundError("nbconvert's lab template has no static/index.css")


def write_shared_files(folder: Path, *, plotly: bool, datatables: bool = False) -> list[Path]:
    """The files the pages of a report folder share: ``notebook.css``, ``plotly.min.js`` (the installed
    plotly's bundle) when a page has a chart, and ``datatables.js`` (the installed itables' DataTables
    bundle) when a page has an interactive table; each rewritten only when it differs."""
    wanted = {STYLESHEET: notebook_css(), **({PLOTLY_SCRIPT: plotly_js()} if plotly else {}),
              **({DATATABLES_SCRIPT: datatables_js()} if datatables else {})}
    written = []
    for name, text in wanted.items():
        path = folder / name
        written.append(path)
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(text.encode("utf-8")) and path.read_text(encoding="utf-8") == text:
                continue
        write_atomically(path, text)
    return written


def has_datatables(notebook: nbformat.NotebookNode) -> bool:
    """Whether an output of the notebook is an interactive table (:mod:`utils.show.datatables`)."""
    return any(TABLE_MARKER in _html(output) for cell in notebook.cells for output in cell.get("outputs", []))


def without_datatables_loader(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook without the copies of the DataTables bundle its tables carry (the page
    loads it once, in its head)."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = _html(output)
            if LOADER_START in text:
                output["data"]["text/html"] = strip_loaders(text)
    return notebook


def _html(output: dict) -> str:
    page = output.get("data", {}).get("text/html", "")
    return "".join(page) if isinstance(page, list) else page


def export_html(
    executed: nbformat.NotebookNode,
    *,
    title: str,
    nav: Sequence[tuple[str, str | None]],
    exclude_input: bool,
    banner: str | None = None,
    plotly_src: str | None = None,
    css_href: str | None = None,
    datatables_src: str | None = None,
) -> str:
    """The executed notebook as one HTML page that fetches nothing: plotly.js, the DataTables bundle
    and the stylesheets inlined, or loaded from the report folder by the relative paths
    ``plotly_src`` (such as ``../plotly.min.js``), ``datatables_src`` and ``css_href``. The bundle
    is in the page once, in its head, whatever the notebook's outputs carried."""
    from nbconvert import HTMLExporter

    executed = without_datatables_loader(executed)
    tables = has_datatables(executed)

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )
    if exclude_input:
        exporter.register_preprocessor(_tag_remover(), enabled=True)
    charts = bool(count_figures(executed))
    resources = {"metadata": {"name": title}, "news_nav": list(nav), "news_banner": banner,
                 "plotlyjs": plotly_js() if charts and plotly_src is None else "",
                 "plotlyjs_src": plotly_src if charts else None, "news_css_href": css_href,
                 "datatablesjs": datatables_js() if tables and datatables_src is None else "",
                 "datatablesjs_src": datatables_src if tables else None}
    body, _ = exporter.from_notebook_node(executed, resources=resources)
    return body


def _tag_remover():
    from nbconvert.preprocessors import TagRemovePreprocessor

    return TagRemovePreprocessor(remove_cell_tags={DEVELOPER_TAG, "injected-parameters", "parameters"}, enabled=True)
