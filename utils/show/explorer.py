"""The explorers' views as escaped HTML and charts (``utils/explorer/`` puts them into widgets; the
static first view of an exported page is the same HTML).

Article text reaches HTML only through the functions of :mod:`utils.show.html` and
:mod:`utils.show.tables`, which escape every piece of it, and through :func:`mentions_in_context_html`,
which escapes each piece of a sentence; titles, names and labels are escaped here.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Sequence

import pandas as pd
import plotly.graph_objects as go

from utils.explore.concordance import merged_spans
from utils.show import theme  # registers the theme and the offline renderer
from utils.show.html import highlighted_html, key_figures, marked_text_html, quotes_html
from utils.show.palette import SENTIMENT_COLOURS
from utils.show.tables import show_table
from utils.show.theme import ChartNote, hover_text

if TYPE_CHECKING:
    from utils.analysis import Analysis
    from utils.explorer.tables import EntityView

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
MATCH_COLOUR = "#ffe08a"  # as the KWIC table marks a query's words
LIVE_NOTE = ("A live explorer: in JupyterLab, with the notebook's kernel running, {what}. "
             "This page has no kernel, so it shows the explorer's first view.")
MARKS = {"query": "the query's matches", "entities": "the entities", "quotes": "the quotations"}


def _escaped(text: object) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- charts


def figure_bundle(figure: go.Figure | ChartNote) -> dict:
    """A chart as the output an Output widget shows: plotly's mimetype (JupyterLab draws it with
    jupyterlab-plotly, offline); a note as escaped HTML."""
    if isinstance(figure, ChartNote):
        return {"text/html": figure._repr_html_(), "text/plain": figure.reason}
    fig_dict = theme.used_template(figure.to_dict())
    return {PLOTLY_MIMETYPE: {**fig_dict, "config": {"displaylogo": False}}, "text/plain": "a chart"}


def figure_html(figure: go.Figure | ChartNote) -> str:
    """A chart as the HTML a report page draws (plotly.js comes from the page), a note as its sentence."""
    if isinstance(figure, ChartNote):
        return figure._repr_html_()
    return theme.OfflineRenderer().to_mimebundle(figure.to_dict())["text/html"]


def entity_tone_chart(tone: pd.DataFrame, *, name: str) -> go.Figure | ChartNote:
    """The tone towards one entity sentence by sentence (``utils.explorer.tables.entity_tone``): a bar
    per sentence that mentions it, in text order, coloured by its label; the sentence on hover."""
    if tone.empty:
        return ChartNote(f"No counted sentence scores the tone towards {name}.")
    colours = [SENTIMENT_COLOURS.get(label, "#999999") for label in tone["target_label"]]
    figure = go.Figure(go.Bar(
        x=tone["sentence_id"], y=tone["target_sentiment"], marker_color=colours,
        hovertext=[hover_text(sentence) for sentence in tone["sentence"]],
        customdata=tone[["target_label", "mentions"]].to_numpy(),
        hovertemplate="sentence %{x}: %{y:+.3f} (%{customdata[0]}, %{customdata[1]} mentions)<br>%{hovertext}<extra></extra>",
    ))
    extent = max(0.1, 1.2 * float(tone["target_sentiment"].abs().max()))
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title=f"Tone towards {html.escape(name, quote=False)}, sentence by sentence", height=320,
                         xaxis_title="sentence (its number in the article)", yaxis_title="target sentiment",
                         yaxis_range=[-min(1.05, extent), min(1.05, extent)], bargap=0.3)
    if tone["sentence_id"].nunique() <= 12:
        figure.update_xaxes(tickmode="array", tickvals=tone["sentence_id"].tolist())
    return figure


# --------------------------------------------------------------------------- one article


def article_title(analysis: "Analysis", *, limit: int = 120) -> str:
    """The article's title, else the first words of its standfirst or text (plain text, not escaped)."""
    article = analysis.article
    title = article.title or article.standfirst or " ".join(analysis.text.split()[:16])
    title = " ".join(str(title).split())
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def article_figures(analysis: "Analysis") -> dict:
    """The article's key figures as notebooks 03, 04 and 06 give them: tone, words, top entities, who speaks."""
    from utils.explore import figures

    return {**figures.article_figures(analysis.sentences, analysis.tokens, analysis.entities),
            **figures.speaker_figures(analysis.quotes, analysis.entities, text_length=len(analysis.text))}


