"""The model: :class:`Benchmark` holds the inputs; :meth:`Benchmark.fit` computes in C++."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._convert import as_codes, as_float64, check_finite, require_columns
from ._errors import InputError
from .spec import Spec, SpecLike, load_spec

if TYPE_CHECKING:
    from .results import BenchmarkResults

__all__ = ["Benchmark"]

PathLike = Union[str, "os.PathLike[str]"]
PopulationLike = Union[pd.DataFrame, pd.Series, Mapping[str, float], None]

FTE_COLUMNS = ("municipality", "task", "fte")
PERSON_YEARS_COLUMNS = ("municipality", "group", "person_years")
POPULATION_COLUMNS = ("municipality", "population")
QUALITY_COLUMNS = ("table", "indicator", "municipality", "value")


def _population_frame(population: PopulationLike) -> pd.DataFrame | None:
    if population is None:
        return None
    if isinstance(population, pd.DataFrame):
        return population
    if isinstance(population, pd.Series):
        s = population
        return pd.DataFrame({"municipality": s.index.astype(str), "population": s.to_numpy()})
    if isinstance(population, Mapping):
        return pd.DataFrame({"municipality": list(population.keys()),
                             "population": list(population.values())})
    raise InputError(f"population: expected a DataFrame, Series or dict, got {type(population).__name__}")


class Benchmark:
    """A benchmark of municipalities: spec + inputs. Call :meth:`fit` to compute.

    Parameters
    ----------
    spec
        A :class:`Spec`, the name of a shipped spec, a path to a JSON spec or a dict.
    fte
        Columns ``municipality, task, fte`` and optionally ``fte_external``: each row states a task's
        total FTE (årsværk), sub-tasks included.
    person_years
        Columns ``municipality, group, person_years``: person-years (årspersoner) per base target group.
    population
        Optional population 18–64: a frame ``municipality, population``, a Series indexed by
        municipality, or a dict.
    municipalities
        Order of the municipalities in the results; default: order of first appearance in ``fte``.
    quality
        Optional quality indicators, tidy columns ``table, indicator, municipality, value``; they fill the
        indicator rows of :meth:`BenchmarkResults.table`.
    """

    def __init__(self, spec: SpecLike, fte: pd.DataFrame, person_years: pd.DataFrame,
                 population: PopulationLike = None, municipalities: Sequence[str] | None = None,
                 quality: pd.DataFrame | None = None) -> None:
        self.spec: Spec = load_spec(spec)
        require_columns(fte, FTE_COLUMNS, "fte")
        require_columns(person_years, PERSON_YEARS_COLUMNS, "person_years")
        pop = _population_frame(population)
        if pop is not None:
            require_columns(pop, POPULATION_COLUMNS, "population")
        if quality is not None:
            require_columns(quality, QUALITY_COLUMNS, "quality")
        self.fte = fte
        self.person_years = person_years
        self.population = pop
        self.quality = quality
        if municipalities is None:
            municipalities = [str(m) for m in pd.unique(fte["municipality"].dropna())]
        self.municipalities: list[str] = [str(m) for m in municipalities]
        if len(set(self.municipalities)) != len(self.municipalities):
            dup = pd.Series(self.municipalities)
            raise InputError(f"municipalities: duplicate name '{dup[dup.duplicated()].iloc[0]}'")
        if not self.municipalities:
            raise InputError("municipalities: no municipality given and none found in fte")

    # -- alternative constructors -------------------------------------------------------------
    @classmethod
    def from_csv(cls, spec: SpecLike, fte: PathLike, person_years: PathLike,
                 population: PathLike | None = None, municipalities: Sequence[str] | None = None,
                 quality: PathLike | None = None, **read_csv_kwargs: Any) -> "Benchmark":
        """Read the inputs from CSV files (header rows as in the constructor)."""
        def read(path: PathLike | None) -> pd.DataFrame | None:
            if path is None:
                return None
            return pd.read_csv(path, **read_csv_kwargs)

        return cls(spec, read(fte), read(person_years), read(population), municipalities, read(quality))

    @classmethod
    def from_excel(cls, spec: SpecLike, path: PathLike, fte_sheet: str = "fte",
                   person_years_sheet: str = "person_years", population_sheet: str | None = "population",
                   quality_sheet: str | None = "quality",
                   municipalities: Sequence[str] | None = None) -> "Benchmark":
        """Read the inputs from the sheets of one Excel workbook (openpyxl).

        Sheets ``population`` and ``quality`` are optional: missing ones are skipped.
        """
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = set(book.sheet_names)
            for required in (fte_sheet, person_years_sheet):
                if required not in names:
                    raise InputError(f"{path}: missing sheet '{required}' (sheets: {', '.join(book.sheet_names)})")
            def sheet(name: str) -> pd.DataFrame:
                return pd.read_excel(book, sheet_name=name)

            fte = sheet(fte_sheet)
            py = sheet(person_years_sheet)
            pop = sheet(population_sheet) if population_sheet in names else None
            qual = sheet(quality_sheet) if quality_sheet in names else None
        return cls(spec, fte, py, pop, municipalities, qual)

    # -- conversion ---------------------------------------------------------------------------
    def _data(self) -> Any:
        data = _core.BenchmarkData(self.spec.core, self.municipalities)

        fte = self.fte
        m_cats, m_codes = as_codes(fte["municipality"], "fte", "municipality")
        t_cats, t_codes = as_codes(fte["task"], "fte", "task")
        values = as_float64(fte["fte"], "fte", "fte")
        check_finite(values, "fte", "fte", (fte["municipality"], fte["task"]))
        external = None
        if "fte_external" in fte.columns:
            external = as_float64(fte["fte_external"], "fte", "fte_external")
            check_finite(external, "fte", "fte_external", (fte["municipality"], fte["task"]))
        data.add_fte_columns(m_cats, m_codes, t_cats, t_codes, values, external)

        py = self.person_years
        m_cats, m_codes = as_codes(py["municipality"], "person_years", "municipality")
        g_cats, g_codes = as_codes(py["group"], "person_years", "group")
        values = as_float64(py["person_years"], "person_years", "person_years")
        check_finite(values, "person_years", "person_years", (py["municipality"], py["group"]))
        data.add_person_years_columns(m_cats, m_codes, g_cats, g_codes, values)

        if self.population is not None:
            pop = self.population
            m_cats, m_codes = as_codes(pop["municipality"], "population", "municipality")
            values = as_float64(pop["population"], "population", "population")
            check_finite(values, "population", "population", (pop["municipality"],))
            data.set_population_columns(m_cats, m_codes, values)
        return data

    def fit(self) -> "BenchmarkResults":
        """Compute the benchmark (in C++) and return :class:`BenchmarkResults`."""
        from .results import BenchmarkResults

        return BenchmarkResults(_core.compute(self._data()), self.spec, quality=self.quality)

    def __repr__(self) -> str:
        return (f"Benchmark({self.spec.name!r}, municipalities={len(self.municipalities)}, "
                f"fte_rows={len(self.fte)}, person_year_rows={len(self.person_years)})")
