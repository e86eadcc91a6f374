"""Quotation marks (utils.pipeline.quote_marks): the quoted parts of a text, without a parse."""

from __future__ import annotations

from utils.pipeline import quote_marks


def test_quotation_marks_scan_of_a_million_characters():  # its speed is measured by make bench, not here
    prose = "The water rose over the fields and the roads were closed. " * 15 + "“We are safe,” a farmer said. "
    text = (prose * (1_000_000 // len(prose) + 1))[:1_000_000]
    spans = quote_marks.quotation_mark_spans(text, [(0, 0, len(text))])
    assert len(spans) == text.count("“")
    assert text[slice(*spans[0][0][0])] == "“We are safe,”"
