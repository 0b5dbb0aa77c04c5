"""The long input of a case audit, checked as the contract's section 5 says (docs/audit.md).

One row per (municipality, case, criterion) with ``target_group``, ``stratum``, ``outcome`` and
optionally ``weight`` and case-level domain columns. :func:`check_cases` raises
:class:`InputError` naming the offending keys and their count; :func:`from_wide` turns one column
per criterion into the long form.
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .._errors import InputError
from .catalogue import CatalogueLike, load_catalogue

__all__ = ["AuditWarning", "CASE_COLUMNS", "KEY", "OUTCOMES", "Design", "check_cases", "design",
           "from_wide"]

OUTCOMES = ("met", "not_met", "not_relevant", "unknown")
KEY = ["municipality", "case", "criterion"]
CASE_COLUMNS = ["municipality", "case", "target_group", "stratum", "criterion", "outcome"]
STRATUM = ["municipality", "target_group", "stratum"]
MAX_SHOWN = 5


class AuditWarning(UserWarning):
    """An audit estimate with a caveat (a stratum of one case adds no variance)."""


def _keys(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    rows = frame[list(columns)].drop_duplicates().head(MAX_SHOWN).itertuples(index=False)
    shown = "; ".join("(" + ", ".join(str(v) for v in r) + ")" for r in rows)
    return shown + (" ..." if len(frame) > MAX_SHOWN else "")


def _fail(what: str, bad: pd.DataFrame, columns: Sequence[str], hint: str) -> None:
    raise InputError(f"cases: {len(bad)} {what} ({', '.join(columns)}): {_keys(bad, columns)}; {hint}")


def from_wide(wide: pd.DataFrame, criteria: Sequence[str]) -> pd.DataFrame:
    """One column per criterion (values as in ``outcome``) -> the long input; other columns stay
    as case-level columns."""
    missing = [c for c in criteria if c not in wide.columns]
    if missing:
        raise InputError(f"wide cases: missing criterion column(s) {', '.join(missing)}")
    ids = [c for c in wide.columns if c not in criteria]
    long = wide.melt(id_vars=ids, value_vars=list(criteria), var_name="criterion", value_name="outcome")
    return long.sort_values(["municipality", "case"], kind="stable").reset_index(drop=True)


def check_cases(cases: pd.DataFrame, catalogue: Optional[CatalogueLike] = None,
                frame: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """The cases, checked: text keys, known outcome codes, no duplicates, every case judged on
    every criterion (the catalogue's, or all criteria present), case-level columns constant within
    a case, filters met where a criterion is judged, and keys inside the frame."""
    missing = [c for c in CASE_COLUMNS if c not in cases.columns]
    if missing:
        raise InputError(f"cases: missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(CASE_COLUMNS)} (+ weight, domains)")
    df = cases.copy()
    for column in CASE_COLUMNS:
        df[column] = df[column].astype("string").fillna("").str.strip().astype(object)
    bad = df[~df["outcome"].isin(OUTCOMES)]
    if len(bad):
        _fail("rows with unknown outcome codes", bad, KEY + ["outcome"],
              "use met, not_met, not_relevant or unknown")
    dup = df[df.duplicated(KEY, keep=False)]
    if len(dup):
        _fail("duplicate judgements", dup, KEY, "give each case one outcome per criterion")
    cat = None if catalogue is None else load_catalogue(catalogue)
    _check_complete(df, cat)
    _check_case_columns(df)
    if cat is not None:
        _check_filters(df, cat)
    if frame is not None:
        _check_frame_keys(df, check_frame(frame))
    return df


def _check_complete(df: pd.DataFrame, cat: Optional[pd.DataFrame]) -> None:
    criteria = list(cat["criterion"]) if cat is not None else sorted(df["criterion"].unique())
    if cat is not None:
        outside = df[~df["criterion"].isin(criteria)]
        if len(outside):
            _fail("rows with a criterion outside the catalogue", outside, KEY,
                  "add the criterion to the catalogue or drop the rows")
    cases = df[["municipality", "case"]].drop_duplicates()
    full = cases.merge(pd.DataFrame({"criterion": criteria}), how="cross")
    have = full.merge(df[KEY], on=KEY, how="left", indicator=True)
    lacking = have[have["_merge"] == "left_only"]
    if len(lacking):
        _fail("missing judgements", lacking, KEY,
              "give every case an outcome for every criterion (not_relevant or unknown if need be)")


def _case_level(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in ("municipality", "case", "criterion", "outcome")]


def _check_case_columns(df: pd.DataFrame) -> None:
    for column in _case_level(df):
        varying = df.groupby(["municipality", "case"], sort=False)[column].nunique(dropna=False)
        bad = varying[varying > 1].reset_index()
        if len(bad):
            _fail(f"cases whose '{column}' varies between their rows", bad, ["municipality", "case"],
                  "a case-level column must have one value per case")


def _check_filters(df: pd.DataFrame, cat: pd.DataFrame) -> None:
    filters = cat[cat["filter"] != ""][["criterion", "filter"]]
    if filters.empty:
        return
    judged = df[df["outcome"].isin(("met", "not_met"))].merge(filters, on="criterion")
    parent = df[KEY + ["outcome"]].rename(columns={"criterion": "filter", "outcome": "filter_outcome"})
    joined = judged.merge(parent, on=["municipality", "case", "filter"], how="left")
    bad = joined[joined["filter_outcome"] != "met"]
    if len(bad):
        _fail("judgements whose filter criterion is not met", bad, KEY + ["filter", "filter_outcome"],
              "set the criterion to not_relevant where its filter is not met")


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, checked: columns, one row per stratum, N a positive integer."""
    missing = [c for c in STRATUM + ["N"] if c not in frame.columns]
    if missing:
        raise InputError(f"frame: missing column(s) {', '.join(missing)}; expected municipality, "
                         "target_group, stratum, N")
    fr = frame[STRATUM + ["N"]].copy()
    for column in STRATUM:
        fr[column] = fr[column].astype("string").fillna("").str.strip().astype(object)
    n = pd.to_numeric(fr["N"], errors="coerce")
    bad = fr[~(np.isfinite(n) & (n > 0) & (n == np.floor(n)))]
    if len(bad):
        raise InputError(f"frame: {len(bad)} stratum(s) whose N is not a positive integer "
                         f"(municipality, target_group, stratum, N): {_keys(bad, STRATUM + ['N'])}")
    fr["N"] = n.astype(np.int64)
    dup = fr[fr.duplicated(STRATUM, keep=False)]
    if len(dup):
        raise InputError(f"frame: {len(dup)} rows repeat a stratum (municipality, target_group, "
                         f"stratum): {_keys(dup, STRATUM)}; give one N per stratum")
    return fr


def _check_frame_keys(df: pd.DataFrame, fr: pd.DataFrame) -> None:
    strata = df.groupby(STRATUM)["case"].nunique().rename("n_h").reset_index()
    joined = strata.merge(fr, on=STRATUM, how="left")
    outside = joined[joined["N"].isna()]
    if len(outside):
        raise InputError(f"cases: {len(outside)} stratum(s) outside the frame (municipality, "
                         f"target_group, stratum): {_keys(outside, STRATUM)}; add them to the frame")
    over = joined[joined["n_h"] > joined["N"]]
    if len(over):
        raise InputError(f"cases: {len(over)} stratum(s) with more sampled cases than N "
                         f"(municipality, target_group, stratum, n_h, N): "
                         f"{_keys(over, STRATUM + ['n_h', 'N'])}; correct N or the cases")


class Design:
    """Per case: stratum index, municipality index, n_h, f_h and the weight of a weighting."""

    def __init__(self, df: pd.DataFrame, weights: str, frame: Optional[pd.DataFrame]) -> None:
        if weights not in ("none", "design"):
            raise InputError(f"weights must be 'none' or 'design', got {weights!r}")
        cases = df.drop_duplicates(["municipality", "case"]).copy()
        codes, strata = pd.factorize(pd.MultiIndex.from_frame(cases[STRATUM]))
        cases["h"] = codes
        cases["n_h"] = cases.groupby("h")["case"].transform("size")
        fractions = np.zeros(len(strata))
        if frame is not None:
            fr = check_frame(frame)
            _check_frame_keys(df, fr)
            cases = cases.merge(fr, on=STRATUM, how="left")
            fractions[cases["h"].to_numpy()] = (cases["n_h"] / cases["N"]).to_numpy()
        ones = cases.groupby("h")["n_h"].first()
        if (ones == 1).any():
            warnings.warn(f"{int((ones == 1).sum())} stratum(s) with one sampled case add no variance",
                          AuditWarning, stacklevel=3)
        cases["w"] = self._weights(cases, weights, frame is not None)
        cases["m"] = pd.factorize(cases["municipality"])[0]
        self.cases = cases.set_index(["municipality", "case"])
        self.fraction = fractions
        self.weighted = weights == "design"
        self.has_frame = frame is not None

    @staticmethod
    def _weights(cases: pd.DataFrame, weights: str, has_frame: bool) -> np.ndarray:
        given = "weight" in cases.columns
        if given:
            w = pd.to_numeric(cases["weight"], errors="coerce").to_numpy(dtype=float)
            bad = cases[~(np.isfinite(w) & (w > 0))]
            if len(bad):
                _fail("cases with a weight that is not a finite number > 0", bad,
                      ["municipality", "case", "weight"], "give weights > 0 or leave the column out")
            if has_frame:
                expected = (cases["N"] / cases["n_h"]).to_numpy(dtype=float)
                off = cases[~np.isclose(w, expected, rtol=1e-9, atol=0)]
                if len(off):
                    _fail("cases whose weight is not N_h / n_h of the frame", off,
                          ["municipality", "case", "weight"], "drop the weights or correct the frame")
        if weights == "none":
            return np.ones(len(cases))
        if given:
            return w
        if not has_frame:
            raise InputError("weights='design' needs a frame (N per stratum) or a weight column")
        return (cases["N"] / cases["n_h"]).to_numpy(dtype=float)

    def plain(self, stratum_count: int) -> bool:
        """Plain Wilson: one stratum, unweighted, no frame."""
        return stratum_count == 1 and not self.weighted and not self.has_frame

    def columns(self, rows: pd.DataFrame) -> dict[str, Any]:
        """The design columns of rows keyed by municipality and case."""
        keyed = self.cases.loc[pd.MultiIndex.from_frame(rows[["municipality", "case"]])]
        return {"stratum": keyed["h"].to_numpy(), "cluster": keyed["m"].to_numpy(),
                "weight": keyed["w"].to_numpy(dtype=float)}


def outcome_codes(outcomes: pd.Series) -> np.ndarray:
    """Outcome texts as the core's codes 0-3."""
    return outcomes.map({o: i for i, o in enumerate(OUTCOMES)}).to_numpy(dtype=np.int64)


def finite(x: float) -> bool:
    return not (isinstance(x, float) and math.isnan(x))
