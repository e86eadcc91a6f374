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
        self.plotlyjs_embedded = False

    def to_mimebundle(self, fig_dict: dict) -> dict:
        include_plotlyjs = not self.plotlyjs_embedded
        self.plotlyjs_embedded = True
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


# ---- sentiment charts


def _sentence_hover(rows: pd.DataFrame) -> list[str]:
    """Escaped hover text: the sentence, then the words that drove its score."""
    hovers = []
    for text, evidence in zip(rows["text"], rows["evidence"]):
        evidence_line = hover_text(evidence) if isinstance(evidence, str) and evidence else "no lexicon words"
        hovers.append(f"{hover_text(text)}<br><i>{evidence_line}</i>")
    return hovers


def sentiment_arc_with_evidence(sentences: pd.DataFrame, *, paragraph_scores: pd.DataFrame | None = None) -> go.Figure:
    """Combined sentiment of each in-scope sentence in article order; hover shows the sentence and
    its evidence words; open diamonds mark sentences where TextBlob and VADER disagree in sign.
    With ``paragraph_scores`` (``sentiment.paragraph_sentiment``) a step line shows each paragraph's
    length-weighted score across its sentences."""
    rows = sentences[sentences["in_scope"] & sentences["sentiment"].notna()]
    disagree = rows["methods_disagree"].fillna(False).astype(bool).to_numpy()
    figure = go.Figure(
        go.Scatter(
            x=rows["sentence_id"],
            y=rows["sentiment"],
            mode="lines+markers",
            name="sentence",
            marker=dict(
                color=[SENTIMENT_COLOURS[label] for label in rows["sentiment_label"]],
                size=[13 if flag else 9 for flag in disagree],
                symbol=["diamond-open" if flag else "circle" for flag in disagree],
                line=dict(width=2),
            ),
            line=dict(color="#bbbbbb"),
            hovertext=_sentence_hover(rows),
            customdata=rows[["textblob_polarity", "vader_compound"]].to_numpy(),
            hovertemplate="sentence %{x}: %{y:.2f} (TextBlob %{customdata[0]:.2f}, VADER %{customdata[1]:.2f})"
            "<br>%{hovertext}<extra></extra>",
        )
    )
    if paragraph_scores is not None and not paragraph_scores.empty:
        spans = rows.groupby("paragraph_id")["sentence_id"].agg(["min", "max"])
        xs, ys = [], []
        for paragraph in paragraph_scores.itertuples():
            if paragraph.paragraph_id in spans.index:
                first, last = spans.loc[paragraph.paragraph_id]
                xs += [first - 0.4, last + 0.4, None]
                ys += [paragraph.sentiment, paragraph.sentiment, None]
        figure.add_scatter(
            x=xs, y=ys, mode="lines", name="paragraph (length-weighted)", line=dict(color="#1f77b4", width=3),
            hovertemplate="paragraph score %{y:.2f}<extra></extra>",
        )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title="Sentiment through the article", xaxis_title="sentence", yaxis_title="sentiment (−1 to 1)",
        yaxis_range=[-1.05, 1.05], legend=dict(orientation="h", y=-0.2),
    )
    return figure


def extreme_sentences_bars(extremes: pd.DataFrame) -> go.Figure:
    """The most negative and most positive sentences as bars (``sentiment.extreme_sentences``);
    hover shows the sentence and its evidence words."""
    labels = [f"sentence {sentence_id}" for sentence_id in extremes["sentence_id"]]
    figure = go.Figure(
        go.Bar(
            x=extremes["sentiment"],
            y=labels,
            orientation="h",
            marker_color=[SENTIMENT_COLOURS[label] for label in extremes["sentiment_label"]],
            hovertext=_sentence_hover(extremes),
            hovertemplate="%{y}: %{x:.2f}<br>%{hovertext}<extra></extra>",
        )
    )
    figure.update_layout(
        title="Most negative and most positive sentences", xaxis_title="sentiment (−1 to 1)", xaxis_range=[-1, 1],
        height=max(320, 28 * len(extremes) + 120),
    )
    return figure


