"""The one time axis of the corpus charts (notebooks 05, 07 and 08): every period of the span on the
axis, each drawn in the middle of its period, and a date label every few periods so the labels
never run into one another.

The period and the span come from :mod:`utils.explore.periods` (a :class:`~utils.explore.periods.TimeSpan`
or a list of period starts); the tables drawn are filled there too (:func:`~utils.explore.periods.fill_periods`):
counts are 0 in an empty period and means are blank, and a line is never joined across a blank
(plotly's ``connectgaps`` stays off).
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from utils.explore.periods import TimeSpan, period_code, period_label, period_starts

DAY_MS = 86_400_000
MAX_LABELS = 12  # most date labels on one axis: a label every few periods beyond that
# plotly's period of a trace point (xperiod): the point is drawn in the middle of its period
PERIOD_LENGTHS = {"D": DAY_MS, "W": 7 * DAY_MS, "M": "M1", "Q": "M3", "Y": "M12"}
# label every k periods: the k tried, smallest first (a week of days, a quarter or a year of months...)
TICK_STEPS = {"D": (1, 2, 7, 14, 28), "W": (1, 2, 4, 8, 13, 26, 52), "M": (1, 2, 3, 6, 12, 24, 36, 60),
              "Q": (1, 2, 4, 8, 12, 20), "Y": (1, 2, 5, 10, 20, 25, 50, 100)}
WEEK_ZERO = "2000-01-03"  # a Monday: weeks run from Monday, as the corpus tables count them
ONE_PERIOD_NOTE = "Only one {what} in this corpus, so there is no change over time to draw; the table of the corpus has the figures."


def iso_dates(values: Sequence) -> list[str]:
    """Dates as ``YYYY-MM-DD`` strings (plotly reads them as a date axis; numpy datetimes do not serialise)."""
    return [pd.Timestamp(value).strftime("%Y-%m-%d") for value in values]


def period_trace(period: str) -> dict:
    """Keyword arguments for a trace over periods: each point drawn in the middle of its period."""
    code = period_code(period)
    options = {"xperiod": PERIOD_LENGTHS[code], "xperiodalignment": "middle"}
    if code == "W":
        options["xperiod0"] = WEEK_ZERO
    return options


def period_labels(starts: Sequence, period: str) -> list[str]:
    """Each period as a reader names it ("Mar 2024", "Q1 2024", "week of 4 Mar 2024"), for hovers."""
    return [period_label(start, period) for start in starts]


def tick_step(periods: int, period: str, *, max_labels: int = MAX_LABELS) -> int:
    """Label every how many periods so that ``periods`` periods carry at most ``max_labels`` labels."""
    steps = TICK_STEPS[period_code(period)]
    needed = max(1, math.ceil(periods / max(max_labels, 1)))
    return next((step for step in steps if step >= needed), steps[-1] * math.ceil(needed / steps[-1]))


def _tick0(first: pd.Timestamp, code: str, step: int) -> str:
    """Where the labels start: the first period, or for months and years a round start (January, a year ending in 0 or 5)."""
    if code == "M" and step in (3, 6, 12, 24, 36, 60):
        first = pd.Timestamp(year=first.year, month=1, day=1)
    elif code == "Q" and step in (2, 4, 8, 12, 20):
        first = pd.Timestamp(year=first.year, month=1, day=1)
    elif code == "Y" and step > 1:
        first = pd.Timestamp(year=first.year - first.year % step, month=1, day=1)
    return first.strftime("%Y-%m-%d")


def _dtick(code: str, step: int) -> int | str:
    length = PERIOD_LENGTHS[code]
    return length * step if isinstance(length, int) else f"M{int(length[1:]) * step}"


def _tick_format(code: str, step: int) -> str:
    if code == "Y" or (code == "M" and step >= 12) or (code == "Q" and step >= 4):
        return "%Y"
    if code == "Q":
        return "Q%q %Y"
    if code == "M":
        return "%b %Y"
    return "%-d %b %Y"


def span_starts(frames: Iterable[pd.DataFrame], span: TimeSpan | None = None, period: str = "M", *,
                column: str = "period") -> tuple[pd.DatetimeIndex, str]:
    """The period starts a chart draws, and its period: every period of ``span`` when there is one
    (``TimeSpan.starts``), else from the first to the last ``column`` value of the frames at ``period``."""
    if span is not None:
        return span.starts, span.period
    values = [value for frame in frames for value in frame[column]]
    code = period_code(period)
    return (period_starts(min(values), max(values), code) if values else pd.DatetimeIndex([])), code


def time_axis(figure: go.Figure, starts: Sequence, period: str, *, max_labels: int = MAX_LABELS, title: str | None = None) -> go.Figure:
    """Every x axis of ``figure`` as the time axis of the periods ``starts`` (their first days, as
    ``TimeSpan.starts`` gives them): the whole span shown, a label every few periods (at most
    ``max_labels``), labels centred on their period when every period has one."""
    code = period_code(period)
    starts = sorted(pd.Timestamp(start).normalize() for start in starts)
    if not starts:
        return figure
    first, last = starts[0], starts[-1]
    end = last + (pd.Timedelta(days=1) if code == "D" else pd.Timedelta(days=7) if code == "W"
                  else pd.DateOffset(months={"M": 1, "Q": 3, "Y": 12}[code]))
    step = tick_step(len(starts), code, max_labels=max_labels)
    figure.update_xaxes(
        type="date", range=[first.strftime("%Y-%m-%d"), pd.Timestamp(end).strftime("%Y-%m-%d")],
        tick0=_tick0(first, code, step), dtick=_dtick(code, step), tickformat=_tick_format(code, step),
        ticklabelmode="period" if step == 1 else "instant", showgrid=True, tickangle=0, automargin=True,
    )
    if title is not None:
        figure.update_xaxes(title_text=title)
    return figure


__all__ = ["MAX_LABELS", "ONE_PERIOD_NOTE", "iso_dates", "period_labels", "period_trace", "span_starts", "tick_step", "time_axis"]
