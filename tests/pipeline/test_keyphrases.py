"""The keyphrases table: names and noun phrases of the in-scope text, variants merged, ranked, offsets of the occurrence shown."""

from __future__ import annotations

from utils import analyse
from utils.pipeline.keyphrases import is_never_keyphrase, keyphrase_table, person_keys, phrase_key, word_specificity
from utils.pipeline.schema import pandas_dtypes

TEXT = (
    "Floods hit Bangladesh after heavy rain. The Red Cross sent rescue teams to Dhaka.\n\n"
    "More floods are expected in Bangladesh, and the Red Cross said its rescue teams in Dhaka need boats."
)


def phrases_of(text: str, **options) -> list[str]:
    return keyphrase_table(text, [(0, len(text))], **options)["phrase"].tolist()


def test_names_and_noun_phrases_with_counts_and_offsets():
    table = keyphrase_table(TEXT, [(0, len(TEXT))], n=10)
    phrases = table["phrase"].tolist()
    assert {"Bangladesh", "Red Cross", "Dhaka", "rescue teams", "floods"} <= set(phrases)
    assert "Red" not in phrases and "Cross" not in phrases  # a name of two words is one phrase
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert table.set_index("phrase").loc[["Red Cross", "rescue teams", "floods"], "occurrences"].tolist() == [2, 2, 2]
    for row in table.itertuples():
        assert TEXT[row.start_char:row.end_char] == row.phrase
    # a common noun is shown as written inside a sentence, not capitalised at a sentence start
    row = table.set_index("phrase").loc["floods"]
    assert (row["start_char"], row["end_char"]) == (TEXT.index("floods"), TEXT.index("floods") + len("floods"))


def test_only_the_given_spans_are_read_and_offsets_point_into_the_whole_text():
    second = TEXT.index("More")
    table = keyphrase_table(TEXT, [(second, len(TEXT))], n=5)
    assert len(table) and table["start_char"].min() >= second
    assert TEXT[table.loc[0, "start_char"]:table.loc[0, "end_char"]] == table.loc[0, "phrase"]
    assert keyphrase_table(TEXT, [], n=3).empty and keyphrase_table("... !!", [(0, 6)]).empty


def test_an_honorific_or_a_title_alone_is_never_a_phrase():
    text = ("Mr Hughes met Mrs Patel and the President at the harbour. Mr Hughes told the President that the harbour "
            "needs dredging. The Prime Minister and Mr Hughes later visited the harbour with Dr Okafor.")
    phrases = phrases_of(text)
    assert "Hughes" in phrases and "harbour" in phrases
    assert not {"Mr", "Mrs", "Dr", "President", "Prime Minister", "Mr Hughes"} & set(phrases)
    assert is_never_keyphrase(["mr"]) and is_never_keyphrase(["prime", "minister"]) and not is_never_keyphrase(["trade"])


def test_a_possessive_and_a_plural_merge_with_the_noun():
    text = ("The senator's plan was rejected. Aides said the senator would revise the plan. "
            "Two senators backed the plans of the committee.")
    table = keyphrase_table(text, [(0, len(text))], method="phrases")
    keys = [phrase.casefold() for phrase in table["phrase"]]
    assert "plan" in keys and "plans" not in keys
    assert table.loc[keys.index("plan"), "occurrences"] == 3  # plan, plan, plans
    text = "The president's speech was short. The President spoke of the economy, and the economy's growth."
    table = keyphrase_table(text, [(0, len(text))], method="phrases")
    keys = [phrase.casefold() for phrase in table["phrase"]]
    assert table.loc[keys.index("economy"), "occurrences"] == 2 and "economy's" not in keys
    # "president's" and "President" are one phrase, "president": a title alone, so neither is a key phrase
    assert phrase_key("president's") == phrase_key("President") == phrase_key("presidents") == "president"
    assert not {"president", "president's", "presidents"} & set(keys)


