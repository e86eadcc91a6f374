"""Every notebook executes on the seed, and every exported report renders offline in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tests.e2e.browser import browser, visit
from utils import config, load_article
from utils.report.build import build_reports
from utils.report.execute import PLOTLY_MIMETYPE
from utils.report.folders import COMBINED_NAME, DATATABLES_SCRIPT, PLOTLY_SCRIPT, STYLESHEET, WORKBOOK_NAME
from utils.report.pages import notebook_css
from utils.report.parameters import notebook_paths, report_notebooks

pytestmark = pytest.mark.slow


def test_every_notebook_executes_on_the_seed(built_reports):
    _, results = built_reports
    article_notebooks = report_notebooks(notebook_paths(), kind="article")  # every one but the pair notebooks
    assert [result.notebook.name for result in results] == [path.name for path in article_notebooks]
    assert len(results) >= 4
    failures = [result.error for result in results if not result.ok]
    assert failures == []


def test_every_notebook_makes_at_least_one_chart(built_reports):
    _, results = built_reports
    for result in results:
        assert result.figure_count >= 1, result.notebook.name


def test_reports_and_index_are_written(built_reports):
    out_dir, results = built_reports
    article_dir = out_dir / config.DEFAULT_ARTICLE.stem
    index = (article_dir / "index.html").read_text(encoding="utf-8")
    for result in results:
        assert result.html_path.parent == article_dir and result.results_path.parent == article_dir / "results"
        assert result.html_path.is_file() and result.results_path.is_file()
        assert f'href="{result.notebook.stem}.html"' in index
        assert f'href="results/{result.notebook.stem}.html"' in index
    assert sorted(path.name for path in (article_dir / "exports").glob("*.csv")) == [
        f"{load_article(config.DEFAULT_ARTICLE).id}-{name}.csv" for name in ("entities", "mentions", "relations")
    ]
    top = (out_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{config.DEFAULT_ARTICLE.stem}/index.html"' in top


def test_the_article_index_shows_its_metadata_and_key_figures(built_reports):
    out_dir, results = built_reports
    index = (out_dir / config.DEFAULT_ARTICLE.stem / "index.html").read_text(encoding="utf-8")
    # the seed has no title: its standfirst stands in, cut at a word
    assert "<h1>The last direct conversation between Raisi and Putin occurred on October 16, centering on…</h1>" in index
    assert '<p class="meta">2023-12-07 · no source · file seeds/000_3f3b668070f041ac.txt · 17 paragraphs · id ' in index
    by_name = {result.notebook.stem: result for result in results}
    figures = by_name["03-sentiment"].figures
    assert figures is not None and figures == by_name["04-entities"].figures
    assert index.count(f"{figures['words']:,} words") == 4  # notebooks 02 (with its key phrases), 03, 04 and 05
    assert index.count("Vladimir Putin (6)") == 4  # 02 (a key phrase: names are), 03, 04 and 05


def test_pages_hold_no_machine_path_and_results_pages_no_developer_commands(built_reports):
    out_dir, results = built_reports
    for result in results:
        for path in (result.html_path, result.results_path):
            page = path.read_text(encoding="utf-8")
            assert str(config.PROJECT_ROOT) not in page and str(out_dir) not in page, path
    assert list(config.NOTEBOOKS_DIR.glob("kernel-ipc*")) == []
    commands = {
        result.notebook.stem: [marker for marker in ("python -m", "utils.", "PATH/TO") if marker in result.results_path.read_text(encoding="utf-8")]
        for result in results
    }
    assert commands == {result.notebook.stem: [] for result in results}


def test_the_pages_of_a_folder_share_one_plotly_js_one_datatables_js_and_one_stylesheet(built_reports):
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    from utils.show.datatables import TABLE_MARKER, datatables_js

    _, results = built_reports
    folder = results[0].html_path.parent
    script = (folder / PLOTLY_SCRIPT).read_text(encoding="utf-8")
    assert script == get_plotlyjs() and f"plotly.js v{get_plotlyjs_version()}" in script[:200]  # the installed plotly's own
    assert (folder / STYLESHEET).read_text(encoding="utf-8") == notebook_css()
    assert (folder / DATATABLES_SCRIPT).read_text(encoding="utf-8") == datatables_js()  # the installed itables' own
    tables = 0
    for result in results:
        for path, prefix in ((result.html_path, ""), (result.results_path, "../")):
            page = path.read_text(encoding="utf-8")
            assert "plotly.js v" not in page and "--jp-cell-padding:" not in page and "injectModule(" not in page, path  # none is inlined
            # the only files a page loads: those beside it, by relative path (Chromium checks requests below)
            loaded = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"|<link[^>]*\shref=\"([^\"]*)\"", page)
            expected = [("", f"{prefix}{STYLESHEET}")] + ([(f"{prefix}{PLOTLY_SCRIPT}", "")] if result.figure_count else [])
            expected += [(f"{prefix}{DATATABLES_SCRIPT}", "")] if TABLE_MARKER in page else []
            tables += TABLE_MARKER in page
            assert sorted(loaded) == sorted(expected), path
    assert tables  # the seed's merges (04), quotations (06) and the articles of its one-article corpus (05) are interactive


def test_the_seeds_report_folder_is_at_most_16_mb(built_reports):
    """12 MiB before the interactive tables; their DataTables bundle (0.97 MB) is in datatables.js
    and once more in all-results.html; 14 MiB before notebook 10, whose explorers' widget state the
    executed notebooks keep (docs/reports.md)."""
    _, results = built_reports
    folder = results[0].html_path.parent
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    assert size <= 16 * 2**20, f"{size / 2**20:.1f} MiB"


def test_the_workbook_holds_every_table_of_the_analysis(built_reports, seed_analysis):
    import openpyxl
    import pandas as pd

    _, results = built_reports
    folder = results[0].html_path.parent
    workbook = openpyxl.load_workbook(folder / "exports" / WORKBOOK_NAME, read_only=True)
    relations = pd.read_csv(folder / "exports" / f"{seed_analysis.article.id}-relations.csv")
    expected = {**seed_analysis.tables(), "relations": relations}
    assert workbook.sheetnames == ["paragraphs", "sentences", "tokens", "mentions", "entities", "quotes", "keyphrases", "relations"]
    for name, table in expected.items():
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns), name
        assert len(rows) - 1 == len(table) > 0, name
    tokens = list(workbook["tokens"].iter_rows(values_only=True))
    column = tokens[0].index("text")
    assert [row[column] for row in tokens[1:]] == seed_analysis.tokens["text"].tolist()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="exports/{WORKBOOK_NAME}"' in index


def test_results_version_hides_code(built_reports):
    _, results = built_reports
    with_code = results[0].html_path.read_text(encoding="utf-8")
    without_code = results[0].results_path.read_text(encoding="utf-8")
    assert with_code.count("jp-Editor jp-InputArea-editor") >= 3
    assert without_code.count("jp-Editor jp-InputArea-editor") == 0
    assert "open_article" in with_code and "open_article" not in without_code


def test_notebooks_keep_the_plotly_mimetype_for_jupyterlab(built_reports):
    """JupyterLab renders figures from plotly's own mimetype; the jupyterlab-plotly extension is installed."""
    _, results = built_reports
    executed = nbformat.read(results[0].executed_path, as_version=4)
    bundles = [output["data"] for cell in executed.cells if cell.cell_type == "code" for output in cell.outputs if "data" in output]
    plotly_bundles = [data for data in bundles if PLOTLY_MIMETYPE in data]
    assert plotly_bundles and all("text/html" in data for data in plotly_bundles)
    import sys

    extension = Path(sys.prefix) / "share/jupyter/labextensions/jupyterlab-plotly/package.json"
    assert json.loads(extension.read_text())["name"] == "jupyterlab-plotly"


