"""The sentiment evidence shown is always the evidence scored, whatever the caller passes."""

from __future__ import annotations

import pytest

from utils.explore import tone
from utils.pipeline import sentiment


def names_in(evidence, mentions) -> list[str]:
    named = mentions[mentions["label"].isin(sentiment.MASKED_LABELS)]
    spans = list(zip(named["start_char"], named["end_char"]))
    return [row.word for row in evidence.itertuples() if any(start < row.end_char and row.start_char < end for start, end in spans)]


def test_evidence_without_the_mentions_is_refused_not_shown_unmasked(seed_analysis):
    # the seed's "United" (of the United Arab Emirates) is masked when scoring; unmasked it would be evidence
    with pytest.raises(ValueError, match=r"evidence_table\(analysis.sentences, analysis.mentions\)"):
        tone.evidence_table(seed_analysis.sentences)
    with pytest.raises(ValueError, match="scored with other words"):
        tone.evidence_table(seed_analysis.sentences, seed_analysis.mentions.iloc[:0])


def test_evidence_with_the_mentions_is_the_scored_evidence(seed_analysis):
    evidence = tone.evidence_table(seed_analysis.sentences, seed_analysis.mentions)
    assert len(evidence) > 0 and names_in(evidence, seed_analysis.mentions) == []
    for sentence_id, rows in evidence.groupby("sentence_id"):
        scored = seed_analysis.sentences.set_index("sentence_id").loc[sentence_id, "evidence"]
        for word in rows["word"]:
            assert word in scored


def test_unscored_sentences_are_refused(seed_analysis):
    columns = ["sentence_id", "paragraph_id", "in_scope", "text", "start_char", "end_char"]
    with pytest.raises(ValueError, match="needs scored sentences"):
        tone.evidence_table(seed_analysis.sentences[columns])


def test_a_text_without_names_needs_no_mentions():
    from utils import analyse

    analysis = analyse("The talks were a terrible failure, but the food was wonderful.", cache=False)
    assert tone.evidence_table(analysis.sentences)["word"].tolist() == tone.evidence_table(analysis.sentences, analysis.mentions)["word"].tolist()
