"""Shared passages across a corpus: wire copy reused by several outlets, a paragraph lifted from a press release.

Candidates come from MinHash LSH (``datasketch``) over each sentence's word 5-shingles: two
sentences of different articles whose estimated Jaccard similarity passes ``threshold`` make
their articles a candidate pair, so the search grows with the number of sentences, not its
square (a passage of ``MIN_WORDS`` words or more holds at least one sentence or most of one). Each candidate pair is then placed word for word by :func:`utils.stories.passages.shared_passages`,
which gives every passage's offsets in both articles (into each article's ``analysis.text``).
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pandas as pd

from utils.stories.passages import MIN_WORDS, PASSAGE_COLUMNS, shared_passages, word_spans

SHINGLE_WORDS = 5
NUM_PERM = 64
THRESHOLD = 0.5  # estimated Jaccard of two paragraphs' shingles for their articles to be compared

SHARED_COLUMNS = ["article_a", "article_b", *PASSAGE_COLUMNS]
PAIR_COLUMNS = ["article_a", "article_b", "passages", "words", "share_a", "share_b"]


def article_texts(corpus) -> Iterator[tuple[str, str]]:
    """(article_id, text) of every article, the text rebuilt from its paragraphs at their offsets (gaps as newlines)."""
    paragraphs = corpus.sql("SELECT article_id, text, start_char, end_char FROM paragraphs ORDER BY article_id, start_char")
    for article_id, group in paragraphs.groupby("article_id", sort=False):
        yield str(article_id), rebuild_text(group)


def rebuild_text(paragraphs: pd.DataFrame) -> str:
    """An article's text from its paragraph rows: each paragraph at its ``start_char``, newlines between."""
    pieces, position = [], 0
    for text, start in zip(paragraphs["text"], paragraphs["start_char"]):
        pieces.append("\n" * max(0, int(start) - position))
        pieces.append(str(text))
        position = int(start) + len(str(text))
    return "".join(pieces)


def _shingles(words: list[str]) -> list[bytes]:
    return [" ".join(words[index:index + SHINGLE_WORDS]).encode() for index in range(len(words) - SHINGLE_WORDS + 1)]


def candidate_pairs(sentences: pd.DataFrame, *, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> set[tuple[str, str]]:
    """Article pairs (sorted ids) with at least one pair of sentences (``article_id, text`` rows) alike by MinHash LSH."""
    from datasketch import MinHash, MinHashLSH

    keys, shingle_sets = [], []
    for number, (article_id, text) in enumerate(zip(sentences["article_id"], sentences["text"])):
        words, _ = word_spans(str(text))
        if len(words) >= MIN_WORDS:
            keys.append((str(article_id), number))
            shingle_sets.append(_shingles(words))
    if not keys:
        return set()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = MinHash.bulk(shingle_sets, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for key, minhash in zip(keys, hashes):
            session.insert(key, minhash)
    pairs = set()
    for (article_id, _), minhash in zip(keys, hashes):
        for other, _ in lsh.query(minhash):
            if other != article_id:
                pairs.add((article_id, other) if article_id < other else (other, article_id))
    return pairs


def find_shared_passages(corpus, *, threshold: float = THRESHOLD, min_words: int = MIN_WORDS) -> dict[str, pd.DataFrame]:
    """``{"passages": one row per passage two articles share, "pairs": one row per article pair}`` of ``corpus``.

    ``pairs`` gives each pair's passages, shared words and the share of each article's words they cover
    (near 1 for both: the same article twice).
    """
    texts = dict(article_texts(corpus))
    word_counts = {article_id: len(word_spans(text)[0]) for article_id, text in texts.items()}
    rows, pair_rows = [], []
    sentences = corpus.sql("SELECT article_id, text FROM sentences")
    for article_a, article_b in sorted(candidate_pairs(sentences, threshold=threshold)):
        passages = shared_passages(texts[article_a], texts[article_b], min_words=min_words)
        if passages.empty:
            continue
        rows.append(passages.assign(article_a=article_a, article_b=article_b))
        words = int(passages["words"].sum())
        pair_rows.append({"article_a": article_a, "article_b": article_b, "passages": len(passages), "words": words,
                          "share_a": round(words / max(word_counts[article_a], 1), 4), "share_b": round(words / max(word_counts[article_b], 1), 4)})
    passages = pd.concat(rows, ignore_index=True)[SHARED_COLUMNS] if rows else _empty(SHARED_COLUMNS)
    pairs = pd.DataFrame(pair_rows, columns=PAIR_COLUMNS)
    return {"passages": passages, "pairs": pairs.astype({"passages": "int64", "words": "int64", "share_a": "float64", "share_b": "float64"})}


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    dtypes = {"article_a": "str", "article_b": "str", "text_a": "str", "text_b": "str"}
    return pd.DataFrame({column: pd.Series(dtype=dtypes.get(column, "int64")) for column in columns})


def article_text(corpus, article_id: str) -> str:
    """One article's text rebuilt from its paragraphs (offsets as in its ``analysis.text``)."""
    return rebuild_text(corpus.sql("SELECT text, start_char FROM paragraphs WHERE article_id = ? ORDER BY start_char", [article_id]))
