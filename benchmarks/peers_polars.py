"""The project's own polars peer of jobbench.register_indicators (the 2013 indicators per
municipality x group and the persons of all target groups), for benchmarks/register_indicators.py.

    cells, total_persons = peers_polars.indicators(arrow_table, info)

How it works (rows may come in any order; the definitions are docs/register-indicators.md):

- Input: the Arrow table as is (pl.from_arrow is zero-copy for the numeric columns); group and offer
  become their int8 dictionary indices in the spec's order (peer_inputs.coded). Periods are compared
  on YYYYWW directly (it orders weeks like the index); the continuous ISO-week index is computed only
  for the rows kept below, by one gather from a lookup table over the panel's weeks.
- Order-free sums (rows, FW, conversations, offer and company-directed FW per cell of P) are one
  filtered group_by over the panel in the order given.
- Everything that needs a person's weeks in order works on one pruned frame: the rows of E..P (the
  job rate reads E and the weeks 13 later, which lie in P; the previous offer row that decides a new
  offer in P lies at most 4 weeks before P, in E) plus the sickness rows of any week. Person and
  week are packed into one int64 key, (person - min person) << B | (week index - first week), with
  2^B larger than the panel's weeks + 32, so that
    * the frame is in (person, week) order iff the key increases (one vectorised check; the frame is
      sorted on the key only when it does not),
    * "same person, 13 weeks later" is key + 13: the job rate is an as-of join (forward, tolerance
      0) of the rows of E on key + 13 against the sorted keys of P, a merge of two sorted columns
      (no hash table),
    * the gap to the previous offer row is a key difference; a different person gives a difference
      of at least 2^B - weeks > 5, so "previous offer row absent or 5+ weeks earlier" is one
      comparison, and likewise "previous sickness row is last week" (difference 1) for spells.
- Distinct persons: in key order, only a row whose (person, municipality, group) differs from the
  previous row of P can add one; unique() on those few rows, then a count per cell (and per
  municipality over the target groups for the total row).
- Sickness spells: spell numbers by a cumulative sum of the spell starts; partial = any week of the
  spell with partial sick leave; counted at the spell's first week in P (its start or the first week
  of P), for that week's municipality and group.
All queries are collected together (pl.collect_all) on all cores.
"""
from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa

from peer_inputs import bounds, coded, week_lut


def indicators(table: pa.Table, info: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    b = bounds(table, info)
    df = pl.from_arrow(coded(table, info), rechunk=False)
    sick, company, target = info["sick_codes"], info["company_codes"], info["target_codes"]

    span = b["imax"] - b["imin"] + 32
    shift = max(span - 1, 1).bit_length()
    if (b["pmax"] - b["pmin"] + 1) >= 2 ** (63 - shift):
        raise ValueError("person ids span too wide to pack with the week into an int64 key")
    unit = 1 << shift
    rel = {k: b[k] - b["imin"] for k in ("p0", "p1", "e0", "e1")}

    # order-free sums over the rows of P
    in_p_week = pl.col("week").is_between(b["wk_p0"], b["wk_p1"])
    s, o = pl.col("benefit_share"), pl.col("offer")
    p_sums = df.lazy().filter(in_p_week).group_by(m="municipality", g="group").agg(
        rows=pl.len(), fw=s.sum(), conversations=pl.col("conversations").sum(),
        active_fw=(s * (o > 0)).sum(), company_fw=(s * o.is_in(company)).sum())

    # the pruned frame, in (person, week) order
    lut = pl.Series("lut", week_lut(b["wmin"], b["wmax"]))
    key = (pl.col("person") - b["pmin"]) * unit + (pl.lit(lut).gather(pl.col("week") - b["wmin"]) - b["imin"])
    w = df.lazy().filter(pl.col("week").is_between(b["wk_e0"], b["wk_p1"]) | pl.col("group").is_in(sick)).select(
        key=key.cast(pl.Int64), m=pl.col("municipality"), g=pl.col("group"), o=o, s=s,
        ps=pl.col("partial_sick")).collect()
    if not w.select((pl.col("key").diff() > 0).all()).item():
        w = w.sort("key", multithreaded=True)
    ws = w.lazy().with_columns(pl.col("key").set_sorted())
    r = pl.col("key") % unit                     # week index - first week of the panel
    in_p, in_e = r.is_between(rel["p0"], rel["p1"]), r.is_between(rel["e0"], rel["e1"])
    gap = pl.col("key") - pl.col("key").shift(1)

    # job rate: a row of E is self-supporting when no key + 13 exists among the rows of P
    later = ws.filter(in_p).select(pl.col("key").alias("t").set_sorted(), hit=pl.lit(True))
    e = ws.filter(in_e).select("m", "g", "s", (pl.col("key") + 13).alias("t").set_sorted())
    e = e.join_asof(later, on="t", strategy="forward", tolerance=0).with_columns(
        free=pl.col("hit").is_null())
    e_sums = e.group_by("m", "g").agg(
        e_rows=pl.len(), e_fw=pl.col("s").sum(), e_self_rows=pl.col("free").sum(),
        e_self_fw=(pl.col("s") * pl.col("free")).sum())

    # new offers: offer rows of [P - 4 weeks, P]; the previous one is the latest earlier offer row
    offers = ws.filter((pl.col("o") > 0) & r.is_between(rel["p0"] - 4, rel["p1"])).with_columns(
        new=((gap >= 5) | (pl.col("o") != pl.col("o").shift(1))).fill_null(True))
    new = offers.filter(pl.col("new") & (r >= rel["p0"])).group_by("m", "g").agg(
        new_offers=pl.len(), new_company_offers=pl.col("o").is_in(company).sum())

    # sickness spells over all weeks
    sk = ws.filter(pl.col("g").is_in(sick)).with_columns(start=(gap != 1).fill_null(True))
    sk = sk.with_columns(spell=pl.col("start").cum_sum())
    sk = sk.with_columns(partial=pl.col("ps").any().over("spell"))
    spells = sk.filter(in_p & (pl.col("start") | (r == rel["p0"]))).group_by("m", "g").agg(
        spells=pl.len(), spells_partial=pl.col("partial").sum())

    # distinct persons in P per cell, and per municipality over the target groups
    pw = ws.filter(in_p).select("m", "g", person=pl.col("key") // unit)

    def firsts(frame, cols):
        changed = pl.any_horizontal([pl.col(c) != pl.col(c).shift(1) for c in cols]).fill_null(True)
        return frame.filter(changed).unique(cols)

    persons = firsts(pw, ["person", "m", "g"]).group_by("m", "g").agg(persons=pl.len())
    total = firsts(pw.filter(pl.col("g").is_in(target)).select("person", "m"), ["person", "m"]).group_by(
        "m").agg(persons=pl.len())

    parts = pl.collect_all([p_sums, persons, new, e_sums, spells, total])
    cells = parts[0]
    for part in parts[1:5]:
        cells = cells.join(part, on=["m", "g"], how="full", coalesce=True)
    cells = cells.fill_null(0).to_pandas()
    cells["group"] = [info["groups"][k] for k in cells.pop("g")]
    cells = cells.rename(columns={"m": "municipality"})
    return cells, parts[5].to_pandas().rename(columns={"m": "municipality"})
