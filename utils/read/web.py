"""Articles on the web: a page fetched by its URL with trafilatura's own fetcher (a timeout, its size cap); ``utils.read.article.load_url`` reads it as an article."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import urllib.parse
from pathlib import Path
from typing import Any, Iterator

from utils.errors import ArticleFetchError

FETCH_TIMEOUT_SECONDS = 20  # per connection attempt and read (trafilatura's DOWNLOAD_TIMEOUT)


def is_url(value: Any) -> bool:
    """True for an ``http://`` or ``https://`` address with a host (a string, not a path)."""
    if not isinstance(value, str) or "\n" in value:
        return False
    parts = urllib.parse.urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@contextlib.contextmanager
def _trafilatura_messages() -> Iterator[list[str]]:
    """trafilatura's log messages while the block runs, collected instead of printed."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("trafilatura")
    handler, propagate = Collect(level=logging.DEBUG), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def fetch_page(url: str, *, timeout: float = FETCH_TIMEOUT_SECONDS) -> tuple[str, str]:
    """(the page's HTML, its final URL after redirects), fetched by trafilatura; ArticleFetchError
    in one line when it cannot be (no network, no such host, refused, timed out, not HTTP 200).

    Addresses on this machine or its network are fetched too: the user asked for this page.
    """
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(max(1, round(timeout))))
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    url = url.strip()
    with _trafilatura_messages() as messages:
        try:
            response = fetch_response(url, decode=True, config=config)
        except Exception as error:  # trafilatura lets a few low-level errors through
            messages.append(f"{type(error).__name__}: {error}")
            response = None
    if response is None:
        reason = _reason(messages[-1]) if messages else "no answer"
        raise ArticleFetchError(url, f"could not be fetched ({reason}); check the address and the network, or save the page and pass the file")
    if response.status != 200:
        raise ArticleFetchError(url, f"the server answered HTTP {response.status}, not the page")
    html = response.html or ""
    if not html.strip():
        raise ArticleFetchError(url, "the server sent an empty page")
    return html, response.url or url


def _reason(message: str) -> str:
    """The cause in a urllib3/trafilatura error message, shortened ("Connection refused", "timed out")."""
    message = " ".join(message.split())
    match = re.search(r"(Connection refused|timed out|Name or service not known|No address associated with hostname|"
                      r"Temporary failure in name resolution|Network is unreachable|certificate verify failed|SSRF[^)]*)", message)
    return match.group(1) if match else message[-160:]


def save_page(url: str, folder: Path, *, timeout: float = FETCH_TIMEOUT_SECONDS) -> Path:
    """Fetch the page at ``url`` and keep it as ``folder/<host>-<path>-<hash>.html`` (UTF-8): a file
    the report commands read like any saved page. The same URL gets the same file name."""
    html, final_url = fetch_page(url, timeout=timeout)
    parts = urllib.parse.urlsplit(url.strip())
    stem = re.sub(r"[^\w.-]+", "-", f"{parts.hostname or 'page'}-{parts.path.strip('/')}").strip("-.")[:60]
    path = Path(folder) / f"{stem or 'page'}-{hashlib.sha256(url.strip().encode()).hexdigest()[:8]}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
