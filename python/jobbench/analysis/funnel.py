"""Funnel plots with over-dispersion (Spiegelhalter 2005; the R package FunnelPlotR).

``funnel(numerator, denominator)`` fits a funnel of proportions (FunnelPlotR's "PR" method),
``funnel(count, exposure, kind="rate")`` one of rates per exposure and ``funnel(observed,
expected, kind="ratio")`` one of indirectly standardised ratios O/E (FunnelPlotR's "SR" method
with its square-root transformation, target 1); ``expected_counts`` computes E from unit x group
tables, ``funnel_standardised`` does both steps; ``funnel_from_estimates`` takes any indicator
given as (estimate, standard error). All computation and validation is in C++
(``include/jobbench/analysis/funnel.hpp``); this module shapes pandas and draws. See
docs/analysis.md.
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

from .. import _core

__all__ = ["Funnel", "FunnelWarning", "expected_counts", "funnel", "funnel_from_estimates",
           "funnel_standardised"]

#: the columns of :meth:`Funnel.to_frame`, in order (``z_adjusted`` and ``flag`` follow them)
COLUMNS = ["n", "value", "z", "lower95", "upper95", "lower998", "upper998"]
#: the flags of :meth:`Funnel.to_frame`, from high to low
FLAGS = ["high998", "high95", "normal", "low95", "low998"]

_KINDS = {"proportion": "proportion", "rate": "sqrt", "ratio": "sqrt"}

_LABELS: dict[str, dict[str, str]] = {
    "da": {"proportion_x": "Antal (nævner)", "proportion_y": "Andel",
           "rate_x": "Eksponering", "rate_y": "Rate",
           "ratio_x": "Forventet antal", "ratio_y": "Standardiseret ratio (observeret/forventet)",
           "estimate_x": "Præcision (1/SE²)", "estimate_y": "Estimat",
           "target": "Mål", "limit95": "95 %-grænser", "limit998": "99,8 %-grænser",
           "units": "Enheder", "title": "Tragtdiagram"},
    "en": {"proportion_x": "Denominator", "proportion_y": "Proportion",
           "rate_x": "Exposure", "rate_y": "Rate",
           "ratio_x": "Expected", "ratio_y": "Standardised ratio (observed/expected)",
           "estimate_x": "Precision (1/SE²)", "estimate_y": "Estimate",
           "target": "Target", "limit95": "95 % limits", "limit998": "99.8 % limits",
           "units": "Units", "title": "Funnel plot"},
}

ArrayResult = Union[tuple[float, float], tuple[np.ndarray, np.ndarray], tuple[pd.Series, pd.Series]]


class FunnelWarning(UserWarning):
    """A funnel left units out (denominator 0) or could not estimate over-dispersion (< 3 units)."""


def _method(overdispersion: Optional[str]) -> str:
    if overdispersion is None:
        return "none"
    if not isinstance(overdispersion, str):
        raise _core.InputError(f"overdispersion must be 'additive', 'multiplicative' or None, "
                               f"got {overdispersion!r}")
    return overdispersion


def _index_and_units(a: Any, b: Any) -> tuple[pd.Index, Any, Any, list[str]]:
    """The units' index, both inputs as float arrays aligned on it, and the units' names."""
    if isinstance(a, pd.Series) or isinstance(b, pd.Series):
        template = a if isinstance(a, pd.Series) else b
        index = template.index
        if index.has_duplicates:
            dup = index[index.duplicated()][0]
            raise _core.InputError(f"{dup}: unit appears more than once in the index")
        aa = a.reindex(index) if isinstance(a, pd.Series) else a
        bb = b.reindex(index) if isinstance(b, pd.Series) else b
        units = [str(u) for u in index]
    else:
        aa, bb, units = a, b, []
    x = np.asarray(aa, dtype=np.float64).reshape(-1)
    y = np.asarray(bb, dtype=np.float64).reshape(-1)
    if not units:
        index = pd.RangeIndex(x.size)
    if x.size != y.size:
        raise _core.InputError(f"the two inputs differ in length ({x.size} and {y.size})")
    return index, np.ascontiguousarray(x), np.ascontiguousarray(y), units


class Funnel:
    """A fitted funnel: ``.target``, ``.phi``, ``.tau2``, ``.limits(n, level)``, ``.to_frame()``,
    ``.plot()``, ``.summary()``; ``.excluded`` lists the units left out (denominator 0)."""

    def __init__(self, fit: Any, index: pd.Index, kind: str) -> None:
        self._fit = fit
        self._all_index = index
        self.kind = kind
        self._index = index[list(fit.included)]

    # ------------------------------------------------------------------ scalars
    @property
    def target(self) -> float:
        """The centre line on the indicator's scale (pooled, given, or 1 for an O/E ratio)."""
        return float(self._fit.target)

    @property
    def phi(self) -> float:
        """Dispersion ratio: mean of the winsorised squared z-scores (NaN with < 3 units)."""
        return float(self._fit.phi)

    @property
    def tau2(self) -> float:
        """Between-unit variance on the transformed scale (Spiegelhalter 2005; 0 with < 3 units)."""
        return float(self._fit.tau2)

    @property
    def overdispersion(self) -> Optional[str]:
        """The adjustment used for the limits: "additive", "multiplicative" or None."""
        used = self._fit.used
        return None if used == "none" else str(used)

    @property
    def requested(self) -> Optional[str]:
        """The adjustment asked for (differs from ``overdispersion`` with fewer than 3 units)."""
        asked = self._fit.requested
        return None if asked == "none" else str(asked)

    @property
    def trim(self) -> float:
        return float(self._fit.trim)

    @property
    def units(self) -> int:
        """K: the number of units in the funnel (excluded ones not counted)."""
        return len(self._index)

    @property
    def excluded(self) -> list[Any]:
        """Units left out of the funnel because their denominator (exposure, expected) is 0."""
        return [self._all_index[i] for i in self._fit.excluded]

    # ------------------------------------------------------------------ limits and frame
    def limits(self, n: Any, level: float = 0.95) -> ArrayResult:
        """(lower, upper) control limits at precision ``n`` and ``level``, on the indicator's scale.

        ``n`` is the denominator (proportion), exposure (rate), expected count (ratio) or
        1 / se² (estimates): a number (floats returned), an array-like or a Series (same shape).
        """
        scalar = np.ndim(n) == 0
        nn = np.ascontiguousarray(np.atleast_1d(np.asarray(n, dtype=np.float64)).reshape(-1))
        lower, upper = self._fit.limits(nn, float(level))
        if scalar:
            return float(lower[0]), float(upper[0])
        if isinstance(n, pd.Series):
            return (pd.Series(lower, index=n.index, name="lower"),
                    pd.Series(upper, index=n.index, name="upper"))
        return lower, upper

    def to_frame(self) -> pd.DataFrame:
        """One row per unit (input order, excluded units left out), indexed like the input.

        Columns: ``n``, ``value``, ``z`` (unadjusted z-score on the transformed scale), ``lower95``,
        ``upper95``, ``lower998``, ``upper998`` (limits of the adjustment used), then
        ``z_adjusted`` (z against the over-dispersed spread: |z_adjusted| > 1.96 is outside the
        95 % limits) and ``flag``: "high998", "high95", "normal", "low95" or "low998".
        """
        f = self._fit
        frame = pd.DataFrame({"n": f.n, "value": f.value, "z": f.z,
                              "lower95": f.lower95, "upper95": f.upper95,
                              "lower998": f.lower998, "upper998": f.upper998,
                              "z_adjusted": f.z_adjusted}, index=self._index)
        frame["flag"] = pd.Categorical(f.flag, categories=FLAGS)
        return frame

    # ------------------------------------------------------------------ text
    def _method_text(self) -> str:
        return {"proportion": "proportion, arcsine-sqrt (FunnelPlotR PR)",
                "rate": "rate per exposure, square root (FunnelPlotR SR/CQC)",
                "ratio": "standardised ratio O/E, square root (FunnelPlotR SR/CQC)",
                "estimate": "estimate with standard error, identity"}[self.kind]

    def summary(self) -> str:
        """Short text: method, target, phi, tau², K and the number of units per flag."""
        counts = self.to_frame()["flag"].value_counts()
        width = 78
        rows = [
            ("Method:", self._method_text()),
            ("Over-dispersion:", f"{self.overdispersion or 'none'}"
             + ("" if self.requested == self.overdispersion
                else f" (asked {self.requested}; fewer than 3 units)")),
            ("Winsorised at:", f"{self.trim:g} and {1 - self.trim:g}"),
            ("Target:", f"{self.target:.6g}"),
            ("phi:", "n/a" if math.isnan(self.phi) else f"{self.phi:.4f}"),
            ("tau2:", f"{self.tau2:.6g}"),
            ("K (units):", f"{self.units}"),
            ("Excluded:", ", ".join(str(u) for u in self.excluded) or "none"),
        ]
        lines = ["Funnel plot results".center(width), "=" * width]
        lines += [f"{k:<18}{v}" for k, v in rows]
        lines.append("-" * width)
        lines.append(f"{'flag':<18}{'units':>6}")
        lines += [f"{flag:<18}{int(counts.get(flag, 0)):>6}" for flag in FLAGS]
        lines.append("=" * width)
        return "\n".join(lines)

    def __repr__(self) -> str:
        phi = "nan" if math.isnan(self.phi) else f"{self.phi:.4g}"
        return (f"<Funnel {self.kind}: K={self.units}, target={self.target:.4g}, phi={phi}, "
                f"tau2={self.tau2:.4g}, overdispersion={self.overdispersion}>")

    # ------------------------------------------------------------------ plot
    def plot(self, *, highlight: Any = None, ax: Any = None, title: Optional[str] = None,
             labels: Union[str, Mapping[str, str]] = "da") -> Any:
        """Draw the funnel on ``ax`` (a new Figure's Axes if None) and return the Axes.

        Points per unit, the target line, 95 % (dashed) and 99.8 % (solid) limits over a grid of
        n, and ``highlight`` (a unit, or a list of units) in a distinct colour and labelled.
        ``labels``: "da" (default) or "en", or a dict overriding keys of either (``x``, ``y``,
        ``title``, ``target``, ``limit95``, ``limit998``, ``units``). Artists carry gids
        "target", "limit95", "limit998", "units" and "highlight".
        """
        from ..plotting import HIGHLIGHT, OTHER, _figure, _rc

        if isinstance(labels, str):
            if labels not in _LABELS:
                raise _core.InputError(f"labels must be 'da', 'en' or a dict, got {labels!r}")
            text = dict(_LABELS[labels])
        else:
            text = dict(_LABELS["da"])
            text.update(labels)
        text.setdefault("x", text[f"{self.kind}_x"])
        text.setdefault("y", text[f"{self.kind}_y"])
        frame = self.to_frame()
        chosen: list[Any] = []
        if highlight is not None:
            chosen = list(highlight) if isinstance(highlight, (list, tuple, set)) else [highlight]
            missing = [u for u in chosen if u not in frame.index]
            if missing:
                raise _core.InputError(f"{missing[0]}: highlighted unit is not in the funnel")
        with _rc():
            if ax is None:
                ax = _figure(6.0, 4.0).add_subplot()
            n_min = float(frame["n"].min())
            n_max = float(frame["n"].max())
            grid = np.geomspace(max(n_min * 0.5, 1e-12), n_max * 1.1, 300)
            ax.axhline(self.target, color="black", linewidth=1.0, gid="target",
                       label=text["target"])
            for level, key, style in ((0.95, "limit95", "--"), (0.998, "limit998", "-")):
                lower, upper = self.limits(grid, level)
                ax.plot(grid, lower, style, color="#1f77b4", linewidth=0.9, gid=key,
                        label=text[key])
                ax.plot(grid, upper, style, color="#1f77b4", linewidth=0.9, gid=key)
            others = frame.drop(index=chosen)
            ax.scatter(others["n"], others["value"], s=14, color=OTHER, zorder=3, gid="units",
                       label=text["units"])
            for unit in chosen:
                ax.scatter([frame.at[unit, "n"]], [frame.at[unit, "value"]], s=36,
                           color=HIGHLIGHT, zorder=4, gid="highlight")
                ax.annotate(str(unit), (frame.at[unit, "n"], frame.at[unit, "value"]),
                            xytext=(5, 5), textcoords="offset points", color=HIGHLIGHT,
                            fontweight="bold", gid="highlight")
            ax.set_xlabel(text["x"])
            ax.set_ylabel(text["y"])
            ax.set_title(text["title"] if title is None else title)
            ax.legend(loc="best", frameon=False)
        return ax


