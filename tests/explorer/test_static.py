"""Where no kernel runs: an exported page shows an explorer's first view, never an empty widget placeholder,
and fetches nothing."""

from __future__ import annotations

import nbformat
import pytest

from utils.report import build as report


@pytest.fixture(scope="module", params=["saved state", "no state"])
def page(seed_analysis, request) -> tuple[str, str]:
    """An explorer's output and a progress bar's, with the widget state papermill saves beside them or without."""
    from utils.explorer.article import ArticleExplorer

    bundle = ArticleExplorer(seed_analysis)._repr_mimebundle_()
    progress = {"text/plain": "HBox(children=(HTML(value='corpus'), FloatProgress(value=0.0)))",
                "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0, "model_id": "f" * 32}}
    cell = nbformat.v4.new_code_cell("analysis.explore()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=progress), nbformat.v4.new_output("display_data", data=bundle)]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Explore\n> live"), cell])
    if request.param == "saved state":
        models = [output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for output in cell.outputs]
        state = {model: {"model_name": "VBoxModel", "state": {}} for model in models}
        notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"version_major": 2, "version_minor": 0, "state": state}}
    return request.param, report.export_html(notebook, title="Explore", nav=[], exclude_input=False, plotly_src="plotly.min.js", css_href="notebook.css")


def test_the_explorer_shows_its_first_view_and_no_widget_placeholder(page):
    state, page = page
    assert "A live explorer: in JupyterLab, with the notebook" in page and "it shows the explorer's first view" in page.replace("&#x27;", "'")
    assert "Its mentions in context" in page and page.count('class="plotly-graph-div"') == 1
    assert "application/vnd.jupyter.widget-view+json" not in page  # no placeholder for a widget manager
    assert "application/vnd.jupyter.widget-state+json" not in page  # nor the saved state nothing could use
    if state == "saved state":  # as papermill leaves it: a widget with no static form (a progress bar) is left out
        assert "FloatProgress" not in page


def test_the_page_loads_nothing_from_a_cdn(page):
    _, page = page
    assert "unpkg.com" not in page and "cdn.jsdelivr" not in page and "html-manager" not in page
