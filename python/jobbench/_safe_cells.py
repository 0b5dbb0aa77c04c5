"""Spreadsheet output that cannot execute: text cells for openpyxl and neutralised CSV text.

openpyxl stores any ``str`` that starts with ``=`` as a live formula (and "#DIV/0!" etc. as an error
value), so a municipality or label such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would run when
the workbook is opened. Every writer puts data text through :func:`put`/:func:`append`, which store it
as a string cell (``t="inlineStr"``); a writer's own formulas (the template's row sums) are assigned
directly and stay formulas.

Spreadsheet programs also evaluate CSV fields that start with ``= + - @``, a tab or a carriage
return. :func:`csv_text` and :func:`csv_frame` neutralise such text the OWASP way, by prefixing a
``'``; numbers are never touched (a negative number is not text).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import pandas as pd

__all__ = ["CSV_TRIGGERS", "append", "clean", "csv_frame", "csv_text", "put"]

#: Leading characters that make a spreadsheet program read a CSV field as a formula.
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Control characters XML 1.0 cannot hold (openpyxl raises IllegalCharacterError on them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """``text`` with control characters that an .xlsx cannot store replaced by U+FFFD."""
    return _ILLEGAL.sub("\ufffd", text)


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl cell's value; a ``str`` is always stored as text, never as a formula. Returns the cell."""
    if isinstance(value, str):
        cell.value = clean(value)
        cell.data_type = "s"  # written as an inline string whatever its first character
    else:
        cell.value = value
    return cell


def append(sheet: Any, values: Iterable[Any]) -> tuple[Any, ...]:
    """``sheet.append(values)`` with every ``str`` stored as text (see :func:`put`); returns the row's cells."""
    values = [clean(v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    row = sheet[sheet.max_row]
    for cell, value in zip(row, values):
        if isinstance(value, str):
            cell.data_type = "s"
    return row


def csv_text(value: Any) -> Any:
    """A CSV field: text starting with ``= + - @``, tab or CR gets a leading ``'``; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(CSV_TRIGGERS):
        return "'" + value
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text (index, column names, text columns) went through :func:`csv_text`.

    Numeric columns keep their dtype, so negative numbers are written as numbers.
    """
    out = frame.copy()
    out.columns = pd.Index([csv_text(c) for c in out.columns], name=csv_text(frame.columns.name))
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([tuple(csv_text(v) for v in t) for t in out.index],
                                              names=[csv_text(n) for n in out.index.names])
    elif not pd.api.types.is_numeric_dtype(out.index):
        out.index = pd.Index([csv_text(v) for v in out.index], name=csv_text(out.index.name))
    for k in range(out.shape[1]):
        column = out.iloc[:, k]
        if not pd.api.types.is_numeric_dtype(column):  # bool counts as numeric
            out.iloc[:, k] = column.map(csv_text)
    return out
