"""The workbook reader's limits: stray cells far away, zip bombs, files that are not .xlsx."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from jobbench import InputError
from jobbench.staff import workbook as wbmod
from jobbench.staff.template import write_template
from jobbench.staff.workbook import DATA_SHEET, FIRST_DATA_ROW, MAX_EMPLOYEE_ROWS, read_workbook


@pytest.fixture()
def template(tmp_path):
    return write_template(tmp_path / "varde.xlsx", "Varde", rows=5)


_load = openpyxl.load_workbook  # the tests' own edits do not go through the spy


@pytest.fixture()
def opened(monkeypatch):
    """Records the keyword arguments of every openpyxl.load_workbook call the reader makes."""
    calls: list[dict] = []
    def spy(*args, **kwargs):
        calls.append(kwargs)
        return _load(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    return calls


def _set(path, **cells):
    wb = _load(path)
    for coordinate, value in cells.items():
        wb[DATA_SHEET][coordinate] = value
    wb.save(path)


def _rewrite_sheet(path, edit) -> None:
    """Rewrite the collection sheet's XML (the second sheet of a template) with ``edit(bytes) -> bytes``."""
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info.filename, edit(data) if info.filename == "xl/worksheets/sheet2.xml" else data)


def test_stray_cell_at_the_last_excel_row_is_an_error_naming_it(template, opened):
    # Before: the reader walked 1,048,576 rows x 113 columns (more than 10 minutes, gigabytes).
    _set(template, A1048576="x")
    with pytest.raises(InputError) as info:
        read_workbook(template)
    message = str(info.value)
    assert message.startswith(f"varde.xlsx!{DATA_SHEET} cell A1048576: a value outside the area")
    assert f"{MAX_EMPLOYEE_ROWS:,} employee rows" in message and "Ctrl+End" in message
    assert "\n" not in message
    assert opened == [{"read_only": True, "data_only": True}]


def test_row_and_column_limits(template):
    last = FIRST_DATA_ROW + MAX_EMPLOYEE_ROWS - 1
    _set(template, **{f"A{last + 1}": "x"})
    with pytest.raises(InputError, match=f"cell A{last + 1}: a value outside"):
        read_workbook(template)
    fresh = write_template(template.parent / "cols.xlsx", "Varde", rows=5)
    _set(fresh, GS7="note")  # column 201
    with pytest.raises(InputError, match="cell GS7: a value outside the area .* columns A-GR"):
        read_workbook(fresh)
    # the last accepted row is read like any other
    ok = write_template(template.parent / "ok.xlsx", "Varde", rows=5)
    _set(ok, **{f"A{last}": "V1", f"B{last}": "Jobcenter", f"D{last}": 1, f"H{last}": 100})
    employees, shares = read_workbook(ok)
    assert list(employees["source"]) == [f"ok.xlsx!{DATA_SHEET} row {last}"]
    assert list(shares["task"]) == ["adp.modt"]


def test_empty_styled_cells_far_away_are_no_error(template):
    wb = _load(template)
    wb[DATA_SHEET]["A1048576"].number_format = "0.0"  # formatted, no value
    wb.save(template)
    employees, _ = read_workbook(template)
    assert employees.empty


def test_zip_bomb_is_refused_before_openpyxl_opens_it(template, opened):
    # ~20 MB of empty rows packed into a few tens of KB (ratio ~1000:1)
    _rewrite_sheet(template, lambda xml: xml.replace(b"</sheetData>", b"<row/>" * 3_500_000 + b"</sheetData>"))
    assert template.stat().st_size < 200_000
    with pytest.raises(InputError) as info:
        read_workbook(template)
    message = str(info.value)
    assert message.startswith("varde.xlsx: part 'xl/worksheets/sheet2.xml' unpacks to ")
    assert f"more than the reader's limit of {wbmod.MAX_RATIO}:1 (a zip bomb" in message
    assert opened == []


def test_part_and_total_size_limits(template, monkeypatch, opened):
    monkeypatch.setattr(wbmod, "MAX_PART_BYTES", 2_000)
    with pytest.raises(InputError, match=r"part 'xl/.*' unpacks to 0\.\d MiB, more than the reader's limit"):
        read_workbook(template)
    monkeypatch.setattr(wbmod, "MAX_PART_BYTES", 64 * 1024**2)
    monkeypatch.setattr(wbmod, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(InputError, match="the .xlsx unpacks to .* more than the reader's limit"):
        read_workbook(template)
    assert opened == []


@pytest.mark.parametrize("content, expected", [
    (b"municipality,task,fte\nVarde,adp.modt,1\n", "not an Excel workbook (.xlsx): an .xlsx is a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "an Excel 97-2003 workbook (.xls) or a password"),
    ({"notes.txt": "hello"}, "a zip archive, not an Excel workbook (.xlsx)"),
    ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
     "an OpenDocument spreadsheet (.ods), not an Excel workbook"),
])
def test_files_that_are_not_xlsx(tmp_path, content, expected, opened):
    path = tmp_path / "varde.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as z:
            for name, text in content.items():
                z.writestr(name, text)
    with pytest.raises(InputError) as info:
        read_workbook(path)
    assert str(info.value).startswith(f"varde.xlsx: {expected}")
    assert opened == []


def test_damaged_cell_names_the_cell(template):
    # a shared-string index that does not exist
    bad = b'<row r="12"><c r="A12" t="s"><v>999</v></c></row>'
    _rewrite_sheet(template, lambda xml: xml.replace(b"</sheetData>", bad + b"</sheetData>"))
    with pytest.raises(InputError, match=f"varde.xlsx!{DATA_SHEET} cell A12: damaged cell"):
        read_workbook(template)
