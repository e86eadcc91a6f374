"""Corpus mode: folder and records input, duplicates, bad rows, the per-article cache, local vs Dask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pandas as pd
import pytest

from utils import Scope, analyse, analyse_corpus, article_from_text, config, engines, store
from utils.explore import compare, tone
from utils.explore import entities as entity_tables
from utils.explore import words as lexical
from utils.pipeline.tables import TABLES
from utils.read import sources
from utils.store import CACHE_SUFFIX
from evaluation import bench

MERKEL = (
    "Angela Merkel met Emmanuel Macron in Berlin on Monday. They discussed trade with China.\n\n"
    "The talks lasted two hours, officials said."
)
APPLE = "Apple opened a new store in London on Friday. Tim Cook greeted the first customers."
FLOODS = "Floods hit Bangladesh after heavy rain. The Red Cross sent teams to Dhaka and Sylhet."
STRIKE = "Rail workers in France went on strike. Unions said Emmanuel Macron ignored them."

RECORDS = [
    {"id": "p1", "title": "Leaders meet", "date": "2024-03-04", "source": "Wire", "category": "politics", "text": MERKEL},
    {"id": "b1", "title": "New store", "date": "2024-03-08", "source": "Daily", "category": "business", "text": APPLE},
    {"id": "w1", "title": "Floods", "date": "2024-04-01", "source": "Wire", "category": "world", "text": FLOODS},
    {"id": "p2", "title": "Strike", "date": "2024-04-02", "source": "Daily", "category": "politics", "text": STRIKE},
]


@pytest.fixture()
def dirs(tmp_path):
    """A private output folder and per-article cache for each test."""
    return {"out_dir": tmp_path / "out", "cache_dir": tmp_path / "cache", "progress": False}


def write_jsonl(path, records, *, extra_lines=()):
    lines = [json.dumps(record) for record in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_folder_of_files_with_a_duplicate_and_an_empty_file(tmp_path, dirs):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(MERKEL, encoding="utf-8")
    (folder / "b.txt").write_text(APPLE, encoding="utf-8")
    (folder / "c-copy.txt").write_text(MERKEL, encoding="utf-8")
    (folder / "d-empty.txt").write_text("   \n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(FLOODS, encoding="utf-8")
    corpus = analyse_corpus(folder, **dirs)

    assert corpus.counts == {"articles": 2, "duplicates": 1, "unreadable": 1, "parsed": 2, "cached": 0}
    articles = corpus.articles
    assert articles["origin"].tolist() == ["a.txt", "b.txt"]
    assert articles["article_id"].tolist() == [article_from_text(MERKEL).id, article_from_text(APPLE).id]
    problems = corpus.problems
    assert problems["origin"].tolist() == ["c-copy.txt", "d-empty.txt"]
    assert problems["record_id"].isna().all() and articles["record_id"].isna().all()  # files have no record id
    assert problems["kind"].tolist() == ["duplicate", "unreadable"]
    assert problems["duplicate_of"].iloc[0] == "a.txt"
    assert "empty" in problems["reason"].iloc[1]
    assert corpus.summary() == "2 articles analysed; left out: 1 duplicates, 1 unreadable (see the problems table)."


def test_corpus_tables_are_the_single_article_tables_plus_article_id(tmp_path, dirs):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(MERKEL, encoding="utf-8")
    (folder / "b.txt").write_text(APPLE, encoding="utf-8")
    corpus = analyse_corpus(folder, **dirs)
    for text in (MERKEL, APPLE):
        single = analyse(article_from_text(text), cache=False)
        for name in TABLES:
            table = corpus.table(name)
            assert table.columns[0] == "article_id"
            rows = table[table["article_id"] == single.article.id].drop(columns="article_id").reset_index(drop=True)
            pd.testing.assert_frame_equal(rows, single.tables()[name].reset_index(drop=True), check_dtype=False)
    mentions = corpus.table("mentions")
    assert {"Angela Merkel", "Emmanuel Macron", "Berlin", "London", "Tim Cook"} <= set(mentions["text"])


def test_jsonl_with_a_corrupt_row_and_a_row_without_text(tmp_path, dirs):
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS[:2], extra_lines=['{"id": "broken", "text": "unterminated', '{"id": "x9", "title": "no text"}'])
    corpus = analyse_corpus(path, **dirs)
    assert corpus.counts["articles"] == 2 and corpus.counts["unreadable"] == 2
    articles = corpus.articles
    assert articles["origin"].tolist() == ["news.jsonl:0", "news.jsonl:1"]
    assert articles["record_id"].tolist() == ["p1", "b1"]
    assert articles["title"].tolist() == ["Leaders meet", "New store"]
    assert articles["category"].tolist() == ["politics", "business"]
    assert articles["source"].tolist() == ["Wire", "Daily"]
    assert [str(date) for date in articles["date"]] == ["2024-03-04", "2024-03-08"]
    problems = corpus.problems
    assert problems["origin"].tolist() == ["news.jsonl:2", "news.jsonl:3"]
    assert problems["record_id"].isna().tolist() == [True, False]  # the corrupt line has no readable id
    assert problems["record_id"].iloc[1] == "x9" and "(id x9)" not in problems["reason"].iloc[1]
    assert problems["kind"].tolist() == ["unreadable", "unreadable"]
    assert "invalid JSON" in problems["reason"].iloc[0]
    assert "no text" in problems["reason"].iloc[1]
    assert set(corpus.table("sentences")["article_id"]) == set(articles["article_id"])


def test_csv_input_with_a_duplicate_row(tmp_path, dirs):
    path = tmp_path / "news.csv"
    pd.DataFrame(RECORDS[:3] + [RECORDS[0] | {"id": "p1-again"}]).to_csv(path, index=False)
    corpus = analyse_corpus(path, **dirs)
    assert corpus.counts == {"articles": 3, "duplicates": 1, "unreadable": 0, "parsed": 3, "cached": 0}
    assert corpus.articles["category"].tolist() == ["politics", "business", "world"]
    assert corpus.problems[["origin", "record_id", "kind", "duplicate_of"]].values.tolist() == [["news.csv:3", "p1-again", "duplicate", "news.csv:0"]]
    assert corpus.articles["record_id"].tolist() == ["p1", "b1", "w1"]


def test_parquet_input_read_in_batches(tmp_path, dirs):
    path = tmp_path / "news.parquet"
    frame = pd.DataFrame(RECORDS + [{"id": "e1", "title": "empty", "text": "  "}])
    frame["date"] = pd.to_datetime(frame["date"])
    frame.to_parquet(path, index=False)
    corpus = analyse_corpus(path, **dirs)
    assert corpus.counts["articles"] == 4 and corpus.counts["unreadable"] == 1
    assert corpus.articles["origin"].tolist() == [f"news.parquet:{row}" for row in range(4)]
    assert [str(date) for date in corpus.articles["date"]] == ["2024-03-04", "2024-03-08", "2024-04-01", "2024-04-02"]
    assert corpus.problems[["origin", "record_id"]].values.tolist() == [["news.parquet:4", "e1"]]
    assert corpus.articles["record_id"].tolist() == ["p1", "b1", "w1", "p2"]
    entities = corpus.table("entities")
    assert set(entities.loc[entities["label"] == "GPE", "name"]) >= {"Berlin", "London", "Bangladesh", "France"}


def test_cached_articles_are_never_parsed_twice(tmp_path, dirs, monkeypatch):
    first = analyse_corpus(write_jsonl(tmp_path / "one.jsonl", RECORDS), **dirs)
    assert first.counts["parsed"] == 4 and not first.reused

    def no_parsing(*args, **kwargs):
        raise AssertionError("an article was parsed again")

    monkeypatch.setattr(engines, "tables_from_doc", no_parsing)
    again = analyse_corpus(write_jsonl(tmp_path / "one.jsonl", RECORDS), **dirs)
    assert again.reused and again.path == first.path
    # Another input holding the same articles: a new corpus, every article from the per-article cache.
    other = analyse_corpus(write_jsonl(tmp_path / "two.jsonl", list(reversed(RECORDS))), **dirs)
    assert other.path != first.path
    assert other.counts == {"articles": 4, "duplicates": 0, "unreadable": 0, "parsed": 0, "cached": 4}
    entities = other.table("entities")
    assert entities["article_id"].iloc[0] == article_from_text(STRIKE).id


def test_the_corpus_shares_the_single_article_cache(tmp_path, dirs):
    analyse(article_from_text(APPLE), cache_dir=dirs["cache_dir"])
    corpus = analyse_corpus(write_jsonl(tmp_path / "news.jsonl", RECORDS[:2]), **dirs)
    assert corpus.counts["cached"] == 1 and corpus.counts["parsed"] == 1


def test_a_corpus_run_packs_its_cache_per_batch_and_analyse_reads_it(tmp_path, dirs):
    corpus = analyse_corpus(write_jsonl(tmp_path / "one.jsonl", RECORDS), batch_size=3, **dirs)
    packs = sorted(path for path in (dirs["cache_dir"] / store.PACKS).iterdir() if path.is_dir())
    # four articles, batches of three: two packs of one Arrow file per table, no folder per article
    assert corpus.counts["parsed"] == 4 and len(packs) == 2
    assert sorted(path.name for path in packs[0].iterdir()) == sorted([store.MANIFEST, *(f"{name}{CACHE_SUFFIX}" for name in TABLES)])
    assert not [path for path in dirs["cache_dir"].iterdir() if (path / store.MANIFEST).exists()]
    single = analyse(article_from_text(APPLE), cache_dir=dirs["cache_dir"])
    assert single.from_cache
    fresh = analyse(article_from_text(APPLE), cache=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(single, name), getattr(fresh, name))


def test_a_cached_corpus_run_guesses_no_language_and_keeps_the_articles_language(tmp_path, dirs, monkeypatch):
    from utils.read import article as article_module

    first = analyse_corpus(write_jsonl(tmp_path / "one.jsonl", RECORDS), **dirs)
    guessed: list[int] = []
    real = article_module.assign_languages
    monkeypatch.setattr(article_module, "assign_languages", lambda texts: guessed.append(len(texts)) or real(texts))
    again = analyse_corpus(write_jsonl(tmp_path / "two.jsonl", RECORDS[::-1]), **dirs)
    assert again.counts["cached"] == 4 and guessed == []  # languages are guessed on first use: a cached article has no use
    assert again.table("articles")["language"].tolist() == first.table("articles")["language"].tolist()[::-1] == ["en"] * 4
    article = article_from_text(MERKEL)
    assert guessed == []  # reading guesses nothing
    assert article.language == "en" and guessed == [len(article.paragraphs)]  # the first use guesses every paragraph at once


def test_a_damaged_pack_is_parsed_again_not_trusted(tmp_path, dirs, small_corpus):
    analyse_corpus(write_jsonl(tmp_path / "one.jsonl", RECORDS), **dirs)
    name = store.article_cache_dir(article_from_text(APPLE), Scope(), config.model_name(), dirs["cache_dir"]).name
    pack, _ = store.PackCache(dirs["cache_dir"]).find(name)
    (dirs["cache_dir"] / store.PACKS / pack / f"sentences{CACHE_SUFFIX}").write_bytes(b"half-written")
    other = analyse_corpus(write_jsonl(tmp_path / "two.jsonl", RECORDS), **dirs)
    assert (other.counts["parsed"], other.counts["cached"]) == (4, 0)  # the four articles shared the pack
    for name in TABLES:
        pd.testing.assert_frame_equal(other.table(name), small_corpus.table(name))
    again = analyse_corpus(write_jsonl(tmp_path / "three.jsonl", RECORDS[::-1]), **dirs)
    assert (again.counts["parsed"], again.counts["cached"]) == (0, 4)  # packed anew


def test_a_damaged_article_folder_is_parsed_again_not_trusted(tmp_path, dirs):
    analyse(article_from_text(APPLE), cache_dir=dirs["cache_dir"])
    damaged = store.article_cache_dir(article_from_text(APPLE), Scope(), config.model_name(), dirs["cache_dir"])
    (damaged / f"sentences{CACHE_SUFFIX}").write_bytes(b"half-written")
    corpus = analyse_corpus(write_jsonl(tmp_path / "news.jsonl", RECORDS[:2]), **dirs)
    assert (corpus.counts["parsed"], corpus.counts["cached"]) == (2, 0)


def test_a_missing_source_is_an_error(tmp_path, dirs):
    with pytest.raises(sources.CorpusError, match="no such file or folder"):
        analyse_corpus(tmp_path / "nowhere", **dirs)


def test_dask_engine_writes_the_same_tables_as_the_local_engine(tmp_path):
    from distributed import Client, LocalCluster

    path = write_jsonl(tmp_path / "news.jsonl", RECORDS + [RECORDS[1]], extra_lines=["not json"])
    local = analyse_corpus(path, out_dir=tmp_path / "local", cache_dir=tmp_path / "cache-local", chunk_size=2, progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        distributed = analyse_corpus(
            path, engine="dask", scheduler=client, out_dir=tmp_path / "dask", cache_dir=tmp_path / "cache-dask",
            chunk_size=2, progress=False,
        )
    assert distributed.counts == local.counts == {"articles": 4, "duplicates": 1, "unreadable": 1, "parsed": 4, "cached": 0}
    assert distributed.manifest["engine"] == "dask"
    for name in (*TABLES, "articles", "problems"):
        pd.testing.assert_frame_equal(distributed.table(name), local.table(name))
    assert len(local.paths("tokens")) == 2
    assert local.articles["position"].tolist() == [0, 1, 2, 3]


def test_dask_engine_on_a_cluster_started_as_the_readme_says(tmp_path):
    """A scheduler and two single-threaded worker processes started from the ``dask`` command line,
    reached by address: the workers import the project, cache in their own $NEWS_CACHE_DIR, and
    the tables equal the local engine's."""
    from distributed import Client

    path = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    local = analyse_corpus(path, out_dir=tmp_path / "local", cache_dir=tmp_path / "cache-local", progress=False)
    scheduler_file, worker_cache = tmp_path / "scheduler.json", tmp_path / "worker-cache"
    environment = os.environ | {"NEWS_CACHE_DIR": str(worker_cache)}
    common = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", *common],
                                  cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--nworkers", "2", "--nthreads", "1", *common],
            cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        remote = analyse_corpus(path, engine="dask", scheduler=address, out_dir=tmp_path / "remote", chunk_size=1, progress=False)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=60)
    assert remote.counts == local.counts
    assert remote.manifest["engine"] == "dask"
    for name in (*TABLES, "articles", "problems"):
        pd.testing.assert_frame_equal(remote.table(name), local.table(name))
    assert len(list(worker_cache.glob(f"**/*{CACHE_SUFFIX}"))) == len(TABLES) * len(RECORDS)  # the workers' own cache


