"""Exports: analysis tables written as CSV files and as one Excel workbook, for spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

EXCEL_MAX_ROWS = 1_048_576  # rows of one sheet, the header included
EXCEL_MAX_CELL = 32_767  # characters of one cell
SHEET_NAME_MAX = 31
MAX_COLUMN_WIDTH = 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


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


def sheet_name(name: str, taken: set[str] = frozenset()) -> str:
    """``name`` as an Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique among ``taken``."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "table"
    candidate, number = base[:SHEET_NAME_MAX], 2
    while candidate.lower() in {existing.lower() for existing in taken}:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    return candidate


def cell_value(value: Any) -> Any:
    """A table value as a value openpyxl stores as it is: None for missing, naive datetimes,
    lists and dicts as JSON text, text cut to Excel's 32,767 characters and without the control
    characters XML cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) == 0:
        value = value.item()  # numpy scalars
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        value = value.replace(tzinfo=None) if isinstance(value, dt.time) else value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, (bool, int, float, dt.date, dt.datetime, dt.time)):
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, (list, tuple, dict, set)) or hasattr(value, "tolist"):
        value = json.dumps(value.tolist() if hasattr(value, "tolist") else sorted(value) if isinstance(value, set) else value,
                           ensure_ascii=False, default=str)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text if len(text) <= EXCEL_MAX_CELL else text[: EXCEL_MAX_CELL - 1] + "…"


def write_workbook(path: str | Path, tables: Mapping[str, pd.DataFrame]) -> Path:
    """One Excel workbook with a sheet per table (header row in bold and frozen, column widths from
    the content, every text cell stored as text, so a value starting with ``=``, ``+``, ``-`` or ``@``
    is never a formula); a table longer than a sheet keeps its first 1,048,575 rows. The path written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for name, frame in tables.items():
        title = sheet_name(name, taken)
        taken.add(title)
        sheet = workbook.create_sheet(title)
        frame = frame.head(EXCEL_MAX_ROWS - 1)
        columns = [str(column) for column in frame.columns]
        rows = [[cell_value(value) for value in row] for row in frame.itertuples(index=False, name=None)]
        for number, column in enumerate(columns, start=1):
            sample = [column] + [row[number - 1] for row in rows[:500]]
            width = max((len(str(value)) if value is not None else 0 for value in sample), default=8)
            sheet.column_dimensions[get_column_letter(number)].width = min(MAX_COLUMN_WIDTH, max(8, width + 2))
        sheet.freeze_panes = "A2"

        def cells(values: list, *, font: Font | None = None) -> list:
            out = []
            for value in values:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: "=1+1" is shown, never computed
                if font is not None:
                    cell.font = font
                out.append(cell)
            return out

        sheet.append(cells(columns, font=bold))
        for row in rows:
            sheet.append(cells(row))
    if not taken:
        workbook.create_sheet("empty")
    temporary = path.with_name(f".{path.name}.part")
    workbook.save(temporary)
    temporary.replace(path)
    return path


def csv_tables(directory: str | Path, *, prefix: str = "") -> dict[str, pd.DataFrame]:
    """The CSV files in ``directory`` by name (``<prefix>relations.csv`` → ``relations``), in name order."""
    tables = {}
    for csv in sorted(Path(directory).glob(f"{prefix}*.csv")):
        name = csv.stem[len(prefix):] if prefix and csv.stem.startswith(prefix) else csv.stem
        try:
            tables[name] = pd.read_csv(csv, keep_default_na=False, na_values=[""])
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
            continue
    return tables
