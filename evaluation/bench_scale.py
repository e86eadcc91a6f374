"""Corpus notebooks at scale: notebook 05's figures the pandas way and the DuckDB way, and notebook 05
executed on analysed corpora, timed, with its peak memory.

``python -m evaluation.bench_scale --check CORPUS``: every corpus-wide figure of notebook 05
computed twice, from whole tables in pandas (``utils.explore.entities``, ``tone``, ``sources``,
``compare``, ``figures``) and out of core (``utils.explore.corpus``); prints each figure with
``same`` or what differs (floats compared to 1e-9 relative: DuckDB sums in another order).

``python -m evaluation.bench_scale --scale CORPUS [CORPUS ...] [--notebooks 05,07,08]``: each
corpus notebook executed with papermill on each analysed corpus folder (or input file whose
analysis is cached), in a fresh process: wall time and the peak resident memory of the kernel
(targets: < 90 s, < 2.5 GiB, and the largest corpus at most 1.5× the memory of the smallest).

``python -m evaluation.bench_scale --from-bench [--processes 2]`` (in ``make bench``): builds the
2,127-article and 17,016-article corpora from ``../shared/bench`` (``evaluation.bench_corpus`` with
1 and 8 copies), analyses them once (cached: a second run only opens them), then both of the above.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from utils import config

FIGURE_OPTIONS = {"by": "category", "period": "M", "n": 10}
NOTEBOOK = "05-corpus"
CORPUS_NOTEBOOKS = {"05": "05-corpus", "07": "07-ask-the-corpus", "08": "08-stories"}  # the notebooks timed at scale
SECONDS_TARGET = 90.0
MEMORY_TARGET = 2.5 * 2**30
GROWTH_TARGET = 1.5


def pandas_figures(corpus, *, by: str = "category", period: str = "M", n: int = 10, a: str = "", b: str = "") -> dict[str, Any]:
    """Notebook 05's figures as it computed them before DuckDB: whole tables loaded into pandas."""
    from utils.explore import compare, figures, sources, tone
    from utils.explore import entities as entity_tables
    from utils.explore import words as lexical

    articles = corpus.articles
    sentences = corpus.table("sentences")
    raw_mentions, entities = corpus.table("mentions"), corpus.table("entities")
    mentions = entity_tables.named_mentions(raw_mentions, entities)
    tokens = corpus.table("tokens", columns=lexical.WORD_COLUMNS)
    words = lexical.words_table(tokens)
    quotes = corpus.table("quotes")
    comparison = compare.compare_subsets(words, mentions, articles, by=by, a=a, b=b)
    found = {
        f"key figures {article_id}": figures.corpus_article_figures(sentences, tokens, raw_mentions, entities, article_id)
        for article_id in articles["article_id"].head(3)
    }
    return found | {
        "top entities": entity_tables.top_corpus_entities(mentions, n=n),
        "entity mentions by period": entity_tables.entity_mentions_by_period(mentions, articles, period=period, n=n),
        "sentiment by period": tone.sentiment_by_period(sentences, articles, period=period),
        "sentiment by group": tone.sentiment_by_group(sentences, articles, by=by),
        "top entities by group": entity_tables.top_entities_by_group(mentions, articles, by=by, n=5),
        "comparison": [comparison.label_a, comparison.label_b, comparison.how],
        "distinguishing words": comparison.terms,
        "distinguishing entities": comparison.entities,
        "top speakers": sources.top_speakers(quotes, entities, n=n),
        "unnamed share by group": sources.unnamed_share_by_group(quotes, articles, by=by),
        "co-occurrence": entity_tables.entity_cooccurrence(mentions, unit="sentence", n=n),
        "article tone": tone.article_tone_table(sentences).dropna(subset=["sentiment"]).reset_index(drop=True),
    }


def duckdb_figures(corpus, *, by: str = "category", period: str = "M", n: int = 10, a: str = "", b: str = "") -> dict[str, Any]:
    """The same figures from ``utils.explore.corpus``: aggregates in DuckDB, small results in pandas."""
    from utils.explore import corpus as corpus_figures

    comparison = corpus_figures.compare_subsets(corpus, by=by, a=a, b=b)
    first = corpus.sql("SELECT article_id FROM articles ORDER BY position LIMIT 3")["article_id"]
    found = {f"key figures {article_id}": corpus_figures.article_figures(corpus, article_id) for article_id in first}
    return found | {
        "top entities": corpus_figures.top_entities(corpus, n=n),
        "entity mentions by period": corpus_figures.entity_mentions_by_period(corpus, period=period, n=n),
        "sentiment by period": corpus_figures.sentiment_by_period(corpus, period=period),
        "sentiment by group": corpus_figures.sentiment_by_group(corpus, by=by),
        "top entities by group": corpus_figures.top_entities_by_group(corpus, by=by, n=5),
        "comparison": [comparison.label_a, comparison.label_b, comparison.how],
        "distinguishing words": comparison.terms,
        "distinguishing entities": comparison.entities,
        "top speakers": corpus_figures.top_speakers(corpus, n=n),
        "unnamed share by group": corpus_figures.unnamed_share_by_group(corpus, by=by),
        "co-occurrence": corpus_figures.entity_cooccurrence(corpus, unit="sentence", n=n),
        "article tone": corpus_figures.article_tone(corpus),
    }


