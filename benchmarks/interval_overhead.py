#!/usr/bin/env python3
"""Benchmark: the cost of the person-clustered standard errors in the register pass.

    .venv/bin/python benchmarks/interval_overhead.py                 # 50M person-weeks
    .venv/bin/python benchmarks/interval_overhead.py --rows 10M      # a smaller panel

The panel is generated once (jobbench.synthetic_panel_to_ipc, seeded, sorted by person and week)
into an uncompressed Arrow IPC file and memory-mapped (or read from --panel). The register pass
(validation, pass 2 and finalize: jobbench.register_indicators) runs with and without standard
errors, on 1 and 2 threads, in pairs: with then without, or without then with, alternately. The
script prints the best time of each and two ratios: best with / best without, and the median of
the pairs' ratios (a pair runs within seconds, so a machine that slows down for a while moves both
of its runs). The issue's target: standard errors add at most 10 %. No thresholds are checked.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))


def _rows(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="50M", help="person-weeks (e.g. 10M, 50M)")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=7, help="pairs of runs per thread count")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=None, help="panel directory (default: temp)")
    parser.add_argument("--panel", default=None,
                        help="an Arrow IPC panel sorted by person to use instead (e.g. the one "
                             "benchmarks/shared_compare_orders.py caches)")
    args = parser.parse_args()

    import pyarrow as pa

    import jobbench
    from jobbench.register.synthetic import persons_for_rows

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = args.panel
        if path is None:
            path = os.path.join(tmp, "panel.arrow")
            persons = persons_for_rows(_rows(args.rows))
            t0 = time.perf_counter()
            jobbench.synthetic_panel_to_ipc(path, persons=persons, seed=args.seed)
            print(f"generated {persons:,} persons in {time.perf_counter() - t0:.1f} s", flush=True)
        table = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
        print(f"panel: {table.num_rows:,} person-weeks, sorted by person", flush=True)
        print(f"{'threads':>7} {'without SE (s)':>15} {'with SE (s)':>12} {'best ratio':>11} "
              f"{'median pair ratio':>18}")
        for threads in (int(t) for t in args.threads.split(",")):
            best = {False: float("inf"), True: float("inf")}
            ratios = []
            for k in range(args.repeat):
                seconds = {}
                for se in ((False, True) if k % 2 == 0 else (True, False)):
                    t0 = time.perf_counter()
                    out = jobbench.register_indicators(table, threads=threads, standard_errors=se)
                    seconds[se] = time.perf_counter() - t0
                    best[se] = min(best[se], seconds[se])
                    assert out.attrs["register"]["sorted_input"] and ("ag_se" in out.columns) == se
                ratios.append(seconds[True] / seconds[False])
            print(f"{threads:>7} {best[False]:>15.3f} {best[True]:>12.3f} "
                  f"{best[True] / best[False]:>11.3f} {statistics.median(ratios):>18.3f}",
                  flush=True)

if __name__ == "__main__":
    main()
