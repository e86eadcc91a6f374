"""Shared passages between two texts: offsets in each, order-free, case-folded."""

from utils.stories.passages import shared_passages

WIRE = (
    "Reuters reported that the central bank raised interest rates by half a point on Tuesday. "
    "Later, markets fell. Officials said the decision was made to curb inflation which has reached ten percent this year."
)
REWRITE = (
    "Officials said the decision was made to curb inflation, which has reached ten percent this year. "
    "In other news, the Central Bank raised interest rates by half a point on Tuesday."
)


def test_passages_are_found_in_either_order_with_offsets_into_both_texts():
    passages = shared_passages(WIRE, REWRITE)
    assert passages["words"].tolist() == [16, 12]
    first, second = passages.itertuples()
    assert WIRE[first.start_a : first.end_a] == "Officials said the decision was made to curb inflation which has reached ten percent this year"
    assert REWRITE[first.start_b : first.end_b] == "Officials said the decision was made to curb inflation, which has reached ten percent this year"
    assert (second.start_b, REWRITE[second.start_b : second.end_b]) == (REWRITE.index("the Central"), "the Central Bank raised interest rates by half a point on Tuesday")


def test_short_runs_in_common_are_not_passages():
    assert shared_passages("The prime minister said on Monday.", "The prime minister said on Friday.").empty
    assert shared_passages("a b c d e f g h", "a b c d e f g h", min_words=8)["words"].tolist() == [8]
