"""What the article explorer shows, as tables: one entity or one speaker of an article (its mentions
in context, the tone towards it sentence by sentence, the quotations it speaks and those about it;
all a speaker says). Table in, table out: no widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from utils.explore.sources import speaker_names, speaker_table
from utils.pipeline.sentiment import target_label
from utils.pipeline.speakers import credited_quotes

if TYPE_CHECKING:
    from utils.analysis import Analysis

ENTITY_CHOICE_COLUMNS = ["entity_id", "name", "label", "group", "mention_count", "pronoun_mention_count", "quote_count", "salience"]
MENTION_COLUMNS = ["mention_id", "sentence_id", "text", "is_pronoun", "start_char", "end_char", "sentence", "sentence_start"]
TONE_COLUMNS = ["sentence_id", "sentence", "mentions", "target_sentiment", "target_label", "evidence", "start_char", "end_char"]
QUOTE_COLUMNS = ["quote_id", "kind", "text", "speaker", "cue_lemma", "word_count", "sentiment", "start_char", "end_char"]


# --------------------------------------------------------------------------- one entity


def entity_choices(analysis: "Analysis") -> pd.DataFrame:
    """The named entities one can choose, most mentioned first (salience breaks ties)."""
    entities = analysis.entities
    named = entities[entities["is_named"].astype(bool)] if len(entities) else entities
    named = named.sort_values(["mention_count", "salience", "first_char"], ascending=[False, False, True], kind="stable")
    return named[ENTITY_CHOICE_COLUMNS].reset_index(drop=True)


def counted_mentions(analysis: "Analysis") -> pd.DataFrame:
    """The mentions in the counted text (a lead repeating a body sentence, a caption... left out), as the entities' counts take them."""
    mentions = analysis.mentions
    return mentions[mentions["counted"].astype(bool)] if len(mentions) else mentions


def entity_mentions(analysis: "Analysis", entity_id: int) -> pd.DataFrame:
    """Every counted mention of the entity (names and the pronouns resolved to it; none in a left-out
    paragraph, as ``mention_count`` counts them), in text order, each with its sentence: ``sentence``
    and ``sentence_start`` (the sentence's offset in the article text)."""
    mentions = counted_mentions(analysis)
    rows = mentions[mentions["entity_id"] == int(entity_id)].sort_values("start_char")
    sentences = analysis.sentences.set_index("sentence_id")
    rows = rows.assign(
        sentence=[str(sentences.at[sentence_id, "text"]) if sentence_id in sentences.index else "" for sentence_id in rows["sentence_id"]],
        sentence_start=[int(sentences.at[sentence_id, "start_char"]) if sentence_id in sentences.index else int(start)
                        for sentence_id, start in zip(rows["sentence_id"], rows["start_char"])],
    )
    return rows[MENTION_COLUMNS].reset_index(drop=True)


def entity_tone(analysis: "Analysis", entity_id: int) -> pd.DataFrame:
    """The tone towards the entity sentence by sentence: per sentence that mentions it (in text order)
    the mean target sentiment of its counted mentions there, that mean's label, and the words behind it."""
    mentions = counted_mentions(analysis)
    rows = mentions[(mentions["entity_id"] == int(entity_id)) & mentions["target_sentiment"].notna()]
    if rows.empty:
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in zip(TONE_COLUMNS, ["int64", "str", "int64", "float64", "str", "str", "int64", "int64"])})
    grouped = rows.groupby("sentence_id", sort=True).agg(
        mentions=("mention_id", "size"), target_sentiment=("target_sentiment", "mean"),
        evidence=("target_evidence", lambda values: next((str(value) for value in values if isinstance(value, str) and value), "")),
    ).reset_index()
    sentences = analysis.sentences.set_index("sentence_id")
    grouped["sentence"] = [str(sentences.at[sentence_id, "text"]) for sentence_id in grouped["sentence_id"]]
    grouped["start_char"] = [int(sentences.at[sentence_id, "start_char"]) for sentence_id in grouped["sentence_id"]]
    grouped["end_char"] = [int(sentences.at[sentence_id, "end_char"]) for sentence_id in grouped["sentence_id"]]
    grouped["target_label"] = [target_label(float(value)) for value in grouped["target_sentiment"]]
    return grouped[TONE_COLUMNS]


def _quote_rows(quotes: pd.DataFrame, speakers: pd.Series) -> pd.DataFrame:
    rows = quotes.assign(speaker=speakers.to_numpy()) if len(quotes) else quotes.assign(speaker=pd.Series(dtype=object))
    return rows.sort_values("start_char", kind="stable")[QUOTE_COLUMNS].reset_index(drop=True)


def _in_scope_quotes(analysis: "Analysis") -> pd.DataFrame:
    quotes = analysis.quotes
    return quotes[quotes["in_scope"].astype(bool)] if len(quotes) else quotes


