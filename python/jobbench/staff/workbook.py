"""Reading filled staff time workbooks (openpyxl, read-only and bounded).

``read_workbooks`` reads filled collection workbooks (one file, a folder or a list; the layout of
:mod:`.template`) back into a :class:`jobbench.StaffRoster`; a wrong layout raises
:class:`InputError` saying what was expected where. See docs/staff-time.md.
"""
from __future__ import annotations

import functools
import math
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

import pandas as pd

from .. import _core
from .._errors import InputError
from ..spec import Spec, SpecLike, load_spec
from .roster import StaffRoster
from .template import (CODE_ROW, DATA_SHEET, FIRST_DATA_ROW, FIXED_COLUMNS, INSTRUCTIONS_SHEET, LABEL_ROW,
                       MAX_EMPLOYEE_ROWS, SUM_CODE, SUM_LABEL, _col, _task_columns, template_columns)

__all__ = ["CODE_ROW", "DATA_SHEET", "FIRST_DATA_ROW", "INSTRUCTIONS_SHEET", "LABEL_ROW", "MAX_COLUMNS",
           "MAX_EMPLOYEE_ROWS", "MAX_PART_BYTES", "MAX_RATIO", "WorkbookWarning", "read_workbook",
           "read_workbooks", "template_columns"]

PathLike = Union[str, "os.PathLike[str]"]

MAX_ERRORS = 25

#: Limits of the reader (docs/staff-time.md); a workbook beyond them is refused with an InputError.
#: MAX_EMPLOYEE_ROWS (employee rows from FIRST_DATA_ROW) is the template's, in :mod:`.template`.
MAX_COLUMNS = 200  # columns A .. GR (the template uses about 115)
MAX_PART_BYTES = 64 * 1024**2  # unpacked size of one part (file) of the .xlsx zip archive
MAX_TOTAL_BYTES = 256 * 1024**2  # unpacked size of all parts
MAX_PARTS = 10_000
MAX_RATIO = 100  # unpacked : packed size of a part larger than RATIO_FROM_BYTES (a zip bomb's is ~1000)
RATIO_FROM_BYTES = 1024**2
_SHRINK_HINT = ("delete unused rows and columns (Ctrl+End in Excel jumps to the last used cell) and save "
                "again, or split the employees over several workbooks")


class WorkbookWarning(UserWarning):
    """A workbook was read with a caveat: cells held formulas, and their values as last calculated were used."""


class _NotFinite(ValueError):
    """A number that is infinite or not a number (``inf``, ``nan``)."""


def _number(value: Any) -> float | None:
    """A cell as a number; None if empty; raises ValueError for text that is not a number and
    :class:`_NotFinite` for ``inf``/``nan``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        text = text.rstrip("%").strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"-?\d+(,\d+)?", text):
            text = text.replace(",", ".")
        number = float(text)  # raises ValueError
    if not math.isfinite(number):
        raise _NotFinite
    return number


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _mib(size: int) -> str:
    return f"{size / 1024**2:.1f} MiB"


def _check_archive(path: Path, name: str) -> None:
    """Refuse what is not an .xlsx zip archive, and zip bombs, before openpyxl unpacks anything.

    The sizes come from the archive's directory; :mod:`zipfile` stops a part at its declared size
    (a part that claims less than it holds fails its CRC check), so they bound what openpyxl reads.
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name}: an Excel 97-2003 workbook (.xls) or a password-protected file, not an Excel "
                         "workbook (.xlsx); in Excel use Save As 'Excel Workbook (.xlsx)' without a password")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{name}: not an Excel workbook (.xlsx): an .xlsx is a zip archive and this file is "
                         f"not one ({exc}; a CSV, a renamed or a damaged file?); save it from Excel as "
                         "'Excel Workbook (.xlsx)'") from None
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        kind = "an OpenDocument spreadsheet (.ods)" if "mimetype" in names else "a zip archive"
        raise InputError(f"{name}: {kind}, not an Excel workbook (.xlsx); save it as 'Excel Workbook (.xlsx)'")
    if len(parts) > MAX_PARTS:
        raise InputError(f"{name}: {len(parts):,} parts in the .xlsx archive, more than the reader's limit of "
                         f"{MAX_PARTS:,}; save the workbook again from Excel")
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES:
            raise InputError(f"{name}: part '{part.filename}' unpacks to {_mib(part.file_size)}, more than the "
                             f"reader's limit of {_mib(MAX_PART_BYTES)} per part; {_SHRINK_HINT}")
        if part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise InputError(f"{name}: part '{part.filename}' unpacks to {ratio:,.0f} times its packed size "
                             f"({_mib(part.file_size)} from {part.compress_size:,} bytes), more than the "
                             f"reader's limit of {MAX_RATIO}:1 (a zip bomb, or a sheet of mostly empty cells); "
                             f"{_SHRINK_HINT}")
    total = sum(p.file_size for p in parts)
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"{name}: the .xlsx unpacks to {_mib(total)}, more than the reader's limit of "
                         f"{_mib(MAX_TOTAL_BYTES)}; {_SHRINK_HINT}")


