"""Expected against actual results given framework conditions, and groups of similar units.

``expected(outcome, conditions)`` regresses an outcome (productivity, the job rate, any indicator) on
framework conditions (unemployment, benefit pressure, education ...) by ordinary least squares with an
intercept, and gives each unit the *leave-one-out* prediction: the fit of all the other units evaluated at
its conditions, so that a unit does not set its own expectation. ``similar(conditions, k)`` lists each
unit's k nearest units by Mahalanobis distance on the conditions (a comparison group, as VIVE's ECO key
figures use). Computed in C++ with Eigen (``include/jobbench/analysis/expected.hpp``); Student's t
quantiles from Boost.Math. See docs/analysis.md.

>>> e = expected(job_rate, framework[["ledighed", "forsoergelsestryk"]])
>>> e.sort_values("rank").head()          # actual, expected, residual, lower, upper, rank
>>> similar(framework, 4)["Varde"]         # Varde's four most similar municipalities
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from .dea import _align, _matrix, _units

__all__ = ["expected", "mahalanobis_distances", "plot_expected", "similar"]


def _outcome(outcome: Any) -> tuple[pd.Index, str, np.ndarray]:
    if isinstance(outcome, pd.DataFrame):
        if outcome.shape[1] != 1:
            raise InputError(f"outcome must be one column, got {outcome.shape[1]}: {list(outcome.columns)}")
        outcome = outcome.iloc[:, 0]
    if isinstance(outcome, pd.Series):
        if outcome.index.has_duplicates:
            raise InputError(f"outcome: unit '{outcome.index[outcome.index.duplicated()][0]}' appears more than once")
        if not (pd.api.types.is_numeric_dtype(outcome) and not pd.api.types.is_bool_dtype(outcome)):
            raise InputError(f"outcome is not numeric ({outcome.dtype})")
        name = str(outcome.name) if outcome.name is not None else "outcome"
        return outcome.index, name, np.ascontiguousarray(outcome.to_numpy(dtype=np.float64, na_value=np.nan))
    values = np.asarray(outcome, dtype=np.float64)
    if values.ndim != 1:
        raise InputError(f"outcome must be one-dimensional, got shape {values.shape}")
    return pd.RangeIndex(len(values)), "outcome", np.ascontiguousarray(values)


def expected(outcome: Any, conditions: Any, *, level: float = 0.95, higher_is_better: bool = True) -> pd.DataFrame:
    """Each unit's outcome against what its framework conditions lead one to expect.

    ``outcome``: a Series indexed by unit (or an array); ``conditions``: a DataFrame indexed by the same
    units, one column per framework condition (an intercept is added). Returns a DataFrame indexed by unit
    (in the order of ``outcome``) with

    - ``actual``: the outcome;
    - ``expected``: the leave-one-out prediction (the OLS fit of the other units at this unit's conditions);
    - ``residual``: actual − expected;
    - ``lower``/``upper``: the ``level`` prediction interval of the actual value around the expectation
      (Student's t with K − p − 2 degrees of freedom, the leave-one-out residual variance); an actual
      value outside it differs from the expectation by more than the spread of the other units explains;
    - ``se``: the standard error of actual − expected;
    - ``rank``: 1 = the most above expectation (``higher_is_better=False``, e.g. FTE per 1,000
      person-years: 1 = the most below);
    - ``flag``: "over", "under" or "within" the interval.

    ``.attrs`` holds ``coefficients`` (a Series: intercept and one per condition, full sample),
    ``r_squared``, ``sigma``, ``df`` and ``level``.

    Errors (:class:`jobbench.InputError`): a non-finite value (naming unit and column), indexes that do
    not hold the same units, a constant condition or one collinear with others (naming it), fewer than
    p + 3 units.
    """
    units, name, y = _outcome(outcome)
    cond_units, cond_names, x = _matrix(conditions, "conditions")
    x = _align(units, cond_units, x, "conditions", "outcome")
    raw = _core.expected(y, x, level=float(level), units=_units(units), condition_names=cond_names,
                         outcome_name=name)
    frame = pd.DataFrame({
        "actual": y,
        "expected": np.asarray(raw["expected"], dtype=np.float64),
        "residual": np.asarray(raw["residual"], dtype=np.float64),
        "lower": np.asarray(raw["lower"], dtype=np.float64),
        "upper": np.asarray(raw["upper"], dtype=np.float64),
        "se": np.asarray(raw["se"], dtype=np.float64),
    }, index=units)
    signed = frame["residual"] if higher_is_better else -frame["residual"]
    frame["rank"] = signed.rank(ascending=False, method="min").astype(np.int64)
    frame["flag"] = np.where(frame["actual"] > frame["upper"], "over",
                             np.where(frame["actual"] < frame["lower"], "under", "within"))
    frame.attrs.update({
        "outcome": name,
        "coefficients": pd.Series(np.asarray(raw["coefficients"], dtype=np.float64),
                                  index=["intercept", *cond_names], name="coefficient"),
        "r_squared": float(raw["r_squared"]),
        "sigma": float(raw["sigma"]),
        "df": int(raw["df"]),
        "level": float(level),
        "higher_is_better": bool(higher_is_better),
    })
    return frame


def _similar(conditions: Any, k: int) -> tuple[pd.Index, dict]:
    units, names, x = _matrix(conditions, "conditions")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise InputError(f"k must be an integer, got {k!r}")
    return units, _core.similar(x, int(k), units=_units(units), condition_names=names)


def similar(conditions: Any, k: int) -> dict:
    """Each unit's ``k`` most similar units: a dict unit → list of units, nearest first.

    Similarity is the Mahalanobis distance on the framework conditions (a DataFrame indexed by unit, one
    column per condition): the conditions are standardised and their correlation taken into account, so
    two correlated conditions do not count twice. Ties are broken by the units' order in ``conditions``,
    so the result is the same on every run. A unit's own row never counts. Errors as :func:`expected`
    (a constant or collinear condition makes the covariance singular); ``1 <= k <= units − 1``.
    """
    units, raw = _similar(conditions, k)
    nearest = np.asarray(raw["nearest"], dtype=np.int64)
    labels = list(units)
    return {labels[i]: [labels[j] for j in nearest[i]] for i in range(len(labels))}


def mahalanobis_distances(conditions: Any) -> pd.DataFrame:
    """The units × units Mahalanobis distances on the conditions (the sample covariance), as
    :func:`similar` uses them."""
    units, raw = _similar(conditions, 1)
    return pd.DataFrame(np.asarray(raw["distance"], dtype=np.float64), index=units, columns=units)


def plot_expected(frame: pd.DataFrame, highlight: Any = None, *, percent: bool = False, labels: str = "da") -> Any:
    """Actual against expected per unit, from the frame of :func:`expected`: the prediction interval as a
    bar at each unit's expectation, the diagonal actual = expected, ``highlight`` marked (a matplotlib
    Figure; ``labels="en"`` for English axis labels; ``percent`` for a share)."""
    from .. import plotting

    if labels == "en":
        return plotting.expected_chart(frame, highlight=highlight, percent=percent, xlabel="Expected from the conditions",
                                       ylabel="Actual", diagonal_label="Actual = expected")
    return plotting.expected_chart(frame, highlight=highlight, percent=percent)
