"""Sentence sentiment from TextBlob and VADER, combined."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

SENTIMENT_COLUMNS = [
    "textblob_polarity", "textblob_subjectivity", "vader_compound", "vader_pos", "vader_neu", "vader_neg",
    "sentiment", "sentiment_label",
]
NEUTRAL_BAND = 0.05  # |sentiment| below this is neutral


@functools.lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_sentence(text: str) -> dict[str, float]:
    """TextBlob and VADER scores of one sentence, and their mean as ``sentiment``."""
    from textblob import TextBlob

    blob = TextBlob(text).sentiment
    vader = _vader().polarity_scores(text)
    combined = (blob.polarity + vader["compound"]) / 2
    return {
        "textblob_polarity": blob.polarity,
        "textblob_subjectivity": blob.subjectivity,
        "vader_compound": vader["compound"],
        "vader_pos": vader["pos"],
        "vader_neu": vader["neu"],
        "vader_neg": vader["neg"],
        "sentiment": combined,
        "sentiment_label": label(combined),
    }


def label(score: float) -> str:
    """negative / neutral / positive, with a neutral band of ±NEUTRAL_BAND."""
    if score <= -NEUTRAL_BAND:
        return "negative"
    if score >= NEUTRAL_BAND:
        return "positive"
    return "neutral"


def add_sentence_sentiment(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences table with sentiment columns; sentences out of scope get NaN (label None)."""
    scores = [score_sentence(text) if in_scope else None for text, in_scope in zip(sentences["text"], sentences["in_scope"])]
    empty = {column: np.nan for column in SENTIMENT_COLUMNS} | {"sentiment_label": None}
    frame = pd.DataFrame([score or empty for score in scores], columns=SENTIMENT_COLUMNS, index=sentences.index)
    return pd.concat([sentences, frame], axis=1)
