#!/usr/bin/env python3
"""Reconstruct inputs (FTE per leaf task, person-years per base group, population) that reproduce every
printed productivity / share / FTE / forsørgelsestryk figure of the 2013 report within rounding.

    python tools/benchmark2013/reconstruct.py          (needs numpy, pandas, scipy)

Method (see the data set's README.md): one sparse linear program over all 15 municipalities.
Each printed figure v with half-unit h gives a pair of linear constraints, e.g. for a productivity
(v-h)*P_div <= 1000*F_item <= (v+h)*P_div, linear in the unknown FTE F and person-years P jointly.
Pass 1 adds a penalised slack to every constraint and minimises the weighted slack: cells whose slack
is positive cannot be reproduced together with the rest (`inconsistencies.csv`; the summary tables
4.1/4.10/4.12/Bilag I get lower weights than the detailed tables, so the summary copy is blamed).
Pass 2 solves without slack and without the excluded cells, staying close (L1) to the starting point
P0 = forsørgelsestryk x population, with >= 5 person-years for every base group a printed figure rests on
(where feasible) and a soft target band for the under-30 share of adp/udd/kh1/kh23 (AGE_BAND). Pass 3 adds the "Gns. kommuner" cells (sequential LP, means linearised
in a trust region; means proven out of reach by exact LP ranging are dropped); pass 4 fixes P and the total
FTE and solves exactly. Every listed cell's explanation quotes its proven range (Charnes-Cooper LP ranging).
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linprog

ROOT = Path(__file__).resolve().parents[2]
DS = ROOT / "python" / "jobbench" / "datasets" / "benchmark2013"
SPEC = ROOT / "python" / "jobbench" / "specs" / "benchmark2013.json"
MEAN = "Gns. kommuner"
KOMMUNENR = {"Sønderborg": 540, "Varde": 573, "Middelfart": 410, "Rebild": 840, "Egedal": 240, "Odsherred": 306,
             "Jammerbugt": 849, "Lyngby-Taarbæk": 173, "Aabenraa": 580, "Stevns": 336, "Furesø": 190,
             "Mariagerfjord": 846, "Assens": 420, "Ikast-Brande": 756, "Haderslev": 510}
OEVRIGE = "jc_oevrige"
OEVRIGE_COST = 1e-2     # per person-year, relative to the JC group's size
FORS_AS_CONSTRAINT = False
# (item, municipality with the lower, municipality with the higher unrounded productivity): the text gives
# Varde rank 7 in table 4.12 while Ikast-Brande prints the same 1,6, so Ikast-Brande must be above Varde.
ORDER_CONSTRAINTS = [("heraf_ledelse", "Varde", "Ikast-Brande")]
# Age split of the four age-divided groups (share of the under-30 base group in the group's person-years).
# The report prints the split only implicitly: Sagsbehandling = (F_o30 + F_u30 + F_spec [+ F_integ]) / P_group
# with the over/under-30 rows F_o30/P_o30, F_u30/P_u30, so (sag - spec - integ) = r_o30*(1-s) + r_u30*s
# brackets the under-30 share s within the rounding of the four rows (age_brackets() below; printed by
# `reconstruct.py --age-brackets`). Where the bracket is wide or a row is excluded (inconsistencies.csv) the LP would
# otherwise pick a vertex (a sub-group at the 1-person-year floor). AGE_BAND is a soft target (zero cost
# inside, L1 outside, AGE_COST per person-year relative to the group's size), set from the informative
# brackets of the 15 municipalities (see the data set's README), so the printed rows always win.
AGE_BAND = {"adp": (0.15, 0.35), "udd": (0.04, 0.12), "kh1": (0.35, 0.60), "kh23": (0.33, 0.45)}
AGE_COST = 1000.0
# disclosure control of the new report prints "." where a figure rests on < 5 person-years: every base group
# one of whose printed productivities shows a figure (not "-") gets at least this many person-years where
# the fitted cells allow it
P_FLOOR = 5.0
WEIGHT = {"4.1": 2.0, "4.10": 2.0, "4.12": 2.0, "bilag1": 1.0, "3.1": 5.0}  # default 10 (detailed tables)
# printed figures of one quantity in a summary table that duplicate a detailed table: blame the summary


class Spec:
    def __init__(self, path=SPEC):
        s = json.loads(Path(path).read_text(encoding="utf-8"))
        self.raw = s
        self.groups = {g["code"]: g.get("components") for g in s["target_groups"]}
        self.tasks = {t["code"]: t for t in s["tasks"]}
        self.children = defaultdict(list)
        for t in s["tasks"]:
            if "parent" in t:
                self.children[t["parent"]].append(t["code"])
        self.leaves = [c for c in self.tasks if not self.children[c]]
        self.base = [g for g, comp in self.groups.items() if not comp]
        self.aggs = {a["code"]: a for a in s["aggregates"]}

    def base_of(self, g):
        comp = self.groups[g]
        return [g] if not comp else [b for c in comp for b in self.base_of(c)]

    def leaves_of(self, t):
        ch = self.children[t]
        return [t] if not ch else [l for c in ch for l in self.leaves_of(c)]

    def ancestors(self, t):
        out = []
        while "parent" in self.tasks[t]:
            t = self.tasks[t]["parent"]
            out.append(t)
        return out

    def divisor(self, item):
        if item in self.aggs:
            return self.aggs[item]["divisor"]
        t = item
        while "divisor" not in self.tasks[t]:
            t = self.tasks[t]["parent"]
        return self.tasks[t]["divisor"]

    def item_leaves(self, item):
        if item in self.tasks:
            return self.leaves_of(item)
        tags = set(self.aggs[item]["tags"])
        sel = [t for t in self.tasks if tags & set(self.tasks[t].get("tags", []))
               and not any(tags & set(self.tasks[a].get("tags", [])) for a in self.ancestors(t))]
        return [l for t in sel for l in self.leaves_of(t)]

    def group_of_leaf(self, leaf):
        """main task (child of root) of a leaf"""
        t = leaf
        while self.tasks[t].get("parent") != "total":
            t = self.tasks[t]["parent"]
        return t


def half_unit(printed: str) -> float:
    p = printed.strip().rstrip("%")
    if "," in p:
        return 0.5 * 10 ** -len(p.split(",")[1])
    return 0.5


class LP:
    def __init__(self):
        self.rows, self.cols, self.vals, self.lo, self.hi, self.tags = [], [], [], [], [], []
        self.n = 0
        self.c = []
        self.lb, self.ub = [], []

    def var(self, cost=0.0, lb=0.0, ub=math.inf):
        self.c.append(cost); self.lb.append(lb); self.ub.append(ub)
        self.n += 1
        return self.n - 1

    def add(self, coeffs: dict, lo, hi, tag=None):
        r = len(self.lo)
        for j, v in coeffs.items():
            if v != 0:
                self.rows.append(r); self.cols.append(j); self.vals.append(v)
        self.lo.append(lo); self.hi.append(hi); self.tags.append(tag)
        return r

    def solve(self):
        A = sp.csr_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.lo), self.n))
        lo = np.array(self.lo, float); hi = np.array(self.hi, float)
        # linprog wants A_ub x <= b_ub ; split into two sides
        fin_hi = np.isfinite(hi); fin_lo = np.isfinite(lo)
        A_ub = sp.vstack([A[fin_hi], -A[fin_lo]]).tocsr()
        b_ub = np.concatenate([hi[fin_hi], -lo[fin_lo]])
        res = linprog(np.array(self.c), A_ub=A_ub, b_ub=b_ub, bounds=list(zip(self.lb, self.ub)),
                      method="highs", options={"presolve": True, "primal_feasibility_tolerance": 1e-9,
                                                "dual_feasibility_tolerance": 1e-9})
        if res.status == 4:   # HiGHS numerical trouble ("model status unknown"): retry without presolve, dual simplex
            res = linprog(np.array(self.c), A_ub=A_ub, b_ub=b_ub, bounds=list(zip(self.lb, self.ub)),
                          method="highs-ds", options={"presolve": False, "primal_feasibility_tolerance": 1e-9,
                                                      "dual_feasibility_tolerance": 1e-9})
        if res.status != 0:
            raise RuntimeError(res.message)
        return res.x


def load_cells(pub: pd.DataFrame) -> pd.DataFrame:
    use = pub[pub.measure.isin(["productivity", "productivity_external", "fte", "fte_external", "share",
                                "share_external", "pooled_share", "pooled_share_external", "forsoergelsestryk",
                                "fte_per_1000_population"])].copy()
    use = use[~((use.measure == "share") & (use.item == "total"))]  # 100% rows
    use["h"] = use.printed.map(half_unit)
    return use


def build(spec: Spec, cells: pd.DataFrame, munis, pop, excluded: set, slack: bool, fixedP=None,
          means=False, P0=None, P0iv=None, floors=None, age=False):
    lp = LP()
    F = {(m, l): lp.var() for m in munis for l in spec.leaves}
    E = {(m, g): lp.var() for m in munis for g in [t for t in spec.tasks if spec.tasks[t].get("parent") == "total"]}
    P = {}
    for m in munis:
        for b in spec.base:
            if fixedP is None:
                if b == OEVRIGE:
                    # free but regularised towards 0 (costlier than the closeness terms below)
                    P[(m, b)] = lp.var(cost=OEVRIGE_COST / P0[m]["jc"], lb=0.0)
                else:
                    P[(m, b)] = lp.var(lb=max(1.0, (floors or {}).get((m, b), 1.0)))
    dev = []
    if fixedP is None:
        # L1 closeness of groups to the forsørgelsestryk x population interval (zero cost inside it).
        # Forsørgelsestryk is not a constraint: its denominator (18-64 ekskl. efterløn) is not published.
        for m in munis:
            for g, (lo0, hi0) in P0iv[m].items():
                p0 = 0.5 * (lo0 + hi0)
                d = lp.var(cost=1e-3 / p0)
                coeffs = {P[(m, b)]: 1.0 for b in spec.base_of(g)}
                lp.add({**coeffs, d: -1.0}, -math.inf, hi0)
                lp.add({**coeffs, d: 1.0}, lo0, math.inf)

    if age and fixedP is None:
        add_age_band(lp, P, munis, lambda m, g: P0[m][g])

    def Fsum(m, item):
        return {F[(m, l)]: 1.0 for l in spec.item_leaves(item)}

    def Esum(m, item):
        if item == "total":
            return {e: 1.0 for (mm, g), e in E.items() if mm == m}
        return {E[(m, item)]: 1.0}

    def Pterm(m, group, scale):
        """returns (coeff dict, constant) for scale*P_group"""
        if fixedP is None:
            return {P[(m, b)]: scale for b in spec.base_of(group)}, 0.0
        return {}, scale * sum(fixedP[(m, b)] for b in spec.base_of(group))

    # external FTE of a main task <= its FTE
    for m in munis:
        for (mm, g), e in E.items():
            if mm == m:
                lp.add({e: 1.0, **{k: -v for k, v in Fsum(m, g).items()}}, -math.inf, 0.0)
    if fixedP is not None:
        # stated ranks (varde_text.csv) among municipalities tied in print: low < high, unrounded
        for item, lo_m, hi_m in ORDER_CONSTRAINTS:
            d = spec.divisor(item)
            pl = sum(fixedP[(lo_m, b)] for b in spec.base_of(d))
            ph = sum(fixedP[(hi_m, b)] for b in spec.base_of(d))
            c = defaultdict(float)
            for j, a in Fsum(hi_m, item).items():
                c[j] += 1000.0 * a / ph
            for j, a in Fsum(lo_m, item).items():
                c[j] -= 1000.0 * a / pl
            lp.add(dict(c), 1e-3, math.inf)
    total_scale = {m: 50.0 for m in munis}
    keys = []
    for r in cells.itertuples():
        key = (r.table, r.row, r.municipality, r.measure)
        if key in excluded:
            continue
        if r.municipality == MEAN and not means:
            continue
        if r.municipality == MEAN and r.measure not in ("productivity", "productivity_external"):
            continue
        w = WEIGHT.get(r.table, 10.0) if r.municipality != MEAN else 0.5
        v = 0.0 if r.missing else float(r.value)
        h = r.h
        hf = (0.99 if fixedP is not None else 0.96) * h  # fit strictly inside the rounding interval (robust to writing 6 decimals)
        lo_v, hi_v = (v - hf, v + hf)
        if r.missing:
            lo_v, hi_v = 0.0, 0.0
        elif v == 0.0:
            lo_v = 0.05 * h
        rows = []
        if r.municipality == MEAN:
            # mean over municipalities of 1000*F/P (P fixed)
            coeffs = defaultdict(float)
            for m in munis:
                _, pc = Pterm(m, spec.divisor(r.item), 1.0)
                src = Fsum(m, r.item) if r.measure == "productivity" else Esum(m, r.item)
                for j, a in src.items():
                    coeffs[j] += a * 1000.0 / pc / len(munis)
            rows.append((dict(coeffs), {}, lo_v, hi_v, 1.0))
        elif r.measure in ("productivity", "productivity_external"):
            m = r.municipality
            src = Fsum(m, r.item) if r.measure == "productivity" else Esum(m, r.item)
            num = {j: 1000.0 * a for j, a in src.items()}
            pc, pconst = Pterm(m, spec.divisor(r.item), 1.0)
            scale = P0[m][spec.divisor(r.item)] if P0 else pconst
            rows.append((num, pc, lo_v, hi_v, scale))
        elif r.measure in ("fte", "fte_external"):
            m = r.municipality
            src = Fsum(m, r.item) if r.measure == "fte" else Esum(m, r.item)
            rows.append((src, None, lo_v, hi_v, 1.0))
        elif r.measure in ("share", "share_external", "pooled_share", "pooled_share_external"):
            ms = munis if r.measure.startswith("pooled") else [r.municipality]
            num, den = defaultdict(float), defaultdict(float)
            for m in ms:
                src = Esum(m, r.item) if r.measure.endswith("external") else Fsum(m, r.item)
                for j, a in src.items():
                    num[j] += 100.0 * a
                for j, a in Fsum(m, "total").items():
                    den[j] += a
            rows.append((dict(num), ("F", dict(den)), lo_v, hi_v, 60.0 * len(ms)))
        elif r.measure == "forsoergelsestryk":
            m = r.municipality
            if not FORS_AS_CONSTRAINT or fixedP is not None:
                continue
            pc, _ = Pterm(m, r.item, 100.0)
            rows.append((pc, ("const", pop[m]), lo_v, hi_v, pop[m]))
        elif r.measure == "fte_per_1000_population":
            m = r.municipality
            rows.append(({j: 1000.0 * a for j, a in Fsum(m, "total").items()}, ("const", pop[m]), lo_v, hi_v,
                         pop[m]))
        for num, den, lo_, hi_, scale in rows:
            # constraint: num - hi_*den <= 0 and num - lo_*den >= 0
            def combine(bound):
                c = defaultdict(float, num)
                const = 0.0
                if den is None:
                    const = bound
                elif isinstance(den, tuple) and den[0] == "const":
                    const = bound * den[1]
                elif isinstance(den, tuple) and den[0] == "F":
                    for j, a in den[1].items():
                        c[j] -= bound * a
                elif isinstance(den, dict):
                    if den:
                        for j, a in den.items():
                            c[j] -= bound * a
                    else:
                        const = bound * (pconst if r.municipality != MEAN else 1.0)
                return c, const
            # for fixed P productivity constraints, den == {} and the constant is bound*pconst
            if isinstance(den, dict) and not den and r.municipality == MEAN:
                c_hi, k_hi = defaultdict(float, num), hi_
                c_lo, k_lo = defaultdict(float, num), lo_
            else:
                c_hi, k_hi = combine(hi_)
                c_lo, k_lo = combine(lo_)
            if slack:
                s1 = lp.var(cost=w / h)
                s2 = lp.var(cost=w / h)
                c_hi[s1] -= scale
                c_lo[s2] += scale
                keys.append((key, s1, s2))
            lp.add(dict(c_hi), -math.inf, k_hi, tag=key)
            lp.add(dict(c_lo), k_lo, math.inf, tag=key)
    return lp, F, E, P, keys


def add_age_band(lp, P, munis, size):
    """soft target for the under-30 share of each age-divided group: L1 outside AGE_BAND, cost AGE_COST per
    person-year / the group's (estimated) size"""
    for m in munis:
        for g, (lo, hi) in AGE_BAND.items():
            po, pu = P[(m, g + "_o30")], P[(m, g + "_u30")]
            d = lp.var(cost=AGE_COST / max(size(m, g), 1.0))
            lp.add({pu: 1.0 - hi, po: -hi, d: -1.0}, -math.inf, 0.0)     # u - hi*(o+u) <= d
            lp.add({po: lo, pu: lo - 1.0, d: -1.0}, -math.inf, 0.0)      # lo*(o+u) - u <= d


