"""Entity mentions, the real-world entities they refer to, and how entities co-occur.

``mention_table`` finds mentions (spaCy NER, plus two robustness passes) and resolves them within
the document: every mention gets the ``entity_id`` of one real-world thing and a ``merge_rule``
saying why it joined it. ``entity_table`` summarises one row per entity with a salience score;
``relation_table`` counts co-occurrences. Merge rules (see ``MERGE_RULES``):

- ``same_name``: the same name once "the", possessives, trailing lower-case words and titles are
  stripped, compared without case, dots and hyphens ("President Raisi's" → "Raisi").
- ``surname`` / ``first_name``: the last (or first) word(s) of exactly one full PERSON name in the
  document ("Raisi" → "Ebrahim Raisi"). The mention becomes a PERSON whatever the model said,
  unless it is a place after a locative preposition ("in Washington"). Shared by two people: no merge.
- ``name_variant``: two PERSON names with the same first and last word ("Bashar al-Assad",
  "Bashar Hafez al-Assad").
- ``acronym``: the initials of a longer name in the document ("US" / "U.S." → "United States").
- ``short_form``: an organisation's name is a leading or trailing part of a longer one ("Barclays" →
  "Barclays Capital"), never a single generic word ("Bank") and never for places
  ("Africa" is not "South Africa").
- ``organisation_suffix``: an ORG name without company or club suffixes and ".com" ("Amazon.com Inc." → "Amazon").
- ``common_form``: forms news uses for an organisation ("the Fed" → "U.S. Federal Reserve"), see ``COMMON_FORMS``.
- ``label_vote``: same name, other label: the entity takes the label most of its mentions have
  (mentions found by the alias search do not vote), except that a single word no full PERSON
  name in the document contains is not a PERSON when the model also gave it another label.

Corrections of the model (column ``correction``): alphanumeric codes ("A340") and titles alone
("Crown Prince") are dropped (see ``rejected_mentions``); a mention carrying a personal title
("President X") is a PERSON; well-known country abbreviations ("UAE") are places; a one-word
"PERSON" after "in", "near", "outside" or "man from" is a place; a 2–4 letter acronym is not a
PERSON (ORG); a span listing names with commas is split into one mention per name; a name
written just after a personal title ("Chancellor | Olaf Scholz") is a PERSON; a score after a
team ("Arsenal 2-1") is not part of its name.

Every post-model rule has a name in ``ALL_RULES`` and is applied only while in ``RULES``. Off by default
(``DROPPED_RULES``, measured on GUM train with ``python -m utils.entities_eval``): first_name, short_form,
label_vote, comma_split, locative_place, norp_not_first_name, lone_word_not_person.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

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

LABEL_GROUPS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "LAW": "law",
    "LANGUAGE": "language",
    "DATE": "date",
    "TIME": "time",
    "PERCENT": "quantity",
    "MONEY": "quantity",
    "QUANTITY": "quantity",
    "ORDINAL": "quantity",
    "CARDINAL": "quantity",
}
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"})
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
MERGE_RULES = ("same_name", "surname", "first_name", "name_variant", "acronym", "short_form", "organisation_suffix",
               "common_form", "label_vote")
SOURCES = ("model", "recased", "alias")
# Every post-model rule besides the merges, by the name an evaluation switches it off with (see ``RULES``).
CORRECTION_RULES = (
    "trim_name",                # "the", possessives, trailing lower-case and stop words left out of the name
    "strip_roles",              # titles and roles ("President") moved from the name into ``role``
    "role_before",              # titles written just before a PERSON ("Russian President | Putin") into ``role``
    "score_after_team",         # "Arsenal 2-1": the score is not part of the name
    "reject_code",              # "A340" is a code, not a DATE: dropped
    "title_alone",              # "Crown Prince" alone is a role, not a name: dropped
    "personal_title",           # "President X" is a PERSON
    "title_before",             # "Chancellor | Olaf Scholz": a name after a personal title is a PERSON
    "place_after_preposition",  # a lone "PERSON" after "in", "near", "man from" is a place
    "acronym_not_person",       # a 2-4 letter acronym is not a PERSON (ORG)
    "country_abbreviation",     # "UAE" is a place
    "comma_split",              # a span listing names with commas, one mention per name
    "recasing",                 # all-caps sentences and words re-cased and re-read by the model
    "dateline",                 # a model entity over re-cased words ("TEHRAN - Iranian") gives way to the re-read
    "alias_matches",            # names the model found elsewhere, matched where it missed them
    "locative_place",           # "in Washington" stays a place even when a person is called Washington
    "norp_not_first_name",      # "Tory" is a party member, not the first name of a Tory
    "lone_word_not_person",     # a lone word no full PERSON name contains is not a PERSON when also labelled otherwise
    "value_exact",              # dates and numbers are one entity only when written alike ("1.3%" is not "13%")
    "title_needs_name",         # a title before a generic word ("the Premier League") is part of a name, not a role
    "trailing_number",          # "Liverpool 61" (a league table): the number is not part of the name
)
ALL_RULES = MERGE_RULES + CORRECTION_RULES
# Rules off by default: on GUM's train split (``python -m utils.entities_eval PATH --split train --ablation``)
# each broke more right answers than it fixed wrong ones (see docs/methods-entities.md).
DROPPED_RULES = frozenset({"first_name", "short_form", "label_vote", "comma_split", "locative_place", "norp_not_first_name",
                           "lone_word_not_person"})
# The post-model rules in force; an evaluation changes them with ``rules_disabled``.
RULES: frozenset[str] = frozenset(ALL_RULES) - DROPPED_RULES

# Titles and roles stripped from names into the ``role`` column (compared without a final dot).
ROLE_WORDS = frozenset(
    """President Vice Prime Minister Foreign Defence Defense Interior Finance Crown Prince Princess King Queen
    Emperor Empress Mr Mrs Ms Miss Dr Sir Dame Lord Lady Chancellor Secretary General Gen Senator Sen Rep
    Representative Governor Gov Mayor Pope Sheikh Sheik Ayatollah Supreme Leader Chairman Chairwoman Chair
    Chief Executive Justice Judge Premier Speaker Colonel Col Captain Capt Major Maj Lieutenant Lt Sergeant Sgt
    Admiral Adm Commander Cmdr Ambassador Envoy Spokesman Spokeswoman Director Deputy Professor Prof Rev
    Reverend Archbishop Bishop Cardinal Sultan Emir Amir Duke Duchess Attorney State Health Education Trade
    Labour Home Opposition Grand Marshal Field Officer Secretary-General Vice-President Deputy-Leader Constable
    Detective Inspector Superintendent Commissioner Coach Manager Striker Midfielder Goalkeeper""".split()
)
# Words that only qualify a title ("Foreign Minister", "Labour leader"): alone they are not a title.
ROLE_MODIFIERS = frozenset(
    """Vice Prime Foreign Defence Defense Interior Finance Crown Supreme Chief Deputy State Health Education Trade
    Labour Home Opposition Grand Field Attorney Executive""".split()
)
# Titles that only people carry: a span starting with one of these names a PERSON.
PERSONAL_TITLES = frozenset(
    "President Mr Mrs Ms Dr Sir Dame Prince Princess King Queen Chancellor Senator Sen Sheikh Ayatollah Pope Premier".split()
)
COUNTRY_ABBREVIATIONS = frozenset({"us", "usa", "uk", "uae", "drc", "prc", "rok", "dprk"})
GENERIC_WORDS = frozenset(
    """bank party council ministry court agency army government company group university commission union
    organisation organization office department committee news channel airways airlines association
    federation institute league club team house forces police service holdings group plc inc ltd corporation""".split()
)
# Last words of organisations' names besides GENERIC_WORDS: a title before one of these is no person's title.
ORGANISATION_NOUNS = frozenset("""league cup championship conference assembly parliament cabinet board authority trust
    foundation society museum school college hospital church corporation""".split())
PEOPLE_NOUNS = frozenset(
    """man men woman women people person boy boys girl girls family families resident residents student students
    couple child children teenager teenagers pensioner pensioners worker workers""".split()
)
LONE_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "near", "into", "across", "outside", "inside", "around", "towards"})
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "la", "le", "des", "&"})
KNOWN_ACRONYMS = frozenset(
    """UN US UK EU UAE NATO OPEC IMF BBC CNN FBI CIA WHO NHS AFP AP IAEA ICC OECD ASEAN FIFA UEFA NASA""".split()
)
# Company and club suffixes left out when an organisation's name is compared ("Amazon.com Inc." → "amazon").
ORGANISATION_SUFFIXES = frozenset("inc corp corporation co plc ltd limited llc ag sa nv holdings group fc afc united".split())
# Forms news uses for some organisations, and (part of) the full name they stand for.
COMMON_FORMS = {
    "fed": "federal reserve", "man utd": "manchester united", "man united": "manchester united",
    "man city": "manchester city", "spurs": "tottenham hotspur",
}
# Words a number legitimately ends a name after ("Channel 4", "Radio 5", "Formula 1").
NUMBERED_NAME_WORDS = frozenset("channel radio formula apollo route flight bbc sky terminal platform studio chapter".split())
_CODE = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-/]*$")


# --------------------------------------------------------------------------- rules


@contextlib.contextmanager
def rules_disabled(names: Iterable[str], *, enable: Iterable[str] = ()) -> Iterator[frozenset[str]]:
    """Run the block with the post-model rules ``names`` off and ``enable`` on (for evaluations); yields the rules in force."""
    global RULES
    names, enable = frozenset(names), frozenset(enable)
    unknown = (names | enable) - set(ALL_RULES)
    if unknown:
        raise ValueError(f"unknown rules: {sorted(unknown)} (see ALL_RULES)")
    saved = RULES
    RULES = (saved | enable) - names
    try:
        yield RULES
    finally:
        RULES = saved


# --------------------------------------------------------------------------- names


def name_key(name: str) -> str:
    """The form names are compared in: case-folded, without dots, hyphens as spaces."""
    key = name.replace("’", "'").replace(".", "").replace("-", " ")
    return " ".join(key.casefold().split())


def _bare(word: str) -> str:
    return word.rstrip(".")


def _is_role_word(word: str) -> bool:
    return _bare(word) in ROLE_WORDS or word.title().rstrip(".") in ROLE_WORDS and word.isupper()


def split_name(words: Sequence[str], *, strip_roles: bool = True) -> tuple[list[str], list[str]]:
    """(name words, role words) of a mention: "the", possessives, trailing lower-case words and titles removed."""
    first, last, role = _name_bounds(list(words), strip_roles=strip_roles, named=True)
    return list(words[first:last]), role


def _name_bounds(words: list[str], *, strip_roles: bool, named: bool, label: str = "") -> tuple[int, int, list[str]]:
    """[first, last) indices of the name inside a mention's words, and the role words stripped."""
    first, last = 0, len(words)
    trim = "trim_name" in RULES
    while trim and last > first and (not words[last - 1].strip() or words[last - 1] in {"'s", "’s", "'", "’", ".", ",", ":", ";", "-", "—"}):
        last -= 1
    if trim and last - first > 1 and words[first].lower() == "the":
        first += 1
    role: list[str] = []
    if strip_roles and "strip_roles" in RULES:
        while last - first > 1 and _is_role_word(words[first]):
            role.append(words[first])
            first += 1
    if named:
        from spacy.lang.en.stop_words import STOP_WORDS
        if "score_after_team" in RULES and last - first > 1 and re.fullmatch(r"\d+-\d+", "".join(words[first:last][-3:])):
            last -= 3  # a score written after a team ("Arsenal 2-1")
        if (
            "trailing_number" in RULES and label in {"ORG", "GPE", "PERSON"} and last - first > 1
            and re.fullmatch(r"\d{1,3}", words[last - 1]) and words[last - 2][:1].isupper()
            and words[last - 2].lower() not in NUMBERED_NAME_WORDS
        ):
            last -= 1  # points or a score after a team ("Liverpool 61")

        while trim and last - first > 1 and (
            (words[last - 1].islower() and words[last - 1].isalpha())
            or words[last - 1].lower() in STOP_WORDS
            or not any(char.isalnum() for char in words[last - 1])
        ):
            last -= 1
    return first, last, role


