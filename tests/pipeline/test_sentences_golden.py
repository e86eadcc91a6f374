"""pySBD's English golden rules through the project's splitter, and sentences inside quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from utils.pipeline import sentences as tokens
from utils.pipeline.sentences import pysbd_spans, split_sentences
from evaluation import sentences_eval

GOLDEN_RULES = sentences_eval.load_golden_rules(Path(__file__).parents[1] / "golden_rules_en.py")


def sentences_of(text: str, split=split_sentences) -> list[str]:
    return [text[start:end] for start, end in split(text)]


PYSBD_PASSES = [(number, text, expected) for number, (text, expected) in enumerate(GOLDEN_RULES, 1) if sentences_of(text, pysbd_spans) == expected]


def test_the_golden_rules_file_has_48_rules_and_pysbd_passes_47():
    assert len(GOLDEN_RULES) == 48
    assert [number for number, _, _ in PYSBD_PASSES] == [number for number in range(1, 49) if number != 18]


@pytest.mark.parametrize(("number", "text", "expected"), PYSBD_PASSES, ids=[f"rule{number}" for number, _, _ in PYSBD_PASSES])
def test_every_golden_rule_pysbd_passes_passes_through_the_project(number, text, expected):
    assert sentences_of(text) == expected


def test_golden_summary_counts_passes_and_failures():
    results = sentences_eval.golden_results(GOLDEN_RULES, {"pysbd": pysbd_spans, "project": split_sentences})
    summary = sentences_eval.golden_summary(results).set_index("segmenter")
    assert summary.loc["pysbd", "passed"] == 47 and summary.loc["project", "passed"] == 47
    assert summary.loc["project", "failed"] == [18]


# News sentences pySBD keeps together because it masks everything inside quotes and brackets.
def test_sentences_inside_a_quote_are_split():
    text = "“We went to see the robotics section. We were so interested that we stayed all day,” she said."
    assert sentences_of(text, pysbd_spans) == [text]
    assert sentences_of(text) == ["“We went to see the robotics section.", "We were so interested that we stayed all day,” she said."]


def test_sentences_inside_a_straight_quote_are_split():
    text = 'A witness said the van "had blacked out windows. Instead of stopping, it sped off." Police are looking for it.'
    assert sentences_of(text) == [
        'A witness said the van "had blacked out windows.',
        'Instead of stopping, it sped off."',
        "Police are looking for it.",
    ]


def test_abbreviations_and_dates_inside_brackets_stay_whole():
    assert sentences_of("Her son (b. March 2009) and a daughter (m. 1999; div. 2004) live in Leeds. They visit often.") == [
        "Her son (b. March 2009) and a daughter (m. 1999; div. 2004) live in Leeds.",
        "They visit often.",
    ]
    assert sentences_of("“Mr. Smith met Dr. Jones in the U.S. yesterday,” she said.") == [
        "“Mr. Smith met Dr. Jones in the U.S. yesterday,” she said."
    ]


def test_one_sentence_inside_a_quote_is_not_cut():
    assert sentences_of('She turned to him, "This is great." she said. He nodded.') == [
        'She turned to him, "This is great." she said.',
        "He nodded.",
    ]


def test_the_quoted_repair_can_be_turned_off():
    text = "“It rained. We left,” he said."
    rules = tokens.REPAIRS - {"quoted_sentences"}
    assert [text[s:e] for s, e in tokens.repair_boundaries(text, pysbd_spans(text), rules=rules)] == [text]
    assert sentences_of(text) == ["“It rained.", "We left,” he said."]


def test_gum_style_scores_count_boundaries_inside_paragraphs_only():
    paragraphs = [{"genre": "bio", "text": "A b. C d. E f.", "gold": frozenset({5, 10})}, {"genre": "vlog", "text": "Hi. Yo.", "gold": frozenset({4})}]
    row = sentences_eval.scores(paragraphs, [frozenset({5}), frozenset({4, 2})], name="x", genres="all")
    assert (row["gold"], row["predicted"], row["true_positive"], row["precision"], row["recall"]) == (3, 3, 2, 0.6667, 0.6667)


def test_reference_markers_end_the_sentence_before_them():
    text = "He joined the faculty in 1971. [1] [2] He retired in 2000. [citation needed] Both dates are disputed. [3]."
    assert sentences_of(text) == [
        "He joined the faculty in 1971. [1] [2]",
        "He retired in 2000. [citation needed]",
        "Both dates are disputed. [3].",
    ]
    # a capitalised bracket is not a reference marker: it stays with the sentence it opens
    assert sentences_of("He left. [Laughter] Then he came back.") == ["He left.", "[Laughter] Then he came back."]