def age_brackets(pub, munis):
    """{(group, municipality): (lo, hi)} bracket of the under-30 share from the printed rows alone:
    (sag - spec - integ) = r_o30*(1-s) + r_u30*s at the corners of the rounding intervals ("-" = 0)"""
    import itertools
    pr = pub[pub.measure == "productivity"]
    out = {}
    for g in AGE_BAND:
        for m in munis:
            def iv(item):
                r = pr[(pr.item == item) & (pr.municipality == m)]
                if not len(r):
                    return (0.0, 0.0)
                r = r.iloc[0]
                if str(r.missing).lower() == "true":
                    return (0.0, 0.0)
                h = half_unit(r.printed)
                return (max(float(r.value) - h, 0.0), float(r.value) + h)
            ss = []
            for a, o, u, sp_, ig in itertools.product(iv(g + ".sag"), iv(g + ".sag.o30"), iv(g + ".sag.u30"),
                                                      iv(g + ".sag.spec"), iv(g + ".sag.integ")):
                if abs(u - o) > 1e-12:
                    ss.append((a - sp_ - ig - o) / (u - o))
            out[(g, m)] = (min(ss), max(ss))
    return out


def shown_groups(spec, cells, munis):
    """(municipality, base group) pairs that are the divisor of a printed productivity showing a figure"""
    out = set()
    for r in cells[cells.measure.isin(["productivity", "productivity_external"])].itertuples():
        if r.municipality in munis and not r.missing:
            d = spec.divisor(r.item)
            if d in spec.base and d != OEVRIGE:
                out.add((r.municipality, d))
    return out


