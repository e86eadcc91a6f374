"""The reports as an analyst sees them at 1280px in Chromium: no table or chart wider than the page,
no two chart labels drawn over each other, and a screenshot of every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.browser import browser, visit
from utils import config
from utils.report.build import build_reports
from utils.report.folders import COMBINED_NAME, PLOTLY_SCRIPT, STYLESHEET
from utils.report.parameters import notebook_paths, report_notebooks, select_notebooks

WIDTH = 1280
OVERLAP_PX = 3  # two labels may touch by this much (anti-aliasing), not more

OVERFLOWS = """() => {
  const page = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('.news-table, .js-plotly-plot, .jp-OutputArea-output')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0) continue;
    // a table scrolls inside its own div; what must not happen is that div (or a chart) leaving the page
    if (box.right > page + 1 || element.classList.contains('js-plotly-plot') && element.scrollWidth > box.width + 1) {
      wide.push({cls: element.className, right: Math.round(box.right), scroll: element.scrollWidth, page});
    }
  }
  return {page, body: document.documentElement.scrollWidth, wide};
}"""

OVERLAPS = """(slack) => {
  const found = [];
  document.querySelectorAll('.js-plotly-plot').forEach((chart, index) => {
    const title = (chart.querySelector('.gtitle') || {}).textContent || `chart ${index}`;
    // the labels plotly draws for data: bar/axis tick labels, marker texts, treemap tiles
    const boxes = Array.from(chart.querySelectorAll('.ytick text, .xtick text, .textpoint text, .slicetext, g.points text'))
      .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none' && t.getAttribute('opacity') !== '0')
      .map(t => ({el: t, text: t.textContent, box: t.getBoundingClientRect()}))
      .filter(t => t.box.width > 0 && t.box.height > 0)
      // rotated tick labels have slanted boxes that touch without overlapping; a label drawn twice at one place is one label
      .filter(t => !/rotate\(-?[1-9]/.test(t.el.getAttribute('transform') || ''))
      .filter((t, i, all) => all.findIndex(u => u.text === t.text && Math.abs(u.box.x - t.box.x) < 1 && Math.abs(u.box.y - t.box.y) < 1) === i);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > slack && dy > slack) found.push({chart: title, a: boxes[i].text, b: boxes[j].text, dx: Math.round(dx), dy: Math.round(dy)});
      }
    }
    const svg = chart.querySelector('.main-svg').getBoundingClientRect();
    boxes.forEach(t => {
      if (t.box.left < svg.left - 1 || t.box.right > svg.right + 1) found.push({chart: title, cut: t.text});
    });
  });
  return found;
}"""


SPORTS = """date 2024-03-10 Arsenal beat Chelsea 3-1 at the Emirates to go two points clear at the top of the Premier League.

Bukayo Saka scored twice and Declan Rice added a third before Cole Palmer replied from the penalty spot in stoppage time.

"We played with courage from the first minute," said Mikel Arteta, the Arsenal manager. "The players deserve this."

Chelsea head coach Mauricio Pochettino admitted his side had been second best. "We conceded too easily," he said, adding that the injury to Reece James had changed the game.

Saka opened the scoring after 12 minutes, curling a shot past Djordje Petrovic, and doubled the lead before half-time. Rice headed in a corner from Martin Odegaard on 58 minutes.

Liverpool, who play Manchester City on Sunday, are third. Arteta warned that the title race was far from over: "There are ten games left and every one is a final."

Officials said the attendance of 60,236 was a record for the fixture."""


SPORTS_B = """Mikel Arteta's Arsenal beat Chelsea 3-1 to go two points clear at the top of the Premier League on Sunday.

Saka opened the scoring after 12 minutes, curling a shot past Djordje Petrovic, and doubled the lead before half-time.

Pochettino conceded his team had been poor. "We conceded too easily," he said. Arteta insisted the title race was far from over.

