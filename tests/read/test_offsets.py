"""Offsets into the user's own text: ``analysis.text`` is the input, and every span of every table slices it to the row's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_hostile import hostile_article
from utils import analyse, load_article
from utils.analysis import offset_mismatches

WRAPPED = (
    "Yukos owner sues Moscow\n"
    "\n"
    "The majority owner of embattled Russian oil firm Yukos has sued the\n"
    "Russian government for $28.3bn in damages, a court filing showed on\n"
    "Thursday, as President Vladimir\n"
    "Putin said \"we will fight\n"
    "this claim in every court\", officials in Moscow said.\n"
    "\n"
    "\"It is a political case,\" said Steven Theede, the chief executive of\n"
    "Yukos, who spoke in Houston."
)
LINE_PER_PARAGRAPH = (
    "Storm hits coast\n"
    "Heavy rain fell across the region on Sunday, flooding roads and closing two schools in the town.\n"
    "\"We have never seen water this high,\" said Maria Lopez, who runs a bakery near the harbour.\n"
    "The Met Office said more rain was expected on Monday."
)
ONE_SENTENCE_A_LINE = (  # CoNLL style: one sentence a line, no blank lines
    "Iranian President Ebrahim Raisi arrived in Moscow on Thursday for talks with Vladimir Putin.\n"
    "The two leaders discussed trade, energy and the war in Gaza, officials in both capitals said.\n"
    "\"Bilateral consultations will take center stage,\" Iran's Irna news agency said.\n"
    "Putin had visited the United Arab Emirates and Saudi Arabia a day earlier.\n"
)
TEXTS = {
    "wrapped": WRAPPED,
    "line per paragraph": LINE_PER_PARAGRAPH,
    "one sentence a line": ONE_SENTENCE_A_LINE,
    "crlf and spaces": "  Storm hits coast \r\n\r\n Heavy rain fell on Sunday, said Maria Lopez.\r\n\r\n\tThe Met Office said more rain was expected.  \r\n",
    "lone cr": "Raisi visits Moscow\r\rIranian President Ebrahim Raisi met Vladimir Putin.\rThey talked about Gaza for three hours.",
    "seed header": " date 2023-12-07 Putin met Raisi in Moscow\n\nIranian President Ebrahim Raisi arrived in Moscow on Thursday.\n",
    "unicode": "Zürich café 😀 owners met Angela Merkel in Berlin.\n\nThe naïve plan — “a disaster,” said Jean-Luc Mélenchon.",
}


def assert_offsets_slice_the_input(analysis, text: str) -> None:
    assert analysis.text == text
    mismatches = offset_mismatches(analysis)
    assert mismatches.empty, mismatches.to_dict("records")[:5]
    for table in ("paragraphs", "sentences", "tokens", "mentions", "quotes"):
        assert len(getattr(analysis, table)) or table == "quotes", table


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_span_of_every_table_slices_the_string_given(name):
    text = TEXTS[name]
    assert_offsets_slice_the_input(analyse(text, cache=False), text)


def test_every_span_slices_the_hostile_article_of_the_suite(tmp_path: Path):
    path = hostile_article(tmp_path)
    analysis = analyse(path, cache=False)
    assert_offsets_slice_the_input(analysis, path.read_text(encoding="utf-8"))


def test_the_seed_file_offsets_slice_the_file_as_read(seed_analysis):
    from utils import config

    assert_offsets_slice_the_input(seed_analysis, config.DEFAULT_ARTICLE.read_text(encoding="utf-8"))
    assert len(seed_analysis.quotes) > 0 and (seed_analysis.quotes["speaker_start"] >= 0).any()


def test_hard_wrapped_lines_are_one_paragraph_and_names_across_lines_are_one_entity():
    analysis = analyse(WRAPPED, cache=False)
    paragraphs = analysis.paragraphs
    assert paragraphs["kind"].tolist() == ["headline", "body", "body"]
    assert paragraphs["text"].iloc[1].count("\n") == 4  # the paragraph keeps its own line breaks
    putin = analysis.mentions[analysis.mentions["text"] == "Vladimir\nPutin"]
    assert len(putin) == 1 and putin["name"].tolist() == ["Vladimir Putin"]  # the name is on one line
    assert "Vladimir Putin" in set(analysis.entities["name"])
    [quote] = analysis.quotes[analysis.quotes["text"].str.startswith('"we will')].itertuples()
    assert quote.text == '"we will fight\nthis claim in every court"'
    # the sentences are those of the same text on one line
    flat = analyse(WRAPPED.replace("\n\n", "\0").replace("\n", " ").replace("\0", "\n\n"), cache=False)
    assert analysis.sentences[["start_char", "end_char"]].values.tolist() == flat.sentences[["start_char", "end_char"]].values.tolist()
    assert set(analysis.entities["name"]) == set(flat.entities["name"])


def test_a_headline_is_a_paragraph_of_the_text_and_counts():
    analysis = analyse("Putin meets Raisi\n\nIranian President Ebrahim Raisi met Vladimir Putin in Moscow.", cache=False)
    headline = analysis.paragraphs.iloc[0]
    assert (headline["kind"], headline["text"], headline["start_char"], headline["in_scope"]) == ("headline", "Putin meets Raisi", 0, True)
    assert analysis.article.title == "Putin meets Raisi"
    counted = analysis.mentions[analysis.mentions["counted"]]
    assert counted["paragraph_id"].tolist()[:2] == [0, 0]  # Putin and Raisi in the headline
    assert analysis.sentences.loc[0, "paragraph_kind"] == "headline" and analysis.sentences.loc[0, "in_scope"]


def test_a_date_header_is_a_metadata_span_never_analysed():
    text = "date 2023-12-07 Putin met Raisi in Moscow\n\nIranian President Ebrahim Raisi met Vladimir Putin in Moscow."
    analysis = analyse(text, cache=False)
    assert analysis.paragraphs[["kind", "text", "in_scope"]].values.tolist() == [
        ["metadata", "date 2023-12-07", False], ["lead", "Putin met Raisi in Moscow", True],
        ["body", "Iranian President Ebrahim Raisi met Vladimir Putin in Moscow.", True],
    ]
    assert not analysis.tokens.loc[analysis.tokens["paragraph_id"] == 0, "in_scope"].any()
    assert (analysis.mentions["paragraph_id"] != 0).all()
    assert "metadata" not in analysis.scope_note()


def test_a_text_file_gives_the_tables_of_its_text_as_read(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_bytes(LINE_PER_PARAGRAPH.replace("\n", "\r\n").encode("utf-8"))
    article = load_article(path)
    assert article.text == path.read_text(encoding="utf-8") == LINE_PER_PARAGRAPH  # newlines as Python's text mode reads them
