"""Synthetic benchmark inputs beside register person-years: FTE per task, population, the data set.

The numbers are invented. The register layer (:func:`jobbench.register.today.today_dataset`)
computes person-years, person counts and measures from a synthetic person-week panel and hands
them here; this module adds what a register does not hold, with a documented seeded model:

* **FTE** of every leaf task of the spec's task tree, proportional to the person-years of the
  task's divisor group: ``fte = rate(task) * person_years / 1000 * exp(e_m + e_ma + e_mt)``.
  ``rate`` is the area's reference productivity (``REFERENCE_PRODUCTIVITY``, FTE per 1,000
  person-years) split over its parts (``PART_WEIGHTS``: reception, case work, employer services,
  team management) and then equally over each part's leaves; ``e_m``, ``e_ma``, ``e_mt`` are normal with standard deviations
  ``NOISE_SD`` per municipality, municipality x area and municipality x task: the municipalities'
  productivity differences. ``fte_external`` ("heraf puljer og løntilskud") is a share of each
  leaf's FTE drawn uniformly from 0-8 % per municipality.
* **Population** 18-64: the municipality's person-years in all target groups over a forsørgelsestryk
  drawn uniformly from 12-20 %, so population and person-years rest on the same (small) sample.

The data set's spec is the given spec with " (syntetiske data)" added to its name, so every title,
table source and workbook the benchmark and the report write says that the data are synthetic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from ..spec import Spec, SpecLike, load_spec
from . import Dataset

__all__ = ["NOISE_SD", "PART_WEIGHTS", "REFERENCE_PRODUCTIVITY", "SYNTHETIC_LABEL",
           "SyntheticDataset", "synthetic_dataset", "synthetic_fte", "synthetic_population"]

#: Added to the spec's name: every title and source of the benchmark says the data are synthetic.
SYNTHETIC_LABEL = " (syntetiske data)"
#: FTE per 1,000 person-years of the divisor group, by main task (the order of 2013's means).
REFERENCE_PRODUCTIVITY = {"adp": 13.0, "kh": 40.0, "uddh": 45.0, "shy": 50.0, "syg": 30.0,
                          "jaf": 45.0, "ref": 55.0, "ly": 35.0, "flex": 8.0, "reval": 60.0,
                          "adm": 6.0, "strat": 1.5, "div": 1.0}
#: Default reference productivity of a main task not listed above.
DEFAULT_PRODUCTIVITY = 20.0
#: Weight of a part of a main task, by the last piece of its code; other parts weigh 1 / parts.
PART_WEIGHTS = {"modt": 0.10, "sag": 0.55, "virk": 0.22, "team": 0.13}
#: Standard deviations of the log FTE noise: municipality, municipality x area, municipality x task.
NOISE_SD = (0.10, 0.15, 0.25)


@dataclass(repr=False)
class SyntheticDataset(Dataset):
    """A :class:`Dataset` of synthetic data, with the register measures behind it.

    Extra attributes
    ----------------
    measures : DataFrame
        The long frame of :func:`jobbench.register.measures` by quarter, for the data set's
        municipalities (names in ``municipality``); the report's quarterly quality section reads it.
    persons : DataFrame
        ``municipality, group, persons`` of the benchmark period: the disclosure control's counts.
    period : str
        The benchmark period's label ("2021").
    provenance : dict
        How the data were made (seed, persons drawn, panel years, model); enough to rebuild them.
    """

    measures: Optional[pd.DataFrame] = None
    persons: Optional[pd.DataFrame] = None
    period: str = ""
    provenance: dict = field(default_factory=dict)
    synthetic: bool = True


def _divisors(spec: Spec) -> dict[str, str]:
    """Task code -> its divisor group (inherited from the nearest ancestor that has one)."""
    tasks = {str(t["code"]): t for t in spec.tasks}
    out: dict[str, str] = {}

    def divisor(code: str) -> str:
        if code not in out:
            t = tasks[code]
            out[code] = str(t["divisor"]) if t.get("divisor") else divisor(str(t["parent"]))
        return out[code]

    for code in tasks:
        divisor(code)
    return out


def _leaves(spec: Spec, code: str) -> list[str]:
    kids = spec.children(code)
    return [code] if not kids else [leaf for k in kids for leaf in _leaves(spec, k)]


def leaf_rates(spec: SpecLike) -> pd.DataFrame:
    """Every leaf task with its main task (``area``), divisor group and reference ``rate``."""
    s = load_spec(spec)
    div = _divisors(s)
    rows = []
    for area in s.children(s.root):
        parts = s.children(area) or [area]
        weights = np.array([PART_WEIGHTS.get(p.rsplit(".", 1)[-1], 1.0 / len(parts))
                            for p in parts])
        weights = weights / weights.sum()
        base = REFERENCE_PRODUCTIVITY.get(area, DEFAULT_PRODUCTIVITY)
        for part, w in zip(parts, weights):
            leaves = _leaves(s, part)
            rows += [{"task": leaf, "area": area, "divisor": div[leaf],
                      "rate": base * w / len(leaves)} for leaf in leaves]
    return pd.DataFrame(rows, columns=["task", "area", "divisor", "rate"])


def group_person_years(person_years: pd.DataFrame, spec: SpecLike) -> pd.DataFrame:
    """Person-years of every target group (composites summed): groups x municipalities."""
    s = load_spec(spec)
    base = person_years.pivot_table(index="group", columns="municipality", values="person_years",
                                    aggfunc="sum", fill_value=0.0)
    comps = {str(g["code"]): [str(c) for c in g.get("components", []) or []]
             for g in s.target_groups}
    out: dict[str, pd.Series] = {}

    def total(g: str) -> pd.Series:
        if g not in out:
            parts = comps.get(g, [])
            zero = pd.Series(0.0, index=base.columns)
            out[g] = sum((total(c) for c in parts), zero) if parts else \
                (base.loc[g] if g in base.index else zero)
        return out[g]

    for g in comps:
        total(g)
    return pd.DataFrame(out).T


def synthetic_fte(person_years: pd.DataFrame, spec: SpecLike, seed: int,
                  municipalities: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """FTE per leaf task and municipality (``municipality, task, fte, fte_external``), seeded.

    See the module's docstring for the model. A task whose divisor group has no person-years in a
    municipality gets no FTE there (the benchmark forbids FTE over zero person-years).
    """
    rates = leaf_rates(spec)
    py = group_person_years(person_years, spec)
    munis = list(municipalities) if municipalities is not None else [str(m) for m in py.columns]
    rng = np.random.default_rng([int(seed), 2019])
    areas = sorted(set(rates["area"]))
    e_m = rng.normal(0.0, NOISE_SD[0], len(munis))
    e_ma = pd.DataFrame(rng.normal(0.0, NOISE_SD[1], (len(areas), len(munis))), index=areas)
    e_mt = rng.normal(0.0, NOISE_SD[2], (len(rates), len(munis)))
    ext = rng.uniform(0.0, 0.08, len(munis))
    frames = []
    for j, m in enumerate(munis):
        base = py[m].reindex(rates["divisor"]).fillna(0.0).to_numpy() if m in py.columns \
            else np.zeros(len(rates))
        noise = np.exp(e_m[j] + e_ma.loc[rates["area"], j].to_numpy() + e_mt[:, j])
        fte = np.round(rates["rate"].to_numpy() * base / 1000.0 * noise, 4)
        fte_ext = np.floor(fte * ext[j] * 1e4) / 1e4
        frames.append(pd.DataFrame({"municipality": m, "task": rates["task"].to_numpy(),
                                    "fte": fte, "fte_external": fte_ext}))
    return pd.concat(frames, ignore_index=True)


def synthetic_population(person_years: pd.DataFrame, spec: SpecLike, seed: int,
                         municipalities: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """Population 18-64 (``municipality, population``): all target groups' person-years over a
    forsørgelsestryk drawn from 12-20 % per municipality, seeded; at least 1."""
    s = load_spec(spec)
    py = group_person_years(person_years, s)
    munis = list(municipalities) if municipalities is not None else [str(m) for m in py.columns]
    root_group = _divisors(s)[s.root]
    total = py.loc[root_group].reindex(munis).fillna(0.0).to_numpy() if root_group in py.index \
        else np.zeros(len(munis))
    rate = np.random.default_rng([int(seed), 1864]).uniform(0.12, 0.20, len(munis))
    population = np.maximum(np.round(total / rate), 1.0)
    return pd.DataFrame({"municipality": munis, "population": population})


def synthetic_spec(spec: SpecLike) -> Spec:
    """The spec with " (syntetiske data)" added to its name (unchanged if it is there already)."""
    s = load_spec(spec)
    if s.name.endswith(SYNTHETIC_LABEL):
        return s
    return Spec({**s.data, "name": s.name + SYNTHETIC_LABEL}, source=f"{s.source} (synthetic data)")


def synthetic_dataset(name: str, spec: SpecLike, person_years: pd.DataFrame,
                      municipalities: Sequence[str], seed: int, *,
                      quality: Optional[pd.DataFrame] = None,
                      measures: Optional[pd.DataFrame] = None,
                      persons: Optional[pd.DataFrame] = None, period: str = "",
                      provenance: Optional[dict[str, Any]] = None,
                      readme: str = "") -> SyntheticDataset:
    """A :class:`SyntheticDataset` from register person-years: adds seeded FTE and population."""
    s = synthetic_spec(spec)
    munis = [str(m) for m in municipalities]
    py = person_years[person_years["municipality"].isin(munis)].reset_index(drop=True)
    fte = synthetic_fte(py, s, seed, munis)
    population = synthetic_population(py, s, seed, munis)
    files = {"fte": fte, "person_years": py, "population": population}
    return SyntheticDataset(name=name, spec=s, fte=fte, person_years=py, population=population,
                            municipalities=munis, quality=quality, files=files, readme=readme,
                            measures=measures, persons=persons, period=period,
                            provenance=dict(provenance or {}))
