"""Notebook housekeeping: strip outputs before committing, and check the conventions.

``python -m utils.report.notebooks strip notebooks/*.ipynb`` (what ``make strip`` runs).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import nbformat


def strip_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with outputs, execution counts and run metadata removed."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "papermill", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    for key in ("papermill", "widgets"):
        notebook.metadata.pop(key, None)
    return notebook


def parameter_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The cells tagged ``parameters``."""
    return [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(argv if argv is not None else sys.argv[1:])
    if not arguments or arguments[0] != "strip":
        print("usage: python -m utils.report.notebooks strip NOTEBOOK...", file=sys.stderr)
        return 2
    for path in map(Path, arguments[1:]):
        notebook = nbformat.read(path, as_version=4)
        nbformat.write(strip_outputs(notebook), path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
