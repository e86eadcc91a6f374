"""Dev-only: stories at scale and against the bench's own labels, on an analysed wire corpus (``evaluation.bench_corpus``).

    python -m evaluation.bench_stories keyphrases CORPUS_DIR OUT.parquet   # keyphrases of a corpus analysed before that table existed
    python -m evaluation.bench_stories scale CORPUS_DIR [--keyphrases P]    # clustering and shared-passage time and peak memory, 2k and all
    python -m evaluation.bench_stories evaluate CORPUS_DIR [--keyphrases P] # stories vs the wire copies, topics (NMF, LDA) vs categories
    python -m evaluation.bench_stories scale from-bench                      # (make bench) on the 17k corpus bench_scale --from-bench built

The wire corpus holds each BBC bench article as published (source ``BBC``) and as reordered
excerpts (``Outlet 1..7``), ``record_id`` ``<category>/<number>-<copy>``: the copies of one
article are the same event. ``scale`` runs each measurement in a fresh child process and reports
its wall time and peak RSS; ``evaluate`` chooses the story threshold on the even-numbered
articles and reports on the odd-numbered ones. Nothing is written into CORPUS_DIR (results go
to ``--folder``, default a temporary one). A measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from utils.corpus import Corpus


def corpus_keyphrases(corpus: Corpus) -> pd.DataFrame:
    """The keyphrases table of every article, from its in-scope paragraphs, by the pipeline's own function."""
    from utils.pipeline.keyphrases import keyphrase_table
    from utils.stories.shared import rebuild_text

    paragraphs = corpus.sql("SELECT article_id, text, start_char, end_char, in_scope FROM paragraphs ORDER BY article_id, start_char")
    frames = []
    for article_id, group in paragraphs.groupby("article_id", sort=False):
        text = rebuild_text(group)
        spans = list(zip(group.loc[group["in_scope"], "start_char"], group.loc[group["in_scope"], "end_char"]))
        frames.append(keyphrase_table(text, spans).assign(article_id=article_id))
    return pd.concat(frames, ignore_index=True)


def bbc_view(corpus: Corpus) -> Corpus:
    """The articles as published (source BBC): about 2,000."""
    ids = corpus.sql("SELECT article_id FROM articles WHERE source = 'BBC'")["article_id"]
    return corpus.view(ids, label="the BBC originals")


def _keyphrases(path: str | None) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path else None


def run_one(corpus_dir: str, task: str, size: str, keyphrases: str | None, folder: str) -> dict:
    """One timed measurement in this process: ``task`` (stories, shared) on ``size`` (2k, all)."""
    corpus = Corpus.open(corpus_dir)
    corpus = bbc_view(corpus) if size == "2k" else corpus
    started = time.perf_counter()
    if task == "stories":
        from utils.stories.clusters import find_stories

        results = find_stories(corpus, keyphrases=_keyphrases(keyphrases))
        detail = {"stories": len(results["stories"]), "in_stories": int((results["members"]["story_id"] >= 0).sum())}
    elif task == "shared":
        from utils.stories.shared import find_shared_passages

        results = find_shared_passages(corpus)
        detail = {"pairs": len(results["pairs"]), "passages": len(results["passages"])}
    else:
        raise ValueError(task)
    seconds = time.perf_counter() - started
    return {"task": task, "size": size, "articles": int(corpus.sql("SELECT count(*) AS n FROM articles")["n"].iloc[0]),
            "seconds": round(seconds, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), **detail}


def scale(corpus_dir: str, keyphrases: str | None, folder: str, *, tasks: Sequence[str] = ("stories", "shared")) -> list[dict]:
    """Every (task, size) in its own child process, interleaved: stories 2k, shared 2k, stories all, shared all."""
    rows = []
    for size in ("2k", "all"):
        for task in tasks:
            command = [sys.executable, "-m", "evaluation.bench_stories", "_one", corpus_dir, task, size, "--folder", folder]
            if keyphrases:
                command += ["--keyphrases", keyphrases]
            finished = subprocess.run(command, capture_output=True, text=True)
            if finished.returncode:
                rows.append({"task": task, "size": size, "error": finished.stderr.strip().splitlines()[-1][:200]})
            else:
                rows.append({**json.loads(finished.stdout.strip().splitlines()[-1]), "loadavg": open("/proc/loadavg").read().split()[0]})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # each as soon as it is measured
    return rows