class _DamagedCell(Exception):
    def __init__(self, coordinate: str, what: str) -> None:
        super().__init__(coordinate, what)
        self.coordinate, self.what = coordinate, what


@functools.lru_cache(maxsize=None)
def _parser_class() -> type:
    """openpyxl's streaming sheet parser (the one read-only mode uses), keeping each cell's formula.

    With ``data_only`` it gives a formula cell's cached value; this subclass also records the formula
    and whether a value was cached, so that the reader can warn about formulas and refuse uncalculated ones.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):  # type: ignore[misc, valid-type]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            kind = element.get("t", "n")
            raw = element.findtext(VALUE_TAG)
            try:
                cell = super().parse_cell(element)
            except (ValueError, IndexError, KeyError, OverflowError):
                if kind != "n" or raw is None:
                    raise _DamagedCell(element.get("r", "?"), f"value {raw!r} of type '{kind}'") from None
                # a number Excel cannot write (inf, nan): keep the text, the reader names it
                element.find(VALUE_TAG).text = None
                cell = super().parse_cell(element)
                cell["value"] = raw
            formula = element.find(FORMULA_TAG)
            text = None if formula is None else formula.text
            cell["formula"] = None if formula is None else (f"={text}" if text else "a shared formula")
            cell["cached"] = bool(raw) or (raw is not None and kind == "str")
            return cell

    return CellParser


class _Sheet:
    """The collection sheet, streamed once in openpyxl read-only mode: only rows and cells present in
    the file are visited, so a stray cell at A1048576 costs one row, and any value outside the
    reader's limits stops the reading with an error naming the cell."""

    last_row = FIRST_DATA_ROW + MAX_EMPLOYEE_ROWS - 1

    def __init__(self, wb: Any, ws: Any, where: str) -> None:
        self.wb, self.ws, self.where = wb, ws, where
        self.problems: list[str] = []
        self.formulas: list[str] = []
        self.merged: list[Any] = []

    def rows(self) -> Iterable[tuple[int, dict[int, dict[str, Any]]]]:
        """``(row, {column: cell})`` for every row with a value or a formula, in file order."""
        from openpyxl.utils import get_column_letter

        wb = self.wb
        with self.ws._get_source() as source:  # noqa: SLF001 - the read-only sheet's XML stream
            # openpyxl's own read-only state: shared strings and the date formats of the styles
            parser = _parser_class()(source, self.ws._shared_strings, data_only=True,  # noqa: SLF001
                                     epoch=wb.epoch, date_formats=wb._date_formats,  # noqa: SLF001
                                     timedelta_formats=wb._timedelta_formats)  # noqa: SLF001
            try:
                for r, cells in parser.parse():
                    used = {c["column"]: c for c in cells if not _is_blank(c["value"]) or c["formula"]}
                    if not used:
                        continue
                    beyond = [c for c in used if c > MAX_COLUMNS]
                    if r > self.last_row or beyond:
                        cell = f"{get_column_letter(beyond[0] if beyond else min(used))}{r}"
                        raise InputError(
                            f"{self.where} cell {cell}: a value outside the area the reader accepts (rows 1-"
                            f"{self.last_row:,}, i.e. {MAX_EMPLOYEE_ROWS:,} employee rows, and columns A-"
                            f"{get_column_letter(MAX_COLUMNS)}); delete stray cells (Ctrl+End in Excel jumps to "
                            "the last used cell) or split the employees over several workbooks")
                    yield r, used
            except InputError:
                raise
            except _DamagedCell as exc:
                raise InputError(f"{self.where} cell {exc.coordinate}: damaged cell ({exc.what}); open and save "
                                 "the file in Excel") from None
            except (ValueError, SyntaxError) as exc:  # ElementTree.ParseError is a SyntaxError
                raise InputError(f"{self.where}: the sheet's XML cannot be read ({exc}); open and save the "
                                 "file in Excel") from None
            self.merged = list(parser.merged_cells.mergeCell) if parser.merged_cells else []

    def value(self, cells: dict[int, dict[str, Any]], row: int, column: int) -> Any:
        """The cell's value (a formula's value as last calculated, with a warning later)."""
        cell = cells.get(column)
        if cell is None:
            return None
        if cell["formula"]:
            coordinate = f"{_col(column)}{row}"
            if not cell["cached"]:
                self.problems.append(f"{self.where} cell {coordinate}: {cell['formula']} has no calculated value "
                                     "(the file was never opened in Excel); open and save the file in Excel, "
                                     "or type the value")
                return None
            self.formulas.append(f"{coordinate} ({cell['formula']} = {cell['value']!r})")
        return cell["value"]

    def warn_formulas(self) -> None:
        if self.formulas:
            shown = ", ".join(self.formulas[:10]) + (f" and {len(self.formulas) - 10} more"
                                                     if len(self.formulas) > 10 else "")
            warnings.warn(f"{self.where}: {len(self.formulas)} cell(s) hold formulas; read the values Excel last "
                          f"calculated: {shown}", WorkbookWarning, stacklevel=4)


