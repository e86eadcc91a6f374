"""The registry of the entity rules: the name of every post-model rule of the mentions and entities tables
(merges in ``MERGE_RULES``, corrections of the model in ``CORRECTION_RULES``), the ones off by default
(``DROPPED_RULES``), the set in force (``RULES``, read by ``names``, ``truecase``, ``recognition`` and
``entity_merge``) and ``rules_disabled``, which an evaluation switches them with.
"""

from __future__ import annotations

import contextlib
from typing import Iterable, Iterator

# How mentions join one entity (``entity_merge``), by the name an evaluation switches them off with:
# - same_name: the same name once "the", possessives, trailing lower-case words and titles are stripped,
#   compared without case, dots and hyphens ("President Raisi's" → "Raisi").
# - surname / first_name: the last (or first) word(s) of exactly one full PERSON name in the document
#   ("Raisi" → "Ebrahim Raisi"). The mention becomes a PERSON whatever the model said, unless it is a
#   place after a locative preposition ("in Washington"). Shared by two people: no merge.
# - name_variant: two PERSON names with the same first and last word ("Bashar al-Assad", "Bashar Hafez al-Assad").
# - acronym: the initials of a longer name in the document ("US" / "U.S." → "United States").
# - short_form: an organisation's name is a leading or trailing part of a longer one ("Barclays" →
#   "Barclays Capital"), never a single generic word ("Bank") and never for places ("Africa" is not "South Africa").
# - organisation_suffix: an ORG name without company or club suffixes and ".com" ("Amazon.com Inc." → "Amazon").
# - common_form: forms news uses for an organisation ("the Fed" → "U.S. Federal Reserve"), see ``names.COMMON_FORMS``.
# - label_vote: same name, other label: the entity takes the label most of its mentions have (mentions
#   found by the alias search do not vote), except that a single word no full PERSON name in the
#   document contains is not a PERSON when the model also gave it another label.
MERGE_RULES = ("same_name", "surname", "first_name", "name_variant", "acronym", "short_form", "organisation_suffix",
               "common_form", "label_vote")
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
# Rules off by default: on GUM's train split (``python -m evaluation.entities_eval PATH --split train --ablation``)
# each broke more right answers than it fixed wrong ones (see docs/methods-entities.md).
DROPPED_RULES = frozenset({"first_name", "short_form", "label_vote", "comma_split", "locative_place", "norp_not_first_name",
                           "lone_word_not_person"})
# The post-model rules in force: changed in place by ``rules_disabled`` (so every module's
# ``from utils.pipeline.entity_rules import RULES`` sees the rules in force).
RULES: set[str] = set(ALL_RULES) - DROPPED_RULES


@contextlib.contextmanager
def rules_disabled(names: Iterable[str], *, enable: Iterable[str] = ()) -> Iterator[frozenset[str]]:
    """Run the block with the post-model rules ``names`` off and ``enable`` on (for evaluations); yields the rules in force."""
    names, enable = frozenset(names), frozenset(enable)
    unknown = (names | enable) - set(ALL_RULES)
    if unknown:
        raise ValueError(f"unknown rules: {sorted(unknown)} (see ALL_RULES)")
    saved = frozenset(RULES)
    RULES.clear()
    RULES.update((saved | enable) - names)
    try:
        yield frozenset(RULES)
    finally:
        RULES.clear()
        RULES.update(saved)
