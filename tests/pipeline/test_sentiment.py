"""Sentiment: pinned scores on hand-written sentences, the aggregation rules, evidence offsets,
targeted sentiment where two entities are treated oppositely, and the charts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from utils import analyse
from utils.explore import tone
from utils.pipeline import sentiment
from utils.show import charts


def scores(text: str) -> dict:
    result = sentiment.score_sentence(text)
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in result.items()}


# --------------------------------------------------------------------------- sentences


def test_negation_not_a_bad_idea_is_positive_in_both_methods():
    result = scores("It is not a bad idea.")
    assert result["textblob_polarity"] == 0.35
    assert result["vader_compound"] == 0.431
    assert result["sentiment"] == 0.431 and result["sentiment_label"] == "positive"  # the headline is VADER's
    assert result["methods_disagree"] is False
    # VADER flips "bad" (−2.5) by its negation factor 0.74; TextBlob scores the chunk "not a bad".
    assert result["evidence"] == "VADER: bad -2.5→+1.9 | TextBlob: not a bad +0.35"
    assert scores("It is a bad idea.")["sentiment"] == -0.5423


def test_intensifiers_raise_both_scores():
    plain, very = scores("The plan is good."), scores("The plan is very good.")
    assert (plain["textblob_polarity"], plain["vader_compound"]) == (0.7, 0.4404)
    assert (very["textblob_polarity"], very["vader_compound"]) == (0.91, 0.4927)
    assert very["evidence"] == "VADER: good +1.9→+2.2 | TextBlob: very good +0.91"
    # "extremely" raises VADER's score; TextBlob's lexicon gives "extremely" no intensity for "bad".
    assert scores("The plan is extremely bad.")["vader_compound"] == -0.5849
    assert scores("The plan is extremely bad.")["textblob_polarity"] == -0.7
    assert scores("It is a bad idea.")["vader_compound"] == -0.5423


def test_mixed_sentence_but_weights_the_second_clause():
    result = scores("The food was great but the service was terrible.")
    assert (result["textblob_polarity"], result["vader_compound"], result["sentiment"]) == (-0.1, -0.3818, -0.3818)
    assert result["sentiment_label"] == "negative"
    assert result["evidence"] == "VADER: great +3.1→+1.6, terrible -2.1→-3.2 | TextBlob: great +0.80, terrible -1.00"


def test_known_limitation_hardly_is_not_a_negation():
    # Neither lexicon treats "hardly" as a negation: documented in the README, pinned here.
    result = scores("Hardly a success.")
    assert (result["textblob_polarity"], result["vader_compound"]) == (0.3, 0.5302)


def test_methods_disagree_flags_opposite_signs_only():
    result = scores("The cheap deal was a disaster.")
    assert (result["textblob_polarity"], result["vader_compound"]) == (0.4, -0.6249)
    assert result["methods_disagree"] is True
    assert sentiment.methods_disagree(0.3, -0.2) and sentiment.methods_disagree(-0.05, 0.05)
    assert not sentiment.methods_disagree(0.3, 0.0) and not sentiment.methods_disagree(0.6, 0.04)


def test_labels_use_the_documented_band():
    assert [sentiment.label(value) for value in (-0.05, -0.0499, 0.0, 0.0499, 0.05)] == [
        "negative", "neutral", "neutral", "neutral", "positive",
    ]
    assert [sentiment.target_label(value) for value in (-0.02, -0.019, 0.019, 0.02)] == [
        "negative", "neutral", "neutral", "positive",
    ]


def test_evidence_words_point_at_their_text():
    text = "Despite strong growth, critics warned of a terrible crisis."
    for row in sentiment.vader_word_valences(text) + sentiment.textblob_assessments(text):
        assert text[row["start_char"] : row["end_char"]].lower().endswith(row["word"].lower().split()[-1])
    assert [row["word"] for row in sentiment.vader_word_valences(text)] == ["strong", "growth", "critics", "warned", "terrible", "crisis"]


# --------------------------------------------------------------------------- names are not evidence


def sentence_and_mentions(text: str) -> tuple[pd.Series, pd.DataFrame]:
    analysis = analyse(text, cache=False)
    return analysis.sentences.iloc[0], analysis.mentions


def test_mask_text_keeps_length_offsets_and_capitals():
    text = "Great Western Railway trains were cancelled; NATO was not."
    masked = sentiment.mask_text(text, [(0, 21), (45, 49)])
    assert masked == "Xxxxx Xxxxxxx Xxxxxxx trains were cancelled; XXXX was not."
    assert sentiment.mask_text(text, []) == text
    assert sentiment.mask_text("Apollo 11 won.", [(0, 9)]) == "Xxxxxx 11 won."  # digits are kept


def test_a_masked_name_scores_nothing_in_either_lexicon():
    text = "Great Western Railway services were cancelled after the storm."
    plain, masked = sentiment.score_sentence(text), sentiment.score_sentence(text, masks=[(0, 21)])
    assert plain["evidence"] == "VADER: Great +3.1, cancelled -1.0 | TextBlob: Great +0.80" and plain["sentiment_label"] == "positive"
    assert masked["evidence"] == "VADER: cancelled -1.0" and masked["sentiment_label"] == "negative"
    assert (round(masked["vader_compound"], 4), masked["textblob_polarity"]) == (-0.25, 0.0)
    [row] = sentiment.vader_word_valences(text, masks=[(0, 21)])
    assert text[row["start_char"] : row["end_char"]] == row["word"] == "cancelled"


@pytest.mark.parametrize(
    "text, name, label, evidence",
    [
        ("Great Western Railway services were cancelled after the storm.", "Great Western Railway", "negative",
         "VADER: cancelled -1.0"),
        ("Analysts voiced concerns in the United States, where the plan was met with apprehension.", "the United States",
         "negative", "VADER: apprehension -2.1"),
        ("Revenue in Greater China dropped 13% in the quarter.", "Greater China", "negative", "VADER: dropped -1.1"),
        # "Shares" is removed from VADER (stock, not sharing) and "Apple" is a name; "fell" is not in the
        # news lexicon (it broke more NewsMTSC labels than it fixed), so the sentence is neutral, not positive.
        ("Shares of Apple fell 3.1% on Tuesday.", "Apple", "neutral", ""),
        ("Salah missed a late chance to equalise for Liverpool.", "Salah", "negative",
         "VADER: missed -1.2, chance +1.0 | TextBlob: late -0.30"),
    ],
)
def test_words_inside_names_are_never_sentiment_evidence(text, name, label, evidence):
    sentence, mentions = sentence_and_mentions(text)
    assert name in set(mentions["text"])
    assert sentence["sentiment_label"] == label and sentence["evidence"] == evidence
    named = mentions[mentions["label"].isin(sentiment.MASKED_LABELS)]
    target = mentions.set_index("text").loc[name]
    assert target["target_label"] != "positive"
    for word in " ".join(named["text"]).split():
        assert word not in target["target_evidence"].split()


def test_salah_is_the_one_who_missed():
    _, mentions = sentence_and_mentions("Salah missed a late chance to equalise for Liverpool.")
    salah = mentions.set_index("text").loc["Salah"]
    assert (round(salah["target_sentiment"], 4), salah["target_label"]) == (-0.1418, "negative")
    assert salah["target_evidence"] == "missed -0.16, chance +0.04, late -0.02"


def test_only_named_labels_are_masked():
    mentions = pd.DataFrame(
        {"text": ["Apple", "3.1%", "Tuesday"], "label": ["ORG", "PERCENT", "DATE"],
         "start_char": [10, 20, 30], "end_char": [15, 24, 37]}
    )
    sentences = pd.DataFrame({"start_char": [0, 40], "end_char": [38, 60]})
    assert sentiment.sentence_masks(sentences, mentions) == [((10, 15),), ()]
    assert sentiment.named_spans(mentions, 5, 38) == [(5, 10)]
    assert sentiment.sentence_masks(sentences, None) == [(), ()]


def test_news_lexicon_entries_have_a_value_and_a_reason_and_change_only_a_copy():
    for word, (value, reason) in sentiment.NEWS_LEXICON.items():
        assert word == word.lower() and -4 <= value <= 4 and len(reason) > 10
    news, plain = sentiment._vader(), sentiment._vader(False)
    assert plain.lexicon["shares"] == 1.2 and "shares" not in news.lexicon  # 0 removes the word
    assert "dropped" not in plain.lexicon and news.lexicon["dropped"] == -1.1
    assert sentiment.score_sentence("Shares of the company were traded.")["vader_compound"] == 0.0


# --------------------------------------------------------------------------- the seed article


def test_seed_evidence_has_no_word_inside_a_named_mention(seed_analysis):
    named = seed_analysis.mentions[seed_analysis.mentions["label"].isin(sentiment.MASKED_LABELS)]
    spans = list(zip(named["start_char"], named["end_char"]))

    def inside_names(evidence: pd.DataFrame) -> list[str]:
        return [row.word for row in evidence.itertuples() if any(start < row.end_char and row.start_char < end for start, end in spans)]

    evidence = tone.evidence_table(seed_analysis.sentences, seed_analysis.mentions)
    assert len(evidence) > 0 and inside_names(evidence) == []
    united = seed_analysis.text.index("United")
    sentence = seed_analysis.sentences[(seed_analysis.sentences["start_char"] <= united) & (seed_analysis.sentences["end_char"] > united)].iloc[0]
    assert "United" not in sentence["evidence"]


def test_shared_passes_give_exactly_the_libraries_scores(seed_analysis):
    # score_sentence calls the pattern analyser once and reuses VADER's word pass for the
    # compound; both must equal what TextBlob and polarity_scores give, on every seed sentence and
    # on texts polarity_scores rewrites first (emoji, surrounding spaces) or weighs (! and ?).
    from textblob import TextBlob

    analyzer = sentiment._vader()
    texts = seed_analysis.sentences["text"].tolist() + [
        "What a GREAT win!!! 😀", "  Terrible, terrible news?  ", "Not bad at all, but the ending was awful!",
    ]
    for text in texts:
        polarity, subjectivity, _ = sentiment.textblob_sentiment(text)
        assert (polarity, subjectivity) == tuple(TextBlob(text).sentiment)
        assert sentiment.vader_scores(text) == analyzer.polarity_scores(text)


def test_seed_sentiment_columns_are_nan_outside_scope(seed_analysis):
    sentences = seed_analysis.sentences
    outside, inside = sentences[~sentences["in_scope"]], sentences[sentences["in_scope"]]
    assert len(outside) > 0 and len(inside) == 18  # 4 caption sentences and the repeated standfirst are out
    numeric = ["textblob_polarity", "textblob_subjectivity", "vader_compound", "vader_pos", "vader_neu", "vader_neg", "sentiment"]
    assert outside[numeric].isna().all().all()
    assert outside["sentiment_label"].isna().all() and outside["evidence"].isna().all() and outside["methods_disagree"].isna().all()
    assert inside[numeric].notna().all().all() and inside["sentiment_label"].notna().all()


def test_seed_evidence_table_offsets_point_into_the_article(seed_analysis):
    evidence = tone.evidence_table(seed_analysis.sentences, seed_analysis.mentions)
    assert list(evidence.columns) == tone.EVIDENCE_COLUMNS
    assert set(evidence["method"]) == {"vader", "textblob"}
    in_scope = set(seed_analysis.sentences.loc[seed_analysis.sentences["in_scope"], "sentence_id"])
    assert set(evidence["sentence_id"]) <= in_scope
    for row in evidence[evidence["method"] == "vader"].itertuples():
        assert seed_analysis.text[row.start_char : row.end_char] == row.word
    # sentence 6 is the body sentence the standfirst repeats ("... centering on shared concerns ... conflict")
    repeated = evidence[evidence["sentence_id"] == 6]
    assert repeated[repeated["method"] == "vader"][["word", "value"]].values.tolist() == [["shared", 1.4], ["conflict", -1.3]]
    assert not {0, 1} & set(evidence["sentence_id"])  # the date header and the repeated standfirst


def test_seed_article_sentiment_is_the_word_weighted_mean(seed_analysis):
    sentences = seed_analysis.sentences
    summary = tone.article_sentiment(sentences)
    inside = sentences[sentences["in_scope"]]
    words = inside["word_count"]  # the one word definition (utils.pipeline.tokens.is_word), as in every count
    assert words.sum() == (seed_analysis.tokens["in_scope"] & (seed_analysis.tokens["is_alpha"] | seed_analysis.tokens["like_num"])).sum()
    assert summary["sentence_count"] == 18 and summary["words"] == int(words.sum())
    assert summary["sentiment"] == pytest.approx(float((words * inside["sentiment"]).sum() / words.sum()))
    assert summary["positive_share"] + summary["negative_share"] + summary["neutral_share"] == pytest.approx(1.0)
    # the word-weighted mean of VADER-with-news-lexicon scores, names masked (0.207 with whitespace words, 0.206 with token words)
    assert summary["sentiment_label"] == "positive" and round(summary["sentiment"], 3) == 0.206


def test_seed_mentions_and_entities_carry_target_sentiment(seed_analysis):
    mentions, entity_rows = seed_analysis.mentions, seed_analysis.entities
    assert {"target_sentiment", "target_label", "target_evidence"} <= set(mentions.columns)
    assert mentions["target_sentiment"].between(-1, 1).all()
    assert set(mentions["target_label"]) <= {"negative", "neutral", "positive"}
    assert set(sentiment.ENTITY_SENTIMENT_COLUMNS) <= set(entity_rows.columns)
    counted = mentions[mentions["counted"]]  # the standfirst repeat's mentions are scored but not aggregated
    assert entity_rows["target_sentiment_count"].sum() == counted["target_sentiment"].notna().sum()
    gaza = entity_rows.set_index("name").loc["Gaza"]
    gaza_mentions = counted[counted["entity_id"] == gaza["entity_id"]]
    assert gaza["target_sentiment_mean"] == pytest.approx(gaza_mentions["target_sentiment"].mean())
    assert gaza["target_label"] == "negative"


# --------------------------------------------------------------------------- aggregation rules


def hand_sentences() -> pd.DataFrame:
    rows = [
        # paragraph 0: a long positive sentence and a short negative one
        (0, 0, True, "one two three four five six seven eight nine", 0.5, 0.4, 0.6),
        (1, 0, True, "a b c", -0.3, -0.2, -0.4),
        # paragraph 1: out of scope, must be ignored
        (2, 1, False, "x y", np.nan, np.nan, np.nan),
        # paragraph 2: one neutral sentence
        (3, 2, True, "p q r s", 0.0, 0.0, 0.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["sentence_id", "paragraph_id", "in_scope", "text", "sentiment", "textblob_polarity", "vader_compound"]
    )
    frame["sentiment_label"] = [sentiment.label(v) if not math.isnan(v) else None for v in frame["sentiment"]]
    frame["methods_disagree"] = [False, False, None, False]
    frame["start_char"] = [0, 50, 100, 150]
    frame["end_char"] = [45, 55, 103, 157]
    frame["word_count"] = frame["text"].str.split().str.len()  # every word of these texts is a word token
    return frame


def test_paragraph_sentiment_is_word_weighted_and_skips_out_of_scope():
    paragraphs = tone.paragraph_sentiment(hand_sentences())
    assert list(paragraphs.columns) == tone.PARAGRAPH_SENTIMENT_COLUMNS
    assert paragraphs["paragraph_id"].tolist() == [0, 2]
    first = paragraphs.iloc[0]
    assert first["words"] == 12 and first["sentence_count"] == 2
    assert first["sentiment"] == pytest.approx((9 * 0.5 + 3 * -0.3) / 12)  # 0.3, not the plain mean 0.1
    assert first["textblob_polarity"] == pytest.approx((9 * 0.4 + 3 * -0.2) / 12)
    assert first["positive_share"] == pytest.approx(0.75) and first["negative_share"] == pytest.approx(0.25)
    assert (first["start_char"], first["end_char"]) == (0, 55)
    assert paragraphs.iloc[1]["sentiment_label"] == "neutral"


def test_article_sentiment_weights_words_and_reports_spread():
    summary = tone.article_sentiment(hand_sentences())
    expected = (9 * 0.5 + 3 * -0.3 + 4 * 0.0) / 16
    assert summary["sentiment"] == pytest.approx(expected) and summary["words"] == 16
    spread = math.sqrt((9 * (0.5 - expected) ** 2 + 3 * (-0.3 - expected) ** 2 + 4 * expected**2) / 16)
    assert summary["sentiment_std"] == pytest.approx(spread)
    assert summary["neutral_share"] == pytest.approx(4 / 16) and summary["disagreements"] == 0


def test_extreme_sentences_most_negative_first():
    extremes = tone.extreme_sentences(hand_sentences(), n=1)
    assert extremes["sentence_id"].tolist() == [1, 0]


def test_entity_sentiment_mean_spread_and_count():
    mentions = pd.DataFrame(
        {
            "mention_id": [0, 1, 2, 3],
            "entity_id": [0, 0, 0, 1],
            "target_sentiment": [0.3, -0.1, np.nan, 0.0],
            "target_label": ["positive", "negative", None, "neutral"],
        }
    )
    entity_rows = pd.DataFrame({"entity_id": [0, 1, 2], "mention_count": [3, 1, 0]})
    result = sentiment.add_entity_sentiment(entity_rows, mentions).set_index("entity_id")
    assert result.loc[0, "target_sentiment_mean"] == pytest.approx(0.1)
    assert result.loc[0, "target_sentiment_std"] == pytest.approx(0.2)
    assert result.loc[0, ["target_sentiment_count", "target_positive", "target_negative"]].tolist() == [2, 1, 1]
    assert result.loc[0, "target_label"] == "positive" and result.loc[1, "target_label"] == "neutral"
    assert result.loc[2, "target_sentiment_count"] == 0 and math.isnan(result.loc[2, "target_sentiment_mean"])


# --------------------------------------------------------------------------- targets


def targets(text: str) -> dict[str, tuple[float, str]]:
    mentions = analyse(text, cache=False).mentions
    return {row.text: (round(row.target_sentiment, 4), row.target_label) for row in mentions.itertuples()}


@pytest.mark.parametrize(
    "text, praised, condemned",
    [
        ("Merkel praised Macron, but condemned Orban.", ("Macron", 0.0821), ("Orban", -0.215)),
        ("Obama praised the courage of Biden but attacked Trump for his lies.", ("Biden", 0.0655), ("Trump", -0.2846)),
        ("The senator thanked Microsoft and criticised Google.", ("Microsoft", 0.0656), ("Google", -0.2068)),
        ("Pelosi applauded Schumer and denounced McConnell.", ("Schumer", 0.0458), ("McConnell", -0.187)),
    ],
)
def test_two_entities_treated_oppositely_get_opposite_target_sentiment(text, praised, condemned):
    found = targets(text)
    assert found[praised[0]] == (praised[1], "positive")
    assert found[condemned[0]] == (condemned[1], "negative")


def test_target_sentiment_differs_from_the_sentence_average():
    analysis = analyse("Merkel praised Macron, but condemned Orban.", cache=False)
    assert round(analysis.sentences["sentiment"].iloc[0], 4) == -0.4118  # the sentence is negative overall
    assert analysis.mentions.set_index("text").loc["Macron", "target_evidence"] == "praised +0.15, condemned -0.06"


def test_partly_opposite_sentences_keep_the_order_even_when_one_side_is_neutral():
    # Documented limitation: the negative clause outweighs a milder positive one nearby.
    found = targets("Apple was hailed as a success, while Samsung was blamed for the failure.")
    assert found == {"Apple": (0.0068, "neutral"), "Samsung": (-0.3595, "negative")}
    found = targets("Critics blamed Boeing for the crash, but praised Airbus.")
    assert found == {"Boeing": (-0.4078, "negative"), "Airbus": (0.0104, "neutral")}


def test_a_speaker_is_not_scored_by_what_they_report():
    found = targets("Smith said Jones was a disaster.")
    assert found["Smith"] == (0.0, "neutral") and found["Jones"] == (-0.2237, "negative")


def test_target_scores_on_a_parse(nlp):
    doc = nlp("They denounced the plan.")
    # "denounced" is not in VADER's lexicon; the news lexicon scores it -1.6.
    assert sentiment.NEWS_LEXICON["denounced"][0] == -1.6 and "denounced" not in sentiment._vader(False).lexicon
    [plan] = sentiment.target_scores(doc[:], [(doc.text.index("the plan"), doc.text.index("the plan") + 8)])
    assert round(plan, 4) == round(-1.6 / 4 * 0.75 * 2.0 / 2**1.5, 4)
    # one arc away: weight 1 / 2 ** 1.5; VADER's share 0.75; negative words count twice.


# --------------------------------------------------------------------------- charts


def hostile_sentences() -> pd.DataFrame:
    frame = hand_sentences()
    frame["text"] = frame["text"].astype(object)
    frame.loc[0, "text"] = "<script>alert(1)</script> great"
    frame["evidence"] = ["VADER: great +3.1", "", None, ""]
    frame.loc[0, "methods_disagree"] = True
    return frame


def test_arc_hover_shows_escaped_sentence_and_evidence():
    frame = hostile_sentences()
    figure = charts.sentiment_arc_with_evidence(frame, paragraph_scores=tone.paragraph_sentiment(frame))
    arc = figure.data[0]
    assert list(arc.x) == [0, 1, 3]
    assert "&lt;script&gt;" in arc.hovertext[0] and "<script>" not in arc.hovertext[0]
    assert "VADER: great +3.1" in arc.hovertext[0] and "no lexicon words" in arc.hovertext[1]
    assert arc.marker.symbol[0] == "diamond-open" and arc.marker.symbol[1] == "circle"
    assert figure.data[1].name == "paragraph (length-weighted)"


def test_methods_agreement_splits_disagreements():
    figure = charts.methods_agreement(hostile_sentences())
    assert [trace.name for trace in figure.data] == ["agree (2)", "disagree in sign (1)"]


def test_extreme_sentence_bars_and_entity_chart():
    frame = hostile_sentences()
    bars = charts.extreme_sentences_bars(tone.extreme_sentences(frame, n=2))
    assert list(bars.data[0].y) == ["a b c", "&lt;script&gt;alert(1)&lt;/script&gt; great"]  # sentence beginnings, escaped
    assert list(bars.data[0].customdata) == [1, 0]
    entity_rows = pd.DataFrame(
        {
            "entity_id": [0, 1], "name": ["<b>Acme</b>", "Bolt"], "group": ["organisation", "person"],
            "mention_count": [3, 1], "target_sentiment_mean": [0.2, -0.3], "target_sentiment_std": [0.1, 0.0],
            "target_sentiment_count": [3, 1], "target_positive": [2, 0], "target_negative": [0, 1],
            "target_label": ["positive", "negative"],
        }
    )
    figure = charts.entity_sentiment(entity_rows)
    assert sorted(trace.name for trace in figure.data) == ["negative", "positive"]
    assert "&lt;b&gt;Acme&lt;/b&gt;" in [text for trace in figure.data for text in trace.text]
    assert "&lt;b&gt;Acme&lt;/b&gt;" in [text for trace in figure.data for text in trace.hovertext]
    assert list(figure.layout.yaxis.range) == pytest.approx([-0.36, 0.36])
    sized = charts.entity_sentiment(entity_rows.assign(salience=[0.1, 0.9]))
    sizes = {trace.name: trace.marker.size[0] for trace in sized.data}
    assert sizes["negative"] > sizes["positive"]  # size follows salience when present


# --------------------------------------------------------------------------- the dev-only evaluator


def test_macro_f1_and_accuracy_on_hand_labels():
    from evaluation.sentiment_eval import accuracy, macro_f1

    gold = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "negative"]
    # negative: P 1/2 R 1/2 F 0.5; neutral: P 1/2 R 1 F 2/3; positive: F 0
    assert macro_f1(gold, predicted) == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert accuracy(gold, predicted) == 0.5
    assert macro_f1(gold, gold) == 1.0


def test_evaluator_needs_a_path():
    from evaluation.sentiment_eval import main

    with pytest.raises(SystemExit):
        main([])


def test_clearing_the_text_caches_makes_scores_computed_again():
    text = "The minister praised the brave rescue workers."
    first = (sentiment.textblob_sentiment(text), sentiment.vader_scores(text))
    assert sentiment.textblob_sentiment.cache_info().currsize and sentiment._vader_valences.cache_info().currsize
    sentiment.clear_text_caches()
    assert sentiment.textblob_sentiment.cache_info().currsize == sentiment._vader_valences.cache_info().currsize == 0
    assert (sentiment.textblob_sentiment(text), sentiment.vader_scores(text)) == first


def test_the_but_rule_and_the_targets_share_one_word_pass_in_either_order():
    # Target sentiment reads VADER's valences without the "but" rule, sentence scores with it; both
    # come from one cached word pass, so neither may change what the other gets, whichever runs first.
    text = "The plan was good but the ending was awful, and the critics were not kind."
    sentiment.clear_text_caches()
    without_first = (sentiment.vader_word_valences(text, but_rule=False), sentiment.vader_word_valences(text, but_rule=True))
    sentiment.clear_text_caches()
    with_rule = sentiment.vader_word_valences(text, but_rule=True)
    without_rule = sentiment.vader_word_valences(text, but_rule=False)
    assert without_first == (without_rule, with_rule)
    values = {row["word"]: row["value"] for row in without_rule}
    ruled = {row["word"]: row["value"] for row in with_rule}
    assert ruled["good"] == pytest.approx(values["good"] * 0.5) and ruled["awful"] == pytest.approx(values["awful"] * 1.5)
