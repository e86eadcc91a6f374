"""Offsets on real text laid out as users' files are: every span of every table must slice the input.

    python -m evaluation.offsets_eval ../shared/bench/bbc_news_2004_2005.jsonl.gz --limit 200

Each article is analysed as published (paragraphs between blank lines) and rewritten three ways:
``lines`` (one sentence a line, paragraphs between blank lines), ``conll`` (one sentence a line,
no blank line) and ``wrapped`` (paragraphs hard-wrapped at 72 characters). For each layout it
counts the spans that do not slice the input (:func:`utils.analysis.offset_mismatches`, which must
be 0) and how far the entities found drift from the article as published (names found in one and
not the other), the price of the layout. Sentences are cut by the project's own splitter.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

LAYOUTS = ("published", "lines", "conll", "wrapped")


def bench_articles(path: Path, *, limit: int | None = None) -> Iterator[dict]:
    """The records of a JSONL file (maybe ``.gz``), up to ``limit``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if limit is not None and index >= limit:
                return
            yield json.loads(line)


def layouts(text: str) -> dict[str, str]:
    """The article text as published and rewritten one sentence a line, CoNLL style, and hard-wrapped."""
    from utils.pipeline.sentences import split_sentences
    from utils.read.article import paragraph_blocks

    paragraphs = paragraph_blocks(text)
    sentences = [[paragraph[start:end] for start, end in split_sentences(paragraph)] for paragraph in paragraphs]
    return {
        "published": text,
        "lines": "\n\n".join("\n".join(found) for found in sentences),
        "conll": "\n".join(sentence for found in sentences for sentence in found),
        "wrapped": "\n\n".join(textwrap.fill(paragraph, 72) for paragraph in paragraphs),
    }


def measure(path: Path, *, limit: int | None) -> dict[str, dict[str, float]]:
    """Per layout: articles, spans checked, mismatches, and entity names gained or lost against the published text."""
    from utils.analysis import OFFSET_SPANS, analyse, offset_mismatches

    totals = {layout: {"articles": 0, "spans": 0, "mismatches": 0, "text_changed": 0, "names": 0, "names_differ": 0} for layout in LAYOUTS}
    for record in bench_articles(path, limit=limit):
        published_names: set[str] | None = None
        for layout, text in layouts(record["text"]).items():
            analysis = analyse(text, cache=False)
            names = set(analysis.entities.loc[analysis.entities["is_named"], "name"])
            if published_names is None:
                published_names = names
            row = totals[layout]
            row["articles"] += 1
            row["spans"] += sum(len(getattr(analysis, table)) * len(spans) for table, spans in OFFSET_SPANS.items())
            row["mismatches"] += len(offset_mismatches(analysis))
            row["text_changed"] += analysis.text != text
            row["names"] += len(published_names)
            row["names_differ"] += len(names ^ published_names)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a JSONL(.gz) file of {text} records, e.g. ../shared/bench/bbc_news_2004_2005.jsonl.gz")
    parser.add_argument("--limit", type=int, default=200, help="articles to read (default 200)")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    totals = measure(arguments.source, limit=arguments.limit)
    print(f"{'layout':<10} {'articles':>8} {'spans':>9} {'mismatch':>8} {'changed':>7} {'names':>7} {'differ':>7}")
    for layout, row in totals.items():
        print(f"{layout:<10} {row['articles']:>8} {row['spans']:>9} {row['mismatches']:>8} {row['text_changed']:>7} "
              f"{row['names']:>7} {row['names_differ']:>7}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0 if all(row["mismatches"] == 0 and row["text_changed"] == 0 for row in totals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
