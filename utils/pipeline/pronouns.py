"""Pronoun mentions resolved to named entities, by rules on the spaCy dependency parse.

No coreference model: each third-person pronoun takes the best earlier candidate (a named mention,
or a pronoun already resolved: ``RULES["chain"]``) within ``WINDOW`` sentences back:

- agreement: he/him/his/himself → a PERSON not known to be female; she/her/hers/herself → a PERSON
  not known to be male; they/them/their/theirs/themselves → an ORG, GPE or NORP (a group).
  A mention's gender comes from a title written with it (Mr, Sir, King, Mrs, Ms, Queen...; see
  ``MALE_TITLES``/``FEMALE_TITLES``), a resolved pronoun's from the pronoun, else the entity's
  from its first full name through the ``gender-guesser`` package (its own name dictionary) when
  it is installed, else it is unknown (agrees with both).
- score: ``-RECENCY_WEIGHT × sentences back + SALIENCE_WEIGHT × log(1 + mentions so far) +
  GENDER_WEIGHT × gender known`` (+ ``SUBJECT_WEIGHT × subject`` with ``RULES["subject"]``); the
  highest wins, the most recent on ties.
- switchable, off by default because they broke as many right answers as they fixed on GUM
  train (docs/methods-who-speaks.md): binding (a non-reflexive, non-possessive pronoun is not an
  entity mentioned in its own clause, "Smith praised him"), reflexives taking their clause's
  subject, the subject preference, an entity-wide gender from titles.

First-person pronouns (I, me, my, mine, myself, we, us, our, ours, ourselves) inside a quotation's
quoted words take that quotation's speaker (``link_rule`` "quote_speaker") when ``quotes`` is given.

Unresolvable pronouns are left out of ``pronoun_mentions`` (``keep_unresolved=True`` keeps them
with ``entity_id`` -1 and ``link_rule`` "unresolved"). Rows have the columns of
``entities.MENTION_COLUMNS`` plus ``is_pronoun``, ``antecedent_mention_id`` and ``link_rule``.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Token

from utils.pipeline.entities import MENTION_COLUMNS
from utils.pipeline.names import LABEL_GROUPS
from utils.pipeline.schema import typed_frame

PRONOUN_COLUMNS = MENTION_COLUMNS + ["is_pronoun", "antecedent_mention_id", "link_rule"]
LINK_RULES = ("recent_subject_agree", "recent_agree", "reflexive_subject", "quote_speaker", "unresolved")

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_PERSON_PRONOUNS = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
REFLEXIVES = frozenset({"himself", "herself", "themselves", "myself", "ourselves"})
POSSESSIVES = frozenset({"his", "hers", "their", "theirs", "my", "mine", "our", "ours"})
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})

MALE_TITLES = frozenset(
    "mr sir lord king prince duke emperor sultan emir pope archbishop cardinal baron earl count sheikh spokesman chairman".split()
)
FEMALE_TITLES = frozenset(
    "mrs ms miss dame lady queen princess duchess empress baroness countess spokeswoman chairwoman".split()
)

TITLE_SHARE = 4  # a title gives the gender when at least 1 in TITLE_SHARE of the entity's mentions carry one
NAME_GUESSES = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}
WINDOW = 8  # sentences back a candidate may be (chosen on GUM train, see docs/methods-who-speaks.md)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
RECENCY_WEIGHT, SUBJECT_WEIGHT, SALIENCE_WEIGHT, GENDER_WEIGHT = 1.0, 0.6, 2.0, 0.5  # chosen on GUM train (docs/methods-who-speaks.md)
# Rules, each switchable so ``utils.pipeline.pronouns_eval`` can measure what it fixes and breaks.
RULES = {
    "title_gender": True,  # Mr/Mrs/King/Queen... give the gender of the mention they are written with
    "entity_title_gender": False,  # ...and of the whole entity when its name says nothing (off: see docs)
    "name_gender": True,  # first names give it (gender-guesser)
    "name_gender_mostly": True,  # ...counting gender-guesser's "mostly_male"/"mostly_female" too
    "binding": False,  # a non-reflexive object pronoun is not its own clause's other mention (off: fixed 20, broke 24)
    "reflexive": False,  # a reflexive takes its clause's subject (off: fixed 0, broke 1)
    "subject": False,  # subjects are preferred (off: fixed 16, broke 17)
    "salience": True,  # entities mentioned more are preferred
    "gender_known": True,  # an entity of known, agreeing gender beats one of unknown gender
    "chain": True,  # a resolved pronoun is itself a candidate for the next pronoun
}


@functools.lru_cache(maxsize=1)
def _gender_detector():
    """gender-guesser's detector, or None when the package is not installed."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return None
    return detector.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """'male', 'female' or None for a first name, from gender-guesser's dictionary (None without it)."""
    detector = _gender_detector()
    if detector is None or not name.isalpha():
        return None
    guess = detector.get_gender(name)
    if guess.startswith("mostly") and not RULES["name_gender_mostly"]:
        return None
    return NAME_GUESSES.get(guess)


