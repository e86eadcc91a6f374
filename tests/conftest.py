"""Shared fixtures: an isolated cache, the seed article and its analysis, loaded once per session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Tests never touch the user's data/processed or reports: point both at a temporary folder
# before utils.config is imported (notebook kernels started by the tests inherit this too).
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="news-tests-"))
os.environ["NEWS_CACHE_DIR"] = str(_SESSION_DIR / "processed")
os.environ["NEWS_REPORTS_DIR"] = str(_SESSION_DIR / "reports")

import pytest  # noqa: E402

from utils import analyse, config, load_article  # noqa: E402


@pytest.fixture(scope="session")
def seed_article():
    return load_article(config.DEFAULT_ARTICLE)


@pytest.fixture(scope="session")
def seed_analysis(seed_article):
    return analyse(seed_article)


@pytest.fixture(scope="session")
def nlp():
    from utils.pipeline.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def session_dir() -> Path:
    return _SESSION_DIR


@pytest.fixture(scope="session")
def built_reports(session_dir: Path):
    """Every notebook executed on the seed and exported, once per test session."""
    from utils.report.build import build_reports

    out_dir = session_dir / "reports"
    return out_dir, build_reports(config.DEFAULT_ARTICLE, out_dir=out_dir)
