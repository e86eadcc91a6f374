"""The source audit: who is quoted, how much, how they are introduced, and who is not named
(the quotes table in, tables out; one article or a corpus, with ``article_id`` kept when present).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from utils.explore.tone import article_sentiment
from utils.pipeline.speakers import credited_quotes

# Attribution verbs by how they frame the speaker. Neutral verbs report; loaded ones judge the
# statement (doubt, concession, insistence) on the writer's behalf. Lemmas not listed are "other".
NEUTRAL_CUES = frozenset({
    "say", "tell", "state", "add", "note", "explain", "write", "report", "announce", "describe", "according to",
    "reply", "respond", "answer", "comment", "continue", "ask", "recall", "confirm",
})
LOADED_CUES = frozenset({
    "claim", "admit", "insist", "concede", "allege", "deny", "boast", "complain", "acknowledge", "confess",
    "maintain", "contend", "charge", "argue", "warn", "threaten", "accuse", "assert", "acknowledged", "reveal",
})
SPEAKER_TABLE_COLUMNS = [
    "speaker", "speaker_kind", "speaker_entity_id", "quotes", "direct", "mixed", "indirect",
    "quoted_words", "quoted_share", "first_char", "first_position",
]


# A voice without a name: a speaker that is not named ("officials"), not found, or a pronoun no name was
# found for ("it said", "he added" with nobody before it). It is never shown as a name ("it", "he",
# "they") in a corpus figure or table. A pronoun resolved to a person or to a set of people is theirs.
# The two forms: unnamed_voice for a quotes table in pandas, unnamed_voice_sql over the corpus's quotes.


def unnamed_voice_sql(table: str = "") -> str:
    """:func:`unnamed_voice` as an SQL condition on the quotes (or credited quotes) columns of ``table`` (an alias, or none)."""
    prefix = f"{table}." if table else ""
    return (f"({prefix}speaker_kind IN ('unnamed', 'none') OR ({prefix}speaker_kind = 'pronoun' "
            f"AND {prefix}speaker_entity_id < 0 AND len({prefix}speaker_entity_ids) <= 1))")


def unnamed_voice(quotes: pd.DataFrame) -> pd.Series:
    """Per quotation (or credited row), whether its speaker has no name: unnamed, not found, or an unresolved pronoun."""
    if quotes.empty:
        return pd.Series(False, index=quotes.index, dtype=bool)
    members = quotes["speaker_entity_ids"].map(len) if "speaker_entity_ids" in quotes else pd.Series(0, index=quotes.index)
    pronoun = (quotes["speaker_kind"] == "pronoun") & (quotes["speaker_entity_id"] < 0) & (members <= 1)
    return (quotes["speaker_kind"].isin(["unnamed", "none"]) | pronoun).astype(bool)


def cue_group(lemma: str) -> str:
    """"neutral", "loaded" or "other" for an attribution verb's lemma."""
    lemma = (lemma or "").lower()
    return "neutral" if lemma in NEUTRAL_CUES else "loaded" if lemma in LOADED_CUES else "other"


def _in_scope(quotes: pd.DataFrame) -> pd.DataFrame:
    return quotes[quotes["in_scope"].astype(bool)] if len(quotes) else quotes


