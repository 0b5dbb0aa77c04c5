"""Data sets shipped with jobbench.

>>> import jobbench
>>> data = jobbench.datasets.benchmark2013()
>>> results = data.benchmark().fit()
>>> jobbench.municipalities().query("region == 'Region Syddanmark'")   # the 98 municipalities
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Optional

import pandas as pd

from ..spec import Spec, load_spec

if TYPE_CHECKING:
    from ..productivity import Benchmark

__all__ = ["AuditDataset", "Dataset", "audit2022", "available", "benchmark2013", "load", "municipalities",
           "write_templates"]

MEAN_LABEL = "Gns. kommuner"


@dataclass
class Dataset:
    """A benchmark data set: spec, inputs and (for reconstructions) the published figures.

    Attributes
    ----------
    name : str
        Name of the data set (folder name).
    spec : Spec
        The benchmark spec.
    fte, person_years : pandas.DataFrame
        Inputs in the columns of :class:`jobbench.Benchmark`.
    population : pandas.DataFrame or None
        ``municipality, population``.
    municipalities : list[str]
        Display order of the municipalities (the report's column order).
    quality : pandas.DataFrame or None
        Quality indicators, tidy ``table, indicator, municipality, value``.
    published : pandas.DataFrame or None
        The figures as printed in the report (one row per printed cell).
    inconsistencies : pandas.DataFrame or None
        Known inconsistencies of the published report, as documented by the data set.
    framework : pandas.DataFrame or None
        Framework conditions per municipality, indexed by municipality (2013: Bilag I's ranking of
        "rammevilkår" and the forsørgelsestryk, ``framework.csv``; see the data set's README).
    files : dict[str, pandas.DataFrame]
        Every CSV file of the data set by file stem.
    readme : str
        The data set's README (provenance, columns).
    """

    name: str
    spec: Spec
    fte: pd.DataFrame
    person_years: pd.DataFrame
    population: Optional[pd.DataFrame]
    municipalities: list
    quality: Optional[pd.DataFrame] = None
    published: Optional[pd.DataFrame] = None
    inconsistencies: Optional[pd.DataFrame] = None
    framework: Optional[pd.DataFrame] = None
    files: dict = field(default_factory=dict, repr=False)
    readme: str = field(default="", repr=False)

    def benchmark(self) -> "Benchmark":
        """The :class:`jobbench.Benchmark` of this data set (call ``.fit()`` on it)."""
        from ..productivity import Benchmark

        return Benchmark(self.spec, self.fte, self.person_years, population=self.population,
                         municipalities=self.municipalities, quality=self.quality)

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}, municipalities={len(self.municipalities)}, fte_rows={len(self.fte)}, "
                f"person_year_rows={len(self.person_years)}, "
                f"quality_rows={0 if self.quality is None else len(self.quality)})")


def _folder(name: str) -> Any:
    return resources.files(__name__).joinpath(name)


def available() -> list[str]:
    """Names of the shipped data sets."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("fte.csv").is_file())


def _read_csv(res: Any) -> pd.DataFrame:
    with res.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, keep_default_na=True)


def _quality_from_published(published: pd.DataFrame, municipalities: list) -> pd.DataFrame:
    """Quality indicators taken from the published cells (percentages scaled to fractions)."""
    p = published[(published["measure"] == "indicator") & (published["municipality"] != MEAN_LABEL)]
    value = pd.to_numeric(p["value"], errors="coerce")
    if "unit" in p.columns:
        value = value.where(p["unit"] != "percent", value / 100.0)
    q = pd.DataFrame({"table": p["table"].astype(str), "indicator": p["item"].astype(str),
                      "municipality": p["municipality"].astype(str), "value": value})
    q = q[q["municipality"].isin(municipalities)]
    return q.drop_duplicates(["table", "indicator", "municipality"]).reset_index(drop=True)


def load(name: str) -> Dataset:
    """Load a shipped data set by name (see :func:`available`)."""
    folder = _folder(name)
    if not folder.joinpath("fte.csv").is_file():
        from .._errors import InputError

        raise InputError(f"unknown data set '{name}' (available: {', '.join(available()) or 'none'})")
    files = {}
    for res in folder.iterdir():
        if res.name.endswith(".csv"):
            files[res.name[:-4]] = _read_csv(res)
    readme = folder.joinpath("README.md")
    readme_text = readme.read_text(encoding="utf-8") if readme.is_file() else ""

    spec_name = name
    spec = load_spec(spec_name)
    fte = files["fte"]
    person_years = files["person_years"]
    population = files.get("population")
    if "municipalities" in files:
        order = files["municipalities"]
        if "order" in order.columns:
            order = order.sort_values("order", kind="stable")
        municipalities = [str(m) for m in order["municipality"]]
    elif population is not None:
        municipalities = [str(m) for m in population["municipality"]]
    else:
        municipalities = [str(m) for m in pd.unique(fte["municipality"])]
    published = files.get("published")
    quality = files.get("quality")
    if quality is None and published is not None and "measure" in published.columns:
        quality = _quality_from_published(published, municipalities)
    framework = files.get("framework")
    if framework is not None:
        framework = framework.set_index("municipality").reindex(municipalities)
    return Dataset(name=name, spec=spec, fte=fte, person_years=person_years, population=population,
                   municipalities=municipalities, quality=quality, published=published,
                   inconsistencies=files.get("inconsistencies"), framework=framework, files=files,
                   readme=readme_text)


def benchmark2013() -> Dataset:
    """The 2013 Mploy/Kibak Jobcenterbenchmark of 15 municipalities (Varde report), reconstructed.

    See the data set's README (``Dataset.readme``) for the provenance of every file.
    """
    return load("benchmark2013")


def municipalities() -> pd.DataFrame:
    """The 98 Danish municipalities with their official codes and regions.

    Returns
    -------
    DataFrame with one row per municipality, ordered by code: ``code`` (int, the 3-digit
    kommunekode of Danmarks Statistik, e.g. 573 Varde, 851 Aalborg), ``name`` (Danish spelling,
    e.g. "Høje-Taastrup", "Ærø"), ``region_code`` (int, 1081-1085) and ``region`` (e.g.
    "Region Syddanmark"). The table is the shipped ``datasets/municipalities.csv`` (municipal
    reform of 2007; unchanged since). The register panel's ``municipality`` column holds these
    codes; ``dict(zip(t.code, t.name))`` maps them to names.
    """
    with resources.files(__name__).joinpath("municipalities.csv").open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={"code": "int64", "name": str, "region_code": "int64", "region": str},
                            keep_default_na=False)
    return frame


from .templates import write_templates  # noqa: E402 - uses load() above
from .audit_cases import AuditDataset, audit2022  # noqa: E402
