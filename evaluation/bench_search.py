"""The search benchmark: the engine's counts against a brute-force scan, query times, index build time, notebook 07.

``python -m evaluation.bench_search CORPUS_FOLDER [--analysis-seconds S] [--notebook] [--work DIR]``

- **agreement**: for each query of ``QUERIES``, the matching articles and matching sentences the
  engine gives (``corpus.search``) against the scan of ``utils.search.scan`` (regular expressions
  over every sentence and title, pandas over the entity, quote and article tables): the scan is the
  reference. Run on the corpus and on the view of its ``BBC`` articles (the bench as published).
- **query time**: ``search``, ``matches`` (50 rows) and ``attention`` per query, once the index
  exists (best of ``--repeats``).
- **index build**: the index built afresh into ``--work`` (``NEWS_SEARCH_DIR``), against the
  corpus analysis time given with ``--analysis-seconds``.
- **notebook 07** (``--notebook``): executed with papermill in a fresh process on the corpus folder
  (opened as it is: nothing is analysed), twice, the second timed: seconds and the kernel's peak RSS.

The index is written under ``--work`` (``$NEWS_SEARCH_DIR``), never into the corpus folder, which may be read-only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

QUERIES = (
    "said", "government", "Blair", '"prime minister"', '"Tony Blair"', "blair AND NOT brown", "blair -brown",
    "(labour OR tory) AND tax", "labour tax", "immigra*", "terror*", "e-mail", "film AND (award* OR oscar*)",
    "title:election", 'entity:"Tony Blair"', "entity:Blair", "speaker:blair", 'speaker:"Gordon Brown"',
    "source:BBC AND election", 'category:sport AND "world cup"', "date:[2004-01-01 TO 2004-03-31] AND film",
    "NOT said", "iraq OR iran OR syria",
)


def agreement(corpus, queries: Sequence[str] = QUERIES) -> list[dict]:
    """Per query: articles and sentences matched by the engine and by the scan, and whether both agree."""
    from utils.search import parse_query
    from utils.search.scan import Scan, ScanTables

    scan = Scan(ScanTables.load(corpus))
    rows = []
    for query in queries:
        node = parse_query(query)
        reference = scan.articles(node)
        reference_hits = scan.hits(node, reference)
        found = corpus.search(query)
        engine_hits = dict(zip(found["article_id"], found["hits"]))
        rows.append({
            "query": query, "engine_articles": len(found), "scan_articles": len(reference),
            "engine_sentences": int(found["hits"].sum()), "scan_sentences": int(reference_hits.sum()),
            "agree": set(found["article_id"]) == reference
            and all(int(reference_hits.get(article_id, 0)) == int(hits) for article_id, hits in engine_hits.items()),
        })
    return rows


def query_times(corpus, queries: Sequence[str] = QUERIES, *, repeats: int = 3) -> list[dict]:
    """Per query: the best of ``repeats`` seconds for ``search``, ``matches`` (50) and ``attention`` (month)."""
    rows = []
    for query in queries:
        row = {"query": query}
        for name, call in (("search", lambda: corpus.search(query)), ("matches", lambda: corpus.matches(query, n=50)),
                           ("attention", lambda: corpus.attention(query, period="month"))):
            best = float("inf")
            for _ in range(repeats):
                started = time.perf_counter()
                call()
                best = min(best, time.perf_counter() - started)
            row[name] = best
        rows.append(row)
    return rows


def build_seconds(corpus, work: Path) -> float:
    """Seconds to build the corpus's index afresh into ``work``."""
    from utils.search.index import build_index

    folder = work / "build-timing"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    build_index(corpus, folder)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def notebook_run(corpus_folder: Path, work: Path, *, parameters: dict) -> dict[str, float]:
    """Notebook 07 executed with papermill in a fresh process on the analysed corpus folder (opened as it
    is, nothing analysed): seconds and peak RSS (KiB) of the kernel. Caches and indexes go under ``work``."""
    from utils import config

    notebook = config.NOTEBOOKS_DIR / "07-ask-the-corpus.ipynb"
    script = (
        "import json, resource, sys, time; import papermill; "
        "started = time.perf_counter(); "
        f"papermill.execute_notebook({str(notebook)!r}, {str(work / 'executed-07.ipynb')!r}, parameters=json.loads(sys.argv[1]), "
        f"cwd={str(config.NOTEBOOKS_DIR)!r}, progress_bar=False); "
        "seconds = time.perf_counter() - started; "
        "print(json.dumps({'seconds': seconds, 'kernel_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
    )
    environment = os.environ | {"NEWS_CACHE_DIR": str(work / "cache"), "NEWS_SEARCH_DIR": str(work)}
    output = subprocess.run([sys.executable, "-c", script, json.dumps({"CORPUS": str(corpus_folder), **parameters})],
                            check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="an analysed corpus folder (corpus-<key>)")
    parser.add_argument("--notebook", action="store_true", help="also time notebook 07 on the corpus folder (twice: the second is timed)")
    parser.add_argument("--analysis-seconds", type=float, help="how long the corpus analysis took (for the build ratio)")
    parser.add_argument("--work", type=Path, default=Path("bench-search"), help="where indexes and executed notebooks go")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--query", default='blair AND (election OR labour)', help="QUERY of the timed notebook 07 run")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["NEWS_SEARCH_DIR"] = str(args.work)

    from utils.corpus import Corpus
    from utils.search.index import open_index

    corpus = Corpus.open(args.corpus)
    print(f"corpus {args.corpus}: {corpus.counts.get('articles')} articles, {corpus.manifest['rows']['sentences']} sentences; load {_load()}")
    started = time.perf_counter()
    index = open_index(corpus)
    print(f"index {'reused' if index.reused else 'built'} in {time.perf_counter() - started:.1f}s at {index.folder}")
    seconds = build_seconds(corpus, args.work)
    ratio = f" = {seconds / args.analysis_seconds:.1%} of the corpus analysis ({args.analysis_seconds:.0f}s)" if args.analysis_seconds else ""
    print(f"index build (afresh): {seconds:.1f}s{ratio}; load {_load()}")

    for label, target in (("the corpus", corpus), ("its BBC articles", corpus.view(corpus.sql("SELECT article_id FROM articles WHERE source = 'BBC'")["article_id"], label="BBC"))):
        rows = agreement(target)
        agreeing = sum(row["agree"] for row in rows)
        print(f"agreement with the brute-force scan on {label} ({target.counts.get('articles')} articles): {agreeing} of {len(rows)} queries")
        for row in rows:
            print(f"  {'ok ' if row['agree'] else 'DIFF'} {row['query']:<44} articles {row['engine_articles']:>6} / scan {row['scan_articles']:>6}"
                  f"   sentences {row['engine_sentences']:>6} / scan {row['scan_sentences']:>6}")

    times = query_times(corpus, repeats=args.repeats)
    print(f"query times (best of {args.repeats}, seconds; load {_load()}):")
    for row in times:
        print(f"  {row['query']:<44} search {row['search']:.3f}  matches {row['matches']:.3f}  attention {row['attention']:.3f}")
    worst = max(times, key=lambda row: row["search"])
    print(f"slowest search: {worst['search']:.3f}s ({worst['query']})")

    if args.notebook:
        parameters = {"QUERY": args.query, "COMPARE_QUERY": "brown", "PERIOD": "M"}
        notebook_run(args.corpus, args.work, parameters=parameters)  # warm: the index and the OS caches
        run = notebook_run(args.corpus, args.work, parameters=parameters)
        print(f"notebook 07 (warm caches, QUERY={args.query!r}): {run['seconds']:.1f}s, kernel peak {run['kernel_kib'] / 1024:.0f} MiB; load {_load()}")
    return 0


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ")[0]
    except OSError:
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
