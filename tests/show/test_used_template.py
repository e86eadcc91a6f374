"""Charts carry only the template trace defaults they use (the report pages hold every chart's data several times)."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from utils.show import theme


def test_the_template_keeps_the_defaults_of_the_drawn_trace_types_only():
    figure = go.Figure([go.Bar(y=[1, 2]), go.Scatter(y=[2, 1])])
    full = figure.to_dict()
    bundle = pio.renderers[theme.RENDERER].to_mimebundle(full)
    kept = bundle["application/vnd.plotly.v1+json"]["layout"]["template"]
    assert sorted(kept["data"]) == ["bar", "scatter"]
    assert kept["data"]["bar"] == full["layout"]["template"]["data"]["bar"]
    # axes, fonts, colours untouched; the defaults of 3D scenes, maps, polar and ternary plots left out
    unused = {"geo", "polar", "ternary", "scene", "mapbox", "map"}
    assert kept["layout"] == {key: value for key, value in full["layout"]["template"]["layout"].items() if key not in unused}
    assert {"xaxis", "yaxis", "font", "colorway"} <= set(kept["layout"]) and {"scene", "polar"} <= set(full["layout"]["template"]["layout"])
    assert len(full["layout"]["template"]["data"]) > 10  # what was left out: heatmap, surface, ... defaults
    assert '"heatmap"' not in bundle["text/html"] and '"bar":[' in bundle["text/html"].replace(" ", "")


def test_a_figure_without_a_template_is_left_as_it_is():
    bare = {"data": [{"type": "bar", "y": [1]}], "layout": {}}
    assert theme.used_template(bare) is bare


def test_a_subplot_kind_in_use_keeps_its_defaults():
    figure = go.Figure([go.Scatterpolar(r=[1, 2], theta=[0, 90])]).to_dict()
    kept = theme.used_template(figure)["layout"]["template"]
    assert "polar" in kept["layout"] and "scene" not in kept["layout"] and list(kept["data"]) == ["scatterpolar"]
