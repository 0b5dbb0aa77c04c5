"""The municipality report: the 2013 "Jobcenterbenchmark" report, generated for any municipality.

    import jobbench
    data = jobbench.datasets.benchmark2013()
    paths = jobbench.write_report(data, "Varde", "output/varde-2013")       # HTML, PDF and Excel
    paths = jobbench.report.write(results, "Varde", "out", formats=("html",), language="en", threshold=5)
    jobbench.write_tables(results, "Varde", "out/tables")                  # every table as CSV + Excel

Modules: :mod:`.assemble` (text, tables and charts of the report), :mod:`.render` (HTML, PDF,
Excel, CSV), :mod:`.text`, :mod:`.language`, :mod:`.disclosure`, :mod:`.charts`, and
:mod:`.tables` (the benchmark's report tables as CSV and Excel, without the report's text).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

import pandas as pd

from .assemble import ReportData, build_report, target_group_shares
from .disclosure import Disclosure
from .language import LANGUAGES, SUPPRESSED, Lang
from .tables import write_tables

__all__ = ["FORMATS", "LANGUAGES", "SUPPRESSED", "Disclosure", "ReportData", "build", "target_group_shares",
           "write", "write_tables"]

#: output formats: the report as HTML, PDF, an Excel workbook, a Word document; "csv" adds the tables as CSV files
FORMATS = ("html", "pdf", "xlsx", "docx", "csv")


def _results(source: Any) -> Any:
    """BenchmarkResults from results, a Benchmark, a Dataset or a data set name."""
    from ..productivity import Benchmark, BenchmarkResults

    if isinstance(source, BenchmarkResults):
        return source
    if isinstance(source, Benchmark):
        return source.fit()
    if isinstance(source, str):
        from .. import datasets

        return datasets.load(source).benchmark().fit()
    if hasattr(source, "benchmark"):
        return source.benchmark().fit()
    raise TypeError(f"report: expected BenchmarkResults, Benchmark, Dataset or a data set name, "
                    f"got {type(source).__name__}")


def _formats(formats: Union[str, Iterable[str]]) -> list[str]:
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = []
    for f in items:
        f = str(f).strip().lower()
        if f == "excel":
            f = "xlsx"
        if not f:
            continue
        if f not in FORMATS:
            raise ValueError(f"unknown report format '{f}' (choose from: {', '.join(FORMATS)})")
        if f not in out:
            out.append(f)
    if not out:
        raise ValueError(f"no report format given (choose from: {', '.join(FORMATS)})")
    return out


SYNTHETIC_NOTE = (
    "Datasættet har ikke medarbejdernes tidsfordeling: simuleringen bruger en rekonstrueret fordeling, "
    "der gengiver de offentliggjorte årsværk, med en antaget usikkerhed på ±5 % på hovedopgaver og "
    "±20 % på delopgaver. ",
    "The data set has no employee-level time shares: the simulation uses a reconstructed roster that "
    "reproduces the published FTE, with an assumed error of ±5 % on main tasks and ±20 % on sub-tasks. ")


def _dataset(source: Any) -> Any:
    """The data set behind ``source`` when it is one (or a shipped data set's name), else None."""
    if isinstance(source, str):
        from .. import datasets

        return datasets.load(source)
    if hasattr(source, "benchmark") and hasattr(source, "fte") and hasattr(source, "spec"):
        return source
    return None


SYNTHETIC_DATA_NOTE = (
    "Bemærk: alle tal i denne rapport er syntetiske. De er beregnet på et opdigtet registerudtræk "
    "og en opdigtet tidsregistrering og siger intet om kommunernes faktiske forhold.",
    "Note: every figure in this report is synthetic. The figures are computed from an invented "
    "register extract and invented staff time and say nothing about the municipalities' actual "
    "performance.")


def _from_dataset(source: Any, measures: Optional[pd.DataFrame], persons: Optional[pd.DataFrame],
                  lang: Lang) -> tuple[Optional[pd.DataFrame], Optional[pd.DataFrame], str]:
    """Quarterly measures, person counts and the synthetic-data note a data set carries (a
    :class:`~jobbench.datasets.synthetic.SyntheticDataset`), unless given; 2013's has none."""
    dataset = _dataset(source) if not isinstance(source, str) else None
    if dataset is None:
        return measures, persons, ""
    if measures is None:
        measures = getattr(dataset, "measures", None)
    if persons is None:
        persons = getattr(dataset, "persons", None)
    note = lang.t(*SYNTHETIC_DATA_NOTE) if getattr(dataset, "synthetic", False) else ""
    return measures, persons, note


def _uncertainty(source: Any, uncertainty: Any, lang: Lang) -> tuple[Any, str]:
    """The staff-time Monte Carlo for the rank sets and the note that says where it comes from."""
    if isinstance(uncertainty, str):
        if uncertainty != "auto":
            raise ValueError(f"uncertainty: expected 'auto', None or UncertaintyResults, not '{uncertainty}'")
        dataset = _dataset(source)
        if dataset is None:
            return None, ""
        from ..analysis import synthetic_uncertainty

        return synthetic_uncertainty(dataset), lang.t(*SYNTHETIC_NOTE)
    return uncertainty, ""


def build(source: Any, municipality: str, out: Union[str, Path] = ".", language: str = "da",
          threshold: float = 5, persons: Optional[pd.DataFrame] = None, charts: bool = True,
          uncertainty: Any = "auto", significance: bool = True, uncertainty_note: str = "",
          measures: Optional[pd.DataFrame] = None, data_note: str = "",
          framework: Optional[pd.DataFrame] = None, efficiency: bool = True) -> ReportData:
    """Assemble the report (text, tables, charts saved under ``out/charts``) without writing documents.

    ``uncertainty``: a staff-time Monte Carlo (:meth:`jobbench.StaffRoster.simulate`) for the rank
    sets of productivity; ``"auto"`` simulates a reconstructed roster when ``source`` is a data set
    (or its name), and leaves the rank sets out otherwise; None leaves them out. ``significance=False``
    leaves out the funnels, rank sets and their sentences (the 2013 report as published).
    ``uncertainty_note`` says in the notes where a given Monte Carlo comes from. ``measures`` (the
    long frame of :func:`jobbench.register.measures` by quarter, municipality names) adds chapter 5,
    today's indicators by quarter; a synthetic data set brings its own, its person counts and a
    note that its figures are synthetic (``data_note``)."""
    results = _results(source)
    lang = Lang(language)
    measures, persons, note_data = _from_dataset(source, measures, persons, lang)
    data_note = data_note or note_data
    disc = Disclosure(results, threshold=threshold, persons=persons)
    outdir = Path(out)
    unc, note = _uncertainty(source, uncertainty, lang) if significance else (None, "")
    note = note or uncertainty_note
    if framework is None and efficiency:
        framework = getattr(_dataset(source), "framework", None)
    return build_report(results, municipality, outdir, lang, disc, charts=charts, uncertainty=unc,
                        uncertainty_note=note, significance=significance, quarterly=measures,
                        data_note=data_note, framework=framework, efficiency=efficiency)


def write(source: Any, municipality: str, out: Union[str, Path],
           formats: Union[str, Iterable[str]] = ("html", "pdf", "xlsx"), language: str = "da",
           threshold: float = 5, persons: Optional[pd.DataFrame] = None, charts: bool = True,
           progress: Optional[Callable[[str], None]] = None, uncertainty: Any = "auto",
           significance: bool = True, measures: Optional[pd.DataFrame] = None,
           efficiency: bool = True) -> dict[str, Path]:
    """Write the report for ``municipality`` to the folder ``out``.

    Parameters
    ----------
    source : BenchmarkResults, Benchmark, Dataset or str
        What to report on; a string names a shipped data set (``"benchmark2013"``).
    municipality : str
        One of the benchmark's municipalities: its name in any case, or its kommunekode ("573").
    out : path
        Output folder (created). Files: ``report_<municipality>.html|.pdf|.xlsx|.docx``, charts as PNG and SVG in
        ``charts/``, and with ``"csv"`` every table as ``tables/table_<id>.csv`` (unrounded numbers,
        percentages as fractions, "." where withheld).
    formats : "html,pdf,xlsx" or a list
        Any of ``html``, ``pdf``, ``xlsx``, ``docx`` (Word, python-docx), ``csv``.
    language : "da" or "en"
        Danish (default; decimal comma, thousands point) or English.
    threshold : float
        Disclosure control: figures resting on fewer persons than this are printed as "." (0 = off).
    persons : DataFrame, optional
        Real person counts ``municipality, group, persons`` per base target group; without them the
        denominator person-years stand in (see :mod:`jobbench.report.disclosure`).
    charts : bool
        Draw the charts (HTML and PDF embed them; PNG and SVG files in ``charts/``).
    uncertainty : UncertaintyResults, "auto" or None
        The staff-time Monte Carlo behind the rank sets of productivity (see :func:`build`).
    significance : bool
        Funnel plots, rank sets and the sentences that say whether a difference is real.
    measures : DataFrame, optional
        Today's register measures by quarter (the long frame of :func:`jobbench.register.measures`,
        municipality names): chapter 5, the indicators by quarter beside the group mean. A
        synthetic data set (:func:`jobbench.register.today.today_dataset`) brings its own.
    efficiency : bool
        The chapter on efficiency (DEA with bootstrap intervals, peers, the frontier chart) and on
        results against the expectation given the data set's framework conditions (issue 15); left
        out where the benchmark does not support it.
    progress : callable, optional
        Called with the name of each step before it starts ("tables and charts", "HTML", "PDF",
        "Excel", "Word", "CSV"); the command line shows it as a status line.

    Returns
    -------
    dict mapping each format (and ``"charts"``) to the written path.
    """
    fmts = _formats(formats)
    if not threshold >= 0:
        raise ValueError(f"threshold must be 0 (off) or a positive number of persons, not {threshold}")
    step = progress or (lambda name: None)
    results = _results(source)
    municipality = results.municipality_name(municipality)
    measures, persons, data_note = _from_dataset(source, measures, persons, Lang(language))
    framework = getattr(_dataset(source), "framework", None) if efficiency else None
    if isinstance(uncertainty, str) and significance:
        step("staff-time Monte Carlo")
        unc, note = _uncertainty(source, uncertainty, Lang(language))
        uncertainty = unc
    else:
        note = ""
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    from .render import render_html, write_csv, write_excel, write_pdf

    step("tables and charts")
    data = build(results, municipality, outdir, language=language, threshold=threshold, persons=persons,
                 charts=charts and bool({"html", "pdf", "docx"} & set(fmts)), uncertainty=uncertainty,
                 significance=significance, uncertainty_note=note, measures=measures,
                 data_note=data_note, framework=framework, efficiency=efficiency)
    stem = "report_" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in municipality)
    if "html" in fmts or "pdf" in fmts:
        step("HTML")
    html = render_html(data) if ("html" in fmts or "pdf" in fmts) else None
    if "html" in fmts and html is not None:
        path = outdir / f"{stem}.html"
        path.write_text(html, encoding="utf-8")
        written["html"] = path
    if "pdf" in fmts:
        step("PDF")
        written["pdf"] = write_pdf(data, outdir / f"{stem}.pdf", html=html)
    if "xlsx" in fmts:
        step("Excel")
        written["xlsx"] = write_excel(data, outdir / f"{stem}.xlsx")
    if "docx" in fmts:
        step("Word")
        from .word import write_docx

        written["docx"] = write_docx(data, outdir / f"{stem}.docx")
    if "csv" in fmts:
        step("CSV")
        written["csv"] = write_csv(data, outdir / "tables")
    if data.charts:
        written["charts"] = outdir / "charts"
    return written

