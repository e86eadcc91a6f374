"""Average linkage over a sparse graph of candidate pairs: story clusters without an n×n matrix.

Candidate pairs are each article's ``neighbours`` nearest others by cosine (either direction).
Two articles' similarity may be lowered by the days between them (:func:`time_factors`: a soft
penalty growing with the log of the gap, never a cut). Clusters are then merged best pair first
while their average similarity is at least the cut (UPGMA, Lance and Williams' update); a pair of
articles that is no candidate counts as similarity 0 (or, with ``missing`` below 1, counts less),
so the work grows with the candidate pairs, not with n². The merges are recorded once, so every
cut is a prefix of them (:func:`cut_merges`).
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
import scipy.sparse as sparse

TIME_SCALE_DAYS = 7.0  # the gap at which the time penalty has reached log(2) / log(1 + 365 / 7) of its full weight
TIME_HORIZON_DAYS = 365.0  # the gap from which the full penalty applies


def candidate_pairs(indices: np.ndarray, similarities: np.ndarray, *, floor: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct pairs (a < b) among each row's nearest neighbours (``neighbour_links``), with their similarity, at least ``floor``."""
    count, k = indices.shape
    rows = np.repeat(np.arange(count), k)
    columns, values = indices.ravel(), similarities.ravel()
    keep = (rows != columns) & (values >= floor) & (columns >= 0)
    first, second = np.minimum(rows[keep], columns[keep]), np.maximum(rows[keep], columns[keep])
    pairs = pd.DataFrame({"a": first, "b": second, "similarity": values[keep]}).groupby(["a", "b"], as_index=False)["similarity"].max()
    return pairs["a"].to_numpy(), pairs["b"].to_numpy(), pairs["similarity"].to_numpy(dtype=float)


def time_factors(dates: np.ndarray, first: np.ndarray, second: np.ndarray, *, weight: float) -> np.ndarray:
    """Per pair, 1 − ``weight`` × log(1 + gap / 7) / log(1 + 365 / 7) (gap in days, capped at a year); 1 when a date is unknown."""
    if weight == 0 or len(first) == 0:
        return np.ones(len(first))
    difference = dates.astype("datetime64[D]")[first] - dates.astype("datetime64[D]")[second]
    unknown = np.isnat(difference)  # NaT would otherwise become a huge number of days
    gap = np.abs(np.where(unknown, 0, difference.astype("timedelta64[D]").astype("int64"))).astype(float)
    scaled = np.log1p(np.minimum(gap, TIME_HORIZON_DAYS) / TIME_SCALE_DAYS) / np.log1p(TIME_HORIZON_DAYS / TIME_SCALE_DAYS)
    return np.where(unknown, 1.0, 1.0 - weight * scaled)


def average_linkage(count: int, first: np.ndarray, second: np.ndarray, similarities: np.ndarray, *, floor: float,
                    missing: float = 1.0, join: float = float("inf")) -> np.ndarray:
    """The merges of average linkage over the candidate pairs, best first, down to ``floor``: rows (a, b, similarity).

    ``a`` and ``b`` are one article of each of the two clusters merged. Two clusters' similarity is
    the sum of their candidate pairs' similarities over their number plus ``missing`` × the number
    of their article pairs that are no candidate (1: such a pair counts as similarity 0; 0: the mean
    of the candidate pairs alone). Pairs at least ``join`` alike (near copies) are merged first
    whatever their clusters' mean (single linkage above ``join``). Every merge above ``floor`` is the
    same whatever ``floor`` is, so one run serves every cut at or above it (and below ``join``).
    """
    sums: list[dict[int, float]] = [dict() for _ in range(count)]
    pairs: list[dict[int, int]] = [dict() for _ in range(count)]
    for a, b, value in zip(first.tolist(), second.tolist(), similarities.tolist()):
        if value > 0 and a != b:
            sums[a][b] = sums[b][a] = value
            pairs[a][b] = pairs[b][a] = 1
    size = [1] * count
    alive = [True] * count
    into = list(range(count))  # the cluster an article's cluster was merged into
    merges = []

    def mean(a: int, b: int) -> float:
        linked = pairs[a][b]
        return sums[a][b] / (linked + missing * (size[a] * size[b] - linked))

    def cluster(article: int) -> int:
        while into[article] != article:
            into[article] = into[into[article]]
            article = into[article]
        return article

    def merge(a: int, b: int, value: float, heap: list | None) -> None:
        merges.append((a, b, value))
        sums[a].pop(b, None), sums[b].pop(a, None), pairs[a].pop(b, None), pairs[b].pop(a, None)
        size[a] += size[b]
        for other in set(sums[a]) | set(sums[b]):
            sums[a][other] = sums[other][a] = sums[a].get(other, 0.0) + sums[b].get(other, 0.0)
            pairs[a][other] = pairs[other][a] = pairs[a].get(other, 0) + pairs[b].get(other, 0)
            sums[other].pop(b, None)
            pairs[other].pop(b, None)
            if heap is not None:
                heapq.heappush(heap, (-mean(a, other), min(a, other), max(a, other)))
        sums[b], pairs[b] = {}, {}
        alive[b] = False
        into[b] = a

    for index in np.argsort(-similarities, kind="stable"):
        if similarities[index] < join:
            break
        a, b = cluster(int(first[index])), cluster(int(second[index]))
        if a != b:
            merge(min(a, b), max(a, b), float(similarities[index]), None)
    heap = [(-mean(a, b), a, b) for a in range(count) if alive[a] for b in sums[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in sums[a] or mean(a, b) != -negative:
            continue  # a stale entry: one side was merged since, or the pair's similarity changed
        if -negative < floor:
            break
        merge(a, b, -negative, heap)
    return np.array(merges, dtype=float).reshape(-1, 3)


def cut_merges(count: int, merges: np.ndarray, threshold: float) -> np.ndarray:
    """Per article, its cluster (a connected component of the merges at least ``threshold`` alike), numbered from 0."""
    from scipy.sparse.csgraph import connected_components

    keep = np.minimum.accumulate(merges[:, 2]) >= threshold if len(merges) else np.zeros(0, dtype=bool)
    a, b = merges[keep, 0].astype(int), merges[keep, 1].astype(int)
    graph = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(count, count)).tocsr()
    return connected_components(graph, directed=False)[1]