def acronyms_of(name: str) -> set[str]:
    """Initials a long name can be written as: "United States" → {"us"}; keys, as ``name_key`` gives."""
    words = [word for word in re.split(r"[\s]+", name) if word]
    if len(words) < 2:
        return set()
    with_all = "".join(word[0] for part in words for word in part.split("-") if word)
    without = "".join(word[0] for part in words if part.lower() not in ACRONYM_SKIP for word in part.split("-") if word)
    first_of_hyphen = "".join(part[0] for part in words if part.lower() not in ACRONYM_SKIP)
    return {form.casefold() for form in (with_all, without, first_of_hyphen) if len(form) >= 2}


# --------------------------------------------------------------------------- mentions


def mention_table(doc: Doc, sentences: pd.DataFrame, *, nlp: Language | None = None) -> pd.DataFrame:
    """One row per entity mention in an in-scope sentence, resolved to entities (see the module docstring).

    ``nlp`` is the pipeline that parsed ``doc`` (used to re-read all-caps text); by default the
    project's model, and only when it shares the doc's vocabulary.
    """
    kept = _KeptSentences.of(sentences)
    candidates, _ = _candidates(doc, kept, nlp=nlp)
    return _resolve(candidates, doc, sentences, kept)


def rejected_mentions(doc: Doc, sentences: pd.DataFrame, *, nlp: Language | None = None) -> pd.DataFrame:
    """Model entities left out of the mentions, with the reason (e.g. "A340" is a code, not a DATE)."""
    _, rejected = _candidates(doc, _KeptSentences.of(sentences), nlp=nlp)
    return pd.DataFrame(rejected, columns=REJECTED_COLUMNS)


