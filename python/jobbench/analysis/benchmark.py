"""The analysis methods applied to a fitted benchmark: funnels of its quality indicators and rank
confidence sets of its productivity.

    results = jobbench.datasets.benchmark2013().benchmark().fit()
    funnels = analysis.quality_funnels(results, "4.2")          # {indicator code: QualityFunnel}
    funnels["q.adp.aktgrad"].fit.to_frame()
    unc = roster.simulate(person_years, population, seed=1)      # staff-time Monte Carlo
    analysis.productivity_rank_sets(unc, "adp", seed=1)          # lower, rank, upper per municipality

The 2013 data set publishes each quality indicator as a percentage or a rate per municipality, with
no microdata. The denominator is then the person-years of the table's target group (the published
figure times the person-years is the numerator): an approximation that the report states in its
notes. With register data, use the counts behind each indicator instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .funnel import funnel
from .ranks import rank_sets

__all__ = ["EVENTS_PER_PERSON_YEAR", "QualityFunnel", "productivity_rank_sets", "quality_basis",
           "quality_funnels", "synthetic_uncertainty"]

#: A rate indicator's events per person-year for one unit of its published figure, by the last part
#: of the indicator code. Samtaleintensitet counts conversations per 13 full-time benefit weeks
#: (52 / 13 = 4 per person-year); tilbuds- and virksomhedsrettet tilbudsintensitet count new offers
#: per full-year recipient (1).
EVENTS_PER_PERSON_YEAR = {"samtale": 4.0, "tilbud": 1.0, "virktilbud": 1.0}


@dataclass
class QualityFunnel:
    """One quality indicator's funnel: its code, label, whether it is a share, and the fit."""

    code: str
    label: str
    share: bool
    fit: Any
    scale: float = 1.0  # events per person-year for one unit of a rate indicator


def _table_item(results: Any, table_id: str) -> str:
    rows = results._tables()[table_id].get("rows", [])
    if not rows or "item" not in rows[0]:
        raise KeyError(f"table {table_id} has no productivity row (no target group to count on)")
    return str(rows[0]["item"])


def quality_basis(results: Any, table_id: str) -> pd.DataFrame:
    """The quality indicators of table ``table_id``, one row per indicator × municipality: ``code``,
    ``label``, ``share`` (a percentage indicator), ``value`` (as published), ``person_years`` (of the
    table's target group), ``events`` (value × person-years × ``scale``) and ``scale`` (a rate's
    periods per person-year, :data:`EVENTS_PER_PERSON_YEAR`; 1 for a share). Municipalities without a value or without person-years are left out here and listed by
    :func:`quality_funnels` through the funnel's exclusions."""
    item = _table_item(results, table_id)
    table = results.table(table_id)
    rows = results._tables()[table_id].get("rows", [])
    py = results.matrix("person_years").loc[item]
    out = []
    for k, row in enumerate(rows):
        if "indicator" not in row:
            continue
        code = str(row["indicator"])
        share = str(table.attrs["format"][k]) == "percent"
        scale = 1.0 if share else EVENTS_PER_PERSON_YEAR.get(code.rsplit(".", 1)[-1], 1.0)
        for m in results.municipalities:
            value = float(table.at[code, m])
            out.append({"code": code, "label": str(table.at[code, "label"]), "share": share,
                        "municipality": m, "value": value, "person_years": float(py[m]),
                        "events": value * scale * float(py[m]), "scale": scale})
    return pd.DataFrame(out, columns=["code", "label", "share", "municipality", "value",
                                      "person_years", "events", "scale"])


