"""Story clusters on hand-made texts: a story running three weeks stays one, two look-alike events stay two, labels are names and phrases."""

from __future__ import annotations

import json

import numpy as np
import pytest

from utils import analyse_corpus
from utils.stories.corpus import story_members
from utils.stories.features import readable
from utils.stories.linkage import average_linkage, cut_merges, time_factors

SPILL = [
    ("spill-1", "2021-03-01", "Tanker runs aground in Prince William Sound",
     "The oil tanker Exxon Valdez ran aground on Bligh Reef in Prince William Sound, Alaska, early on Monday. "
     "Crude oil poured from the tanker's hull into the sound. Exxon said the captain, Joseph Hazelwood, had left the bridge. "
     "The oil spill threatens fishing grounds and the beaches of the sound."),
    ("spill-2", "2021-03-10", "Clean-up of the Alaska oil spill falls behind",
     "Crews fighting the oil spill from the Exxon Valdez in Prince William Sound said the slick now covers hundreds of miles of Alaska's coast. "
     "Exxon has hired fishing boats to skim the crude oil. Fishermen in the sound say the clean-up came too late for the herring season."),
    ("spill-3", "2021-03-22", "Captain of the Exxon Valdez charged",
     "Joseph Hazelwood, captain of the Exxon Valdez, was charged over the oil spill in Prince William Sound. "
     "Prosecutors in Alaska say he left the bridge before the tanker struck Bligh Reef. Exxon said the clean-up of the sound will take years."),
]
UNDATED = [
    ("spill-undated", None, "Fishermen count the cost of the Exxon Valdez spill",
     "Fishermen in Prince William Sound say the oil spill from the Exxon Valdez has ruined the herring season. "
     "Exxon promised to pay for the clean-up of the sound, and crews in Alaska are still skimming crude oil from the water."),
]
QUAKES = [
    ("izmir-1", "2020-10-30", "Earthquake strikes Izmir",
     "A powerful earthquake struck the Turkish city of Izmir on Friday, collapsing apartment blocks. "
     "Rescue teams searched the rubble in Bayrakli for survivors. The disaster agency AFAD said 24 people had died in Izmir. "
     "Recep Tayyip Erdogan said the earthquake victims would get new homes."),
    ("izmir-2", "2020-10-31", "Rescuers search Izmir rubble",
     "Rescuers in Izmir pulled survivors from collapsed apartment blocks after Friday's earthquake. "
     "AFAD, the disaster agency, said the death toll in Izmir had risen. In Bayrakli, families slept in tents. "
     "Recep Tayyip Erdogan visited the earthquake zone."),
    ("qeshm-1", "2008-09-10", "Earthquake strikes Qeshm island",
     "A powerful earthquake struck Qeshm island in southern Iran on Wednesday, destroying villages. "
     "Rescue teams searched the rubble for survivors. The Red Crescent said seven people had died on Qeshm. "
     "Governor Ahmad Kazemi said the earthquake victims would be housed in tents."),
    ("qeshm-2", "2008-09-11", "Qeshm villagers shelter in tents",
     "Villagers on Qeshm island slept in tents after the earthquake destroyed their homes. "
     "The Red Crescent said rescue teams had pulled survivors from the rubble of the villages. "
     "Governor Ahmad Kazemi visited the earthquake zone on Qeshm."),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("story-clusters")
    source = folder / "news.jsonl"
    records = [{"id": key, "date": date, "title": title, "text": f"{title}\n\n{text}", "source": "Wire"} for key, date, title, text in SPILL + UNDATED + QUAKES]
    source.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    return analyse_corpus(source, out_dir=folder / "out", cache_dir=folder / "cache", progress=False)


def stories_of(corpus) -> dict[str, int]:
    members = story_members(corpus)
    records = corpus.articles.set_index("article_id")["record_id"]
    return {records[article_id]: int(story) for article_id, story in zip(members["article_id"], members["story_id"])}


def test_a_story_running_three_weeks_stays_one_story(corpus):
    story = stories_of(corpus)
    assert story["spill-1"] >= 0 and story["spill-1"] == story["spill-2"] == story["spill-3"]
    spill = corpus.stories().set_index("story_id").loc[story["spill-1"]]
    assert spill["days"] == 22 and spill["articles"] == 4  # three dated reports over 22 days and the undated one


def test_an_undated_report_joins_its_story(corpus):
    story = stories_of(corpus)
    assert story["spill-undated"] == story["spill-1"] >= 0


def test_two_look_alike_events_stay_two_stories(corpus):
    story = stories_of(corpus)
    assert story["izmir-1"] == story["izmir-2"] >= 0
    assert story["qeshm-1"] == story["qeshm-2"] >= 0
    assert story["izmir-1"] != story["qeshm-1"]
    assert story["izmir-1"] != story["spill-1"]


def test_labels_are_names_and_phrases(corpus):
    labels = corpus.stories().set_index("story_id")["label"]
    spill = labels[stories_of(corpus)["spill-1"]]
    parts = spill.split(", ")
    assert "Alaska" in parts[:2]  # names first
    assert {"crude oil", "oil spill"} & {part.casefold() for part in parts[2:]}  # then key phrases of several words
    assert all(readable(part) for part in labels.str.split(", ").explode())  # never "f" or "de"
    assert any(len(part.split()) > 1 for part in parts)  # a name or phrase of several words


def test_time_only_lowers_a_pair_and_never_cuts_it():
    dates = np.array(["2021-03-01", "2021-03-22", "2022-06-01", "NaT"], dtype="datetime64[D]")
    factors = time_factors(dates, np.array([0, 0, 0]), np.array([1, 2, 3]), weight=0.6)
    assert 0.4 < factors[0] < 1.0 and factors[1] == pytest.approx(0.4) and factors[2] == 1.0  # 3 weeks, over a year, no date


def test_average_linkage_joins_a_chain_only_as_far_as_the_mean_allows():
    # 0-1-2 alike in a chain, 3 linked to 2 only: at 0.3 the chain is one cluster and 3 stays apart (mean 0.5/4 with it)
    merges = average_linkage(4, np.array([0, 1, 0, 2]), np.array([1, 2, 2, 3]), np.array([0.9, 0.8, 0.7, 0.5]), floor=0.01)
    clusters = cut_merges(4, merges, 0.3)
    assert clusters[0] == clusters[1] == clusters[2] != clusters[3]
    assert len(set(cut_merges(4, merges, 0.01))) == 1


def test_a_label_never_shows_a_piece_of_a_word():
    assert [readable(term) for term in ("wi", "fi", "f", "P", "de", "EU", "BT", "air", "Wi-Fi", "oil spill")] == [
        False, False, False, False, False, True, True, True, True, True]
