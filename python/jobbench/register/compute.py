"""Person-years and quality indicators from person-week register data, computed by the C++ engine.

The definitions are in ``docs/register-indicators.md``; the computation is the C++ engine
(``jobbench._core.register_*``). :mod:`.panel` turns pandas / pyarrow columns into the engine's
arrays; this module runs the engine (whole tables, record batches, partials) and turns its result
into a tidy DataFrame::

    import jobbench
    panel = jobbench.synthetic_panel(persons=20_000, seed=1)
    ind = jobbench.register_indicators(panel)             # default period 2012W27-2013W26
    ind.query("group == 'jc'")[["municipality", "py", "si", "ti", "jr"]]
    jobbench.indicators_person_years(ind)                 # the benchmark's person_years input
    jobbench.indicators_quality(ind)                      # the benchmark's quality input
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from ..spec import SpecLike, load_spec
from .panel import (_KINDS, _POSITIONS, PANEL_COLUMNS, TableLike, _arrow_array, _pandas_column, _require,
                    _Rows, read_panel)
from .periods import as_period, as_periods, is_period_list

__all__ = ["INDICATOR_COLUMNS", "INTERVAL_COLUMNS", "INTERVAL_INDICATORS", "RegisterWarning",
           "accumulate_partial", "finalize_partials", "indicators",
           "register_spec"]

INDICATOR_COLUMNS = ("fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr")
#: Indicators with a person-clustered standard error; each adds ``<col>_se, <col>_lower,
#: <col>_upper`` (in this order, after the other columns).
INTERVAL_INDICATORS = ("si", "ag", "vag", "ti", "vti", "jr", "dr")
INTERVAL_COLUMNS = tuple(f"{c}_{k}" for c in INTERVAL_INDICATORS for k in ("se", "lower", "upper"))
DR_INTERVALS = ("clustered", "wilson", "exact")
COUNT_COLUMNS = ("rows", "persons", "conversations", "new_offers", "new_company_offers", "e_rows",
                 "e_persons", "e_self_rows", "spells", "spells_partial")
SUM_COLUMNS = ("active_fw", "company_fw", "e_fw", "e_self_fw")
Period = Union[tuple[int, int], Sequence[int], str, None]
#: Several periods: a list of pairs, :class:`~jobbench.periods.Period` objects or labels, or a
#: label list / range such as ``"2019Q1:2021Q4"``.
Periods = Union[Sequence[Union[tuple[int, int], Sequence[int], str]], str]


class RegisterWarning(UserWarning):
    """Something the indicators should be read with (e.g. left-censored new offers)."""


# --- spec ----------------------------------------------------------------------------------------

def register_spec(spec: Union[SpecLike, Any] = "benchmark2013") -> Any:
    """The ``"register"`` part of a benchmark spec as a ``_core.RegisterSpec``.

    The public functions below take a spec in any form (or a ``_core.RegisterSpec``) and load it
    here, once; a :class:`jobbench.Spec` parses its register part once and keeps it
    (:attr:`jobbench.Spec.register`), so passing one ``Spec`` to many calls parses nothing again.
    """
    if isinstance(spec, _core.RegisterSpec):
        return spec
    return load_spec(spec).register


def _period(period: Period, core_spec: Any) -> tuple[int, int]:
    if period is None:
        first, last = core_spec.period
        return int(first), int(last)
    first, last = as_period(period)  # a pair, a Period or one label such as "2021Q3"
    return first, last


# --- accumulation --------------------------------------------------------------------------------

def _accumulate_arrays(spec: Any, get: Any, present: Sequence[str], period: tuple[int, int],
                       threads: int, drop_invalid: bool, rows: _Rows = _POSITIONS,
                       standard_errors: bool = True) -> Any:
    cols = {name: get(name, _KINDS[name]) for name in PANEL_COLUMNS if name in present}
    g_codes, g_cats = cols["group"]
    o_codes, o_cats = cols["offer"]
    return _core.register_accumulate(
        spec, cols["person"], cols["week"], cols["municipality"], g_codes, g_cats, o_codes, o_cats,
        cols["benefit_share"], cols.get("conversations"), cols.get("partial_sick"),
        period_first=period[0], period_last=period[1], threads=threads, drop_invalid=drop_invalid,
        source=rows.source, first_row=rows.first, lines=rows.lines, standard_errors=standard_errors)


def accumulate_partial(table: TableLike, period: Period = None, spec: SpecLike = "benchmark2013", *,
                       threads: int = 0, drop_invalid: bool = False,
                       standard_errors: bool = True) -> Any:
    """Validate and accumulate one person-aligned piece of a panel (no coverage check).

    Partials of disjoint sets of persons combine exactly with :func:`finalize_partials`; this is
    what :mod:`jobbench.register.dask` runs on every partition. ``standard_errors``: also gather
    the per-person moments of the standard errors (in the same pass).
    """
    core = register_spec(spec)
    per = _period(period, core)
    return _partials(table, core, per, threads, drop_invalid, standard_errors=standard_errors)


def _partials(table: TableLike, core: Any, per: tuple[int, int], threads: int,
              drop_invalid: bool, rows: _Rows = _POSITIONS, standard_errors: bool = True) -> Any:
    if isinstance(table, pd.DataFrame):
        _require(table.columns, rows)
        return _accumulate_arrays(core, lambda n, k: _pandas_column(table, n, k, core, rows),
                                  list(table.columns), per, threads, drop_invalid, rows,
                                  standard_errors)
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
                                  names, per, threads, drop_invalid, rows, standard_errors)

    batches = [b for b in table.to_batches() if b.num_rows > 0]
    if len(batches) <= 1 or not _person_aligned(batches):
        # one batch, or persons that span batches: one contiguous copy of the columns (a
        # single-chunk column is not copied), read in any row order by the engine
        return whole()
    # Batches of disjoint, ascending ranges of persons (as written by synthetic_panel or sorted
    # extracts): each is accumulated where it lies, and the partials merged (exact).
    parts = []
    offset = 0
    for batch in batches:
        piece = _Rows(rows.source, rows.first + offset, rows.lines)  # rows named in the whole table
        parts.append(_accumulate_arrays(core, lambda n, kind: _arrow_array(batch.column(n), n, kind, core,
                                                                           piece),
                                        names, per, threads, drop_invalid, piece, standard_errors))
        offset += batch.num_rows
    return _core.register_merge(parts)


def _person_aligned(batches: list[Any]) -> bool:
    """Whether each batch's persons all lie above the previous batch's (checked on the person
    column alone, before any work, so that no batch is accumulated and then thrown away)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    previous_max = None
    for batch in batches:
        try:
            bounds = pc.min_max(batch.column("person"))
        except (pa.ArrowException, TypeError):  # not a number: the engine names the problem
            return False
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        if low is None:  # all null: the engine names the rows
            return False
        if previous_max is not None and low <= previous_max:
            return False
        previous_max = high
    return True


