"""Time chosen from the data (utils.explore.periods): the period follows the span and density of the
dates, every period of the span is a row, counts are 0 and means blank where nothing was published."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.explore import periods


def spread(first: str, days: int, n: int) -> pd.Series:
    """n dates spread evenly over ``days`` days from ``first``."""
    return pd.Series(pd.Timestamp(first) + pd.to_timedelta(np.linspace(0, days - 1, n).round(), unit="D"))


@pytest.mark.parametrize(("first", "days", "n", "expected"), [
    ("2024-03-01", 31, 300, "D"),     # a month of daily news: days
    ("2024-03-01", 31, 40, "W"),      # a thin month: weeks (40 articles over 31 days is about 1 a day)
    ("2018-01-01", 3 * 365, 300, "M"),  # a few years: months
    ("2010-01-01", 10 * 365, 300, "Q"),  # a decade: quarters
    ("2004-01-01", 16 * 365, 575, "Y"),  # sixteen years (64 quarters): years
    ("2024-03-05", 1, 12, "D"),       # one day
])
def test_the_period_follows_the_span_and_density_of_the_dates(first, days, n, expected):
    assert periods.choose_period(spread(first, days, n)) == expected


def test_a_set_period_wins_and_undated_values_are_ignored():
    dates = ["2024-03-01", None, "no date", "2024-03-02"]
    assert periods.choose_period(dates, period="quarter") == "Q"
    assert periods.choose_period(dates, period="w") == "W"
    assert periods.choose_period([None, "x"]) == "M"  # nothing dated: any period draws nothing
    with pytest.raises(ValueError, match="period must be one of"):
        periods.choose_period(dates, period="fortnight")


def test_a_four_year_gap_is_four_rows_of_zero_counts_and_blank_means():
    span = periods.time_span(["1983-02-01", "1983-03-09", None, "1987-06-01", "1987-07-01"], period="Y")
    assert (span.period, span.dated, span.undated) == ("Y", 4, 1)
    assert [start.year for start in span.starts] == [1983, 1984, 1985, 1986, 1987]
    per_year = pd.DataFrame({"period": pd.to_datetime(["1983-01-01", "1987-01-01"]), "articles": [2, 2], "sentiment": [0.2, -0.1]})
    filled = periods.fill_periods(per_year, span.starts, counts=["articles"])
    assert filled["articles"].tolist() == [2, 0, 0, 0, 2]
    assert filled["sentiment"].isna().tolist() == [False, True, True, True, False]
    assert "1 of the 5 articles carry no date" in span.note() and "by year (set by PERIOD)" in span.note()


def test_filling_by_entity_gives_every_entity_every_period_in_the_first_order():
    counts = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-01"]), "name": ["Iran", "Iran", "Oman"],
                           "label": ["GPE"] * 3, "mentions": [3, 1, 2]})
    filled = periods.fill_periods(counts, periods.period_starts("2024-01-15", "2024-03-02", "M"), counts=["mentions"], by=["name", "label"])
    assert list(zip(filled["period"].dt.month, filled["name"], filled["mentions"])) == [
        (1, "Iran", 3), (1, "Oman", 2), (2, "Iran", 0), (2, "Oman", 0), (3, "Iran", 1), (3, "Oman", 0)]


def test_weeks_start_on_monday_and_periods_read_as_an_analyst_names_them():
    starts = periods.period_starts_of(pd.Series(pd.to_datetime(["2024-03-07", "2024-03-10", "2024-03-11"])), "W")
    assert [start.strftime("%a %d") for start in starts] == ["Mon 04", "Mon 04", "Mon 11"]
    assert [periods.period_label(pd.Timestamp("2024-04-01"), code) for code in "DWMQY"] == [
        "1 Apr 2024", "week of 1 Apr 2024", "Apr 2024", "Q2 2024", "2024"]
    assert periods.time_span([None, None]).note() == "None of the 2 articles carries a date, so there is no chart over time."