def difference(old: Any, new: Any) -> str | None:
    """None when two figures are the same (floats to 1e-9 relative), else what differs, in one line."""
    if isinstance(old, pd.DataFrame) and isinstance(new, pd.DataFrame):
        if len(old) == 0 and len(new) == 0 and list(old.columns) == list(new.columns):
            return None
        try:
            pd.testing.assert_frame_equal(old.reset_index(drop=True), new.reset_index(drop=True), check_exact=False, rtol=1e-9, atol=1e-12)
        except AssertionError as error:
            return " ".join(str(error).split())[:400]
        return None
    return None if old == new else f"{old!r} != {new!r}"


def check_figures(corpus, **options: Any) -> dict[str, str | None]:
    """Each figure's name -> None (the same both ways) or what differs."""
    old, new = pandas_figures(corpus, **options), duckdb_figures(corpus, **options)
    return {name: difference(old[name], new.get(name)) for name in old}


# --------------------------------------------------------------------------- notebook 05 at scale


def notebook_run(corpus: Path, work: Path, *, parameters: dict | None = None, notebook: Path | None = None) -> dict[str, float]:
    """Notebook 05 (or ``notebook``) executed with papermill on ``corpus`` in a fresh process: seconds and
    peak RSS (bytes) of the largest process of the run (the kernel), from ``RUSAGE_CHILDREN`` of that process."""
    notebook = notebook or config.PROJECT_ROOT / "notebooks" / f"{NOTEBOOK}.ipynb"
    values = {"CORPUS": str(corpus)} | (parameters or {})
    code = (
        "import json, resource, sys, time; import papermill; "
        "start = time.perf_counter(); "
        f"papermill.execute_notebook({str(notebook)!r}, {str(work / 'executed.ipynb')!r}, parameters=json.loads(sys.argv[1]), "
        f"cwd={str(notebook.parent)!r}, kernel_name='python3', progress_bar=False); "
        "seconds = time.perf_counter() - start; "
        "print(json.dumps({'seconds': seconds, 'kernel_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "'runner_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))"
    )
    environment = os.environ | {"PYTHONPATH": str(config.PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", code, json.dumps(values)], capture_output=True, text=True, env=environment)
    if done.returncode:
        raise RuntimeError(f"notebook {notebook.stem} failed on {corpus}: {done.stderr.strip()[-800:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": figures["seconds"], "peak_bytes": max(figures["kernel_kib"], figures["runner_kib"]) * 1024}


def scale_report(runs: dict[str, dict[str, float]], sizes: dict[str, int], *, notebook: str = NOTEBOOK) -> list[str]:
    """Printable lines: each corpus's time and memory against the targets, and the memory growth."""
    mark = lambda ok: "meets target" if ok else "MISSES target"  # noqa: E731
    lines = []
    for name, run in runs.items():
        lines.append(
            f"notebook {notebook} on {name} ({sizes[name]} articles): {run['seconds']:.1f} s ({mark(run['seconds'] < SECONDS_TARGET)} < {SECONDS_TARGET:.0f} s), "
            f"peak {run['peak_bytes'] / 2**30:.2f} GiB ({mark(run['peak_bytes'] < MEMORY_TARGET)} < 2.5 GiB)"
        )
    if len(runs) > 1:
        small, large = min(runs, key=sizes.get), max(runs, key=sizes.get)
        growth = runs[large]["peak_bytes"] / runs[small]["peak_bytes"]
        lines.append(f"notebook {notebook}, memory {sizes[large]} articles / {sizes[small]} articles: {growth:.2f}x ({mark(growth <= GROWTH_TARGET)} <= {GROWTH_TARGET}x)")
    return lines


def bench_corpora(bench_dir: Path, work: Path, *, copies: Sequence[int] = (1, 8), n_process: int = 1) -> list[Path]:
    """The scale corpora built from the bench (each article once, then with ``copies - 1`` excerpts)
    and analysed (cached under ``work``): their corpus folders, smallest first."""
    from utils.corpus import analyse_corpus
    from evaluation.bench import bench_records
    from evaluation.bench_corpus import wire_records

    records = list(bench_records(bench_dir))
    folders = []
    work.mkdir(parents=True, exist_ok=True)
    for count in copies:
        path = work / f"wire-{count}.jsonl"
        if not path.exists():
            staged = path.with_suffix(".partial")
            with staged.open("w", encoding="utf-8") as stream:
                for record in wire_records(records, copies=count):
                    stream.write(json.dumps(record) + "\n")
            staged.replace(path)
        print(f"analysing {path} (cached after the first run)...", file=sys.stderr, flush=True)
        folders.append(analyse_corpus(path, out_dir=work, cache_dir=work / "cache", n_process=n_process, progress=True).path)
    return folders


def main(argv: Sequence[str] | None = None) -> int:
    from utils.corpus import Corpus
    from evaluation.bench import default_bench_dir

    parser = argparse.ArgumentParser(description="Notebook 05 at scale: figures pandas vs DuckDB, and timed runs with peak memory.")
    parser.add_argument("--check", type=Path, default=None, help="an analysed corpus folder: compare every figure computed both ways")
    parser.add_argument("--scale", type=Path, nargs="*", default=[], help="analysed corpus folders: execute notebook 05 on each")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each corpus, interleaved (default 1)")
    parser.add_argument("--notebook", type=Path, default=None, help="with --scale: another notebook file to run instead (e.g. an earlier 05, to compare)")
    parser.add_argument("--notebooks", default="05,07,08", help="with --scale: the corpus notebooks to time, by number (default 05,07,08)")
    parser.add_argument("--processes", type=int, default=2, help="with --from-bench: worker processes of the analysis (default 2)")
    parser.add_argument("--from-bench", action="store_true", help="build, analyse (cached) and use the 2k and 17k corpora of the bench")
    parser.add_argument("--bench-dir", type=Path, default=None, help="with --from-bench: the bench folder (default ../shared/bench)")
    parser.add_argument("--work", type=Path, default=config.PROCESSED_DIR / "bench-scale", help="with --from-bench: where the corpora go")
    arguments = parser.parse_args(argv)
    failed = False
    if arguments.from_bench:
        bench_dir = (arguments.bench_dir or default_bench_dir()).resolve()
        if not bench_dir.is_dir() or not any(bench_dir.glob("*.jsonl*")):
            print(f"bench_scale: no benchmark corpus at {bench_dir}; skipping. Pass --bench-dir PATH.")
            return 0
        folders = bench_corpora(bench_dir, arguments.work, n_process=arguments.processes)
        arguments.check, arguments.scale = folders[0], folders
    if arguments.check is not None:
        corpus = Corpus.open(arguments.check)
        start = time.perf_counter()
        found = check_figures(corpus, **FIGURE_OPTIONS)
        print(f"figures of notebook 05 on {arguments.check} ({corpus.counts.get('articles', 0)} articles), pandas vs DuckDB "
              f"({time.perf_counter() - start:.0f} s):")
        for name, differs in found.items():
            print(f"  {name}: {'same' if differs is None else 'DIFFERS: ' + differs}")
        failed |= any(differs is not None for differs in found.values())
    if arguments.scale:
        sizes = {str(path): Corpus.open(path).counts.get("articles", 0) for path in arguments.scale}
        notebooks = [arguments.notebook] if arguments.notebook else [
            config.PROJECT_ROOT / "notebooks" / f"{CORPUS_NOTEBOOKS[number.strip()]}.ipynb" for number in arguments.notebooks.split(",") if number.strip()
        ]
        lines = []
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as work:
            for notebook in notebooks:
                runs: dict[str, list[dict[str, float]]] = {str(path): [] for path in arguments.scale}
                for path in arguments.scale:  # a first, untimed run fills each corpus's own caches (search index, stories)
                    notebook_run(path, Path(work), notebook=notebook)
                for _ in range(arguments.repeats):
                    for path in arguments.scale:
                        runs[str(path)].append(notebook_run(path, Path(work), notebook=notebook))
                        print(f"  {notebook.stem} on {path}: {runs[str(path)][-1]['seconds']:.1f} s, {runs[str(path)][-1]['peak_bytes'] / 2**20:.0f} MiB", flush=True)
                worst = {name: {key: max(run[key] for run in each) for key in ("seconds", "peak_bytes")} for name, each in runs.items()}
                lines += scale_report(worst, sizes, notebook=notebook.stem)
        print(f"load average {open('/proc/loadavg').read().split()[:3]}")
        print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
