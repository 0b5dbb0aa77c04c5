"""Property test of the staff-time workbook reader: a template with random cell edits (numbers,
text, formulas, huge and non-finite values, far-away stray cells) or random bytes gives frames or a
jobbench InputError, never another exception.

A workbook error lists every problem it found, one line each (header line "N problem(s) …" when there
are several), so here each line must name the workbook file.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobbench
from jobbench.staff.workbook import DATA_SHEET, FIRST_DATA_ROW

_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
    st.text(max_size=12), st.sampled_from(["=1/2", "=A1", "=SUM(1,2)", "inf", "nan", "", "1e308", "-1"]))
_EDITS = st.lists(st.tuples(st.integers(1, FIRST_DATA_ROW + 30), st.integers(1, 130), _VALUES),
                  min_size=1, max_size=6)
_FAR = st.sampled_from([None, (1048576, 1), (30000, 3), (FIRST_DATA_ROW + 2, 300)])


def _template(directory: Path) -> Path:
    path = directory / "Varde.xlsx"
    if not path.exists():
        jobbench.write_template(path, "Varde", rows=20)
    return path


def _read(path: Path) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jobbench.WorkbookWarning)
        try:
            return jobbench.read_workbook(path)
        except jobbench.InputError as exc:
            lines = str(exc).splitlines()
            assert lines and all(path.name in line or line.startswith("...") for line in lines), str(exc)
            return exc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_EDITS, far=_FAR)
def test_edited_template_gives_frames_or_an_input_error(tmp_path_factory, edits, far):
    directory = tmp_path_factory.mktemp("wb")
    book = openpyxl.load_workbook(_template(directory))
    sheet = book[DATA_SHEET]
    path = directory / "edited" / "Varde.xlsx"
    path.parent.mkdir()
    try:
        for row, column, value in edits:
            if not isinstance(sheet.cell(row, column), openpyxl.cell.cell.MergedCell):
                sheet.cell(row, column).value = value
        if far is not None:
            sheet.cell(*far).value = 1
        book.save(path)
    except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
        return  # openpyxl itself refuses to write this value: nothing to read
    result = _read(path)
    if not isinstance(result, Exception):
        employees, shares = result
        assert isinstance(employees, pd.DataFrame) and isinstance(shares, pd.DataFrame)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), zip_header=st.booleans())
def test_random_bytes_give_an_input_error(tmp_path_factory, data, zip_header):
    path = tmp_path_factory.mktemp("bytes") / "Varde.xlsx"
    path.write_bytes((b"PK\x03\x04" if zip_header else b"") + data)
    assert isinstance(_read(path), jobbench.InputError)
