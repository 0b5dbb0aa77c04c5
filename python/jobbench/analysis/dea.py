"""Frontier analysis (DEA): ``dea``, ``dea_bootstrap`` and ``malmquist``.

Farrell efficiency against a piecewise linear frontier, as in the R package Benchmarking (Bogetoft &
Otto): input or output orientation, returns to scale CRS, VRS, DRS, IRS or FDH, lambdas, peers and
targets, two-phase slacks, super-efficiency (Andersen & Petersen), evaluation against a given reference
set; the Simar-Wilson (1998) smoothed bootstrap; the input-oriented Malmquist index. The LPs are solved
in C++ with HiGHS (``include/jobbench/analysis/dea.hpp``); this module shapes pandas. See
docs/analysis-dea.md.

>>> x = pd.DataFrame({"fte": [10.0, 20.0, 30.0]}, index=["A", "B", "C"])
>>> y = pd.DataFrame({"served": [100.0, 150.0, 300.0]}, index=x.index)
>>> d = dea(x, y, rts="crs")
>>> d.efficiency          # A 1.0, B 0.75, C 1.0                                    # doctest: +SKIP
"""
from __future__ import annotations

import secrets
import warnings
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError

__all__ = ["DeaResult", "DeaWarning", "dea", "dea_bootstrap", "malmquist", "plot_malmquist"]

_RTS = ("crs", "vrs", "drs", "irs", "fdh")
_ORIENTATION = {"in": "in", "input": "in", "out": "out", "output": "out"}
_TOL = 1e-9


class DeaWarning(UserWarning):
    """DEA ran, but read the result with care (e.g. fewer units than inputs plus outputs)."""


def _matrix(data: Any, what: str) -> tuple[pd.Index, list[str], np.ndarray]:
    """Units (index), column names and a C-contiguous float64 matrix from a DataFrame, Series or array."""
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else what)
    if isinstance(data, pd.DataFrame):
        if data.index.has_duplicates:
            raise InputError(f"{what}: unit '{data.index[data.index.duplicated()][0]}' appears more than once")
        if data.columns.has_duplicates:
            raise InputError(f"{what}: column '{data.columns[data.columns.duplicated()][0]}' appears more than once")
        for col in data.columns:
            if not (pd.api.types.is_numeric_dtype(data[col]) and not pd.api.types.is_bool_dtype(data[col])):
                raise InputError(f"{what}: column '{col}' is not numeric ({data[col].dtype})")
        values = data.to_numpy(dtype=np.float64, na_value=np.nan)
        return data.index, [str(c) for c in data.columns], np.ascontiguousarray(values)
    values = np.asarray(data, dtype=np.float64)
    if values.ndim == 1:
        values = values.reshape(-1, 1)
    if values.ndim != 2:
        raise InputError(f"{what} must be a DataFrame or a two-dimensional array, got shape {values.shape}")
    return pd.RangeIndex(values.shape[0]), [f"{what}{j}" for j in range(values.shape[1])], \
        np.ascontiguousarray(values)


def _align(index: pd.Index, other: pd.Index, values: np.ndarray, what: str, of: str) -> np.ndarray:
    """``values`` (rows labelled ``other``) in the order of ``index``; InputError naming a unit in only one."""
    if index.equals(other):
        return values
    missing = index.difference(other, sort=False)
    if len(missing):
        raise InputError(f"{missing[0]}: in {of} but not in {what} (the indexes must hold the same units)")
    extra = other.difference(index, sort=False)
    if len(extra):
        raise InputError(f"{extra[0]}: in {what} but not in {of} (the indexes must hold the same units)")
    return np.ascontiguousarray(values[other.get_indexer(index)])


def _columns(names: list[str], ref: list[str], values: np.ndarray, what: str) -> np.ndarray:
    if names == ref:
        return values
    if sorted(names) != sorted(ref):
        raise InputError(f"{what} have columns {names}, expected {ref}")
    return np.ascontiguousarray(values[:, [names.index(c) for c in ref]])


def _rts(rts: str) -> str:
    r = str(rts).lower()
    if r not in _RTS:
        raise InputError(f"rts must be one of {', '.join(_RTS)}, got {rts!r}")
    return r


def _orientation(orientation: str) -> str:
    o = _ORIENTATION.get(str(orientation).lower())
    if o is None:
        raise InputError(f"orientation must be 'in' or 'out', got {orientation!r}")
    return o


def _units(index: pd.Index) -> list[str]:
    return [str(u) for u in index]