def speaker_names(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.Series:
    """Each quotation's speaker as the analysis knows it: the entity's name when the speaker was
    resolved to one (names, pronouns), the members' names for a set ("Ebrahim Raisi and Vladimir
    Putin" for "both leaders"), else the words written ("officials"), else "(no speaker found)"."""
    corpus = "article_id" in quotes and "article_id" in entities
    if len(entities):
        keys = zip(entities["article_id"], entities["entity_id"]) if corpus else entities["entity_id"]
        names = dict(zip(keys, entities["name"]))
    else:
        names = {}
    articles = quotes["article_id"] if corpus else [None] * len(quotes)
    members = quotes["speaker_entity_ids"] if "speaker_entity_ids" in quotes else [[]] * len(quotes)
    resolved = []
    for article_id, entity_id, ids in zip(articles, quotes["speaker_entity_id"], members):
        ids = list(ids) if len(ids) > 1 else [entity_id]
        found = [names.get((article_id, member) if corpus else member) for member in ids]
        resolved.append(_joined(found) if all(name is not None for name in found) else None)
    written = one_spelling(quotes["speaker"].where(quotes["speaker"].astype(bool), "(no speaker found)"))
    return pd.Series([name if name is not None else fallback for name, fallback in zip(resolved, written)], index=quotes.index, dtype=object)


def one_spelling(speakers: pd.Series) -> pd.Series:
    """Written speakers that differ only in case ("The company" opening a sentence, "the company"
    inside one) as one voice: each takes the spelling it has first."""
    first: dict[str, str] = {}
    return pd.Series([first.setdefault(str(speaker).casefold(), speaker) for speaker in speakers], index=speakers.index, dtype=object)


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def speaker_table(quotes: pd.DataFrame, entities: pd.DataFrame, *, text_length: int | None = None) -> pd.DataFrame:
    """One row per speaker of the in-scope quotations, most quoted words first: quotations (and
    how many direct, mixed, indirect), quoted words and their share of all quoted words, and where
    the voice first appears (``first_char``; ``first_position`` 0–1 through the text when
    ``text_length`` is given). A quotation spoken by a set ("both leaders") counts for each member,
    so the shares of a text with such quotations add up to more than 1."""
    quoted = _in_scope(quotes)
    if quoted.empty:
        return pd.DataFrame(columns=SPEAKER_TABLE_COLUMNS)
    rows = credited_quotes(quoted).reset_index(drop=True)
    # one voice per resolved entity (however it was written: name or pronoun), else per written speaker
    kind = rows["speaker_kind"].where(rows["speaker_entity_id"] < 0, "named")
    rows = rows.assign(speaker_name=speaker_names(rows.drop(columns="speaker_entity_ids", errors="ignore"), entities), speaker_kind=kind)
    grouped = rows.groupby(["speaker_name", "speaker_kind", "speaker_entity_id"], sort=False)
    table = grouped.agg(
        quotes=("quote_id", "size"), quoted_words=("word_count", "sum"), first_char=("start_char", "min"),
    ).reset_index().rename(columns={"speaker_name": "speaker"})
    kinds = rows.pivot_table(index=["speaker_name", "speaker_kind", "speaker_entity_id"], columns="kind", values="quote_id", aggfunc="size", fill_value=0)
    for kind in ("direct", "mixed", "indirect"):
        counts = kinds[kind] if kind in kinds else pd.Series(0, index=kinds.index)
        table[kind] = [int(counts.get((s, k, e), 0)) for s, k, e in zip(table["speaker"], table["speaker_kind"], table["speaker_entity_id"])]
    total = max(int(quoted["word_count"].sum()), 1)
    table["quoted_share"] = table["quoted_words"] / total
    table["first_position"] = table["first_char"] / text_length if text_length else np.nan
    table = table.sort_values(["quoted_words", "quotes", "first_char"], ascending=[False, False, True]).reset_index(drop=True)
    return table[SPEAKER_TABLE_COLUMNS]


def unnamed_sources(quotes: pd.DataFrame) -> pd.DataFrame:
    """The in-scope quotations whose speaker is not named ("officials", "a person familiar with the
    matter") or not found: ``speaker`` as written, ``speaker_kind``, quotations."""
    rows = _in_scope(quotes)
    rows = rows[rows["speaker_kind"].isin(["unnamed", "none"])] if len(rows) else rows
    if rows.empty:
        return pd.DataFrame(columns=["speaker", "speaker_kind", "quotes"])
    speaker = one_spelling(rows["speaker"].where(rows["speaker"].astype(bool), "(no speaker found)"))
    table = rows.assign(speaker=speaker).groupby(["speaker", "speaker_kind"]).size().rename("quotes").reset_index()
    return table.sort_values(["quotes", "speaker"], ascending=[False, True]).reset_index(drop=True)


def attribution_verbs(quotes: pd.DataFrame) -> pd.DataFrame:
    """How the in-scope quotations are introduced: ``cue_lemma``, ``group`` (neutral, loaded,
    other) and quotations, most used first."""
    rows = _in_scope(quotes)
    rows = rows[rows["cue_lemma"].astype(bool)] if len(rows) else rows
    if rows.empty:
        return pd.DataFrame(columns=["cue_lemma", "group", "quotes"])
    table = rows.groupby("cue_lemma").size().rename("quotes").reset_index()
    table["group"] = table["cue_lemma"].map(cue_group)
    return table.sort_values(["quotes", "cue_lemma"], ascending=[False, True]).reset_index(drop=True)[["cue_lemma", "group", "quotes"]]


def sourcing_summary(quotes: pd.DataFrame) -> dict:
    """Counts for one article or corpus: quotations by kind, by speaker kind, and by cue group."""
    rows = _in_scope(quotes)
    summary = {"quotations": int(len(rows))}
    for column, values in (("kind", ("direct", "mixed", "indirect")), ("speaker_kind", ("named", "pronoun", "unnamed", "none"))):
        counts = rows[column].value_counts() if len(rows) else pd.Series(dtype="int64")
        summary |= {f"{column}_{value}": int(counts.get(value, 0)) for value in values}
    groups = rows["cue_lemma"].map(cue_group).value_counts() if len(rows) else pd.Series(dtype="int64")
    summary |= {f"cue_{group}": int(groups.get(group, 0)) for group in ("neutral", "loaded", "other")}
    return summary


def narration_and_quotes_tone(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """The narration's tone beside the quoted voices': ``voice`` (narration, quoted words),
    ``words`` and word-weighted ``sentiment``. Narration is the in-scope sentences that hold no
    direct or mixed quotation; quoted words are the quotations' own scores weighted by their words."""
    rows = _in_scope(quotes)
    marked = rows[rows["kind"].isin(["direct", "mixed"])] if len(rows) else rows
    quoted_sentences = {int(sentence) for ids in marked["sentence_ids"] for sentence in ids} if len(marked) else set()
    narration = sentences[~sentences["sentence_id"].isin(quoted_sentences)]
    tone = article_sentiment(narration)
    scored = rows[rows["sentiment"].notna()] if len(rows) else rows
    words = scored["word_count"].clip(lower=1).to_numpy(dtype=float) if len(scored) else np.array([])
    quoted = float(np.dot(words, scored["sentiment"]) / words.sum()) if words.size else np.nan
    return pd.DataFrame({
        "voice": ["narration", "quoted words"],
        "words": [int(tone["words"]), int(scored["word_count"].sum()) if len(scored) else 0],
        "sentiment": [tone["sentiment"], quoted],
    })


def top_speakers(quotes: pd.DataFrame, entities: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The n named speakers with the most quoted words across a corpus (or an article): speaker,
    quotations, quoted_words, articles. Voices without a name (:func:`unnamed_voice`) are left out;
    across articles each entity speaks by its corpus name (:func:`utils.explore.entities.corpus_identities`)."""
    rows = _in_scope(quotes)
    if rows.empty:
        return pd.DataFrame(columns=["speaker", "quotes", "quoted_words", "articles"])
    rows = credited_quotes(rows).reset_index(drop=True)  # a quotation by "Putin and Raisi" counts for both
    if "article_id" in rows and "article_id" in entities:  # across articles, each entity by its corpus name
        from utils.explore.entities import corpus_identities

        entities = corpus_identities(entities)
    rows = rows.assign(speaker_name=speaker_names(rows.drop(columns="speaker_entity_ids", errors="ignore"), entities))
    rows = rows[~unnamed_voice(rows)]
    article = rows["article_id"] if "article_id" in rows else pd.Series("", index=rows.index)
    table = rows.assign(article=article).groupby("speaker_name").agg(
        quotes=("quote_id", "size"), quoted_words=("word_count", "sum"), articles=("article", "nunique"),
    ).reset_index().rename(columns={"speaker_name": "speaker"})
    return table.sort_values(["quoted_words", "quotes"], ascending=False).head(n).reset_index(drop=True)


def unnamed_share_by_group(quotes: pd.DataFrame, articles: pd.DataFrame, *, by: Sequence[str] | str = "category") -> pd.DataFrame:
    """Per value of an articles column (category, source...): quotations and the share whose speaker
    is unnamed, not found, or a pronoun no name was found for (:func:`unnamed_voice`)."""
    by = by if isinstance(by, str) else by[0]
    rows = _in_scope(quotes)
    if rows.empty or by not in articles:
        return pd.DataFrame(columns=["group", "quotations", "unnamed_share"])
    rows = rows.merge(articles[["article_id", by]], on="article_id", how="left")
    rows[by] = rows[by].fillna("(none)")
    unnamed = unnamed_voice(rows)
    table = rows.assign(unnamed=unnamed).groupby(by).agg(quotations=("quote_id", "size"), unnamed_share=("unnamed", "mean")).reset_index()
    return table.rename(columns={by: "group"}).sort_values("unnamed_share", ascending=False).reset_index(drop=True)
