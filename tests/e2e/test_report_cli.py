"""`python -m utils.report` (what `make report` runs): checks first, progress lines, odd paths, one folder per article."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import nbformat
import pytest

from utils import config, load_article
from utils.report import cli
from utils.report.build import build_reports
from utils.report.folders import COMBINED_NAME, PLOTLY_SCRIPT, WORKBOOK_NAME, corpus_tables_folder, source_key
from utils.report.inputs import NOT_ENGLISH_BANNER
from utils.report.parameters import ReportError, declared_parameters, is_pair_notebook, notebook_paths, parse_parameters, report_notebooks

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
    declared = declared_parameters(NOTEBOOK_02)
    assert declared["KWIC_TERM"] is str and declared["TOP_N"] is int and declared["ARTICLE"] is str
    assert parse_parameters("KWIC_TERM=Raisi TOP_N=10", declared) == {"KWIC_TERM": "Raisi", "TOP_N": 10}
    assert parse_parameters("KWIC_TERM='Ebrahim Raisi'", declared) == {"KWIC_TERM": "Ebrahim Raisi"}
    assert parse_parameters("", declared) == {}
    with pytest.raises(ReportError, match=r"^PARAMS: TOP_N takes an int, not 'ten'$"):
        parse_parameters("TOP_N=ten", declared)
    with pytest.raises(ReportError, match=r"^PARAMS: unknown parameter TOPN \(the notebooks declare: ARTICLE, DISPERSION_ENTITIES,"):
        parse_parameters("TOPN=3", declared)
    with pytest.raises(ReportError, match=r"^PARAMS: ARTICLE is set by the command itself"):
        parse_parameters("ARTICLE=x.txt", declared)


def test_an_unknown_parameter_is_one_line_and_exit_2(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert cli.main(["--params", "TOPN=3", "--notebooks", "02", "--out", str(out)]) == 2
    [line] = stderr_lines(capsys)
    assert line.startswith("report: PARAMS: unknown parameter TOPN (the notebooks declare: ARTICLE, DISPERSION_ENTITIES")
    assert not out.exists()


def test_a_path_with_spaces_and_umlauts_reports_in_its_own_folder(tmp_path: Path, capsys):
    folder = tmp_path / "my articles"
    folder.mkdir()
    (folder / "Müller Bericht.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "all reports"
    code = cli.main(["--cwd", str(tmp_path), "--article", "my articles/Müller Bericht.txt", "--out", "all reports",
                     "--notebooks", "01,04", "--params", "TOP_N=3"])
    lines = stderr_lines(capsys)
    assert code == 0, lines
    assert re.fullmatch(r"\[1/2\] 01-load-article ok \d+\.\d s", lines[0]), lines
    assert re.fullmatch(r"\[2/2\] 04-entities ok \d+\.\d s", lines[1]), lines
    article_dir = out / "Müller-Bericht"
    assert lines[2] == f"index: {article_dir / 'index.html'}  (all reports: {out / 'index.html'})"
    article_id = load_article(folder / "Müller Bericht.txt").id
    assert sorted(path.name for path in (article_dir / "exports").iterdir()) == [
        f"{article_id}-{name}.csv" for name in ("entities", "mentions", "relations")
    ] + [WORKBOOK_NAME]
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
    assert "most named: Geneva (2), Emmanuel Macron (1), Olaf Scholz (1)" in index  # the headline counts
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
    [first_result] = build_reports(first, out_dir=out, notebooks=notebook)
    first_page = first_result.html_path.read_text(encoding="utf-8")
    [second_result] = build_reports(second, out_dir=out, notebooks=notebook)
    assert first_result.html_path.parent == out / "story"
    assert second_result.html_path.parent == out / f"story-{source_key(second)}"
    assert first_result.html_path.read_text(encoding="utf-8") == first_page
    top = (out / "index.html").read_text(encoding="utf-8")
    assert "Macron meets Scholz in Geneva" in top and "Scholz visits Paris for energy talks" in top
    assert top.count("/index.html\">") == 2
    # reporting the first article again reuses its folder
    [again] = build_reports(first, out_dir=out, notebooks=notebook)
    assert again.html_path.parent == out / "story"
    assert sorted(path.name for path in out.iterdir() if path.is_dir()) == ["story", f"story-{source_key(second)}"]


def test_a_german_article_is_refused_in_one_line_or_reported_with_a_banner(tmp_path: Path, capsys):
    article = tmp_path / "bericht.txt"
    article.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["--article", str(article), "--out", str(out)]) == 2
    assert stderr_lines(capsys) == [
        f"report: {article}: no English paragraph to count (found: de); --allow-other-language "
        "(make report ALLOW_OTHER_LANGUAGE=1) writes the reports anyway, with empty charts"
    ]
    assert not out.exists()
    assert cli.main(["--article", str(article), "--out", str(out), "--notebooks", "01", "--allow-other-language"]) == 0
    lines = stderr_lines(capsys)
    assert re.fullmatch(r"\[1/1\] 01-load-article ran \d+\.\d s: charts empty \(not English\)", lines[0]), lines
    for page in (out / "bericht" / "index.html", out / "bericht" / "01-load-article.html", out / "bericht" / "results" / "01-load-article.html"):
        assert NOT_ENGLISH_BANNER in page.read_text(encoding="utf-8"), page
    assert json.loads((out / "bericht" / "report.json").read_text(encoding="utf-8"))["notebooks"][0]["status"] == "empty"
    assert "(not English: charts empty)" in (out / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- corpus and pair reports, on throw-away notebooks

CORPUS_ROWS = [
    {"id": "a1", "title": "Macron meets Scholz in Geneva", "date": "2024-03-01", "source": "Wire One", "category": "politics",
     "text": ENGLISH.split("\n\n", 1)[1]},
    {"id": "a2", "title": "Scholz visits Paris", "date": "2024-03-04", "source": "Wire Two", "category": "politics",
     "text": "Chancellor Olaf Scholz visited Paris on Monday. \"The talks were useful,\" Scholz said after meeting Emmanuel Macron."},
    {"id": "a3", "title": "Arsenal beat Chelsea", "date": "2024-03-10", "source": "Wire One", "category": "sport",
     "text": "Arsenal beat Chelsea 3-1 at the Emirates. \"We played with courage,\" said Mikel Arteta, the Arsenal manager."},
]
SHOW_PARAMETERS = (
    "import json\nfrom IPython.display import display\n"
    "given = {name: value for name, value in globals().items() if name.isupper() and not name.startswith('_')}\n"
    "display({'application/json': given}, raw=True)"
)


def throwaway_notebook(title: str, parameters: str, *cells: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# {title}\n> a throw-away notebook for the report command's tests"),
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SHOW_PARAMETERS),
        *(nbformat.v4.new_code_cell(cell) for cell in cells),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


@pytest.fixture(scope="module")
def throwaway_notebooks(tmp_path_factory) -> Path:
    """Stand-ins for notebooks 01 (article), 05 (corpus: analyses it and shows its key figures),
    07 (corpus, QUERY), 08 (corpus, STORY, shows largest stories) and 09 (pair, or corpus with A/B)."""
    folder = tmp_path_factory.mktemp("notebooks")
    chart = "import plotly.graph_objects as go\nfrom utils.show import theme\ngo.Figure(go.Bar(y=[1, 2]))"
    notebooks = {
        "01-article": throwaway_notebook("Article", 'ARTICLE: str = ""', chart),
        "05-corpus": throwaway_notebook(
            "Corpus", 'ARTICLE: str = ""\nCORPUS: str = ""\nGROUP_BY: str = "category"',
            "from utils import analyse_corpus, config\nfrom utils.explore import corpus as corpus_figures\n"
            "from utils.show.html import key_figures\n"
            "corpus = analyse_corpus(config.resolve_article_path(CORPUS or ARTICLE))\n"
            "key_figures(corpus_figures.corpus_figures(corpus))",
            chart,
        ),
        "07-ask": throwaway_notebook("Ask", 'ARTICLE: str = ""\nCORPUS: str = ""\nQUERY: str = ""\nTOP_N: int = 5', chart),
        "08-stories": throwaway_notebook(
            "Stories", 'ARTICLE: str = ""\nCORPUS: str = ""\nSTORY: str = ""',
            "from utils.show.html import key_figures\nkey_figures({'largest_stories': [['Macron and Scholz', 2]]}, title='Stories')",
            chart,
        ),
        "09-compare": throwaway_notebook(
            "Compare", 'ARTICLE_A: str = ""\nARTICLE_B: str = ""\nCORPUS: str = ""\nGROUP_BY: str = "category"\nA: str = ""\nB: str = ""', chart,
        ),
    }
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
    return folder


def given_parameters(result_or_path) -> dict:
    """What the throw-away notebook was given (its upper-case globals, shown as JSON)."""
    executed = nbformat.read(getattr(result_or_path, "executed_path", result_or_path), as_version=4)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            if "application/json" in output.get("data", {}):
                return dict(output["data"]["application/json"])
    raise AssertionError("no parameters shown")


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "wire news.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in CORPUS_ROWS) + "\n", encoding="utf-8")
    return path


def test_a_notebook_declaring_corpus_is_a_corpus_notebook_and_one_declaring_article_b_a_pair_notebook(throwaway_notebooks):
    every = notebook_paths(throwaway_notebooks)
    names = lambda paths: [path.stem for path in paths]  # noqa: E731
    assert names(every) == ["01-article", "05-corpus", "07-ask", "08-stories", "09-compare"]
    assert names(report_notebooks(every, kind="article")) == ["01-article", "05-corpus", "07-ask", "08-stories"]
    assert names(report_notebooks(every, kind="pair")) == ["09-compare"]
    assert names(report_notebooks(every, kind="corpus")) == ["05-corpus", "07-ask", "08-stories"]
    assert names(report_notebooks(every, kind="corpus", given=["GROUP_BY"])) == ["05-corpus", "07-ask", "08-stories"]
    assert names(report_notebooks(every, kind="corpus", given=["A", "B"])) == ["05-corpus", "07-ask", "08-stories", "09-compare"]
    # the real notebooks: 05 is a corpus notebook, and an article report runs every notebook but the pair ones
    real = notebook_paths()
    assert "05-corpus" in names(report_notebooks(real, kind="corpus"))
    assert names(report_notebooks(real, kind="article")) == [path.stem for path in real if not is_pair_notebook(path)]


def test_a_corpus_report_runs_every_corpus_notebook_and_shows_the_corpus_key_figures(throwaway_notebooks, corpus_file, tmp_path, capsys):
    out = tmp_path / "reports"
    code = cli.main(["--corpus", str(corpus_file), "--notebooks-dir", str(throwaway_notebooks), "--out", str(out),
                     "--query", "Scholz AND Macron"])
    lines = stderr_lines(capsys)
    assert code == 0, lines
    assert [line.split(" ok ")[0] for line in lines[:3]] == ["[1/3] 05-corpus", "[2/3] 07-ask", "[3/3] 08-stories"]
    folder = out / "corpus-wire-news"
    assert lines[3] == f"index: {folder / 'index.html'}  (all reports: {out / 'index.html'})"
    executed = {path.stem: given_parameters(path) for path in (folder / "executed").glob("*.ipynb")}
    assert executed["07-ask"]["QUERY"] == "Scholz AND Macron" and executed["07-ask"]["CORPUS"].endswith("wire news.jsonl")
    assert "QUERY" not in executed["05-corpus"] and "QUERY" not in executed["08-stories"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "<h1>Corpus: wire news.jsonl</h1>" in index
    for shown in ("articles</th><td style='text-align:left'>3<", "first date</th><td style='text-align:left'>2024-03-01<",
                  "last date</th><td style='text-align:left'>2024-03-10<", "sources</th><td style='text-align:left'>2<",
                  "largest stories</th><td style='text-align:left'>Macron and Scholz (2)<"):
        assert shown in index, shown
    manifest = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "corpus" and manifest["date"] == "2024-03-01 to 2024-03-10" and manifest["source"] == "2 sources"
    assert manifest["figures"]["largest_stories"] == [["Macron and Scholz", 2]]
    top = (out / "index.html").read_text(encoding="utf-8")
    assert "3 articles · 2024-03-01 to 2024-03-10 · 2 sources" in top and 'href="corpus-wire-news/exports/tables.xlsx"' in top
    # one shared plotly.js for the folder, the one-page report carries its own
    assert (folder / PLOTLY_SCRIPT).is_file()
    assert 'src="plotly.min.js"' in (folder / "07-ask.html").read_text(encoding="utf-8")
    assert "plotly.js v" in (folder / COMBINED_NAME).read_text(encoding="utf-8")


def test_the_corpus_workbook_holds_its_summaries_not_the_token_table(throwaway_notebooks, corpus_file, tmp_path, capsys):
    import openpyxl

    from utils.corpus import Corpus
    from utils.explore.entities import named_mentions, top_corpus_entities
    from utils.explore.sources import top_speakers

    out = tmp_path / "reports"
    assert cli.main(["--corpus", str(corpus_file), "--notebooks-dir", str(throwaway_notebooks), "--notebooks", "05", "--out", str(out)]) == 0
    workbook = openpyxl.load_workbook(out / "corpus-wire-news" / "exports" / WORKBOOK_NAME, read_only=True)
    corpus = Corpus.open(corpus_tables_folder(corpus_file))
    expected = {
        "articles": corpus.articles,
        "problems": corpus.problems,
        "entities": top_corpus_entities(named_mentions(corpus.table("mentions"), corpus.table("entities")), n=10_000),
        "speakers": top_speakers(corpus.table("quotes"), corpus.table("entities"), n=10_000),
    }
    assert workbook.sheetnames == list(expected)
    for name, table in expected.items():
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(table.columns), name
        assert len(rows) - 1 == len(table), name
    assert len(expected["articles"]) == 3 and {row[0] for row in list(workbook["speakers"].iter_rows(values_only=True))[1:]} >= {"Olaf Scholz"}


def test_a_pair_notebook_joins_a_corpus_report_when_its_own_parameters_are_given(throwaway_notebooks, corpus_file, tmp_path, capsys):
    out = tmp_path / "reports"
    code = cli.main(["--corpus", str(corpus_file), "--notebooks-dir", str(throwaway_notebooks), "--out", str(out),
                     "--params", "GROUP_BY=source A='Wire One' B='Wire Two'"])
    lines = stderr_lines(capsys)
    assert code == 0, lines
    assert [line.split(" ok ")[0] for line in lines[:4]] == ["[1/4] 05-corpus", "[2/4] 07-ask", "[3/4] 08-stories", "[4/4] 09-compare"]
    given = given_parameters(out / "corpus-wire-news" / "executed" / "09-compare.ipynb")
    assert (given["A"], given["B"], given["GROUP_BY"], given["ARTICLE_A"], given["ARTICLE_B"]) == ("Wire One", "Wire Two", "source", "", "")


def test_a_query_without_a_corpus_is_one_line_and_exit_2(throwaway_notebooks, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["--query", "raisi", "--out", str(out)]) == 2
    assert stderr_lines(capsys) == ["report: QUERY searches a corpus: give CORPUS too (make report CORPUS=data/raw/news.jsonl QUERY='...')"]
    corpus = tmp_path / "one.txt"
    corpus.write_text(ENGLISH, encoding="utf-8")
    assert cli.main(["--corpus", str(corpus), "--query", "raisi", "--notebooks-dir", str(throwaway_notebooks), "--notebooks", "05",
                     "--out", str(out)]) == 2
    assert stderr_lines(capsys) == ["report: QUERY: no notebook of this report takes it (the notebooks: 05-corpus)"]
    assert cli.main(["--corpus", str(corpus), "--article-b", str(corpus), "--out", str(out)]) == 2
    assert stderr_lines(capsys) == ["report: ARTICLE_B pairs two articles, CORPUS reports a corpus: give one of them"]
    assert not out.exists()


def test_a_pair_of_articles_is_one_report_folder_named_after_both(throwaway_notebooks, tmp_path, capsys):
    import openpyxl

    from utils import analyse

    first, second = tmp_path / "geneva talks.txt", tmp_path / "paris visit.txt"
    first.write_text(ENGLISH, encoding="utf-8")
    second.write_text("Scholz visits Paris for energy talks\n\n" + CORPUS_ROWS[1]["text"] + "\n", encoding="utf-8")
    out = tmp_path / "reports"
    code = cli.main(["--article", str(first), "--article-b", str(second), "--notebooks-dir", str(throwaway_notebooks), "--out", str(out)])
    lines = stderr_lines(capsys)
    assert code == 0, lines
    folder = out / "geneva-talks-vs-paris-visit"
    assert re.fullmatch(r"\[1/1\] 09-compare ok \d+\.\d s", lines[0]), lines
    given = given_parameters(folder / "executed" / "09-compare.ipynb")
    assert (given["ARTICLE_A"], given["ARTICLE_B"]) == (str(first), str(second))
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "<h1>Two articles: Leaders meet in Geneva to discuss trade | Scholz visits Paris for energy talks</h1>" in index
    assert "A: Leaders meet in Geneva to discuss trade · no date · no source · file geneva talks.txt (outside the project)" in index
    workbook = openpyxl.load_workbook(folder / "exports" / WORKBOOK_NAME, read_only=True)
    for letter, article in (("A", first), ("B", second)):
        for name, table in analyse(article).tables().items():
            rows = list(workbook[f"{letter} {name}"].iter_rows(values_only=True))
            assert list(rows[0]) == list(table.columns) and len(rows) - 1 == len(table), (letter, name)
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["kind"] == "pair"
    assert "Two articles: " not in (out / "index.html").read_text(encoding="utf-8")  # the top index lists the titles
    assert "Leaders meet in Geneva to discuss trade | Scholz visits Paris for energy talks" in (out / "index.html").read_text(encoding="utf-8")


def test_self_contained_pages_carry_plotly_js_and_the_folder_no_shared_copy(throwaway_notebooks, tmp_path, capsys):
    out = tmp_path / "reports"
    notebooks = ["--notebooks-dir", str(throwaway_notebooks), "--notebooks", "01", "--out", str(out)]
    assert cli.main(notebooks) == 0
    folder = out / config.DEFAULT_ARTICLE.stem
    assert (folder / PLOTLY_SCRIPT).is_file()
    assert "plotly.js v" not in (folder / "01-article.html").read_text(encoding="utf-8")
    assert cli.main([*notebooks, "--self-contained"]) == 0
    assert not (folder / PLOTLY_SCRIPT).exists()
    for page in (folder / "01-article.html", folder / "results" / "01-article.html", folder / COMBINED_NAME):
        text = page.read_text(encoding="utf-8")
        assert text.count("plotly.js v") == 1 and PLOTLY_SCRIPT not in text, page
