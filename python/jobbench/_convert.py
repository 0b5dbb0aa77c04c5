"""Conversion of pandas input frames to the columnar arrays that ``jobbench._core`` reads.

Keys become ``int32`` codes plus a list of category names (via :class:`pandas.Categorical`, no
per-row Python); numbers become C-contiguous ``float64`` arrays, without a copy when the column
already is one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError

__all__ = ["as_codes", "as_float64", "require_columns", "check_finite", "escape", "read_csv_frame",
           "CsvFrame", "MAX_CSV_BYTES"]

#: Files above this size are refused unread (256 MiB; an input table has some thousand rows).
MAX_CSV_BYTES: int = _core.MAX_CSV_BYTES


def escape(value: object) -> str:
    """``str(value)`` made safe for a one-line message (same rule as the C++ messages)."""
    return _core.escape_text(str(value))


@dataclass
class CsvFrame:
    """A CSV file read by the C++ reader: the frame, its file and each row's editor line."""

    frame: pd.DataFrame
    path: str
    lines: np.ndarray
    separator: str
    decimal: str
    encoding: str


def read_csv_frame(path: Union[str, "os.PathLike[str]"], required: Sequence[str] = (),
                   numeric: Sequence[str] = (), sep: Optional[str] = None,
                   decimal: Optional[str] = None, encoding: Optional[str] = None) -> CsvFrame:
    """Read a CSV file as users have it (UTF-8, UTF-8 with BOM or cp1252; ``,`` ``;`` or tab;
    decimal comma with ``;``) with the C++ reader, which detects what is not given.

    Columns in ``numeric`` become float64 (NaN for empty fields), the others str. Every error is
    one :class:`InputError` line naming the file, the editor line (header = line 1), the column
    and a hint.
    """
    table = _core.read_csv(os.fspath(path), list(required), list(numeric), sep or "", decimal or "",
                           encoding or "")
    columns = table["columns"]
    frame = pd.DataFrame({name: columns[name] for name in table["header"]})
    return CsvFrame(frame, os.fspath(path), np.asarray(table["lines"]), table["separator"],
                    table["decimal"], table["encoding"])


def require_columns(frame: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    """Raise :class:`InputError` naming the first required column that ``frame`` lacks."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table}: expected a pandas DataFrame, got {type(frame).__name__}")
    for col in columns:
        if col not in frame.columns:
            have = ", ".join(escape(c) for c in frame.columns) or "none"
            raise InputError(f"{table}: missing required column '{col}' (columns present: {have})")


def as_codes(values: pd.Series | np.ndarray | Sequence, table: str = "input",
             column: str = "key") -> tuple[list[str], np.ndarray]:
    """Return ``(categories, codes)``: category names as ``str`` and ``int32`` codes into them.

    A missing key (NaN/None) raises :class:`InputError` naming the row.
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.array
    else:
        cat = pd.Categorical(values)
    codes = np.ascontiguousarray(cat.codes, dtype=np.int32)
    missing = np.flatnonzero(codes < 0)
    if missing.size:
        raise InputError(f"{table} row {int(missing[0])}: missing {column}; every row needs a {column}")
    categories = [str(c) for c in cat.categories]
    return categories, codes


def as_float64(values: pd.Series | np.ndarray | Sequence, table: str = "input",
               column: str = "value") -> np.ndarray:
    """C-contiguous float64 view of ``values``; shares memory with the input when it already is one.

    Text that is not a number raises :class:`InputError` naming the row.
    """
    try:
        return _as_float64(values)
    except (TypeError, ValueError):
        if not isinstance(values, pd.Series):
            values = pd.Series(values)
        parsed = pd.to_numeric(values, errors="coerce")
        bad = np.flatnonzero(parsed.isna().to_numpy() & values.notna().to_numpy())
        i = int(bad[0]) if bad.size else 0
        raise InputError(f"{table} row {i}: '{escape(values.iloc[i])}' in column '{column}' "
                         "is not a number") from None


def _as_float64(values: pd.Series | np.ndarray | Sequence) -> np.ndarray:
    if isinstance(values, pd.Series):
        if pd.api.types.is_float_dtype(values.dtype) and values.dtype == np.float64:
            arr = values.to_numpy(copy=False)
        else:
            try:
                arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
            except (TypeError, ValueError):
                arr = pd.to_numeric(values, errors="raise").to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        arr = np.asarray(values, dtype=np.float64)
    return np.ascontiguousarray(arr, dtype=np.float64)


def check_finite(arr: np.ndarray, table: str, column: str, keys: Sequence[pd.Series] = ()) -> None:
    """Raise :class:`InputError` naming the first row whose value is NaN or infinite."""
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        i = int(bad[0])
        key = ", ".join(escape(k.iloc[i]) for k in keys)
        where = f"{table} row {i}" + (f" ({key})" if key else "")
        what = "missing value (NaN)" if np.isnan(arr[i]) else f"non-finite value {arr[i]}"
        raise InputError(f"{where}: {what} in column '{column}'; {column} must be finite")
