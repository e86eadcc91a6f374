"""The key-phrase measure: stemmed exact matches at 10, and the method names that change one scoring setting."""

from __future__ import annotations

import pytest

from evaluation.keyphrases_eval import scores_at, scoring_of
from utils.pipeline.keyphrases import SCORING


def test_matches_are_exact_after_stemming_and_counted_once():
    precision, recall, f1 = scores_at(["Oil spills", "oil spill", "Alaska", "salmon fishery", "clean-up"],
                                      ["oil spill", "alaska", "fisheries", "Exxon Valdez"], at=10)
    assert (precision, recall) == (0.2, 0.5)  # "Oil spills" = "oil spill" (counted once), "Alaska"; "salmon fishery" ≠ "fisheries"
    assert f1 == pytest.approx(2 * 0.2 * 0.5 / 0.7)


def test_a_method_name_changes_the_named_settings_only():
    scoring = scoring_of("phrases:position_power=0:deduplicate=0:titles=capitalised:max_words=3")
    assert (scoring.position_power, scoring.deduplicate, scoring.titles, scoring.max_words) == (0.0, False, "capitalised", 3)
    assert scoring.length_power == SCORING.length_power and scoring_of("phrases") == SCORING
    with pytest.raises(AttributeError):
        scoring_of("phrases:no_such_setting=1")
