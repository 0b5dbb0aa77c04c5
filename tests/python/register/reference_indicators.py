"""Reference implementation of the register indicators in plain pandas (the tests' oracle).

Written straight from docs/register-indicators.md for readability, not speed, and independent of
the C++ engine (its own ISO-week arithmetic via :mod:`datetime`). Only for valid panels: it does
not check the "bad input" rules.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from jobbench.spec import SpecLike, load_spec

__all__ = ["REFERENCE_SE", "reference_indicators", "week_index"]

# indicator -> (numerator per person, denominator per person, scale of the ratio)
REFERENCE_SE = {"si": ("conv_p", "share_p", 13.0), "ag": ("share_active", "share_p", 1.0),
                "vag": ("share_company", "share_p", 1.0), "ti": ("new_offer", "share_p", None),
                "vti": ("new_company_offer", "share_p", None),
                "jr": ("share_self_e", "share_e", 1.0),
                "dr": ("partial", "spells", 1.0)}


def _clustered_se(y: np.ndarray, x: np.ndarray) -> float:
    """Linearised SE of sum(y) / sum(x) clustered by person, over persons with x_i > 0."""
    keep = x > 0
    y, x = y[keep], x[keep]
    n = len(x)
    if n < 2 or x.sum() <= 0:
        return float("nan")
    r = y.sum() / x.sum()
    return float(np.sqrt(n / (n - 1) * np.sum((y - r * x) ** 2)) / x.sum())

_MONDAY_1970W01 = dt.date(1969, 12, 29)


def week_index(weeks: pd.Series) -> pd.Series:
    """Continuous ISO week index (1970W01 = 0) via :meth:`datetime.date.fromisocalendar`."""
    uniques = pd.unique(weeks)
    table = {int(w): (dt.date.fromisocalendar(int(w) // 100, int(w) % 100, 1) - _MONDAY_1970W01).days // 7
             for w in uniques}
    return weeks.map(table).astype(np.int64)


def reference_indicators(panel: pd.DataFrame, period: tuple[int, int] | None = None,
                         spec: SpecLike = "benchmark2013") -> pd.DataFrame:
    reg: dict[str, Any] = load_spec(spec).data["register"]
    if period is None:
        period = (reg["period"]["first"], reg["period"]["last"])
    groups = [g["code"] for g in reg["groups"]]
    target = {g["code"] for g in reg["groups"] if g.get("target")}
    sickness = {g["code"] for g in reg["groups"] if g.get("sickness")}
    company = {o["code"] for o in reg["offers"] if o.get("company_directed")}
    none = reg.get("no_offer", "none")
    total = reg.get("total", {}).get("code", "total")

    df = pd.DataFrame({
        "person": panel["person"].astype(np.int64).to_numpy(),
        "week": panel["week"].astype(np.int64).to_numpy(),
        "municipality": panel["municipality"].astype(np.int64).to_numpy(),
        "group": panel["group"].astype(str).to_numpy(),
        "offer": panel["offer"].astype(str).to_numpy(),
        "share": panel["benefit_share"].astype(float).to_numpy(),
        "conversations": (panel["conversations"].astype(np.int64).to_numpy()
                          if "conversations" in panel else 0),
        "partial_sick": (panel["partial_sick"].astype(bool).to_numpy()
                         if "partial_sick" in panel else False),
    })
    df["idx"] = week_index(df["week"])
    df = df.sort_values(["person", "idx"], kind="stable").reset_index(drop=True)
    p0, p1 = (int(week_index(pd.Series([w])).iloc[0]) for w in period)
    e0, e1 = p0 - 13, p1 - 13
    df["in_p"] = df["idx"].between(p0, p1)
    df["in_e"] = df["idx"].between(e0, e1)
    df["active"] = df["offer"] != none
    df["company"] = df["offer"].isin(company)

    # 6./7. New offers: compare each offer row with the person's previous offer row.
    offers = df[df["active"]]
    prev_idx = offers.groupby("person")["idx"].shift()
    prev_type = offers.groupby("person")["offer"].shift()
    new = prev_idx.isna() | (prev_type != offers["offer"]) | (offers["idx"] - prev_idx >= 5)
    df["new_offer"] = False
    df.loc[offers.index[new.to_numpy()], "new_offer"] = True
    df["new_offer"] &= df["in_p"]
    df["new_company_offer"] = df["new_offer"] & df["company"]

    # 8. Self-supporting after 13 weeks: no row of the person at idx + 13.
    rows_at = pd.MultiIndex.from_arrays([df["person"], df["idx"]])
    df["self_after_13"] = ~pd.MultiIndex.from_arrays([df["person"], df["idx"] + 13]).isin(rows_at)

    # 9. Sickness spells: maximal runs of consecutive weeks in the sickness group.
    df["sick"] = df["group"].isin(sickness)
    prev_sick = df.groupby("person")["sick"].shift(fill_value=False)
    prev_w = df.groupby("person")["idx"].shift()
    df["spell_start"] = df["sick"] & ~(prev_sick.astype(bool) & (prev_w == df["idx"] - 1))
    df["spell"] = df["spell_start"].cumsum()
    # a spell counts for the municipality and group of its first week inside P
    in_p_sick = df[df["sick"] & df["in_p"]]
    firsts = in_p_sick.groupby("spell")[["municipality", "group", "person"]].first()
    partial = df[df["sick"]].groupby("spell")["partial_sick"].any()
    spells_df = firsts.assign(partial=partial.reindex(firsts.index).to_numpy())

    municipalities = sorted(df["municipality"].unique())
    units = groups + [a["code"] for a in reg.get("aggregates", [])] + [total]
    members = {g: [g] for g in groups}
    kinds = {g: "group" for g in groups}
    for a in reg.get("aggregates", []):
        members[a["code"]] = list(a["groups"])
        kinds[a["code"]] = "aggregate"
    members[total] = [g for g in groups if g in target]
    kinds[total] = "total"
    weeks = p1 - p0 + 1

    df["share_p"] = df["share"].where(df["in_p"], 0.0)
    df["share_active"] = df["share_p"].where(df["active"], 0.0)
    df["share_company"] = df["share_p"].where(df["company"], 0.0)
    df["share_e"] = df["share"].where(df["in_e"], 0.0)
    df["self_e"] = df["in_e"] & df["self_after_13"]
    df["share_self_e"] = df["share_e"].where(df["self_after_13"], 0.0)
    df["conv_p"] = df["conversations"].where(df["in_p"], 0)
    df["person_p"] = df["person"].where(df["in_p"])
    df["person_e"] = df["person"].where(df["in_e"])
    pieces = []
    for unit in units:
        d = df[df["group"].isin(members[unit])]
        s = spells_df[spells_df["group"].isin(members[unit])]
        g = d.groupby("municipality").agg(
            rows=("in_p", "sum"), persons=("person_p", "nunique"), fw=("share_p", "sum"),
            conversations=("conv_p", "sum"), active_fw=("share_active", "sum"),
            company_fw=("share_company", "sum"), new_offers=("new_offer", "sum"),
            new_company_offers=("new_company_offer", "sum"), e_rows=("in_e", "sum"),
            e_persons=("person_e", "nunique"), e_self_rows=("self_e", "sum"), e_fw=("share_e", "sum"),
            e_self_fw=("share_self_e", "sum"))
        sp = s.groupby("municipality").agg(spells=("partial", "size"), spells_partial=("partial", "sum"))
        g = g.join(sp, how="left").reindex(municipalities).fillna(0)
        # person-clustered standard errors: per-person totals in the unit, then the ratio's SE
        per = d.groupby(["municipality", "person"])[
            ["share_p", "share_active", "share_company", "conv_p", "new_offer", "new_company_offer",
             "share_e", "share_self_e"]].sum().astype(float)
        sp_per = s.assign(spells=1, partial=s["partial"].astype(float)).groupby(
            ["municipality", "person"])[["spells", "partial"]].sum().astype(float)
        for ind, (num, den, scale) in REFERENCE_SE.items():
            src = sp_per if ind == "dr" else per
            factor = float(weeks) if scale is None else scale
            ses = {}
            for m in municipalities:
                if m in src.index.get_level_values(0):
                    t = src.loc[m]
                    ses[m] = factor * _clustered_se(t[num].to_numpy(), t[den].to_numpy())
                else:
                    ses[m] = float("nan")
            g[f"{ind}_se"] = pd.Series(ses)
        g.insert(0, "kind", kinds[unit])
        g.insert(0, "group", unit)
        pieces.append(g.reset_index().rename(columns={"index": "municipality"}))
    out = pd.concat(pieces, ignore_index=True)
    for c in ["rows", "persons", "conversations", "new_offers", "new_company_offers", "e_rows",
              "e_persons", "e_self_rows", "spells", "spells_partial"]:
        out[c] = out[c].astype(np.int64)
    fw = out["fw"].where(out["fw"] > 0)
    out["py"] = out["fw"] / weeks
    py = out["py"].where(out["py"] > 0)
    out["si"] = 13 * out["conversations"] / fw
    out["ag"] = out["active_fw"] / fw
    out["vag"] = out["company_fw"] / fw
    out["ti"] = out["new_offers"] / py
    out["vti"] = out["new_company_offers"] / py
    out["jr"] = out["e_self_fw"] / out["e_fw"].where(out["e_fw"] > 0)
    out["dr"] = out["spells_partial"] / out["spells"].where(out["spells"] > 0)
    order = {u: k for k, u in enumerate(units)}
    out = out.sort_values(["municipality", "group"], key=lambda c: c.map(order) if c.name == "group" else c)
    return out.reset_index(drop=True)