@pytest.mark.browser
def test_reports_render_offline_in_chromium(built_reports):
    out_dir, results = built_reports
    with browser() as chromium:
        for result in results:
            for path in (result.html_path, result.results_path):
                page = visit(chromium, path)
                assert page.external_requests == [], path
                assert page.console_errors == [], path
                assert page.rendered_charts == result.figure_count, path
        for path in (out_dir / "index.html", out_dir / config.DEFAULT_ARTICLE.stem / "index.html"):
            index = visit(chromium, path)
            assert index.external_requests == [] and index.console_errors == [], path


def test_a_failing_notebook_is_named_and_the_others_still_report(tmp_path: Path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    good = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Good\n> works"),
        nbformat.v4.new_code_cell('ARTICLE: str = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import plotly.graph_objects as go\nfrom utils.show import theme\ngo.Figure(go.Bar(y=[1, 2]))"),
    ])
    bad = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Bad\n> fails"),
        nbformat.v4.new_code_cell('ARTICLE: str = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("1 + 1"),
        nbformat.v4.new_code_cell("raise ValueError('deliberate failure')"),
    ])
    for notebook in (good, bad):
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(bad, notebooks / "01-bad.ipynb")
    nbformat.write(good, notebooks / "02-good.ipynb")
    out_dir = tmp_path / "reports"
    results = build_reports(config.DEFAULT_ARTICLE, out_dir=out_dir, notebooks=notebook_paths(notebooks))
    bad_result, good_result = results
    assert bad_result.error is not None
    assert bad_result.error.startswith("01-bad.ipynb: cell 4 raised ValueError: deliberate failure")
    assert bad_result.html_path.exists()
    assert good_result.ok and good_result.figure_count == 1 and good_result.html_path.exists()
    assert "deliberate failure" in (bad_result.html_path.parent / "index.html").read_text(encoding="utf-8")


def test_executed_notebooks_keep_chart_and_table_data_but_not_plotly_js_or_the_datatables_bundle(built_reports):
    _, results = built_reports
    for result in results:
        text = result.executed_path.read_text(encoding="utf-8")
        assert "plotly.js v" not in text and "injectModule(" not in text, result.executed_path
        if result.figure_count:
            assert PLOTLY_MIMETYPE in text


def test_one_page_holds_every_notebooks_results_with_plotly_js_once(built_reports):
    _, results = built_reports
    folder = results[0].html_path.parent
    page = (folder / COMBINED_NAME).read_text(encoding="utf-8")
    assert page.count("plotly.js v") == 1 and PLOTLY_SCRIPT not in page and STYLESHEET not in page  # self-contained
    assert page.count("injectModule(") == 2 and DATATABLES_SCRIPT not in page  # the DataTables bundle once (a definition and a call)
    assert page.count('class="plotly-graph-div"') == sum(result.figure_count for result in results)
    assert "open_article" not in page  # no code
    assert f'href="{COMBINED_NAME}"' in (folder / "index.html").read_text(encoding="utf-8")
