"""Dev-only: where a quotation-mark rule changes the quoted spans, on articles with no gold (issue 26).

    python -m evaluation.quote_marks_changes PATH [--rule reopened_quote] [--sample K] [--seed S]

PATH is any records file or folder a corpus reads (``../shared/bench``). Every article's
``quote_marks.quotation_mark_spans`` is computed with the rule on and off (no parse: marks only); prints
how many articles and spans change, then K changed articles drawn at random, each with its spans
found only with the rule (``+``) and only without it (``-``), for reading by eye. For measurement
only: the articles stay out of the project.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from utils.pipeline import quote_marks, quote_rules
from utils.read.sources import iter_corpus

SHOWN = 300  # characters of each span printed


def spans(text: str, paragraphs: list[tuple[int, int, int]], rule: str, on: bool) -> set[tuple[tuple[int, int], ...]]:
    saved = quote_rules.RULES[rule]
    quote_rules.RULES[rule] = on
    try:
        return {tuple(map(tuple, fragments)) for fragments, _ in quote_marks.quotation_mark_spans(text, paragraphs)}
    finally:
        quote_rules.RULES[rule] = saved


def changes(path: Path, rule: str) -> tuple[dict[str, int], list[tuple[str, str, list[str], list[str]]]]:
    """Counts (articles, changed, spans_on, spans_off) and, per changed article, (name, title, spans on only, spans off only)."""
    counts = {"articles": 0, "changed": 0, "spans_on": 0, "spans_off": 0}
    changed = []
    for entry in iter_corpus(path):
        article = getattr(entry, "article", None)
        if article is None:
            continue
        text = article.text
        paragraphs = [(paragraph.paragraph_id, paragraph.start_char, paragraph.end_char) for paragraph in article.paragraphs]
        on, off = spans(text, paragraphs, rule, True), spans(text, paragraphs, rule, False)
        counts["articles"] += 1
        counts["spans_on"] += len(on)
        counts["spans_off"] += len(off)
        if on != off:
            counts["changed"] += 1
            shown = [[text[fragments[0][0]:fragments[-1][1]] for fragments in sorted(side)] for side in (on - off, off - on)]
            changed.append((entry.origin, article.title or "", *shown))
    return counts, changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rule", default="reopened_quote", help="a rule of quote_rules.RULES read by quotation_mark_spans")
    parser.add_argument("--sample", type=int, default=12, help="changed articles to print (default 12)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.rule not in quote_rules.RULES:
        parser.error(f"unknown rule {args.rule}")
    counts, changed = changes(args.path, args.rule)
    print(" ".join(f"{key} {value:,}" for key, value in counts.items()))
    for name, title, gained, lost in random.Random(args.seed).sample(changed, min(args.sample, len(changed))):
        print(f"=== {name} {title}")
        for sign, side in (("+", gained), ("-", lost)):
            for span in side:
                print(f"  {sign} {' '.join(span.split())[:SHOWN]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
