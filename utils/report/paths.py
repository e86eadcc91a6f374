"""Paths as notebooks and readers see them: relative to the project root when inside it, else a
file name only; the machine paths scrubbed from the pages."""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any, Sequence

import nbformat

from utils import config


def shown_path(path: Path) -> str:
    """How a path appears in reports and parameters: relative to the project root when inside it,
    else its file name only (no machine path)."""
    try:
        return path.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return path.name


def notebook_path_parameter(path: Path) -> str:
    """The value a notebook parameter gets: relative to the project root when inside it (as
    notebooks expect), else absolute (the pages show only its name, see ``scrub_paths``)."""
    try:
        return path.resolve().relative_to(config.PROJECT_ROOT.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def scrub_paths(notebook: nbformat.NotebookNode, folders: Sequence[Path]) -> nbformat.NotebookNode:
    """A copy of the notebook whose every string has the machine paths of ``folders`` removed
    (``/home/me/articles/x.txt`` → ``x.txt``; the project root → paths relative to it)."""
    prefixes: dict[str, str] = {}
    for folder in folders:
        text = str(folder)
        if len(text) > 1:
            prefixes[text.rstrip("/") + "/"] = ""
            prefixes[html.escape(text.rstrip("/") + "/")] = ""
    order = sorted(prefixes, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(prefix) for prefix in order)) if order else None

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub("", value) if pattern else value
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return type(value)((key, clean(item)) for key, item in value.items())
        return value

    return nbformat.from_dict(clean(copy.deepcopy(dict(notebook))))