def person_year_floors(spec, cells, munis, pop, excluded, P0, P0iv):
    """Hard lower bounds on person-years: P_FLOOR for every shown base group where the fitted cells (pass-2
    constraints) allow it jointly (maximise sum min(P_b, P_FLOOR)). Returns (floors, short): short maps each
    shown group that cannot reach P_FLOOR to its proven maximum (exact LP, every fitted cell anywhere in its
    full rounding interval, means not used); those get no hard floor, only the soft age band."""
    shown = sorted(shown_groups(spec, cells, munis))
    lp, F, E, P, _ = build(spec, cells, munis, pop, excluded, slack=False, P0=P0, P0iv=P0iv)
    t = {}
    for k in shown:
        t[k] = lp.var(cost=-1.0, lb=0.0, ub=P_FLOOR)
        lp.add({t[k]: 1.0, P[k]: -1.0}, -math.inf, 0.0)
    x = lp.solve()
    floors = {k: P_FLOOR if x[t[k]] >= P_FLOOR - 1e-6 else 0.0 for k in shown}
    short = {}
    for k in shown:
        if floors[k] >= P_FLOOR:
            continue
        del floors[k]   # no hard floor (near its maximum the sequential LP of pass 3 becomes fragile); the age
        # band still pulls it up
        # proof: the exact maximum with every fitted cell anywhere in its full rounding interval (means not used)
        md, _, _ = build2(spec, cells, munis, pop, excluded, hfac=1.0, proof=True)
        md.lp.c = [0.0] * md.lp.n
        md.lp.c[md.P[k]] = -1.0
        short[k] = float(md.lp.solve()[md.P[k]])
    return floors, short


DUP_NOTE = "same quantity printed differently in table {t} ({p})"


