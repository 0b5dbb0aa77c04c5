"""The project's own DuckDB peer of jobbench.register_indicators (the 2013 indicators per
municipality x group and the persons of all target groups), for benchmarks/register_indicators.py.

    cells, total_persons = peers_duckdb.indicators(arrow_table, info)

How it works (rows may come in any order; the definitions are docs/register-indicators.md):

- Input: the Arrow table, scanned by DuckDB without a copy; group and offer become their int8
  dictionary indices in the spec's order (peer_inputs.coded), so SQL compares small integers. Every
  row-level query joins a small week table (one row per ISO week of the panel, built in SQL) that
  holds the week index and, per week, the constants the queries need: the week's bit in the offer
  window [P - 4 weeks, P] and its bit in E. Periods are pruned on YYYYWW before the join.
- No window function except for the spells, and no join of the panel's rows with each other: the
  job rate and the new offers become bit operations on small bitmaps of weeks (BIGINT, or HUGEINT
  for periods longer than 55 weeks), built by hash aggregation. The queries, one after the other,
  each on all cores (DuckDB's default):
    1. sums per municipality x group over the rows of E..P with "in P" / "in E" as group keys
       (cheaper than FILTER clauses): rows, FW, conversations, FW with an offer / a company-directed
       offer, and FW of E; no person key.
    2. the central aggregation: rows of E..P by (person, municipality, group, offer type) into
       ow = the weeks of [P - 4 weeks, P] (bit j = week p0 - 4 + j, so ow >> 4 are the weeks of P)
       and ew1 = the full-time weeks (share 1) of E (bit j = week e0 + j, whose week 13 later is bit
       j of ow >> 4). A few hundred thousand groups at 10M rows, kept as a temporary table; then
       per person pw = OR of ow >> 4 (the person's weeks in P).
    3. distinct persons per cell = distinct persons among its groups with a week in P; per
       municipality over the target groups likewise (the total row).
    4. job rate: self-supporting full-time weeks of E = bit_count(ew1 & ~pw) per group; rows of E
       with a share below 1 are read again and joined to the per-person pw (a hash table of persons,
       not of rows): self-supporting when their bit is not in pw.
    5. new offers: per person and type T = OR of ow, A = OR over the types. A week of type t
       continues an offer when the latest offer week in the 4 weeks before it has type t: bit i of
       C = (T << 1) | (T << 2 & ~A << 1) | (T << 3 & ~(A << 1 | A << 2))
           | (T << 4 & ~(A << 1 | A << 2 | A << 3));
       the starts are T & ~C within P, and a cell's new offers are bit_count(ow & starts) over its
       groups of that type.
    6. sickness spells: the sickness rows of all weeks (a spell may begin or end outside P), one
       window over that small subset numbering each person's runs of consecutive weeks
       (idx - row_number()); a spell with a week in P counts for the municipality and group of its
       first week in P; partial when any week has partial sick leave.
"""
from __future__ import annotations

import os

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from peer_inputs import bounds, coded, week_lut


