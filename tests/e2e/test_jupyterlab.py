"""The executed notebooks show interactive charts when opened in a real JupyterLab."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.browser import browser

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def jupyterlab(tmp_path: Path):
    """A JupyterLab server on loopback serving tmp_path, stopped after the test."""
    port = free_port()
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={tmp_path}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
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
    external = []
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 20000})

        def route(request_route):
            if request_route.request.url.startswith((url, "data:", "blob:")):
                request_route.continue_()
            else:
                external.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
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
    external = []
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 2000})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith((url, "data:", "blob:"))
                   else (external.append(route.request.url), route.abort()))
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
