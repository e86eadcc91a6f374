"""Entities across the two sides of a comparison: which entity of one side is which of the other
(:func:`entity_keys`), the entities both name or one alone (:func:`entity_overlap`) and how each
side speaks of the entities both name (:func:`entity_tone`, with :func:`evidence_words`).

Entities are matched across the sides by their corpus identity when both sides come from one
corpus (:func:`utils.explore.entities.corpus_identities`), else by name and alias: the same name,
a written form both share, or a one-word name that is the surname of exactly one person on the
other side ("Putin" = "Vladimir Putin").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

import numpy as np
import pandas as pd

from utils.explore.coverage_sides import SIDES, Side
from utils.explore.entities import corpus_identities, counted_mentions
from utils.pipeline.names import name_key
from utils.pipeline.sentiment import TARGET_BAND, label as sentiment_label

NAMED_GROUPS = ("person", "organisation", "place", "group", "event", "work", "product", "law")
MATCH_RULES = ("corpus_identity", "same_name", "alias", "surname")  # strongest first
EVIDENCE_ITEM = re.compile(r"(?P<word>.+?) (?P<value>[+-]\d+(?:\.\d+)?)$")


# --------------------------------------------------------------------------- matching entities

ENTITY_KEY_COLUMNS = ["side", "article_id", "entity_id", "key"]
OVERLAP_COLUMNS = [
    "key", "name", "group", "presence", "match_rule", "name_a", "name_b", "mentions_a", "mentions_b",
    "salience_a", "salience_b", "articles_a", "articles_b",
]


def _named_entities(side: Side) -> pd.DataFrame:
    rows = side.entities
    if rows.empty:
        return rows.assign(side=pd.Series(dtype=str))
    return rows[rows["is_named"].astype(bool) & rows["group"].isin(NAMED_GROUPS)]


def entity_keys(a: Side, b: Side) -> pd.DataFrame:
    """Which entity of each side is which: ``side`` (a, b), ``article_id``, ``entity_id``, ``key``
    (one key for the same real-world entity on both sides) and ``match_rule``.

    Sides from one corpus first join by corpus identity (``corpus_identity``); then the
    strongest rule that holds, one entity of A to at most one of B: ``same_name``, ``alias`` (a
    written form both share), ``surname`` (a one-word person name that is the last word of the name of
    exactly one person on the other side). Entities left unmatched keep a key of their own.
    """
    named = {"a": _named_entities(a), "b": _named_entities(b)}
    one_corpus = a.corpus_path is not None and a.corpus_path == b.corpus_path
    identities = None
    if one_corpus:
        both = pd.concat([named["a"], named["b"]], ignore_index=True).drop_duplicates(["article_id", "entity_id"])
        identities = corpus_identities(both) if len(both) else None
    units = {side: _entity_units(named[side], identities) for side in SIDES}
    pairs = _candidate_pairs(units["a"], units["b"], by_identity=one_corpus)
    partner_of_a: dict[tuple, tuple[tuple, str]] = {}
    partner_of_b: dict[tuple, tuple[tuple, str]] = {}
    for rank, _weight, key_a, key_b in sorted(pairs):
        if key_a in partner_of_a or key_b in partner_of_b:
            continue
        partner_of_a[key_a] = (key_b, MATCH_RULES[rank])
        partner_of_b[key_b] = (key_a, MATCH_RULES[rank])
    names = {side: {unit["ident"]: unit["name"] for unit in units[side]} for side in SIDES}
    rows = []
    for side, other, partners in (("a", "b", partner_of_a), ("b", "a", partner_of_b)):
        for unit in units[side]:
            partner = partners.get(unit["ident"])
            name = unit["name"] if partner is None else _fuller(unit["name"], names[other][partner[0]])
            for article_id, entity_id in unit["members"]:
                rows.append({"side": side, "article_id": article_id, "entity_id": entity_id, "key": name_key(name),
                             "match_rule": partner[1] if partner else ""})
    table = pd.DataFrame(rows, columns=[*ENTITY_KEY_COLUMNS, "match_rule"])
    # an unmatched entity whose name is another's key on the other side must not silently join it
    clash = table.groupby("key")["side"].nunique() > 1
    unmatched = table["match_rule"] == ""
    table.loc[unmatched & table["key"].map(clash), "key"] = table["key"] + " (" + table["side"].str.upper() + ")"
    return table.astype({"entity_id": "int64"})


def _entity_units(entities: pd.DataFrame, identities: pd.DataFrame | None) -> list[dict]:
    """The things one side names: one per entity, or per corpus identity (its articles' entities together)."""
    rows = entities.copy()
    if identities is not None and len(rows):
        rows = rows.drop(columns=["name", "label", "group"]).merge(identities, on=["article_id", "entity_id"], how="left")
        rows["unit"] = rows["name"].map(name_key)
    else:
        rows["unit"] = rows["article_id"].astype(str) + "\0" + rows["entity_id"].astype(str)
    units = []
    for unit, group in rows.groupby("unit", sort=False):
        first = group.sort_values("mention_count", ascending=False).iloc[0]
        written = set()
        for name, aliases in zip(group["name"], group["aliases"]):
            written |= {name_key(str(name))} | {name_key(alias) for alias in str(aliases or "").split("; ") if alias.strip()}
        written.discard("")
        units.append({
            "ident": unit, "name": str(first["name"]), "group": first["group"], "forms": written,
            "mentions": int(group["mention_count"].sum()),
            "members": list(zip(group["article_id"].astype(str), group["entity_id"].astype(int))),
        })
    return units


def _candidate_pairs(forms_a: list[dict], forms_b: list[dict], *, by_identity: bool = False) -> list[tuple[int, int, str, str]]:
    """(rule rank, −mentions, unit of A, unit of B) for every pair some rule joins (same identity first, within one corpus)."""
    def surname_index(forms: list[dict]) -> dict[str, list[tuple]]:
        index: dict[str, list[tuple]] = defaultdict(list)
        for entity in forms:
            if entity["group"] == "person":
                for surname in {form.split()[-1] for form in entity["forms"] if len(form.split()) > 1}:
                    index[surname].append(entity["ident"])
        return index

    surnames = {"a": surname_index(forms_a), "b": surname_index(forms_b)}
    by_form_b: dict[str, list[dict]] = defaultdict(list)
    for entity in forms_b:
        for form in entity["forms"]:
            by_form_b[form].append(entity)
    pairs = []
    for entity_a in forms_a:
        key_a = entity_a["ident"]
        seen = set()
        for form in entity_a["forms"]:
            for entity_b in by_form_b.get(form, []):
                key_b = entity_b["ident"]
                if key_b in seen:
                    continue
                seen.add(key_b)
                rank = 1 if name_key(entity_a["name"]) == name_key(entity_b["name"]) else 2
                if by_identity and key_a == key_b:
                    rank = 0
                pairs.append((rank, -(entity_a["mentions"] + entity_b["mentions"]), key_a, key_b))
        # a one-word name against the surname of exactly one person on the other side
        for form in entity_a["forms"]:
            if entity_a["group"] == "person" and len(form.split()) == 1 and len(surnames["b"].get(form, [])) == 1 and surnames["b"][form][0] not in seen:
                pairs.append((3, -entity_a["mentions"], key_a, surnames["b"][form][0]))
    lookup_a = {entity["ident"]: entity for entity in forms_a}
    for entity_b in forms_b:
        key_b = entity_b["ident"]
        for form in entity_b["forms"]:
            candidates = surnames["a"].get(form, [])
            if entity_b["group"] == "person" and len(form.split()) == 1 and len(candidates) == 1 and not (entity_b["forms"] & lookup_a[candidates[0]]["forms"]):
                pairs.append((3, -entity_b["mentions"], candidates[0], key_b))
    return pairs


def _fuller(name_a: str, name_b: str) -> str:
    return name_a if len(name_a.split()) >= len(name_b.split()) else name_b


def _side_entities(side: Side, keys: pd.DataFrame, which: str) -> pd.DataFrame:
    """Per key of one side: name (most-mentioned form), group, mentions, mean salience over the articles naming it, articles."""
    rows = _named_entities(side).merge(keys[keys["side"] == which].drop(columns=["side"]), on=["article_id", "entity_id"])
    if rows.empty:
        return pd.DataFrame(columns=["key", "name", "group", "mentions", "salience", "articles", "match_rule"])
    per_article = rows.groupby(["key", "article_id"], sort=False).agg(mentions=("mention_count", "sum"), salience=("salience", "max")).reset_index()
    table = per_article.groupby("key", sort=False).agg(mentions=("mentions", "sum"), salience=("salience", "mean"), articles=("article_id", "nunique")).reset_index()
    ordered = rows.sort_values(["mention_count", "salience"], ascending=False)
    first = ordered.drop_duplicates("key").set_index("key")
    table["name"] = table["key"].map(first["name"])
    table["group"] = table["key"].map(first["group"])
    table["match_rule"] = table["key"].map(first["match_rule"])
    return table


def entity_overlap(a: Side, b: Side, *, keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Named entities in both sides, only in A, only in B: ``key``, ``name`` (the fuller form),
    ``group``, ``presence`` (both, only A, only B), ``match_rule``, the name, mentions, mean
    salience and articles on each side; shared entities first, then by mentions."""
    keys = entity_keys(a, b) if keys is None else keys
    side_a, side_b = _side_entities(a, keys, "a"), _side_entities(b, keys, "b")
    table = side_a.merge(side_b, on="key", how="outer", suffixes=("_a", "_b"))
    if table.empty:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    in_a, in_b = table["mentions_a"].notna(), table["mentions_b"].notna()
    table["presence"] = np.where(in_a & in_b, "both", np.where(in_a, "only A", "only B"))
    table["name"] = [_fuller(str(x), str(y)) if isinstance(x, str) and isinstance(y, str) else (x if isinstance(x, str) else y)
                     for x, y in zip(table["name_a"], table["name_b"])]
    table["group"] = table["group_a"].where(table["group_a"].notna(), table["group_b"])
    table["match_rule"] = table["match_rule_a"].where(table["match_rule_a"].astype(str) != "", table["match_rule_b"]).fillna("")
    table.loc[table["presence"] != "both", "match_rule"] = ""
    for column in ("mentions", "articles"):
        for side in SIDES:
            table[f"{column}_{side}"] = table[f"{column}_{side}"].fillna(0).astype("int64")
    order = table["presence"].map({"both": 0, "only A": 1, "only B": 2})
    table = table.assign(order=order, total=table["mentions_a"] + table["mentions_b"])
    table = table.sort_values(["order", "total", "name"], ascending=[True, False, True]).reset_index(drop=True)
    return table[OVERLAP_COLUMNS]


# --------------------------------------------------------------------------- tone towards entities

TONE_COLUMNS = ["key", "name", "group", "sentiment_a", "sentiment_b", "difference", "scored_a", "scored_b", "label_a", "label_b", "evidence_a", "evidence_b"]


def _keyed_mentions(side: Side, keys: pd.DataFrame, which: str) -> pd.DataFrame:
    rows = counted_mentions(side.mentions)
    rows = rows[rows["is_named"].astype(bool)] if len(rows) else rows
    return rows.merge(keys.loc[keys["side"] == which, ["article_id", "entity_id", "key"]], on=["article_id", "entity_id"])


def evidence_words(evidence: Sequence[str], *, n: int = 4) -> str:
    """The ``n`` words that count most across some ``target_evidence`` strings ("praised +0.15, condemned -0.06"),
    their contributions summed: ``"condemned -0.12 (2), praised +0.15"``, strongest first."""
    totals: dict[str, float] = defaultdict(float)
    counts: Counter = Counter()
    for text in evidence:
        for item in str(text or "").split(", "):
            match = EVIDENCE_ITEM.match(item.strip())
            if match:
                totals[match["word"]] += float(match["value"])
                counts[match["word"]] += 1
    ranked = sorted(totals, key=lambda word: (-abs(totals[word]), word))[:n]
    return ", ".join(f"{word} {totals[word]:+.2f}" + (f" ({counts[word]})" if counts[word] > 1 else "") for word in ranked)


def entity_tone(a: Side, b: Side, *, keys: pd.DataFrame | None = None, overlap: pd.DataFrame | None = None) -> pd.DataFrame:
    """How each side speaks of each shared entity: the mean ``target_sentiment`` of its scored
    mentions on each side (``sentiment_a``/``_b``, ``scored_a``/``_b`` mentions, labels),
    ``difference`` (A − B) and the evidence words of each side; largest difference first."""
    keys = entity_keys(a, b) if keys is None else keys
    overlap = entity_overlap(a, b, keys=keys) if overlap is None else overlap
    shared = overlap[overlap["presence"] == "both"]
    if shared.empty:
        return pd.DataFrame(columns=TONE_COLUMNS)
    table = shared[["key", "name", "group"]].copy()
    for which, side in (("a", a), ("b", b)):
        rows = _keyed_mentions(side, keys, which)
        rows = rows[rows["key"].isin(table["key"])]
        scored = rows[rows["target_sentiment"].notna()]
        grouped = scored.groupby("key")
        table[f"sentiment_{which}"] = table["key"].map(grouped["target_sentiment"].mean())
        table[f"scored_{which}"] = table["key"].map(grouped.size()).fillna(0).astype("int64")
        table[f"label_{which}"] = [sentiment_label(value, band=TARGET_BAND) if value == value else "" for value in table[f"sentiment_{which}"]]
        evidence = rows.groupby("key")["target_evidence"].agg(list)
        table[f"evidence_{which}"] = [evidence_words(evidence.get(key, [])) for key in table["key"]]
    table["difference"] = table["sentiment_a"] - table["sentiment_b"]
    table = table.assign(size=table["difference"].abs()).sort_values(["size", "name"], ascending=[False, True], na_position="last")
    return table.reset_index(drop=True)[TONE_COLUMNS]
