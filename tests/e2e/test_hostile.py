"""Hostile text through the whole report pipeline: nothing executes, nothing is fetched, nothing is lost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from tests.e2e.browser import browser, visit
from utils.report import cli
from utils.report.build import build_reports
from utils.report.parameters import notebook_paths

pytestmark = pytest.mark.slow

PAYLOADS = {
    "title": "<script>alert('title-xss')</script> Leaders meet in Moscow",
    "body": 'Officials said the <img src=x onerror="alert(\'body-xss\')"> talks went well.',
    "link": 'Read more <a href="javascript:alert(\'link-xss\')">here</a> about the summit in Geneva.',
    "frame": 'The minister spoke <iframe src="https://example.invalid/frame"></iframe> for an hour in Paris.',
    "caption": "Jane DOE (AFP) <script>alert('caption-xss')</script> President Vladimir Putin arrives in Dubai.",
}


def hostile_article(directory: Path) -> Path:
    path = directory / "hostile.txt"
    paragraphs = [
        PAYLOADS["title"],
        "President Vladimir Putin met Iranian President Ebrahim Raisi in Moscow on Thursday.",
        PAYLOADS["body"],
        PAYLOADS["link"],
        PAYLOADS["caption"],
        PAYLOADS["frame"],
        "Both leaders praised the warm and productive talks, and criticised Western sanctions.",
    ]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    article = hostile_article(directory)
    before = hashlib.sha256(article.read_bytes()).hexdigest()
    results = build_reports(article, out_dir=directory / "reports")
    return article, before, directory / "reports", results


def test_hostile_article_reports_are_all_built(hostile_reports):
    _, _, _, results = hostile_reports
    assert [result.error for result in results if not result.ok] == []


def test_the_input_file_is_never_modified(hostile_reports):
    article, before, _, _ = hostile_reports
    assert hashlib.sha256(article.read_bytes()).hexdigest() == before


@pytest.mark.browser
def test_no_payload_executes_or_fetches_and_all_show_as_text(hostile_reports):
    _, _, out_dir, results = hostile_reports
    pages = [out_dir / "index.html"] + [path for result in results for path in (result.html_path, result.results_path)]
    texts = {}
    with browser() as chromium:
        for path in pages:
            visit_result = visit(chromium, path)
            assert visit_result.dialogs == [], path
            assert visit_result.external_requests == [], path
            texts[path] = visit_result.body_text
    # Each payload is visible as text somewhere in the reports (escaped, not executed or dropped).
    shown = "\n".join(texts.values())
    for marker in ("<script>alert('title-xss')</script>", "onerror=", "javascript:alert", "<iframe src="):
        assert marker in shown, marker
    assert "<script>alert('title-xss')</script>" in texts[out_dir / "index.html"]


def test_a_bad_article_parameter_gives_one_readable_error_line(tmp_path: Path):
    notebook = notebook_paths()[0]
    results = build_reports(tmp_path / "missing.txt", out_dir=tmp_path / "reports", notebooks=[notebook])
    [result] = results
    assert result.error is not None and "ArticleNotFoundError" in result.error and "no such file" in result.error
    executed = nbformat.read(result.executed_path, as_version=4)
    errors = [output for cell in executed.cells if cell.cell_type == "code" for output in cell.outputs if output.output_type == "error"]
    [error] = errors
    assert error.traceback == [f"ArticleNotFoundError: {tmp_path / 'missing.txt'}: no such file"]


def test_report_cli_fails_in_one_line_for_bad_input(tmp_path: Path, capsys):
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert cli.main(["--article", str(pdf), "--out", str(tmp_path / "out")]) == 2
    error_lines = capsys.readouterr().err.strip().splitlines()
    assert error_lines == [f"report: {pdf}: a PDF file, not text (extract its text first, e.g. with pdftotext)"]
    assert not (tmp_path / "out").exists()
    assert cli.main(["--article", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 2


BAD_INPUTS = {
    "empty.txt": (b"", "EmptyArticleError", "no text (empty or whitespace only)"),
    "blank.txt": (b"  \n\t\n  ", "EmptyArticleError", "no text (empty or whitespace only)"),
    "binary.txt": (bytes(range(256)) * 4, "BinaryArticleError", "binary data, not text"),
    "scan.pdf": (b"%PDF-1.4\n", "BinaryArticleError", "a PDF file, not text"),
    "bad-date.txt": (b"date 2023-13-45 Leaders met.\n\nThey talked.", "MalformedDateError", "is not a real date"),
    "notes.rtf": (b"{\\rtf1 hello}", "UnsupportedFormatError", "unsupported extension '.rtf'"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_report_cli_names_each_bad_input_in_one_line(name: str, tmp_path: Path, capsys):
    content, _, problem = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    assert cli.main(["--article", str(path), "--out", str(tmp_path / "out")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"report: {path}: ") and problem in line
    assert not (tmp_path / "out").exists()
    assert path.read_bytes() == content


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_analyse_raises_the_named_error(name: str, tmp_path: Path):
    from utils import analyse, errors

    content, error_name, problem = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(getattr(errors, error_name), match=problem.replace("(", r"\(").replace(")", r"\)")):
        analyse(path, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_a_5_mb_article_on_one_line_loads_and_is_refused_by_name_not_by_spacy(tmp_path: Path, monkeypatch):
    from utils import analyse, load_article
    from utils.errors import ArticleTooLongError

    sentence = "Officials in Moscow and Tehran discussed trade, energy and security on Thursday. "
    path = tmp_path / "huge.txt"
    path.write_text(sentence * (5_000_000 // len(sentence)), encoding="utf-8")
    article = load_article(path)
    assert len(article.paragraphs) == 1 and len(article.text) > 4_900_000
    with pytest.raises(ArticleTooLongError, match=r"huge.txt: 4,99\d,\d{3} characters, more than the 1,000,000 one analysis takes"):
        analyse(article, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("NEWS_MAX_CHARS", "6000000")
    from utils import config

    assert config.max_chars() == 6_000_000


def test_every_notebook_runs_on_an_article_with_nothing_in_scope(tmp_path: Path):
    """A non-English article: every table is empty in scope, and every notebook still runs and says so."""
    article = tmp_path / "francais.txt"
    article.write_text(
        "date 2023-12-07 Le président iranien Ebrahim Raïssi est arrivé jeudi à Moscou pour une visite officielle.\n\n"
        "Son programme prévoit une rencontre avec le président russe Vladimir Poutine, avec des discussions sur "
        "les liens économiques et le conflit entre Israël et Gaza.\n\n"
        "La chaîne d'État Russia Today a diffusé des images de M. Raïssi descendant de son avion présidentiel.\n",
        encoding="utf-8",
    )
    results = build_reports(article, out_dir=tmp_path / "reports")
    assert [result.error for result in results if not result.ok] == []
    executed = nbformat.read(results[0].executed_path, as_version=4)
    shown = "".join(
        str(output.get("data", {}).get("text/html", "")) for cell in executed.cells for output in cell.get("outputs", [])
    )
    assert "Nothing is counted" in shown


HOSTILE_CORPUS = [
    {"id": "h1", "title": PAYLOADS["title"], "date": "1983-02-01", "source": '<img src=x onerror="alert(\'source-xss\')">',
     "text": "President Vladimir Putin met Iranian President Ebrahim Raisi in Moscow on Thursday.\n\n" + PAYLOADS["body"] + "\n\n"
             "\"The talks were warm and productive,\" Putin said."},
    {"id": "h2", "title": "Leaders meet again <iframe src=\"https://example.invalid/t\"></iframe>", "date": "1987-06-01", "source": "Wire",
     "text": "Vladimir Putin and Ebrahim Raisi met again in Tehran.\n\n" + PAYLOADS["link"] + "\n\n\"We agreed on trade,\" Raisi said."},
    {"id": "h3", "title": "Undated talks", "source": "Wire",
     "text": "Officials in Moscow said the talks with Tehran would continue.\n\n" + PAYLOADS["caption"]},
]


@pytest.fixture(scope="module")
def hostile_corpus_reports(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile-corpus")
    corpus = directory / "hostile.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in HOSTILE_CORPUS) + "\n", encoding="utf-8")
    return build_reports(corpus=corpus, out_dir=directory / "reports")


SEARCH_BOXES = "() => document.querySelectorAll('.news-datatable .dt-search input').length"


@pytest.mark.browser
def test_corpus_tables_are_searchable_offline_and_hostile_text_in_them_stays_text(hostile_corpus_reports):
    """Every corpus page in Chromium with the network cut: nothing runs or is fetched, the articles
    table of 05 has a search box that filters it, and the hostile titles show in it as text."""
    results = hostile_corpus_reports
    assert [result.error for result in results if not result.ok] == []
    folder = results[0].html_path.parent
    assert (folder / "datatables.js").is_file()
    pages = [path for result in results for path in (result.html_path, result.results_path)] + [folder / "all-results.html"]
    for path in pages:  # the bundle is in a page with a table once: loaded from the folder, or inlined once in all-results.html
        text = path.read_text(encoding="utf-8")
        loads = (text.count("injectModule("), text.count('src="datatables.js"') + text.count('src="../datatables.js"'))
        assert loads in (((0, 1), (2, 0)) if 'class="news-datatable' in text else ((0, 0),)), path
    shown = []
    with browser() as chromium:
        for path in pages:
            visited = visit(chromium, path, settle_ms=1500)
            assert visited.dialogs == [] and visited.external_requests == [], path
            assert not [error for error in visited.console_errors if "itables" in error.lower() or "datatable" in error.lower()], path
            shown.append(visited.body_text)
        page = chromium.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:")) else route.abort())
        page.goto(results[0].results_path.resolve().as_uri(), wait_until="load")
        page.wait_for_selector(".news-datatable .dt-search input", timeout=10_000)
        assert page.evaluate(SEARCH_BOXES) >= 1
        articles = page.locator(".news-datatable").first
        assert "Showing 1 to 3 of 3 entries" in articles.inner_text()
        articles.locator(".dt-search input").fill("Undated")
        page.wait_for_timeout(300)
        assert "Showing 1 to 1 of 1 entry (filtered from 3 total entries)" in articles.inner_text()
        page.close()
    text = "\n".join(shown)
    for marker in ("<script>alert('title-xss')</script>", "onerror=\"alert('source-xss')\"", "<iframe src=\"https://example.invalid/t\"></iframe>"):
        assert marker in text, marker
