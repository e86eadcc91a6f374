"""Every table has one fixed schema whatever the article: English, German, without entities, or none at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from utils import analyse, analyse_corpus
from utils.pipeline.schema import TABLE_DTYPES, arrow_schema, pandas_dtypes
from utils.pipeline.tables import TABLES
from utils.store import arrow_tables, read_cached_tables, write_cached_tables

ENGLISH = (
    "Angela Merkel met Emmanuel Macron in Paris on Monday. They talked about trade and energy.\n\n"
    "The talks went well, officials in Berlin said."
)
GERMAN = (
    "Der Bundestag hat am Dienstag über das neue Gesetz beraten. Die Opposition kritisierte den Entwurf scharf.\n\n"
    "Die Abstimmung ist für Freitag geplant, sagte ein Sprecher."
)
NO_ENTITIES = "it rained and rained. nobody came to the market, and the stalls stayed shut."


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {column: str(dtype) for column, dtype in frame.dtypes.items()}


@pytest.mark.parametrize("text", [ENGLISH, GERMAN, NO_ENTITIES], ids=["english", "german", "no-entities"])
def test_every_table_has_its_schema(text: str, tmp_path: Path) -> None:
    analysis = analyse(text, cache=False)
    tables = {name: getattr(analysis, name) for name in TABLES}
    for name, frame in tables.items():
        assert dtypes(frame) == pandas_dtypes(name), name
    for name, table in arrow_tables(tables).items():
        assert table.schema.remove_metadata().equals(arrow_schema(name)), name
    write_cached_tables(tmp_path / "cache", tables)
    for name, frame in read_cached_tables(tmp_path / "cache").items():
        assert dtypes(frame) == pandas_dtypes(name), name


def test_german_and_no_entity_articles_have_empty_typed_tables() -> None:
    german = analyse(GERMAN, cache=False)
    assert german.paragraphs["language"].tolist() == ["de", "de"]
    assert not german.sentences["in_scope"].any()
    assert len(german.mentions) == 0 and len(german.entities) == 0
    assert list(german.mentions.columns) == list(TABLE_DTYPES["mentions"])
    assert analyse(NO_ENTITIES, cache=False).entities.empty


@pytest.mark.parametrize("chunk_size", [1, 200], ids=["part-per-article", "one-part"])
def test_mixed_language_corpus_concatenates(chunk_size: int, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-english.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "b-german.txt").write_text(GERMAN, encoding="utf-8")
    # the German article's entities table is empty (target_label was float64 there, string in English)
    corpus = analyse_corpus(folder, out_dir=tmp_path / "out", cache=False, progress=False, chunk_size=chunk_size)
    assert corpus.counts["articles"] == 2 and corpus.counts["unreadable"] == 0
    for name in TABLES:
        frame = corpus.table(name)
        assert dtypes(frame) == {"article_id": "str"} | pandas_dtypes(name), name
        assert frame["article_id"].nunique() == (1 if name in ("mentions", "entities", "quotes", "keyphrases") else 2), name  # German: none counted
    assert set(corpus.table("mentions")["name"]) >= {"Angela Merkel", "Emmanuel Macron"}
    assert dtypes(corpus.articles) == pandas_dtypes("articles")


def test_unreadable_corpus_gives_empty_typed_tables_and_problems(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    corpus = analyse_corpus(folder, out_dir=tmp_path / "out", cache=False, progress=False)
    assert corpus.counts == {"articles": 0, "duplicates": 0, "unreadable": 2, "parsed": 0, "cached": 0}
    for name in (*TABLES, "articles"):
        frame = corpus.table(name)
        assert frame.empty, name
        assert dtypes(frame) == ({"article_id": "str"} if name != "articles" else {}) | pandas_dtypes(name), name
    problems = corpus.problems
    assert sorted(problems["origin"]) == ["empty.txt", "scan.pdf"]
    assert set(problems["kind"]) == {"unreadable"}
    assert corpus.summary() == "0 articles analysed; left out: 2 unreadable (see the problems table)."


def test_corpus_folder_has_umask_permissions(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ENGLISH, encoding="utf-8")
    previous = os.umask(0o022)
    try:
        corpus = analyse_corpus(tmp_path / "one.txt", out_dir=tmp_path / "out", cache=False, progress=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(corpus.path.stat().st_mode) == 0o755


def test_arrow_schema_is_fixed_for_an_empty_frame() -> None:
    empty = pd.DataFrame({column: pd.Series([], dtype=object) for column in TABLE_DTYPES["mentions"]})
    table = arrow_tables({"mentions": empty})["mentions"]
    assert table.schema.remove_metadata().equals(arrow_schema("mentions"))
    assert table.schema.field("target_label").type == pa.large_string()


def test_typed_frame_builds_each_column_with_its_dtype():
    from utils.pipeline.schema import typed_frame

    frame = typed_frame({"quote_id": [0, 1], "speaker": ["Raisi", None], "sentence_ids": [[1, 2], [3, 4]],
                         "quoted_fragments": [[[0, 4], [9, 12]], []], "in_scope": [True, False]}, "quotes")
    assert dtypes(frame) == {"quote_id": "int64", "speaker": "str", "sentence_ids": "object", "quoted_fragments": "object", "in_scope": "bool"}
    assert frame["sentence_ids"].tolist() == [[1, 2], [3, 4]]  # a list per row, never a two-dimensional array
    assert frame["quoted_fragments"].tolist() == [[[0, 4], [9, 12]], []]
    assert frame["speaker"].isna().tolist() == [False, True]
    empty = typed_frame({"quote_id": [], "speaker": []}, "quotes")
    assert dtypes(empty) == {"quote_id": "int64", "speaker": "str"} and empty.empty
