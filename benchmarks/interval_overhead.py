#!/usr/bin/env python3
"""Benchmark: the cost of the person-clustered standard errors in the register pass.

    .venv/bin/python benchmarks/interval_overhead.py                 # 50M person-weeks
    .venv/bin/python benchmarks/interval_overhead.py --rows 10M      # a smaller panel

The panel is generated once (jobbench.synthetic_panel_to_ipc, seeded, sorted by person and week)
into an uncompressed Arrow IPC file and memory-mapped. The register pass (validation, pass 2 and
finalize: jobbench.register_indicators) runs with and without standard errors, on 1 and 2
threads, alternating with / without, best of 3 each; the script prints the times and the ratio.
The issue's target: standard errors add at most 10 %. No thresholds are checked here.
"""
from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=None, help="panel directory (default: temp)")
    args = parser.parse_args()

    import pyarrow as pa

    import jobbench
    from jobbench.register.synthetic import persons_for_rows

    target = _rows(args.rows)
    persons = persons_for_rows(target)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = os.path.join(tmp, "panel.arrow")
        t0 = time.perf_counter()
        jobbench.synthetic_panel_to_ipc(path, persons=persons, seed=args.seed)
        print(f"generated {persons:,} persons in {time.perf_counter() - t0:.1f} s", flush=True)
        table = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
        print(f"panel: {table.num_rows:,} person-weeks, sorted by person", flush=True)
        print(f"{'threads':>7} {'without SE (s)':>15} {'with SE (s)':>12} {'ratio':>7}")
        for threads in (int(t) for t in args.threads.split(",")):
            best = {False: float("inf"), True: float("inf")}
            for _ in range(args.repeat):
                for se in (False, True):  # alternating
                    t0 = time.perf_counter()
                    out = jobbench.register_indicators(table, threads=threads, standard_errors=se)
                    best[se] = min(best[se], time.perf_counter() - t0)
                    assert out.attrs["register"]["sorted_input"] and ("ag_se" in out.columns) == se
            print(f"{threads:>7} {best[False]:>15.3f} {best[True]:>12.3f} "
                  f"{best[True] / best[False]:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
