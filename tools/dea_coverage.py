#!/usr/bin/env python3
"""Experiment: coverage of DEA confidence intervals on a known frontier, Simar-Wilson (1998) smoothed
bootstrap against an m-out-of-n bootstrap (Simar & Wilson 2011) with a fixed m = fraction * n.

    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py --units 40 --datasets 20
    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py --units 100 --datasets 10 --fractions 0.2,0.3

Data as in tests/python/analysis/test_dea.py: one input, one output, frontier y = x^0.6 (VRS), true
input efficiencies exp(-|N(0, 0.3^2)|). The smoothed bootstrap is jobbench.analysis.dea_bootstrap.
The m-out-of-n interval is computed here, in Python, from jobbench's DEA against subsamples: draw m
units with replacement, score every unit against them (input orientation, VRS), and take the
quantiles of m^k (d*_m / d_n - 1), k = 2 / (p + q + 1), as those of n^k (d_n / d - 1) for the
distance d = 1 / efficiency; a unit outside a subsample's frontier (no feasible score) is left out of
that draw. Not a library feature (docs/analysis-dea.md, "How well do the intervals cover?"): m is
fixed here, where Simar & Wilson choose it from the data.
"""
from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from jobbench import _core, analysis


def _data(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = rng.uniform(1, 10, k)
    theta = np.exp(-np.abs(rng.normal(0, 0.3, k)))
    return y ** (1 / 0.6) / theta, y, theta


def _efficiency(x: np.ndarray, y: np.ndarray, xr: np.ndarray, yr: np.ndarray) -> np.ndarray:
    r = _core.dea(x[:, None], y[:, None], rts="vrs", orientation="in", slacks=False,
                  reference_inputs=xr[:, None], reference_outputs=yr[:, None])
    return np.asarray(r["efficiency"], dtype=float)


def m_out_of_n(x: np.ndarray, y: np.ndarray, m: int, draws: int, seed: int,
               level: float = 0.95) -> tuple[np.ndarray, np.ndarray, int]:
    """Interval (lower, upper) of each unit's efficiency, and the number of draws the LP solver failed on."""
    k = len(x)
    kappa = 2.0 / 3.0  # 2 / (p + q + 1), one input and one output
    d_n = 1.0 / _efficiency(x, y, x, y)
    stats = np.full((draws, k), np.nan)
    rng = np.random.default_rng(seed)
    failed = 0
    for b in range(draws):
        idx = rng.integers(0, k, m)
        try:
            e = _efficiency(x, y, x[idx], y[idx])
        except _core.DeaSolverError:
            failed += 1
            continue
        stats[b] = m ** kappa * ((1.0 / e) / d_n - 1.0)
    alpha = 1.0 - level
    lo_q = np.nanquantile(stats, alpha / 2, axis=0)
    hi_q = np.nanquantile(stats, 1 - alpha / 2, axis=0)
    d_lower = d_n / (1 + k ** -kappa * hi_q)
    d_upper = d_n / (1 + k ** -kappa * lo_q)
    return 1.0 / d_upper, 1.0 / d_lower, failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--datasets", type=int, default=20)
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--fractions", default="0.2,0.3,0.5", help="m / n of the m-out-of-n intervals")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    fractions = [float(f) for f in args.fractions.split(",")]
    covered = {"smoothed (Simar-Wilson 1998)": 0, **{f"m-out-of-n, m = {f:g} n": 0 for f in fractions}}
    failed = dict.fromkeys(covered, 0)
    total = 0
    rng = np.random.default_rng(2024)
    for rep in range(args.datasets):
        x, y, theta = _data(rng, args.units)
        sw = analysis.dea_bootstrap(pd.DataFrame({"x": x}), pd.DataFrame({"y": y}), draws=args.draws, seed=rep)
        covered["smoothed (Simar-Wilson 1998)"] += int(((sw["lower"] <= theta) & (theta <= sw["upper"])).sum())
        for f in fractions:
            lo, up, bad = m_out_of_n(x, y, max(int(round(f * args.units)), 5), args.draws, rep)
            covered[f"m-out-of-n, m = {f:g} n"] += int(((lo <= theta) & (theta <= up)).sum())
            failed[f"m-out-of-n, m = {f:g} n"] += bad
        total += args.units
    print(f"{args.units} units, {args.datasets} data sets, {args.draws} draws; coverage of the 95 % intervals:")
    for name, c in covered.items():
        note = f"  ({failed[name]} draws the LP solver failed on, left out)" if failed[name] else ""
        print(f"  {name:<30} {c / total:6.1%}{note}")


if __name__ == "__main__":
    main()