def _fit(kind: str, a: Any, b: Any, overdispersion: Optional[str], trim: float,
         target: Optional[float]) -> Funnel:
    index, x, y, units = _index_and_units(a, b)
    transform = "identity" if kind == "estimate" else _KINDS[kind]
    tgt = float("nan") if target is None else float(target)
    if target is not None and math.isnan(tgt):
        raise _core.InputError("target must be a number or None (pooled), got NaN")
    fit = _core.fit_funnel(x, y, transform, _method(overdispersion), float(trim), tgt, units)
    result = Funnel(fit, index, kind)
    if result.excluded:
        names = ", ".join(str(u) for u in result.excluded)
        warnings.warn(f"{names}: denominator 0, left out of the funnel (listed in .excluded)",
                      FunnelWarning, stacklevel=3)
    if not fit.dispersion_estimated and result.requested is not None:
        warnings.warn(f"only {result.units} unit(s) in the funnel: over-dispersion (phi, tau2) "
                      "needs at least 3, limits are drawn without it", FunnelWarning,
                      stacklevel=3)
    return result


def funnel(numerator: Any, denominator: Any, *, overdispersion: Optional[str] = "additive",
           trim: float = 0.1, target: Optional[float] = None, kind: str = "proportion") -> Funnel:
    """Fit a funnel plot; arguments are array-likes or pandas Series indexed by unit.

    ``kind``:
      * ``"proportion"`` (default): numerator of denominator, FunnelPlotR's "PR" method
        (y = asin(sqrt(p)), s = 1/(2 sqrt(n)), pooled target sum(num)/sum(den));
      * ``"rate"``: count per exposure (e.g. conversations per person-year), square-root
        transformation as FunnelPlotR's "SR"/CQC (y = sqrt(rate), s = 1/(2 sqrt(exposure)),
        pooled target sum(count)/sum(exposure));
      * ``"ratio"``: observed / expected (indirectly standardised; see ``expected_counts``), the
        same square-root method with target 1.
    ``overdispersion``: "additive" (tau², Spiegelhalter 2005), "multiplicative" (phi) or None.
    ``trim``: winsorise z-scores at the trim and 1 - trim quantiles, in [0, 0.5).
    ``target``: the centre line on the indicator's scale; None = pooled (1 for ratios).
    Units whose denominator is 0 are left out, listed in ``.excluded`` and warned about
    (:class:`FunnelWarning`); with fewer than 3 units there is no over-dispersion estimate.
    """
    if kind not in _KINDS:
        raise _core.InputError(f"kind must be 'proportion', 'rate' or 'ratio', got {kind!r}")
    if kind == "ratio" and target is None:
        target = 1.0
    return _fit(kind, numerator, denominator, overdispersion, trim, target)


