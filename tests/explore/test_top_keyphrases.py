"""The corpus's key phrases (notebook 08): phrases key in the most articles, variants as one, never titles, times or quantities."""

from __future__ import annotations

import json

import pytest

from utils import analyse_corpus
from utils.explore.corpus import top_keyphrases

RECORDS = [
    {"id": "a", "text": "An oil spill fouled the coast of Alaska yesterday. Mr Hazelwood said the oil spill began last year, "
                        "and the clean-up will cost 2 million dollars. The oil spill reached the beaches of Alaska."},
    {"id": "b", "text": "Oil spills threaten the salmon fishery. The oil spills of last year killed seabirds, "
                        "Mr Iarossi said. Alaska counts millions of seabirds."},
    {"id": "c", "text": "Fishermen in Alaska sued over the oil spill. The lawsuit says the oil spill ruined the salmon season. "
                        "Mr Hazelwood was not named in the lawsuit this year."},
    {"id": "d", "text": "Angela Merkel visited Berlin. Merkel praised the engineers, and Merkel thanked the workers of the factory."},
    {"id": "e", "text": "Merkel spoke in Hamburg about the budget. Merkel said the budget was balanced."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus-keyphrases")
    (folder / "news.jsonl").write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8")
    return analyse_corpus(folder / "news.jsonl", out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def test_variants_count_as_one_phrase_of_every_article(corpus):
    table = top_keyphrases(corpus, n=10)
    assert table.columns.tolist() == ["rank", "phrase", "articles", "occurrences"]
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    top = table.iloc[0]
    assert top["phrase"].casefold() == "oil spill" and top["articles"] == 3  # "oil spill" twice, "Oil spills" once
    assert table.set_index("phrase").loc["Alaska", "articles"] == 3
    assert top["occurrences"] == corpus.sql("SELECT sum(occurrences) AS n FROM keyphrases WHERE lower(phrase) LIKE 'oil spill%'")["n"].iloc[0]
    phrases = {phrase.casefold() for phrase in table["phrase"]}
    assert not phrases & {"mr", "year", "last year", "yesterday", "million", "millions", "dollars"}


def test_a_persons_names_in_different_articles_are_one_phrase(corpus):
    table = top_keyphrases(corpus, n=20).set_index("phrase")
    assert table.loc["Angela Merkel", "articles"] == 2  # "Merkel" alone in the second article
    assert "Merkel" not in table.index


def test_per_article_limits_the_phrases_read(corpus):
    one_each = top_keyphrases(corpus, n=10, per_article=1)
    assert one_each["articles"].sum() == len(RECORDS)
    assert top_keyphrases(corpus, n=2)["rank"].tolist() == [1, 2]
