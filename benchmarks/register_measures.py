#!/usr/bin/env python3
"""Benchmark: today's measures for 12 quarters against one pass of the 2013 indicator set.

    .venv/bin/python benchmarks/register_measures.py                  # 10M and 50M person-weeks
    .venv/bin/python benchmarks/register_measures.py --rows 1M,10M

The synthetic national panel (jobbench.register.synthetic_national_panel_to_ipc, seed 2019, ISO
years 2019-2022, 98 municipalities, today's groups, wage hours and status rows) is written once per
size to an uncompressed Arrow IPC file that each run memory-maps, in its own subprocess:

- ``2013 set``: jobbench.register_indicators (the nine 2013 indicators with person-clustered
  standard errors, the default) for one year, 2021 (the spec's default period): one pass.
- ``2013 set, no SE``: the same without standard errors.
- ``12 quarters``: jobbench.register.measures for the 12 quarters 2019Q1-2021Q4, every measure.

Each run reports its wall time (from opening the file to the result frame) and its peak resident
memory (VmHWM, reset after the imports) above the RSS before the data were touched, as a multiple
of the input columns' size. The goal of issue 14: 12 quarters in at most 2x the time of the 2013
set, with memory at most 1.5x the input. Best of --repeat runs; the machine is shared and noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = ("2013 set", "2013 set, no SE", "12 quarters")


def _status_mib(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")


def worker(run: str, path: str) -> None:
    import pyarrow as pa

    import jobbench

    spec = jobbench.load_spec("jobindsats2019")
    quarters = jobbench.periods.quarters(2019, 1, 2021, 4)
    base = _status_mib("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    table = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
    if run == "12 quarters":
        out = jobbench.register.measures(table, quarters, spec=spec)
    else:
        out = jobbench.register_indicators(table, jobbench.periods.year(2021), spec,
                                           standard_errors=run == "2013 set")
    wall = time.perf_counter() - t0
    json.dump({"wall": wall, "peak_mib": _status_mib("VmHWM") - base,
               "input_mib": table.nbytes / 2**20, "rows": table.num_rows,
               "out_rows": len(out)}, sys.stdout)


def _parse_rows(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip().upper()
        mult = 1_000_000 if part.endswith("M") else 1_000 if part.endswith("K") else 1
        out.append(int(float(part.rstrip("MK")) * mult))
    return out


def _panel(rows: int, folder: Path) -> Path:
    from jobbench.register import synthetic_national_panel_to_ipc

    path = folder / f"national-{rows}.arrow"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        synthetic_national_panel_to_ipc(tmp, rows, seed=2019)
        tmp.rename(path)
        print(f"  wrote {path} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    with open(path, "rb") as f:  # into the page cache, for every run alike
        while f.read(1 << 24):
            pass
    return path


def _run(run: str, path: Path) -> dict:
    env = dict(os.environ)
    out = subprocess.run([sys.executable, __file__, "--worker", run, str(path)], check=True,
                         capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="10M,50M")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "jobbench-measures-bench"))
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'rows':>12} {'run':<16} {'best s':>8} {'x 2013 set':>10} {'rows/s/core':>12} "
          f"{'peak / input':>12}")
    for rows in _parse_rows(args.rows):
        path = _panel(rows, folder)
        best = {}
        for _ in range(args.repeat):  # alternate the runs: the machine's load hits all alike
            for run in RUNS:
                r = _run(run, path)
                if run not in best or r["wall"] < best[run]["wall"]:
                    best[run] = r
        ref = best["2013 set"]["wall"]
        for run in RUNS:
            r = best[run]
            print(f"{r['rows']:>12,} {run:<16} {r['wall']:>8.2f} {r['wall'] / ref:>10.2f} "
                  f"{r['rows'] / r['wall'] / (os.cpu_count() or 1):>12,.0f} "
                  f"{r['peak_mib'] / r['input_mib']:>12.2f}")


if __name__ == "__main__":
    main()
