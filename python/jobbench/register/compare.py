"""Compare register measures between periods: the value in each period, the change since the
previous period, and the change against the same quarter (or year) a year earlier.

Input is the long frame of :func:`jobbench.register.measures` (one row per period, municipality,
group and measure)::

    from jobbench import periods, register
    long = register.measures(panel, periods.quarters(2019, 1, 2021, 4), spec="jobindsats2019")
    register.compare_periods(long)                     # every period of the frame
    register.compare_periods(long, periods="2021Q1:2021Q4")
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from . import periods as _periods

__all__ = ["COMPARE_COLUMNS", "compare_periods"]

KEYS = ("municipality", "group", "measure")
PERIOD_COLUMNS = ("period", "first", "last")
REQUIRED = (*PERIOD_COLUMNS, *KEYS, "numerator", "denominator", "value")
#: Columns of :func:`compare_periods`' result, in order (other input columns follow them).
COMPARE_COLUMNS = (*KEYS, *PERIOD_COLUMNS, "value", "previous_period", "change", "year_before",
                   "change_year", "numerator", "denominator")

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def _kind_and_year_before(row: Any) -> tuple[str, Optional[str]]:
    """(kind, label of the same period a year earlier) of one period of the frame."""
    text = _periods.label((int(row.first), int(row.last)))
    if text != row.period:
        raise InputError(f"compare_periods: period label {row.period!r} does not match its weeks "
                         f"{int(row.first)}-{int(row.last)} (their label is {text!r})")
    if m := _QUARTER.match(text):
        return "quarter", f"{int(m.group(1)) - 1}Q{m.group(2)}"
    if _YEAR.match(text):
        return "year", str(int(text) - 1)
    # A range of weeks: the same weeks of the year before (201327-201426 -> 201227-201326).
    first, last = int(row.first) - 100, int(row.last) - 100
    if _core.is_valid_iso_week(first) and _core.is_valid_iso_week(last):
        return "weeks", _periods.label((first, last))
    return "weeks", None


def _period_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per period of the frame: label, weeks, kind and the label a year earlier."""
    table = frame[list(PERIOD_COLUMNS)].drop_duplicates()
    clash = table["period"].duplicated(keep=False)
    if clash.any():
        name = table.loc[clash, "period"].iloc[0]
        raise InputError(f"compare_periods: period {name!r} has more than one (first, last)")
    table = table.sort_values(["first", "last"], kind="stable").reset_index(drop=True)
    info = [_kind_and_year_before(row) for row in table.itertuples(index=False)]
    table["kind"] = [k for k, _ in info]
    table["year_before"] = [y for _, y in info]
    return table


def _selected(table: pd.DataFrame, periods: Any) -> pd.DataFrame:
    """The rows of ``table`` for the requested periods (every period when None), in time order."""
    if periods is None:
        return table
    wanted = [p.label for p in _periods.as_periods(periods)]
    missing = [w for w in wanted if w not in set(table["period"])]
    if missing:
        raise InputError(f"compare_periods: period {missing[0]} is not in the measures (they have "
                         f"{', '.join(table['period'])})")
    return table[table["period"].isin(wanted)].reset_index(drop=True)


def _previous(table: pd.DataFrame) -> dict[str, Optional[str]]:
    """Label -> the previous period of the same kind (quarters, years, week ranges), in time
    order."""
    previous: dict[str, Optional[str]] = {}
    for _, part in table.groupby("kind", sort=False):
        labels = list(part["period"])
        previous.update(zip(labels, [None, *labels[:-1]]))
    return previous


