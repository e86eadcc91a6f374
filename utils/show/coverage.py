"""Charts and highlights of a coverage comparison (notebook 09): the two sides side by side, each in
its own colour everywhere (``SIDE_COLOURS``: A blue, B orange). Tables come from
:mod:`utils.explore.coverage` and :mod:`utils.explore.headlines`; every label and piece of article
text is escaped. ``missing`` (``Coverage.missing``): the sentence shown instead of a chart when
there is no second side.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML

from utils.show.theme import ChartNote, chart_or_note, hover_text
from utils.show.html import marked_text_html
from utils.show.palette import SENTIMENT_COLOURS, SIDE_COLOURS, SIDE_FILLS

PASSAGE_TEXT_CHARS = 160  # passage text shown per table cell
LOADED_PATTERN = "/"  # bars of loaded attribution verbs are hatched


def _escaped(values) -> list[str]:
    return [html.escape(str(value), quote=False) for value in values]


def _short(label: str, limit: int = 40) -> str:
    label = str(label)
    return html.escape(label if len(label) <= limit else label[: limit - 1].rstrip() + "…", quote=False)


def _side_name(which: str, label: str) -> str:
    """The legend name of a side: its letter and its (shortened, escaped) label."""
    return f"{which.upper()} · {_short(label)}"


def _legend_on_top(figure: go.Figure) -> go.Figure:
    figure.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0.0))
    return figure


def entity_presence_bars(overlap: pd.DataFrame, *, label_a: str, label_b: str, n: int = 15,
                         title: str = "Who and what each side names", missing: str = "") -> go.Figure | ChartNote:
    """Mentions of each entity on each side, side by side: the ``n`` with the most mentions (shared ones first, as in ``entity_overlap``)."""
    if missing:
        return ChartNote(missing)
    rows = overlap.head(n).iloc[::-1]
    names = [f"{name} · {presence}" if presence != "both" else name for name, presence in zip(_escaped(rows["name"]), rows["presence"])]
    figure = go.Figure()
    for which, label in (("a", label_a), ("b", label_b)):
        figure.add_bar(
            y=names, x=rows[f"mentions_{which}"], orientation="h", name=_side_name(which, label), marker_color=SIDE_COLOURS[which],
            customdata=rows[f"salience_{which}"].fillna(0).to_numpy(),
            hovertemplate="%{y}: %{x} mentions, salience %{customdata:.2f}<extra>" + _short(label) + "</extra>",
        )
    figure.update_layout(title=title, barmode="group", xaxis_title="mentions", height=max(320, 34 * len(rows) + 160))
    return chart_or_note(_legend_on_top(figure), "Neither side names any person, organisation or place.")


def entity_tone_dumbbell(tone: pd.DataFrame, *, label_a: str, label_b: str, n: int = 15,
                         title: str = "How each side speaks of the entities both name", missing: str = "") -> go.Figure | ChartNote:
    """The mean target sentiment towards each shared entity on each side, joined by a line (the
    difference); the evidence words of each side on hover. The ``n`` largest differences."""
    if missing:
        return ChartNote(missing)
    rows = tone.dropna(subset=["sentiment_a", "sentiment_b"], how="all").head(n).iloc[::-1]
    if rows.empty:
        return ChartNote("No entity is named on both sides with a scored mention, so there is no tone to set side by side.")
    names = _escaped(rows["name"])
    figure = go.Figure()
    for name, x_a, x_b in zip(names, rows["sentiment_a"], rows["sentiment_b"]):
        figure.add_scatter(x=[x_a, x_b], y=[name, name], mode="lines", line=dict(color="#bbbbbb", width=3), showlegend=False, hoverinfo="skip")
    for which, label in (("a", label_a), ("b", label_b)):
        evidence = [hover_text(text or "no evidence words", width=60) for text in rows[f"evidence_{which}"]]
        figure.add_scatter(
            x=rows[f"sentiment_{which}"], y=names, mode="markers", name=_side_name(which, label), marker=dict(color=SIDE_COLOURS[which], size=15 if which == "a" else 10),
            customdata=list(zip(rows[f"scored_{which}"], evidence)),
            hovertemplate="%{y}: %{x:.3f} over %{customdata[0]} mentions<br>%{customdata[1]}<extra>" + _short(label) + "</extra>",
        )
    extent = max(0.1, float(pd.concat([rows["sentiment_a"], rows["sentiment_b"]]).abs().max()) * 1.25)
    figure.add_vline(x=0, line_dash="dot", line_color="#888888")
    figure.update_layout(title=title, xaxis_title="mean target sentiment (−1 to 1)", xaxis_range=[-extent, extent],
                         height=max(300, 34 * len(rows) + 160))
    return _legend_on_top(figure)


def voice_bars(voice_table: pd.DataFrame, *, label_a: str, label_b: str, n: int = 12,
               title: str = "Who each side quotes (share of its quoted words)", missing: str = "") -> go.Figure | ChartNote:
    """Each voice's share of the quoted words on each side, side by side; voices of both sides first."""
    if missing:
        return ChartNote(missing)
    rows = voice_table.head(n).iloc[::-1]
    names = [f"{name} · {presence}" if presence != "both" else name for name, presence in zip(_escaped(rows["speaker"]), rows["presence"])]
    figure = go.Figure()
    for which, label in (("a", label_a), ("b", label_b)):
        figure.add_bar(
            y=names, x=rows[f"quoted_share_{which}"], orientation="h", name=_side_name(which, label), marker_color=SIDE_COLOURS[which],
            customdata=list(zip(rows[f"quoted_words_{which}"], rows[f"quotes_{which}"], _escaped(rows[f"verbs_{which}"].replace("", "—")))),
            hovertemplate="%{y}: %{x:.0%} of the quoted words (%{customdata[0]} words, %{customdata[1]} quotations)<br>verbs: %{customdata[2]}<extra>"
            + _short(label) + "</extra>",
        )
    figure.update_layout(title=title, barmode="group", xaxis_title="share of the side's quoted words", xaxis_tickformat=".0%",
                         height=max(300, 34 * len(rows) + 160))
    return chart_or_note(_legend_on_top(figure), "Neither side quotes anybody: no quotation was found in the counted text.")


