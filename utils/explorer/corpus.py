"""The corpus explorer (``corpus.explore()``): a query box in the syntax of docs/search.md (Enter runs
it; an error shows as one line), the attention to the query over time and by source, the matching
articles best first, the article chosen among them (its text with the query's matches, entities and
quotations marked, its key figures, its entities and speakers), and the corpus's stories.

The Python face, for scripts and tests: ``ask(query)``, ``results`` (the matching articles, as
``corpus.search`` gives them), ``error`` (the one line of a query that cannot be read),
``open(article_id)``, ``article`` (the id shown), ``article_explorer`` (its
:class:`~utils.explorer.article.ArticleExplorer`), ``stories`` and ``choose_story(story_id)``.

Clicks and Enter run their work in a background thread (a progress line says what is being done), so
the kernel keeps answering; the Python face runs the same work in the caller's thread.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from utils.explore.periods import AUTO, period_label
from utils.explorer.article import ArticleExplorer
from utils.explorer.corpus_article import corpus_article
from utils.explorer.widgets import ChartBox, LiveView, Progress, RowTable, Worker, first_line, style
from utils.show import explorer as views
from utils.show.theme import ChartNote

if TYPE_CHECKING:
    from utils.analysis import Analysis
    from utils.corpus import Corpus

ARTICLE_CACHE = 8  # articles opened lately, kept ready
RESULT_COLUMNS = (("title", "title", "minmax(0, 1fr)"), ("date", "date", "6.5em"), ("source", "source", "9em"),
                  ("hits", "hits", "3em"), ("score", "score", "4em"))
STORY_COLUMNS = (("title", "title", "minmax(0, 1fr)"), ("date", "date", "6.5em"), ("source", "source", "9em"))


class CorpusExplorer(LiveView):
    """A live explorer of a corpus (or of a view of one): query, attention, matching articles, stories."""

    what = "type a query and press Enter, open a matching article, choose a story or an entity"

    def __init__(self, corpus: "Corpus", *, query: str = "", period: str = AUTO, page_size: int = 10) -> None:
        """``query`` is asked first (default: the corpus's most-mentioned entity, as notebook 07 asks);
        ``period`` is the attention chart's (D, W, M, Q or Y; default: chosen from the corpus's dates as
        the corpus pages choose it, :func:`utils.explore.periods.choose_period`)."""
        from utils.explore.corpus import time_span
        from utils.search.results import default_query

        self.corpus = corpus
        self.span = time_span(corpus, period=period)  # the period and span of the chart over time, as notebook 07's
        self.period = self.span.period
        self.progress = Progress()
        self.worker = Worker(self.progress, self._show_error)
        self.total = int(corpus.counts.get("articles", 0))
        self.results = pd.DataFrame()
        self.query: str | None = None
        self.error: str | None = None
        self.article: str | None = None
        self.article_explorer: ArticleExplorer | None = None
        self._analyses: OrderedDict[str, "Analysis"] = OrderedDict()
        self._shares = pd.DataFrame(columns=["source", "articles", "total", "share"])
        self._stories: pd.DataFrame | None = None
        self._members: pd.DataFrame | None = None
        self.story: int | None = None

        self.heading = widgets.HTML(f"<div style='font-size:15px;font-weight:bold'>Explore the corpus</div>"
                                    f"<div style='color:#555'>{views._escaped(corpus.summary())}</div>")
        self.query_box = widgets.Text(value=query, placeholder='a query, e.g. entity:"Vladimir Putin" AND (gas OR oil)',
                                      layout=widgets.Layout(width="44em"))
        self.query_box.add_class("news-query")
        self.query_box.on_msg(self._query_message)  # Enter sends {"event": "submit"}
        self.search_button = widgets.Button(description="Search", button_style="primary", layout=widgets.Layout(width="7em"))
        self.search_button.on_click(lambda _: self._submit(self.query_box.value))
        self.status = widgets.HTML()
        self.status.add_class("news-status")
        self.time_chart, self.source_chart = ChartBox(), ChartBox()
        self.table = RowTable(RESULT_COLUMNS, key="article_id", on_choose=self._article_chosen, page_size=page_size,
                              empty="No article matches the query.")
        self.table.widget.add_class("news-results")
        self.stories_status = widgets.HTML(views.status_html("Choose this tab to find the corpus's stories (the first time takes a while, then they are cached)."))
        self.story_choice = widgets.Dropdown(options=[], description="story", layout=widgets.Layout(width="48em"))
        self.story_choice.add_class("news-story-choice")
        self.story_choice.observe(self._story_chosen, "value")
        self.story_chart = ChartBox()
        self.story_table = RowTable(STORY_COLUMNS, key="article_id", on_choose=self._article_chosen, page_size=page_size,
                                    empty="No story chosen.")
        self.tabs = widgets.Tab(children=[
            widgets.VBox([widgets.HBox([widgets.Box([self.time_chart.output], layout=widgets.Layout(flex="3 1 0%", min_width="0")),
                                        widgets.Box([self.source_chart.output], layout=widgets.Layout(flex="2 1 0%", min_width="0"))]),
                          self.table.widget]),
            widgets.VBox([self.stories_status, self.story_choice, self.story_chart.output, self.story_table.widget]),
        ], titles=("Matching articles", "Stories"))
        self.tabs.observe(self._tab_chosen, "selected_index")
        self.article_heading = widgets.HTML()
        self.article_box = widgets.VBox([])
        self.article_box.add_class("news-article-pane")
        self.widget = widgets.VBox([
            style(), self.heading, widgets.HBox([self.query_box, self.search_button]), self.status, self.progress.box,
            self.tabs, self.article_heading, self.article_box,
        ])
        self.widget.add_class("news-explorer")
        self.widget.add_class("news-corpus-explorer")
        self.ask(query or default_query(corpus))

    # ------------------------------------------------------------------ the Python face

    def ask(self, query: str) -> pd.DataFrame:
        """Run ``query`` and show what it finds; returns the matching articles (``results``). A query that
        cannot be read leaves the view as it was and shows its error (``error``) in one line."""
        return self.worker.run(self._ask, query, label=f"searching {query}")

    def open(self, article_id: str) -> "ArticleExplorer":
        """Open an article of the corpus (KeyError for an id it lacks) and return its article explorer."""
        return self.worker.run(self._open, str(article_id), label="opening the article")

    @property
    def stories(self) -> pd.DataFrame:
        """The corpus's stories (``corpus.stories()``), found the first time they are asked for."""
        if self._stories is None:
            self.worker.run(self._load_stories, label="finding the stories (the first time only)")
        return self._stories

    def choose_story(self, story_id: int) -> pd.DataFrame:
        """Show story ``story_id``: its timeline and its articles (returned); KeyError for a story the corpus lacks."""
        self.stories  # noqa: B018 - found first
        return self.worker.run(self._show_story, int(story_id), label="showing the story")

    @property
    def status_text(self) -> str:
        """The status line as plain text."""
        import html
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value))

    # ------------------------------------------------------------------ work

    def _ask(self, query: str) -> pd.DataFrame:
        from utils.search import QueryError
        from utils.search.results import share_by
        from utils.show import search as search_charts

        query = " ".join(str(query).split())
        if self.query_box.value != query:
            self.query_box.value = query
        self.progress.step(0.1, f"searching {query}")
        try:
            results = self.corpus.search(query)
        except QueryError as error:
            self.error = first_line(error)
            self.status.value = views.status_html(self.error, error=True)
            return self.results
        self.query, self.results, self.error = query, results, None
        self.status.value = views.status_html(f"{len(results):,} of the {self.total:,} articles match {query}")
        self.progress.step(0.3, "attention over time")
        if self.span.dated and len(self.span.starts) < 2:  # the chart would be one bar: say so in the explorer's words
            self.time_chart.show(ChartNote(f"The corpus's dated articles all fall in one {self.span.name} "
                                           f"({period_label(self.span.first, self.period)}), so there is no change over time to draw."))
        else:
            self.time_chart.show(search_charts.attention_chart({query: self.corpus.attention(query, period=self.period)}, span=self.span))
        self.progress.step(0.5, "attention by source")
        self._shares = share_by(self.corpus, query, by="source")
        self.source_chart.show(search_charts.share_by_bars(self._shares, by="source", n=10, title="Share of each source's articles that match"))
        self.table.show(results)
        if len(results):
            self.progress.step(0.7, "opening the best match")
            self._open(str(results["article_id"].iloc[0]))
        else:
            self.article, self.article_heading.value = None, views.status_html("No article matches, so none is open.")
            self.article_box.children = ()
        return results

    def _analysis(self, article_id: str) -> "Analysis":
        if article_id not in self._analyses:
            self._analyses[article_id] = corpus_article(self.corpus, article_id)
            while len(self._analyses) > ARTICLE_CACHE:
                self._analyses.popitem(last=False)
        self._analyses.move_to_end(article_id)
        return self._analyses[article_id]

    def _spans(self, article_id: str) -> list[tuple[int, int]]:
        """The query's matched words in the article's text."""
        if not self.query:
            return []
        from utils.search.results import matches

        rows = matches(self.corpus.view([article_id]), self.query, n=None)
        return sorted({(int(start), int(end)) for spans in rows["spans"] for start, end in spans})

    def _open(self, article_id: str) -> ArticleExplorer:
        analysis = self._analysis(article_id)
        spans = self._spans(article_id)
        if self.article_explorer is None:
            self.article_explorer = ArticleExplorer(analysis, spans=spans, tab="text")
            self.article_box.children = (self.article_explorer.widget,)
        else:
            self.article_explorer.load(analysis, spans=spans, tab="text")
        self.article = article_id
        self.article_heading.value = "<div style='font-weight:bold;margin-top:10px;border-top:1px solid #999;padding-top:6px'>The article opened</div>"
        return self.article_explorer

    def _load_stories(self) -> pd.DataFrame:
        from utils.stories.corpus import story_members

        self.progress.step(0.1, f"finding the stories of {self.total:,} articles (the first time only; then cached)")
        stories = self.corpus.stories()
        self._members = story_members(self.corpus)
        self._stories = stories
        held = int((self._members["story_id"] >= 0).sum())
        self.stories_status.value = views.status_html(
            f"{len(stories)} {'story holds' if len(stories) == 1 else 'stories hold'} {held:,} of the {len(self._members):,} articles."
            if len(stories) else "No story: no two articles are alike enough, and close enough in date, to be about one event.")
        self.story_choice.options = [(self._story_label(row), int(row.story_id)) for row in stories.itertuples()]
        if len(stories):
            self._show_story(int(stories["story_id"].iloc[0]))
        return stories

    @staticmethod
    def _story_label(row: Any) -> str:
        dates = f", {row.first_date:%d %b %Y} to {row.last_date:%d %b %Y}" if pd.notna(row.first_date) else ""
        return f"{row.story_id}: {row.label} ({row.articles} articles, {row.sources} sources{dates})"

    def _show_story(self, story_id: int) -> pd.DataFrame:
        from utils.show import stories as story_charts
        from utils.stories.clusters import story_timeline

        stories, members = self._stories, self._members
        if story_id not in set(stories["story_id"]):
            raise KeyError(f"no story {story_id} in this corpus")
        self.story = story_id
        if self.story_choice.value != story_id:
            self.story_choice.value = story_id
        story = stories[stories["story_id"] == story_id]
        rows = members[members["story_id"] == story_id].sort_values(["date", "source", "title"], na_position="last")
        self.story_chart.show(story_charts.story_timeline(story_timeline(rows, story, n=1), story, title="The story over time (marker size: articles that day)"))
        self.story_table.show(rows[["article_id", "title", "date", "source"]])
        return rows.reset_index(drop=True)

    def _show_error(self, error: BaseException) -> None:
        self.status.value = views.status_html(first_line(error), error=True)

    # ------------------------------------------------------------------ widget callbacks

    def _submit(self, query: str) -> None:
        self.worker.submit(self._ask, query, label=f"searching {' '.join(str(query).split())}", kind="query")

    def _query_message(self, widget: Any, content: dict, buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self._submit(self.query_box.value)

    def _article_chosen(self, article_id: str) -> None:
        self.worker.submit(self._open, article_id, label="opening the article", kind="article")

    def _tab_chosen(self, change: dict) -> None:
        if change["new"] == 1 and self._stories is None:
            self.worker.submit(self._load_stories, label="finding the stories (the first time only)", kind="stories")

    def _story_chosen(self, change: dict) -> None:
        if change["new"] is not None and change["new"] != self.story and self._stories is not None:
            self.worker.submit(self._show_story, int(change["new"]), label="showing the story", kind="story")

    # ------------------------------------------------------------------ where no kernel runs

    def static_figure(self) -> Any:
        """The one chart of the first view: attention over time, else (one period only) by source."""
        for box in (self.time_chart, self.source_chart):
            if box.figure is not None and not isinstance(box.figure, ChartNote):
                return box.figure
        return None

    def static_html(self) -> str:
        """The view shown, as HTML: the query and its status, the attention chart (drawn by the page),
        the matching articles, and the article opened with its header and marked text."""
        figure = self.static_figure()
        parts = [views.live_note_html(self.what), self.heading.value,
                 views.section("Query", f"<code>{views._escaped(self.query or '')}</code>") + self.status.value]
        if self.query:
            if self.time_chart.figure is not None and (self.time_chart.figure is figure or isinstance(self.time_chart.figure, ChartNote)):
                parts.append(views.figure_html(self.time_chart.figure))
            if self.source_chart.figure is figure and figure is not None:
                parts.append(views.figure_html(figure))
            else:
                parts.append(views.section("Attention by source", views.share_table_html(self._shares)))
            parts.append(views.section("The matching articles, best first", views.results_table_html(self.results)))
        explorer = self.article_explorer
        if self.article is not None and explorer is not None:
            marks = "query" if explorer.spans else "entities"
            text = views.article_text_html(explorer.analysis, marks=marks, spans=explorer.spans)
            parts.append(views.section("The article opened", views.article_header_html(explorer.analysis, figures=views.article_figures(explorer.analysis))
                                       + f"<details><summary>its text, {views.MARKS[marks]} marked</summary>{text}</details>"))
        return f"<div class='news-explorer-first-view'>{''.join(parts)}</div>"


def explore_corpus(corpus: "Corpus", **options: Any) -> CorpusExplorer:
    """``corpus.explore()``: a :class:`CorpusExplorer` of the corpus (options: ``query``, ``period``, ``page_size``)."""
    return CorpusExplorer(corpus, **options)


__all__ = ["CorpusExplorer", "explore_corpus"]
