"""Corpus mode: many articles, one call, streamed, cached per article, on one machine or a Dask cluster.

``analyse_corpus(source)`` reads a folder of article files or a JSONL/JSON/CSV/Parquet file with one
article a row, skips (and reports) duplicates and unreadable rows, parses the rest with
``nlp.pipe`` and writes the six analysis tables of every article, each with an ``article_id``
column, plus an ``articles`` table (metadata) and a ``problems`` table, as Parquet parts under
``data/processed/corpus-<key>/<table>/part-NNNNN.parquet``. The key hashes the input bytes, the
scope, the model and the pipeline version; the same input is never analysed twice, and an
unchanged article is never parsed twice (the per-article cache of ``utils.analysis`` is reused).

Memory stays flat: articles are read one at a time and tables are written every ``chunk_size``
articles. (Only the set of article ids seen, for duplicate detection, grows: 16 bytes an article.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from utils import config
from utils.corpus_tables import CorpusDamagedError, CorpusTables, corpus_connection, corpus_dtypes, is_corpus_folder
from utils.engines import DEFAULT_BATCH_SIZE, PartWriter, RunCounts, _progress_bar, _run_dask, _run_local
from utils.pipeline.tables import Scope
from utils.read.sources import CorpusEntry, CorpusError, Problem, iter_corpus
from utils.search import results as search_results
from utils.stories.corpus import corpus_shared_passages, corpus_stories, corpus_topics, story_view
from utils.store import MANIFEST, corpus_key, pipeline_version, staged_folder

__all__ = ["Corpus", "CorpusDamagedError", "CorpusError", "CorpusRebuiltWarning", "CorpusTables", "analyse_corpus",
           "corpus_connection", "corpus_dtypes", "is_corpus_folder"]

DEFAULT_CHUNK_SIZE = 200


@dataclass
class Corpus(CorpusTables):
    """A finished corpus run (:class:`CorpusTables`: tables, views, SQL) with search and stories.

    A view (``corpus.view(ids)``, ``subset``, ``story``) is a Corpus too.
    """

    # ------------------------------------------------------------------ search (utils/search, docs/search.md)

    def search(self, query: str) -> pd.DataFrame:
        """One row per article matching ``query`` (Lucene / Media Cloud syntax), best first, with its hits and first matching sentence."""
        return search_results.search(self, query)

    def matches(self, query: str, *, n: int | None = 50) -> pd.DataFrame:
        """The sentences matching ``query`` (KWIC), best first, with the matched spans (article-text offsets) to highlight."""
        return search_results.matches(self, query, n=n)

    def attention(self, query: str, *, period: str = "week", by: str | None = None) -> pd.DataFrame:
        """Per period (and ``by`` value) the articles matching ``query`` and their share of all articles then."""
        return search_results.attention(self, query, period=period, by=by)

    def subset(self, query: str) -> "Corpus":
        """The articles matching ``query`` as a view: every table, SQL query and corpus function sees only them."""
        return search_results.subset(self, query)

    # ------------------------------------------------------------------ stories (utils/stories/, cached in <corpus>/stories/)

    def stories(self, **options: Any) -> pd.DataFrame:
        """One row per story (articles about one event): label, articles, sources, first and last date, tone; largest first."""
        return corpus_stories(self, **options)

    def story(self, story_id: int, **options: Any) -> "Corpus":
        """The articles of one story (``stories()['story_id']``) as a view."""
        return story_view(self, story_id, **options)

    def topics(self, **options: Any) -> dict[str, pd.DataFrame]:
        """``{"topics", "articles", "shares"}``: the corpus's topics, each article's topic, topic shares per month."""
        return corpus_topics(self, **options)

    def shared_passages(self, **options: Any) -> dict[str, pd.DataFrame]:
        """``{"passages", "pairs"}``: passages two articles share, with offsets in each, and the pairs that share them."""
        return corpus_shared_passages(self, **options)

    # ------------------------------------------------------------------ exploring in JupyterLab (utils/explorer/, docs/explorers.md)

    def explore(self, **options: Any):
        """A live explorer of the corpus in JupyterLab: a query box, attention, the matching articles, each article, the stories."""
        from utils.explorer.corpus import explore_corpus

        return explore_corpus(self, **options)


# --------------------------------------------------------------------------- analysing


def analyse_corpus(
    source: str | os.PathLike,
    *,
    scope: Scope | None = None,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: Any = None,
    out_dir: str | os.PathLike | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    progress: bool = True,
) -> Corpus:
    """Analyse every article of a folder or records file; returns the :class:`Corpus` written.

    ``engine="local"`` analyses in this process (``n_process=1``) or in ``n_process`` worker
    processes of this machine, each doing the whole per-article work (started as spaCy starts its
    own: fork on Linux; where the platform spawns them, a script needs the usual
    ``if __name__ == "__main__":`` guard); ``engine="dask"`` sends chunks of ``chunk_size``
    articles to a ``dask.distributed`` cluster:
    ``scheduler`` is a ``distributed.Client``, a scheduler address, or None for a LocalCluster of
    ``n_process`` worker processes. Both write identical tables. ``cache=False`` ignores and
    writes no caches. ``out_dir`` defaults to ``data/processed``; ``cache_dir`` (the per-article
    cache) to ``$NEWS_CACHE_DIR``, on each Dask worker its own. ``source`` may also be a corpus
    folder written earlier (it holds the corpus ``manifest.json``): it is opened as it is.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    path = Path(source).expanduser()
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if is_corpus_folder(path):  # already analysed: open it, nothing to read or hash
        return Corpus.open(path, reused=True)
    scope = scope or Scope()
    model_name = config.model_name(model)
    out_root = Path(out_dir or config.PROCESSED_DIR)
    key = corpus_key(path, scope, model_name)
    final = out_root / f"corpus-{key}"
    if cache and (final / MANIFEST).exists():
        damage = corpus_damage(final)
        if damage is None:
            return Corpus(final, json.loads((final / MANIFEST).read_text(encoding="utf-8")), reused=True)
        warnings.warn(f"{final}: {damage}; analysing the corpus again", CorpusRebuiltWarning, stacklevel=2)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CorpusError(
            f"{out_root}: cannot write the corpus there ({error.strerror or type(error).__name__}); pass out_dir= or set $NEWS_CACHE_DIR"
        ) from None
    with staged_folder(final) as staging:
        writer = PartWriter(staging)
        counts = RunCounts()
        problems: list[dict] = []
        entries = _entries_only(iter_corpus(path), problems, counts)
        bar = _progress_bar(progress, path)
        options = dict(scope=scope, model_name=model_name, cache=cache, batch_size=batch_size)
        if engine == "local":
            _run_local(entries, writer, counts, bar, n_process=n_process, chunk_size=chunk_size,
                       cache_dir=Path(cache_dir) if cache_dir else None, **options)
        else:
            _run_dask(entries, writer, counts, bar, scheduler=scheduler, n_workers=n_process, chunk_size=chunk_size,
                      cache_dir=str(cache_dir) if cache_dir else None, **options)
        bar.close()
        writer.write_problems(problems)
        rows = writer.finish()
        manifest = {
            "key": key,
            "source": str(path.resolve()),
            "engine": engine,
            "model": model_name,
            "scope": scope.key,
            "pipeline_version": pipeline_version(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "counts": vars(counts),
            "rows": rows,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Corpus(final, manifest)


class CorpusRebuiltWarning(UserWarning):
    """A finished corpus was found damaged and is analysed again."""


def corpus_damage(path: Path) -> str | None:
    """What is wrong with a finished corpus folder (an unreadable manifest, a Parquet part that is
    missing, cut short or holds another row count than the manifest says), or None when it is whole.

    Reads only the manifest and each part's footer, not the tables.
    """
    import pyarrow.parquet as pq

    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        expected = dict(manifest["rows"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"an unreadable manifest ({' '.join(str(error).split())[:120]})"
    for name, rows in expected.items():
        found = 0
        for part in sorted((path / name).glob("part-*.parquet")):
            try:
                found += pq.read_metadata(part).num_rows
            except (OSError, ValueError) as error:  # pyarrow's errors derive from these
                return f"a damaged corpus part {part.relative_to(path)} ({' '.join(str(error).split())[:120]})"
        if found != rows:
            return f"table {name} has {found:,} rows in its parts, the manifest says {rows:,}"
    return None


def _entries_only(items: Iterable[CorpusEntry | Problem], problems: list[dict], counts: RunCounts) -> Iterator[CorpusEntry]:
    for item in items:
        if isinstance(item, Problem):
            problems.append(vars(item).copy())
            if item.kind == "duplicate":
                counts.duplicates += 1
            else:
                counts.unreadable += 1
        else:
            counts.articles += 1
            yield item


