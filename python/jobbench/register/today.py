"""A synthetic benchmark data set in today's target groups (spec ``jobindsats2019``).

Everything in it is invented. :func:`today_dataset` draws the synthetic national person-week panel
(:func:`synthetic_national_panel`, seeded), computes the register measures of the benchmark year and
of its quarters and the year before's (:func:`measures`), takes the person-years, person counts and
quality indicators of the year from them (:mod:`.frames`) and adds seeded FTE and population
(:mod:`jobbench.datasets.synthetic`)::

    from jobbench.register.today import today_dataset
    data = today_dataset(seed=1)                 # the 15 municipalities of 2013, year 2021
    results = data.benchmark().fit()
    jobbench.write_report(data, "Varde", "out")  # with the quarterly quality section

The data set lives here, not in :mod:`jobbench.datasets`, because it needs the register engine and
the layers run ``register -> datasets`` (``pyproject.toml``, docs/architecture.md).
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional, Sequence, Union

import pandas as pd

from .._errors import InputError
from ..datasets import load as _load_dataset
from ..datasets import municipalities as _all_municipalities
from ..datasets.synthetic import SyntheticDataset, synthetic_dataset
from .extended import measures as _measures
from .frames import person_years_from_measures, persons_from_measures, quality_from_measures
from .synthetic_national import synthetic_national_panel

__all__ = ["DEFAULT_PERSONS", "today_dataset", "today_periods", "year_weeks", "quarter_weeks"]

#: Persons drawn by default: the benchmark, the report and the tests take a few seconds.
DEFAULT_PERSONS = 40_000
SPEC = "jobindsats2019"


def year_weeks(year: int) -> tuple[int, int]:
    """The ISO weeks of ``year`` as ``(YYYY01, YYYY52|53)``."""
    last = _dt.date(year, 12, 28).isocalendar()[1]
    return year * 100 + 1, year * 100 + last


def quarter_weeks(year: int, quarter: int) -> tuple[int, int]:
    """The ISO weeks whose Thursday lies in the quarter: ``(first, last)``; 2021Q3 is
    202126-202139."""
    if quarter not in (1, 2, 3, 4):
        raise InputError(f"quarter must be 1-4, not {quarter!r}")
    first, last = year_weeks(year)
    weeks = [w for w in range(first, last + 1)
             if (_dt.date.fromisocalendar(year, w % 100, 4).month - 1) // 3 + 1 == quarter]
    return weeks[0], weeks[-1]


def today_periods(year: int, quarters: int = 8) -> list[tuple[int, int]]:
    """The benchmark year, then its last ``quarters`` quarters in time order (8: and the year
    before)."""
    out = []
    for k in range(quarters - 1, -1, -1):
        index = year * 4 + 3 - k  # quarters counted from year 0
        out.append(quarter_weeks(index // 4, index % 4 + 1))
    return [year_weeks(year), *out]


def _choose(names: dict[int, str], municipalities: Union[str, Sequence[str]]) -> list[str]:
    """The data set's municipalities: "benchmark2013" (its 15, in its order), "all" or names."""
    if isinstance(municipalities, str) and municipalities == "benchmark2013":
        order = _load_dataset("benchmark2013").files["municipalities"].sort_values("order")
        return [names[int(k)] for k in order["kommune_nr"]]
    if isinstance(municipalities, str) and municipalities == "all":
        return list(names.values())
    chosen = [str(m) for m in municipalities]
    unknown = [m for m in chosen if m not in names.values()]
    if unknown:
        raise InputError(f"today_dataset: unknown municipalities {unknown[:5]} ({len(unknown)})")
    return chosen


def _readme(persons: int, seed: int, year: int, first_year: int, last_year: int) -> str:
    return (f"# Synthetic data set `today` (spec jobindsats2019)\n\n"
            f"**Synthetic: every number is invented.** Person-years, person counts and quality "
            f"indicators come from the synthetic national panel ({persons} persons, seed {seed}, "
            f"{first_year}-{last_year}), FTE and population from the seeded model of "
            f"jobbench.datasets.synthetic. Benchmark period: {year}.\n")


def today_dataset(persons: int = DEFAULT_PERSONS, *, seed: int = 2019, year: int = 2021,
                  quarters: int = 8,
                  municipalities: Union[str, Sequence[str]] = "benchmark2013",
                  panel: Optional[pd.DataFrame] = None) -> SyntheticDataset:
    """A synthetic benchmark data set on the ``jobindsats2019`` spec (deterministic by seed).

    Parameters
    ----------
    persons : int
        Persons of the synthetic national panel (98 municipalities, ``year - 2`` to ``year + 1``).
    seed : int
        Seeds the panel, the FTE and the population.
    year : int
        The benchmark period (person-years, FTE, quality tables, disclosure counts).
    quarters : int
        Quarters of the quarterly quality section, ending with the year's fourth (8: the year
        before too, so each quarter has the same quarter a year earlier).
    municipalities : "benchmark2013", "all" or names
        The benchmark's municipalities: the 15 of the 2013 benchmark (default), all 98 or a list.
    panel : DataFrame, optional
        A panel to use instead of drawing one (``persons`` and ``seed`` then only label it).

    Returns
    -------
    :class:`jobbench.datasets.synthetic.SyntheticDataset` (``.benchmark().fit()``, ``.measures``).
    """
    first_year, last_year = year - 2, year + 1
    if panel is None:
        panel = synthetic_national_panel(persons, first_year=first_year, last_year=last_year,
                                         seed=seed)
    periods = today_periods(year, quarters)
    frame = _measures(panel, periods, spec=SPEC)
    names = {int(c): str(n) for c, n in zip(_all_municipalities()["code"],
                                              _all_municipalities()["name"])}
    chosen = _choose(names, municipalities)
    label = str(frame.loc[(frame["first"] == periods[0][0]) & (frame["last"] == periods[0][1]),
                          "period"].iloc[0])
    quarterly = frame[frame["period"] != label].assign(
        municipality=lambda f: f["municipality"].map(lambda m: names.get(int(m), str(m))))
    quarterly = quarterly[quarterly["municipality"].isin(chosen)].reset_index(drop=True)
    provenance = {"persons": persons, "seed": seed, "year": year, "first_year": first_year,
                  "last_year": last_year, "periods": periods, "spec": SPEC,
                  "model": "jobbench.datasets.synthetic"}
    return synthetic_dataset(
        "today", SPEC, person_years_from_measures(frame, label, SPEC, names), chosen, seed,
        quality=_only(quality_from_measures(frame, label, SPEC, names), chosen),
        measures=quarterly, persons=_only(persons_from_measures(frame, label, SPEC, names), chosen),
        period=label, provenance=provenance,
        readme=_readme(persons, seed, year, first_year, last_year))


def _only(frame: pd.DataFrame, municipalities: list[str]) -> pd.DataFrame:
    return frame[frame["municipality"].isin(municipalities)].reset_index(drop=True)
