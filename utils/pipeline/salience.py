"""Salience: how much a story is about a named entity (``salience_score``: 0.5 × frequency + 0.3 ×
earliness + 0.2 × lead) and the rules that adjust it, each switched in ``SALIENCE_RULES`` so
``evaluation.entities_eval`` can measure them.
"""

from __future__ import annotations

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
