"""Exports: analysis tables written as CSV files for spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def export_tables(directory: str | Path, *, mentions: pd.DataFrame, entities: pd.DataFrame,
                  relations: pd.DataFrame | None = None, prefix: str = "") -> list[Path]:
    """Write mentions, entities (and relations) as CSV files in ``directory`` (created); the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = {"mentions": mentions, "entities": entities}
    if relations is not None:
        tables["relations"] = relations
    paths = []
    for name, frame in tables.items():
        path = directory / f"{prefix}{name}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)
    return paths
