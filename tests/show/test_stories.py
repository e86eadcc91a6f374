"""Notebook 08's charts over time: topic shares as bars over every period, stories on a readable date axis."""

from __future__ import annotations

import pandas as pd

from utils.explore.periods import time_span
from utils.show import stories as story_charts


def test_topic_shares_are_stacked_bars_and_a_period_without_articles_has_none():
    shares = pd.DataFrame({"period": pd.to_datetime(["1983-01-01", "1983-01-01", "1987-01-01"]), "topic_id": [0, 1, 0],
                           "label": ["strike, union", "<b>vote</b>", "strike, union"], "articles": [1, 3, 2], "share": [0.25, 0.75, 1.0]})
    figure = story_charts.topic_shares(shares, span=time_span(["1983-02-01", "1987-03-01"], period="Y"))
    assert [trace.type for trace in figure.data] == ["bar", "bar"] and figure.layout.barmode == "stack"
    first, second = figure.data
    assert second.name == "1: &lt;b&gt;vote&lt;/b&gt;"
    assert [round(value, 2) if value == value else None for value in first.y] == [0.25, None, None, None, 1.0]
    assert [round(value, 2) if value == value else None for value in second.y] == [0.75, None, None, None, 0.0]
    assert list(first.customdata[0]) == ["1983", 1, 4] and figure.layout.xaxis.range == ("1983-01-01", "1988-01-01")


def test_the_story_timeline_labels_a_summer_by_week_not_by_day():
    timeline = pd.DataFrame({"story_id": [0, 0, 1], "label": ["floods", "floods", "vote"],
                             "date": pd.to_datetime(["2013-06-06", "2013-06-20", "2013-08-01"]), "articles": [2, 1, 3]})
    stories = pd.DataFrame({"story_id": [0, 1], "label": ["floods", "vote"]})
    axis = story_charts.story_timeline(timeline, stories).layout.xaxis
    assert axis.range == ("2013-06-06", "2013-08-02") and axis.dtick == 7 * 86_400_000 and axis.tickformat == "%-d %b %Y"
