"""Excel collection workbooks for staff time registration (openpyxl).

``write_template`` makes a workbook for one municipality from the spec: a Danish instructions sheet
("Vejledning") and the collection sheet ("Medarbejdere") with one row per employee and one column per
task node, grouped by main task with the report's labels, data validation on every input cell and a
row sum that turns red above 100 %. ``read_workbooks`` reads filled workbooks (one file, a folder or
a list) back into a :class:`jobbench.StaffRoster`; a wrong layout raises :class:`InputError` saying
what was expected where. See docs/staff-time.md.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

import pandas as pd

from ._errors import InputError
from .spec import Spec, SpecLike, load_spec
from .staff import HOURS_PER_FTE, StaffRoster

__all__ = ["DATA_SHEET", "FIRST_DATA_ROW", "INSTRUCTIONS_SHEET", "read_workbook", "read_workbooks",
           "register", "template_columns", "write_template"]

PathLike = Union[str, "os.PathLike[str]"]

INSTRUCTIONS_SHEET = "Vejledning"
DATA_SHEET = "Medarbejdere"
LISTS_SHEET = "Lister"
GROUP_ROW, LABEL_ROW, CODE_ROW, FIRST_DATA_ROW = 2, 3, 4, 5
MAX_ERRORS = 25

#: The fixed columns: (code, Danish heading, kind).
FIXED_COLUMNS = (
    ("employee_id", "Medarbejder-id", "text"),
    ("unit", "Organisatorisk enhed", "text"),
    ("employment_type", "Ansættelsestype", "text"),
    ("fte_fraction", "Normeret tid (årsværk, 0-1)", "number"),
    ("hours", "Timer pr. uge", "number"),
    ("external_share", "Eksternt finansieret (%)", "number"),
)
SUM_CODE, SUM_LABEL = "sum", "Sum (%)"


def template_columns(spec: SpecLike = "benchmark2013") -> pd.DataFrame:
    """The task columns of the collection sheet: ``code, label, group, depth`` in sheet order.

    Every task node below the root, depth first, so each main task's columns are adjacent. A parent
    task's column ("ikke fordelt") takes time the employee cannot split over its sub-tasks.
    """
    sp = load_spec(spec)
    tasks = {str(t["code"]): t for t in sp.tasks}
    children: dict[str, list[str]] = {}
    for t in sp.tasks:
        if t.get("parent"):
            children.setdefault(str(t["parent"]), []).append(str(t["code"]))
    rows: list[dict[str, Any]] = []

    def visit(code: str, depth: int, group: str, prefix: str) -> None:
        label = str(tasks[code].get("label", code))
        has_children = bool(children.get(code))
        shown = f"{prefix}{label}" + (" (ikke fordelt)" if has_children else "")
        rows.append({"code": code, "label": shown, "group": group, "depth": depth})
        for child in children.get(code, []):
            visit(child, depth + 1, group, f"{label}: " if depth >= 2 else "")

    for main in children.get(sp.root, []):
        visit(main, 1, str(tasks[main].get("label", main)), "")
    return pd.DataFrame(rows, columns=["code", "label", "group", "depth"])


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


INSTRUCTIONS = """Tidsregistrering: {spec}

Kommune: {municipality}

Formål
Arkene bruges til at opgøre, hvor mange årsværk kommunen anvender på hver opgave i jobcenterbenchmarkens
opgavekatalog. For hver medarbejder, der udfører opgaver i kataloget – uanset hvor i organisationen
medarbejderen er placeret (jobcenter, ydelseskontor, stab, projekter) – angives, hvordan arbejdstiden
fordeler sig på opgaverne.

Sådan udfyldes arket "{sheet}"
1. Én række pr. medarbejder fra række {first_row}. Medarbejder-id skal være entydigt i kommunen
   (brug fx et løbenummer – ikke CPR-nummer eller navn).
2. Organisatorisk enhed: den enhed, medarbejderen hører til.
3. Ansættelsestype: {types}. Tom celle = ordinary. Vægte: {weights}.
4. Normeret tid i årsværk (1 = fuld tid) ELLER timer pr. uge ({hours:g} timer = 1 årsværk).
5. Eksternt finansieret (%): den del af tiden, der finansieres af puljer eller løntilskud (0-100).
6. Opgavekolonnerne: procent af medarbejderens arbejdstid på opgaven (0-100). Angiv på det laveste
   niveau, I kan. Kan tiden ikke fordeles på delopgaver, skrives den i kolonnen "(ikke fordelt)" for
   den overliggende opgave. Tid, der ikke hører til opgavekataloget, skrives ikke.
