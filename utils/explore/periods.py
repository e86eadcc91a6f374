"""Time chosen from the data: the period a corpus's charts over time count by, every period of its
span, and per-period tables filled so that a gap in the coverage shows as a gap.

The period follows the span and density of the dated articles (:func:`choose_period`): the finest
of day, week, month, quarter and year that puts at most ``MAX_PERIODS`` periods on the axis and at
least ``MIN_ARTICLES_PER_PERIOD`` dated articles in a period on average. A month of daily news is
counted by day (or week when it is thin), a few years by month, a decade by quarter or year. A
notebook's ``PERIOD`` parameter can set it instead.

Every period of the span is a row of a filled table (:func:`fill_periods`): a count is 0 where
nothing was published, a mean is left blank (NaN) there, so a chart draws no line across the gap.
Undated articles are counted (:class:`TimeSpan`) and left out of the charts over time only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

PERIOD_CODES = ("D", "W", "M", "Q", "Y")  # finest first
PERIOD_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
AUTO = "auto"
MAX_PERIODS = 60  # most periods one axis holds before a coarser period is taken
MIN_ARTICLES_PER_PERIOD = 3.0  # fewest dated articles a period holds on average before a coarser one is taken
# pandas frequencies: the period of a date (to_period) and the start of every period of a span (date_range)
_TO_PERIOD = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}  # a week runs Monday to Sunday, as DuckDB's date_trunc
_STARTS = {"D": "D", "W": "W-MON", "M": "MS", "Q": "QS", "Y": "YS"}
_ALIASES = {"day": "D", "daily": "D", "week": "W", "weekly": "W", "month": "M", "monthly": "M", "ms": "M",
            "quarter": "Q", "quarterly": "Q", "qs": "Q", "year": "Y", "yearly": "Y", "annual": "Y", "a": "Y", "ys": "Y"}


def period_code(period: str) -> str:
    """``period`` as one of D, W, M, Q, Y (it may also be day, week, month, quarter, year, any case)."""
    text = str(period).strip()
    code = text.upper() if text.upper() in PERIOD_CODES else _ALIASES.get(text.lower())
    if code is None:
        raise ValueError(f"period must be one of D, W, M, Q, Y (day, week, month, quarter, year) or {AUTO!r}, not {period!r}")
    return code


def _dates(dates: Iterable) -> pd.Series:
    """The valid dates among ``dates`` (strings, dates, timestamps; time zones dropped), without time of day."""
    values = pd.to_datetime(pd.Series(list(dates) if not isinstance(dates, pd.Series) else dates, dtype=object),
                            errors="coerce", utc=True, format="mixed")
    return values.dropna().dt.tz_localize(None).dt.normalize()


def period_starts_of(dates: pd.Series, period: str) -> pd.Series:
    """The first day of the period each date falls in (``NaT`` stays ``NaT``)."""
    code = period_code(period)
    values = pd.to_datetime(dates, errors="coerce")
    return values.dt.to_period(_TO_PERIOD[code]).dt.start_time.dt.normalize()


def period_count(first: pd.Timestamp, last: pd.Timestamp, period: str) -> int:
    """How many periods run from the one holding ``first`` to the one holding ``last``, both included."""
    code = period_code(period)
    start, end = (pd.Timestamp(value).to_period(_TO_PERIOD[code]) for value in (first, last))
    return int((end - start).n) + 1


def choose_period(
    dates: Iterable,
    *,
    period: str = AUTO,
    max_periods: int = MAX_PERIODS,
    min_per_period: float = MIN_ARTICLES_PER_PERIOD,
) -> str:
    """The period (D, W, M, Q or Y) to count ``dates`` by: ``period`` itself when it is set (anything
    :func:`period_code` reads), else the finest whose number of periods over the span of the dates is at
    most ``max_periods`` and which holds at least ``min_per_period`` dates a period on average; Y when
    none does. Undated values are ignored; with no date at all, M."""
    if str(period).strip().lower() != AUTO:
        return period_code(period)
    values = _dates(dates)
    if values.empty:
        return "M"
    first, last = values.min(), values.max()
    for code in PERIOD_CODES:
        periods = period_count(first, last, code)
        if periods <= max_periods and len(values) / periods >= min_per_period:
            return code
    return "Y"


def period_starts(first: pd.Timestamp, last: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    """The first day of every period from the one holding ``first`` to the one holding ``last``."""
    code = period_code(period)
    start = period_starts_of(pd.Series([pd.Timestamp(first)]), code).iloc[0]
    end = period_starts_of(pd.Series([pd.Timestamp(last)]), code).iloc[0]
    return pd.date_range(start, end, freq=_STARTS[code]).normalize()


def period_label(start: pd.Timestamp, period: str) -> str:
    """How a period reads in a hover or a note: "3 Mar 2024", "week of 4 Mar 2024", "Mar 2024", "Q1 2024", "2024"."""
    code, start = period_code(period), pd.Timestamp(start)
    if code == "D":
        return f"{start.day} {start:%b %Y}"
    if code == "W":
        return f"week of {start.day} {start:%b %Y}"
    if code == "M":
        return f"{start:%b %Y}"
    if code == "Q":
        return f"Q{start.quarter} {start.year}"
    return f"{start.year}"


@dataclass(frozen=True)
class TimeSpan:
    """The time a corpus (or a view of one) covers: the ``period`` its charts count by, the first and
    last period starts (None with no dated article), and how many articles carry a date and how many do not."""

    period: str
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    dated: int
    undated: int
    chosen: bool = True  # chosen from the data (PERIOD "auto"), not set

    @property
    def starts(self) -> pd.DatetimeIndex:
        """The first day of every period of the span (empty without a dated article)."""
        if self.first is None or self.last is None:
            return pd.DatetimeIndex([])
        return period_starts(self.first, self.last, self.period)

    @property
    def name(self) -> str:
        return PERIOD_NAMES[self.period]

    def note(self) -> str:
        """One sentence saying what the charts over time count, by what period and why, and how many articles they leave out."""
        total = self.dated + self.undated
        if not self.dated:
            return f"None of the {total} articles carries a date, so there is no chart over time."
        how = "chosen from the span and number of the dated articles; PERIOD sets another" if self.chosen else "set by PERIOD"
        span = (f"from {period_label(self.first, self.period)} to {period_label(self.last, self.period)}"
                if self.first != self.last else f"all in {period_label(self.first, self.period)}")
        undated = (f"; {self.undated} of the {total} articles carry no date and are left out of the charts over time only"
                   if self.undated else "; every article carries a date")
        return f"Charts over time count by {self.name} ({how}), {span}, {len(self.starts)} {self.name}s{undated}."


def time_span(dates: Sequence, *, period: str = AUTO) -> TimeSpan:
    """The :class:`TimeSpan` of one value per article (undated: None, NaT or text that is no date)."""
    values = pd.Series(list(dates) if not isinstance(dates, pd.Series) else dates, dtype=object)
    valid = _dates(values)
    code = choose_period(valid, period=period)
    chosen = str(period).strip().lower() == AUTO
    if valid.empty:
        return TimeSpan(code, None, None, 0, len(values), chosen)
    starts = period_starts_of(pd.Series([valid.min(), valid.max()]), code)
    return TimeSpan(code, starts.iloc[0], starts.iloc[1], len(valid), len(values) - len(valid), chosen)


def fill_periods(
    frame: pd.DataFrame,
    starts: Sequence | pd.DatetimeIndex,
    *,
    counts: Sequence[str] = (),
    by: Sequence[str] = (),
    period_column: str = "period",
) -> pd.DataFrame:
    """``frame`` (one row per period, or per period and ``by`` values) with a row for every period of
    ``starts`` (and every ``by`` combination the frame has): the ``counts`` columns are 0 in the rows
    added, every other column is left blank. Periods of the frame outside ``starts`` are kept. Sorted
    by period, then ``by`` in the frame's order."""
    by = list(by)
    starts = pd.DatetimeIndex(pd.to_datetime(list(starts))).normalize()
    rows = frame.copy()
    rows[period_column] = pd.to_datetime(rows[period_column]).dt.normalize() if len(rows) else pd.Series(dtype="datetime64[ns]")
    periods = pd.DatetimeIndex(sorted(set(starts) | set(rows[period_column])))
    if by:
        combos = rows[by].drop_duplicates()
        if combos.empty:
            return rows.iloc[0:0]
        grid = combos.merge(pd.DataFrame({period_column: periods}), how="cross")
    else:
        grid = pd.DataFrame({period_column: periods})
    grid = grid[[period_column, *by]]
    unit = rows[period_column].dtype if len(rows) else grid[period_column].dtype
    grid[period_column] = grid[period_column].astype(unit)
    filled = grid.merge(rows, on=[period_column, *by], how="left")
    for column in counts:
        if column in filled:
            filled[column] = filled[column].fillna(0).astype("int64") if _integral(rows, column) else filled[column].fillna(0)
    order = {value: position for position, value in enumerate(map(tuple, rows[by].drop_duplicates().to_numpy()))} if by else {}
    if by:
        filled["_order"] = [order.get(tuple(values), math.inf) for values in filled[by].to_numpy()]
        filled = filled.sort_values([period_column, "_order"], kind="stable").drop(columns="_order")
    else:
        filled = filled.sort_values(period_column, kind="stable")
    return filled.reset_index(drop=True)[list(dict.fromkeys([period_column, *by, *frame.columns]))]


def _integral(frame: pd.DataFrame, column: str) -> bool:
    return column in frame and (pd.api.types.is_integer_dtype(frame[column]) or frame.empty)


__all__ = [
    "AUTO", "MAX_PERIODS", "MIN_ARTICLES_PER_PERIOD", "PERIOD_CODES", "PERIOD_NAMES", "TimeSpan", "choose_period", "fill_periods",
    "period_code", "period_count", "period_label", "period_starts", "period_starts_of", "time_span",
]
