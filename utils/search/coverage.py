"""The matching coverage against the rest: who is named, who is quoted, tone, distinguishing words.

DuckDB aggregates over the corpus tables (:meth:`utils.corpus_tables.CorpusTables.sql`): a corpus (or a view) and
the matching articles (``corpus.subset(query)``, or their ids; for tone, the matching sentences) in, a small table out;
no whole table is loaded into pandas. "The rest" is every other article of the corpus (of the view).
Entities are counted by their corpus identity (:func:`utils.explore.corpus.prepare_named_mentions`:
one name across articles; named mentions the analysis counts, pronouns left out); speakers as
:mod:`utils.explore.sources` names them (the entity a pronoun refers to, by its corpus name, else the
speaker as written; a voice without a name is left out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import pandas as pd

from utils.explore.compare import weighted_log_odds
from utils.explore.corpus import prepare_named_mentions
from utils.explore.sources import unnamed_voice_sql
from utils.pipeline.speakers import CREDITED_QUOTES_SQL

if TYPE_CHECKING:
    from utils.corpus_tables import CorpusTables

SCORED = "s.in_scope AND s.sentiment IS NOT NULL AND NOT isnan(s.sentiment)"
WORDS = "t.in_scope AND (t.is_alpha OR t.like_num) AND NOT t.is_stop"  # the words of notebook 05's log-odds


def _ids(matching: "CorpusTables | Sequence[str]") -> list[str]:
    """The matching articles' ids, from a view (``corpus.subset(query)``) or a list of ids."""
    ids = getattr(matching, "article_ids", matching)
    return list(ids if ids is not None else [])


def _with_matching(corpus: "CorpusTables", article_ids: "CorpusTables | Sequence[str]", sql: str, params: list | None = None) -> pd.DataFrame:
    """Run ``sql`` with the table ``matching`` (article_id) registered on the corpus's connection."""
    import pyarrow as pa

    article_ids = _ids(article_ids)
    connection = corpus.connection()
    connection.register("matching", pa.table({"article_id": pa.array(list(article_ids), type=pa.string())}))
    try:
        return connection.execute(sql, params or []).df()
    finally:
        connection.unregister("matching")


def article_counts(corpus: "CorpusTables", matching: "CorpusTables | Sequence[str]") -> dict[str, int]:
    """How many articles match and how many do not."""
    frame = _with_matching(corpus, matching, """
        SELECT count(*) FILTER (WHERE article_id IN (SELECT article_id FROM matching)) AS matching, count(*) AS total FROM articles""")
    matching, total = int(frame["matching"].iloc[0]), int(frame["total"].iloc[0])
    return {"matching": matching, "rest": total - matching}


def named_against_rest(corpus: "CorpusTables", matching: "CorpusTables | Sequence[str]", *, n: int = 10) -> pd.DataFrame:
    """The n entities named in the most matching articles: name, label, articles_matching, articles_rest,
    share_matching and share_rest (of the matching / other articles naming it), mentions_matching, mentions_rest."""
    counts = article_counts(corpus, matching)
    view = prepare_named_mentions(corpus)  # each entity by its corpus identity: one name across articles
    frame = _with_matching(corpus, matching, f"""
        WITH named AS (
            SELECT article_id, name, label, article_id IN (SELECT article_id FROM matching) AS matched FROM {view})
        SELECT name, label,
               count(DISTINCT article_id) FILTER (WHERE matched) AS articles_matching,
               count(DISTINCT article_id) FILTER (WHERE NOT matched) AS articles_rest,
               count(*) FILTER (WHERE matched) AS mentions_matching,
               count(*) FILTER (WHERE NOT matched) AS mentions_rest
        FROM named GROUP BY name, label HAVING articles_matching > 0
        ORDER BY articles_matching DESC, mentions_matching DESC, name, label LIMIT ?""", [int(n)])
    return _shares(frame, counts)[["name", "label", "articles_matching", "share_matching", "articles_rest", "share_rest",
                                   "mentions_matching", "mentions_rest"]]


