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

from .. import _core
from .._errors import InputError
from .catalogue import CatalogueLike, load_catalogue

__all__ = ["AuditWarning", "CASE_COLUMNS", "KEY", "OUTCOMES", "Design", "check_cases", "design",
           "from_wide"]

OUTCOMES = ("met", "not_met", "not_relevant", "unknown")
KEY = ["municipality", "case", "criterion"]
CASE_COLUMNS = ["municipality", "case", "target_group", "stratum", "criterion", "outcome"]
STRATUM = ["municipality", "target_group", "stratum"]


class AuditWarning(UserWarning):
    """An audit estimate with a caveat (a stratum of one case adds no variance)."""


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
    """The cases, checked (in C++, ``jobbench/audit/cases.hpp``): known outcome codes, no
    duplicates, every case judged on every criterion (the catalogue's, or all criteria present),
    case-level columns constant within a case, filters met where a criterion is judged, and keys
    inside the frame. Returns the cases with their keys as trimmed text."""
    missing = [c for c in CASE_COLUMNS if c not in cases.columns]
    if missing:
        raise InputError(f"cases: missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(CASE_COLUMNS)} (+ weight, domains)")
    df = cases.copy()
    for column in CASE_COLUMNS:
        df[column] = df[column].astype("string").fillna("").str.strip().astype(object)
    cat = None if catalogue is None else load_catalogue(catalogue)
    keys = {name: df[column].tolist() for name, column in
            [("municipality", "municipality"), ("case", "case"), ("target_group", "target_group"),
             ("stratum", "stratum"), ("criterion", "criterion"), ("outcome", "outcome")]}
    case_level = [(column, [str(v) for v in df[column]]) for column in _case_level(df)]
    _core.audit_check_cases(**keys, case_level=case_level,
                            criteria=None if cat is None else cat["criterion"].tolist(),
                            filters=None if cat is None else cat["filter"].tolist())
    if frame is not None:
        _check_frame_keys(df, check_frame(frame))
    return df


def _check_frame_keys(df: pd.DataFrame, fr: pd.DataFrame) -> None:
    """Every stratum of the cases in the frame, with at most N sampled cases (in C++)."""
    _core.audit_check_frame_keys(df["municipality"].tolist(), df["case"].tolist(),
                                 df["target_group"].tolist(), df["stratum"].tolist(),
                                 fr["municipality"].tolist(), fr["target_group"].tolist(),
                                 fr["stratum"].tolist(), fr["N"].tolist())


def _case_level(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in ("municipality", "case", "criterion", "outcome")]


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame, checked (in C++): columns, one row per stratum, N a positive integer."""
    missing = [c for c in STRATUM + ["N"] if c not in frame.columns]
    if missing:
        raise InputError(f"frame: missing column(s) {', '.join(missing)}; expected municipality, "
                         "target_group, stratum, N")
    fr = frame[STRATUM + ["N"]].copy()
    for column in STRATUM:
        fr[column] = fr[column].astype("string").fillna("").str.strip().astype(object)
    numbers = pd.to_numeric(fr["N"], errors="coerce").astype(np.float64)
    fr["N"] = _core.audit_check_frame(fr["municipality"].tolist(), fr["target_group"].tolist(),
                                      fr["stratum"].tolist(), numbers.tolist(),
                                      [str(v) for v in fr["N"]])
    fr["N"] = fr["N"].astype(np.int64)
    return fr



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
            expected = (cases["N"] / cases["n_h"]).to_numpy(dtype=float).tolist() if has_frame else None
            _core.audit_check_weights(cases["municipality"].tolist(), cases["case"].tolist(), w.tolist(),
                                      [str(v) for v in cases["weight"]], expected)
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
