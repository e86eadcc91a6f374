"""The token table: one row per non-space token of the parse, linked to its sentence and paragraph."""

from __future__ import annotations

import numpy as np
import pandas as pd
from spacy.tokens import Doc

TOKEN_COLUMNS = [
    "token_id", "sentence_id", "paragraph_id", "text", "lower", "lemma", "pos", "tag",
    "is_stop", "is_punct", "is_alpha", "like_num", "ent_iob", "ent_type", "in_scope", "start_char", "end_char",
]


_ARRAY_ATTRS = ["IS_SPACE", "IDX", "LENGTH", "ORTH", "LOWER", "LEMMA", "POS", "TAG", "IS_STOP", "IS_PUNCT", "IS_ALPHA", "LIKE_NUM", "ENT_IOB", "ENT_TYPE"]
_IOB = np.array(["", "I", "O", "B"], dtype=object)  # spaCy's ENT_IOB codes, as Token.ent_iob_ names them


def _strings(doc: Doc, hashes: np.ndarray) -> np.ndarray:
    """The strings of spaCy hashes (or symbol ids), each distinct value looked up once; 0 is ""."""
    unique, inverse = np.unique(hashes, return_inverse=True)
    strings = doc.vocab.strings
    return np.array([strings[int(value)] if value else "" for value in unique], dtype=object)[inverse.reshape(-1)]


def token_table(doc: Doc, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per non-space token of the parsed article, linked to its sentence and paragraph.

    Built column by column from ``Doc.to_array`` (every attribute of every token in one call;
    strings looked up once per distinct value), not token by token.
    """
    values = doc.to_array(_ARRAY_ATTRS).reshape(len(doc), len(_ARRAY_ATTRS))
    values = values[values[:, 0] == 0]  # not is_space
    column = dict(zip(_ARRAY_ATTRS, values.T))
    starts = column["IDX"].astype(np.int64)
    # the sentence a token falls in: the last sentence starting at or before it
    position = np.maximum(sentences["start_char"].to_numpy().searchsorted(starts, side="right") - 1, 0)
    columns = {
        "token_id": np.arange(len(starts)),
        "sentence_id": sentences["sentence_id"].to_numpy()[position] if len(sentences) else [],
        "paragraph_id": sentences["paragraph_id"].to_numpy()[position] if len(sentences) else [],
        "text": _strings(doc, column["ORTH"]),
        "lower": _strings(doc, column["LOWER"]),
        "lemma": _strings(doc, column["LEMMA"]),
        "pos": _strings(doc, column["POS"]),
        "tag": _strings(doc, column["TAG"]),
        "is_stop": column["IS_STOP"].astype(bool),
        "is_punct": column["IS_PUNCT"].astype(bool),
        "is_alpha": column["IS_ALPHA"].astype(bool),
        "like_num": column["LIKE_NUM"].astype(bool),
        "ent_iob": _IOB[column["ENT_IOB"].astype(np.int64)],
        "ent_type": _strings(doc, column["ENT_TYPE"]),
        "in_scope": sentences["in_scope"].to_numpy(dtype=bool)[position] if len(sentences) else [],
        "start_char": starts,
        "end_char": starts + column["LENGTH"].astype(np.int64),
    }
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS)


def is_word(tokens: pd.DataFrame) -> pd.Series:
    """The one definition of a word, used by every count: a token that is alphabetic or number-like."""
    return tokens["is_alpha"] | tokens["like_num"]


def sentence_word_counts(tokens: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """How many words (:func:`is_word`) each sentence holds, in the order of ``sentences``."""
    counts = tokens.loc[is_word(tokens), "sentence_id"].value_counts()
    return sentences["sentence_id"].map(counts).fillna(0).to_numpy(dtype=np.int64)
