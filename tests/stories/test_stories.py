"""Stories, topics and corpus-wide shared passages on a small corpus the test writes: three events, two articles each, one unrelated."""

from __future__ import annotations

import json

import pytest

from utils import analyse_corpus
from utils.explore.corpus import top_entities, top_speakers
from utils.stories import cache as stories_cache
from utils.stories.shared import rebuild_text

QUAKE_A = (
    "A powerful earthquake struck the Turkish city of Izmir on Friday, collapsing apartment blocks along the coast. "
    "Rescue teams pulled survivors from the rubble of the buildings in Bayrakli.\n\n"
    "The disaster agency AFAD said 24 people had died in Izmir and more than 800 were injured. "
    "President Recep Tayyip Erdogan said the government would rebuild every home destroyed by the earthquake."
)
QUAKE_B = (
    "Rescuers in Izmir searched collapsed apartment blocks through the night after Friday's earthquake. "
    "The disaster agency AFAD said 24 people had died in Izmir and more than 800 were injured.\n\n"
    "In Bayrakli, survivors were pulled from the rubble. Recep Tayyip Erdogan promised that the earthquake victims would get new homes."
)
MERGER_A = (
    "Shares of Vodafone rose sharply after the telecoms group agreed to buy the cable operator Liberty Global's "
    "German networks for 18 billion euros. Vodafone chief executive Nick Read said the merger would create a "
    "broadband champion in Germany.\n\nRegulators in Brussels are expected to examine the deal closely, "
    "analysts at Barclays said."
)
MERGER_B = (
    "Vodafone will pay 18 billion euros for Liberty Global's German cable networks, the telecoms group said. "
    "Nick Read, the chief executive of Vodafone, told investors the merger made Vodafone a broadband champion in Germany.\n\n"
    "Analysts at Barclays said regulators in Brussels would study the deal."
)
FINAL_A = (
    "Liverpool won the Champions League final in Madrid, beating Tottenham two goals to nil. "
    "Mohamed Salah scored a penalty in the second minute and Divock Origi added a late goal.\n\n"
    "Jurgen Klopp said his Liverpool players had deserved the trophy after losing the final a year ago."
)
FINAL_B = (
    "Tottenham lost the Champions League final to Liverpool in Madrid. Mohamed Salah converted an early penalty "
    "and Divock Origi sealed the win for Liverpool.\n\n"
    "Klopp praised his players, who lost last year's Champions League final, for winning the trophy."
)
GARDEN = (
    "Autumn is the time to plant tulip bulbs, says the gardener Monty Don. Choose a sunny border, dig deep "
    "and add grit to heavy clay soil so the bulbs do not rot over the winter."
)

