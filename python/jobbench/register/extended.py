"""Today's register measures for several periods in one pass: persons, activation per offer
category, wage hours, status after the end of a spell, durations, conversation timeliness and
contact-free runs, beside the nine 2013 indicators (docs/register-indicators.md, "Today's
measures"). The C++ engine computes them (``jobbench._core.measures_*``)::

    import jobbench
    from jobbench.register import measures, synthetic_national_panel
    panel = synthetic_national_panel(20_000, seed=1)
    m = measures(panel, jobbench.periods.quarters(2020, 1, 2021, 4))
    m.query("municipality == 573 and group == 'kh' and measure == 'activated:any'")
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Iterable, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from ..spec import SpecLike
from .compute import RegisterWarning, register_spec
from .panel import (_KINDS, _POSITIONS, PANEL_COLUMNS, TableLike, _arrow_array, _pandas_column,
                    _require, _Rows, read_panel)

__all__ = ["MEASURE_COLUMNS", "accumulate_measures", "finalize_measures", "measures"]

#: The columns of the long result.
MEASURE_COLUMNS = ("period", "first", "last", "municipality", "group", "measure", "numerator",
                   "denominator", "value")
_PANEL_COLUMNS = (*PANEL_COLUMNS, "wage_hours")
PeriodsLike = Union[tuple[int, int], Sequence[Any], str]


def _one_period(item: Any) -> tuple[int, int]:
    if isinstance(item, str):
        from . import periods as _periods

        found = _periods.parse(item)
        if len(found) != 1:
            raise InputError(f"periods: {item!r} names {len(found)} periods; pass them as a list")
        return int(found[0][0]), int(found[0][1])
    try:
        first, last = item
        return int(first), int(last)
    except (TypeError, ValueError):
        raise InputError(f"periods: expected (first_week, last_week) as YYYYWW integers, a "
                         f"period label such as '2021Q3', or a list of them; got {item!r}") from None


def _periods(periods: PeriodsLike) -> list[tuple[int, int]]:
    """One (first, last) pair, a label ('2021Q3', '2019Q1:2021Q4') or a list of either."""
    if isinstance(periods, str):
        from . import periods as _periods_module

        return [(int(p[0]), int(p[1])) for p in _periods_module.parse(periods)]
    items = list(periods) if isinstance(periods, Iterable) else [periods]
    if len(items) == 2 and all(isinstance(v, (int, np.integer)) for v in items):
        return [(int(items[0]), int(items[1]))]
    if not items:
        raise InputError("periods: no period given")
    return [_one_period(item) for item in items]


def _columns(table: TableLike, core: Any, rows: _Rows) -> tuple[dict[str, Any], list[str]]:
    """The panel's columns as the engine's arrays (pandas, or pyarrow in one contiguous piece)."""
    if isinstance(table, pd.DataFrame):
        _require(table.columns, rows)
        present = [c for c in _PANEL_COLUMNS if c in table.columns]
        return {c: _pandas_column(table, c, _KINDS[c], core, rows) for c in present}, present
    import pyarrow as pa

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise InputError(f"register panel: expected a pandas DataFrame, a pyarrow Table or a file "
                         f"path, got {type(table).__name__}")
    _require(table.column_names, rows)
    present = [c for c in _PANEL_COLUMNS if c in table.column_names]

    def chunk(name: str) -> Any:
        col = table.column(name)
        return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()

    return {c: _arrow_array(chunk(c), c, _KINDS[c], core, rows) for c in present}, present


def accumulate_measures(table: TableLike, periods: PeriodsLike, spec: SpecLike = "jobindsats2019",
                        *, status_weeks: int = 4, passive_weeks: int = 13, threads: int = 0,
                        panel_weeks: tuple[int, int] | None = None,
                        rows: _Rows = _POSITIONS) -> Any:
    """Validate and accumulate one person-aligned piece of a panel (a ``_core.MeasurePartial``).

    Partials of disjoint sets of persons combine exactly with :func:`finalize_measures`; give
    every piece the whole panel's first and last week as ``panel_weeks`` (censoring and the
    panel's reach refer to them). A pyarrow Table of several record batches that hold disjoint,
    ascending ranges of persons (as written by ``synthetic_national_panel_to_ipc`` or a sorted
    extract) is accumulated batch by batch, without a copy of the columns.
    """
    core = register_spec(spec)
    pieces = _aligned_batches(table) or [table]
    chunks, offset = [], 0
    for piece in pieces:
        chunks.append(_chunk(piece, core, _Rows(rows.source, rows.first + offset, rows.lines)))
        offset += len(piece) if isinstance(piece, pd.DataFrame) else piece.num_rows
    first, last = panel_weeks if panel_weeks is not None else (0, 0)
    return _core.measures_accumulate(
        core, chunks, periods=_periods(periods), status_weeks=int(status_weeks),
        passive_weeks=int(passive_weeks), threads=int(threads), panel_first=int(first),
        panel_last=int(last))


def _chunk(table: TableLike, core: Any, rows: _Rows) -> dict[str, Any]:
    """One piece of whole persons as the engine's arrays (no copy of numeric columns)."""
    cols, _ = _columns(table, core, rows)
    chunk = {name: cols[name] for name in ("person", "week", "municipality", "benefit_share")}
    chunk["group_codes"], chunk["group_categories"] = cols["group"]
    chunk["offer_codes"], chunk["offer_categories"] = cols["offer"]
    for name in ("conversations", "partial_sick", "wage_hours"):
        chunk[name] = cols.get(name)
    chunk.update(source=rows.source, first_row=rows.first, lines=rows.lines)
    return chunk