def fmt_bound(printed, v, h, rng, missing, unit):
    """text of the proven conflict between a printed cell and the LP range of its figure"""
    lo, hi = rng["min"], rng["max"]
    want = "0" if missing else f"[{v - h:.3f}, {v + h:.3f}]"
    if missing:
        need = f"needs >= {lo:.3f}{unit}"
    elif v == 0.0 and hi <= 1e-12:
        need = f"needs 0 exactly (maximum {hi:.3f}{unit})"
        want = "a positive value below 0.05"
    elif lo > v + h:
        need = f"needs >= {lo:.3f}{unit}"
    elif hi < v - h:
        need = f"needs <= {hi:.3f}{unit}"
    else:
        need = (f"NOT proven infeasible (fit limit): the range {lo:.3f} to {hi:.3f}{unit} reaches the interval only with "
                f"other cells at the very edges of their rounding intervals, which the fit (cells held inside 96-99 % "
                f"of their intervals, means solved with person-years fixed) does not reach")
    return f"{need} while printed {printed} allows {want} (proven range of this figure: {lo:.3f} to {hi:.3f})"


def write_inconsistencies(pub, allbad, munis, bounds):
    """One row per excluded cell, with the proven bound; conflicts_with names duplicates of the same quantity."""
    cells = pub.set_index(["table", "row", "municipality", "measure"])
    out = []
    for (t, row, m, meas), excess in sorted(allbad.items()):
        r = cells.loc[(t, row, m, meas)]
        item = r["item"]
        same = pub[(pub.item == item) & (pub.measure == meas) & (pub.municipality == m) & (pub.table != t)]
        same = same[same.printed != r["printed"]]
        h = half_unit(r["printed"])
        v = 0.0 if str(r["missing"]).lower() == "true" else float(r["value"])
        missing = str(r["missing"]).lower() == "true"
        unit = {"fte": " årsværk", "share": " %", "pooled_share": " %", "share_external": " %"}.get(meas, "")
        b = fmt_bound(r["printed"], v, h, bounds[(t, row, m, meas)], missing, unit)
        if len(same):
            conflicts = "; ".join(f"table {a.table} row {a.row} = {a.printed}" for a in same.itertuples())
            expl = f"same quantity printed differently elsewhere; excluded here, the other copy is fitted"
        elif m == MEAN:
            vals = pub[(pub.table == t) & (pub.row == row) & (pub.municipality.isin(munis))]
            mp = vals.value.fillna(0).mean()
            conflicts = (f"the 15 municipalities' values in table {t} (mean of the printed values {mp:.3f}), "
                         f"with the excluded cells of that row at their proven bounds")
            expl = ("the mean of the municipalities' ranges (each an exact LP bound with all fitted cells in their "
                    "full rounding intervals; a valid bound for the mean) " + b)
        else:
            kind = {"productivity": "the other productivities of the same municipality (parent = sum of sub-rows, "
                                    "shared FTE and person-years across tables)",
                    "productivity_external": "the other external-funding figures",
                    "share": "FTE implied by the productivities of tables 4.1-4.12 and the other shares",
                    "share_external": "external FTE implied by the 'Heraf puljer' productivities",
                    "pooled_share": "the 15 municipalities' FTE implied by the other tables",
                    "fte": "FTE implied by the productivities and shares",
                    "fte_per_1000_population": "total FTE implied by the productivities and the population"}
            conflicts = kind.get(meas, "other printed figures")
            expl = ("with every fitted cell inside its full rounding interval, the exact LP range of this figure "
                    "(linear-fractional, Charnes-Cooper) excludes it: " + b)
            if m == "Varde" and row in ("heraf_virksomhedsindsats", "share.heraf_virksomhedsindsats"):
                expl = ("the group tables' virksomhedsindsats rows (4.2-4.9) and the 4.10 Teamledelse row "
                        "cannot be smaller: " + b)
        out.append((t, row, m, meas, r["printed"], conflicts, expl))
    pd.DataFrame(out, columns=["table", "row", "municipality", "measure", "printed", "conflicts_with",
                               "explanation"]).to_csv(DS / "inconsistencies.csv", index=False)
    print(f"inconsistencies.csv: {len(out)} cells")


