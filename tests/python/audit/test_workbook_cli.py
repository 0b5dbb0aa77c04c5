"""The collection round trip: sample -> draw list -> template -> (filled) -> import -> shares, in
Python and on the command line."""
from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import jobbench
from jobbench import audit
from jobbench.cli import app

LABEL = {"met": "Ja", "not_met": "Nej", "not_relevant": "Ikke relevant", "unknown": "Ved ikke"}


def population() -> pd.DataFrame:
    return pd.DataFrame([{"municipality": m, "case": f"{m[:2]}{h}{i:02d}", "stratum": s}
                         for m in ("Odense", "Middelfart") for h, s in enumerate(("5-7", "7-10", "10+"))
                         for i in range(30)])


def fill(path, outcomes) -> None:
    """Type judgements into the template as a caseworker would (Danish labels)."""
    book = load_workbook(path)
    ws = book["Vurderinger"]
    codes = [c.value for c in ws[3]]
    for r in range(4, ws.max_row + 1):
        key = (ws.cell(r, 1).value, ws.cell(r, 2).value)
        for j, code in enumerate(codes[4:], start=5):
            ws.cell(r, j).value = LABEL[outcomes(key, code)]
    book.save(path)


def judge(key, code):
    if code == "goal":
        return "met" if int(key[1][2:]) % 3 else "not_met"
    return "met"


CATALOGUE = pd.DataFrame({"criterion": ["plan", "goal"], "theme": "Plan", "name": ["Plan", "Jobmål"],
                          "legal_basis": "", "favourable": "met", "filter": ["", "plan"], "note": ""})


def test_round_trip_in_python(tmp_path):
    drawn = audit.sample(population(), 15, seed=1, reserves=2).assign(target_group="tg")
    audit.write_draw_list(drawn, tmp_path / "draw.xlsx")
    path = audit.write_template(tmp_path / "v.xlsx", drawn, CATALOGUE)
    ws = load_workbook(path)["Vurderinger"]
    assert ws.max_row == 3 + 30  # reserves are not judged
    assert ws.data_validations.dataValidation[0].formula1 == '"Ja,Nej,Ikke relevant,Ved ikke"'
    fill(path, judge)
    cases = audit.read_judgements(path, CATALOGUE)
    assert len(cases) == 60 and set(cases["outcome"]) <= {"met", "not_met"}
    got = audit.shares(cases, catalogue=CATALOGUE)
    assert set(got["criterion"]) == {"plan", "goal"} and (got.loc[got["criterion"] == "plan", "share"] == 1).all()


def test_import_is_strict(tmp_path):
    drawn = audit.sample(population(), 15, seed=1).assign(target_group="tg")
    path = audit.write_template(tmp_path / "v.xlsx", drawn, CATALOGUE)
    fill(path, judge)
    book = load_workbook(path)
    ws = book["Vurderinger"]
    ws.cell(4, 5).value = "måske"
    ws.cell(5, 6).value = None
    book.save(path)
    with pytest.raises(jobbench.InputError) as err:
        audit.read_judgements(path, CATALOGUE)
    text = str(err.value)
    assert "v.xlsx!Vurderinger row 4 column E (plan): 'måske' is not a judgement" in text
    assert "row 5 column F (goal): '' is not a judgement" in text
    fill(path, lambda key, code: "not_met" if code == "plan" else "met")
    with pytest.raises(jobbench.InputError, match=r"v.xlsx: cases: 30 judgements whose filter criterion is not met"):
        audit.read_judgements(path, CATALOGUE)
    (tmp_path / "x.xlsx").write_text("municipality,case\n")
    with pytest.raises(jobbench.InputError, match="not an Excel workbook"):
        audit.read_judgements(tmp_path / "x.xlsx", CATALOGUE)


def test_command_line_round_trip(tmp_path):
    runner = CliRunner()
    population().to_csv(tmp_path / "cases.csv", index=False)
    CATALOGUE.to_csv(tmp_path / "cat.csv", index=False)
    draw = tmp_path / "draw.xlsx"
    result = runner.invoke(app, ["audit", "sample", str(tmp_path / "cases.csv"), "-n", "15", "--seed", "3",
                                 "--reserves", "1", "-o", str(draw)])
    assert result.exit_code == 0, result.output
    assert "Drew 30 cases (6 reserves)" in result.output
    book = tmp_path / "v.xlsx"
    result = runner.invoke(app, ["audit", "template", str(draw), "-o", str(book), "-c", str(tmp_path / "cat.csv"),
                                 "--target-group", "tg"])
    assert result.exit_code == 0, result.output
    fill(book, judge)
    out = tmp_path / "j.csv"
    result = runner.invoke(app, ["audit", "import", str(book), "-o", str(out), "-c", str(tmp_path / "cat.csv")])
    assert result.exit_code == 0, result.output
    assert "plan: 100 %" in result.output
    assert len(pd.read_csv(out)) == 60
    result = runner.invoke(app, ["audit", "sample", str(tmp_path / "cases.csv"), "-n", "15", "--seed", "3",
                                 "--rule", "random", "-o", str(draw)])
    assert result.exit_code == 1 and "equal" in result.output


def test_command_line_report(tmp_path):
    runner = CliRunner()
    rows = [{"municipality": m, "case": str(i), "target_group": "t", "stratum": "s", "criterion": "plan",
             "outcome": "met" if i < k else "not_met"} for m, k in (("A", 14), ("B", 3)) for i in range(15)]
    pd.DataFrame(rows).to_csv(tmp_path / "j.csv", index=False)
    CATALOGUE.iloc[:1].to_csv(tmp_path / "cat.csv", index=False)
    result = runner.invoke(app, ["audit", "report", str(tmp_path / "j.csv"), "-m", "A", "-c", str(tmp_path / "cat.csv"),
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "sagsgennemgang.html").read_text(encoding="utf-8")
    assert "signifikant højere" in page and (tmp_path / "out" / "andel_plan.png").is_file()
    result = runner.invoke(app, ["audit", "report", str(tmp_path / "j.csv"), "-m", "A", "-c", str(tmp_path / "cat.csv"),
                                 "-o", str(tmp_path / "all"), "--format", "html,docx,xlsx"])
    assert result.exit_code == 0, result.output
    assert all((tmp_path / "all" / f"sagsgennemgang.{f}").is_file() for f in ("html", "docx", "xlsx"))
