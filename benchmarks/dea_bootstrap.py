#!/usr/bin/env python3
"""Benchmark: the DEA bootstrap (jobbench.analysis.dea_bootstrap), smoothed and m out of n, against the
same computation as a scipy ``linprog`` loop, and full DEA with slacks and super-efficiency.

    .venv/bin/python benchmarks/dea_bootstrap.py                       # 98 units, 2000 draws, both methods
    .venv/bin/python benchmarks/dea_bootstrap.py --scipy-draws 20       # scipy: time 20 draws, scale up
    .venv/bin/python benchmarks/dea_bootstrap.py --method subsample

Synthetic data: 98 units (the municipalities of a national benchmark), 2 inputs, 2 outputs, a VRS
frontier with half-normal inefficiency. jobbench solves each draw's 98 LPs in C++ with HiGHS (one model
per draw, draws spread over threads; a unit whose optimal basis HiGHS already returned for another
unit of the draw is read off that basis). The scipy loop is what a Python
user would write: per draw, pseudo data from the smoothed, reflected resampling (smoothed) or m units
drawn with replacement (m out of n), then one ``scipy.optimize.linprog(method="highs")`` per unit. It
does the same LPs, so it is timed on ``--scipy-draws`` draws (by default 20) and scaled to the full
count (time per draw is constant); the printed ratio is scipy's projected time over jobbench's measured
one. For m out of n the full count includes the draws that choose m (up to 400 at each candidate m, as
jobbench does), and scipy is timed at the m jobbench chose. Both start from the same DEA scores, which
are checked to agree.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python" / "analysis"))


def data(k: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    x = rng.uniform(10, 100, (k, 2))
    frontier = (x[:, 0] ** 0.4) * (x[:, 1] ** 0.4)        # decreasing returns to scale
    eff = np.exp(-np.abs(rng.normal(0, 0.25, k)))
    share = rng.uniform(0.2, 0.8, k)
    y = np.c_[share, 1 - share] * (frontier * eff)[:, None] * 10
    units = [f"kommune{i:02d}" for i in range(k)]
    return (pd.DataFrame(x, index=units, columns=["fte_a", "fte_b"]),
            pd.DataFrame(y, index=units, columns=["served_a", "served_b"]))


def farrell(xo, yo, xr, yr) -> float:
    """Input-oriented VRS Farrell score of (xo, yo) against (xr, yr) by scipy's linprog; inf when the
    unit cannot be placed."""
    from scipy.optimize import linprog

    k = xr.shape[0]
    c = np.r_[1.0, np.zeros(k)]
    a_ub = np.vstack([np.c_[-xo[:, None], xr.T], np.c_[np.zeros((yr.shape[1], 1)), -yr.T]])
    b_ub = np.r_[np.zeros(xr.shape[1]), -yo]
    a_eq = np.r_[0.0, np.ones(k)][None, :]
    r = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    return r.x[0] if r.status == 0 else np.inf


def scipy_bootstrap(x: np.ndarray, y: np.ndarray, draws: int, seed: int):
    """The Simar-Wilson bootstrap as a Python user writes it: numpy resampling, scipy linprog per unit."""
    k = x.shape[0]
    eff = np.array([farrell(x[o], y[o], x, y) for o in range(k)])
    dist = 1 / eff
    neff = dist[dist > 1 + 1e-6]
    neff = np.r_[neff, 2 - neff]
    adjust = dist.std(ddof=1) / neff.std(ddof=1) * (len(neff) / k) ** 0.2
    spread = neff.std(ddof=1)
    iqr = (np.quantile(neff, 0.75) - np.quantile(neff, 0.25)) / 1.349
    if 1e-6 < iqr < spread:
        spread = iqr
    h = adjust * 0.9 * spread * len(neff) ** -0.2
    mirror = np.r_[dist, 2 - dist]
    rng = np.random.default_rng(seed)
    boot = np.empty((k, draws))
    for b in range(draws):
        beta = rng.choice(mirror, k)
        star = beta.mean() + (beta + h * rng.standard_normal(k) - beta.mean()) / np.sqrt(1 + h**2 / mirror.var(ddof=1))
        star = np.where(star < 1, 2 - star, star)
        xstar = x * (eff * star)[:, None]
        boot[:, b] = [1 / farrell(x[o], y[o], xstar, y) for o in range(k)]
    return eff, boot


def scipy_subsample(x: np.ndarray, y: np.ndarray, m: int, draws: int, seed: int):
    """m-out-of-n draws as a Python user writes them: numpy resampling, scipy linprog per unit; the
    distances 1/theta (0 where a unit lies outside a subsample's technology)."""
    k = x.shape[0]
    eff = np.array([farrell(x[o], y[o], x, y) for o in range(k)])
    rng = np.random.default_rng(seed)
    boot = np.empty((k, draws))
    for b in range(draws):
        rows = np.unique(rng.integers(0, k, m))
        boot[:, b] = [1 / farrell(x[o], y[o], x[rows], y[rows]) for o in range(k)]
    return eff, boot


def compare(method: str, x: pd.DataFrame, y: pd.DataFrame, args: argparse.Namespace) -> None:
    from jobbench import analysis

    t = time.perf_counter()
    boot = analysis.dea_bootstrap(x, y, draws=args.draws, seed=1, method=method)
    ours = time.perf_counter() - t
    total = args.draws
    if method == "subsample":
        m = boot.attrs["subsample"]
        candidates = len(boot.attrs["subsample_volatility"]) + 2  # the two ends have no volatility
        total += candidates * min(args.draws, 400)
        label = f"m out of n (m = {m} chosen from {candidates} candidates)"
    else:
        label = "smoothed (Simar-Wilson 1998)"
    counted = f" ({total} with the choice of m)" if total != args.draws else ""
    print(f"{label}: jobbench, {args.draws} draws{counted}: {ours:8.2f} s "
          f"({ours / total * 1e3:.2f} ms per draw of {args.units} LPs)")
    t = time.perf_counter()
    if method == "subsample":
        eff, _ = scipy_subsample(x.to_numpy(), y.to_numpy(), m, args.scipy_draws, seed=1)
    else:
        eff, _ = scipy_bootstrap(x.to_numpy(), y.to_numpy(), args.scipy_draws, seed=1)
    theirs = time.perf_counter() - t
    per_draw = theirs / (args.scipy_draws + 1)            # + the first pass of DEA scores
    projected = per_draw * (total + 1)
    np.testing.assert_allclose(eff, boot["efficiency"], rtol=1e-6)
    print(f"  scipy linprog loop, {args.scipy_draws} draws: {theirs:8.2f} s -> {total} draws: "
          f"{projected:8.1f} s projected ({per_draw * 1e3:.0f} ms per draw)")
    print(f"  ratio scipy / jobbench: {projected / ours:.1f}x   (goal >= 50x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=98)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--scipy-draws", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the full-DEA timing (best)")
    parser.add_argument("--method", choices=["both", "subsample", "smoothed"], default="both")
    args = parser.parse_args()
    from jobbench import analysis

    x, y = data(args.units)
    print(f"{args.units} units, 2 inputs, 2 outputs, VRS, input orientation")
    for method in (["smoothed", "subsample"] if args.method == "both" else [args.method]):
        compare(method, x, y, args)

    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        d = analysis.dea(x, y)                       # scores, lambdas, two-phase slacks
        d.slacks()
        s = analysis.dea(x, y, super_efficiency=True)
        best = min(best, time.perf_counter() - t)
    print(f"full DEA (scores, lambdas, slacks) + super-efficiency, {args.units} units: {best * 1e3:.1f} ms "
          f"({int(np.isfinite(s.efficiency).sum())} finite super-efficiencies)")


if __name__ == "__main__":
    main()
