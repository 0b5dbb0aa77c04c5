"""Shares, cross matrices and comparisons of a case audit, computed in C++ (docs/audit.md).

Cell = scope unit x criterion x optional domain value. Every sampled case of the unit's strata
enters its cell (outside the domain with d = 0), so that the variance counts n_h in full.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError
from .cases import OUTCOMES, Design, check_cases, outcome_codes
from .catalogue import CatalogueLike

__all__ = ["SCOPES", "compare", "cross", "shares"]

SCOPES = ("municipality", "audited", "national")
COUNT_COLUMNS = ["met", "not_met", "not_relevant", "unknown", "n", "share", "lower", "upper"]
EXTRA_COLUMNS = ["unknown_share", "deff", "n_effective"]
ALL = "i alt"


def _estimate(rows: pd.DataFrame, cells: pd.DataFrame, design: Design, level: float,
              clustered: bool, municipalities: Optional[int]) -> pd.DataFrame:
    """rows: municipality, case, outcome, cell, domain; cells: one row per cell index."""
    cols = design.columns(rows)
    strata_per_cell = pd.Series(cols["stratum"]).groupby(rows["cell"].to_numpy()).nunique()
    plain = [design.plain(int(strata_per_cell.get(c, 0))) for c in range(len(cells))]
    out = _core.audit_shares(
        cell=rows["cell"].to_numpy(dtype=np.int64).tolist(), outcome=outcome_codes(rows["outcome"]).tolist(),
        weight=cols["weight"].tolist(), stratum=cols["stratum"].tolist(), cluster=cols["cluster"].tolist(),
        domain=rows["domain"].to_numpy(dtype=float).tolist(), fraction=design.fraction.tolist(),
        plain=plain, design="clustered" if clustered else "stratified", level=level,
        clusters_in_population=float(municipalities or 0))
    result = pd.concat([cells.reset_index(drop=True), pd.DataFrame(out)], axis=1)
    for column in ("met", "not_met", "not_relevant", "unknown", "n"):
        result[column] = result[column].astype(np.int64)
    return result


def _units(df: pd.DataFrame, scope: str) -> pd.Series:
    if scope not in SCOPES:
        raise InputError(f"scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    return df["municipality"] if scope == "municipality" else pd.Series(ALL, index=df.index)


def shares(cases: pd.DataFrame, *, scope: str = "municipality", weights: str = "none",
           frame: Optional[pd.DataFrame] = None, level: float = 0.95, by: Optional[str] = None,
           catalogue: Optional[CatalogueLike] = None, municipalities: Optional[int] = None
           ) -> pd.DataFrame:
    """Share of ``met`` among judged cases per scope unit x criterion (x ``by`` value).

    ``scope``: ``"municipality"`` (each one, strata = seniority groups), ``"audited"`` (all
    municipalities taken as the population, stratified) or ``"national"`` (municipalities as
    clusters; ``municipalities`` = how many there are, for the finite-population correction).
    ``weights``: ``"none"`` (the seed's pooled share) or ``"design"`` (N_h / n_h from ``frame``,
    or the ``weight`` column). ``by``: a case-level column (``target_group``, a domain). Returns
    ``[municipality,] criterion, [by,] met, not_met, not_relevant, unknown, n, share, lower, upper,
    unknown_share, deff, n_effective``; n = 0 gives NaN shares.
    """
    df = check_cases(cases, catalogue, frame)
    design = Design(df, weights, frame)
    unit = _units(df, scope)
    rows = df.assign(unit=unit.to_numpy())
    keys = ["unit", "criterion"]
    if by is not None:
        if by not in df.columns or by in ("criterion", "outcome", "case"):
            raise InputError(f"by: '{by}' is not a case-level column of the cases")
        values = sorted(df[by].astype(str).unique())
        rows = pd.concat([rows.assign(by_value=v, domain=(rows[by].astype(str) == v).astype(float))
                          for v in values], ignore_index=True)
        keys.append("by_value")
    else:
        rows = rows.assign(domain=1.0)
    cells = rows[keys].drop_duplicates().reset_index(drop=True)
    cells["cell"] = np.arange(len(cells))
    rows = rows.merge(cells, on=keys)
    result = _estimate(rows, cells.drop(columns="cell"), design, level, scope == "national",
                       municipalities)
    result = result.rename(columns={"unit": "municipality", "by_value": by or "by_value"})
    if scope != "municipality":
        result = result.drop(columns="municipality")
    lead = (["municipality"] if scope == "municipality" else []) + ["criterion"] + ([by] if by else [])
    return result[lead + COUNT_COLUMNS + EXTRA_COLUMNS]


def _side(df: pd.DataFrame, name: str) -> tuple[pd.Series, bool]:
    """Values of a criterion (its outcomes) or of a case-level column, and whether it is a criterion."""
    if name in set(df["criterion"]):
        values = df[df["criterion"] == name].set_index(["municipality", "case"])["outcome"]
        return values, True
    if name in df.columns and name not in ("criterion", "outcome"):
        return df.drop_duplicates(["municipality", "case"]).set_index(["municipality", "case"])[name].astype(str), False
    raise InputError(f"cross: '{name}' is neither a criterion nor a case-level column of the cases")


def cross(cases: pd.DataFrame, a: str, b: str, *, weights: str = "none",
          frame: Optional[pd.DataFrame] = None, level: float = 0.95,
          catalogue: Optional[CatalogueLike] = None) -> pd.DataFrame:
    """Cross matrix of A x B (two criteria, or a criterion and a domain), pooled over the cases.

    One row per (a, b) value pair: ``count`` and ``weighted`` totals, ``row_pct`` and ``col_pct``
    (of the row and column totals), ``row_share`` = met B among cases with A = a over judged B
    (when B is a criterion) and ``col_share`` = met A among B = b over judged A (when A is one),
    each with ``_lower``/``_upper`` as the shares' intervals (stratified, audited scope).
    """
    df = check_cases(cases, catalogue, frame)
    design = Design(df, weights, frame)
    va, a_is = _side(df, a)
    vb, b_is = _side(df, b)
    both = pd.DataFrame({"a": va, "b": vb.reindex(va.index)})
    w = design.cases["w"].reindex(both.index).to_numpy()
    a_values = list(OUTCOMES) if a_is else sorted(both["a"].unique())
    b_values = list(OUTCOMES) if b_is else sorted(both["b"].unique())
    grid = pd.MultiIndex.from_product([a_values, b_values], names=["a", "b"])
    table = pd.DataFrame({"count": both.groupby(["a", "b"]).size(),
                          "weighted": pd.Series(w, index=both.index).groupby([both["a"], both["b"]]).sum()})
    table = table.reindex(grid, fill_value=0).reset_index()
    table["count"] = table["count"].astype(np.int64)
    table["row_pct"] = table["count"] / table.groupby("a")["count"].transform("sum")
    table["col_pct"] = table["count"] / table.groupby("b")["count"].transform("sum")
    if b_is:
        table = table.merge(_domain_shares(df, b, va, a_values, design, level, "row"), on="a", how="left")
    if a_is:
        table = table.merge(_domain_shares(df, a, vb, b_values, design, level, "col"), on="b", how="left")
    return table.rename(columns={"a": a, "b": b}) if a != b else table


def _domain_shares(df: pd.DataFrame, criterion: str, domain: pd.Series, values: Sequence[Any],
                   design: Design, level: float, prefix: str) -> pd.DataFrame:
    rows = df[df["criterion"] == criterion]
    dom = domain.reindex(pd.MultiIndex.from_frame(rows[["municipality", "case"]])).to_numpy()
    parts = [rows.assign(domain=(dom == v).astype(float), cell=k) for k, v in enumerate(values)]
    cells = pd.DataFrame({"value": list(values)})
    res = _estimate(pd.concat(parts, ignore_index=True), cells, design, level, False, None)
    key = "a" if prefix == "row" else "b"
    return pd.DataFrame({key: res["value"], f"{prefix}_share": res["share"],
                         f"{prefix}_lower": res["lower"], f"{prefix}_upper": res["upper"],
                         f"{prefix}_n": res["n"]})


def compare(cases: pd.DataFrame, criterion: Union[str, Sequence[str]], municipality: Union[str, Sequence[str]],
            other: Optional[str] = None, *, weights: str = "none", frame: Optional[pd.DataFrame] = None,
            level: float = 0.95, comparisons: Optional[int] = None,
            catalogue: Optional[CatalogueLike] = None) -> pd.DataFrame:
    """Share of ``criterion`` (one or several) in ``municipality`` (one or several) against
    ``other`` or, when ``other`` is None, against all other municipalities pooled.

    d = p_m - p_k with Newcombe's hybrid score interval from the shares' intervals; significant
    when it excludes 0, and again at z_{1-alpha/2K} (Bonferroni) for K = ``comparisons``: by default
    the number of municipalities (each against the rest) or, with ``other``, the number of pairs.
    One row per criterion x municipality.
    """
    df = check_cases(cases, catalogue, frame)
    criteria = [criterion] if isinstance(criterion, str) else list(criterion)
    missing = [c for c in criteria if c not in set(df["criterion"])]
    if missing:
        raise InputError(f"compare: criterion(s) {', '.join(missing)} not in the cases")
    names = [municipality] if isinstance(municipality, str) else list(municipality)
    present = set(df["municipality"])
    unknown = [m for m in names + ([other] if other else []) if m not in present]
    if unknown:
        raise InputError(f"compare: municipality(ies) {', '.join(unknown)} not in the cases")
    M = len(present)
    K = comparisons if comparisons is not None else (M if other is None else M * (M - 1) // 2)
    if K < 1:
        raise InputError(f"compare: comparisons must be at least 1, got {K}")
    design = Design(df, weights, frame)
    parts, labels = [], []
    for c in criteria:
        rows = df[df["criterion"] == c]
        for m in names:
            k_rows = rows[rows["municipality"] == other] if other else rows[rows["municipality"] != m]
            parts += [rows[rows["municipality"] == m].assign(cell=len(labels)),
                      k_rows.assign(cell=len(labels) + 1)]
            labels += [(c, m), (c, other or "øvrige")]
    stacked = pd.concat(parts, ignore_index=True).assign(domain=1.0)
    cells = pd.DataFrame({"unit": labels})
    plain = _estimate(stacked, cells, design, level, False, None)
    adjusted = _estimate(stacked, cells, design, 1 - (1 - level) / K, False, None)
    return _comparison_frame([m for _, m in labels[0::2]], other, [c for c, _ in labels[0::2]], plain,
                             adjusted, K)


def _comparison_frame(names: list[str], other: Optional[str], criterion: list[str], plain: pd.DataFrame,
                      adjusted: pd.DataFrame, K: int) -> pd.DataFrame:
    def newcombe(res: pd.DataFrame) -> dict[str, list[float]]:
        m, k = res.iloc[0::2], res.iloc[1::2]
        return _core.audit_newcombe(m["share"].tolist(), m["lower"].tolist(), m["upper"].tolist(),
                                    k["share"].tolist(), k["lower"].tolist(), k["upper"].tolist())
    d, d_adj = newcombe(plain), newcombe(adjusted)
    m, k = plain.iloc[0::2].reset_index(drop=True), plain.iloc[1::2].reset_index(drop=True)
    out = pd.DataFrame({"municipality": names, "other": other or "øvrige", "criterion": criterion,
                        "share": m["share"], "n": m["n"], "share_other": k["share"], "n_other": k["n"]})
    out["difference"] = out["share"] - out["share_other"]
    out["lower"], out["upper"] = d["lower"], d["upper"]
    out["significant"] = (out["lower"] > 0) | (out["upper"] < 0)
    out["lower_adjusted"], out["upper_adjusted"] = d_adj["lower"], d_adj["upper"]
    out["significant_adjusted"] = (out["lower_adjusted"] > 0) | (out["upper_adjusted"] < 0)
    out["comparisons"] = K
    return out
