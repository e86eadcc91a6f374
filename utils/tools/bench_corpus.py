"""A large corpus for the scale benchmarks, built from ``../shared/bench``: every article as is plus reordered copies.

``python -m utils.tools.bench_corpus OUT.jsonl [--copies 8]`` writes a JSONL corpus in which each
bench article appears ``copies`` times: once as published (source ``BBC``) and ``copies - 1`` times
as a shorter rewrite, paragraphs in another order up to ``EXCERPT_WORDS`` words (sources
``Outlet 1`` ...), dated a few days apart from a date drawn for the article in 2004-2005. With the
BBC bench (2,127 articles) and 8 copies that is 17,016 articles, about 2.8 M words: the size of a
year of one outlet's stories. The dates and sources are made up
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

from utils.tools.bench import bench_records, default_bench_dir

FIRST_DAY = dt.date(2004, 1, 1)
DAYS = 730
EXCERPT_WORDS = 60  # a rewritten copy takes paragraphs until it has at least this many words


def wire_records(records: Sequence[dict], *, copies: int = 8, seed: int = 2004) -> Iterator[dict]:
    """Each record ``copies`` times: as is, then as excerpts of reordered paragraphs, each copy its own source and date."""
    rng = random.Random(seed)
    for record in records:
        paragraphs = [block for block in record["text"].split("\n\n") if block.strip()]
        first = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for copy in range(copies):
            order = list(range(len(paragraphs)))
            if copy:
                rng.shuffle(order)
                words = itertools.accumulate(len(paragraphs[index].split()) for index in order)
                order = order[: next((count for count, total in enumerate(words, start=1) if total >= EXCERPT_WORDS), len(order))]
            yield {
                "id": f"{record['id']}-{copy}",
                "title": record.get("title"),
                "date": (first + dt.timedelta(days=copy * rng.randrange(0, 3))).isoformat(),
                "source": "BBC" if copy == 0 else f"Outlet {copy}",
                "category": record.get("category"),
                "text": "\n\n".join(paragraphs[index] for index in order),
            }


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
