"""Entity tables: top entities, merges, relations and co-occurrence, for one article or a corpus (table in, table out)."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

import pandas as pd

from utils.explore.compare import dated
from utils.explore.identity import corpus_keys, short_form_evidence
from utils.pipeline.entities import entity_table
from utils.pipeline.recognition import kept_sentences

RELATION_COLUMNS = ["source", "target", "source_id", "target_id", "weight", "same_sentence", "sentences"]


def top_entities(entity_rows: pd.DataFrame, *, n: int = 10, groups: Sequence[str] = (), named_only: bool = True) -> pd.DataFrame:
    """The n most-mentioned entities (named ones only by default), optionally limited to some groups."""
    rows = entity_rows
    if named_only and "is_named" in rows:
        rows = rows[rows["is_named"].astype(bool)]
    if groups:
        rows = rows[rows["group"].isin(groups)]
    return rows.nlargest(n, "mention_count", keep="first")


def merge_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """The merges and label corrections made: one row per (entity, written form, rule) that is not a plain repeat."""
    columns = ["entity_id", "entity", "text", "merge_rule", "correction", "source", "mentions"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    names = entity_table(mentions).set_index("entity_id")["name"]
    interesting = mentions[
        (mentions["merge_rule"] != "same_name") | (mentions["correction"] != "") | (mentions["source"] != "model")
        | (mentions["text"] != mentions["entity_id"].map(names))
    ]
    interesting = interesting[interesting["is_named"].astype(bool)]
    table = (
        interesting.assign(entity=interesting["entity_id"].map(names))
        .groupby(["entity_id", "entity", "text", "merge_rule", "correction", "source"], sort=False)
        .size()
        .rename("mentions")
        .reset_index()
    )
    return table[columns]


def relation_table(
    mentions: pd.DataFrame, *, window: int = 0, named_only: bool = True, sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Pairs of entities mentioned in the same sentence, or within ``window`` sentences of each other.

    Distances count in-scope sentences when ``sentences`` is given, else sentences with a mention.
    ``weight`` sums 1 / (1 + distance in sentences) over every pair of sentences (one per
    entity) that brings the two together; with ``window=0`` it is the number of sentences both
    are in (``same_sentence``). ``sentences`` lists the sentence ids involved.
    """
    rows = counted_mentions(mentions[mentions["is_named"].astype(bool)] if named_only else mentions)
    if rows.empty:
        return pd.DataFrame(columns=RELATION_COLUMNS)
    names = entity_table(mentions).set_index("entity_id")["name"]
    ordered = kept_sentences(sentences)["sentence_id"] if sentences is not None else sorted(mentions["sentence_id"].unique())
    ranks = {int(sentence): rank for rank, sentence in enumerate(ordered)}
    # the entities of each sentence, by rank: pairs come from sentences at most ``window`` apart
    # (linear in the article: never every entity against every other)
    at_rank: dict[int, set[int]] = defaultdict(set)
    for entity_id, sentence_id in zip(rows["entity_id"].tolist(), rows["sentence_id"].tolist()):
        if int(sentence_id) in ranks:
            at_rank[ranks[int(sentence_id)]].add(int(entity_id))
    sentence_at = {rank: sentence for sentence, rank in ranks.items()}
    pairs: dict[tuple[int, int], dict] = {}
    for rank in sorted(at_rank):
        for distance in range(window + 1):
            others = at_rank.get(rank + distance)
            if not others:
                continue
            for x in at_rank[rank]:
                for y in others:
                    if x == y or (distance == 0 and x > y):
                        continue
                    pair = pairs.setdefault((min(x, y), max(x, y)), {"weight": 0.0, "same_sentence": 0, "sentences": set()})
                    pair["weight"] += 1 / (1 + distance)
                    pair["same_sentence"] += distance == 0
                    pair["sentences"].update((sentence_at[rank], sentence_at[rank + distance]))
    for values in pairs.values():
        values["weight"] = round(values["weight"], 3)
        values["sentences"] = ",".join(map(str, sorted(values["sentences"])))
    records = [
        {"source": names[a], "target": names[b], "source_id": a, "target_id": b, **values}
        for (a, b), values in pairs.items()
    ]
    table = pd.DataFrame(records, columns=RELATION_COLUMNS)
    return table.sort_values(["weight", "same_sentence"], ascending=False).reset_index(drop=True)