def methods_agreement(sentences: pd.DataFrame) -> go.Figure:
    """TextBlob polarity against VADER compound for each in-scope sentence; red crosses mark
    sentences where the two disagree in sign, grey dots where they agree or one is neutral."""
    rows = sentences[sentences["in_scope"] & sentences["sentiment"].notna()]
    disagree = rows["methods_disagree"].fillna(False).astype(bool)
    figure = go.Figure()
    for flag, name, colour, symbol in ((False, "agree", "#7f7f7f", "circle"), (True, "disagree in sign", "#d62728", "x")):
        part = rows[disagree == flag]
        figure.add_scatter(
            x=part["textblob_polarity"],
            y=part["vader_compound"],
            mode="markers",
            name=f"{name} ({len(part)})",
            marker=dict(color=colour, symbol=symbol, size=10),
            hovertext=_sentence_hover(part),
            customdata=part["sentence_id"],
            hovertemplate="sentence %{customdata}: TextBlob %{x:.2f}, VADER %{y:.2f}<br>%{hovertext}<extra></extra>",
        )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.add_vline(x=0, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title="TextBlob and VADER, sentence by sentence", xaxis_title="TextBlob polarity", yaxis_title="VADER compound",
        xaxis_range=[-1.05, 1.05], yaxis_range=[-1.05, 1.05],
    )
    return figure


def entity_sentiment(
    entities: pd.DataFrame, *, n: int = 20, groups: tuple[str, ...] = (), label_top: int = 8
) -> go.Figure:
    """Each entity's mentions against the mean sentiment the text expresses towards it, error bars
    one standard deviation across its mentions; marker size by ``salience`` when the table has it,
    else by mentions. Only the ``n`` most-mentioned entities with a scored mention; the
    ``label_top`` most-mentioned are named on the chart, every one on hover. The y axis is
    symmetric around 0 and zooms to the data (at least ±0.1)."""
    rows = entities[entities["target_sentiment_count"] > 0]
    if groups:
        rows = rows[rows["group"].isin(groups)]
    rows = rows.nlargest(n, "mention_count", keep="first")
    labelled = set(rows.index[:label_top])
    size_column = "salience" if "salience" in rows else "mention_count"
    sizes = rows[size_column].astype(float)
    scale = sizes.max() if len(sizes) and sizes.max() > 0 else 1.0
    figure = go.Figure()
    for label, part in rows.groupby("target_label", sort=False):
        figure.add_scatter(
            x=part["mention_count"],
            y=part["target_sentiment_mean"],
            mode="markers+text",
            name=label,
            text=[html.escape(name, quote=False) if index in labelled else "" for index, name in part["name"].items()],
            hovertext=[html.escape(name, quote=False) for name in part["name"]],
            textposition="top center",
            marker=dict(color=SENTIMENT_COLOURS.get(label), size=(12 + 28 * part[size_column].astype(float) / scale), opacity=0.8),
            error_y=dict(type="data", array=part["target_sentiment_std"], thickness=1, color="#aaaaaa"),
            customdata=part[["target_sentiment_std", "target_positive", "target_negative", "group"]].to_numpy(),
            hovertemplate="%{hovertext} (%{customdata[3]}): %{x} mentions, mean %{y:.2f} ± %{customdata[0]:.2f}"
            "<br>%{customdata[1]} positive, %{customdata[2]} negative mentions<extra></extra>",
        )
    extent = (rows["target_sentiment_mean"].abs() + rows["target_sentiment_std"].fillna(0)).max() if len(rows) else 0.0
    limit = min(1.05, max(0.1, 1.2 * float(extent)))
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title="How the text speaks of each entity", xaxis_title="mentions",
        yaxis_title="mean target sentiment (−1 to 1)", yaxis_range=[-limit, limit],
    )
    return figure