RECORDS = [
    {"id": "quake-a", "title": "Earthquake in Izmir", "date": "2020-10-30", "source": "Wire", "text": QUAKE_A},
    {"id": "merger-a", "title": "Vodafone buys cable networks", "date": "2019-05-09", "source": "Wire", "text": MERGER_A},
    {"id": "final-a", "title": "Liverpool win", "date": "2019-06-01", "source": "Wire", "text": FINAL_A},
    {"id": "garden", "title": "Plant bulbs now", "date": "2020-10-29", "source": "Daily", "text": GARDEN},
    {"id": "quake-b", "title": "Izmir rescue", "date": "2020-10-31", "source": "Daily", "text": QUAKE_B},
    {"id": "merger-b", "title": "Vodafone deal", "date": "2019-05-10", "source": "Daily", "text": MERGER_B},
    {"id": "final-b", "title": "Spurs lose final", "date": "2019-06-02", "source": "Daily", "text": FINAL_B},
]
EVENTS = {"quake": {"quake-a", "quake-b"}, "merger": {"merger-a", "merger-b"}, "final": {"final-a", "final-b"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    source = folder / "news.jsonl"
    source.write_text("\n".join(json.dumps(record) for record in RECORDS) + "\n", encoding="utf-8")
    return analyse_corpus(source, out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def record_ids(corpus, article_ids) -> set[str]:
    records = corpus.articles.set_index("article_id")["record_id"]
    return {records[article_id] for article_id in article_ids}


def test_three_events_make_three_stories_and_the_unrelated_article_none(corpus):
    stories = corpus.stories()
    assert len(stories) == 3
    assert stories["articles"].tolist() == [2, 2, 2]
    found = []
    for story_id in stories["story_id"]:
        view = corpus.story(story_id)
        found.append(record_ids(corpus, view.article_ids))
        assert view.counts["articles"] == 2  # a Corpus view: its tables and SQL hold the story only
        assert view.sql("SELECT count(DISTINCT article_id) AS n FROM sentences")["n"].iloc[0] == 2
    assert sorted(map(sorted, found)) == sorted(map(sorted, EVENTS.values()))
    assert stories["sources"].tolist() == [2, 2, 2]
    quake = stories[stories["label"].str.contains("Izmir")].iloc[0]
    assert (str(quake["first_date"].date()), str(quake["last_date"].date()), quake["days"]) == ("2020-10-30", "2020-10-31", 2)
    with pytest.raises(KeyError):
        corpus.story(-1)


def test_stories_are_cached_in_the_corpus_folder_and_a_view_keeps_its_stories(corpus):
    corpus.stories()
    folders = list((corpus.path / stories_cache.STORIES_FOLDER).glob("stories-*"))
    assert len(folders) == 1 and (folders[0] / "manifest.json").exists()
    quake_ids = corpus.articles.loc[corpus.articles["record_id"].isin(EVENTS["quake"]), "article_id"]
    view = corpus.view(quake_ids, label="the quake")
    assert len(view.stories()) == 1 and "Izmir" in view.stories()["label"].iloc[0]


def test_who_is_named_and_quoted_in_a_story(corpus):
    story = corpus.stories()
    merger = corpus.story(int(story[story["label"].str.contains("Vodafone")]["story_id"].iloc[0]))
    named = top_entities(merger, n=3)
    assert named["name"].iloc[0] == "Vodafone" and named["articles"].iloc[0] == 2
    quoted = top_speakers(merger, n=5)
    assert "Nick Read" in set(quoted["speaker"])  # "Nick Read, the chief executive of Vodafone" is Nick Read
    assert set(quoted["speaker"]) <= set(top_entities(merger, n=50)["name"])


def test_shared_passages_are_placed_with_offsets_into_both_articles(corpus):
    shared = corpus.shared_passages()
    pairs = shared["pairs"]
    assert len(pairs) == 1  # only the two quake reports share a sentence word for word
    assert record_ids(corpus, pairs[["article_a", "article_b"]].iloc[0]) == EVENTS["quake"]
    passage = shared["passages"].iloc[0]
    sentence = "The disaster agency AFAD said 24 people had died in Izmir and more than 800 were injured"
    texts = {row.article_id: rebuild_text(corpus.sql("SELECT text, start_char FROM paragraphs WHERE article_id = ? ORDER BY start_char", [row.article_id]))
             for row in corpus.articles.itertuples()}
    record = corpus.articles.set_index("article_id")["record_id"]
    originals = {"quake-a": QUAKE_A, "quake-b": QUAKE_B}
    assert originals[record[passage["article_a"]]][passage["start_a"]:passage["end_a"]] == sentence
    assert originals[record[passage["article_b"]]][passage["start_b"]:passage["end_b"]] == sentence
    assert texts[passage["article_a"]][passage["start_a"]:passage["end_a"]] == sentence
    assert passage["words"] == 17


def test_topics_cover_every_article_and_their_shares_add_up(corpus):
    topics = corpus.topics(topics=3)
    assert len(topics["topics"]) == 3 and topics["topics"]["articles"].sum() == len(RECORDS)
    assert topics["shares"].groupby("period")["share"].sum().round(3).eq(1.0).all()
    by_record = topics["articles"].assign(record=lambda rows: rows["article_id"].map(corpus.articles.set_index("article_id")["record_id"])).set_index("record")["topic_id"]
    for pair in EVENTS.values():  # each event's two reports share a topic
        assert by_record[sorted(pair)[0]] == by_record[sorted(pair)[1]]