def main():
    spec = Spec()
    pub = pd.read_csv(DS / "published.csv", dtype={"table": str, "printed": str})
    munis = [m for m in pd.unique(pub[pub.table == "4.2"].municipality) if m != MEAN]
    pop = {m: float(pub[(pub.table == "bilag1") & (pub.row == "population") & (pub.municipality == m)].value.iloc[0])
           for m in munis}
    cells = load_cells(pub)
    fors = pub[(pub.table == "bilag1") & (pub.measure == "forsoergelsestryk")]
    P0 = {m: {} for m in munis}
    for r in fors.itertuples():
        if r.municipality in P0:
            P0[r.municipality][r.item] = r.value / 100 * pop[r.municipality]
    # intervals of person-years allowed by the printed forsørgelsestryk if the denominator were the
    # 18-64 population (only a soft target, see build())
    P0iv = {m: {} for m in munis}
    for r in fors.itertuples():
        if r.municipality in P0iv and r.item != "jc" and not r.missing:
            h = half_unit(r.printed)
            P0iv[r.municipality][r.item] = (max(r.value - 0.96 * h, 0.0) / 100 * pop[r.municipality],
                                            (r.value + 0.96 * h) / 100 * pop[r.municipality])
    for m in munis:
        P0[m]["rf_maalgruppe"] = P0[m]["kh23"] + P0[m]["syg"] + P0[m]["ly"]
        # udd and the age groups: rough starting scales (only used to scale slacks)
        tot = pub[(pub.table == "3.1")]
        for g in spec.groups:
            if g not in P0[m]:
                P0[m][g] = 0.005 * pop[m]

    import os, pickle
    cache = os.environ.get("B13_PASS1_CACHE")   # development only: reuse passes 1/1b
    if cache and Path(cache).exists():
        excluded, bad = pickle.loads(Path(cache).read_bytes())
    else:
        # ---- pass 1: find the cells that cannot all hold ---------------------------------------------
        lp, F, E, P, keys = build(spec, cells, munis, pop, set(), slack=True, P0=P0, P0iv=P0iv)
        x = lp.solve()
        bad = {}
        for key, s1, s2 in keys:
            if x[s1] > 1e-7 or x[s2] > 1e-7:
                bad[key] = x[s1] - x[s2]
        print(f"pass 1: {len(bad)} cells in conflict")
        excluded = set(bad)

        # ---- pass 1b: greedy re-inclusion. The slack LP is not scale-invariant (shrinking a municipality
        # shrinks its slacks), so it can blame a cell that fits; re-add every cell (detailed tables first)
        # that keeps the hard LP feasible. Every cell still excluded afterwards is proven infeasible together
        # with the included ones.
        def feasible(excl):
            lp_, *_ = build(spec, cells, munis, pop, excl, slack=False, P0=P0, P0iv=P0iv)
            try:
                lp_.solve()
                return True
            except RuntimeError:
                return False
        assert feasible(excluded)
        order = sorted((k for k in excluded if k[2] != MEAN), key=lambda k: (-WEIGHT.get(k[0], 10.0), k))
        for k in order:
            if feasible(excluded - {k}):
                excluded.discard(k)
                bad.pop(k)
        print(f"pass 1b: {len(bad)} cells remain excluded after greedy re-inclusion")
        if cache:
            Path(cache).write_bytes(pickle.dumps((excluded, bad)))

    # ---- pass 2: feasible fit without them (joint F and P), with the person-year floors of the shown
    # groups and the soft age-split target
    floors, short = person_year_floors(spec, cells, munis, pop, excluded, P0, P0iv)
    print(f"person-year floors: {len(floors)} of {len(floors) + len(short)} shown groups "
          f">= {P_FLOOR:g}; proven out of reach: " + ", ".join(f"{m}/{b} max {v:.3f}" for (m, b), v in sorted(short.items())))
    lp, F, E, P, _ = build(spec, cells, munis, pop, excluded, slack=False, P0=P0, P0iv=P0iv, floors=floors, age=True)
    x = lp.solve()
    point = {**{("F", k): x[j] for k, j in F.items()}, **{("E", k): x[j] for k, j in E.items()},
             **{("P", k): x[j] for k, j in P.items()}}

    # ---- pass 3: "Gns. kommuner" cells as constraints too. A mean of ratios is not linear in (F, P):
    # sequential LP, each step linearising every mean (and the stated rank) at the current point inside a
    # trust region, with the excluded cells pulled towards their printed intervals, until the exact means hold.
    means, mean_dups = fitted_means(pub, cells, munis)
    for k in mean_dups:
        bad[k] = 0.0
    excluded |= mean_dups
    start = dict(point)
    bad_means = {}
    mean_bounds = {}
    for rnd in (1, 2):
        point = dict(start)
        print(f"pass 3 round {rnd}: {len(means)} 'Gns. kommuner' cells fitted")
        point, failing = slp(spec, cells, munis, pop, excluded, means, point, P0iv, floors=floors)
        if rnd == 2 or not failing:
            break
        # a mean the 15 municipalities' proven ranges cannot reach is infeasible: drop it and refit
        for key in sorted(failing):
            rng = mean_range(spec, cells, munis, pop, excluded, key)
            v, h = mean_target(cells, key), mean_h(cells, key)
            if rng["min"] > v + h or rng["max"] < v - h:
                mean_bounds[key] = rng
                bad_means[key] = rng["min"] - v if rng["min"] > v + h else rng["max"] - v
                means.discard(key)
        print(f"  proven out of reach: {sorted(bad_means)}")
    Pfix = {k: point[("P", k)] for k in P}
    Tfix = {m: sum(point[("F", (m, l))] for l in spec.leaves) for m in munis}

    # ---- pass 4: P and total FTE fixed: every cell and every mean is now linear in F, solved exactly ----
    md, key_of, soft = build2(spec, cells, munis, pop, excluded, hfac=0.99, mean_hfac=0.99, means=means,
                              fixedP=Pfix, fixedT=Tfix, soft_means=True)
    x3 = md.lp.solve()
    F3, E3 = md.F, md.E
    for key, side, sv in soft:
        if key[2] == MEAN and x3[sv] > 1e-7:
            bad_means[key] = x3[sv] if side == "hi" else -x3[sv]
    print(f"pass 4: {len(bad_means)} means not reached: {sorted(bad_means)}")

    # ---- write -----------------------------------------------------------------------------------
    fte_rows = []
    for m in munis:
        Fm = {l: max(0.0, x3[F3[(m, l)]]) for l in spec.leaves}
        for g in main_tasks(spec):
            e = max(0.0, x3[E3[(m, g)]])
            leaves = spec.leaves_of(g)
            tot = sum(Fm[l] for l in leaves)
            for l in leaves:
                ext = e * Fm[l] / tot if tot > 0 else 0.0
                fte_rows.append((m, l, round(Fm[l], 6), round(min(ext, Fm[l]), 6)))
    pd.DataFrame(fte_rows, columns=["municipality", "task", "fte", "fte_external"]).to_csv(DS / "fte.csv", index=False)
    py_rows = [(m, b, round(Pfix[(m, b)], 4)) for m in munis for b in spec.base]
    pd.DataFrame(py_rows, columns=["municipality", "group", "person_years"]).to_csv(DS / "person_years.csv", index=False)
    pd.DataFrame([(m, int(pop[m])) for m in munis], columns=["municipality", "population"]).to_csv(
        DS / "population.csv", index=False)
    pd.DataFrame([(m, i + 1, KOMMUNENR[m]) for i, m in enumerate(munis)],
                 columns=["municipality", "order", "kommune_nr"]).to_csv(DS / "municipalities.csv", index=False)

    # ---- proofs: range of every excluded figure with all fitted cells in their full rounding intervals --
    bounds = {}
    for key in sorted(bad):
        t, row, m, meas = key
        if m == MEAN:
            bounds[key] = mean_range(spec, cells, munis, pop, excluded, key)
            continue
        r = cells[(cells.table == t) & (cells.row == row) & (cells.municipality == m) & (cells.measure == meas)].iloc[0]
        bounds[key] = cell_range(spec, cells, munis, pop, excluded, r["item"], meas, m, ("min", "max"))
    for key in sorted(bad_means):
        bounds[key] = mean_bounds[key] if key in mean_bounds else mean_range(spec, cells, munis, pop, excluded, key)
    allbad = {**bad, **bad_means}
    write_inconsistencies(pub, allbad, munis, bounds)
    # "Gns. kommuner" not fitted (not simple means of the printed values even allowing for rounding, or
    # forsørgelsestryk/population): list those the fitted inputs do not reproduce
    import importlib.util
    spec_ = importlib.util.spec_from_file_location("check", Path(__file__).with_name("check.py"))
    chk = importlib.util.module_from_spec(spec_); spec_.loader.exec_module(chk)
    fails = [f for f in chk.evaluate() if f["municipality"] == MEAN and f["measure"] != "forsoergelsestryk"]
    inc = pd.read_csv(DS / "inconsistencies.csv", dtype={"table": str})
    extra = []
    for f in fails:
        vals = pub[(pub.table == f["table"]) & (pub.row == f["row"]) & (pub.municipality != MEAN)]
        mp = vals.value.fillna(0).mean()
        h = half_unit(f["printed"])
        genuine = abs(mp - float(f["value"])) > 2 * h + 1e-9
        extra.append((f["table"], f["row"], MEAN, f["measure"], f["printed"],
                      f"the 15 municipalities' values in table {f['table']} (mean of the printed values {mp:.3f}; "
                      f"of the reconstructed values {f['computed']:.3f})",
                      "not the simple mean of the municipalities' values even allowing for their rounding"
                      if genuine else "simple mean of the printed values is within rounding, but the reconstructed "
                      "unrounded values miss it (fit limit)"))
    inc = pd.concat([inc, pd.DataFrame(extra, columns=inc.columns)], ignore_index=True)
    classify(pub, inc, munis, chk)
    print("written")


