"""The one Excel writer of jobbench: the ``run`` workbook (:func:`jobbench.write_tables`) and the
report workbook (:func:`jobbench.report.render.write_excel`) both write their sheets through
:func:`add_table_sheet`, so they share layout, headers and number formats:

* row 1 the sheet's title, row 2 the column headers, data from row 3 (``pandas.read_excel(path,
  sheet_name=..., header=1, index_col=0)`` reads a sheet back, indexed by code);
* the first columns are the row's ``Kode`` (item code, for VLOOKUP and filters) and its label
  without the report's layout prefixes ("*", "-");
* the header and data rows form an Excel Table (``worksheet.tables``) with autofilter;
* numbers are numbers with a number format by the row's or column's format (``decimal``, ``percent``,
  ``count``, ``integer``, ``rank``);
* the print setup is landscape, fit to one page wide, the header row repeated on each page.

Every text cell goes through :mod:`jobbench._safe_cells`, so no text (a municipality called
``=HYPERLINK(...)``, a label starting with ``-``) ever becomes a formula. openpyxl is imported by the
callers' functions only (this module needs no import of it at load time).
"""
from __future__ import annotations

import math
import re
from typing import Any, Optional, Sequence

from . import _safe_cells as safe

__all__ = ["CODE_HEADER", "LABEL_HEADER", "NUMBER_FORMATS", "add_table_sheet", "frame_sheet", "set_print_setup",
           "sheet_name"]

#: Excel number formats by a table row's (or column's) format.
NUMBER_FORMATS = {
    "decimal": '#,##0.0;-#,##0.0;"-"',
    "percent": "0.0%",
    "count": "#,##0",
    "integer": "#,##0",
    "rank": "0",
    "float": "0.000",
}

CODE_HEADER = "Kode"
LABEL_HEADER = "Række"

_TITLE_SIZE = 13
_HL_FILL = "FDEBD0"
_HL_HEAD = "F5B041"