def test_time_words_and_quantities_are_never_phrases():
    text = ("Yesterday the dam released 5 million gallons. Last year the river rose 3 metres in a week, "
            "and this year millions of people live within 20 miles of the dam. The dam holds the river for months.")
    phrases = {phrase.casefold() for phrase in phrases_of(text)}
    assert {"dam", "river"} <= phrases
    assert not phrases & {"yesterday", "year", "last year", "million", "millions", "gallons", "metres", "week", "miles", "months", "5 million"}


def test_a_multi_word_name_ranks_as_one_phrase_with_its_short_mentions():
    text = ("Angela Merkel arrived in Geneva on Monday. Merkel met the envoys of three countries, "
            "and Merkel later spoke about sanctions. Geneva hosted the talks.")
    for table in (keyphrase_table(text, [(0, len(text))]), analyse(text, cache=False).keyphrases):
        phrases = table["phrase"].tolist()
        assert phrases[0] == "Angela Merkel"
        assert (table.loc[0, "occurrences"], table.loc[0, "start_char"], table.loc[0, "end_char"]) == (3, 0, len("Angela Merkel"))
        assert "Merkel" not in phrases and "Angela" not in phrases


def test_a_title_case_headline_adds_occurrences_but_no_phrases_of_its_own():
    text = ("Villagers Shelter In Tents After Killer Quake\n\n"
            "Rescue workers handed out tents to villagers on the island. The tents were full by night, "
            "and more villagers arrived.")
    table = keyphrase_table(text, [(0, text.index("\n")), (text.index("Rescue"), len(text))])
    phrases = table["phrase"].tolist()
    assert "Villagers Shelter" not in phrases and "Killer Quake" not in phrases
    assert table.set_index("phrase").loc["tents", "occurrences"] == 3  # twice in the body, once in the headline


def test_verbs_that_report_speech_are_never_key_phrases():
    text = "The minister said the port would reopen. Officials said ships said to be waiting said nothing. The port said so."
    phrases = {phrase.casefold() for phrase in phrases_of(text)}
    assert "said" not in phrases and "port" in phrases
    assert {phrase.casefold() for phrase in phrases_of(text, method="ngrams")} >= {"port"}
    assert "said" not in {phrase.casefold() for phrase in phrases_of(text, method="ngrams")}


def test_a_rare_word_is_more_specific_than_a_common_one():
    assert word_specificity("levee") > word_specificity("river") > word_specificity("year") > word_specificity("the")


def test_the_analysis_carries_the_keyphrases_table():
    analysis = analyse(TEXT, cache=False)
    assert {column: str(dtype) for column, dtype in analysis.keyphrases.dtypes.items()} == pandas_dtypes("keyphrases")
    assert {"Bangladesh", "Red Cross", "Dhaka", "rescue teams"} <= set(analysis.keyphrases["phrase"])
    for row in analysis.keyphrases.itertuples():
        assert analysis.text[row.start_char:row.end_char] == row.phrase


def test_a_noun_phrase_may_open_with_a_name():
    text = ("The Obama administration restored the rule. Critics of the Obama administration said the rule "
            "protects polar bears. Polar bears live in Alaska.")
    phrases = phrases_of(text)
    assert "Obama administration" in phrases and "polar bears" in phrases
    assert "administration" not in {phrase.casefold() for phrase in phrases}


def test_a_persons_names_across_articles_share_one_key():
    keys = person_keys(["Donald Trump", "Trump", "Donald J. Trump", "Barack Obama", "Michelle Obama", "Obama"])
    assert keys["trump"] == keys["donald j trump"] == keys["donald trump"] == "donald trump"
    assert "obama" not in keys  # the last word of two people: nobody's alone
    keys = person_keys(["Donald Trump", "Melania Trump", "Trump"], mentions=[120, 1, 80])
    assert keys["trump"] == "donald trump"  # one of the two is mentioned far more
    assert "trump" not in person_keys(["Donald Trump", "Melania Trump", "Trump"], mentions=[12, 6, 80])
