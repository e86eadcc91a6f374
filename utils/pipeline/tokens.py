"""The token table: one row per non-space token of the parse, linked to its sentence and paragraph."""

from __future__ import annotations

import numpy as np
import pandas as pd
from spacy.tokens import Doc

TOKEN_COLUMNS = [
    "token_id", "sentence_id", "paragraph_id", "text", "lower", "lemma", "pos", "tag",
    "is_stop", "is_punct", "is_alpha", "like_num", "ent_iob", "ent_type", "in_scope", "start_char", "end_char",
]


def token_table(doc: Doc, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per non-space token of the parsed article, linked to its sentence and paragraph.

    Built column by column (a dict per row costs pandas several times more).
    """
    kept = [token for token in doc if not token.is_space]
    starts = np.fromiter((token.idx for token in kept), dtype=np.int64, count=len(kept))
    # the sentence a token falls in: the last sentence starting at or before it
    position = np.maximum(sentences["start_char"].to_numpy().searchsorted(starts, side="right") - 1, 0)
    columns = {
        "token_id": np.arange(len(kept)),
        "sentence_id": sentences["sentence_id"].to_numpy()[position] if len(sentences) else [],
        "paragraph_id": sentences["paragraph_id"].to_numpy()[position] if len(sentences) else [],
        "text": [token.text for token in kept],
        "lower": [token.lower_ for token in kept],
        "lemma": [token.lemma_ for token in kept],
        "pos": [token.pos_ for token in kept],
        "tag": [token.tag_ for token in kept],
        "is_stop": [token.is_stop for token in kept],
        "is_punct": [token.is_punct for token in kept],
        "is_alpha": [token.is_alpha for token in kept],
        "like_num": [token.like_num for token in kept],
        "ent_iob": [token.ent_iob_ for token in kept],
        "ent_type": [token.ent_type_ for token in kept],
        "in_scope": sentences["in_scope"].to_numpy(dtype=bool)[position] if len(sentences) else [],
        "start_char": starts,
        "end_char": starts + np.fromiter((len(token) for token in kept), dtype=np.int64, count=len(kept)),
    }
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS)


def is_word(tokens: pd.DataFrame) -> pd.Series:
    """The one definition of a word, used by every count: a token that is alphabetic or number-like."""
    return tokens["is_alpha"] | tokens["like_num"]


def sentence_word_counts(tokens: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """How many words (:func:`is_word`) each sentence holds, in the order of ``sentences``."""
    counts = tokens.loc[is_word(tokens), "sentence_id"].value_counts()
    return sentences["sentence_id"].map(counts).fillna(0).to_numpy(dtype=np.int64)
