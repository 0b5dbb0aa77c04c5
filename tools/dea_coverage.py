#!/usr/bin/env python3
"""Coverage of the DEA bootstrap intervals on a known frontier: the m-out-of-n bootstrap (the default,
m chosen by minimum volatility), the same with fixed m, and the smoothed bootstrap of Simar & Wilson
(1998), all from jobbench.analysis.dea_bootstrap.

    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py                       # 40 and 100 units
    PYTHONPATH=python .venv/bin/python tools/dea_coverage.py --sizes 400:10 --fractions 0.1

Data as in tests/python/analysis/test_dea.py: one input, one output, frontier y = x^0.6 (VRS), true
input efficiencies exp(-|N(0, 0.3^2)|); data set r of a size uses seed r. Prints, per number of units,
the share of units whose 95 % interval holds the true efficiency, and (in brackets) the share whose
true efficiency lies below the interval.
"""
from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

from jobbench import analysis


def _data(rng: np.random.Generator, k: int) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    y = rng.uniform(1, 10, k)
    theta = np.exp(-np.abs(rng.normal(0, 0.3, k)))
    return pd.DataFrame({"x": y ** (1 / 0.6) / theta}), pd.DataFrame({"y": y}), theta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="40:30,100:8", help="units:data sets, comma-separated")
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--fractions", default="", help="also m-out-of-n with fixed m = fraction * units")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    fractions = [float(f) for f in args.fractions.split(",") if f]
    methods = {"m out of n, m chosen": {}} | {f"m = {f:g} n": {"subsample": f} for f in fractions} \
        | {"smoothed": {"method": "smoothed"}}
    print(f"95 % intervals, {args.draws} draws: coverage (true efficiency below the interval)")
    print("| units | data sets | " + " | ".join(methods) + " | m chosen (median) |")
    print("|---:|---:|" + "---:|" * (len(methods) + 1))
    for spec in args.sizes.split(","):
        k, reps = (int(v) for v in spec.split(":"))
        covered = dict.fromkeys(methods, 0)
        below = dict.fromkeys(methods, 0)
        chosen = []
        rng = np.random.default_rng(2024)
        for rep in range(reps):
            x, y, theta = _data(rng, k)
            for name, opts in methods.items():
                if "subsample" in opts:
                    opts = {"subsample": max(int(round(opts["subsample"] * k)), 3)}
                frame = analysis.dea_bootstrap(x, y, draws=args.draws, seed=rep, **opts)
                covered[name] += int(((frame["lower"] <= theta) & (theta <= frame["upper"])).sum())
                below[name] += int((theta < frame["lower"]).sum())
                if not opts:
                    chosen.append(frame.attrs["subsample"])
        total = k * reps
        cells = [f"{covered[n] / total:.1%} ({below[n] / total:.1%})" for n in methods]
        print(f"| {k} | {reps} | " + " | ".join(cells) + f" | {int(np.median(chosen))} |")


if __name__ == "__main__":
    main()
