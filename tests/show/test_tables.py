"""One table style: rounded numbers, showing N of M, an empty table said in words, hostile text escaped."""

from __future__ import annotations

import pandas as pd

from utils.show.tables import show_table


def cells(shown) -> list[str]:
    """The text of every data cell, in order."""
    import re

    return re.findall(r'<td id="[^"]+" class="data[^"]*" >(.*?)</td>', shown.html)


def test_scores_are_rounded_and_counts_are_integers():
    frame = pd.DataFrame({"words": [419.0, 3.0], "sentiment": [0.123456, -0.5], "target_sentiment_count": [6.0, 1.0], "in_scope": [True, False]})
    assert cells(show_table(frame)) == ["419", "0.123", "6", "yes", "3", "-0.500", "1", "no"]


def test_a_summary_dict_is_a_field_value_table():
    shown = show_table({"sentence_count": 18, "sentiment": 0.16613, "sentiment_label": "positive"})
    assert cells(shown) == ["sentence count", "18", "sentiment", "0.166", "sentiment label", "positive"]
    assert "dtype" not in shown.html and "Name:" not in shown.html


def test_long_tables_show_the_first_rows_and_say_how_many():
    shown = show_table(pd.DataFrame({"term": [f"w{i}" for i in range(30)]}), max_rows=5)
    assert (shown.shown, shown.total) == (5, 30)
    assert cells(shown) == ["w0", "w1", "w2", "w3", "w4"]
    assert "showing 5 of 30 rows" in shown.html


def test_an_empty_table_is_its_sentence():
    shown = show_table(pd.DataFrame(columns=["sentence_id", "text"]), empty="TextBlob and VADER agree <always>.")
    assert shown.empty and "<table" not in shown.html
    assert "TextBlob and VADER agree &lt;always&gt;." in shown.html


def test_hostile_text_is_escaped_in_cells_lists_and_headers():
    frame = pd.DataFrame({"text": ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"], "aliases": [["<b>a</b>"], []], "<i>col</i>": [1, 2]})
    shown = show_table(frame)
    assert "<script>" not in shown.html and "<img" not in shown.html and "<b>a" not in shown.html and "<i>col" not in shown.html
    assert cells(shown)[:3] == ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;a&lt;/b&gt;", "1"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown.html


def test_wide_tables_scroll_inside_their_cell():
    assert "overflow-x:auto" in show_table(pd.DataFrame({"a": [1]})).html