def quality_funnels(results: Any, table_id: str, *, overdispersion: Optional[str] = "additive",
                    trim: float = 0.1) -> dict[str, QualityFunnel]:
    """A funnel per quality indicator of ``table_id``: shares with the arcsine ("PR") method on
    the person-years, rates on the square-root scale with the person-years × ``scale`` as exposure
    (the funnel's values are then the published figures)."""
    basis = quality_basis(results, table_id)
    out: dict[str, QualityFunnel] = {}
    for code, part in basis.groupby("code", sort=False):
        part = part[np.isfinite(part["value"].to_numpy(dtype=float))]
        if len(part) == 0:
            continue
        share = bool(part["share"].iloc[0])
        index = pd.Index(part["municipality"], name="municipality")
        events = pd.Series(part["events"].to_numpy(dtype=float), index=index)
        # A rate's exposure is in the periods of its published unit (13 weeks for SI), so that the
        # funnel shows the figure as published; for a share it is the person-years.
        exposure = pd.Series((part["person_years"] * part["scale"]).to_numpy(dtype=float),
                             index=index)
        # With fewer than 3 municipalities there is no over-dispersion estimate: none is asked for
        # (the fit's .overdispersion is then None and its summary says so).
        fit = funnel(events, exposure, overdispersion=overdispersion if len(part) >= 3 else None,
                     trim=trim,
                     **({} if share else {"kind": "rate"}))
        out[str(code)] = QualityFunnel(code=str(code), label=str(part["label"].iloc[0]), share=share,
                                       fit=fit, scale=float(part["scale"].iloc[0]))
    return out


def productivity_rank_sets(uncertainty: Any, item: Optional[str] = None, *, level: float = 0.95,
                           simultaneous: bool = False, draws: int = 1000,
                           seed: Optional[int] = None,
                           names: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """Rank confidence sets of productivity for ``item`` (default: the root) from a staff-time Monte
    Carlo (:meth:`jobbench.StaffRoster.simulate`): the unperturbed productivity as the estimate and
    the draws' covariance as its uncertainty. Rank 1 is the highest productivity (fewest FTE per
    1,000 person-years), as in the benchmark's tables. Columns ``productivity``, ``se``, ``lower``,
    ``rank``, ``upper``; ``names`` restricts the municipalities (e.g. to those whose figure is
    shown); municipalities without a productivity (no person-years) are left out."""
    point = uncertainty.point(item)
    cov = uncertainty.covariance(item)
    keep = np.isfinite(point.to_numpy(dtype=float))
    if names is not None:
        keep &= point.index.isin(list(names))
    names = list(point.index[keep])
    point, cov = point.loc[names], cov.loc[names, names]
    sets = rank_sets(-point, cov=cov, level=level, simultaneous=simultaneous, draws=draws, seed=seed)
    frame = pd.DataFrame({"productivity": point,
                          "se": np.sqrt(np.clip(np.diag(cov.to_numpy()), 0.0, None))}, index=point.index)
    return frame.join(sets)


def synthetic_uncertainty(dataset: Any = None, *, draws: int = 1000, seed: int = 2013,
                          relative_sd: Sequence[float] = (0.05, 0.20), level: float = 0.95) -> Any:
    """The staff-time Monte Carlo of a data set without employee-level time shares.

    The 2013 data set publishes FTE per task, not the employees' time shares. This reconstructs a
    roster whose FTE reproduces the data set's (:func:`jobbench.synthetic_roster`, seeded) and
    perturbs its shares with ``relative_sd`` (±5 % on main tasks, ±20 % on sub-tasks by default).
    The result shows how far the ranks move under that assumed error of the time estimates; with
    real workbooks use :meth:`jobbench.StaffRoster.simulate` on the roster read from them."""
    from ..staff import StaffRoster, synthetic_roster

    if dataset is None:
        from ..datasets import benchmark2013

        dataset = benchmark2013()
    employees, shares = synthetic_roster(dataset, seed=seed)
    roster = StaffRoster(dataset.spec, employees, shares)
    return roster.simulate(dataset.person_years, dataset.population, relative_sd=tuple(relative_sd),
                           draws=draws, seed=seed, level=level,
                           municipalities=list(dataset.municipalities))