def article_header_html(analysis: "Analysis", *, figures: dict | None = None) -> str:
    """The article's title, date, source and category, and its key figures."""
    article = analysis.article
    details = [article.date.isoformat() if article.date else "no date", article.source or "no source"]
    if article.category:
        details.append(article.category)
    details.append(f"{len(analysis.text):,} characters")
    table = key_figures(figures, title="Key figures")._repr_mimebundle_()["text/html"] if figures else ""
    return (f"<div class='news-article-header'><div style='font-size:16px;font-weight:bold;margin:4px 0'>{_escaped(article_title(analysis))}</div>"
            f"<div style='color:#555;margin-bottom:6px'>{_escaped(' · '.join(details))}</div>{table}</div>")


def query_marks_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the query's matched words (``(start, end)`` offsets) marked as the KWIC table marks them."""
    rows = pd.DataFrame(sorted(set(spans)), columns=["start_char", "end_char"]) if len(spans) else pd.DataFrame(columns=["start_char", "end_char"])
    return marked_text_html(text, rows, lambda row, inner: f'<mark style="background:{MATCH_COLOUR};padding:0 1px">{inner}</mark>')


def article_text_html(analysis: "Analysis", *, marks: str = "entities", spans: Sequence[tuple[int, int]] = ()) -> str:
    """The whole text with ``marks``: ``query`` (the matched words ``spans``), ``entities`` (the named
    mentions, as notebook 04 marks them) or ``quotes`` (the quotations and their speakers, as notebook 06)."""
    if marks == "query":
        return query_marks_html(analysis.text, spans)
    if marks == "quotes":
        from utils.explore.sources import speaker_names

        quotes = analysis.quotes[analysis.quotes["in_scope"].astype(bool)] if len(analysis.quotes) else analysis.quotes
        return quotes_html(analysis.text, quotes, speaker_names(quotes, analysis.entities))
    if marks == "entities":
        return highlighted_html(analysis.text, analysis.mentions)
    raise ValueError(f"marks must be one of {', '.join(MARKS)}, not {marks!r}")


# --------------------------------------------------------------------------- one entity, one speaker

QUOTE_TABLE_COLUMNS = ["kind", "text", "speaker", "cue_lemma", "word_count", "sentiment"]


def mentions_in_context_html(view: "EntityView") -> str:
    """One row per sentence naming the entity, its number and its text with every mention there marked
    (the sentence text escaped piece by piece)."""
    mentions = view.mentions
    if mentions.empty:
        return _empty(f"{view.name} is never mentioned in the text.")
    cell = "<td style='padding:3px 8px;vertical-align:top;text-align:left'>{}</td>"
    body = []
    for sentence_id, group in mentions.groupby("sentence_id", sort=True):
        text, offset = str(group["sentence"].iloc[0]), int(group["sentence_start"].iloc[0])
        pieces, cursor = [], 0
        for start, end in merged_spans(list(zip(group["start_char"], group["end_char"])), text, offset=offset):
            pieces += [_escaped(text[cursor:start]), f'<mark style="background:{MATCH_COLOUR};padding:0 1px">{_escaped(text[start:end])}</mark>']
            cursor = end
        pieces.append(_escaped(text[cursor:]))
        body.append(f"<tr style='border-bottom:1px solid #e4e4e4'>{cell.format(f'sentence {int(sentence_id)}')}"
                    f"<td style='padding:3px 8px;max-width:52em;line-height:1.6;text-align:left'>{''.join(pieces)}</td></tr>")
    header = "".join(f"<th style='text-align:left;padding:4px 8px;border-bottom:1px solid #999'>{name}</th>" for name in ("where", "sentence"))
    return f"<table class='news-mentions' style='border-collapse:collapse;font-size:13px'><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def quotes_table_html(quotes: pd.DataFrame, *, empty: str) -> str:
    """Quotations as a table: kind, the quoted words, speaker, verb, words and tone."""
    return show_table(quotes[QUOTE_TABLE_COLUMNS], max_rows=50, empty=empty).html