# --- result --------------------------------------------------------------------------------------

def _dr_interval(frame: pd.DataFrame, method: str, level: float) -> None:
    """DR's interval as Wilson / exact (Clopper-Pearson) of spells_partial of spells: spells
    taken as independent trials (NaN where there are no spells). ``dr_se`` stays the clustered one."""
    if method == "clustered":
        return
    k = frame["spells_partial"].to_numpy(dtype=np.float64)
    n = frame["spells"].to_numpy(dtype=np.float64)
    has = n > 0
    lower = np.full(len(frame), np.nan)
    upper = np.full(len(frame), np.nan)
    if has.any():
        lo, hi = _core.proportion_intervals(np.ascontiguousarray(k[has]),
                                            np.ascontiguousarray(n[has]), float(level), method)
        lower[has] = lo
        upper[has] = hi
    frame["dr_lower"] = lower
    frame["dr_upper"] = upper


def finalize_partials(partial: Any, spec: SpecLike = "benchmark2013", *, check_coverage: bool = True,
                      names: Mapping[int, str] | None = None, standard_errors: bool = True,
                      level: float = 0.95, dr_interval: str = "clustered") -> pd.DataFrame:
    """Turn a (merged) partial into the tidy indicator frame (see :func:`indicators`)."""
    core = register_spec(spec)
    if dr_interval not in DR_INTERVALS:
        raise InputError(f"dr_interval: expected one of {', '.join(DR_INTERVALS)}, "
                         f"got {dr_interval!r}")
    if isinstance(partial, (list, tuple)):
        partial = _core.register_merge(list(partial))
    out = _core.register_finalize(core, partial, check_coverage=check_coverage,
                                  standard_errors=standard_errors, level=float(level))
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
    if out["standard_errors"]:
        ordered += list(INTERVAL_COLUMNS)
    for c in ordered:
        frame[c] = cols[c]
    if out["standard_errors"]:
        _dr_interval(frame, dr_interval, float(level))
    info = {k: v for k, v in out.items() if k != "columns"}
    info["dr_interval"] = dr_interval if out["standard_errors"] else None
    status = set(core.status_codes)  # status groups (job, education) are never units
    if status:
        frame = frame[~frame["group"].isin(status)].reset_index(drop=True)
    frame.attrs["register"] = info
    for message in info["warnings"]:
        warnings.warn(message, RegisterWarning, stacklevel=3)
    return frame


