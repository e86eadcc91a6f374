"""The corpus explorer's Python face on small corpora the tests write: a query gives what corpus.search
gives, a bad query one line, an opened article its title and the query's matches; Enter and a click run
in the background; the stories."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.search.test_search import TEXTS, write_corpus
from tests.stories.test_stories import RECORDS
from utils import analyse_corpus
from utils.explorer.corpus import CorpusExplorer
from utils.search import QueryError, parse_query
from utils.search import index as search_index


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explorer")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(search_index.SEARCH_DIR_ENV_VAR, raising=False)
        yield analyse_corpus(write_corpus(folder), out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


@pytest.fixture()
def explorer(corpus):
    return CorpusExplorer(corpus, query="moscow")


def record_id(corpus, article_id: str) -> str:
    return dict(corpus.sql("SELECT article_id, record_id FROM articles").itertuples(index=False))[article_id]


@pytest.mark.parametrize("query", ["moscow", "tehran OR berlin", 'entity:"Vladimir Putin"', "title:gas", "source:BBC -immigration", "chelsea"])
def test_a_query_gives_the_articles_corpus_search_gives(explorer, corpus, query):
    returned = explorer.ask(query)
    expected = corpus.search(query)
    pd.testing.assert_frame_equal(returned, expected)
    pd.testing.assert_frame_equal(explorer.results, expected)
    assert explorer.query == query and explorer.error is None
    assert explorer.table.shown == expected["article_id"].tolist()  # best first, as the table shows them
    assert explorer.status_text == f"{len(expected)} of the 4 articles match {query}"
    assert explorer.article == expected["article_id"].iloc[0]  # the best match is opened


def test_the_first_query_is_the_corpus_s_most_mentioned_entity_when_none_is_given(corpus):
    from utils.search.results import default_query

    explorer = CorpusExplorer(corpus)
    assert explorer.query == default_query(corpus) and explorer.query_box.value == explorer.query
    pd.testing.assert_frame_equal(explorer.results, corpus.search(explorer.query))


@pytest.mark.parametrize("query", ["moscow AND", "(moscow OR gas", 'say "moscow', "outlet:BBC", "date:[2004-01-01 TO 2004-02-30]"])
def test_a_bad_query_is_one_line_and_the_view_stays(explorer, corpus, query):
    before = explorer.results
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    returned = explorer.ask(query)
    assert explorer.error == str(raised.value)  # the parser's own message: position and what was expected
    assert "\n" not in explorer.error and "Traceback" not in explorer.error
    assert explorer.status_text == explorer.error
    assert returned is before and explorer.results is before and explorer.query == "moscow"


def test_opening_an_article_shows_its_title_date_source_and_the_query_s_matches(explorer, corpus):
    explorer.ask("immigra*")
    merkel = next(article_id for article_id in corpus.articles["article_id"] if record_id(corpus, article_id) == "merkel")
    article = explorer.open(merkel)
    assert explorer.article == merkel and article is explorer.article_explorer
    assert article.title == "Merkel on immigration"
    header = article.header.value
    assert "Merkel on immigration" in header and "2004-03-31" in header and "BBC" in header and "politics" in header
    marked = [article.analysis.text[start:end] for start, end in article.spans]
    assert marked == ["immigration", "Immigrants"]
    assert article.tab == "text" and article.text.value.count("<mark") == 2


def test_opening_an_id_the_corpus_lacks_is_a_key_error(explorer):
    with pytest.raises(KeyError):
        explorer.open("0000000000000000")


def test_enter_and_a_click_run_in_the_background(explorer, corpus):
    explorer.query_box.value = "tehran OR berlin"
    explorer._query_message(explorer.query_box, {"event": "submit"}, [])  # what the browser sends on Enter
    explorer.worker.wait()
    pd.testing.assert_frame_equal(explorer.results, corpus.search("tehran OR berlin"))
    second = explorer.results["article_id"].iloc[1]
    explorer.table.cells[1][0].click()  # the second row's title
    explorer.worker.wait()
    assert explorer.article == second
    assert explorer.article_explorer.title == explorer.results["title"].iloc[1]


def test_an_error_in_background_work_is_one_line(explorer, monkeypatch):
    def broken(query):
        raise RuntimeError("the index is gone\nsecond line")

    monkeypatch.setattr(explorer.corpus, "search", broken)
    explorer._submit("gas")
    explorer.worker.wait()
    assert explorer.status_text == "RuntimeError: the index is gone"


def test_results_page_through(corpus):
    explorer = CorpusExplorer(corpus, query="moscow", page_size=2)
    ids = corpus.search("moscow")["article_id"].tolist()
    assert explorer.table.shown == ids[:2] and explorer.table.where.value == "1–2 of 3" and explorer.table.previous.disabled
    explorer.table.next.click()
    assert explorer.table.shown == ids[2:] and explorer.table.where.value == "3–3 of 3" and explorer.table.next.disabled


def test_the_attention_chart_counts_by_the_period_the_corpus_pages_choose(corpus):
    from utils.explore.periods import choose_period
    from utils.show.theme import ChartNote

    dates = corpus.sql("SELECT date FROM articles")["date"]
    explorer = CorpusExplorer(corpus, query="moscow")
    assert explorer.period == choose_period(dates) == "Y"  # four articles in four months: too few to count by month
    assert isinstance(explorer.time_chart.figure, ChartNote)  # one year: no change over time to draw
    assert explorer.time_chart.figure.reason == "The corpus's dated articles all fall in one year (2004), so there is no change over time to draw."
    monthly = CorpusExplorer(corpus, query="moscow", period="month")
    assert monthly.period == "M"
    figure = monthly.time_chart.figure
    months = ("2004-01-01", "2004-02-01", "2004-03-01", "2004-04-01")
    assert [tuple(trace.x) for trace in figure.data] == [months, months]  # every month of the span, as notebook 07 draws it
    assert list(figure.data[0].y) == [1, 1, 0, 1]  # "moscow": January, February, none in March, April
    assert figure.layout.xaxis2.dtick == "M1" and figure.layout.xaxis2.tickformat == "%b %Y"  # the corpus pages' time axis


def test_the_static_first_view_carries_the_query_the_articles_and_one_chart(corpus):
    explorer = CorpusExplorer(corpus, query="moscow", period="M")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert "A live explorer: in JupyterLab" in page and "3 of the 4 articles match moscow" in page
    for title in corpus.search("moscow")["title"]:
        assert title in page
    assert "application/vnd.plotly.v1+json" in bundle  # four months: attention over time is drawn
    assert page.count('class="plotly-graph-div"') == 1


@pytest.fixture(scope="module")
def story_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explorer-stories")
    source = folder / "news.jsonl"
    source.write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8")
    return analyse_corpus(source, out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def test_stories_are_found_when_asked_for_and_a_story_shows_its_articles(story_corpus):
    from utils.stories.corpus import story_members

    explorer = CorpusExplorer(story_corpus, query="Izmir")
    assert explorer._stories is None  # nothing found before the tab or the Python face asks
    stories = explorer.stories
    pd.testing.assert_frame_equal(stories, story_corpus.stories())
    assert explorer.story == int(stories["story_id"].iloc[0])  # the largest is shown first
    members = story_members(story_corpus)
    for story_id in stories["story_id"]:
        rows = explorer.choose_story(int(story_id))
        assert sorted(rows["article_id"]) == sorted(members.loc[members["story_id"] == story_id, "article_id"])
        assert sorted(explorer.story_table.shown) == sorted(rows["article_id"])
        assert explorer.story_choice.value == story_id
    with pytest.raises(KeyError):
        explorer.choose_story(99)


def test_choosing_the_stories_tab_finds_them_in_the_background(story_corpus):
    explorer = CorpusExplorer(story_corpus, query="Vodafone")
    explorer.tabs.selected_index = 1
    explorer.worker.wait(timeout=300)
    assert explorer._stories is not None and len(explorer.story_choice.options) == len(explorer._stories)