def indicators(table: pa.Table, info: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    b = bounds(table, info)
    panel = coded(table, info)
    p0, p1, e0, e1 = b["p0"], b["p1"], b["e0"], b["e1"]
    base = p0 - 4                                   # first week of the offer window
    top = p1 - base + 4                             # highest bit the offer formula shifts into
    if top <= 62:
        bits = "BIGINT"
    elif top <= 126:
        bits = "HUGEINT"
    else:
        raise ValueError("periods longer than 119 weeks do not fit the 128-bit week bitmaps")
    company = ", ".join(map(str, info["company_codes"])) or "NULL"
    sick = ", ".join(map(str, info["sick_codes"])) or "NULL"
    target = ", ".join(map(str, info["target_codes"])) or "NULL"

    lut = week_lut(b["wmin"], b["wmax"])
    yyyyww = np.arange(b["wmin"], b["wmax"] + 1, dtype=np.int32)
    valid = lut >= 0
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    con.execute("SET preserve_insertion_order = false")
    con.register("panel", panel)
    con.register("weeks", pa.table({"week": yyyyww[valid], "idx": lut[valid]}))
    one = f"1::{bits}"
    con.execute(f"""
        CREATE TEMP TABLE wk AS
        SELECT week, idx,
               CASE WHEN idx BETWEEN {e0} AND {e1} THEN {one} << (idx - {e0}) END AS ebit,
               CASE WHEN idx BETWEEN {base} AND {p1} THEN {one} << (idx - {base}) END AS obit
        FROM weeks""")

    def rows(first: int, last: int, cols: str, where: str = "") -> str:
        """Rows with YYYYWW in [first, last] (and `where`), with the week table's columns."""
        return (f"(SELECT {cols} FROM panel p JOIN wk USING (week) "
                f"WHERE p.week BETWEEN {first} AND {last} {where})")

    # 1. sums per cell of P and of E (no person key; the period flags are group keys, cheaper
    #    than FILTER clauses)
    raw = con.execute(f"""
        SELECT municipality AS m, "group" AS g, week >= {b['wk_p0']} AS in_p, week <= {b['wk_e1']} AS in_e,
               count(*) AS rows, sum(benefit_share) AS fw, sum(conversations) AS conversations,
               sum(CASE WHEN offer > 0 THEN benefit_share ELSE 0 END) AS active_fw,
               sum(CASE WHEN offer IN ({company}) THEN benefit_share ELSE 0 END) AS company_fw
        FROM panel WHERE week BETWEEN {b['wk_e0']} AND {b['wk_p1']}
        GROUP BY ALL""").df()
    sums = raw[raw["in_p"]].groupby(["m", "g"])[["rows", "fw", "conversations", "active_fw", "company_fw"]].sum()
    e_sums = raw[raw["in_e"]].groupby(["m", "g"])[["rows", "fw"]].sum()
    sums = sums.join(e_sums.rename(columns={"rows": "e_rows", "fw": "e_fw"}), how="outer").reset_index()

    # 2. the central hash aggregation of the rows of E..P by (person, municipality, group, offer type):
    #    ow = the weeks of [P - 4 weeks, P] (bit j = week base + j; ow >> 4 = the weeks in P) and
    #    ew1 = the full-time weeks of E (bit j = week e0 + j, whose week 13 later is bit j of ow >> 4)
    con.execute(f"""
        CREATE TEMP TABLE cell AS
        SELECT person, m, g, o, bit_or(obit) AS ow, bit_or(CASE WHEN s = 1 THEN ebit END) AS ew1
        FROM {rows(b['wk_e0'], b['wk_p1'], 'p.person, p.municipality AS m, p."group" AS g, p.offer AS o, '
                   'p.benefit_share AS s, wk.obit, wk.ebit')}
        GROUP BY person, m, g, o""")
    con.execute("CREATE TEMP TABLE per AS SELECT person, bit_or(ow >> 4) AS pw FROM cell GROUP BY person")
    persons = con.execute("""
        SELECT m, g, count(*) AS persons
        FROM (SELECT DISTINCT m, g, person FROM cell WHERE ow >> 4 <> 0) GROUP BY m, g""").df()
    total = con.execute(f"""
        SELECT m AS municipality, count(DISTINCT person) AS persons
        FROM cell WHERE g IN ({target}) AND ow >> 4 <> 0 GROUP BY m""").df()

    # 3./4. distinct persons above; job rate: full weeks of E from the bitmaps, partial weeks row by row (both against the
    #    person's weeks in P: a hash table of persons, not of rows)
    full = con.execute("""
        SELECT m, g, sum(bit_count(ew1 & ~coalesce(per.pw, 0))) AS e_self_full
        FROM cell LEFT JOIN per USING (person) WHERE ew1 IS NOT NULL GROUP BY m, g""").df()
    part = con.execute(f"""
        SELECT r.m, r.g, sum(r.s) FILTER (coalesce(per.pw & r.ebit, 0) = 0) AS e_self_part
        FROM {rows(b['wk_e0'], b['wk_e1'], 'p.person, p.municipality AS m, p."group" AS g, '
                   'p.benefit_share AS s, wk.ebit', 'AND p.benefit_share <> 1')} r
        LEFT JOIN per USING (person)
        GROUP BY r.m, r.g""").df()
    e = full.merge(part, on=["m", "g"], how="outer").fillna(0)
    e["e_self_fw"] = e.pop("e_self_full") + e.pop("e_self_part")

    # 5. new offers, from the same aggregation: per person and type T = OR of ow, A = OR over types
    pmask = f"((({one} << {p1 - base + 1}) - 1) & ~(({one} << {p0 - base}) - 1))"
    new = con.execute(f"""
        WITH pt AS (SELECT person, o, bit_or(ow) AS t FROM cell WHERE o > 0 AND ow IS NOT NULL GROUP BY person, o),
        pa AS (SELECT person, bit_or(t) AS a FROM pt GROUP BY person),
        starts AS (
          SELECT person, o,
                 t & ~((t << 1) | ((t << 2) & ~(a << 1)) | ((t << 3) & ~((a << 1) | (a << 2)))
                       | ((t << 4) & ~((a << 1) | (a << 2) | (a << 3)))) & {pmask} AS st
          FROM pt JOIN pa USING (person))
        SELECT m, g, sum(bit_count(ow & st)) AS new_offers,
               coalesce(sum(bit_count(ow & st)) FILTER (o IN ({company})), 0) AS new_company_offers
        FROM cell JOIN starts USING (person, o)
        GROUP BY m, g""").df()

    # 6. sickness spells
    spells = con.execute(f"""
        WITH sk AS (
          SELECT person, idx, m, g, ps, idx - row_number() OVER (PARTITION BY person ORDER BY idx) AS run
          FROM {rows(b['wmin'], b['wmax'], 'p.person, wk.idx, p.municipality AS m, p."group" AS g, '
                     'p.partial_sick AS ps', f'AND p."group" IN ({sick})')}),
        sp AS (
          SELECT arg_min(m, idx) FILTER (idx >= {p0}) AS m, arg_min(g, idx) FILTER (idx >= {p0}) AS g,
                 bool_or(ps) AS partial
          FROM sk GROUP BY person, run
          HAVING max(idx) >= {p0} AND min(idx) <= {p1})
        SELECT m, g, count(*) AS spells, count(*) FILTER (partial) AS spells_partial
        FROM sp GROUP BY m, g""").df()
    con.close()

    cells = sums.set_index(["m", "g"])
    for part in (persons, new, e, spells):
        cells = cells.join(part.set_index(["m", "g"]), how="outer")
    cells = cells.fillna(0).reset_index()
    cells["group"] = [info["groups"][k] for k in cells.pop("g")]
    cells = cells.rename(columns={"m": "municipality"})
    return cells, total
