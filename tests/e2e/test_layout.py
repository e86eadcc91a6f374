"""The reports as an analyst sees them at 1280px in Chromium: no table or chart wider than the page,
no two chart labels drawn over each other, and a screenshot of every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.browser import browser
from utils import config
from utils.tools import report

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


@pytest.fixture(scope="module")
def layout_reports(tmp_path_factory) -> list[Path]:
    """Notebooks 03 and 04 executed on the seed and exported (with and without code)."""
    out_dir = tmp_path_factory.mktemp("layout") / "reports"
    root = Path(report.__file__).resolve().parents[2]
    notebooks = [root / "notebooks" / "03-sentiment.ipynb", root / "notebooks" / "04-entities.ipynb"]
    results = report.build_reports(config.DEFAULT_ARTICLE, out_dir=out_dir, notebooks=notebooks)
    assert [result.error for result in results] == [None, None]
    return [path for result in results for path in (result.html_path, result.results_path)]


def test_reports_fit_the_page_and_labels_do_not_overlap(layout_reports, tmp_path):
    problems = {}
    with browser() as instance:
        page = instance.new_page(viewport={"width": WIDTH, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "about:", "blob:")) else route.abort())
        for path in layout_reports:
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
            page.wait_for_timeout(500)
            name = f"{path.parent.name}-{path.stem}"
            page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
            widths = page.evaluate(OVERFLOWS)
            overlaps = page.evaluate(OVERLAPS, OVERLAP_PX)
            if widths["wide"] or widths["body"] > widths["page"] + 1 or overlaps:
                problems[name] = {"widths": widths, "overlaps": overlaps}
        page.close()
    assert sorted(tmp_path.glob("*.png")), "no screenshot was taken"
    assert problems == {}, f"screenshots in {tmp_path}"
