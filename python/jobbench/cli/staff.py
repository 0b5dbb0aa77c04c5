"""``jobbench template`` and ``jobbench import``: staff time workbooks on the command line."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

import typer

from ..staff import WorkbookWarning, read_workbooks, write_template
from .app import _console, _guard, _info, _progress, app


@app.command("template")
@_guard
def template(
    municipality: str = typer.Option(..., "--municipality", "-m",
                                     help="Municipality of the workbook: name or kommunekode (573 = Varde)."),
    out: Path = typer.Option(..., "--out", "-o", help="Workbook to write (.xlsx)."),
    spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path."),
    rows: int = typer.Option(200, "--rows", min=1, max=100_000, help="Empty employee rows to format."),
    units: Optional[str] = typer.Option(None, "--units", help="Comma-separated organisational units."),
) -> None:
    """Write an Excel workbook to collect each employee's time shares (Danish instructions).

    \b
    Examples:
      jobbench template -m Varde -o varde.xlsx
      jobbench template -m Varde -o varde.xlsx --rows 400 --units "Jobcenter,Ydelse,Stab"
    """
    municipality = _official_name(municipality)
    unit_list = [u.strip() for u in units.split(",") if u.strip()] if units else None
    path = write_template(out, municipality, spec, rows=rows, units=unit_list)
    _info(f"Wrote {path}")


def _official_name(query: str) -> str:
    """One of the 98 municipalities' official spelling ("varde", "573" -> "Varde"), else as typed
    (a workbook may be for a unit that is not a municipality)."""
    from .._names import municipality_codes

    names = list(municipality_codes().values())
    text = query.strip()
    if text.isdigit() and int(text) in municipality_codes():
        return municipality_codes()[int(text)]
    folded = {n.casefold(): n for n in names}
    return folded.get(text.casefold(), text)

@app.command("import")
@_guard
def import_(
    source: Path = typer.Argument(..., help="A filled workbook or a folder of them."),
    out: Path = typer.Option(Path("fte.csv"), "--out", "-o", help="FTE CSV to write (benchmark input)."),
    spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path."),
    strict: bool = typer.Option(False, "--strict", help="Fail if any employee row is rejected."),
) -> None:
    """Read filled workbooks and write FTE per municipality × task (municipality,task,fte,fte_external).

    fte.csv is benchmark input (``--fte``): municipality names are written verbatim, so that they
    match the other inputs; a name starting with = + - @ is not prefixed (open the file in a
    spreadsheet program with the import wizard, columns as text). Formulas in a workbook are
    read as the values Excel last calculated and listed as warnings.

    \b
    Examples:
      jobbench import varde.xlsx -o fte.csv
      jobbench import workbooks/ -o fte.csv --strict
    """
    console = _console(width=160)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkbookWarning)
        with _progress("Reading workbooks") as step:
            staff = read_workbooks(source, spec, progress=step).aggregate()
    for w in caught:
        console.print(f"warning: {w.message}", markup=False)
    if strict:
        staff.raise_for_errors()
    out.parent.mkdir(parents=True, exist_ok=True)
    staff.fte.to_csv(out, index=False)
    errors = staff.errors
    if len(errors):
        errors_path = out.with_name(out.stem + "_rejected.csv")
        errors.to_csv(errors_path, index=False)
        for message in errors["message"]:
            console.print(f"rejected: {message}", markup=False)
        console.print(f"Wrote {len(errors)} rejected rows to {errors_path}", markup=False)
    b = staff.balance
    _info(f"Read {int(b['employees'].sum() + b['rejected'].sum())} employee rows from "
          f"{len(staff.municipalities)} municipalities: {b['fte_read'].sum():.3f} FTE read = "
          f"{b['fte_tasks'].sum():.3f} on tasks + {b['fte_outside'].sum():.3f} outside the "
          f"catalogue + {b['fte_rejected'].sum():.3f} rejected", console)
    _info(f"Wrote {out}", console)
