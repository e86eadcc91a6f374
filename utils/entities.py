"""Entity mentions and distinct entities."""

from __future__ import annotations

import re
from typing import Sequence

import pandas as pd
from spacy.tokens import Doc

MENTION_COLUMNS = [
    "mention_id", "sentence_id", "paragraph_id", "entity_id", "text", "label", "group", "start_char", "end_char",
]
ENTITY_COLUMNS = ["entity_id", "name", "label", "group", "mention_count", "first_char", "last_char"]

LABEL_GROUPS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "LAW": "law",
    "LANGUAGE": "language",
    "DATE": "date",
    "TIME": "time",
    "PERCENT": "quantity",
    "MONEY": "quantity",
    "QUANTITY": "quantity",
    "ORDINAL": "quantity",
    "CARDINAL": "quantity",
}


def mention_table(doc: Doc, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per entity mention the model found in an in-scope sentence."""
    in_scope = sentences[sentences["in_scope"]]
    starts = in_scope["start_char"].to_numpy()
    rows = []
    for ent in doc.ents:
        position = starts.searchsorted(ent.start_char, side="right") - 1
        if position < 0 or ent.end_char > in_scope["end_char"].iloc[position]:
            continue
        sentence = in_scope.iloc[position]
        rows.append(
            {
                "mention_id": len(rows),
                "sentence_id": int(sentence["sentence_id"]),
                "paragraph_id": int(sentence["paragraph_id"]),
                "entity_id": -1,
                "text": ent.text,
                "label": ent.label_,
                "group": LABEL_GROUPS.get(ent.label_, "other"),
                "start_char": ent.start_char,
                "end_char": ent.end_char,
            }
        )
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    keys = [(_normalise(text), label) for text, label in zip(mentions["text"], mentions["label"])]
    ids: dict[tuple[str, str], int] = {}
    mentions["entity_id"] = [ids.setdefault(key, len(ids)) for key in keys]
    return mentions


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct entity, most-mentioned first."""
    if mentions.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    grouped = mentions.groupby("entity_id", sort=False)
    entities = grouped.agg(
        name=("text", lambda texts: max(texts, key=len)),
        label=("label", "first"),
        group=("group", "first"),
        mention_count=("mention_id", "size"),
        first_char=("start_char", "min"),
        last_char=("end_char", "max"),
    ).reset_index()
    entities["name"] = entities["name"].map(_normalise)
    return entities.sort_values(["mention_count", "first_char"], ascending=[False, True])[ENTITY_COLUMNS].reset_index(drop=True)


def _normalise(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s?$", "", text).strip()


def top_entities(entity_rows: pd.DataFrame, *, n: int = 10, groups: Sequence[str] = ()) -> pd.DataFrame:
    """The n most-mentioned entities, optionally limited to some groups."""
    rows = entity_rows[entity_rows["group"].isin(groups)] if groups else entity_rows
    return rows.nlargest(n, "mention_count", keep="first")
