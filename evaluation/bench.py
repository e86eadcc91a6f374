"""``make bench``: how fast and how lean corpus analysis is, on a real news corpus.

``python -m evaluation.bench [--bench-dir PATH] [--sample 300] [--memory-sizes 200,2000] [--repeats 3] [--only paired,two,cached]`` reads the
JSONL(.gz) files of ``--bench-dir`` (default ``../shared/bench`` next to the project root; when it
is absent the bench says so and exits 0), and prints, on the same articles:

- bare spaCy ``nlp.pipe`` words/s against the full corpus analysis, and their ratio;
- the stages of the full analysis (``staged_tables``), and what boundaries + parse + sentence sentiment alone reach;
- sentence segmentation overhead: our boundaries (``tokens.segment_article``) + parse against the bare parse;
- one against two processes (``analyse_corpus(n_process=...)``);
- (ratios to the bare parse come from paired runs, slice by slice; whole runs are repeated,
  interleaved: see ``measure_throughput``);
- a cold run (parse and cache) against a re-run from the cache (its packs);
- peak memory (max RSS of a fresh child process) for the first 200 and 2,000 articles;
- ``make report`` on the seed against papermill running as many import-only notebooks;
- how time grows with the article's length (``length_scaling``: ``analyse`` and every notebook's functions on one article of 10k, 100k and 1M characters; alone with ``--lengths``).

Nothing is copied into the project: the sample is written to a temporary folder and removed.
This is a measuring tool, not a test; figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, Sequence

from utils import config
from utils.pipeline.tables import TABLE_STEPS

TARGETS = {
    "full_vs_bare": 0.70, "after_parse": 0.5, "segmentation_overhead": 0.10, "two_vs_one": 1.8, "cached_speedup": 30.0,
    "memory_growth": 1.2,
}
SECTIONS = ("paired", "two", "cached")  # --only: paired runs (bare vs full, stages), one vs two processes, cold vs cached


def default_bench_dir() -> Path:
    """``../shared/bench`` relative to the project root."""
    return (config.PROJECT_ROOT / ".." / "shared" / "bench").resolve()


def bench_records(bench_dir: Path) -> Iterator[dict]:
    """Every record of the ``*.jsonl`` and ``*.jsonl.gz`` files of the bench folder, in name order."""
    for path in sorted([*bench_dir.glob("*.jsonl"), *bench_dir.glob("*.jsonl.gz")]):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def write_sample(records: Sequence[dict], path: Path) -> Path:
    """The records as a JSONL file (a temporary corpus)."""
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record) + "\n")
    return path


def machine() -> str:
    """Cores, RAM, Python and platform, in one line."""
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM"
        load = "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())
    except Exception:
        ram, load = "RAM unknown", ""
    return f"{os.cpu_count()} cores, {ram}, Python {platform.python_version()}, {platform.platform()}; {load}"


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def words(texts: Sequence[str]) -> int:
    return sum(len(text.split()) for text in texts)


TABLE_STAGES = (*TABLE_STEPS, "storage")


def staged_tables(doc, paragraphs, sentences, clock: dict[str, float], packed: list) -> dict:
    """``analysis.tables_from_doc`` with each of its steps' time added to ``clock``, then the Arrow
    conversion ("storage"), its Arrow tables appended to ``packed`` for :func:`write_pack`."""
    from utils.pipeline.tables import tables_from_doc
    from utils.store import arrow_tables

    tables = tables_from_doc(doc, paragraphs, sentences, step=functools.partial(_timed_step, clock))
    packed.append(_timed_step(clock, "storage", arrow_tables, tables))
    return tables


def write_pack(packed: list, clock: dict[str, float], cache_dir: Path) -> None:
    """The cache write of a corpus run for the tables of ``staged_tables``: one pack (time added to "storage")."""
    from utils.store import PackCache

    _timed_step(clock, "storage", PackCache(cache_dir).write, [(f"article-{index}", tables) for index, tables in enumerate(packed)])


def _timed_step(clock: dict[str, float], name: str, function, *args):
    start = time.perf_counter()
    result = function(*args)
    clock[name] = clock.get(name, 0.0) + time.perf_counter() - start
    return result


def measure_throughput(
    records: Sequence[dict], work: Path, *, batch_size: int, repeats: int = 3, pairs: int = 12, sections: Sequence[str] = SECTIONS
) -> dict[str, float]:
    """Every timing of the bench except memory, on the same records.

    Ratios to the bare parse are measured in pairs: the records are cut into ``pairs`` slices and,
    slice after slice, the bare parse and then the full analysis (and the stages) of that slice
    are timed, so a machine that speeds up or slows down over minutes (a shared VM does) slows
    both sides of each pair alike; the sums are compared. One against two processes and cold
    against cached are whole runs over all records: one- and two-process runs are timed
    ``repeats`` times, interleaved, and their sums compared (the fastest runs are reported too);
    after each one-process run, the same articles (in another file) are re-analysed from its
    cache and compared with that run. TextBlob's and VADER's per-text caches are
    emptied before every timed analysis, so no stage reuses another's scores. ``sections``
    (``SECTIONS``) limits what is measured.
    """
    from utils import analyse_corpus
    from utils.pipeline.nlp import doc_with_sentences, load_model
    from utils.pipeline.sentences import segment_article
    from utils.pipeline.sentiment import clear_text_caches
    from utils.pipeline.tables import Scope, prepare
    from utils.read.article import article_from_record

    nlp = load_model()
    articles = [article_from_record(record, source_name="bench", row=row) for row, record in enumerate(records)]
    texts = [article.text for article in articles]
    list(nlp.pipe(texts[:5]))  # warm up
    results: dict[str, float] = {"articles": len(texts), "words": words(texts), "repeats": repeats}
    common = dict(progress=False, batch_size=batch_size)
    scope = Scope()

    results["sections"] = list(sections)
    if "paired" in sections:
        results.update(_paired(records, texts, articles, work, nlp, scope, batch_size=batch_size, pairs=pairs, common=common))
    if "two" not in sections and "cached" not in sections:
        return results
    sample = write_sample(records, work / "sample.jsonl")
    same_articles = write_sample(list(reversed(records)), work / "same-articles.jsonl")
    one, two, cached_runs = [], [], []
    for run in range(repeats):  # each into a fresh cache and output folder
        clear_text_caches()
        one.append(timed(analyse_corpus, sample, cache_dir=work / f"cache-{run}", out_dir=work / f"out-{run}", n_process=1, **common)[0])
        if "cached" in sections:
            seconds, cached = timed(analyse_corpus, same_articles, cache_dir=work / f"cache-{run}", out_dir=work / f"out-{run}", n_process=1, **common)
            cached_runs.append(seconds)
            results["cached_parsed"] = results.get("cached_parsed", 0) + cached.counts["parsed"]
        if "two" in sections:
            clear_text_caches()
            two.append(timed(analyse_corpus, sample, cache_dir=work / f"cache-2-{run}", out_dir=work / f"out-2-{run}", n_process=2, **common)[0])
    results["one_process_seconds"], results["one_process_runs"] = min(one), one
    if two:
        results["two_process_seconds"], results["two_process_runs"] = min(two), two
    if cached_runs:
        results["cached_seconds"], results["cached_runs"] = min(cached_runs), cached_runs
        results["reuse_seconds"], reused = timed(analyse_corpus, sample, cache_dir=work / "cache-0", out_dir=work / "out-0", n_process=1, **common)
        assert reused.reused
    return results


def _paired(records, texts, articles, work: Path, nlp, scope, *, batch_size: int, pairs: int, common: dict) -> dict[str, float]:
    """The paired runs of ``measure_throughput``: slice after slice, the bare parse, the full analysis and its stages."""
    from utils import analyse_corpus
    from utils.pipeline.nlp import doc_with_sentences
    from utils.pipeline.sentences import segment_article
    from utils.pipeline.sentiment import clear_text_caches
    from utils.pipeline.tables import prepare

    results: dict[str, float] = {}
    size = max(1, -(-len(records) // max(1, pairs)))
    paired = dict.fromkeys(("bare", "cold", "segment", "prepare", "docs", "bounded_parse", *TABLE_STAGES), 0.0)
    for first in range(0, len(records), size):
        part_texts, part_articles = texts[first:first + size], articles[first:first + size]
        part = write_sample(records[first:first + size], work / f"pair-{first}.jsonl")
        paired["bare"] += timed(lambda: list(nlp.pipe(part_texts, batch_size=batch_size)))[0]
        clear_text_caches()
        paired["cold"] += timed(analyse_corpus, part, cache_dir=work / f"pair-cache-{first}", out_dir=work / f"pair-out-{first}", n_process=1, **common)[0]
        paired["segment"] += timed(lambda: [segment_article(article) for article in part_articles])[0]
        seconds, prepared = timed(lambda: [prepare(article, scope) for article in part_articles])
        paired["prepare"] += seconds
        seconds, docs = timed(
            lambda: [doc_with_sentences(nlp, article.text, sentences["start_char"].tolist()) for article, (_, sentences) in zip(part_articles, prepared)]
        )
        paired["docs"] += seconds
        seconds, parsed = timed(lambda: list(nlp.pipe(docs, batch_size=batch_size)))
        paired["bounded_parse"] += seconds
        clear_text_caches()
        packed: list = []
        for doc, (paragraphs, sentences) in zip(parsed, prepared):
            staged_tables(doc, paragraphs, sentences, paired, packed)
        write_pack(packed, paired, work / f"pair-stages-{first}")  # a slice is about one nlp.pipe batch
    results.update({f"{name}_seconds": seconds for name, seconds in paired.items()})
    results["pairs"] = len(range(0, len(records), size))
    return results


def start_memory_run(records: Sequence[dict], work: Path, *, batch_size: int) -> subprocess.Popen:
    """A fresh Python process that analyses the records (no cache) and prints its max RSS in KiB."""
    sample = write_sample(records, work / f"memory-{len(records)}.jsonl")
    code = (
        "import json, resource; from utils import analyse_corpus; "
        f"analyse_corpus({str(sample)!r}, cache=False, progress=False, out_dir={str(work / f'memory-out-{len(records)}')!r}, batch_size={batch_size}); "
        "print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"
    )
    environment = os.environ | {"PYTHONPATH": str(config.PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=environment)


def peak_memory(process: subprocess.Popen) -> int:
    """The max RSS in bytes a memory run reported (ru_maxrss is in KiB on Linux)."""
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"memory run failed with exit code {process.returncode}")
    return int(output.strip().splitlines()[-1]) * 1024


def report(throughput: dict[str, float], memory: dict[int, int]) -> list[str]:
    """The figures as printable lines, each with its target (only for the sections measured)."""
    t = throughput
    mark = lambda ok: "meets target" if ok else "MISSES target"  # noqa: E731
    lines: list[str] = []
    if throughput:
        lines.append(f"sample: {int(t['articles'])} articles, {int(t['words']):,} words")
    if "bare_seconds" in t:
        rate = lambda seconds: t["words"] / seconds  # noqa: E731
        bare, full = rate(t["bare_seconds"]), rate(t["cold_seconds"])
        segmented = t["segment_seconds"] + t["docs_seconds"] + t["bounded_parse_seconds"]
        overhead = segmented / t["bare_seconds"] - 1
        floor = rate(segmented + t["sentence_sentiment_seconds"])
        after_parse = sum(t[f"{stage}_seconds"] for stage in TABLE_STAGES)
        after_share = after_parse / t["bounded_parse_seconds"]
        lines += [
            f"paired runs ({int(t['pairs'])} slices of the sample, each parsed bare then analysed; sums compared):",
            f"  bare spaCy nlp.pipe (1 process):      {bare:8,.0f} words/s  ({t['bare_seconds']:.1f}s)",
            f"  full analysis (analyse_corpus, cold): {full:8,.0f} words/s  ({t['cold_seconds']:.1f}s)   ratio {full / bare:.2f}x"
            f"  (target >= {TARGETS['full_vs_bare']}x: {mark(full / bare >= TARGETS['full_vs_bare'])})",
            f"  stages: prepare {t['prepare_seconds']:.1f}s (of which sentence boundaries, segment_article, {t['segment_seconds']:.1f}s;"
            f" the rest: paragraph and sentence tables, repeated standfirst sentences), preset-boundary Docs {t['docs_seconds']:.1f}s,"
            f" parse {t['bounded_parse_seconds']:.1f}s; tables: token table {t['token_table_seconds']:.1f}s,"
            f" sentence sentiment (TextBlob + VADER) {t['sentence_sentiment_seconds']:.1f}s, mentions and entities {t['mentions_entities_seconds']:.1f}s,"
            f" quotations and pronouns {t['quotes_pronouns_seconds']:.1f}s, targeted sentiment {t['target_sentiment_seconds']:.1f}s,"
            f" key phrases {t.get('keyphrases_seconds', 0.0):.1f}s, fixed schema (conform) {t.get('conform_seconds', 0.0):.1f}s;"
            f" Arrow conversion and the cache's packs {t['storage_seconds']:.1f}s (the rest of the full analysis: reading the records, corpus parts)",
            f"  after the parse (tables + storage): {after_parse:.1f}s = {after_share:.2f} of the parse"
            f"  (target <= {TARGETS['after_parse']}: {mark(after_share <= TARGETS['after_parse'])});"
            f" quotations and pronouns alone {t['quotes_pronouns_seconds'] / t['bare_seconds']:.1%} of the bare parse"
            f" (target <= 10%: {mark(t['quotes_pronouns_seconds'] <= 0.10 * t['bare_seconds'])})",
            f"  sentence boundaries + parse + sentence sentiment alone: {floor:8,.0f} words/s   ratio {floor / bare:.2f}x"
            " (the analysis without token, mention and entity tables, targeted sentiment and storage)",
            f"  sentence segmentation overhead:       {overhead:+.0%} (segment_article + preset-boundary Docs + parse {segmented:.1f}s"
            f" vs bare parse {t['bare_seconds']:.1f}s;"
            f" target <= +{TARGETS['segmentation_overhead']:.0%}: {mark(overhead <= TARGETS['segmentation_overhead'])})",
        ]
    runs = lambda key: " and ".join(f"{seconds:.1f}s" for seconds in t[key])  # noqa: E731
    if "two_process_runs" in t:
        two_vs_one = sum(t["one_process_runs"]) / sum(t["two_process_runs"])
        fastest_two_vs_one = t["one_process_seconds"] / t["two_process_seconds"]
        lines += [
            f"whole runs over the sample (cold runs with one and two processes timed {int(t['repeats'])} times each, interleaved):",
            f"  one vs two processes:                 {sum(t['one_process_runs']):.1f}s vs {sum(t['two_process_runs']):.1f}s in all = {two_vs_one:.2f}x"
            f"  (target >= {TARGETS['two_vs_one']}x: {mark(two_vs_one >= TARGETS['two_vs_one'])}; runs: one {runs('one_process_runs')},"
            f" two {runs('two_process_runs')}; fastest against fastest {fastest_two_vs_one:.2f}x)",
        ]
    if "cached_runs" in t:
        speedups = [cold / cached for cold, cached in zip(t["one_process_runs"], t["cached_runs"])]
        met = sum(speedup >= TARGETS["cached_speedup"] for speedup in speedups)
        lines += [
            f"  cold vs cached re-analysis, run by run: cold {runs('one_process_runs')} vs cached {runs('cached_runs')} = "
            + ", ".join(f"{speedup:.0f}x" for speedup in speedups)
            + f" faster, {int(t['cached_parsed'])} parsed again  (target >= {TARGETS['cached_speedup']:.0f}x in every run:"
            f" {met} of {len(speedups)}, {mark(met == len(speedups))})",
            "    (cached = the same articles in another file, so every article is read, rebuilt and its tables read from the cache's packs)",
            f"  same input again (corpus reused):     {t['reuse_seconds']:.2f}s (hashes the input, parses and reads nothing)",
        ]
    if len(memory) >= 2:
        small, large = sorted(memory)[0], sorted(memory)[-1]
        growth = memory[large] / memory[small]
        lines.append(
            f"peak memory (max RSS of a fresh process): {small:,} articles {memory[small] / 2**20:,.0f} MiB,"
            f" {large:,} articles {memory[large] / 2**20:,.0f} MiB = {growth:.2f}x"
            f"  (target <= {TARGETS['memory_growth']}x: {mark(growth <= TARGETS['memory_growth'])})"
        )
    return lines


LENGTH_TARGET = 12.0  # at most this much slower for a ten times longer article


def length_text(records: Sequence[dict], size: int) -> str:
    """One article of ``size`` characters: the records' texts, one after another as paragraphs, cut at ``size``."""
    pieces, total, index = [], 0, 0
    while total < size and records:
        text = str(records[index % len(records)].get("text") or "")
        pieces.append(text)
        total += len(text) + 2
        index += 1
    return "\n\n".join(pieces)[:size]