def indicators(table: Union[TableLike, str, Path], period: Union[Period, Periods] = None,
               spec: SpecLike = "benchmark2013", *, threads: int = 0, drop_invalid: bool = False,
               names: Mapping[int, str] | None = None, standard_errors: bool = True,
               level: float = 0.95, dr_interval: str = "clustered") -> pd.DataFrame:
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
        ``(first_week, last_week)`` as YYYYWW, a :class:`~jobbench.periods.Period` or one label
        (``"2021Q3"``, ``"2021"``, ``"202127-202226"``); default the spec's (2012W27-2013W26 for
        2013). Several periods (a list of those, or a label list / range such as
        ``"2019Q1:2021Q4"``): each is computed and the results are stacked, with a ``period``
        column (the label) first; ``attrs["register"]["periods"]`` then maps each label to that
        period's ``attrs["register"]``.
    spec
        A benchmark spec with a ``"register"`` part (default: the shipped 2013 spec).
    threads
        0 = all cores. The result is the same, bit for bit, for any number.
    drop_invalid
        Leave out rows that break a rule instead of raising; ``result.attrs["register"]["dropped"]``
        then says how many rows and why.
    names
        Optional municipality code -> name; adds a ``municipality_name`` column.
    standard_errors
        Person-clustered standard errors and intervals of the indicators (gathered in the same
        pass; ``False`` leaves their columns out and saves their cost).
    level
        Confidence level of the intervals (default 0.95).
    dr_interval
        ``"clustered"`` (default: the normal interval from the person-clustered SE, like the
        others), ``"wilson"`` or ``"exact"`` (Clopper-Pearson): ``dr_lower``/``dr_upper`` treat
        the spells as independent trials; ``dr_se`` is the clustered one in every case.

    Returns
    -------
    DataFrame with one row per municipality and unit (each register group, each aggregate, and
    the "all target groups" total, ``kind`` = group / aggregate / total): the counts ``rows`` and
    ``persons`` (in the period), the indicators ``fw, py, si, ag, vag, ti, vti, jr, dr`` (NaN where a
    denominator is zero) and every count and sum behind them, then (with ``standard_errors``) per
    indicator ``si, ag, vag, ti, vti, jr, dr`` the columns ``<col>_se, <col>_lower, <col>_upper``
    (person-clustered SE, normal interval R ± z·se, shares clipped to [0, 1], rates at 0; NaN
    with fewer than 2 persons; see docs/register-indicators.md). ``attrs["register"]`` holds the
    period,
    the job-rate weeks, rows read / used / dropped, whether the input had to be sorted, threads and
    warnings (also issued as :class:`RegisterWarning`).

    Bad input is an :class:`InputError` of one line naming the rule, the first rows (0-based
    positions, or file lines for a CSV path) and the offending values. A panel without rows (e.g. a
    CSV of only a header) is an error, not an empty table: it cannot cover the period, and an empty
    result would reach the benchmark as missing person-years. Values that do not fit the engine's
    integers (``week``, ``municipality``, ``conversations``: 32 bits, ``person``: 64) are errors
    too, never wrapped around.
    """
    core = register_spec(spec)
    several = is_period_list(period)
    pers = [tuple(p) for p in as_periods(period)] if several else [_period(period, core)]
    rows = _POSITIONS
    if isinstance(table, (str, Path)):
        table, rows = read_panel(table)
    results = []
    for per in pers:
        partial = _partials(table, core, per, threads, drop_invalid, rows, standard_errors)
        results.append(finalize_partials(partial, core, names=names,
                                         standard_errors=standard_errors, level=level,
                                         dr_interval=dr_interval))
    return _stack_periods(results, pers) if several else results[0]


def _stack_periods(results: list[pd.DataFrame], pers: list[tuple[int, int]]) -> pd.DataFrame:
    """One frame per period stacked, with the period's label as the first column ``period``."""
    labels = [str(_core.period_label(first, last)) for first, last in pers]
    infos = {label: r.attrs["register"] for label, r in zip(labels, results)}
    for label, r in zip(labels, results):
        r.attrs = {}
        r.insert(0, "period", label)
    out = pd.concat(results, ignore_index=True)
    out.attrs["register"] = {"periods": infos}
    return out