def title_gender(words: Iterable[str]) -> str | None:
    """'male' or 'female' when one of the words is a gendered title ("Mr.", "Queen"), else None."""
    for word in words:
        bare = word.lower().rstrip(".")
        if bare in MALE_TITLES:
            return "male"
        if bare in FEMALE_TITLES:
            return "female"
    return None


@dataclass
class _Candidate:
    token_i: int
    sentence_index: int
    entity_id: int
    mention_id: int
    label: str
    is_subject: bool
    clause: int
    gender: str | None = None  # of this mention itself: its title, or the pronoun it is


@dataclass
class Link:
    """One resolved (or unresolved) pronoun."""

    token_i: int
    entity_id: int
    antecedent_mention_id: int
    link_rule: str


def _clause(token: Token) -> int:
    """Index of the verb (or root) heading the clause a token is in."""
    head = token.head
    steps = 0
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i and steps < 50:
        head = head.head
        steps += 1
    return head.i


def _is_subject(token: Token) -> bool:
    steps = 0
    while token.dep_ in {"compound", "appos", "flat", "conj"} and token.head.i != token.i and steps < 10:
        token = token.head
        steps += 1
    return token.dep_ in SUBJECT_DEPS


def _in_scope_bounds(sentences: pd.DataFrame) -> tuple[list[int], list[int], list[dict]]:
    counted = sentences["in_scope"].to_numpy(dtype=bool)
    keep = counted | (sentences["duplicate_of"].to_numpy() >= 0) if "duplicate_of" in sentences else counted

    def column(name: str) -> list:  # column by column on arrays: a mask of the whole frame copies every sentence's text
        return sentences[name].to_numpy()[keep].tolist()

    records = [
        {"sentence_id": int(s), "paragraph_id": int(p), "paragraph_kind": k, "counted": bool(c)}
        for s, p, k, c in zip(column("sentence_id"), column("paragraph_id"), column("paragraph_kind"), counted[keep].tolist())
    ]
    return [int(start) for start in column("start_char")], [int(end) for end in column("end_char")], records


def mention_title_genders(doc: Doc, mentions: pd.DataFrame) -> dict[int, str]:
    """mention_id → gender of the PERSON mentions written with a gendered title ("Mr. Park", "Queen Elizabeth")."""
    people = mentions[mentions["label"] == "PERSON"]
    genders: dict[int, str] = {}
    for mention_id, role, start in zip(people["mention_id"], people["role"], people["start_char"]):
        words = str(role).split()
        token = _token_at(doc, int(start))
        if token is not None and token.i > 0:
            words.append(doc[token.i - 1].text)
        gender = title_gender(words)
        if gender:
            genders[int(mention_id)] = gender
    return genders


