"""From an Article to the cached tables: scope, paragraphs, sentence boundaries, one parse, then every table from that parse."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
from spacy.tokens import Doc

from utils.pipeline.entities import entity_table, mention_table
from utils.pipeline.keyphrases import keyphrase_table
from utils.pipeline.nlp import ORIGINAL_TEXT, parse
from utils.pipeline.quotes import quote_table
from utils.pipeline.schema import conform, typed_frame
from utils.pipeline.sentences import mark_repeated_sentences, sentence_table
from utils.pipeline.sentiment import add_entity_sentiment, add_sentence_sentiment, add_target_sentiment
from utils.pipeline.speakers import add_quote_sentiment, add_speaker_counts, with_pronoun_mentions
from utils.pipeline.tokens import sentence_word_counts, token_table
from utils.read.article import Article

TABLES = ("paragraphs", "sentences", "tokens", "mentions", "entities", "quotes")
TABLES += ("keyphrases",)  # the seventh: the article's key phrases (utils/pipeline/keyphrases.py)


@dataclass(frozen=True)
class Scope:
    """Which paragraphs count: by kind and by language. The default is the story itself: headline,
    standfirst and body (a ``metadata`` header is never analysed)."""

    kinds: tuple[str, ...] = ("headline", "lead", "body")
    languages: tuple[str, ...] = ("en",)
    include_repeats: bool = False  # count a standfirst sentence that repeats a body sentence twice

    @classmethod
    def everything(cls) -> "Scope":
        """Every paragraph but a metadata header: captions, credits and other languages included."""
        return cls(kinds=("headline", "lead", "body", "caption", "credit"), languages=(), include_repeats=True)

    def includes(self, kind: str, language: str) -> bool:
        """True when a paragraph of this kind and language is analysed."""
        return kind in self.kinds and kind != "metadata" and (not self.languages or language in self.languages)

    @property
    def key(self) -> str:
        key = f"kinds={','.join(sorted(self.kinds))};languages={','.join(sorted(self.languages)) or '*'}"
        return key + (";repeats" if self.include_repeats else "")


def build_tables(article: Article, scope: Scope, model_name: str) -> dict[str, pd.DataFrame]:
    """Parse the article once and derive every table from that parse."""
    paragraphs, sentences = prepare(article, scope)
    doc = parse(article.text, sentences["start_char"].tolist(), model=model_name)
    return tables_from_doc(doc, paragraphs, sentences)


def prepare(article: Article, scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Everything decided before parsing: paragraphs in or out of scope, and sentence boundaries."""
    paragraphs = paragraph_table(article, scope)
    in_scope = set(paragraphs.loc[paragraphs["in_scope"], "paragraph_id"])
    return paragraphs, mark_repeated_sentences(sentence_table(article, in_scope), keep_in_scope=scope.include_repeats)


TABLE_STEPS = ("token_table", "sentence_sentiment", "mentions_entities", "quotes_pronouns", "target_sentiment", "keyphrases", "conform")


def _call(step: str, function: Callable, *args: Any) -> Any:
    return function(*args)


def tables_from_doc(doc: Doc, paragraphs: pd.DataFrame, sentences: pd.DataFrame, *, step: Callable = _call) -> dict[str, pd.DataFrame]:
    """The seven tables (``TABLES``) from a parse whose sentence starts are ``sentences.start_char``, each of its fixed schema (``schema.py``).

    Split from ``build_tables`` so batch runs can parse many articles with ``nlp.pipe``. Every
    step runs as ``step(name, function, *args)``, name one of ``TABLE_STEPS`` (the bench times them).
    The mentions table holds the named mentions, then the pronoun mentions resolved to their
    entities (``is_pronoun``); the entities' ``mention_count`` counts named mentions only.
    """
    doc_text = doc.text  # Doc.text joins every token on each access: read it once
    token_rows = step("token_table", token_table, doc, sentences)
    named = step("mentions_entities", mention_table, doc, sentences)
    quotes = step("quotes_pronouns", functools.partial(quote_table, text=doc_text), doc, sentences, named, paragraphs)
    mentions = step("quotes_pronouns", with_pronoun_mentions, doc, sentences, named, quotes)
    mentions = step("target_sentiment", add_target_sentiment, doc, mentions)
    sentences = step("sentence_sentiment", add_sentence_sentiment, sentences, named)  # a new frame: adding to it in place is safe
    sentences.insert(len(sentences.columns), "word_count", sentence_word_counts(token_rows, sentences))
    quotes = step("sentence_sentiment", functools.partial(add_quote_sentiment, text=doc_text), doc, quotes, named, token_rows)
    entity_rows = step("mentions_entities", entity_table, mentions)
    entity_rows = step("target_sentiment", add_entity_sentiment, entity_rows, mentions)
    entity_rows = step("quotes_pronouns", add_speaker_counts, entity_rows, mentions, quotes)
    tables = {
        "paragraphs": paragraphs,
        "sentences": sentences,
        "tokens": token_rows,
        "mentions": mentions,
        "entities": entity_rows,
        "quotes": quotes,
    }
    original = doc.user_data.get(ORIGINAL_TEXT, doc_text)
    in_scope = paragraphs.loc[paragraphs["in_scope"]]
    tables["keyphrases"] = step("keyphrases", functools.partial(keyphrase_table, doc=doc, mentions=named), original,
                                list(zip(in_scope["start_char"], in_scope["end_char"])))
    if original != doc_text:  # line breaks inside sentences were parsed as spaces: the texts are the article's
        tables["mentions"] = _sliced(tables["mentions"], original, [("text", "start_char", "end_char")])
        tables["quotes"] = _sliced(tables["quotes"], original, [("text", "start_char", "end_char"), ("speaker", "speaker_start", "speaker_end"),
                                                               ("cue", "cue_start", "cue_end")])
    return step("conform", conform_tables, tables)


def conform_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table cast to its fixed schema (``schema.conform``): one schema, whatever the content."""
    return {name: conform(frame, name) for name, frame in tables.items()}


def _sliced(frame: pd.DataFrame, text: str, spans: list[tuple[str, str, str]]) -> pd.DataFrame:
    """``frame`` with each text column replaced by the slice of ``text`` its offsets give (where they are set)."""
    frame = frame.copy()
    for column, start, end in spans:
        if column in frame.columns and len(frame):
            frame[column] = [text[s:e] if s >= 0 else value for value, s, e in zip(frame[column], frame[start], frame[end])]
    return frame


def paragraph_table(article: Article, scope: Scope) -> pd.DataFrame:
    """One row per paragraph with its kind, language and whether the scope includes it."""
    paragraphs = article.paragraphs
    columns = {
        "paragraph_id": [paragraph.paragraph_id for paragraph in paragraphs],
        "kind": [paragraph.kind for paragraph in paragraphs],
        "language": [paragraph.language for paragraph in paragraphs],
        "credit": [paragraph.credit for paragraph in paragraphs],
        "in_scope": [scope.includes(paragraph.kind, paragraph.language) for paragraph in paragraphs],
        "text": [paragraph.text for paragraph in paragraphs],
        "start_char": [paragraph.start_char for paragraph in paragraphs],
        "end_char": [paragraph.end_char for paragraph in paragraphs],
    }
    return typed_frame(columns, "paragraphs")
