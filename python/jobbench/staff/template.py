"""The Excel collection workbook for staff time registration: its layout and :func:`write_template`.

``write_template`` makes a workbook for one municipality from the spec: a Danish instructions sheet
("Vejledning") and the collection sheet ("Medarbejdere") with one row per employee and one column per
task node, grouped by main task with the report's labels, data validation on every input cell and a
row sum that turns red above 100 %. :mod:`.workbook` reads the filled workbooks back. See
docs/staff-time.md.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence, Union

import pandas as pd

from .. import _safe_cells as safe
from ..spec import Spec, SpecLike, load_spec
from .roster import HOURS_PER_FTE

__all__ = ["CODE_ROW", "DATA_SHEET", "FIRST_DATA_ROW", "FIXED_COLUMNS", "INSTRUCTIONS_SHEET", "LABEL_ROW",
           "MAX_EMPLOYEE_ROWS", "template_columns", "write_template"]

PathLike = Union[str, "os.PathLike[str]"]

INSTRUCTIONS_SHEET = "Vejledning"
DATA_SHEET = "Medarbejdere"
LISTS_SHEET = "Lister"
GROUP_ROW, LABEL_ROW, CODE_ROW, FIRST_DATA_ROW = 2, 3, 4, 5
#: The reader's limit of employee rows FIRST_DATA_ROW .. FIRST_DATA_ROW + 19,999 (docs/staff-time.md).
MAX_EMPLOYEE_ROWS = 20_000

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
    return _task_columns(load_spec(spec))


def _task_columns(sp: Spec) -> pd.DataFrame:
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
    roster or last year's staff list. Text from the spec or the data (municipality, labels, names)
    is stored as strings, never as formulas; the only formulas are the template's own row sums.
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    sp = load_spec(spec)
    cols = _task_columns(sp)
    n_fixed = len(FIXED_COLUMNS)
    first_task = n_fixed + 1
    last_task = n_fixed + len(cols)
    sum_col = last_task + 1
    if employees is not None:
        employees = employees[employees["municipality"].astype(str) == municipality].reset_index(drop=True)
        rows = max(rows, len(employees) + 20)
    if not 1 <= rows <= MAX_EMPLOYEE_ROWS:
        raise ValueError(f"rows must be between 1 and {MAX_EMPLOYEE_ROWS:,} (the reader's limit), got {rows:,}")
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
        safe.put(info.cell(row=r, column=1), line)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 110

    ws = wb.create_sheet(DATA_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for r, t in enumerate(types, start=1):
        safe.put(lists.cell(row=r, column=1), t)
    for r, u in enumerate(units or [], start=1):
        safe.put(lists.cell(row=r, column=2), str(u))

    ws["A1"] = "Kommune"
    safe.put(ws["B1"], municipality)
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    safe.put(ws["C1"], sp.name)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, (code, label, _kind) in enumerate(FIXED_COLUMNS, start=1):
        ws.cell(row=LABEL_ROW, column=j, value=label).font = bold
        ws.cell(row=CODE_ROW, column=j, value=code)
        ws.column_dimensions[_col(j)].width = 16
    group_start: dict[str, int] = {}
    for j, row in enumerate(cols.itertuples(index=False), start=first_task):
        group_start.setdefault(row.group, j)
        cell = safe.put(ws.cell(row=LABEL_ROW, column=j), row.label)
        cell.alignment = wrap
        cell.font = Font(bold=row.depth == 1)
        safe.put(ws.cell(row=CODE_ROW, column=j), row.code)
        ws.column_dimensions[_col(j)].width = 14
    groups = list(group_start.items())
    for k, (group, start) in enumerate(groups):
        end = groups[k + 1][1] - 1 if k + 1 < len(groups) else last_task
        safe.put(ws.cell(row=GROUP_ROW, column=start), group).font = bold
        if end > start:
            ws.merge_cells(start_row=GROUP_ROW, start_column=start, end_row=GROUP_ROW, end_column=end)
    ws.cell(row=LABEL_ROW, column=sum_col, value=SUM_LABEL).font = bold
    ws.cell(row=CODE_ROW, column=sum_col, value=SUM_CODE)
    ws.row_dimensions[LABEL_ROW].height = 60
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=first_task)

    first_task_l, last_task_l, sum_l = _col(first_task), _col(last_task), _col(sum_col)
    for r in range(FIRST_DATA_ROW, last_row + 1):  # the template's own formulas (never data text)
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
            safe.put(ws.cell(row=r, column=j), 100.0 * float(v) if code == "external_share" else v)
    if shares is None:
        return
    municipality = str(employees["municipality"].iloc[0])
    for s in shares[shares["municipality"].astype(str) == municipality].to_dict("records"):
        ws.cell(row=row_of[str(s["employee_id"])], column=column_of[str(s["task"])],
                value=100.0 * float(s["share"]))
