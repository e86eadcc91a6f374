"""The brute-force reference: a parsed query evaluated with regular expressions over the corpus tables.

No index and no tantivy: every sentence's text and every title is scanned with a regular
expression built from the query's words (word boundaries, case-insensitive, any run of
non-word characters between the words of a phrase), and entities, speakers, sources, categories
and dates are compared in pandas. The benchmark (``evaluation/bench_search.py``) checks that the
engine's counts agree with this scan; it is slow on purpose and loads the sentences table.
Proximity phrases (``"a b"~N``) are not scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from utils.pipeline.speakers import CREDITED_QUOTES_SQL
from utils.search.query import And, DateRange, Everything, Keyword, Node, Not, Or, Text, keyword, positive_leaves

if TYPE_CHECKING:
    from utils.corpus_tables import CorpusTables

BOUNDARY_BEFORE, BOUNDARY_AFTER = r"(?<![^\W_])", r"(?![^\W_])"


@dataclass
class ScanTables:
    """The tables the scan reads, loaded once."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    entity_names: pd.DataFrame  # article_id, entity_id, value (name or alias, normalised)
    speakers: pd.DataFrame  # article_id, sentence_id, value
    mentions: pd.DataFrame  # article_id, sentence_id, entity_id of the named mentions

    @classmethod
    def load(cls, corpus: "CorpusTables") -> "ScanTables":
        articles = corpus.sql("SELECT article_id, title, date, source, category FROM articles ORDER BY position")
        sentences = corpus.sql("SELECT article_id, sentence_id, text FROM sentences")
        entities = corpus.sql("SELECT article_id, entity_id, name, aliases FROM entities WHERE is_named")
        names = pd.concat([
            entities[["article_id", "entity_id", "name"]].rename(columns={"name": "value"}),
            entities.assign(value=entities["aliases"].fillna("").str.split("; ")).explode("value")[["article_id", "entity_id", "value"]],
        ])
        names = names[names["value"].fillna("").str.strip() != ""]
        names = names.assign(value=names["value"].map(keyword)).drop_duplicates()
        quotes = corpus.sql(f"SELECT article_id, sentence_ids, speaker, speaker_entity_id, speaker_kind FROM {CREDITED_QUOTES_SQL}")
        quotes = quotes.explode("sentence_ids").rename(columns={"sentence_ids": "sentence_id"})
        by_entity = quotes.merge(names, left_on=["article_id", "speaker_entity_id"], right_on=["article_id", "entity_id"])
        unlinked = quotes[(quotes["speaker_entity_id"] < 0) & (quotes["speaker_kind"] == "named") & quotes["speaker"].fillna("").str.strip().ne("")]
        speakers = pd.concat([by_entity[["article_id", "sentence_id", "value"]], unlinked.assign(value=unlinked["speaker"].map(keyword))[["article_id", "sentence_id", "value"]]])
        mentions = corpus.sql("SELECT DISTINCT article_id, sentence_id, entity_id FROM mentions WHERE is_named")
        return cls(articles, sentences, names, speakers.dropna(), mentions)


def text_regex(leaf: Text) -> re.Pattern:
    """A word, phrase or wildcard as a case-insensitive regular expression over raw text."""
    if leaf.pattern is not None:
        body = leaf.pattern.replace(".*", r"[^\W_]*").replace(".", r"[^\W_]")  # a wildcard word is letters and digits (query.py)
        return re.compile(BOUNDARY_BEFORE + body + BOUNDARY_AFTER, re.IGNORECASE)
    return re.compile(BOUNDARY_BEFORE + r"[\W_]+".join(map(re.escape, leaf.tokens)) + BOUNDARY_AFTER, re.IGNORECASE)


def related(names: pd.DataFrame) -> dict[str, set[str]]:
    """Each name → its aliases and the names it is an alias of, across the corpus (one hop)."""
    pairs = names.merge(names, on=["article_id", "entity_id"])
    pairs = pairs[pairs["value_x"] != pairs["value_y"]]
    result: dict[str, set[str]] = {}
    for name, alias in zip(pairs["value_x"], pairs["value_y"]):
        result.setdefault(name, set()).add(alias)
    return result


