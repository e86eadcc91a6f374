"""The source audit on a hand-made story: voices, unnamed sources, attribution verbs, tone."""

from __future__ import annotations

import pytest

from utils import analyse
from utils.explore import sources

STORY = (
    "\"We will not back down,\" said Prime Minister Jane Holt. She added that the plan was \"a disaster for nobody\".\n\n"
    "Officials said the talks would resume on Monday. According to a person familiar with the matter, the deal is close.\n\n"
    "Holt's rival, Tom Berg, claimed the figures were wrong. \"They are inventing numbers,\" he insisted."
)


@pytest.fixture(scope="module")
def story():
    return analyse(STORY, cache=False)


def test_each_voice_once_with_its_quotations_words_and_first_place(story):
    table = sources.speaker_table(story.quotes, story.entities, text_length=len(story.text))
    assert list(table.columns) == sources.SPEAKER_TABLE_COLUMNS
    voices = table.set_index("speaker")
    assert voices.loc["Jane Holt", ["quotes", "direct", "mixed", "indirect"]].tolist() == [2, 1, 1, 0]  # "She added" is Holt
    assert voices.loc["Tom Berg", ["quotes", "direct", "indirect"]].tolist() == [2, 1, 1]  # "he insisted" is Berg
    assert voices.loc["Jane Holt", "first_position"] == 0.0 and voices.loc["Tom Berg", "first_position"] > 0.5
    assert table["quoted_share"].sum() == pytest.approx(1.0)
    assert set(voices.loc[voices["speaker_kind"] == "unnamed"].index) == {"Officials", "a person familiar with the matter"}


def test_unnamed_sources_and_attribution_verbs_are_counted(story):
    assert sources.unnamed_sources(story.quotes)["speaker"].tolist() == ["Officials", "a person familiar with the matter"]
    verbs = sources.attribution_verbs(story.quotes).set_index("cue_lemma")
    assert verbs.loc["say", "quotes"] == 2 and verbs.loc["say", "group"] == "neutral"
    assert verbs.loc[["claim", "insist"], "group"].tolist() == ["loaded", "loaded"]
    summary = sources.sourcing_summary(story.quotes)
    assert (summary["quotations"], summary["speaker_kind_unnamed"], summary["cue_loaded"]) == (6, 2, 2)


def test_narration_and_quoted_words_are_scored_apart(story):
    tone = sources.narration_and_quotes_tone(story.sentences, story.quotes).set_index("voice")
    assert tone.loc["quoted words", "words"] == story.quotes["word_count"].sum()
    # the narration is the sentences without a direct or mixed quotation: 3 of the 6
    assert tone.loc["narration", "words"] == story.sentences.loc[[2, 3, 4], "word_count"].sum()


def test_an_article_without_quotations_gives_empty_tables():
    quiet = analyse("The river rose overnight. Roads near the bridge were closed on Sunday.", cache=False)
    assert quiet.quotes.empty
    assert sources.speaker_table(quiet.quotes, quiet.entities).empty
    assert sources.unnamed_sources(quiet.quotes).empty and sources.attribution_verbs(quiet.quotes).empty
    assert sources.sourcing_summary(quiet.quotes)["quotations"] == 0


def test_a_quotation_by_two_people_counts_for_each_and_is_named_for_both():
    text = ("Angela Merkel and Emmanuel Macron said on Monday that the talks in Berlin had been useful.\n\n"
            "\"We will meet again in Paris,\" Macron said.")
    story = analyse(text, cache=False)
    quotes = story.quotes.sort_values("start_char")
    assert sources.speaker_names(quotes, story.entities).tolist() == ["Angela Merkel and Emmanuel Macron", "Emmanuel Macron"]
    voices = sources.speaker_table(quotes, story.entities).set_index("speaker")
    assert voices.loc[["Emmanuel Macron", "Angela Merkel"], "quotes"].tolist() == [2, 1]
    assert voices.loc["Angela Merkel", "quoted_share"] == pytest.approx(quotes["word_count"].iloc[0] / quotes["word_count"].sum())
    top = sources.top_speakers(quotes, story.entities).set_index("speaker")
    assert top.loc[["Emmanuel Macron", "Angela Merkel"], "quotes"].tolist() == [2, 1]


def test_an_unnamed_speaker_written_with_and_without_a_capital_is_one_voice():
    # "The company" opening a sentence and "the company" inside one are the same unnamed voice
    # (seen on a BBC business story): one row, in the spelling it has first.
    text = ("Shares in Halcyon rose on Tuesday after the company said its revenue had been higher than reported.\n\n"
            "The company said the audit was over.")
    story = analyse(text, cache=False)
    assert story.quotes["speaker"].tolist() == ["the company", "The company"]  # as written, in the quotes table
    table = sources.speaker_table(story.quotes, story.entities)
    assert table[["speaker", "speaker_kind", "quotes"]].values.tolist() == [["the company", "unnamed", 2]]
    assert sources.unnamed_sources(story.quotes)[["speaker", "quotes"]].values.tolist() == [["the company", 2]]
