"""Frontier models for a fitted benchmark: ``efficiency`` (DEA with bootstrap) and ``what_if``.

The default model (docs/analysis.md, "Efficiency of a benchmark"):

* **input**: the job centre's FTE — in total (``inputs="total"``: the root of the task tree, all FTE
  on job-centre tasks) or per area (``inputs="areas"``: the FTE of each area's main tasks);
* **outputs**: the person-years served in each area (the person-years of the area's target groups,
  the denominators of the productivity figures);
* **quality** (``quality=True``): one more output, the *self-supporting person-years*: each area's
  person-years times its job rate ("jobrate", the share that left for work or education), summed.

Input orientation, variable returns to scale, bootstrap intervals: m out of n where there are enough
units to choose m, else the Simar-Wilson (1998) smoothed bootstrap. With the 2013 data set's 15
municipalities the model has 1 input and 4 (5 with quality) outputs: enough units for a first picture,
few enough that several units are efficient by default — read the bootstrap intervals, which the
smoothed bootstrap makes too narrow at this size.

``what_if`` answers: how many FTE would each area need at the group's mean productivity, at the
best quartile's, and on the frontier?
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from .._errors import InputError
from .dea import DeaResult, dea, dea_bootstrap

if TYPE_CHECKING:
    from ..productivity import BenchmarkResults

__all__ = ["DEFAULT_AREAS", "EfficiencyResult", "efficiency", "efficiency_model", "plot_what_if",
           "quality_effect", "what_if"]

#: Output areas of the default model for the 2013 spec: name -> the main tasks (items) behind it.
DEFAULT_AREAS: dict[str, tuple[str, ...]] = {
    "adp": ("adp",),             # A-dagpenge
    "kh": ("kh1", "kh23"),       # kontanthjælp, match groups 1 and 2+3
    "syg": ("syg",),             # sygedagpenge
    "ly_reval": ("ly", "reval"),  # ledighedsydelse and revalidering
}
#: Indicator whose share of the person-years counts as self-supporting (q.<item>.jobrate).
JOB_RATE = "jobrate"
_TOL = 1e-6


def _results(results: Any) -> "BenchmarkResults":
    from ..datasets import Dataset
    from ..productivity import Benchmark, BenchmarkResults

    if isinstance(results, BenchmarkResults):
        return results
    if isinstance(results, Dataset):
        return results.benchmark().fit()
    if isinstance(results, Benchmark):
        return results.fit()
    if isinstance(results, str):
        from .. import datasets

        return datasets.load(results).benchmark().fit()
    raise InputError(f"expected BenchmarkResults, a Benchmark, a Dataset or a data set name, got "
                     f"{type(results).__name__}")


def _target_areas(results: "BenchmarkResults") -> list[str]:
    """The root's main tasks whose divisor is a target group (not the root's own group)."""
    root_div = str(results.items.at[results.root, "divisor"])
    return [c for c in results.children(results.root) if str(results.items.at[c, "divisor"]) != root_div]


def _areas(results: "BenchmarkResults", areas: Optional[Mapping[str, Sequence[str]]]
           ) -> dict[str, tuple[str, ...]]:
    if areas is None:
        if all(i in results.items.index for items in DEFAULT_AREAS.values() for i in items):
            return dict(DEFAULT_AREAS)
        return {c: (c,) for c in _target_areas(results)}
    out = {}
    for name, items in areas.items():
        items = (items,) if isinstance(items, str) else tuple(items)
        for i in items:
            results._ii(i)  # InputError for an unknown item
        out[str(name)] = items
    if not out:
        raise InputError("areas: give at least one area")
    return out


def _job_rate(results: "BenchmarkResults", item: str) -> Optional[np.ndarray]:
    q = results.quality
    if q is None or len(q) == 0:
        return None
    sel = q[q["indicator"].astype(str) == f"q.{item}.{JOB_RATE}"]
    if sel.empty:
        return None
    s = pd.Series(pd.to_numeric(sel["value"], errors="coerce").to_numpy(),
                  index=sel["municipality"].astype(str)).groupby(level=0).first()
    return s.reindex(results.municipalities).to_numpy(dtype=np.float64)


def efficiency_model(results: Any, *, inputs: str = "total",
                     areas: Optional[Mapping[str, Sequence[str]]] = None,
                     quality: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The (inputs, outputs) DataFrames of the default DEA model, indexed by municipality.

    ``inputs="total"``: one column ``fte`` (the root's FTE); ``"areas"``: ``fte_<area>`` per area.
    Outputs: ``py_<area>`` (person-years served) per area; with ``quality=True`` also
    ``selvforsoergende`` = Σ job rate × person-years over the areas' items that have a job rate
    (``q.<item>.jobrate``). ``areas``: name -> items (default :data:`DEFAULT_AREAS` for the 2013 spec,
    else each target-group main task)."""
    r = _results(results)
    a = _areas(r, areas)
    fte, py = r.matrix("fte"), r.matrix("person_years")
    units = pd.Index(r.municipalities, name="municipality")
    if inputs == "total":
        x = pd.DataFrame({"fte": fte.loc[r.root].to_numpy(dtype=np.float64)}, index=units)
    elif inputs == "areas":
        x = pd.DataFrame({f"fte_{n}": fte.loc[list(items)].sum(axis=0).to_numpy(dtype=np.float64)
                          for n, items in a.items()}, index=units)
    else:
        raise InputError(f"inputs must be 'total' or 'areas', got {inputs!r}")
    y = pd.DataFrame({f"py_{n}": py.loc[list(items)].sum(axis=0).to_numpy(dtype=np.float64)
                      for n, items in a.items()}, index=units)
    if quality:
        total = np.zeros(len(units))
        found = []
        for items in a.values():
            for item in items:
                rate = _job_rate(r, item)
                if rate is None:
                    continue
                if not np.isfinite(rate).all():
                    bad = units[~np.isfinite(rate)][0]
                    raise InputError(f"{bad}: job rate of '{item}' (q.{item}.{JOB_RATE}) is missing")
                total += rate * py.loc[item].to_numpy(dtype=np.float64)
                found.append(item)
        if not found:
            raise InputError(f"quality=True needs the job rate (q.<item>.{JOB_RATE}) of at least one area item")
        y["selvforsoergende"] = total
        y.attrs["job_rate_items"] = found
    return x, y


