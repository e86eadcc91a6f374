"""Pronoun mentions resolved to named entities (utils.pronouns) on hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from utils import analyse
from utils.pipeline import entities, nlp, pronouns, quotes
from utils.pipeline.tables import Scope

ANY_LANGUAGE = Scope(languages=())  # short hand-written texts: language detection is unreliable on them


def tables(text: str):
    """(analysis, doc) the way analysis.build_tables parses: the article text with its sentence starts."""
    analysis = analyse(text, scope=ANY_LANGUAGE, cache=False)
    doc = nlp.parse(analysis.article.text, analysis.sentences["start_char"].tolist())
    return analysis, doc


def resolved(text: str, *, with_quotes: bool = False, **options) -> tuple[pd.DataFrame, object]:
    analysis, doc = tables(text)
    table = None
    if with_quotes:
        table = quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs)
    return pronouns.pronoun_mentions(doc, analysis.sentences, analysis.mentions, quotes=table, **options), analysis


def links(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """(pronoun as written, entity name) in text order."""
    return list(zip(rows["text"], rows["name"]))


def test_rows_have_the_mention_columns_and_point_back_to_a_named_mention():
    rows, analysis = resolved("Anna Berg opened the new library on Monday. She thanked the volunteers.")
    assert list(rows.columns) == entities.MENTION_COLUMNS + ["is_pronoun", "antecedent_mention_id", "link_rule"]
    row = rows.iloc[0]
    anna = analysis.mentions[analysis.mentions["name"] == "Anna Berg"].iloc[0]
    assert (row["text"], row["name"], row["label"], row["group"]) == ("She", "Anna Berg", "PERSON", "person")
    assert row["entity_id"] == anna["entity_id"]
    assert row["antecedent_mention_id"] == anna["mention_id"]
    assert row["mention_id"] == analysis.mentions["mention_id"].max() + 1
    assert (row["source"], row["is_named"], row["is_pronoun"], row["counted"]) == ("pronoun", False, True, True)
    assert row["link_rule"] == "recent_subject_agree"
    assert analysis.text[row["start_char"]:row["end_char"]] == "She"


def test_titles_give_the_gender_he_and_she_follow():
    rows, _ = resolved("Mrs. Kim Lee met Mr. Jordan Park in Paris. She thanked him for his help.")
    assert links(rows) == [("She", "Kim Lee"), ("him", "Jordan Park"), ("his", "Jordan Park")]


def test_king_and_queen_titles():
    rows, _ = resolved("Queen Elizabeth greeted King Charles at the palace. He praised her speech.")
    assert links(rows) == [("He", "Charles"), ("her", "Elizabeth")]
    rows, _ = resolved("Lady Ashford met Sir Robin Hale at the castle. She gave him a book.")
    assert links(rows) == [("She", "Ashford"), ("him", "Robin Hale")]


@pytest.fixture
def rules_on(monkeypatch):
    """The rules that are off by default (measured: no net gain on GUM train), switched on."""
    for rule in ("binding", "reflexive", "subject"):
        monkeypatch.setitem(pronouns.RULES, rule, True)


def test_rules_measured_without_gain_are_off_by_default():
    assert not any(pronouns.RULES[rule] for rule in ("binding", "reflexive", "subject", "entity_title_gender"))
    rows, _ = resolved("Mr. Jordan Park met Mr. Alan Reed in Rome. Park praised him warmly.")
    assert links(rows) == [("him", "Jordan Park")]  # the known failure binding would fix


def test_binding_an_object_pronoun_is_not_its_clause_subject(rules_on):
    rows, _ = resolved("Mr. Jordan Park met Mr. Alan Reed in Rome. Park praised him warmly.")
    assert links(rows) == [("him", "Alan Reed")]


def test_a_reflexive_takes_its_clause_subject(rules_on):
    rows, _ = resolved("Mr. Alan Reed met Mr. Jordan Park in Rome. Park blamed himself for the delay.")
    assert [(text, name, rule) for text, name, rule in zip(rows["text"], rows["name"], rows["link_rule"])] == [
        ("himself", "Jordan Park", "reflexive_subject")]


def test_they_goes_to_an_organisation_not_a_person():
    rows, _ = resolved("Anna Berg joined Google in 2019. Google said they would open an office in Oslo.")
    assert links(rows) == [("they", "Google")]


def test_a_chain_of_pronouns_keeps_its_entity_past_the_window():
    text = "Mr. Jordan Park opened the school. " + "He spoke to the pupils. " * 12
    rows, _ = resolved(text)
    assert len(rows) == 12 and set(rows["name"]) == {"Jordan Park"}
    assert set(rows["antecedent_mention_id"]) == {0}


def test_subject_preferred_when_switched_on(rules_on):
    rows, _ = resolved("Mr. Jordan Park hired Mr. Alan Reed. He said the team was ready.")
    assert links(rows) == [("He", "Jordan Park")]


def test_first_person_inside_a_quote_is_the_speaker():
    text = "“We will finish the bridge, and I will be there,” Anna Berg said. I think she is right."
    rows, _ = resolved(text, with_quotes=True)
    assert [(text, name, rule) for text, name, rule in zip(rows["text"], rows["name"], rows["link_rule"])] == [
        ("We", "Anna Berg", "quote_speaker"), ("I", "Anna Berg", "quote_speaker"), ("she", "Anna Berg", "recent_subject_agree")]


def test_unresolvable_pronouns_are_left_out_or_kept_with_minus_one():
    text = "The storm came at night. He was never seen again."
    rows, _ = resolved(text)
    assert rows.empty
    kept, _ = resolved(text, keep_unresolved=True)
    assert kept[["text", "entity_id", "link_rule"]].values.tolist() == [["He", -1, "unresolved"]]


def test_add_pronoun_counts_keeps_mention_count_for_named_mentions():
    rows, analysis = resolved("Anna Berg opened the library. She read a poem. Her friends clapped.")
    named = analysis.mentions[~analysis.mentions["is_pronoun"]]  # analyse() already joins pronoun rows; start from the names
    counted = pronouns.add_pronoun_counts(analysis.entities, pd.concat([named, rows], ignore_index=True))
    anna = counted[counted["name"] == "Anna Berg"].iloc[0]
    assert (anna["mention_count"], anna["named_mention_count"], anna["pronoun_mention_count"]) == (1, 1, 2)
    assert (counted.loc[counted["name"] != "Anna Berg", "pronoun_mention_count"] == 0).all()


def test_no_mentions_no_rows():
    rows, _ = resolved("The storm came at night and the river rose. It was cold.")
    assert rows.empty
    assert list(rows.columns) == pronouns.PRONOUN_COLUMNS


@pytest.mark.parametrize("name, gender", [("Mr.", "male"), ("Queen", "female"), ("the", None)])
def test_title_gender(name, gender):
    assert pronouns.title_gender([name]) == gender
