"""Notebook 07's charts and KWIC table: what they draw, and article text always escaped."""

from __future__ import annotations

import pandas as pd

from utils.show import search as search_charts
from utils.show.html import kwic_html
from utils.show.theme import ChartNote

HOSTILE = 'He said <script>alert("x")</script> & left Moscow.'


def test_kwic_marks_the_spans_and_escapes_the_text():
    rows = pd.DataFrame({
        "article_id": ["a"], "sentence_id": [0], "start_char": [100], "end_char": [100 + len(HOSTILE)], "text": [HOSTILE],
        "spans": [[(100 + HOSTILE.index("script"), 100 + HOSTILE.index("script") + 6), (100 + HOSTILE.index("Moscow"), 100 + HOSTILE.index("Moscow") + 6)]],
        "title": ["<b>title</b>"], "date": [None], "source": ["BBC"],
    })
    page = kwic_html(rows)
    assert "<script>" not in page and "<b>title</b>" not in page
    assert '&lt;<mark style="background:#ffe08a;padding:0 1px">script</mark>&gt;alert(&quot;x&quot;)' in page
    assert '<mark style="background:#ffe08a;padding:0 1px">Moscow</mark>.' in page
    assert "&lt;b&gt;title&lt;/b&gt;" in page and page.count("<tr") == 2
    assert "No sentence" in search_charts.kwic_table(rows.iloc[:0]).data


def test_attention_chart_draws_count_and_share_per_query():
    frame = pd.DataFrame({"period": pd.to_datetime(["2004-01-01", "2004-02-01"]), "articles": [1, 3], "total": [4, 6], "share": [0.25, 0.5]})
    figure = search_charts.attention_chart({"<i>iran</i>": frame, "iraq": frame}, period="M")
    assert [trace.name for trace in figure.data] == ["&lt;i&gt;iran&lt;/i&gt;"] * 2 + ["iraq"] * 2
    assert list(figure.data[0].y) == [1, 3] and list(figure.data[1].y) == [0.25, 0.5]
    assert isinstance(search_charts.attention_chart({"iran": frame.head(1)}), ChartNote)
    assert isinstance(search_charts.attention_chart({"iran": frame.iloc[:0]}), ChartNote)


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
