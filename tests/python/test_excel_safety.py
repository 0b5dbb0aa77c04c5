"""Outputs never execute: hostile labels and names stay text in every workbook and CSV jobbench writes."""
from __future__ import annotations

import copy
import csv
import re
import zipfile
from xml.etree import ElementTree

import pandas as pd
import pytest

import jobbench
from conftest import SMALL_SPEC, small_fte, small_person_years, small_population, small_quality
from jobbench import _safe_cells as safe
from jobbench.report.tables import write_tables
from jobbench.staff.template import write_template

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'
NAMES = {"Aby": DDE, "Bby": LINK, "Cby": "-2+3"}  # municipalities
LABELS = ["@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "#DIV/0!", "=1+1\x07"]


def _hostile_spec() -> dict:
    spec = copy.deepcopy(SMALL_SPEC)
    spec["name"] = "=2+2"
    spec["tables"]["T1"]["title"] = "=3+3"
    rows = spec["tables"]["T1"]["rows"]
    for row, label in zip(rows[1:], [LINK, *LABELS]):
        row["label"] = label
    spec["tables"]["R"]["columns"][0]["label"] = "=4+4"
    next(t for t in spec["tasks"] if t["code"] == "a")["label"] = "=5+5"  # compare, decomposition, template
    return spec


@pytest.fixture(scope="module")
def results():
    frames = [f.replace(NAMES) for f in (small_fte(), small_person_years(), small_population(), small_quality())]
    fte, py, pop, quality = frames
    return jobbench.Benchmark(jobbench.load_spec(_hostile_spec()), fte, py, population=pop,
                              municipalities=list(NAMES.values()), quality=quality).fit()


def _sheets(path) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(path) as z:
        return {n: ElementTree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/")
                and n.endswith(".xml")}


def _formulas(path) -> list[str]:
    return [f.text or "" for root in _sheets(path).values() for f in root.iter(f"{NS}f")]


def _texts(path) -> set[str]:
    """Every string the workbook's cells hold (inline strings)."""
    return {"".join(t.text or "" for t in c.iter(f"{NS}t")) for root in _sheets(path).values()
            for c in root.iter(f"{NS}c") if c.get("t") == "inlineStr"}


def test_run_workbook_and_csv_hold_hostile_text_as_text(results, tmp_path):
    written = write_tables(results, DDE, tmp_path)
    book = next(p for p in written if p.suffix == ".xlsx")
    assert _formulas(book) == []
    texts = _texts(book)
    assert {DDE, LINK, LABELS[0], LABELS[1], LABELS[2]} <= texts
    assert "=1+1\ufffd" in texts  # a control character an .xlsx cannot hold becomes U+FFFD
    assert any(t.startswith("=5+5") for t in texts)  # the task label in the comparison sheet
    _check_csvs([p for p in written if p.suffix == ".csv"])


def test_report_workbook_and_csv_hold_hostile_text_as_text(results, tmp_path):
    paths = jobbench.write_report(results, DDE, tmp_path, formats="xlsx,csv", charts=False)
    assert _formulas(paths["xlsx"]) == []
    texts = _texts(paths["xlsx"])
    assert {DDE, LINK, *LABELS[:3]} <= texts
    assert any(t.startswith("=2+2") for t in texts)  # the spec's name in the title
    tables = sorted(paths["csv"].glob("*.csv"))
    _check_csvs(tables, negatives=False)
    with open(paths["csv"] / "table_T1.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][2:5] == ["'" + DDE, "'" + LINK, "'-2+3"]
    assert [r[1] for r in rows[2:7]] == ["'" + LINK, "'" + LABELS[0], "'" + LABELS[1], LABELS[2], "'=1+1\x07"]


def _check_csvs(paths, negatives: bool = True) -> None:
    """No field starts with a formula trigger unless it is a number; negative numbers stay numbers."""
    negative = 0
    assert paths
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.reader(fh), start=1):
                for field in row:
                    if field.startswith(safe.CSV_TRIGGERS):
                        try:
                            float(field)
                        except ValueError:
                            pytest.fail(f"{path.name} line {line}: {field!r} would run as a formula")
                        negative += field.startswith("-")
    assert negative > 0 or not negatives  # e.g. the decomposition's negative effects, written as numbers


def test_template_stores_names_and_labels_as_text_keeping_its_row_sums(tmp_path):
    spec = jobbench.load_spec(_hostile_spec())
    employees = pd.DataFrame([{"municipality": DDE, "employee_id": "=1+1", "unit": LINK,
                               "employment_type": "@ordinary", "fte_fraction": 1.0}])
    shares = pd.DataFrame([{"municipality": DDE, "employee_id": "=1+1", "task": "a.sag.o30", "share": 0.5}])
    path = write_template(tmp_path / "t.xlsx", DDE, spec, rows=5, units=[LINK, "+Ydelse"],
                          employees=employees, shares=shares)
    formulas = _formulas(path)
    assert len(formulas) == 21  # the row sums of rows 5-25 (one employee + 20 spare rows) and nothing else
    assert all(re.fullmatch(r"SUM\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas)
    assert {DDE, LINK, "+Ydelse", "=1+1", "@ordinary", "=2+2", "=5+5", "=5+5 (ikke fordelt)"} <= _texts(path)
    with zipfile.ZipFile(path) as z:  # the formulas sit in the data sheet's sum column only
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.endswith(".xml")
                   and n != "xl/worksheets/sheet2.xml")
    roster_employees, roster_shares = jobbench.read_workbook(path, spec)
    assert roster_employees.at[0, "municipality"] == DDE and roster_employees.at[0, "employee_id"] == "=1+1"
    assert roster_shares.at[0, "share"] == pytest.approx(0.5)


def test_csv_frame_leaves_numbers_alone():
    frame = pd.DataFrame({"label": ["=1+1", "ok", "-x"], "value": [-1.5, 2.0, -0.0]}, index=["@a", "b", "+c"])
    out = safe.csv_frame(frame)
    assert list(out["label"]) == ["'=1+1", "ok", "'-x"] and list(out.index) == ["'@a", "b", "'+c"]
    assert out["value"].dtype == frame["value"].dtype and list(out["value"]) == [-1.5, 2.0, -0.0]
    assert safe.csv_text(-3) == -3 and safe.csv_text("\tx") == "'\tx" and safe.csv_text("\rx") == "'\rx"
