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
P0 = forsørgelsestryk x population. Pass 3 fixes P and re-solves for F adding the "Gns. kommuner"
constraints (simple mean of the 15 unrounded productivities), again flagging the ones that cannot hold.
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
          means=False, P0=None, P0iv=None):
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
                    P[(m, b)] = lp.var(lb=1.0)
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


DUP_NOTE = "same quantity printed differently in table {t} ({p})"


def write_inconsistencies(pub, allbad, munis):
    """One row per excluded cell; conflicts_with names duplicates of the same quantity where they exist."""
    cells = pub.set_index(["table", "row", "municipality", "measure"])
    out = []
    for (t, row, m, meas), excess in sorted(allbad.items()):
        r = cells.loc[(t, row, m, meas)]
        item = r["item"]
        same = pub[(pub.item == item) & (pub.measure == meas) & (pub.municipality == m) & (pub.table != t)]
        same = same[same.printed != r["printed"]]
        direction = "above" if excess > 0 else "below"
        if m == MEAN:
            vals = pub[(pub.table == t) & (pub.row == row) & (pub.municipality.isin(munis))]
            mp = vals.value.fillna(0).mean()
            h = half_unit(r["printed"])
            genuine = abs(mp - r["value"]) > 2 * h + 1e-9
            conflicts = f"the 15 municipalities' values in table {t} (mean of the printed values {mp:.3f})"
            expl = ("not the simple mean of the municipalities' values even allowing for their rounding"
                    if genuine else
                    "mean of the printed values is within rounding, but no set of unrounded values consistent "
                    "with all other printed cells gives it") + f"; the fit needs it {abs(excess):.3f} {direction} the printed interval"
        elif len(same):
            conflicts = "; ".join(f"table {a.table} row {a.row} = {a.printed}" for a in same.itertuples())
            expl = f"same quantity printed differently elsewhere; excluded here, the other copy is fitted"
        else:
            kind = {"productivity": "the other productivities of the same municipality (parent = sum of sub-rows, "
                                    "shared FTE and person-years across tables)",
                    "productivity_external": "the other external-funding figures",
                    "forsoergelsestryk": "person-years implied by the productivities and the FTE/shares",
                    "share": "FTE implied by the productivities of tables 4.1-4.12 and the other shares",
                    "share_external": "external FTE implied by the 'Heraf puljer' productivities",
                    "pooled_share": "the 15 municipalities' FTE implied by the other tables",
                    "fte": "FTE implied by the productivities and shares",
                    "fte_per_1000_population": "total FTE implied by the productivities and the population"}
            conflicts = kind.get(meas, "other printed figures")
            expl = (f"cannot be reproduced together with the other printed figures; the minimal-violation fit "
                    f"lands {abs(excess):.3f} (printed units) {direction} its rounding interval")
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

    # ---- pass 2: feasible fit without them -----------------------------------------------------
    lp, F, E, P, _ = build(spec, cells, munis, pop, excluded, slack=False, P0=P0, P0iv=P0iv)
    x = lp.solve()
    Pfix = {k: x[j] for k, j in P.items()}

    # ---- pass 3: fix P, add the Gns. kommuner constraints (soft), then hard without the failures --
    lp3, F3, E3, _, keys3 = build(spec, cells, munis, pop, excluded, slack=True, fixedP=Pfix, means=True, P0=None)
    x3 = lp3.solve()
    bad_means = {key: x3[s1] - x3[s2] for key, s1, s2 in keys3 if x3[s1] > 1e-7 or x3[s2] > 1e-7}
    print(f"pass 3: {len(bad_means)} mean/other cells in conflict with P fixed: {sorted(bad_means)}")
    excluded |= set(bad_means)
    lp3, F3, E3, _, _ = build(spec, cells, munis, pop, excluded, slack=False, fixedP=Pfix, means=True, P0=None)
    # small regulariser: prefer spreading nothing -> minimise total FTE deviation? keep LP objective 0
    x3 = lp3.solve()

    # ---- write -----------------------------------------------------------------------------------
    fte_rows = []
    for m in munis:
        Fm = {l: max(0.0, x3[F3[(m, l)]]) for l in spec.leaves}
        for g in [t for t in spec.tasks if spec.tasks[t].get("parent") == "total"]:
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
    allbad = {**bad, **bad_means}
    write_inconsistencies(pub, allbad, munis)
    # "Gns. kommuner" of shares, forsørgelsestryk, population etc. are not fitted (non-linear in the
    # unknowns); list those the fitted inputs do not reproduce, telling genuine source errors apart.
    import importlib.util
    spec_ = importlib.util.spec_from_file_location("check", Path(__file__).with_name("check.py"))
    chk = importlib.util.module_from_spec(spec_); spec_.loader.exec_module(chk)
    fails = [f for f in chk.evaluate() if f["municipality"] == MEAN
             and f["measure"] not in ("productivity", "productivity_external")]
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
                      "unrounded values (fitted to the individual cells, this mean not imposed) miss it"))
    inc = pd.concat([inc, pd.DataFrame(extra, columns=inc.columns)], ignore_index=True)
    classify(pub, inc, munis, chk, varde_virk_min=varde_virk_min(spec, cells, munis, pop, excluded, P0, P0iv))
    print("written")


