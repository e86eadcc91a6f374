"""Story clusters: articles about the same event, from the words, names and key phrases they share and how close their dates are.

Each article's nearest neighbours by cosine similarity of its combined TF-IDF features
(scikit-learn ``NearestNeighbors``, brute force over the sparse matrix, in chunks) are its
candidate pairs; a pair's similarity is lowered softly by the days between the two articles (no
date: not at all; never a hard window, so a story running for months stays one). Clusters are
merged by average linkage over those candidate pairs (:mod:`utils.stories.linkage`) while they are
at least ``min_similarity`` alike; a story is a cluster of two articles or more. An article joined
to none belongs to no story (``story_id`` -1). Memory is the sparse features plus ``neighbours``
pairs an article: no n×n matrix. The settings were chosen on half the stories of ``news_events``
and reported on the other half (``evaluation.stories_eval``, docs/methods-stories.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sparse

from utils.stories.features import ArticleFeatures, readable
from utils.stories.linkage import average_linkage, candidate_pairs, cut_merges, time_factors

NEIGHBOURS = 10  # candidate pairs looked at per article
MIN_SIMILARITY = 0.15  # the cut: mean similarity of two clusters' article pairs, a non-candidate pair counting 0 (chosen on news_events)
JOIN = 0.5  # a pair at least this alike (a copy) joins whatever its clusters' mean (docs/methods-stories.md)
TIME_WEIGHT = 0.6  # how much a year between two articles lowers their similarity (docs/methods-stories.md)
LABEL_TERMS = 6  # names and key phrases looked at for a label (two of each are shown)
WORKING_MEMORY_MB = 128  # the largest block of distances computed at once

MEMBER_COLUMNS = ["article_id", "story_id", "date", "source", "title", "best_similarity"]
STORY_COLUMNS = ["story_id", "label", "articles", "sources", "source_list", "first_date", "last_date", "days",
                 "top_entities", "top_keyphrases", "tone"]


def neighbour_links(matrix: sparse.csr_matrix, *, neighbours: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
    """(indices, similarities) of each row's ``neighbours`` nearest other rows by cosine, shape (n, neighbours)."""
    import sklearn
    from sklearn.neighbors import NearestNeighbors

    count = matrix.shape[0]
    k = min(neighbours + 1, count)
    model = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(matrix)
    with sklearn.config_context(working_memory=WORKING_MEMORY_MB):  # distances in chunks of rows, never all n×n at once
        distances, indices = model.kneighbors(matrix)
    return indices, 1.0 - distances


def story_merges(features: ArticleFeatures, *, floor: float = MIN_SIMILARITY, time_weight: float = TIME_WEIGHT,
                 neighbours: int = NEIGHBOURS, join: float = JOIN) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The average-linkage merges (a, b, similarity) down to ``floor`` and the candidate pairs (a, b, similarity after the time penalty)."""
    count = len(features.articles)
    empty = (np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0))
    matrix = features.combined() if count >= 2 else None
    if matrix is None or matrix.shape[1] == 0 or matrix.nnz == 0:  # no term shared by two articles: nothing links them
        return np.zeros((0, 3)), empty
    first, second, values = candidate_pairs(*neighbour_links(matrix, neighbours=neighbours))
    values = values * time_factors(features.articles["date"].to_numpy(dtype="datetime64[D]"), first, second, weight=time_weight)
    return average_linkage(count, first, second, values, floor=floor, join=join), (first, second, values)


def story_labels(features: ArticleFeatures, *, min_similarity: float = MIN_SIMILARITY, time_weight: float = TIME_WEIGHT,
                 neighbours: int = NEIGHBOURS, merges: tuple | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per article, its story number (0 = the largest story, -1 = none) and its best candidate pair's similarity inside its story.

    ``merges`` (from :func:`story_merges` with a floor at or below ``min_similarity``) may be passed to try several cuts on one search.
    """
    count = len(features.articles)
    if count < 2:
        return np.full(count, -1), np.zeros(count)
    merged, (first, second, values) = merges or story_merges(features, floor=min_similarity, time_weight=time_weight, neighbours=neighbours)
    component = cut_merges(count, merged, min_similarity)
    sizes = np.bincount(component)
    inside = component[first] == component[second]
    best = np.zeros(count)
    np.maximum.at(best, first[inside], values[inside])
    np.maximum.at(best, second[inside], values[inside])
    # number the stories by size (largest first), then by first article; singletons are no story
    first_article = np.full(len(sizes), count)
    np.minimum.at(first_article, component, np.arange(count))
    order = sorted((cluster for cluster in range(len(sizes)) if sizes[cluster] >= 2), key=lambda cluster: (-sizes[cluster], first_article[cluster]))
    number = np.full(len(sizes), -1)
    number[order] = np.arange(len(order))
    return number[component], best


def story_members(features: ArticleFeatures, labels: np.ndarray, similarity: np.ndarray) -> pd.DataFrame:
    """One row per article: its ``story_id`` (-1: none), date, source, title and best link's similarity."""
    members = features.articles[["article_id", "date", "source", "title"]].copy()
    members.insert(1, "story_id", labels.astype("int64"))
    members["best_similarity"] = similarity.round(4)
    return members[MEMBER_COLUMNS]


