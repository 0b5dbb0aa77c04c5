#!/usr/bin/env python3
"""Benchmark: the register indicators on a 2-worker local Dask cluster against one process.

    .venv/bin/python benchmarks/register_dask.py                  # 10M and 50M person-weeks
    .venv/bin/python benchmarks/register_dask.py --rows 10M

The panel (jobbench.synthetic_panel_to_ipc, seed 2013, sorted by person and week) is read into
pandas once. One process: jobbench.register_indicators on that frame (all cores). Dask: a
LocalCluster of 2 worker processes with 1 thread each, the frame scattered as a dask DataFrame of
8 partitions per worker, (a) indexed by person (known divisions: partitions are person ranges, no
shuffle) and (b) not indexed, so that jobbench.register.dask.indicators shuffles it on person
first. The time is from the dask DataFrame already on the workers (persisted) to the finished
table; best of --repeats. Every result is checked bit for bit against the one-process table.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))


def _rows(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip().upper()
        scale = {"K": 1_000, "M": 1_000_000}.get(part[-1], 1)
        out.append(int(float(part.rstrip("KM")) * scale))
    return out


def _best(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def _same(a, b) -> bool:
    import numpy as np

    cols = [c for c in a.columns if a[c].dtype.kind == "f"]
    return all(np.array_equal(a[c].to_numpy(), b[c].to_numpy(), equal_nan=True) for c in cols)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="10M,50M")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "jobbench-register-bench"))
    args = ap.parse_args()

    import dask
    import dask.dataframe as dd
    import pyarrow as pa
    from dask.distributed import Client, LocalCluster

    import jobbench
    from jobbench.register import dask as jdask
    from jobbench.register.synthetic import persons_for_rows

    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    dask.config.set({"dataframe.convert-string": False})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="10GiB") as cluster, \
            Client(cluster):
        print(f"{'person-weeks':>14} {'run':32} {'best s':>8} {'/ one process':>14}  same bits")
        for target in _rows(args.rows):
            path = work / f"panel_{target}_2013.arrow"
            if not path.exists():
                jobbench.synthetic_panel_to_ipc(path, persons=persons_for_rows(target), seed=2013)
            frame = pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all().to_pandas()
            one_s, one = _best(lambda: jobbench.register_indicators(frame), args.repeats)
            print(f"{len(frame):>14,} {'one process (2 threads)':32} {one_s:8.2f} {1.0:14.2f}")
            runs = {
                "dask, indexed by person": dd.from_pandas(frame.set_index("person"), npartitions=16),
                "dask, shuffled on person": dd.from_pandas(frame, npartitions=16, sort=False),
            }
            for name, ddf in runs.items():
                ddf = ddf.persist()
                secs, res = _best(lambda: jdask.indicators(ddf), args.repeats)
                print(f"{len(frame):>14,} {name:32} {secs:8.2f} {secs / one_s:14.2f}  {_same(one, res)}")
                del ddf
            del frame


if __name__ == "__main__":
    main()