def _in_scope(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences whose mentions are kept: in scope, or a standfirst sentence repeating a body one.

    A repeat's mentions belong to their entities (the standfirst does name them) but are not
    counted: their ``counted`` is False, so nothing is counted twice.
    """
    keep = sentences["in_scope"]
    if "duplicate_of" in sentences:
        keep = keep | (sentences["duplicate_of"] >= 0)
    return sentences[keep].reset_index(drop=True)


@dataclass(frozen=True)
class _KeptSentences:
    """The sentences whose mentions are kept (``_in_scope``): the frame, its rows as dicts and its
    (start, end) arrays, built once per article for every rule that reads them."""

    frame: pd.DataFrame
    records: list[dict]
    bounds: tuple

    @classmethod
    def of(cls, sentences: pd.DataFrame) -> "_KeptSentences":
        frame = _in_scope(sentences)
        return cls(frame, _records(frame), _bounds(frame))


def _sentence_index(bounds: tuple, start_char: int, end_char: int) -> int | None:
    """Index of the in-scope sentence holding [start_char, end_char), from ``_bounds``; None if none does."""
    starts, ends = bounds
    position = int(starts.searchsorted(start_char, side="right")) - 1
    if position < 0 or end_char > int(ends[position]):
        return None
    return position


def _records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict]:
    """The rows of ``frame`` as dicts of plain Python values (``to_dict("records")``, column by column: faster)."""
    columns = list(frame.columns) if columns is None else list(columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[column].tolist() for column in columns))]


def _bounds(in_scope: pd.DataFrame) -> tuple:
    return in_scope["start_char"].to_numpy(), in_scope["end_char"].to_numpy()


def _candidates(doc: Doc, kept: _KeptSentences, *, nlp: Language | None) -> tuple[list[dict], list[dict]]:
    """Mentions before resolution (model entities, re-read all-caps text) and the rejected ones."""
    spans: list[tuple[Span, str]] = []
    recased_texts: dict[int, str] = {}
    recased = _recased_entities(doc, kept.frame, nlp, recased_texts)
    bounds, records = kept.bounds, kept.records
    caps_sentences = {index for index, _ in recased if _is_caps_sentence(records[index]["text"])}
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
        row = _candidate(span, source, records[index], index, len(records))
        if row.get("reason"):
            rejected.append({"sentence_id": row["sentence_id"], "text": span.text, "model_label": span.label_,
                             "reason": row["reason"], "start_char": span.start_char, "end_char": span.end_char})
        else:
            rows.append(row)
    return rows, rejected


def _candidate(span: Span, source: str, sentence, index: int, sentence_count: int) -> dict:
    label = span.label_
    words = [token.text for token in span]
    named = label in NAMED_LABELS
    first = next((word for word in words if word.lower() != "the"), "")
    strip_roles = named and (label == "PERSON" or _bare(first) in PERSONAL_TITLES)
    first_word, last_word, role_words = _name_bounds(words, strip_roles=strip_roles, named=named, label=label)
    if (
        role_words and "title_needs_name" in RULES and last_word > first_word
        and words[last_word - 1].lower() in GENERIC_WORDS | ORGANISATION_NOUNS
    ):
        # "the Premier League": a title before a generic word is part of an organisation's name
        first_word, last_word, role_words = _name_bounds(words, strip_roles=False, named=named, label=label)
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
    elif named and "title_alone" in RULES and all(_is_role_word(word) or not word.strip(".") for word in words) and (
        any(_bare(word).title() not in ROLE_MODIFIERS for word in words if word.strip("."))
        or (span.end < len(span.doc) and _is_role_word(span.doc[span.end].text) and span.doc[span.end].text[:1].isupper())
    ):
        row["reason"] = "a title or role alone, not a name"
    elif not name.strip():
        row["reason"] = "nothing left once 'the', possessives and titles are removed"
    elif label != "PERSON" and "personal_title" in RULES and role_words and _bare(role_words[0]) in PERSONAL_TITLES:
        row["label"] = "PERSON"
        row["correction"] = f"{label}→PERSON: '{role_words[0]}' is a personal title"
    elif label in NAMED_LABELS - {"PERSON", "NORP"} and "title_before" in RULES and _title_before(span):
        row["label"] = "PERSON"
        row["correction"] = f"{label}→PERSON: written after the personal title '{_title_before(span)}'"
    elif label == "PERSON" and "place_after_preposition" in RULES and len(name.split()) == 1 and not role_words and _after_place_word(span):
        row["label"] = "GPE"
        row["correction"] = f"PERSON→GPE: a lone name after '{_after_place_word(span)}' is a place"
    elif label == "PERSON" and "acronym_not_person" in RULES and re.fullmatch(r"[A-Z]{2,4}", name) and not _is_caps_sentence(sentence["text"]):
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
    return before if _bare(before) in PERSONAL_TITLES and before[:1].isupper() else ""


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
    while i >= 0 and doc[i].text[:1].isupper() and _is_role_word(doc[i].text) and doc[i].idx >= sentence_start:
        words.insert(0, doc[i].text)
        i -= 1
    if words and i >= 0 and doc[i].idx >= sentence_start and doc[i].ent_type_ in {"NORP", "GPE"} and doc[i].text[:1].isupper():
        words.insert(0, doc[i].text)
    return " ".join(part for part in (" ".join(words), role) if part)


# --------------------------------------------------------------------------- all-caps text


def _is_caps_sentence(text: str) -> bool:
    words = [word for word in re.findall(r"[^\W\d_]{2,}", text)]
    return len(words) >= 2 and sum(word.isupper() for word in words) >= 0.6 * len(words)


def _language_for(doc: Doc, nlp: Language | None) -> Language | None:
    if nlp is not None:
        return nlp
    from utils.pipeline.nlp import load_model

    model = load_model()
    return model if model.vocab is doc.vocab else None


@functools.lru_cache(maxsize=1)
def _casing_lexicon() -> dict[str, tuple[str, ...]]:
    """Word → part-of-speech tags, case-sensitive: the Brill lexicon (Brown + Penn Treebank) TextBlob ships."""
    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-lexicon.txt"
    lexicon: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";") or not line.strip():
            continue
        word, *tags = line.split()
        lexicon[word] = tuple(tags)
    return lexicon


def _word_case(word: str, lower_seen: set[str], title_seen: set[str]) -> str:
    """"proper", "common" or "ambiguous" for an all-caps word, from the document and the lexicon."""
    lower, title = word.lower(), word.capitalize()
    if title in title_seen:
        return "proper"
    if lower in lower_seen:
        return "common"
    from spacy.lang.en.stop_words import STOP_WORDS

    if lower in STOP_WORDS:
        return "common"
    lexicon = _casing_lexicon()
    if lower not in lexicon:
        return "proper"
    if set(lexicon.get(title, ())) & {"NNP", "NNPS"} and set(lexicon[lower]) <= {"NN", "NNS", "JJ", "VBN"}:
        return "ambiguous"
    return "common"


_TITLE_SEEN = re.compile(r"(?<=[a-z,;] )[A-Z][a-z'’-]+")
_LOWER_SEEN = re.compile(r"\b[a-z][a-z'’-]+\b")
_UPPER_SEEN = re.compile(r"\b[A-Z]{2,}\b")


def _case_evidence(text: str) -> tuple[Counter, Counter, Counter]:
    """How often ``text`` writes each word title-case (after a lower-case word), lower-case and all-caps."""
    return tuple(Counter(pattern.findall(text)) for pattern in (_TITLE_SEEN, _LOWER_SEEN, _UPPER_SEEN))


def truecase(text: str, *, evidence: str = "", keep_isolated: bool = False, seen: tuple | None = None) -> str:
    """``text`` with its all-caps words re-cased, same length, so the model can find names in it.

    A word keeps the case it has elsewhere in ``evidence`` (the document's normal-case text);
    otherwise common words (in the Brill lexicon TextBlob ships, or stop words) go lower-case,
    unknown words are capitalised as names, and words that are both ("UNION") are capitalised
    only next to a name or another such word ("EUROPEAN UNION", "UNITED NATIONS"). Known acronyms and words without vowels stay.
    ``seen`` (title, lower, upper word sets or counters, as ``_case_evidence`` gives) replaces ``evidence`` when given.
    """
    title_seen, lower_seen, upper_seen = seen if seen is not None else _case_evidence(evidence)
    words = list(re.finditer(r"\b[A-Z][A-Z'’]*\b", text))
    cases = []
    for match in words:
        word = match.group(0)
        if word in KNOWN_ACRONYMS or word in upper_seen or (len(word) > 1 and not re.search(r"[AEIOUY]", word)):
            cases.append("acronym")
        else:
            cases.append(_word_case(word, lower_seen, title_seen))
    if keep_isolated:
        for index, match in enumerate(words):
            neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(words) and len(words[j].group(0)) > 1
                          and _adjacent(text, words[min(index, j)], words[max(index, j)])]
            if not neighbours and text[:match.start()].strip():
                cases[index] = "acronym"
    pieces, cursor = [], 0
    for index, (match, case) in enumerate(zip(words, cases)):
        word = match.group(0)
        neighbours = [cases[j] for j in (index - 1, index + 1) if 0 <= j < len(cases) and _adjacent(text, words[min(index, j)], words[max(index, j)])]
        if case == "ambiguous":
            case = "proper" if "proper" in neighbours or "ambiguous" in neighbours else "common"
        recased = word if case == "acronym" else word.capitalize() if case == "proper" else word.lower()
        pieces.append(text[cursor:match.start()] + recased)
        cursor = match.end()
    recased = "".join(pieces) + text[cursor:]
    first = re.search(r"[A-Za-z]", recased)
    if first and recased[first.start()].islower():
        recased = recased[:first.start()] + recased[first.start()].upper() + recased[first.start() + 1:]
    return recased if len(recased) == len(text) else text


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end():right.start()] in {" ", "-"}


class _Elsewhere:
    """The words of ``total`` still there once ``own`` (one sentence's counts) is taken out: ``word in`` only."""

    def __init__(self, total: Counter, own: Counter) -> None:
        self.total, self.own = total, own

    def __contains__(self, word: object) -> bool:
        return self.total[word] > self.own[word]


def _recased_entities(doc: Doc, in_scope: pd.DataFrame, nlp: Language | None, recased_texts: dict[int, str]) -> list[tuple[int, tuple[int, int, str]]]:
    """Entities found when all-caps words of an in-scope sentence are re-cased: (sentence index, (start, end, label)).

    ``recased_texts`` receives each re-cased sentence by index.
    """
    texts = in_scope["text"].tolist()
    if "recasing" not in RULES or not any(re.search(r"\b[A-Z]{3,}\b", text) for text in texts):
        return []
    language = _language_for(doc, nlp)
    if language is None:
        return []
    normal = [not _is_caps_sentence(text) for text in texts]
    # how the document writes words, counted once per sentence (linear), so each sentence's own can be taken out
    counted = [_case_evidence(text) if normal[j] else None for j, text in enumerate(texts)]
    totals: tuple[Counter, Counter, Counter] = (Counter(), Counter(), Counter())
    for counts in filter(None, counted):
        for total, own in zip(totals, counts):
            total.update(own)
    found: list = []
    for index, (text, start) in enumerate(zip(texts, in_scope["start_char"])):
        if not re.search(r"\b[A-Z]{3,}\b", text):
            continue
        # how the document writes these words elsewhere (not in this sentence: a dateline is caps only here)
        seen = totals if counted[index] is None else tuple(_Elsewhere(total, own) for total, own in zip(totals, counted[index]))
        recased = truecase(text, seen=seen, keep_isolated=not _is_caps_sentence(text))
        if recased == text:
            continue
        recased_texts[index] = recased
        for ent in language(recased).ents:
            found.append((index, (start + ent.start_char, start + ent.end_char, ent.label_)))
    return found


# --------------------------------------------------------------------------- resolution


def _resolve(rows: list[dict], doc: Doc, sentences: pd.DataFrame, kept: _KeptSentences) -> pd.DataFrame:
    """Give every candidate an entity id and merge rule, then add alias matches the model missed."""
    entities = _group(rows)
    if "alias_matches" in RULES:
        rows = rows + _alias_matches(rows, entities, doc, kept)
        entities = _group(rows)
    ordered = sorted(range(len(rows)), key=lambda i: rows[i]["start_char"])
    entity_ids: dict[int, int] = {}
    counted_sentences = set(sentences["sentence_id"].to_numpy()[sentences["in_scope"].to_numpy(dtype=bool)].tolist())
    records = []
    for mention_id, i in enumerate(ordered):
        row = dict(rows[i])
        root, rule, label, correction = entities[i]
        entity_id = entity_ids.setdefault(root, len(entity_ids))
        if label != row["label"]:
            row["correction"] = correction
        row["label"] = label
        row.update(
            mention_id=mention_id,
            entity_id=entity_id,
            merge_rule=rule,
            group=LABEL_GROUPS.get(label, "other"),
            is_named=label in NAMED_LABELS,
            counted=row["sentence_id"] in counted_sentences,
        )
        records.append(row)
    return typed_frame({column: [row[column] for row in records] for column in MENTION_COLUMNS}, "mentions")


def _group(rows: list[dict]) -> dict[int, tuple[int, str, str, str]]:
    """Row index → (root row index, merge rule, final label, correction): the rules of ``MERGE_RULES`` in order."""
    keys = _same_name_keys(rows)
    named = [row["label"] in NAMED_LABELS for row in rows]
    # a name's label: PERSON if any mention says so with a title or full name, else the majority
    person_keys = {keys[i] for i, row in enumerate(rows) if named[i] and row["label"] == "PERSON"}
    full_names = {key for key in person_keys if len(key.split()) >= 2}
    variant_of = _name_variants(full_names) if "name_variant" in RULES else {}
    heads = {key for key in full_names if key not in variant_of}
    surname_of = _surnames(heads, variant_of) if "surname" in RULES else {}
    first_name_of = _first_names(heads, variant_of) if "first_name" in RULES else {}
    long_forms = _long_forms(rows, keys, named, person_keys)
    acronym_of = _acronyms(rows, keys, long_forms) if "acronym" in RULES else {}
    short_of = _short_forms(long_forms) if "short_form" in RULES else {}
    core_of = _organisation_cores(rows, keys, named) if "organisation_suffix" in RULES else {}
    common_of = _common_forms(rows, keys, named) if "common_form" in RULES else {}
    key_labels: dict[str, Counter] = defaultdict(Counter)
    for i, row in enumerate(rows):
        key_labels[keys[i]][row["label"]] += 1
    target = _targets({keys[i] for i in range(len(rows)) if named[i]}, heads=heads, variant_of=variant_of,
                      surname_of=surname_of, first_name_of=first_name_of, acronym_of=acronym_of, short_of=short_of,
                      key_labels=key_labels, core_of=core_of, common_of=common_of)
    members = _members(rows, keys, named, target)
    part_of = {key: surname_of.get(key, set()) | first_name_of.get(key, set()) for key in set(surname_of) | set(first_name_of)}
    return _label_vote(rows, keys, named, members, target, full_names=full_names, part_of=part_of)


def _same_name_keys(rows: list[dict]) -> list[str]:
    """same_name: each mention's comparison key (``name_key`` of its name); equal keys are one entity."""
    if "same_name" not in RULES:
        return [row["name"] for row in rows]  # switched off: only names written exactly alike are one entity
    if "value_exact" not in RULES:
        return [name_key(row["name"]) for row in rows]
    # dates and numbers: without case and spacing only, never dot-blind ("1.3%" is not "13%")
    return [name_key(row["name"]) if row["label"] in NAMED_LABELS else " ".join(row["name"].casefold().split()) for row in rows]


def _name_variants(full_names: set[str]) -> dict[str, str]:
    """name_variant: full PERSON name key → the longest full name with the same first and last word."""
    variant_of: dict[str, str] = {}
    for key in sorted(full_names, key=lambda k: (-len(k.split()), k)):
        words = key.split()
        for other in full_names:
            other_words = other.split()
            if other != key and other not in variant_of and len(other_words) < len(words) and other_words[0] == words[0] and other_words[-1] == words[-1]:
                variant_of[other] = key
    return variant_of


def _surnames(heads: set[str], variant_of: dict[str, str]) -> dict[str, set[str]]:
    """surname: the last word(s) of a full PERSON name → the full names (heads) ending with them."""
    surname_of: dict[str, set[str]] = defaultdict(set)
    for key in heads | set(variant_of):
        words = key.split()
        for k in range(1, len(words)):
            surname_of[" ".join(words[k:])].add(variant_of.get(key, key))
    return surname_of


def _first_names(heads: set[str], variant_of: dict[str, str]) -> dict[str, set[str]]:
    """first_name: the first word of a full PERSON name → the full names (heads) starting with it."""
    first_name_of: dict[str, set[str]] = defaultdict(set)
    for key in heads | set(variant_of):
        first_name_of[key.split()[0]].add(variant_of.get(key, key))
    return first_name_of


def _long_forms(rows: list[dict], keys: list[str], named: list[bool], person_keys: set[str]) -> dict[str, str]:
    """Keys of named non-PERSON names of two words or more → the label of their first mention."""
    long_forms: dict[str, str] = {}
    for i in range(len(rows)):
        if named[i] and len(keys[i].split()) >= 2 and keys[i] not in person_keys:
            long_forms.setdefault(keys[i], rows[i]["label"])
    return long_forms


def _acronyms(rows: list[dict], keys: list[str], long_forms: dict[str, str]) -> dict[str, set[str]]:
    """acronym: initials ("us") → the long names they abbreviate ("united states")."""
    acronym_of: dict[str, set[str]] = defaultdict(set)
    for key in long_forms:
        name = next(row["name"] for i, row in enumerate(rows) if keys[i] == key)
        for acronym in acronyms_of(name):
            acronym_of[acronym].add(key)
    return acronym_of


def _short_forms(long_forms: dict[str, str]) -> dict[str, set[str]]:
    """short_form: a leading or trailing part of an ORG name ("barclays") → the ORG names it is part of."""
    short_of: dict[str, set[str]] = defaultdict(set)
    for key, label in long_forms.items():
        if label == "ORG":
            words = key.split()
            for k in range(1, len(words)):
                for part in (" ".join(words[:k]), " ".join(words[k:])):
                    if part not in GENERIC_WORDS and len(part) >= 3:
                        short_of[part].add(key)
    return short_of


def _targets(named_keys: set[str], *, heads: set[str], variant_of: dict[str, str], surname_of: dict[str, set[str]],
             first_name_of: dict[str, set[str]], acronym_of: dict[str, set[str]], short_of: dict[str, set[str]],
             key_labels: dict[str, Counter], core_of: dict[str, set[str]] | None = None,
             common_of: dict[str, set[str]] | None = None) -> dict[str, tuple[str, str]]:
    """Each named key → (the key of the entity it joins, merge rule); the first rule that applies wins."""
    target: dict[str, tuple[str, str]] = {}
    for key in named_keys:
        heads_with_part = surname_of.get(key, set()) | first_name_of.get(key, set())
        if key in variant_of:
            target[key] = (variant_of[key], "name_variant")
        elif key in heads:
            target[key] = (key, "same_name")
        elif len(heads_with_part) == 1:
            head = next(iter(heads_with_part))
            target[key] = (head, "surname" if head in surname_of.get(key, ()) else "first_name")
        elif " " not in key and len(acronym_of.get(key, ())) == 1:
            target[key] = (next(iter(acronym_of[key])), "acronym")
        elif len(short_of.get(key, ())) == 1 and key_labels[key].most_common(1)[0][0] == "ORG":
            target[key] = (next(iter(short_of[key])), "short_form")
        elif core_of and len(core_of.get(key, ())) == 1 and key_labels[key].most_common(1)[0][0] == "ORG":
            target[key] = (next(iter(core_of[key])), "organisation_suffix")
        elif common_of and len(common_of.get(key, ())) == 1:
            target[key] = (next(iter(common_of[key])), "common_form")
        else:
            target[key] = (key, "same_name")
    return target


def organisation_core(name: str) -> str:
    """An organisation's name without company or club suffixes and a ".com", as ``name_key`` gives ("amazon")."""
    words = name_key(re.sub(r"\.com\b", "", name, flags=re.IGNORECASE)).replace("&", " ").split()
    while len(words) > 1 and words[-1] in ORGANISATION_SUFFIXES:
        words.pop()
    return " ".join(words)


def _organisation_cores(rows: list[dict], keys: list[str], named: list[bool]) -> dict[str, set[str]]:
    """organisation_suffix: an ORG name's core, when another mention is written so ("amazon") → the full names."""
    core_of: dict[str, set[str]] = defaultdict(set)
    named_keys = {keys[i] for i in range(len(rows)) if named[i]}
    for i, row in enumerate(rows):
        if named[i] and row["label"] == "ORG":
            core = organisation_core(row["name"])
            if core != keys[i] and core in named_keys:
                core_of[core].add(keys[i])
    return core_of


def _common_forms(rows: list[dict], keys: list[str], named: list[bool]) -> dict[str, set[str]]:
    """common_form: a form news uses ("fed") → the ORG names in the document it stands for ("us federal reserve")."""
    common_of: dict[str, set[str]] = defaultdict(set)
    named_keys = {keys[i] for i in range(len(rows)) if named[i] and rows[i]["label"] == "ORG"}
    for form, full in COMMON_FORMS.items():
        if form in named_keys or any(keys[i] == form for i in range(len(rows)) if named[i]):
            for key in named_keys:
                if key != form and (key == full or key.endswith(" " + full)):
                    common_of[form].add(key)
    return common_of


def _members(rows: list[dict], keys: list[str], named: list[bool], target: dict[str, tuple[str, str]]) -> dict[tuple, list[int]]:
    """Entity key → row indices: named rows by target key, values (dates, numbers) by key and label."""
    members: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if not named[i]:
            members[("value", keys[i], row["label"])].append(i)
            continue
        goal, rule = target[keys[i]]
        if rule in {"surname", "first_name"} and "locative_place" in RULES and row["label"] in {"GPE", "LOC", "FAC"} and row["preceded_by"] in LOCATIVE_PREPOSITIONS:
            members[("named", keys[i], "place")].append(i)  # "in Washington" stays a place
            continue
        if rule == "first_name" and "norp_not_first_name" in RULES and row["label"] == "NORP":
            members[("named", keys[i], "group")].append(i)  # "Tory" is a party member, not a first name
            continue
        members[("named", goal)].append(i)
    return members


def _label_vote(rows: list[dict], keys: list[str], named: list[bool], members: dict[tuple, list[int]],
                target: dict[str, tuple[str, str]], *, full_names: set[str], part_of: dict[str, set[str]]) -> dict[int, tuple[int, str, str, str]]:
    """label_vote: each entity's label (most of its mentions', PERSON for parts of a full name) and every row's result."""
    result: dict[int, tuple[int, str, str, str]] = {}
    for member_key, indices in members.items():
        root = min(indices, key=lambda i: rows[i]["start_char"])
        # alias matches take the entity's label, they do not vote
        labels = Counter(rows[i]["label"] for i in indices if rows[i]["source"] != "alias") or Counter(rows[i]["label"] for i in indices)
        goal_key = member_key[1]
        if member_key[0] == "named" and len(member_key) == 2 and goal_key in full_names and "PERSON" in labels:
            label, why = "PERSON", "part of the PERSON name"
        else:
            why = "the label most mentions of this entity have"
            if "lone_word_not_person" in RULES and len(labels) > 1 and "PERSON" in labels and len(goal_key.split()) == 1 and goal_key not in part_of:
                # news introduces people by their full name: a lone word never written as one is not a PERSON
                del labels["PERSON"]
                why = "no full PERSON name in the document contains it; its other label"
            label, _ = max(labels.items(), key=lambda item: (item[1], item[0] == rows[root]["label"]))
        canonical = max((rows[i]["name"] for i in indices), key=lambda name: (len(name.split()), len(name)))
        vote = "label_vote" in RULES or why.startswith("part")
        for i in indices:
            if not vote:
                label = rows[i]["label"]  # no vote: every mention keeps the label it had
            rule = target[keys[i]][1] if named[i] and len(member_key) == 2 else "same_name"
            if name_key(rows[i]["name"]) == name_key(canonical):
                rule = "same_name"
            if rule == "same_name" and rows[i]["label"] != label:
                rule = "label_vote"
            correction = rows[i]["correction"]
            if rows[i]["label"] != label:
                before = rows[i]["model_label"] or "alias"
                correction = f"{before}→{label}: {why} '{canonical}'" if why.startswith("part") else f"{before}→{label}: {why}"
            result[i] = (root, rule, label, correction)
    return result


def _alias_matches(rows: list[dict], entities: dict[int, tuple[int, str, str, str]], doc: Doc, kept: _KeptSentences) -> list[dict]:
    """Mentions the model missed (sentence-initial, all-caps) of names it found elsewhere in the document."""
    forms: dict[str, dict] = {}
    for i, row in enumerate(rows):
        _, _, label, _ = entities[i]
        if label not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"} or len(row["name"]) < 3:
            continue
        if not row["name"][:1].isupper():
            continue
        forms.setdefault(row["name"], {"label": label})
    from spacy.lang.en.stop_words import STOP_WORDS

    surnames: Counter = Counter()
    for name, form in list(forms.items()):
        words = name.split()
        if form["label"] == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3 and words[-1][:1].isupper() and words[-1].lower() not in STOP_WORDS:
            surnames[words[-1]] += 1
    for surname, count in surnames.items():
        if count == 1 and surname not in forms:
            forms[surname] = {"label": "PERSON"}
    if not forms:
        return []
    added = []
    names = sorted(forms, key=len, reverse=True)
    records = kept.records
    # spans already taken, by sentence: a match can only overlap spans of its own sentence (linear, not
    # every match against every span of the article)
    sentence_starts = [int(sentence["start_char"]) for sentence in records]
    taken_by_sentence: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        taken_by_sentence[bisect.bisect_right(sentence_starts, int(row["start_char"])) - 1].append((row["start_char"], row["end_char"]))
    for index, sentence in enumerate(records):
        text, offset = sentence["text"], int(sentence["start_char"])
        taken = taken_by_sentence[index]
        caps = _is_caps_sentence(text)
        for name in names:
            written = name.upper() if caps else name
            if written not in text:
                continue
            for match_start, match_end in _whole_word_matches(text, written):
                start, end = offset + match_start, offset + match_end
                if any(a < end and start < b for a, b in taken):
                    continue
                span = doc.char_span(start, end, label=forms[name]["label"], alignment_mode="strict")
                if span is None:
                    continue
                row = _candidate(span, "alias", sentence, index, len(records))
                if row["reason"]:
                    continue
                row["name"] = name
                row["label"], row["model_label"] = forms[name]["label"], ""  # the model found nothing here
                added.append(row)
                taken.append((start, end))
    return added


def _whole_word_matches(text: str, written: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of ``written`` in ``text`` with no word character on either side,
    left to right, not overlapping: ``re.finditer(rf"(?<!\\w){re.escape(written)}(?!\\w)", text)`` without
    compiling a pattern per name (``\\w`` is ``str.isalnum()`` or "_")."""
    position = text.find(written)
    while position >= 0:
        end = position + len(written)
        if not (position and _is_word_character(text[position - 1])) and not (end < len(text) and _is_word_character(text[end])):
            yield position, end
            position = text.find(written, end)
        else:
            position = text.find(written, position + 1)


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


# --------------------------------------------------------------------------- entities

# Salience rules, each switchable so ``evaluation.entities_eval`` can measure them (top-5 precision on GUM train).
SALIENCE_RULES = {
    "nationality_down": True,  # NORP ("Iranian", "Democrats") counts half: adjectives inside other mentions (GUM train: fixes 7, breaks 5)
    "place_once_down": False,  # a place (GPE/LOC/FAC) named once counts half (GUM train: fixes 10, breaks 4; dev+test 7 / 6, a tie)
    "headline_up": False,  # a headline mention counts as the lead, plus HEADLINE_WEIGHT (GUM train --headline: 6 / 6, a tie)
}
NATIONALITY_WEIGHT = 0.5
PLACE_ONCE_WEIGHT = 0.5
HEADLINE_WEIGHT = 0.1
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def salience_score(frequency: float, earliness: float, in_lead: bool, label: str, *, mention_count: int | None = None,
                   in_headline: bool = False) -> float:
    """Salience (0–1) of a named entity: 0.5 × frequency + 0.3 × earliness + 0.2 × lead, halved for NORP
    (and, with ``place_once_down``, for a place whose ``mention_count`` is 1; with ``headline_up`` a
    headline mention counts as the lead, plus ``HEADLINE_WEIGHT``, capped at 1)."""
    headline = bool(in_headline) and SALIENCE_RULES["headline_up"]
    score = 0.5 * frequency + 0.3 * earliness + 0.2 * (bool(in_lead) or headline)
    if headline:
        score = min(score + HEADLINE_WEIGHT, 1.0)
    if label == "NORP" and SALIENCE_RULES["nationality_down"]:
        score *= NATIONALITY_WEIGHT
    if label in PLACE_LABELS and mention_count == 1 and SALIENCE_RULES["place_once_down"]:
        score *= PLACE_ONCE_WEIGHT
    return round(score, 3)


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
    records = _records(mentions, ["entity_id", "name", "label", "group", "is_named", "role", "sentence_id", "paragraph_id",
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


