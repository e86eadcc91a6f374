"""Interactive tables (utils.show.datatables): every row, escaped text, the bundle once and never from a CDN."""

from __future__ import annotations

import re

import pandas as pd

from utils.show import datatables

HOSTILE = "<script>alert('cell-xss')</script> <img src=x onerror=alert(1)>"


def frame(rows: int = 30) -> pd.DataFrame:
    return pd.DataFrame({
        "title": [f"{HOSTILE} headline {i}" for i in range(rows)], "date": pd.to_datetime(["2024-03-04"] * rows),
        "words": [1000 + i for i in range(rows)], "sentiment": [0.123456] * rows, "is_named": [True] * rows,
    })


def test_every_row_is_in_the_table_and_article_text_stays_text():
    html = datatables.table_html(frame())
    assert "<script>alert('cell-xss')" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#x27;cell-xss&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;alert('cell-xss')&lt;/script&gt;" in html
    assert "headline 29" in html  # every row travels, not the first twenty
    assert datatables.TABLE_MARKER in html and "allow_html" not in html


def test_cells_are_the_house_formatting_and_text_columns_are_left_aligned():
    shown = datatables.display_frame(frame(2))
    assert shown.columns.tolist() == ["title", "date", "words", "sentiment", "is named"]
    assert shown.iloc[0, 1:].tolist() == ["2024-03-04", "1,000", "0.123", "yes"]
    assert datatables.text_columns(frame(2)) == [0]
    assert re.search(r'"className": "news-text", "targets": \[0\]', datatables.table_html(frame(2)))


def test_the_bundle_comes_with_the_first_table_of_a_kernel_only_and_from_no_network(monkeypatch):
    monkeypatch.setattr(datatables, "_loader_shown", False)
    first, second = datatables.interactive_table(frame()), datatables.interactive_table(frame())
    assert first.html.count(datatables.LOADER_START) == 1 and datatables.LOADER_START not in second.html
    assert (first.shown, first.total) == (30, 30)
    bundle = datatables.datatables_js()
    assert "injectModule" in bundle and len(bundle) > 500_000
    stripped = datatables.strip_loaders(first.html)
    assert "injectModule" not in stripped and datatables.TABLE_MARKER in stripped
    for html in (first.html, second.html):
        assert not re.search(r"(src|href)=[\"']?https?://[^\"' >]*\.(js|css)", html) and "unpkg" not in html.lower()


def test_an_empty_table_is_a_sentence():
    shown = datatables.interactive_table(frame(0), empty="No article <matched>.")
    assert shown.empty and "No article &lt;matched&gt;." in shown.html
