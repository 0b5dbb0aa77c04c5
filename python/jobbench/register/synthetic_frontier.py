"""A synthetic national panel for frontier analysis: 98 municipalities, several years, framework
conditions (invented data, seeded).

Each municipality gets the size and the "pace" effect (how long spells on benefits last) of
:mod:`jobbench.register.synthetic_national` for the same seed, and a latent *hardship* h (standard
normal, correlated 0.6 with the log pace). The framework conditions follow h with noise:

* ``ledighed``: registered unemployment, % of the labour force, ≈ 4 + 1.0 h;
* ``ikke_vestlige``: share of non-Western immigrants and descendants, % of the population, ≈ 7 + 2.5 h;
* ``uddannelse``: share of the 25–64-year-olds with a higher education, %, ≈ 32 − 6 h;
* ``forsoergelsestryk``: full-time persons on benefits in the job centre's groups, % of the
  18–64-year-olds, ≈ 10 + 2 h.

Person-years per area (``py_adp``, ``py_kh``, ``py_syg``, ``py_ly_reval``: the areas of
:data:`jobbench.analysis.DEFAULT_AREAS`) are the population 18–64 × the forsørgelsestryk × the area's share.
FTE per area are the frontier's FTE (a reference productivity per area, falling 2 % a year:
technical progress) divided by a true efficiency exp(−|N(0, 0.2²)|) per municipality and year
(``true_efficiency``), so DEA and the Malmquist index have a known answer. The job rate per area falls
with h (harder conditions, fewer leave for work) and rises with a municipality's own quality effect;
``selvforsoergende`` = Σ job rate × person-years. The conditions drift a little from year to year.

>>> panel = synthetic_efficiency_panel(seed=1)              # 98 x 4 years (2019-2022)
>>> year = panel[panel.year == 2021].set_index("name")
>>> jobbench.analysis.dea(year[["fte"]], year[panel.attrs["outputs"]])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import InputError
from .synthetic_national import _POPULATION, _municipalities

__all__ = ["AREA_PRODUCTIVITY", "CONDITIONS", "synthetic_efficiency_panel", "synthetic_framework"]

#: FTE per 1,000 person-years on the frontier in the first year, and each area's share of the
#: person-years on benefits
AREA_PRODUCTIVITY = {"adp": 10.0, "kh": 32.0, "syg": 22.0, "ly_reval": 40.0}
_AREA_SHARE = {"adp": 0.28, "kh": 0.34, "syg": 0.28, "ly_reval": 0.10}
_JOB_RATE = {"adp": 0.45, "kh": 0.15, "syg": 0.35, "ly_reval": 0.20}
#: the framework conditions: column -> (mean, loading on hardship, noise sd, lower bound)
CONDITIONS = {"ledighed": (4.0, 1.0, 0.5, 1.5), "ikke_vestlige": (7.0, 2.5, 1.5, 0.5),
              "uddannelse": (32.0, -6.0, 3.0, 10.0), "forsoergelsestryk": (10.0, 2.0, 0.8, 4.0)}
_TECHNICAL_PROGRESS = 0.02


def _base(seed: int) -> tuple[pd.DataFrame, np.ndarray, np.random.Generator]:
    from ..datasets import municipalities

    table = municipalities()
    munis = _municipalities(seed)
    rng = np.random.default_rng([seed, 15])
    pace = np.log(munis.pace)
    pace = (pace - pace.mean()) / pace.std()
    hardship = 0.6 * pace + 0.8 * rng.standard_normal(len(table))
    population = np.array([_POPULATION.get(int(c), 40.0) for c in table["code"]]) * 1000.0 * 0.62
    frame = pd.DataFrame({"municipality": table["code"].to_numpy(), "name": table["name"].to_numpy(),
                          "population": np.round(population)})
    return frame, hardship, rng


def synthetic_framework(seed: int = 1) -> pd.DataFrame:
    """The framework conditions of the 98 municipalities in the first year, indexed by name:
    ``municipality`` (kommunekode), ``population`` (18–64), ``ledighed``, ``ikke_vestlige``,
    ``uddannelse``, ``forsoergelsestryk`` and the latent ``hardship`` behind them (module docstring)."""
    panel = synthetic_efficiency_panel(first_year=2019, last_year=2019, seed=seed)
    return panel.drop(columns=["year"]).set_index("name")[["municipality", "population", *CONDITIONS,
                                                            "hardship"]]


def synthetic_efficiency_panel(first_year: int = 2019, last_year: int = 2022, *, seed: int = 1) -> pd.DataFrame:
    """One row per municipality and year (98 × years): ``municipality`` (kommunekode), ``name``, ``year``,
    ``population``, the conditions (``ledighed``, ``ikke_vestlige``, ``uddannelse``,
    ``forsoergelsestryk``), ``hardship``, ``fte_<area>`` and ``fte`` (their sum), ``py_<area>``,
    ``jobrate_<area>``, ``selvforsoergende`` and ``true_efficiency``. ``.attrs`` names the
    ``inputs``, ``outputs`` and ``conditions`` columns. The same arguments always give the same panel."""
    if last_year < first_year:
        raise InputError(f"last_year ({last_year}) is before first_year ({first_year})")
    base, hardship, rng = _base(seed)
    n = len(base)
    level = {c: mean + load * hardship + sd * rng.standard_normal(n)
             for c, (mean, load, sd, _low) in CONDITIONS.items()}
    quality = 0.03 * rng.standard_normal(n)
    area_effect = {a: 0.10 * rng.standard_normal(n) for a in AREA_PRODUCTIVITY}
    frames = []
    for t, year in enumerate(range(first_year, last_year + 1)):
        yrng = np.random.default_rng([seed, 15, year])
        f = base.copy()
        f.insert(2, "year", year)
        for c, (_mean, _load, sd, low) in CONDITIONS.items():
            f[c] = np.round(np.maximum(level[c] + 0.2 * sd * yrng.standard_normal(n), low), 2)
        f["hardship"] = hardship
        eff = np.exp(-np.abs(0.2 * yrng.standard_normal(n)))
        on_benefits = f["population"].to_numpy() * f["forsoergelsestryk"].to_numpy() / 100.0
        fte_total = np.zeros(n)
        self_supporting = np.zeros(n)
        for a, prod in AREA_PRODUCTIVITY.items():
            py = on_benefits * _AREA_SHARE[a] * np.exp(0.1 * yrng.standard_normal(n))
            frontier = prod * (1.0 - _TECHNICAL_PROGRESS) ** t * py / 1000.0 * np.exp(area_effect[a])
            fte = frontier / eff
            rate = np.clip(_JOB_RATE[a] - 0.04 * hardship + quality + 0.01 * yrng.standard_normal(n), 0.02, 0.9)
            f[f"fte_{a}"] = fte
            f[f"py_{a}"] = py
            f[f"jobrate_{a}"] = rate
            fte_total += fte
            self_supporting += rate * py
        f["fte"] = fte_total
        f["selvforsoergende"] = self_supporting
        f["true_efficiency"] = eff
        frames.append(f)
    panel = pd.concat(frames, ignore_index=True)
    panel.attrs["inputs"] = ["fte"]
    panel.attrs["area_inputs"] = [f"fte_{a}" for a in AREA_PRODUCTIVITY]
    panel.attrs["outputs"] = [f"py_{a}" for a in AREA_PRODUCTIVITY]
    panel.attrs["conditions"] = list(CONDITIONS)
    return panel