def funnel_from_estimates(estimate: Any, se: Any, *, target: Optional[float] = None,
                          overdispersion: Optional[str] = "additive",
                          trim: float = 0.1) -> Funnel:
    """Funnel of any indicator given as (estimate, standard error) per unit, on the identity scale.

    z = (estimate - target) / se; pooled target = inverse-variance weighted mean; n (the x axis
    and the argument of ``.limits``) is the precision 1 / se².
    """
    return _fit("estimate", estimate, se, overdispersion, trim, target)


def expected_counts(counts: pd.DataFrame, exposure: pd.DataFrame) -> pd.Series:
    """Expected count per unit by indirect standardisation.

    ``counts`` and ``exposure`` are unit x group tables (rows units, columns groups, e.g. target
    groups); expected_u = sum_g exposure_ug * (sum_u counts_ug / sum_u exposure_ug), i.e. the
    unit's exposure at the national group-specific rates. ``exposure`` is aligned on the labels
    of ``counts`` (a label missing in either is an error naming it).
    """
    counts = pd.DataFrame(counts)
    exposure = pd.DataFrame(exposure)
    for label in counts.index.symmetric_difference(exposure.index):
        raise _core.InputError(f"{label}: unit is in only one of counts and exposure")
    for label in counts.columns.symmetric_difference(exposure.columns):
        raise _core.InputError(f"{label}: group is in only one of counts and exposure")
    exposure = exposure.loc[counts.index, counts.columns]
    values = _core.expected_counts(
        np.ascontiguousarray(counts.to_numpy(dtype=np.float64)),
        np.ascontiguousarray(exposure.to_numpy(dtype=np.float64)),
        [str(u) for u in counts.index], [str(g) for g in counts.columns])
    return pd.Series(values, index=counts.index, name="expected")


def funnel_standardised(counts: pd.DataFrame, exposure: pd.DataFrame, *,
                        overdispersion: Optional[str] = "additive", trim: float = 0.1,
                        target: Optional[float] = None) -> Funnel:
    """Funnel of O/E: observed = row sums of ``counts``, expected = ``expected_counts``."""
    observed = pd.DataFrame(counts).sum(axis=1)
    expected = expected_counts(counts, exposure)
    return funnel(observed, expected, kind="ratio", overdispersion=overdispersion, trim=trim,
                  target=target)