@dataclass
class EfficiencyResult:
    """The default model run on a benchmark: see :func:`efficiency`."""

    inputs: pd.DataFrame
    outputs: pd.DataFrame
    dea: DeaResult
    super_efficiency: pd.Series
    bootstrap: Optional[pd.DataFrame]
    rts: str
    quality: bool
    notes: list

    def frontier(self) -> list:
        """The units on the frontier (Farrell score 1), in data order."""
        e = self.dea.efficiency
        return list(e.index[np.abs(e - 1.0) < _TOL])

    def peers(self, unit: str) -> pd.Series:
        """The unit's peers and their weights (lambdas), largest first."""
        row = self.dea.lambdas.loc[unit]
        return row[row > 1e-9].sort_values(ascending=False, kind="stable").rename("lambda")

    def targets(self, unit: str) -> pd.DataFrame:
        """Per input and output of ``unit``: ``actual``, ``target`` (on the frontier) and ``difference``."""
        xt, yt = self.dea.targets()
        actual = pd.concat([self.inputs.loc[unit], self.outputs.loc[unit]])
        target = pd.concat([xt.loc[unit], yt.loc[unit]])
        frame = pd.DataFrame({"actual": actual, "target": target})
        frame["difference"] = frame["target"] - frame["actual"]
        frame["kind"] = ["input"] * self.inputs.shape[1] + ["output"] * self.outputs.shape[1]
        return frame

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: ``efficiency``, ``super_efficiency``, bootstrap ``corrected``, ``lower``,
        ``upper`` (NaN without a bootstrap), ``frontier`` (bool), ``peers`` (comma-separated)."""
        e = self.dea.efficiency
        frame = pd.DataFrame({"efficiency": e, "super_efficiency": self.super_efficiency})
        for col in ("corrected", "lower", "upper"):
            frame[col] = self.bootstrap[col] if self.bootstrap is not None else np.nan
        frame["frontier"] = np.abs(e - 1.0) < _TOL
        frame["peers"] = [", ".join(str(p) for p in ps) for ps in self.dea.peers()]
        return frame

    def bootstrap_label(self) -> str:
        """The bootstrap behind the intervals in words, e.g. "m out of n (m = 9), 2000 draws, 95 %
        intervals"; "" without one."""
        if self.bootstrap is None:
            return ""
        a = self.bootstrap.attrs
        kind = (f"m out of n (m = {a['subsample']})" if a.get("method") == "subsample"
                else "smoothed (Simar & Wilson 1998)")
        return f"{kind}, {a['draws']} draws, {a['level']:.0%} intervals"

    def summary(self) -> str:
        lines = [self.dea.summary(),
                 f"  outputs: {', '.join(self.outputs.columns)}"
                 f"{' (quality: self-supporting person-years)' if self.quality else ''}",
                 f"  on the frontier: {', '.join(map(str, self.frontier())) or 'none'}"]
        if self.bootstrap is not None:
            lines.append(f"  bootstrap: {self.bootstrap_label()}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def plot_frontier(self, highlight: Optional[str] = None, *, language: str = "da") -> Any:
        """The one-input, one-output view: total FTE (x) against all person-years served (y), one point
        per unit, the units on the frontier marked and the VRS frontier of this view drawn through
        them (a matplotlib Figure)."""
        from .. import plotting

        x = self.inputs.sum(axis=1)
        y = self.outputs[[c for c in self.outputs.columns if c.startswith("py_")]].sum(axis=1)
        if language == "en":
            return plotting.frontier_chart(x, y, highlight=highlight, rts=self.rts, xlabel="FTE in total",
                                           ylabel="Person-years served", frontier_label="Frontier (best practice)")
        return plotting.frontier_chart(x, y, highlight=highlight, rts=self.rts)


def efficiency(results: Any, *, inputs: str = "total", areas: Optional[Mapping[str, Sequence[str]]] = None,
               quality: bool = False, rts: str = "vrs", orientation: str = "in", draws: int = 2000,
               level: float = 0.95, seed: Optional[int] = 1, method: str = "subsample") -> EfficiencyResult:
    """Run the default DEA model (:func:`efficiency_model`) on a benchmark.

    ``results``: BenchmarkResults (or a Benchmark, a Dataset or a data set name). Returns an
    :class:`EfficiencyResult`: ``.frontier()`` (who is on the frontier), ``.peers(unit)`` and
    ``.targets(unit)`` (whom to learn from, and where the unit would be on the frontier),
    ``.to_frame()`` (scores, super-efficiency, bootstrap intervals, peers), ``.summary()``,
    ``.plot_frontier()``. ``draws=0`` skips the bootstrap; ``method`` is :func:`dea_bootstrap`'s. With
    too few units to choose the m-out-of-n subsample size (the 2013 data set: 15 units, 5 or 6 inputs and
    outputs) the bootstrap is the smoothed one, and ``.notes`` says so and that its intervals are too
    narrow in small samples. When every unit is efficient there is nothing to bootstrap: the intervals
    are NaN and ``.notes`` says so."""
    x, y = efficiency_model(results, inputs=inputs, areas=areas, quality=quality)
    notes: list = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = dea(x, y, rts=rts, orientation=orientation)
        s = dea(x, y, rts=rts, orientation=orientation, super_efficiency=True).efficiency
    notes += [str(w.message) for w in caught]
    boot = None
    if draws:
        boot = _bootstrap(x, y, notes, rts=rts, orientation=orientation, draws=draws, level=level, seed=seed,
                          method=method)
    return EfficiencyResult(inputs=x, outputs=y, dea=d, super_efficiency=s.rename("super_efficiency"),
                            bootstrap=boot, rts=str(rts).lower(), quality=bool(quality),
                            notes=list(dict.fromkeys(notes)))


def _bootstrap(x: pd.DataFrame, y: pd.DataFrame, notes: list, **options: Any) -> Optional[pd.DataFrame]:
    """dea_bootstrap, falling back to the smoothed bootstrap (with a note) when there are too few units to
    choose m; None (with a note) when it cannot run at all."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return dea_bootstrap(x, y, **options)
            except InputError as error:
                if options["method"] != "subsample" or "to choose the subsample size" not in str(error):
                    raise
                notes.append(f"smoothed bootstrap (Simar & Wilson 1998): {len(x)} units are too few to choose "
                             f"the m-out-of-n subsample size for {x.shape[1] + y.shape[1]} inputs and outputs; "
                             "the smoothed intervals are too narrow in small samples (docs/analysis-dea.md)")
                return dea_bootstrap(x, y, **{**options, "method": "smoothed"})
    except InputError as error:
        notes.append(f"no bootstrap: {error}")
        return None
    finally:
        notes += [str(w.message) for w in caught]


def quality_effect(results: Any, **kwargs: Any) -> pd.DataFrame:
    """How the picture changes when quality is an output: the default model without and with the
    self-supporting person-years, side by side (``efficiency``, ``efficiency_quality``, ``change``,
    ``frontier``, ``frontier_quality``, ``peers``, ``peers_quality``). Keyword arguments go to
    :func:`efficiency` (``draws`` defaults to 0 here)."""
    kwargs.setdefault("draws", 0)
    kwargs.pop("quality", None)
    base = efficiency(results, quality=False, **kwargs).to_frame()
    qual = efficiency(results, quality=True, **kwargs).to_frame()
    return pd.DataFrame({
        "efficiency": base["efficiency"], "efficiency_quality": qual["efficiency"],
        "change": qual["efficiency"] - base["efficiency"],
        "frontier": base["frontier"], "frontier_quality": qual["frontier"],
        "peers": base["peers"], "peers_quality": qual["peers"],
    })


def what_if(results: Any, *, items: Optional[Sequence[str]] = None, quartile: float = 0.25,
            rts: str = "vrs") -> pd.DataFrame:
    """The FTE each area would need at three benchmarks of productivity (a tidy frame).

    One row per municipality × item × scenario: ``municipality, item, label, fte, person_years,
    productivity`` (FTE per 1,000 person-years), ``scenario``, ``benchmark`` (the productivity of the
    scenario), ``fte_needed`` and ``fte_difference`` (needed − actual; negative = FTE to spare).

    - ``group_mean``: the group's mean productivity ("Gns. kommuner"): needed = mean × person-years / 1000;
    - ``best_quartile``: the productivity that the best quarter of the units reach (the ``quartile``
      quantile of FTE per 1,000 person-years, the fewest FTE being best);
    - ``frontier``: the DEA input target of a one-input (the item's FTE), one-output (its person-years)
      model with returns to scale ``rts`` — VRS compares each unit only with units of a similar size.
      Units without FTE or person-years on the item are left out of its frontier (NaN).

    ``items``: the items (default: the main tasks with their own target group, e.g. adp, kh1 … rf)."""
    r = _results(results)
    items = _target_areas(r) if items is None else [str(i) for i in items]
    if not 0.0 < quartile < 1.0:
        raise InputError(f"quartile must be in (0, 1), got {quartile}")
    fte, py, prod = r.matrix("fte"), r.matrix("person_years"), r.matrix("productivity")
    rows = []
    for item in items:
        r._ii(item)
        f = fte.loc[item].to_numpy(dtype=np.float64)
        p = py.loc[item].to_numpy(dtype=np.float64)
        q = prod.loc[item].to_numpy(dtype=np.float64)
        finite = q[np.isfinite(q)]
        best = float(np.quantile(finite, quartile)) if finite.size else np.nan
        mean = float(r.mean.loc[item])
        ok = (f > 0) & (p > 0) & np.isfinite(f) & np.isfinite(p)
        frontier = np.full(len(f), np.nan)
        if ok.sum() >= 2:
            units = [m for m, k in zip(r.municipalities, ok) if k]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                d = dea(pd.DataFrame({"fte": f[ok]}, index=units), pd.DataFrame({"py": p[ok]}, index=units),
                        rts=rts)
            frontier[ok] = d.targets()[0]["fte"].to_numpy()
        label = str(r.items.at[item, "label"])
        for scenario, needed, bench in (
                ("group_mean", mean * p / 1000.0, np.full(len(f), mean)),
                ("best_quartile", best * p / 1000.0, np.full(len(f), best)),
                ("frontier", frontier, np.where(p > 0, frontier * 1000.0 / np.where(p > 0, p, 1.0), np.nan))):
            for j, m in enumerate(r.municipalities):
                rows.append((m, item, label, f[j], p[j], q[j], scenario, bench[j], needed[j], needed[j] - f[j]))
    return pd.DataFrame(rows, columns=["municipality", "item", "label", "fte", "person_years", "productivity",
                                       "scenario", "benchmark", "fte_needed", "fte_difference"])


def plot_what_if(frame: pd.DataFrame, highlight: Optional[str] = None, *, language: str = "da") -> Any:
    """The chart of :func:`what_if`'s frame (a matplotlib Figure): with ``highlight`` (a municipality
    of the frame) its actual FTE per item beside the FTE it would need at the group mean, at the best
    quartile and on the frontier; without, the group's total FTE difference (needed − actual) per item
    and scenario. ``language="en"`` for English labels."""
    from .. import plotting

    missing = [c for c in ("municipality", "item", "label", "fte", "scenario", "fte_needed", "fte_difference")
               if c not in frame.columns]
    if missing:
        raise InputError(f"what-if frame: missing column '{missing[0]}' (give the frame of what_if())")
    if highlight is not None and str(highlight) not in set(frame["municipality"].astype(str)):
        raise InputError(f"highlight '{highlight}' is not a municipality of the what-if frame")
    if language == "en":
        title = (f"{highlight}: FTE today and FTE needed" if highlight is not None
                 else "All municipalities: FTE needed − actual")
        return plotting.what_if_chart(
            frame, highlight=highlight, actual_label="FTE today", xlabel="FTE",
            difference_label="FTE in total over all municipalities: needed − actual",
            scenario_labels={"group_mean": "Group mean", "best_quartile": "Best quartile",
                             "frontier": "Frontier"}, title=title)
    title = (f"{highlight}: årsværk i dag og årsværk, der skulle til" if highlight is not None
             else "Alle kommuner: behov − faktisk, årsværk")
    return plotting.what_if_chart(frame, highlight=highlight, title=title)
