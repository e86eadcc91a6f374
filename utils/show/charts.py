"""Charts of one article: a table in, a ``plotly.graph_objects.Figure`` out (or a
:class:`~utils.show.theme.ChartNote` saying why there is none), one function per question in
notebook order: paragraphs (01), words (02), sentiment (03), entities (04), who speaks (06).
Importing this module registers the chart theme (:mod:`utils.show.theme`).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from utils.show.palette import DISPERSION_COLOURS, GROUP_COLOURS, KIND_COLOURS, KIND_FILLS, SENTIMENT_COLOURS
from utils.show.theme import ChartNote, chart_or_note, hover_text, place_labels, sentence_label


# ---- paragraphs (notebook 01)


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


TABLE_TEXT_CHARS = 220  # paragraph text shown per table cell; the full text is in the paragraphs table


def paragraph_kind_table(paragraphs: pd.DataFrame) -> go.Figure:
    """The paragraphs as a table, each row filled with its kind's colour; text is escaped and shortened."""
    def short(text: str) -> str:
        text = str(text)
        return html.escape(text if len(text) <= TABLE_TEXT_CHARS else text[: TABLE_TEXT_CHARS - 1] + "…", quote=False)

    fills = [KIND_FILLS.get(kind, "#ffffff") for kind in paragraphs["kind"]]
    columns = {
        "paragraph": paragraphs["paragraph_id"].astype(str).tolist(),
        "kind": paragraphs["kind"].tolist(),
        "language": paragraphs["language"].tolist(),
        "counted": ["yes" if value else "no" for value in paragraphs["in_scope"]],
        "credit": [html.escape(str(value), quote=False) if isinstance(value, str) else "" for value in paragraphs["credit"]],
        "text": [short(text) for text in paragraphs["text"]],
    }
    figure = go.Figure(
        go.Table(
            columnwidth=[80, 60, 70, 65, 160, 500],
            header=dict(values=[f"<b>{name}</b>" for name in columns], fill_color="#e0e0e0", align="left"),
            cells=dict(values=list(columns.values()), fill_color=[fills] * len(columns), align="left"),
        )
    )
    # Height from the rows' wrapped lines (about 80 characters a line in the text column), so no blank gap.
    lines = [max(1, -(-len(text) // 80), -(-len(credit) // 22)) for text, credit in zip(columns["text"], columns["credit"])]
    figure.update_layout(
        title="Paragraphs by kind (lead blue, body grey, caption orange, credit red)",
        height=110 + sum(12 + 19 * count for count in lines),
        margin=dict(l=10, r=10, t=60, b=10),
    )
    return figure


# ---- words (notebook 02)


def top_terms(frequencies: pd.DataFrame, *, title: str = "Most frequent words") -> go.Figure:
    """Horizontal bars of a (term, count) table, most frequent on top."""
    rows = frequencies.iloc[::-1]
    figure = go.Figure(go.Bar(x=rows["count"], y=rows["term"], orientation="h", hovertemplate="%{y}: %{x}<extra></extra>"))
    figure.update_layout(title=title, xaxis_title="occurrences", height=max(320, 22 * len(rows) + 120))
    return chart_or_note(figure, f"{title}: nothing to chart, no term qualifies.")


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


# ---- sentiment (notebook 03)


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
    labels, seen = [], set()
    for text in extremes["text"]:
        label = sentence_label(text)
        while label in seen:  # two sentences that begin alike still get a bar each
            label += "\u200b"
        seen.add(label)
        labels.append(label)
    figure = go.Figure(
        go.Bar(
            x=extremes["sentiment"],
            y=labels,
            orientation="h",
            marker_color=[SENTIMENT_COLOURS[label] for label in extremes["sentiment_label"]],
            hovertext=_sentence_hover(extremes),
            customdata=extremes["sentence_id"],
            hovertemplate="sentence %{customdata}: %{x:.2f}<br>%{hovertext}<extra></extra>",
        )
    )
    figure.update_yaxes(automargin=True)
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
    entities: pd.DataFrame, *, n: int = 20, groups: tuple[str, ...] = (), label_top: int = 5
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
    extent = (rows["target_sentiment_mean"].abs() + rows["target_sentiment_std"].fillna(0)).max() if len(rows) else 0.0
    limit = min(1.05, max(0.1, 1.2 * float(extent)))
    top = rows.head(label_top)
    spots = place_labels(
        [(float(row.mention_count), float(row.target_sentiment_mean), str(row.name)) for row in top.itertuples()],
        x_range=(0.0, float(rows["mention_count"].max()) + 1 if len(rows) else 1.0), y_range=(-limit, limit), width_px=950, height_px=330,
    )
    where = {index: spot for index, spot in zip(top.index, spots) if spot}
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
            text=[html.escape(name, quote=False) if index in where else "" for index, name in part["name"].items()],
            hovertext=[html.escape(name, quote=False) for name in part["name"]],
            textposition=[where.get(index, "top center") for index in part.index],
            cliponaxis=False,
            marker=dict(color=SENTIMENT_COLOURS.get(label), size=(12 + 28 * part[size_column].astype(float) / scale), opacity=0.8),
            error_y=dict(type="data", array=part["target_sentiment_std"], thickness=1, color="#aaaaaa"),
            customdata=part[["target_sentiment_std", "target_positive", "target_negative", "group"]].to_numpy(),
            hovertemplate="%{hovertext} (%{customdata[3]}): %{x} mentions, mean %{y:.2f} ± %{customdata[0]:.2f}"
            "<br>%{customdata[1]} positive, %{customdata[2]} negative mentions<extra></extra>",
        )
    figure.add_hline(y=0, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title="How the text speaks of each entity", xaxis_title="mentions",
        yaxis_title="mean target sentiment (−1 to 1)", yaxis_range=[-limit, limit],
    )
    return figure


# ---- entities (notebook 04)


def entity_bars(entities: pd.DataFrame, *, title: str = "Most-mentioned entities") -> go.Figure:
    """Mentions per entity, coloured by group."""
    figure = go.Figure()
    for group, rows in entities.iloc[::-1].groupby("group", sort=False):
        figure.add_bar(
            x=rows["mention_count"],
            y=[html.escape(name, quote=False) for name in rows["name"]],
            orientation="h",
            name=group,
            marker_color=GROUP_COLOURS.get(group, GROUP_COLOURS["other"]),
            hovertemplate="%{y}: %{x} mentions<extra>" + html.escape(group) + "</extra>",
        )
    figure.update_layout(title=title, xaxis_title="mentions", barmode="stack", height=max(320, 24 * len(entities) + 120))
    return chart_or_note(figure, "No entities to chart: the counted text names none.")


def entity_network(
    entities: pd.DataFrame, relations: pd.DataFrame, *, top_n: int = 25, label_top: int = 10, title: str = "Who appears with whom"
) -> go.Figure | ChartNote:
    """Entities as nodes (size: mentions, colour: group), co-occurrences as edges (width: weight); networkx layout.

    Only the ``label_top`` most-mentioned nodes are named on the chart; every node is named on hover."""
    import networkx as nx

    named = entities[entities["is_named"].astype(bool)] if "is_named" in entities else entities
    nodes = named.nlargest(top_n, "mention_count", keep="first").set_index("entity_id")
    edges = relations[relations["source_id"].isin(nodes.index) & relations["target_id"].isin(nodes.index)]
    linked = set(edges["source_id"]) | set(edges["target_id"])
    nodes = nodes[nodes.index.isin(linked)] if linked else nodes
    if nodes.empty:
        return ChartNote("No network to draw: the counted text names no entities.")
    ranked = list(nodes.nlargest(label_top, "mention_count", keep="first").index)
    graph = nx.Graph()
    graph.add_nodes_from(nodes.index)
    graph.add_weighted_edges_from(edges[["source_id", "target_id", "weight"]].itertuples(index=False))
    layout = nx.spring_layout(graph, weight="weight", seed=7, k=2.5 / max(len(nodes), 1) ** 0.5, iterations=200)
    figure = go.Figure()
    top_weight = float(edges["weight"].max()) if len(edges) else 1.0
    strength = pd.cut(edges["weight"] / top_weight, bins=[0, 1 / 3, 2 / 3, 1], labels=[1, 3, 6], include_lowest=True)
    for width, part in edges.groupby(strength, observed=True):
        xs, ys = [], []
        for edge in part.itertuples():
            (x0, y0), (x1, y1) = layout[edge.source_id], layout[edge.target_id]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        figure.add_scatter(x=xs, y=ys, mode="lines", showlegend=False, hoverinfo="skip", line=dict(width=int(width), color="rgba(120,120,120,0.45)"))
    xs = [point[0] for point in layout.values()]
    ys = [point[1] for point in layout.values()]
    spots = place_labels(
        [(layout[i][0], layout[i][1], str(nodes.loc[i, "name"])) for i in ranked],
        x_range=(min(xs), max(xs)), y_range=(min(ys), max(ys)), width_px=600, height_px=300,
    )
    where = {i: spot for i, spot in zip(ranked, spots) if spot}
    for group, rows in nodes.groupby("group", sort=False):
        figure.add_scatter(
            x=[layout[i][0] for i in rows.index],
            y=[layout[i][1] for i in rows.index],
            mode="markers+text",
            name=group,
            text=[html.escape(name, quote=False) if index in where else "" for index, name in rows["name"].items()],
            textposition=[where.get(index, "top center") for index in rows.index],
            cliponaxis=False,
            marker=dict(size=[10 + 4 * min(count, 10) for count in rows["mention_count"]], color=GROUP_COLOURS.get(group), line=dict(width=1, color="white")),
            hovertext=[hover_text(f"{name} ({label}): {count} mentions") for name, label, count in zip(rows["name"], rows["label"], rows["mention_count"])],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    pad_x = 0.25 * (max(xs) - min(xs) or 1.0)  # room for a label centred on an edge node
    pad_y = 0.12 * (max(ys) - min(ys) or 1.0)
    figure.update_layout(
        title=title, height=560, margin=dict(l=40, r=40, t=60, b=30),
        xaxis=dict(visible=False, range=[min(xs) - pad_x, max(xs) + pad_x]),
        yaxis=dict(visible=False, range=[min(ys) - pad_y, max(ys) + 2 * pad_y]),
    )
    return figure


def entity_timeline(mentions: pd.DataFrame, entities: pd.DataFrame, *, top_n: int = 12, title: str = "Where each entity is mentioned") -> go.Figure:
    """One row per top (named) entity, one marker per mention at its position in the article (character offset)."""
    entities = entities[entities["is_named"].astype(bool)] if "is_named" in entities else entities
    top = entities.nlargest(top_n, "mention_count", keep="first")
    names = {row.entity_id: html.escape(row.name, quote=False) for row in top.itertuples()}
    order = [names[i] for i in top.sort_values("first_char")["entity_id"]][::-1]
    rows = mentions[mentions["entity_id"].isin(names)]
    figure = go.Figure()
    for group, part in rows.groupby("group", sort=False):
        figure.add_scatter(
            x=part["start_char"],
            y=[names[i] for i in part["entity_id"]],
            mode="markers",
            name=group,
            marker=dict(size=11, symbol="line-ns-open", line=dict(width=3), color=GROUP_COLOURS.get(group)),
            hovertext=[hover_text(f"sentence {s}: “{text}” ({rule})") for s, text, rule in zip(part["sentence_id"], part["text"], part["merge_rule"])],
            hovertemplate="%{y} at character %{x}<br>%{hovertext}<extra></extra>",
        )
    figure.update_layout(
        title=title, xaxis_title="position in the article (characters)",
        yaxis=dict(categoryorder="array", categoryarray=order), height=max(320, 28 * len(order) + 140),
    )
    return figure


def entity_group_counts(entities: pd.DataFrame, *, title: str = "Entities and mentions by group") -> go.Figure:
    """Distinct entities and mentions per group, side by side."""
    counts = entities.groupby("group").agg(entities=("entity_id", "size"), mentions=("mention_count", "sum"))
    counts = counts.sort_values("mentions")
    figure = go.Figure()
    figure.add_bar(y=counts.index, x=counts["entities"], name="distinct entities", orientation="h", hovertemplate="%{y}: %{x} entities<extra></extra>")
    figure.add_bar(y=counts.index, x=counts["mentions"], name="mentions", orientation="h", hovertemplate="%{y}: %{x} mentions<extra></extra>")
    figure.update_layout(title=title, barmode="group", xaxis_title="count", height=max(320, 40 * len(counts) + 140))
    return figure


def entity_treemap(entities: pd.DataFrame, *, title: str = "Entities by group and label (area: mentions)") -> go.Figure:
    """Treemap group → label → entity, sized by mention count."""
    ids, labels, parents, values, colours = [], [], [], [], []
    for group, group_rows in entities.groupby("group"):
        ids.append(f"g/{group}"); labels.append(group); parents.append(""); values.append(int(group_rows["mention_count"].sum()))
        colours.append(GROUP_COLOURS.get(group, "#cccccc"))
        for label, label_rows in group_rows.groupby("label"):
            ids.append(f"l/{group}/{label}"); labels.append(label); parents.append(f"g/{group}"); values.append(int(label_rows["mention_count"].sum()))
            colours.append(GROUP_COLOURS.get(group, "#cccccc"))
            for row in label_rows.itertuples():
                ids.append(f"e/{row.entity_id}"); labels.append(html.escape(row.name, quote=False)); parents.append(f"l/{group}/{label}")
                values.append(int(row.mention_count)); colours.append(GROUP_COLOURS.get(group, "#cccccc"))
    figure = go.Figure(
        go.Treemap(ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
                   marker=dict(colors=colours), textinfo="label+value", hovertemplate="%{label}: %{value} mentions<extra></extra>")
    )
    # A label shows only where it fits at 12px; the rest are on hover.
    figure.update_layout(title=title, height=520, margin=dict(l=10, r=10, t=60, b=10), uniformtext=dict(minsize=12, mode="hide"))
    return figure


# ---- who speaks (notebook 06)

SPEAKER_KIND_COLOURS = {"named": GROUP_COLOURS["person"], "unnamed": "#7f7f7f", "none": "#bbbbbb", "pronoun": GROUP_COLOURS["person"]}
CUE_GROUP_COLOURS = {"neutral": "#4c78a8", "loaded": "#e45756", "other": "#bab0ac"}


def speaker_bars(speakers: pd.DataFrame, *, n: int = 12, title: str = "Who is quoted, by quoted words") -> go.Figure | ChartNote:
    """Quoted words per speaker (the ``speaker_table``), named voices in the person colour, unnamed ones grey."""
    rows = speakers.head(n).iloc[::-1]
    figure = go.Figure()
    for kind, part in rows.groupby("speaker_kind", sort=False):
        figure.add_bar(
            x=part["quoted_words"], y=[html.escape(name, quote=False) for name in part["speaker"]], orientation="h", name=kind,
            marker_color=SPEAKER_KIND_COLOURS.get(kind, "#cccccc"),
            customdata=list(zip(part["quotes"], part["direct"], part["indirect"])),
            hovertemplate="%{y}: %{x} quoted words in %{customdata[0]} quotations (%{customdata[1]} direct, %{customdata[2]} indirect)<extra></extra>",
        )
    figure.update_layout(title=title, xaxis_title="quoted words", barmode="stack", height=max(300, 26 * len(rows) + 120))
    return chart_or_note(figure, "Nobody is quoted in the counted text: no quotation was found.")


def voice_timeline(quotes: pd.DataFrame, speakers: pd.Series, *, title: str = "Where each voice speaks through the story") -> go.Figure | ChartNote:
    """One marker per quotation at its place in the text (character offset), one row per speaker;
    ``speakers`` is each quotation's speaker name (``sources.speaker_names``)."""
    rows = quotes.assign(speaker_name=speakers.to_numpy()) if len(quotes) else quotes
    figure = go.Figure()
    for kind, part in (rows.groupby("kind", sort=False) if len(rows) else []):
        figure.add_scatter(
            x=part["start_char"], y=[html.escape(name, quote=False) for name in part["speaker_name"]], mode="markers", name=kind,
            marker=dict(size=[8 + min(int(words), 60) / 4 for words in part["word_count"]], opacity=0.8),
            hovertext=[hover_text(text) for text in part["text"]], hovertemplate="%{y}, character %{x}<br>%{hovertext}<extra></extra>",
        )
    figure.update_layout(title=title, xaxis_title="position in the article (characters)", height=max(300, 30 * rows["speaker_name"].nunique() + 140) if len(rows) else 300)
    return chart_or_note(figure, "No quotation to place: nobody is quoted in the counted text.")


def voices_tone(tone: pd.DataFrame, *, title: str = "The narration's tone beside the quoted voices'") -> go.Figure | ChartNote:
    """Word-weighted sentiment of the narration and of the quoted words (``narration_and_quotes_tone``)."""
    rows = tone.dropna(subset=["sentiment"])
    colours = [SENTIMENT_COLOURS["positive"] if value > 0.05 else SENTIMENT_COLOURS["negative"] if value < -0.05 else SENTIMENT_COLOURS["neutral"] for value in rows["sentiment"]]
    figure = go.Figure(go.Bar(x=rows["voice"], y=rows["sentiment"], marker_color=colours, customdata=rows["words"],
                              hovertemplate="%{x}: %{y:.3f} over %{customdata} words<extra></extra>"))
    figure.update_layout(title=title, yaxis_title="sentiment (−1 to 1)", height=340)
    if len(rows) < 2:
        return ChartNote("There is no quoted speech to set beside the narration." if len(rows) else "Nothing is scored in the counted text.")
    return figure


def attribution_bars(verbs: pd.DataFrame, *, title: str = "How quotations are introduced") -> go.Figure | ChartNote:
    """Quotations per attribution verb, coloured by group (neutral, loaded, other)."""
    rows = verbs.iloc[::-1]
    figure = go.Figure()
    for group, part in rows.groupby("group", sort=False):
        figure.add_bar(x=part["quotes"], y=part["cue_lemma"], orientation="h", name=group, marker_color=CUE_GROUP_COLOURS.get(group, "#cccccc"),
                       hovertemplate="%{y}: %{x} quotations<extra>" + html.escape(group) + "</extra>")
    figure.update_layout(title=title, xaxis_title="quotations", barmode="stack", height=max(280, 24 * len(rows) + 120))
    if len(rows) and rows["quotes"].max() <= 10:
        figure.update_xaxes(dtick=1)  # counts: whole numbers only
    return chart_or_note(figure, "No quotation has an attribution verb in the counted text.")