7. Kolonnen "{sum_label}" lægger rækken sammen og bliver rød over 100 %. Summen må højst være 100 %.

Række {code_row} (koderne) og overskrifterne må ikke ændres, og celler må ikke flettes.
Alle talceller skal indeholde tal (ikke tekst som "ca. 20").
"""


def write_template(path: PathLike, municipality: str, spec: SpecLike = "benchmark2013", *,
                   rows: int = 200, units: Sequence[str] | None = None,
                   hours_per_fte: float = HOURS_PER_FTE, employees: pd.DataFrame | None = None,
                   shares: pd.DataFrame | None = None) -> Path:
    """Write the collection workbook for ``municipality``; returns the path.

    ``rows`` empty employee rows are formatted and validated (more if ``employees`` has more rows).
    ``units`` makes the unit column a drop-down list. ``employees``/``shares`` (the frames of
    :class:`jobbench.StaffRoster`, shares as fractions) pre-fill the sheet, e.g. with a synthetic
    roster or last year's staff list.
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    sp = load_spec(spec)
    cols = template_columns(sp)
    n_fixed = len(FIXED_COLUMNS)
    first_task = n_fixed + 1
    last_task = n_fixed + len(cols)
    sum_col = last_task + 1
    if employees is not None:
        employees = employees[employees["municipality"].astype(str) == municipality].reset_index(drop=True)
        rows = max(rows, len(employees) + 20)
    last_row = FIRST_DATA_ROW + rows - 1
    types = list(sp.data.get("employment_weights", {}) or {"ordinary": 1.0})
    weights = sp.data.get("employment_weights", {})

    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    text = INSTRUCTIONS.format(spec=sp.name, municipality=municipality, sheet=DATA_SHEET,
                               first_row=FIRST_DATA_ROW, types=", ".join(types),
                               weights=", ".join(f"{k} {v:g}" for k, v in weights.items()),
                               hours=hours_per_fte, sum_label=SUM_LABEL, code_row=CODE_ROW)
    for r, line in enumerate(text.splitlines(), start=1):
        info.cell(row=r, column=1, value=line)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 110

    ws = wb.create_sheet(DATA_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for r, t in enumerate(types, start=1):
        lists.cell(row=r, column=1, value=t)
    for r, u in enumerate(units or [], start=1):
        lists.cell(row=r, column=2, value=str(u))

    ws["A1"] = "Kommune"
    ws["B1"] = municipality
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    ws["C1"] = sp.name
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, (code, label, _kind) in enumerate(FIXED_COLUMNS, start=1):
        ws.cell(row=LABEL_ROW, column=j, value=label).font = bold
        ws.cell(row=CODE_ROW, column=j, value=code)
        ws.column_dimensions[_col(j)].width = 16
    group_start: dict[str, int] = {}
    for j, row in enumerate(cols.itertuples(index=False), start=first_task):
        group_start.setdefault(row.group, j)
        cell = ws.cell(row=LABEL_ROW, column=j, value=row.label)
        cell.alignment = wrap
        cell.font = Font(bold=row.depth == 1)
        ws.cell(row=CODE_ROW, column=j, value=row.code)
        ws.column_dimensions[_col(j)].width = 14
    groups = list(group_start.items())
    for k, (group, start) in enumerate(groups):
        end = groups[k + 1][1] - 1 if k + 1 < len(groups) else last_task
        ws.cell(row=GROUP_ROW, column=start, value=group).font = bold
        if end > start:
            ws.merge_cells(start_row=GROUP_ROW, start_column=start, end_row=GROUP_ROW, end_column=end)
    ws.cell(row=LABEL_ROW, column=sum_col, value=SUM_LABEL).font = bold
    ws.cell(row=CODE_ROW, column=sum_col, value=SUM_CODE)
    ws.row_dimensions[LABEL_ROW].height = 60
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=first_task)

    first_task_l, last_task_l, sum_l = _col(first_task), _col(last_task), _col(sum_col)
    for r in range(FIRST_DATA_ROW, last_row + 1):
        ws.cell(row=r, column=sum_col, value=f"=SUM({first_task_l}{r}:{last_task_l}{r})")

    def validation(kind: str, sqref: str, **kwargs: Any) -> None:
        dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, **kwargs)
        dv.add(sqref)
        ws.add_data_validation(dv)

    rng = lambda c: f"{_col(c)}{FIRST_DATA_ROW}:{_col(c)}{last_row}"  # noqa: E731
    validation("textLength", rng(1), operator="between", formula1="1", formula2="50",
               errorTitle="Medarbejder-id", error="Et id på 1-50 tegn, entydigt i kommunen.")
    if units:
        validation("list", rng(2), formula1=f"{LISTS_SHEET}!$B$1:$B${len(units)}",
                   errorTitle="Enhed", error="Vælg en enhed fra listen.")
    else:
        validation("textLength", rng(2), operator="between", formula1="1", formula2="100",
                   errorTitle="Enhed", error="Navnet på medarbejderens organisatoriske enhed.")
    validation("list", rng(3), formula1=f"{LISTS_SHEET}!$A$1:$A${len(types)}",
               errorTitle="Ansættelsestype", error="Vælg en ansættelsestype fra listen.")
    validation("decimal", rng(4), operator="between", formula1="0", formula2="1",
               errorTitle="Normeret tid", error="Årsværk mellem 0 og 1 (1 = fuld tid).")
    validation("decimal", rng(5), operator="between", formula1="0", formula2=f"{hours_per_fte:g}",
               errorTitle="Timer", error=f"Timer pr. uge mellem 0 og {hours_per_fte:g}.")
    validation("decimal", rng(6), operator="between", formula1="0", formula2="100",
               errorTitle="Eksternt finansieret", error="Procent mellem 0 og 100.")
    validation("decimal", f"{first_task_l}{FIRST_DATA_ROW}:{last_task_l}{last_row}", operator="between",
               formula1="0", formula2="100", errorTitle="Andel af arbejdstiden",
               error="Procent af arbejdstiden mellem 0 og 100.")
    red = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
    ws.conditional_formatting.add(f"{sum_l}{FIRST_DATA_ROW}:{sum_l}{last_row}",
                                  CellIsRule(operator="greaterThan", formula=["100"], fill=red,
                                             font=Font(color="9C0006", bold=True)))

    if employees is not None and len(employees):
        _prefill(ws, employees, shares, cols, first_task)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _prefill(ws: Any, employees: pd.DataFrame, shares: pd.DataFrame | None, cols: pd.DataFrame,
             first_task: int) -> None:
    column_of = {code: first_task + k for k, code in enumerate(cols["code"])}
    row_of: dict[str, int] = {}
    for k, e in enumerate(employees.to_dict("records")):
        r = FIRST_DATA_ROW + k
        row_of[str(e["employee_id"])] = r
        for j, (code, _label, _kind) in enumerate(FIXED_COLUMNS, start=1):
            v = e.get(code)
            if v is None or (isinstance(v, float) and pd.isna(v)):
                continue
            ws.cell(row=r, column=j, value=100.0 * float(v) if code == "external_share" else v)
    if shares is None:
        return
    municipality = str(employees["municipality"].iloc[0])
    for s in shares[shares["municipality"].astype(str) == municipality].to_dict("records"):
        ws.cell(row=row_of[str(s["employee_id"])], column=column_of[str(s["task"])],
                value=100.0 * float(s["share"]))