def quoted_against_rest(corpus: "CorpusTables", matching: "CorpusTables | Sequence[str]", *, n: int = 10) -> pd.DataFrame:
    """The n speakers given the most quoted words in the matching articles (unnamed and unfound speakers
    and pronouns no name was found for left out: :func:`utils.explore.sources.unnamed_voice`): speaker, quoted_words_matching, quotes_matching, articles_matching, share_matching, and the same for the rest."""
    counts = article_counts(corpus, matching)
    prepare_named_mentions(corpus)  # entity_identity: each speaking entity by its corpus name
    frame = _with_matching(corpus, matching, f"""
        WITH spoken AS (
            SELECT q.article_id, q.word_count, coalesce(e.name, q.speaker) AS speaker,
                   q.article_id IN (SELECT article_id FROM matching) AS matched
            FROM {CREDITED_QUOTES_SQL} q LEFT JOIN entity_identity e ON e.article_id = q.article_id AND e.entity_id = q.speaker_entity_id
            WHERE q.in_scope AND NOT {unnamed_voice_sql("q")} AND coalesce(e.name, q.speaker, '') <> '')
        SELECT speaker,
               coalesce(sum(word_count) FILTER (WHERE matched), 0)::BIGINT AS quoted_words_matching,
               count(*) FILTER (WHERE matched) AS quotes_matching,
               count(DISTINCT article_id) FILTER (WHERE matched) AS articles_matching,
               coalesce(sum(word_count) FILTER (WHERE NOT matched), 0)::BIGINT AS quoted_words_rest,
               count(*) FILTER (WHERE NOT matched) AS quotes_rest,
               count(DISTINCT article_id) FILTER (WHERE NOT matched) AS articles_rest
        FROM spoken GROUP BY speaker HAVING quotes_matching > 0
        ORDER BY quoted_words_matching DESC, quotes_matching DESC, speaker LIMIT ?""", [int(n)])
    return _shares(frame, counts)[["speaker", "quoted_words_matching", "quotes_matching", "articles_matching", "share_matching",
                                   "quoted_words_rest", "quotes_rest", "articles_rest", "share_rest"]]


def _shares(frame: pd.DataFrame, counts: dict[str, int]) -> pd.DataFrame:
    frame = frame.copy()
    for side in ("matching", "rest"):
        frame[f"share_{side}"] = frame[f"articles_{side}"] / counts[side] if counts[side] else float("nan")
    return frame


def tone_against_rest(corpus: "CorpusTables", sentences: pd.DataFrame) -> pd.DataFrame:
    """Mean tone (the combined sentence score) of the matching sentences (``sentences``: article_id, sentence_id),
    of the other sentences of the matching articles, and of the articles that do not match: part, sentences,
    mean_sentiment, negative_share, positive_share (in-scope scored sentences only)."""
    import pyarrow as pa

    connection = corpus.connection()
    connection.register("matching_sentences", pa.table({
        "article_id": pa.array(sentences["article_id"].astype(str).tolist(), type=pa.string()),
        "sentence_id": pa.array(sentences["sentence_id"].astype("int64").tolist(), type=pa.int64())}))
    try:
        frame = connection.execute(f"""
            WITH parts AS (
                SELECT s.sentiment, s.sentiment_label,
                       CASE WHEN ms.article_id IS NOT NULL THEN 'matching sentences'
                            WHEN s.article_id IN (SELECT DISTINCT article_id FROM matching_sentences) THEN 'other sentences of the matching articles'
                            ELSE 'the other articles' END AS part
                FROM sentences s LEFT JOIN matching_sentences ms ON ms.article_id = s.article_id AND ms.sentence_id = s.sentence_id
                WHERE {SCORED})
            SELECT part, count(*) AS sentences, avg(sentiment) AS mean_sentiment,
                   avg(CASE WHEN sentiment_label = 'negative' THEN 1.0 ELSE 0.0 END) AS negative_share,
                   avg(CASE WHEN sentiment_label = 'positive' THEN 1.0 ELSE 0.0 END) AS positive_share
            FROM parts GROUP BY part""").df()
    finally:
        connection.unregister("matching_sentences")
    order = ["matching sentences", "other sentences of the matching articles", "the other articles"]
    frame = frame.set_index("part").reindex(order).reset_index()
    frame["sentences"] = frame["sentences"].fillna(0).astype("int64")
    return frame


def words_against_rest(corpus: "CorpusTables", matching: "CorpusTables | Sequence[str]") -> pd.DataFrame:
    """Weighted log-odds (notebook 05's, :func:`utils.explore.compare.weighted_log_odds`) of the words of the
    matching articles (side a) against the other articles (side b): term, count_a, count_b, log_odds, z."""
    counts = _with_matching(corpus, matching, f"""
        SELECT t.lower AS term,
               count(*) FILTER (WHERE t.article_id IN (SELECT article_id FROM matching)) AS count_a,
               count(*) FILTER (WHERE t.article_id NOT IN (SELECT article_id FROM matching)) AS count_b,
               count(*) AS count
        FROM tokens t WHERE {WORDS} AND t.lower IS NOT NULL GROUP BY t.lower""").set_index("term")
    table = weighted_log_odds(counts.loc[counts["count_a"] > 0, "count_a"], counts.loc[counts["count_b"] > 0, "count_b"], prior=counts["count"])
    return table.astype({"term": "str"})