def entity_genders(doc: Doc, mentions: pd.DataFrame) -> dict[int, str | None]:
    """Gender of each PERSON entity from its first full name (gender-guesser), None when unknown.

    With ``RULES["entity_title_gender"]`` an entity whose name says nothing takes the title most of its
    titled mentions carry, when at least 1 in ``TITLE_SHARE`` of its mentions has one.
    """
    people = mentions[mentions["label"] == "PERSON"].sort_values("start_char")
    titles = mention_title_genders(doc, people) if RULES["entity_title_gender"] else {}
    genders: dict[int, str | None] = {}
    votes: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    counts: dict[int, int] = {}
    for mention_id, entity_id, name in zip(people["mention_id"], people["entity_id"], people["name"]):
        entity_id = int(entity_id)
        if int(mention_id) in titles:
            votes.setdefault(entity_id, []).append(titles[int(mention_id)])
        counts[entity_id] = counts.get(entity_id, 0) + 1
        if entity_id not in names and len(str(name).split()) >= 2:
            names[entity_id] = str(name)  # the first full name: news introduces a person by it
    for entity_id in counts:
        words = names.get(entity_id, "").split()
        gender = first_name_gender(words[0]) if len(words) >= 2 and RULES["name_gender"] else None
        titled = votes.get(entity_id)
        if gender is None and titled and len(titled) * TITLE_SHARE >= counts[entity_id]:
            gender = max(set(titled), key=titled.count)
        genders[entity_id] = gender
    return genders


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _agrees(lower: str, label: str, gender: str | None) -> bool:
    if lower in MALE_PRONOUNS:
        return label == "PERSON" and gender != "female"
    if lower in FEMALE_PRONOUNS:
        return label == "PERSON" and gender != "male"
    if lower in PLURAL_PRONOUNS:
        return label in GROUP_LABELS
    return False


def _mentions_key(mentions: pd.DataFrame) -> int:
    return hash(tuple(zip(mentions["start_char"].tolist(), mentions["end_char"].tolist(), mentions["entity_id"].tolist())))


def resolve_pronouns(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame) -> dict[int, Link]:
    """Third-person pronoun token index → its Link (see the module docstring); computed once per doc and mentions."""
    key = ("who_speaks_pronouns", _mentions_key(mentions), tuple(sorted(RULES.items())), WINDOW)
    cached = doc.user_data.get(key)
    if cached is not None:
        return cached
    links = _resolve(doc, sentences, mentions)
    doc.user_data[key] = links
    return links