def entity_names(mentions: pd.DataFrame, *, labels: Iterable[str] = ("PERSON", "ORG", "GPE", "LOC", "FAC")) -> set[tuple[str, str]]:
    """(name, label) of every entity with one of ``labels``: handy for comparing two analyses."""
    rows = entity_table(mentions)
    rows = rows[rows["label"].isin(list(labels))]
    return set(zip(rows["name"], rows["label"]))


NAMED_GROUPS = ("person", "organisation", "place", "group", "event", "work", "product", "law")


def named_mentions(mentions: pd.DataFrame, entities: pd.DataFrame, *, groups: Sequence[str] = NAMED_GROUPS) -> pd.DataFrame:
    """Counted mentions with their corpus identity: ``name``, ``label`` and ``group`` from the corpus-wide
    vote (:func:`corpus_identities`), and ``article_label``, the label the article itself gave.

    Names, not numbers, by default (``groups``).
    """
    identities = corpus_identities(entities)
    rows = mentions.drop(columns=["name"], errors="ignore").rename(columns={"label": "article_label", "group": "article_group"})
    rows = rows.merge(identities, on=["article_id", "entity_id"], how="left", validate="many_to_one")
    if groups:
        rows = rows[rows["group"].isin(groups)]
    rows = counted_mentions(rows)
    return rows[["article_id", "sentence_id", "name", "label", "group", "article_label"]].reset_index(drop=True)


def corpus_identities(entities: pd.DataFrame) -> pd.DataFrame:
    """One identity per named thing across a corpus: an ``article_id``, ``entity_id`` → ``name``,
    ``label``, ``group`` table.

    Named entities whose canonical names compare equal (``name_key``), or that
    :func:`utils.explore.identity.corpus_keys` joins (one country, an acronym and the name an
    article gives it), are one thing across articles; it takes the label most of its mentions carry
    in the whole corpus (a vote weighted by ``mention_count``; ties alphabetical) and its
    most-mentioned name form that is not a surname alone ("Donald Trump", not "Trump"), so a
    person the model called ORG in one article is still one person.
    Numbers, dates and quantities keep their own.
    """
    columns = ["article_id", "entity_id", "name", "label", "group"]
    if entities.empty:
        return pd.DataFrame(columns=columns)
    rows = entities[["article_id", "entity_id", "name", "label", "group", "is_named", "mention_count"]].copy()
    named = rows["is_named"].astype(bool)
    keys = corpus_name_keys(entities)
    rows["key"] = rows["name"].map(dict(zip(keys["name"], keys["key"]))).where(named, rows["name"] + "\0" + rows["label"])
    # the name shown is the most-mentioned form that is not the surname of another ("Donald Trump", not "Trump")
    rows["short"] = rows["name"].map(dict(zip(keys["name"], keys["rule"] == "surname"))).fillna(False).astype(bool) & named
    weight = rows["mention_count"].clip(lower=1)
    votes = rows.assign(weight=weight).groupby(["key", "label", "group"], sort=False)["weight"].sum().reset_index()
    votes = votes.sort_values(["key", "weight", "label"], ascending=[True, False, True]).drop_duplicates("key")
    forms = rows.assign(weight=weight).groupby(["key", "name"], sort=False).agg(short=("short", "any"), weight=("weight", "sum")).reset_index()
    forms = forms.sort_values(["key", "short", "weight", "name"], ascending=[True, True, False, True]).drop_duplicates("key")
    identity = votes[["key", "label", "group"]].merge(forms[["key", "name"]], on="key")
    return rows[["article_id", "entity_id", "key"]].merge(identity, on="key", how="left")[columns]


