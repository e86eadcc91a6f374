"""One entity, one name across articles (utils.explore.identity), and no pronoun as a voice: the rules on
hand-made names, then on a corpus the test writes, in DuckDB and in pandas alike."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from utils import analyse_corpus
from utils.explore import corpus as corpus_figures
from utils.explore import entities as entity_tables
from utils.explore import sources
from utils.explore.identity import corpus_keys, country_code, short_form_evidence


@pytest.mark.parametrize(("name", "code"), [
    ("U.S.", "USA"), ("US", "USA"), ("the United States", "USA"), ("United States", "USA"), ("America", "USA"),
    ("Britain", "GBR"), ("UK", "GBR"), ("U.K.", "GBR"), ("Burma", "MMR"), ("Myanmar", "MMR"),
    ("Russian Federation", "RUS"), ("Dominican Republic", "DOM"),
    # a pattern covering part of the name, a subdivision's name, or a continent is no country
    ("Persian Gulf", None), ("Indian Ocean", None), ("Mexico City", None), ("New Mexico", None), ("England", None),
    ("Little Italy", None), ("Southern France", None), ("Great Britain", None),
    ("Gaza", None), ("Latin America", None), ("U.N.", None), ("Europe", None),
    ("Alitalia", None),  # Italy's pattern matches inside the word
])
def test_country_names_come_from_the_libraries_with_whole_name_guards(name, code):
    assert country_code(name) == code


def test_america_is_the_country_only_as_a_geopolitical_entity():
    assert country_code("America", label="GPE") == "USA" and country_code("America", label="LOC") is None


def entities_table(rows):
    return pd.DataFrame(rows, columns=["article_id", "name", "aliases", "label", "group", "mention_count"]).assign(is_named=True)


def test_countries_and_introduced_short_forms_join_across_articles_and_nothing_else_does():
    entities = entities_table([
        ("a", "United States", "U.S.", "GPE", "place", 3), ("b", "U.S.", "", "GPE", "place", 4), ("c", "America", "", "GPE", "place", 1),
        ("c", "Federal Emergency Management Agency", "FEMA", "ORG", "organisation", 2), ("d", "FEMA", "", "ORG", "organisation", 2),
        ("d", "England", "", "GPE", "place", 2), ("e", "United Kingdom", "", "GPE", "place", 1), ("e", "Britain", "", "GPE", "place", 1),
        ("f", "AP", "", "ORG", "organisation", 1), ("f", "Associated Press", "AP", "ORG", "organisation", 1),
        ("g", "Andhra Pradesh", "AP", "GPE", "place", 1), ("h", "Texas", "", "GPE", "place", 1), ("h", "Little Italy", "", "GPE", "place", 1),
        # three articles give "Trump" to Donald Trump (one of them as Donald J. Trump), one to Melania Trump: 3 in 4
        ("i", "Donald Trump", "Trump", "PERSON", "person", 3), ("j", "Donald Trump", "Trump", "PERSON", "person", 2),
        ("k", "Donald J. Trump", "Trump; Donald Trump", "PERSON", "person", 2), ("l", "Melania Trump", "Trump", "PERSON", "person", 1),
        ("m", "Trump", "", "PERSON", "person", 5),
        # "Bush" goes to Reggie Bush twice and George W. Bush once: 2 in 3 is not enough
        ("n", "Reggie Bush", "Bush", "PERSON", "person", 1), ("o", "Reggie Bush", "Bush", "PERSON", "person", 1),
        ("p", "George W. Bush", "Bush", "PERSON", "person", 1), ("q", "Bush", "", "PERSON", "person", 3),
    ])
    evidence = short_form_evidence(entities)
    assert set(zip(evidence["short_form"], evidence["full_name"], evidence["rule"], evidence["articles"])) == {
        ("us", "united states", "acronym", 1), ("fema", "federal emergency management agency", "acronym", 1),
        ("ap", "associated press", "acronym", 1), ("ap", "andhra pradesh", "acronym", 1),
        ("trump", "donald trump", "surname", 2), ("trump", "donald j trump", "surname", 1), ("trump", "melania trump", "surname", 1),
        ("donald trump", "donald j trump", "variant", 1), ("bush", "reggie bush", "surname", 2), ("bush", "george w bush", "surname", 1)}
    keys = corpus_keys(entities.rename(columns={"mention_count": "weight"}), evidence).set_index("name")
    assert keys.loc["U.S.", "key"] == keys.loc["United States", "key"] == keys.loc["America", "key"] == "country:USA"
    assert keys.loc["Britain", "key"] == keys.loc["United Kingdom", "key"] == "country:GBR"
    assert keys.loc["FEMA", "key"] == keys.loc["Federal Emergency Management Agency", "key"]
    assert keys.loc["Trump", "key"] == keys.loc["Donald Trump", "key"] == keys.loc["Donald J. Trump", "key"] != keys.loc["Melania Trump", "key"]
    assert (keys.loc["FEMA", "rule"], keys.loc["U.S.", "rule"], keys.loc["Trump", "rule"], keys.loc["Texas", "rule"]) == (
        "acronym", "country", "surname", "")
    assert keys.loc["England", "key"] == "england" and keys.loc["Little Italy", "key"] == "little italy"  # parts, not the countries
    assert keys.loc["AP", "key"] == "ap" and keys.loc["Bush", "key"] == "bush"  # introduced for two names: joins neither
    assert keys.loc["Texas", "key"] == "texas"



def test_a_group_in_the_plural_is_the_group_its_singular_names_and_only_a_group():
    entities = entities_table([
        ("a", "Republicans", "", "NORP", "group", 3), ("b", "Republican", "", "NORP", "group", 4),
        ("c", "Democrats", "", "NORP", "group", 2), ("d", "Swiss", "", "NORP", "group", 1),
        ("e", "Mercedes", "", "ORG", "organisation", 2), ("f", "Mercede", "", "ORG", "organisation", 1),
    ])
    keys = corpus_keys(entities.rename(columns={"mention_count": "weight"}), short_form_evidence(entities)).set_index("name")
    assert keys.loc["Republicans", "key"] == keys.loc["Republican", "key"] == "republican"
    assert keys.loc["Republicans", "rule"] == "plural" and keys.loc["Republican", "rule"] == ""  # the name it joins keeps its own
    assert keys.loc["Democrats", "key"] == "democrats" and keys.loc["Democrats", "rule"] == ""  # no singular in the corpus
    assert keys.loc["Mercedes", "key"] == "mercedes"  # a plural-looking name that is no group keeps its own


def test_a_hyphenated_word_is_no_person_whose_surname_could_stand_for_it():
    # the model calls "ex-Yukos" (of "ex-Yukos boss") a person in three articles that also write "Yukos"
    entities = entities_table([(article, "ex-Yukos", "Yukos", "PERSON", "person", 2) for article in "abc"]
                              + [("d", "Yukos", "", "PERSON", "person", 5)])
    assert short_form_evidence(entities).empty
    keys = corpus_keys(entities.rename(columns={"mention_count": "weight"}), short_form_evidence(entities)).set_index("name")
    assert keys.loc["Yukos", "key"] == "yukos" and keys.loc["Yukos", "rule"] == ""

RECORDS = [
    {"id": "a", "date": "1983-02-01", "source": "Wire",
     "text": "The U.S. imposed new tariffs on steel. Officials in the U.S. said the measure was temporary.\n\n\"It is a fair step,\" it said on Monday."},
    {"id": "b", "date": "1983-03-09", "source": "Daily",
     "text": "The United States and Canada signed a trade deal. The United States will cut duties.\n\n\"This deal is good for workers,\" Justin Trudeau said."},
    {"id": "c", "date": "1987-06-01", "source": "Wire",
     "text": "The Federal Emergency Management Agency (FEMA) sent teams to Texas. FEMA said more help was coming."},
    {"id": "d", "date": "1987-07-01", "source": "Daily",
     "text": "FEMA opened shelters in Houston. \"We are ready,\" FEMA said in a statement."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity")
    (folder / "news.jsonl").write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8")
    return analyse_corpus(folder / "news.jsonl", out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def test_us_and_united_states_are_one_entity_in_the_corpus_figures(corpus):
    top = corpus_figures.top_entities(corpus, n=10)
    countries = top[top["name"].isin(["U.S.", "United States"])]
    assert len(countries) == 1 and countries["articles"].iloc[0] == 2 and countries["mentions"].iloc[0] == 4
    fema = top[top["name"] == "Federal Emergency Management Agency"]
    assert len(fema) == 1 and fema["articles"].iloc[0] == 2 and "FEMA" not in set(top["name"])
    pandas_top = entity_tables.top_corpus_entities(entity_tables.named_mentions(corpus.table("mentions"), corpus.table("entities")), n=10)
    assert pandas_top[["name", "mentions", "articles"]].values.tolist() == top[["name", "mentions", "articles"]].values.tolist()
    merges = corpus_figures.name_merges(corpus)
    other_form = ({"U.S.", "United States"} - {countries["name"].iloc[0]}).pop()  # the form the corpus writes less
    assert set(zip(merges["form"], merges["rule"])) == {("FEMA", "acronym"), (other_form, "country")}


def test_a_pronoun_speaker_without_a_name_is_unnamed_in_every_corpus_figure(corpus):
    quotes = corpus.table("quotes")
    assert ("it", "pronoun", -1) in set(zip(quotes["speaker"], quotes["speaker_kind"], quotes["speaker_entity_id"]))
    for table in (corpus_figures.top_speakers(corpus), sources.top_speakers(quotes, corpus.table("entities"))):
        assert table["speaker"].tolist() == ["Federal Emergency Management Agency", "Justin Trudeau"]  # FEMA speaks in two articles, as one
    assert [name for name, _ in corpus_figures.corpus_figures(corpus)["top_speakers"]] == ["Federal Emergency Management Agency", "Justin Trudeau"]
    # the Wire's three quotations: "officials" and "it" have no name, FEMA has one
    shares = corpus_figures.unnamed_share_by_group(corpus, by="source").set_index("group")["unnamed_share"]
    assert shares["Wire"] == pytest.approx(2 / 3) and shares["Daily"] == 0
    pandas_shares = sources.unnamed_share_by_group(quotes, corpus.articles, by="source").set_index("group")["unnamed_share"]
    assert pandas_shares.to_dict() == pytest.approx(shares.to_dict())
