"""A large corpus for the scale benchmarks, built from ``../shared/bench``: every article as is plus reordered copies.

``python -m evaluation.bench_corpus OUT.jsonl [--copies 8]`` writes a JSONL corpus in which each
bench article appears ``copies`` times: once as published (source ``BBC``) and ``copies - 1`` times
as a shorter rewrite, paragraphs in another order up to ``EXCERPT_WORDS`` words, never the text
of another article (sources ``Outlet 1`` ...), dated a few days apart from a date drawn for the
article in 2004-2005. With the BBC bench (2,127 articles) and 8 copies that is 17,016 articles,
about 3.2 M words: the size of a year of one outlet's stories. The dates and sources are made up
for the benchmark (the bench has none); the texts are the bench's own. Deterministic: the same
bench always gives the same bytes, so the corpus cache key is stable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
from pathlib import Path
from typing import Iterator, Sequence

from evaluation.bench import bench_records, default_bench_dir

FIRST_DAY = dt.date(2004, 1, 1)
DAYS = 730
EXCERPT_WORDS = 60  # a rewritten copy takes paragraphs until it has at least this many words


def wire_records(records: Sequence[dict], *, copies: int = 8, seed: int = 2004) -> Iterator[dict]:
    """Each record ``copies`` times: as is, then as excerpts of reordered paragraphs, each copy its own source and date.

    Every copy's text differs from every other article's (an excerpt that would repeat one takes another
    paragraph, else its outlet's dateline), so none is dropped as a duplicate.
    """
    seen: set[str] = set()
    for record in records:
        rng = random.Random(f"{seed}:{record['id']}")  # per article: one article's copies never shift another's
        paragraphs = [block for block in record["text"].split("\n\n") if block.strip()]
        first = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for copy in range(copies):
            text = "\n\n".join(paragraphs) if copy == 0 else _excerpt(paragraphs, rng, seen)
            if text in seen:
                text = f"(Outlet {copy}) - {text}"
            seen.add(text)
            yield {
                "id": f"{record['id']}-{copy}",
                "title": record.get("title"),
                "date": (first + dt.timedelta(days=copy * rng.randrange(0, 3))).isoformat(),
                "source": "BBC" if copy == 0 else f"Outlet {copy}",
                "category": record.get("category"),
                "text": text,
            }


def _excerpt(paragraphs: Sequence[str], rng: random.Random, seen: set[str]) -> str:
    """Paragraphs in a random order until at least ``EXCERPT_WORDS`` words, and more while the text repeats an earlier copy."""
    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    words = itertools.accumulate(len(paragraphs[index].split()) for index in order)
    size = next((count for count, total in enumerate(words, start=1) if total >= EXCERPT_WORDS), len(order))
    text = "\n\n".join(paragraphs[index] for index in order[:size])
    while text in seen and size < len(order):
        size += 1
        text = "\n\n".join(paragraphs[index] for index in order[:size])
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSONL file to write")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--bench-dir", type=Path, default=default_bench_dir())
    args = parser.parse_args(argv)
    records = list(bench_records(args.bench_dir))
    count = 0
    with args.out.open("w", encoding="utf-8") as stream:
        for record in wire_records(records, copies=args.copies):
            stream.write(json.dumps(record) + "\n")
            count += 1
    print(f"{count:,} articles written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
