"""One article's headline against its body: where the headline comes from (:func:`headline_kind`:
a headline paragraph, the title metadata analysed apart by :func:`title_analysis`, or the
standfirst), its tone and entities against the body's (:func:`headline_versus_body`,
:func:`headline_entities`), and both for each article of a comparison (:func:`headlines`).
Table in, table out: nothing here reads or writes the cache (:func:`title_analysis` parses a
headline string without caching it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from utils.explore.coverage_entities import NAMED_GROUPS, evidence_words
from utils.explore.coverage_sides import side_label
from utils.explore.entities import counted_mentions
from utils.explore.tone import article_sentiment
from utils.pipeline.names import name_key

if TYPE_CHECKING:  # pragma: no cover
    from utils.analysis import Analysis

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