def _open_workbook(p: Path, name: str) -> Any:
    from openpyxl import load_workbook

    _check_archive(p, name)
    try:
        return load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several types for unreadable files
        raise InputError(f"{name}: cannot be read as an Excel workbook (.xlsx): {exc}") from None


def read_workbook(path: PathLike, spec: SpecLike = "benchmark2013") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one filled workbook: ``(employees, shares)`` frames for :class:`jobbench.StaffRoster`.

    Percentages become fractions; every employee row keeps its ``source`` ("file!sheet row r").
    Raises :class:`InputError` listing layout problems and cells that are not numbers, each naming
    the sheet, cell (row and column) and what was expected there. A formula's value as last
    calculated by Excel is used, with a :class:`WorkbookWarning` naming the cells. Files that are
    not .xlsx, zip bombs and sheets beyond :data:`MAX_EMPLOYEE_ROWS` rows or :data:`MAX_COLUMNS`
    columns are refused before much is read (limits: docs/staff-time.md).
    """
    return _read_workbook(path, load_spec(spec))


def _read_workbook(path: PathLike, sp: Spec) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = Path(path)
    name = p.name
    wb = _open_workbook(p, name)
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise InputError(f"{name}: missing sheet '{DATA_SHEET}' (sheets present: "
                             f"{', '.join(wb.sheetnames)}); expected the collection workbook made by "
                             "`jobbench template`")
        ws = wb[DATA_SHEET]
        if not hasattr(ws, "_get_source"):
            raise InputError(f"{name}: '{DATA_SHEET}' is not a worksheet; expected the collection workbook "
                             "made by `jobbench template`")
        sheet = _Sheet(wb, ws, f"{name}!{DATA_SHEET}")
        return _read_sheet(sheet, name, sp)
    finally:
        wb.close()


def _check_header(sheet: _Sheet, header: dict[int, dict[int, dict[str, Any]]],
                  expected: list[tuple[str, str]]) -> str:
    """Checks B1 and the heading and code rows; returns the municipality."""
    where, problems = sheet.where, sheet.problems
    municipality = _text_cell(sheet.value(header.get(1, {}), 1, 2))
    if not municipality:
        problems.append(f"{where} cell B1: expected the municipality's name, found nothing")
    labels, codes = header.get(LABEL_ROW, {}), header.get(CODE_ROW, {})
    for j, (code, label) in enumerate(expected, start=1):
        got_code = _text_cell(sheet.value(codes, CODE_ROW, j))
        got_label = _text_cell(sheet.value(labels, LABEL_ROW, j))
        if got_code != code:
            problems.append(f"{where} cell {_col(j)}{CODE_ROW}: expected column code '{code}' ({label}), "
                            f"found '{got_code}'")
        elif got_label != label:
            problems.append(f"{where} cell {_col(j)}{LABEL_ROW}: expected heading '{label}' for column "
                            f"'{code}', found '{got_label}' (renamed column)")
    extra = _text_cell(sheet.value(codes, CODE_ROW, len(expected) + 1))
    if extra:
        problems.append(f"{where} cell {_col(len(expected) + 1)}{CODE_ROW}: expected no column after "
                        f"'{SUM_CODE}', found '{extra}'")
    return municipality


def _merged_problems(sheet: _Sheet) -> list[str]:
    from openpyxl.worksheet.cell_range import CellRange

    ranges = [CellRange(m.ref) for m in sheet.merged]
    return [f"{sheet.where} cells {rng.coord}: merged cells; expected one value per cell from row {LABEL_ROW} on "
            "(unmerge them)" for rng in ranges if rng.max_row >= LABEL_ROW]


def _read_sheet(sheet: _Sheet, name: str, sp: Spec) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = _task_columns(sp)
    expected = [(c, label) for c, label, _ in FIXED_COLUMNS] + list(zip(cols["code"], cols["label"]))
    expected.append((SUM_CODE, SUM_LABEL))
    n_fixed = len(FIXED_COLUMNS)
    task_codes = list(cols["code"])
    n_read = n_fixed + len(task_codes)
    header: dict[int, dict[int, dict[str, Any]]] = {}
    municipality: str | None = None
    employees: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    for r, cells in sheet.rows():
        if r < FIRST_DATA_ROW:
            header[r] = cells
            continue
        if municipality is None:
            municipality = _header_or_raise(sheet, name, header, expected)
        if not any(c <= n_read for c in cells):
            continue
        values = [sheet.value(cells, r, j) for j in range(1, n_read + 1)]
        employee, row_shares = _employee(sheet, r, values, expected, municipality, task_codes, len(employees))
        employees.append(employee)
        shares.extend(row_shares)
    if municipality is None:
        municipality = _header_or_raise(sheet, name, header, expected)
    problems = _merged_problems(sheet) + sheet.problems
    if problems:
        raise InputError(_problem_text(name, problems))
    sheet.warn_formulas()
    emp = pd.DataFrame(employees, columns=["municipality", "employee_id", "unit", "employment_type",
                                           "fte_fraction", "hours", "external_share", "source"])
    sh = pd.DataFrame(shares, columns=["municipality", "employee_id", "task", "share", "employee_row"])
    return emp, sh


def _header_or_raise(sheet: _Sheet, name: str, header: dict[int, dict[int, dict[str, Any]]],
                     expected: list[tuple[str, str]]) -> str:
    municipality = _check_header(sheet, header, expected)
    if sheet.problems:
        raise InputError(_problem_text(name, sheet.problems))
    return municipality


def _employee(sheet: _Sheet, r: int, values: list[Any], expected: list[tuple[str, str]], municipality: str,
              task_codes: list[str], row_index: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One employee row: the employee record and its task shares (fractions)."""
    where, n_fixed = sheet.where, len(FIXED_COLUMNS)
    employee_id = _text_cell(values[0])
    numbers: dict[int, float | None] = {}
    for j in range(3, len(values)):
        try:
            numbers[j] = _number(values[j])
        except ValueError as exc:
            code = expected[j][0]
            kind = ("weekly hours" if code == "hours" else "an FTE fraction 0-1" if code == "fte_fraction"
                    else "a percentage 0-100")
            what = "a finite number" if isinstance(exc, _NotFinite) else "a number"
            sheet.problems.append(f"{where} row {r} column {_col(j + 1)} ({code}): '{values[j]}' is not {what}; "
                                  f"expected {kind}")
    if not employee_id:
        sheet.problems.append(f"{where} row {r} column A (employee_id): expected an employee id, found nothing "
                              "(the row has other values)")
    ext = numbers.get(5)
    employee = {
        "municipality": municipality, "employee_id": employee_id,
        "unit": _text_cell(values[1]), "employment_type": _text_cell(values[2]) or "ordinary",
        "fte_fraction": float("nan") if numbers.get(3) is None else numbers[3],
        "hours": float("nan") if numbers.get(4) is None else numbers[4],
        "external_share": 0.0 if ext is None else ext / 100.0,
        "source": f"{where} row {r}",
    }
    row_shares = [{"municipality": municipality, "employee_id": employee_id, "task": code,
                   "share": v / 100.0, "employee_row": row_index}
                  for k, code in enumerate(task_codes) if (v := numbers.get(n_fixed + k)) is not None]
    return employee, row_shares


