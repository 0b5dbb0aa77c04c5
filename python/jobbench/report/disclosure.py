"""Disclosure control: figures resting on fewer persons than a threshold are printed as ".".

Rule (documented in docs/report.md):

* A productivity figure (and its "heraf puljer og løntilskud" part) of an item rests on the persons of the
  item's divisor target group; a forsørgelsestryk figure on the persons of its group.
* When real person counts are supplied (``persons``: ``municipality, group, persons`` for base target
  groups; a composite group counts the sum of its components), a figure is suppressed when that count is
  below the threshold.
* Otherwise the person-years (årspersoner) of the divisor group stand in for the count: a figure is
  suppressed when its denominator person-years are below the threshold. A person-year is at most one
  person, so fewer than ``threshold`` person-years can be fewer than ``threshold`` persons, never the
  other way round: the rule withholds at least what a person count would.
* "Gns. kommuner" (a mean over all municipalities), FTE, shares of FTE, population and quality indicators
  (no person counts known) are never suppressed. ``threshold <= 0`` switches the control off.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from .._errors import InputError

__all__ = ["Disclosure"]


class Disclosure:
    """Which figures of a :class:`~jobbench.BenchmarkResults` are withheld."""

    def __init__(self, results: Any, threshold: float = 5, persons: Optional[pd.DataFrame] = None) -> None:
        self.results = results
        self.threshold = float(threshold)
        self.persons = None if persons is None else self._group_counts(persons)
        self.basis = "persons" if persons is not None else "person_years"
        self._item_mask = self._compute_item_mask()

    # -- person counts per group --------------------------------------------------------------------
    def _group_counts(self, persons: pd.DataFrame) -> pd.DataFrame:
        """groups × municipalities matrix of person counts, composites summed from their components."""
        for col in ("municipality", "group", "persons"):
            if col not in persons.columns:
                raise InputError(f"persons: missing required column '{col}' "
                                 f"(columns present: {', '.join(map(str, persons.columns))})")
        munis = self.results.municipalities
        groups = {str(g["code"]): [str(c) for c in g.get("components", []) or []]
                  for g in self.results.spec.data.get("target_groups", [])}
        base = pd.DataFrame(np.nan, index=[g for g, comp in groups.items() if not comp], columns=munis)
        values = pd.to_numeric(persons["persons"], errors="coerce")
        for i, (m, g, v) in enumerate(zip(persons["municipality"].astype(str), persons["group"].astype(str),
                                          values)):
            if m not in munis:
                raise InputError(f"persons row {i} ({m}, {g}): unknown municipality")
            if g not in base.index:
                raise InputError(f"persons row {i} ({m}, {g}): not a base target group of the spec")
            if not np.isfinite(v) or v < 0:
                raise InputError(f"persons row {i} ({m}, {g}): persons must be finite and >= 0")
            base.at[g, m] = float(v)
        out: dict[str, pd.Series] = {}

        def count(g: str, seen: tuple[str, ...] = ()) -> pd.Series:
            if g in out:
                return out[g]
            comp = groups.get(g, [])
            if not comp:
                s = base.loc[g] if g in base.index else pd.Series(np.nan, index=munis)
            else:
                s = sum((count(c, seen + (g,)) for c in comp), pd.Series(0.0, index=munis))
            out[g] = s
            return s

        for g in groups:
            count(g)
        return pd.DataFrame(out).T

    def _group_basis(self, group: str) -> np.ndarray:
        """Counts (or person-years) of a target group per municipality; NaN where unknown."""
        if self.persons is not None:
            if group in self.persons.index:
                return self.persons.loc[group].to_numpy(dtype=np.float64)
            return np.full(len(self.results.municipalities), np.nan)
        return np.asarray(self.results._group_person_years(group), dtype=np.float64)

    def _compute_item_mask(self) -> pd.DataFrame:
        r = self.results
        if self.threshold <= 0:
            return pd.DataFrame(False, index=r.items.index, columns=r.municipalities)
        if self.persons is None:
            basis = r.matrix("person_years").to_numpy()
        else:
            basis = np.vstack([self._group_basis(str(d)) for d in r.items["divisor"]])
        with np.errstate(invalid="ignore"):
            mask = basis < self.threshold  # NaN (unknown) -> not suppressed
        return pd.DataFrame(mask, index=r.items.index, columns=r.municipalities)

    # -- queries -------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.threshold > 0

    def item(self, item: str, municipality: str) -> bool:
        """Is the productivity of ``item`` for ``municipality`` withheld?"""
        if item not in self._item_mask.index:
            return False
        return bool(self._item_mask.at[item, municipality])

    def row_mask(self, row: dict[str, Any]) -> np.ndarray:
        """Per municipality: is this table row's figure withheld?"""
        r = self.results
        n = len(r.municipalities)
        if not self.active or "indicator" in row:
            return np.zeros(n, dtype=bool)
        measure = str(row.get("measure", "productivity" if "item" in row else ""))
        if measure in ("productivity", "productivity_external") and "item" in row:
            item = str(row["item"])
            if item in self._item_mask.index:
                return self._item_mask.loc[item].to_numpy(dtype=bool)
        if measure == "forsoergelsestryk":
            group = str(row.get("group", ""))
            if not group and "item" in row:
                group = str(r.items.at[str(row["item"]), "divisor"])
            with np.errstate(invalid="ignore"):
                return self._group_basis(group) < self.threshold
        return np.zeros(n, dtype=bool)

    def count(self) -> int:
        """Number of item × municipality productivity figures withheld."""
        return int(self._item_mask.to_numpy().sum())

    def describe(self, lang_da: bool = True) -> str:
        """One sentence stating the rule as applied."""
        t = f"{self.threshold:g}"
        if not self.active:
            return ("Diskretionering er slået fra." if lang_da else "Disclosure control is switched off.")
        if self.basis == "persons":
            return (f"Tal, der bygger på færre end {t} personer, vises som \".\"." if lang_da else
                    f"Figures based on fewer than {t} persons are shown as \".\".")
        return (f"Personantal er ikke kendt; tal, hvis nævner er under {t} årspersoner (og dermed kan bygge "
                f"på færre end {t} personer), vises som \".\"." if lang_da else
                f"Person counts are not known; figures whose denominator is below {t} person-years (and so may "
                f"rest on fewer than {t} persons) are shown as \".\".")
