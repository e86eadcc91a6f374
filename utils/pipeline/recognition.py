"""Recognising entity mentions: the sentences whose mentions are kept (``kept_sentences``,
``KeptSentences``), the candidate mentions from spaCy's entities and the re-read all-caps text
(``candidate_mentions``), and each candidate's row (``candidate_row``): its name and role, and the
corrections of the model's label or the reason it is rejected (see ``entity_rules.CORRECTION_RULES``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from utils.pipeline.entity_rules import RULES
from utils.pipeline.names import (COUNTRY_ABBREVIATIONS, GENERIC_WORDS, NAMED_LABELS, NUMERIC_LABELS, ORGANISATION_NOUNS,
                                  PERSONAL_TITLES, ROLE_MODIFIERS, is_role_word, name_bounds, name_key, without_final_dot)
from utils.pipeline.truecase import is_caps_sentence, recased_entities

PEOPLE_NOUNS = frozenset(
    """man men woman women people person boy boys girl girls family families resident residents student students
    couple child children teenager teenagers pensioner pensioners worker workers""".split()
)
LONE_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside"})
_CODE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-/]*$")


def kept_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences whose mentions are kept: in scope, or a standfirst sentence repeating a body one.

    A repeat's mentions belong to their entities (the standfirst does name them) but are not
    counted: their ``counted`` is False, so nothing is counted twice.
    """
    keep = sentences["in_scope"]
    if "duplicate_of" in sentences:
        keep = keep | (sentences["duplicate_of"] >= 0)
    return sentences[keep].reset_index(drop=True)


@dataclass(frozen=True)
class KeptSentences:
    """The sentences whose mentions are kept (``kept_sentences``): the frame, its rows as dicts and its
    (start, end) arrays, built once per article for every rule that reads them."""

    frame: pd.DataFrame
    records: list[dict]
    bounds: tuple

    @classmethod
    def of(cls, sentences: pd.DataFrame) -> "KeptSentences":
        frame = kept_sentences(sentences)
        return cls(frame, row_dicts(frame), _bounds(frame))


def _sentence_index(bounds: tuple, start_char: int, end_char: int) -> int | None:
    """Index of the in-scope sentence holding [start_char, end_char), from ``_bounds``; None if none does."""
    starts, ends = bounds
    position = int(starts.searchsorted(start_char, side="right")) - 1
    if position < 0 or end_char > int(ends[position]):
        return None
    return position


def row_dicts(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict]:
    """The rows of ``frame`` as dicts of plain Python values (``to_dict("records")``, column by column: faster)."""
    columns = list(frame.columns) if columns is None else list(columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[column].tolist() for column in columns))]


def _bounds(in_scope: pd.DataFrame) -> tuple:
    """The (start_char, end_char) arrays of the kept sentences, as ``_sentence_index`` reads them."""
    return in_scope["start_char"].to_numpy(), in_scope["end_char"].to_numpy()


def candidate_mentions(doc: Doc, kept: KeptSentences, *, nlp: Language | None) -> tuple[list[dict], list[dict]]:
    """Mentions before resolution (model entities, re-read all-caps text) and the rejected ones."""
    spans: list[tuple[Span, str]] = []
    recased_texts: dict[int, str] = {}
    recased = recased_entities(doc, kept.frame, nlp, recased_texts)
    bounds, records = kept.bounds, kept.records
    caps_sentences = {index for index, _ in recased if is_caps_sentence(records[index]["text"])}
    for ent in doc.ents:
        index = _sentence_index(bounds, ent.start_char, ent.end_char)
        if index is None or index in caps_sentences and "dateline" in RULES:
            continue
        if index in recased_texts and "dateline" in RULES:
            start = ent.start_char - int(records[index]["start_char"])
            if recased_texts[index][start:start + len(ent.text)] != ent.text:
                continue  # the re-cased reading of this all-caps word ("TEHRAN - Iranian") replaces it
        spans.append((ent, "model"))
    taken = [(span.start_char, span.end_char) for span, _ in spans]
    for index, (start_char, end_char, label) in recased:
        if any(start < end_char and start_char < end for start, end in taken):
            continue
        span = doc.char_span(start_char, end_char, label=label, alignment_mode="expand")
        if span is not None:
            spans.append((span, "recased"))
            taken.append((span.start_char, span.end_char))
    rows, rejected = [], []
    spans = [(part, source) for span, source in spans for part in _split_at_commas(span)]
    for span, source in sorted(spans, key=lambda item: item[0].start_char):
        index = _sentence_index(bounds, span.start_char, span.end_char)
        row = candidate_row(span, source, records[index], index, len(records))
        if row.get("reason"):
            rejected.append({"sentence_id": row["sentence_id"], "text": span.text, "model_label": span.label_,
                             "reason": row["reason"], "start_char": span.start_char, "end_char": span.end_char})
        else:
            rows.append(row)
    return rows, rejected


