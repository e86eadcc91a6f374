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
BLOCK_WEIGHTS = {"words": 1.0, "entities": 0.25, "keyphrases": 0.5}  # chosen on news_events (docs/methods-stories.md)


@dataclass
class ArticleFeatures:
    """Articles (in corpus order) with their dates, sources and one TF-IDF matrix per block (rows = articles)."""

    articles: pd.DataFrame  # article_id, date, source, title, category
    blocks: dict[str, sparse.csr_matrix]
    terms: dict[str, np.ndarray]
    display: dict[str, str] | None = None  # an entity or key-phrase term (its phrase key) -> its most written form

    def combined(self, weights: dict[str, float] | None = None) -> sparse.csr_matrix:
        """The blocks side by side, each scaled by its weight, rows L2-normalised (cosine = dot product)."""
        from sklearn.preprocessing import normalize

        weights = weights or BLOCK_WEIGHTS
        parts = [self.blocks[name] * weights.get(name, 1.0) for name in BLOCKS if name in self.blocks and weights.get(name, 1.0)]
        return normalize(sparse.hstack(parts, format="csr"))


def readable(term: str) -> bool:
    """True for a name or phrase a label may show: at least three letters, or two capitals ("EU"); never a piece of a
    word the tokenizer split ("wi", "fi" of "wi-fi", "f" of "F-Air", a lone initial)."""
    letters = "".join(character for character in term if character.isalpha())
    return len(letters) >= 3 or (len(letters) == 2 and letters.isupper())


def article_table(corpus) -> pd.DataFrame:
    """The corpus articles: ``article_id``, ``date`` (datetime64, NaT when unknown), ``source``, ``title``, ``category``."""
    articles = corpus.sql("SELECT article_id, date, source, title, category FROM articles ORDER BY position")
    articles["date"] = pd.to_datetime(articles["date"], errors="coerce")
    return articles


def term_counts(corpus, block: str, *, keyphrases: pd.DataFrame | None = None) -> pd.DataFrame:
    """``article_id, term, count`` rows of one block: in-scope content-word lemmas, named entities, key phrases.

    An entity's or key phrase's term is its phrase key (``keyphrases.phrase_key``: case, plural,
    possessive), a person's the key of their fullest name in the corpus (``keyphrases.person_keys``:
    "Lohan" is "Lindsay Lohan" when only one Lohan is named).
    """
    from utils.pipeline.keyphrases import phrase_key

    if block == "words":
        return corpus.sql(
            "SELECT article_id, lower(lemma) AS term, count(*)::BIGINT AS count FROM tokens "
            "WHERE in_scope AND is_alpha AND NOT is_stop GROUP BY ALL"
        )
    if block == "entities":
        rows = corpus.sql("SELECT article_id, name, label, greatest(mention_count, 1)::BIGINT AS count FROM entities WHERE is_named")
        people = _person_keys(rows)
        keys = [phrase_key(name) for name in rows["name"]]
        rows["term"] = [people.get(key, key) if label == "PERSON" else key for key, label in zip(keys, rows["label"])]
        return rows[rows["term"] != ""].groupby(["article_id", "term"], as_index=False)["count"].sum()
    if block == "keyphrases":
        if keyphrases is None:
            if not corpus.paths("keyphrases"):
                return pd.DataFrame({"article_id": pd.Series(dtype="str"), "term": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})
            keyphrases = corpus.sql("SELECT article_id, phrase, occurrences FROM keyphrases")
        elif corpus.is_view:
            keyphrases = keyphrases[keyphrases["article_id"].isin(set(corpus.article_ids))]
        rows = keyphrases.assign(term=[phrase_key(phrase) for phrase in keyphrases["phrase"]], count=keyphrases["occurrences"].clip(lower=1))
        return rows[rows["term"] != ""].groupby(["article_id", "term"], as_index=False)["count"].sum()
    raise ValueError(f"block must be one of {BLOCKS}, not {block!r}")


def _person_keys(entities: pd.DataFrame) -> dict[str, str]:
    from utils.pipeline.keyphrases import person_keys

    people = entities[entities["label"] == "PERSON"].groupby("name", as_index=False)["count"].sum()
    return person_keys(people["name"].tolist(), mentions=people["count"].tolist())


def display_forms(corpus, *, keyphrases: pd.DataFrame | None = None) -> dict[str, str]:
    """Entity and key-phrase term (phrase key) → its most written form in the corpus (a person's fullest name)."""
    from utils.pipeline.keyphrases import phrase_key

    names = corpus.sql("SELECT name, label, sum(greatest(mention_count, 1))::BIGINT AS count FROM entities WHERE is_named GROUP BY ALL")
    people = _person_keys(names)
    names["term"] = [people.get(phrase_key(name), phrase_key(name)) if label == "PERSON" else phrase_key(name)
                     for name, label in zip(names["name"], names["label"])]
    names["full"] = names["term"] == [phrase_key(name) for name in names["name"]]
    if keyphrases is not None:
        phrases = keyphrases.groupby("phrase").size().rename("count").reset_index()
    elif corpus.paths("keyphrases"):
        phrases = corpus.sql("SELECT phrase, count(*)::BIGINT AS count FROM keyphrases GROUP BY phrase")
    else:
        phrases = pd.DataFrame({"phrase": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})
    forms = [names[["term", "name", "full", "count"]],
             phrases.rename(columns={"phrase": "name"}).assign(term=[phrase_key(phrase) for phrase in phrases["phrase"]], full=True)]
    table = pd.concat(forms, ignore_index=True).sort_values(["term", "full", "count", "name"], ascending=[True, False, False, True])
    return dict(zip(*table.drop_duplicates("term")[["term", "name"]].T.to_numpy()))


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
    display = display_forms(corpus, keyphrases=keyphrases) if {"entities", "keyphrases"} & set(blocks) else None
    return ArticleFeatures(articles, matrices, terms, display)
