"""Excel collection workbooks: template layout, round trip, layout errors, several files, CLI."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import jobbench
from jobbench import InputError
from jobbench.cli import app
from jobbench.staff.template import (CODE_ROW, DATA_SHEET, FIRST_DATA_ROW, INSTRUCTIONS_SHEET, LABEL_ROW,
                                     template_columns, write_template)
from jobbench.staff.workbook import read_workbook, read_workbooks


@pytest.fixture()
def template(tmp_path):
    return write_template(tmp_path / "varde.xlsx", "Varde", rows=30, units=["Jobcenter", "Ydelse"])


def test_template_layout(template):
    cols = template_columns()
    wb = load_workbook(template)
    assert wb.sheetnames[:2] == [INSTRUCTIONS_SHEET, DATA_SHEET]
    assert "arbejdstid" in "\n".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    ws = wb[DATA_SHEET]
    assert ws["B1"].value == "Varde"
    n_fixed = 6
    codes = [ws.cell(row=CODE_ROW, column=j).value for j in range(1, n_fixed + len(cols) + 2)]
    assert codes[:n_fixed] == ["employee_id", "unit", "employment_type", "fte_fraction", "hours", "external_share"]
    assert codes[n_fixed:-1] == list(cols["code"]) and codes[-1] == "sum"
    # every task node below the root, grouped by main task with the report's labels
    spec = jobbench.load_spec()
    assert set(cols["code"]) == {t["code"] for t in spec.tasks if t.get("parent")}
    assert (cols["group"] != cols["group"].shift()).sum() == len(spec.children(spec.root))
    labels = dict(zip(cols["code"], cols["label"]))
    assert labels["adp.sag.o30"] == "Sagsbehandling: For over 30-årige"
    assert labels["adp"] == "A-dagpenge (ikke fordelt)"
    # data validation covers every input cell of every data row
    last_row = FIRST_DATA_ROW + 29
    covered: set[tuple[int, int]] = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            covered |= {(r, c) for r in range(rng.min_row, rng.max_row + 1)
                        for c in range(rng.min_col, rng.max_col + 1)}
    needed = {(r, c) for r in range(FIRST_DATA_ROW, last_row + 1) for c in range(1, n_fixed + len(cols) + 1)}
    assert needed <= covered
    # row sums with a red rule above 100
    sum_col = n_fixed + len(cols) + 1
    assert str(ws.cell(row=FIRST_DATA_ROW, column=sum_col).value).startswith("=SUM(")
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert any(r.operator == "greaterThan" and r.formula == ["100"] for r in rules)


def _fill(path, rows):
    """Fill the workbook like a user would: cell by cell, percentages."""
    cols = {code: 7 + k for k, code in enumerate(template_columns()["code"])}
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    for i, row in enumerate(rows):
        r = FIRST_DATA_ROW + i
        for j, key in enumerate(["employee_id", "unit", "employment_type", "fte_fraction", "hours",
                                 "external_share"], start=1):
            if row.get(key) is not None:
                ws.cell(row=r, column=j, value=row[key])
        for task, pct in row["tasks"].items():
            ws.cell(row=r, column=cols[task], value=pct)
    wb.save(path)


ROWS = [
    {"employee_id": "V1", "unit": "Jobcenter", "employment_type": "ordinary", "fte_fraction": 1,
     "tasks": {"adp.sag.o30": 60, "adp.sag.u30": 30, "adp.team.oevrig": 10}},
    {"employee_id": "V2", "unit": "Jobcenter", "employment_type": "flexjob", "fte_fraction": 0.8,
     "tasks": {"kh1.sag": 50, "kh1.modt": 25}},
    {"employee_id": "V3", "unit": "Ydelse", "hours": 29.6, "external_share": 40,
     "tasks": {"syg.sag.samt": 20, "syg.virk.fasth": 15.5}},
]


def test_round_trip_gives_the_same_fte(template):
    _fill(template, ROWS)
    employees, shares = read_workbook(template)
    assert list(employees["employee_id"]) == ["V1", "V2", "V3"]
    assert employees.at[2, "employment_type"] == "ordinary" and employees.at[2, "external_share"] == 0.4
    assert employees.at[0, "source"] == f"varde.xlsx!{DATA_SHEET} row {FIRST_DATA_ROW}"
    staff = read_workbooks(template).aggregate()
    assert staff.errors.empty
    fte = staff.fte.set_index("task")["fte"]
    expected = {"adp.sag.o30": 0.6, "adp.sag.u30": 0.3, "adp.team.oevrig": 0.1, "kh1.sag": 0.2,
                "kh1.modt": 0.1, "syg.sag.samt": 0.8 * 0.2, "syg.virk.fasth": 0.8 * 0.155}
    for task, value in expected.items():
        assert fte[task] == pytest.approx(value, abs=1e-12)
    assert staff.fte.set_index("task").at["syg.sag.samt", "fte_external"] == pytest.approx(0.8 * 0.2 * 0.4)
    # the same roster given directly as frames
    direct = jobbench.StaffRoster("benchmark2013", employees.drop(columns="source"),
                                  shares.drop(columns="employee_row")).aggregate()
    pd.testing.assert_frame_equal(direct.fte, staff.fte)


def test_rule_errors_name_file_sheet_and_row(template):
    _fill(template, ROWS + [{"employee_id": "V4", "unit": "Jobcenter", "fte_fraction": 1,
                             "tasks": {"adp.modt": 80, "kh1.modt": 30}}])
    staff = read_workbooks(template).aggregate()
    errors = staff.errors
    assert list(errors["rule"]) == ["share_sum"]
    assert errors.at[0, "message"].startswith(f"varde.xlsx!{DATA_SHEET} row {FIRST_DATA_ROW + 3}: ")
    assert staff.balance.at[0, "fte_rejected"] == pytest.approx(1.0)


@pytest.mark.parametrize("break_it, expected", [
    (lambda wb: wb.remove(wb[DATA_SHEET]), f"missing sheet '{DATA_SHEET}'"),
    (lambda wb: wb[DATA_SHEET].cell(row=LABEL_ROW, column=8, value="Modtagelse"),
     f"cell H{LABEL_ROW}: expected heading 'Modtagelse og telefonvagt' for column 'adp.modt', found 'Modtagelse'"),
    (lambda wb: wb[DATA_SHEET].cell(row=CODE_ROW, column=8, value="adp.reception"),
     f"cell H{CODE_ROW}: expected column code 'adp.modt'"),
    (lambda wb: wb[DATA_SHEET].cell(row=FIRST_DATA_ROW, column=9, value="ca. 20"),
     f"row {FIRST_DATA_ROW} column I (adp.sag): 'ca. 20' is not a number; expected a percentage 0-100"),
    (lambda wb: wb[DATA_SHEET].merge_cells(f"H{FIRST_DATA_ROW + 1}:J{FIRST_DATA_ROW + 1}"),
     f"cells H{FIRST_DATA_ROW + 1}:J{FIRST_DATA_ROW + 1}: merged cells"),
    (lambda wb: wb[DATA_SHEET].cell(row=FIRST_DATA_ROW + 5, column=10, value=20),
     f"row {FIRST_DATA_ROW + 5} column A (employee_id): expected an employee id"),
    (lambda wb: setattr(wb[DATA_SHEET]["B1"], "value", None), "cell B1: expected the municipality's name"),
])
def test_wrong_layout_says_what_was_expected_where(template, break_it, expected):
    _fill(template, ROWS)
    wb = load_workbook(template)
    break_it(wb)
    wb.save(template)
    with pytest.raises(InputError) as info:
        read_workbooks(template)
    assert expected in str(info.value)
    assert str(info.value).startswith("varde.xlsx: ")


def test_danish_decimal_text_is_read_as_a_number(template):
    _fill(template, [{**ROWS[0], "tasks": {"adp.sag.o30": "60,5", "adp.sag.u30": "39,5 %"}}])
    staff = read_workbooks(template).aggregate()
    assert staff.fte.set_index("task").at["adp.sag.o30", "fte"] == pytest.approx(0.605)


def test_folder_of_synthetic_workbooks_reproduces_the_2013_benchmark(tmp_path):
    data = jobbench.datasets.benchmark2013()
    names = ["Varde", "Stevns", "Egedal"]
    paths = jobbench.write_synthetic_workbooks(tmp_path, seed=3, municipalities=names)
    assert len(paths) == 3
    staff = read_workbooks(tmp_path).aggregate(names)
    assert staff.errors.empty
    want = data.fte[data.fte["municipality"].isin(names)]
    merged = want.merge(staff.fte, on=["municipality", "task"], suffixes=("_2013", ""))
    assert len(merged) == len(want) == len(staff.fte)
    assert np.abs(merged["fte"] - merged["fte_2013"]).max() < 1e-6
    assert np.abs(merged["fte_external"] - merged["fte_external_2013"]).max() < 1e-6
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .xlsx workbooks"):
        read_workbooks(tmp_path / "empty")
    with pytest.raises(InputError, match="no such workbook or folder"):
        read_workbooks(tmp_path / "missing")


def test_duplicate_ids_across_files_are_rejected(tmp_path):
    a = write_template(tmp_path / "a.xlsx", "Varde", rows=5)
    b = write_template(tmp_path / "b.xlsx", "Varde", rows=5)
    _fill(a, ROWS[:1])
    _fill(b, ROWS[:1])
    staff = read_workbooks([a, b]).aggregate()
    assert list(staff.errors["rule"]) == ["duplicate_id"]
    assert staff.errors.at[0, "message"].startswith(f"b.xlsx!{DATA_SHEET} row {FIRST_DATA_ROW}")
    assert staff.fte.set_index("task").at["adp.sag.o30", "fte"] == pytest.approx(0.6)


def test_cli_template_and_import(tmp_path):
    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    res = runner.invoke(app, ["template", "-m", "Varde", "-o", str(out), "--rows", "10"])
    assert res.exit_code == 0, res.output
    _fill(out, ROWS + [{"employee_id": "V9", "unit": "Jobcenter", "fte_fraction": 1.3,
                        "tasks": {"adp.modt": 100}}])
    csv = tmp_path / "fte.csv"
    res = runner.invoke(app, ["import", str(out), "-o", str(csv)])
    assert res.exit_code == 0, res.output
    assert "rejected:" in res.output and "FTE fraction 1.3 out of range" in res.output
    fte = pd.read_csv(csv)
    assert list(fte.columns) == ["municipality", "task", "fte", "fte_external"]
    assert fte.set_index("task").at["adp.sag.o30", "fte"] == pytest.approx(0.6)
    assert (tmp_path / "fte_rejected.csv").is_file()
    res = runner.invoke(app, ["import", str(out), "-o", str(csv), "--strict"])
    assert res.exit_code == 1


def _replace_in_sheets(path, replacements):
    """Edit the sheets' XML text, e.g. to store what openpyxl cannot write."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            for old, new in replacements.items():
                data = data.replace(old.encode(), new.encode())
            z.writestr(name, data)


