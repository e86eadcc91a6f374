"""Two stories, one event: how two articles (or two groups of a corpus) cover the same thing.

Each side is a :class:`Side`: the tables of one article (:func:`article_side`) or of a corpus
view (:func:`corpus_side`), every table with an ``article_id`` column, so one code path serves
both. The functions take two sides and return tables whose columns end in ``_a`` and ``_b``:
entities in both or one (:func:`entity_overlap`), the tone towards each shared entity
(:func:`entity_tone`), the voices and their attribution verbs (:func:`voices`,
:func:`sourcing_comparison`, :func:`attribution_verbs_by_side`), what one leaves out
(:func:`left_out`), word choice (:func:`word_choice`), shared passages (:func:`passages`) and,
per article, the headline against the body (:func:`headline_versus_body`).

Entities are matched across the sides by their corpus identity when both sides come from one
corpus (:func:`utils.explore.entities.corpus_identities`), else by name and alias: the same name,
a written form both share, or a one-word name that is the surname of exactly one person on the
other side ("Putin" = "Vladimir Putin"). Table in, table out: nothing here reads or writes the
cache (:func:`title_analysis` parses a headline string without caching it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd

from utils.explore.compare import weighted_log_odds
from utils.explore.entities import corpus_identities, counted_mentions
from utils.explore.sources import cue_group, sourcing_summary
from utils.explore.tone import article_sentiment
from utils.explore.words import WORD_COLUMNS, words_table
from utils.pipeline.names import name_key
from utils.pipeline.sentiment import TARGET_BAND, label as sentiment_label
from utils.pipeline.speakers import credited_quotes
from utils.stories.passages import MIN_WORDS, shared_passages

if TYPE_CHECKING:  # pragma: no cover
    from utils.analysis import Analysis
    from utils.corpus import Corpus

SIDES = ("a", "b")
TABLE_NAMES = ("paragraphs", "sentences", "tokens", "mentions", "entities", "quotes")
TOKEN_COLUMNS = [*WORD_COLUMNS, "token_id", "text", "start_char", "end_char"]
NAMED_GROUPS = ("person", "organisation", "place", "group", "event", "work", "product", "law")
MATCH_RULES = ("corpus_identity", "same_name", "alias", "surname")  # strongest first
EVIDENCE_ITEM = re.compile(r"(?P<word>.+?) (?P<value>[+-]\d+(?:\.\d+)?)$")
MAX_PASSAGE_ARTICLES = 40  # per side of a corpus comparison: shared passages are searched in this many articles


@dataclass
class Side:
    """One side of a comparison: a label and the analysis tables, each with an ``article_id`` column.

    ``texts`` maps each article id to the text its offsets point into (for a corpus, rebuilt from
    the paragraphs table); ``titles`` to its title metadata; ``prior`` holds term counts of the
    whole corpus the side comes from (None for a lone article); ``corpus_path`` says which corpus.
    """

    label: str
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    corpus_path: str | None = None
    prior: pd.Series | None = None

    @property
    def article_ids(self) -> list[str]:
        return list(self.texts)

    @property
    def text(self) -> str:
        """The text of a one-article side ("" for a group of several)."""
        return next(iter(self.texts.values())) if len(self.texts) == 1 else ""

    @property
    def is_empty(self) -> bool:
        return not self.texts


# --------------------------------------------------------------------------- sides


def article_side(analysis: "Analysis", *, label: str | None = None) -> Side:
    """One article as a side: its tables with ``article_id`` (the article's id) in front."""
    article_id = analysis.article.id
    tables = {name: _with_article_id(getattr(analysis, name), article_id) for name in TABLE_NAMES}
    return Side(
        label=label or side_label(analysis), texts={article_id: analysis.text}, titles={article_id: analysis.article.title}, **tables,
    )


def side_label(analysis: "Analysis", *, limit: int = 48) -> str:
    """A short name for an article: its source and title, else its file name, else its first words."""
    article = analysis.article
    name = article.title or (article.path.stem if article.path is not None else " ".join(analysis.text.split()[:8]))
    if article.source:
        name = f"{article.source}: {name}"
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def corpus_side(corpus: "Corpus", *, label: str | None = None, prior: pd.Series | None = None) -> Side:
    """A corpus (or a view of one) as a side: its tables, limited to the view's articles."""
    tables = {name: corpus.table(name, columns=TOKEN_COLUMNS if name == "tokens" else None) for name in TABLE_NAMES}
    articles = corpus.table("articles", columns=["article_id", "title", "characters"])
    texts = _texts_from_paragraphs(tables["paragraphs"], articles)
    titles = dict(zip(articles["article_id"], articles["title"].where(articles["title"].notna(), None)))
    return Side(label=label or corpus.label or "corpus", texts=texts, titles=titles, corpus_path=str(corpus.path), prior=prior, **tables)


def corpus_groups(corpus: "Corpus", *, by: str = "source", a: str = "", b: str = "") -> tuple["Corpus", "Corpus"]:
    """Two views of ``corpus``: articles whose ``by`` column is ``a``, and those where it is ``b``.

    Empty ``a``: the most common value; empty ``b``: every article whose value is not ``a``
    (articles without a value are ``(none)``). ``by`` is a column of the articles table.
    """
    columns = set(corpus.sql("SELECT * FROM articles LIMIT 0").columns)
    if by not in columns:
        raise ValueError(f"the articles table has no column {by!r} (it has: {', '.join(sorted(columns))})")
    values = corpus.sql(f'SELECT article_id, coalesce(CAST("{by}" AS VARCHAR), \'(none)\') AS value FROM articles')
    if not a:
        counts = values["value"].value_counts()
        a = str(counts.index[0]) if len(counts) else ""
    in_a = values.loc[values["value"] == a, "article_id"]
    in_b = values.loc[(values["value"] == b) if b else (values["value"] != a), "article_id"]
    return (corpus.view(in_a, label=f"{by} = {a}"), corpus.view(in_b, label=f"{by} = {b}" if b else f"{by} ≠ {a}"))


def corpus_term_counts(corpus: "Corpus") -> pd.Series:
    """Every in-scope, non-stopword word of the corpus (the words of :func:`utils.explore.words.words_table`) and its count: the prior for word choice."""
    counts = corpus.sql(
        "SELECT lower AS term, count(*) AS n FROM tokens WHERE in_scope AND (is_alpha OR like_num) AND NOT is_stop GROUP BY lower"
    )
    return pd.Series(counts["n"].to_numpy(), index=counts["term"].to_numpy(), dtype="int64")


def _with_article_id(frame: pd.DataFrame, article_id: str) -> pd.DataFrame:
    frame = frame.drop(columns=["article_id"], errors="ignore")
    return frame.assign(article_id=article_id)[["article_id", *frame.columns]]


def _texts_from_paragraphs(paragraphs: pd.DataFrame, articles: pd.DataFrame) -> dict[str, str]:
    """Each article's text with its paragraphs at their offsets (gaps as spaces): offsets stay exact."""
    texts = {}
    lengths = dict(zip(articles["article_id"], articles["characters"]))
    for article_id, rows in paragraphs.groupby("article_id", sort=False):
        length = max(int(lengths.get(article_id, 0) or 0), int(rows["end_char"].max()))
        characters = [" "] * length
        for start, text in zip(rows["start_char"], rows["text"]):
            characters[int(start) : int(start) + len(text)] = list(text)
        texts[str(article_id)] = "".join(characters)
    for article_id in articles["article_id"]:
        texts.setdefault(str(article_id), "")
    return texts


# --------------------------------------------------------------------------- entities

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


# --------------------------------------------------------------------------- voices

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


# --------------------------------------------------------------------------- what one leaves out

LEFT_OUT_COLUMNS = ["what", "name", "group", "only_in", "mentions", "salience", "quoted_words"]


def left_out(overlap: pd.DataFrame, voice_table: pd.DataFrame, *, label_a: str = "A", label_b: str = "B",
             min_salience: float = 0.3, n: int = 10) -> pd.DataFrame:
    """What one side has and the other leaves out: entities with ``salience`` ≥ ``min_salience``
    on one side and absent from the other (the ``n`` most salient per side), and voices (named or
    unnamed; unresolved pronouns and missing speakers left out) quoted on one side only. ``what`` (entity, voice), ``name``, ``group``, ``only_in`` (the side's label),
    ``mentions``, ``salience``, ``quoted_words``."""
    rows = []
    for presence, which, side_label_ in (("only A", "a", label_a), ("only B", "b", label_b)):
        entities = overlap[(overlap["presence"] == presence) & (overlap[f"salience_{which}"] >= min_salience)]
        entities = entities.sort_values([f"salience_{which}", f"mentions_{which}"], ascending=False).head(n)
        quoted = voice_table[voice_table["presence"] == presence].set_index("key")[f"quoted_words_{which}"] if len(voice_table) else pd.Series(dtype="int64")
        for row in entities.itertuples():
            rows.append({"what": "entity", "name": row.name, "group": row.group, "only_in": side_label_, "mentions": getattr(row, f"mentions_{which}"),
                         "salience": getattr(row, f"salience_{which}"), "quoted_words": int(quoted.get(row.key, 0))})
        voices_only = voice_table[(voice_table["presence"] == presence) & voice_table["speaker_kind"].isin(["named", "unnamed"])] if len(voice_table) else voice_table
        for row in voices_only.head(n).itertuples():
            rows.append({"what": "voice", "name": row.speaker, "group": row.speaker_kind, "only_in": side_label_, "mentions": np.nan,
                         "salience": np.nan, "quoted_words": getattr(row, f"quoted_words_{which}")})
    return pd.DataFrame(rows, columns=LEFT_OUT_COLUMNS).astype({"mentions": "float64", "salience": "float64"})


# --------------------------------------------------------------------------- word choice

WORD_CHOICE_COLUMNS = ["term", "count_a", "count_b", "log_odds", "z", "context_a", "context_b"]


def word_choice(a: Side, b: Side, *, prior: pd.Series | None = None, n: int = 15, window: int = 6) -> pd.DataFrame:
    """The words that set the two sides apart: weighted log-odds with an informative Dirichlet
    prior (:func:`utils.explore.compare.weighted_log_odds`; the ``prior`` — default the sides'
    corpus when both have one, else both sides together), the ``n`` most typical of each side
    (positive ``z``: A), each with its first context on each side (``window`` words either side)."""
    if prior is None and a.prior is not None and b.prior is not None and a.corpus_path == b.corpus_path:
        prior = a.prior
    counts = {}
    for which, side in (("a", a), ("b", b)):
        counts[which] = words_table(side.tokens)["term"].value_counts() if len(side.tokens) else pd.Series(dtype="int64")
    if counts["a"].empty or counts["b"].empty:
        return pd.DataFrame(columns=WORD_CHOICE_COLUMNS)
    table = weighted_log_odds(counts["a"], counts["b"], prior=prior)
    table = pd.concat([table.head(n)[table.head(n)["z"] > 0], table.tail(n)[table.tail(n)["z"] < 0]]).drop_duplicates("term")
    for which, side in (("a", a), ("b", b)):
        contexts = term_contexts(side.tokens, table["term"], window=window)
        table[f"context_{which}"] = table["term"].map(contexts).fillna("")
    return table.reset_index(drop=True)[WORD_CHOICE_COLUMNS]


def term_contexts(tokens: pd.DataFrame, terms: Sequence[str], *, window: int = 6) -> dict[str, str]:
    """For each term, its first in-scope occurrence with ``window`` tokens either side inside its sentence: ``"… left [term] right …"``."""
    wanted = set(terms)
    rows = tokens[tokens["in_scope"].astype(bool)] if len(tokens) else tokens
    found: dict[str, str] = {}
    if rows.empty or not wanted:
        return found
    for (_article, _sentence), sentence in rows.groupby(["article_id", "sentence_id"], sort=False):
        lowers = sentence["lower"].tolist()
        texts = sentence["text"].tolist()
        for position, lower in enumerate(lowers):
            if lower in wanted and lower not in found:
                left = texts[max(0, position - window) : position]
                right = texts[position + 1 : position + 1 + window]
                found[lower] = " ".join([("… " if position > window else "") + " ".join(left), f"[{texts[position]}]",
                                         " ".join(right) + (" …" if position + 1 + window < len(texts) else "")]).strip()
        if len(found) == len(wanted):
            break
    return found


# --------------------------------------------------------------------------- shared passages

PASSAGE_COLUMNS = ["passage_id", "article_a", "start_a", "end_a", "article_b", "start_b", "end_b", "words", "text_a", "text_b"]


def passages(a: Side, b: Side, *, min_words: int = MIN_WORDS, max_articles: int = MAX_PASSAGE_ARTICLES) -> pd.DataFrame:
    """The passages both sides contain (:func:`utils.stories.passages.shared_passages`), with the
    article and offsets in each: ``passage_id``, ``article_a``, ``start_a``, ``end_a``,
    ``article_b``, ``start_b``, ``end_b``, ``words``, ``text_a``, ``text_b``; longest first.

    Two articles are compared whole; a corpus side has its first ``max_articles`` articles joined
    (a word that occurs in no text separates them, so no passage spans two articles).
    """
    joined_a, spans_a = _joined_texts(a, "⁂zzqa", max_articles)
    joined_b, spans_b = _joined_texts(b, "⁂zzqb", max_articles)
    found = shared_passages(joined_a, joined_b, min_words=min_words)
    if found.empty:
        return pd.DataFrame(columns=PASSAGE_COLUMNS).astype({column: "int64" for column in ("passage_id", "start_a", "end_a", "start_b", "end_b", "words")})
    for which, spans in (("a", spans_a), ("b", spans_b)):
        located = [_locate(spans, int(start)) for start in found[f"start_{which}"]]
        found[f"article_{which}"] = [article_id for article_id, _offset in located]
        offsets = np.array([offset for _article, offset in located], dtype="int64")
        found[f"end_{which}"] = found[f"end_{which}"] - found[f"start_{which}"] + offsets
        found[f"start_{which}"] = offsets
    return found[PASSAGE_COLUMNS]


def _joined_texts(side: Side, separator: str, max_articles: int) -> tuple[str, list[tuple[int, str]]]:
    pieces, spans, cursor = [], [], 0
    for index, (article_id, text) in enumerate(list(side.texts.items())[:max_articles]):
        if index:
            gap = f" {separator}{index} "
            pieces.append(gap)
            cursor += len(gap)
        spans.append((cursor, article_id))
        pieces.append(text)
        cursor += len(text)
    return "".join(pieces), spans


def _locate(spans: list[tuple[int, str]], offset: int) -> tuple[str, int]:
    starts = [start for start, _article in spans]
    index = int(np.searchsorted(starts, offset, side="right")) - 1
    return spans[index][1], offset - spans[index][0]


def passage_summary(a: Side, b: Side, shared: pd.DataFrame) -> pd.DataFrame:
    """How much of each side the shared passages make up: ``side``, ``passages``, ``shared_words``, ``all_words`` (every word of the texts compared, stopwords included) and ``shared_share``."""
    from utils.stories.passages import word_spans

    rows = []
    for which, side in (("a", a), ("b", b)):
        words = sum(len(word_spans(text)[0]) for text in list(side.texts.values())[:MAX_PASSAGE_ARTICLES])
        shared_words = int(shared["words"].sum()) if len(shared) else 0
        rows.append({"side": side.label, "passages": int(len(shared)), "shared_words": shared_words, "all_words": words,
                     "shared_share": shared_words / words if words else np.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- headline against body

HEADLINE_COLUMNS = ["part", "source", "text", "words", "sentiment", "sentiment_label", "entities", "evidence"]
HEADLINE_ENTITY_COLUMNS = ["name", "group", "in_headline", "found_by", "in_body", "headline_sentiment", "body_sentiment", "body_mentions"]


def headline_kind(analysis: "Analysis") -> str:
    """Where the article's headline comes from: ``headline`` (a paragraph of kind headline), ``title``
    (the title metadata), ``standfirst`` (no headline nor title: the lead paragraph stands in) or ``""``."""
    kinds = set(analysis.paragraphs["kind"])
    if "headline" in kinds:
        return "headline"
    if analysis.article.title:
        return "title"
    return "standfirst" if "lead" in kinds else ""


def title_analysis(analysis: "Analysis") -> "Analysis | None":
    """The article's title metadata analysed as a short text of its own (every paragraph counted,
    not cached), for articles whose headline is not in the text; None when it is, or there is no title."""
    if headline_kind(analysis) != "title":
        return None
    from utils.analysis import analyse
    from utils.pipeline.tables import Scope
    from utils.read.article import article_from_text

    return analyse(article_from_text(analysis.article.title, title=""), scope=Scope.everything(), model=analysis.model, cache=False)


def headline_versus_body(analysis: "Analysis", *, title: "Analysis | None" = None, max_chars: int = 240) -> pd.DataFrame:
    """The headline's tone and entities against the body's: one row per ``part`` (headline, body)
    with its ``source`` (headline paragraph, title metadata analysed apart, standfirst), text,
    (its first ``max_chars`` characters), words, word-weighted ``sentiment`` and label, the named
    entities it mentions and its evidence words (the strongest towards those entities). Empty
    when the article has no headline."""
    kind = headline_kind(analysis)
    if not kind:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    head, body = _headline_parts(analysis, kind, title)
    rows = []
    for part, source, (sentences, mentions) in (("headline", kind, head), ("body", "body", body)):
        tone = article_sentiment(sentences.assign(in_scope=True)) if len(sentences) else {"words": 0, "sentiment": np.nan, "sentiment_label": None}
        named = counted_mentions(mentions[mentions["is_named"].astype(bool)]) if len(mentions) else mentions
        names = named["name"].value_counts() if len(named) else pd.Series(dtype="int64")
        rows.append({
            "part": part, "source": source, "text": _shortened(" ".join(sentences["text"]) if len(sentences) else "", max_chars),
            "words": int(tone["words"]), "sentiment": tone["sentiment"], "sentiment_label": tone["sentiment_label"] or "",
            "entities": ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in names.items()),
            "evidence": evidence_words(named["target_evidence"].tolist() if len(named) else []),
        })
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


def headline_entities(analysis: "Analysis", *, title: "Analysis | None" = None) -> pd.DataFrame:
    """The named entities of the headline and of the body, one row each: ``in_headline``, ``found_by``
    (``model``: the model found it in the headline; ``written``: a body entity's name, alias or a
    person's surname written in the headline where the model missed it, as the pipeline's
    ``alias`` mentions), ``in_body``, the mean target sentiment towards it in each part (the
    headline's only where the model found it) and its mentions in the body; headline ones first."""
    kind = headline_kind(analysis)
    if not kind:
        return pd.DataFrame(columns=HEADLINE_ENTITY_COLUMNS)
    (head_sentences, head_mentions), (_, body_mentions) = _headline_parts(analysis, kind, title)
    headline_text = " ".join(head_sentences["text"]) if len(head_sentences) else ""
    parts = {}
    for part, mentions in (("headline", head_mentions), ("body", body_mentions)):
        named = counted_mentions(mentions[mentions["is_named"].astype(bool) & mentions["group"].isin(NAMED_GROUPS)]) if len(mentions) else mentions
        parts[part] = named.assign(key=named["name"].map(name_key)) if len(named) else named.assign(key=pd.Series(dtype=str))
    keys: dict[str, tuple[str, str]] = {}
    for part in ("headline", "body"):
        for name, group, key in zip(parts[part]["name"], parts[part]["group"], parts[part]["key"]):
            keys.setdefault(key, (name, group))
    # a one-word headline name ("Putin") is the body's "Vladimir Putin" when it is that one person's surname
    body_surnames = defaultdict(set)
    for key in parts["body"]["key"]:
        if len(key.split()) > 1:
            body_surnames[key.split()[-1]].add(key)
    alias = {key: next(iter(body_surnames[key])) for key in parts["headline"]["key"] if len(key.split()) == 1 and len(body_surnames.get(key, ())) == 1}
    if alias:
        parts["headline"] = parts["headline"].assign(key=parts["headline"]["key"].replace(alias))
    rows = []
    for key in dict.fromkeys([*parts["headline"]["key"], *parts["body"]["key"]]):
        head = parts["headline"][parts["headline"]["key"] == key]
        body = parts["body"][parts["body"]["key"] == key]
        name, group = keys.get(key, (key, ""))
        if len(body):
            name, group = body.iloc[0]["name"], body.iloc[0]["group"]
        found_by = "model" if len(head) else ("written" if len(body) and _written_in(headline_text, body, analysis.entities) else "")
        rows.append({
            "name": name, "group": group, "in_headline": bool(found_by), "found_by": found_by, "in_body": bool(len(body)),
            "headline_sentiment": head["target_sentiment"].mean() if len(head) else np.nan,
            "body_sentiment": body["target_sentiment"].mean() if len(body) else np.nan, "body_mentions": int(len(body)),
        })
    table = pd.DataFrame(rows, columns=HEADLINE_ENTITY_COLUMNS)
    return table.sort_values(["in_headline", "body_mentions"], ascending=False, kind="stable").reset_index(drop=True)


def _written_in(headline: str, body: pd.DataFrame, entities: pd.DataFrame) -> bool:
    """Whether the headline writes a name of the body entity (its name, an alias, a person's surname), as a whole word."""
    if not headline:
        return False
    rows = entities[entities["entity_id"].isin(body["entity_id"])] if len(entities) else entities
    forms = set(body["name"])
    for name, aliases, group in zip(rows["name"], rows["aliases"], rows["group"]):
        forms |= {name} | {alias for alias in str(aliases or "").split("; ") if alias.strip()}
        if group == "person" and len(str(name).split()) > 1:
            forms.add(str(name).split()[-1])
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", headline) for form in forms if len(form) > 1)


def _headline_parts(analysis: "Analysis", kind: str, title: "Analysis | None") -> tuple[tuple[pd.DataFrame, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]:
    """((headline sentences, headline mentions), (body sentences, body mentions)) of an article."""
    sentences, mentions = analysis.sentences, _canonical_names(analysis.mentions, analysis.entities)
    scored = sentences[sentences["in_scope"].astype(bool)]
    if kind == "headline" or kind == "standfirst":
        head_kind = "headline" if kind == "headline" else "lead"
        head = (sentences[sentences["paragraph_kind"] == head_kind], mentions[mentions["paragraph_kind"] == head_kind])
        body = (scored[scored["paragraph_kind"] != head_kind], mentions[mentions["paragraph_kind"] != head_kind])
        return head, body
    if title is None:
        title = title_analysis(analysis)
    head = (title.sentences, _canonical_names(title.mentions, title.entities)) if title is not None else (sentences.iloc[:0], mentions.iloc[:0])
    return head, (scored, mentions)


def _shortened(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _canonical_names(mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Mentions with ``name`` replaced by their entity's name (the fullest form written)."""
    if mentions.empty or entities.empty:
        return mentions
    names = mentions["entity_id"].map(entities.set_index("entity_id")["name"])
    return mentions.assign(name=names.where(names.notna(), mentions["name"]))


# --------------------------------------------------------------------------- the whole comparison

NO_SECOND_SIDE = (
    "There is no second article to compare with (ARTICLE_B is empty and no CORPUS is given), so the comparisons "
    "below are empty; the headline against the body is shown for this article. Set ARTICLE_B to a second report "
    "of the same event, or CORPUS with GROUP_BY, A and B."
)
NO_SECOND_SIDE_SHORT = "No second article: nothing to compare (set ARTICLE_B)."


def empty_side(*, label: str = "(none)") -> Side:
    """A side with no article: every table empty, in the corpus schema."""
    from utils.pipeline.schema import empty_frame

    return Side(label=label, **{name: empty_frame(name, article_id=True) for name in TABLE_NAMES})


def narrowed(corpus: "Corpus", *, query: str = "", story: str = "") -> "Corpus":
    """The corpus limited to one story (``corpus.story``) and to the articles matching a search
    (``corpus.subset``), when asked; each returns a view."""
    if story:
        if not hasattr(corpus, "story"):
            raise ValueError("STORY needs Corpus.story() (the stories capability), which this version does not have")
        corpus = corpus.story(int(story) if story.isdigit() else story)
    if query:
        if not hasattr(corpus, "subset"):
            raise ValueError("QUERY needs Corpus.subset() (the search capability), which this version does not have")
        corpus = corpus.subset(query)
    return corpus


def choose_sides(analysis_a: "Analysis", analysis_b: "Analysis | None" = None, *, corpus: "Corpus | None" = None,
                 by: str = "source", a: str = "", b: str = "", query: str = "", story: str = "") -> tuple[Side, Side]:
    """The two sides a notebook compares: two groups of ``corpus`` (split by ``by`` into ``a`` and
    ``b``, after ``story`` and ``query``; the whole corpus's words as the prior) when one is given,
    else the two articles, else the first article against an empty side."""
    if corpus is not None:
        prior = corpus_term_counts(corpus)
        view_a, view_b = corpus_groups(narrowed(corpus, query=query, story=story), by=by, a=a, b=b)
        return corpus_side(view_a, prior=prior), corpus_side(view_b, prior=prior)
    side_a = article_side(analysis_a)
    return side_a, article_side(analysis_b) if analysis_b is not None else empty_side()


OVERVIEW_COLUMNS = ["measure", "a", "b"]


def overview(coverage: "Coverage") -> pd.DataFrame:
    """The comparison in a few lines, one ``measure`` a row with its value on each side (``a``, ``b``)."""
    a, b = coverage.a, coverage.b
    rows = []

    def add(measure: str, value_a, value_b) -> None:
        rows.append({"measure": measure, "a": value_a, "b": value_b})

    add("side", a.label, b.label)
    add("articles", len(a.texts), len(b.texts))
    words = [int(words_table(side.tokens).shape[0]) if len(side.tokens) else 0 for side in (a, b)]
    add("words (without stopwords)", *words)
    tones = [article_sentiment(side.sentences)["sentiment"] if len(side.sentences) else np.nan for side in (a, b)]
    add("tone (word-weighted sentiment)", *(f"{value:+.3f}" if value == value else "not scored" for value in tones))
    overlap = coverage.overlap
    add("named entities", int((overlap["presence"] != "only B").sum()), int((overlap["presence"] != "only A").sum()))
    add("… named by both", int((overlap["presence"] == "both").sum()), int((overlap["presence"] == "both").sum()))
    sourcing = coverage.sourcing
    for column, measure in (("quotations", "quotations"), ("unnamed_share", "unnamed speakers"), ("loaded_share", "loaded attribution verbs")):
        values = sourcing[column].tolist()
        add(measure, *(f"{value:.0%}" if column.endswith("share") and value == value else ("—" if value != value else int(value)) for value in values))
    summary = coverage.passage_summary
    add("shared passages (words, share of the text)", *(f"{row.shared_words} ({row.shared_share:.0%})" if row.shared_share == row.shared_share else "—"
                                                          for row in summary.itertuples()))
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS).astype({"a": str, "b": str})


@dataclass
class Coverage:
    """Every table of a comparison of two sides, computed once (``compare``); ``missing`` says why
    there is nothing to compare ("" when both sides hold articles)."""

    a: Side
    b: Side
    keys: pd.DataFrame
    overlap: pd.DataFrame
    tone: pd.DataFrame
    voices: pd.DataFrame
    sourcing: pd.DataFrame
    verbs: pd.DataFrame
    left_out: pd.DataFrame
    words: pd.DataFrame
    passages: pd.DataFrame
    passage_summary: pd.DataFrame
    missing: str = ""
    explanation: str = ""  # the longer note on what is missing, shown once

    def reason(self, default: str) -> str:
        """Why a table of this comparison is empty: ``missing`` when a side is, else ``default``."""
        return self.missing or default


def compare(a: Side, b: Side, *, n: int = 15, min_words: int = MIN_WORDS, min_salience: float = 0.3) -> Coverage:
    """The whole comparison of two sides (each table as its own function computes it)."""
    missing = NO_SECOND_SIDE_SHORT if b.is_empty else ("Side A holds no article: nothing to compare." if a.is_empty else "")
    keys = entity_keys(a, b)
    overlap = entity_overlap(a, b, keys=keys)
    voice_table = voices(a, b, keys=keys, overlap=overlap)
    shared = passages(a, b, min_words=min_words)
    omitted = left_out(overlap, voice_table, label_a=a.label, label_b=b.label, min_salience=min_salience, n=n)
    return Coverage(
        a=a, b=b, keys=keys, overlap=overlap, tone=entity_tone(a, b, keys=keys, overlap=overlap), voices=voice_table,
        sourcing=sourcing_comparison(a, b), verbs=attribution_verbs_by_side(a, b), left_out=omitted.iloc[:0] if missing else omitted,
        words=word_choice(a, b, n=n), passages=shared, passage_summary=passage_summary(a, b, shared), missing=missing,
        explanation=NO_SECOND_SIDE if b.is_empty else missing,
    )


@dataclass
class Headline:
    """One article's headline against its body: where the headline comes from (``kind``), the two parts and their entities."""

    label: str
    kind: str
    parts: pd.DataFrame
    entities: pd.DataFrame
    side: str = "a"

    @property
    def note(self) -> str:
        sources = {
            "headline": "The headline is the article's first paragraph (kind headline).",
            "title": "The headline is the article's title (metadata, not part of the text), analysed as a short text of its own.",
            "standfirst": "The article has no headline or title, so its standfirst (lead paragraph) stands in for the headline.",
            "": "The article has no headline, title or standfirst: there is no headline to set against the body.",
        }
        return f"{self.side.upper()} ({self.label}): {sources[self.kind]}"


def headlines(analyses: dict[str, "Analysis | None"]) -> dict[str, Headline]:
    """``headline_versus_body`` and ``headline_entities`` of each article given (``{"a": ..., "b": ...}``; None skipped)."""
    found = {}
    for which, analysis in analyses.items():
        if analysis is None:
            continue
        title = title_analysis(analysis)
        found[which] = Headline(side_label(analysis), headline_kind(analysis), headline_versus_body(analysis, title=title),
                                headline_entities(analysis, title=title), side=which)
    return found
