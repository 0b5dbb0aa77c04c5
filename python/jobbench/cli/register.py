"""``jobbench indicators``: register indicators of a person-week panel on the command line.

With ``--quarters`` or ``--periods`` the command computes today's measures for every period in one
pass (:func:`jobbench.register.measures`) and writes their long table as CSV; without them, the
nine 2013 indicators of one period (:func:`jobbench.register.indicators`).
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from .. import _safe_cells
from ..register import RegisterWarning, indicators, measures, periods
from .app import _guard, _info, _progress, app


def _parse_period(period: str) -> tuple[int, int]:
    first, sep, last = period.partition("-")
    if not (sep and len(first) == 6 and len(last) == 6 and first.isdigit() and last.isdigit()):
        raise ValueError(f"--period '{period}': expected FIRST-LAST as YYYYWW-YYYYWW, e.g. 201227-201326")
    return int(first), int(last)


def _measure_periods(quarters: Optional[str], several: Optional[str],
                     period: Optional[str]) -> list[periods.Period]:
    """The periods of ``--quarters`` (quarters only) or ``--periods`` (any labels)."""
    if quarters is not None and several is not None:
        raise ValueError("give --quarters or --periods, not both")
    if period is not None:
        raise ValueError("--period is one period of the 2013 indicators; with --quarters/--periods "
                         "list every period there (e.g. --periods 201227-201326,2021Q3)")
    if several is not None:
        return periods.parse(several)
    found = periods.parse(str(quarters))
    for p in found:
        if "Q" not in p.label:
            raise ValueError(f"--quarters '{quarters}': {p.label} is not a quarter (write "
                             f"quarters as 2021Q3 or a range 2019Q1:2021Q4; years and weeks go in "
                             f"--periods)")
    return found


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    from .._names import municipality_codes

    names = municipality_codes()
    out = frame.copy()
    at = list(out.columns).index("municipality") + 1
    out.insert(at, "municipality_name", [names.get(int(m), str(m)) for m in out["municipality"]])
    return out


def _measures_to_csv(panel: Path, chosen: list[periods.Period], spec: Optional[str],
                     options: dict[str, Any], out: Optional[Path], names: bool) -> None:
    """Today's measures of ``chosen`` as one long CSV (``out``, or stdout for a pipeline)."""
    errors = Console(stderr=True, soft_wrap=True, highlight=False)
    with warnings.catch_warnings(record=True) as caught, _progress(f"Reading {panel.name}") as step:
        warnings.simplefilter("always", RegisterWarning)
        step(f"register pass over {len(chosen)} period(s)")
        frame = measures(panel, chosen, spec=spec or "jobindsats2019", **options)
    for w in caught:
        errors.print(f"warning: {w.message}", markup=False)
    if names:
        frame = _with_names(frame)
    safe = _safe_cells.csv_frame(frame)  # no cell starts a spreadsheet formula
    if out is None:
        sys.stdout.write(safe.to_csv(index=False))
        return
    safe.to_csv(out, index=False)
    _info(f"{len(frame):,} rows: {len(chosen)} period(s) {chosen[0].label}..{chosen[-1].label}, "
          f"{frame['municipality'].nunique()} municipalities; wrote {out}", errors)


@app.command("indicators")
@_guard
def indicators_command(
    panel: Path = typer.Argument(..., help="Person-week panel: .arrow/.feather (Arrow IPC), .parquet or .csv."),
    period: Optional[str] = typer.Option(None, "--period", help="Measurement period FIRST-LAST as YYYYWW-YYYYWW "
                                         "(default: the spec's, 201227-201326)."),
    spec: Optional[str] = typer.Option(
        None, "--spec", help="Spec name or JSON path with a register part (default: benchmark2013; "
        "jobindsats2019 with --quarters/--periods)."),
    out: Optional[Path] = typer.Option(
        None, "--out", help="Write the tidy indicator table to this CSV (with --quarters/--periods: "
        "the measures; default stdout)."),
    drop_invalid: bool = typer.Option(False, "--drop-invalid", help="Drop rows that break a rule (reported)."),
    threads: int = typer.Option(0, "--threads", min=0, help="Threads (0 = all cores; the result is the same)."),
    names: bool = typer.Option(False, "--names/--codes",
                               help="Show municipality names beside the kommunekode (the 98 municipalities)."),
    quarters: Optional[str] = typer.Option(
        None, "--quarters", help="Today's measures per quarter: a range FIRST:LAST such as "
        "2019Q1:2021Q4, or a list 2021Q3,2021Q4."),
    several: Optional[str] = typer.Option(
        None, "--periods", help="Today's measures per period: labels 2021Q3, 2021, 202127-202226, "
        "lists and ranges (2019:2021)."),
    status_weeks: Optional[int] = typer.Option(
        None, "--status-weeks", min=1, help="With --quarters/--periods: the status this many weeks "
        "after a spell ends (default 4)."),
    passive_weeks: Optional[int] = typer.Option(
        None, "--passive-weeks", min=1, help="With --quarters/--periods: weeks of a contact-free "
        "run (default 13)."),
) -> None:
    """Person-years and quality indicators from a person-week panel (docs/register-indicators.md).

    \b
    Examples:
      jobbench indicators panel.arrow
      jobbench indicators panel.parquet --period 201227-201326 --out indicators.csv
      jobbench indicators panel.csv --drop-invalid --threads 2 --names
      jobbench indicators panel.arrow --spec jobindsats2019 --quarters 2019Q1:2021Q4 --out m.csv
      jobbench indicators panel.arrow --periods 2021Q3,2022 --status-weeks 8 > measures.csv
    """
    from .._names import municipality_codes

    if quarters is not None or several is not None:
        if drop_invalid:
            raise ValueError("--drop-invalid is not available with --quarters/--periods")
        chosen = _measure_periods(quarters, several, period)
        options = {"status_weeks": 4 if status_weeks is None else status_weeks,
                   "passive_weeks": 13 if passive_weeks is None else passive_weeks,
                   "threads": threads}
        _measures_to_csv(panel, chosen, spec, options, out, names)
        return
    if status_weeks is not None or passive_weeks is not None:
        raise ValueError("--status-weeks and --passive-weeks apply to today's measures: add "
                         "--quarters or --periods")
    spec = spec or "benchmark2013"
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
