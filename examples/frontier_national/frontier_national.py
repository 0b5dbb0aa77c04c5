"""Frontier analysis at national scale on the synthetic panel (issue 15): 98 municipalities, 2019-2022.

    PYTHONPATH=python python examples/frontier_national/frontier_national.py [--seed 1] [--draws 200]

Prints the efficiency of 2022 with bootstrap intervals, the Malmquist index of each pair of years,
the job rate against its expectation given the framework conditions, and Varde's comparison group.
The data are invented (jobbench.register.synthetic_efficiency_panel).
"""
from __future__ import annotations

import argparse

import numpy as np

import jobbench
from jobbench import analysis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    panel = jobbench.register.synthetic_efficiency_panel(seed=args.seed)
    inputs, outputs = panel.attrs["area_inputs"], panel.attrs["outputs"]
    years = sorted(panel["year"].unique())
    by_year = {y: panel[panel["year"] == y].set_index("name") for y in years}
    last = by_year[years[-1]]
    boot = analysis.dea_bootstrap(last[inputs], last[outputs], rts="vrs", draws=args.draws, seed=args.seed)
    print(f"{years[-1]}: mean efficiency {boot['efficiency'].mean():.3f}, bias-corrected "
          f"{boot['corrected'].mean():.3f}; correlation with the true efficiency "
          f"{np.corrcoef(boot['corrected'], last['true_efficiency'])[0, 1]:.2f}")
    for a, b in zip(years, years[1:]):
        m = analysis.malmquist(by_year[a][inputs], by_year[a][outputs], by_year[b][inputs], by_year[b][outputs])
        print(f"{a}->{b}: Malmquist median {m['m'].median():.3f} (efficiency change {m['ec'].median():.3f}, "
              f"technical change {m['tc'].median():.3f})")
    rate = (last["selvforsoergende"] / last[outputs].sum(axis=1)).rename("jobrate")
    e = analysis.expected(rate, last[panel.attrs["conditions"]])
    print(f"job rate against the framework conditions: R² {e.attrs['r_squared']:.2f}; "
          f"{(e['flag'] == 'over').sum()} over and {(e['flag'] == 'under').sum()} under their 95 % interval")
    group = analysis.similar(last[panel.attrs["conditions"]], 5)["Varde"]
    print("Varde's comparison group:", ", ".join(group))


if __name__ == "__main__":
    main()
