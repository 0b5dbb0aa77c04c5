"""Person-years and quality indicators from person-week register data.

The definitions are in ``docs/register-indicators.md``; the computation is the C++ engine
(``jobbench._core.register_*``). This module only turns pandas / pyarrow columns into the engine's
arrays (category and dictionary columns become integer codes, numeric columns are passed without a
copy; no per-row Python) and the engine's result into a tidy DataFrame::

    import jobbench
    panel = jobbench.synthetic_panel(persons=20_000, seed=1)
    ind = jobbench.indicators(panel)                      # default period 2012W27-2013W26
    ind.query("group == 'jc'")[["municipality", "py", "si", "ti", "jr"]]
    jobbench.indicators_person_years(ind)                 # the benchmark's person_years input
    jobbench.indicators_quality(ind)                      # the benchmark's quality input
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, SpecError
from .spec import Spec, SpecLike, load_spec

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

__all__ = ["PANEL_COLUMNS", "RegisterWarning", "indicators", "register_spec", "accumulate_partial",
           "finalize_partials", "person_years_frame", "quality_frame", "from_wide",
           "municipality_names", "SELF_SUPPORTING", "OTHER_SUPPORT", "INDICATOR_COLUMNS"]

PANEL_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer", "conversations",
                 "partial_sick")
REQUIRED_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer")
INDICATOR_COLUMNS = ("fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr")
COUNT_COLUMNS = ("rows", "persons", "conversations", "new_offers", "new_company_offers", "e_rows",
                 "e_persons", "e_self_rows", "spells", "spells_partial")
SUM_COLUMNS = ("active_fw", "company_fw", "e_fw", "e_self_fw")
# quality-indicator code suffix in the benchmark spec -> result column
QUALITY_MEASURES = {"samtale": "si", "tilbud": "ti", "virktilbud": "vti", "aktgrad": "ag",
                    "virkaktgrad": "vag", "delvis": "dr", "jobrate": "jr"}

SELF_SUPPORTING = "self-supporting"
OTHER_SUPPORT = "other public support"

TableLike = Union[pd.DataFrame, "pa.Table", "pa.RecordBatch"]
Period = Union[tuple[int, int], Sequence[int], None]


class RegisterWarning(UserWarning):
    """Something the indicators should be read with (e.g. left-censored new offers)."""


# --- spec ----------------------------------------------------------------------------------------

def register_spec(spec: SpecLike = "benchmark2013") -> Any:
    """The ``"register"`` part of a benchmark spec as a ``_core.RegisterSpec``."""
    s = load_spec(spec)
    if "register" not in s.data:
        raise SpecError(f"spec '{s.name}': no \"register\" object (groups and offer types of the "
                        "person-week panel; see docs/register-indicators.md)")
    return _core.RegisterSpec.from_json_string(json.dumps(s.data, ensure_ascii=False))


def _period(period: Period, core_spec: Any) -> tuple[int, int]:
    if period is None:
        first, last = core_spec.period
        return int(first), int(last)
    if isinstance(period, str) or len(period) != 2:
        raise InputError(f"period: expected (first_week, last_week) as YYYYWW integers, got {period!r}")
    return int(period[0]), int(period[1])


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


def _float_column(values: Any, name: str, rows: _Rows) -> np.ndarray:
    """benefit_share as float64; NaN stays (the engine reports it under its (0, 1] rule)."""
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
                             "benefit_share is the share of the week on benefit, in (0, 1]")
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
          "offer": "codes", "benefit_share": "float", "conversations": "int32", "partial_sick": "bool"}


def _require(columns: Iterable[str], rows: _Rows = _POSITIONS) -> None:
    have = list(columns)
    where = f"register panel {rows.source}" if rows.source else "register panel"
    for c in REQUIRED_COLUMNS:
        if c not in have:
            raise InputError(f"{where}: missing required column '{c}' (columns present: "
                             f"{', '.join(map(str, have)) or 'none'}; see docs/register-indicators.md)")


def _accumulate_arrays(spec: Any, get: Any, present: Sequence[str], period: tuple[int, int],
                       threads: int, drop_invalid: bool, rows: _Rows = _POSITIONS) -> Any:
    cols = {name: get(name, _KINDS[name]) for name in PANEL_COLUMNS if name in present}
    g_codes, g_cats = cols["group"]
    o_codes, o_cats = cols["offer"]
    return _core.register_accumulate(
        spec, cols["person"], cols["week"], cols["municipality"], g_codes, g_cats, o_codes, o_cats,
        cols["benefit_share"], cols.get("conversations"), cols.get("partial_sick"),
        period_first=period[0], period_last=period[1], threads=threads, drop_invalid=drop_invalid,
        source=rows.source, first_row=rows.first, lines=rows.lines)


def accumulate_partial(table: TableLike, period: Period = None, spec: SpecLike = "benchmark2013", *,
                       threads: int = 0, drop_invalid: bool = False) -> Any:
    """Validate and accumulate one person-aligned piece of a panel (no coverage check).

    Partials of disjoint sets of persons combine exactly with :func:`finalize_partials`; this is
    what :mod:`jobbench.dask` runs on every partition.
    """
    core = spec if isinstance(spec, _core.RegisterSpec) else register_spec(spec)
    per = _period(period, core)
    return _partials(table, core, per, threads, drop_invalid)


def _partials(table: TableLike, core: Any, per: tuple[int, int], threads: int,
              drop_invalid: bool, rows: _Rows = _POSITIONS) -> Any:
    if isinstance(table, pd.DataFrame):
        _require(table.columns, rows)
        return _accumulate_arrays(core, lambda n, k: _pandas_column(table, n, k, core, rows),
                                  list(table.columns), per, threads, drop_invalid, rows)
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise InputError(f"register panel: expected a pandas DataFrame or pyarrow Table, got "
                         f"{type(table).__name__}") from None
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise InputError(f"register panel: expected a pandas DataFrame, a pyarrow Table or a file "
                         f"path, got {type(table).__name__}")
    _require(table.column_names, rows)
    names = table.column_names

    def whole() -> Any:
        one = table.combine_chunks()  # no copy of single-chunk columns

        def column(n: str) -> Any:
            col = one.column(n)
            return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()

        return _accumulate_arrays(core, lambda n, k: _arrow_array(column(n), n, k, core, rows),
                                  names, per, threads, drop_invalid, rows)

    batches = table.to_batches()
    if len(batches) <= 1:
        return whole()
    # Several record batches: accumulate each without copying and merge - exact when the batches
    # hold disjoint, ascending ranges of persons (as written by synthetic_panel / sorted extracts).
    parts = []
    offset = 0
    for batch in batches:
        piece = _Rows(rows.source, rows.first + offset, rows.lines)  # rows named in the whole table
        parts.append(_accumulate_arrays(core, lambda n, kind: _arrow_array(batch.column(n), n, kind, core,
                                                                           piece),
                                        names, per, threads, drop_invalid, piece))
        offset += batch.num_rows
    used = [p for p in parts if p.used_rows > 0]
    aligned = all(a.max_person < b.min_person for a, b in zip(used, used[1:]))
    if not aligned:
        # persons span batches: one contiguous copy of the columns, computed as one piece
        del parts
        return whole()
    return _core.register_merge(parts)


# --- result --------------------------------------------------------------------------------------

def finalize_partials(partial: Any, spec: SpecLike = "benchmark2013", *, check_coverage: bool = True,
                      names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Turn a (merged) partial into the tidy indicator frame (see :func:`indicators`)."""
    core = spec if isinstance(spec, _core.RegisterSpec) else register_spec(spec)
    if isinstance(partial, (list, tuple)):
        partial = _core.register_merge(list(partial))
    out = _core.register_finalize(core, partial, check_coverage=check_coverage)
    cols = out["columns"]
    units = np.asarray(out["unit_codes"], dtype=object)
    kinds = np.asarray(out["unit_kinds"], dtype=object)
    unit = cols.pop("unit")
    muni = cols.pop("municipality")
    frame = pd.DataFrame({"municipality": muni, "group": units[unit], "kind": kinds[unit]})
    if names is not None:
        frame.insert(1, "municipality_name", [names.get(int(m), str(m)) for m in muni])
    ordered = ["rows", "persons", *INDICATOR_COLUMNS, "conversations", "new_offers", "new_company_offers",
               "active_fw", "company_fw", "e_rows", "e_persons", "e_self_rows", "e_fw", "e_self_fw",
               "spells", "spells_partial"]
    for c in ordered:
        frame[c] = cols[c]
    info = {k: v for k, v in out.items() if k != "columns"}
    frame.attrs["register"] = info
    for message in info["warnings"]:
        warnings.warn(message, RegisterWarning, stacklevel=3)
    return frame