def _problem_text(name: str, problems: list[str]) -> str:
    head = f"{name}: {len(problems)} problem(s) in the workbook layout or cells"
    # Cell text may hold newlines or control characters: escape them, one problem per line.
    shown = [_core.escape_text(p) for p in problems[:MAX_ERRORS]]
    more = [f"... and {len(problems) - MAX_ERRORS} more"] if len(problems) > MAX_ERRORS else []
    return "\n".join([head] + shown + more)


def _workbook_paths(source: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if p.is_dir():
            paths = sorted(x for x in p.glob("*.xlsx") if not x.name.startswith("~$"))
            if not paths:
                raise InputError(f"{p}: no .xlsx workbooks in this folder")
            return paths
        if not p.is_file():
            raise InputError(f"{p}: no such workbook or folder")
        return [p]
    return [Path(x) for x in source]


def read_workbooks(source: PathLike | Iterable[PathLike], spec: SpecLike = "benchmark2013",
                   progress: Optional[Callable[[str], None]] = None, **roster_options: Any) -> StaffRoster:
    """Read one workbook, every ``.xlsx`` in a folder, or a list of files into one roster.

    ``progress`` is called with "k/n name.xlsx" before each workbook (the command line shows it).
    ``roster_options`` go to :class:`jobbench.StaffRoster` (``hours_per_fte``, ``units`` …).
    Layout problems raise :class:`InputError`; rule violations of single employees (shares above
    100 %, unknown employment type …) become :attr:`StaffResults.errors` naming file, sheet and row.
    """
    sp = load_spec(spec)  # once: the workbooks and the roster share this Spec
    paths = list(_workbook_paths(source))
    frames = []
    for k, path in enumerate(paths, start=1):
        if progress is not None:
            progress(f"{k}/{len(paths)} {Path(path).name}")
        frames.append(_read_workbook(path, sp))
    offset = 0
    emps, shs = [], []
    for emp, sh in frames:
        sh = sh.copy()
        sh["employee_row"] = sh["employee_row"] + offset
        offset += len(emp)
        emps.append(emp)
        shs.append(sh)
    employees = pd.concat(emps, ignore_index=True)
    shares = pd.concat(shs, ignore_index=True)
    return StaffRoster(sp, employees, shares, **roster_options)
