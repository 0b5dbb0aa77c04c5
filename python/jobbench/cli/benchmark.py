"""``jobbench run`` and ``jobbench tables``: the productivity benchmark on the command line.

    jobbench run --municipality Varde --out out/     # 2013 benchmark, write tables, print a summary
    jobbench tables                                  # list the report tables
    jobbench tables 4.2 --format csv                 # print one table (table, csv or markdown)

A municipality is named the same way in every command: ``-m/--municipality`` takes its name in any
case or its kommunekode ("573"), and is required wherever the output is about one municipality
(``run``, ``report``, ``template``, and ``tables`` for per-municipality tables such as 3.1).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..formatting import fmt_number
from .app import _console, _guard, _info, app

TABLE_FORMATS = ("table", "csv", "markdown")

# Input options shared by run, tables and report (typer reuses option metadata across commands).
_DATA_OPTION = typer.Option(None, "--data",
                            help="A folder as `jobbench init` writes it (fte.csv, person_years.csv, ...) or "
                                 "a shipped data set's name (default: benchmark2013).")
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
                  decimal: Optional[str] = None, encoding: Optional[str] = None,
                  data: Optional[str] = None) -> Any:
    from ..datasets import available, load
    from ..productivity import Benchmark

    if data is not None:
        if fte is not None or person_years is not None:
            raise ValueError("--data and --fte/--person-years exclude each other: use one source")
        if Path(data).is_dir() or data not in available():
            return Benchmark.from_folder(data, spec, sep=sep, decimal=decimal, encoding=encoding).fit()
        if spec is not None:
            raise ValueError(f"--spec goes with your own inputs, not the shipped data set '{data}'")
        return load(data).benchmark().fit()
    if fte is None and person_years is None:
        if spec is not None:
            raise ValueError("--spec needs your own inputs: pass --fte and --person-years (or --data DIR) too")
        return load("benchmark2013").benchmark().fit()
    if fte is None or person_years is None:
        raise ValueError("own inputs need both --fte and --person-years")
    return Benchmark.from_csv(spec or "benchmark2013", fte, person_years, population, quality=quality,
                              sep=sep, decimal=decimal, encoding=encoding).fit()


def _print_summary(results: Any, municipality: str, console: Console) -> None:
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
    table = Table(title="Hovedopgaver", show_lines=False,
                  caption="Klassen bedømmes på forskellen i forhold til gennemsnittet af grundlaget "
                          "(her det samlede område), ikke på opgavens egen procent (docs/design.md §3).")
    for col, justify in (("Opgave", "left"), (municipality, "right"), ("Gns. kommuner", "right"),
                         ("Forskel", "right"), ("Rang", "right"), ("Klasse", "left"),
                         ("Grundlag: forskel / gns.", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    compared = results.compare(municipality)
    for code in results.children(root):
        row = compared.loc[code]
        basis = f"{fmt_number(row['diff_abs'], missing='-')} / {fmt_number(row['class_mean'])} " \
                f"{results.items.at[row['class_basis'], 'label']} = " \
                f"{fmt_number(100 * float(row['class_ratio']), missing='-')}%"
        table.add_row(str(row["label"]), fmt_number(prod.at[code, municipality], dash_zero=True),
                      fmt_number(results.mean[code]), fmt_number(100 * float(diff.at[code, municipality]), missing="-") + "%",
                      f"{int(rank.at[code, municipality])}/{n}", str(row["class_label"]), basis)
    console.print(table)


@app.command()
@_guard
def run(
    municipality: str = typer.Option(..., "--municipality", "-m",
                                     help="Municipality to report on: name (any case) or kommunekode, e.g. Varde."),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="Output folder (default: output/<municipality>)."),
    excel: bool = typer.Option(True, "--excel/--no-excel", help="Also write an Excel workbook."),
    data: Optional[str] = _DATA_OPTION,
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
      jobbench init mydata && jobbench run -m Varde --data mydata
    """
    from ..report import write_tables

    results = _load_results(spec, fte, person_years, population, quality, sep, decimal, encoding, data)
    municipality = results.municipality_name(municipality)
    outdir = out if out is not None else Path("output") / municipality
    written = write_tables(results, municipality, outdir, excel=excel)
    label_width = max(len(str(lbl)) for lbl in results.items["label"])
    console = _console(width=label_width + len(municipality) + 100)
    _print_summary(results, municipality, console)
    _info(f"Wrote {len(written)} files to {outdir}", console)


