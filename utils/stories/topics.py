"""Topics: broader groups of articles (a handful to a few dozen), each with its terms and its share of articles over time.

NMF over the words' TF-IDF (scikit-learn), chosen against LDA over the word counts by NMI and
adjusted Rand against the BBC bench's five categories (docs/methods-stories.md). The number of
topics is chosen by the data unless given: the candidate (``TOPIC_CANDIDATES``, at most one per
ten articles) whose topics' top terms co-occur most in the articles (UMass coherence, Mimno et al. 2011).
An article's topic is its heaviest.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sparse

METHODS = ("nmf", "lda")
TOPIC_CANDIDATES = (5, 8, 12, 20, 30)
TOP_TERMS = 10
LABEL_PHRASES = 3  # key phrases in a topic's label
PER_ARTICLE = 10  # an article's key phrases looked at (its top ten)

TOPIC_COLUMNS = ["topic_id", "label", "terms", "articles", "share"]


def fit_topics(matrix: sparse.csr_matrix, *, topics: int, method: str = "nmf", seed: int = 0):
    """A fitted scikit-learn NMF (on TF-IDF) or LDA (on the same matrix as pseudo-counts) and its article × topic weights."""
    if method == "nmf":
        from sklearn.decomposition import NMF

        model = NMF(n_components=topics, init="nndsvda", random_state=seed, max_iter=300)
    elif method == "lda":
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(n_components=topics, learning_method="online", random_state=seed, batch_size=512)
    else:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    with warnings.catch_warnings():  # 300 iterations without converging is still the topics: no warning on a report page
        from sklearn.exceptions import ConvergenceWarning

        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = model.fit_transform(matrix)
    return model, weights


def umass_coherence(binary: sparse.csc_matrix, components: np.ndarray, *, top: int = TOP_TERMS) -> float:
    """Mean UMass coherence of the topics' ``top`` terms: mean log((D(wi, wj) + 1) / D(wj)) over ordered pairs."""
    scores = []
    for component in components:
        terms = np.argsort(-component)[:top]
        columns = binary[:, terms]
        together = (columns.T @ columns).toarray()
        alone = np.diag(together)
        pairs = [np.log((together[i, j] + 1) / max(alone[j], 1)) for i in range(1, len(terms)) for j in range(i)]
        scores.append(float(np.mean(pairs)) if pairs else 0.0)
    return float(np.mean(scores))


