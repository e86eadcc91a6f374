"""Open an HTML file in headless Chromium (Debian's, via Playwright) and report what happened."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    """Skip when Chromium is missing, except under CI where it must be there."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI=true but {CHROMIUM} does not exist")
        pytest.skip("Chromium is not installed (apt-get install chromium) so reports are not opened")


@dataclass
class PageVisit:
    """What one page did: external requests (aborted), console errors, dialogs, plotly charts drawn."""

    url: str
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    rendered_charts: int = 0
    body_text: str = ""


@contextmanager
def browser():
    """A headless Chromium browser for the length of the block."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def block_external(page, allowed: tuple[str, ...]) -> list[str]:
    """Let ``page`` load only addresses starting with ``allowed`` (and data:, blob:); abort every other
    request and return the list its addresses are added to."""
    blocked: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith((*allowed, "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def visit(instance, path: Path, *, settle_ms: int = 300) -> PageVisit:
    """Open a file, abort and count every non-file request, and count rendered plotly charts."""
    result = PageVisit(url=path.resolve().as_uri())
    page = instance.new_page()
    result.external_requests = block_external(page, ("file:", "about:"))

    def on_dialog(dialog):
        result.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", lambda message: result.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: result.console_errors.append(str(error)))
    page.on("dialog", on_dialog)
    page.goto(result.url, wait_until="load")
    page.wait_for_timeout(settle_ms)
    # A chart counts as rendered once plotly has drawn its SVG inside the div.
    result.rendered_charts = page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d => d.querySelector('.main-svg')).length"
    )
    result.body_text = page.inner_text("body")
    page.close()
    return result
