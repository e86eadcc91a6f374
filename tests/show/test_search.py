"""Notebook 07's charts and concordance: what they draw, and article text always escaped."""

from __future__ import annotations

import pandas as pd

from utils.explore.periods import time_span
from utils.show import search as search_charts
from utils.show.theme import ChartNote

HOSTILE = 'He said <script>alert("x")</script> & left Moscow.'


def test_matching_sentences_read_as_a_concordance_every_cell_escaped():
    rows = pd.DataFrame({
        "article_id": ["a"], "sentence_id": [0], "start_char": [100], "end_char": [100 + len(HOSTILE)], "text": [HOSTILE],
        "spans": [[(100 + HOSTILE.index("script"), 100 + HOSTILE.index("script") + 6), (100 + HOSTILE.index("Moscow"), 100 + HOSTILE.index("Moscow") + 6)]],
        "title": ["<b>title</b>"], "date": [None], "source": ["BBC"],
    })
    shown = search_charts.kwic_table(rows)
    assert shown.frame[["left", "match", "right"]].values.tolist() == [
        ["He said <", "script", '>alert("x")</script> & left Moscow.'], ['He said <script>alert("x")</script> & left', "Moscow", "."]]
    assert "<script>alert" not in shown.html and "<b>title</b>" not in shown.html
    assert '"className": "news-match", "targets": [1]' in shown.html and "news-left-context" in shown.html
    assert "No sentence" in search_charts.kwic_table(rows.iloc[:0]).html


def test_attention_chart_draws_count_and_share_per_query_over_every_period():
    frame = pd.DataFrame({"period": pd.to_datetime(["2004-01-01", "2004-02-01"]), "articles": [1, 3], "total": [4, 6], "share": [0.25, 0.5]})
    figure = search_charts.attention_chart({"<i>iran</i>": frame, "iraq": frame}, period="M")
    assert [trace.name for trace in figure.data] == ["&lt;i&gt;iran&lt;/i&gt;"] * 2 + ["iraq"] * 2
    assert list(figure.data[0].y) == [1, 3] and list(figure.data[1].y) == [0.25, 0.5]
    assert isinstance(search_charts.attention_chart({"iran": frame.head(1)}), ChartNote)
    assert isinstance(search_charts.attention_chart({"iran": frame.iloc[:0]}), ChartNote)


def test_a_four_year_gap_draws_zero_bars_and_breaks_the_share_line():
    frame = pd.DataFrame({"period": pd.to_datetime(["1983-01-01", "1987-01-01"]), "articles": [2, 1], "total": [5, 4], "share": [0.4, 0.25]})
    span = time_span(["1983-05-01", "1987-03-02"], period="Y")
    figure = search_charts.attention_chart({"strike": frame}, span=span)
    bars, share = figure.data
    assert list(bars.x) == ["1983-01-01", "1984-01-01", "1985-01-01", "1986-01-01", "1987-01-01"]
    assert list(bars.y) == [2, 0, 0, 0, 1] and bars.type == "bar"
    assert [value == value for value in share.y] == [True, False, False, False, True] and share.connectgaps is False
    assert figure.layout.xaxis.range == ("1983-01-01", "1988-01-01")


def test_share_named_and_tone_bars():
    shares = pd.DataFrame({"source": ["BBC", "<x>"], "articles": [2, 1], "total": [4, 1], "share": [0.5, 1.0]})
    figure = search_charts.share_by_bars(shares)
    assert list(figure.data[0].y) == ["&lt;x&gt;", "BBC"] and list(figure.data[0].text) == ["1 of 1", "2 of 4"]
    named = pd.DataFrame({"name": ["Moscow"], "label": ["GPE"], "articles_matching": [2], "share_matching": [0.5],
                          "articles_rest": [1], "share_rest": [0.25]})
    bars = search_charts.against_rest_bars(named)
    assert [trace.name for trace in bars.data] == ["matching articles", "the other articles"] and list(bars.data[0].y) == ["Moscow (GPE)"]
    tone = pd.DataFrame({"part": ["matching sentences", "the other articles"], "sentences": [3, 0], "mean_sentiment": [-0.2, float("nan")],
                         "negative_share": [0.5, float("nan")], "positive_share": [0.0, float("nan")]})
    assert list(search_charts.tone_against_rest_bars(tone).data[0].x) == ["matching sentences"]
    assert isinstance(search_charts.share_by_bars(shares.assign(articles=0)), ChartNote)