def choose_topic_count(matrix: sparse.csr_matrix, *, method: str = "nmf", candidates: tuple[int, ...] = TOPIC_CANDIDATES) -> int:
    """The candidate number of topics with the most coherent topics (at most one topic per ten articles, at least 2)."""
    fitting = [k for k in candidates if k <= max(2, matrix.shape[0] // 10)] or [max(1, min(2, matrix.shape[0]))]
    binary = (matrix > 0).astype(float).tocsc()
    scores = {k: umass_coherence(binary, fit_topics(matrix, topics=k, method=method)[0].components_) for k in fitting}
    return max(scores, key=scores.get)


def find_topics(corpus, *, topics: int | None = None, method: str = "nmf", period: str = "M") -> dict[str, pd.DataFrame]:
    """``{"topics": one row per topic, "articles": article_id → topic_id, weight, "shares": share of articles per period and topic}``."""
    from utils.stories.features import article_table, term_counts, tfidf_block

    articles = article_table(corpus)
    matrix, terms = tfidf_block(term_counts(corpus, "words"), pd.Index(articles["article_id"]))
    if matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return _empty_topics()
    count = topics or choose_topic_count(matrix, method=method)
    count = max(1, min(count, matrix.shape[0], matrix.shape[1]))
    model, weights = fit_topics(matrix, topics=count, method=method)
    assigned = weights.argmax(axis=1)
    total = weights.sum(axis=1)
    table = articles[["article_id", "date"]].assign(
        topic_id=assigned.astype("int64"),
        weight=np.where(total > 0, weights.max(axis=1) / np.where(total > 0, total, 1), 0.0).round(4),
    )
    sizes = np.bincount(assigned, minlength=count)
    phrases = topic_phrases(corpus, table)
    rows = []
    for topic, component in enumerate(model.components_):
        top_terms = [str(terms[index]) for index in np.argsort(-component)[:TOP_TERMS]]
        label = ", ".join(phrases.get(topic, [])[:LABEL_PHRASES] or top_terms[:3])
        rows.append({"topic_id": topic, "label": label, "terms": ", ".join(top_terms),
                     "articles": int(sizes[topic]), "share": round(float(sizes[topic] / len(table)), 4)})
    topic_rows = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    return {"topics": topic_rows, "articles": table, "shares": topic_shares(table, topic_rows, period=period)}


def topic_phrases(corpus, articles: pd.DataFrame) -> dict[int, list[str]]:
    """Per topic, its key phrases best first: those among the top ten of the most of its articles, times the share
    of all articles holding them that are in the topic (so a phrase of every topic ranks low); variants as one
    (``keyphrases.phrase_key``), shown in their most written form; a phrase of one article only in a topic of several is left out."""
    from utils.pipeline.keyphrases import phrase_key
    from utils.stories.features import readable

    if not corpus.paths("keyphrases"):
        return {}
    rows = corpus.sql("SELECT article_id, phrase FROM keyphrases WHERE rank <= ?", [PER_ARTICLE])
    if rows.empty:
        return {}
    rows["key"] = [phrase_key(phrase) for phrase in rows["phrase"]]
    rows = rows[rows["key"] != ""].merge(articles[["article_id", "topic_id"]], on="article_id")
    shown = rows.groupby(["key", "phrase"]).size().rename("count").reset_index().sort_values(["key", "count", "phrase"], ascending=[True, False, True])
    shown = shown.drop_duplicates("key").set_index("key")["phrase"]
    overall = rows.groupby("key")["article_id"].nunique()
    inside = rows.groupby(["topic_id", "key"])["article_id"].nunique().rename("inside").reset_index()
    inside["score"] = inside["inside"] * inside["inside"] / overall.reindex(inside["key"]).to_numpy()
    sizes = articles.groupby("topic_id").size()
    inside = inside[(inside["inside"] >= 2) | (sizes.reindex(inside["topic_id"]).to_numpy() < 2)]
    inside = inside.sort_values(["topic_id", "score", "inside", "key"], ascending=[True, False, False, True])
    return {int(topic): [str(shown[key]) for key in group["key"] if readable(str(shown[key]))] for topic, group in inside.groupby("topic_id")}


def topic_shares(articles: pd.DataFrame, topics: pd.DataFrame, *, period: str = "M") -> pd.DataFrame:
    """Share of each period's articles in each topic: ``period`` (its first day), ``topic_id``, ``label``, ``articles``, ``share``."""
    dated = articles[articles["date"].notna()]
    if dated.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[us]"), "topic_id": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"),
                             "articles": pd.Series(dtype="int64"), "share": pd.Series(dtype="float64")})
    periods = dated["date"].dt.to_period(period).dt.start_time
    counts = dated.groupby([periods.rename("period"), "topic_id"]).size().rename("articles").reset_index()
    counts["share"] = (counts["articles"] / counts.groupby("period")["articles"].transform("sum")).round(4)
    return counts.merge(topics[["topic_id", "label"]], on="topic_id")[["period", "topic_id", "label", "articles", "share"]]


def _empty_topics() -> dict[str, pd.DataFrame]:
    return {
        "topics": pd.DataFrame({"topic_id": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"), "terms": pd.Series(dtype="str"),
                                "articles": pd.Series(dtype="int64"), "share": pd.Series(dtype="float64")}),
        "articles": pd.DataFrame({"article_id": pd.Series(dtype="str"), "date": pd.Series(dtype="datetime64[us]"),
                                  "topic_id": pd.Series(dtype="int64"), "weight": pd.Series(dtype="float64")}),
        "shares": topic_shares(pd.DataFrame({"date": pd.Series(dtype="datetime64[us]"), "topic_id": pd.Series(dtype="int64")}),
                               pd.DataFrame({"topic_id": pd.Series(dtype="int64"), "label": pd.Series(dtype="str")})),
    }
