"""The voices of the two sides of a comparison: who is quoted on each side (:func:`voices`, a
named speaker matched across the sides like an entity), the sourcing in a few figures
(:func:`sourcing_comparison`) and the attribution verbs each side uses (:func:`attribution_verbs_by_side`).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from utils.explore.coverage_entities import entity_keys, entity_overlap
from utils.explore.coverage_sides import SIDES, Side
from utils.explore.sources import cue_group, sourcing_summary
from utils.pipeline.speakers import credited_quotes

VOICE_COLUMNS = [
    "key", "speaker", "speaker_kind", "presence", "quotes_a", "quotes_b", "quoted_words_a", "quoted_words_b",
    "quoted_share_a", "quoted_share_b", "verbs_a", "verbs_b", "loaded_a", "loaded_b",
]


def _side_voices(side: Side, keys: pd.DataFrame, which: str, names: dict[str, str]) -> pd.DataFrame:
    rows = side.quotes[side.quotes["in_scope"].astype(bool)] if len(side.quotes) else side.quotes
    columns = ["key", "speaker", "speaker_kind", "quotes", "quoted_words", "quoted_share", "verbs", "loaded"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    total = max(int(rows["word_count"].sum()), 1)
    rows = credited_quotes(rows).reset_index(drop=True)  # a quotation by "Putin and Raisi" is a voice of each
    entity_key = keys[keys["side"] == which].set_index(["article_id", "entity_id"])["key"]
    resolved = [entity_key.get((article_id, entity_id)) if entity_id >= 0 else None
                for article_id, entity_id in zip(rows["article_id"], rows["speaker_entity_id"])]
    written = rows["speaker"].where(rows["speaker"].astype(bool), "(no speaker found)").astype(str)
    key = [found if found is not None else "voice: " + " ".join(text.casefold().split()) for found, text in zip(resolved, written)]
    kind = ["named" if found is not None else speaker_kind for found, speaker_kind in zip(resolved, rows["speaker_kind"])]
    speaker = [names.get(found, text) if found is not None else text for found, text in zip(resolved, written)]
    rows = rows.assign(key=key, speaker_name=speaker, voice_kind=kind, cue_lemma=rows["cue_lemma"].fillna(""))
    table = rows.groupby("key", sort=False).agg(
        speaker=("speaker_name", "first"), speaker_kind=("voice_kind", "first"), quotes=("quote_id", "size"), quoted_words=("word_count", "sum"),
    ).reset_index()
    table["quoted_share"] = table["quoted_words"] / total
    verbs = rows.groupby("key")["cue_lemma"].agg(lambda lemmas: ", ".join(
        f"{lemma} ×{count}" if count > 1 else lemma for lemma, count in Counter(lemma for lemma in lemmas if lemma).most_common()
    ))
    loaded = rows.assign(loaded=rows["cue_lemma"].map(cue_group) == "loaded").groupby("key")["loaded"].sum()
    table["verbs"] = table["key"].map(verbs).fillna("")
    table["loaded"] = table["key"].map(loaded).fillna(0).astype("int64")
    return table[columns]


def voices(a: Side, b: Side, *, keys: pd.DataFrame | None = None, overlap: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who is quoted on each side: one row per voice (a named speaker matched across the sides
    like entities, or an unnamed one by the words written, "officials"), with ``presence``,
    quotations, quoted words and their ``quoted_share`` of the side's quoted words, the attribution
    verbs used (``"say ×2, claim"``) and how many are loaded; voices of both sides first, then by quoted words."""
    keys = entity_keys(a, b) if keys is None else keys
    overlap = entity_overlap(a, b, keys=keys) if overlap is None else overlap
    names = dict(zip(overlap["key"], overlap["name"]))
    side_a, side_b = _side_voices(a, keys, "a", names), _side_voices(b, keys, "b", names)
    table = side_a.merge(side_b, on="key", how="outer", suffixes=("_a", "_b"))
    if table.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    in_a, in_b = table["quotes_a"].notna(), table["quotes_b"].notna()
    table["presence"] = np.where(in_a & in_b, "both", np.where(in_a, "only A", "only B"))
    table["speaker"] = table["speaker_a"].where(in_a, table["speaker_b"])
    table["speaker_kind"] = table["speaker_kind_a"].where(in_a, table["speaker_kind_b"])
    for column in ("quotes", "quoted_words", "loaded"):
        for side in SIDES:
            table[f"{column}_{side}"] = table[f"{column}_{side}"].fillna(0).astype("int64")
    for side in SIDES:
        table[f"quoted_share_{side}"] = table[f"quoted_share_{side}"].fillna(0.0).astype(float)
        table[f"verbs_{side}"] = table[f"verbs_{side}"].fillna("")
    order = table["presence"].map({"both": 0, "only A": 1, "only B": 2})
    table = table.assign(order=order, total=table["quoted_words_a"] + table["quoted_words_b"])
    return table.sort_values(["order", "total", "speaker"], ascending=[True, False, True]).reset_index(drop=True)[VOICE_COLUMNS]


def sourcing_comparison(a: Side, b: Side) -> pd.DataFrame:
    """The sourcing of each side in a few figures: ``side`` (its label), quotations, quoted words,
    named / unnamed quotations and the ``unnamed_share``, neutral / loaded verbs and the ``loaded_share``."""
    rows = []
    for side in (a, b):
        summary = sourcing_summary(side.quotes)
        quotes = side.quotes[side.quotes["in_scope"].astype(bool)] if len(side.quotes) else side.quotes
        quotations = summary["quotations"]
        unnamed = summary["speaker_kind_unnamed"] + summary["speaker_kind_none"]
        verbs = summary["cue_neutral"] + summary["cue_loaded"] + summary["cue_other"]
        rows.append({
            "side": side.label, "articles": len(side.texts), "quotations": quotations,
            "quoted_words": int(quotes["word_count"].sum()) if len(quotes) else 0,
            "named": quotations - unnamed, "unnamed": unnamed, "unnamed_share": unnamed / quotations if quotations else np.nan,
            "neutral_verbs": summary["cue_neutral"], "loaded_verbs": summary["cue_loaded"],
            "loaded_share": summary["cue_loaded"] / verbs if verbs else np.nan,
        })
    return pd.DataFrame(rows)


def attribution_verbs_by_side(a: Side, b: Side) -> pd.DataFrame:
    """Quotations per attribution verb on each side: ``cue_lemma``, ``group`` (neutral, loaded, other), ``quotes_a``, ``quotes_b``; most used first."""
    counts = {}
    for which, side in (("a", a), ("b", b)):
        rows = side.quotes[side.quotes["in_scope"].astype(bool)] if len(side.quotes) else side.quotes
        lemmas = rows["cue_lemma"].fillna("") if len(rows) else pd.Series(dtype=str)
        counts[which] = lemmas[lemmas.astype(bool)].value_counts()
    table = pd.DataFrame({"quotes_a": counts["a"], "quotes_b": counts["b"]}).fillna(0).astype("int64")
    table = table.rename_axis("cue_lemma").reset_index()
    if table.empty:
        return pd.DataFrame(columns=["cue_lemma", "group", "quotes_a", "quotes_b"])
    table["group"] = table["cue_lemma"].map(cue_group)
    table = table.assign(total=table["quotes_a"] + table["quotes_b"]).sort_values(["total", "cue_lemma"], ascending=[False, True])
    return table.reset_index(drop=True)[["cue_lemma", "group", "quotes_a", "quotes_b"]]
