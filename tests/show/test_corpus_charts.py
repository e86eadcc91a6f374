"""Corpus charts an analyst can read: ticks at the start of each period, a sentence instead of a
chart when there is one period or one group only."""

from __future__ import annotations

import pandas as pd

from utils.show import corpus_charts
from utils.show.theme import ChartNote


def test_monthly_buckets_are_ticked_at_month_starts():
    counts = pd.DataFrame({
        "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]), "name": ["Iran"] * 3, "label": ["GPE"] * 3, "mentions": [1, 4, 2],
    })
    axis = corpus_charts.corpus_entity_timeline(counts, period="M").layout.xaxis
    assert (axis.dtick, axis.tickformat, axis.tick0) == ("M1", "%b %Y", "2024-01-01")
    weekly = corpus_charts.corpus_entity_timeline(counts.assign(period=pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])), period="W")
    assert (weekly.layout.xaxis.dtick, weekly.layout.xaxis.tick0) == (7 * 86_400_000, "2024-01-01")


def test_a_one_article_corpus_chart_is_a_sentence():
    one = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"]), "articles": [1], "sentiment": [0.2], "negative_share": [0.0]})
    note = corpus_charts.corpus_sentiment_timeline(one)
    assert isinstance(note, ChartNote) and note.reason.startswith("Only one dated period")
    groups = corpus_charts.group_sentiment_bars(pd.DataFrame({"group": ["(none)"], "articles": [1], "sentiment": [0.2]}))
    assert isinstance(groups, ChartNote) and "(none)" in groups.reason
    assert "<table" not in groups._repr_html_() and "&lt;" not in groups._repr_html_()


def test_corpus_charts_escape_names_from_the_text():
    hostile = "<script>alert(1)</script>"
    frame = pd.DataFrame({"group": [hostile, "sport"], "name": [hostile, "Bolt"], "label": ["ORG", "PERSON"], "mentions": [3, 1], "articles": [1, 1]})
    figure = corpus_charts.grouped_entity_bars(frame)  # two groups: one group alone is a note, not a chart
    labels = [*figure.data[1].y, figure.data[1].name]
    assert labels[0].startswith("&lt;script&gt;") and not any("<script>" in label for label in labels)
    pairs = pd.DataFrame({"entity_a": [hostile], "entity_b": ["Berlin (GPE)"], "together": [2]})
    heatmap = corpus_charts.cooccurrence_heatmap(pairs).data[0]
    assert list(heatmap.x) == ["&lt;script&gt;alert(1)&lt;/script&gt;", "Berlin (GPE)"] == list(heatmap.y)
