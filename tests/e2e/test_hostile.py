"""Hostile text through the whole report pipeline: nothing executes, nothing is fetched, nothing is lost."""

from __future__ import annotations

import hashlib
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