def notebook_steps() -> dict[str, object]:
    """What notebooks 01-04 compute from one analysis: name -> function of the analysis."""
    from utils.explore import entities, figures, tone
    from utils.explore import words as lexical
    from utils.show import charts

    def words_steps(analysis):
        tokens = analysis.tokens
        top_words = lexical.frequency_table(tokens, n=10)["term"].tolist()
        named = analysis.entities[analysis.entities["group"].isin(["person", "organisation", "place"])].head(5)
        dispersion = lexical.dispersion_table(tokens, terms=top_words, mentions=analysis.mentions, entities=analysis.entities,
                                              entity_ids=named["entity_id"].tolist())
        charts.top_terms(lexical.frequency_table(tokens, n=15), title="terms")
        charts.top_terms(lexical.ngram_table(tokens, n=2, top=15).rename(columns={"ngram": "term"}), title="pairs")
        lexical.ngram_table(tokens, n=3, top=10)
        for n, measure in ((2, "likelihood_ratio"), (2, "pmi"), (3, "likelihood_ratio")):
            lexical.collocations(tokens, n=n, measure=measure, min_freq=2)
        lexical.kwic(tokens, top_words[0] if top_words else "the")
        charts.lexical_dispersion(dispersion)
        charts.sentence_length_histogram(lexical.sentence_lengths(tokens, analysis.sentences))
        lexical.readability_summary(lexical.lexical_statistics(tokens, analysis.sentences))

    def tone_steps(analysis):
        sentences = analysis.sentences
        figures.article_figures(sentences, analysis.tokens, analysis.entities)
        tone.article_sentiment(sentences)
        charts.sentiment_arc_with_evidence(sentences, paragraph_scores=tone.paragraph_sentiment(sentences))
        charts.extreme_sentences_bars(tone.extreme_sentences(sentences, n=10))
        charts.methods_agreement(sentences)
        tone.evidence_table(sentences, analysis.mentions)
        charts.entity_sentiment(analysis.entities, n=10, groups=("person", "organisation", "place", "group"))

    def entity_steps(analysis):
        charts.entity_bars(entities.top_entities(analysis.entities, n=15))
        charts.entity_group_counts(analysis.entities)
        charts.entity_treemap(analysis.entities)
        relations = entities.relation_table(analysis.mentions, window=1, sentences=analysis.sentences)
        charts.entity_network(analysis.entities, relations, top_n=30)
        charts.entity_timeline(analysis.mentions, analysis.entities, top_n=15)

    def speaker_steps(analysis):
        from utils.explore import sources
        from utils.show.html import quotes_html

        names = sources.speaker_names(analysis.quotes, analysis.entities)
        charts.speaker_bars(sources.speaker_table(analysis.quotes, analysis.entities, text_length=len(analysis.text)))
        charts.voice_timeline(analysis.quotes, names)
        quotes_html(analysis.text, analysis.quotes, names)
        charts.attribution_bars(sources.attribution_verbs(analysis.quotes))
        sources.unnamed_sources(analysis.quotes)
        charts.voices_tone(sources.narration_and_quotes_tone(analysis.sentences, analysis.quotes))

    return {
        "paragraph charts": lambda analysis: (charts.paragraph_kind_table(analysis.paragraphs), charts.paragraph_lengths(analysis.paragraphs)),
        "tokenizer_comparison": lambda analysis: (
            lexical.tokenizer_counts(analysis.text, analysis.sentences, analysis.tokens),
            lexical.tokenizer_comparison(analysis.text, analysis.sentences, analysis.tokens),
        ),
        "words (frequency, ngrams, collocations, kwic, dispersion)": words_steps,
        "sentiment summaries and charts": tone_steps,
        "entities (relation_table, charts)": entity_steps,
        "who speaks (source audit, charts)": speaker_steps,
    }


