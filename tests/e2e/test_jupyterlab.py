"""The executed notebooks show interactive charts when opened in a real JupyterLab, and notebook 10's
explorers answer a typed query, an opened article and a chosen entity there."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tests.e2e.browser import block_external, browser
from utils import config

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def jupyterlab(tmp_path: Path):
    """A JupyterLab server on loopback serving tmp_path, stopped after the test; its kernels import this
    checkout's ``utils`` and the page exposes the app (``window.jupyterapp``) to run commands."""
    port = free_port()
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={tmp_path}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(config.PROJECT_ROOT), os.environ.get("PYTHONPATH")]))},
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {(tmp_path / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}", tmp_path
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def test_executed_notebook_renders_its_charts_in_jupyterlab(built_reports, jupyterlab):
    _, results = built_reports
    url, root = jupyterlab
    result = max(results, key=lambda item: item.figure_count)
    shutil.copy(result.executed_path, root / "notebook.ipynb")
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 20000})
        external = block_external(page, (url,))
        page.goto(f"{url}/lab/tree/notebook.ipynb")
        page.wait_for_selector(".jp-OutputArea .js-plotly-plot .main-svg", timeout=120_000)
        rendered = 0
        for _ in range(60):
            rendered = page.evaluate(
                "() => Array.from(document.querySelectorAll('.jp-OutputArea .js-plotly-plot'))"
                ".filter(d => d.querySelector('.main-svg')).length"
            )
            if rendered >= result.figure_count:
                break
            page.wait_for_timeout(1000)
        page.close()
    assert rendered == result.figure_count
    assert external == []


KERNEL_IDLE = """() => { const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session && widget.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.connectionStatus === 'connected' && kernel.status === 'idle'; }"""
RESULT_TITLES = """() => Array.from(document.querySelectorAll('.news-corpus-explorer .news-results .news-row-title'))
  .filter(button => button.offsetParent !== null).map(button => button.textContent)"""


def test_notebook_10_explorers_answer_in_jupyterlab(jupyterlab):
    """Open notebook 10 on a small corpus, run it, type a query and press Enter, open an article, choose an entity."""
    from tests.search.test_search import write_corpus

    url, root = jupyterlab
    corpus = write_corpus(root)
    notebook = nbformat.read(config.NOTEBOOKS_DIR / "10-explore.ipynb", as_version=4)
    [parameters] = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    parameters.source = parameters.source.replace('CORPUS: str = ""', f"CORPUS: str = {str(corpus)!r}")
    assert str(corpus) in parameters.source
    nbformat.write(notebook, root / "10-explore.ipynb")
    errors = []
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 2400})
        external = block_external(page, (url,))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/lab/tree/10-explore.ipynb")
        page.wait_for_function(KERNEL_IDLE, timeout=300_000, polling=500)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".news-corpus-explorer .news-results .news-row-title", timeout=600_000)

        corpus_explorer = page.locator(".news-corpus-explorer")
        first = page.evaluate(RESULT_TITLES)
        assert first and "match" in corpus_explorer.locator(".news-status").inner_text()
        query = corpus_explorer.locator(".news-query input")
        for text, titles in (("tehran OR berlin", ["Putin hosts Raisi", "Merkel on immigration"]), ("moscow", ["Chelsea win", "Gas deal", "Putin hosts Raisi"])):
            query.fill(text)
            query.press("Enter")
            page.wait_for_function(f"() => ({RESULT_TITLES})().length === {len(titles)}"
                                   f" && document.querySelector('.news-corpus-explorer .news-status').textContent.includes({text!r})", timeout=120_000)
            assert sorted(page.evaluate(RESULT_TITLES)) == sorted(titles)
        query.fill("moscow AND")
        query.press("Enter")
        status = corpus_explorer.locator(".news-status")
        page.wait_for_function("() => document.querySelector('.news-corpus-explorer .news-status').textContent.includes('expected')", timeout=120_000)
        assert status.inner_text().strip() == """query 'moscow AND': at the end: expected a word, a "phrase" or '(' after AND"""
        assert sorted(page.evaluate(RESULT_TITLES)) == ["Chelsea win", "Gas deal", "Putin hosts Raisi"]  # the view stays

        corpus_explorer.locator(".news-results .news-row-title", has_text="Gas deal").click()
        header = corpus_explorer.locator(".news-article-pane .news-article-header")
        page.wait_for_function("() => document.querySelector('.news-corpus-explorer .news-article-pane .news-article-header').textContent.includes('Gas deal')", timeout=120_000)
        assert "2004-02-10 · Outlet 1 · business" in header.inner_text()
        assert corpus_explorer.locator(".news-article-pane mark").first.inner_text() == "Moscow"

        article_explorer = page.locator(".news-article-explorer").first  # the article cell's explorer, on the seed
        choice = article_explorer.locator(".news-entity-choice select")
        assert choice.evaluate("select => select.options[select.selectedIndex].textContent").startswith("Vladimir")
        choice.select_option(label=choice.evaluate("select => Array.from(select.options).find(o => o.textContent.startsWith('Ebrahim')).textContent"))
        page.wait_for_function("() => document.querySelector('.news-article-explorer .news-entity-heading').textContent.startsWith('Ebrahim Raisi')", timeout=120_000)
        page.wait_for_function("() => document.querySelector('.news-article-explorer .news-progress').style.visibility === 'hidden'", timeout=120_000)
        view = article_explorer.inner_text()
        assert "Its mentions in context" in view and "The quotations it speaks" in view and "Vladimir Putin PERSON" not in view
        drawn = article_explorer.evaluate("node => Array.from(node.querySelectorAll('.js-plotly-plot')).filter(d => d.querySelector('.main-svg')).length")
        assert drawn == 1  # the tone towards him, drawn in JupyterLab
        page.close()
    assert external == [] and errors == []


def test_an_interactive_table_sorts_and_searches_in_jupyterlab_offline(jupyterlab):
    """A notebook whose cell ran interactive_table (trusted, as a notebook run by its user is): the
    table's own output loads the DataTables bundle, with no network, and its search box filters it."""
    import nbformat
    import pandas as pd
    from nbformat.sign import NotebookNotary

    from utils.show import datatables

    url, root = jupyterlab
    frame = pd.DataFrame({"title": [f"<b>Story</b> number {i}" for i in range(25)], "words": [100 + 7 * i for i in range(25)]})
    html = datatables.table_html(frame, with_loader=True)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "interactive_table(frame)", outputs=[nbformat.v4.new_output("display_data", data={"text/html": html})], execution_count=1)])
    NotebookNotary().sign(notebook)  # the server's notary, as JupyterLab signs a notebook its user ran
    nbformat.write(notebook, root / "table.ipynb")
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 2000})
        external = block_external(page, (url,))
        page.goto(f"{url}/lab/tree/table.ipynb")
        page.wait_for_selector(".jp-OutputArea .news-datatable .dt-search input", timeout=120_000)
        table = page.locator(".jp-OutputArea .news-datatable").first
        assert "Showing 1 to 10 of 25 entries" in table.inner_text()
        assert "<b>Story</b> number 0" in table.inner_text()  # text, not markup
        table.locator(".dt-search input").fill("219")  # the words of story 17 alone
        page.wait_for_timeout(500)
        assert "Showing 1 to 1 of 1 entry (filtered from 25 total entries)" in table.inner_text()
        page.close()
    assert external == []
