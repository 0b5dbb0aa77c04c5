"""``jobbench report``: the municipality report on the command line."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from .app import _console, _guard, _info, _progress, app
from .benchmark import (_DATA_OPTION, _DECIMAL_OPTION, _ENCODING_OPTION, _FTE_OPTION, _PERSON_YEARS_OPTION, _POPULATION_OPTION,
                        _QUALITY_OPTION, _SEP_OPTION, _SPEC_OPTION, _load_results)

_REPORT_HELP = """Write the municipality report (the 2013 "Jobcenterbenchmark" report) as HTML, PDF and Excel.

Structure as in 2013: introduction and method, conclusion, resource use (table 3.1, figure 2),
productivity and quality overall and per area (tables 4.1-4.12, the municipality's column
highlighted, generated text, "Kilder til produktiviteten", charts), Bilag I and Bilag II.

\b
Examples:
  jobbench report -m Varde --out output/varde-2013
  jobbench report -m Varde --out out --format pdf --language en
  jobbench report -m Varde --data mydata --out out        (a folder from `jobbench init`)
  jobbench report -m Aby --fte fte.csv --person-years py.csv --population pop.csv --spec my.json --out out
"""


@app.command(help=_REPORT_HELP)
@_guard
def report(
    municipality: str = typer.Option(..., "--municipality", "-m",
                                     help="Municipality to report on: name (any case) or kommunekode, "
                                          "e.g. Varde or 573 (one of the data set's)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder, e.g. output/varde-2013 (created)."),
    data: Optional[str] = _DATA_OPTION,
    formats: str = typer.Option("html,pdf,xlsx", "--format", "-f",
                                help="Comma-separated outputs: html, pdf, xlsx, docx (Word), csv (tables as CSV). "
                                     "Example: --format html,xlsx"),
    language: str = typer.Option("da", "--language", "-l",
                                 help="Report language: da (Danish, decimal comma) or en (English)."),
    threshold: float = typer.Option(5, "--threshold", min=0,
                                    help="Disclosure control: figures resting on fewer persons than this are "
                                         "printed as '.' (0 = off). Without --persons the denominator "
                                         "person-years stand in for persons."),
    persons: Optional[Path] = typer.Option(None, "--persons",
                                           help="Optional CSV of real person counts "
                                                "(municipality,group,persons) for disclosure control."),
    charts: bool = typer.Option(True, "--charts/--no-charts", help="Draw the charts (PNG+SVG, embedded)."),
    spec: Optional[str] = _SPEC_OPTION,
    fte: Optional[Path] = _FTE_OPTION,
    person_years: Optional[Path] = _PERSON_YEARS_OPTION,
    population: Optional[Path] = _POPULATION_OPTION,
    quality: Optional[Path] = _QUALITY_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
    significance: bool = typer.Option(True, "--significance/--no-significance",
                                      help="Funnel plots, rank confidence sets and the sentences on "
                                           "whether a difference is real (docs/analysis.md)."),
) -> None:
    from .. import report as report_module

    fmts = report_module._formats(formats)  # check before any work
    if language not in report_module.LANGUAGES:
        raise ValueError(f"unknown language '{language}' (choose one of: {', '.join(report_module.LANGUAGES)})")
    results = _load_results(spec, fte, person_years, population, quality, sep, decimal, encoding, data)
    municipality = results.municipality_name(municipality)
    person_counts = None
    if persons is not None:
        from .._convert import read_csv_frame

        person_counts = read_csv_frame(persons, required=("municipality", "group", "persons"),
                                       numeric=("persons",), sep=sep, decimal=decimal,
                                       encoding=encoding).frame
    console = _console()
    with _progress(f"Writing the report for {municipality}") as step:
        # A shipped data set has no employee time shares: the rank sets use a reconstructed roster.
        own = any(x is not None for x in (fte, person_years, spec, quality, population)) or (
            data is not None and Path(data).is_dir())
        source: Any = results if own else (data or "benchmark2013")
        written = report_module.write(source, municipality, out, formats=fmts, language=language,
                                      threshold=threshold, persons=person_counts, charts=charts,
                                      progress=step, significance=significance)
    for kind, path in written.items():
        console.print(f"{kind:>6}: {path}", markup=False)
    main_file = written.get("html") or written.get("pdf") or written.get("xlsx") or out
    _info(f"Report for {municipality} written to {out} (open {main_file})", console)