def indicators(table: Union[TableLike, str, Path], period: Period = None,
               spec: SpecLike = "benchmark2013", *, threads: int = 0, drop_invalid: bool = False,
               names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Person-years and quality indicators of a person-week panel, computed in C++.

    Parameters
    ----------
    table
        pandas DataFrame, pyarrow Table, or the path of an .arrow/.feather, .parquet or .csv file
        (errors then name the file and, for CSV, the line) with the columns ``person`` (int64), ``week`` (YYYYWW),
        ``municipality`` (int), ``group`` and ``offer`` (categorical / dictionary of the spec's codes,
        strings, or integer positions in the spec's lists), ``benefit_share`` (float in (0, 1]) and
        optionally ``conversations`` (int >= 0) and ``partial_sick`` (bool). Any row order.
    period
        ``(first_week, last_week)`` as YYYYWW; default the spec's (2012W27-2013W26 for 2013).
    spec
        A benchmark spec with a ``"register"`` part (default: the shipped 2013 spec).
    threads
        0 = all cores. The result is the same, bit for bit, for any number.
    drop_invalid
        Leave out rows that break a rule instead of raising; ``result.attrs["register"]["dropped"]``
        then says how many rows and why.
    names
        Optional municipality code -> name; adds a ``municipality_name`` column.

    Returns
    -------
    DataFrame with one row per municipality and unit (each register group, each aggregate, and
    the "all target groups" total, ``kind`` = group / aggregate / total): the counts ``rows`` and
    ``persons`` (in the period), the indicators ``fw, py, si, ag, vag, ti, vti, jr, dr`` (NaN where a
    denominator is zero) and every count and sum behind them. ``attrs["register"]`` holds the period,
    the job-rate weeks, rows read / used / dropped, whether the input had to be sorted, threads and
    warnings (also issued as :class:`RegisterWarning`).

    Bad input is an :class:`InputError` of one line naming the rule, the first rows (0-based
    positions, or file lines for a CSV path) and the offending values. A panel without rows (e.g. a
    CSV of only a header) is an error, not an empty table: it cannot cover the period, and an empty
    result would reach the benchmark as missing person-years. Values that do not fit the engine's
    integers (``week``, ``municipality``, ``conversations``: 32 bits, ``person``: 64) are errors
    too, never wrapped around.
    """
    core = register_spec(spec) if not isinstance(spec, _core.RegisterSpec) else spec
    per = _period(period, core)
    rows = _POSITIONS
    if isinstance(table, (str, Path)):
        table, rows = read_panel(table)
    partial = _partials(table, core, per, threads, drop_invalid, rows)
    return finalize_partials(partial, core, names=names)


# --- feeding the benchmark -----------------------------------------------------------------------

def municipality_names(dataset: str = "benchmark2013") -> dict[int, str]:
    """Municipality code (kommune_nr) -> name of a shipped data set."""
    from .datasets import load

    ds = load(dataset)
    order = ds.files.get("municipalities")
    if order is None or "kommune_nr" not in order.columns:
        return {}
    return {int(k): str(m) for k, m in zip(order["kommune_nr"], order["municipality"])}


def _names(frame: pd.DataFrame, names: Mapping[int, str] | None) -> pd.Series:
    if names is None:
        return frame["municipality"].astype(str)
    return frame["municipality"].map(lambda m: names.get(int(m), str(m)))


def person_years_frame(result: pd.DataFrame, spec: SpecLike = "benchmark2013",
                       names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``person_years`` input (``municipality, group, person_years``).

    Each register group with a ``benchmark_group`` feeds that base target group; groups mapped to
    the same benchmark group are summed.
    """
    s = load_spec(spec)
    groups = s.data.get("register", {}).get("groups", [])
    target = {g["code"]: g.get("benchmark_group") for g in groups if g.get("benchmark_group")}
    rows = result[(result["kind"] == "group") & result["group"].isin(list(target))]
    out = pd.DataFrame({"municipality": _names(rows, names),
                        "group": rows["group"].map(target), "person_years": rows["py"]})
    out = out.groupby(["municipality", "group"], sort=False, as_index=False)["person_years"].sum()
    return out.reset_index(drop=True)


def quality_frame(result: pd.DataFrame, spec: SpecLike = "benchmark2013",
                  names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``quality`` input (``table, indicator, municipality, value``).

    Every quality indicator of the spec whose scope the register part maps to a unit
    (``register.quality_scopes``) gets its value from that unit's row, in the report tables that
    print it. Percent indicators are fractions, as in the 2013 data set.
    """
    s = load_spec(spec)
    scopes = s.data.get("register", {}).get("quality_scopes", {})
    where: dict[str, list[str]] = {}
    for table_id, table in s.tables.items():
        for row in table.get("rows", []):
            if "indicator" in row:
                where.setdefault(str(row["indicator"]), []).append(str(table_id))
    pieces = []
    indexed = result.set_index(["group"])
    for ind in s.data.get("indicators", []) or []:
        code = str(ind.get("code"))
        scope = ind.get("scope")
        measure = QUALITY_MEASURES.get(code.rsplit(".", 1)[-1])
        unit = scopes.get(scope)
        if measure is None or unit is None or unit not in indexed.index:
            continue
        rows = indexed.loc[[unit]]
        for table_id in where.get(code, []):
            pieces.append(pd.DataFrame({"table": table_id, "indicator": code,
                                        "municipality": _names(rows.reset_index(), names).to_numpy(),
                                        "value": rows[measure].to_numpy()}))
    if not pieces:
        return pd.DataFrame(columns=["table", "indicator", "municipality", "value"])
    return pd.concat(pieces, ignore_index=True)


# --- wide layout ---------------------------------------------------------------------------------

def from_wide(frame: pd.DataFrame, mapping: Mapping[Any, Any], *, person: str = "person",
              municipality: str = "municipality", weeks: Sequence[Any] | None = None,
              spec: SpecLike = "benchmark2013", other_group: str = "other") -> pd.DataFrame:
    """Convert the wide layout (one row per person, one column per week holding a benefit code, as
    in the DREAM register) to the person-week panel.

    ``mapping`` maps each code to a register group code, to ``(group, offer)``, to
    :data:`OTHER_SUPPORT` (other public support: the spec group ``other_group``) or to
    :data:`SELF_SUPPORTING` (no row). Empty cells (NaN/None) are self-supporting weeks. A code that
    is not in the mapping is an error naming the code, its first cell and the number of cells.
    ``weeks`` are the week columns (YYYYWW, as int or str); default: every column whose name is a
    valid ISO week. ``benefit_share`` is 1, ``conversations`` 0 and ``partial_sick`` False (the wide
    layout does not carry them).
    """
    core = register_spec(spec)
    if person not in frame.columns or municipality not in frame.columns:
        raise InputError(f"wide panel: needs columns '{person}' and '{municipality}'")
    if weeks is None:
        weeks = [c for c in frame.columns if str(c).isdigit() and len(str(c)) == 6
                 and _core.is_valid_iso_week(int(str(c)))]
    if not weeks:
        raise InputError("wide panel: no week columns (names YYYYWW)")
    week_values = np.array([int(str(w)) for w in weeks], dtype=np.int32)
    for w, c in zip(week_values, weeks):
        if not _core.is_valid_iso_week(int(w)):
            raise InputError(f"wide panel: column '{c}' is not a valid ISO week YYYYWW")
    order = np.argsort(_core.iso_week_index_array(week_values), kind="stable")
    week_values = week_values[order]
    cells = frame[[weeks[i] for i in order]].to_numpy()
    flat = cells.ravel()  # row-major: person by person, weeks ascending
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    groups = list(core.group_codes)
    offers = [core.no_offer] + list(core.offer_codes)
    g_of = np.full(len(uniques), -1, dtype=np.int32)
    o_of = np.zeros(len(uniques), dtype=np.int32)
    for k, code in enumerate(uniques):
        if code not in mapping:
            hits = np.flatnonzero(codes == k)
            r, c = divmod(int(hits[0]), len(week_values))
            raise InputError(f"wide panel row {r}, week {week_values[c]}: code {code!r} is not in the "
                             f"mapping ({hits.size} cells hold it); map it to a group, to "
                             f"OTHER_SUPPORT or to SELF_SUPPORTING")
        target = mapping[code]
        if target == SELF_SUPPORTING:
            continue
        offer = core.no_offer
        if target == OTHER_SUPPORT:
            target = other_group
        elif isinstance(target, tuple):
            target, offer = target
        if target not in groups:
            raise InputError(f"wide panel: code {code!r} maps to group {target!r}, which is not in the spec")
        if offer not in offers:
            raise InputError(f"wide panel: code {code!r} maps to offer {offer!r}, which is not in the spec")
        g_of[k] = groups.index(target)
        o_of[k] = offers.index(offer)
    keep = np.flatnonzero(codes >= 0)
    keep = keep[g_of[codes[keep]] >= 0]
    r, c = np.divmod(keep, len(week_values))
    wide_rows = _Rows("(wide layout)")
    persons = _int_column(_pandas_values(frame[person], person, wide_rows), person, np.int64, wide_rows)
    munis = _int_column(_pandas_values(frame[municipality], municipality, wide_rows), municipality,
                        np.int32, wide_rows)
    return pd.DataFrame({
        "person": persons[r],
        "week": week_values[c],
        "municipality": munis[r],
        "group": pd.Categorical.from_codes(g_of[codes[keep]], categories=groups),
        "benefit_share": np.ones(keep.size),
        "offer": pd.Categorical.from_codes(o_of[codes[keep]], categories=offers),
        "conversations": np.zeros(keep.size, dtype=np.int32),
        "partial_sick": np.zeros(keep.size, dtype=bool),
    })


# --- command line --------------------------------------------------------------------------------

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


def register_cli(app: Any) -> None:
    """Add ``jobbench indicators`` to the typer app of :mod:`jobbench.cli`."""
    import typer

    from .cli import _guard

    @app.command("indicators")
    @_guard
    def indicators_command(
        panel: Path = typer.Argument(..., help="Person-week panel: .arrow/.feather (Arrow IPC), .parquet or .csv."),
        period: Optional[str] = typer.Option(None, "--period", help="Measurement period FIRST-LAST as YYYYWW-YYYYWW "
                                             "(default: the spec's, 201227-201326)."),
        spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path with a register part."),
        out: Optional[Path] = typer.Option(None, "--out", help="Write the tidy indicator table to this CSV."),
        drop_invalid: bool = typer.Option(False, "--drop-invalid", help="Drop rows that break a rule (reported)."),
        threads: int = typer.Option(0, "--threads", help="Threads (0 = all cores; the result is the same)."),
    ) -> None:
        """Person-years and quality indicators from a person-week panel (docs/register-indicators.md).

        \b
        Examples:
          jobbench indicators panel.arrow
          jobbench indicators panel.parquet --period 201227-201326 --out indicators.csv
          jobbench indicators panel.csv --drop-invalid --threads 2
        """
        from rich.console import Console
        from rich.table import Table

        console = Console(soft_wrap=True, highlight=False)
        per = None
        if period is not None:
            first, _, last = period.partition("-")
            per = (int(first), int(last))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RegisterWarning)
            result = indicators(panel, period=per, spec=spec, threads=threads,
                                drop_invalid=drop_invalid)
        info = result.attrs["register"]
        console.print(f"{info['used_rows']:,} of {info['input_rows']:,} rows used; period "
                      f"{info['period'][0]}-{info['period'][1]} ({info['period_weeks']} weeks); "
                      f"{'sorted' if info['sorted_input'] else 'unsorted: sorted by (person, week) first'}")
        for d in info["dropped"]:
            console.print(f"dropped {d['count']:,} rows: {d['rule']}")
        for w in caught:
            console.print(f"warning: {w.message}")
        total = result[result["kind"] == "total"]
        table = Table(title="All target groups")
        for col in ["municipality", "persons", "py", "si", "ti", "vti", "ag", "vag", "jr", "dr"]:
            table.add_column(col, justify="right")
        for _, row in total.iterrows():
            table.add_row(str(row["municipality"]), f"{row['persons']:,}", f"{row['py']:.1f}",
                          *(f"{row[c]:.2f}" for c in ["si", "ti", "vti"]),
                          *(f"{row[c]:.1%}" for c in ["ag", "vag", "jr", "dr"]))
        console.print(table)
        if out is not None:
            # Data for programs: municipality names are written verbatim (no ' before = + - @, tab, CR)
            # so that they match the other inputs; open it in a spreadsheet with columns as text.
            result.to_csv(out, index=False)
            console.print(f"wrote {out}")