def test_dask_engine_without_a_scheduler_starts_and_closes_its_own_local_cluster(tmp_path):
    import distributed

    path = write_jsonl(tmp_path / "news.jsonl", RECORDS[:2])
    local = analyse_corpus(path, out_dir=tmp_path / "local", cache_dir=tmp_path / "cache-local", progress=False)
    own = analyse_corpus(path, engine="dask", n_process=2, out_dir=tmp_path / "own", cache_dir=tmp_path / "cache-own", progress=False)
    for name in (*TABLES, "articles"):
        pd.testing.assert_frame_equal(own.table(name), local.table(name))
    with pytest.raises(ValueError):
        distributed.get_client()  # the cluster and its client were closed


# --------------------------------------------------------------------------- corpus analysis


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small-corpus")
    return analyse_corpus(write_jsonl(folder / "news.jsonl", RECORDS), out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


@pytest.fixture(scope="module")
def small_mentions(small_corpus):
    return entity_tables.named_mentions(small_corpus.table("mentions"), small_corpus.table("entities"))


def test_weighted_log_odds_matches_monroe_et_al_by_hand():
    table = compare.weighted_log_odds(pd.Series({"x": 3, "y": 1}), pd.Series({"x": 1, "y": 3}))
    # prior = both subsets: alpha_x = alpha_y = 4, alpha_0 = 8, n_a = n_b = 4
    delta = 2 * __import__("math").log(7 / 5)
    assert table["term"].tolist() == ["x", "y"]
    assert table["log_odds"].tolist() == pytest.approx([delta, -delta])
    assert table["z"].tolist() == pytest.approx([delta / (1 / 7 + 1 / 5) ** 0.5, -delta / (1 / 7 + 1 / 5) ** 0.5])
    assert table[["count_a", "count_b"]].values.tolist() == [[3, 1], [1, 3]]


def test_top_entities_across_articles_and_by_group(small_corpus, small_mentions):
    top = entity_tables.top_corpus_entities(small_mentions, n=1)
    assert top[["name", "label", "mentions", "articles"]].values.tolist() == [["Emmanuel Macron", "PERSON", 2, 2]]
    by_group = entity_tables.top_entities_by_group(small_mentions, small_corpus.articles, by="category", n=1)
    assert by_group.loc[by_group["group"] == "politics", "name"].tolist() == ["Emmanuel Macron"]
    assert set(by_group["group"]) == {"business", "politics", "world"}


def test_entity_mentions_and_sentiment_by_month(small_corpus, small_mentions):
    articles = small_corpus.articles
    by_month = tone.sentiment_by_period(small_corpus.table("sentences"), articles, period="M")
    assert [str(period.date()) for period in by_month["period"]] == ["2024-03-01", "2024-04-01"]
    assert by_month["articles"].tolist() == [2, 2]
    mentions = entity_tables.entity_mentions_by_period(small_mentions, articles, period="M", n=1)
    assert mentions[["name", "mentions"]].values.tolist() == [["Emmanuel Macron", 1], ["Emmanuel Macron", 1]]


def test_compare_subsets_by_category_and_the_one_group_fallback(small_corpus, small_mentions):
    words = lexical.words_table(small_corpus.table("tokens", columns=lexical.WORD_COLUMNS))
    articles = small_corpus.articles
    comparison = compare.compare_subsets(words, small_mentions, articles, by="category", a="politics")
    assert (comparison.label_a, comparison.label_b) == ("politics", "not politics")
    assert comparison.how == "2 articles with category = politics against 2 articles with category ≠ politics"
    assert comparison.entities["term"].iloc[0] == "Emmanuel Macron (PERSON)"
    assert comparison.terms.set_index("term").loc["macron", ["count_a", "count_b"]].tolist() == [2, 0]
    fallback = compare.compare_subsets(words, small_mentions, articles.assign(category="news"), by="category")
    assert (fallback.label_a, fallback.label_b) == ("first half", "second half")
    assert fallback.terms["count_a"].sum() + fallback.terms["count_b"].sum() == len(words)


def test_entity_cooccurrence_in_sentences_and_articles(small_mentions):
    in_sentences = entity_tables.entity_cooccurrence(small_mentions, unit="sentence", n=20)
    pairs = set(zip(in_sentences["entity_a"], in_sentences["entity_b"]))
    assert ("Angela Merkel (PERSON)", "Emmanuel Macron (PERSON)") in pairs
    assert ("Apple (ORG)", "London (GPE)") in pairs
    assert ("Angela Merkel (PERSON)", "China (GPE)") not in pairs  # same article, different sentences
    in_articles = entity_tables.entity_cooccurrence(small_mentions, unit="article", n=20)
    assert ("Angela Merkel (PERSON)", "China (GPE)") in set(zip(in_articles["entity_a"], in_articles["entity_b"]))


def test_the_bench_stages_build_exactly_the_tables_of_one_analysis(tmp_path):

    from utils.pipeline.nlp import parse
    from utils.pipeline.tables import prepare, tables_from_doc

    article = article_from_text(MERKEL + "\n\n" + STRIKE)
    paragraphs, sentences = prepare(article, Scope())
    doc = parse(article.text, sentences["start_char"].tolist())
    clock: dict[str, float] = {}
    packed: list = []
    staged = bench.staged_tables(doc, paragraphs, sentences, clock, packed)
    bench.write_pack(packed, clock, tmp_path / "cache")
    expected = tables_from_doc(doc, paragraphs, sentences)
    cached = store.PackCache(tmp_path / "cache").read("article-0")
    for name in TABLES:
        pd.testing.assert_frame_equal(staged[name], expected[name])
        pd.testing.assert_frame_equal(cached[name].to_pandas(), expected[name])
    assert set(clock) == set(bench.TABLE_STAGES) and all(seconds > 0 for seconds in clock.values())


def test_bench_skips_with_a_message_when_there_is_no_bench_corpus(tmp_path, capsys):


    assert bench.main(["--bench-dir", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out == f"bench: no benchmark corpus at {tmp_path / 'absent'} (JSONL or JSONL.gz records); skipping. Pass --bench-dir PATH.\n"
    assert bench.default_bench_dir() == (bench.config.PROJECT_ROOT.parent / "shared" / "bench").resolve()


def test_two_processes_write_the_same_tables_as_one(tmp_path, small_corpus):
    # batch_size=1: one article a task, so both worker processes get work and tasks can finish
    # in any order (they are written in input order); chunk_size=3 makes two parts per table. The
    # cache the workers write is then used.
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    options = dict(n_process=2, batch_size=1, chunk_size=3, cache_dir=tmp_path / "cache", progress=False)
    two = analyse_corpus(path, out_dir=tmp_path / "out", **options)
    assert two.counts["parsed"] == 4 and two.counts["cached"] == 0
    assert len(two.paths("tokens")) == 2
    for name in (*TABLES, "articles"):
        pd.testing.assert_frame_equal(two.table(name), small_corpus.table(name))
    again = analyse_corpus(write_jsonl(tmp_path / "same.jsonl", RECORDS[::-1]), out_dir=tmp_path / "out", **options)
    assert again.counts["parsed"] == 0 and again.counts["cached"] == 4


def test_one_person_is_one_corpus_entity_whatever_the_label_in_each_article():
    mentions = pd.DataFrame({
        "article_id": ["a", "a", "b", "c"], "entity_id": [0, 0, 0, 0], "sentence_id": [0, 1, 0, 0],
        "name": ["Rishi Sunak", "Sunak", "Rishi Sunak", "Rishi Sunak"], "label": ["PERSON", "PERSON", "ORG", "PERSON"],
        "group": ["person", "person", "organisation", "person"], "counted": [True, True, True, True],
    })
    entities = pd.DataFrame({
        "article_id": ["a", "b", "c"], "entity_id": [0, 0, 0], "name": ["Rishi Sunak"] * 3, "label": ["PERSON", "ORG", "PERSON"],
        "group": ["person", "organisation", "person"], "is_named": [True] * 3, "mention_count": [2, 1, 1],
    })
    rows = entity_tables.named_mentions(mentions, entities)
    assert set(zip(rows["name"], rows["label"])) == {("Rishi Sunak", "PERSON")}
    assert rows["article_label"].tolist() == ["PERSON", "PERSON", "ORG", "PERSON"]  # each article's own label kept
    top = entity_tables.top_corpus_entities(rows, n=5)
    assert top[["name", "label", "mentions", "articles"]].values.tolist() == [["Rishi Sunak", "PERSON", 4, 3]]


def test_sql_over_the_parts_and_views_limited_to_some_articles(small_corpus):
    by_source = small_corpus.sql("SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY source")
    assert by_source.to_dict("records") == [{"source": "Daily", "articles": 2}, {"source": "Wire", "articles": 2}]
    names = small_corpus.sql(
        "SELECT m.name, count(*) AS n FROM mentions m JOIN articles a USING (article_id) "
        "WHERE a.source = ? AND m.is_named AND NOT m.is_pronoun GROUP BY m.name ORDER BY n DESC, m.name", ["Daily"]
    )
    assert {"Apple", "Tim Cook", "London", "France", "Emmanuel Macron"} <= set(names["name"])
    assert "Angela Merkel" not in set(names["name"])
    daily = small_corpus.articles.query("source == 'Daily'")["article_id"]
    view = small_corpus.view(daily, label="Daily")
    assert view.summary() == "2 of the corpus's 4 articles: Daily."
    assert set(view.table("mentions")["article_id"]) == set(daily)
    assert view.sql("SELECT count(DISTINCT article_id) AS n FROM sentences")["n"].iloc[0] == 2
    assert view.view(daily[:1]).sql("SELECT count(*) AS n FROM articles")["n"].iloc[0] == 1
    assert small_corpus.view([]).table("tokens").empty
