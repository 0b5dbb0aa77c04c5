"""The model: :class:`Benchmark` holds the inputs; :meth:`Benchmark.fit` computes in C++."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core
from .._convert import CsvFrame, as_codes, as_float64, escape, read_csv_frame, require_columns
from .._errors import InputError
from ..spec import Spec, SpecLike, load_spec

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


def _read_input(path: PathLike | None, columns: Sequence[str], numeric: Sequence[str],
                **options: str | None) -> CsvFrame | None:
    if path is None:
        return None
    return read_csv_frame(path, required=columns, numeric=numeric, **options)


class Benchmark:
    """A benchmark of municipalities: spec + inputs. Call :meth:`fit` to compute.

    Input frames are checked in C++ when :meth:`fit` runs; errors name "<table> row <i>", the
    0-based position of the row in the frame (``fte row 3``). Frames read by :meth:`from_csv` name
    the file and the line an editor shows instead (``fte.csv line 5``).

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
        Every municipality needs FTE rows (one without would be compared with productivity 0);
        rows of other municipalities in ``person_years`` or ``population`` are errors.
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
        # Where each table's rows came from (file, editor lines), set by from_csv.
        self._sources: dict[str, tuple[str, np.ndarray]] = {}
        if municipalities is None:
            # Empty names are left to the row checks ("missing municipality"), as in C++.
            municipalities = [str(m) for m in pd.unique(fte["municipality"].dropna()) if str(m) != ""]
        self.municipalities: list[str] = [str(m) for m in municipalities]
        if len(set(self.municipalities)) != len(self.municipalities):
            dup = pd.Series(self.municipalities)
            raise InputError(f"municipalities: duplicate name '{escape(dup[dup.duplicated()].iloc[0])}'")

    # -- alternative constructors -------------------------------------------------------------
    @classmethod
    def from_csv(cls, spec: SpecLike, fte: PathLike, person_years: PathLike,
                 population: PathLike | None = None, municipalities: Sequence[str] | None = None,
                 quality: PathLike | None = None, *, sep: str | None = None,
                 decimal: str | None = None, encoding: str | None = None) -> "Benchmark":
        """Read the inputs from CSV files (header rows as in the constructor).

        Files are read by the C++ reader as users have them: UTF-8, UTF-8 with BOM or cp1252
        (Danish Excel on Windows); ``,``, ``;`` or tab as separator, detected from the header;
        with ``;`` a decimal comma (``12,5``; ``1.234,5`` = 1234.5). ``sep`` (``","``, ``";"``,
        ``"tab"``), ``decimal`` (``"."``, ``","``) and ``encoding`` (``"utf-8"``, ``"utf-8-sig"``,
        ``"cp1252"``, ``"latin-1"``) override the detection. Files above ``MAX_CSV_BYTES``
        (256 MiB) are refused. Errors name the file and the line an editor shows (header = 1).
        """
        options = {"sep": sep, "decimal": decimal, "encoding": encoding}
        files = {
            "fte": _read_input(fte, FTE_COLUMNS, ("fte", "fte_external"), **options),
            "person_years": _read_input(person_years, PERSON_YEARS_COLUMNS, ("person_years",), **options),
            "population": _read_input(population, POPULATION_COLUMNS, ("population",), **options),
            "quality": _read_input(quality, QUALITY_COLUMNS, ("value",), **options),
        }

        def frame(name: str) -> pd.DataFrame | None:
            read = files[name]
            return None if read is None else read.frame

        bench = cls(spec, frame("fte"), frame("person_years"), frame("population"), municipalities,
                    frame("quality"))
        bench._sources = {name: (read.path, read.lines) for name, read in files.items() if read is not None}
        return bench

    @classmethod
    def from_folder(cls, folder: PathLike, spec: SpecLike | None = None, *, sep: str | None = None,
                    decimal: str | None = None, encoding: str | None = None) -> "Benchmark":
        """Read a folder as ``jobbench init`` writes it: ``fte.csv`` and ``person_years.csv``, and when
        present ``population.csv``, ``quality.csv`` and ``spec.json`` (used unless ``spec`` is given;
        without either, the shipped ``benchmark2013`` spec). CSV options as in :meth:`from_csv`.
        """
        root = Path(folder)
        if not root.is_dir():
            raise InputError(f"{root}: not a folder (expected fte.csv, person_years.csv, ...; "
                             f"`jobbench init {root}` writes one)")
        missing = [name for name in ("fte.csv", "person_years.csv") if not (root / name).is_file()]
        if missing:
            raise InputError(f"{root}: missing {', '.join(missing)} (`jobbench init` writes the templates)")

        def optional(name: str) -> Path | None:
            return root / name if (root / name).is_file() else None

        if spec is None:
            spec = optional("spec.json") or "benchmark2013"
        return cls.from_csv(spec, root / "fte.csv", root / "person_years.csv", optional("population.csv"),
                            quality=optional("quality.csv"), sep=sep, decimal=decimal, encoding=encoding)

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
                    sheets = ", ".join(escape(name) for name in book.sheet_names)
                    raise InputError(f"{path}: missing sheet '{escape(required)}' (sheets: {sheets})")
            def sheet(name: str) -> pd.DataFrame:
                return pd.read_excel(book, sheet_name=name)

            fte = sheet(fte_sheet)
            py = sheet(person_years_sheet)
            pop = sheet(population_sheet) if population_sheet in names else None
            qual = sheet(quality_sheet) if quality_sheet in names else None
        return cls(spec, fte, py, pop, municipalities, qual)

    # -- conversion ---------------------------------------------------------------------------
    def _data(self) -> Any:
        # Values are checked in C++ (finite, >= 0, keys known), so that messages are the same as
        # for the C++ API; here only what pandas can get wrong (missing keys, text) is caught.
        data = _core.BenchmarkData(self.spec.core, self.municipalities)
        self._set_sources(data)

        fte = self.fte
        m_cats, m_codes = as_codes(fte["municipality"], "fte", "municipality")
        t_cats, t_codes = as_codes(fte["task"], "fte", "task")
        values = as_float64(fte["fte"], "fte", "fte")
        external = None
        if "fte_external" in fte.columns:
            external = as_float64(fte["fte_external"], "fte", "fte_external")
        data.add_fte_columns(m_cats, m_codes, t_cats, t_codes, values, external)

        py = self.person_years
        m_cats, m_codes = as_codes(py["municipality"], "person_years", "municipality")
        g_cats, g_codes = as_codes(py["group"], "person_years", "group")
        values = as_float64(py["person_years"], "person_years", "person_years")
        data.add_person_years_columns(m_cats, m_codes, g_cats, g_codes, values)

        if self.population is not None:
            pop = self.population
            m_cats, m_codes = as_codes(pop["municipality"], "population", "municipality")
            values = as_float64(pop["population"], "population", "population")
            data.set_population_columns(m_cats, m_codes, values)
        return data

    def _set_sources(self, data: Any) -> None:
        """Messages name file lines for tables read from files (unless the frame was replaced)."""
        frames = {"fte": self.fte, "person_years": self.person_years, "population": self.population}
        for name, (path, lines) in self._sources.items():
            frame = frames.get(name)
            if frame is not None and len(frame) == len(lines):
                data.set_source(getattr(_core.InputTable, name), path, [int(x) for x in lines])

    def fit(self) -> "BenchmarkResults":
        """Compute the benchmark (in C++) and return :class:`BenchmarkResults`."""
        from .results import BenchmarkResults

        return BenchmarkResults(_core.compute(self._data()), self.spec, quality=self.quality)

    def __repr__(self) -> str:
        return (f"Benchmark({self.spec.name!r}, municipalities={len(self.municipalities)}, "
                f"fte_rows={len(self.fte)}, person_year_rows={len(self.person_years)})")
