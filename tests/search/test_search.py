"""Search: the query language on a small corpus this test writes, the index's life cycle, the API's tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from utils import analyse_corpus
from utils.corpus import Corpus
from utils.errors import NewsAnalysisError
from utils.search import QueryError, parse_query
from utils.search import index as search_index
from utils.search.scan import Scan, ScanTables

TEXTS = {
    "kremlin": ("Putin hosts Raisi", "2004-01-05", "BBC", "politics",
                "Vladimir Putin met Ebrahim Raisi in Moscow on Monday. Putin said the talks on gas were useful.\n\n"
                "\"We agreed on prices,\" Putin said. Raisi flew home to Tehran."),
    "putin-only": ("Gas deal", "2004-02-10", "Outlet 1", "business",
                   "Putin signed the gas deal in Moscow. Talks with Ukraine resumed in Kiev."),
    "merkel": ("Merkel on immigration", "2004-03-31", "BBC", "politics",
               "Angela Merkel spoke about immigration in Berlin. \"Immigrants built this country,\" she said.\n\n"
               "The U.S. embassy welcomed the speech. Critics in the CDU's ranks were silent."),
    "football": ("Chelsea win", "2004-04-01", "Outlet 2", "sport",
                 "Chelsea beat Arsenal in London. The fans sang in Moscow. Talks about a new stadium continue."),
}


def write_corpus(folder, texts=TEXTS):
    records = [{"id": key, "title": title, "date": date, "source": source, "category": category, "text": text}
               for key, (title, date, source, category, text) in texts.items()]
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(search_index.SEARCH_DIR_ENV_VAR, raising=False)
        yield analyse_corpus(write_corpus(folder), out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


@pytest.fixture(scope="module")
def ids(corpus):
    """article_id → the record id written above."""
    return dict(corpus.sql("SELECT article_id, record_id FROM articles").itertuples(index=False))


def found(corpus, ids, query):
    return sorted(ids[article_id] for article_id in corpus.search(query)["article_id"])


@pytest.mark.parametrize("query, expected", [
    # words, case-insensitive, in the text or the title
    ("moscow", ["football", "kremlin", "putin-only"]),
    ("MOSCOW", ["football", "kremlin", "putin-only"]),
    ("Chelsea", ["football"]),
    ("hosts", ["kremlin"]),  # in the title only
    # the default operator between bare words is AND
    ("moscow gas", ["kremlin", "putin-only"]),
    ("moscow AND gas", ["kremlin", "putin-only"]),
    ("tehran OR berlin", ["kremlin", "merkel"]),
    ("moscow AND NOT gas", ["football"]),
    ("moscow -gas", ["football"]),
    ("+moscow -gas", ["football"]),
    ("NOT moscow", ["merkel"]),
    ("moscow AND (tehran OR kiev)", ["kremlin", "putin-only"]),
    ("(moscow AND tehran) OR berlin", ["kremlin", "merkel"]),
    ("moscow tehran OR kiev", ["kremlin", "putin-only"]),  # = moscow AND (tehran OR kiev): the implicit AND binds loosest
    ("moscow AND tehran OR kiev", ["kremlin", "putin-only"]),  # = (moscow AND tehran) OR kiev
    ("moscow and gas", []),  # lower-case "and" is a word, and no article has it
    ("moscow OR nothingatall", ["football", "kremlin", "putin-only"]),
    # phrases: in order, side by side, never across a sentence boundary
    ('"Moscow on Monday"', ["kremlin"]),
    ('"monday moscow"', []),
    ('"moscow talks"', []),  # "...in Moscow. Talks with..." and "...in Moscow. Talks about...": two sentences
    ('"moscow talks"~1', ["football", "putin-only"]),  # a proximity may cross it (a boundary counts one position)
    ('"talks gas"~2', ["kremlin"]),  # "the talks on gas": within one sentence
    # punctuation: split as the index splits it
    ("U.S.", ["merkel"]),
    ('"u s embassy"', ["merkel"]),
    ("CDU's", ["merkel"]),
    ("country,", ["merkel"]),
    # wildcards
    ("immigra*", ["merkel"]),
    ("immigra?ts", ["merkel"]),
    ("mosc*", ["football", "kremlin", "putin-only"]),
    ("title:immigra*", ["merkel"]),
    # fields
    ("title:gas", ["putin-only"]),
    ("title:moscow", []),
    ('title:"putin hosts"', ["kremlin"]),
    ("text:hosts", []),
    ("source:BBC", ["kremlin", "merkel"]),
    ("source:bbc", ["kremlin", "merkel"]),
    ("Source:BBC", ["kremlin", "merkel"]),
    ('source:"Outlet 1"', ["putin-only"]),
    ("source:Outlet*", ["football", "putin-only"]),
    ("category:politics", ["kremlin", "merkel"]),
    ("category:(sport OR business)", ["football", "putin-only"]),
    ("source:BBC AND NOT category:politics", []),
    # dates: inclusive [ ], exclusive { }, open *, a day, a month, a year
    ("date:[2004-01-01 TO 2004-03-31]", ["kremlin", "merkel", "putin-only"]),
    ("date:{2004-01-05 TO 2004-03-31}", ["putin-only"]),
    ("date:[2004-03-01 TO *]", ["football", "merkel"]),
    ("date:2004-02-10", ["putin-only"]),
    ("date:2004-04", ["football"]),
    ("date:[2004-01 TO 2004-02]", ["kremlin", "putin-only"]),
    ("date:2004", ["football", "kremlin", "merkel", "putin-only"]),
    ("date:2005", []),
    # entities, aliases merged: "Putin" alone counts for Vladimir Putin, and the other way round
    ('entity:"Vladimir Putin"', ["kremlin", "putin-only"]),
    ("entity:Putin", ["kremlin", "putin-only"]),
    ("entity:raisi", ["kremlin"]),
    ("entity:moscow", ["football", "kremlin", "putin-only"]),
    ('entity:"angela merkel" OR entity:CDU', ["merkel"]),
    ("entity:Merkel", []),  # written only in full: no alias links it
    # speakers, a pronoun counting for the entity it refers to
    ('speaker:"Angela Merkel"', ["merkel"]),
    ("speaker:Putin", ["kremlin"]),
    ('speaker:"Vladimir Putin"', ["kremlin"]),
    ("speaker:Raisi", []),
    ("*", ["football", "kremlin", "merkel", "putin-only"]),
])
def test_queries_find_exactly_these_articles(corpus, ids, query, expected):
    assert found(corpus, ids, query) == expected


def test_the_brute_force_scan_agrees_with_the_engine_on_every_query(corpus, ids):
    scan = Scan(ScanTables.load(corpus))
    queries = ["moscow", "moscow gas", "moscow -gas", "NOT moscow", '"Moscow on Monday"', '"moscow talks"', "U.S.", "CDU's",
               "immigra*", "title:gas", "source:Outlet*", "date:{2004-01-05 TO 2004-03-31}", 'entity:"Vladimir Putin"',
               'speaker:"Angela Merkel"', "talks OR entity:putin", "hosts"]
    for query in queries:
        node = parse_query(query)
        reference = scan.articles(node)
        results = corpus.search(query)
        assert set(results["article_id"]) == reference, query
        assert dict(zip(results["article_id"], results["hits"])) == {
            article_id: int(scan.hits(node, reference).get(article_id, 0)) for article_id in reference}, query


def test_search_gives_hits_score_and_the_first_matching_sentence(corpus, ids):
    results = corpus.search("putin")
    assert list(results.columns) == ["article_id", "title", "date", "source", "category", "hits", "score",
                                     "sentence_id", "start_char", "end_char", "sentence"]
    rows = {ids[row.article_id]: row for row in results.itertuples()}
    assert sorted(rows) == ["kremlin", "putin-only"]
    assert (rows["kremlin"].hits, rows["kremlin"].sentence_id, rows["kremlin"].start_char, rows["kremlin"].end_char) == (3, 0, 0, 53)
    assert rows["kremlin"].sentence == "Vladimir Putin met Ebrahim Raisi in Moscow on Monday."
    assert rows["kremlin"].title == "Putin hosts Raisi" and rows["kremlin"].source == "BBC" and str(rows["kremlin"].date) == "2004-01-05"
    assert rows["putin-only"].hits == 1 and rows["putin-only"].category == "business"
    assert results["score"].is_monotonic_decreasing and (results["score"] > 0).all()
    # a match on the title or metadata alone has no matching sentence
    title_only = corpus.search("hosts").iloc[0]
    assert title_only["hits"] == 0 and pd.isna(title_only["sentence_id"]) and pd.isna(title_only["sentence"])


def test_matches_give_the_sentences_and_the_spans_to_highlight(corpus, ids):
    kwic = corpus.matches('"Moscow on Monday" OR gas', n=None)
    assert list(kwic.columns) == ["article_id", "sentence_id", "start_char", "end_char", "text", "spans", "title", "date", "source", "score"]
    rows = {(ids[row.article_id], row.sentence_id): row for row in kwic.itertuples()}
    assert sorted(rows) == [("kremlin", 0), ("kremlin", 1), ("putin-only", 0)]
    article_text = TEXTS["kremlin"][4]
    assert [article_text[start:end] for start, end in rows[("kremlin", 0)].spans] == ["Moscow on Monday"]
    assert [article_text[start:end] for start, end in rows[("kremlin", 1)].spans] == ["gas"]
    assert rows[("kremlin", 1)].spans == [(78, 81)]  # offsets into the article text: 54 + 24
    assert len(corpus.matches("moscow OR gas", n=2)) == 2


def test_matches_of_a_negated_word_are_not_highlighted_and_case_and_wildcards_are(corpus, ids):
    kwic = corpus.matches("IMMIGRA* -tehran", n=None)
    text = TEXTS["merkel"][4]
    assert {(ids[row.article_id], row.sentence_id): [text[start:end] for start, end in row.spans] for row in kwic.itertuples()} == {
        ("merkel", 0): ["immigration"], ("merkel", 1): ["Immigrants"]}


def test_entity_and_speaker_matches_mark_the_mentions_and_the_speaker(corpus, ids):
    kwic = corpus.matches('entity:"Vladimir Putin"', n=None)
    marked = {(ids[row.article_id], row.sentence_id): [TEXTS[ids[row.article_id]][4][s:e] for s, e in row.spans] for row in kwic.itertuples()}
    assert marked == {("kremlin", 0): ["Vladimir Putin"], ("kremlin", 1): ["Putin"], ("kremlin", 2): ["Putin"], ("putin-only", 0): ["Putin"]}
    quoted = corpus.matches('speaker:"Angela Merkel"', n=None)  # "Immigrants built this country," she said.
    assert [(ids[row.article_id], row.sentence_id, TEXTS["merkel"][4][row.spans[0][0]:row.spans[0][1]]) for row in quoted.itertuples()] == [
        ("merkel", 1, "she")]


def test_attention_counts_matching_articles_and_their_share_per_period(corpus):
    monthly = corpus.attention("moscow", period="month")
    assert monthly[["articles", "total"]].to_numpy().tolist() == [[1, 1], [1, 1], [0, 1], [1, 1]]
    assert monthly["period"].dt.strftime("%Y-%m-%d").tolist() == ["2004-01-01", "2004-02-01", "2004-03-01", "2004-04-01"]
    assert monthly["share"].tolist() == [1.0, 1.0, 0.0, 1.0]
    quarterly = corpus.attention("moscow", period="Q", by="source")
    assert quarterly[["source", "articles", "total"]].to_numpy().tolist() == [["BBC", 1, 2], ["Outlet 1", 1, 1], ["Outlet 2", 1, 1]]
    assert quarterly["share"].tolist() == [0.5, 1.0, 1.0]
    with pytest.raises(ValueError, match="period must be one of"):
        corpus.attention("moscow", period="fortnight")


def test_subset_is_a_view_every_table_and_query_sees_alone(corpus, ids):
    view = corpus.subset("moscow")
    assert isinstance(view, Corpus) and view.is_view and view.label == "articles matching moscow"
    assert sorted(ids[article_id] for article_id in view.articles["article_id"]) == ["football", "kremlin", "putin-only"]
    assert sorted(ids[article_id] for article_id in view.search("gas")["article_id"]) == ["kremlin", "putin-only"]
    assert view.search("berlin").empty
    assert int(view.sql("SELECT count(*) AS n FROM sentences")["n"].iloc[0]) == 9
    assert view.attention("gas", period="year")[["articles", "total"]].to_numpy().tolist() == [[2, 3]]


@pytest.mark.parametrize("query, message", [
    ("moscow AND", "query 'moscow AND': at the end: expected a word, a \"phrase\" or '(' after AND"),
    ("(moscow OR gas", "query '(moscow OR gas': at position 0 ('(moscow OR g'): the '(' opened here is never closed: expected ')'"),
    ("moscow OR gas)", "query 'moscow OR gas)': at position 13 (')'): ')' closes no '('"),
    ('say "moscow', "query 'say \"moscow': at position 4 ('\"moscow'): the phrase opened here is never closed: expected a closing \""),
    ("AND moscow", "query 'AND moscow': at position 0 ('AND moscow'): unexpected 'AND'; expected a word, a \"phrase\", a field such as source:BBC, or '('"),
    ("moscow OR OR gas", "query 'moscow OR OR gas': at position 10 ('OR gas'): unexpected 'OR'; expected a word, a \"phrase\", a field such as source:BBC, or '('"),
    ("outlet:BBC", "query 'outlet:BBC': at position 0 ('outlet:BBC'): unknown field 'outlet': expected one of text:, title:, source:, category:, entity:, speaker:, date:"),
    ("date:[2004-01-01 TO 2004-02-30]", "query 'date:[2004-01-01 TO 2004-02-30]': at position 20 ('2004-02-30]'): '2004-02-30' is not a date: expected YYYY-MM-DD (or YYYY-MM, YYYY), e.g. date:[2004-01-01 TO 2004-03-31]"),
    ("source:[a TO b]", "query 'source:[a TO b]': at position 7 ('[a TO b]'): a range [a TO b] works on date: only, e.g. date:[2004-01-01 TO 2004-03-31]"),
    ("", "query '': at the end: the query is empty: expected a word, a \"phrase\" or a field such as source:BBC"),
    ("im*gr*n!", "query 'im*gr*n!': at position 0 ('im*gr*n!'): a wildcard works on one word of letters and digits, not 'im*gr*n!'"),
])
def test_a_malformed_query_gets_one_clear_error(corpus, query, message):
    with pytest.raises(QueryError) as caught:
        corpus.search(query)
    assert str(caught.value) == message
    assert isinstance(caught.value, NewsAnalysisError) and "\n" not in str(caught.value)


def test_the_index_is_reused_when_nothing_changed_and_rebuilt_when_the_corpus_or_its_code_did(tmp_path, monkeypatch):
    monkeypatch.delenv(search_index.SEARCH_DIR_ENV_VAR, raising=False)
    texts = {key: TEXTS[key] for key in ("kremlin", "football")}
    corpus = analyse_corpus(write_corpus(tmp_path, texts), out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", progress=False)
    first = search_index.open_index(corpus)
    folder = corpus.path / "search"
    assert first.folder == folder and not first.reused and (folder / "manifest.json").exists()
    built = json.loads((folder / "manifest.json").read_text())["built"]
    again = search_index.open_index(Corpus.open(corpus.path))
    assert again.reused and json.loads((folder / "manifest.json").read_text())["built"] == built
    # the corpus changes (another input: another corpus folder, and its own index)
    texts["putin-only"] = TEXTS["putin-only"]
    changed = analyse_corpus(write_corpus(tmp_path, texts), out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", progress=False)
    assert changed.path != corpus.path and len(changed.search("gas")) == 2 and len(corpus.search("gas")) == 1
    # the same corpus folder rewritten (a new run, same key) or the index code changed: rebuilt
    manifest = json.loads((corpus.path / "manifest.json").read_text())
    manifest["created"] = "2030-01-01T00:00:00+00:00"
    (corpus.path / "manifest.json").write_text(json.dumps(manifest))
    assert not search_index.open_index(Corpus.open(corpus.path)).reused
    assert search_index.open_index(Corpus.open(corpus.path)).reused
    original = search_index.index_stamp
    monkeypatch.setattr(search_index, "index_stamp", lambda corpus: original(corpus) | {"code": "edited"})
    assert not search_index.open_index(Corpus.open(corpus.path)).reused
    assert not any(path.name.startswith(".tmp-") for path in corpus.path.iterdir())


def test_the_index_goes_to_news_search_dir_when_set(tmp_path, monkeypatch):
    texts = {"football": TEXTS["football"]}
    corpus = analyse_corpus(write_corpus(tmp_path, texts), out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", progress=False)
    monkeypatch.setenv(search_index.SEARCH_DIR_ENV_VAR, str(tmp_path / "indexes"))
    assert len(corpus.search("chelsea")) == 1
    assert (tmp_path / "indexes" / corpus.path.name / "manifest.json").exists() and not (corpus.path / "search").exists()


# --------------------------------------------------------------------------- the matching coverage against the rest


def test_share_by_source_matching_sentences_and_key_figures(corpus, ids):
    from utils.search import results

    assert results.share_by(corpus, "moscow", by="source")[["source", "articles", "total", "share"]].to_numpy().tolist() == [
        ["BBC", 1, 2, 0.5], ["Outlet 1", 1, 1, 1.0], ["Outlet 2", 1, 1, 1.0]]
    sentences = results.matching_sentences(corpus, "moscow")
    assert [(ids[a], s) for a, s in zip(sentences["article_id"], sentences["sentence_id"])] == [("kremlin", 0), ("putin-only", 0), ("football", 1)]
    assert results.figures(corpus, "moscow") == {"matching_articles": 3, "articles": 4, "matching_share": 0.75, "matching_sentences": 3,
                                                 "first_date": "2004-01-05", "last_date": "2004-04-01"}


def test_who_is_named_and_quoted_in_the_matching_coverage_against_the_rest(corpus):
    from utils.search import coverage

    matching = corpus.subset("gas OR berlin")  # kremlin, putin-only, merkel; the rest: football
    assert coverage.article_counts(corpus, matching) == {"matching": 3, "rest": 1}
    named = coverage.named_against_rest(corpus, matching, n=3)
    assert named[["name", "label", "articles_matching", "articles_rest", "mentions_matching", "mentions_rest"]].to_numpy().tolist() == [
        ["Moscow", "GPE", 2, 1, 2, 1], ["Vladimir Putin", "PERSON", 1, 0, 3, 0], ["Ebrahim Raisi", "PERSON", 1, 0, 2, 0]]
    assert named["share_matching"].round(4).tolist() == [0.6667, 0.3333, 0.3333] and named["share_rest"].tolist() == [1.0, 0.0, 0.0]
    quoted = coverage.quoted_against_rest(corpus, matching)
    assert quoted[["speaker", "quoted_words_matching", "quotes_matching", "articles_matching", "quotes_rest"]].to_numpy().tolist() == [
        ["Vladimir Putin", 10, 2, 1, 0], ["Angela Merkel", 4, 1, 1, 0]]


def test_tone_and_words_of_the_matching_coverage_against_the_rest(corpus):
    from utils.search import coverage, results

    tone = coverage.tone_against_rest(corpus, results.matching_sentences(corpus, "moscow"))
    assert tone["part"].tolist() == ["matching sentences", "other sentences of the matching articles", "the other articles"]
    assert tone["sentences"].tolist() == [3, 6, 4]
    scored = corpus.sql("SELECT article_id, sentence_id, sentiment FROM sentences WHERE in_scope")
    matching = set(map(tuple, results.matching_sentences(corpus, "moscow").to_numpy().tolist()))
    expected = scored[[key in matching for key in zip(scored["article_id"], scored["sentence_id"])]]["sentiment"].mean()
    assert tone["mean_sentiment"].iloc[0] == pytest.approx(expected)
    words = coverage.words_against_rest(corpus, corpus.subset("moscow"))
    assert words.set_index("term").loc["putin", ["count_a", "count_b"]].tolist() == [4, 0]
    assert words.set_index("term").loc["merkel", ["count_a", "count_b"]].tolist() == [0, 1]
    assert words["z"].is_monotonic_decreasing and words.iloc[0]["term"] == "putin" and words.iloc[-1]["count_a"] == 0


def test_without_a_query_the_corpus_is_asked_about_its_most_mentioned_entity(corpus):
    from utils.explore.corpus import top_entities
    from utils.search.results import default_query

    top = top_entities(corpus, n=1)["name"].iloc[0]
    query = default_query(corpus)
    assert query == f'entity:"{top}"'
    assert len(corpus.search(query)) == int(top_entities(corpus, n=1)["articles"].iloc[0])
