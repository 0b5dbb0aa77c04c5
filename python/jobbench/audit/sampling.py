"""Drawing the cases to audit, and how many to draw (C++ core; docs/audit.md, "The sampler")."""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import pandas as pd

from .. import _core
from .._errors import InputError

__all__ = ["RULES", "allocation", "sample", "sample_size"]

RULES = ("equal", "proportional")


def _text(frame: pd.DataFrame, column: str) -> list[str]:
    return frame[column].astype("string").fillna("").str.strip().tolist()


def sample(frame: pd.DataFrame, n: int, *, rule: str = "equal", seed: Optional[int],
           reserves: int = 0) -> pd.DataFrame:
    """Draw n cases (per municipality, if ``frame`` has a ``municipality`` column) from a case list
    with ``case`` and ``stratum``: stratified simple random sampling without replacement.

    ``rule``: ``"equal"`` (n/H per stratum, the remainder to the largest strata) or
    ``"proportional"`` (n N_h / N by largest remainder, at least 2 per stratum). A stratum smaller
    than its share is taken whole. The draw depends on ``seed``, ``rule``, ``n`` and the set of
    cases, not on their order. Returns the drawn cases (other columns of ``frame`` kept) with
    ``case``, ``stratum``, ``N_h``, ``n_h``, ``pi``, ``weight`` and ``draw`` (order within the
    stratum); ``reserves`` more per stratum follow with ``reserve`` = True, in draw order.
    """
    if seed is None or isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"sample: seed must be an integer >= 0, got {seed!r}; a seed makes the draw "
                         "repeatable")
    if rule not in RULES:
        raise InputError(f"sample: rule must be 'equal' or 'proportional', got {rule!r}")
    missing = [c for c in ("case", "stratum") if c not in frame.columns]
    if missing:
        raise InputError(f"sample: the case list lacks column(s) {', '.join(missing)}")
    groups = _text(frame, "municipality") if "municipality" in frame.columns else []
    _check_list(frame, groups)
    out = _core.audit_sample(groups, _text(frame, "case"), _text(frame, "stratum"), int(n), rule,
                             int(seed), int(reserves))
    rows = frame.iloc[np.asarray(out.pop("row"), dtype=np.int64)].reset_index(drop=True)
    drawn = pd.DataFrame(out)
    for column in ("N_h", "n_h", "draw"):
        drawn[column] = drawn[column].astype(np.int64)
    rows = rows.drop(columns=[c for c in drawn.columns if c in rows.columns])
    result = pd.concat([rows, drawn], axis=1)
    if not reserves:
        result = result.drop(columns="reserve")
    return result


def _check_list(frame: pd.DataFrame, groups: list[str]) -> None:
    """Blank and duplicate cases, with their count and the first keys (the core stops at the first)."""
    keys = pd.DataFrame({"municipality": groups or [""] * len(frame), "case": _text(frame, "case"),
                         "stratum": _text(frame, "stratum")})
    blank = keys[(keys["case"] == "") | (keys["stratum"] == "")]
    dup = keys[(keys["case"] != "") & keys.duplicated(["municipality", "case"], keep=False)]
    for bad, what, hint in ((blank, "rows with an empty case id or stratum", "give every case both"),
                            (dup, "rows with a duplicate case id", "give each case one row")):
        if len(bad):
            shown = "; ".join(f"({m}, {c})" for m, c in bad[["municipality", "case"]].head(5).itertuples(index=False))
            raise InputError(f"case list: {len(bad)} {what} (municipality, case): {shown}; {hint}")


def allocation(sizes: pd.Series, n: int, *, rule: str = "equal") -> pd.Series:
    """n_h per stratum for the stratum sizes N_h (index = stratum names, in tie-breaking order)."""
    names = [str(s) for s in sizes.index]
    got = _core.audit_allocate([int(s) for s in sizes], int(n), rule, names)
    return pd.Series(got, index=sizes.index, name="n_h", dtype=np.int64)


def sample_size(half_width: float, *, p: float = 0.5, population: Optional[float] = None,
                design_effect: float = 1.0, level: float = 0.95) -> int:
    """Cases needed for a 95 % interval of +- ``half_width`` at anticipated share ``p``:
    n = ceil(n0 / (1 + (n0 - 1)/N)), n0 = z^2 p (1 - p) / e^2 * K (``design_effect`` K: 1 for
    proportional allocation; see :func:`design_effect`). ``population`` N None: no correction.
    ``sample_size(0.10)`` = 97, with ``population=63`` 39."""
    N = 0.0 if population is None else float(population)
    if population is not None and not (math.isfinite(N) and N > 0):
        raise InputError(f"sample_size: population must be > 0, got {population!r}")
    return int(_core.audit_sample_size(float(half_width), float(p), N, float(design_effect), float(level)))


def design_effect(sizes: pd.Series, sampled: pd.Series) -> float:
    """K = n sum_h (N_h^2 / n_h) / N^2 of an allocation (1 when proportional)."""
    return float(_core.audit_design_effect([int(x) for x in sizes], [int(x) for x in sampled]))
