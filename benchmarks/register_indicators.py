#!/usr/bin/env python3
"""Benchmark: register indicators with jobbench in three row orders, beside the one-pass numpy bound
and the project's own polars, DuckDB and pandas versions.

    .venv/bin/python benchmarks/register_indicators.py                   # 1M, 10M, 50M person-weeks
    .venv/bin/python benchmarks/register_indicators.py --rows 10M --engines jobbench,numpy

Each panel is generated once (jobbench.synthetic_panel_to_ipc, seeded, sorted by person and week)
into an uncompressed Arrow IPC file, and written again sorted by week (then person: what appended
weekly extracts give) and shuffled. Every engine runs in its own subprocess on the memory-mapped
file, which reports its wall time (compute, after the file is opened) and its peak resident memory
(VmHWM, reset after the imports) minus the RSS before the data were touched, so that "memory over
input" counts the input pages too. The parent checks that every engine gives jobbench's numbers
(per municipality x group and for all target groups: rows, persons, FW, PY and the seven
indicators, rtol 1e-9) and prints rows per second per core and the ratios to jobbench.

"numpy" reads every input column once on all cores (a sum per column): the bound no engine can
beat. "pandas" is the tests' oracle (tests/python/register/reference_indicators.py): plain, slow.
"polars" and "duckdb" are the project's own expert peers, benchmarks/peers_polars.py and
benchmarks/peers_duckdb.py (their docstrings describe them): int8 dictionary codes instead of strings,
pruning to the weeks that matter (E..P, plus sickness rows for the spells), no hash join over the
panel for the job rate, correct in any row order, all cores. polars packs person and week into one
int64 key, sorts the pruned rows on it only when they are not in (person, week) order, and reads the
job rate with an as-of join on key + 13; DuckDB uses a window only for the spells (sickness rows)
and one hash aggregation by (person, municipality, group, offer) into week bitmaps, from which the
persons, the job rate (full-time weeks of E by bitmaps; part-time weeks of E, about 15 %, joined
row by row to a per-person table, not to the panel) and the new offers (bit operations) follow. Both assume valid input. They return what the
benchmark compares (per municipality x group and the total row), not the aggregates' persons or
e_persons that the shared peers also compute.

They were measured against the expert peers of ../shared/bench/peers side by side
(benchmarks/peers_vs_shared.py, same process, interleaved, best of 5) on the 10M panels of
compare_orders.py, 2026-12-07, 2-core machine shared with a CI build (load 3-4): own polars 0.62 /
0.78 / 1.28 s (by person / by week / shuffled) against 0.87 / 2.32 / 3.40 s; own DuckDB 1.10 /
1.18 / 1.32 s against 1.44 / 1.49 / 1.86 s; jobbench 0.39 / 0.64 / 1.27 s.
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

import numpy as np

COMPARE = ["rows", "persons", "fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr"]


def _status_mib(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> None:
    """Reset the peak RSS (VmHWM) to the current RSS, so that import-time peaks do not count."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass


def _rss_mib() -> float:
    """Peak resident memory since _reset_peak: VmHWM (getrusage's max RSS is inherited across exec
    on Linux, so it would include the parent's peak)."""
    return _status_mib("VmHWM")


def _current_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return _rss_mib()


def _register_info() -> dict:
    import jobbench

    reg = jobbench.load_spec("benchmark2013").data["register"]
    groups, offers = reg["groups"], reg["offers"]
    return {
        "p": (reg["period"]["first"], reg["period"]["last"]),
        "target": [g["code"] for g in groups if g["target"]],
        "sick": [g["code"] for g in groups if g["sickness"]],
        "company": [o["code"] for o in offers if o["company_directed"]],
        "total": reg["total"]["code"],
        # integer codes for the peers: positions in the spec's lists (offer 0 = no offer)
        "groups": [g["code"] for g in groups],
        "offers": [reg.get("no_offer", "none")] + [o["code"] for o in offers],
        "target_codes": [k for k, g in enumerate(groups) if g["target"]],
        "sick_codes": [k for k, g in enumerate(groups) if g["sickness"]],
        "company_codes": [k + 1 for k, o in enumerate(offers) if o["company_directed"]],
    }


def _finish(frame, info: dict, weeks: int):
    """Ratios from the sums (same formulas in every engine's output, as pandas)."""
    import pandas as pd

    f = frame.copy()
    fw = f["fw"].where(f["fw"] > 0)
    f["py"] = f["fw"] / weeks
    py = f["py"].where(f["py"] > 0)
    f["si"] = 13 * f["conversations"] / fw
    f["ag"] = f["active_fw"] / fw
    f["vag"] = f["company_fw"] / fw
    f["ti"] = f["new_offers"] / py
    f["vti"] = f["new_company_offers"] / py
    f["jr"] = f["e_self_fw"] / f["e_fw"].where(f["e_fw"] > 0)
    f["dr"] = f["spells_partial"] / f["spells"].where(f["spells"] > 0)
    return pd.DataFrame(f)


