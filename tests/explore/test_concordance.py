"""Matching sentences as a concordance (utils.explore.concordance): left context, match, right context."""

from __future__ import annotations

import pandas as pd

from utils.explore.concordance import concordance, merged_spans


def matches(text: str, spans: list[tuple[int, int]], *, start: int = 100) -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["a1"], "sentence_id": [3], "start_char": [start], "end_char": [start + len(text)], "text": [text],
                         "spans": [[(s + start, e + start) for s, e in spans]], "title": ["Leaders <b>meet</b>"], "source": ["Wire"],
                         "date": pd.to_datetime(["2024-03-04"])})


def test_each_match_is_a_row_with_its_context_either_side():
    text = "On Monday Donald Trump met Vladimir Putin, and later Trump flew home."
    table = concordance(matches(text, [(10, 16), (17, 22), (53, 58)]), width=70)
    assert table[["left", "match", "right"]].values.tolist() == [
        ["On Monday", "Donald Trump", "met Vladimir Putin, and later Trump flew home."],
        ["On Monday Donald Trump met Vladimir Putin, and later", "Trump", "flew home."],
    ]
    assert table.columns.tolist() == ["left", "match", "right", "title", "source", "date", "article_id", "sentence_id"]
    assert table["title"].tolist() == ["Leaders <b>meet</b>"] * 2  # text, escaped where it is shown


def test_long_context_is_cut_at_a_word_with_an_ellipsis():
    text = "word " * 40 + "MATCH" + " after" * 40
    [row] = concordance(matches(text, [(200, 205)]), width=30).to_dict("records")
    assert row["left"].startswith("…") and len(row["left"]) <= 30 and row["left"].endswith("word")
    assert row["right"].endswith("…") and len(row["right"]) <= 30 and row["right"].startswith("after")


def test_a_sentence_without_a_match_in_its_text_is_one_row_and_spans_outside_are_dropped():
    assert merged_spans([(0, 3), (150, 200)], "abc def", offset=0) == [(0, 3)]
    [row] = concordance(matches("A title match only.", [])).to_dict("records")
    assert (row["left"], row["match"], row["right"]) == ("", "", "A title match only.")