def _resolve(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame) -> dict[int, Link]:
    starts, ends, _ = _in_scope_bounds(sentences)
    if not starts:
        return {}
    named = mentions[mentions["is_named"].astype(bool) & mentions["label"].isin(["PERSON"] + sorted(GROUP_LABELS))]
    genders = entity_genders(doc, named)
    titled = mention_title_genders(doc, named) if RULES["title_gender"] else {}
    labels = {int(e): str(label) for e, label in zip(named["entity_id"], named["label"])}
    # mention anchors, by token
    anchors: list[_Candidate] = []
    for mention_id, entity_id, label, start, end in zip(named["mention_id"], named["entity_id"], named["label"],
                                                        named["start_char"], named["end_char"]):
        span = doc.char_span(int(start), int(end), alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        index = bisect_right(starts, int(start)) - 1
        anchors.append(_Candidate(root.i, index, int(entity_id), int(mention_id), str(label), _is_subject(root), _clause(root),
                                  titled.get(int(mention_id))))
    anchors.sort(key=lambda candidate: candidate.token_i)
    links: dict[int, Link] = {}
    active: list[_Candidate] = []  # candidates so far, in token order
    seen: dict[int, int] = {}  # entity id → mentions so far
    next_anchor = 0
    for i in third_person_tokens(doc):
        token = doc[i]
        index = bisect_right(starts, token.idx) - 1
        if index < 0 or token.idx >= ends[index]:
            continue
        while next_anchor < len(anchors) and anchors[next_anchor].token_i < i:
            anchor = anchors[next_anchor]
            active.append(anchor)
            seen[anchor.entity_id] = seen.get(anchor.entity_id, 0) + 1
            next_anchor += 1
        if len(active) > 128:
            active = [c for c in active if c.sentence_index > index - WINDOW][-64:]
        if token.pos_ not in {"PRON", "DET"}:
            continue
        link = _best(token, token.lower_, index, active, seen, genders)
        links[i] = link
        if link.entity_id >= 0 and RULES["chain"]:
            own = "male" if token.lower_ in MALE_PRONOUNS else "female" if token.lower_ in FEMALE_PRONOUNS else None
            active.append(_Candidate(i, index, link.entity_id, -1, labels.get(link.entity_id, ""), _is_subject(token), _clause(token), own))
            seen[link.entity_id] = seen.get(link.entity_id, 0) + 1
    return links


def third_person_tokens(doc: Doc) -> list[int]:
    """Indices of the tokens written as a third-person personal pronoun (any part of speech)."""
    from spacy.attrs import LOWER

    strings = doc.vocab.strings
    forms = np.array([strings.add(form) for form in MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS], dtype="uint64")
    return np.flatnonzero(np.isin(doc.to_array([LOWER]).astype("uint64").reshape(-1), forms)).tolist()


def _best(token: Token, lower: str, sentence_index: int, active: list[_Candidate], seen: dict[int, int],
          genders: dict[int, str | None]) -> Link:
    clause = _clause(token)
    reflexive = lower in REFLEXIVES
    free = lower in POSSESSIVES or token.dep_ == "poss"  # "her" as in "her husband" is free to be the subject
    best, best_score, best_rule = None, -math.inf, "unresolved"
    bound: set[int] = set()  # binding: "Smith praised him" is not Smith, in any of Smith's mentions
    if not free and not reflexive and RULES["binding"]:
        for candidate in reversed(active[-64:]):
            if candidate.sentence_index != sentence_index:
                break
            if candidate.clause == clause and candidate.token_i != token.i:
                bound.add(candidate.entity_id)
    for candidate in reversed(active[-64:]):
        back = sentence_index - candidate.sentence_index
        if back > WINDOW:
            break
        if candidate.token_i == token.i:
            continue
        gender = candidate.gender or genders.get(candidate.entity_id)
        if not _agrees(lower, candidate.label, gender):
            continue
        same_clause = back == 0 and candidate.clause == clause
        if reflexive and RULES["reflexive"]:
            if same_clause and candidate.is_subject:
                return Link(token.i, candidate.entity_id, candidate.mention_id, "reflexive_subject")
        elif candidate.entity_id in bound:
            continue
        score = (-RECENCY_WEIGHT * back + SUBJECT_WEIGHT * candidate.is_subject * RULES["subject"]
                 + SALIENCE_WEIGHT * math.log1p(seen.get(candidate.entity_id, 0)) * RULES["salience"]
                 + GENDER_WEIGHT * (gender is not None or candidate.label != "PERSON") * RULES["gender_known"])
        if score > best_score:
            best, best_score = candidate, score
            best_rule = "recent_subject_agree" if candidate.is_subject else "recent_agree"
    if best is None:
        return Link(token.i, -1, -1, "unresolved")
    return Link(token.i, best.entity_id, best.mention_id, best_rule)


def pronoun_mentions(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *, quotes: pd.DataFrame | None = None,
                     keep_unresolved: bool = False) -> pd.DataFrame:
    """One row per pronoun resolved to a named entity (columns ``PRONOUN_COLUMNS``, ``source`` "pronoun").

    ``mention_id`` continues after the mentions' own ids; ``antecedent_mention_id`` is the named
    mention the chain of links leads back to (-1 for a quotation speaker found otherwise).
    """
    return typed_frame(pronoun_columns(doc, sentences, mentions, quotes=quotes, keep_unresolved=keep_unresolved), "mentions")


def pronoun_columns(doc: Doc, sentences: pd.DataFrame, mentions: pd.DataFrame, *, quotes: pd.DataFrame | None = None,
                    keep_unresolved: bool = False) -> dict[str, list]:
    """``pronoun_mentions`` as column lists (``PRONOUN_COLUMNS``), for a caller that builds a frame of its own."""
    columns: dict[str, list] = {column: [] for column in PRONOUN_COLUMNS}
    starts, ends, records = _in_scope_bounds(sentences)
    if not starts or mentions is None:
        return columns
    entity_info = _entity_info(mentions)
    links = dict(resolve_pronouns(doc, sentences, mentions)) if len(mentions) else {}
    if quotes is not None and len(quotes):
        for link in _first_person_links(doc, quotes):
            links.setdefault(link.token_i, link)
    # a link to an earlier pronoun points back to its named antecedent
    antecedents = {}
    for token_i in sorted(links):
        link = links[token_i]
        if link.antecedent_mention_id < 0 and link.link_rule != "quote_speaker" and link.entity_id >= 0:
            link = Link(link.token_i, link.entity_id, antecedents.get(link.entity_id, -1), link.link_rule)
        if link.antecedent_mention_id >= 0:
            antecedents[link.entity_id] = link.antecedent_mention_id
        links[token_i] = link
    first_id = int(mentions["mention_id"].max()) + 1 if len(mentions) else 0
    count = len(starts)
    for token_i in sorted(links):
        link = links[token_i]
        if link.entity_id < 0 and not keep_unresolved:
            continue
        token = doc[token_i]
        index = bisect_right(starts, token.idx) - 1
        if index < 0 or token.idx >= ends[index]:
            continue
        sentence = records[index]
        name, label = entity_info.get(link.entity_id, ("", ""))
        for column, value in {
            "mention_id": first_id + len(columns["mention_id"]),
            "sentence_id": sentence["sentence_id"], "paragraph_id": sentence["paragraph_id"],
            "paragraph_kind": sentence["paragraph_kind"], "entity_id": link.entity_id, "text": token.text,
            "name": name, "role": "", "label": label, "model_label": "", "group": LABEL_GROUPS.get(label, "other") if label else "",
            "is_named": False, "source": "pronoun", "merge_rule": "", "correction": "",
            "position": round(index / max(count - 1, 1), 4), "counted": sentence["counted"],
            "start_char": token.idx, "end_char": token.idx + len(token),
            "is_pronoun": True, "antecedent_mention_id": link.antecedent_mention_id, "link_rule": link.link_rule,
        }.items():
            columns[column].append(value)
    return columns


def _entity_info(mentions: pd.DataFrame) -> dict[int, tuple[str, str]]:
    info: dict[int, tuple[str, str]] = {}
    for entity_id, name, label in zip(mentions["entity_id"], mentions["name"], mentions["label"]):
        entity_id = int(entity_id)
        old = info.get(entity_id)
        if old is None or (len(str(name).split()), len(str(name))) > (len(old[0].split()), len(old[0])):
            info[entity_id] = (str(name), str(label))
    return info


def _first_person_links(doc: Doc, quotes: pd.DataFrame) -> list[Link]:
    """I/we... inside the quoted words of a quotation whose speaker is an entity → that speaker."""
    links = []
    columns = ["quoted_fragments", "speaker_entity_id"]
    if any(column not in quotes for column in columns):
        return links
    for fragments, entity_id in zip(quotes["quoted_fragments"], quotes["speaker_entity_id"]):
        if int(entity_id) < 0:
            continue
        for start, end in fragments:
            span = doc.char_span(int(start), int(end), alignment_mode="contract")
            if span is None:
                continue
            for token in span:
                if token.lower_ in FIRST_PERSON_PRONOUNS and token.pos_ in {"PRON", "DET"}:
                    links.append(Link(token.i, int(entity_id), -1, "quote_speaker"))
    return links


def add_pronoun_counts(entities: pd.DataFrame, mentions_with_pronouns: pd.DataFrame) -> pd.DataFrame:
    """The entities table with ``named_mention_count`` (= ``mention_count``, named mentions only, unchanged)
    and ``pronoun_mention_count`` (counted pronoun rows of each entity, 0 when none).

    ``mentions_with_pronouns`` may be the pronoun rows alone or the mentions with the pronoun rows appended.
    """
    return entities.assign(**pronoun_count_columns(entities, mentions_with_pronouns))


def pronoun_count_columns(entities: pd.DataFrame, mentions_with_pronouns: pd.DataFrame) -> dict[str, np.ndarray]:
    """``named_mention_count`` and ``pronoun_mention_count`` of each entity row (see ``add_pronoun_counts``), as arrays."""
    rows = mentions_with_pronouns
    counts: dict[int, int] = {}
    if len(rows) and "source" in rows:
        counted = rows["counted"].tolist() if "counted" in rows else [True] * len(rows)
        for source, entity_id, is_counted in zip(rows["source"].tolist(), rows["entity_id"].tolist(), counted):
            if source == "pronoun" and entity_id >= 0 and is_counted:
                counts[entity_id] = counts.get(entity_id, 0) + 1
    return {"named_mention_count": entities["mention_count"].to_numpy(dtype="int64"),
            "pronoun_mention_count": np.array([counts.get(entity_id, 0) for entity_id in entities["entity_id"].tolist()], dtype="int64")}
