"""Charts: one theme, one offline renderer, and functions that turn a table into a Figure.

Importing this module registers the ``news`` theme and the ``news_offline`` renderer:

- In JupyterLab a figure shows through plotly's own mimetype (interactive, via jupyterlab-plotly).
- In exported HTML the same output carries a ``text/html`` part with no CDN link: the first
  figure of a kernel embeds plotly.js once, every later figure reuses it. (Plotly's default
  renderer under papermill writes only the mimetype, which nbconvert silently drops, and its
  ``notebook`` renderer links MathJax from a CDN.)
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

THEME = "news"
RENDERER = "news_offline"
KIND_COLOURS = {"lead": "#1f77b4", "body": "#7f7f7f", "caption": "#ff7f0e", "credit": "#d62728"}
SENTIMENT_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}


def _register_theme() -> None:
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font=dict(family="Helvetica, Arial, sans-serif", size=13),
        title=dict(x=0.0, xanchor="left", font=dict(size=16)),
        margin=dict(l=60, r=30, t=60, b=50),
        hoverlabel=dict(align="left"),
        colorway=["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"],
    )
    pio.templates[THEME] = template
    pio.templates.default = THEME


class OfflineRenderer(MimetypeRenderer):
    """Plotly's mimetype for JupyterLab plus self-contained HTML (plotly.js embedded once) for reports."""

    def __init__(self) -> None:
        # plotly renders with a shallow copy of the renderer, so the flag lives in a shared dict
        self.state = {"plotlyjs_embedded": False}

    def to_mimebundle(self, fig_dict: dict) -> dict:
        include_plotlyjs = not self.state["plotlyjs_embedded"]
        self.state["plotlyjs_embedded"] = True
        figure_html = pio.to_html(
            fig_dict,
            full_html=False,
            include_plotlyjs=include_plotlyjs,
            include_mathjax=False,
            default_width="100%",
            default_height=480,
            validate=False,
            config={"displaylogo": False, "responsive": True},
        )
        return {"application/vnd.plotly.v1+json": {**fig_dict, "config": {"displaylogo": False}}, "text/html": figure_html}


def _register_renderer() -> None:
    if RENDERER not in pio.renderers:
        pio.renderers[RENDERER] = OfflineRenderer()
    pio.renderers.default = RENDERER


_register_theme()
_register_renderer()


# --------------------------------------------------------------------------- helpers


def hover_text(text: str, *, width: int = 80) -> str:
    """Article text made safe for a plotly hover label: escaped, then wrapped with <br>."""
    return "<br>".join(textwrap.wrap(html.escape(str(text), quote=False), width=width)) or "&nbsp;"


# --------------------------------------------------------------------------- charts


def paragraph_lengths(paragraphs: pd.DataFrame) -> go.Figure:
    """Words per paragraph in article order, coloured by paragraph kind."""
    words = paragraphs["text"].str.split().str.len()
    figure = go.Figure()
    for kind, rows in paragraphs.assign(words=words).groupby("kind", sort=False):
        figure.add_bar(
            x=rows["paragraph_id"],
            y=rows["words"],
            name=kind,
            marker_color=KIND_COLOURS.get(kind),
            hovertext=[hover_text(text) for text in rows["text"]],
            hovertemplate="paragraph %{x}: %{y} words<br>%{hovertext}<extra>" + kind + "</extra>",
        )
    figure.update_layout(title="Paragraph lengths by kind", xaxis_title="paragraph", yaxis_title="words")
    return figure


def top_terms(frequencies: pd.DataFrame, *, title: str = "Most frequent words") -> go.Figure:
    """Horizontal bars of a (term, count) table, most frequent on top."""
    rows = frequencies.iloc[::-1]
    figure = go.Figure(go.Bar(x=rows["count"], y=rows["term"], orientation="h", hovertemplate="%{y}: %{x}<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="occurrences", height=max(320, 22 * len(rows) + 120))
    return figure


def sentiment_arc(sentences: pd.DataFrame) -> go.Figure:
    """Combined sentiment of each in-scope sentence through the article; hover shows the sentence."""
    rows = sentences[sentences["in_scope"]]
    figure = go.Figure(
        go.Scatter(
            x=rows["sentence_id"],
            y=rows["sentiment"],
            mode="lines+markers",
            marker=dict(color=[SENTIMENT_COLOURS[label] for label in rows["sentiment_label"]], size=9),
            line=dict(color="#bbbbbb"),
            hovertext=[hover_text(text) for text in rows["text"]],
            hovertemplate="sentence %{x}: %{y:.2f}<br>%{hovertext}<extra></extra>",
        )
    )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title="Sentiment through the article", xaxis_title="sentence", yaxis_title="sentiment (−1 to 1)", yaxis_range=[-1, 1])
    return figure


def entity_bars(entities: pd.DataFrame, *, title: str = "Most-mentioned entities") -> go.Figure:
    """Mentions per entity, coloured by group."""
    figure = go.Figure()
    for group, rows in entities.iloc[::-1].groupby("group", sort=False):
        figure.add_bar(
            x=rows["mention_count"],
            y=[html.escape(name, quote=False) for name in rows["name"]],
            orientation="h",
            name=group,
            hovertemplate="%{y}: %{x} mentions<extra>" + html.escape(group) + "</extra>",
        )
    figure.update_layout(title=title, xaxis_title="mentions", barmode="stack", height=max(320, 24 * len(entities) + 120))
    return figure


# --------------------------------------------------------------------------- tokens charts (issue 4)

DISPERSION_COLOURS = {"term": "#1f77b4", "entity": "#d62728"}


def lexical_dispersion(dispersion: pd.DataFrame, *, title: str = "Where words and entities occur") -> go.Figure:
    """One row per term or entity, a tick at each occurrence along the article's in-scope words.

    Takes ``lexical.dispersion_table``; hover shows the occurrence and its sentence id.
    """
    figure = go.Figure()
    labels = list(dict.fromkeys(f"{row.label} ({row.kind})" for row in dispersion.itertuples()))
    for kind, rows in dispersion.groupby("kind", sort=False):
        figure.add_scatter(
            x=rows["word_position"],
            y=[html.escape(f"{label} ({kind})", quote=False) for label in rows["label"]],
            mode="markers",
            name=kind,
            marker=dict(symbol="line-ns-open", size=16, line=dict(width=2), color=DISPERSION_COLOURS.get(kind)),
            customdata=rows["sentence_id"],
            hovertext=[hover_text(text) for text in rows["text"]],
            hovertemplate="word %{x}, sentence %{customdata}<br>%{hovertext}<extra></extra>",
        )
    figure.update_layout(
        title=title,
        xaxis_title="position in the article (in-scope words)",
        yaxis=dict(categoryorder="array", categoryarray=[html.escape(label, quote=False) for label in labels[::-1]]),
        height=max(320, 28 * len(labels) + 140),
    )
    return figure


def sentence_length_histogram(lengths: pd.DataFrame, *, title: str = "Sentence lengths") -> go.Figure:
    """Histogram of words per sentence (``lexical.sentence_lengths``), with the mean marked."""
    figure = go.Figure(
        go.Histogram(x=lengths["words"], xbins=dict(size=5), hovertemplate="%{x} words: %{y} sentences<extra></extra>")
    )
    if len(lengths):
        mean = float(lengths["words"].mean())
        figure.add_vline(x=mean, line_dash="dot", line_color="#888888", annotation_text=f"mean {mean:.1f}")
    figure.update_layout(title=title, xaxis_title="words in the sentence", yaxis_title="sentences", bargap=0.05)
    return figure
