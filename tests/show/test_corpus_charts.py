"""Corpus charts an analyst can read: ticks at the start of each period, a sentence instead of a
chart when there is one period or one group only."""

from __future__ import annotations

import pandas as pd

from utils.explore.periods import time_span
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


def test_a_four_year_gap_draws_zeros_and_a_broken_tone_line_not_a_line_across_it():
    """The corpus of the issue: coverage in 1983, nothing for four years, coverage again in 1987."""
    span = time_span(["1983-02-01", "1983-03-09", "1987-06-01", "1987-07-01", None], period="Y")
    counts = pd.DataFrame({"period": pd.to_datetime(["1983-01-01", "1987-01-01", "1983-01-01"]), "name": ["Carl Lewis", "Carl Lewis", "Ben Johnson"],
                           "label": ["PERSON"] * 3, "mentions": [5, 3, 2]})
    figure = corpus_charts.corpus_entity_timeline(counts, span=span)
    lewis, johnson = figure.data
    assert lewis.name == "Carl Lewis (PERSON)" and list(lewis.x) == ["1983-01-01", "1984-01-01", "1985-01-01", "1986-01-01", "1987-01-01"]
    assert list(lewis.y) == [5, 0, 0, 0, 3] and list(johnson.y) == [2, 0, 0, 0, 0]
    tone = pd.DataFrame({"period": pd.to_datetime(["1983-01-01", "1987-01-01"]), "articles": [2, 2], "sentiment": [0.3, -0.2],
                         "negative_share": [0.0, 0.5]})
    [line] = corpus_charts.corpus_sentiment_timeline(tone, span=span).data
    assert [value == value for value in line.y] == [True, False, False, False, True] and line.connectgaps is False
    axis = figure.layout.xaxis
    assert (axis.range, axis.dtick, axis.tickformat) == (("1983-01-01", "1988-01-01"), "M12", "%Y")
