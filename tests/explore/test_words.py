"""NLTK frequencies, n-grams, collocations, KWIC, dispersion, tokenizer comparison and statistics."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from utils import analyse
from utils.explore import words as lexical
from utils.show import charts


@pytest.fixture(scope="module")
def prices():
    return analyse("Prices rose. Prices rose again. Prices fell, then prices rose.", cache=False)


def test_frequencies_with_and_without_stopwords(seed_analysis):
    content = lexical.frequency_table(seed_analysis.tokens, n=4)
    assert content[["term", "count"]].to_dict("records") == [
        {"term": "putin", "count": 6}, {"term": "russia", "count": 6}, {"term": "iran", "count": 6}, {"term": "president", "count": 5},
    ]
    assert content["share"].iloc[0] == pytest.approx(6 / 276)  # 276 in-scope non-stopword words
    everything = lexical.frequency_table(seed_analysis.tokens, n=3, stopwords=True)
    assert everything[["term", "count"]].to_dict("records") == [
        {"term": "the", "count": 26}, {"term": "and", "count": 12}, {"term": "of", "count": 11},
    ]


def test_stemming_option():
    words = ["nations", "relations", "discussions", "generously", "running"]
    assert lexical.stem(words) == ["nation", "relat", "discuss", "gener", "run"]
    assert lexical.stem(words, stemmer="snowball") == ["nation", "relat", "discuss", "generous", "run"]
    with pytest.raises(ValueError):
        lexical.stem(words, stemmer="lancaster")


def test_stemmed_frequencies_merge_inflections(prices):
    assert lexical.frequency_table(prices.tokens, stemmer="porter").to_dict("records")[0] == {
        "term": "price", "count": 4, "share": 4 / 8,  # "again" and "then" are stopwords
    }


def test_ngrams_stay_inside_sentences_and_skip_punctuation(prices, seed_analysis):
    assert lexical.ngram_table(prices.tokens).to_dict("records") == [
        {"ngram": "prices rose", "count": 3}, {"ngram": "prices fell", "count": 1},
    ]
    # "rose prices" would only appear across a sentence break, "fell then" across a comma
    assert lexical.ngram_table(prices.tokens, stopwords=True)["ngram"].tolist() == [
        "prices rose", "rose again", "prices fell", "then prices",
    ]
    assert lexical.ngram_table(seed_analysis.tokens, n=3, top=1).to_dict("records") == [
        {"ngram": "iran and russia", "count": 2},
    ]


def test_collocations_likelihood_ratio_and_pmi(prices, seed_analysis):
    pmi = lexical.collocations(prices.tokens, measure="pmi")
    # 10 words; "prices" 4 times, "rose" 3 times, together 3 times: log2(3 * 10 / (4 * 3))
    assert pmi[["ngram", "count"]].to_dict("records") == [{"ngram": "prices rose", "count": 3}]
    assert pmi["score"].iloc[0] == pytest.approx(math.log2(2.5))
    ratio = lexical.collocations(seed_analysis.tokens)
    # the standfirst repeats a body sentence and is counted once, so few pairs recur in the seed
    assert ratio["ngram"].tolist() == ["gaza conflict", "russian president"]
    assert lexical.collocations(seed_analysis.tokens, min_freq=3).empty
    assert lexical.collocations(seed_analysis.tokens, n=3).empty
    twice = analyse("The peace talks failed. Then the peace talks resumed. The peace talks ended.", cache=False)
    assert lexical.collocations(twice.tokens, n=3, stopwords=True)["ngram"].tolist()[:1] == ["the peace talks"]
    with pytest.raises(ValueError):
        lexical.collocations(seed_analysis.tokens, n=4)


def test_kwic_on_the_seed(seed_analysis):
    lines = lexical.kwic(seed_analysis.tokens, "Putin")
    assert len(lines) == 6  # one more is in a photo caption, one in the standfirst's repeated sentence
    assert lines.iloc[0][["left", "keyword", "right", "sentence_id"]].tolist() == [
        "a meeting with Russian President Vladimir", "Putin", ", with talks expected to span", 3,
    ]
    assert lines.iloc[3][["left", "right"]].tolist() == ["", "'s visit to the UAE witnessed"]
    for line in lines.itertuples():
        assert seed_analysis.text[line.start_char : line.end_char] == "Putin"
    phrase = lexical.kwic(seed_analysis.tokens, "vladimir putin", window=2)
    assert phrase[["left", "keyword", "right", "start_char", "end_char"]].to_dict("records") == [
        {"left": "Russian President", "keyword": "Vladimir Putin", "right": ", with", "start_char": 381, "end_char": 395},
    ]
    assert lexical.kwic(seed_analysis.tokens, "Zelensky").empty


def test_dispersion_of_terms_and_entities(seed_analysis):
    russia = seed_analysis.entities.loc[seed_analysis.entities["name"] == "Russia", "entity_id"].tolist()
    table = lexical.dispersion_table(
        seed_analysis.tokens, terms=["putin"], mentions=seed_analysis.mentions, entities=seed_analysis.entities, entity_ids=russia
    )
    assert table.groupby(["label", "kind"]).size().to_dict() == {("Russia", "entity"): 6, ("putin", "term"): 6}
    assert table["word_position"].tolist() == [34, 123, 308, 348, 380, 398, 53, 161, 192, 202, 250, 288]
    for row in table.itertuples():
        assert seed_analysis.text[row.start_char : row.end_char] == row.text


def test_tokenizer_comparison_on_the_seed(seed_analysis):
    differences = lexical.tokenizer_comparison(seed_analysis.text, seed_analysis.sentences, seed_analysis.tokens)
    assert len(differences) == 19
    first = differences.drop_duplicates("text").set_index("text")
    assert first.loc["Iran's", ["spacy", "treebank", "tweet"]].tolist() == ["Iran | 's", "Iran | 's", "Iran's"]
    assert first.loc["high-level", ["spacy", "treebank", "tweet"]].tolist() == ["high | - | level", "high-level", "high-level"]
    assert first.loc["Cop28", "tweet"] == "Cop | 28"
    assert first.loc["Opec+", "tweet"] == "Opec | +"
    counts = lexical.tokenizer_counts(seed_analysis.text, seed_analysis.sentences, seed_analysis.tokens)
    assert counts.to_dict("records") == [
        {"tokenizer": "spacy", "tokens": 493}, {"tokenizer": "treebank", "tokens": 471}, {"tokenizer": "tweet", "tokens": 466},
    ]


# --------------------------------------------------------------------------- statistics


def test_mtld_by_hand():
    # forward and backward: a b a| b a b| -> 2 factors, 6 / 2 = 3
    assert lexical.mtld(list("ababab")) == pytest.approx(3.0)
    # forward: a b a| c d -> 1 factor + (1 - 1) / 0.28 partial = 1 -> 5; backward: d c a b a (ttr 0.8)
    # -> 0 factors + (1 - 0.8) / 0.28 -> 5 / 0.714... = 7; mean 6
    assert lexical.mtld(list("abacd")) == pytest.approx(6.0)
    assert math.isnan(lexical.mtld(list("abc")))


@pytest.mark.parametrize(
    "word, expected",
    [
        ("the", 1), ("table", 2), ("created", 3), ("jumped", 1), ("coupled", 2), ("makes", 1), ("houses", 2),
        ("piano", 3), ("nation", 2), ("Russian", 2), ("video", 3), ("beautiful", 3), ("weather", 2), ("happiness", 3),
        ("Putin", 2), ("Gaza", 2), ("conversation", 4), ("one", 1), ("fire", 1), ("people", 2), ("", 0),
    ],
)
def test_syllables(word, expected):
    assert lexical.syllables(word) == expected


def test_readability_by_hand():
    # 9 words, 2 sentences, 9 syllables
    assert lexical.flesch_reading_ease(9, 2, 9) == pytest.approx(206.835 - 1.015 * 4.5 - 84.6)
    assert lexical.flesch_kincaid_grade(9, 2, 9) == pytest.approx(0.39 * 4.5 + 11.8 - 15.59)
    simple = analyse("The cat sat on the mat. The dog ran.", cache=False)
    stats = lexical.lexical_statistics(simple.tokens, simple.sentences).set_index("statistic")["value"]
    assert stats[["words", "sentences", "paragraphs", "types"]].tolist() == [9, 2, 1, 7]
    assert stats["flesch_reading_ease"] == pytest.approx(117.6675)
    assert stats["flesch_kincaid_grade"] == pytest.approx(-2.035)
    # beau-ti-ful wea-ther cre-at-ed hap-pi-ness: 11 syllables in 4 words, one sentence
    hard = analyse("Beautiful weather created happiness.", cache=False)
    stats = lexical.lexical_statistics(hard.tokens, hard.sentences).set_index("statistic")["value"]
    assert stats["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 4 - 84.6 * 11 / 4)
    assert stats["flesch_kincaid_grade"] == pytest.approx(0.39 * 4 + 11.8 * 11 / 4 - 15.59)


def test_seed_statistics(seed_analysis):
    stats = lexical.lexical_statistics(seed_analysis.tokens, seed_analysis.sentences).set_index("statistic")["value"]
    # the lead paragraph's only sentence repeats a body sentence, so 12 paragraphs count
    assert stats[["words", "sentences", "paragraphs", "types"]].tolist() == [419, 18, 12, 249]
    assert stats["type_token_ratio"] == pytest.approx(249 / 419)
    assert stats["mean_sentence_length"] == pytest.approx(419 / 18)
    assert stats["mtld"] == pytest.approx(166.22, abs=0.01)
    assert stats["flesch_kincaid_grade"] == pytest.approx(16.36, abs=0.01)
    lengths = lexical.sentence_lengths(seed_analysis.tokens, seed_analysis.sentences)
    assert lengths["words"].tolist() == [25, 25, 19, 42, 26, 20, 34, 14, 20, 22, 20, 36, 23, 22, 17, 14, 16, 24]


# --------------------------------------------------------------------------- charts


def test_dispersion_chart_escapes_article_text():
    table = pd.DataFrame(
        [
            {"label": "<script>", "kind": "term", "word_position": 3, "token_id": 4, "sentence_id": 0, "text": "<b>x</b>", "start_char": 9, "end_char": 17},
            {"label": "Putin", "kind": "entity", "word_position": 8, "token_id": 9, "sentence_id": 1, "text": "Putin", "start_char": 40, "end_char": 45},
        ],
        columns=lexical.DISPERSION_COLUMNS,
    )
    figure = charts.lexical_dispersion(table)
    assert [trace.name for trace in figure.data] == ["term", "entity"]
    assert list(figure.data[0].x) == [3] and list(figure.data[0].y) == ["&lt;script&gt; (term)"]
    assert "<script>" not in figure.to_json() and "<b>x" not in figure.to_json()


def test_sentence_length_histogram(seed_analysis):
    lengths = lexical.sentence_lengths(seed_analysis.tokens, seed_analysis.sentences)
    figure = charts.sentence_length_histogram(lengths)
    assert list(figure.data[0].x) == lengths["words"].tolist()
    assert figure.layout.annotations[0].text == "mean 23.3"


def test_readability_summary(seed_analysis):
    assert [lexical.reading_ease_band(score) for score in (95, 80, 65, 50, 29.9, -10)] == [
        "very easy", "easy", "standard", "fairly difficult", "very difficult", "very difficult",
    ]
    stats = lexical.lexical_statistics(seed_analysis.tokens, seed_analysis.sentences)
    assert lexical.readability_summary(stats) == (
        "419 words in 18 sentences (23.3 words per sentence, 1.94 syllables per word): Flesch reading ease 19.3 "
        "(very difficult), Flesch-Kincaid grade 16.4 (years of US schooling needed)."
    )


def test_kwic_shows_the_most_mentioned_entity_unless_a_term_is_given(seed_analysis):
    assert lexical.kwic_term("", seed_analysis.entities) == "Vladimir Putin"
    assert lexical.kwic_term(" Raisi ", seed_analysis.entities) == "Raisi"
    rows = lexical.kwic(seed_analysis.tokens, lexical.kwic_term("", seed_analysis.entities))
    assert len(rows) >= 1 and (rows["keyword"].str.lower() == "vladimir putin").all()
