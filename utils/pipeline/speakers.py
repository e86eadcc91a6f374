"""Joining the quotation and pronoun layers to the tables: pronoun rows in the mentions table,
the sentiment and word count of quoted words, and what each entity says and how often it is named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from utils.pipeline.pronouns import PRONOUN_COLUMNS, pronoun_columns, pronoun_count_columns
from utils.pipeline.quotes import QUOTE_COLUMNS
from utils.pipeline.schema import typed_frame
from utils.pipeline.sentiment import NamedSpans, score_sentence
from utils.pipeline.tokens import is_word

QUOTE_SENTIMENT_COLUMNS = ["word_count", "textblob_polarity", "vader_compound", "sentiment", "sentiment_label", "evidence"]
SPEAKER_COLUMNS = ["named_mention_count", "pronoun_mention_count", "quote_count", "quoted_words"]
# The quotes table with one row per credited speaker, in SQL over the corpus: a quotation spoken by a
# set ("Putin and Raisi said", "both leaders said") is a row for each member, with its entity in
# speaker_entity_id; every other quotation is its one row. Use it in FROM where quotes would stand.
CREDITED_QUOTES_SQL = """(SELECT * EXCLUDE (speaker_entity_id),
    unnest(CASE WHEN len(speaker_entity_ids) > 1 THEN speaker_entity_ids ELSE [speaker_entity_id] END) AS speaker_entity_id
    FROM quotes)"""


def with_pronoun_mentions(doc: Doc, sentences: pd.DataFrame, named: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The named mentions followed by the pronoun mentions resolved to their entities (``is_pronoun``,
    ``antecedent_mention_id``, ``link_rule`` saying why); named rows have ``link_rule`` "name"."""
    pronouns = pronoun_columns(doc, sentences, named, quotes=quotes)
    named_values = {"is_pronoun": False, "antecedent_mention_id": -1, "link_rule": "name"}
    columns = {}
    for column in PRONOUN_COLUMNS:  # column by column, one frame at the end: no concat, no cast of the whole frame
        values = [named_values[column]] * len(named) if column in named_values else named[column].tolist()
        columns[column] = values + pronouns[column]
    return typed_frame(columns, "mentions")


def quoted_spans(quotes: pd.DataFrame) -> list[list[tuple[int, int]]]:
    """Per quotation, the (start, end) spans of its quoted words: the fragments inside quotation
    marks for direct quotes, else the whole span."""
    spans = []
    for start, end, fragments in zip(quotes["start_char"], quotes["end_char"], quotes["quoted_fragments"]):
        parts = [tuple(part) for part in fragments] if isinstance(fragments, (list, tuple, np.ndarray)) and len(fragments) else [(start, end)]
        spans.append([(int(a), int(b)) for a, b in parts])
    return spans


def add_quote_sentiment(doc: Doc, quotes: pd.DataFrame, named: pd.DataFrame, tokens: pd.DataFrame, *, text: str | None = None) -> pd.DataFrame:
    """The quotes table with the word count (the one word definition) and the sentiment of the quoted
    words, names masked as in every other score: both lexicons, the headline score and its evidence.
    ``text`` is ``doc.text`` when the caller has it."""
    if quotes.empty:
        return pd.concat([quotes, typed_frame({column: [] for column in QUOTE_SENTIMENT_COLUMNS}, "quotes", index=quotes.index)], axis=1)
    words = tokens.loc[is_word(tokens), "start_char"].to_numpy()
    rows = {column: [] for column in QUOTE_SENTIMENT_COLUMNS}
    named_index = NamedSpans(named)
    article_text = doc.text if text is None else text  # Doc.text joins every token on each access: read it once
    for spans in quoted_spans(quotes):
        text = " ".join(article_text[start:end] for start, end in spans)
        rows["word_count"].append(int(sum(np.searchsorted(words, end) - np.searchsorted(words, start) for start, end in spans)))
        masks = []
        offset = 0
        for start, end in spans:
            masks += [(offset + a, offset + b) for a, b in named_index.inside(start, end)]
            offset += end - start + 1
        scores = score_sentence(text, masks=masks)
        for column in QUOTE_SENTIMENT_COLUMNS[1:]:
            rows[column].append(scores[column])
    return pd.concat([quotes, typed_frame(rows, "quotes", index=quotes.index)], axis=1)


def credited_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes table with one row per credited speaker, as ``CREDITED_QUOTES_SQL`` gives it: a quotation
    spoken by a set of entities is a row for each member (its entity in ``speaker_entity_id``, in text
    order); every other quotation is its one row, unchanged. The index repeats for the members."""
    if quotes.empty or "speaker_entity_ids" not in quotes:
        return quotes
    members = quotes["speaker_entity_ids"]
    is_set = members.map(len).gt(1)
    if not is_set.any():
        return quotes
    sets = quotes[is_set].drop(columns="speaker_entity_id").assign(speaker_entity_id=members[is_set]).explode("speaker_entity_id")
    sets = sets.astype({"speaker_entity_id": "int64"})[quotes.columns]
    return pd.concat([quotes[~is_set], sets]).sort_index(kind="stable")


def add_speaker_counts(entities: pd.DataFrame, mentions: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The entities table with ``named_mention_count`` (= ``mention_count``), ``pronoun_mention_count``,
    ``quote_count`` and ``quoted_words`` (in-scope quotations attributed to the entity, alone or as a
    member of a set of speakers)."""
    counts: dict[int, int] = {}
    words: dict[int, int] = {}
    if len(quotes):
        credited = credited_quotes(quotes)  # a quotation by "Putin and Raisi" counts for both
        for entity_id, in_scope, word_count in zip(credited["speaker_entity_id"].tolist(), credited["in_scope"].tolist(), credited["word_count"].tolist()):
            if entity_id >= 0 and in_scope:
                counts[entity_id] = counts.get(entity_id, 0) + 1
                words[entity_id] = words.get(entity_id, 0) + int(word_count)
    entity_ids = entities["entity_id"].tolist()
    columns = pronoun_count_columns(entities, mentions) | {
        "quote_count": [counts.get(entity_id, 0) for entity_id in entity_ids],
        "quoted_words": [words.get(entity_id, 0) for entity_id in entity_ids],
    }
    return pd.concat([entities, typed_frame(columns, "entities", index=entities.index)], axis=1)


__all__ = ["CREDITED_QUOTES_SQL", "QUOTE_COLUMNS", "QUOTE_SENTIMENT_COLUMNS", "SPEAKER_COLUMNS", "add_quote_sentiment", "add_speaker_counts",
           "credited_quotes", "with_pronoun_mentions"]