def sourcing_bars(sourcing: pd.DataFrame, *, title: str = "Unnamed sources and loaded verbs, each side", missing: str = "") -> go.Figure | ChartNote:
    """The share of quotations with an unnamed speaker and the share of attribution verbs that are
    loaded, per side (``sourcing_comparison``)."""
    if missing:
        return ChartNote(missing)
    if not sourcing["quotations"].sum():
        return ChartNote("Neither side quotes anybody, so there is no sourcing to compare.")
    figure = go.Figure()
    for which, row in zip(("a", "b"), sourcing.itertuples()):
        figure.add_bar(
            x=["unnamed speakers", "loaded verbs"], y=[row.unnamed_share, row.loaded_share], name=_side_name(which, row.side), marker_color=SIDE_COLOURS[which],
            customdata=[[row.unnamed, row.quotations], [row.loaded_verbs, row.neutral_verbs + row.loaded_verbs]],
            hovertemplate="%{x}: %{y:.0%} (%{customdata[0]} of %{customdata[1]})<extra>" + _short(row.side) + "</extra>",
        )
    figure.update_layout(title=title, barmode="group", yaxis_title="share", yaxis_tickformat=".0%", yaxis_range=[0, 1.05], height=360)
    return _legend_on_top(figure)


def verb_bars(verbs: pd.DataFrame, *, label_a: str, label_b: str, n: int = 12,
              title: str = "The verbs that introduce quotations (hatched: loaded)", missing: str = "") -> go.Figure | ChartNote:
    """Quotations per attribution verb on each side, side by side; loaded verbs hatched."""
    if missing:
        return ChartNote(missing)
    rows = verbs.head(n).iloc[::-1]
    names = [f"{lemma} ({group})" for lemma, group in zip(_escaped(rows["cue_lemma"]), rows["group"])]
    figure = go.Figure()
    for which, label in (("a", label_a), ("b", label_b)):
        figure.add_bar(
            y=names, x=rows[f"quotes_{which}"], orientation="h", name=_side_name(which, label), marker_color=SIDE_COLOURS[which],
            marker_pattern_shape=[LOADED_PATTERN if group == "loaded" else "" for group in rows["group"]],
            hovertemplate="%{y}: %{x} quotations<extra>" + _short(label) + "</extra>",
        )
    figure.update_layout(title=title, barmode="group", xaxis_title="quotations", height=max(280, 34 * len(rows) + 160))
    if len(rows) and max(rows["quotes_a"].max(), rows["quotes_b"].max()) <= 10:
        figure.update_xaxes(dtick=1)
    return chart_or_note(_legend_on_top(figure), "No quotation on either side has an attribution verb.")


