"""The embedded 2013 data set through the Python API and the CLI (skipped if its files are absent).

The figure-by-figure comparison with the report is test_golden_2013.py; this checks the plumbing.
"""
from __future__ import annotations

from importlib import resources

import pytest
from typer.testing import CliRunner

import jobbench

DATA = resources.files("jobbench.datasets").joinpath("benchmark2013")
pytestmark = pytest.mark.skipif(not DATA.joinpath("fte.csv").is_file(), reason="2013 data files absent")

REPORT_ORDER = ["Sønderborg", "Varde", "Middelfart", "Rebild", "Egedal", "Odsherred", "Jammerbugt",
                "Lyngby-Taarbæk", "Aabenraa", "Stevns", "Furesø", "Mariagerfjord", "Assens", "Ikast-Brande",
                "Haderslev"]


@pytest.fixture(scope="module")
def data():
    return jobbench.datasets.benchmark2013()


@pytest.fixture(scope="module")
def results(data):
    return data.benchmark().fit()


def test_dataset_contents(data):
    assert data.municipalities == REPORT_ORDER
    assert {"municipality", "task", "fte"} <= set(data.fte.columns)
    assert {"municipality", "group", "person_years"} <= set(data.person_years.columns)
    assert data.population is not None and len(data.population) == 15
    assert data.published is not None and len(data.published) > 0
    assert data.quality is not None and {"table", "indicator", "municipality", "value"} <= set(data.quality.columns)
    assert "benchmark2013" in jobbench.datasets.available()


def test_varde_total(results):
    # report: 24,1 årsværk pr. 1.000 årspersoner, third highest productivity, 68,8 årsværk
    assert round(results.productivity.at["total", "Varde"], 1) == pytest.approx(24.1)
    assert results.rank("Varde") == 3
    assert round(results.fte.at["total", "Varde"], 1) == pytest.approx(68.8)


def test_every_table_renders(results):
    for table_id in results.tables().index:
        t = results.table(table_id, municipality="Varde")
        assert len(t) > 0
        if table_id != "3.1":
            assert list(t.columns) == ["label", *REPORT_ORDER, jobbench.MEAN_COLUMN]
        assert t.index.name == "code" and t.index.is_unique


def test_sum_fte_in_equals_out(data, results):
    fte = data.fte
    tasks = {t["code"]: t for t in data.spec.tasks}

    def has_ancestor_row(m_rows, code):
        p = tasks[code].get("parent")
        while p:
            if p in m_rows:
                return True
            p = tasks[p].get("parent")
        return False

    for m, rows in fte.groupby("municipality"):
        present = set(rows["task"])
        top = rows[[not has_ancestor_row(present, t) for t in rows["task"]]]
        assert results.fte.at["total", m] == pytest.approx(top["fte"].sum(), rel=1e-12)


def test_decomposition_varde(results):
    d = results.decomposition("Varde")
    diff = results.productivity.at["total", "Varde"] - results.mean["total"]
    assert d.at["total", "total"] == pytest.approx(diff, abs=1e-9)


def test_cli_run_2013(tmp_path):
    from jobbench.cli import app

    result = CliRunner().invoke(app, ["run", "--municipality", "Varde", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "24,1" in result.output and "rang 3 af 15" in result.output
    assert (tmp_path / "table_4.2.csv").exists()
    assert (tmp_path / "table_3.1.csv").exists()
    assert (tmp_path / "jobbench_Varde.xlsx").exists()