def tone_table_html(view: "EntityView") -> str:
    """The sentences behind the tone chart, with the words that carry their score."""
    tone = view.tone[["sentence_id", "sentence", "target_sentiment", "target_label", "evidence"]]
    return show_table(tone, max_rows=50, empty=f"No counted sentence scores the tone towards {view.name}.").html


def entity_heading_html(view: "EntityView") -> str:
    entity = view.entity
    details = [str(entity["label"]), str(entity["group"]), f"{int(entity['mention_count'])} named mentions"]
    if int(entity.get("pronoun_mention_count", 0) or 0):
        details.append(f"{int(entity['pronoun_mention_count'])} pronouns")
    aliases = str(entity.get("aliases") or "")
    if aliases:
        details.append(f"also written {aliases}")
    return (f"<div class='news-entity-heading' style='margin:6px 0'><span style='font-size:15px;font-weight:bold'>{_escaped(view.name)}</span> "
            f"<span style='color:#555'>{_escaped(' · '.join(details))}</span></div>")


def section(title: str, body: str) -> str:
    """A titled block of a view."""
    return f"<div class='news-explorer-section' style='margin:10px 0'><div style='font-weight:bold;margin:4px 0'>{_escaped(title)}</div>{body}</div>"


def entity_view_html(view: "EntityView", *, chart: str = "") -> str:
    """One entity's whole view: its mentions in context, the tone towards it (``chart``: the chart's
    HTML, when a static page draws it), the quotations it speaks and those about it."""
    return "".join([
        entity_heading_html(view),
        section("Its mentions in context", mentions_in_context_html(view)),
        section("The tone towards it, sentence by sentence", chart + tone_table_html(view)),
        section("The quotations it speaks", quotes_table_html(view.spoken, empty=f"{view.name} is not quoted.")),
        section("The quotations about it (by others)", quotes_table_html(view.about, empty=f"No one else's quotation names {view.name}.")),
    ])


def speaker_view_html(speaker: str, quotes: pd.DataFrame) -> str:
    """All a speaker says, in text order."""
    title = f"All {speaker} says ({len(quotes)} quotation{'s' if len(quotes) != 1 else ''})"
    return section(title, quotes_table_html(quotes, empty=f"{speaker} is not quoted."))


# --------------------------------------------------------------------------- corpus


def results_table_html(results: pd.DataFrame, *, n: int = 10) -> str:
    """The matching articles, best first (``corpus.search``)."""
    columns = [column for column in ("title", "date", "source", "hits", "score", "sentence") if column in results]
    return show_table(results[columns], max_rows=n, empty="No article matches the query.").html


def share_table_html(shares: pd.DataFrame, *, by: str = "source", n: int = 10) -> str:
    """Attention by source as a table: matching articles, all articles, share."""
    return show_table(shares[[by, "articles", "total", "share"]].head(n), max_rows=n, empty="No article.").html


def status_html(text: str, *, error: bool = False) -> str:
    """The explorer's one status line (an error in red), escaped."""
    colour = "#b00020" if error else "#333333"
    return f"<div class='news-explorer-status' style='color:{colour};margin:2px 0'>{_escaped(text)}</div>"


def live_note_html(what: str) -> str:
    """The one line an exported page shows above an explorer's first view."""
    return (f"<div class='news-explorer-static' style='border-left:4px solid #1f77b4;background:#f4f8fb;padding:6px 10px;margin:4px 0'>"
            f"{_escaped(LIVE_NOTE.format(what=what))}</div>")


def _empty(text: str) -> str:
    return f"<div style='border-left:4px solid #bbb;padding:6px 10px;margin:6px 0;color:#444'>{_escaped(text)}</div>"
