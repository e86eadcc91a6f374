"""Quotations, speakers and cues (utils.pipeline.quotes and the quote_* modules it reads) on hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from utils import analyse
from utils.pipeline import nlp, quote_rules, quotes
from utils.pipeline.tables import Scope

ANY_LANGUAGE = Scope(languages=())  # short hand-written texts: language detection is unreliable on them


def tables(text: str):
    """(analysis, doc) the way analysis.build_tables parses: the article text with its sentence starts."""
    analysis = analyse(text, scope=ANY_LANGUAGE, cache=False)
    doc = nlp.parse(analysis.article.text, analysis.sentences["start_char"].tolist())
    return analysis, doc


def quote_rows(text: str) -> tuple[pd.DataFrame, object]:
    analysis, doc = tables(text)
    return quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs), analysis


def entity_id(analysis, name: str) -> int:
    rows = analysis.entities[analysis.entities["name"] == name]
    assert len(rows) == 1, analysis.entities[["name", "label"]].to_string()
    return int(rows.iloc[0]["entity_id"])


def only(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, table[["kind", "text", "speaker", "cue"]].to_string()
    return rows.iloc[0]


def test_columns_and_an_article_without_quotes():
    table, _ = quote_rows("The river rose through the night. By morning the bridge was closed to traffic.")
    assert list(table.columns) == quotes.QUOTE_COLUMNS
    assert table.empty


@pytest.mark.parametrize("opening, closing", [('"', '"'), ("“", "”"), ("«", "»")])
def test_direct_quote_in_each_kind_of_mark_with_a_named_speaker(opening, closing):
    text = f"{opening}We will rebuild every school in the valley,{closing} Maria Lopez said on Monday."
    table, analysis = quote_rows(text)
    row = only(table, kind="direct")
    assert row["text"] == f"{opening}We will rebuild every school in the valley,{closing}"
    assert (row["start_char"], row["end_char"]) == (0, len(row["text"]))
    assert row["speaker"] == "Maria Lopez"
    assert row["speaker_kind"] == "named"
    assert row["speaker_entity_id"] == entity_id(analysis, "Maria Lopez")
    assert (row["cue"], row["cue_lemma"]) == ("said", "say")
    assert text[row["cue_start"]:row["cue_end"]] == "said"
    assert text[row["speaker_start"]:row["speaker_end"]] == "Maria Lopez"
    assert row["in_scope"]


def test_pronoun_speaker_resolves_through_the_pronoun_layer():
    text = ("Maria Lopez toured the flooded valley on Monday. "
            "“We will rebuild every school here,” she said.")
    table, analysis = quote_rows(text)
    row = only(table, kind="direct")
    assert row["speaker"] == "she"
    assert row["speaker_kind"] == "pronoun"
    assert row["speaker_entity_id"] == entity_id(analysis, "Maria Lopez")


def test_interrupted_quote_is_two_rows_with_one_speaker():
    text = "“The water came fast,” John Miller said, “and we lost everything in an hour.”"
    table, _ = quote_rows(text)
    assert table["text"].tolist() == ["“The water came fast,”", "“and we lost everything in an hour.”"]
    assert table["kind"].tolist() == ["direct", "direct"]
    assert table["speaker"].tolist() == ["John Miller", "John Miller"]
    assert table["cue"].tolist() == ["said", "said"]


def test_quote_continued_after_the_attribution_is_one_row():
    text = "“The water came fast,” John Miller said. “We lost everything in an hour.”"
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["text"] == text
    assert row["speaker"] == "John Miller"
    first, second = row["quoted_fragments"]
    assert text[first[0]:first[1]] == "“The water came fast,”"
    assert text[second[0]:second[1]] == "“We lost everything in an hour.”"


def test_quote_over_two_paragraphs_is_one_quotation():
    text = ("“The first thing we saw was the roof of the school floating past the church.\n\n"
            "“Then the power went out and nobody could reach the village,” John Miller said.")
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["text"] == text[:text.index(" John Miller")]
    assert row["paragraph_id"] == 0
    assert len(row["quoted_fragments"]) == 2
    assert row["speaker"] == "John Miller"
    assert len(row["sentence_ids"]) == 2


def test_mixed_quote_is_the_reported_clause_holding_the_quoted_words():
    text = "John Miller said the new flood plan was “a disaster for every farmer” in the region."
    table, _ = quote_rows(text)
    row = only(table, kind="mixed")
    assert row["text"] == "the new flood plan was “a disaster for every farmer” in the region"
    assert row["speaker"] == "John Miller"
    assert row["cue"] == "said"
    fragment = row["quoted_fragments"][0]
    assert text[fragment[0]:fragment[1]] == "“a disaster for every farmer”"


@pytest.mark.parametrize("text, content, speaker, cue_lemma", [
    ("John Miller said that the bridge would reopen next week.", "that the bridge would reopen next week", "John Miller", "say"),
    ("The bridge would reopen next week, John Miller said.", "The bridge would reopen next week", "John Miller", "say"),
    ("According to John Miller, the bridge will reopen next week.", "the bridge will reopen next week", "John Miller", "according to"),
    ("John Miller told reporters the bridge would reopen next week.", "the bridge would reopen next week", "John Miller", "tell"),
    ("John Miller added that repairs would cost more than expected.", "that repairs would cost more than expected", "John Miller", "add"),
])
def test_indirect_speech(text, content, speaker, cue_lemma):
    table, analysis = quote_rows(text)
    row = only(table, kind="indirect")
    assert row["text"] == content
    assert text[row["start_char"]:row["end_char"]] == content
    assert row["speaker"] == speaker
    assert row["cue_lemma"] == cue_lemma
    assert row["speaker_entity_id"] == entity_id(analysis, "John Miller")
    assert row["quoted_fragments"] == []


def test_unnamed_sources_keep_their_words_without_an_entity():
    text = ("Officials said the dam had not been inspected for years. "
            "A person familiar with the matter said the report would be published in May.")
    table, _ = quote_rows(text)
    assert table["speaker"].tolist() == ["Officials", "A person familiar with the matter"]
    assert table["speaker_kind"].tolist() == ["unnamed", "unnamed"]
    assert table["speaker_entity_id"].tolist() == [-1, -1]


def test_quote_with_no_findable_speaker_is_kept_without_one():
    text = "The crowd grew quiet. “Nobody is coming to help us tonight, and we all know it.”"
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["speaker"] == ""
    assert (row["speaker_kind"], row["speaker_entity_id"], row["speaker_start"], row["cue"]) == ("none", -1, -1, "")


def test_scare_quotes_and_titles_are_not_quotations():
    text = "The so-called “plan” was first shown on “Good Morning America” last week."
    table, _ = quote_rows(text)
    assert table.empty


def test_unbalanced_and_nested_marks_do_not_break_the_table():
    text = ("“This quote never closes and the paragraph ends here.\n\n"
            "Then a stray closing mark” appears, and «a guillemet holds “curly marks” inside it for a while» today.\n\n"
            "“Bridges matter to everyone,” John Miller said.")
    table, _ = quote_rows(text)
    row = only(table, speaker="John Miller")
    assert row["text"] == "“Bridges matter to everyone,”"
    assert not table["text"].str.contains("never closes").any()


def test_a_5000_word_quote_is_one_quotation():
    body = " ".join(["The water rose over the fields and the roads were closed."] * 455)  # ~5,000 words
    text = f"“{body}” John Miller said."
    analysis, doc = tables(text)
    table = quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs)
    row = only(table, kind="direct")
    assert row["text"] == f"“{body}”"
    assert row["speaker"] == "John Miller"


def test_sentiment_of_the_quoted_words_on_request():
    text = "“This is a terrible, awful disaster,” John Miller said."
    analysis, doc = tables(text)
    table = quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs, sentiment=True)
    assert list(table.columns) == quotes.QUOTE_COLUMNS + quotes.SENTIMENT_COLUMNS
    row = only(table, kind="direct")
    assert row["vader_compound"] < -0.5 and row["sentiment"] < 0
    assert "terrible" in row["evidence"]


def test_text_argument_gives_the_same_table():
    text = "“We will rebuild every school,” Maria Lopez said. Officials said the cost was unknown."
    analysis, doc = tables(text)
    plain = quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs)
    given = quotes.quote_table(doc, analysis.sentences, analysis.mentions, analysis.paragraphs, text=analysis.text)
    pd.testing.assert_frame_equal(plain, given)
    assert len(plain) == 2


def test_straight_marks_nested_in_curly_ones_stay_inside():
    text = "“The judge told me \"no\" and walked out of the room,” John Miller said."
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["text"] == "“The judge told me \"no\" and walked out of the room,”"
    assert row["speaker"] == "John Miller"


@pytest.mark.parametrize("text, speaker, rule", [
    ("Maria Lopez left the council meeting early on Tuesday, saying the vote had been rigged from the start.",
     "Maria Lopez", "participle_cue"),
    ("The Harbour Board published its figures on Monday, stating, “Every berth in the port will be full by June.”",
     "The Harbour Board", "participle_cue"),
])
def test_participle_cue_takes_the_subject_of_the_clause_it_hangs_from(text, speaker, rule):
    table, _ = quote_rows(text)
    row = table.iloc[0]
    assert len(table) == 1, table[["kind", "text", "speaker", "cue"]].to_string()
    assert (row["speaker"], row["speaker_rule"]) == (speaker, rule)
    quote_rules.RULES["participle_cue"] = False
    try:
        without, _ = quote_rows(text)
    finally:
        quote_rules.RULES["participle_cue"] = True
    assert without.iloc[0]["speaker"] == ""  # the rule is what finds it


def test_relative_clause_speaker_is_the_noun_it_describes():
    text = "The plan was backed by John Miller, who said that the bridge would reopen next week."
    quote_rules.RULES["relative_speaker"] = True  # off by default (PolNeAR marks "who" as the source)
    try:
        table, analysis = quote_rows(text)
    finally:
        quote_rules.RULES["relative_speaker"] = False
    row = only(table, kind="indirect")
    assert (row["speaker"], row["speaker_rule"]) == ("John Miller", "relative_speaker")
    assert row["speaker_entity_id"] == entity_id(analysis, "John Miller")


def test_a_news_agency_named_in_a_compound_is_a_named_speaker():
    text = "The Reuters news agency said that the talks in Geneva had ended without an agreement."
    table, analysis = quote_rows(text)
    row = only(table, kind="indirect")
    assert row["speaker"] == "The Reuters news agency"
    assert row["speaker_kind"] == "named"
    assert row["speaker_entity_id"] == entity_id(analysis, "Reuters")


def test_seed_quotations_both_get_their_speakers():
    text = open("seeds/000_3f3b668070f041ac.txt", encoding="utf-8").read()
    analysis = analyse(text, cache=False)
    rows = analysis.quotes.sort_values("start_char")
    found = [(row.text[:30], row.speaker, row.speaker_kind, row.cue_lemma) for row in rows.itertuples()]
    assert found == [
        ("\"Bilateral consultations, part", "Iran's Irna news agency", "named", "state"),
        ("the last direct conversation b", "Iranian official media", "unnamed", "according to"),
        ("the imperative of fostering la", "Both leaders", "named", "emphasize"),  # nominal_report, plural_antecedents
        ("the significance of nurturing ", "Putin", "named", "stress"),
    ]
    irna = rows.iloc[0]["speaker_entity_id"]
    names = analysis.entities.set_index("entity_id")["name"]
    assert names[irna] == "Irna"
    assert [names[member] for member in rows.iloc[2]["speaker_entity_ids"]] == ["Ebrahim Raisi", "Vladimir Putin"]
    assert rows.iloc[2]["speaker_entity_id"] == -1  # a set has no single entity


def speaker_names_of(text: str) -> list[tuple[str, str, list[str]]]:
    """(speaker as written, speaker kind, names of the credited entities) of each quotation, in text order."""
    table, analysis = quote_rows(text)
    names = analysis.entities.set_index("entity_id")["name"]
    return [(row.speaker, row.speaker_kind, [names[member] for member in row.speaker_entity_ids])
            for row in table.sort_values("start_char").itertuples()]


def test_coordinated_names_are_a_set_of_speakers():
    text = "Angela Merkel and Emmanuel Macron said on Monday that the talks had been useful."
    assert speaker_names_of(text) == [("Angela Merkel and Emmanuel Macron", "named", ["Angela Merkel", "Emmanuel Macron"])]
    quote_rules.RULES["plural_coordination"] = False
    try:
        assert speaker_names_of(text) == [("Angela Merkel and Emmanuel Macron", "named", ["Angela Merkel"])]
    finally:
        quote_rules.RULES["plural_coordination"] = True


def test_a_name_coordinated_with_a_common_noun_is_not_a_set():
    text = "Angela Merkel and her ministers said on Monday that the talks had been useful."
    assert speaker_names_of(text) == [("Angela Merkel and her ministers", "named", ["Angela Merkel"])]


def test_an_apposition_of_names_is_the_set():
    text = "Two farmers, Lawrence Joyce and William Graham, said the dam would ruin the valley."
    assert speaker_names_of(text)[0][2] == ["Lawrence Joyce", "William Graham"]


def test_they_after_two_named_people_is_both_of_them():
    text = "Angela Merkel and Emmanuel Macron met in Berlin on Monday. They said the talks had been useful."
    assert speaker_names_of(text) == [("They", "pronoun", ["Angela Merkel", "Emmanuel Macron"])]


def test_both_and_the_two_stand_for_the_names_just_before():
    assert speaker_names_of("France and Germany signed the treaty in Aachen. Both countries said the accord would last.")[0][1:] == (
        "named", ["France", "Germany"])
    assert speaker_names_of("Angela Merkel met Emmanuel Macron in Berlin on Monday. The two said the talks had been useful.")[0][1:] == (
        "named", ["Angela Merkel", "Emmanuel Macron"])


def test_a_plural_without_that_many_names_before_stays_unnamed():
    text = "Angela Merkel, Emmanuel Macron and Boris Johnson met in Berlin. The two leaders said the talks had been useful."
    assert speaker_names_of(text)[0][1:] == ("unnamed", [])
    text = "Two senators at the briefing said the plan was dead. Angela Merkel disagreed."  # indefinite: anonymous sources
    assert [kind for _, kind, _ in speaker_names_of(text)] == ["unnamed"]


def _without(rule: str, text: str) -> pd.DataFrame:
    saved = quote_rules.RULES[rule]
    quote_rules.RULES[rule] = False
    try:
        return quote_rows(text)[0]
    finally:
        quote_rules.RULES[rule] = saved


# issue 26: indirect quotations. Each case: text, the row's text, speaker, cue lemma, the rule that finds it.
@pytest.mark.parametrize("text, content, speaker, cue_lemma, rule", [
    ("This plan, Maria Lopez said, is different from the last one.",
     "This plan, Maria Lopez said, is different from the last one", "Maria Lopez", "say", "parenthetical_cue"),
    ("As the local paper reported, the ferry service will stop in March.",
     "the ferry service will stop in March", "the local paper", "report", "as_cue"),
    ("The governor wrote that the budget was balanced.", "that the budget was balanced", "The governor", "write", "clause_cues"),
    ("The council agreed that the bridge needed repairs.", "that the bridge needed repairs", "The council", "agree", "clause_cues"),
    ("Officials asked whether the bridge was safe.", "whether the bridge was safe", "Officials", "ask", "ask_clause"),
    ("The council vowed to rebuild the bridge by spring.", "to rebuild the bridge by spring", "The council", "vow", "promise_cues"),
    ("The governor told residents to leave their homes.", "residents to leave their homes", "The governor", "tell", "to_clause_cues"),
    ("The minister urged parents to vaccinate their children.", "parents to vaccinate their children", "The minister", "urge",
     "to_clause_cues"),
    ("Her statement that the budget was balanced surprised the council.", "that the budget was balanced", "Her", "statement",
     "noun_cues"),
    ("The mayor believes the tunnel will open next year.", "the tunnel will open next year", "The mayor", "believe",
     "belief_cues"),
])
def test_indirect_quotation_rules_of_issue_26(text, content, speaker, cue_lemma, rule):
    table, _ = quote_rows(text)
    row = only(table, kind="indirect")
    assert (row["text"], row["speaker"], row["cue_lemma"]) == (content, speaker, cue_lemma)
    assert text[row["start_char"]:row["end_char"]] == content
    without = _without(rule, text)
    assert content not in without["text"].tolist()  # the rule is what finds it


def test_a_belief_verb_never_attributes_quoted_words():
    table, _ = quote_rows("“The tunnel will open next year,” the mayor said. Residents think otherwise.")
    assert table[["kind", "cue_lemma"]].values.tolist() == [["direct", "say"]]


def test_a_noun_of_saying_with_no_clause_is_not_a_quotation():
    table, _ = quote_rows("The mayor rejected the statement from the council.")
    assert table.empty


def test_two_apostrophes_are_a_quotation_mark():
    text = "''We need more buses,'' said Maria Lopez, the transport minister."
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["speaker"] == "Maria Lopez, the transport minister"
    assert row["text"] == "'We need more buses,''"  # the first apostrophe stands outside: the second one is the mark
    assert "direct" not in _without("two_apostrophes", text)["kind"].tolist()


def test_a_verb_of_saying_that_is_also_a_noun_of_saying_gives_one_row():
    table, _ = quote_rows("Tom Berg claimed the figures were wrong.")
    assert table[["kind", "text", "cue_lemma"]].values.tolist() == [["indirect", "the figures were wrong", "claim"]]


def test_a_noun_cue_without_possessor_takes_the_subject_of_its_verb():
    text = "The ministry said in a statement that the bridge had been closed in June."  # the clause hangs from "statement"
    table, _ = quote_rows(text)
    row = only(table, kind="indirect")
    assert (row["text"], row["speaker"], row["cue_lemma"]) == ("that the bridge had been closed in June", "The ministry", "say")
    quote_rules.RULES["noun_cue_subject"] = False
    try:
        row = only(quote_rows(text)[0], kind="indirect")
        assert (row["speaker"], row["cue_lemma"]) == ("", "statement")
    finally:
        quote_rules.RULES["noun_cue_subject"] = True


def test_a_belief_and_a_verb_of_saying_over_the_same_words_are_one_row():
    table, _ = quote_rows("Every December the magazine announces who it believes deserves the award.")
    assert table[["kind", "text", "cue_lemma"]].values.tolist() == [["indirect", "who it believes deserves the award", "announce"]]


def test_a_quotation_whose_paragraph_breaks_were_lost_is_one_quotation():
    # archive and copied news: 'everything. "Nobody' is the quotation's next paragraph run into this one
    text = ('At first Maria Lopez said only: "The water came fast and we lost everything. '
            '"Nobody from the council came to help us." Then she went home.')
    table, _ = quote_rows(text)
    row = only(table, kind="direct")
    assert row["text"] == text[text.index('"The'):text.index(" Then")]
    assert row["speaker"] == "Maria Lopez"
    assert [text[start:end] for start, end in row["quoted_fragments"]] == [
        '"The water came fast and we lost everything.', '"Nobody from the council came to help us."']
    without = _without("reopened_quote", text)  # the second mark closes the first: the rest is narration
    assert without[["kind", "text"]].values.tolist() == [["direct", '"The water came fast and we lost everything. "']]


def test_a_closed_quotation_followed_by_a_new_one_stays_two():
    text = '"We are ready," Maria Lopez said. "The council is not ready at all," Tom Berg replied.'
    table, _ = quote_rows(text)
    assert table[["text", "speaker"]].values.tolist() == [['"We are ready,"', "Maria Lopez"], ['"The council is not ready at all,"', "Tom Berg"]]


@pytest.mark.parametrize("text, speaker", [
    ("Maria Lopez stepped up her feud with the council by claiming the mayor had broken the law.", "Maria Lopez"),
    ('"I have no relations with him at all," the club\'s manager is quoted as saying.', "the club's manager"),
])
def test_a_gerund_cue_after_a_preposition_takes_the_subject_of_its_verb(text, speaker):
    table, _ = quote_rows(text)
    assert len(table) == 1, table[["kind", "text", "speaker", "cue"]].to_string()
    assert (table.iloc[0]["speaker"], table.iloc[0]["speaker_rule"]) == (speaker, "prep_participle_cue")
    assert _without("prep_participle_cue", text).iloc[0]["speaker"] == ""  # the rule is what finds it


# each case: text, speaker, the rule that finds it, the speaker_rule the row shows
@pytest.mark.parametrize("text, speaker, rule, speaker_rule", [
    ("His critics rushed to the studios to say he did not represent the party.", "His critics", "purpose_clause_cue", "purpose_clause_cue"),
    ("Older voters are more likely to say that the economy is the main issue.", "Older voters", "adjective_cue", "subject_of_cue"),
])
def test_speakers_of_cues_in_purpose_and_adjective_clauses(text, speaker, rule, speaker_rule):
    table, _ = quote_rows(text)
    row = only(table, kind="indirect")
    assert (row["speaker"], row["speaker_rule"]) == (speaker, speaker_rule)
    assert only(_without(rule, text), kind="indirect")["speaker"] == ""  # the rule is what finds it


@pytest.mark.parametrize("text", [
    "It is worth noting that the council has no money left for the bridge.",
    "At the briefing the mayor said it was too early to tell whether the bridge would reopen.",
])
def test_an_it_reached_through_a_clause_is_no_speaker(text):
    table, _ = quote_rows(text)
    assert "It" not in table["speaker"].str.capitalize().tolist(), table[["kind", "text", "speaker", "cue"]].to_string()


def test_titles_coordinated_before_a_name_credit_the_person_not_the_organisation():
    # The pattern of a BBC business story: the parse makes the name a conjunct of "president", whose
    # compound, the company, was credited with its chief executive's words.
    text = '"The results speak for themselves," said Halcyon president and chief executive Maria Lopez.'
    table, analysis = quote_rows(text)
    row = only(table, kind="direct")
    assert (row["speaker"], row["speaker_entity_id"]) == ("Halcyon president and chief executive Maria Lopez", entity_id(analysis, "Maria Lopez"))
    assert only(_without("title_conj_person", text), kind="direct")["speaker_entity_id"] == entity_id(analysis, "Halcyon")