def length_scaling(records: Sequence[dict], sizes: Sequence[int] = (10_000, 100_000, 1_000_000)) -> dict[str, dict[int, float]]:
    """Seconds of ``analyse`` (cache=False) and of each notebook step on one article of each size: step -> size -> seconds."""
    from utils.analysis import analyse

    analyse("A warm-up sentence. Another one.", cache=False)  # load the model outside the timings
    steps = notebook_steps()
    seconds: dict[str, dict[int, float]] = {"analyse": {}} | {name: {} for name in steps}
    for size in sizes:
        elapsed, analysis = timed(analyse, length_text(records, size), cache=False)
        seconds["analyse"][size] = elapsed
        for name, function in steps.items():
            seconds[name][size] = timed(function, analysis)[0]
    return seconds


def length_report(seconds: dict[str, dict[int, float]]) -> list[str]:
    """One line per step: seconds at each size and the ratio between consecutive sizes, against ``LENGTH_TARGET``."""
    lines = [f"time against article length (target: at most {LENGTH_TARGET:g}x per 10x characters)"]
    for name, by_size in seconds.items():
        sizes = sorted(by_size)
        figures = ", ".join(f"{size:,} chars {by_size[size]:.2f} s" for size in sizes)
        ratios = []
        for small, large in zip(sizes, sizes[1:]):
            ratio = by_size[large] / max(by_size[small], 1e-3)
            allowed = LENGTH_TARGET ** math.log10(large / small)
            ratios.append(f"{large // 1000}k/{small // 1000}k {ratio:.1f}x ({'ok' if ratio <= allowed else 'TOO SLOW'})")
        lines.append(f"  {name}: {figures}; {'; '.join(ratios)}")
    return lines


