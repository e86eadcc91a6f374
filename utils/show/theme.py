"""The chart theme, registered once, and what every chart module shares.

Importing this module registers the ``news`` theme and the ``news_offline`` renderer (the chart
modules import it, so the theme is in place before any chart is drawn):

- In JupyterLab a figure shows through plotly's own mimetype (interactive, via jupyterlab-plotly).
- In exported HTML the same output carries a ``text/html`` part with no CDN link: the first
  figure of a kernel embeds plotly.js once, every later figure reuses it. (Plotly's default
  renderer under papermill writes only the mimetype, which nbconvert silently drops, and its
  ``notebook`` renderer links MathJax from a CDN.)

Shared by the charts: :class:`ChartNote` and :func:`chart_or_note` (a sentence instead of a chart
that would draw nothing) and the label helpers :func:`sentence_label`, :func:`place_labels` and
:func:`hover_text` (article text escaped for plotly).
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

THEME = "news"
RENDERER = "news_offline"
SHARE_FORMAT = ".1~%"  # a share axis: "2%", "0.5%", "25%" (never "0%, 0%, 1%, 1%" on a small range)


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
    """Plotly's mimetype for JupyterLab plus an HTML div for reports, without plotly.js: the
    executed notebooks keep the chart data only, and the report pages carry plotly.js once
    (utils/report/templates/news_offline)."""

    def to_mimebundle(self, fig_dict: dict) -> dict:
        fig_dict = used_template(fig_dict)
        figure_html = pio.to_html(
            fig_dict,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            default_width="100%",
            default_height=480,
            validate=False,
            config={"displaylogo": False, "responsive": True},
        )
        return {"application/vnd.plotly.v1+json": {**fig_dict, "config": {"displaylogo": False}}, "text/html": figure_html}


SUBPLOT_TRACES = {  # template layout parts that style one kind of subplot, and the traces drawn on it
    "geo": {"scattergeo", "choropleth"},
    "polar": {"scatterpolar", "scatterpolargl", "barpolar"},
    "ternary": {"scatterternary"},
    "scene": {"scatter3d", "surface", "mesh3d", "cone", "streamtube", "isosurface", "volume"},
    "mapbox": {"scattermapbox", "choroplethmapbox", "densitymapbox"},
    "map": {"scattermap", "choroplethmap", "densitymap"},
}


def used_template(fig_dict: dict) -> dict:
    """The figure with its template limited to what it draws: the trace defaults of its trace types
    and no defaults for kinds of subplot it has none of (the rest never applies, so it looks the
    same; each chart is ~5 KB lighter in every page and notebook)."""
    layout = fig_dict.get("layout") or {}
    template = layout.get("template")
    if not isinstance(template, dict) or not isinstance(template.get("data"), dict):
        return fig_dict
    kinds = {trace.get("type") or "scatter" for trace in fig_dict.get("data") or []}
    data = {kind: defaults for kind, defaults in template["data"].items() if kind in kinds}
    unused = {part for part, traces in SUBPLOT_TRACES.items() if not traces & kinds}
    template_layout = {key: value for key, value in (template.get("layout") or {}).items() if key not in unused}
    return {**fig_dict, "layout": {**layout, "template": {**template, "data": data, "layout": template_layout}}}


def _register_renderer() -> None:
    if RENDERER not in pio.renderers:
        pio.renderers[RENDERER] = OfflineRenderer()
    pio.renderers.default = RENDERER


_register_theme()
_register_renderer()


# --------------------------------------------------------------------------- helpers


class ChartNote:
    """What shows instead of a chart that would draw nothing: one sentence saying why (escaped)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _repr_html_(self) -> str:
        return (
            "<div class='chart-note' style='border-left:4px solid #bbb;background:#fafafa;padding:8px 12px;margin:6px 0;color:#444'>"
            f"{html.escape(self.reason)}</div>"
        )

    def __repr__(self) -> str:
        return f"ChartNote({self.reason!r})"


def chart_or_note(figure: go.Figure | None, reason: str) -> go.Figure | ChartNote:
    """The figure, or the sentence ``reason`` when there is no figure (or it has no data)."""
    if figure is None or isinstance(figure, ChartNote) or not any(_trace_has_data(trace) for trace in figure.data):
        return figure if isinstance(figure, ChartNote) else ChartNote(reason)
    return figure


def _trace_has_data(trace) -> bool:
    for name in ("x", "y", "values", "z", "cells"):
        value = getattr(trace, name, None)
        if value is not None and (name == "cells" or len(value)):
            return True
    return False


def sentence_label(text: str, *, words: int = 8) -> str:
    """The first ``words`` words of a sentence (with "…" when there are more), escaped for a label."""
    parts = str(text).split()
    short = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return html.escape(short, quote=False)


LABEL_POSITIONS = {  # textposition → offset of the label box's centre from the point, in label heights / widths
    "top center": (0.0, 1.0), "bottom center": (0.0, -1.0), "middle right": (0.6, 0.0), "middle left": (-0.6, 0.0),
}


def place_labels(
    points: list[tuple[float, float, str]], *, x_range: tuple[float, float], y_range: tuple[float, float],
    width_px: float = 1000.0, height_px: float = 420.0, font_px: float = 13.0,
) -> list[str | None]:
    """A text position for each (x, y, label) in order of importance, so no two label boxes
    overlap; None where every position collides (that label stays on hover only)."""
    x_scale = width_px / ((x_range[1] - x_range[0]) or 1.0)
    y_scale = height_px / ((y_range[1] - y_range[0]) or 1.0)
    placed: list[tuple[float, float, float, float]] = []
    positions: list[str | None] = []
    for x, y, label in points:
        width, height = 0.65 * font_px * len(label) + 8, font_px + 8
        chosen = None
        for position, (dx, dy) in LABEL_POSITIONS.items():
            centre_x = x * x_scale + dx * width
            centre_y = y * y_scale + dy * height
            box = (centre_x - width / 2, centre_x + width / 2, centre_y - height / 2, centre_y + height / 2)
            if all(box[1] <= other[0] or box[0] >= other[1] or box[3] <= other[2] or box[2] >= other[3] for other in placed):
                chosen = position
                placed.append(box)
                break
        positions.append(chosen)
    return positions


def hover_text(text: str, *, width: int = 80) -> str:
    """Article text made safe for a plotly hover label: escaped, then wrapped with <br>."""
    return "<br>".join(textwrap.wrap(html.escape(str(text), quote=False), width=width)) or "&nbsp;"
