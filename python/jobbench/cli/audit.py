"""``jobbench audit sample | template | import | report``: a case audit on the command line (docs/audit.md).

    jobbench audit sample cases.csv -n 15 --seed 2020 -o draw.xlsx --reserves 2
    jobbench audit template draw.xlsx -o vurderinger.xlsx --catalogue audit2022
    jobbench audit import vurderinger.xlsx -o judgements.csv
    jobbench audit report judgements.csv -m Odense -o out/audit
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

import pandas as pd
import typer

from .app import _console, _guard, _info, app

audit_app = typer.Typer(no_args_is_help=True, add_completion=False,
                        help="Case audits (sagsgennemgang): draw the cases, collect and import the judgements.")
app.add_typer(audit_app, name="audit")

_CATALOGUE = typer.Option("audit2022", "--catalogue", "-c", help="Catalogue name or CSV path.")


def _read_list(path: Path) -> pd.DataFrame:
    """A case list or draw list: CSV, or the .xlsx of `audit sample` (checked like any workbook)."""
    from .._errors import InputError
    from ..audit.workbook import DRAW_SHEET
    from ..staff.workbook import _check_archive

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx":
        _check_archive(path, path.name)
        with pd.ExcelFile(path) as book:
            sheet = DRAW_SHEET if DRAW_SHEET in book.sheet_names else book.sheet_names[0]
            return pd.read_excel(book, sheet_name=sheet, dtype=str).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@audit_app.command("sample")
@_guard
def sample(
    case_list: Path = typer.Argument(..., help="CSV of the population: case, stratum [, municipality]."),
    n: int = typer.Option(..., "-n", help="Cases to draw per municipality (or in all, without one)."),
    seed: int = typer.Option(..., "--seed", min=0, help="Seed: the same seed gives the same draw."),
    rule: str = typer.Option("equal", "--rule", help="equal or proportional allocation."),
    reserves: int = typer.Option(0, "--reserves", min=0, help="Reserve cases per stratum, in draw order."),
    out: Path = typer.Option(Path("draw.xlsx"), "--out", "-o", help="Draw list to write (.xlsx)."),
) -> None:
    """Draw a stratified random sample and write the draw list as Excel (sheet 'Udtræk').

    \b
    Examples:
      jobbench audit sample cases.csv -n 15 --seed 2020 -o draw.xlsx
      jobbench audit sample cases.csv -n 40 --rule proportional --seed 7 --reserves 3 -o draw.xlsx
    """
    from ..audit import sample as draw
    from ..audit import write_draw_list

    drawn = draw(_read_list(case_list), n, rule=rule, seed=seed, reserves=reserves)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_draw_list(drawn, out)
    chosen = drawn[~drawn["reserve"]] if "reserve" in drawn.columns else drawn
    _info(f"Drew {len(chosen)} cases ({len(drawn) - len(chosen)} reserves); wrote {out}")


@audit_app.command("template")
@_guard
def template(
    draw_list: Path = typer.Argument(..., help="The draw list (.xlsx of `audit sample`, or CSV)."),
    out: Path = typer.Option(Path("vurderinger.xlsx"), "--out", "-o", help="Workbook to write (.xlsx)."),
    catalogue: str = _CATALOGUE,
    target_group: str = typer.Option("", "--target-group", help="Target group if the list has none."),
) -> None:
    """Write the judgement workbook: one row per sampled case, a list on every outcome cell.

    \b
    Example:
      jobbench audit template draw.xlsx -o vurderinger.xlsx --catalogue audit2022
    """
    from ..audit import write_template

    cases = _read_list(draw_list)
    if "reserve" in cases.columns:
        cases["reserve"] = cases["reserve"].astype(str).str.strip().isin(("reserve", "True", "1"))
    if "target_group" not in cases.columns:
        cases["target_group"] = target_group
    out.parent.mkdir(parents=True, exist_ok=True)
    write_template(out, cases, catalogue)
    _info(f"Wrote {out}")


@audit_app.command("import")
@_guard
def import_(
    workbook: Path = typer.Argument(..., help="A filled judgement workbook (.xlsx)."),
    out: Path = typer.Option(Path("judgements.csv"), "--out", "-o", help="Long CSV to write."),
    catalogue: str = _CATALOGUE,
    frame: Optional[Path] = typer.Option(None, "--frame", help="CSV municipality,target_group,stratum,N."),
) -> None:
    """Read a filled judgement workbook strictly (every cell, the catalogue's filters) and write the
    long cases (municipality, case, target_group, stratum, criterion, outcome); print the pooled shares.

    \b
    Example:
      jobbench audit import vurderinger.xlsx -o judgements.csv
    """
    from .._safe_cells import csv_frame
    from ..audit import shares
    from ..staff import WorkbookWarning
    from ..audit import read_judgements

    fr = pd.read_csv(frame, dtype={"N": "float64"}, keep_default_na=False) if frame else None
    console = _console(width=160)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WorkbookWarning)
        cases = read_judgements(workbook, catalogue, fr)
    for w in caught:
        console.print(f"warning: {w.message}", markup=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    csv_frame(cases).to_csv(out, index=False)
    pooled = shares(cases, scope="audited", catalogue=catalogue)
    for row in pooled.itertuples(index=False):
        share = "-" if row.n == 0 else f"{100 * row.share:.0f} % ({100 * row.lower:.0f}-{100 * row.upper:.0f})"
        console.print(f"{row.criterion}: {share}, n = {row.n}", markup=False)
    _info(f"Read {cases[['municipality', 'case']].drop_duplicates().shape[0]} cases; wrote {out}")


@audit_app.command("report")
@_guard
def report(
    judgements: Optional[Path] = typer.Argument(None, help="Long cases CSV (of `audit import`); "
                                                "default: the data set audit2022."),
    out: Path = typer.Option(Path("sagsgennemgang"), "--out", "-o", help="Folder to write."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m",
                                               help="Municipality to compare with the others."),
    catalogue: str = _CATALOGUE,
    threshold: float = typer.Option(5, "--threshold", help="Suppress shares on fewer judged cases."),
    formats: str = typer.Option("html", "--format", "-f",
                                help="Comma-separated: html, pdf, docx, xlsx (default html)."),
) -> None:
    """Write the audit report (HTML, and on request PDF, Word and Excel, with PNG charts): shares
    with intervals per theme, charts, and Danish text that says "signifikant" only where the
    adjusted comparison does.

    \b
    Examples:
      jobbench audit report -m Odense -o out/audit
      jobbench audit report -m Odense -f html,pdf,docx,xlsx -o out/audit
      jobbench audit report judgements.csv -c mycatalogue.csv -o out/audit
    """
    from ..report.audit import write_audit_report

    if judgements is None:
        from ..datasets import audit2022

        cases = audit2022().cases
    else:
        cases = pd.read_csv(judgements, dtype=str, keep_default_na=False)
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    paths = write_audit_report(cases, out, catalogue=catalogue, municipality=municipality,
                               threshold=threshold, formats=wanted)
    charts = [k for k in paths if k.startswith("chart_")]
    written = ", ".join(str(paths[f]) for f in wanted)
    _info(f"Wrote {written} and {len(charts)} chart(s)")
