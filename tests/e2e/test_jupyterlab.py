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
