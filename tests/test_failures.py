"""Failures a user meets, each reproduced: a damaged corpus part, an unwritable cache, staging folders of a killed run."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest

from utils import analyse, config
from utils.corpus import Corpus, CorpusDamagedError, CorpusError, CorpusRebuiltWarning, analyse_corpus
from utils.store import STALE_STAGING_SECONDS, CacheNotWritableWarning, _SWEPT, remove_stale_staging, staged_folder

STORIES = [
    "Iranian President Ebrahim Raisi arrived in Moscow on Thursday for talks with Vladimir Putin.",
    "The Swiss National Bank said on Thursday that inflation would ease in the spring.",
]


def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for index, story in enumerate(STORIES):
        (folder / f"{index}.txt").write_text(story, encoding="utf-8")
    return folder


def test_a_damaged_part_of_a_reused_corpus_is_rebuilt_with_one_warning(tmp_path: Path):
    source, out = corpus_folder(tmp_path), tmp_path / "out"
    first = analyse_corpus(source, out_dir=out, cache_dir=tmp_path / "cache", progress=False)
    [part] = first.paths("mentions")
    part.write_bytes(part.read_bytes()[:-40])  # a copy cut short: the footer is gone
    with pytest.raises(CorpusDamagedError, match="damaged corpus part"):  # what the user met
        Corpus.open(first.path).table("mentions")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = analyse_corpus(source, out_dir=out, cache_dir=tmp_path / "cache", progress=False)
    assert [type(warning.message) for warning in caught] == [CorpusRebuiltWarning]
    assert "mentions/part-00000.parquet" in str(caught[0].message)
    assert not again.reused and again.path == first.path
    assert again.counts["cached"] == 2 and again.counts["parsed"] == 0  # nothing lost: the article cache served it
    assert len(again.table("mentions")) == len(Corpus.open(first.path).table("mentions")) > 0
    assert analyse_corpus(source, out_dir=out, cache_dir=tmp_path / "cache", progress=False).reused  # whole again


def test_a_part_with_other_rows_than_the_manifest_is_damage_too(tmp_path: Path):
    import pyarrow.parquet as pq

    source, out = corpus_folder(tmp_path), tmp_path / "out"
    first = analyse_corpus(source, out_dir=out, cache=False, progress=False)
    [part] = first.paths("sentences")
    pq.write_table(pq.read_table(part).slice(0, 1), part)  # readable, but a row short
    with pytest.warns(CorpusRebuiltWarning, match="table sentences has 1 rows"):
        again = analyse_corpus(source, out_dir=out, cache=True, cache_dir=tmp_path / "cache", progress=False)
    assert len(again.table("sentences")) == 2


def test_an_unwritable_cache_folder_analyses_without_the_cache_with_one_warning(tmp_path: Path, monkeypatch):
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(config, "PROCESSED_DIR", not_a_folder)  # NEWS_CACHE_DIR=<a file>
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = analyse(STORIES[0])
        second = analyse(STORIES[1])
    assert [type(warning.message) for warning in caught] == [CacheNotWritableWarning]
    assert str(not_a_folder) in str(caught[0].message) and "without the cache" in str(caught[0].message)
    assert not first.from_cache and len(first.mentions) > 0 and len(second.sentences) == 1
    assert not_a_folder.read_text() == "x"


def test_a_corpus_run_with_an_unwritable_cache_folder_warns_once_and_finishes(tmp_path: Path):
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = analyse_corpus(corpus_folder(tmp_path), out_dir=tmp_path / "out", cache_dir=not_a_folder, batch_size=1, progress=False)
    assert [type(warning.message) for warning in caught] == [CacheNotWritableWarning]
    assert corpus.counts["parsed"] == corpus.counts["articles"] > 1 and len(corpus.table("sentences")) > 0
    assert not_a_folder.read_text() == "x"


def test_a_corpus_that_cannot_be_written_is_one_named_error(tmp_path: Path):
    not_a_folder = tmp_path / "out-is-a-file"
    not_a_folder.write_text("x")
    with pytest.raises(CorpusError, match="cannot write the corpus there"):
        analyse_corpus(corpus_folder(tmp_path), out_dir=not_a_folder, cache=False, progress=False)


def test_staging_folders_left_by_a_killed_run_are_removed_on_the_next_run(tmp_path: Path):
    out = tmp_path / "out"
    killed = out / ".tmp-killed"
    (killed / "mentions").mkdir(parents=True)
    (killed / "mentions" / "part-00000.parquet").write_bytes(b"half")
    running = out / ".tmp-running"  # another process still writing: recent files inside
    (running / "tokens").mkdir(parents=True)
    old = time.time() - STALE_STAGING_SECONDS - 60
    for path in (killed / "mentions" / "part-00000.parquet", killed / "mentions", killed, running):
        os.utime(path, (old, old))
    (running / "tokens" / "part-00003.parquet").write_bytes(b"new")
    keep = out / ".tmp-notes.txt"  # not a folder: never touched
    keep.write_text("mine")
    _SWEPT.discard(out)
    corpus = analyse_corpus(corpus_folder(tmp_path), out_dir=out, cache=False, progress=False)
    assert not killed.exists() and running.exists() and keep.exists()
    assert sorted(path.name for path in out.iterdir()) == sorted([corpus.path.name, ".tmp-running", ".tmp-notes.txt"])


def test_a_staging_folder_written_into_recently_is_kept(tmp_path: Path):
    folder = tmp_path / "cache"
    with staged_folder(folder / "article"):
        assert remove_stale_staging(folder) == []  # the one being written now
        assert len(list(folder.glob(".tmp-*"))) == 1
    assert remove_stale_staging(folder, older_than=-1) == []  # nothing left behind by a finished one
