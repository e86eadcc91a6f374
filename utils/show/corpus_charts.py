"""Charts of corpus tables (notebooks 05 and 07; the tables come from utils/corpus.py and
utils/explore/): timelines on a date axis ticked once per period, mean tone and top entities per
group, the words or entities that set two subsets apart, who is named with whom. Each returns a
Figure, or a :class:`~utils.show.theme.ChartNote` when there is nothing to set side by side.
Entity names and terms come from article text: they are escaped before they become labels.
Importing this module registers the chart theme (:mod:`utils.show.theme`).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from utils.show.palette import SENTIMENT_COLOURS
from utils.show.theme import ChartNote


def _iso_dates(values: pd.Series) -> list[str]:
    """Dates as ``YYYY-MM-DD`` strings (plotly reads them as a date axis; numpy datetimes do not serialise)."""
    return [pd.Timestamp(value).strftime("%Y-%m-%d") for value in values]


DAY_MS = 86_400_000
PERIOD_TICKS = {  # period → (dtick, tick label format): one tick per bucket start
    "D": (DAY_MS, "%d %b %Y"), "W": (7 * DAY_MS, "%d %b %Y"), "M": ("M1", "%b %Y"), "Q": ("M3", "%b %Y"), "Y": ("M12", "%Y"),
}
ONE_PERIOD_NOTE = "Only one {what} in this corpus, so there is no change over time to draw; the table of the corpus has the figures."


def _date_axis(figure: go.Figure, dates: list[str], *, period: str = "M") -> go.Figure:
    """Ticks at the bucket starts of ``period`` (D, W, M, Q, Y), labelled for it ("%b %Y" for months)."""
    dtick, tickformat = PERIOD_TICKS.get(period.upper()[:1], PERIOD_TICKS["M"])
    first = min(dates) if dates else None
    figure.update_xaxes(type="date", dtick=dtick, tickformat=tickformat, tick0=first, ticklabelmode="instant")
    return figure


def _too_few_periods(frame: pd.DataFrame) -> bool:
    return frame.empty or frame["period"].nunique() < 2


def corpus_entity_timeline(
    counts: pd.DataFrame, *, period: str = "M", title: str = "Mentions of the top entities over time"
) -> go.Figure | ChartNote:
    """One line per entity: mentions per period (a ``period, name, label, mentions`` table); a note with fewer than two periods."""
    if _too_few_periods(counts):
        return ChartNote(ONE_PERIOD_NOTE.format(what="dated period" if len(counts) else "dated article"))
    figure = go.Figure()
    for (name, label), rows in counts.groupby(["name", "label"], sort=False):
        safe = html.escape(f"{name} ({label})", quote=False)
        figure.add_scatter(
            x=_iso_dates(rows["period"]), y=rows["mentions"], mode="lines+markers", name=safe,
            hovertemplate="%{x}: %{y} mentions<extra>" + safe + "</extra>",
        )
    figure.update_layout(title=title, xaxis_title="period", yaxis_title="mentions")
    return _date_axis(figure, _iso_dates(counts["period"]), period=period)


def corpus_sentiment_timeline(
    frame: pd.DataFrame, *, period: str = "M", title: str = "Mean article sentiment over time"
) -> go.Figure | ChartNote:
    """Mean article sentiment per period, marker size growing with the number of articles; a note with fewer than two periods."""
    if _too_few_periods(frame):
        return ChartNote(ONE_PERIOD_NOTE.format(what="dated period" if len(frame) else "dated article"))
    sizes = 8 + 14 * (frame["articles"] / max(frame["articles"].max(), 1)) if len(frame) else []
    figure = go.Figure(
        go.Scatter(
            x=_iso_dates(frame["period"]), y=frame["sentiment"], mode="lines+markers", marker=dict(size=sizes, color="#1f77b4"),
            customdata=frame[["articles", "negative_share"]].to_numpy() if len(frame) else None,
            hovertemplate="%{x}: %{y:.2f}<br>%{customdata[0]} articles, %{customdata[1]:.0%} negative<extra></extra>",
        )
    )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title=title, xaxis_title="period", yaxis_title="sentiment (−1 to 1)", yaxis_range=[-1, 1])
    return _date_axis(figure, _iso_dates(frame["period"]), period=period)


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
