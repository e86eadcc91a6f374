"""Charts an analyst can read: sentence beginnings as labels, few network labels, one colour per
entity group everywhere, a sentence instead of a chart that would show nothing."""

from __future__ import annotations

import re

import pandas as pd

from utils.explore import entities as entity_tables
from utils.explore import tone
from utils.show import charts
from utils.show.html import highlighted_html
from utils.show.palette import GROUP_COLOURS
from utils.show.theme import ChartNote, chart_or_note


def test_extreme_sentence_bars_are_labelled_by_the_sentence_beginning(seed_analysis):
    extremes = tone.extreme_sentences(seed_analysis.sentences, n=2)
    bars = charts.extreme_sentences_bars(extremes).data[0]
    first = extremes["text"].iloc[0].split()
    assert bars.y[0] == " ".join(first[:8]) + " …"
    assert list(bars.customdata) == extremes["sentence_id"].tolist()  # the id stays on hover
    assert not any(label.startswith("sentence ") for label in bars.y)


def test_the_network_names_only_the_top_nodes(seed_analysis):
    relations = entity_tables.relation_table(seed_analysis.mentions, window=1, sentences=seed_analysis.sentences)
    figure = charts.entity_network(seed_analysis.entities, relations, top_n=30, label_top=5)
    nodes = [trace for trace in figure.data if trace.mode == "markers+text"]
    named = [text for trace in nodes for text in trace.text if text]
    assert 0 < len(named) <= 5 and sum(len(trace.text) for trace in nodes) > 5
    assert "Vladimir Putin" in named  # the most-mentioned person
    assert all(len(trace.hovertext) == len(trace.text) for trace in nodes)  # every node on hover


def test_one_group_has_one_colour_in_bars_treemap_network_timeline_and_highlight(seed_analysis):
    person = GROUP_COLOURS["person"]
    entities = seed_analysis.entities
    bars = charts.entity_bars(entities.head(10))
    assert {trace.name: trace.marker.color for trace in bars.data}["person"] == person
    treemap = charts.entity_treemap(entities).data[0]
    assert treemap.marker.colors[list(treemap.ids).index("g/person")] == person
    relations = entity_tables.relation_table(seed_analysis.mentions, window=1, sentences=seed_analysis.sentences)
    network = charts.entity_network(entities, relations)
    assert {trace.name: trace.marker.color for trace in network.data if trace.mode == "markers+text"}["person"] == person
    timeline = charts.entity_timeline(seed_analysis.mentions, entities)
    assert {trace.name: trace.marker.color for trace in timeline.data}["person"] == person
    marked = highlighted_html(seed_analysis.text, seed_analysis.mentions)
    putin = re.search(r'<mark title="Vladimir Putin[^"]*" style="background:(#[0-9a-f]{6})', marked)
    assert putin and putin.group(1) == person


def test_chart_or_note_keeps_a_chart_and_says_why_there_is_none():
    empty = charts.top_terms(pd.DataFrame({"term": [], "count": []}))
    assert isinstance(empty, ChartNote)
    assert chart_or_note(None, "No word pair occurs <2> times.")._repr_html_().count("&lt;2&gt;") == 1
    figure = charts.top_terms(pd.DataFrame({"term": ["iran"], "count": [6]}))
    assert chart_or_note(figure, "unused") is figure
