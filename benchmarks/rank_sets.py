#!/usr/bin/env python3
"""Benchmark: rank confidence sets (jobbench.analysis.rank_sets) vs the numpy/scipy oracle.

    .venv/bin/python benchmarks/rank_sets.py                  # 98 units, 1000 draws
    .venv/bin/python benchmarks/rank_sets.py --units 98 --draws 1000 --repeat 3

Both compute the csranks procedures (Mogstad, Romano, Shaikh & Wilhelm 2024) on the same synthetic
estimates and standard errors, marginal and simultaneous, with stepdown: jobbench in C++ (one matrix of
draws per call, reused for every unit and stepdown round), the oracle
tests/python/analysis/reference_analysis.py in numpy (a fresh generator per unit, as csranks). Prints the
best wall time of ``--repeat`` runs, the ratio oracle / jobbench, and how many units' sets agree (they use
different random numbers, so Monte-Carlo differences of a rank are expected: with 1000 draws the oracle
agrees with itself under another seed in only ~55 % of these 98 dense units).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python" / "analysis"))


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=98)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--oracle-repeat", type=int, default=1, help="repeats of the (slow) oracle")
    args = parser.parse_args()

    from jobbench import analysis
    import reference_analysis as ref

    rng = np.random.default_rng(2013)
    est = np.sort(rng.normal(25.0, 4.0, args.units))
    se = rng.uniform(0.5, 1.5, args.units)
    print(f"rank confidence sets: {args.units} units, {args.draws} draws, stepdown, level 0.95")
    print(f"{'sets':<13}{'jobbench s':>12}{'oracle s':>12}{'ratio':>9}{'agree':>9}")
    for name, simul, oracle in (("marginal", False, ref.rank_sets_marginal),
                                ("simultaneous", True, ref.rank_sets_simultaneous)):
        t_jb, got = _best(lambda: analysis.rank_sets(est, se, simultaneous=simul, draws=args.draws, seed=1),
                          args.repeat)
        t_ref, want = _best(lambda: oracle(est, se, draws=args.draws, seed=1), args.oracle_repeat)
        agree = np.mean((got["lower"].to_numpy() == want["lower"]) & (got["upper"].to_numpy() == want["upper"]))
        print(f"{name:<13}{t_jb:>12.4f}{t_ref:>12.3f}{t_ref / t_jb:>8.0f}x{100 * agree:>8.0f}%")


if __name__ == "__main__":
    main()