# -- reading -----------------------------------------------------------------------------------

def _number(value: Any) -> float | None:
    """A cell as a number; None if empty; raises ValueError for text that is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    text = text.rstrip("%").strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+(,\d+)?", text):
        text = text.replace(",", ".")
    return float(text)  # raises ValueError


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: PathLike, spec: SpecLike = "benchmark2013") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one filled workbook: ``(employees, shares)`` frames for :class:`jobbench.StaffRoster`.

    Percentages become fractions; every employee row keeps its ``source`` ("file!sheet row r").
    Raises :class:`InputError` listing layout problems and cells that are not numbers, each naming
    the sheet, cell (row and column) and what was expected there.
    """
    from openpyxl import load_workbook

    sp = load_spec(spec)
    p = Path(path)
    name = p.name
    try:
        wb = load_workbook(p, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several types for unreadable files
        raise InputError(f"{name}: cannot be read as an Excel workbook (.xlsx): {exc}") from None
    if DATA_SHEET not in wb.sheetnames:
        raise InputError(f"{name}: missing sheet '{DATA_SHEET}' (sheets present: {', '.join(wb.sheetnames)}); "
                         "expected the collection workbook made by `jobbench template`")
    ws = wb[DATA_SHEET]
    where = f"{name}!{DATA_SHEET}"
    problems: list[str] = []

    for merged in ws.merged_cells.ranges:
        if merged.max_row >= LABEL_ROW:
            problems.append(f"{where} cells {merged.coord}: merged cells; expected one value per cell "
                            f"from row {LABEL_ROW} on (unmerge them)")
    municipality = _text_cell(ws["B1"].value)
    if not municipality:
        problems.append(f"{where} cell B1: expected the municipality's name, found nothing")

    cols = template_columns(sp)
    expected = [(c, label) for c, label, _ in FIXED_COLUMNS] + list(zip(cols["code"], cols["label"]))
    expected.append((SUM_CODE, SUM_LABEL))
    for j, (code, label) in enumerate(expected, start=1):
        got_code = _text_cell(ws.cell(row=CODE_ROW, column=j).value)
        got_label = _text_cell(ws.cell(row=LABEL_ROW, column=j).value)
        if got_code != code:
            problems.append(f"{where} cell {_col(j)}{CODE_ROW}: expected column code '{code}' ({label}), "
                            f"found '{got_code}'")
        elif got_label != label:
            problems.append(f"{where} cell {_col(j)}{LABEL_ROW}: expected heading '{label}' for column "
                            f"'{code}', found '{got_label}' (renamed column)")
    extra = _text_cell(ws.cell(row=CODE_ROW, column=len(expected) + 1).value)
    if extra:
        problems.append(f"{where} cell {_col(len(expected) + 1)}{CODE_ROW}: expected no column after "
                        f"'{SUM_CODE}', found '{extra}'")
    if problems:
        raise InputError(_problem_text(name, problems))

    n_fixed = len(FIXED_COLUMNS)
    task_codes = list(cols["code"])
    employees: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_DATA_ROW, max_col=n_fixed + len(task_codes),
                                            values_only=True), start=FIRST_DATA_ROW):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        employee_id = _text_cell(values[0])
        numbers: dict[int, float | None] = {}
        for j in range(3, len(values)):
            try:
                numbers[j] = _number(values[j])
            except ValueError:
                code = expected[j][0]
                kind = ("weekly hours" if code == "hours" else "an FTE fraction 0-1" if code == "fte_fraction"
                        else "a percentage 0-100")
                problems.append(f"{where} row {r} column {_col(j + 1)} ({code}): '{values[j]}' is not a "
                                f"number; expected {kind}")
        if not employee_id:
            problems.append(f"{where} row {r} column A (employee_id): expected an employee id, found nothing "
                            "(the row has other values)")
        ext = numbers.get(5)
        employees.append({
            "municipality": municipality, "employee_id": employee_id,
            "unit": _text_cell(values[1]), "employment_type": _text_cell(values[2]) or "ordinary",
            "fte_fraction": float("nan") if numbers.get(3) is None else numbers[3],
            "hours": float("nan") if numbers.get(4) is None else numbers[4],
            "external_share": 0.0 if ext is None else ext / 100.0,
            "source": f"{where} row {r}",
        })
        row_index = len(employees) - 1
        for k, code in enumerate(task_codes):
            v = numbers.get(n_fixed + k)
            if v is not None:
                shares.append({"municipality": municipality, "employee_id": employee_id, "task": code,
                               "share": v / 100.0, "employee_row": row_index})
    if problems:
        raise InputError(_problem_text(name, problems))
    emp = pd.DataFrame(employees, columns=["municipality", "employee_id", "unit", "employment_type",
                                           "fte_fraction", "hours", "external_share", "source"])
    sh = pd.DataFrame(shares, columns=["municipality", "employee_id", "task", "share", "employee_row"])
    return emp, sh


