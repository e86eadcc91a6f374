"""A report folder: the names of the files it holds, where it goes (one per article, pair or corpus,
never another input's), where a corpus's tables are, and files written into it atomically."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from utils import config
from utils.report.paths import notebook_path_parameter

MANIFEST_NAME = "report.json"
PLOTLY_SCRIPT = "plotly.min.js"  # the one plotly.js of a report folder, beside its pages
STYLESHEET = "notebook.css"  # the one copy of JupyterLab's stylesheets of a report folder
DATATABLES_SCRIPT = "datatables.js"  # the one DataTables bundle (itables' offline mode) of a report folder
WORKBOOK_NAME = "tables.xlsx"  # in exports/: every table of the report as one Excel workbook
COMBINED_NAME = "all-results.html"


def folder_name(stem: str) -> str:
    """A file stem made safe as a folder and URL part: letters (any script), digits, ``.``, ``_``, ``-``."""
    text = unicodedata.normalize("NFC", stem)
    text = re.sub(r"[^\w.-]+", "-", text).strip("-.")
    return text[:80] or "article"


def source_key(path: Path, *more: Path) -> str:
    """A short id of where an input lives (its resolved path; of a pair, both), to tell apart inputs with one stem."""
    text = "\n".join(str(Path(item).resolve()) for item in (path, *more))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def article_folder(out_dir: Path, source: Path, *, prefix: str = "") -> Path:
    """``out_dir/<stem>``; the same input reuses its folder, another input with the same stem
    gets ``<stem>-<id>`` so nothing is overwritten."""
    return report_folder(out_dir, prefix + folder_name(source.stem), source_key(source))


def pair_folder(out_dir: Path, article_a: Path, article_b: Path) -> Path:
    """``out_dir/<a-stem>-vs-<b-stem>``, the folder of a pair of articles (``<...>-<id>`` when taken)."""
    return report_folder(out_dir, f"{folder_name(article_a.stem)[:38]}-vs-{folder_name(article_b.stem)[:38]}", source_key(article_a, article_b))


def report_folder(out_dir: Path, name: str, key: str) -> Path:
    """``out_dir/name`` unless another input's report holds it, then ``out_dir/name-key``."""
    for candidate in (out_dir / name, out_dir / f"{name}-{key}"):
        manifest = candidate / MANIFEST_NAME
        if not candidate.exists():
            return candidate
        try:
            if json.loads(manifest.read_text(encoding="utf-8")).get("source_key") == key:
                return candidate
        except (OSError, ValueError):
            continue
    return out_dir / f"{name}-{key}"


def corpus_tables_folder(corpus: Path) -> Path:
    """Where notebook 05's corpus run keeps its Parquet tables (``data/processed/corpus-<key>``, or
    the corpus folder itself when given an analysed one)."""
    from utils.corpus import is_corpus_folder
    from utils.pipeline.tables import Scope
    from utils.store import corpus_key

    path = config.resolve_article_path(notebook_path_parameter(corpus))
    if is_corpus_folder(path):
        return path
    return config.PROCESSED_DIR / f"corpus-{corpus_key(path, Scope(), config.model_name())}"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_dirs(path: Path) -> None:
    """Create the folder and its parents if missing."""
    path.mkdir(parents=True, exist_ok=True)  # modes from the umask (no private 0700 folders)


def write_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary file in the same folder and a rename (mode from the umask)."""
    make_dirs(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