def slp(spec, cells, munis, pop, excluded, means, point, P0iv, floors=None):
    """sequential LP: linearise every mean at the point, trust region, until the exact means hold"""
    trust = 0.05
    prev_miss = math.inf
    for it in range(30):
        md, key_of, soft = build2(spec, cells, munis, pop, excluded, hfac=0.96, mean_hfac=0.9, means=means,
                                  point=point, soft_means=True, trust=trust, P0iv=P0iv, floors=floors)
        x = md.lp.solve()
        point = point_of(md, key_of, x)
        ex = exact_means(md, x, cells, means)
        miss = {k: abs(v - mean_target(cells, k)) - 0.95 * mean_h(cells, k) for k, v in ex.items()}
        worst = max(miss.values())
        nbad = sum(1 for v in miss.values() if v > 0)
        print(f"  step {it}: {nbad} means outside 95% of their intervals (worst {worst:+.4f}): "
              + ", ".join(f"{k[0]}/{k[1]}/{k[3]} {ex[k]:.3f}" for k, v in miss.items() if v > 0))
        total_miss = sum(max(v, 0.0) for v in miss.values())
        if nbad == 0 or (it >= 3 and total_miss > 0.999 * prev_miss):
            break
        prev_miss = min(prev_miss, total_miss)
        trust = max(0.02, trust * 0.8)
    return point, {k for k, v in miss.items() if v > 0}


def mean_range(spec, cells, munis, pop, excluded, key):
    """[mean of the municipalities' minima, mean of their maxima] of a "Gns. kommuner" cell: every
    municipality's figure ranged exactly (Charnes-Cooper) with all fitted cells in their full intervals"""
    t, row, m, meas = key
    r = cells[(cells.table == t) & (cells.row == row) & (cells.municipality == m) & (cells.measure == meas)].iloc[0]
    lo = hi = 0.0
    for mm in munis:
        rr = cell_range(spec, cells, munis, pop, excluded, r["item"], meas, mm, ("min", "max"))
        lo += rr["min"] / len(munis); hi += rr["max"] / len(munis)
    return {"min": lo, "max": hi}


def fitted_means(pub, cells, munis):
    """"Gns. kommuner" cells imposed as constraints: the fitted measures whose printed value is within
    rounding of the mean of the printed municipality values (the others are listed as not_a_mean)."""
    out = set()
    for r in cells[cells.municipality == MEAN].itertuples():
        if r.measure not in FITTED_MEAN_MEASURES:
            continue
        vals = pub[(pub.table == r.table) & (pub.row == r.row) & (pub.measure == r.measure)
                   & (pub.municipality.isin(munis))]
        mp = vals.value.fillna(0).mean()
        if abs(mp - float(r.value)) <= 2 * r.h + 1e-9:
            out.add((r.table, r.row, r.municipality, r.measure))
    # the same mean printed differently in two tables: fit the detailed table's copy
    dups = set()
    mc = cells[cells.municipality == MEAN]
    for (item, meas), g in mc.groupby(["item", "measure"]):
        if g.printed.nunique() > 1:
            keep = max(g.itertuples(), key=lambda r: WEIGHT.get(r.table, 10.0))
            for r in g.itertuples():
                if r.printed != keep.printed:
                    dups.add((r.table, r.row, r.municipality, r.measure))
    return out - dups, dups


def mean_target(cells, key):
    r = cells[(cells.table == key[0]) & (cells.row == key[1]) & (cells.municipality == key[2])
              & (cells.measure == key[3])].iloc[0]
    return float(r.value)


def mean_h(cells, key):
    r = cells[(cells.table == key[0]) & (cells.row == key[1]) & (cells.municipality == key[2])
              & (cells.measure == key[3])].iloc[0]
    return float(r.h)


# ---------------------------------------------------------------------------------------------------
# Passes 2-4 (means included) and the bounds that prove the exclusions.
FITTED_MEAN_MEASURES = ("productivity", "productivity_external", "share", "share_external",
                        "fte_per_1000_population")


def main_tasks(spec):
    return [t for t in spec.tasks if spec.tasks[t].get("parent") == "total"]


class Model:
    """Unknowns F (leaf FTE), E (external FTE per main task), P (base person-years) of all municipalities,
    or a subset of them fixed (P, and the total FTE T per municipality). Every printed figure is a ratio
    mult*num/den of linear forms (den may be a constant), so a cell is the linear pair
    lo*den <= mult*num <= hi*den; a "Gns. kommuner" cell is the mean over municipalities of such ratios,
    linear where den is constant, else linearised at a given point (see build2)."""

    def __init__(self, spec, munis, pop, fixedP=None, fixedT=None, p_lb=1.0, floors=None):
        self.spec, self.munis, self.pop, self.fixedP, self.fixedT = spec, munis, pop, fixedP, fixedT
        self.lp = lp = LP()
        self.F = {(m, l): lp.var() for m in munis for l in spec.leaves}
        self.E = {(m, g): lp.var() for m in munis for g in main_tasks(spec)}
        self.P = {} if fixedP is not None else {
            (m, b): lp.var(lb=0.0 if b == OEVRIGE else max(p_lb, (floors or {}).get((m, b), p_lb)))
            for m in munis for b in spec.base}
        for m in munis:
            for g in main_tasks(spec):
                lp.add({self.E[(m, g)]: 1.0, **{k: -v for k, v in self.Fsum(m, g).items()}}, -math.inf, 0.0)
            if fixedT is not None:
                lp.add(self.Fsum(m, "total"), fixedT[m], fixedT[m])

    def Fsum(self, m, item):
        return {self.F[(m, l)]: 1.0 for l in self.spec.item_leaves(item)}

    def Esum(self, m, item):
        if item == "total":
            return {self.E[(m, g)]: 1.0 for g in main_tasks(self.spec)}
        return {self.E[(m, item)]: 1.0}

    def Pexpr(self, m, group):
        if self.fixedP is None:
            return {self.P[(m, b)]: 1.0 for b in self.spec.base_of(group)}, 0.0
        return {}, sum(self.fixedP[(m, b)] for b in self.spec.base_of(group))

    def Texpr(self, m):
        return ({}, self.fixedT[m]) if self.fixedT is not None else (self.Fsum(m, "total"), 0.0)

    def ratio(self, item, measure, m):
        """(num dict, mult, (den dict, den const)) of one municipality's (or the pooled) figure"""
        ext = measure.endswith("external")
        if measure.startswith("pooled"):
            num, dd, dc = defaultdict(float), defaultdict(float), 0.0
            for mm in self.munis:
                for j, a in (self.Esum(mm, item) if ext else self.Fsum(mm, item)).items():
                    num[j] += a
                td, tc = self.Texpr(mm)
                for j, a in td.items():
                    dd[j] += a
                dc += tc
            return dict(num), 100.0, (dict(dd), dc)
        num = self.Esum(m, item) if ext else self.Fsum(m, item)
        if measure in ("productivity", "productivity_external"):
            return num, 1000.0, self.Pexpr(m, self.spec.divisor(item))
        if measure in ("share", "share_external"):
            return num, 100.0, self.Texpr(m)
        if measure in ("fte", "fte_external"):
            return num, 1.0, ({}, 1.0)
        if measure == "fte_per_1000_population":
            return self.Fsum(m, "total"), 1000.0, ({}, self.pop[m])
        raise KeyError(measure)

    def value(self, x, lin):
        return sum(a * x[j] for j, a in lin[0].items()) + lin[1]


