"""Intervals for counts: ``proportion_interval`` (Wilson, exact) and ``poisson_interval`` (Garwood)."""
from __future__ import annotations

from typing import Any, Union

import numpy as np
import pandas as pd

from .. import _core

Result = Union[tuple[float, float], tuple[np.ndarray, np.ndarray], tuple[pd.Series, pd.Series]]


def _units(*values: Any) -> list[str]:
    for v in values:
        if isinstance(v, pd.Series):
            return [str(u) for u in v.index]
    return []


def _shape(lower: np.ndarray, upper: np.ndarray, template: Any, scalar: bool) -> Result:
    if scalar:
        return float(lower[0]), float(upper[0])
    if isinstance(template, pd.Series):
        return (pd.Series(lower, index=template.index, name="lower"),
                pd.Series(upper, index=template.index, name="upper"))
    return lower, upper


def proportion_interval(k: Any, n: Any, *, level: float = 0.95, method: str = "wilson") -> Result:
    """(lower, upper) for ``k`` of ``n``: numbers, array-likes or pandas Series indexed by unit.

    ``method``: ``"wilson"`` (score interval) or ``"exact"`` (Clopper-Pearson). Errors name the unit
    (the Series index) whose numerator exceeds its denominator, or whose counts are not finite.
    """
    scalar = np.ndim(k) == 0 and np.ndim(n) == 0
    if isinstance(k, pd.Series) and isinstance(n, pd.Series):
        n = n.reindex(k.index)
    kk, nn = np.broadcast_arrays(np.atleast_1d(np.asarray(k, dtype=np.float64)),
                                 np.atleast_1d(np.asarray(n, dtype=np.float64)))
    lower, upper = _core.proportion_intervals(np.ascontiguousarray(kk), np.ascontiguousarray(nn), float(level),
                                              str(method), _units(k, n))
    return _shape(lower, upper, k if isinstance(k, pd.Series) else n, scalar)


def poisson_interval(k: Any, *, level: float = 0.95) -> Result:
    """Garwood exact (lower, upper) for Poisson counts ``k``; divide by the exposure for a rate."""
    scalar = np.ndim(k) == 0
    kk = np.atleast_1d(np.asarray(k, dtype=np.float64))
    lower, upper = _core.poisson_intervals(np.ascontiguousarray(kk), float(level), _units(k))
    return _shape(lower, upper, k, scalar)
