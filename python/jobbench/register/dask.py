"""Register indicators on Dask: per-partition partial results with the C++ engine, merged exactly.

    import dask.dataframe as dd
    import jobbench.register.dask
    ddf = dd.read_parquet("panel/")                      # any partitioning
    ind = jobbench.register.dask.indicators(ddf)         # same result as jobbench.register_indicators(df)

Why the combination is exact (docs/register-indicators.md, "Dask"): every definition looks only at
the rows of one person (new-offer starts at that person's previous offer row, "a row 13 weeks
later", sickness spells as runs of that person's weeks), and persons counted in a cell are
distinct across partitions. When every person's rows lie in one partition, a partition's partial
result is exactly the contribution of its persons: integer counts and exact (rounding-free) sums of
benefit shares add up to the one-process figures bit for bit; ratios are formed only after the sum.
A person split over two partitions would break this (an offer could look new, a spell could be
counted twice), so the data are made person-aligned first: when ``person`` is the index with known
divisions the partitions are disjoint person ranges already (checked on the partials), otherwise the
frame is shuffled on ``person`` (all rows of a person go to one partition).
"""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from .. import _core
from .._errors import InputError
from ..spec import SpecLike, load_spec
from .compute import _period, finalize_partials

__all__ = ["indicators", "measures", "partials"]


def _partition_partial(part: pd.DataFrame, spec_data: dict[str, Any], period: tuple[int, int],
                       drop_invalid: bool, threads: int, number: int,
                       standard_errors: bool = True) -> bytes:
    import pickle

    from ..spec import Spec
    from .compute import accumulate_partial

    if part.index.name == "person" and "person" not in part.columns:
        part = part.reset_index()
    try:
        partial = accumulate_partial(part, period, Spec(spec_data), threads=threads,
                                     drop_invalid=drop_invalid, standard_errors=standard_errors)
    except InputError as exc:  # the same checks as one frame; rows are counted within the partition
        raise InputError(f"dask partition {number} (rows counted within it): {exc}") from None
    return pickle.dumps(partial)


def partials(ddf: Any, period: tuple[int, int] | None = None, spec: SpecLike = "benchmark2013", *,
             drop_invalid: bool = False, threads: int = 1,
             standard_errors: bool = True) -> list[Any]:
    """One partial result per person-aligned partition (computed on the cluster)."""
    import pickle

    import dask

    s = load_spec(spec)
    per = _period(period, s.register)
    by_index = ddf.index.name == "person" and ddf.known_divisions
    if not by_index:
        if "person" not in ddf.columns:
            raise InputError("dask panel: no 'person' column or index")
        ddf = ddf.shuffle(on="person")
    # A partition runs in another process: it gets the spec's JSON and parses it there, once.
    tasks = [dask.delayed(_partition_partial)(part, s.data, per, drop_invalid, threads, k,
                                              standard_errors)
             for k, part in enumerate(ddf.to_delayed())]
    results = [pickle.loads(b) for b in dask.compute(*tasks)]
    if by_index:
        used = [p for p in results if p.used_rows > 0]
        for a, b in zip(used, used[1:]):
            if not a.max_person < b.min_person:
                raise InputError("dask panel: partitions by the 'person' index overlap (person "
                                 f"{b.min_person} <= {a.max_person}); repartition by person")
    return results


def indicators(ddf: Any, period: tuple[int, int] | None = None, spec: SpecLike = "benchmark2013", *,
               drop_invalid: bool = False, names: Mapping[int, str] | None = None,
               threads: int = 1, standard_errors: bool = True, level: float = 0.95,
               dr_interval: str = "clustered") -> pd.DataFrame:
    """:func:`jobbench.register_indicators` for a dask DataFrame (same columns, same result).

    ``threads`` is the engine's threads per partition (1: Dask already runs partitions in parallel).
    ``standard_errors``, ``level``, ``dr_interval``: as for :func:`jobbench.register_indicators`.
    """
    s = load_spec(spec)
    parts = partials(ddf, period, s, drop_invalid=drop_invalid, threads=threads,
                     standard_errors=standard_errors)
    if not parts:
        raise InputError("dask panel: no partitions")
    return finalize_partials(_core.register_merge(parts), s.register, names=names,
                             standard_errors=standard_errors, level=level, dr_interval=dr_interval)


def _partition_measures(part: pd.DataFrame, spec_data: dict[str, Any], periods: list[Any],
                        options: dict[str, int], panel_weeks: tuple[int, int],
                        number: int) -> bytes | None:
    import pickle

    from ..spec import Spec
    from .extended import accumulate_measures

    if part.index.name == "person" and "person" not in part.columns:
        part = part.reset_index()
    if len(part) == 0:
        return None
    try:
        partial = accumulate_measures(part, periods, Spec(spec_data), panel_weeks=panel_weeks,
                                      **options)
    except InputError as exc:
        raise InputError(f"dask partition {number} (rows counted within it): {exc}") from None
    return pickle.dumps(partial)


def measures(ddf: Any, periods: Any, *, spec: SpecLike = "jobindsats2019", status_weeks: int = 4,
             passive_weeks: int = 13, threads: int = 1) -> pd.DataFrame:
    """:func:`jobbench.register.measures` for a dask DataFrame (same long frame, bit for bit).

    The panel's first and last week (censoring, reach) are those of the whole frame; every
    partition is accumulated against them, and the partials add up exactly.
    """
    import pickle

    import dask

    from .extended import _periods, finalize_measures

    s = load_spec(spec)
    pers = _periods(periods)
    weeks = ddf.index if ddf.index.name == "week" else ddf["week"]
    first, last = (int(w) for w in dask.compute(weeks.min(), weeks.max()))
    if not (ddf.index.name == "person" and ddf.known_divisions):
        if "person" not in ddf.columns:
            raise InputError("dask panel: no 'person' column or index")
        ddf = ddf.shuffle(on="person")
    options = {"status_weeks": int(status_weeks), "passive_weeks": int(passive_weeks),
               "threads": int(threads)}
    tasks = [dask.delayed(_partition_measures)(part, s.data, pers, options, (first, last), k)
             for k, part in enumerate(ddf.to_delayed())]
    parts = [pickle.loads(b) for b in dask.compute(*tasks) if b is not None]
    if not parts:
        raise InputError("dask panel: no rows")
    return finalize_measures(parts, s.register)