def candidate_row(span: Span, source: str, sentence, index: int, sentence_count: int) -> dict:
    """A candidate mention's row: its name, role and label, corrected by the rules, and ``reason`` when it is rejected."""
    label = span.label_
    words = [token.text for token in span]
    named = label in NAMED_LABELS
    first = next((word for word in words if word.lower() != "the"), "")
    strip_roles = named and (label == "PERSON" or without_final_dot(first) in PERSONAL_TITLES)
    first_word, last_word, role_words = name_bounds(words, strip_roles=strip_roles, named=named, label=label)
    if (
        role_words and "title_needs_name" in RULES and last_word > first_word
        and words[last_word - 1].lower() in GENERIC_WORDS | ORGANISATION_NOUNS
    ):
        # "the Premier League": a title before a generic word is part of an organisation's name
        first_word, last_word, role_words = name_bounds(words, strip_roles=False, named=named, label=label)
    offset = span.start_char
    name = span.text[span[first_word].idx - offset:span[last_word - 1].idx + len(span[last_word - 1]) - offset] if last_word > first_word else ""
    row = {
        "sentence_id": int(sentence["sentence_id"]),
        "paragraph_id": int(sentence["paragraph_id"]),
        "paragraph_kind": sentence["paragraph_kind"],
        "text": span.text,
        "name": name,
        "role": " ".join(role_words),
        "label": label,
        "model_label": label,
        "source": source,
        "correction": "",
        "position": round(index / max(sentence_count - 1, 1), 4),
        "start_char": span.start_char,
        "end_char": span.end_char,
        "reason": "",
        "preceded_by": span.doc[span.start - 1].lower_ if span.start > 0 else "",
    }
    if label in NUMERIC_LABELS and "reject_code" in RULES and _CODE.match(span.text.strip()):
        row["reason"] = f"alphanumeric code, not a {label}"
    elif named and "title_alone" in RULES and all(is_role_word(word) or not word.strip(".") for word in words) and (
        any(without_final_dot(word).title() not in ROLE_MODIFIERS for word in words if word.strip("."))
        or (span.end < len(span.doc) and is_role_word(span.doc[span.end].text) and span.doc[span.end].text[:1].isupper())
    ):
        row["reason"] = "a title or role alone, not a name"
    elif not name.strip():
        row["reason"] = "nothing left once 'the', possessives and titles are removed"
    elif label != "PERSON" and "personal_title" in RULES and role_words and without_final_dot(role_words[0]) in PERSONAL_TITLES:
        row["label"] = "PERSON"
        row["correction"] = f"{label}→PERSON: '{role_words[0]}' is a personal title"
    elif label in NAMED_LABELS - {"PERSON", "NORP"} and "title_before" in RULES and _title_before(span):
        row["label"] = "PERSON"
        row["correction"] = f"{label}→PERSON: written after the personal title '{_title_before(span)}'"
    elif label == "PERSON" and "place_after_preposition" in RULES and len(name.split()) == 1 and not role_words and _after_place_word(span):
        row["label"] = "GPE"
        row["correction"] = f"PERSON→GPE: a lone name after '{_after_place_word(span)}' is a place"
    elif label == "PERSON" and "acronym_not_person" in RULES and re.fullmatch(r"[A-Z]{2,4}", name) and not is_caps_sentence(sentence["text"]):
        row["label"] = "ORG"
        row["correction"] = "PERSON→ORG: an acronym is not a person's name"
    elif label == "ORG" and "country_abbreviation" in RULES and name_key(name) in COUNTRY_ABBREVIATIONS:
        row["label"] = "GPE"
        row["correction"] = f"{label}→GPE: a country's abbreviation"
    if row["label"] == "PERSON" and not row["reason"] and "role_before" in RULES:
        row["role"] = _role_before(span, row["role"], sentence_start=int(sentence["start_char"]))
    return row


def _title_before(span: Span) -> str:
    """The personal title ("Chancellor", "Mr") written just before the span, or ""."""
    if span.start == 0:
        return ""
    before = span.doc[span.start - 1].text
    if before == "." and span.start >= 2:
        before = span.doc[span.start - 2].text
    return before if without_final_dot(before) in PERSONAL_TITLES and before[:1].isupper() else ""


def _after_place_word(span: Span) -> str:
    """"in" / "near" / "outside", or "man from" and the like, when it comes just before the span: else ""."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in {"'s", "’s"} or span.start == 0:
        return ""
    before = doc[span.start - 1].lower_
    if before in LONE_PLACE_PREPOSITIONS:
        return before
    if before == "from" and span.start >= 2 and doc[span.start - 2].lower_ in PEOPLE_NOUNS:
        return f"{doc[span.start - 2].lower_} from"
    return ""


def _split_at_commas(span: Span) -> list[Span]:
    """A named span listing several names ("Guy's Hospital, University of London") as one span per name."""
    if "comma_split" not in RULES or span.label_ not in NAMED_LABELS or not any(token.text == "," for token in span):
        return [span]
    parts, start = [], span.start
    for token in list(span) + [None]:
        if token is None or token.text == ",":
            end = token.i if token is not None else span.end
            if end > start and any(t.text[:1].isupper() for t in span.doc[start:end]):
                parts.append(Span(span.doc, start, end, label=span.label_))
            start = end + 1
    return parts or [span]


def _role_before(span: Span, role: str, *, sentence_start: int) -> str:
    """Titles written just before a PERSON span ("Russian President | Vladimir Putin")."""
    doc = span.doc
    i = span.start - 1
    words: list[str] = []
    while i >= 0 and doc[i].text[:1].isupper() and is_role_word(doc[i].text) and doc[i].idx >= sentence_start:
        words.insert(0, doc[i].text)
        i -= 1
    if words and i >= 0 and doc[i].idx >= sentence_start and doc[i].ent_type_ in {"NORP", "GPE"} and doc[i].text[:1].isupper():
        words.insert(0, doc[i].text)
    return " ".join(part for part in (" ".join(words), role) if part)