Chelsea owner Todd Boehly watched from the stands as Palmer scored a late penalty."""


@pytest.fixture(scope="module")
def layout_reports(built_reports, tmp_path_factory) -> list[Path]:
    """Every page of the seed's reports (each notebook with and without code, the one-page report,
    the indexes) and of a sports story the test writes."""
    out_dir, results = built_reports
    pages = [path for result in results for path in (result.html_path, result.results_path)]
    folder = results[0].html_path.parent
    pages += [folder / COMBINED_NAME, folder / "index.html", Path(out_dir) / "index.html"]
    story = tmp_path_factory.mktemp("sports") / "arsenal chelsea.txt"
    story.write_text(SPORTS, encoding="utf-8")
    sports = build_reports(story, out_dir=tmp_path_factory.mktemp("layout") / "reports")
    assert [result.error for result in sports] == [None] * len(sports)
    pages += [path for result in sports for path in (result.html_path, result.results_path)]
    # notebook 09 on a pair: the seed alone is above; here two reports of one match, side by side
    other = story.parent / "arsenal chelsea other outlet.txt"
    other.write_text(SPORTS_B, encoding="utf-8")
    pair = build_reports(story, out_dir=tmp_path_factory.mktemp("pair") / "reports", notebooks=select_notebooks("09", notebook_paths()),
                         parameters={"ARTICLE_B": str(other)})
    assert [result.error for result in pair] == [None]
    pages += [pair[0].html_path, pair[0].results_path]
    return pages + [sports[0].html_path.parent / COMBINED_NAME]


def report_pages(results) -> list[Path]:
    """Every page of one report folder: each notebook with and without code, the one-page report, its index."""
    folder = results[0].html_path.parent
    pages = [path for result in results for path in (result.html_path, result.results_path)]
    return pages + [folder / COMBINED_NAME, folder / "index.html"]


@pytest.fixture(scope="module")
def corpus_and_pair_reports(tmp_path_factory) -> list[list]:
    """The reports of every kind the notebooks make besides one article's: a three-article corpus
    (every corpus notebook) and, when a notebook compares two articles, the seed and the sports
    story as a pair. Which notebooks run is read from their parameters cells, so new ones are in."""
    folder = tmp_path_factory.mktemp("corpus")
    seed = config.DEFAULT_ARTICLE.read_text(encoding="utf-8").strip().removeprefix("date 2023-12-07 ")
    sports = SPORTS.removeprefix("date 2024-03-10 ")
    rows = [
        {"id": "seed", "title": "Raisi meets Putin in Moscow", "date": "2023-12-07", "source": "Seed Wire", "category": "politics", "text": seed},
        {"id": "sports", "title": "Arsenal beat Chelsea", "date": "2024-03-10", "source": "Sport Daily", "category": "sport", "text": sports},
        {"id": "talks", "title": "Arteta looks ahead", "date": "2024-03-12", "source": "Sport Daily", "category": "sport",
         "text": sports.split("\n\n", 3)[3]},
    ]
    corpus = folder / "layout corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("layout-corpus") / "reports"
    built = [build_reports(corpus=corpus, out_dir=out)]
    if report_notebooks(notebook_paths(), kind="pair"):
        story = folder / "arsenal chelsea.txt"
        story.write_text(SPORTS, encoding="utf-8")
        built.append(build_reports(config.DEFAULT_ARTICLE, article_b=story, out_dir=out))
    for results in built:
        assert results and [result.error for result in results] == [None] * len(results)
    return built


@pytest.mark.browser
def test_corpus_and_pair_reports_render_offline(corpus_and_pair_reports):
    """The offline check for the other kinds of report: nothing leaves the page, no console error, every chart drawn."""
    with browser() as chromium:
        for results in corpus_and_pair_reports:
            folder = results[0].html_path.parent
            assert (folder / PLOTLY_SCRIPT).is_file() and (folder / STYLESHEET).is_file()
            for result in results:
                for path in (result.html_path, result.results_path):
                    page = visit(chromium, path)
                    assert (page.external_requests, page.console_errors) == ([], []), path
                    assert page.rendered_charts == result.figure_count, path
            for path in (folder / COMBINED_NAME, folder / "index.html", folder.parent / "index.html"):
                page = visit(chromium, path)
                assert (page.external_requests, page.console_errors) == ([], []), path


@pytest.mark.browser
def test_the_top_index_filters_its_rows(corpus_and_pair_reports):
    out_dir = corpus_and_pair_reports[0][0].html_path.parent.parent
    with browser() as instance:
        page = instance.new_page()
        page.goto((out_dir / "index.html").resolve().as_uri())
        rows = page.locator("#reports tbody tr")
        total = rows.count()
        assert total == len(corpus_and_pair_reports)
        page.fill("#filter", "LAYOUT corpus.jsonl")  # any case, every word somewhere in the row
        shown = [row.inner_text() for row in rows.all() if row.is_visible()]
        assert len(shown) == 1 and "Corpus: layout corpus.jsonl" in shown[0] and "3 articles · 2023-12-07 to 2024-03-12 · 2 sources" in shown[0]
        assert page.inner_text("#shown") == f"1 of {total} reports"
        page.fill("#filter", "no such report")
        assert not any(row.is_visible() for row in rows.all())
        page.fill("#filter", "")
        assert all(row.is_visible() for row in rows.all())
        page.close()


def test_reports_fit_the_page_and_labels_do_not_overlap(layout_reports, corpus_and_pair_reports, tmp_path):
    problems = {}
    pages = layout_reports + [path for results in corpus_and_pair_reports for path in report_pages(results)]
    pages.append(corpus_and_pair_reports[0][0].html_path.parent.parent / "index.html")
    with browser() as instance:
        page = instance.new_page(viewport={"width": WIDTH, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "about:", "blob:")) else route.abort())
        for path in pages:
            page.goto(path.resolve().as_uri(), wait_until="load")
            if page.locator(".js-plotly-plot").count():
                page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
            page.wait_for_timeout(500)
            name = f"{path.parent.parent.name}-{path.parent.name}-{path.stem}"
            page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
            widths = page.evaluate(OVERFLOWS)
            overlaps = page.evaluate(OVERLAPS, OVERLAP_PX)
            if widths["wide"] or widths["body"] > widths["page"] + 1 or overlaps:
                problems[name] = {"widths": widths, "overlaps": overlaps}
        page.close()
    assert sorted(tmp_path.glob("*.png")), "no screenshot was taken"
    assert problems == {}, f"screenshots in {tmp_path}"
