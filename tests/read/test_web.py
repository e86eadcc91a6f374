"""Articles by URL: a page served by a local HTTP server on 127.0.0.1, fetched with trafilatura's fetcher."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import socket
import threading
from pathlib import Path

import pytest

from tests.read.test_article import PAGE
from utils import errors, load_article, open_article
from utils.analysis import analyse
from utils.read.article import load_url
from utils.read.web import is_url

NO_CANONICAL = PAGE.replace('<link rel="canonical" href="https://example.com/news/raisi">\n', "")


class Handler(http.server.BaseHTTPRequestHandler):
    pages = {"/news/raisi": PAGE, "/plain": NO_CANONICAL, "/empty": "<html><body></body></html>"}

    def do_GET(self):  # noqa: N802 (http.server's name)
        page = self.pages.get(self.path)
        if page is None:
            self.send_error(404)
            return
        body = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_url_is_fetched_with_its_metadata(server):
    article = load_article(f"{server}/news/raisi")
    assert article.title == "Raisi visits Moscow" and article.date == dt.date(2023, 12, 7) and article.author == "Jane Doe"
    assert article.url == "https://example.com/news/raisi"  # the page's own canonical address
    assert [paragraph.kind for paragraph in article.paragraphs][:2] == ["headline", "body"]
    assert article.text == load_article(write_page(Path(__import__("tempfile").mkdtemp()), PAGE)).text  # as the saved page
    plain = load_url(f"{server}/plain")
    assert plain.url == f"{server}/plain"  # a page naming no address keeps the one it was fetched from


def write_page(folder: Path, html: str) -> Path:
    path = folder / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_open_article_takes_a_url_and_analyses_the_page(server):
    analysis = open_article(f"{server}/news/raisi", cache=False)
    assert "Ebrahim Raisi" in set(analysis.entities["name"])
    with pytest.raises(errors.PathAsTextError, match=r"a web address.*open_article\(url\)"):
        analyse(f"{server}/news/raisi")


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "the server answered HTTP 404"), ("/empty", "no article text found")],
)
def test_a_page_that_cannot_be_had_is_one_named_error(server, path, message):
    with pytest.raises(errors.ArticleError, match=message) as raised:
        load_article(server + path)
    assert "\n" not in str(raised.value) and str(raised.value).startswith(server + path)


def test_no_server_is_said_plainly(capfd):
    url = f"http://127.0.0.1:{closed_port()}/story"
    with pytest.raises(errors.ArticleFetchError, match=r"could not be fetched \(Connection refused\)"):
        load_article(url)
    assert capfd.readouterr().err == ""  # trafilatura's log lines are not printed


def test_is_url():
    assert is_url("https://example.com/story") and is_url("http://127.0.0.1:8000/a?b=1")
    assert not any(is_url(value) for value in ("example.com/story", "data/raw/a.txt", "ftp://x/y", "https://", Path("https://x/y")))


def test_make_report_with_a_url_fetches_the_page_and_names_failures(server, tmp_path: Path, capsys):
    from utils.report import cli

    out = tmp_path / "out"
    assert cli.main(["--article", f"{server}/missing", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"report: {server}/missing: the server answered HTTP 404, not the page"]
    assert not out.exists()
    assert cli.main(["--article", f"{server}/news/raisi", "--out", str(out), "--notebooks", "01"]) == 0
    [saved] = (out / "web").glob("*.html")
    assert saved.read_text(encoding="utf-8") == PAGE
    assert list(out.glob("*/01-*.html")), sorted(path.name for path in out.rglob("*"))[:20]