def _aligned_batches(table: TableLike) -> list[Any] | None:
    """The record batches of a pyarrow Table when there are several and they hold disjoint,
    ascending person ranges (each batch then is a whole set of persons); else None."""
    if isinstance(table, pd.DataFrame) or not hasattr(table, "to_batches"):
        return None
    import pyarrow.compute as pc

    batches = [b for b in table.to_batches() if b.num_rows > 0]
    if len(batches) < 2 or "person" not in table.column_names:
        return None
    ranges = [pc.min_max(b.column("person")) for b in batches]
    lows = [r["min"].as_py() for r in ranges]
    highs = [r["max"].as_py() for r in ranges]
    if any(v is None for v in lows + highs):
        return None
    aligned = all(h < lo for h, lo in zip(highs, lows[1:]))
    return batches if aligned else None


def _label(first: int, last: int) -> str:
    return str(_core.period_label(int(first), int(last)))


def _categorical(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical:
    """Codes into a list of distinct names (periods may repeat: their labels then share a code)."""
    unique = list(dict.fromkeys(names))
    remap = np.asarray([unique.index(n) for n in names], dtype=np.int32)
    return pd.Categorical.from_codes(remap[codes], categories=unique)


def finalize_measures(partial: Any, spec: SpecLike = "jobindsats2019") -> pd.DataFrame:
    """The long frame of a (merged, or a list of) measure partial(s); see :func:`measures`."""
    core = register_spec(spec)
    if isinstance(partial, (list, tuple)):
        partial = _core.measures_merge(list(partial))
    out = _core.measures_finalize(core, partial)
    cols = out["columns"]
    periods = out["periods"]
    labels = [_label(a, b) for a, b in periods]
    p = cols["period"]
    # Categoricals: a million rows of repeated codes cost little memory and no string copies.
    frame = pd.DataFrame({
        "period": _categorical(p, labels),
        "first": np.asarray([a for a, _ in periods], dtype=np.int32)[p],
        "last": np.asarray([b for _, b in periods], dtype=np.int32)[p],
        "municipality": cols["municipality"],
        "group": _categorical(cols["unit"], out["unit_codes"]),
        "measure": _categorical(cols["measure"], out["measure_names"]),
        "numerator": cols["numerator"], "denominator": cols["denominator"], "value": cols["value"],
    })
    info = {k: v for k, v in out.items() if k != "columns"}
    info["period_labels"] = labels
    frame.attrs["register"] = info
    for message in info["warnings"]:
        warnings.warn(message, RegisterWarning, stacklevel=3)
    return frame


def measures(panel: Union[TableLike, str, Path], periods: PeriodsLike, *,
             spec: SpecLike = "jobindsats2019", status_weeks: int = 4, passive_weeks: int = 13,
             threads: int = 0) -> pd.DataFrame:
    """Today's register measures of a person-week panel, for one or several periods, in C++.

    Parameters
    ----------
    panel
        pandas DataFrame, pyarrow Table or the path of an .arrow/.feather, .parquet or .csv file
        with the columns of :func:`jobbench.register.indicators` and optionally ``wage_hours``
        (float >= 0, the week's ordinary paid working hours). Rows of a status group of the spec
        (``self_supporting``, e.g. ``job``, ``education``) are weeks in which the person was
        self-supporting in a known way; their ``offer`` must be ``none``. Any row order.
    periods
        One ``(first_week, last_week)`` pair (YYYYWW), a :mod:`jobbench.periods` period, a label
        (``"2021Q3"``, ``"2021"``, ``"202127-202226"``, a range ``"2019Q1:2021Q4"``) or a list of
        them. The panel is read once for all of them.
    spec
        A benchmark spec with a ``"register"`` part (default: the shipped ``jobindsats2019``).
    status_weeks
        k: the status k weeks after the end of a spell (the panel must reach k weeks past every
        period).
    passive_weeks
        L: a contact-free run is at least L consecutive weeks without an offer or a conversation.
    threads
        0 = all cores. The result is the same, bit for bit, for any number and any row order.

    Returns
    -------
    A long DataFrame, one row per period × municipality × unit × measure, with the columns
    ``period`` (label), ``first``, ``last``, ``municipality``, ``group`` (a target base group,
    an aggregate, or the total), ``measure``, ``numerator``, ``denominator`` and ``value``. For
    a share ``value = numerator / denominator`` (NaN when the denominator is 0); for a count
    (``fw``, ``persons``, ``spells_left_censored``, ``spells_right_censored``) the value is the
    count and the denominator NaN. The measures and their definitions are listed in
    docs/register-indicators.md; ``attrs["register"]`` holds the panel's weeks, rows, status
    rows, threads and warnings (also issued as :class:`RegisterWarning`).
    """
    rows = _POSITIONS
    if isinstance(panel, (str, Path)):
        panel, rows = read_panel(panel)
    core = register_spec(spec)
    partial = accumulate_measures(panel, periods, core, status_weeks=status_weeks,
                                  passive_weeks=passive_weeks, threads=threads, rows=rows)
    return finalize_measures(partial, core)
