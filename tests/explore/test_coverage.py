"""Comparing two reports of one event: entities, tone, voices, omissions, words, shared passages, headlines.

Two short articles written here about one flood: both name Helen Carter and the Environment
Agency, only A names Riverton and the Red Cross, only B the MP David Osei; A writes "Vladimir
Putin", B "Putin"; both carry the same Environment Agency sentence (the shared passage); A
introduces Carter with "said" twice, B with "claimed" and "insisted", and B quotes unnamed officials.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from utils import analyse, analyse_corpus
from utils.explore import coverage, coverage_entities, coverage_passages, coverage_words, headlines
from utils.explore.coverage_sides import article_side, choose_sides, empty_side
from utils.read.article import article_from_text
from utils.show import coverage as show
from utils.show.theme import ChartNote
from utils.stories.passages import shared_passages

SHARED = "The Environment Agency said in a statement that the barrier had been inspected in March and that engineers were on their way to the site"
TEXT_A = (
    "Heavy rain broke the Riverton flood barrier on Monday, forcing hundreds of families from their homes in the lower town.\n\n"
    "Mayor Helen Carter said the council had warned the Environment Agency about the barrier for two years. "
    "\"We asked for repairs again and again,\" Carter said.\n\n"
    f"{SHARED}.\n\n"
    "Vladimir Putin was not mentioned. Residents praised the volunteers from the Red Cross who opened the school hall as a shelter."
)
TEXT_B = (
    f"{SHARED}.\n\n"
    "Helen Carter claimed the agency ignored two years of warnings. \"We asked for repairs again and again,\" Mrs Carter insisted.\n\n"
    "Local MP David Osei called the failure a disgrace and demanded an inquiry.\n\n"
    "Putin was not mentioned either. Officials said the damage would cost millions."
)
TITLE_A = "Flood barrier fails in Riverton"
TITLE_B = "Mayor blames agency as barrier gives way"


@pytest.fixture(scope="module")
def analyses():
    return (analyse(article_from_text(TEXT_A, title=TITLE_A, source="Outlet A")),
            analyse(article_from_text(TEXT_B, title=TITLE_B, source="Outlet B")))


@pytest.fixture(scope="module")
def result(analyses):
    first, second = analyses
    return coverage.compare(article_side(first), article_side(second))


def test_entities_in_both_only_a_only_b_with_a_name_written_two_ways(result):
    overlap = result.overlap
    assert list(zip(overlap["name"], overlap["presence"])) == [
        ("Helen Carter", "both"), ("Environment Agency", "both"), ("Vladimir Putin", "both"),
        ("Red Cross", "only A"), ("Riverton", "only A"), ("David Osei", "only B"),
    ]
    putin = overlap.set_index("name").loc["Vladimir Putin"]
    assert (putin["name_a"], putin["name_b"], putin["match_rule"]) == ("Vladimir Putin", "Putin", "surname")
    carter = overlap.set_index("name").loc["Helen Carter"]
    assert (carter["mentions_a"], carter["mentions_b"], carter["match_rule"]) == (2, 2, "same_name")  # "Mrs Carter" is Helen Carter in B
    assert overlap.set_index("name").loc["Environment Agency", ["mentions_a", "mentions_b"]].tolist() == [2, 1]


def test_a_surname_shared_by_two_people_is_not_matched():
    first = article_side(analyse("Bill Clinton and Hillary Clinton spoke in Denver on Monday."))
    second = article_side(analyse("Clinton spoke in Denver on Monday."))
    overlap = coverage_entities.entity_overlap(first, second)
    assert set(overlap.loc[overlap["presence"] == "both", "name"]) == {"Denver"}


def test_tone_towards_shared_entities_side_by_side_with_evidence(result):
    tone = result.tone.set_index("name")
    assert list(tone.index) == ["Environment Agency", "Helen Carter", "Vladimir Putin"]  # largest difference first
    agency = tone.loc["Environment Agency"]
    assert (agency["scored_a"], agency["scored_b"]) == (2, 1)
    assert agency["sentiment_a"] < agency["sentiment_b"] and agency["difference"] == agency["sentiment_a"] - agency["sentiment_b"]
    assert agency["evidence_a"].startswith("warned -0.15")  # "had warned the Environment Agency"


def test_the_same_speaker_introduced_with_different_verbs(result):
    voices = result.voices
    assert list(zip(voices["speaker"], voices["presence"], voices["speaker_kind"])) == [
        ("Environment Agency", "both", "named"), ("Helen Carter", "both", "named"), ("Officials", "only B", "unnamed"),
    ]  # the agency "said in a statement that ..." in the passage both carry
    carter = voices.set_index("speaker").loc["Helen Carter"]
    assert (carter["verbs_a"], carter["verbs_b"], carter["loaded_a"], carter["loaded_b"]) == ("say ×2", "claim, insist", 0, 2)
    assert (carter["quotes_a"], carter["quotes_b"]) == (2, 2)
    assert voices["quoted_share_a"].sum() == pytest.approx(1.0)
    assert result.verbs.to_dict("list") == {
        "cue_lemma": ["say", "claim", "insist"], "group": ["neutral", "loaded", "loaded"], "quotes_a": [3, 0, 0], "quotes_b": [2, 1, 1],
    }
    sourcing = result.sourcing.set_index("side")
    assert sourcing["quotations"].tolist() == [3, 4]
    assert sourcing["unnamed_share"].tolist() == [0.0, pytest.approx(1 / 4)]
    assert sourcing["loaded_share"].tolist() == [0.0, pytest.approx(2 / 4)]


def test_what_one_side_leaves_out(result):
    assert (result.a.label, result.b.label) == ("Outlet A: Flood barrier fails in Riverton", "Outlet B: Mayor blames agency as barrier gives…")
    assert list(zip(result.left_out["what"], result.left_out["name"], result.left_out["only_in"])) == [
        ("entity", "Riverton", result.a.label), ("entity", "David Osei", result.b.label), ("voice", "Officials", result.b.label),
    ]  # the Red Cross (salience 0.25) is not central enough to count as left out


def test_shared_passage_with_offsets_in_each_text(result):
    passages = result.passages
    assert len(passages) == 1
    passage = passages.iloc[0]
    start_a, start_b = TEXT_A.index(SHARED), TEXT_B.index(SHARED)
    assert (passage["start_a"], passage["end_a"], passage["start_b"], passage["end_b"], passage["words"]) == (
        start_a, start_a + len(SHARED), start_b, start_b + len(SHARED), 25,
    )
    assert TEXT_A[passage["start_a"] : passage["end_a"]] == TEXT_B[passage["start_b"] : passage["end_b"]] == SHARED
    assert result.passage_summary["shared_words"].tolist() == [25, 25]


def test_word_choice_sets_each_side_apart_with_contexts(result):
    words = result.words.set_index("term")
    assert words.loc["osei", "z"] < 0 < words.loc["praised", "z"]
    assert words.loc["praised", "context_a"] == "Residents [praised] the volunteers from the Red Cross …"
    assert words.loc["osei", "context_b"] == "Local MP David [Osei] called the failure a disgrace and …"
    assert words.loc["praised", "context_b"] == ""


def test_headline_from_title_metadata_against_the_body(analyses):
    first, _ = analyses
    assert headlines.headline_kind(first) == "title"
    parts = headlines.headline_versus_body(first)
    assert parts["part"].tolist() == ["headline", "body"] and parts["source"].tolist() == ["title", "body"]
    headline = parts.iloc[0]
    assert (headline["text"], headline["words"], headline["sentiment_label"]) == (TITLE_A, 5, "negative")
    assert headline["evidence"].startswith("fails")
    entities = headlines.headline_entities(first).set_index("name")
    assert entities.loc["Riverton", ["in_headline", "in_body"]].tolist() == [True, True]
    assert not entities.loc["Helen Carter", "in_headline"] and entities.loc["Helen Carter", "body_mentions"] == 2


def test_headline_paragraph_against_the_body():
    analysis = analyse(f"{TITLE_A}.\n\n{TEXT_A}")
    if "headline" not in set(analysis.paragraphs["kind"]):  # the reader types the first line as the headline, or the test does
        relabel = {"paragraph_kind": lambda rows: rows["paragraph_kind"].where(rows["paragraph_id"] != 0, "headline")}
        analysis = dataclasses.replace(
            analysis,
            paragraphs=analysis.paragraphs.assign(kind=analysis.paragraphs["kind"].where(analysis.paragraphs["paragraph_id"] != 0, "headline")),
            sentences=analysis.sentences.assign(**relabel), mentions=analysis.mentions.assign(**relabel),
        )
    assert headlines.headline_kind(analysis) == "headline" and headlines.title_analysis(analysis) is None
    parts = headlines.headline_versus_body(analysis).set_index("part")
    assert parts.loc["headline", "source"] == "headline" and parts.loc["headline", "text"] == f"{TITLE_A}."
    assert parts.loc["headline", "entities"] == "Riverton"
    assert parts.loc["body", "words"] == 92
    assert headlines.headline_entities(analysis).iloc[0][["name", "in_headline", "in_body"]].tolist() == ["Riverton", True, True]


def test_standfirst_stands_in_for_a_missing_headline(seed_analysis):
    assert headlines.headline_kind(seed_analysis) == "standfirst"
    parts = headlines.headline_versus_body(seed_analysis)
    assert parts["source"].tolist() == ["standfirst", "body"]
    assert parts.iloc[0]["text"].startswith("The last direct conversation between Raisi and Putin")


def test_one_article_alone_says_there_is_nothing_to_compare(seed_analysis):
    result = coverage.compare(article_side(seed_analysis), empty_side())
    assert result.missing and "ARTICLE_B" in result.explanation
    assert result.passages.empty and result.left_out.empty and result.tone.empty
    figure = show.entity_presence_bars(result.overlap, label_a="A", label_b="B", missing=result.missing)
    assert isinstance(figure, ChartNote) and figure.reason == result.missing
    overview = coverage.overview(result).set_index("measure")
    assert overview.loc["articles"].tolist() == ["1", "0"]


def test_two_groups_of_one_corpus_use_the_corpus_identity(tmp_path, analyses):
    records = tmp_path / "pair.jsonl"
    lines = [{"id": "a", "title": TITLE_A, "source": "Outlet A", "text": TEXT_A}, {"id": "b", "title": TITLE_B, "source": "Outlet B", "text": TEXT_B}]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    corpus = analyse_corpus(records, out_dir=tmp_path / "out", progress=False)
    side_a, side_b = choose_sides(analyses[0], corpus=corpus, by="source", a="Outlet A", b="Outlet B")
    assert (side_a.label, side_b.label) == ("source = Outlet A", "source = Outlet B")
    overlap = coverage_entities.entity_overlap(side_a, side_b)
    rules = dict(zip(overlap["name"], overlap["match_rule"]))
    assert rules["Helen Carter"] == "corpus_identity" and rules["Vladimir Putin"] == "surname"
    assert overlap.set_index("name").loc["David Osei", "presence"] == "only B"
    passages = coverage_passages.passages(side_a, side_b)
    assert passages[["start_a", "end_a", "start_b", "end_b"]].iloc[0].tolist() == [
        TEXT_A.index(SHARED), TEXT_A.index(SHARED) + len(SHARED), TEXT_B.index(SHARED), TEXT_B.index(SHARED) + len(SHARED),
    ]
    words = coverage_words.word_choice(side_a, side_b)
    assert words["term"].isin(["osei", "praised"]).sum() == 2


def test_texts_are_escaped_in_the_passage_highlight():
    hostile_a = "<script>alert(1)</script> one two three four five six seven eight nine ten."
    hostile_b = "Intro. one two three four five six seven eight nine ten <b>bold</b>"
    passages = shared_passages(hostile_a, hostile_b)
    html = show.texts_side_by_side(hostile_a, hostile_b, passages, label_a="<i>A</i>", label_b="B").data
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>bold" not in html and "&lt;i&gt;A" in html
    assert html.count("[1]") == 2


def test_a_body_name_written_in_the_headline_counts_even_where_the_model_misses_it():
    analysis = analyse(article_from_text(TEXT_B, title="Carter blames agency as barrier gives way"))
    carter = headlines.headline_entities(analysis).set_index("name").loc["Helen Carter"]
    assert carter["in_headline"] and carter["found_by"] in ("model", "written") and carter["body_mentions"] == 2
    assert headlines._written_in("Why Carter blames the agency", analysis.mentions[analysis.mentions["name"] == "Helen Carter"], analysis.entities)
    assert not headlines._written_in("Why Carterton blames the agency", analysis.mentions[analysis.mentions["name"] == "Helen Carter"], analysis.entities)
