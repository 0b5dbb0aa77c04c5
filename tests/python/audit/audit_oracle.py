"""An independent implementation of case-audit.md §3 in numpy/scipy, written from the spec (not
from jobbench's C++), for the tests to compare against."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm


def wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """(p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def share(unit: pd.DataFrame, *, level: float = 0.95, clustered: bool = False,
          fraction: dict | None = None, weight: str | None = None, domain: np.ndarray | None = None,
          plain: bool = False, m_pop: float | None = None) -> dict:
    """unit: one criterion's rows (every sampled case of the unit) with columns stratum (any
    hashable), municipality, outcome and optionally a weight column."""
    z = norm.ppf(1 - (1 - level) / 2)
    d_dom = np.ones(len(unit)) if domain is None else np.asarray(domain, dtype=float)
    judged = unit["outcome"].isin(["met", "not_met"]).to_numpy()
    y = (unit["outcome"] == "met").to_numpy(dtype=float)
    w = np.ones(len(unit)) if weight is None else unit[weight].to_numpy(dtype=float)
    d = judged * d_dom
    n = d.sum()
    if n == 0:
        return {"n": 0, "share": np.nan, "lower": np.nan, "upper": np.nan}
    p = (w * d * y).sum() / (w * d).sum()
    e = w * d * (y - p) / (w * d).sum()
    if clustered:
        E = pd.Series(e).groupby(unit["municipality"].to_numpy()).sum().to_numpy()
        M = len(E)
        fpc = 1 - M / m_pop if m_pop else 1.0
        V = fpc * M / (M - 1) * ((E - E.mean()) ** 2).sum()
    else:
        V = 0.0
        for h, eh in pd.Series(e).groupby(unit["stratum"].to_numpy()):
            nh = len(eh)
            f = (fraction or {}).get(h, 0.0)
            if nh > 1:
                V += (1 - f) * nh / (nh - 1) * ((eh - eh.mean()) ** 2).sum()
    census = (not clustered and fraction is not None
              and all(fraction.get(h, 0.0) == 1.0 for h in unit["stratum"].unique()))
    if census:
        return {"n": n, "share": p, "lower": p, "upper": p, "variance": V}
    if plain or n <= 1 or p in (0.0, 1.0):
        lo, hi = wilson(p, n, z)
    elif V == 0:
        lo, hi = p, p
    else:
        deff = V / (p * (1 - p) / (n - 1))
        lo, hi = wilson(p, n / deff, z)
    return {"n": n, "share": p, "lower": lo, "upper": hi, "variance": V}


def newcombe(m: dict, k: dict) -> tuple[float, float]:
    d = m["share"] - k["share"]
    lo = d - np.sqrt((m["share"] - m["lower"]) ** 2 + (k["upper"] - k["share"]) ** 2)
    hi = d + np.sqrt((m["upper"] - m["share"]) ** 2 + (k["share"] - k["lower"]) ** 2)
    return lo, hi
