"""jobbench funnel / ranks: CSV, Excel and PNG written; the municipality's line printed."""
from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from jobbench.cli import app

runner = CliRunner()


def test_funnel_of_a_benchmark_table(tmp_path):
    out = tmp_path / "funnel_4.2"
    result = runner.invoke(app, ["funnel", "--table", "4.2", "-m", "varde", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out.with_name("funnel_4.2.csv"))
    assert {"municipality", "n", "value", "z", "lower95", "upper95", "lower998", "upper998",
            "flag", "indicator"} <= set(frame.columns)
    assert frame["indicator"].nunique() == 6 and len(frame) == 6 * 15
    assert "Varde: Aktiveringsgrad:" in result.output
    assert out.with_name("funnel_4.2.png").stat().st_size > 10_000
    assert load_workbook(out.with_name("funnel_4.2.xlsx")).active.max_row == 91


def test_funnel_of_a_csv_names_the_bad_unit(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("municipality;k;n\nA;3;10\nB;12;10\nC;4;9\n", encoding="utf-8")
    result = runner.invoke(app, ["funnel", str(path), "--numerator", "k", "--denominator", "n",
                                 "-o", str(tmp_path / "f")])
    assert result.exit_code != 0
    assert "B:" in result.output and "numerator" in result.output


def test_funnel_csv_formula_text_is_neutralised(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("municipality,k,n\n=HYPERLINK(1),3,10\nB,5,10\nC,4,9\nD,6,12\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["funnel", str(path), "--numerator", "k", "--denominator", "n",
                                 "--overdispersion", "none", "-o", str(tmp_path / "f")])
    assert result.exit_code == 0, result.output
    cell = load_workbook(tmp_path / "f.xlsx").active["A2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)"
    assert (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()[1].startswith("'=")


def test_ranks_of_productivity_and_of_a_csv(tmp_path):
    out = tmp_path / "ranks_adp"
    result = runner.invoke(app, ["ranks", "--item", "adp", "-m", "Varde", "-o", str(out),
                                 "--draws", "500"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out.with_name("ranks_adp.csv"))
    assert len(frame) == 15 and (frame["lower"] <= frame["rank"]).all()
    assert (frame["rank"] <= frame["upper"]).all()
    assert "Varde: rank " in result.output
    path = tmp_path / "est.csv"
    path.write_text("municipality,estimate,se\nA,1.0,0.1\nB,2.0,0.1\nC,1.5,2\n", encoding="utf-8")
    result = runner.invoke(app, ["ranks", str(path), "-o", str(tmp_path / "r"), "--simultaneous"])
    assert result.exit_code == 0, result.output
    r = pd.read_csv(tmp_path / "r.csv").set_index("municipality")
    assert r.loc["B", "rank"] == 1 and r.loc["C", "lower"] == 1 and r.loc["C", "upper"] == 3


def test_efficiency_command(tmp_path):
    out = tmp_path / "efficiency"
    result = runner.invoke(app, ["efficiency", "-m", "varde", "--draws", "100", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out.with_name("efficiency.csv"))
    assert {"municipality", "efficiency", "super_efficiency", "lower", "upper", "peers"} <= set(frame.columns)
    assert len(frame) == 15 and "Varde: efficiency" in result.output and "on the frontier:" in result.output
    assert out.with_name("efficiency.png").stat().st_size > 10_000
    assert load_workbook(out.with_name("efficiency.xlsx")).active.max_row == 16
    assert "note: smoothed bootstrap (Simar & Wilson 1998): 15 units are too few" in result.output
    assert "bootstrap: smoothed (Simar & Wilson 1998), 100 draws, 95% intervals" in result.output
    bad_method = runner.invoke(app, ["efficiency", "--method", "wild", "-o", str(out)])
    assert bad_method.exit_code != 0 and "--method 'wild': choose subsample or smoothed" in bad_method.output
    bad = runner.invoke(app, ["efficiency", "--inputs", "staff", "-o", str(out)])
    assert bad.exit_code != 0 and "--inputs" in bad.output


def test_expected_command_2013_and_csv(tmp_path):
    out = tmp_path / "expected"
    result = runner.invoke(app, ["expected", "-m", "Varde", "--conditions", "fors_jc,rammevilkaar_samlet",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out.with_name("expected.csv"))
    assert {"municipality", "actual", "expected", "residual", "lower", "upper", "rank"} <= set(frame.columns)
    assert "Varde: actual" in result.output
    assert out.with_name("expected.png").stat().st_size > 10_000
    path = tmp_path / "units.csv"
    path.write_text("municipality,y,a\nA,1,1\nB,2,2\nC,3,3\nD,4,4\nE,5,5\nF,6,6\n", encoding="utf-8")
    bad = runner.invoke(app, ["expected", str(path), "--outcome", "y", "--conditions", "a,a2",
                              "-o", str(tmp_path / "e")])
    assert bad.exit_code != 0 and "a2" in bad.output
