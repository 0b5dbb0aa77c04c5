#!/usr/bin/env python3
"""Coverage of the DEA bootstrap intervals on a known frontier: the m-out-of-n bootstrap (the default,
m chosen by minimum volatility), the same with fixed m, and the smoothed bootstrap of Simar & Wilson
(1998), all from jobbench.analysis.dea_bootstrap.

    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py                       # 40 and 100 units
    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py --sizes 400:10 --fractions 0.1
    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py --design two --orientation out --sizes 60:10

Data as in tests/python/analysis/test_dea.py (``--design one``): one input, one output, frontier
y = x^0.6 (VRS), true input efficiencies exp(-|N(0, 0.3^2)|); data set r of a size uses seed r.
``--design two``: two inputs U(1, 10), one output on the frontier y = x1^0.4 x2^0.4, the inputs
divided (input orientation) or the output multiplied (output orientation) by the true efficiency
exp(-|N(0, 0.3^2)|), whose Farrell output score is its inverse. Prints, per number of units, the share
of units whose 95 % interval holds the true score, and (in brackets) the share whose true score lies
below the interval.
"""
from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from jobbench import analysis


def _data(rng: np.random.Generator, k: int, design: str,
          orientation: str) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    if design == "one":
        y = rng.uniform(1, 10, k)
        theta = np.exp(-np.abs(rng.normal(0, 0.3, k)))
        return pd.DataFrame({"x": y ** (1 / 0.6) / theta}), pd.DataFrame({"y": y}), theta
    x = rng.uniform(1, 10, (k, 2))
    y = x[:, 0] ** 0.4 * x[:, 1] ** 0.4
    theta = np.exp(-np.abs(rng.normal(0, 0.3, k)))
    if orientation == "in":
        return pd.DataFrame(x / theta[:, None], columns=["x1", "x2"]), pd.DataFrame({"y": y}), theta
    return pd.DataFrame(x, columns=["x1", "x2"]), pd.DataFrame({"y": y * theta}), 1 / theta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="40:30,100:8", help="units:data sets, comma-separated")
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--fractions", default="", help="also m-out-of-n with fixed m = fraction * units")
    ap.add_argument("--design", choices=["one", "two"], default="one", help="one or two inputs (one output)")
    ap.add_argument("--orientation", choices=["in", "out"], default="in")
    args = ap.parse_args()
    if args.design == "one" and args.orientation == "out":
        ap.error("--orientation out needs --design two")
    warnings.simplefilter("ignore")
    fractions = [float(f) for f in args.fractions.split(",") if f]
    methods = {"m out of n, m chosen": {}} | {f"m = {f:g} n": {"subsample": f} for f in fractions} \
        | {"smoothed": {"method": "smoothed"}}
    print(f"95 % intervals, {args.draws} draws, design {args.design}, {args.orientation}put orientation: "
          "coverage (true score below the interval)")
    print("| units | data sets | " + " | ".join(methods) + " | m chosen (median) |")
    print("|---:|---:|" + "---:|" * (len(methods) + 1))
    for spec in args.sizes.split(","):
        k, reps = (int(v) for v in spec.split(":"))
        covered = dict.fromkeys(methods, 0)
        below = dict.fromkeys(methods, 0)
        chosen = []
        rng = np.random.default_rng(2024)
        for rep in range(reps):
            x, y, theta = _data(rng, k, args.design, args.orientation)
            for name, opts in methods.items():
                if "subsample" in opts:
                    opts = {"subsample": max(int(round(opts["subsample"] * k)), 3)}
                frame = analysis.dea_bootstrap(x, y, draws=args.draws, seed=rep, orientation=args.orientation,
                                               **opts)
                covered[name] += int(((frame["lower"] <= theta) & (theta <= frame["upper"])).sum())
                below[name] += int((theta < frame["lower"]).sum())
                if not opts:
                    chosen.append(frame.attrs["subsample"])
        total = k * reps
        cells = [f"{covered[n] / total:.1%} ({below[n] / total:.1%})" for n in methods]
        print(f"| {k} | {reps} | " + " | ".join(cells) + f" | {int(np.median(chosen))} |")


if __name__ == "__main__":
    main()
