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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sparse

from utils.stories.clusters import JOIN, NEIGHBOURS, TIME_WEIGHT
from utils.stories.features import BLOCK_WEIGHTS

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


@dataclass(frozen=True)
class Variant:
    """One story method: block weights, neighbours, time penalty weight, linkage (``average`` or ``components``, the former method)."""

    words: float = BLOCK_WEIGHTS["words"]  # the defaults are the library's method (utils/stories)
    entities: float = BLOCK_WEIGHTS["entities"]
    keyphrases: float = BLOCK_WEIGHTS["keyphrases"]
    neighbours: int = NEIGHBOURS
    time: float = TIME_WEIGHT
    linkage: str = "average"
    window: float = float("nan")  # the former method's hard window in days (components only)
    join: float = JOIN  # pairs at least this alike (near copies) are merged first, whatever their clusters' mean
    pair_floor: float = 0.0  # a candidate pair less alike (after the time penalty) counts as no candidate
    missing: float = 1.0  # weight of a non-candidate pair in the average (1: it counts as 0; 0: ignored)

    @classmethod
    def parse(cls, spec: str) -> "Variant":
        """``key=value,...`` over the defaults, or a named variant of ``NAMED``."""
        if spec in NAMED:
            return NAMED[spec]
        fields = {}
        for part in filter(None, spec.split(",")):
            key, value = part.split("=")
            fields[key] = value if key == "linkage" else (int(value) if key == "neighbours" else float(value))
        return replace(cls(), **fields)


NAMED: dict[str, "Variant"] = {}


def block_counts(corpus) -> dict[str, pd.DataFrame]:
    """Each block's ``article_id, term, count`` rows over the whole corpus (``features.term_counts``)."""
    from utils.stories.features import BLOCKS, term_counts

    return {block: term_counts(corpus, block) for block in BLOCKS}


def subset_matrix(counts: dict[str, pd.DataFrame], article_ids: pd.Index, variant: Variant) -> sparse.csr_matrix:
    """The combined feature matrix of ``article_ids`` alone (idf of that subset), blocks weighted as ``variant`` says."""
    from utils.stories.features import ArticleFeatures, tfidf_block

    blocks, terms = {}, {}
    for block, frame in counts.items():
        blocks[block], terms[block] = tfidf_block(frame[frame["article_id"].isin(set(article_ids))], article_ids)
    features = ArticleFeatures(pd.DataFrame({"article_id": article_ids}), blocks, terms)
    return features.combined({block: getattr(variant, block) for block in counts})


def cluster_cuts(matrix: sparse.csr_matrix, dates: np.ndarray, variant: Variant, cuts: Sequence[float]) -> dict[float, np.ndarray]:
    """Per cut, each article's cluster under ``variant`` (an article alone is a cluster of its own)."""
    from scipy.sparse.csgraph import connected_components

    from utils.stories.clusters import neighbour_links
    from utils.stories.linkage import average_linkage, candidate_pairs, cut_merges, time_factors

    count = matrix.shape[0]
    indices, similarities = neighbour_links(matrix, neighbours=variant.neighbours)
    first, second, values = candidate_pairs(indices, similarities)
    values = values * time_factors(dates, first, second, weight=variant.time)
    values = np.where(values >= variant.pair_floor, values, 0.0)
    if variant.linkage == "components":
        days = dates.astype("datetime64[D]")
        difference = days[first] - days[second]
        # as the former code did: its NaT gap became 9e18 days, so an undated article was never within the window
        inside = ~np.isnat(difference) & (np.abs(difference.astype("int64")) <= variant.window)
        result = {}
        for cut in cuts:
            keep = inside & (values >= cut)
            graph = sparse.coo_matrix((np.ones(int(keep.sum())), (first[keep], second[keep])), shape=(count, count)).tocsr()
            result[cut] = connected_components(graph, directed=False)[1]
        return result
    merges = average_linkage(count, first, second, values, floor=min(cuts), missing=variant.missing, join=variant.join)
    return {cut: cut_merges(count, merges, cut) for cut in cuts}


