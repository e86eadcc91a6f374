"""Corpus figures out of core (utils.explore.corpus): the same tables as the pandas way, on views too,
and corpus.sql with exact results on a corpus the test writes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from utils import analyse_corpus
from utils.explore import corpus as corpus_figures
from evaluation import bench_scale

TEXTS = {
    "p1": "Angela Merkel met Emmanuel Macron in Berlin on Monday. They discussed trade with China.\n\n"
          "\"The talks were good,\" Merkel said. The talks lasted two hours, officials said.",
    "b1": "Apple opened a new store in London on Friday. Tim Cook greeted the first customers.\n\n"
          "\"We love London,\" Tim Cook said. Sales were terrible last year, analysts said.",
    "w1": "Floods hit Bangladesh after heavy rain. The Red Cross sent teams to Dhaka and Sylhet.\n\n"
          "\"The damage is terrible,\" a spokesman said.",
    "p2": "Rail workers in France went on strike. Unions said Emmanuel Macron ignored them.\n\n"
          "Macron said the reform was fair and necessary.",
    "x1": "Emmanuel Macron visited London. Macron praised the wonderful welcome.",
}
RECORDS = [
    {"id": "p1", "title": "Leaders meet", "date": "2024-03-04", "source": "Wire", "category": "politics", "text": TEXTS["p1"]},
    {"id": "b1", "title": "New store", "date": "2024-03-08", "source": "Daily", "category": "business", "text": TEXTS["b1"]},
    {"id": "w1", "title": "Floods", "date": "2024-04-01", "source": "Wire", "category": "world", "text": TEXTS["w1"]},
    {"id": "p2", "title": "Strike", "date": "2024-04-02", "source": "Daily", "category": "politics", "text": TEXTS["p2"]},
    {"id": "x1", "title": "Visit", "source": "Daily", "text": TEXTS["x1"]},  # no date, no category
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus-figures")
    (folder / "news.jsonl").write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8")
    return analyse_corpus(folder / "news.jsonl", out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def ids(corpus, *record_ids):
    """The article ids of records given by their ``id``."""
    articles = corpus.sql("SELECT record_id, article_id FROM articles")
    return [dict(zip(articles["record_id"], articles["article_id"]))[record_id] for record_id in record_ids]


@pytest.mark.parametrize("options", [
    {"by": "category", "period": "M", "n": 10},
    {"by": "source", "period": "W", "n": 3, "a": "Wire"},
    {"by": "category", "period": "D", "n": 10, "a": "politics", "b": "business"},
], ids=["category-month", "source-week", "two-categories"])
def test_every_figure_of_notebook_05_is_the_same_in_duckdb_as_in_pandas(corpus, options):
    old, new = bench_scale.pandas_figures(corpus, **options), bench_scale.duckdb_figures(corpus, **options)
    assert set(old) == set(new)
    for name in old:
        assert bench_scale.difference(old[name], new[name]) is None, name
    assert len(old["top entities"]) >= 3 and len(old["distinguishing words"]) > 20 and len(old["top speakers"]) >= 2


def test_the_same_figures_on_a_view_and_with_one_group_only(corpus):
    view = corpus.view(ids(corpus, "p1", "p2", "x1"), label="Macron")
    for options in ({"by": "source"}, {"by": "category", "a": "nothing"}):  # second: the first-half/second-half fallback
        old, new = bench_scale.pandas_figures(view, **options), bench_scale.duckdb_figures(view, **options)
        for name in old:
            assert bench_scale.difference(old[name], new[name]) is None, name
    assert new["comparison"][:2] == ["first half", "second half"]
    top = corpus_figures.top_entities(view, n=1)
    assert top[["name", "label", "mentions", "articles"]].values.tolist() == [["Emmanuel Macron", "PERSON", 5, 3]]


def test_exact_figures_from_duckdb(corpus):
    top = corpus_figures.top_entities(corpus, n=2)
    assert top[["name", "label", "group", "articles"]].values.tolist() == [
        ["Emmanuel Macron", "PERSON", "person", 3], ["London", "GPE", "place", 2],
    ]
    by_month = corpus_figures.sentiment_by_period(corpus, period="M")
    assert [str(period.date()) for period in by_month["period"]] == ["2024-03-01", "2024-04-01"]  # x1 has no date
    assert by_month["articles"].tolist() == [2, 2]
    groups = corpus_figures.sentiment_by_group(corpus, by="category")
    assert sorted(groups["group"]) == ["(none)", "business", "politics", "world"]
    assert groups.set_index("group").loc["politics", "articles"] == 2
    pairs = corpus_figures.entity_cooccurrence(corpus, unit="sentence", n=20)
    assert ("Angela Merkel (PERSON)", "Emmanuel Macron (PERSON)") in set(zip(pairs["entity_a"], pairs["entity_b"]))
    assert ("Angela Merkel (PERSON)", "China (GPE)") not in set(zip(pairs["entity_a"], pairs["entity_b"]))
    speakers = corpus_figures.top_speakers(corpus)
    assert {"Tim Cook", "Angela Merkel"} <= set(speakers["speaker"])
    assert corpus_figures.articles_with_dates(corpus) == 4
    with pytest.raises(KeyError, match="no column 'nope'"):
        corpus_figures.sentiment_by_group(corpus, by="nope")
    with pytest.raises(KeyError):
        corpus_figures.top_entities_by_group(corpus, by='category" FROM articles; --')


def test_sql_exact_results_and_the_source_name_clash(corpus):
    by_source = corpus.sql("SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY source")
    assert by_source.to_dict("records") == [{"source": "Daily", "articles": 3}, {"source": "Wire", "articles": 2}]
    # mentions.source (model, recased, alias, pronoun) is not articles.source (the outlet): qualify it
    rows = corpus.sql(
        "SELECT a.source AS outlet, m.name, count(*) AS mentions FROM mentions m JOIN articles a USING (article_id) "
        "WHERE m.source = 'model' AND m.name = ? GROUP BY outlet, m.name ORDER BY outlet", ["Tim Cook"]
    )
    assert rows.to_dict("records") == [{"outlet": "Daily", "name": "Tim Cook", "mentions": 2}]
    words = corpus.sql(
        "SELECT count(*) AS n FROM tokens JOIN articles USING (article_id) WHERE record_id = $id AND tokens.in_scope AND (is_alpha OR like_num)",
        {"id": "x1"},
    )
    assert words["n"].iloc[0] == 9  # Emmanuel Macron visited London Macron praised the wonderful welcome
    figures = corpus_figures.article_figures(corpus, *ids(corpus, "x1"))
    assert figures["words"] == 9 and figures["top_entities"] == [["Emmanuel Macron", 2], ["London", 1]]


def test_an_analysed_corpus_folder_is_opened_not_analysed_again(corpus, monkeypatch):
    from utils import corpus as corpus_module
    from utils.report.folders import corpus_tables_folder

    monkeypatch.setattr(corpus_module, "iter_corpus", lambda *args, **kwargs: pytest.fail("the folder was read as input"))
    again = analyse_corpus(corpus.path, progress=False)
    assert again.path == corpus.path and again.reused and again.counts == corpus.counts
    assert corpus_figures.top_entities(again, n=3).equals(corpus_figures.top_entities(corpus, n=3))
    assert corpus_tables_folder(corpus.path) == corpus.path
    assert not corpus_module.is_corpus_folder(corpus.path.parent)


def test_the_three_sql_examples_of_the_docs_give_exact_results(corpus):
    import re

    from utils import config

    text = (config.PROJECT_ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    section = text.split("## Querying a corpus with SQL", 1)[1].split("\n## ", 1)[0]
    by_month, people, negative = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    rows = corpus.sql(by_month)
    assert [(source, str(month)[:10], count) for source, month, count in rows.itertuples(index=False)] == [
        ("Daily", "2024-03-01", 1), ("Wire", "2024-03-01", 1), ("Daily", "2024-04-01", 1), ("Wire", "2024-04-01", 1),
        ("Daily", "NaT", 1),  # x1 has no date
    ]
    top = corpus.sql(people)
    # Macron in p2 and x1, each "Emmanuel Macron" then "Macron": four mentions of one entity
    assert top.head(4).values.tolist() == [
        ["Daily", "Emmanuel Macron", 4, 2], ["Daily", "Tim Cook", 2, 1], ["Wire", "Angela Merkel", 2, 1], ["Wire", "Emmanuel Macron", 1, 1],
    ]
    sentences = corpus.sql(negative, ["Emmanuel Macron"])
    assert sorted(sentences["title"]) == ["Leaders meet", "Strike", "Strike", "Visit", "Visit"]  # every form of the name
    assert sentences["sentiment"].is_monotonic_increasing
    assert sentences["text"].iloc[0] == "Unions said Emmanuel Macron ignored them."


def test_a_table_without_parts_is_an_empty_table_of_its_schema(corpus, tmp_path):
    import shutil

    from utils.corpus import Corpus

    copy = tmp_path / "copy"
    shutil.copytree(corpus.path, copy)
    shutil.rmtree(copy / "quotes")
    partial = Corpus.open(copy)
    assert partial.sql("SELECT count(*) AS n, count(speaker) AS speakers FROM quotes").values.tolist() == [[0, 0]]
    assert corpus_figures.top_speakers(partial).empty and corpus_figures.unnamed_share_by_group(partial).empty
    assert len(corpus_figures.top_entities(partial)) == len(corpus_figures.top_entities(corpus))
