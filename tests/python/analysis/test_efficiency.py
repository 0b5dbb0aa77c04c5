"""The default DEA model on the 2013 benchmark, what-if, comparison groups and the synthetic panel."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import analysis


@pytest.fixture(scope="module")
def results():
    return jobbench.datasets.benchmark2013().benchmark().fit()


def test_default_model_columns(results):
    x, y = analysis.efficiency_model(results)
    assert list(x.columns) == ["fte"] and list(y.columns) == ["py_adp", "py_kh", "py_syg", "py_ly_reval"]
    np.testing.assert_allclose(x["fte"], results.matrix("fte").loc["total"])
    py = results.matrix("person_years")
    np.testing.assert_allclose(y["py_kh"], py.loc["kh1"] + py.loc["kh23"])
    xa, yq = analysis.efficiency_model(results, inputs="areas", quality=True)
    assert list(xa.columns) == ["fte_adp", "fte_kh", "fte_syg", "fte_ly_reval"]
    q = results.quality
    rate = q[q["indicator"] == "q.adp.jobrate"].set_index("municipality")["value"]
    assert yq["selvforsoergende"].loc["Varde"] > rate["Varde"] * py.loc["adp", "Varde"]
    with pytest.raises(jobbench.InputError, match="inputs must be"):
        analysis.efficiency_model(results, inputs="staff")


def test_efficiency_on_2013(results):
    eff = analysis.efficiency(results, draws=200, seed=1)
    frame = eff.to_frame()
    assert list(frame.index) == results.municipalities
    assert (frame["efficiency"] <= 1 + 1e-9).all()
    front = eff.frontier()
    assert front and set(front) == set(frame.index[frame["frontier"]])
    peers = eff.peers("Varde")
    assert set(peers.index) <= set(front) and abs(peers.sum() - 1) < 1e-6  # VRS: lambdas sum to 1
    t = eff.targets("Varde")
    assert t.loc["fte", "target"] <= t.loc["fte", "actual"] + 1e-9
    assert (t.loc[t["kind"] == "output", "difference"] >= -1e-9).all()
    finite = frame.dropna(subset=["lower"])
    assert len(finite) == len(frame)
    assert (finite["lower"] <= finite["efficiency"] + 1e-9).all()
    # super-efficiency: > 1 (or inf) exactly for the frontier units
    assert ((frame["super_efficiency"] > 1 - 1e-9) == frame["frontier"]).all()
    assert "on the frontier" in eff.summary()


def test_bootstrap_method_and_fallback(results):
    """15 units with 5 inputs and outputs are too few to choose m: the smoothed bootstrap, with a note; one
    area (2 dimensions) leaves enough candidates, and the default m-out-of-n bootstrap runs."""
    eff = analysis.efficiency(results, draws=100, seed=1)
    assert eff.bootstrap.attrs["method"] == "smoothed"
    assert any(n.startswith("smoothed bootstrap (Simar & Wilson 1998): 15 units are too few") for n in eff.notes)
    assert "bootstrap: smoothed (Simar & Wilson 1998), 100 draws, 95% intervals" in eff.summary()
    one = analysis.efficiency(results, areas={"adp": ["adp"]}, draws=100, seed=1)
    assert one.bootstrap.attrs["method"] == "subsample" and 3 <= one.bootstrap.attrs["subsample"] <= 7
    assert not any("too few" in n for n in one.notes)
    assert one.bootstrap_label() == f"m out of n (m = {one.bootstrap.attrs['subsample']}), 100 draws, 95% intervals"
    frame = one.to_frame()
    assert (frame["lower"] <= frame["efficiency"] + 1e-9).all() and (frame["upper"] <= frame["efficiency"] + 1e-9).all()
    smoothed = analysis.efficiency(results, areas={"adp": ["adp"]}, draws=100, seed=1, method="smoothed")
    assert smoothed.bootstrap.attrs["method"] == "smoothed" and not smoothed.notes
    assert analysis.efficiency(results, draws=0).bootstrap_label() == ""


def test_quality_changes_the_picture(results):
    q = analysis.quality_effect(results)
    assert (q["efficiency_quality"] >= q["efficiency"] - 1e-9).all()  # one more output never lowers a score
    assert list(q.columns) == ["efficiency", "efficiency_quality", "change", "frontier", "frontier_quality",
                               "peers", "peers_quality"]


def test_frontier_chart(results):
    eff = analysis.efficiency(results, draws=0)
    fig = eff.plot_frontier(highlight="Varde")
    ax = fig.axes[0]
    assert [a for a in ax.get_children() if a.get_gid() == "frontier"]
    assert [a for a in ax.get_children() if a.get_gid() == "highlight"]


def test_what_if(results):
    w = analysis.what_if(results)
    assert set(w["scenario"]) == {"group_mean", "best_quartile", "frontier"}
    assert list(w.columns) == ["municipality", "item", "label", "fte", "person_years", "productivity", "scenario",
                               "benchmark", "fte_needed", "fte_difference"]
    v = w[(w["municipality"] == "Varde") & (w["item"] == "adp")].set_index("scenario")
    mean = results.mean["adp"]
    assert v.loc["group_mean", "fte_needed"] == pytest.approx(mean * v.loc["group_mean", "person_years"] / 1000)
    prod = results.matrix("productivity").loc["adp"]
    assert v.loc["best_quartile", "benchmark"] == pytest.approx(np.quantile(prod, 0.25))
    fr = w[w["scenario"] == "frontier"].dropna(subset=["fte_needed"])
    assert (fr["fte_needed"] <= fr["fte"] + 1e-9).all()
    np.testing.assert_allclose(w["fte_difference"], w["fte_needed"] - w["fte"])


def test_compare_with_peers(results):
    base = results.compare("Varde")
    others = [m for m in results.municipalities if m != "Varde"]
    everyone = results.compare("Varde", peers=others)
    for col in ("mean", "diff_abs", "diff_rel", "class_ratio", "rank", "verbal_class", "n"):
        np.testing.assert_allclose(everyone[col].to_numpy(dtype=float), base[col].to_numpy(dtype=float),
                                   equal_nan=True)
    group = ["Assens", "aabenraa", "Haderslev"]
    g = results.compare("Varde", peers=group)
    assert g.attrs["group"] == ["Varde", "Assens", "Aabenraa", "Haderslev"] and (g["n"] == 4).all()
    prod = results.matrix("productivity")
    expected_mean = prod[g.attrs["group"]].mean(axis=1)
    np.testing.assert_allclose(g["mean"], expected_mean)
    pd.testing.assert_series_equal(results.group_mean("Varde", group), expected_mean.rename("group_mean"),
                                   check_names=False)
    assert (g["rank"].between(1, 4)).all()
    # the default stays the 2013 reproduction
    pd.testing.assert_frame_equal(results.compare("Varde"), base)
    with pytest.raises(jobbench.InputError, match="did you mean"):
        results.compare("Varde", peers=["Asens"])


def test_similar_2013_group_feeds_compare(results):
    fw = jobbench.datasets.benchmark2013().framework
    peers = analysis.similar(fw[["fors_jc", "rammevilkaar_samlet"]], 4)["Varde"]
    assert len(peers) == 4 and "Varde" not in peers
    assert results.compare("Varde", peers=peers).attrs["group"][1:] == peers


def test_synthetic_efficiency_panel():
    panel = jobbench.register.synthetic_efficiency_panel(seed=1)
    assert len(panel) == 98 * 4 and sorted(panel["year"].unique()) == [2019, 2020, 2021, 2022]
    again = jobbench.register.synthetic_efficiency_panel(seed=1)
    pd.testing.assert_frame_equal(panel, again)
    y21 = panel[panel["year"] == 2021].set_index("name")
    assert y21[["ledighed", "forsoergelsestryk"]].corr().iloc[0, 1] > 0.3
    assert y21[["uddannelse", "forsoergelsestryk"]].corr().iloc[0, 1] < -0.3
    rate = y21["selvforsoergende"] / y21[panel.attrs["outputs"]].sum(axis=1)
    assert np.corrcoef(rate, y21["hardship"])[0, 1] < -0.3  # harder conditions, lower job rate
    d = analysis.dea(y21[["fte"]], y21[panel.attrs["outputs"]], rts="crs")
    assert np.corrcoef(d.efficiency, y21["true_efficiency"])[0, 1] > 0.5
    y20 = panel[panel["year"] == 2020].set_index("name")
    m = analysis.malmquist(y20[panel.attrs["area_inputs"]], y20[panel.attrs["outputs"]],
                           y21[panel.attrs["area_inputs"]], y21[panel.attrs["outputs"]])
    assert m["tc"].median() > 1.0  # the frontier moves: 2 % technical progress a year
    fw = jobbench.register.synthetic_framework(seed=1)
    assert len(fw) == 98 and "Varde" in fw.index
    e = analysis.expected(rate, y21[panel.attrs["conditions"]])
    assert len(e) == 98


def test_national_example_runs(capsys, monkeypatch):
    import runpy
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[3] / "examples" / "frontier_national" / "frontier_national.py"
    monkeypatch.setattr(sys, "argv", [str(example), "--draws", "20"])
    runpy.run_path(str(example), run_name="__main__")
    out = capsys.readouterr().out
    assert "Malmquist median" in out and "Varde's comparison group:" in out