def sheet_name(text: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, no ``[]:*?/\\``) for ``text``; adds it to ``used``."""
    bad = '[]:*?/\\'
    name = "".join("_" if ch in bad else ch for ch in str(text))[:31].strip("'") or "Ark"
    base, k = name, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({k})"
        name = base[:31 - len(suffix)] + suffix
        k += 1
    used.add(name)
    return name


def _table_name(text: str, used: set[str]) -> str:
    """An Excel Table name: letters, digits, ``_`` and ``.``, starting with a letter, never a cell reference."""
    base = "tbl_" + (re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_") or "x")
    name, k = base, 2
    while name.lower() in used:
        name = f"{base}_{k}"
        k += 1
    used.add(name.lower())
    return name


def _unique_headers(headers: Sequence[str]) -> list[str]:
    """Excel Table headers must be unique, non-empty text."""
    out: list[str] = []
    seen: set[str] = set()
    for h in headers:
        h = str(h).strip() or "Kolonne"
        name, k = h, 2
        while name.lower() in seen:
            name = f"{h} ({k})"
            k += 1
        seen.add(name.lower())
        out.append(name)
    return out


def set_print_setup(ws: Any, header_row: Optional[int] = None) -> None:
    """Landscape A4, fit to one page wide (any number of pages tall), the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _number(value: Any) -> Any:
    """A cell value: NaN and None become an empty cell, numpy scalars Python numbers, text stays text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def add_table_sheet(book: Any, name: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                    formats: Optional[Sequence[Sequence[Optional[str]]]] = None,
                    bold: Optional[Sequence[bool]] = None, highlight: Optional[int] = None,
                    key_columns: int = 2, used: Optional[set[str]] = None,
                    table_names: Optional[set[str]] = None, widths: Optional[Sequence[float]] = None,
                    note: str = "") -> Any:
    """Add one sheet: ``title`` in A1, ``headers`` in row 2, ``rows`` from row 3, as an Excel Table with
    autofilter, frozen below the headers and right of the ``key_columns`` (code and label), printed
    landscape and fit to width.

    ``formats[k][c]`` is the format name of value ``c`` of row ``k`` (``None`` = no number format);
    ``bold[k]`` makes row ``k`` bold; ``highlight`` is the index (in ``headers``) of a column to shade
    (the municipality's). A value that is ``str`` is stored as text, never as a formula; NaN is empty.
    Returns the worksheet.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    used = set() if used is None else used
    table_names = {t.lower() for ws in book.worksheets for t in ws.tables} if table_names is None else table_names
    ws = book.create_sheet(sheet_name(name, used))
    bold_font = Font(bold=True)
    safe.put(ws.cell(row=1, column=1), title).font = Font(bold=True, size=_TITLE_SIZE)
    headers = _unique_headers(headers)
    hl_fill = PatternFill("solid", fgColor=_HL_FILL)
    hl_head = PatternFill("solid", fgColor=_HL_HEAD)
    for c, header in enumerate(headers, start=1):
        cell = safe.put(ws.cell(row=2, column=c), header)
        cell.font = bold_font
        cell.alignment = Alignment(horizontal="left" if c <= key_columns else "center", wrap_text=True,
                                   vertical="center")
        if highlight is not None and c - 1 == highlight:
            cell.fill = hl_head
    for k, values in enumerate(rows):
        r = k + 3
        row_bold = bool(bold[k]) if bold is not None and k < len(bold) else False
        row_formats = formats[k] if formats is not None and k < len(formats) else None
        for c, value in enumerate(values, start=1):
            cell = safe.put(ws.cell(row=r, column=c), _number(value))
            fmt = row_formats[c - 1] if row_formats is not None and c - 1 < len(row_formats) else None
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and fmt:
                cell.number_format = NUMBER_FORMATS.get(fmt, NUMBER_FORMATS["decimal"])
            elif isinstance(value, str) and c > key_columns and value == ".":
                cell.alignment = Alignment(horizontal="right")
            if row_bold:
                cell.font = bold_font
            if highlight is not None and c - 1 == highlight:
                cell.fill = hl_fill
    last_row = max(3, len(rows) + 2)  # a Table needs at least one data row
    ref = f"A2:{get_column_letter(len(headers))}{last_row}"
    table = Table(displayName=_table_name(name, table_names), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False, showColumnStripes=False)
    table._initialise_columns()  # names the columns and adds the autofilter over the table
    for column, header in zip(table.tableColumns, headers):
        column.name = safe.clean(header)
    ws.add_table(table)
    ws.freeze_panes = f"{get_column_letter(key_columns + 1)}3"
    if widths is None:
        label_width = max([len(str(v[1])) for v in rows if len(v) > 1] + [12]) + 2 if key_columns >= 2 else 14
        code_width = max([len(str(v[0])) for v in rows if v] + [8]) + 2
        widths = [min(code_width, 30)] + ([min(label_width, 50)] if key_columns >= 2 else []) + \
            [13] * (len(headers) - key_columns)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.row_dimensions[2].height = 30
    if note:
        safe.put(ws.cell(row=last_row + 2, column=1), note)
    set_print_setup(ws, header_row=2)
    return ws


def frame_sheet(book: Any, name: str, title: str, frame: Any, *, index_header: str = CODE_HEADER,
                formats: Optional[dict[str, str]] = None, **kwargs: Any) -> Any:
    """:func:`add_table_sheet` for a DataFrame: its index (the codes) as the first column, then its columns.

    ``formats`` maps column names to format names (default: ``decimal`` for float columns)."""
    import pandas as pd

    columns = [str(c) for c in frame.columns]
    fmt_by_col = []
    for c in frame.columns:
        if formats and str(c) in formats:
            fmt_by_col.append(formats[str(c)])
        elif pd.api.types.is_float_dtype(frame[c]):
            fmt_by_col.append("float")
        elif pd.api.types.is_integer_dtype(frame[c]):
            fmt_by_col.append("integer")
        else:
            fmt_by_col.append(None)
    rows = []
    for code, values in zip(frame.index, frame.itertuples(index=False)):
        rows.append([str(code), *values])
    kwargs.setdefault("key_columns", 2 if columns and columns[0] == "label" else 1)
    return add_table_sheet(book, name, title, [index_header, *columns], rows,
                           formats=[[None, *fmt_by_col]] * len(rows), **kwargs)
