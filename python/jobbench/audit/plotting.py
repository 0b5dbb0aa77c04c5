"""The dot-and-interval chart of a criterion's share per municipality (matplotlib Figure)."""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd

from .._errors import InputError
from ..plotting import interval_plot

__all__ = ["plot_shares"]


def plot_shares(table: pd.DataFrame, criterion: str, *, highlight: Optional[str] = None,
                pooled: Optional[float] = None, title: str = "", level: float = 0.95) -> Any:
    """One interval per municipality (percent), from :func:`jobbench.audit.shares` at municipality
    scope; the dashed line is ``pooled`` (default: the share of all judged cases), ``highlight``
    in red. Municipalities without judged cases are left out."""
    rows = table[(table["criterion"] == criterion) & (table["n"] > 0)]
    if rows.empty or "municipality" not in rows.columns:
        raise InputError(f"plot_shares: no municipality shares of '{criterion}' in the table")
    mean = pooled if pooled is not None else rows["met"].sum() / rows["n"].sum()
    return interval_plot(list(rows["municipality"]), 100 * rows["share"].to_numpy(),
                         100 * rows["lower"].to_numpy(), 100 * rows["upper"].to_numpy(),
                         mean=100 * float(mean), highlight=highlight, title=title or criterion,
                         xlabel="Andel Ja (%)", mean_label="Alle",
                         level_label=f"{100 * level:.0f} %-interval")


