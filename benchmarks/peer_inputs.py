"""Inputs shared by the project's own polars and DuckDB peers (benchmarks/peers_polars.py,
benchmarks/peers_duckdb.py): integer codes for the category columns, the week index as a small
lookup table, and the weeks that matter. Everything here touches either a few hundred values or the
dictionaries of the Arrow columns, never the rows themselves (except for a min/max).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jobbench import _core


def int8_codes(column: pa.ChunkedArray, names: list[str]) -> pa.ChunkedArray:
    """A group/offer column as int8 positions in the spec's list `names`.

    Arrow dictionary chunks keep their indices (no copy) when the dictionary already lists the
    spec's codes in the spec's order, else the indices go through a tiny recode table; strings are
    dictionary-encoded first; integers are taken as positions already."""
    pos = {n: i for i, n in enumerate(names)}
    out = []
    for chunk in column.chunks:
        if pa.types.is_integer(chunk.type):
            out.append(chunk.cast(pa.int8()))
            continue
        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk)
        words = [str(x) for x in chunk.dictionary.to_pylist()]
        recode = np.array([pos[w] for w in words], dtype=np.int8)  # KeyError: code not in the spec
        indices = chunk.indices
        if np.array_equal(recode, np.arange(len(words))):
            out.append(indices if indices.type == pa.int8() else indices.cast(pa.int8()))
        else:
            out.append(pc.take(pa.array(recode), indices))
    return pa.chunked_array(out, type=pa.int8())


def coded(table: pa.Table, info: dict) -> pa.Table:
    """The panel with int8 group/offer codes and the optional columns filled in."""
    cols = {}
    for name in table.column_names:
        col = table.column(name)
        if name == "group":
            col = int8_codes(col, info["groups"])
        elif name == "offer":
            col = int8_codes(col, info["offers"])
        cols[name] = col
    n = table.num_rows
    if "conversations" not in cols:
        cols["conversations"] = pa.chunked_array([pa.array(np.zeros(n, np.int32))])
    if "partial_sick" not in cols:
        cols["partial_sick"] = pa.chunked_array([pa.array(np.zeros(n, bool))])
    return pa.table(cols)


def week_lut(wmin: int, wmax: int) -> np.ndarray:
    """lut[w - wmin] = continuous ISO-week index of YYYYWW w, for wmin <= w <= wmax (-1 for numbers
    that are not weeks; valid input never reads them)."""
    lut = np.full(wmax - wmin + 1, -1, dtype=np.int32)
    for year in range(wmin // 100, wmax // 100 + 1):
        first = _core.iso_week_index(year * 100 + 1)
        for w in range(1, _core.iso_weeks_in_year(year) + 1):
            yw = year * 100 + w
            if wmin <= yw <= wmax:
                lut[yw - wmin] = first + w - 1
    return lut


def bounds(table: pa.Table, info: dict) -> dict:
    """The weeks that matter, as indices and as YYYYWW, and the ranges of week and person.

    p0..p1 is P; e0..e1 is E (P moved 13 weeks back). Only rows of e0..p1 are read for the sums,
    the persons, the job rate and the new offers (the previous offer row that decides whether a
    row of P starts a new offer lies at most 4 weeks before it, in E), and sickness rows of any
    week for the spells (a spell that touches P may begin or end outside it)."""
    p0, p1 = (_core.iso_week_index(w) for w in info["p"])
    week = pc.min_max(table.column("week")).as_py()
    person = pc.min_max(table.column("person")).as_py()
    wmin, wmax = week["min"], week["max"]
    imin, imax = _core.iso_week_index(wmin), _core.iso_week_index(wmax)
    return {
        "p0": p0, "p1": p1, "e0": p0 - 13, "e1": p1 - 13, "weeks": p1 - p0 + 1,
        "wk_p0": info["p"][0], "wk_p1": info["p"][1],
        "wk_e0": _core.iso_week_from_index(p0 - 13), "wk_e1": _core.iso_week_from_index(p1 - 13),
        "wmin": wmin, "wmax": wmax, "imin": imin, "imax": imax,
        "pmin": person["min"], "pmax": person["max"],
    }
