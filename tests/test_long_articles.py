"""A 1M-character article goes through ``analyse`` in time that grows linearly with its length."""

from __future__ import annotations


import pytest

from utils import analyse
from utils.pipeline.schema import pandas_dtypes
from utils.pipeline.tables import TABLES

PARAGRAPH = (
    "The council of Northbridge approved budget number {n} on Tuesday after a debate of {minutes} minutes. "
    "Mayor Helen Carter said the plan would repair {roads} roads and open {schools} new schools by {year}. "
    "OPPOSITION LEADER DAVID OKAFOR called version {n} \u201ca costly mistake\u201d and asked for a vote in March."
)


def long_text(characters: int) -> str:
    """Paragraphs of PARAGRAPH, each with its own numbers (so no sentence repeats), cut back to whole paragraphs."""
    paragraphs, total, n = [], 0, 0
    while total < characters:
        paragraph = PARAGRAPH.format(n=n, minutes=30 + n % 97, roads=n % 41 + 2, schools=n % 7 + 1, year=2000 + n % 50)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
        n += 1
    return "\n\n".join(paragraphs)[: characters].rsplit("\n\n", 1)[0]


def test_long_text_sentences_differ() -> None:
    text = long_text(20_000)
    sentences = [sentence for paragraph in text.split("\n\n") for sentence in paragraph.split(". ")]
    assert len(set(sentences)) == len(sentences)
    assert 19_000 < len(text) <= 20_000


@pytest.mark.slow
def test_million_character_article_finishes() -> None:
    text = long_text(1_000_000)
    analysis = analyse(text, cache=False)  # how long it takes is make bench's (length scaling), not a test's
    paragraphs = text.count("\n\n") + 1
    assert len(analysis.paragraphs) == paragraphs
    assert len(analysis.sentences) == 3 * paragraphs
    assert analysis.sentences["in_scope"].all()
    assert analysis.entities.set_index("name").loc["Helen Carter", "mention_count"] == paragraphs
    for name in TABLES:
        assert {column: str(dtype) for column, dtype in getattr(analysis, name).dtypes.items()} == pandas_dtypes(name)


def test_length_report_states_ratios_against_the_target() -> None:
    from evaluation import bench

    seconds = {"analyse": {10_000: 1.0, 100_000: 11.0, 1_000_000: 150.0}}
    assert bench.length_report(seconds) == [
        "time against article length (target: at most 12x per 10x characters)",
        "  analyse: 10,000 chars 1.00 s, 100,000 chars 11.00 s, 1,000,000 chars 150.00 s; "
        "100k/10k 11.0x (ok); 1000k/100k 13.6x (TOO SLOW)",
    ]
    records = [{"text": "One two."}, {"text": "Three four five."}]
    assert bench.length_text(records, 30) == "One two.\n\nThree four five.\n\nOn"
