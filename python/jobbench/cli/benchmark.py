"""``jobbench run`` and ``jobbench tables``: the productivity benchmark on the command line.

    jobbench run --municipality Varde --out out/     # 2013 benchmark, write tables, print a summary
    jobbench tables                                  # list the report tables
    jobbench tables 4.2                              # print one table
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..formatting import fmt_number
from .app import _console, _guard, app

# Input options shared by run, tables and report (typer reuses option metadata across commands).
_SPEC_OPTION = typer.Option(None, "--spec", help="Spec name or JSON path (with your own inputs).")
_FTE_OPTION = typer.Option(None, "--fte", help="Your own FTE CSV (municipality,task,fte[,fte_external]).")
_PERSON_YEARS_OPTION = typer.Option(None, "--person-years",
                                    help="Your own person-years CSV (municipality,group,person_years).")
_POPULATION_OPTION = typer.Option(None, "--population", help="Population CSV (municipality,population).")
_QUALITY_OPTION = typer.Option(None, "--quality", help="Quality CSV (table,indicator,municipality,value).")
# How the CSV files above are read; detected when not given (see Benchmark.from_csv).
_SEP_OPTION = typer.Option(None, "--sep",
                           help="CSV separator: ',', ';' or tab (default: detected from the header).")
_DECIMAL_OPTION = typer.Option(None, "--decimal",
                               help="Decimal mark: '.' or ',' (default: ',' with ';' as separator, else '.').")
_ENCODING_OPTION = typer.Option(None, "--encoding",
                                help="File encoding: utf-8, utf-8-sig, cp1252 or latin-1 "
                                     "(default: UTF-8 if valid, else cp1252 as Danish Excel writes).")


def _load_results(spec: Optional[str], fte: Optional[Path], person_years: Optional[Path],
                  population: Optional[Path], quality: Optional[Path], sep: Optional[str] = None,
                  decimal: Optional[str] = None, encoding: Optional[str] = None) -> Any:
    from ..datasets import benchmark2013
    from ..productivity import Benchmark

    if fte is None and person_years is None:
        if spec is not None:
            raise ValueError("--spec needs your own inputs: pass --fte and --person-years too")
        return benchmark2013().benchmark().fit()
    if fte is None or person_years is None:
        raise ValueError("own inputs need both --fte and --person-years")
    return Benchmark.from_csv(spec or "benchmark2013", fte, person_years, population, quality=quality,
                              sep=sep, decimal=decimal, encoding=encoding).fit()


def _print_summary(results: Any, municipality: str, console: Console) -> None:
    j = results._mi(municipality)
    root = results.root
    n = len(results.municipalities)
    prod = results.matrix("productivity")
    diff = results.matrix("diff_rel")
    rank = results.matrix("rank")
    total = float(prod.at[root, municipality])
    mean = float(results.mean[root])
    console.print(f"[bold]{results.spec.name} — {municipality}[/bold]")
    console.print(
        f"Samlet produktivitet: [bold]{fmt_number(total)}[/bold] årsværk pr. 1.000 årspersoner "
        f"(gns. kommuner {fmt_number(mean)}, {fmt_number(100 * float(diff.at[root, municipality]))}%); "
        f"rang {int(rank.at[root, municipality])} af {n} (1 = højeste produktivitet)")
    table = Table(title="Hovedopgaver", show_lines=False)
    for col, justify in (("Opgave", "left"), (municipality, "right"), ("Gns. kommuner", "right"),
                         ("Forskel", "right"), ("Rang", "right"), ("Klasse", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    verbal = results.matrix("verbal_class")
    for code in results.children(root):
        table.add_row(str(results.items.at[code, "label"]),
                      fmt_number(prod.at[code, municipality], dash_zero=True),
                      fmt_number(results.mean[code]),
                      fmt_number(100 * float(diff.at[code, municipality]), missing="-") + "%",
                      f"{int(rank.at[code, municipality])}/{n}",
                      results.class_label(int(verbal.at[code, municipality])))
    del j
    console.print(table)


@app.command()
@_guard
def run(
    municipality: str = typer.Option("Varde", "--municipality", "-m", help="Municipality to report on."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Output folder (default: output/<municipality>)."),
    excel: bool = typer.Option(True, "--excel/--no-excel", help="Also write an Excel workbook."),
    spec: Optional[str] = _SPEC_OPTION,
    fte: Optional[Path] = _FTE_OPTION,
    person_years: Optional[Path] = _PERSON_YEARS_OPTION,
    population: Optional[Path] = _POPULATION_OPTION,
    quality: Optional[Path] = _QUALITY_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """Run the benchmark (default: the embedded 2013 data set), write every table, print a summary.

    \b
    Examples:
      jobbench run -m Varde --out output/varde-2013
      jobbench run -m Aby --spec my.json --fte fte.csv --person-years py.csv --population pop.csv
    """
    from ..report import write_tables

    results = _load_results(spec, fte, person_years, population, quality, sep, decimal, encoding)
    results._mi(municipality)
    outdir = out if out is not None else Path("output") / municipality
    written = write_tables(results, municipality, outdir, excel=excel)
    label_width = max(len(str(lbl)) for lbl in results.items["label"])
    console = _console(width=label_width + len(municipality) + 70)
    _print_summary(results, municipality, console)
    console.print(f"Wrote {len(written)} files to {outdir}", markup=False)


@app.command()
@_guard
def tables(
    table_id: Optional[str] = typer.Argument(None, help="Table id (e.g. 4.2); omit to list the tables."),
    municipality: Optional[str] = typer.Option("Varde", "--municipality", "-m",
                                               help="Municipality for per-municipality tables (3.1)."),
    spec: Optional[str] = _SPEC_OPTION,
    fte: Optional[Path] = _FTE_OPTION,
    person_years: Optional[Path] = _PERSON_YEARS_OPTION,
    population: Optional[Path] = _POPULATION_OPTION,
    quality: Optional[Path] = _QUALITY_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """List the report tables, or print one in the report's layout.

    \b
    Examples:
      jobbench tables
      jobbench tables 4.2
      jobbench tables 3.1 -m Haderslev
    """
    console = _console()
    if table_id is None:
        from ..spec import load_spec

        sp = load_spec(spec or "benchmark2013")
        console = _console(width=100)
        listing = Table(title=f"Tabeller i {sp.name}")
        listing.add_column("id")
        listing.add_column("titel")
        for tid, t in sp.tables.items():
            listing.add_row(str(tid), str(t.get("title", "")))
        console.print(listing)
        return
    results = _load_results(spec, fte, person_years, population, quality, sep, decimal, encoding)
    cells = results.format_cells(table_id, municipality=municipality)  # label column first, then values
    labels, frame = cells["label"], cells.drop(columns="label")
    needed = max([len(str(i)) for i in labels] + [10]) + 4
    needed += sum(max(len(str(c)), *(len(str(v)) for v in frame[c])) + 3 for c in frame.columns)
    console = _console(width=needed)
    out = Table(title=f"Tabel {table_id}: {frame.attrs.get('title', '')}")
    out.add_column("")
    for col in frame.columns:
        out.add_column(str(col), justify="right")
    for k, (label, values) in enumerate(zip(labels, frame.to_numpy())):
        style = "bold" if frame.attrs["bold"][k] else None
        out.add_row(str(label), *[str(v) for v in values], style=style)
    console.print(out)
