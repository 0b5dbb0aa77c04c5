"""The person-week panel: its columns as the C++ engine's arrays, and panel files.

Category and dictionary columns become integer codes, numeric columns are passed without a copy;
no per-row Python (docs/register-indicators.md). Every rule but one is the engine's: a value that
does not fit the engine's integers is refused here, before the narrowing cast (see below).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from .._errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

__all__ = ["PANEL_COLUMNS", "REQUIRED_COLUMNS", "read_panel"]

PANEL_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer", "conversations",
                 "partial_sick")
REQUIRED_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer")

TableLike = Union[pd.DataFrame, "pa.Table", "pa.RecordBatch"]


# --- column conversion ---------------------------------------------------------------------------
#
# The engine reads int32 / int64 columns in place (no copy). A value that does not fit the engine's
# type would wrap around in the narrowing cast (756 + 2**32 -> 756), and once cast it cannot be
# told from a valid value, so this range rule is the one rule checked here, before the cast, in one
# place (_int_column); every other rule is the engine's. The binding refuses unsafe casts, so no
# other path narrows silently.

_INT_HINTS = {
    "person": "person ids must be integers from -2**63 to 2**63-1",
    "week": "weeks are ISO weeks YYYYWW, e.g. 201301",
    "municipality": "municipality codes are small integers, e.g. 573 (Varde)",
    "conversations": "conversations are a weekly count, e.g. 0, 1 or 2",
    "group": "integer codes are positions in the spec's list of register groups",
    "offer": "integer codes are positions in the spec's offer list (0 = none)",
}


class _Rows:
    """How messages name a row: its 0-based position in the table as given (``first`` = position of
    the piece's row 0, e.g. of a record batch), or the 1-based line of the file it was read from."""

    def __init__(self, source: str = "", first: int = 0, lines: bool = False) -> None:
        self.source = source
        self.first = first
        self.lines = lines

    def where(self, row: int) -> str:
        label = f"line {row + self.first}" if self.lines else f"row {row + self.first}"
        return f"register panel {self.source} {label}" if self.source else f"register panel {label}"

    def missing(self, row: int, name: str) -> InputError:
        return InputError(f"{self.where(row)}, column '{name}': missing value (every row needs one; "
                          "drop or fill the row)")


_POSITIONS = _Rows()


def _scalar(value: Any) -> str:
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # e.g. a list in a cell
        return False


def _exact_int(value: Any) -> Optional[int]:
    """The integer a cell holds (int, integral float, digit string), or None."""
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if np.isfinite(value) and float(value).is_integer() else None
    if isinstance(value, (str, bytes)):
        try:
            return int(value.strip())
        except ValueError:
            try:
                f = float(value)
            except ValueError:
                return None
            return int(f) if np.isfinite(f) and f.is_integer() else None
    return None


def _out_of_range(row: int, name: str, value: Any, dtype: Any, rows: _Rows) -> InputError:
    info = np.iinfo(dtype)
    return InputError(f"{rows.where(row)}, column '{name}': {_scalar(value)} is outside the engine's "
                      f"range {info.min} to {info.max} ({info.bits}-bit integers); "
                      f"{_INT_HINTS.get(name, 'fix the value')}")


def _object_ints(arr: np.ndarray, name: str, dtype: Any, rows: _Rows) -> np.ndarray:
    """Cells of an object column one by one (only when the fast conversion failed)."""
    info = np.iinfo(dtype)
    out = np.empty(arr.size, dtype=dtype)
    for i, value in enumerate(arr):
        if _is_missing(value):
            raise rows.missing(i, name)
        n = _exact_int(value)
        if n is None:
            raise InputError(f"{rows.where(i)}, column '{name}': {_scalar(value)} is not an integer; "
                             f"{_INT_HINTS.get(name, 'fix the value')}")
        if not info.min <= n <= info.max:
            raise _out_of_range(i, name, n, dtype, rows)
        out[i] = n
    return out


def _int_column(values: Any, name: str, dtype: Any, rows: _Rows = _POSITIONS) -> np.ndarray:
    """A contiguous int32/int64 array, every value checked to fit ``dtype`` before the cast."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise InputError(f"register panel: column '{name}' must be one-dimensional")
    if arr.size == 0:
        return np.empty(0, dtype=dtype)
    if arr.dtype.kind in "OUS":
        try:
            arr = np.asarray(pd.to_numeric(arr))
        except (ValueError, TypeError, OverflowError):
            return _object_ints(arr.astype(object), name, dtype, rows)
        if arr.dtype.kind == "O":  # integers beyond 64 bits
            return _object_ints(arr, name, dtype, rows)
    kind = arr.dtype.kind
    info = np.iinfo(dtype)
    if kind == "f":
        nan = np.isnan(arr)
        if nan.any():
            raise rows.missing(int(np.flatnonzero(nan)[0]), name)
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(arr) | (arr != np.floor(arr))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"{rows.where(i)}, column '{name}': {_scalar(arr[i])} is not an integer; "
                             f"{_INT_HINTS.get(name, 'fix the value')}")
        # float(info.max) + 1 is a power of two, exact in float64
        out = (arr < float(info.min)) | (arr >= float(info.max) + 1.0)
    elif kind == "u":
        out = arr > info.max if arr.dtype.itemsize >= np.dtype(dtype).itemsize else None
    elif kind == "i":
        out = (arr < info.min) | (arr > info.max) if arr.dtype.itemsize > np.dtype(dtype).itemsize else None
    elif kind == "b":
        out = None
    else:
        raise InputError(f"register panel: column '{name}' must hold integers (got {arr.dtype}); "
                         f"{_INT_HINTS.get(name, 'fix the column')}")
    if out is not None and out.any():
        i = int(np.flatnonzero(out)[0])
        raise _out_of_range(i, name, arr[i], dtype, rows)
    return np.ascontiguousarray(arr, dtype=dtype)


_FLOAT_HINTS = {
    "benefit_share": "benefit_share is the share of the week on benefit, in (0, 1]",
    "wage_hours": "wage_hours are the week's ordinary paid working hours, a number >= 0",
}


def _float_column(values: Any, name: str, rows: _Rows) -> np.ndarray:
    """benefit_share / wage_hours as float64; NaN stays (the engine reports it under its rule)."""
    arr = np.asarray(values)
    if arr.dtype.kind in "fiub":
        return np.ascontiguousarray(arr, dtype=np.float64)
    if arr.dtype.kind in "OUS":
        numbers = pd.to_numeric(pd.Series(arr, dtype=object), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan)
        bad = np.isnan(numbers) & ~pd.isna(pd.Series(arr, dtype=object)).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"{rows.where(i)}, column '{name}': {_scalar(arr[i])} is not a number; "
                             f"{_FLOAT_HINTS.get(name, 'fix the value')}")
        return np.ascontiguousarray(numbers)
    raise InputError(f"register panel: column '{name}' must hold numbers (got {arr.dtype})")


def _bool_column(values: Any, name: str, rows: _Rows) -> np.ndarray:
    """partial_sick: bool, or 0/1 (anything else would turn True silently)."""
    arr = np.asarray(values)
    if arr.dtype.kind == "b":
        return np.ascontiguousarray(arr)
    if arr.size == 0:
        return np.zeros(0, dtype=np.bool_)
    if arr.dtype.kind in "iuf":
        bad = (arr != 0) & (arr != 1)
    else:
        cells = pd.Series(arr, dtype=object)
        bad = ~cells.map(lambda v: isinstance(v, (bool, np.bool_)) or
                         (_exact_int(v) in (0, 1) and not isinstance(v, (str, bytes)))).to_numpy(bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if _is_missing(arr[i]):
            raise rows.missing(i, name)
        raise InputError(f"{rows.where(i)}, column '{name}': {_scalar(arr[i])} is not a bool; "
                         "partial_sick is True/False (or 1/0)")
    return np.ascontiguousarray(arr.astype(np.float64) != 0)


def _codes(codes: np.ndarray, name: str, rows: _Rows) -> np.ndarray:
    """Integer category codes as int8/16/32 (negative = missing, the engine's 'unknown code')."""
    if codes.dtype.kind == "i" and codes.dtype.itemsize <= 4:
        return np.ascontiguousarray(codes)
    return _int_column(codes, name, np.int32, rows)


def _pandas_column(frame: pd.DataFrame, name: str, kind: str, spec: Any, rows: _Rows) -> Any:
    col = frame[name]
    if isinstance(col, pd.DataFrame):
        raise InputError(f"register panel: column '{name}' appears {col.shape[1]} times")
    if kind == "codes":
        return _pandas_codes(col, name, spec, rows)
    if kind == "float":
        return _float_column(col.to_numpy(dtype=np.float64, na_value=np.nan)
                             if col.dtype.kind in "fiub" else col.to_numpy(), name, rows)
    values = _pandas_values(col, name, rows)
    if kind == "bool":
        return _bool_column(values, name, rows)
    return _int_column(values, name, np.int64 if kind == "int64" else np.int32, rows)


def _pandas_values(col: pd.Series, name: str, rows: _Rows) -> np.ndarray:
    """A column without missing values as numpy (nullable and pyarrow-backed dtypes included)."""
    if col.hasnans:
        raise rows.missing(int(np.flatnonzero(col.isna().to_numpy())[0]), name)
    numpy_dtype = getattr(col.dtype, "numpy_dtype", None)
    return col.to_numpy(dtype=numpy_dtype) if numpy_dtype is not None else col.to_numpy()


def _spec_categories(name: str, spec: Any) -> list[str]:
    if name == "group":
        return list(spec.group_codes)
    return [spec.no_offer] + list(spec.offer_codes)


def _pandas_codes(col: pd.Series, name: str, spec: Any, rows: _Rows) -> tuple[np.ndarray, list[str]]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        cat = col.array
        return np.ascontiguousarray(cat.codes), [str(c) for c in cat.categories]
    if pd.api.types.is_integer_dtype(col.dtype) and not col.hasnans:
        # integer codes: positions in the spec's list (offer: 0 = none, k = k-th offer type)
        numpy_dtype = getattr(col.dtype, "numpy_dtype", None)
        codes = col.to_numpy(dtype=numpy_dtype) if numpy_dtype is not None else col.to_numpy()
        return _codes(codes, name, rows), _spec_categories(name, spec)
    try:
        cat = pd.Categorical(col)
    except TypeError:  # unorderable mix (e.g. str and int): codes in order of appearance
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        return _codes(codes, name, rows), [str(c) for c in uniques]
    return np.ascontiguousarray(cat.codes), [str(c) for c in cat.categories]


def _arrow_array(chunk: Any, name: str, kind: str, spec: Any, rows: _Rows) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind == "codes":
        if pa.types.is_dictionary(chunk.type):
            indices = chunk.indices
            if indices.null_count:
                indices = pc.fill_null(indices, -1)
            codes = indices.to_numpy(zero_copy_only=False)
            return _codes(codes, name, rows), [str(c) for c in chunk.dictionary.to_pylist()]
        if pa.types.is_integer(chunk.type) and chunk.null_count == 0:
            return _codes(chunk.to_numpy(), name, rows), _spec_categories(name, spec)
        encoded = pc.dictionary_encode(chunk)
        return _arrow_array(encoded, name, kind, spec, rows)
    if kind == "float":
        return _float_column(chunk.to_numpy(zero_copy_only=False), name, rows)
    if chunk.null_count:
        first = int(np.flatnonzero(chunk.is_null().to_numpy(zero_copy_only=False))[0])
        raise rows.missing(first, name)
    arr = chunk.to_numpy(zero_copy_only=False)
    if kind == "bool":
        return _bool_column(arr, name, rows)
    return _int_column(arr, name, np.int64 if kind == "int64" else np.int32, rows)


_KINDS = {"person": "int64", "week": "int32", "municipality": "int32", "group": "codes",
          "offer": "codes", "benefit_share": "float", "conversations": "int32", "partial_sick": "bool",
          "wage_hours": "float"}


def _require(columns: Iterable[str], rows: _Rows = _POSITIONS) -> None:
    have = list(columns)
    where = f"register panel {rows.source}" if rows.source else "register panel"
    for c in REQUIRED_COLUMNS:
        if c not in have:
            raise InputError(f"{where}: missing required column '{c}' (columns present: "
                             f"{', '.join(map(str, have)) or 'none'}; see docs/register-indicators.md)")


# --- panel files ---------------------------------------------------------------------------------

def _first_undecodable_line(path: Path) -> tuple[int, bytes]:
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return number, line[max(0, exc.start - 10):exc.end + 10]
    return 0, b""


def _read_csv_panel(path: Path) -> pd.DataFrame:
    """A CSV panel; errors name the file and the 1-based line as an editor shows it.

    Blank lines are kept (as rows with missing values) so that row i is line i + 2; a quoted field
    spanning lines would shift the numbering, which a panel of codes and numbers does not have.
    """
    try:
        return pd.read_csv(path, skip_blank_lines=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        line, snippet = _first_undecodable_line(path)
        raise InputError(f"register panel {path} line {line}: not UTF-8 text (near {snippet!r}); "
                         "save the file as UTF-8 (e.g. from Excel: CSV UTF-8)") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"register panel {path}: the file is empty; a panel needs a header line "
                         f"({', '.join(REQUIRED_COLUMNS)}) and rows") from None
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        detail = " ".join(str(exc).split()).removeprefix("Error tokenizing data. C error: ")
        raise InputError(f"register panel {path}: cannot read it as CSV ({detail}); a panel is "
                         "comma-separated with one header line") from None


def read_panel(path: Union[str, Path]) -> tuple[TableLike, Any]:
    """The panel in a file (.arrow/.ipc/.feather, .parquet or .csv) and how its rows are named."""
    import pyarrow as pa

    path = Path(path)
    if not path.is_file():
        raise InputError(f"register panel {path}: no such file")
    lower = path.name.lower()
    try:
        if lower.endswith((".arrow", ".ipc", ".feather")):
            return pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all(), _Rows(str(path))
        if lower.endswith(".parquet"):
            import pyarrow.parquet as pq

            return pq.read_table(path), _Rows(str(path))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"register panel {path}: cannot read it ({' '.join(str(exc).split())}); "
                         "is it an Arrow IPC / Parquet file?") from None
    return _read_csv_panel(path), _Rows(str(path), first=2, lines=True)