def _problem_text(name: str, problems: list[str]) -> str:
    head = f"{name}: {len(problems)} problem(s) in the workbook layout or cells"
    shown = problems[:MAX_ERRORS]
    more = [f"... and {len(problems) - MAX_ERRORS} more"] if len(problems) > MAX_ERRORS else []
    return "\n".join([head] + shown + more)


def _workbook_paths(source: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(source, (str, os.PathLike)):
        p = Path(source)
        if p.is_dir():
            paths = sorted(x for x in p.glob("*.xlsx") if not x.name.startswith("~$"))
            if not paths:
                raise InputError(f"{p}: no .xlsx workbooks in this folder")
            return paths
        if not p.is_file():
            raise InputError(f"{p}: no such workbook or folder")
        return [p]
    return [Path(x) for x in source]


def read_workbooks(source: PathLike | Iterable[PathLike], spec: SpecLike = "benchmark2013",
                   **roster_options: Any) -> StaffRoster:
    """Read one workbook, every ``.xlsx`` in a folder, or a list of files into one roster.

    ``roster_options`` go to :class:`jobbench.StaffRoster` (``hours_per_fte``, ``units`` …).
    Layout problems raise :class:`InputError`; rule violations of single employees (shares above
    100 %, unknown employment type …) become :attr:`StaffResults.errors` naming file, sheet and row.
    """
    sp: Spec = load_spec(spec)
    frames = [read_workbook(p, sp) for p in _workbook_paths(source)]
    offset = 0
    emps, shs = [], []
    for emp, sh in frames:
        sh = sh.copy()
        sh["employee_row"] = sh["employee_row"] + offset
        offset += len(emp)
        emps.append(emp)
        shs.append(sh)
    employees = pd.concat(emps, ignore_index=True)
    shares = pd.concat(shs, ignore_index=True)
    return StaffRoster(sp, employees, shares, **roster_options)


# -- command line ------------------------------------------------------------------------------

def register(app: Any) -> None:
    """Add ``jobbench template`` and ``jobbench import`` to the typer app of :mod:`jobbench.cli`."""

    import typer

    from .cli import _console, _guard

    @app.command("template")
    @_guard
    def template(
        municipality: str = typer.Option(..., "--municipality", "-m", help="Municipality of the workbook."),
        out: Path = typer.Option(..., "--out", "-o", help="Workbook to write (.xlsx)."),
        spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path."),
        rows: int = typer.Option(200, "--rows", help="Empty employee rows to format."),
        units: Optional[str] = typer.Option(None, "--units", help="Comma-separated organisational units."),
    ) -> None:
        """Write an Excel workbook to collect each employee's time shares (Danish instructions).

        \b
        Examples:
          jobbench template -m Varde -o varde.xlsx
          jobbench template -m Varde -o varde.xlsx --rows 400 --units "Jobcenter,Ydelse,Stab"
        """
        unit_list = [u.strip() for u in units.split(",") if u.strip()] if units else None
        path = write_template(out, municipality, spec, rows=rows, units=unit_list)
        _console().print(f"Wrote {path}", markup=False)

    @app.command("import")
    @_guard
    def import_(
        source: Path = typer.Argument(..., help="A filled workbook or a folder of them."),
        out: Path = typer.Option(Path("fte.csv"), "--out", "-o", help="FTE CSV to write (benchmark input)."),
        spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path."),
        strict: bool = typer.Option(False, "--strict", help="Fail if any employee row is rejected."),
    ) -> None:
        """Read filled workbooks and write FTE per municipality × task (municipality,task,fte,fte_external).

        \b
        Examples:
          jobbench import varde.xlsx -o fte.csv
          jobbench import workbooks/ -o fte.csv --strict
        """
        staff = read_workbooks(source, spec).aggregate()
        if strict:
            staff.raise_for_errors()
        out.parent.mkdir(parents=True, exist_ok=True)
        staff.fte.to_csv(out, index=False)
        console = _console(width=160)
        errors = staff.errors
        if len(errors):
            errors_path = out.with_name(out.stem + "_rejected.csv")
            errors.to_csv(errors_path, index=False)
            for message in errors["message"]:
                console.print(f"rejected: {message}", markup=False)
            console.print(f"Wrote {len(errors)} rejected rows to {errors_path}", markup=False)
        b = staff.balance
        console.print(f"Read {int(b['employees'].sum() + b['rejected'].sum())} employee rows from "
                      f"{len(staff.municipalities)} municipalities: {b['fte_read'].sum():.3f} FTE read = "
                      f"{b['fte_tasks'].sum():.3f} on tasks + {b['fte_outside'].sum():.3f} outside the "
                      f"catalogue + {b['fte_rejected'].sum():.3f} rejected", markup=False)
        console.print(f"Wrote {out}", markup=False)
