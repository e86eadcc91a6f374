"""Names of entities: which spaCy labels name things (``NAMED_LABELS``) and the group each label falls in,
the word lists names are read with (titles and roles, generic and organisation words, company suffixes,
the common forms of some organisations), and the forms names are compared in: ``name_key``,
``split_name`` and ``name_bounds`` (a mention's name without "the", possessives and titles),
``acronyms_of`` (the initials a long name is written as) and ``organisation_core``.
"""

from __future__ import annotations

import re
from typing import Sequence

from utils.pipeline.entity_rules import RULES

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
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "la", "le", "des", "&"})
# Company and club suffixes left out when an organisation's name is compared ("Amazon.com Inc." → "amazon").
ORGANISATION_SUFFIXES = frozenset("inc corp corporation co plc ltd limited llc ag sa nv holdings group fc afc united".split())
# Forms news uses for some organisations, and (part of) the full name they stand for.
COMMON_FORMS = {
    "fed": "federal reserve", "man utd": "manchester united", "man united": "manchester united",
    "man city": "manchester city", "spurs": "tottenham hotspur",
}
# Words a number legitimately ends a name after ("Channel 4", "Radio 5", "Formula 1").
NUMBERED_NAME_WORDS = frozenset("channel radio formula apollo route flight bbc sky terminal platform studio chapter".split())


def name_key(name: str) -> str:
    """The form names are compared in: case-folded, without dots, hyphens as spaces."""
    key = name.replace("’", "'").replace(".", "").replace("-", " ")
    return " ".join(key.casefold().split())


def without_final_dot(word: str) -> str:
    """``word`` without its final dots ("Mr." → "Mr"), as titles are compared."""
    return word.rstrip(".")


def is_role_word(word: str) -> bool:
    """Whether ``word`` is a title or role (``ROLE_WORDS``), written as such or all in capitals."""
    return without_final_dot(word) in ROLE_WORDS or word.title().rstrip(".") in ROLE_WORDS and word.isupper()


def split_name(words: Sequence[str], *, strip_roles: bool = True) -> tuple[list[str], list[str]]:
    """(name words, role words) of a mention: "the", possessives, trailing lower-case words and titles removed."""
    first, last, role = name_bounds(list(words), strip_roles=strip_roles, named=True)
    return list(words[first:last]), role


def name_bounds(words: list[str], *, strip_roles: bool, named: bool, label: str = "") -> tuple[int, int, list[str]]:
    """[first, last) indices of the name inside a mention's words, and the role words stripped."""
    first, last = 0, len(words)
    trim = "trim_name" in RULES
    while trim and last > first and (not words[last - 1].strip() or words[last - 1] in {"'s", "’s", "'", "’", ".", ",", ":", ";", "-", "—"}):
        last -= 1
    if trim and last - first > 1 and words[first].lower() == "the":
        first += 1
    role: list[str] = []
    if strip_roles and "strip_roles" in RULES:
        while last - first > 1 and is_role_word(words[first]):
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


def organisation_core(name: str) -> str:
    """An organisation's name without company or club suffixes and a ".com", as ``name_key`` gives ("amazon")."""
    words = name_key(re.sub(r"\.com\b", "", name, flags=re.IGNORECASE)).replace("&", " ").split()
    while len(words) > 1 and words[-1] in ORGANISATION_SUFFIXES:
        words.pop()
    return " ".join(words)
