"""Command-line conventions of issue 12: global flags, one municipality rule, validated options,
``tables --format``, terminal width, ``--names`` and ``jobbench init``."""
from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

import jobbench
from jobbench.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def results():
    return jobbench.datasets.benchmark2013().benchmark().fit()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"jobbench {jobbench.__version__}"


def test_python_dash_m_jobbench():
    done = subprocess.run([sys.executable, "-m", "jobbench", "--version"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"jobbench {jobbench.__version__}"


@pytest.mark.parametrize("position", ["before", "after"])
def test_debug_anywhere_shows_traceback(position):
    args = ["tables", "4.2", "-m", "Nowhere"]
    args = ["--debug", *args] if position == "before" else [*args, "--debug"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, jobbench.InputError)


def test_without_debug_one_line_with_suggestion():
    result = runner.invoke(app, ["tables", "4.2", "-m", "Vrade"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: unknown municipality 'Vrade' (did you mean 'Varde'?)"


def test_debug_does_not_leak_into_next_invocation():
    runner.invoke(app, ["tables", "4.2", "-m", "Nowhere", "--debug"])
    result = runner.invoke(app, ["tables", "4.2", "-m", "Nowhere"])
    assert result.exit_code == 1 and result.output.startswith("error: unknown municipality")


@pytest.mark.parametrize("name", ["Varde", "varde", "VARDE", "573", " varde "])
def test_municipality_by_name_any_case_or_code(name, results):
    result = runner.invoke(app, ["tables", "4.2", "-m", name, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert results.municipality_name(name) == "Varde"


def test_municipality_name_api(results):
    assert results.municipality_name(573) == "Varde"
    assert results.municipality_name("lyngby-taarbæk") == "Lyngby-Taarbæk"
    with pytest.raises(jobbench.InputError, match="did you mean 'Haderslev'"):
        results.municipality_name("Hadrslev")
    with pytest.raises(jobbench.InputError, match="unknown municipality '851'"):
        results.municipality_name("851")  # Aalborg: a real code, but not in this benchmark


@pytest.mark.parametrize("command", [["run"], ["report", "--out", "x"], ["template", "-o", "x.xlsx"]])
def test_municipality_required_where_output_is_about_one(command):
    result = runner.invoke(app, command)
    assert result.exit_code == 2
    assert "--municipality" in result.output


def test_per_municipality_table_needs_municipality():
    result = runner.invoke(app, ["tables", "3.1"])
    assert result.exit_code == 1
    assert "table 3.1 is about one municipality: pass -m/--municipality" in result.output


@pytest.mark.parametrize("value", ["-3", "-0.5", "nan"])
def test_threshold_must_be_non_negative(tmp_path, value):
    result = runner.invoke(app, ["report", "-m", "Varde", "--out", str(tmp_path), "--threshold", value])
    assert result.exit_code != 0
    assert not any(tmp_path.iterdir())  # rejected before any work


def test_write_rejects_negative_threshold(tmp_path):
    with pytest.raises(ValueError, match="threshold must be 0"):
        jobbench.report.write("benchmark2013", "Varde", tmp_path, formats="csv", threshold=-3)


@pytest.mark.parametrize("args", [["indicators", "p.arrow", "--threads", "-1"],
                                  ["template", "-m", "Varde", "-o", "x.xlsx", "--rows", "0"],
                                  ["tables", "4.2", "--format", "xml"]])
def test_invalid_options_are_refused(args):
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_tables_csv_is_the_unrounded_table(results):
    result = runner.invoke(app, ["tables", "4.2", "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output), index_col="code")
    expected = results.table("4.2")
    assert list(frame.index) == list(expected.index)
    pd.testing.assert_frame_equal(frame.drop(columns="label"), expected.drop(columns="label"),
                                  check_exact=False, rtol=1e-15, check_dtype=False, check_index_type=False)


def test_tables_markdown(results):
    result = runner.invoke(app, ["tables", "4.2", "-m", "Varde", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("|  | Sønderborg | Varde |")
    assert set(lines[1]) <= set("|-: ")
    cells = results.format_cells("4.2", municipality="Varde")
    assert len(lines) == 2 + len(cells)
    assert lines[2].split(" | ")[2] == str(cells.iloc[0, 2])  # Varde's first value, Danish format


def test_tables_listing_as_csv():
    result = runner.invoke(app, ["tables", "--format", "csv"])
    frame = pd.read_csv(io.StringIO(result.output), dtype=str)
    assert list(frame.columns) == ["id", "title"] and "4.2" in set(frame["id"])


def test_terminal_table_fits_80_columns_without_cutting_numbers(monkeypatch, results):
    import jobbench.cli.benchmark as bench

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, force_terminal=True, color_system=None)
    monkeypatch.setattr(bench, "_console", lambda stderr=False, width=None: console)
    bench._print_table(results, "4.2", "Varde")
    text = buffer.getvalue()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    cells = results.format_cells("4.2", municipality="Varde")
    for column in cells.columns[1:]:  # every municipality's header and every number is printed whole
        assert column in text
    assert text.count("(fortsat)") >= 2


def test_quiet_keeps_results_drops_bookkeeping(tmp_path):
    loud = runner.invoke(app, ["run", "-m", "Varde", "--out", str(tmp_path / "a"), "--no-excel"])
    quiet = runner.invoke(app, ["run", "-m", "Varde", "--out", str(tmp_path / "b"), "--no-excel", "--quiet"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "Wrote" in loud.output and "Wrote" not in quiet.output
    assert "Samlet produktivitet" in quiet.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in (tmp_path / "b").iterdir())


def test_indicators_names_and_period_validation(tmp_path):
    path = tmp_path / "panel.arrow"
    jobbench.synthetic_panel_to_ipc(path, persons=300, seed=3, municipalities=3, chunk_persons=300)
    out = tmp_path / "ind.csv"
    result = runner.invoke(app, ["indicators", str(path), "--names", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    codes = jobbench.municipalities().set_index("code")["name"]
    expected = [codes.get(int(m), str(m)) for m in written["municipality"]]
    assert list(written["municipality_name"]) == expected
    assert "rows used" not in result.output  # --quiet
    bad = runner.invoke(app, ["indicators", str(path), "--period", "2012-2013"])
    assert bad.exit_code == 1
    assert "expected FIRST-LAST as YYYYWW-YYYYWW" in bad.output


def test_template_uses_official_spelling(tmp_path):
    out = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["template", "-m", "høje-taastrup", "-o", str(out), "--rows", "3"])
    assert result.exit_code == 0, result.output
    import openpyxl

    book = openpyxl.load_workbook(out)
    values = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("Høje-Taastrup" in v for v in values)
    assert not any("høje-taastrup" in v for v in values)
