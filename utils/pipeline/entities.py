"""The mentions and entities tables: ``mention_table`` (one row per entity mention, found by
``recognition`` and resolved to the real-world entities they refer to by ``entity_merge``, each with the
``merge_rule`` that joined it and any ``correction`` of the model), ``rejected_mentions`` (model entities
left out, with the reason), ``entity_table`` (one row per entity, with its ``salience``) and their columns.
Every post-model rule is named in ``entity_rules``; docs/methods-entities.md measures them.
"""

from __future__ import annotations

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from utils.pipeline.entity_merge import resolve
from utils.pipeline.recognition import KeptSentences, candidate_mentions, row_dicts
from utils.pipeline.salience import salience_score
from utils.pipeline.schema import typed_frame

MENTION_COLUMNS = [
    "mention_id", "sentence_id", "paragraph_id", "paragraph_kind", "entity_id", "text", "name", "role",
    "label", "model_label", "group", "is_named", "source", "merge_rule", "correction", "position", "counted",
    "start_char", "end_char",
]
ENTITY_COLUMNS = [
    "entity_id", "name", "label", "group", "is_named", "mention_count", "aliases", "roles",
    "sentence_count", "sentence_ids", "in_lead", "salience", "first_char", "last_char",
]
REJECTED_COLUMNS = ["sentence_id", "text", "model_label", "reason", "start_char", "end_char"]
SOURCES = ("model", "recased", "alias")


def mention_table(doc: Doc, sentences: pd.DataFrame, *, nlp: Language | None = None) -> pd.DataFrame:
    """One row per entity mention in an in-scope sentence, resolved to entities (see ``entity_merge``).

    ``nlp`` is the pipeline that parsed ``doc`` (used to re-read all-caps text); by default the
    project's model, and only when it shares the doc's vocabulary.
    """
    kept = KeptSentences.of(sentences)
    candidates, _ = candidate_mentions(doc, kept, nlp=nlp)
    records = resolve(candidates, doc, sentences, kept)
    return typed_frame({column: [row[column] for row in records] for column in MENTION_COLUMNS}, "mentions")


def rejected_mentions(doc: Doc, sentences: pd.DataFrame, *, nlp: Language | None = None) -> pd.DataFrame:
    """Model entities left out of the mentions, with the reason (e.g. "A340" is a code, not a DATE)."""
    _, rejected = candidate_mentions(doc, KeptSentences.of(sentences), nlp=nlp)
    return pd.DataFrame(rejected, columns=REJECTED_COLUMNS)


def entity_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per entity, most-mentioned first, with aliases, roles, sentences and salience.

    Salience (0–1) = 0.5 × frequency + 0.3 × earliness + 0.2 × lead, where frequency is the
    entity's mention count over the largest mention count of a named entity (capped at 1),
    earliness is 1 − the relative position of its first mention among the in-scope sentences
    (0 = first sentence, 1 = last), and lead is 1 when it is mentioned in the standfirst or the
    first body paragraph, else 0 (``salience_score``; NORP entities count half). Salience ranks what a story is about, so only named entities
    have one: dates, times, numbers and quantities stay in the table with salience 0.0 and never rank.
    """
    if "is_pronoun" in mentions:  # an entity is described by its names; pronoun rows are counted by add_pronoun_counts
        mentions = mentions[~mentions["is_pronoun"].astype(bool)]
    if mentions.empty:
        return empty_entity_table()
    if "counted" not in mentions:
        mentions = mentions.assign(counted=True)
    records = row_dicts(mentions, ["entity_id", "name", "label", "group", "is_named", "role", "sentence_id", "paragraph_id",
                                   "paragraph_kind", "position", "counted", "start_char", "end_char"])
    by_entity: dict[int, list[dict]] = {}
    for record in records:
        by_entity.setdefault(int(record["entity_id"]), []).append(record)
    def counted(group: list[dict]) -> int:
        return sum(bool(r["counted"]) for r in group)

    named_counts = [counted(group) for group in by_entity.values() if bool(group[0]["is_named"])]
    top = max(named_counts) if named_counts else max(counted(group) for group in by_entity.values())
    top = max(top, 1)
    body_paragraphs = [int(r["paragraph_id"]) for r in records if r["paragraph_kind"] == "body"]
    first_body = min(body_paragraphs) if body_paragraphs else -1
    rows = []
    for entity_id, group in by_entity.items():
        names = list(dict.fromkeys(r["name"] for r in group))
        canonical = max(names, key=lambda name: (len(name.split()), len(name)))
        roles = [role for role in dict.fromkeys(r["role"] for r in group) if role]
        sentence_ids = sorted({int(r["sentence_id"]) for r in group})
        in_lead = any(r["paragraph_kind"] == "lead" or int(r["paragraph_id"]) == first_body for r in group)
        in_headline = any(r["paragraph_kind"] == "headline" for r in group)
        frequency = min(counted(group) / top, 1.0)
        earliness = 1.0 - min(float(r["position"]) for r in group)
        rows.append(
            {
                "entity_id": entity_id,
                "name": canonical,
                "label": group[0]["label"],
                "group": group[0]["group"],
                "is_named": bool(group[0]["is_named"]),
                "mention_count": counted(group),
                "aliases": "; ".join(name for name in names if name != canonical),
                "roles": "; ".join(roles),
                "sentence_count": len(sentence_ids),
                "sentence_ids": ",".join(map(str, sentence_ids)),
                "in_lead": in_lead,
                "salience": salience_score(frequency, earliness, in_lead, group[0]["label"], mention_count=counted(group),
                                           in_headline=in_headline) if group[0]["is_named"] else 0.0,
                "first_char": min(int(r["start_char"]) for r in group),
                "last_char": max(int(r["end_char"]) for r in group),
            }
        )
    rows.sort(key=lambda row: (-row["mention_count"], -row["salience"], row["first_char"]))  # stable, as pandas' sort of three keys
    return typed_frame({column: [row[column] for row in rows] for column in ENTITY_COLUMNS}, "entities")


def empty_entity_table() -> pd.DataFrame:
    """An entities table with no rows but the right column types (so sorting and nlargest work)."""
    return typed_frame({column: [] for column in ENTITY_COLUMNS}, "entities")