def word_choice_bars(table: pd.DataFrame, *, label_a: str, label_b: str,
                     title: str = "Words that set the two sides apart", missing: str = "") -> go.Figure | ChartNote:
    """Weighted log-odds z-scores of the words most typical of each side (``word_choice``), bars in the side's colour; contexts on hover."""
    if missing:
        return ChartNote(missing)
    if table.empty:
        return ChartNote("There are no words to compare: one side has no counted words.")
    rows = table.sort_values("z")
    context = [hover_text(a if z > 0 else b, width=70) for a, b, z in zip(rows["context_a"], rows["context_b"], rows["z"])]
    figure = go.Figure(go.Bar(
        x=rows["z"], y=_escaped(rows["term"]), orientation="h", marker_color=[SIDE_COLOURS["a"] if z > 0 else SIDE_COLOURS["b"] for z in rows["z"]],
        customdata=list(zip(rows["count_a"], rows["count_b"], context)), showlegend=False,
        hovertemplate="%{y}: z = %{x:.2f}<br>" + _short(label_a) + ": %{customdata[0]}, " + _short(label_b) + ": %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
    ))
    for which, label in (("a", label_a), ("b", label_b)):  # legend entries: one per side
        figure.add_bar(x=[None], y=[None], name=_side_name(which, label), marker_color=SIDE_COLOURS[which], orientation="h")
    for value in (-1.96, 1.96):
        figure.add_vline(x=value, line_dash="dot", line_color="#888888")
    figure.update_layout(title=title, xaxis_title="z-score (→ A, ← B)", height=max(360, 24 * len(rows) + 160), barmode="overlay")
    return _legend_on_top(figure)


def passage_map(shared: pd.DataFrame, *, length_a: int, length_b: int, label_a: str, label_b: str,
                title: str = "Where the shared passages sit in each text", missing: str = "") -> go.Figure | ChartNote:
    """Each text as a bar from its start to its end (share of its characters), the shared passages
    marked on both and joined by a line: passages in the same order run parallel, a moved one crosses."""
    if missing:
        return ChartNote(missing)
    if shared.empty:
        return ChartNote("The two sides share no passage of that length: no wire copy or press release in common.")
    figure = go.Figure()
    for which, label, length, y in (("a", label_a, length_a, 1), ("b", label_b, length_b, 0)):
        figure.add_scatter(x=[0, 1], y=[y, y], mode="lines", line=dict(color=SIDE_FILLS[which], width=18), name=_side_name(which, label), hoverinfo="skip")
    for row in shared.itertuples():
        xa = ((row.start_a + row.end_a) / 2) / max(length_a, 1)
        xb = ((row.start_b + row.end_b) / 2) / max(length_b, 1)
        figure.add_scatter(x=[xa, xb], y=[1, 0], mode="lines", line=dict(color="#999999", width=1), showlegend=False, hoverinfo="skip")
        for which, start, end, length, y in (("a", row.start_a, row.end_a, length_a, 1), ("b", row.start_b, row.end_b, length_b, 0)):
            figure.add_scatter(
                x=[start / max(length, 1), end / max(length, 1)], y=[y, y], mode="lines", line=dict(color=SIDE_COLOURS[which], width=18),
                showlegend=False, hovertext=[hover_text(f"[{row.passage_id + 1}] {row.words} words: {getattr(row, 'text_' + which)}", width=70)] * 2,
                hovertemplate="%{hovertext}<extra></extra>",
            )
    figure.update_layout(
        title=title, xaxis=dict(title="position in the text (share of its characters)", range=[-0.02, 1.02], tickformat=".0%"),
        yaxis=dict(tickvals=[0, 1], ticktext=["B", "A"], range=[-0.5, 1.5]), height=300,
    )
    return _legend_on_top(figure)


