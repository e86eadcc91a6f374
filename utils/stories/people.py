"""Who is named and who is quoted in a story (or any corpus view), aggregated by DuckDB over the corpus tables."""

from __future__ import annotations

import pandas as pd


def named_in(corpus, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` most-mentioned named entities of ``corpus``: ``name, label, mentions, articles, quotations, quoted_words``."""
    return corpus.sql(
        "SELECT name, label, sum(mention_count)::BIGINT AS mentions, count(DISTINCT article_id)::BIGINT AS articles, "
        "sum(quote_count)::BIGINT AS quotations, sum(quoted_words)::BIGINT AS quoted_words FROM entities "
        "WHERE is_named AND mention_count > 0 GROUP BY name, label ORDER BY mentions DESC, articles DESC, name LIMIT ?",
        [int(n)],
    )


def quoted_in(corpus, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` named voices of ``corpus`` given the most quoted words (a speaker by its entity's name, so "Nick Read,
    the chief executive" is Nick Read): ``speaker, quotations, quoted_words, articles, example`` (its longest quotation)."""
    return corpus.sql(
        "SELECT e.name AS speaker, count(*)::BIGINT AS quotations, sum(q.word_count)::BIGINT AS quoted_words, "
        "count(DISTINCT q.article_id)::BIGINT AS articles, arg_max(q.text, q.word_count) AS example "
        "FROM quotes q JOIN entities e ON q.article_id = e.article_id AND q.speaker_entity_id = e.entity_id "
        "WHERE q.in_scope AND e.is_named GROUP BY e.name ORDER BY quoted_words DESC, speaker LIMIT ?",
        [int(n)],
    )