class Scan:
    """Evaluate query trees over the tables: matching article ids, matching sentences."""

    def __init__(self, tables: ScanTables):
        self.tables = tables
        self.related = related(tables.entity_names)
        self.all_ids = set(tables.articles["article_id"])

    def names(self, value: str) -> set[str]:
        return {value, *self.related.get(value, ())}

    def sentence_mask(self, leaf: Text | Keyword) -> np.ndarray:
        """Which sentences a word, phrase, entity or speaker clause picks."""
        sentences = self.tables.sentences
        if isinstance(leaf, Text):
            if leaf.field == "title":
                return np.zeros(len(sentences), dtype=bool)
            return sentences["text"].fillna("").str.contains(text_regex(leaf)).to_numpy()
        if leaf.field == "entity":
            return self._keyed(sentences, self._mention_sentences(leaf))
        if leaf.field == "speaker":
            rows = self.tables.speakers
            rows = rows[self._value_matches(rows["value"], leaf)]
            return self._keyed(sentences, set(zip(rows["article_id"], rows["sentence_id"].astype(int))))
        return np.zeros(len(sentences), dtype=bool)

    def _value_matches(self, values: pd.Series, leaf: Keyword) -> pd.Series:
        if leaf.pattern is not None:
            return values.str.fullmatch(leaf.pattern)
        wanted = self.names(leaf.value) if leaf.field in ("entity", "speaker") else {leaf.value}
        return values.isin(wanted)

    def _mention_sentences(self, leaf: Keyword) -> set:
        names = self.tables.entity_names
        wanted = names[self._value_matches(names["value"], leaf)][["article_id", "entity_id"]].drop_duplicates()
        rows = self.tables.mentions.merge(wanted, on=["article_id", "entity_id"])
        return set(zip(rows["article_id"], rows["sentence_id"]))

    @staticmethod
    def _keyed(sentences: pd.DataFrame, keys: set) -> np.ndarray:
        return np.fromiter((key in keys for key in zip(sentences["article_id"], sentences["sentence_id"])), dtype=bool, count=len(sentences))

    def articles(self, node: Node) -> set[str]:
        """The ids of the articles matching ``node``."""
        tables = self.tables
        if isinstance(node, Everything):
            return set(self.all_ids)
        if isinstance(node, And):
            result = set(self.all_ids)
            for child in node.children:
                result &= self.articles(child)
            return result
        if isinstance(node, Or):
            return set().union(*(self.articles(child) for child in node.children))
        if isinstance(node, Not):
            return self.all_ids - self.articles(node.child)
        if isinstance(node, DateRange):
            dates = pd.to_datetime(tables.articles["date"], errors="coerce")
            mask = dates.notna()
            if node.low is not None:
                mask &= dates >= pd.Timestamp(node.low)
            if node.high is not None:
                mask &= dates <= pd.Timestamp(node.high)
            return set(tables.articles.loc[mask, "article_id"])
        if isinstance(node, Keyword):
            if node.field in ("source", "category"):
                values = tables.articles[node.field].fillna("").map(keyword)
                mask = values.str.fullmatch(node.pattern) if node.pattern is not None else values == node.value
                return set(tables.articles.loc[mask & values.ne(""), "article_id"])
            rows = tables.entity_names if node.field == "entity" else tables.speakers
            return set(rows.loc[self._value_matches(rows["value"], node), "article_id"])
        if isinstance(node, Text):
            found: set[str] = set()
            if node.field in ("any", "text"):
                found |= set(tables.sentences.loc[self.sentence_mask(node), "article_id"])
            if node.field in ("any", "title"):
                found |= set(tables.articles.loc[tables.articles["title"].fillna("").str.contains(text_regex(node)), "article_id"])
            return found
        raise TypeError(f"not a query node: {node!r}")

    def hits(self, node: Node, article_ids: set[str]) -> pd.Series:
        """Matching sentences per matching article: sentences of those articles picked by a clause not under NOT."""
        leaves = [leaf for leaf in positive_leaves(node) if isinstance(leaf, Text) or leaf.field in ("entity", "speaker")]
        sentences = self.tables.sentences
        mask = np.zeros(len(sentences), dtype=bool)
        for leaf in leaves:
            mask |= self.sentence_mask(leaf)
        mask &= sentences["article_id"].isin(article_ids).to_numpy()
        return sentences.loc[mask, "article_id"].value_counts()
