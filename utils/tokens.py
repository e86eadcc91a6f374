"""Sentences and tokens: where sentences begin and end, and one row per token."""

from __future__ import annotations

import functools

import pandas as pd
from spacy.tokens import Doc

from utils.article import Article

SENTENCE_COLUMNS = [
    "sentence_id", "paragraph_id", "paragraph_kind", "language", "in_scope", "text", "start_char", "end_char",
]
TOKEN_COLUMNS = [
    "token_id", "sentence_id", "paragraph_id", "text", "lower", "lemma", "pos", "tag",
    "is_stop", "is_punct", "is_alpha", "like_num", "ent_iob", "ent_type", "in_scope", "start_char", "end_char",
]


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in one paragraph, whitespace trimmed."""
    spans = []
    for piece in _segmenter().segment(text):
        start, end = piece.start, piece.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans or [(0, len(text))]


def sentence_table(article: Article, in_scope_paragraphs: set[int]) -> pd.DataFrame:
    """One row per sentence; paragraph boundaries are always sentence boundaries."""
    rows = []
    for paragraph in article.paragraphs:
        for start, end in split_sentences(paragraph.text):
            rows.append(
                {
                    "sentence_id": len(rows),
                    "paragraph_id": paragraph.paragraph_id,
                    "paragraph_kind": paragraph.kind,
                    "language": paragraph.language,
                    "in_scope": paragraph.paragraph_id in in_scope_paragraphs,
                    "text": paragraph.text[start:end],
                    "start_char": paragraph.start_char + start,
                    "end_char": paragraph.start_char + end,
                }
            )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def token_table(doc: Doc, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per non-space token of the parsed article, linked to its sentence and paragraph."""
    sentence_of = _sentence_lookup(doc, sentences)
    rows = []
    for token in doc:
        if token.is_space:
            continue
        sentence = sentence_of[token.i]
        rows.append(
            {
                "token_id": len(rows),
                "sentence_id": sentence.sentence_id,
                "paragraph_id": sentence.paragraph_id,
                "text": token.text,
                "lower": token.lower_,
                "lemma": token.lemma_,
                "pos": token.pos_,
                "tag": token.tag_,
                "is_stop": token.is_stop,
                "is_punct": token.is_punct,
                "is_alpha": token.is_alpha,
                "like_num": token.like_num,
                "ent_iob": token.ent_iob_,
                "ent_type": token.ent_type_,
                "in_scope": sentence.in_scope,
                "start_char": token.idx,
                "end_char": token.idx + len(token),
            }
        )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def _sentence_lookup(doc: Doc, sentences: pd.DataFrame) -> list:
    """For each token index, the sentence row it falls in (by character offset)."""
    rows = list(sentences.itertuples(index=False))
    lookup, position = [], 0
    for token in doc:
        while position + 1 < len(rows) and token.idx >= rows[position + 1].start_char:
            position += 1
        lookup.append(rows[position])
    return lookup


def word_frequencies(token_rows: pd.DataFrame, *, n: int = 20, stopwords: bool = False, by: str = "lower") -> pd.DataFrame:
    """The n most frequent words (alphabetic tokens, in scope) as a (term, count) table."""
    words = token_rows[token_rows["in_scope"] & token_rows["is_alpha"]]
    if not stopwords:
        words = words[~words["is_stop"]]
    counts = words[by].value_counts()
    return counts.head(n).rename_axis("term").reset_index(name="count")
