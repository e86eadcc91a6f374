"""Compressed corpus inputs: .jsonl.gz, .json.gz, .csv.gz and .zip archives, streamed, never unpacked to disk."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from utils import errors, load_article
from utils.read.article import read_records
from utils.read.sources import CorpusEntry, Problem, iter_corpus

STORIES = [f"Story {index} says the talks in Geneva on trade went on for {index + 2} hours." for index in range(3)]
PAGE = "<html><head><title>Summit</title></head><body><article><p>" + "Officials met in Paris to talk about the summit. " * 3 + "</p></article></body></html>"


def records() -> list[dict]:
    return [{"id": f"s{index}", "title": f"Story {index}", "text": text} for index, text in enumerate(STORIES)]


def csv_text() -> str:
    return "id,title,text\r\n" + "".join(f'{row["id"]},{row["title"]},"{row["text"]}"\r\n' for row in records())


def write_gzip(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


def entries(source: Path) -> list[CorpusEntry | Problem]:
    return list(iter_corpus(source))


@pytest.mark.parametrize("name", ["feed.jsonl.gz", "feed.json.gz", "feed.csv.gz"])
def test_gzipped_records_are_read_like_the_plain_file(name: str, tmp_path: Path):
    text = {
        "feed.jsonl.gz": "".join(json.dumps(row) + "\n" for row in records()),
        "feed.json.gz": json.dumps(records()),
        "feed.csv.gz": csv_text(),
    }[name]
    path = write_gzip(tmp_path / name, text)
    articles = list(read_records(path))
    assert [article.text for article in articles] == STORIES
    assert [article.record_id for article in articles] == ["s0", "s1", "s2"] and articles[1].title == "Story 1"
    assert load_article(path, row=2).text == STORIES[2]
    assert [item.origin for item in entries(path)] == [f"{name}:{row}" for row in range(3)]
    assert sorted(item.name for item in tmp_path.iterdir()) == [name]  # nothing unpacked beside it


def test_a_gzip_stream_cut_short_keeps_the_rows_before_it(tmp_path: Path):
    whole = gzip.compress("".join(json.dumps({"text": f"Story number {index} is about oil."}) + "\n" for index in range(2000)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = entries(path)
    good = [item for item in items if isinstance(item, CorpusEntry)]
    [problem] = [item for item in items if isinstance(item, Problem)]
    assert 0 < len(good) < 2000 and "compressed data cut short or damaged" in problem.reason
    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_text(json.dumps({"text": "Plain."}) + "\n")
    with pytest.raises(errors.MalformedRecordsError, match="not gzip-compressed data"):
        list(read_records(not_gzip))


def test_a_zip_of_text_html_json_and_csv_files_is_a_corpus(tmp_path: Path):
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("stories/one.txt", "Putin met Raisi in Moscow on Thursday, officials said.")
        archive.writestr("stories/two.txt", "Café owners in Zürich said prices rose.".encode("cp1252"))
        archive.writestr("page.html", PAGE)
        archive.writestr("feed.jsonl", "".join(json.dumps(row) + "\n" for row in records()[:2]))
        archive.writestr("feed.csv", csv_text())
        archive.writestr("more.json.gz", gzip.compress(json.dumps({"text": "A gzipped story inside the zip about gas."}).encode()))
        archive.writestr("scan.pdf", b"%PDF-1.4\n")
        archive.writestr("__MACOSX/._one.txt", b"\x00\x05\x16\x07")
        archive.writestr(".hidden.txt", "Never read.")
    items = entries(path)
    origins = {item.origin: item for item in items}
    assert list(origins) == [
        "archive.zip/feed.csv:0", "archive.zip/feed.csv:1", "archive.zip/feed.csv:2", "archive.zip/feed.jsonl:0",
        "archive.zip/feed.jsonl:1", "archive.zip/more.json.gz:0", "archive.zip/page.html", "archive.zip/scan.pdf",
        "archive.zip/stories/one.txt", "archive.zip/stories/two.txt",
    ]
    assert [origins[f"archive.zip/feed.csv:{row}"].article.text for row in range(3)] == STORIES
    assert origins["archive.zip/feed.jsonl:0"].kind == "duplicate"  # the same text as the CSV's first row
    assert origins["archive.zip/stories/two.txt"].article.text == "Café owners in Zürich said prices rose."
    assert origins["archive.zip/page.html"].article.text.startswith("Officials met in Paris")
    assert origins["archive.zip/scan.pdf"].kind == "unreadable" and "unsupported member '.pdf'" in origins["archive.zip/scan.pdf"].reason
    assert sorted(item.name for item in tmp_path.iterdir()) == ["archive.zip"]


def test_a_folder_may_hold_compressed_files(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_gzip(folder / "feed.jsonl.gz", "".join(json.dumps(row) + "\n" for row in records()[:1]))
    with zipfile.ZipFile(folder / "more.zip", "w") as archive:
        archive.writestr("a.txt", "The Swiss National Bank said inflation would ease in the spring.")
    (folder / "b.txt").write_text("Iranian President Ebrahim Raisi arrived in Moscow on Thursday.")
    assert [item.origin for item in entries(folder)] == ["b.txt", "feed.jsonl.gz:0", "more.zip/a.txt"]


def test_a_damaged_zip_is_one_problem(tmp_path: Path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    [problem] = entries(path)
    assert isinstance(problem, Problem) and "not a readable zip archive" in problem.reason


def test_an_analysed_corpus_from_a_gzip_file(tmp_path: Path):
    from utils.corpus import analyse_corpus

    path = write_gzip(tmp_path / "feed.jsonl.gz", "".join(json.dumps(row) + "\n" for row in records()))
    corpus = analyse_corpus(path, out_dir=tmp_path / "out", cache=False, progress=False)
    assert corpus.counts["articles"] == 3 and corpus.articles["record_id"].tolist() == ["s0", "s1", "s2"]
