"""Conversion of pandas input frames to the columnar arrays that ``jobbench._core`` reads.

Keys become ``int32`` codes plus a list of category names (via :class:`pandas.Categorical`, no
per-row Python); numbers become C-contiguous ``float64`` arrays, without a copy when the column
already is one.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._errors import InputError

__all__ = ["as_codes", "as_float64", "require_columns", "check_finite"]


def require_columns(frame: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    """Raise :class:`InputError` naming the first required column that ``frame`` lacks."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table}: expected a pandas DataFrame, got {type(frame).__name__}")
    for col in columns:
        if col not in frame.columns:
            have = ", ".join(map(str, frame.columns)) or "none"
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
        raise InputError(f"{table} row {i}: '{values.iloc[i]}' in column '{column}' is not a number") from None


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
        key = ", ".join(str(k.iloc[i]) for k in keys)
        where = f"{table} row {i}" + (f" ({key})" if key else "")
        what = "missing value (NaN)" if np.isnan(arr[i]) else f"non-finite value {arr[i]}"
        raise InputError(f"{where}: {what} in column '{column}'; {column} must be finite")
