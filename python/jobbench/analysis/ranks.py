"""Confidence sets for ranks: ``rank_sets``, ``top_set``, ``bottom_set`` and ``plot_rank_sets``.

The method of Mogstad, Romano, Shaikh & Wilhelm (2024), "Inference for ranks with applications to
mobility across neighbourhoods and academic achievement across countries", Review of Economic Studies,
as in their R package csranks (``csranks``, ``cstaubest``, ``cstauworst``); computed in C++
(``include/jobbench/analysis/ranks.hpp``). See docs/analysis.md for what the sets mean.

>>> est = pd.Series([24.1, 26.9, 19.8], index=["Varde", "Vejle", "Vejen"])
>>> rank_sets(est, se=pd.Series([0.6, 0.7, 0.5], index=est.index), seed=1)   # doctest: +SKIP
       lower  rank  upper
Varde      2     2      2
Vejle      1     1      1
Vejen      3     3      3
"""
from __future__ import annotations

import secrets
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError

__all__ = ["bottom_set", "plot_rank_sets", "rank_sets", "top_set"]

#: axis and legend texts of plot_rank_sets (``labels="da"`` or ``"en"``, or a dict like these)
LABELS = {
    "da": {"axis": "Rang (1 = højest)", "point": "Estimeret rang", "interval": "Konfidenssæt for rangen"},
    "en": {"axis": "Rank (1 = highest)", "point": "Estimated rank", "interval": "Rank confidence set"},
}


def _prepare(estimates: Any, se: Any, cov: Any) -> tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray],
                                                          pd.Index, list[str]]:
    """Estimates, se and cov as float arrays aligned to the estimates' units (Series index or 0..K-1)."""
    if isinstance(estimates, pd.DataFrame):
        raise InputError("estimates must be one-dimensional (a Series, array or list), not a DataFrame")
    if isinstance(estimates, pd.Series):
        index = estimates.index
        if index.has_duplicates:
            dup = index[index.duplicated()][0]
            raise InputError(f"estimates: unit '{dup}' appears more than once")
        est = estimates.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        est = np.asarray(estimates, dtype=np.float64)
        if est.ndim != 1:
            raise InputError(f"estimates must be one-dimensional, got shape {est.shape}")
        index = pd.RangeIndex(est.size)
    # Series: errors name the unit by its label; arrays: "unit <position>" (the C++ default)
    units = [str(u) for u in index] if isinstance(estimates, pd.Series) else []
    if (se is None) == (cov is None):
        raise InputError("give exactly one of se (standard errors) and cov (a covariance matrix)")
    sd: Optional[np.ndarray] = None
    c: Optional[np.ndarray] = None
    if se is not None:
        if isinstance(se, pd.Series) and isinstance(estimates, pd.Series):
            missing = index.difference(se.index)
            if len(missing):
                raise InputError(f"{missing[0]}: no standard error")
            se = se.reindex(index)
        sd = np.ascontiguousarray(np.asarray(se, dtype=np.float64).reshape(-1))
        if sd.size != est.size:
            raise InputError(f"se has {sd.size} values for {est.size} estimates")
    else:
        if isinstance(cov, pd.DataFrame) and isinstance(estimates, pd.Series):
            for axis, labels in (("rows", cov.index), ("columns", cov.columns)):
                missing = index.difference(labels)
                if len(missing):
                    raise InputError(f"{missing[0]}: not among the covariance's {axis}")
            cov = cov.loc[index, index]
        c = np.ascontiguousarray(np.asarray(cov, dtype=np.float64))
    est, sd, c, units, order = _canonical(est, sd, c, units)
    return est, sd, c, index, units, order


def _canonical(est: np.ndarray, sd: Optional[np.ndarray], c: Optional[np.ndarray],
               units: list[str]) -> tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray],
                                          list[str], np.ndarray]:
    """The units sorted by name before drawing: the bootstrap draws go to units in the order they
    are given, so a canonical order makes the sets independent of the input's row order."""
    order = np.argsort(np.asarray(units, dtype=object), kind="stable") if units else \
        np.arange(est.size)
    est = np.ascontiguousarray(est[order])
    sd = None if sd is None else np.ascontiguousarray(sd[order])
    c = None if c is None else np.ascontiguousarray(c[np.ix_(order, order)])
    return est, sd, c, [units[k] for k in order] if units else units, order


