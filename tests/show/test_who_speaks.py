"""Who-speaks output: quotations highlighted with their speakers, charts, all escaped."""

from __future__ import annotations

from utils import analyse
from utils.explore import figures, sources
from utils.show import charts
from utils.show.html import quotes_html
from utils.show.theme import ChartNote

HOSTILE = (
    "\"<script>alert('x')</script> is not a plan,\" said Jane Holt in London.\n\n"
    "Officials said the <img src=x onerror=alert(1)> talks would resume."
)


def test_quotations_are_marked_with_their_speaker_and_article_text_stays_text():
    analysis = analyse(HOSTILE, cache=False)
    speakers = sources.speaker_names(analysis.quotes, analysis.entities)
    page = quotes_html(analysis.text, analysis.quotes, speakers)
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "Jane Holt · say · direct" in page and "Officials · say · indirect" in page
    assert page.count("border-bottom:2px solid") == len(analysis.quotes) == 2


def test_who_speaks_charts_show_the_voices_or_say_why_not():
    analysis = analyse(HOSTILE, cache=False)
    speakers = sources.speaker_table(analysis.quotes, analysis.entities)
    bars = charts.speaker_bars(speakers)
    assert sorted(name for trace in bars.data for name in trace.y) == ["Jane Holt", "Officials"]
    quiet = analyse("The river rose overnight. Roads were closed on Sunday.", cache=False)
    empty = sources.speaker_table(quiet.quotes, quiet.entities)
    assert isinstance(charts.speaker_bars(empty), ChartNote)
    assert isinstance(charts.voice_timeline(quiet.quotes, sources.speaker_names(quiet.quotes, quiet.entities)), ChartNote)
    assert isinstance(charts.voices_tone(sources.narration_and_quotes_tone(quiet.sentences, quiet.quotes)), ChartNote)


def test_the_seed_article_shows_its_two_voices():
    analysis = analyse(open("seeds/000_3f3b668070f041ac.txt", encoding="utf-8").read(), cache=False)
    speakers = sources.speaker_table(analysis.quotes, analysis.entities, text_length=len(analysis.text))
    assert speakers[["speaker", "speaker_kind"]].values.tolist() == [
        ["Vladimir Putin", "named"], ["Irna", "named"], ["Iranian official media", "unnamed"], ["Ebrahim Raisi", "named"]]  # "Both leaders" is Raisi and Putin
    page = quotes_html(analysis.text, analysis.quotes, sources.speaker_names(analysis.quotes, analysis.entities))
    assert "Irna · state · direct" in page and "Iranian official media · according to · indirect" in page
    assert "Ebrahim Raisi and Vladimir Putin · emphasize · indirect" in page
    figures_ = figures.speaker_figures(analysis.quotes, analysis.entities, text_length=len(analysis.text))
    assert figures_["top_speaker"][0][0] == "Vladimir Putin" and figures_["unnamed_share"] == 0.25  # 1 of 4


def test_a_quotation_over_two_paragraphs_is_underlined_in_both_and_labelled_once():
    from html.parser import HTMLParser

    text = ("“The first thing we saw was the roof of the school floating past the church.\n\n"
            "“Then the power went out and nobody could reach the village,” John Miller said.")
    analysis = analyse(text, cache=False)
    page = quotes_html(analysis.text, analysis.quotes, sources.speaker_names(analysis.quotes, analysis.entities))
    assert page.count("border-bottom:2px solid") == 2 and page.count("John Miller · say · direct") == 1

    class Nesting(HTMLParser):  # a paragraph must not end inside an open mark: browsers drop the mark there
        def __init__(self):
            super().__init__()
            self.open, self.broken = [], False

        def handle_starttag(self, tag, attrs):
            self.open.append(tag)

        def handle_endtag(self, tag):
            self.broken |= tag == "p" and "span" in self.open
            while self.open and self.open.pop() != tag:
                pass

    checker = Nesting()
    checker.feed(page)
    assert not checker.broken
