"""The jobbench command line, via typer's CliRunner."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jobbench.cli import app
from conftest import SMALL_SPEC, small_fte, small_person_years, small_population

runner = CliRunner()


@pytest.fixture
def own_inputs(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SMALL_SPEC), encoding="utf-8")
    paths = {"--spec": spec}
    for opt, frame in (("--fte", small_fte()), ("--person-years", small_person_years()),
                       ("--population", small_population())):
        p = tmp_path / f"{opt.strip('-')}.csv"
        frame.to_csv(p, index=False)
        paths[opt] = p
    args = []
    for opt, p in paths.items():
        args += [opt, str(p)]
    return args


def test_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "run" in result.output and "tables" in result.output


def test_run_own_inputs(tmp_path, own_inputs):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--municipality", "Bby", "--out", str(out), *own_inputs])
    assert result.exit_code == 0, result.output
    assert "Bby" in result.output and "rang" in result.output
    assert (out / "table_T1.csv").exists() and (out / "jobbench_Bby.xlsx").exists()


def test_tables_list_and_show(own_inputs):
    result = runner.invoke(app, ["tables", "--spec", own_inputs[1]])
    assert result.exit_code == 0, result.output
    assert "T1" in result.output and "Ressourceforbrug" in result.output
    result = runner.invoke(app, ["tables", "T1", *own_inputs])
    assert result.exit_code == 0, result.output
    assert "Produktivitet" in result.output and "Gns. kommuner" in result.output


def test_error_is_one_line_exit_1(tmp_path, own_inputs):
    result = runner.invoke(app, ["run", "--municipality", "Zby", "--out", str(tmp_path), *own_inputs])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: unknown municipality 'Zby'")
    assert "Traceback" not in result.output


def test_bad_input_error_names_row(tmp_path, own_inputs):
    fte = small_fte()
    fte.loc[3, "fte"] = -2.0
    path = tmp_path / "bad.csv"
    fte.to_csv(path, index=False)
    args = list(own_inputs)
    args[args.index("--fte") + 1] = str(path)
    result = runner.invoke(app, ["run", "-m", "Aby", "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 1
    # A file's rows are named by the line an editor shows (header = line 1), not the 0-based row.
    assert "bad.csv line 5 (Aby, k.sag): negative FTE -2" in result.output


def test_debug_shows_traceback(tmp_path, own_inputs):
    result = runner.invoke(app, ["--debug", "run", "--municipality", "Zby", "--out", str(tmp_path), *own_inputs])
    assert result.exit_code == 1
    assert result.exception is not None and "Zby" in str(result.exception)


def test_run_needs_both_inputs(tmp_path, own_inputs):
    result = runner.invoke(app, ["run", "-m", "Aby", "--fte", own_inputs[own_inputs.index("--fte") + 1]])
    assert result.exit_code == 1
    assert "error: own inputs need both --fte and --person-years" in result.output