def headline_body_bars(parts: dict[str, pd.DataFrame], *, title: str = "The headline's tone against the body's") -> go.Figure | ChartNote:
    """Word-weighted sentiment of the headline and of the body of each article (``headline_versus_body``
    tables by side, ``{"a": ..., "b": ...}``); the headline bar hatched."""
    figure = go.Figure()
    for which, table in parts.items():
        rows = table.dropna(subset=["sentiment"])
        if rows.empty:
            continue
        figure.add_bar(
            x=[f"{which.upper()}: {part}" for part in rows["part"]], y=rows["sentiment"], name=f"side {which.upper()}",
            marker_color=SIDE_COLOURS[which], marker_pattern_shape=["/" if part == "headline" else "" for part in rows["part"]],
            customdata=list(zip(rows["words"], rows["source"], [hover_text(text, width=70) for text in rows["text"]])),
            hovertemplate="%{x}: %{y:.3f} over %{customdata[0]} words (%{customdata[1]})<br>%{customdata[2]}<extra></extra>",
        )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    for band in (-0.05, 0.05):
        figure.add_hline(y=band, line_dash="dot", line_color=SENTIMENT_COLOURS["neutral"], line_width=1)
    figure.update_layout(title=title, yaxis_title="sentiment (−1 to 1)", height=360)
    return chart_or_note(_legend_on_top(figure), "No headline was scored: the article has no headline, title or standfirst.")


# --------------------------------------------------------------------------- the texts, passages marked


def passages_html(text: str, shared: pd.DataFrame, *, side: str, start: int = 0, end: int | None = None) -> str:
    """``text`` as escaped HTML with the shared passages of ``side`` ("a" or "b") marked in its colour, each
    numbered once (a passage over a paragraph break is marked in each paragraph: ``marked_text_html``)."""
    rows = shared.rename(columns={f"start_{side}": "start_char", f"end_{side}": "end_char"})[["passage_id", "start_char", "end_char"]]
    rows = rows.astype({"start_char": "int64", "end_char": "int64"}).sort_values("start_char")
    colour, fill = SIDE_COLOURS[side], SIDE_FILLS[side]

    def number(row) -> str:
        return f'<sup style="color:{colour};font-weight:bold">[{row.passage_id + 1}]</sup>'

    def mark(row, inner: str) -> str:
        return f'<mark style="background:{fill};border-bottom:2px solid {colour};padding:0 1px">{inner}</mark>'

    return marked_text_html(text, rows, mark, start=start, end=end, before=number)


def texts_side_by_side(text_a: str, text_b: str, shared: pd.DataFrame, *, label_a: str, label_b: str) -> HTML:
    """The two texts in two columns, each with the shared passages marked and numbered alike."""
    columns = []
    for which, text, label in (("a", text_a, label_a), ("b", text_b, label_b)):
        heading = f'<div style="font-weight:bold;color:{SIDE_COLOURS[which]};margin-bottom:4px">{which.upper()}: {html.escape(label)}</div>'
        columns.append(f'<div style="flex:1 1 0;min-width:0;font-size:13px">{heading}{passages_html(text, shared, side=which)}</div>')
    return HTML(f'<div class="coverage-texts" style="display:flex;gap:24px;max-width:100%">{"".join(columns)}</div>')


def passage_table(shared: pd.DataFrame, *, max_chars: int = PASSAGE_TEXT_CHARS) -> pd.DataFrame:
    """The shared passages for reading: numbered as in the texts, offsets in each, the text as A has it, shortened."""
    rows = shared.drop(columns=["text_b"]).rename(columns={"text_a": "text"})
    rows = rows.assign(passage_id=rows["passage_id"] + 1, text=[t if len(t) <= max_chars else t[: max_chars - 1].rstrip() + "…" for t in rows["text"]])
    return rows.rename(columns={"passage_id": "passage"})