def quotes_spoken_by(analysis: "Analysis", entity_id: int) -> pd.DataFrame:
    """The in-scope quotations the entity speaks, alone or as one of a set of speakers ("both leaders"),
    with each quotation's speaker as the analysis names it."""
    quotes = _in_scope_quotes(analysis)
    if quotes.empty:
        return _quote_rows(quotes, pd.Series(dtype=object))
    members = quotes["speaker_entity_ids"].map(lambda ids: {int(member) for member in ids})
    spoken = quotes[(quotes["speaker_entity_id"] == int(entity_id)) | members.map(lambda ids: int(entity_id) in ids)]
    return _quote_rows(spoken, speaker_names(spoken, analysis.entities))


def quotes_about(analysis: "Analysis", entity_id: int) -> pd.DataFrame:
    """The in-scope quotations someone else speaks that name the entity (a mention inside the quoted
    words, the speaker's own words left out)."""
    quotes = _in_scope_quotes(analysis)
    spoken = set(quotes_spoken_by(analysis, entity_id)["quote_id"])
    mentions = analysis.mentions[analysis.mentions["entity_id"] == int(entity_id)]
    starts, ends = mentions["start_char"].to_numpy(), mentions["end_char"].to_numpy()
    keep = []
    for quote in quotes.itertuples():
        inside = (starts >= quote.start_char) & (ends <= quote.end_char)
        if quote.speaker_start >= 0:
            inside &= ~((starts >= quote.speaker_start) & (ends <= quote.speaker_end))
        keep.append(bool(inside.any()) and quote.quote_id not in spoken)
    about = quotes[np.asarray(keep, dtype=bool)] if len(quotes) else quotes
    return _quote_rows(about, speaker_names(about, analysis.entities) if len(about) else pd.Series(dtype=object))


@dataclass
class EntityView:
    """One entity of one article: its row of the entities table and the four tables about it."""

    entity: pd.Series
    mentions: pd.DataFrame
    tone: pd.DataFrame
    spoken: pd.DataFrame
    about: pd.DataFrame

    @property
    def name(self) -> str:
        return str(self.entity["name"])


def entity_view(analysis: "Analysis", entity_id: int) -> EntityView:
    """Everything the article explorer shows about one entity (KeyError for an id the article lacks)."""
    entities = analysis.entities.set_index("entity_id", drop=False)
    if int(entity_id) not in entities.index:
        raise KeyError(f"no entity {entity_id} in this article")
    return EntityView(
        entities.loc[int(entity_id)], entity_mentions(analysis, entity_id), entity_tone(analysis, entity_id),
        quotes_spoken_by(analysis, entity_id), quotes_about(analysis, entity_id),
    )


def find_entity(analysis: "Analysis", name_or_id: str | int) -> int:
    """The id of a named entity given by id or by name (its name or one of its aliases, any case): KeyError when none."""
    choices = analysis.entities
    if isinstance(name_or_id, (int, np.integer)):
        if int(name_or_id) in set(choices["entity_id"]):
            return int(name_or_id)
        raise KeyError(f"no entity {name_or_id} in this article")
    wanted = str(name_or_id).strip().casefold()
    for row in entity_choices(analysis).itertuples():
        if str(row.name).casefold() == wanted:
            return int(row.entity_id)
    aliases = choices.set_index("entity_id")["aliases"].fillna("")
    for entity_id in entity_choices(analysis)["entity_id"]:
        if wanted in {alias.strip().casefold() for alias in str(aliases[entity_id]).split(";")}:
            return int(entity_id)
    raise KeyError(f"no entity named {name_or_id!r} in this article")


# --------------------------------------------------------------------------- one speaker


def speaker_choices(analysis: "Analysis") -> pd.DataFrame:
    """The speakers one can choose (the ``speaker_table`` of who speaks): most quoted words first."""
    return speaker_table(analysis.quotes, analysis.entities, text_length=len(analysis.text))


def speaker_quotes(analysis: "Analysis", speaker: str) -> pd.DataFrame:
    """Everything ``speaker`` (a name of :func:`speaker_choices`) says: their in-scope quotations in
    text order, a quotation by a set of speakers counting for each member."""
    quotes = _in_scope_quotes(analysis)
    if quotes.empty:
        return _quote_rows(quotes, pd.Series(dtype=object))
    credited = credited_quotes(quotes).reset_index(drop=True)
    names = speaker_names(credited.drop(columns="speaker_entity_ids", errors="ignore"), analysis.entities)
    chosen = credited[names.to_numpy() == speaker]
    return _quote_rows(chosen, names[names.to_numpy() == speaker]).drop_duplicates("quote_id").reset_index(drop=True)
