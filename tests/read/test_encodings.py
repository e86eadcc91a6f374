"""Encodings a user's files come in: UTF-8 with and without BOM, UTF-16 LE/BE with BOM, cp1252 give the same article and tables."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pandas as pd
import pytest

from utils import analyse, errors, load_article
from utils.read.article import read_records

STORY = (
    "Café owners meet in Zürich\n\n"
    "“Prices rose again,” said Hélène Müller, who runs a café near the lake — the third rise this year.\n\n"
    "The Swiss National Bank said on Thursday that inflation would ease in the spring."
)
ENCODINGS = {
    "utf-8": STORY.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + STORY.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
    "cp1252": STORY.encode("cp1252"),
}


@pytest.fixture(scope="module")
def utf8_analysis(tmp_path_factory):
    path = tmp_path_factory.mktemp("utf8") / "story.txt"
    path.write_bytes(ENCODINGS["utf-8"])
    return analyse(path, cache=False)


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_each_encoding_gives_the_same_text_and_tables(name, tmp_path: Path, utf8_analysis):
    path = tmp_path / "story.txt"
    path.write_bytes(ENCODINGS[name])
    article = load_article(path)
    assert article.text == STORY and article.title == "Café owners meet in Zürich"
    analysis = analyse(article, cache=False)
    for table, frame in utf8_analysis.tables().items():
        pd.testing.assert_frame_equal(getattr(analysis, table), frame, obj=f"{name}: {table}")


@pytest.mark.parametrize("name", ["utf-16 LE with BOM", "cp1252"])
def test_records_files_in_other_encodings_are_read_too(name, tmp_path: Path):
    encoding = {"utf-16 LE with BOM": "utf-16", "cp1252": "cp1252"}[name]
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_bytes((json.dumps({"id": "a", "text": STORY}, ensure_ascii=False) + "\n").encode(encoding))
    csv = tmp_path / "feed.csv"
    csv.write_bytes(("id,text\r\na,\"" + STORY.replace('"', '""') + "\"\r\n").encode(encoding))
    for path in (jsonl, csv):
        [article] = list(read_records(path))
        assert article.text == STORY and article.record_id == "a", path


def test_utf16_without_a_bom_and_binary_data_are_still_refused(tmp_path: Path):
    no_bom = tmp_path / "nobom.txt"
    no_bom.write_bytes(STORY.encode("utf-16-le"))
    with pytest.raises(errors.BinaryArticleError):
        load_article(no_bom)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(codecs.BOM_UTF16_LE + bytes(range(256)) * 4)
    with pytest.raises(errors.ArticleError):
        load_article(noise)


def test_a_cyrillic_legacy_file_is_recognised_by_charset_normalizer(tmp_path: Path):
    text = "Президент России Владимир Путин встретился в Москве с президентом Ирана Эбрахимом Раиси."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert load_article(path).text == text