# --- engines ---------------------------------------------------------------------------------------

def run_jobbench(table, info):
    import jobbench

    r = jobbench.register_indicators(table)
    return r[(r["kind"] == "group") | (r["group"] == info["total"])]


def run_polars(table, info):
    import peers_polars

    cells, total_persons = peers_polars.indicators(table, info)
    return _with_total(cells, total_persons, info)


def _with_total(pdf, total_persons, info):
    import pandas as pd

    sums = ["rows", "fw", "conversations", "active_fw", "company_fw", "new_offers", "new_company_offers",
            "e_fw", "e_self_fw", "spells", "spells_partial"]
    t = pdf[pdf["group"].isin(info["target"])].groupby("municipality", as_index=False)[sums].sum()
    t = t.merge(total_persons, on="municipality", how="left").fillna({"persons": 0})
    t["group"] = info["total"]
    return pd.concat([pdf, t], ignore_index=True)


def run_duckdb(table, info):
    import peers_duckdb

    cells, total_persons = peers_duckdb.indicators(table, info)
    return _with_total(cells, total_persons, info)


def run_pandas(table, info):
    # the test oracle lives with the tests, not in the installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python" / "register"))
    from reference_indicators import reference_indicators

    df = table.to_pandas()
    r = reference_indicators(df)
    return r[(r["kind"] == "group") | (r["group"] == info["total"])]


