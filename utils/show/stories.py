"""Charts and highlights of stories, topics, key phrases and shared passages (tables from ``utils/stories/``, ``analysis.keyphrases``).

Labels, phrases and titles come from article text: they are escaped before they become chart
labels, and passages reach HTML only through :func:`utils.show.html.marked_text_html`.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML

from utils.explore.periods import TimeSpan, choose_period, fill_periods, period_starts
from utils.show.html import marked_text_html
from utils.show.theme import ChartNote
from utils.show.time_axis import iso_dates, period_labels, period_trace, span_starts, time_axis
from utils.show.theme import ChartNote

NO_STORY_NOTE = "No two articles of this corpus are alike enough (and close enough in date) to make a story."


def _safe(text: object) -> str:
    return html.escape(str(text), quote=False)


def keyphrase_bars(keyphrases: pd.DataFrame, *, n: int = 10, title: str = "Key phrases of the article") -> go.Figure | ChartNote:
    """The ``n`` best key phrases (``rank, phrase, score, occurrences``), best at the top; a note when there are none."""
    rows = keyphrases.nsmallest(n, "rank").iloc[::-1]
    if rows.empty:
        return ChartNote("The article has no counted words, so no key phrase.")
    figure = go.Figure(go.Bar(x=rows["occurrences"], y=[_safe(phrase) for phrase in rows["phrase"]], orientation="h",
                              customdata=rows[["rank"]].to_numpy(), hovertemplate="%{y}: rank %{customdata[0]}, %{x} occurrences<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="occurrences", height=max(300, 28 * len(rows) + 120))
    return figure


def corpus_keyphrase_bars(keyphrases: pd.DataFrame, *, title: str = "Key phrases of the most articles") -> go.Figure | ChartNote:
    """The corpus's key phrases (``utils.explore.corpus.top_keyphrases``: rank, phrase, articles), the most widespread at the top."""
    rows = keyphrases.sort_values("rank").iloc[::-1]
    if rows.empty:
        return ChartNote("The corpus has no key phrases (no counted words).")
    figure = go.Figure(go.Bar(x=rows["articles"], y=[_safe(phrase) for phrase in rows["phrase"]], orientation="h",
                              customdata=rows[["occurrences"]].to_numpy(),
                              hovertemplate="%{y}: key in %{x} articles, %{customdata[0]} occurrences<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="articles", height=max(300, 28 * len(rows) + 120))
    if rows["articles"].max() <= 10:  # whole articles: no 0.5 ticks
        figure.update_xaxes(dtick=1)
    return figure


def story_timeline(timeline: pd.DataFrame, stories: pd.DataFrame, *, title: str = "Stories over time (one row each, marker size: articles that day)") -> go.Figure | ChartNote:
    """One row per story (``story_timeline`` table: ``story_id, label, date, articles``), a marker per day sized by its articles, a line from first to last day."""
    if timeline.empty:
        return ChartNote(NO_STORY_NOTE if stories.empty else "The stories' articles carry no dates, so there is no timeline to draw.")
    figure = go.Figure()
    largest = max(int(timeline["articles"].max()), 1)
    order = stories[stories["story_id"].isin(timeline["story_id"])].sort_values("story_id", ascending=False)
    for row in order.itertuples():
        days = timeline[timeline["story_id"] == row.story_id]
        name = _safe(f"{row.story_id}: {row.label}")
        dates = iso_dates(days["date"])
        figure.add_scatter(x=[min(dates), max(dates)], y=[name, name], mode="lines", line=dict(color="#bbbbbb", width=2),
                           hoverinfo="skip", showlegend=False)
        figure.add_scatter(x=dates, y=[name] * len(days), mode="markers", showlegend=False,
                           marker=dict(size=(6 + 18 * days["articles"] / largest).tolist(), color="#1f77b4"),
                           customdata=days[["articles"]].to_numpy(), hovertemplate="%{x}: %{customdata[0]} articles<extra>" + name + "</extra>")
    figure.update_layout(title=title, height=max(320, 30 * len(order) + 140), yaxis=dict(automargin=True))
    period = choose_period(timeline["date"], min_per_period=0)  # ticks for the stories' own span: days for a month, months for a year...
    return time_axis(figure, period_starts(timeline["date"].min(), timeline["date"].max(), period), period)


def story_bars(stories: pd.DataFrame, *, n: int = 10, title: str = "The largest stories: articles, coloured by mean tone") -> go.Figure | ChartNote:
    """The ``n`` largest stories as bars of their article counts, coloured by tone, sources and dates on hover."""
    rows = stories.nsmallest(n, "story_id").iloc[::-1]
    if rows.empty:
        return ChartNote(NO_STORY_NOTE)
    labels = [_safe(f"{story}: {label}") for story, label in zip(rows["story_id"], rows["label"])]
    hover = [_safe(f"{sources} sources ({source_list}); {first:%d %b %Y} to {last:%d %b %Y}" if pd.notna(first) else f"{sources} sources ({source_list})")
             for sources, source_list, first, last in zip(rows["sources"], rows["source_list"], rows["first_date"], rows["last_date"])]
    figure = go.Figure(go.Bar(
        x=rows["articles"], y=labels, orientation="h", hovertext=hover,
        marker=dict(color=rows["tone"].fillna(0).tolist(), colorscale="RdBu", cmin=-0.5, cmax=0.5, colorbar=dict(title="tone")),
        hovertemplate="%{y}: %{x} articles<br>%{hovertext}<extra></extra>",
    ))
    figure.update_layout(title=title, xaxis_title="articles", height=max(320, 30 * len(rows) + 140), yaxis=dict(automargin=True))
    return figure


def topic_shares(shares: pd.DataFrame, *, span: TimeSpan | None = None, period: str = "M",
                 title: str = "Share of each period's articles by topic") -> go.Figure | ChartNote:
    """Stacked bars: each topic's share of the articles of each period (``period, topic_id, label,
    share, articles``, as ``utils.stories.topics.topic_shares`` counts them at ``span.period``), over
    every period of ``span`` (without one: from the first period to the last at ``period``); a period
    without articles has no bar, and the hover gives the articles behind each share."""
    if shares.empty or shares["period"].nunique() < 2:
        return ChartNote("The articles fall in fewer than two dated periods, so topic shares cannot move over time.")
    starts, code = span_starts([shares], span, period)
    totals = shares.groupby("period")["articles"].sum()
    figure = go.Figure()
    for (topic, label), rows in shares.groupby(["topic_id", "label"], sort=True):
        name = _safe(f"{topic}: {label}")
        filled = fill_periods(rows[["period", "share", "articles"]], starts, counts=["articles"])
        published = filled["period"].isin(totals.index)  # a period with articles: a share of 0 where this topic has none
        totals_then = filled["period"].map(totals).fillna(0).astype(int)
        figure.add_bar(x=iso_dates(filled["period"]), y=filled["share"].fillna(0).where(published), name=name,
                       customdata=list(zip(period_labels(filled["period"], code), filled["articles"], totals_then)),
                       hovertemplate="%{customdata[0]}: %{y:.0%} (%{customdata[1]} of %{customdata[2]} articles)<extra>" + name + "</extra>",
                       **period_trace(code))
    # no "0%" tick: at the corner it would sit on the first date's label
    figure.update_layout(title=title, barmode="stack", bargap=0.1, yaxis=dict(tickformat=".0%", range=[0, 1], tickvals=[0.25, 0.5, 0.75, 1.0]),
                         legend=dict(orientation="h", y=-0.15, traceorder="normal"), height=520)
    return time_axis(figure, starts, code)


PASSAGE_COLOUR = "#ff7f0e"


def shared_passages_html(text: str, passages: pd.DataFrame, *, side: str = "a") -> str:
    """``text`` as escaped HTML with each passage (``start_<side>``/``end_<side>`` of a shared-passages table) marked."""
    rows = passages.rename(columns={f"start_{side}": "start_char", f"end_{side}": "end_char"}).sort_values("start_char") if len(passages) else \
        pd.DataFrame({"start_char": pd.Series(dtype="int64"), "end_char": pd.Series(dtype="int64"), "words": pd.Series(dtype="int64")})

    def mark(row, inner: str) -> str:
        return f'<mark title="{html.escape(f"shared passage, {row.words} words", quote=True)}" style="background:{PASSAGE_COLOUR}33;border-bottom:2px solid {PASSAGE_COLOUR}">{inner}</mark>'

    return marked_text_html(text, rows, mark)


def shared_passages_side_by_side(text_a: str, text_b: str, passages: pd.DataFrame, *, title_a: str = "article A", title_b: str = "article B") -> HTML:
    """Two articles side by side, the passages they share marked in both."""
    cell = "<div style='flex:1;min-width:20em'><strong>{}</strong>{}</div>"
    return HTML("<div style='display:flex;gap:2em;align-items:flex-start'>"
                + cell.format(html.escape(title_a), shared_passages_html(text_a, passages, side="a"))
                + cell.format(html.escape(title_b), shared_passages_html(text_b, passages, side="b")) + "</div>")