def _warn(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(message, DeaWarning, stacklevel=3)


class DeaResult:
    """The result of :func:`dea`. ``efficiency`` (Series of Farrell scores), ``lambdas`` (units x reference
    units), ``slacks()``, ``peers()``, ``targets()``, ``summary()``, ``to_frame()``."""

    def __init__(self, raw: dict, units: pd.Index, reference: pd.Index, inputs: list[str],
                 outputs: list[str], x: np.ndarray, y: np.ndarray, *, rts: str, orientation: str,
                 super_efficiency: bool, reference_given: bool) -> None:
        self.rts = rts
        self.orientation = orientation
        self.super_efficiency = super_efficiency
        self.reference_given = reference_given
        self.warnings: list[str] = list(raw["warnings"])
        self.efficiency = pd.Series(np.asarray(raw["efficiency"], dtype=np.float64), index=units, name="efficiency")
        self.lambdas = pd.DataFrame(np.asarray(raw["lambdas"], dtype=np.float64), index=units, columns=reference)
        self._input_slacks = pd.DataFrame(np.asarray(raw["input_slacks"], dtype=np.float64), index=units,
                                          columns=inputs)
        self._output_slacks = pd.DataFrame(np.asarray(raw["output_slacks"], dtype=np.float64), index=units,
                                           columns=outputs)
        self._x = pd.DataFrame(x, index=units, columns=inputs)
        self._y = pd.DataFrame(y, index=units, columns=outputs)

    def __repr__(self) -> str:
        return (f"<DeaResult {len(self.efficiency)} units, rts={self.rts!r}, orientation={self.orientation!r}"
                f"{', super-efficiency' if self.super_efficiency else ''}>")

    def slacks(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(input slacks, output slacks): the excess input and missing output that remain at the
        Farrell-projected point, from phase two (the plain sum of slacks maximised). NaN where the LP is
        infeasible."""
        return self._input_slacks.copy(), self._output_slacks.copy()

    def peers(self) -> pd.Series:
        """Each unit's peers: the reference units with a positive lambda, largest lambda first (a list per
        unit; empty where the LP is infeasible)."""
        out = {}
        for unit, row in self.lambdas.iterrows():
            pos = row[row > _TOL].sort_values(ascending=False, kind="stable")
            out[unit] = list(pos.index)
        return pd.Series(out, name="peers", dtype=object).reindex(self.lambdas.index)

    def targets(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(input targets, output targets): where each unit would be on the frontier, the Farrell
        projection less the slacks (input orientation: E·x − s_x and y + s_y; output: x − s_x and
        F·y + s_y). These are the lambda-weighted sums of the peers' inputs and outputs."""
        e = self.efficiency.to_numpy()[:, None]
        sx, sy = self._input_slacks, self._output_slacks
        if self.orientation == "in":
            xt = self._x * e - sx
            yt = self._y + sy
        else:
            xt = self._x - sx
            yt = self._y * e + sy
        return xt, yt

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: ``efficiency``, ``peers`` (comma-separated), ``slack_<input>`` and
        ``slack_<output>``."""
        frame = pd.DataFrame({"efficiency": self.efficiency})
        frame["peers"] = [", ".join(str(p) for p in ps) for ps in self.peers()]
        for col in self._input_slacks.columns:
            frame[f"slack_{col}"] = self._input_slacks[col]
        for col in self._output_slacks.columns:
            frame[f"slack_{col}"] = self._output_slacks[col]
        return frame

    def summary(self) -> str:
        """A text summary: model, units, how many on the frontier, the distribution of scores."""
        e = self.efficiency
        finite = e[np.isfinite(e)]
        lines = [
            "Data envelopment analysis (Farrell efficiency, HiGHS)",
            f"  orientation: {'input' if self.orientation == 'in' else 'output'}"
            f"   returns to scale: {self.rts.upper()}"
            f"{'   super-efficiency (Andersen-Petersen)' if self.super_efficiency else ''}"
            f"{'   against a given reference set' if self.reference_given else ''}",
            f"  units: {len(e)}   inputs: {len(self._x.columns)} ({', '.join(self._x.columns)})"
            f"   outputs: {len(self._y.columns)} ({', '.join(self._y.columns)})",
        ]
        if len(e) > len(finite):
            lines.append(f"  infeasible (outside the technology): {len(e) - len(finite)}")
        if len(finite):
            on = int((np.abs(finite - 1.0) < 1e-6).sum())
            lines.append(f"  on the frontier (score 1): {on} of {len(finite)}")
            lines.append(f"  mean {finite.mean():.4f}   median {finite.median():.4f}   "
                         f"min {finite.min():.4f}   max {finite.max():.4f}")
            if self.orientation == "in":
                bins = [-np.inf, 0.5, 0.7, 0.8, 0.9, 1 - 1e-6, 1 + 1e-6, np.inf]
                names = ["< 0.5", "0.5-0.7", "0.7-0.8", "0.8-0.9", "0.9-1", "= 1", "> 1"]
            else:
                bins = [-np.inf, 1 - 1e-6, 1 + 1e-6, 1.1, 1.25, 1.5, 2, np.inf]
                names = ["< 1", "= 1", "1-1.1", "1.1-1.25", "1.25-1.5", "1.5-2", "> 2"]
            counts = pd.cut(finite, bins, labels=names, right=False).value_counts(sort=False)
            lines.append("  scores: " + "   ".join(f"{n}: {c}" for n, c in counts.items() if c))
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


def dea(inputs: Any, outputs: Any, *, rts: str = "vrs", orientation: str = "in",
        super_efficiency: bool = False, reference_inputs: Any = None,
        reference_outputs: Any = None) -> DeaResult:
    """Data envelopment analysis of every unit (row) of ``inputs`` and ``outputs`` (DataFrames indexed by
    unit, one column per input or output; Series and arrays work too).

    ``rts``: "crs", "vrs" (default), "drs", "irs" or "fdh". ``orientation``: "in" (shrink inputs; scores
    <= 1) or "out" (expand outputs; scores >= 1), Farrell scores as in Benchmarking. ``super_efficiency``:
    each unit is left out of its own reference set (Andersen & Petersen); a unit the others cannot span
    gets +inf (input) or -inf (output orientation), as Benchmarking. ``reference_inputs`` /
    ``reference_outputs``: the technology is spanned by these units instead (scores may then pass 1;
    infeasible as above).

    Errors (:class:`jobbench.InputError`) name the unit and column: negative or non-finite values, a unit
    with all inputs zero, indexes that do not hold the same units. Fewer units than inputs plus outputs
    gives a :class:`DeaWarning`. An LP that HiGHS cannot solve raises ``DeaSolverError`` with its status.
    """
    r, o = _rts(rts), _orientation(orientation)
    units, in_names, x = _matrix(inputs, "inputs")
    out_units, out_names, y = _matrix(outputs, "outputs")
    y = _align(units, out_units, y, "outputs", "inputs")
    xr = yr = None
    reference = units
    ref_units: list[str] = []
    if (reference_inputs is None) != (reference_outputs is None):
        raise InputError("give both reference_inputs and reference_outputs, or neither")
    if reference_inputs is not None:
        if super_efficiency:
            raise InputError("super-efficiency evaluates each unit against the others: give no reference set")
        reference, rin, xr = _matrix(reference_inputs, "reference_inputs")
        rout_units, rout, yr = _matrix(reference_outputs, "reference_outputs")
        yr = _align(reference, rout_units, yr, "reference_outputs", "reference_inputs")
        xr = _columns(rin, in_names, xr, "reference_inputs")
        yr = _columns(rout, out_names, yr, "reference_outputs")
        ref_units = _units(reference)
    raw = _core.dea(x, y, rts=r, orientation=o, super_efficiency=bool(super_efficiency), slacks=True,
                    reference_inputs=xr, reference_outputs=yr, units=_units(units), input_names=in_names,
                    output_names=out_names, reference_units=ref_units)
    _warn(raw["warnings"])
    return DeaResult(raw, units, reference, in_names, out_names, x, y, rts=r, orientation=o,
                     super_efficiency=bool(super_efficiency), reference_given=reference_inputs is not None)


def _seed(seed: Optional[int]) -> int:
    if seed is None:
        return secrets.randbits(64)
    seed = int(seed)
    if not 0 <= seed < 2**64:
        raise InputError(f"seed must be an integer in [0, 2**64), got {seed}")
    return seed


_BOOTSTRAP_METHODS = ("subsample", "smoothed")


def dea_bootstrap(inputs: Any, outputs: Any, *, rts: str = "vrs", orientation: str = "in",
                  draws: int = 2000, level: float = 0.95, seed: Optional[int] = None,
                  method: str = "subsample", subsample: Optional[int] = None) -> pd.DataFrame:
    """Bootstrap of the DEA scores: a DataFrame indexed by unit with ``efficiency`` (the DEA score),
    ``bias`` (how much the score flatters the unit: efficiency − corrected), ``corrected`` (the
    bias-corrected score) and ``lower``/``upper`` (the ``level`` confidence interval of the true score).

    ``method="subsample"`` (the default) is the m-out-of-n bootstrap (Kneip, Simar & Wilson 2008; Simar
    & Wilson 2011): each draw scores every unit against m units drawn with replacement, and DEA's rate of
    convergence scales the spread back to n units. ``subsample`` is m; None chooses it from the data by
    minimum volatility (the m whose intervals change least with m). Its intervals cover the true score at
    close to the nominal rate on a known frontier (docs/analysis-dea.md). ``method="smoothed"`` is the
    Simar & Wilson (1998) smoothed bootstrap with reflection, exactly as Benchmarking's ``dea.boot``; it
    under-covers in samples of a few dozen units.

    ``draws`` bootstrap samples; ``seed`` an integer for the same result on every run and thread count
    (None: a fresh random seed). ``rts`` is "crs", "vrs", "drs" or "irs" (not "fdh"). ``.attrs`` holds
    ``method``, ``draws``, ``level``, ``subsample`` (m) and ``subsample_volatility`` (candidate m →
    volatility) or ``bandwidth`` (smoothed)."""
    r, o = _rts(rts), _orientation(orientation)
    name = str(method).lower()
    if name not in _BOOTSTRAP_METHODS:
        raise InputError(f"method must be one of {', '.join(_BOOTSTRAP_METHODS)}, got {method!r}")
    if subsample is not None and name != "subsample":
        raise InputError("subsample (m) is for method='subsample'")
    units, in_names, x = _matrix(inputs, "inputs")
    out_units, out_names, y = _matrix(outputs, "outputs")
    y = _align(units, out_units, y, "outputs", "inputs")
    raw = _core.dea_bootstrap(x, y, rts=r, orientation=o, method=name, draws=int(draws), level=float(level),
                              seed=_seed(seed), subsample=0 if subsample is None else int(subsample),
                              units=_units(units), input_names=in_names, output_names=out_names)
    _warn(raw["warnings"])
    frame = pd.DataFrame({col: np.asarray(raw[col], dtype=np.float64)
                          for col in ("efficiency", "bias", "corrected", "lower", "upper")}, index=units)
    frame.attrs.update(method=name, draws=int(draws), level=float(level))
    if name == "smoothed":
        frame.attrs["bandwidth"] = float(raw["bandwidth"])
    else:
        frame.attrs["subsample"] = int(raw["subsample"])
        frame.attrs["subsample_volatility"] = {
            int(m): float(v) for m, v in zip(np.asarray(raw["candidates"]), np.asarray(raw["volatility"]))
            if np.isfinite(v)}
    return frame


def malmquist(inputs0: Any, outputs0: Any, inputs1: Any, outputs1: Any, *, rts: str = "crs") -> pd.DataFrame:
    """The input-oriented Malmquist productivity index from period 0 to period 1, as Benchmarking's
    ``malmq``: a DataFrame indexed by unit with ``m`` (productivity change; > 1 is growth), ``ec``
    (efficiency change, catching up with the frontier) and ``tc`` (technical change, the frontier's own
    shift), m = ec · tc. With E_t(x_s, y_s) the Farrell efficiency of the period-s unit against the
    period-t technology: m = √(E0(x1,y1)/E0(x0,y0) · E1(x1,y1)/E1(x0,y0)), ec = E1(x1,y1)/E0(x0,y0).
    The four frames hold the same units (errors name a unit missing from one). Cross-period LPs that are
    infeasible (possible except under CRS) give inf or NaN in m and tc."""
    r = _rts(rts)
    units, in_names, x0 = _matrix(inputs0, "inputs0")
    u, out_names, y0 = _matrix(outputs0, "outputs0")
    y0 = _align(units, u, y0, "outputs0", "inputs0")
    u, in1, x1 = _matrix(inputs1, "inputs1")
    x1 = _columns(in1, in_names, _align(units, u, x1, "inputs1", "inputs0"), "inputs1")
    u, out1, y1 = _matrix(outputs1, "outputs1")
    y1 = _columns(out1, out_names, _align(units, u, y1, "outputs1", "inputs0"), "outputs1")
    raw = _core.malmquist(x0, y0, x1, y1, rts=r, units=_units(units), input_names=in_names,
                          output_names=out_names)
    frame = pd.DataFrame({name: np.asarray(raw[name], dtype=np.float64) for name in ("m", "ec", "tc")},
                         index=units)
    return frame


def plot_malmquist(frame: pd.DataFrame, highlight: Any = None, *, language: str = "da", title: str = "") -> Any:
    """Efficiency change (``ec``, x) against technical change (``tc``, y) per unit, from the frame of
    :func:`malmquist` (a matplotlib Figure): the curve m = ec · tc = 1 separates growth (above) from
    decline (below); ``highlight`` marked. Units with an infinite or missing ``ec`` or ``tc`` are not
    drawn. ``language="en"`` for English labels."""
    from .. import plotting

    missing = [c for c in ("m", "ec", "tc") if c not in frame.columns]
    if missing:
        raise InputError(f"Malmquist frame: missing column '{missing[0]}' (give the frame of malmquist())")
    if language == "en":
        return plotting.malmquist_chart(frame, highlight=highlight, xlabel="Efficiency change (ec)",
                                        ylabel="Technical change (tc)",
                                        m_label="m = ec · tc = 1 (no productivity change)",
                                        growth_label="growth (m > 1)", decline_label="decline (m < 1)", title=title)
    return plotting.malmquist_chart(frame, highlight=highlight, title=title)
