"""Crediting speakers (utils.pipeline.speakers): a quotation spoken by a set of entities counts for each member."""

from __future__ import annotations

import duckdb
import pytest

from utils import analyse
from utils.pipeline.speakers import CREDITED_QUOTES_SQL, credited_quotes

TEXT = (
    "Angela Merkel and Emmanuel Macron said on Monday that the talks in Berlin had been useful.\n\n"
    "\"We will meet again in Paris,\" Macron said. Officials said the next round would start in May."
)


@pytest.fixture(scope="module")
def story():
    return analyse(TEXT, cache=False)


def names(story, entity_ids) -> list[str]:
    return [story.entities.set_index("entity_id").loc[entity_id, "name"] for entity_id in entity_ids]


def test_a_set_is_a_row_per_member_and_other_quotations_stay_one_row(story):
    quotes = story.quotes.sort_values("start_char")
    assert [len(ids) for ids in quotes["speaker_entity_ids"]] == [2, 1, 0]
    credited = credited_quotes(quotes)
    assert credited["quote_id"].tolist() == [quotes["quote_id"].iloc[0]] * 2 + quotes["quote_id"].iloc[1:].tolist()
    assert names(story, credited["speaker_entity_id"].iloc[:3]) == ["Angela Merkel", "Emmanuel Macron", "Emmanuel Macron"]
    assert credited["speaker_entity_id"].iloc[3] == -1 and credited["speaker_kind"].iloc[3] == "unnamed"
    assert str(credited["speaker_entity_id"].dtype) == "int64"


def test_the_sql_and_the_pandas_crediting_agree(story):
    quotes = story.quotes.drop(columns=["quoted_fragments"])  # DuckDB reads the list columns it needs
    rows = duckdb.sql(f"SELECT quote_id, speaker_entity_id FROM {CREDITED_QUOTES_SQL} ORDER BY quote_id, speaker_entity_id").fetchall()
    expected = credited_quotes(quotes)[["quote_id", "speaker_entity_id"]].sort_values(["quote_id", "speaker_entity_id"])
    assert rows == [tuple(int(value) for value in row) for row in expected.itertuples(index=False)]


def test_each_member_of_a_set_gets_the_quotation_in_the_entities_table(story):
    counts = story.entities.set_index("name")
    assert counts.loc["Angela Merkel", "quote_count"] == 1
    assert counts.loc["Emmanuel Macron", "quote_count"] == 2
    first = story.quotes.sort_values("start_char").iloc[0]
    assert counts.loc["Angela Merkel", "quoted_words"] == first["word_count"]
