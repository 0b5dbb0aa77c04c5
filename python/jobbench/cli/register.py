"""``jobbench indicators``: register indicators of a person-week panel on the command line."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..register import RegisterWarning, indicators
from .app import _guard, _info, _progress, app


def _parse_period(period: str) -> tuple[int, int]:
    first, sep, last = period.partition("-")
    if not (sep and len(first) == 6 and len(last) == 6 and first.isdigit() and last.isdigit()):
        raise ValueError(f"--period '{period}': expected FIRST-LAST as YYYYWW-YYYYWW, e.g. 201227-201326")
    return int(first), int(last)


@app.command("indicators")
@_guard
def indicators_command(
    panel: Path = typer.Argument(..., help="Person-week panel: .arrow/.feather (Arrow IPC), .parquet or .csv."),
    period: Optional[str] = typer.Option(None, "--period", help="Measurement period FIRST-LAST as YYYYWW-YYYYWW "
                                         "(default: the spec's, 201227-201326)."),
    spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path with a register part."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the tidy indicator table to this CSV."),
    drop_invalid: bool = typer.Option(False, "--drop-invalid", help="Drop rows that break a rule (reported)."),
    threads: int = typer.Option(0, "--threads", min=0, help="Threads (0 = all cores; the result is the same)."),
    names: bool = typer.Option(False, "--names/--codes",
                               help="Show municipality names beside the kommunekode (the 98 municipalities)."),
) -> None:
    """Person-years and quality indicators from a person-week panel (docs/register-indicators.md).

    \b
    Examples:
      jobbench indicators panel.arrow
      jobbench indicators panel.parquet --period 201227-201326 --out indicators.csv
      jobbench indicators panel.csv --drop-invalid --threads 2 --names
    """
    from .._names import municipality_codes

    console = Console(soft_wrap=True, highlight=False)
    per = _parse_period(period) if period is not None else None
    with warnings.catch_warnings(record=True) as caught, _progress(f"Reading {panel.name}") as step:
        warnings.simplefilter("always", RegisterWarning)
        step("register pass")
        result = indicators(panel, period=per, spec=spec, threads=threads, drop_invalid=drop_invalid,
                            names=municipality_codes() if names else None)
    info = result.attrs["register"]
    _info(f"{info['used_rows']:,} of {info['input_rows']:,} rows used; period "
          f"{info['period'][0]}-{info['period'][1]} ({info['period_weeks']} weeks); "
          f"{'sorted' if info['sorted_input'] else 'unsorted: sorted by (person, week) first'}", console)
    for d in info["dropped"]:
        console.print(f"dropped {d['count']:,} rows: {d['rule']}", markup=False)
    for w in caught:
        console.print(f"warning: {w.message}", markup=False)
    total = result[result["kind"] == "total"]
    table = Table(title="All target groups")
    columns = ["municipality", *(["municipality_name"] if names else []),
               "persons", "py", "si", "ti", "vti", "ag", "vag", "jr", "dr"]
    for col in columns:
        table.add_column(col, justify="left" if col == "municipality_name" else "right")
    for _, row in total.iterrows():
        table.add_row(str(row["municipality"]), *([str(row["municipality_name"])] if names else []),
                      f"{row['persons']:,}", f"{row['py']:.1f}",
                      *(f"{row[c]:.2f}" for c in ["si", "ti", "vti"]),
                      *(f"{row[c]:.1%}" for c in ["ag", "vag", "jr", "dr"]))
    console.print(table)
    if out is not None:
        # Data for programs: municipality names are written verbatim (no ' before = + - @, tab, CR)
        # so that they match the other inputs; open it in a spreadsheet with columns as text.
        result.to_csv(out, index=False)
        _info(f"wrote {out}", console)