def build2(spec, cells, munis, pop, excluded, *, hfac, mean_hfac=0.9, means=(), point=None, fixedP=None,
           fixedT=None, soft_excluded=True, soft_means=False, trust=None, P0iv=None, order=True, proof=False,
           floors=None):
    """LP over F, E (and P unless fixed) with every included cell hard inside hfac of its rounding interval,
    the excluded cells pulled towards their intervals (L1, printed units, weighted), the given "Gns. kommuner"
    cells (exact where their denominators are constant, else linearised at `point`), a trust region
    around `point` and (if P0iv) the soft forsørgelsestryk closeness of pass 2.
    proof=True: full rounding intervals, "0,0" only >= 0, nothing soft (for bounds)."""
    md = Model(spec, munis, pop, fixedP=fixedP, fixedT=fixedT, floors=None if proof else floors)
    lp = md.lp
    key_of = {}
    for kk, j in md.F.items():
        key_of[j] = ("F", kk)
    for kk, j in md.E.items():
        key_of[j] = ("E", kk)
    for kk, j in md.P.items():
        key_of[j] = ("P", kk)

    def at(lin):   # value of a linear form at the point
        d, c = lin
        return sum(a * point[key_of[j]] for j, a in d.items()) + c

    soft = []   # (key, s_hi, s_lo)

    def add_pair(cd_num, mult, den, lo_v, hi_v, key, cost=None, scale=1.0):
        dd, dc = den
        for bound, side in ((hi_v, "hi"), (lo_v, "lo")):
            c = defaultdict(float)
            for j, a in cd_num.items():
                c[j] += mult * a
            for j, a in dd.items():
                c[j] -= bound * a
            k = bound * dc
            if cost is not None:
                s = lp.var(cost=cost)
                c[s] += -scale if side == "hi" else scale
                soft.append((key, side, s))
            if side == "hi":
                lp.add(dict(c), -math.inf, k, tag=key)
            else:
                lp.add(dict(c), k, math.inf, tag=key)

    if trust is not None and point is not None:
        for (m, b), j in md.P.items():
            p = point[("P", (m, b))]
            lp.lb[j] = max(lp.lb[j], p * (1 - trust))
            lp.ub[j] = p * (1 + trust) + (trust * 10.0 if b == OEVRIGE else 0.0)
        if fixedT is None:
            for m in munis:
                t = at((md.Fsum(m, "total"), 0.0))
                lp.add(md.Fsum(m, "total"), t * (1 - trust), t * (1 + trust))
    if P0iv is not None and fixedP is None:
        for m in munis:
            for g, (lo0, hi0) in P0iv[m].items():
                p0 = 0.5 * (lo0 + hi0)
                d = lp.var(cost=1e-3 / p0)
                coeffs = {md.P[(m, b)]: 1.0 for b in spec.base_of(g)}
                lp.add({**coeffs, d: -1.0}, -math.inf, hi0)
                lp.add({**coeffs, d: 1.0}, lo0, math.inf)
        for m in munis:   # jc_oevrige regularised towards 0 as in pass 1
            lp.c[md.P[(m, OEVRIGE)]] = OEVRIGE_COST / (0.005 * pop[m])
        if floors is not None and point is not None:   # pass 3: same age-split target as pass 2
            add_age_band(lp, md.P, munis, lambda m, g: sum(point[("P", (m, b))] for b in spec.base_of(g)))
    if order and not proof:
        for item, lo_m, hi_m in ORDER_CONSTRAINTS:
            parts = []
            for m in (hi_m, lo_m):
                num, mult, den = md.ratio(item, "productivity", m)
                parts.append((num, mult, den))
            if fixedP is not None:
                c = defaultdict(float)
                for sgn, (num, mult, den) in zip((1, -1), parts):
                    for j, a in num.items():
                        c[j] += sgn * mult * a / den[1]
                lp.add(dict(c), 1e-3, math.inf)
            elif point is not None:
                c, k = defaultdict(float), 0.0
                for sgn, (num, mult, den) in zip((1, -1), parts):
                    dk = at(den); rk = mult * at((num, 0.0)) / dk
                    for j, a in num.items():
                        c[j] += sgn * mult * a / dk
                    for j, a in den[0].items():
                        c[j] -= sgn * rk * a / dk
                # soft here (a linearisation; hard it can make a step infeasible), exact and hard in pass 4
                c[lp.var(cost=1e4)] += 1.0
                lp.add(dict(c), 2e-3, math.inf)
    for r in cells.itertuples():
        key = (r.table, r.row, r.municipality, r.measure)
        v = 0.0 if r.missing else float(r.value)
        h = r.h
        if r.municipality == MEAN:
            if key not in means:
                continue
            hf = mean_hfac * h
            lo_v, hi_v = v - hf, v + hf
            # mean of ratios: exact where den is constant, else linearised at the point
            c, k = defaultdict(float), 0.0
            n = len(munis)
            for m in munis:
                num, mult, den = md.ratio(r.item, r.measure, m)
                if not den[0]:
                    for j, a in num.items():
                        c[j] += mult * a / den[1] / n
                else:
                    dk = at(den); rk = mult * at((num, 0.0)) / dk
                    for j, a in num.items():
                        c[j] += mult * a / dk / n
                    for j, a in den[0].items():
                        c[j] -= rk * a / dk / n
                    k += rk / n - rk * den[1] / dk / n
            cost = 100.0 / h if soft_means else None
            add_pair(dict(c), 1.0, ({}, 1.0), lo_v - k, hi_v - k, key, cost=cost)
            continue
        if r.measure == "forsoergelsestryk":
            continue
        if key in excluded:
            if proof or not soft_excluded:
                continue
            lo_v, hi_v = (0.0, 0.0) if r.missing else (v - h, v + h)
            num, mult, den = md.ratio(r.item, r.measure, r.municipality)
            scale = at(den) if (den[0] and point is not None) else (den[1] if not den[0] else 1.0)
            add_pair(num, mult, den, lo_v, hi_v, key, cost=WEIGHT.get(r.table, 10.0) / h, scale=scale)
            continue
        hf = (1.0 if proof else hfac) * h
        lo_v, hi_v = v - hf, v + hf
        if r.missing:
            lo_v, hi_v = 0.0, 0.0
        elif v == 0.0:
            lo_v = 0.0 if proof else 0.05 * h
        num, mult, den = md.ratio(r.item, r.measure, r.municipality)
        add_pair(num, mult, den, lo_v, hi_v, key)
    return md, key_of, soft