def corpus_name_keys(entities: pd.DataFrame) -> pd.DataFrame:
    """Each distinct named entity name of a corpus's entities table → its corpus key and the rule
    that joined it (:func:`utils.explore.identity.corpus_keys`): ``name``, ``key``, ``rule``."""
    named = entities[entities["is_named"].astype(bool) & entities["name"].notna()]
    names = named[["name", "label", "group"]].assign(weight=named["mention_count"].clip(lower=1))
    return corpus_keys(names, short_form_evidence(named))


def counted_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that count (the one rule for every count, chart and corpus figure): a mention in a
    standfirst sentence repeating a body sentence stays in the mentions table with ``counted=False``."""
    if "is_pronoun" in mentions:  # counts are of names: pronoun mentions are counted apart (pronoun_mention_count)
        mentions = mentions[~mentions["is_pronoun"].astype(bool)]
    return mentions[mentions["counted"].astype(bool)] if "counted" in mentions else mentions


def top_corpus_entities(mentions: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The n most-mentioned entities of the corpus: name, label, group, mentions, articles."""
    if mentions.empty:
        return pd.DataFrame(columns=["name", "label", "group", "mentions", "articles"])
    grouped = mentions.groupby(["name", "label", "group"], sort=False)
    table = grouped.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    return table.sort_values(["mentions", "articles", "name"], ascending=[False, False, True]).head(n).reset_index(drop=True)


def entity_mentions_by_period(mentions: pd.DataFrame, articles: pd.DataFrame, *, period: str = "M", n: int = 8) -> pd.DataFrame:
    """Mentions per period of the n most-mentioned entities (articles without a date left out)."""
    rows = dated(mentions, articles, period=period)
    top = top_corpus_entities(rows, n=n)[["name", "label"]]
    rows = rows.merge(top, on=["name", "label"])
    counts = rows.groupby(["period", "name", "label"]).size().rename("mentions").reset_index()
    return counts.sort_values(["period", "mentions"], ascending=[True, False]).reset_index(drop=True)


def top_entities_by_group(mentions: pd.DataFrame, articles: pd.DataFrame, *, by: str = "category", n: int = 5) -> pd.DataFrame:
    """The n most-mentioned entities in each group of articles: group, name, label, mentions, articles."""
    rows = mentions.merge(articles[["article_id", by]], on="article_id")
    rows[by] = rows[by].fillna("(none)")
    tables = [top_corpus_entities(group_rows, n=n).assign(group=value) for value, group_rows in rows.groupby(by)]
    if not tables:
        return pd.DataFrame(columns=["group", "name", "label", "mentions", "articles"])
    return pd.concat(tables, ignore_index=True)[["group", "name", "label", "mentions", "articles"]]


def entity_cooccurrence(mentions: pd.DataFrame, *, unit: str = "sentence", n: int = 20) -> pd.DataFrame:
    """How often two of the n most-mentioned entities appear in the same sentence (or article).

    Returns entity_a, entity_b (``name (LABEL)``), together: the number of sentences/articles
    naming both. Each pair appears once, entity_a before entity_b alphabetically.
    """
    if unit not in ("sentence", "article"):
        raise ValueError(f"unit must be 'sentence' or 'article', not {unit!r}")
    top = top_corpus_entities(mentions, n=n)[["name", "label"]]
    rows = mentions.merge(top, on=["name", "label"])
    rows = rows.assign(entity=rows["name"] + " (" + rows["label"] + ")")
    keys = ["article_id", "sentence_id"] if unit == "sentence" else ["article_id"]
    units = rows[[*keys, "entity"]].drop_duplicates()
    pairs = units.merge(units, on=keys)
    pairs = pairs[pairs["entity_x"] < pairs["entity_y"]]
    table = pairs.groupby(["entity_x", "entity_y"]).size().rename("together").reset_index()
    table = table.rename(columns={"entity_x": "entity_a", "entity_y": "entity_b"})
    return table.sort_values(["together", "entity_a", "entity_b"], ascending=[False, True, True]).reset_index(drop=True)
