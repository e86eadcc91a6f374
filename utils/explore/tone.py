"""Tone summaries: paragraph and article sentiment (one definition, weighted by words), extremes, evidence, and the corpus over time and by group."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from utils.explore.compare import dated
from utils.pipeline.sentiment import NEUTRAL_BAND, evidence_string, label, sentence_masks, textblob_assessments, vader_word_valences

EVIDENCE_COLUMNS = ["sentence_id", "word", "start_char", "end_char", "method", "lexicon_value", "value"]


PARAGRAPH_SENTIMENT_COLUMNS = [
    "paragraph_id", "sentence_count", "words", "sentiment", "sentiment_label", "textblob_polarity", "vader_compound",
    "positive_share", "negative_share", "start_char", "end_char",
]


def evidence_table(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per evidence word of each in-scope sentence, with article offsets, method and values.

    Pass the same ``mentions`` as to ``add_sentence_sentiment`` (``analysis.mentions``): words of
    named mentions are then not evidence, as they were not in the scores. The evidence shown is
    always the evidence scored: each sentence's words are checked against its ``evidence`` column,
    and a table scored with other masks (``mentions`` missing, or not the ones scored with) raises
    ValueError instead of showing words that were not in the scores.
    """
    if "evidence" not in sentences.columns:
        raise ValueError("evidence_table needs scored sentences (an analysis's sentences table, with its evidence column)")
    rows = []
    in_scope = sentences[sentences["in_scope"]]
    for sentence, mask in zip(in_scope.itertuples(), sentence_masks(in_scope, mentions)):
        vader = vader_word_valences(sentence.text, masks=mask)
        textblob = textblob_assessments(sentence.text, masks=mask)
        if evidence_string(vader, textblob) != (sentence.evidence or ""):
            raise ValueError(
                f"sentence {sentence.sentence_id} was scored with other words than these (names masked differently): "
                "pass the mentions it was scored with, evidence_table(analysis.sentences, analysis.mentions)"
            )
        for method, found in (("vader", vader), ("textblob", textblob)):
            for row in found:
                rows.append(
                    {
                        "sentence_id": sentence.sentence_id,
                        "word": row["word"],
                        "start_char": sentence.start_char + row["start_char"],
                        "end_char": sentence.start_char + row["end_char"],
                        "method": method,
                        "lexicon_value": row["lexicon_value"],
                        "value": row["value"],
                    }
                )
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS).sort_values(["start_char", "method"], kind="stable").reset_index(drop=True)


def extreme_sentences(sentences: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The n most negative and n most positive in-scope sentences (by ``sentiment``), most negative first."""
    scored = sentences[sentences["in_scope"] & sentences["sentiment"].notna()]
    negative = scored[scored["sentiment"] < 0].nsmallest(n, "sentiment")
    positive = scored[scored["sentiment"] > 0].nlargest(n, "sentiment").iloc[::-1]
    return pd.concat([negative, positive]).reset_index(drop=True)


def paragraph_sentiment(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per in-scope paragraph: the word-count-weighted mean of its sentences' scores.

    A paragraph's ``sentiment`` is Σ words_i · sentiment_i / Σ words_i over its sentences, so a
    long sentence counts for more than a one-line quote; ``positive_share`` and ``negative_share``
    are the share of its words in positive and negative sentences.
    """
    scored = sentences[sentences["in_scope"] & sentences["sentiment"].notna()].assign(words=lambda rows: rows["word_count"])
    rows = []
    for paragraph_id, group in scored.groupby("paragraph_id", sort=True):
        rows.append({"paragraph_id": paragraph_id, "sentence_count": len(group), **_weighted(group)})
        rows[-1] |= {"start_char": int(group["start_char"].min()), "end_char": int(group["end_char"].max())}
    return pd.DataFrame(rows, columns=PARAGRAPH_SENTIMENT_COLUMNS)


def _weighted(group: pd.DataFrame) -> dict:
    weights = group["words"].clip(lower=1).to_numpy(dtype=float)
    total = weights.sum()
    score = float(np.dot(weights, group["sentiment"]) / total)
    return {
        "words": int(group["words"].sum()),
        "sentiment": float(score),
        "sentiment_label": label(score),
        "textblob_polarity": float(np.dot(weights, group["textblob_polarity"]) / total),
        "vader_compound": float(np.dot(weights, group["vader_compound"]) / total),
        "positive_share": float(weights[(group["sentiment_label"] == "positive").to_numpy()].sum() / total),
        "negative_share": float(weights[(group["sentiment_label"] == "negative").to_numpy()].sum() / total),
    }


def article_sentiment(sentences: pd.DataFrame) -> dict:
    """The article's score: the word-count-weighted mean over all in-scope sentences, with its spread.

    Also the share of words in positive / negative / neutral sentences and how many sentences the
    two methods disagree on, so a mild mean made of strong opposite sentences is visible.
    """
    scored = sentences[sentences["in_scope"] & sentences["sentiment"].notna()].assign(words=lambda rows: rows["word_count"])
    if scored.empty:
        return {"sentence_count": 0, "words": 0, "sentiment": float("nan"), "sentiment_label": None}
    summary = {"sentence_count": len(scored), **_weighted(scored)}
    weights = scored["words"].clip(lower=1).to_numpy(dtype=float)
    variance = float(np.dot(weights, (scored["sentiment"] - summary["sentiment"]) ** 2) / weights.sum())
    summary["sentiment_std"] = math.sqrt(variance)
    summary["neutral_share"] = 1 - summary["positive_share"] - summary["negative_share"]
    summary["disagreements"] = int(scored["methods_disagree"].fillna(False).astype(bool).sum())
    return summary


ARTICLE_TONE_COLUMNS = ["article_id", "sentence_count", "words", "sentiment", "sentiment_label", "textblob_polarity", "vader_compound"]


def article_tone_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article of a corpus sentences table, each scored by :func:`article_sentiment` (the one definition)."""
    rows = [{"article_id": article_id, **article_sentiment(group)} for article_id, group in sentences.groupby("article_id", sort=False)]
    return pd.DataFrame(rows, columns=ARTICLE_TONE_COLUMNS)


def sentiment_by_period(sentences: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M") -> pd.DataFrame:
    """Per period: articles, mean article sentiment, and the share of negative articles (dated articles only)."""
    rows = dated(article_tone_table(sentences).dropna(subset=["sentiment"]), articles, period=period)

    grouped = rows.groupby("period")
    table = grouped.agg(articles=("article_id", "size"), sentiment=("sentiment", "mean"))
    table["negative_share"] = grouped["sentiment"].apply(lambda scores: float((scores <= -NEUTRAL_BAND).mean()))
    return table.reset_index()


def sentiment_by_group(sentences: pd.DataFrame, articles: pd.DataFrame, *, by: str = "category") -> pd.DataFrame:
    """Per value of an articles column (category, source...): articles and mean article sentiment."""
    rows = article_tone_table(sentences).dropna(subset=["sentiment"]).merge(articles[["article_id", by]], on="article_id")
    rows[by] = rows[by].fillna("(none)")
    table = rows.groupby(by).agg(articles=("article_id", "size"), sentiment=("sentiment", "mean")).reset_index()
    return table.rename(columns={by: "group"}).sort_values("sentiment").reset_index(drop=True)
