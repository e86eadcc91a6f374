"""What articles share, as sparse TF-IDF matrices: their named entities, their key phrases and their words.

Each block is built from ``(article_id, term, count)`` rows aggregated out of core by DuckDB
(:meth:`utils.corpus_tables.CorpusTables.sql`), weighted by scikit-learn's ``TfidfTransformer`` (sublinear tf,
smoothed idf) and L2-normalised; a term in one article only links nothing and is dropped.
Nothing here is dense in the number of articles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sparse

BLOCKS = ("words", "entities", "keyphrases")
BLOCK_WEIGHTS = {"words": 1.0, "entities": 1.0, "keyphrases": 1.0}  # equal: not tuned


@dataclass
class ArticleFeatures:
    """Articles (in corpus order) with their dates, sources and one TF-IDF matrix per block (rows = articles)."""

    articles: pd.DataFrame  # article_id, date, source, title, category
    blocks: dict[str, sparse.csr_matrix]
    terms: dict[str, np.ndarray]
    display: dict[str, str] | None = None  # an entity term (lower-cased name) -> its most-mentioned written form

    def combined(self, weights: dict[str, float] | None = None) -> sparse.csr_matrix:
        """The blocks side by side, each scaled by its weight, rows L2-normalised (cosine = dot product)."""
        from sklearn.preprocessing import normalize

        weights = weights or BLOCK_WEIGHTS
        parts = [self.blocks[name] * weights.get(name, 1.0) for name in BLOCKS if name in self.blocks and weights.get(name, 1.0)]
        return normalize(sparse.hstack(parts, format="csr"))


def article_table(corpus) -> pd.DataFrame:
    """The corpus articles: ``article_id``, ``date`` (datetime64, NaT when unknown), ``source``, ``title``, ``category``."""
    articles = corpus.sql("SELECT article_id, date, source, title, category FROM articles ORDER BY position")
    articles["date"] = pd.to_datetime(articles["date"], errors="coerce")
    return articles


def term_counts(corpus, block: str, *, keyphrases: pd.DataFrame | None = None) -> pd.DataFrame:
    """``article_id, term, count`` rows of one block: in-scope content-word lemmas, named entities (by name), key phrases."""
    if block == "words":
        return corpus.sql(
            "SELECT article_id, lower(lemma) AS term, count(*)::BIGINT AS count FROM tokens "
            "WHERE in_scope AND is_alpha AND NOT is_stop GROUP BY ALL"
        )
    if block == "entities":
        return corpus.sql(
            "SELECT article_id, lower(name) AS term, sum(greatest(mention_count, 1))::BIGINT AS count FROM entities "
            "WHERE is_named GROUP BY ALL"
        )
    if block == "keyphrases":
        if keyphrases is None:
            if not corpus.paths("keyphrases"):
                return pd.DataFrame({"article_id": pd.Series(dtype="str"), "term": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})
            keyphrases = corpus.sql("SELECT article_id, phrase, occurrences FROM keyphrases")
        elif corpus.is_view:
            keyphrases = keyphrases[keyphrases["article_id"].isin(set(corpus.article_ids))]
        rows = keyphrases.assign(term=keyphrases["phrase"].str.lower(), count=keyphrases["occurrences"].clip(lower=1))
        return rows.groupby(["article_id", "term"], as_index=False)["count"].sum()
    raise ValueError(f"block must be one of {BLOCKS}, not {block!r}")


def tfidf_block(counts: pd.DataFrame, article_ids: pd.Index) -> tuple[sparse.csr_matrix, np.ndarray]:
    """A TF-IDF matrix (rows = ``article_ids``) of the terms that at least two articles hold, and those terms."""
    from sklearn.feature_extraction.text import TfidfTransformer

    rows = article_ids.get_indexer(counts["article_id"])
    counts = counts[rows >= 0]
    rows = rows[rows >= 0]
    codes, terms = pd.factorize(counts["term"])
    matrix = sparse.csr_matrix((counts["count"].to_numpy(dtype=float), (rows, codes)), shape=(len(article_ids), len(terms)))
    shared = np.flatnonzero(np.asarray((matrix > 0).sum(axis=0)).ravel() >= 2)
    matrix = matrix[:, shared]
    if matrix.shape[1] == 0:
        return sparse.csr_matrix((len(article_ids), 0)), np.array([], dtype=object)
    return TfidfTransformer(sublinear_tf=True).fit_transform(matrix).tocsr(), np.asarray(terms)[shared]


def article_features(corpus, *, keyphrases: pd.DataFrame | None = None, blocks: tuple[str, ...] = BLOCKS) -> ArticleFeatures:
    """The articles of ``corpus`` (a view: its articles) with one TF-IDF block each of ``blocks``.

    ``keyphrases`` (``article_id, phrase, occurrences``) stands in for the corpus's own keyphrases
    table (a corpus analysed before that table existed).
    """
    articles = article_table(corpus)
    index = pd.Index(articles["article_id"])
    matrices, terms = {}, {}
    for block in blocks:
        matrices[block], terms[block] = tfidf_block(term_counts(corpus, block, keyphrases=keyphrases), index)
    display = None
    if "entities" in blocks:
        names = corpus.sql("SELECT lower(name) AS term, arg_max(name, mention_count) AS name FROM entities WHERE is_named GROUP BY ALL")
        display = dict(zip(names["term"], names["name"]))
    return ArticleFeatures(articles, matrices, terms, display)
