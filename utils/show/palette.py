"""One palette: the colour of every paragraph kind, sentiment label and entity group, used by every chart and highlight."""

from __future__ import annotations

KIND_COLOURS = {"lead": "#1f77b4", "body": "#7f7f7f", "caption": "#ff7f0e", "credit": "#d62728"}


KIND_FILLS = {"lead": "#dbe9f6", "body": "#f2f2f2", "caption": "#ffe5cc", "credit": "#f9d6d5"}


SENTIMENT_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}


DISPERSION_COLOURS = {"term": "#1f77b4", "entity": "#d62728"}


GROUP_COLOURS = {
    "person": "#1f77b4", "organisation": "#ff7f0e", "place": "#2ca02c", "group": "#9467bd", "event": "#d62728",
    "work": "#8c564b", "product": "#e377c2", "law": "#17becf", "language": "#bcbd22", "date": "#7f7f7f",
    "time": "#7f7f7f", "quantity": "#aaaaaa", "other": "#cccccc",
}


SIDE_COLOURS = {"a": "#0072b2", "b": "#e69f00"}  # the two sides of a coverage comparison (Okabe-Ito blue and orange), in every chart and highlight
SIDE_FILLS = {"a": "#cfe3f1", "b": "#fbe7bf"}
