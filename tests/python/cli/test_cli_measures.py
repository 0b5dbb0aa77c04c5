"""``jobbench indicators --quarters/--periods``: today's measures of several periods as one long
CSV (file or stdout), the options passed through, and one-line errors for bad period labels."""
from __future__ import annotations

import io
import warnings

import pandas as pd
import pytest
from typer.testing import CliRunner

import jobbench
from jobbench.cli import app
from jobbench.register import measures

runner = CliRunner()
SPEC = "benchmark2013"  # a spec with a register part that ships with the package


@pytest.fixture(scope="module")
def panel_path(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("measures") / "panel.arrow"
    jobbench.synthetic_panel_to_ipc(path, persons=300, seed=3, municipalities=3, chunk_persons=300)
    return path


def read(text_or_path) -> pd.DataFrame:
    source = io.StringIO(text_or_path) if isinstance(text_or_path, str) else text_or_path
    return pd.read_csv(source)


def expected(path, periods, **options) -> pd.DataFrame:
    return measures(path, periods, spec=SPEC, **options)


def assert_same(written: pd.DataFrame, frame: pd.DataFrame) -> None:
    assert list(written.columns) == list(frame.columns)
    assert len(written) == len(frame)
    for col in ["period", "group", "measure"]:
        assert list(written[col].astype(str)) == list(frame[col].astype(str)), col
    for col in ["first", "last", "municipality", "numerator", "denominator", "value"]:
        pd.testing.assert_series_equal(written[col].astype(float), frame[col].astype(float),
                                       check_exact=False, rtol=1e-15, check_names=False)


def test_quarters_write_the_long_measures(panel_path, tmp_path) -> None:
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["indicators", str(panel_path), "--spec", SPEC,
                                 "--quarters", "2012Q3:2013Q2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = read(out)
    assert list(written["period"].unique()) == ["2012Q3", "2012Q4", "2013Q1", "2013Q2"]
    assert_same(written, expected(panel_path, jobbench.periods.quarters(2012, 3, 2013, 2)))
    assert f"wrote {out}" in result.output


def test_periods_to_stdout_with_options(panel_path) -> None:
    args = ["indicators", str(panel_path), "--spec", SPEC, "--periods", "2012Q3,2012",
            "--status-weeks", "8", "--passive-weeks", "6", "--threads", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = read(result.stdout)
    assert list(written["period"].unique()) == ["2012Q3", "2012"]
    frame = expected(panel_path, ["2012Q3", "2012"], status_weeks=8, passive_weeks=6)
    assert_same(written, frame)
    default = expected(panel_path, ["2012Q3", "2012"])
    assert not frame["value"].equals(default["value"])  # the options reached the engine


def test_names_and_quiet(panel_path, tmp_path) -> None:
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["indicators", str(panel_path), "--spec", SPEC, "--quarters",
                                 "2012q4", "--names", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    written = read(out)
    assert list(written.columns[3:6]) == ["municipality", "municipality_name", "group"]
    codes = jobbench.municipalities().set_index("code")["name"]
    assert list(written["municipality_name"]) == [codes.get(int(m), str(m))
                                                  for m in written["municipality"]]


@pytest.mark.parametrize("args, message", [
    (["--quarters", "2021Q5"], "period '2021Q5': the quarter must be 1-4; accepted: a quarter"),
    (["--quarters", "2012:2013"], "--quarters '2012:2013': 2012 is not a quarter"),
    (["--periods", "2012Q3,2012Q3"], "2012Q3 is listed twice"),
    (["--periods", "autumn"], "period 'autumn': not a period label; accepted"),
    (["--quarters", "2012Q3", "--periods", "2012"], "give --quarters or --periods, not both"),
    (["--quarters", "2012Q3", "--period", "201227-201326"], "--period is one period"),
    (["--quarters", "2012Q3", "--drop-invalid"], "--drop-invalid is not available"),
    (["--status-weeks", "8"], "apply to today's measures: add --quarters or --periods"),
])
def test_bad_periods_are_one_line_errors(panel_path, args, message) -> None:
    result = runner.invoke(app, ["indicators", str(panel_path), "--spec", SPEC, *args])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_status_weeks_must_be_positive(panel_path) -> None:
    result = runner.invoke(app, ["indicators", str(panel_path), "--quarters", "2012Q3",
                                 "--status-weeks", "0"])
    assert result.exit_code == 2


def test_csv_cells_are_spreadsheet_safe(panel_path, monkeypatch) -> None:
    import jobbench.cli.register as cli

    frame = expected(panel_path, ["2012Q3"]).head(3).copy()
    frame["group"] = ["=cmd", "-x", "+y"]
    monkeypatch.setattr(cli, "measures", lambda *args, **kwargs: frame)
    result = runner.invoke(app, ["indicators", str(panel_path), "--quarters", "2012Q3"])
    assert result.exit_code == 0, result.output
    written = read(result.stdout)
    assert list(written["group"]) == ["'=cmd", "'-x", "'+y"]
    assert list(written["value"].astype(float)) == list(frame["value"].astype(float))


def test_the_issue_command_on_todays_spec(tmp_path) -> None:
    """`jobbench indicators PANEL --spec jobindsats2019 --quarters 2019Q1:2021Q4` (the default
    spec there is jobindsats2019 too), on a small national synthetic panel 2019-2022."""
    panel = jobbench.register.synthetic_national_panel(600, first_year=2019, last_year=2022, seed=4)
    path = tmp_path / "national.parquet"
    panel.to_parquet(path)
    out = tmp_path / "m.csv"
    result = runner.invoke(app, ["indicators", str(path), "--spec", "jobindsats2019",
                                 "--quarters", "2019Q1:2021Q4", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    written = read(out)
    assert list(written["period"].unique()) == [p.label for p in
                                                jobbench.periods.quarters(2019, 1, 2021, 4)]
    assert "warning: the panel begins 2019W01" in result.stderr  # left censoring, on stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jobbench.RegisterWarning)  # as the command: on stderr
        frame = measures(path, "2019Q1:2021Q4", spec="jobindsats2019")
    assert_same(written, frame)
    again = runner.invoke(app, ["indicators", str(path), "--quarters", "2021Q4", "-q"])
    assert again.exit_code == 0, again.output
    assert_same(read(again.stdout), measures(path, "2021Q4"))
    compared = jobbench.register.compare_periods(written)
    assert set(compared.loc[compared["period"] == "2021Q4", "year_before"]) == {"2020Q4"}
