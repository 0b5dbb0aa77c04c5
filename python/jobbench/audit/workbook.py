"""Excel for case audits: the draw list, the judgement workbook and its strict, bounded import.

``write_draw_list`` writes the sample (and reserves) for the caseworkers. ``write_template`` writes
a judgement workbook: one row per sampled case, one column per criterion of the catalogue, a list
validation (Ja / Nej / Ikke relevant / Ved ikke) on every outcome cell. ``read_judgements`` reads
it back with the staff-time reader's limits (:mod:`jobbench.staff.workbook`: zip-bomb and size
checks, streaming, formulas only as calculated values) and raises :class:`InputError` naming file,
sheet, cell and rule. See docs/audit.md.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Union

import pandas as pd

from .. import _safe_cells as safe
from .._errors import InputError
from ..staff.workbook import MAX_COLUMNS, _open_workbook, _problem_text, _Sheet, _text_cell
from .cases import OUTCOMES, check_cases
from .catalogue import CatalogueLike, load_catalogue

__all__ = ["JUDGEMENT_SHEET", "LABELS", "MAX_CASE_ROWS", "read_judgements", "write_draw_list",
           "write_template"]

PathLike = Union[str, "os.PathLike[str]"]

JUDGEMENT_SHEET = "Vurderinger"
INSTRUCTIONS_SHEET = "Vejledning"
DRAW_SHEET = "Udtræk"
LABEL_ROW, CODE_ROW, FIRST_ROW = 2, 3, 4
FIXED = (("municipality", "Kommune"), ("case", "Sag"), ("target_group", "Målgruppe"),
         ("stratum", "Stratum"))
#: Danish cell text -> outcome code (the codes themselves are read too)
LABELS = {"Ja": "met", "Nej": "not_met", "Ikke relevant": "not_relevant", "Ved ikke": "unknown"}
MAX_CASE_ROWS = 20_000
_INSTRUCTIONS = (
    "Sagsgennemgang: vurdering af de udtrukne sager",
    "",
    "Én række pr. udtrukket sag. Skriv ikke CPR-numre eller navne; brug sagens id fra udtrækslisten.",
    "Vælg for hvert undersøgelsespunkt Ja, Nej, Ikke relevant eller Ved ikke i listen.",
    "Ikke relevant: punktet gælder ikke sagen (fx et 'Hvis ...'-punkt, hvor betingelsen ikke er opfyldt).",
    "Ved ikke: sagen kan ikke vurderes på punktet; tæller ikke med i andelen, men rapporteres.",
    "Et punkt med en betingelse (se rækken over koderne) må kun vurderes Ja/Nej, når betingelsen er Ja.",
    "Ændr ikke række 1-3, kolonnernes rækkefølge eller arkenes navne. Alle celler skal udfyldes.",
)


def write_draw_list(sample: pd.DataFrame, path: PathLike) -> Path:
    """The draw list as Excel (sheet 'Udtræk'): the sample's columns, reserves marked, for the
    caseworkers to pull the cases in draw order."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = DRAW_SHEET
    frame = sample.copy()
    if "reserve" in frame.columns:
        frame["reserve"] = frame["reserve"].map({True: "reserve", False: ""})
    safe.append(ws, [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        safe.append(ws, [v.item() if hasattr(v, "item") else v for v in row])
    ws.freeze_panes = "A2"
    out = Path(path)
    book.save(out)
    return out


def write_template(path: PathLike, cases: pd.DataFrame, catalogue: CatalogueLike = "audit2022") -> Path:
    """A judgement workbook for the sampled cases (``municipality, case, target_group, stratum``;
    reserves are left out) with one column per criterion of the catalogue."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    cat = load_catalogue(catalogue)
    rows = cases[~cases["reserve"].astype(bool)] if "reserve" in cases.columns else cases
    missing = [c for c, _ in FIXED if c not in rows.columns and c != "target_group"]
    if missing:
        raise InputError(f"template: the cases lack column(s) {', '.join(missing)}")
    book = Workbook()
    guide = book.active
    guide.title = INSTRUCTIONS_SHEET
    for line in _INSTRUCTIONS:
        safe.append(guide, [line])
    ws = book.create_sheet(JUDGEMENT_SHEET)
    safe.put(ws.cell(1, 1), "Katalog")
    safe.put(ws.cell(1, 2), catalogue if isinstance(catalogue, str) else "eget katalog")
    codes = [c for c, _ in FIXED] + list(cat["criterion"])
    labels = [label for _, label in FIXED] + list(cat["name"])
    for j, (code, label) in enumerate(zip(codes, labels), start=1):
        safe.put(ws.cell(LABEL_ROW, j), label).font = Font(bold=True)
        ws.cell(LABEL_ROW, j).alignment = Alignment(wrap_text=True, vertical="top")
        safe.put(ws.cell(CODE_ROW, j), code)
    for i, row in enumerate(rows.itertuples(index=False), start=FIRST_ROW):
        record = row._asdict()
        for j, (code, _) in enumerate(FIXED, start=1):
            safe.put(ws.cell(i, j), str(record.get(code, "")))
    last = FIRST_ROW + max(len(rows), 1) - 1
    dv = DataValidation(type="list", formula1='"' + ",".join(LABELS) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="Ugyldig vurdering",
                        error="Vælg Ja, Nej, Ikke relevant eller Ved ikke")
    first_col, last_col = _letter(len(FIXED) + 1), _letter(len(codes))
    dv.add(f"{first_col}{FIRST_ROW}:{last_col}{last}")
    ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(FIRST_ROW, len(FIXED) + 1)
    out = Path(path)
    book.save(out)
    return out


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


class _JudgementSheet(_Sheet):
    last_row = FIRST_ROW + MAX_CASE_ROWS - 1


def read_judgements(path: PathLike, catalogue: Optional[CatalogueLike] = "audit2022",
                    frame: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """A filled judgement workbook -> the long cases (``municipality, case, target_group, stratum,
    criterion, outcome``), checked as :func:`jobbench.audit.check_cases` checks (filters, missing
    and duplicate judgements) with the catalogue. Problems raise :class:`InputError`, each naming
    the file, sheet, cell and what was expected there."""
    p = Path(path)
    wb = _open_workbook(p, p.name)
    try:
        if JUDGEMENT_SHEET not in wb.sheetnames or not hasattr(wb[JUDGEMENT_SHEET], "_get_source"):
            raise InputError(f"{p.name}: missing sheet '{JUDGEMENT_SHEET}' (sheets present: "
                             f"{', '.join(wb.sheetnames)}); expected the workbook of `jobbench audit template`")
        sheet = _JudgementSheet(wb, wb[JUDGEMENT_SHEET], f"{p.name}!{JUDGEMENT_SHEET}")
        long = _read_sheet(sheet, p.name, catalogue)
    finally:
        wb.close()
    try:
        check_cases(long, catalogue, frame)
    except InputError as exc:
        raise InputError(f"{p.name}: {exc}") from None
    return long


def _expected_codes(sheet: _Sheet, header: dict[int, dict[int, Any]],
                    catalogue: Optional[CatalogueLike]) -> list[str]:
    codes = header.get(CODE_ROW, {})
    found = [_text_cell(sheet.value(codes, CODE_ROW, j)) for j in range(1, MAX_COLUMNS + 1)]
    while found and not found[-1]:
        found.pop()
    for j, (code, _) in enumerate(FIXED, start=1):
        if j > len(found) or found[j - 1] != code:
            sheet.problems.append(f"{sheet.where} cell {_letter(j)}{CODE_ROW}: expected column code "
                                  f"'{code}', found '{found[j - 1] if j <= len(found) else ''}'")
    criteria = found[len(FIXED):]
    known = set(load_catalogue(catalogue)["criterion"]) if catalogue is not None else set(criteria)
    for j, code in enumerate(criteria, start=len(FIXED) + 1):
        if code not in known:
            sheet.problems.append(f"{sheet.where} cell {_letter(j)}{CODE_ROW}: '{code}' is not a criterion "
                                  "of the catalogue; expected the codes written by `jobbench audit template`")
    if not criteria:
        sheet.problems.append(f"{sheet.where} row {CODE_ROW}: no criterion columns after "
                              f"{', '.join(c for c, _ in FIXED)}")
    return found


def _read_sheet(sheet: _Sheet, name: str, catalogue: Optional[CatalogueLike]) -> pd.DataFrame:
    header: dict[int, dict[int, Any]] = {}
    codes: Optional[list[str]] = None
    records: list[dict[str, Any]] = []
    for r, cells in sheet.rows():
        if r < FIRST_ROW:
            header[r] = cells
            continue
        if codes is None:
            codes = _codes_or_raise(sheet, name, header, catalogue)
        records += _case_row(sheet, r, cells, codes)
    if codes is None:
        codes = _codes_or_raise(sheet, name, header, catalogue)
    if not records and not sheet.problems:
        sheet.problems.append(f"{sheet.where}: no case rows from row {FIRST_ROW} on")
    if sheet.problems:
        raise InputError(_problem_text(name, sheet.problems))
    sheet.warn_formulas()
    return pd.DataFrame(records, columns=[c for c, _ in FIXED] + ["criterion", "outcome"])


def _codes_or_raise(sheet: _Sheet, name: str, header: dict[int, dict[int, Any]],
                    catalogue: Optional[CatalogueLike]) -> list[str]:
    codes = _expected_codes(sheet, header, catalogue)
    if sheet.problems:
        raise InputError(_problem_text(name, sheet.problems))
    return codes


def _case_row(sheet: _Sheet, r: int, cells: dict[int, Any], codes: list[str]) -> list[dict[str, Any]]:
    values = [_text_cell(sheet.value(cells, r, j)) for j in range(1, len(codes) + 1)]
    fixed = dict(zip([c for c, _ in FIXED], values))
    for j, (code, label) in enumerate(FIXED[:2], start=1):
        if not fixed[code]:
            sheet.problems.append(f"{sheet.where} row {r} column {_letter(j)} ({code}): expected the "
                                  f"{label.lower()}, found nothing (the row has other values)")
    out = []
    for j in range(len(FIXED), len(codes)):
        text = values[j]
        outcome = LABELS.get(text, text if text in OUTCOMES else None)
        if outcome is None:
            sheet.problems.append(f"{sheet.where} row {r} column {_letter(j + 1)} ({codes[j]}): "
                                  f"'{text}' is not a judgement; expected Ja, Nej, Ikke relevant or Ved ikke"
                                  + (" (every cell must be filled)" if not text else ""))
            continue
        out.append({**fixed, "criterion": codes[j], "outcome": outcome})
    return out
