"""Charts of corpus tables (notebooks 05 and 07; the tables come from utils/corpus.py and
utils/explore/): timelines over every period of the corpus's span on the one time axis
(:mod:`utils.show.time_axis`), mean tone and top entities per
group, the words or entities that set two subsets apart, who is named with whom. Each returns a
Figure, or a :class:`~utils.show.theme.ChartNote` when there is nothing to set side by side.
Entity names and terms come from article text: they are escaped before they become labels.
Importing this module registers the chart theme (:mod:`utils.show.theme`).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from utils.explore.periods import TimeSpan, fill_periods
from utils.show.palette import SENTIMENT_COLOURS
from utils.show.theme import ChartNote
from utils.show.time_axis import ONE_PERIOD_NOTE, iso_dates, period_labels, period_trace, span_starts, time_axis


def _too_few_periods(starts: pd.DatetimeIndex, frame: pd.DataFrame) -> ChartNote | None:
    """The note standing for a chart over time with fewer than two periods on its axis."""
    if len(starts) >= 2:
        return None
    return ChartNote(ONE_PERIOD_NOTE.format(what="dated period" if len(frame) else "dated article"))


def corpus_entity_timeline(
    counts: pd.DataFrame, *, span: TimeSpan | None = None, period: str = "M", title: str = "Mentions of the top entities over time"
) -> go.Figure | ChartNote:
    """One line per entity: mentions per period (a ``period, name, label, mentions`` table counted at
    ``span.period``) over every period of ``span`` (without one: from the first period to the last at
    ``period``), 0 where a period has none; most-mentioned entity first in the legend. A note with
    fewer than two periods."""
    starts, code = span_starts([counts], span, period)
    if (note := _too_few_periods(starts, counts)) is not None:
        return note
    totals = counts.groupby(["name", "label"], sort=False)["mentions"].transform("sum")
    ordered = counts.assign(total=totals).sort_values(["total", "name", "period"], ascending=[False, True, True]).drop(columns="total")
    filled = fill_periods(ordered, starts, counts=["mentions"], by=["name", "label"])
    figure = go.Figure()
    for (name, label), rows in filled.groupby(["name", "label"], sort=False):
        safe = html.escape(f"{name} ({label})", quote=False)
        figure.add_scatter(
            x=iso_dates(rows["period"]), y=rows["mentions"], mode="lines+markers", marker_size=5, name=safe,
            customdata=period_labels(rows["period"], code), hovertemplate="%{customdata}: %{y} mentions<extra>" + safe + "</extra>",
            **period_trace(code),
        )
    figure.update_layout(title=title, yaxis_title="mentions", yaxis_rangemode="tozero")
    return time_axis(figure, starts, code)


def corpus_sentiment_timeline(
    frame: pd.DataFrame, *, span: TimeSpan | None = None, period: str = "M", title: str = "Mean article sentiment over time"
) -> go.Figure | ChartNote:
    """Mean article sentiment per period (``period, articles, sentiment, negative_share``), marker size
    growing with the number of articles, over every period of ``span``: a period without articles has
    no mean and the line is not drawn across it. A note with fewer than two periods."""
    starts, code = span_starts([frame], span, period)
    if (note := _too_few_periods(starts, frame)) is not None:
        return note
    rows = fill_periods(frame, starts, counts=["articles"])
    sizes = (6 + 14 * rows["articles"] / max(int(rows["articles"].max()), 1)).tolist()
    figure = go.Figure(
        go.Scatter(
            x=iso_dates(rows["period"]), y=rows["sentiment"], mode="lines+markers", marker=dict(size=sizes, color="#1f77b4"),
            connectgaps=False, customdata=list(zip(period_labels(rows["period"], code), rows["articles"], rows["negative_share"].fillna(0))),
            hovertemplate="%{customdata[0]}: %{y:.2f}<br>%{customdata[1]} articles, %{customdata[2]:.0%} negative<extra></extra>",
            **period_trace(code),
        )
    )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title=title, yaxis_title="sentiment (−1 to 1)", yaxis_range=[-1, 1])
    return time_axis(figure, starts, code)


ONE_GROUP_NOTE = "Every article here has the same {by} ({group}), so there are no groups to set side by side."


def group_sentiment_bars(frame: pd.DataFrame, *, by: str = "category") -> go.Figure | ChartNote:
    """Mean article sentiment per group (a ``group, articles, sentiment`` table), coloured by sign; a note with one group."""
    if frame["group"].nunique() < 2:
        return ChartNote(ONE_GROUP_NOTE.format(by=by, group=", ".join(map(str, frame["group"].unique())) or "none"))
    colours = [SENTIMENT_COLOURS["negative"] if value < 0 else SENTIMENT_COLOURS["positive"] for value in frame["sentiment"]]
    figure = go.Figure(
        go.Bar(
            x=frame["sentiment"], y=[html.escape(str(group), quote=False) for group in frame["group"]], orientation="h",
            marker_color=colours, customdata=frame["articles"],
            hovertemplate="%{y}: %{x:.2f} (%{customdata} articles)<extra></extra>",
        )
    )
    figure.update_layout(title=f"Mean article sentiment by {by}", xaxis_title="sentiment (−1 to 1)", height=max(320, 28 * len(frame) + 140))
    return figure


def grouped_entity_bars(frame: pd.DataFrame, *, by: str = "category") -> go.Figure | ChartNote:
    """Top entities of each group (a ``group, name, label, mentions`` table), one colour per group; a note with one group."""
    if frame["group"].nunique() < 2:
        return ChartNote(ONE_GROUP_NOTE.format(by=by, group=", ".join(map(str, frame["group"].unique())) or "none"))
    figure = go.Figure()
    for group, rows in frame.iloc[::-1].groupby("group", sort=False):
        safe_group = html.escape(str(group), quote=False)
        figure.add_bar(
            x=rows["mentions"], y=[f"{safe_group} · {html.escape(name, quote=False)}" for name in rows["name"]],
            orientation="h", name=safe_group, hovertemplate="%{y}: %{x} mentions<extra></extra>",
        )
    figure.update_layout(title=f"Most-mentioned entities by {by}", xaxis_title="mentions", height=max(320, 22 * len(frame) + 140))
    return figure


def log_odds_bars(
    table: pd.DataFrame, *, label_a: str, label_b: str, n: int = 12, title: str = "What distinguishes the two subsets"
) -> go.Figure | ChartNote:
    """The n terms most typical of each subset by weighted log-odds z-score (positive: ``label_a``); a note when a subset is empty."""
    if table.empty or not table["count_a"].sum() or not table["count_b"].sum():
        return ChartNote(f"{title}: nothing to compare, one of the two subsets ({label_a} / {label_b}) has no articles.")
    rows = pd.concat([table.head(n), table.tail(n)]).drop_duplicates("term").sort_values("z")
    colours = ["#1f77b4" if z > 0 else "#ff7f0e" for z in rows["z"]]
    figure = go.Figure(
        go.Bar(
            x=rows["z"], y=[html.escape(str(term), quote=False) for term in rows["term"]], orientation="h", marker_color=colours,
            customdata=rows[["count_a", "count_b"]].to_numpy(),
            hovertemplate="%{y}: z = %{x:.2f}<br>" + html.escape(label_a) + ": %{customdata[0]}, "
            + html.escape(label_b) + ": %{customdata[1]}<extra></extra>",
        )
    )
    for value in (-1.96, 1.96):
        figure.add_vline(x=value, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title=title, xaxis_title=f"z-score (→ {html.escape(label_a)}, ← {html.escape(label_b)})", height=max(360, 22 * len(rows) + 140),
    )
    return figure


def cooccurrence_heatmap(pairs: pd.DataFrame, *, unit: str = "sentence") -> go.Figure | ChartNote:
    """A symmetric heatmap of how often two entities share a sentence (an ``entity_a, entity_b, together`` table); a note without pairs."""
    if pairs.empty:
        return ChartNote(f"No two of the most-named entities share a {unit}.")
    names = sorted(set(pairs["entity_a"]) | set(pairs["entity_b"]))
    matrix = pd.DataFrame(0, index=names, columns=names)
    for row in pairs.itertuples():
        matrix.loc[row.entity_a, row.entity_b] = matrix.loc[row.entity_b, row.entity_a] = row.together
    labels = [html.escape(name, quote=False) for name in names]
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(), x=labels, y=labels, colorscale="Blues",
            hovertemplate="%{y} + %{x}: %{z} " + unit + "s together<extra></extra>",
        )
    )
    figure.update_layout(title=f"Entities named in the same {unit}", height=max(420, 22 * len(names) + 200), xaxis_tickangle=-45)
    return figure