def distinct_names(names: list[str]) -> list[str]:
    """``names`` in order, less each one whose words another of them holds ("Page" beside "Bettie Page")."""
    names = [name for name in names if readable(name)]
    words = [set(name.casefold().split()) for name in names]
    return [name for index, name in enumerate(names)
            if not any(other != index and words[index] < words[other] or (other < index and words[index] == words[other]) for other in range(len(names)))]


def label_phrases(phrases: list[str], names: list[str]) -> list[str]:
    """The key phrases worth a label beside ``names``: none a name already holds, several words or a name first, single lower-case words last."""
    taken = {word for name in names for word in name.casefold().split()}
    fresh = [phrase for phrase in phrases if readable(phrase) and not set(phrase.casefold().split()) <= taken]
    return sorted(fresh, key=lambda phrase: len(phrase.split()) == 1 and phrase.islower())


def story_table(features: ArticleFeatures, members: pd.DataFrame, tone: pd.DataFrame, *, label_terms: int = LABEL_TERMS) -> pd.DataFrame:
    """One row per story: its label (its top names and key phrases), size, sources, first and last date, mean tone.

    The top names and key phrases of a story are those with the largest summed TF-IDF weight over
    its articles, shown in their most written form; a label never falls back to single words of the text.
    """
    in_story = members[members["story_id"] >= 0]
    if in_story.empty:
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in zip(STORY_COLUMNS, _STORY_DTYPES)})
    positions = pd.Index(features.articles["article_id"]).get_indexer(in_story["article_id"])
    story_ids = in_story["story_id"].to_numpy()
    count = int(story_ids.max()) + 1
    assign = sparse.csr_matrix((np.ones(len(positions)), (story_ids, positions)), shape=(count, len(features.articles)))
    top = {}
    for block in ("entities", "keyphrases"):
        matrix = features.blocks.get(block)
        if matrix is None or matrix.shape[1] == 0:
            top[block] = [[] for _ in range(count)]
            continue
        sums = (assign @ matrix).tocsr()
        top[block] = [_top_terms(sums, story, features.terms[block], label_terms) for story in range(count)]
    tone_by_article = tone.set_index("article_id")["sentiment"] if len(tone) else pd.Series(dtype=float)
    rows = []
    for story_id, group in in_story.groupby("story_id", sort=True):
        entities = distinct_names([(features.display or {}).get(term, term) for term in top["entities"][story_id]])
        phrases = label_phrases([(features.display or {}).get(term, term) for term in top["keyphrases"][story_id]], entities)
        label = ", ".join([*entities[:2], *phrases[:2]]) or f"story {story_id}"
        sources = group["source"].dropna().astype(str)
        first, last = group["date"].min(), group["date"].max()
        rows.append({
            "story_id": int(story_id), "label": label, "articles": len(group), "sources": int(sources.nunique()),
            "source_list": ", ".join(sources.value_counts().index[:6]),
            "first_date": first, "last_date": last,
            "days": int((last - first).days) + 1 if pd.notna(first) and pd.notna(last) else 0,
            "top_entities": "; ".join(entities), "top_keyphrases": "; ".join(phrases),
            "tone": float(tone_by_article.reindex(group["article_id"]).mean()) if len(tone_by_article) else float("nan"),
        })
    return pd.DataFrame(rows, columns=STORY_COLUMNS).astype(dict(zip(STORY_COLUMNS, _STORY_DTYPES)))


_STORY_DTYPES = ["int64", "str", "int64", "int64", "str", "datetime64[us]", "datetime64[us]", "int64", "str", "str", "float64"]


def _top_terms(sums: sparse.csr_matrix, row: int, terms: np.ndarray, n: int) -> list[str]:
    start, end = sums.indptr[row], sums.indptr[row + 1]
    values, columns = sums.data[start:end], sums.indices[start:end]
    order = np.argsort(-values, kind="stable")[:n]
    return [str(terms[columns[index]]) for index in order]


def find_stories(corpus, *, keyphrases: pd.DataFrame | None = None, min_similarity: float = MIN_SIMILARITY,
                 time_weight: float = TIME_WEIGHT, neighbours: int = NEIGHBOURS) -> dict[str, pd.DataFrame]:
    """``{"stories": one row per story, "members": one row per article}`` of ``corpus`` (not cached: see ``utils.stories.cache``)."""
    from utils.stories.features import article_features

    from utils.explore.corpus import article_tone

    features = article_features(corpus, keyphrases=keyphrases)
    labels, similarity = story_labels(features, min_similarity=min_similarity, time_weight=time_weight, neighbours=neighbours)
    members = story_members(features, labels, similarity)
    return {"stories": story_table(features, members, article_tone(corpus)[["article_id", "sentiment"]]), "members": members}


def story_timeline(members: pd.DataFrame, stories: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """Articles per day of the ``n`` largest stories: ``story_id, label, date, articles``."""
    top = stories.nsmallest(n, "story_id")
    rows = members[members["story_id"].isin(top["story_id"]) & members["date"].notna()]
    daily = rows.groupby(["story_id", rows["date"].dt.normalize()]).size().rename("articles").reset_index()
    return daily.merge(top[["story_id", "label"]], on="story_id")[["story_id", "label", "date", "articles"]]
