"""The word choice of the two sides of a comparison: the words that set each side apart
(:func:`word_choice`, weighted log-odds), each with its first context on each side (:func:`term_contexts`).
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from utils.explore.compare import weighted_log_odds
from utils.explore.coverage_sides import Side
from utils.explore.words import words_table

WORD_CHOICE_COLUMNS = ["term", "count_a", "count_b", "log_odds", "z", "context_a", "context_b"]


def word_choice(a: Side, b: Side, *, prior: pd.Series | None = None, n: int = 15, window: int = 6) -> pd.DataFrame:
    """The words that set the two sides apart: weighted log-odds with an informative Dirichlet
    prior (:func:`utils.explore.compare.weighted_log_odds`; the ``prior`` — default the sides'
    corpus when both have one, else both sides together), the ``n`` most typical of each side
    (positive ``z``: A), each with its first context on each side (``window`` words either side)."""
    if prior is None and a.prior is not None and b.prior is not None and a.corpus_path == b.corpus_path:
        prior = a.prior
    counts = {}
    for which, side in (("a", a), ("b", b)):
        counts[which] = words_table(side.tokens)["term"].value_counts() if len(side.tokens) else pd.Series(dtype="int64")
    if counts["a"].empty or counts["b"].empty:
        return pd.DataFrame(columns=WORD_CHOICE_COLUMNS)
    table = weighted_log_odds(counts["a"], counts["b"], prior=prior)
    table = pd.concat([table.head(n)[table.head(n)["z"] > 0], table.tail(n)[table.tail(n)["z"] < 0]]).drop_duplicates("term")
    for which, side in (("a", a), ("b", b)):
        contexts = term_contexts(side.tokens, table["term"], window=window)
        table[f"context_{which}"] = table["term"].map(contexts).fillna("")
    return table.reset_index(drop=True)[WORD_CHOICE_COLUMNS]


def term_contexts(tokens: pd.DataFrame, terms: Sequence[str], *, window: int = 6) -> dict[str, str]:
    """For each term, its first in-scope occurrence with ``window`` tokens either side inside its sentence: ``"… left [term] right …"``."""
    wanted = set(terms)
    rows = tokens[tokens["in_scope"].astype(bool)] if len(tokens) else tokens
    found: dict[str, str] = {}
    if rows.empty or not wanted:
        return found
    for (_article, _sentence), sentence in rows.groupby(["article_id", "sentence_id"], sort=False):
        lowers = sentence["lower"].tolist()
        texts = sentence["text"].tolist()
        for position, lower in enumerate(lowers):
            if lower in wanted and lower not in found:
                left = texts[max(0, position - window) : position]
                right = texts[position + 1 : position + 1 + window]
                found[lower] = " ".join([("… " if position > window else "") + " ".join(left), f"[{texts[position]}]",
                                         " ".join(right) + (" …" if position + 1 + window < len(texts) else "")]).strip()
        if len(found) == len(wanted):
            break
    return found