REPORT_OVERHEAD_TARGET = 2.0  # make report on the seed against papermill running as many import-only notebooks


def report_overhead(work: Path) -> dict[str, float]:
    """Seconds of the report export on the seed (cache warm, as a second ``make report``) and of papermill
    running as many notebooks that only import the package (the floor any notebook report pays)."""
    import nbformat

    from utils.report.build import build_reports
    from utils.report.execute import execute_notebook
    from utils.report.parameters import notebook_paths

    notebooks = notebook_paths()
    folder = work / "import-only"
    folder.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        minimal = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell('ARTICLE: str = ""', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("import utils\nfrom utils.show import charts"),
        ])
        minimal.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(minimal, folder / path.name)
    build_reports(config.DEFAULT_ARTICLE, out_dir=work / "warm")  # fills the article cache
    floor, _ = timed(lambda: [execute_notebook(path, work / "out" / path.name, parameters={"ARTICLE": ""})
                               for path in sorted(folder.glob("*.ipynb"))])
    full, _ = timed(build_reports, config.DEFAULT_ARTICLE, out_dir=work / "reports")
    return {"notebooks": len(notebooks), "import_only_seconds": floor, "report_seconds": full}


def report_overhead_lines(figures: dict[str, float]) -> list[str]:
    ratio = figures["report_seconds"] / figures["import_only_seconds"]
    verdict = "meets target" if ratio <= REPORT_OVERHEAD_TARGET else "MISSES target"
    return [
        f"make report on the seed (cache warm): {figures['report_seconds']:.1f}s for {int(figures['notebooks'])} notebooks vs"
        f" {figures['import_only_seconds']:.1f}s for papermill on as many import-only notebooks = {ratio:.2f}x"
        f"  (target <= {REPORT_OVERHEAD_TARGET}x: {verdict})",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark corpus analysis on a folder of JSONL(.gz) news records.")
    parser.add_argument("--bench-dir", type=Path, default=None, help="folder of *.jsonl / *.jsonl.gz records (default ../shared/bench)")
    parser.add_argument("--sample", type=int, default=300, help="articles for the throughput figures (default 300)")
    parser.add_argument("--memory-sizes", default="200,2000", help="article counts for the peak-memory runs (default 200,2000; empty to skip)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    parser.add_argument("--repeats", type=int, default=3, help="timed whole runs with one and two processes, interleaved (default 3)")
    parser.add_argument("--lengths", action="store_true", help="only the length benchmark (one article of 10k, 100k, 1M characters)")
    parser.add_argument("--only", default="", help=f"only these throughput sections, comma-separated ({','.join(SECTIONS)}): no memory, length or report runs")
    arguments = parser.parse_args(argv)
    bench_dir = (arguments.bench_dir or default_bench_dir()).resolve()
    if not bench_dir.is_dir() or not any(itertools.chain(bench_dir.glob("*.jsonl"), bench_dir.glob("*.jsonl.gz"))):
        print(f"bench: no benchmark corpus at {bench_dir} (JSONL or JSONL.gz records); skipping. Pass --bench-dir PATH.")
        return 0
    if arguments.lengths:
        records = list(itertools.islice(bench_records(bench_dir), 1000))
        for line in length_report(length_scaling(records)):
            print(line, flush=True)
        return 0
    sizes = sorted({int(size) for size in arguments.memory_sizes.split(",") if size.strip()})
    needed = arguments.sample if arguments.only else max([arguments.sample, *sizes])
    records = list(itertools.islice(bench_records(bench_dir), needed))
    print(f"bench: {bench_dir} ({len(records)} records read)")
    print(f"machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="news-bench-"))
    try:
        print("measuring throughput...", file=sys.stderr, flush=True)
        only = [section.strip() for section in arguments.only.split(",") if section.strip()]
        unknown = sorted(set(only) - set(SECTIONS))
        if unknown:
            parser.error(f"--only: unknown sections {unknown} (known: {', '.join(SECTIONS)})")
        throughput = measure_throughput(
            records[: arguments.sample], work, batch_size=arguments.batch_size, repeats=max(1, arguments.repeats), sections=only or SECTIONS,
        )
        for line in report(throughput, {}):
            print(line, flush=True)
        if only:
            print(f"machine after the run: {machine()}")
            return 0
        # The memory runs are separate processes (no shared heap); they run side by side, since
        # their peak memory, not their speed, is measured.
        print(f"measuring peak memory for {', '.join(map(str, sizes))} articles...", file=sys.stderr, flush=True)
        runs = {min(size, len(records)): start_memory_run(records[:size], work, batch_size=arguments.batch_size) for size in sizes}
        memory = {size: peak_memory(process) for size, process in runs.items()}
        for line in report({}, memory):
            print(line)
        print("measuring time against article length...", file=sys.stderr, flush=True)
        for line in length_report(length_scaling(records)):
            print(line, flush=True)
        print("measuring make report against import-only notebooks...", file=sys.stderr, flush=True)
        for line in report_overhead_lines(report_overhead(work)):
            print(line, flush=True)
        print(f"machine after the run: {machine()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
