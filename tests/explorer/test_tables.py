"""What the explorers show, as tables: one corpus article as an Analysis equal to the article analysed alone."""

from __future__ import annotations

import pandas as pd
import pytest

from utils import analyse_corpus, config
from utils.explorer.corpus_article import corpus_article, scope_from_key
from utils.pipeline.tables import TABLES, Scope


@pytest.mark.parametrize("scope", [Scope(), Scope.everything(), Scope(kinds=("lead", "body"), include_repeats=True)])
def test_a_scope_is_read_back_from_its_key(scope):
    assert scope_from_key(scope.key) == scope


def test_a_key_keeps_what_a_scope_includes_not_the_order_of_its_languages():
    scope = scope_from_key(Scope(kinds=("body",), languages=("en", "de")).key)
    assert scope.languages == ("de", "en") and scope.includes("body", "en") and not scope.includes("lead", "en")


def test_a_corpus_article_has_the_tables_and_metadata_of_the_article_analysed_alone(seed_analysis, tmp_path):
    corpus = analyse_corpus(config.DEFAULT_ARTICLE, out_dir=tmp_path / "out", progress=False)
    [article_id] = corpus.articles["article_id"]
    analysis = corpus_article(corpus, article_id)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(analysis, name), getattr(seed_analysis, name).reset_index(drop=True), check_dtype=False, obj=name)
    assert analysis.scope == seed_analysis.scope and analysis.model == seed_analysis.model
    assert analysis.article.date == seed_analysis.article.date and analysis.article.title is None
    assert len(analysis.text) == len(seed_analysis.text)
    for row in analysis.paragraphs.itertuples():  # every offset slices the rebuilt text to the same words
        assert analysis.text[row.start_char:row.end_char] == row.text == seed_analysis.text[row.start_char:row.end_char]
    with pytest.raises(KeyError):
        corpus_article(corpus, "0000000000000000")