@app.command()
@_guard
def tables(
    table_id: Optional[str] = typer.Argument(None, help="Table id (e.g. 4.2); omit to list the tables."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m",
                                               help="Municipality: highlighted, and required for "
                                                    "per-municipality tables (3.1)."),
    output_format: str = typer.Option("table", "--format", "-f",
                                      help="table (for the terminal), csv (unrounded numbers, for "
                                           "programs) or markdown."),
    data: Optional[str] = _DATA_OPTION,
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
    if output_format not in TABLE_FORMATS:
        raise ValueError(f"unknown --format '{output_format}' (choose one of: {', '.join(TABLE_FORMATS)})")
    if table_id is None:
        _list_tables(spec, output_format)
        return
    results = _load_results(spec, fte, person_years, population, quality, sep, decimal, encoding, data)
    if municipality is not None:
        municipality = results.municipality_name(municipality)
    if "columns" in results.spec.tables.get(table_id, {}) and municipality is None:
        raise ValueError(f"table {table_id} is about one municipality: pass -m/--municipality")
    if output_format == "csv":
        _print_csv(results, table_id, municipality)
    elif output_format == "markdown":
        _print_markdown(results, table_id, municipality)
    else:
        _print_table(results, table_id, municipality)


def _list_tables(spec: Optional[str], output_format: str) -> None:
    import pandas as pd

    from ..spec import load_spec

    sp = load_spec(spec or "benchmark2013")
    frame = pd.DataFrame({"id": [str(t) for t in sp.tables],
                          "title": [str(t.get("title", "")) for t in sp.tables.values()]})
    if output_format != "table":
        _print_frame(frame, output_format)
        return
    console = _console(width=max(len(t) for t in frame["title"]) + 16)
    listing = Table(title=f"Tabeller i {sp.name}")
    listing.add_column("id")
    listing.add_column("titel")
    for tid, title in zip(frame["id"], frame["title"]):
        listing.add_row(tid, title)
    console.print(listing)


def _print_frame(frame: Any, output_format: str, index: bool = False) -> None:
    """A frame to stdout as CSV (Excel-safe cells) or a Markdown pipe table, for pipelines."""
    import sys

    from .. import _safe_cells as safe

    if output_format == "csv":
        safe.csv_frame(frame).to_csv(sys.stdout, index=index, lineterminator="\n")
        return
    shown = frame.reset_index() if index else frame
    cells = [[str(c) for c in shown.columns]] + [[_md_cell(v) for v in row] for row in shown.to_numpy()]
    typer.echo("| " + " | ".join(cells[0]) + " |")
    typer.echo("|" + "|".join(" --- " if k == 0 else " ---: " for k in range(len(cells[0]))) + "|")
    for row in cells[1:]:
        typer.echo("| " + " | ".join(row) + " |")


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _print_csv(results: Any, table_id: str, municipality: Optional[str]) -> None:
    """Unrounded numbers keyed by item code, as the CSV files of ``jobbench run`` hold them."""
    frame = results.table(table_id, municipality)
    _print_frame(frame, "csv", index=True)


def _print_markdown(results: Any, table_id: str, municipality: Optional[str]) -> None:
    """The report's rounded cells (Danish numbers) with the printed labels."""
    cells = results.format_cells(table_id, municipality=municipality)
    cells = cells.rename(columns={"label": ""})
    _print_frame(cells, "markdown")


def _print_table(results: Any, table_id: str, municipality: Optional[str]) -> None:
    """The report's layout in the terminal. Numbers are never cut: a table wider than the terminal
    is printed in blocks of columns (each with the labels), as pandas wraps wide frames."""
    cells = results.format_cells(table_id, municipality=municipality)  # label column first, then values
    labels, frame = [str(v) for v in cells["label"]], cells.drop(columns="label")
    value_widths = [max(len(str(c)), *(len(str(v)) for v in frame[c])) for c in frame.columns]
    label_width = max([len(i) for i in labels] + [10])
    console = _console()
    if not console.is_terminal:  # a pipe or file has no width to respect: print whole lines
        console = _console(width=label_width + 4 + sum(w + 3 for w in value_widths))
    title = f"Tabel {table_id}: {frame.attrs.get('title', '')}"
    for block in _column_blocks(value_widths, console.width - label_width - 4):
        out = Table(title=title)
        out.add_column("", no_wrap=True)
        for k in block:
            out.add_column(str(frame.columns[k]), justify="right", no_wrap=True, min_width=value_widths[k])
        for row, label in enumerate(labels):
            style = "bold" if frame.attrs["bold"][row] else None
            out.add_row(label, *[str(frame.iat[row, k]) for k in block], style=style)
        console.print(out)
        title = f"Tabel {table_id} (fortsat)"


def _column_blocks(widths: list[int], room: int) -> list[list[int]]:
    """Consecutive column positions grouped so that each group fits ``room`` (at least one each)."""
    blocks: list[list[int]] = [[]]
    used = 0
    for k, width in enumerate(widths):
        if blocks[-1] and used + width + 3 > room:
            blocks.append([])
            used = 0
        blocks[-1].append(k)
        used += width + 3
    return blocks