def _cache_formula_values(path, values):
    """Store a value for formulas like Excel does on save (openpyxl writes formulas without one)."""
    # openpyxl writes the empty value as <v /> with its own XML writer and as <v></v> with lxml
    empty = ("<v />", "<v></v>")
    _replace_in_sheets(path, {f"<f>{formula}</f>{v}": f"<f>{formula}</f><v>{value}</v>"
                              for formula, value in values.items() for v in empty})


def test_formulas_are_read_as_their_calculated_values_with_a_warning(template):
    _fill(template, [{**ROWS[0], "fte_fraction": "=1/2", "tasks": {"adp.sag.o30": "=30+30", "adp.sag.u30": 40}}])
    _cache_formula_values(template, {"1/2": "0.5", "30+30": "60"})
    with pytest.warns(jobbench.staff.workbook.WorkbookWarning) as caught:
        employees, shares = read_workbook(template)
    message = str(caught[0].message)
    assert message.startswith(f"varde.xlsx!{DATA_SHEET}: 2 cell(s) hold formulas")
    assert f"D{FIRST_DATA_ROW} (=1/2 = 0.5)" in message and f"J{FIRST_DATA_ROW} (=30+30 = 60)" in message
    assert employees.at[0, "fte_fraction"] == 0.5
    assert shares.set_index("task").at["adp.sag.o30", "share"] == pytest.approx(0.6)


