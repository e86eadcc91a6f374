"""Key figures: the few numbers every notebook and the report index quote, each from its one definition.

Article tone is :func:`utils.explore.tone.article_sentiment`; words are
:func:`utils.explore.words.in_scope_words`; entity counts are ``mention_count`` (counted, named
mentions: a standfirst sentence repeating a body sentence counts once). The corpus form computes
the same figures from the corpus tables, so a one-article corpus quotes the article's own.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from utils.explore.entities import named_mentions, top_corpus_entities, top_entities
from utils.explore.tone import article_sentiment
from utils.explore.words import in_scope_words

TOP_ENTITIES = 5


def article_figures(sentences: pd.DataFrame, tokens: pd.DataFrame, entities: pd.DataFrame, *, n: int = TOP_ENTITIES) -> dict[str, Any]:
    """Tone, words and the n most-mentioned named entities of one article, as plain values."""
    tone = article_sentiment(sentences)
    top = top_entities(entities, n=n)
    return {
        "sentiment": _rounded(tone["sentiment"]),
        "sentiment_label": tone["sentiment_label"],
        "words": int(len(in_scope_words(tokens))),
        "top_entities": [[str(name), int(count)] for name, count in zip(top["name"], top["mention_count"])],
    }


def corpus_article_figures(sentences: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame,
                           article_id: str, *, n: int = TOP_ENTITIES) -> dict[str, Any]:
    """:func:`article_figures` for one article of a corpus, from the corpus tables."""
    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["article_id"] == article_id]

    tone = article_sentiment(rows(sentences))
    top = top_corpus_entities(named_mentions(rows(mentions), rows(entities)), n=n)
    return {
        "sentiment": _rounded(tone["sentiment"]),
        "sentiment_label": tone["sentiment_label"],
        "words": int(len(in_scope_words(rows(tokens)))),
        "top_entities": [[str(name), int(count)] for name, count in zip(top["name"], top["mentions"])],
    }


def _rounded(value: float) -> float | None:
    return None if value != value else round(float(value), 4)


def speaker_figures(quotes: pd.DataFrame, entities: pd.DataFrame, *, text_length: int | None = None) -> dict[str, Any]:
    """Who speaks, in three figures: the most-quoted voice (by quoted words), quotations, and the
    share of quotations whose speaker is unnamed or not found."""
    from utils.explore.sources import sourcing_summary, speaker_table

    speakers = speaker_table(quotes, entities, text_length=text_length)
    named = speakers[speakers["speaker_kind"] == "named"]
    summary = sourcing_summary(quotes)
    unnamed = summary["speaker_kind_unnamed"] + summary["speaker_kind_none"]
    return {
        "top_speaker": [[str(named.iloc[0]["speaker"]), int(named.iloc[0]["quoted_words"])]] if len(named) else [],
        "quotations": summary["quotations"],
        "unnamed_share": round(unnamed / summary["quotations"], 4) if summary["quotations"] else None,
    }


TOP_KEYPHRASES = 5


def keyphrase_figures(tokens: pd.DataFrame, keyphrases: pd.DataFrame, *, n: int = TOP_KEYPHRASES) -> dict[str, Any]:
    """Words and the n best key phrases of one article (``analysis.keyphrases``), as plain values (phrase, occurrences)."""
    top = keyphrases.nsmallest(n, "rank")
    return {
        "words": int(len(in_scope_words(tokens))),
        "top_keyphrases": [[str(phrase), int(count)] for phrase, count in zip(top["phrase"], top["occurrences"])],
    }