def baseline_cuts(texts: Sequence[str], cuts: Sequence[float]) -> dict[float, np.ndarray]:
    """The README's baseline: TF-IDF (sublinear, English stop words, min_df 2), cosine average linkage, cut at 1 − similarity."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(texts).toarray()
    tree = linkage(pdist(matrix, metric="cosine"), method="average")  # dense: evaluation only, a few hundred articles
    return {cut: fcluster(tree, t=1.0 - cut, criterion="distance") for cut in cuts}


def splits(gold: pd.DataFrame, *, count: int = SPLITS) -> list[pd.Series]:
    """Per split, True for the articles of the tuning half: half the stories of each collection, drawn at random (seed = split)."""
    halves = []
    for seed in range(count):
        rng = np.random.default_rng(seed)
        tuning = set()
        for collection in COLLECTIONS:
            stories = sorted(gold.loc[gold["collection"] == collection, "cluster_id"].unique())
            tuning |= set(rng.permutation(stories)[: len(stories) // 2])
        halves.append(gold["cluster_id"].isin(tuning))
    return halves


def scores(gold: pd.Series, labels: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return normalized_mutual_info_score(gold, labels), adjusted_rand_score(gold, labels)


def evaluate(gold: pd.DataFrame, counts: dict[str, pd.DataFrame] | None, method: str, variant: Variant | None,
             cuts: Sequence[float]) -> list[dict]:
    """Per set (all, basil, ecbplus) and split: the cut chosen on the tuning half (best ARI), tuning and held-out NMI/ARI."""
    rows = []
    for split, tuning in enumerate(splits(gold)):
        for subset in ("all", *COLLECTIONS):
            chosen = gold if subset == "all" else gold[gold["collection"] == subset]
            halves = {}
            for half, mask in (("tune", tuning.loc[chosen.index]), ("held", ~tuning.loc[chosen.index])):
                part = chosen[mask.to_numpy()]
                if method == "baseline":
                    labelled = baseline_cuts(part["text"].tolist(), cuts)
                else:
                    matrix = subset_matrix(counts, pd.Index(part["article_id"]), variant)
                    labelled = cluster_cuts(matrix, part["date"].to_numpy(dtype="datetime64[D]"), variant, cuts)
                halves[half] = {cut: scores(part["cluster_id"], labels) for cut, labels in labelled.items()}
                halves[half + "_clusters"] = {cut: len(set(labels)) for cut, labels in labelled.items()}
                halves[half + "_stories"] = part["cluster_id"].nunique()
            best = max(cuts, key=lambda cut: (halves["tune"][cut][1], -abs(cut - 0.3)))
            rows.append({"method": method, "set": subset, "split": split, "cut": best,
                         "tune_nmi": halves["tune"][best][0], "tune_ari": halves["tune"][best][1],
                         "nmi": halves["held"][best][0], "ari": halves["held"][best][1],
                         "clusters": halves["held_clusters"][best], "stories": halves["held_stories"]})
    return rows


def summary(rows: list[dict]) -> pd.DataFrame:
    """Mean over the splits per method and set: cut, tuning and held-out NMI/ARI, the held-out ARI range."""
    frame = pd.DataFrame(rows)
    table = frame.groupby(["method", "set"], sort=False).agg(
        cut=("cut", "mean"), tune_nmi=("tune_nmi", "mean"), tune_ari=("tune_ari", "mean"),
        nmi=("nmi", "mean"), ari=("ari", "mean"), ari_min=("ari", "min"), ari_max=("ari", "max"),
        clusters=("clusters", "mean"), stories=("stories", "mean"))
    return table.round(3).reset_index()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs")
    parser.add_argument("--work", default="/tmp/stories-eval")
    parser.add_argument("--processes", type=int, default=1, help="worker processes for the one-time analysis")
    parser.add_argument("--variants", default="default", help="named variants or key=value,... specs, separated by ';'")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--cut", type=float, default=None, help="score at this one cut instead of choosing it on the tuning half")
    parser.add_argument("--splits-table", action="store_true", help="print every split's row too")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus, gold = build_corpus(args.docs, args.work, processes=args.processes)
    articles = corpus.sql("SELECT article_id, record_id, date FROM articles")
    gold = gold.merge(articles, on="record_id", how="inner")
    gold["date"] = pd.to_datetime(gold["date"], errors="coerce")
    gold["collection"] = gold["cluster_id"].str.split(":").str[0]
    print(f"{len(gold)} articles analysed ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    counts = block_counts(corpus)
    cuts = [args.cut] if args.cut is not None else [round(value, 2) for value in np.arange(0.01, 0.71, 0.01)]
    rows = [] if args.no_baseline else evaluate(gold, None, "baseline", None, cuts)
    for spec in filter(None, args.variants.split(";")):
        rows += evaluate(gold, counts, spec, Variant.parse(spec), cuts)
        print(summary(rows).to_string(index=False), file=sys.stderr, flush=True)
    if args.splits_table:
        print(pd.DataFrame(rows).round(3).to_string(index=False))
    print(summary(rows).to_string(index=False))
    return 0


NAMED.update({
    "default": Variant(),  # the kept method (utils.stories: BLOCK_WEIGHTS, TIME_WEIGHT, NEIGHBOURS)
    "words-only": Variant(entities=0.0, keyphrases=0.0),
    "no-names": Variant(entities=0.0),
    "no-keyphrases": Variant(keyphrases=0.0),
    "no-time": Variant(time=0.0),
    "ignore-missing": Variant(missing=0.0),
    "former": Variant(entities=1.0, keyphrases=1.0, time=0.0, linkage="components", window=14.0, neighbours=10),
})

if __name__ == "__main__":
    sys.exit(main())
