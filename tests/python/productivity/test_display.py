"""Jupyter display, class basis, py.typed."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import jobbench


@pytest.fixture(scope="module")
def r2013():
    return jobbench.datasets.benchmark2013().benchmark().fit()


def test_benchmark_results_repr_html(results):
    html = results._repr_html_()
    assert html.startswith("<div") and "BenchmarkResults" in html and "<table" in html
    assert "Lille benchmark" in html and "Gns. kommuner" in html


def test_repr_html_escapes(results):
    from jobbench._html import results_html

    assert "&lt;script&gt;" in results_html("X", [("a", "<script>")])


def test_staff_results_repr_html():
    data = jobbench.datasets.benchmark2013()
    employees, shares = jobbench.synthetic_roster(seed=2013)
    staff = jobbench.StaffRoster(data.spec, employees, shares).aggregate(data.municipalities)
    html = staff._repr_html_()
    assert "StaffResults" in html and "Varde" in html


def test_compare_shows_the_class_basis(r2013):
    c = r2013.compare("Varde")
    assert {"class_ratio", "class_basis", "class_mean"} <= set(c.columns)
    # Diverse: +213,5 % against its own mean, but "lidt flere" judged against the area's (the total's) mean
    div = c.loc["div"]
    assert div["diff_rel"] == pytest.approx(2.135, abs=1e-3)
    assert div["class_label"] == "lidt flere"
    assert div["class_basis"] == "total" and div["class_mean"] == pytest.approx(r2013.mean["total"])
    assert div["class_ratio"] == pytest.approx(div["diff_abs"] / div["class_mean"])
    assert c.at["adp.sag", "class_basis"] == "adp"
    ok = np.isclose(c["diff_abs"] / c["class_mean"], c["class_ratio"], equal_nan=True) | (c["diff_abs"] == 0)
    assert ok.all()


def test_summary_prints_the_class_basis(r2013):
    text = r2013.summary("Varde")
    line = next(ln for ln in text.splitlines() if ln.startswith("Diverse"))
    assert "213,5%" in line and "lidt flere" in line and "+1,3% af gns. I alt 26,9" in line
    assert "områdets gennemsnit" in text


def test_py_typed_is_shipped():
    pkg = Path(jobbench.__file__).parent
    assert (pkg / "py.typed").is_file()
    root = Path(__file__).resolve().parents[3]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'wheel.packages = ["python/jobbench"]' in pyproject  # the whole package folder goes into the wheel
