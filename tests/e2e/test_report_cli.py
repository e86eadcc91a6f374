"""`python -m utils.tools.report` (what `make report` runs): checks first, progress lines, odd paths, one folder per article."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from utils import config, load_article
from utils.tools import report

pytestmark = pytest.mark.slow

ENGLISH = (
    "Leaders meet in Geneva to discuss trade\n\n"
    "President Emmanuel Macron met Chancellor Olaf Scholz in Geneva on Tuesday to discuss trade and energy.\n\n"
    "The two leaders praised the productive talks and agreed to meet again in Paris next month, officials said.\n"
)
GERMAN = (
    "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten Emmanuel Macron empfangen.\n\n"
    "Die beiden Politiker sprachen über die Energiepolitik, den Handel und die Lage in der Ukraine.\n\n"
    "Nach dem Treffen erklärten beide, die Gespräche seien freundlich und sehr nützlich gewesen.\n"
)
NOTEBOOK_02 = config.NOTEBOOKS_DIR / "02-tokenise.ipynb"


def stderr_lines(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def test_params_are_parsed_with_the_types_of_the_parameters_cell():
    declared = report.declared_parameters(NOTEBOOK_02)
    assert declared["KWIC_TERM"] is str and declared["TOP_N"] is int and declared["ARTICLE"] is str
    assert report.parse_parameters("KWIC_TERM=Raisi TOP_N=10", declared) == {"KWIC_TERM": "Raisi", "TOP_N": 10}
    assert report.parse_parameters("KWIC_TERM='Ebrahim Raisi'", declared) == {"KWIC_TERM": "Ebrahim Raisi"}
    assert report.parse_parameters("", declared) == {}
    with pytest.raises(report.ReportError, match=r"^PARAMS: TOP_N takes an int, not 'ten'$"):
        report.parse_parameters("TOP_N=ten", declared)
    with pytest.raises(report.ReportError, match=r"^PARAMS: unknown parameter TOPN \(the notebooks declare: ARTICLE, DISPERSION_ENTITIES,"):
        report.parse_parameters("TOPN=3", declared)
    with pytest.raises(report.ReportError, match=r"^PARAMS: ARTICLE is set by the command itself"):
        report.parse_parameters("ARTICLE=x.txt", declared)


def test_an_unknown_parameter_is_one_line_and_exit_2(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert report.main(["--params", "TOPN=3", "--notebooks", "02", "--out", str(out)]) == 2
    [line] = stderr_lines(capsys)
    assert line.startswith("report: PARAMS: unknown parameter TOPN (the notebooks declare: ARTICLE, DISPERSION_ENTITIES")
    assert not out.exists()


def test_a_path_with_spaces_and_umlauts_reports_in_its_own_folder(tmp_path: Path, capsys):
    folder = tmp_path / "my articles"
    folder.mkdir()
    (folder / "Müller Bericht.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "all reports"
    code = report.main(["--cwd", str(tmp_path), "--article", "my articles/Müller Bericht.txt", "--out", "all reports",
                        "--notebooks", "01,04", "--params", "TOP_N=3"])
    lines = stderr_lines(capsys)
    assert code == 0, lines
    assert re.fullmatch(r"\[1/2\] 01-load-article ok \d+\.\d s", lines[0]), lines
    assert re.fullmatch(r"\[2/2\] 04-entities ok \d+\.\d s", lines[1]), lines
    article_dir = out / "Müller-Bericht"
    assert lines[2] == f"index: {article_dir / 'index.html'}  (all articles: {out / 'index.html'})"
    article_id = load_article(folder / "Müller Bericht.txt").id
    assert sorted(path.name for path in (article_dir / "exports").iterdir()) == [
        f"{article_id}-{name}.csv" for name in ("entities", "mentions", "relations")
    ]
    pages = [out / "index.html", *article_dir.glob("*.html"), *article_dir.glob("results/*.html")]
    assert sorted(page.relative_to(out).as_posix() for page in pages) == [
        "Müller-Bericht/01-load-article.html", "Müller-Bericht/04-entities.html", "Müller-Bericht/all-results.html", "Müller-Bericht/index.html",
        "Müller-Bericht/results/01-load-article.html", "Müller-Bericht/results/04-entities.html", "index.html",
    ]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert str(tmp_path) not in text and str(config.PROJECT_ROOT) not in text, page
    for page in article_dir.glob("results/*.html"):
        text = page.read_text(encoding="utf-8")
        assert [marker for marker in ("python -m", "utils.", "PATH/TO") if marker in text] == [], page
    index = (article_dir / "index.html").read_text(encoding="utf-8")
    assert "<h1>Leaders meet in Geneva to discuss trade</h1>" in index
    assert "file Müller Bericht.txt (outside the project)" in index
    assert "most named: Emmanuel Macron (1), Olaf Scholz (1), Geneva (1)" in index
    assert 'href="M%C3%BCller-Bericht/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    # the injected parameters show the file name, not where it lives
    assert "Müller Bericht.txt" in (article_dir / "01-load-article.html").read_text(encoding="utf-8")
    # no kernel sockets left beside the notebooks; folders and files readable by others (umask 022 here)
    assert list(config.NOTEBOOKS_DIR.glob("kernel-ipc*")) == []
    umask = os.umask(0o022)
    os.umask(umask)
    if umask == 0o022:
        for path in (article_dir, article_dir / "results", article_dir / "exports", article_dir / "index.html"):
            assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


def test_two_articles_with_one_name_are_reported_side_by_side(tmp_path: Path):
    first, second = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    for path, title in ((first, "Macron meets Scholz in Geneva"), (second, "Scholz visits Paris for energy talks")):
        path.parent.mkdir()
        path.write_text(title + "\n\n" + ENGLISH.split("\n\n", 1)[1], encoding="utf-8")
    out = tmp_path / "reports"
    notebook = [config.NOTEBOOKS_DIR / "01-load-article.ipynb"]
    [first_result] = report.build_reports(first, out_dir=out, notebooks=notebook)
    first_page = first_result.html_path.read_text(encoding="utf-8")
    [second_result] = report.build_reports(second, out_dir=out, notebooks=notebook)
    assert first_result.html_path.parent == out / "story"
    assert second_result.html_path.parent == out / f"story-{report.source_key(second)}"
    assert first_result.html_path.read_text(encoding="utf-8") == first_page
    top = (out / "index.html").read_text(encoding="utf-8")
    assert "Macron meets Scholz in Geneva" in top and "Scholz visits Paris for energy talks" in top
    assert top.count("/index.html\">") == 2
    # reporting the first article again reuses its folder
    [again] = report.build_reports(first, out_dir=out, notebooks=notebook)
    assert again.html_path.parent == out / "story"
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == ["story", f"story-{report.source_key(second)}"]


def test_a_german_article_is_refused_in_one_line_or_reported_with_a_banner(tmp_path: Path, capsys):
    article = tmp_path / "bericht.txt"
    article.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    assert report.main(["--article", str(article), "--out", str(out)]) == 2
    assert stderr_lines(capsys) == [
        f"report: {article}: no English paragraph to count (found: de); --allow-other-language "
        "(make report ALLOW_OTHER_LANGUAGE=1) writes the reports anyway, with empty charts"
    ]
    assert not out.exists()
    assert report.main(["--article", str(article), "--out", str(out), "--notebooks", "01", "--allow-other-language"]) == 0
    lines = stderr_lines(capsys)
    assert re.fullmatch(r"\[1/1\] 01-load-article ran \d+\.\d s: charts empty \(not English\)", lines[0]), lines
    for page in (out / "bericht" / "index.html", out / "bericht" / "01-load-article.html", out / "bericht" / "results" / "01-load-article.html"):
        assert report.NOT_ENGLISH_BANNER in page.read_text(encoding="utf-8"), page
    assert json.loads((out / "bericht" / "report.json").read_text(encoding="utf-8"))["notebooks"][0]["status"] == "empty"
    assert "(not English: charts empty)" in (out / "index.html").read_text(encoding="utf-8")