def _restore(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    out[order] = values
    return out


def _seed(seed: Optional[int]) -> int:
    if seed is None:
        return secrets.randbits(64)
    seed = int(seed)
    if not 0 <= seed < 2**64:
        raise InputError(f"seed must be an integer in [0, 2**64), got {seed}")
    return seed


def rank_sets(estimates: Any, se: Any = None, *, cov: Any = None, level: float = 0.95,
              simultaneous: bool = False, draws: int = 1000, seed: Optional[int] = None,
              stepdown: bool = True) -> pd.DataFrame:
    """Confidence sets for the ranks of ``estimates`` (rank 1 = the largest).

    ``estimates``: a Series indexed by unit (or an array-like); ``se`` their standard errors (estimates
    independent), or ``cov`` their covariance matrix (an array, or a DataFrame with the units as rows and
    columns, aligned to the estimates' index). ``simultaneous=False``: each unit's set covers its own true
    rank with probability >= ``level`` (csranks ``simul=FALSE``); ``True``: all sets cover all true ranks
    jointly. ``draws`` parametric-bootstrap draws; ``seed`` an integer for reproducible sets (None: a
    fresh random seed); ``stepdown`` the Romano-Wolf stepdown (csranks' default), never wider.

    The draws go to the units sorted by name, so the sets do not depend on the input order.
    Returns a DataFrame indexed by unit in the input order with int64 columns ``lower``, ``rank`` (point
    rank; ties share the best rank, as csranks) and ``upper``: the set is {lower, ..., upper}.
    Errors (:class:`jobbench.InputError`) name the unit: a non-finite estimate, a negative standard error,
    a covariance that is not symmetric or not positive semi-definite, a level outside (0, 1), draws < 1.
    """
    est, sd, c, index, units, order = _prepare(estimates, se, cov)
    lower, rank, upper = _core.rank_sets(est, se=sd, cov=c, level=float(level), simultaneous=bool(simultaneous),
                                         stepdown=bool(stepdown), draws=int(draws), seed=_seed(seed),
                                         units=units)
    lower, rank, upper = (_restore(np.asarray(a), order) for a in (lower, rank, upper))
    return pd.DataFrame({"lower": lower.astype(np.int64), "rank": rank.astype(np.int64),
                         "upper": upper.astype(np.int64)}, index=index)


def _tau_set(estimates: Any, se: Any, cov: Any, tau: int, best: bool, level: float, draws: int,
             seed: Optional[int], stepdown: bool) -> list[Any]:
    est, sd, c, index, units, order = _prepare(estimates, se, cov)
    inside = _core.tau_set(est, se=sd, cov=c, tau=int(tau), best=best, level=float(level),
                           stepdown=bool(stepdown), draws=int(draws), seed=_seed(seed), units=units)
    inside = _restore(np.asarray(inside, dtype=bool), order)
    return [u for u, keep in zip(index, inside) if keep]


def top_set(estimates: Any, se: Any = None, *, tau: int, cov: Any = None, level: float = 0.95,
            draws: int = 1000, seed: Optional[int] = None, stepdown: bool = True) -> list[Any]:
    """The units that may be among the ``tau`` largest: with probability >= ``level`` the list contains
    every unit whose true rank is <= ``tau`` (csranks ``cstaubest``). A list of units (Series index
    labels, or positions for arrays) in the input order; arguments as :func:`rank_sets`."""
    return _tau_set(estimates, se, cov, tau, True, level, draws, seed, stepdown)


def bottom_set(estimates: Any, se: Any = None, *, tau: int, cov: Any = None, level: float = 0.95,
               draws: int = 1000, seed: Optional[int] = None, stepdown: bool = True) -> list[Any]:
    """The units that may be among the ``tau`` smallest: with probability >= ``level`` the list contains
    every unit whose true rank is >= K - ``tau`` + 1 (csranks ``cstauworst``). As :func:`top_set`."""
    return _tau_set(estimates, se, cov, tau, False, level, draws, seed, stepdown)


def plot_rank_sets(frame: pd.DataFrame, *, highlight: Any = None, ax: Any = None, title: Optional[str] = None,
                   labels: Any = "da") -> Any:
    """Caterpillar chart of a :func:`rank_sets` frame: one row per unit sorted by rank (rank 1 at the top),
    a horizontal line from ``lower`` to ``upper`` and a dot at ``rank``; ``highlight`` (a unit, or a list
    of units) in red. Draws into ``ax`` if given, else into a new matplotlib Figure (object API, nothing is
    shown; works on the Agg backend). ``labels``: "da" (default, axis "Rang (1 = højest)"), "en" or a dict
    with keys axis, point, interval. Returns the Axes."""
    from .. import plotting

    missing = {"lower", "rank", "upper"} - set(frame.columns)
    if missing:
        raise InputError(f"plot_rank_sets needs the columns lower, rank and upper; missing {sorted(missing)}")
    text = dict(LABELS[labels]) if isinstance(labels, str) else {**LABELS["da"], **dict(labels)}
    marked: set[Any] = set()
    if highlight is not None:
        marked = set(highlight) if isinstance(highlight, (list, tuple, set)) else {highlight}
        unknown = [u for u in marked if u not in frame.index]
        if unknown:
            raise InputError(f"unknown unit '{unknown[0]}' to highlight")
    order = frame.sort_values(["rank", "lower", "upper"], kind="stable")
    k = len(order)
    with plotting._rc():
        if ax is None:
            fig = plotting._figure(6.4, max(2.0, 0.8 + 0.16 * k))
            ax = fig.add_subplot()
        ys = np.arange(k)
        for y, (unit, row) in zip(ys, order.iterrows()):
            hl = unit in marked
            colour = plotting.HIGHLIGHT if hl else plotting.OTHER
            line = ax.hlines(y, row["lower"] - 0.3, row["upper"] + 0.3, color=colour, linewidth=3 if hl else 2,
                             label=text["interval"] if y == 0 else None)
            dot = ax.plot([row["rank"]], [y], "o", color="black" if not hl else plotting.HIGHLIGHT, markersize=3,
                          label=text["point"] if y == 0 else None)[0]
            if hl:
                line.set_gid("highlight")
                dot.set_gid("highlight")
        ax.set_yticks(ys, [str(u) for u in order.index], fontsize=7 if k <= 40 else 5)
        for tick, unit in zip(ax.get_yticklabels(), order.index):
            if unit in marked:
                tick.set_fontweight("bold")
                tick.set_color(plotting.HIGHLIGHT)
        ax.set_ylim(k - 0.5, -0.5)  # rank 1 at the top
        ax.set_xlim(0.5, max(k, 1) + 0.5)
        ax.set_xlabel(text["axis"])
        if title:
            ax.set_title(title, fontsize=9, loc="left")
        ax.legend(loc="lower right", frameon=False, fontsize=7)
    return ax

