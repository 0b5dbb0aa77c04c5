"""``jobbench init`` / ``write_templates`` and ``Benchmark.from_folder``: own data in five minutes."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import jobbench
from jobbench.cli import app

README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.fixture(scope="module")
def shipped():
    return jobbench.datasets.benchmark2013().benchmark().fit()


def test_templates_reproduce_the_shipped_benchmark(tmp_path, shipped):
    written = jobbench.datasets.write_templates(tmp_path / "mydata")
    names = {p.name for p in written}
    assert names == {"fte.csv", "person_years.csv", "population.csv", "quality.csv", "spec.json",
                     "tasks.csv", "groups.csv", "README.md"}
    own = jobbench.Benchmark.from_folder(tmp_path / "mydata").fit()
    assert own.municipalities == shipped.municipalities
    for measure in ("productivity", "rank", "verbal_class"):
        np.testing.assert_allclose(own.matrix(measure).to_numpy(), shipped.matrix(measure).to_numpy(), rtol=1e-12)
    pd.testing.assert_frame_equal(own.table("4.2"), shipped.table("4.2"), check_exact=False, rtol=1e-12)


def test_templates_saved_by_danish_excel_still_read(tmp_path, shipped):
    folder = tmp_path / "mydata"
    jobbench.datasets.write_templates(folder)
    for name in ("fte.csv", "person_years.csv", "population.csv"):
        frame = pd.read_csv(folder / name)
        frame.to_csv(folder / name, sep=";", decimal=",", index=False, encoding="cp1252")
    own = jobbench.Benchmark.from_folder(folder).fit()
    np.testing.assert_allclose(own.matrix("productivity").to_numpy(),
                               shipped.matrix("productivity").to_numpy(), rtol=1e-9)


def test_code_lists_match_the_spec(tmp_path):
    jobbench.datasets.write_templates(tmp_path)
    spec = jobbench.load_spec("benchmark2013")
    tasks = pd.read_csv(tmp_path / "tasks.csv", keep_default_na=False)
    assert list(tasks["code"]) == [t["code"] for t in spec.tasks]
    fte = pd.read_csv(tmp_path / "fte.csv")
    assert set(fte["task"]) == set(tasks.loc[tasks["leaf"], "code"])
    groups = pd.read_csv(tmp_path / "groups.csv")
    assert set(pd.read_csv(tmp_path / "person_years.csv")["group"]) == set(groups.loc[groups["base"], "code"])


def test_init_refuses_a_folder_with_inputs(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    again = runner.invoke(app, ["init", str(tmp_path)])
    assert again.exit_code == 1
    assert "already holds fte.csv" in again.output and "--force" in again.output
    assert runner.invoke(app, ["init", str(tmp_path), "--force"]).exit_code == 0


def test_from_folder_errors_name_what_is_missing(tmp_path):
    with pytest.raises(jobbench.InputError, match="missing fte.csv, person_years.csv"):
        jobbench.Benchmark.from_folder(tmp_path)
    with pytest.raises(jobbench.InputError, match="not a folder"):
        jobbench.Benchmark.from_folder(tmp_path / "nope")
    jobbench.datasets.write_templates(tmp_path)
    lines = (tmp_path / "fte.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 2)[0] + ",abc,0.0"
    (tmp_path / "fte.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(jobbench.InputError, match=r"fte\.csv.*line 4"):
        jobbench.Benchmark.from_folder(tmp_path)


def _readme_own_data_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Your own data"):text.index("## Command line")]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words = shlex.split(line)
            assert words[0] == ".venv/bin/jobbench"
            commands.append(words[1:])
    return commands


def test_readme_own_data_section_runs_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = _readme_own_data_commands()
    assert [c[0] for c in commands] == ["init", "run", "report"]
    runner = CliRunner()
    for words in commands:
        result = runner.invoke(app, words)
        assert result.exit_code == 0, (words, result.output)
    assert (tmp_path / "mydata" / "output" / "table_4_2.csv").is_file() or any(
        (tmp_path / "mydata" / "output").glob("table_4*.csv"))
    assert (tmp_path / "mydata" / "report" / "report_Varde.html").is_file()
    assert (tmp_path / "mydata" / "report" / "report_Varde.xlsx").is_file()
