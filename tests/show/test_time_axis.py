"""The one time axis of the corpus charts (utils.show.time_axis): the whole span, labels every few periods."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from utils.explore.periods import period_starts
from utils.show.time_axis import period_labels, period_trace, tick_step, time_axis


@pytest.mark.parametrize(("periods", "period", "step"), [
    (5, "Y", 1), (16, "Y", 2), (120, "M", 12), (36, "M", 3), (64, "Q", 8), (31, "D", 7), (12, "M", 1), (53, "W", 8),
])
def test_a_label_every_few_periods_keeps_at_most_twelve(periods, period, step):
    assert tick_step(periods, period) == step and periods / step <= 12


def test_the_axis_spans_every_period_and_labels_a_decade_of_months_by_year():
    starts = period_starts("2004-03-10", "2013-11-02", "M")
    figure = time_axis(go.Figure(go.Bar(x=[str(starts[0].date())], y=[1], **period_trace("M"))), starts, "M")
    axis = figure.layout.xaxis
    assert axis.type == "date" and list(axis.range) == ["2004-03-01", "2013-12-01"]
    assert (axis.dtick, axis.tickformat, axis.tick0, axis.ticklabelmode) == ("M12", "%Y", "2004-01-01", "instant")
    assert figure.data[0].xperiod == "M1" and figure.data[0].xperiodalignment == "middle"


def test_one_label_per_period_is_centred_on_it_and_hovers_name_the_period():
    starts = period_starts("2024-01-01", "2024-12-31", "Q")
    axis = time_axis(go.Figure(), starts, "Q").layout.xaxis
    assert (axis.dtick, axis.tickformat, axis.ticklabelmode) == ("M3", "Q%q %Y", "period")
    assert period_labels(starts, "Q") == ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]
    weekly = period_trace("W")
    assert weekly["xperiod"] == 7 * 86_400_000 and pd.Timestamp(weekly["xperiod0"]).day_name() == "Monday"
