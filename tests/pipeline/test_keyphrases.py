"""The keyphrases table: ranked top words of the in-scope text, offsets of each one's first occurrence."""

from __future__ import annotations

from utils import analyse
from utils.pipeline.keyphrases import keyphrase_table
from utils.pipeline.schema import pandas_dtypes

TEXT = (
    "Floods hit Bangladesh after heavy rain. The Red Cross sent teams to Dhaka.\n\n"
    "More floods are expected in Bangladesh, and the Red Cross said its teams in Dhaka need boats."
)


def test_top_words_with_counts_and_first_offsets():
    table = keyphrase_table(TEXT, [(0, len(TEXT))], n=6)
    assert table["phrase"].tolist() == ["Floods", "Bangladesh", "Red", "Cross", "teams", "Dhaka"]
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert table["occurrences"].tolist() == [2, 2, 2, 2, 2, 2]
    for row in table.itertuples():
        assert TEXT[row.start_char:row.end_char] == row.phrase
    assert (table.loc[4, "start_char"], table.loc[4, "end_char"]) == (TEXT.index("teams"), TEXT.index("teams") + 5)


def test_only_the_given_spans_are_read_and_offsets_point_into_the_whole_text():
    second = TEXT.index("More")
    table = keyphrase_table(TEXT, [(second, len(TEXT))], n=3)
    assert table["start_char"].min() >= second
    assert TEXT[table.loc[0, "start_char"]:table.loc[0, "end_char"]] == table.loc[0, "phrase"]
    assert keyphrase_table(TEXT, [], n=3).empty and keyphrase_table("... !!", [(0, 6)]).empty


def test_the_analysis_carries_the_keyphrases_table():
    analysis = analyse(TEXT, cache=False)
    assert {column: str(dtype) for column, dtype in analysis.keyphrases.dtypes.items()} == pandas_dtypes("keyphrases")
    assert analysis.keyphrases["phrase"].tolist()[:2] == ["Floods", "Bangladesh"]


def test_verbs_that_report_speech_are_never_key_phrases():
    text = "The minister said the port would reopen. Officials said ships said to be waiting said nothing. The port said so."
    phrases = {phrase.casefold() for phrase in keyphrase_table(text, [(0, len(text))], n=10)["phrase"]}
    assert "said" not in phrases and {"port"} <= phrases