def evaluate(corpus_dir: str, keyphrases: str | None, *, join: float | None = None, topics: bool = True, thresholds: Sequence[float] = (0.07, 0.1, 0.13, 0.15, 0.2, 0.25, 0.3)) -> dict:
    """Stories: for each threshold, on even and odd articles, the share of articles whose copies all fall in one story,
    ARI and NMI of stories against the article they copy, and how many stories mix categories. Topics: NMF and LDA against categories."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from utils.stories.clusters import story_labels, story_merges
    from utils.stories.features import article_features

    corpus = Corpus.open(corpus_dir)
    features = article_features(corpus, keyphrases=_keyphrases(keyphrases))
    records = corpus.sql("SELECT article_id, record_id, category FROM articles")
    frame = features.articles[["article_id"]].merge(records, on="article_id", how="left")
    frame["original"] = frame["record_id"].str.rsplit("-", n=1).str[0]
    frame["half"] = np.where(frame["original"].str.rsplit("/", n=1).str[1].astype(int) % 2 == 0, "choose", "report")
    merges = story_merges(features, floor=min(thresholds), **({} if join is None else {"join": join}))
    story_rows = []
    for threshold in thresholds:
        labels, _ = story_labels(features, min_similarity=threshold, merges=merges)
        frame["story"] = labels
        for half, part in frame.groupby("half"):
            # a story of its own for each article in no story, so ARI/NMI count them as apart
            stories = np.where(part["story"] >= 0, part["story"].astype(str), "none-" + part["article_id"])
            together = part.groupby("original")["story"].agg(lambda s: s.nunique() == 1 and s.iloc[0] >= 0 if len(s) > 1 else True)
            several = part.groupby("original").size() > 1
            in_story = part[part["story"] >= 0]
            mixed = in_story.groupby("story")["category"].nunique()
            story_rows.append({
                "threshold": threshold, "half": half, "articles": len(part), "originals_with_copies": int(several.sum()),
                "copies_in_one_story": round(float(together[several].mean()), 4),
                "in_a_story": round(float((part["story"] >= 0).mean()), 4),
                "stories": int(in_story["story"].nunique()),
                "stories_mixing_categories": int((mixed > 1).sum()),
                "largest_story": int(in_story.groupby("story").size().max()) if len(in_story) else 0,
                "ari_vs_original": round(adjusted_rand_score(part["original"], stories), 4),
                "nmi_vs_original": round(normalized_mutual_info_score(part["original"], stories), 4),
            })
    return {"stories": story_rows, "topics": topic_scores(corpus) if topics else []}


def topic_scores(corpus: Corpus) -> list[dict]:
    """NMF and LDA topics of the BBC originals against their five categories, at 5 topics and at the count each chooses."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from utils.stories.features import article_table, term_counts, tfidf_block
    from utils.stories.topics import choose_topic_count, fit_topics

    view = bbc_view(corpus)
    articles = article_table(view)
    matrix, _ = tfidf_block(term_counts(view, "words"), pd.Index(articles["article_id"]))
    rows = []
    for method in ("nmf", "lda"):
        started = time.perf_counter()
        chosen = choose_topic_count(matrix, method=method)
        choose_seconds = time.perf_counter() - started
        for topics in sorted({5, chosen}):
            started = time.perf_counter()
            _, weights = fit_topics(matrix, topics=topics, method=method)
            assigned = weights.argmax(axis=1)
            rows.append({"method": method, "topics": topics, "chosen_by_data": topics == chosen, "articles": len(articles),
                         "nmi": round(normalized_mutual_info_score(articles["category"], assigned), 4),
                         "ari": round(adjusted_rand_score(articles["category"], assigned), 4),
                         "fit_seconds": round(time.perf_counter() - started, 1), "choose_seconds": round(choose_seconds, 1)})
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["keyphrases", "scale", "evaluate", "_one"])
    parser.add_argument("corpus")
    parser.add_argument("rest", nargs="*")
    parser.add_argument("--keyphrases")
    parser.add_argument("--folder", default=None)
    parser.add_argument("--join", type=float, default=None, help="evaluate: the stories' JOIN (default the library's)")
    parser.add_argument("--no-topics", action="store_true", help="evaluate: stories only")
    parser.add_argument("--tasks", default="stories,shared", help="scale: which of stories, shared to time (comma-separated)")
    args = parser.parse_args(argv)
    folder = args.folder or tempfile.mkdtemp(prefix="bench-stories-")
    if args.command == "keyphrases":
        started = time.perf_counter()
        table = corpus_keyphrases(Corpus.open(args.corpus))
        table.to_parquet(args.rest[0], index=False)
        print(json.dumps({"articles": int(table["article_id"].nunique()), "rows": len(table), "seconds": round(time.perf_counter() - started, 1)}))
    elif args.command == "_one":
        print(json.dumps(run_one(args.corpus, args.rest[0], args.rest[1], args.keyphrases, folder)))
    elif args.command == "scale":
        corpus = args.corpus
        if corpus == "from-bench":  # the wire corpus make bench builds and analyses (bench_scale --from-bench)
            from utils import config
            from evaluation.bench import default_bench_dir
            from evaluation.bench_scale import bench_corpora

            if not any(default_bench_dir().glob("*.jsonl*")):
                print(f"bench_stories: no benchmark corpus at {default_bench_dir()}; skipping.")
                return 0
            corpus = str(bench_corpora(default_bench_dir(), config.PROCESSED_DIR / "bench-scale")[-1])
        print(pd.DataFrame(scale(corpus, args.keyphrases, folder, tasks=args.tasks.split(","))).to_string(index=False))
    else:
        results = evaluate(args.corpus, args.keyphrases, join=args.join, topics=not args.no_topics)
        print(pd.DataFrame(results["stories"]).to_string(index=False))
        if results["topics"]:
            print()
            print(pd.DataFrame(results["topics"]).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