def _check(frame: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"compare_periods: expected the DataFrame of register.measures, got "
                         f"{type(frame).__name__}")
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(f"compare_periods: the measures lack the column(s) {', '.join(missing)} "
                         f"(expected the long frame of jobbench.register.measures)")
    out = frame.reset_index(drop=True)
    out["period"] = out["period"].astype(str).astype(object)
    repeated = out.duplicated([*KEYS, "period"], keep=False)
    if repeated.any():
        row = out[repeated].iloc[0]
        raise InputError(f"compare_periods: {int(repeated.sum())} rows repeat a municipality, "
                         f"group, measure and period, e.g. municipality "
                         f"{row['municipality']}, group {row['group']}, measure {row['measure']}, "
                         f"period {row['period']}")
    return out


def _values_at(frame: pd.DataFrame, rows: pd.DataFrame, labels: pd.Series) -> np.ndarray:
    """The frame's value of each row's municipality, group and measure in period ``labels``."""
    values = frame.set_index([*KEYS, "period"])["value"]
    where = pd.MultiIndex.from_arrays([rows[k] for k in KEYS] + [labels.astype(object)])
    return values.reindex(where).to_numpy(dtype=np.float64)


def compare_periods(measures: pd.DataFrame, *,
                    periods: Union[None, str, Iterable[Any]] = None) -> pd.DataFrame:
    """Per municipality, group, measure and period: the value, and its change since the previous
    period and since the same period a year earlier.

    Parameters
    ----------
    measures
        The long frame of :func:`jobbench.register.measures`: columns ``period`` (label),
        ``first``, ``last``, ``municipality``, ``group``, ``measure``, ``numerator``,
        ``denominator``, ``value``; one row per period, municipality, group and measure.
    periods
        The periods to report (labels, ``(first, last)`` pairs, :class:`~jobbench.periods.Period`
        objects, or a label list / range such as ``"2021Q1:2021Q4"``); default every period of
        the frame. Each must be in the frame.

    Returns
    -------
    DataFrame with the columns :data:`COMPARE_COLUMNS` (then any other input columns), one row per
    municipality, group, measure and reported period, in the input's order of municipality, group
    and measure and then in time order:

    - ``previous_period``: the period before this one among the reported periods of the same kind
      (quarters with quarters, years with years, other week ranges with week ranges), in time
      order; None for the first. ``change`` = value - its value.
    - ``year_before``: the same quarter a year earlier (``2020Q3`` for ``2021Q3``), the previous
      year for a year, the same weeks a year earlier for another range (``201227-201326`` for
      ``201327-201426``), when that period is in the frame (whether reported or not); otherwise
      None. ``change_year`` = value - its value.
    - ``numerator``, ``denominator`` as in the input.

    Changes are in the measure's own units: for a share, 0.03 is 3 percentage points (not 3 %);
    for a count, persons. A change is NaN when either value is NaN (e.g. a ratio with a zero
    denominator).
    """
    frame = _check(measures)
    table = _period_table(frame)
    chosen = _selected(table, periods)
    previous = _previous(chosen)
    in_frame = set(table["period"])
    year_before = {p: (y if y in in_frame else None)
                   for p, y in zip(chosen["period"], chosen["year_before"])}
    order = {p: k for k, p in enumerate(chosen["period"])}
    rows = frame[frame["period"].isin(list(order))].copy()
    key_order = pd.MultiIndex.from_frame(rows[list(KEYS)]).factorize()[0]  # first appearance
    rows = rows.assign(_key=key_order, _time=rows["period"].map(order))
    rows = rows.sort_values(["_key", "_time"], kind="stable").drop(columns=["_key", "_time"])
    rows = rows.reset_index(drop=True)
    rows["previous_period"] = rows["period"].map(previous).astype(object)
    rows["year_before"] = rows["period"].map(year_before).astype(object)
    value = rows["value"].to_numpy(dtype=np.float64)
    rows["change"] = value - _values_at(frame, rows, rows["previous_period"])
    rows["change_year"] = value - _values_at(frame, rows, rows["year_before"])
    rest = [c for c in rows.columns if c not in COMPARE_COLUMNS]
    return rows[[*COMPARE_COLUMNS, *rest]]
