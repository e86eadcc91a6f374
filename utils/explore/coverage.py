"""Two stories, one event: how two articles (or two groups of a corpus) cover the same thing.

:func:`compare` takes two sides and computes every table of the comparison once
(:class:`Coverage`), each by its own module; the tables' columns end in ``_a`` and ``_b``:

- :mod:`utils.explore.coverage_sides`: the sides (:class:`~utils.explore.coverage_sides.Side`,
  one article or a corpus view) and the two a notebook compares (``choose_sides``);
- :mod:`utils.explore.coverage_entities`: entities in both or one (``entity_overlap``), matched
  across the sides (``entity_keys``), and the tone towards each shared entity (``entity_tone``);
- :mod:`utils.explore.coverage_voices`: the voices and their attribution verbs (``voices``,
  ``sourcing_comparison``, ``attribution_verbs_by_side``);
- :mod:`utils.explore.coverage_words`: word choice (``word_choice``);
- :mod:`utils.explore.coverage_passages`: shared passages (``passages``, ``passage_summary``);
- here: what one side leaves out (:func:`left_out`), the comparison in a few lines (:func:`overview`).

Per article, the headline against the body is in :mod:`utils.explore.headlines`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from utils.explore.coverage_entities import entity_keys, entity_overlap, entity_tone
from utils.explore.coverage_passages import passage_summary, passages
from utils.explore.coverage_sides import Side
from utils.explore.coverage_voices import attribution_verbs_by_side, sourcing_comparison, voices
from utils.explore.coverage_words import word_choice
from utils.explore.tone import article_sentiment
from utils.explore.words import words_table
from utils.stories.passages import MIN_WORDS

NO_SECOND_SIDE = (
    "There is no second article to compare with (ARTICLE_B is empty and no CORPUS is given), so the comparisons "
    "below are empty; the headline against the body is shown for this article. Set ARTICLE_B to a second report "
    "of the same event, or CORPUS with GROUP_BY, A and B."
)
NO_SECOND_SIDE_SHORT = "No second article: nothing to compare (set ARTICLE_B)."


LEFT_OUT_COLUMNS = ["what", "name", "group", "only_in", "mentions", "salience", "quoted_words"]


def left_out(overlap: pd.DataFrame, voice_table: pd.DataFrame, *, label_a: str = "A", label_b: str = "B",
             min_salience: float = 0.3, n: int = 10) -> pd.DataFrame:
    """What one side has and the other leaves out: entities with ``salience`` ≥ ``min_salience``
    on one side and absent from the other (the ``n`` most salient per side), and voices (named or
    unnamed; unresolved pronouns and missing speakers left out) quoted on one side only. ``what`` (entity, voice), ``name``, ``group``, ``only_in`` (the side's label),
    ``mentions``, ``salience``, ``quoted_words``."""
    rows = []
    for presence, which, side_label_ in (("only A", "a", label_a), ("only B", "b", label_b)):
        entities = overlap[(overlap["presence"] == presence) & (overlap[f"salience_{which}"] >= min_salience)]
        entities = entities.sort_values([f"salience_{which}", f"mentions_{which}"], ascending=False).head(n)
        quoted = voice_table[voice_table["presence"] == presence].set_index("key")[f"quoted_words_{which}"] if len(voice_table) else pd.Series(dtype="int64")
        for row in entities.itertuples():
            rows.append({"what": "entity", "name": row.name, "group": row.group, "only_in": side_label_, "mentions": getattr(row, f"mentions_{which}"),
                         "salience": getattr(row, f"salience_{which}"), "quoted_words": int(quoted.get(row.key, 0))})
        voices_only = voice_table[(voice_table["presence"] == presence) & voice_table["speaker_kind"].isin(["named", "unnamed"])] if len(voice_table) else voice_table
        for row in voices_only.head(n).itertuples():
            rows.append({"what": "voice", "name": row.speaker, "group": row.speaker_kind, "only_in": side_label_, "mentions": np.nan,
                         "salience": np.nan, "quoted_words": getattr(row, f"quoted_words_{which}")})
    return pd.DataFrame(rows, columns=LEFT_OUT_COLUMNS).astype({"mentions": "float64", "salience": "float64"})


OVERVIEW_COLUMNS = ["measure", "a", "b"]


def overview(coverage: "Coverage") -> pd.DataFrame:
    """The comparison in a few lines, one ``measure`` a row with its value on each side (``a``, ``b``)."""
    a, b = coverage.a, coverage.b
    rows = []

    def add(measure: str, value_a, value_b) -> None:
        rows.append({"measure": measure, "a": value_a, "b": value_b})

    add("side", a.label, b.label)
    add("articles", len(a.texts), len(b.texts))
    words = [int(words_table(side.tokens).shape[0]) if len(side.tokens) else 0 for side in (a, b)]
    add("words (without stopwords)", *words)
    tones = [article_sentiment(side.sentences)["sentiment"] if len(side.sentences) else np.nan for side in (a, b)]
    add("tone (word-weighted sentiment)", *(f"{value:+.3f}" if value == value else "not scored" for value in tones))
    overlap = coverage.overlap
    add("named entities", int((overlap["presence"] != "only B").sum()), int((overlap["presence"] != "only A").sum()))
    add("… named by both", int((overlap["presence"] == "both").sum()), int((overlap["presence"] == "both").sum()))
    sourcing = coverage.sourcing
    for column, measure in (("quotations", "quotations"), ("unnamed_share", "unnamed speakers"), ("loaded_share", "loaded attribution verbs")):
        values = sourcing[column].tolist()
        add(measure, *(f"{value:.0%}" if column.endswith("share") and value == value else ("—" if value != value else int(value)) for value in values))
    summary = coverage.passage_summary
    add("shared passages (words, share of the text)", *(f"{row.shared_words} ({row.shared_share:.0%})" if row.shared_share == row.shared_share else "—"
                                                          for row in summary.itertuples()))
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS).astype({"a": str, "b": str})


@dataclass
class Coverage:
    """Every table of a comparison of two sides, computed once (``compare``); ``missing`` says why
    there is nothing to compare ("" when both sides hold articles)."""

    a: Side
    b: Side
    keys: pd.DataFrame
    overlap: pd.DataFrame
    tone: pd.DataFrame
    voices: pd.DataFrame
    sourcing: pd.DataFrame
    verbs: pd.DataFrame
    left_out: pd.DataFrame
    words: pd.DataFrame
    passages: pd.DataFrame
    passage_summary: pd.DataFrame
    missing: str = ""
    explanation: str = ""  # the longer note on what is missing, shown once

    def reason(self, default: str) -> str:
        """Why a table of this comparison is empty: ``missing`` when a side is, else ``default``."""
        return self.missing or default


def compare(a: Side, b: Side, *, n: int = 15, min_words: int = MIN_WORDS, min_salience: float = 0.3) -> Coverage:
    """The whole comparison of two sides (each table as its own function computes it)."""
    missing = NO_SECOND_SIDE_SHORT if b.is_empty else ("Side A holds no article: nothing to compare." if a.is_empty else "")
    keys = entity_keys(a, b)
    overlap = entity_overlap(a, b, keys=keys)
    voice_table = voices(a, b, keys=keys, overlap=overlap)
    shared = passages(a, b, min_words=min_words)
    omitted = left_out(overlap, voice_table, label_a=a.label, label_b=b.label, min_salience=min_salience, n=n)
    return Coverage(
        a=a, b=b, keys=keys, overlap=overlap, tone=entity_tone(a, b, keys=keys, overlap=overlap), voices=voice_table,
        sourcing=sourcing_comparison(a, b), verbs=attribution_verbs_by_side(a, b), left_out=omitted.iloc[:0] if missing else omitted,
        words=word_choice(a, b, n=n), passages=shared, passage_summary=passage_summary(a, b, shared), missing=missing,
        explanation=NO_SECOND_SIDE if b.is_empty else missing,
    )