def test_formula_without_a_calculated_value_says_how_to_fix_it(template):
    _fill(template, [{**ROWS[0], "tasks": {"adp.sag.o30": "=30+30", "adp.sag.u30": 40}}])
    with pytest.raises(InputError) as info:
        read_workbook(template)
    assert (f"cell J{FIRST_DATA_ROW}: =30+30 has no calculated value (the file was never opened in Excel); "
            "open and save the file in Excel, or type the value") in str(info.value)


@pytest.mark.parametrize("value, number", [("inf", None), ("nan", None), ("-Infinity", None),
                                           (0.123, "inf"), (0.123, "1e999"), (0.123, "NaN")])
def test_non_finite_fte_is_named_not_missing(template, value, number):
    _fill(template, [{**ROWS[0], "fte_fraction": value}])
    if number is not None:  # a number cell holding what Excel never writes
        _replace_in_sheets(template, {"<v>0.123</v>": f"<v>{number}</v>"})
    with pytest.raises(InputError) as info:
        read_workbook(template)
    message = str(info.value)
    assert f"row {FIRST_DATA_ROW} column D (fte_fraction): '" in message
    assert "' is not a finite number; expected an FTE fraction 0-1" in message
    assert "missing contracted time" not in message


def test_cli_import_prints_formula_warnings(tmp_path):
    path = write_template(tmp_path / "t.xlsx", "Varde", rows=5)
    _fill(path, [{**ROWS[0], "fte_fraction": "=1/2"}])
    _cache_formula_values(path, {"1/2": "0.5"})
    res = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path / "fte.csv")])
    assert res.exit_code == 0, res.output
    assert f"warning: t.xlsx!{DATA_SHEET}: 1 cell(s) hold formulas" in res.output
