"""The article explorer on the seed: the entity chosen (mentions in context, tone sentence by sentence,
quotations spoken and about it), a speaker's quotations, the marked text, and its static first view."""

from __future__ import annotations

import pytest

from utils.explorer.article import ArticleExplorer
from utils.explorer.tables import entity_choices


@pytest.fixture()
def explorer(seed_analysis):
    return ArticleExplorer(seed_analysis)


def entity_id(analysis, name: str) -> int:
    return int(analysis.entities.loc[analysis.entities["name"] == name, "entity_id"].iloc[0])


def test_the_most_mentioned_entity_and_the_most_quoted_speaker_are_shown_first(explorer, seed_analysis):
    first = entity_choices(seed_analysis).iloc[0]
    assert explorer.entity.name == first["name"] == "Vladimir Putin"
    assert explorer.speaker == "Vladimir Putin" and explorer.tab == "entity"
    assert explorer.entity_choice.value == int(first["entity_id"])
    assert [label for label, _ in explorer.entity_choice.options][0] == "Vladimir Putin (person, 6 mentions)"


def test_choosing_an_entity_by_a_name_it_is_written_with_shows_its_mentions_and_tone(explorer, seed_analysis):
    raisi = entity_id(seed_analysis, "Ebrahim Raisi")
    view = explorer.choose_entity("Raisi")  # the surname the article also writes
    assert explorer.entity is view and view.name == "Ebrahim Raisi" and explorer.entity_choice.value == raisi
    every = seed_analysis.mentions[seed_analysis.mentions["entity_id"] == raisi]
    mentions = every[every["counted"]]  # the lead repeating body sentence 6 is left out, as the counts leave it out
    assert len(mentions) < len(every)
    assert view.mentions["mention_id"].tolist() == mentions.sort_values("start_char")["mention_id"].tolist()
    assert int((~view.mentions["is_pronoun"]).sum()) == int(seed_analysis.entities.set_index("entity_id").loc[raisi, "mention_count"])
    assert int(view.mentions["is_pronoun"].sum()) == int(seed_analysis.entities.set_index("entity_id").loc[raisi, "pronoun_mention_count"]) > 0
    for row in view.mentions.itertuples():  # each mention lies in the sentence shown with it
        assert row.sentence[row.start_char - row.sentence_start:row.end_char - row.sentence_start] == row.text
    scored = mentions[mentions["target_sentiment"].notna()]
    assert view.tone["sentence_id"].tolist() == sorted(scored["sentence_id"].unique().tolist())
    for row in view.tone.itertuples():
        assert row.target_sentiment == pytest.approx(scored.loc[scored["sentence_id"] == row.sentence_id, "target_sentiment"].mean())
    assert "Ebrahim Raisi" in explorer.entity_top.value and explorer.entity_top.value.count("<mark") == len(view.mentions)
    assert explorer.tone_chart.figure.layout.title.text == "Tone towards Ebrahim Raisi, sentence by sentence"


def test_the_quotations_an_entity_speaks_and_those_about_it(explorer, seed_analysis):
    quotes = seed_analysis.quotes
    putin = entity_id(seed_analysis, "Vladimir Putin")
    view = explorer.choose_entity(putin)
    spoken = {row.quote_id for row in quotes.itertuples() if putin in list(row.speaker_entity_ids) or row.speaker_entity_id == putin}
    assert set(view.spoken["quote_id"]) == spoken == {2, 3}  # "Both leaders" (Raisi and Putin) and Putin's own
    assert view.spoken.set_index("quote_id").loc[2, "speaker"] == "Ebrahim Raisi and Vladimir Putin"
    # others' quotations that name him: the Iranian media's report of the last conversation between Raisi and Putin
    assert view.about["quote_id"].tolist() == [1] and "Putin" in view.about["text"].iloc[0]
    assert "Iranian official media" in explorer.entity_bottom.value


def test_choosing_in_the_dropdown_shows_the_entity_in_the_background(explorer, seed_analysis):
    iran = entity_id(seed_analysis, "Iran")
    explorer.entity_choice.value = iran  # what the browser does
    explorer.worker.wait()
    assert explorer.entity.name == "Iran"
    assert explorer.entity.spoken.empty and "Iran is not quoted." in explorer.entity_bottom.value


def test_a_speaker_shows_all_they_say(explorer, seed_analysis):
    quotes = explorer.choose_speaker("Ebrahim Raisi")
    raisi = entity_id(seed_analysis, "Ebrahim Raisi")
    assert quotes["quote_id"].tolist() == [row.quote_id for row in seed_analysis.quotes.itertuples() if raisi in list(row.speaker_entity_ids)]
    assert explorer.speaker_choice.value == "Ebrahim Raisi" and "All Ebrahim Raisi says (1 quotation)" in explorer.speaker_view.value
    with pytest.raises(KeyError):
        explorer.choose_speaker("Nobody Here")


def test_the_text_with_entities_or_quotations_marked(explorer, seed_analysis):
    entities = explorer.show_text("entities")
    assert entities.count("<mark") == int(seed_analysis.mentions["is_named"].sum())
    quotations = explorer.show_text("quotes")
    assert quotations.count("emphasize · indirect") == 1 and explorer.marks.value == "quotes"
    assert [value for _, value in explorer.marks.options] == ["entities", "quotes"]  # no query: no matches to mark
    with pytest.raises(ValueError):
        explorer.show_text("nothing")


def test_an_unknown_entity_is_a_key_error(explorer):
    with pytest.raises(KeyError):
        explorer.choose_entity("Angela Merkel")


def test_the_static_first_view_shows_the_entity_and_its_one_chart(explorer):
    bundle = explorer._repr_mimebundle_()
    page = bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle and "application/vnd.plotly.v1+json" in bundle
    assert page.count('class="plotly-graph-div"') == 1
    assert "Vladimir Putin" in page and "Its mentions in context" in page and "The quotations it speaks" in page
    explorer.tabs.selected_index = 2  # the speaker tab: no chart
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.plotly.v1+json" not in bundle and "plotly-graph-div" not in bundle["text/html"]
    assert "All Vladimir Putin says" in bundle["text/html"]


def test_article_text_never_becomes_markup():
    from utils import analyse

    analysis = analyse('Angela Merkel met <img src=x onerror=alert(1)> in Berlin. "We <b>agree</b>," Merkel said of <script>alert(2)</script>.')
    explorer = ArticleExplorer(analysis)
    page = explorer._repr_mimebundle_()["text/html"] + explorer.show_text("entities") + explorer.show_text("quotes") + explorer.speaker_view.value
    assert "<img src=x" not in page and "<script>alert" not in page and "<b>agree" not in page
    assert "&lt;img src=x" in page and "&lt;script&gt;alert(2)" in page
