"""The story evaluation's split protocol, variants and baseline on hand-made rows (no dev data needed)."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from evaluation.stories_eval import NAMED, Variant, baseline_cuts, splits


def test_each_split_tunes_on_half_the_stories_of_each_collection():
    gold = pd.DataFrame({
        "cluster_id": ["basil:a", "basil:a", "basil:b", "basil:c", "basil:d", "ecbplus:t1-ecb", "ecbplus:t1-plus", "ecbplus:t1-plus"],
        "collection": ["basil"] * 5 + ["ecbplus"] * 3,
    })
    halves = splits(gold)
    assert len(halves) == 5
    for tuning in halves:
        chosen = gold[tuning]
        assert chosen.loc[chosen["collection"] == "basil", "cluster_id"].nunique() == 2
        assert chosen.loc[chosen["collection"] == "ecbplus", "cluster_id"].nunique() == 1
        assert not set(chosen["cluster_id"]) & set(gold.loc[~tuning, "cluster_id"])  # a story is wholly in one half
    assert len({tuple(tuning) for tuning in halves}) > 1


def test_variants_parse_over_the_kept_defaults():
    variant = Variant.parse("time=0.4,neighbours=5,linkage=components")
    assert (variant.time, variant.neighbours, variant.linkage, variant.words) == (0.4, 5, "components", Variant().words)
    assert Variant.parse("former") is NAMED["former"] and NAMED["former"].window == 14.0


def test_the_baseline_joins_reports_of_one_event_and_keeps_events_sharing_no_word_apart_even_at_a_low_cut():
    texts = [
        "The tanker Exxon Valdez spilled crude oil into Prince William Sound in Alaska.",
        "Crude oil from the Exxon Valdez tanker covers the beaches of Prince William Sound.",
        "Liverpool beat Tottenham in the Champions League final in Madrid.",
        "Tottenham lost the Champions League final to Liverpool in Madrid.",
    ]
    cuts = baseline_cuts(texts, [0.01, 0.5])  # cuts are similarities: 1 − the cosine distance
    assert adjusted_rand_score([0, 0, 1, 1], cuts[0.5]) == 1.0
    assert adjusted_rand_score([0, 0, 1, 1], cuts[0.01]) == 1.0  # no shared word (min_df 2 keeps only shared ones): distance 1