def point_of(md, key_of, x):
    return {key_of[j]: x[j] for j in key_of}


def exact_means(md, x, cells, means):
    """exact value of each fitted "Gns. kommuner" at the LP solution x"""
    out = {}
    for r in cells.itertuples():
        key = (r.table, r.row, r.municipality, r.measure)
        if key not in means:
            continue
        vals = []
        for m in md.munis:
            num, mult, den = md.ratio(r.item, r.measure, m)
            n_ = sum(a * x[j] for j, a in num.items())
            d_ = sum(a * x[j] for j, a in den[0].items()) + den[1]
            vals.append(0.0 if n_ == 0 else mult * n_ / d_)
        out[key] = float(np.mean(vals))
    return out


def charnes_cooper(lp: LP, num: dict, den: dict, den_const: float = 0.0, maximise=False):
    """min (or max) of (num.x)/(den.x + den_const) over the LP's feasible set (den > 0 on it), exactly:
    y = z*x, z = 1/(den.x + den_const) >= 0."""
    A = sp.csr_matrix((lp.vals, (lp.rows, lp.cols)), shape=(len(lp.lo), lp.n))
    lo = np.array(lp.lo, float); hi = np.array(lp.hi, float)
    n = lp.n
    blocks, rhs = [], []
    fh, fl = np.isfinite(hi), np.isfinite(lo)
    blocks.append(sp.hstack([A[fh], sp.csr_matrix(-hi[fh]).T])); rhs.append(np.zeros(fh.sum()))
    blocks.append(sp.hstack([-A[fl], sp.csr_matrix(lo[fl]).T])); rhs.append(np.zeros(fl.sum()))
    lb = np.array(lp.lb, float); ub = np.array(lp.ub, float)
    idx = np.nonzero(lb != 0)[0]   # lb*z - y <= 0
    if len(idx):
        blocks.append(sp.hstack([-sp.identity(n, format="csr")[idx], sp.csr_matrix(lb[idx]).T]))
        rhs.append(np.zeros(len(idx)))
    idx = np.nonzero(np.isfinite(ub))[0]
    if len(idx):
        blocks.append(sp.hstack([sp.identity(n, format="csr")[idx], sp.csr_matrix(-ub[idx]).T]))
        rhs.append(np.zeros(len(idx)))
    A_ub = sp.vstack(blocks).tocsr(); b_ub = np.concatenate(rhs)
    deq = np.zeros(n + 1)
    for j, a in den.items():
        deq[j] += a
    deq[n] = den_const
    c = np.zeros(n + 1)
    for j, a in num.items():
        c[j] += a
    if maximise:
        c = -c
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=sp.csr_matrix(deq), b_eq=[1.0],
                  bounds=[(0, None)] * (n + 1), method="highs",
                  options={"presolve": True, "primal_feasibility_tolerance": 1e-9,
                           "dual_feasibility_tolerance": 1e-9})
    if res.status != 0:
        raise RuntimeError(res.message)
    return -res.fun if maximise else res.fun


def cell_range(spec, cells, munis, pop, excluded, item, measure, m, which):
    """proven min/max of one municipality's figure with every fitted (non-excluded) municipality cell inside
    its full rounding interval (means not used)."""
    md, key_of, _ = build2(spec, cells, munis, pop, excluded, hfac=1.0, proof=True)
    num, mult, den = md.ratio(item, measure, m)
    if not den[0]:
        num = {j: a / den[1] for j, a in num.items()}
        dd, dc = {}, 1.0
    else:
        dd, dc = den
    numm = {j: mult * a for j, a in num.items()}
    out = {}
    for w in which:
        out[w] = charnes_cooper(md.lp, numm, dd, dc, maximise=(w == "max"))
    return out


NOT_REPRO_REASON = ("forsørgelsestryk: Bilag I divides by the 18-64-årige ekskl. efterlønsmodtagere, which the "
                    "report does not publish; the data set only has the 18-64 population, and the "
                    "person-years are pinned by the productivities, so this figure is not reproducible "
                    "(not an inconsistency of the report)")


def classify(pub, inc, munis, chk):
    """Add `kind` to inconsistencies.csv; move forsørgelsestryk cells to not_reproducible.csv."""
    kinds, expls = [], []
    for r in inc.itertuples():
        expl = r.explanation
        if r.measure == "forsoergelsestryk":
            kind = "undisclosed_denominator"
        elif "same quantity printed differently" in expl:
            kind = "contradiction"
            expl = f"{r.printed} here vs {r.conflicts_with}; the same productivity printed twice with different values"
        elif r.municipality == MEAN and "not the simple mean" in expl:
            kind = "not_a_mean"
        elif "(fit limit)" in expl or "NOT proven" in expl:
            kind = "fit_limit"
        else:
            kind = "infeasible"
        kinds.append(kind); expls.append(expl)
    inc = inc.assign(explanation=expls, kind=kinds)
    # every forsørgelsestryk cell not reproduced with the 18-64 population as denominator
    fails = [f for f in chk.evaluate(skip_listed=False) if f["measure"] == "forsoergelsestryk"]
    nr = pd.DataFrame([(f["table"], f["row"], f["municipality"], f["measure"], f["printed"],
                        round(f["computed"], 4), NOT_REPRO_REASON) for f in fails],
                      columns=["table", "row", "municipality", "measure", "printed", "computed", "reason"])
    nr.to_csv(DS / "not_reproducible.csv", index=False)
    inc = inc[inc.kind != "undisclosed_denominator"]
    inc.to_csv(DS / "inconsistencies.csv", index=False)
    print(f"inconsistencies.csv: {len(inc)} cells: {inc.kind.value_counts().to_dict()}; "
          f"not_reproducible.csv: {len(nr)} cells")


if __name__ == "__main__":
    import sys
    if "--age-brackets" in sys.argv:
        _pub = pd.read_csv(DS / "published.csv", dtype={"table": str, "printed": str})
        _munis = [m for m in pd.unique(_pub[_pub.table == "4.2"].municipality) if m != MEAN]
        _py = pd.read_csv(DS / "person_years.csv").set_index(["municipality", "group"]).person_years
        print("group municipality bracket(printed rows) fitted_share")
        for (g, m), (lo, hi) in age_brackets(_pub, _munis).items():
            u, o = _py[(m, g + "_u30")], _py[(m, g + "_o30")]
            print(f"{g:5s} {m:15s} [{lo:7.3f}, {hi:7.3f}]  {u / (u + o):.3f}")
    else:
        main()
