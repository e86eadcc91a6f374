"""Charts and tables of notebook 07 (ask the corpus): attention over time and by source, the matching
coverage against the rest, and the matching sentences as a concordance. Every label is escaped."""

from __future__ import annotations

import html
from typing import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from utils.explore.concordance import concordance
from utils.explore.periods import TimeSpan, fill_periods
from utils.show.datatables import interactive_table
from utils.show.palette import SENTIMENT_COLOURS
from utils.show.tables import ShownTable
from utils.show.theme import SHARE_FORMAT, ChartNote  # importing theme registers the theme and the offline renderer
from utils.show.time_axis import ONE_PERIOD_NOTE, iso_dates, period_labels, period_trace, span_starts, time_axis

QUERY_COLOURS = ("#1f77b4", "#ff7f0e")
MATCHING, REST = "#1f77b4", "#bbbbbb"
CONCORDANCE_CLASSES = {"left": "news-left-context", "match": "news-match", "right": "news-right-context"}


def _safe(text: object) -> str:
    return html.escape(str(text), quote=False)


def attention_chart(attention: Mapping[str, pd.DataFrame], *, span: TimeSpan | None = None, period: str = "M",
                    title: str = "Attention over time") -> go.Figure | ChartNote:
    """Matching articles per period (bars, top) and their share of all the articles of the period
    (bottom), per query (``{query: corpus.attention(query, period=span.period)}``), over every period of
    ``span`` (without one: from the first period to the last at ``period``): a period with no matching
    article is a bar of 0, one with no article at all has no share (the line breaks there). A note when
    no article is dated or there is one period only."""
    frames = {query: frame for query, frame in attention.items() if len(frame)}
    if not frames:
        return ChartNote("No article of the corpus has a date, so attention over time cannot be drawn.")
    starts, code = span_starts(frames.values(), span, period)
    if len(starts) < 2:
        return ChartNote(ONE_PERIOD_NOTE.format(what="dated period"))
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                           subplot_titles=("matching articles", "share of all the articles of the period"))
    for (query, frame), colour in zip(frames.items(), QUERY_COLOURS):
        label = _safe(query)
        rows = fill_periods(frame, starts, counts=["articles", "total"])
        dates, names = iso_dates(rows["period"]), period_labels(rows["period"], code)
        figure.add_bar(x=dates, y=rows["articles"], name=label, legendgroup=label, marker_color=colour, row=1, col=1,
                       customdata=list(zip(names, rows["total"])), **period_trace(code),
                       hovertemplate="%{customdata[0]}: %{y} of %{customdata[1]} articles<extra>" + label + "</extra>")
        figure.add_scatter(x=dates, y=rows["share"], mode="lines+markers", name=label, legendgroup=label, line_color=colour,
                           marker_size=5, showlegend=False, connectgaps=False, row=2, col=1, customdata=names, **period_trace(code),
                           hovertemplate="%{customdata}: %{y:.1%}<extra>" + label + "</extra>")
    figure.update_yaxes(title_text="articles", rangemode="tozero", row=1, col=1)
    figure.update_yaxes(title_text="share", tickformat=SHARE_FORMAT, rangemode="tozero", row=2, col=1)
    figure.update_layout(title=title, height=560, barmode="group", bargap=0.15, legend=dict(orientation="h", y=-0.12))
    return time_axis(figure, starts, code)


def share_by_bars(frame: pd.DataFrame, *, by: str = "source", n: int = 15, title: str | None = None) -> go.Figure | ChartNote:
    """Per ``by`` value (``share_by``): the share of its articles that match, bars labelled with the counts."""
    if frame.empty or not frame["articles"].sum():
        return ChartNote(f"No article matches, so there is no attention by {by} to draw.")
    rows = frame.head(n).iloc[::-1]
    figure = go.Figure(go.Bar(
        x=rows["share"], y=[_safe(value) for value in rows[by]], orientation="h", marker_color=MATCHING,
        text=[f"{articles} of {total}" for articles, total in zip(rows["articles"], rows["total"])], textposition="auto",
        hovertemplate="%{y}: %{x:.1%} of its articles match<extra></extra>",
    ))
    figure.update_layout(title=title or f"Share of each {by}'s articles that match", xaxis_tickformat=SHARE_FORMAT,
                         xaxis_title="share of its articles", height=max(320, 26 * len(rows) + 140))
    return figure


def against_rest_bars(frame: pd.DataFrame, *, name: str = "name", title: str = "Who is named: matching coverage against the rest") -> go.Figure | ChartNote:
    """Side by side per name (``named_against_rest`` / ``quoted_against_rest``): the share of the matching
    articles and of the other articles that name (or quote) it."""
    if frame.empty:
        return ChartNote(f"{title}: nothing to show, no matching article names or quotes anyone.")
    labels = [_safe(value if name != "name" else f"{value} ({label})") for value, label in zip(frame[name], frame.get("label", frame[name]))]
    figure = go.Figure()
    for side, colour, caption in (("matching", MATCHING, "matching articles"), ("rest", REST, "the other articles")):
        figure.add_bar(x=frame[f"share_{side}"][::-1], y=labels[::-1], orientation="h", name=caption, marker_color=colour,
                       customdata=frame[f"articles_{side}"][::-1], hovertemplate="%{y}: %{x:.1%} (%{customdata} articles)<extra>" + caption + "</extra>")
    figure.update_layout(title=title, barmode="group", xaxis_tickformat=SHARE_FORMAT, xaxis_title="share of the articles naming it",
                         height=max(360, 34 * len(frame) + 160), legend=dict(orientation="h", y=-0.15))
    return figure


def tone_against_rest_bars(frame: pd.DataFrame, *, title: str = "Tone of the matching sentences against the rest") -> go.Figure | ChartNote:
    """Mean sentence tone of each part (``tone_against_rest``), with the share of negative and positive sentences on hover."""
    rows = frame[frame["sentences"] > 0]
    if rows.empty:
        return ChartNote("No scored sentence: the tone cannot be compared.")
    colours = [SENTIMENT_COLOURS["negative"] if value <= -0.05 else SENTIMENT_COLOURS["positive"] if value >= 0.05 else SENTIMENT_COLOURS["neutral"]
               for value in rows["mean_sentiment"]]
    figure = go.Figure(go.Bar(
        x=[_safe(part) for part in rows["part"]], y=rows["mean_sentiment"], marker_color=colours,
        customdata=rows[["sentences", "negative_share", "positive_share"]].to_numpy(),
        hovertemplate="%{x}: %{y:+.3f}<br>%{customdata[0]} sentences, %{customdata[1]:.0%} negative, %{customdata[2]:.0%} positive<extra></extra>",
    ))
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title=title, yaxis_title="mean sentiment (−1 to 1)")
    return figure


def kwic_table(matches: pd.DataFrame, *, empty: str = "No sentence matches the query.") -> ShownTable:
    """The matching sentences as a concordance (:func:`utils.explore.concordance.concordance`): the
    words before each match right-aligned, the match in the middle, the words after it, then the
    article's title, source and date; every row, to sort, search and page (every cell escaped)."""
    table = concordance(matches)
    table = table.drop(columns=[column for column in ("article_id", "sentence_id") if column in table])
    return interactive_table(table, empty=empty, classes=CONCORDANCE_CLASSES)
