"""The Excel workbook: a sheet per table, header frozen, widths set, and text that never becomes a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

from utils.report import exports

HOSTILE = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1+2", "-3+4", "@SUM(A1:A2)", "=1+1"]


def test_text_starting_with_a_formula_sign_stays_text(tmp_path: Path):
    table = pd.DataFrame({"text": HOSTILE, "number": [1, 2, 3, 4, 5]})
    path = exports.write_workbook(tmp_path / "tables.xlsx", {"hostile": table})
    sheet = openpyxl.load_workbook(path)["hostile"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == HOSTILE
    assert {cell.data_type for cell in cells} == {"s"}  # "f" would be a formula
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1, 2, 3, 4, 5]


def test_each_table_is_a_sheet_with_a_frozen_bold_header_and_widths(tmp_path: Path):
    tables = {
        "mentions": pd.DataFrame({"name": ["Vladimir Putin", "Moscow"], "start_char": [0, 40]}),
        "relations/pairs": pd.DataFrame({"source": ["a"], "sentences": [[1, 2]]}),
        "empty": pd.DataFrame({"only": pd.Series([], dtype=str)}),
    }
    workbook = openpyxl.load_workbook(exports.write_workbook(tmp_path / "t.xlsx", tables))
    assert workbook.sheetnames == ["mentions", "relations_pairs", "empty"]
    for (name, table), sheet in zip(tables.items(), workbook.worksheets):
        assert [cell.value for cell in sheet[1]] == list(table.columns), name
        assert sheet.max_row == len(table) + 1, name
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    assert workbook["mentions"].column_dimensions["A"].width == len("Vladimir Putin") + 2
    assert workbook["relations_pairs"]["B2"].value == "[1, 2]"


def test_values_excel_cannot_hold_are_made_safe(tmp_path: Path):
    table = pd.DataFrame({
        "when": pd.to_datetime(["2023-12-07T10:00:00+03:00", None], utc=True),
        "text": ["bell\x07 and tab\tkept", "x" * 40_000],
        "score": [0.5, float("nan")],
        "maybe": pd.array([1, None], dtype="Int64"),
    })
    sheet = openpyxl.load_workbook(exports.write_workbook(tmp_path / "t.xlsx", {"odd": table}))["odd"]
    assert sheet["A2"].value == dt.datetime(2023, 12, 7, 7, 0) and sheet["A3"].value is None
    assert sheet["B2"].value == "bell and tab\tkept"
    assert len(sheet["B3"].value) == exports.EXCEL_MAX_CELL and sheet["B3"].value.endswith("…")
    assert sheet["C3"].value is None and sheet["D2"].value == 1 and sheet["D3"].value is None


def test_sheet_names_are_cut_cleaned_and_unique():
    taken = {"entities"}
    assert exports.sheet_name("Entities", taken) == "Entities (2)"
    assert exports.sheet_name("a" * 40) == "a" * 31
    assert exports.sheet_name("what? [all]") == "what_ _all_"
