"""evaluation.quote_marks_changes: the articles whose quotation-mark spans a rule changes."""

from __future__ import annotations

import json

from evaluation import quote_marks_changes


def test_counts_and_spans_of_the_articles_a_rule_changes(tmp_path, capsys):
    records = [
        {"id": "lost-breaks", "title": "Flood", "text": 'Maria Lopez said: "The water came fast. "Nobody came to help us." Then she left.'},
        {"id": "plain", "title": "Port", "text": '"We are ready," Tom Berg said. The port opens in June.'},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    counts, changed = quote_marks_changes.changes(path, "reopened_quote")
    assert counts == {"articles": 2, "changed": 1, "spans_on": 2, "spans_off": 2}
    [(origin, title, gained, lost)] = changed
    assert (origin.endswith(":0"), title) == (True, "Flood")
    assert gained == ['"The water came fast. "Nobody came to help us."']
    assert lost == ['"The water came fast. "']
    assert quote_marks_changes.main([str(path), "--sample", "1"]) == 0
    assert "+ \"The water came fast." in capsys.readouterr().out
