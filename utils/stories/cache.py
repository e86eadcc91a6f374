"""Stories results cached inside the corpus folder: ``corpus-<key>/stories/<name>-<key>/<table>.parquet``.

The key hashes the code of ``utils/stories/`` and the options, so the results are rebuilt when
either changes (the corpus folder's own key covers its tables). Written through
:func:`utils.store.staged_folder`: a run cut short leaves no half-written results.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Callable

import pandas as pd

from utils.store import MANIFEST, code_digest, staged_folder

STORIES_FOLDER = "stories"


@functools.lru_cache(maxsize=1)
def stories_code() -> str:
    """A digest of every ``.py`` file of ``utils/stories/``."""
    return code_digest(Path(__file__).resolve().parents[1], ("stories",))[:12]


def results_folder(corpus, name: str, options: dict, *, folder: str | Path | None = None) -> Path:
    """Where ``name`` computed with ``options`` on ``corpus`` is kept (``folder``: elsewhere than the corpus folder)."""
    key = hashlib.sha256(json.dumps({"code": stories_code(), "options": options}, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return Path(folder or Path(corpus.path) / STORIES_FOLDER) / f"{name}-{key}"


def cached(corpus, name: str, build: Callable[[], dict[str, pd.DataFrame]], *, options: dict,
           folder: str | Path | None = None, cache: bool = True) -> dict[str, pd.DataFrame]:
    """The tables ``build()`` returns, read from the cache when it holds them, else built and written."""
    target = results_folder(corpus, name, options, folder=folder)
    if cache and (target / MANIFEST).exists():
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        return {table: pd.read_parquet(target / f"{table}.parquet") for table in manifest["tables"]}
    tables = build()
    if cache:
        with staged_folder(target) as staging:
            for table, frame in tables.items():
                frame.to_parquet(staging / f"{table}.parquet", index=False)
            (staging / MANIFEST).write_text(json.dumps({"tables": list(tables), "options": options, "code": stories_code()}, default=str), encoding="utf-8")
    return tables