def varde_virk_min(spec, cells, munis, pop, excluded, P0, P0iv):
    """Smallest Varde 'Heraf virksomhedsindsats' FTE compatible with the fitted (included) cells."""
    lp, F, E, P, _ = build(spec, cells, munis, pop, excluded, slack=False, P0=P0, P0iv=P0iv)
    lp.c = [0.0] * lp.n
    for l in spec.item_leaves("heraf_virksomhedsindsats"):
        lp.c[F[("Varde", l)]] = 1.0
    x = lp.solve()
    return sum(x[F[("Varde", l)]] for l in spec.item_leaves("heraf_virksomhedsindsats"))


NOT_REPRO_REASON = ("forsørgelsestryk: Bilag I divides by the 18-64-årige ekskl. efterlønsmodtagere, which the "
                    "report does not publish; the data set only has the 18-64 population, and the "
                    "person-years are pinned by the productivities, so this figure is not reproducible "
                    "(not an inconsistency of the report)")


def classify(pub, inc, munis, chk, varde_virk_min):
    """Add `kind` to inconsistencies.csv; move forsørgelsestryk cells to not_reproducible.csv."""
    fors = inc.measure == "forsoergelsestryk"
    kinds, expls = [], []
    for r in inc.itertuples():
        expl = r.explanation
        if r.measure == "forsoergelsestryk":
            kind = "undisclosed_denominator"
        elif r.municipality == MEAN:
            kind = "fit_limit" if "within rounding" in expl else "not_a_mean"
        elif "same quantity printed differently" in expl:
            kind = "contradiction"
            expl = f"{r.printed} here vs {r.conflicts_with}; the same productivity printed twice with different values"
        else:
            kind = "infeasible"
            expl = ("no non-negative FTE/person-years reproduce this cell together with all fitted cells (LP "
                    "infeasible when it is added; proven cell by cell); " + expl.replace(
                        "cannot be reproduced together with the other printed figures; the minimal-violation fit",
                        "the minimal-violation fit"))
            if r.table in ("3.1", "bilag1") and r.municipality == "Varde" and r.row == "heraf_virksomhedsindsats" \
                    or (r.table == "bilag1" and r.municipality == "Varde" and r.row == "share.heraf_virksomhedsindsats"):
                expl = (f"the group tables' virksomhedsindsats rows (4.2-4.9 and the 4.10 Teamledelse row) need "
                        f">= {varde_virk_min:.3f} årsværk (LP minimum with all fitted cells), more than the printed "
                        f"8,6 (interval < 8,65) allows" + ("" if r.measure == "fte" else
                        f"; the share follows: >= {varde_virk_min / 68.85 * 100:.2f} %"))
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
    main()