def numpy_pass(table, info):
    """The bound no engine can beat: every input column read once, on all cores (a sum each)."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    workers = os.cpu_count() or 1
    parts = []
    for name in table.column_names:
        for chunk in table.column(name).chunks:
            values = chunk.indices if pa.types.is_dictionary(chunk.type) else chunk
            step = -(-len(values) // workers)
            parts += [values.slice(i, step) for i in range(0, len(values), step)]

    def total(part):
        if pa.types.is_boolean(part.type):
            return float(part.true_count)
        return float(np.add.reduce(part.to_numpy(zero_copy_only=False), dtype=np.float64))

    with ThreadPoolExecutor(workers) as pool:
        return sum(pool.map(total, parts))


ENGINES = {"jobbench": run_jobbench, "polars": run_polars, "duckdb": run_duckdb, "pandas": run_pandas,
           "numpy": numpy_pass}
ORDERS = ("by-person", "by-week", "shuffled")


def worker(engine: str, path: str, out: str) -> None:
    import pyarrow as pa

    import jobbench  # noqa: F401 - imports count in the baseline, not in the engine's memory

    if engine == "polars":
        import polars  # noqa: F401
    if engine == "duckdb":
        import duckdb  # noqa: F401
    info = _register_info()
    base_rss = _current_rss_mib()
    _reset_peak()
    t0 = time.perf_counter()
    table = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
    result = ENGINES[engine](table, info)
    wall = time.perf_counter() - t0
    peak = _rss_mib()
    stats = {"wall": wall, "peak_mib": peak, "base_mib": base_rss, "input_bytes": table.nbytes,
             "rows": table.num_rows}
    if engine == "numpy":
        json.dump(stats, sys.stdout)
        return
    from jobbench import _core

    weeks = _core.iso_week_index(info["p"][1]) - _core.iso_week_index(info["p"][0]) + 1
    if engine in ("polars", "duckdb"):
        result = _finish(result, info, weeks)
    result = result[["municipality", "group", *COMPARE]].copy()
    result["group"] = result["group"].astype(str)
    result["municipality"] = result["municipality"].astype(np.int64)
    result.to_parquet(out)
    json.dump(stats, sys.stdout)


# --- driver ----------------------------------------------------------------------------------------

def _warm(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def _ordered(path: Path, order: str) -> Path:
    """The panel at `path` (sorted by person and week) in another row order, written once: by week
    (week, then person: concatenated weekly extracts) or shuffled (seeded), as one record batch."""
    import pyarrow as pa

    if order == "by-person":
        return path
    out = path.with_name(f"{path.stem}_{order}.arrow")
    if out.exists():
        return out
    table = pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all().combine_chunks()
    if order == "by-week":
        perm = np.lexsort((table.column("person").to_numpy(), table.column("week").to_numpy()))
    else:
        perm = np.random.default_rng(1).permutation(table.num_rows)
    with pa.ipc.new_file(str(out), table.schema) as writer:
        writer.write_table(table.take(pa.array(perm)), max_chunksize=table.num_rows)
    return out


def _parse_rows(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip().upper()
        mult = 1_000_000 if part.endswith("M") else 1_000 if part.endswith("K") else 1
        out.append(int(float(part.rstrip("MK")) * mult))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="1M,10M,50M", help="panel sizes in person-weeks (default 1M,10M,50M)")
    ap.add_argument("--engines", default="jobbench,numpy,polars,duckdb,pandas",
                    help="jobbench, numpy (the one-pass bound), and the project's polars, duckdb and "
                         "pandas versions")
    ap.add_argument("--orders", default=",".join(ORDERS),
                    help="row orders: by-person (the generator's), by-week, shuffled (default all)")
    ap.add_argument("--pandas-max", default="10M", help="largest panel for pandas (default 10M)")
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "jobbench-register-bench"))
    ap.add_argument("--seed", type=int, default=2013)
    ap.add_argument("--worker", nargs=3, metavar=("ENGINE", "PANEL", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return

    import pandas as pd

    import jobbench

    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    pandas_max = _parse_rows(args.pandas_max)[0]
    table_rows = []
    for target in _parse_rows(args.rows):
        from jobbench.register.synthetic import persons_for_rows

        persons = persons_for_rows(target)
        path = work / f"panel_{target}_{args.seed}.arrow"
        if not path.exists():
            t = time.perf_counter()
            meta = jobbench.synthetic_panel_to_ipc(path, persons=persons, seed=args.seed)
            print(f"generated {meta['rows']:,} person-weeks of {persons:,} persons in "
                  f"{time.perf_counter() - t:.1f} s -> {path}", flush=True)
        for order in [o.strip() for o in args.orders.split(",") if o.strip()]:
            table_rows += _one_panel(_ordered(path, order), order, target, engines, pandas_max, work)
    if table_rows:
        df = pd.DataFrame(table_rows)
        print()
        print(df.to_markdown(index=False, floatfmt=".2f") if _has_tabulate() else df.to_string(index=False))


def _one_panel(path: Path, order: str, target: int, engines: list[str], pandas_max: int,
               work: Path) -> list[dict]:
    """Every engine on one panel file, each in its own subprocess; the rows of the result table."""
    import pandas as pd

    results = {}
    cores = os.cpu_count() or 1
    for engine in engines:
        if engine == "pandas" and target > pandas_max:
            continue
        _warm(path)  # every engine starts with the file in the page cache
        out = work / f"result_{engine}_{target}_{order}.parquet"
        proc = subprocess.run([sys.executable, __file__, "--worker", engine, str(path), str(out)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{engine} failed at {target:,} rows, {order}:\n{proc.stderr[-2000:]}", flush=True)
            continue
        m = json.loads(proc.stdout.strip().splitlines()[-1])
        results[engine] = (m, None if engine == "numpy" else pd.read_parquet(out))
        print(f"  {order:9s} {engine:9s} {m['rows']:>12,} rows  {m['wall']:8.3f} s  "
              f"{m['rows'] / m['wall'] / cores / 1e6:8.1f} M rows/s/core  peak {m['peak_mib']:8.0f} MiB "
              f"(+{m['peak_mib'] - m['base_mib']:.0f} over baseline; input {m['input_bytes'] / 2**20:.0f} MiB)",
              flush=True)
    if "jobbench" not in results:
        return []
    ref_m, ref = results["jobbench"]
    key = ["municipality", "group"]
    ref = ref.set_index(key).sort_index()
    table_rows = []
    for engine, (m, res) in results.items():
        equal = None
        if res is None:  # the numpy bound computes nothing to compare
            table_rows.append(_row(m, engine, order, ref_m, equal, cores))
            continue
        res = res.set_index(key).sort_index().reindex(ref.index)
        # polars/DuckDB/pandas emit no row for an empty cell; jobbench reports it with zeros
        res[["rows", "persons", "fw", "py"]] = res[["rows", "persons", "fw", "py"]].fillna(0)
        equal = all(np.allclose(res[c].to_numpy(float), ref[c].to_numpy(float), rtol=1e-9, atol=1e-12,
                                equal_nan=True) for c in COMPARE)
        table_rows.append(_row(m, engine, order, ref_m, equal, cores))
    return table_rows


def _row(m: dict, engine: str, order: str, ref_m: dict, equal: bool | None, cores: int) -> dict:
    return {"rows": m["rows"], "order": order, "engine": engine, "wall_s": m["wall"],
            "Mrows_per_s_per_core": m["rows"] / m["wall"] / cores / 1e6, "peak_MiB": m["peak_mib"],
            "memory_over_input": (m["peak_mib"] - m["base_mib"]) * 2**20 / m["input_bytes"],
            "time_vs_jobbench": m["wall"] / ref_m["wall"], "same_numbers": equal}


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    main()
