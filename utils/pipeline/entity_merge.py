"""Resolving mentions to entities within a document: ``resolve`` gives every candidate mention the
entity it refers to and the merge rule that joined it (``entity_rules.MERGE_RULES``: same name,
surname, name variant, acronym, organisation suffix, common form...), lets an entity's mentions vote
on its label, and adds the mentions the model missed of names it found elsewhere (alias matches).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from typing import Iterator

import pandas as pd
from spacy.tokens import Doc

from utils.pipeline.entity_rules import RULES
from utils.pipeline.names import COMMON_FORMS, GENERIC_WORDS, LABEL_GROUPS, NAMED_LABELS, acronyms_of, name_key, organisation_core
from utils.pipeline.recognition import KeptSentences, candidate_row
from utils.pipeline.truecase import is_caps_sentence

LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "near", "into", "across", "outside", "inside", "around", "towards"})


def resolve(rows: list[dict], doc: Doc, sentences: pd.DataFrame, kept: KeptSentences) -> list[dict]:
    """The candidate rows and the alias matches the model missed, in text order, each given a mention id,
    an entity id and merge rule, its entity's label and group, and whether it is counted."""
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
    return records


def _group(rows: list[dict]) -> dict[int, tuple[int, str, str, str]]:
    """Row index → (root row index, merge rule, final label, correction): the rules of ``entity_rules.MERGE_RULES`` in order."""
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


def _alias_matches(rows: list[dict], entities: dict[int, tuple[int, str, str, str]], doc: Doc, kept: KeptSentences) -> list[dict]:
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
        caps = is_caps_sentence(text)
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
                row = candidate_row(span, "alias", sentence, index, len(records))
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
