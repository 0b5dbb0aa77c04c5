#!/usr/bin/env python3
"""The project's own polars and DuckDB peers (benchmarks/peers_polars.py, peers_duckdb.py) beside
the expert peers of ../shared/bench/peers and jobbench, interleaved in one process on the same panels.

    .venv/bin/python benchmarks/peers_vs_shared.py                       # 10M, three orders, best of 5
    .venv/bin/python benchmarks/peers_vs_shared.py --rows 50M --repeats 3

The panels are those of ../shared/bench/compare_orders.py (`--dir`, default
/tmp/jobbench-compare-orders/panel_{10m,50m}_{by_person,by_week,shuffled}.arrow); run that script (or
benchmarks/shared_compare_orders.py) once to write them. Each engine runs once per repeat, one after
the other (so a busy machine slows them alike), timed from the memory-mapped Arrow table to the
finished pandas frame with the ratios; the own peers' result is checked against jobbench's on the first
repeat (counts exact, sums and ratios rtol 1e-9, per municipality x group and the total row).
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "shared" / "bench" / "peers"))

CHECK = ["rows", "persons", "fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr", "conversations",
         "new_offers", "new_company_offers", "e_fw", "e_self_fw", "spells", "spells_partial"]


def _same(ref, res) -> bool:
    key = ["municipality", "group"]
    norm = [x.assign(municipality=x["municipality"].astype(np.int64), group=x["group"].astype(str))
            .set_index(key).sort_index() for x in (ref, res)]
    ref, res = norm[0], norm[1].reindex(norm[0].index)
    filled = [c for c in CHECK if c not in ("si", "ag", "vag", "ti", "vti", "jr", "dr")]
    res[filled] = res[filled].fillna(0)  # the peers emit no row for an empty cell
    return all(np.allclose(res[c].to_numpy(float), ref[c].to_numpy(float), rtol=1e-9, atol=1e-12,
                           equal_nan=True) for c in CHECK)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="10m", help="panel tag of compare_orders.py: 10m or 50m")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--orders", default="by_person,by_week,shuffled")
    ap.add_argument("--dir", default="/tmp/jobbench-compare-orders")
    args = ap.parse_args()
    warnings.simplefilter("ignore")

    import duckdb_peer
    import jobbench
    import polars_peer
    from jobbench import _core

    import register_indicators as ri

    info = ri._register_info()
    weeks = _core.iso_week_index(info["p"][1]) - _core.iso_week_index(info["p"][0]) + 1
    reg = jobbench.load_spec("benchmark2013").data["register"]
    engines = {
        "jobbench": lambda t: jobbench.register_indicators(t),
        "shared duckdb": lambda t: duckdb_peer.indicators(t, reg),
        "own duckdb": lambda t: ri._finish(ri.run_duckdb(t, info), info, weeks),
        "shared polars": lambda t: polars_peer.indicators(t, reg),
        "own polars": lambda t: ri._finish(ri.run_polars(t, info), info, weeks),
    }
    print(f"{'order':10} {'engine':14} {'best s':>8} {'median s':>9}  same as jobbench", flush=True)
    for order in args.orders.split(","):
        path = f"{args.dir}/panel_{args.rows.lower()}_{order}.arrow"
        table = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
        ri.numpy_pass(table, info)  # pages in
        times = {e: [] for e in engines}
        checks = {}
        ref = None
        for rep in range(args.repeats):
            for name, fn in engines.items():
                t0 = time.perf_counter()
                out = fn(table)
                times[name].append(time.perf_counter() - t0)
                if rep == 0 and name == "jobbench":
                    ref = out[(out["kind"] == "group") | (out["group"] == info["total"])]
                elif rep == 0 and name.startswith("own"):
                    checks[name] = _same(ref, out)
        for name, ts in times.items():
            print(f"{order:10} {name:14} {min(ts):8.3f} {sorted(ts)[len(ts) // 2]:9.3f}  {checks.get(name, '')}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
