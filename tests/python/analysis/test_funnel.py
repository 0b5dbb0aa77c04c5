"""jobbench.analysis.funnel against the independent numpy/scipy oracle, the contract and by hand."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobbench
from jobbench import _core, analysis
from jobbench.analysis import FunnelWarning
from reference_analysis import funnel_limits_pr, funnel_pr, winsorise

COLUMNS = ["n", "value", "z", "lower95", "upper95", "lower998", "upper998"]


def _random(seed: int, k: int = 40, spread: float = 0.08) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    den = rng.integers(20, 3000, size=k).astype(float)
    p = np.clip(rng.normal(0.3, spread, size=k), 0.01, 0.99)
    num = rng.binomial(den.astype(int), p).astype(float)
    return num, den


# ------------------------------------------------------------------ against the oracle


@pytest.mark.parametrize("trim", [0.0, 0.1, 0.2])
@pytest.mark.parametrize("od", ["additive", "multiplicative", None])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_the_oracle(od, trim, seed):
    num, den = _random(seed, spread=0.02 * seed)
    f = analysis.funnel(num, den, overdispersion=od, trim=trim)
    ref = funnel_pr(num, den, overdispersion=od, trim=trim)
    assert f.target == pytest.approx(ref["target"], rel=1e-14)
    assert f.phi == pytest.approx(ref["phi"], rel=1e-12)
    assert f.tau2 == pytest.approx(ref["tau2"], rel=1e-12, abs=1e-15)
    assert f.overdispersion == ref["overdispersion"]
    frame = f.to_frame()
    assert list(frame.columns[:7]) == COLUMNS
    for col in COLUMNS + ["z_adjusted"]:
        np.testing.assert_allclose(frame[col].to_numpy(), ref[col], rtol=1e-11, atol=1e-13,
                                   err_msg=col)
    grid = np.linspace(5, 5000, 50)
    for level in (0.8, 0.95, 0.998):
        lo, up = f.limits(grid, level)
        rlo, rup = funnel_limits_pr(grid, ref["target"], level,
                                    overdispersion=ref["overdispersion"], phi=ref["phi"],
                                    tau2=ref["tau2"])
        np.testing.assert_allclose(lo, rlo, rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(up, rup, rtol=1e-11, atol=1e-14)


def test_oracle_overdispersed_data_gives_tau2_positive():
    num, den = _random(7, spread=0.1)
    f = analysis.funnel(num, den)
    assert f.phi > 1 and f.tau2 > 0
    assert f.tau2 == pytest.approx(funnel_pr(num, den)["tau2"], rel=1e-12)


def test_given_target_matches_the_oracle():
    num, den = _random(4)
    f = analysis.funnel(num, den, target=0.25, trim=0.1)
    ref = funnel_pr(num, den, trim=0.1, target=0.25)
    assert f.target == 0.25
    assert f.phi == pytest.approx(ref["phi"], rel=1e-12)
    np.testing.assert_allclose(f.to_frame()["upper95"], ref["upper95"], rtol=1e-11)


def test_quantile_type7_is_numpy_linear():
    rng = np.random.default_rng(0)
    for m in (1, 2, 3, 7, 50):
        x = rng.normal(size=m)
        for p in (0.0, 0.1, 0.2, 0.5, 0.9, 1.0):
            assert _core.quantile_type7(list(x), p) == pytest.approx(
                float(np.quantile(x, p)), rel=1e-14, abs=1e-15)
    f = analysis.funnel(*_random(9, k=25), trim=0.2)
    ref_phi = float(np.mean(winsorise(f.to_frame()["z"], 0.2) ** 2))
    assert f.phi == pytest.approx(ref_phi, rel=1e-12)


# ------------------------------------------------------------------ contract


def test_three_units_by_hand_and_frame():
    f = analysis.funnel([0, 25, 50], [100, 100, 100])
    assert f.target == 0.25
    assert f.phi == pytest.approx(80 * math.pi**2 / 27, rel=1e-12)
    assert f.tau2 == pytest.approx((80 * math.pi**2 / 9 - 2) / 800, rel=1e-12)
    frame = f.to_frame()
    assert list(frame.columns) == COLUMNS + ["z_adjusted", "flag"]
    assert list(frame.index) == [0, 1, 2]
    assert (frame["lower95"] == 0.0).all()
    lo, up = f.limits(100, 0.95)
    assert isinstance(lo, float) and lo == 0.0 and up == pytest.approx(0.849678, abs=1e-6)


def test_series_in_and_multipliers():
    idx = ["Varde", "Esbjerg", "Billund", "Vejle", "Kolding"]
    num = pd.Series([30, 200, 10, 150, 90], index=idx)
    den = pd.Series([90, 700, 30, 500, 350], index=idx)[::-1]  # other order: aligned by label
    f = analysis.funnel(num, den, overdispersion=None)
    frame = f.to_frame()
    assert list(frame.index) == idx
    assert frame.loc["Varde", "n"] == 90
    # exact normal quantiles: limits of a proportion at target t, n: y0 -/+ q/(2 sqrt n)
    y0 = math.asin(math.sqrt(f.target))
    assert frame.loc["Vejle", "upper95"] == pytest.approx(
        math.sin(y0 + 1.959963984540054 / (2 * math.sqrt(500))) ** 2, rel=1e-13)
    assert frame.loc["Vejle", "lower998"] == pytest.approx(
        math.sin(y0 - 3.090232306167813 / (2 * math.sqrt(500))) ** 2, rel=1e-13)
    lo, up = f.limits(den, 0.95)
    assert isinstance(lo, pd.Series) and lo.index.equals(den.index)


def test_flags_follow_the_limits():
    num, den = _random(11, k=60, spread=0.12)
    frame = analysis.funnel(num, den, overdispersion=None).to_frame()
    v = frame["value"]
    expected = np.where(v > frame["upper998"], "high998",
                        np.where(v > frame["upper95"], "high95",
                                 np.where(v < frame["lower998"], "low998",
                                          np.where(v < frame["lower95"], "low95", "normal"))))
    assert list(frame["flag"].astype(str)) == list(expected)
    assert {"high998", "low998"} <= set(expected)


def test_order_independence():
    num, den = _random(5, k=30, spread=0.07)
    idx = [f"unit{i}" for i in range(30)]
    a = analysis.funnel(pd.Series(num, index=idx), pd.Series(den, index=idx))
    perm = np.random.default_rng(1).permutation(30)
    b = analysis.funnel(pd.Series(num[perm], index=np.array(idx)[perm]),
                        pd.Series(den[perm], index=np.array(idx)[perm]))
    assert a.phi == pytest.approx(b.phi, rel=1e-13) and a.tau2 == pytest.approx(b.tau2, rel=1e-13)
    fa, fb = a.to_frame(), b.to_frame().loc[idx]
    for col in COLUMNS + ["z_adjusted"]:
        np.testing.assert_allclose(fa[col], fb[col], rtol=1e-12, atol=1e-14)
    assert list(fa["flag"]) == list(fb["flag"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 1)), min_size=3, max_size=30),
       st.sampled_from(["additive", "multiplicative", None]), st.sampled_from([0.0, 0.1, 0.2]))
def test_property_limits_nest_and_match_the_oracle(units, od, trim):
    den = np.array([float(n) for n, _ in units])
    num = np.floor(np.array([share for _, share in units]) * den)
    f = analysis.funnel(num, den, overdispersion=od, trim=trim)
    frame = f.to_frame()
    assert (0 <= frame["lower998"]).all() and (frame["lower998"] <= frame["lower95"]).all()
    assert (frame["lower95"] <= frame["upper95"]).all()
    assert (frame["upper95"] <= frame["upper998"]).all() and (frame["upper998"] <= 1).all()
    ref = funnel_pr(num, den, overdispersion=od, trim=trim)
    assert f.phi == pytest.approx(ref["phi"], rel=1e-10, abs=1e-12)
    assert f.tau2 == pytest.approx(ref["tau2"], rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(frame["upper95"], ref["upper95"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(frame["lower998"], ref["lower998"], rtol=1e-10, atol=1e-12)


# ------------------------------------------------------------------ errors and warnings


def test_bad_input_names_the_unit():
    idx = ["Varde", "Aabenraa", "Billund"]
    with pytest.raises(jobbench.InputError, match="Aabenraa: numerator 12 exceeds denominator 10"):
        analysis.funnel(pd.Series([1, 12, 3], index=idx), pd.Series([10, 10, 10], index=idx))
    with pytest.raises(jobbench.InputError, match="Billund: numerator and denominator must be"):
        analysis.funnel(pd.Series([1, 2, -3], index=idx), pd.Series([10, 10, 10], index=idx))
    with pytest.raises(jobbench.InputError, match="Varde: numerator and denominator must be"):
        analysis.funnel(pd.Series([1, 2, 3], index=idx), pd.Series([np.inf, 10, 10], index=idx))
    with pytest.raises(jobbench.InputError, match="unit 2: numerator"):
        analysis.funnel([1, 2, 30], [10, 10, 10])
    for trim in (-0.1, 0.5, 0.7):
        with pytest.raises(jobbench.InputError, match=r"trim must lie in \[0, 0.5\)"):
            analysis.funnel([1, 2, 3], [10, 10, 10], trim=trim)
    f = analysis.funnel([1, 2, 3], [10, 10, 10])
    for level in (0, 1, 1.5, float("nan")):
        with pytest.raises(jobbench.InputError, match="level must lie strictly between 0 and 1"):
            f.limits(10, level)
    with pytest.raises(jobbench.InputError, match="overdispersion"):
        analysis.funnel([1, 2, 3], [10, 10, 10], overdispersion="random")
    with pytest.raises(jobbench.InputError, match="kind"):
        analysis.funnel([1, 2, 3], [10, 10, 10], kind="odds")


def test_zero_denominator_is_listed_and_warned():
    idx = ["Varde", "Fanø", "Esbjerg", "Billund"]
    with pytest.warns(FunnelWarning, match="Fanø: denominator 0, left out"):
        f = analysis.funnel(pd.Series([1, 0, 3, 4], index=idx),
                            pd.Series([10, 0, 30, 40], index=idx))
    assert f.excluded == ["Fanø"]
    assert list(f.to_frame().index) == ["Varde", "Esbjerg", "Billund"]
    assert f.units == 3 and f.target == pytest.approx(8 / 80)
    assert "Fanø" in f.summary()


def test_fewer_than_three_units_warns_and_falls_back():
    with pytest.warns(FunnelWarning, match="over-dispersion .* needs at least 3"):
        f = analysis.funnel([5, 7], [10, 20])
    assert math.isnan(f.phi) and f.tau2 == 0.0 and f.overdispersion is None
    ref = funnel_pr([5, 7], [10, 20])
    np.testing.assert_allclose(f.to_frame()["upper95"], ref["upper95"], rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analysis.funnel([5, 7], [10, 20], overdispersion=None)  # nothing to fall back from


# ------------------------------------------------------------------ rates, ratios, estimates


def test_standardisation_bad_mix_with_national_rates_gives_one():
    groups = ["A-dagpenge", "Kontanthjælp"]
    counts = pd.DataFrame([[10, 50], [1, 25], [9, 25]], index=["Varde", "Fanø", "Esbjerg"],
                          columns=groups)
    exposure = pd.DataFrame([[100, 100], [10, 50], [90, 50]], index=counts.index, columns=groups)
    # national rates 20/200 = 0.1 and 100/200 = 0.5; Fanø's mix (1:5) differs from Varde's (1:1)
    # but its rates are the national ones, so O/E = 26/26 = 1.
    e = analysis.expected_counts(counts, exposure)
    assert e["Fanø"] == pytest.approx(26.0, rel=1e-14)
    assert e["Varde"] == pytest.approx(60.0) and e["Esbjerg"] == pytest.approx(34.0)
    f = analysis.funnel_standardised(counts, exposure)
    frame = f.to_frame()
    assert f.target == 1.0 and f.kind == "ratio"
    assert frame.loc["Fanø", "value"] == pytest.approx(1.0, rel=1e-14)
    assert frame.loc["Fanø", "z"] == pytest.approx(0.0, abs=1e-12)
    # the crude rate would not be the national one: 26/60 vs 120/400
    assert 26 / 60 != pytest.approx(120 / 400)
    with pytest.raises(jobbench.InputError, match="Varde, Kontanthjælp: count and exposure"):
        analysis.expected_counts(counts.assign(**{"Kontanthjælp": [-1, 25, 25]}), exposure)
    with pytest.raises(jobbench.InputError, match="Aarhus: unit is in only one"):
        analysis.expected_counts(counts, exposure.rename(index={"Varde": "Aarhus"}))


def test_ratio_sqrt_method_by_hand():
    # O/E = 0.5, 1, 2 at E = 16, 25, 4; z = 2 (sqrt(O) - sqrt(E)); limits (1 -/+ q sqrt(s^2+tau2))^2
    f = analysis.funnel([8, 25, 8], [16, 25, 4], kind="ratio")
    frame = f.to_frame()
    np.testing.assert_allclose(frame["z"], [2 * (math.sqrt(8) - 4), 0, 2 * (math.sqrt(8) - 2)],
                               atol=1e-12)
    z = frame["z"].to_numpy()
    phi = float(np.mean(winsorise(z, 0.1) ** 2))
    w = np.array([64.0, 100.0, 16.0])
    tau2 = max(0.0, (3 * phi - 2) / (w.sum() - (w**2).sum() / w.sum())) if 3 * phi >= 2 else 0.0
    assert f.phi == pytest.approx(phi, rel=1e-12) and f.tau2 == pytest.approx(tau2, rel=1e-12)
    half = 1.959963984540054 * math.sqrt(1 / 64 + tau2)
    assert frame.loc[0, "upper95"] == pytest.approx((1 + half) ** 2, rel=1e-12)


def test_ratio_poisson_limits_match_funnelplotr():
    # FunnelPlotR tests/testthat/test-poisson_limits.R (calculate_limits, draw_adjusted = FALSE)
    f = analysis.funnel([12, 25, 30], [15, 20, 30], kind="ratio", overdispersion=None)
    lo, up = f.limits(np.array([15.0, 20.0, 30.0]), 0.95)
    np.testing.assert_allclose(np.round(lo, 7), [0.5596924, 0.6108260, 0.6746958])
    np.testing.assert_allclose(np.round(up, 6), [1.649348, 1.544419, 1.427562])
    lo, up = f.limits(np.array([15.0, 20.0, 30.0]), 0.998)
    np.testing.assert_allclose(np.round(lo, 7), [0.3862650, 0.4479107, 0.5289724])
    np.testing.assert_allclose(np.round(up, 6), [2.082907, 1.902094, 1.702771])


def test_rate_is_the_ratio_scaled_by_the_pooled_rate():
    rng = np.random.default_rng(3)
    exposure = rng.uniform(50, 2000, size=25)
    count = rng.poisson(exposure * rng.gamma(20, 0.4 / 20, size=25)).astype(float)
    rate = analysis.funnel(count, exposure, kind="rate")
    lam = count.sum() / exposure.sum()
    assert rate.target == pytest.approx(lam, rel=1e-14)
    ratio = analysis.funnel(count, exposure * lam, kind="ratio")
    assert rate.phi == pytest.approx(ratio.phi, rel=1e-10)
    assert rate.tau2 == pytest.approx(lam * ratio.tau2, rel=1e-10)
    fr, fo = rate.to_frame(), ratio.to_frame()
    np.testing.assert_allclose(fr["z"], fo["z"], rtol=1e-10, atol=1e-12)
    for col in ("lower95", "upper95", "lower998", "upper998"):
        np.testing.assert_allclose(fr[col], lam * fo[col], rtol=1e-10)
    with pytest.raises(jobbench.InputError, match="unit 1: count 3 with an expected count"):
        analysis.funnel([1, 3, 2], [10, 0, 10], kind="rate")


def test_from_estimates_identity_scale():
    est = pd.Series([1.0, 2.0, 4.0, 2.5], index=list("abcd"))
    se = pd.Series([1.0, 0.5, 1.0, 0.8], index=list("abcd"))
    f = analysis.funnel_from_estimates(est, se, overdispersion=None)
    w = 1 / se**2
    assert f.target == pytest.approx(float((w * est).sum() / w.sum()), rel=1e-14)
    frame = f.to_frame()
    np.testing.assert_allclose(frame["z"], (est - f.target) / se, rtol=1e-13)
    np.testing.assert_allclose(frame["n"], w)
    np.testing.assert_allclose(frame["upper998"], f.target + 3.090232306167813 * se, rtol=1e-13)
    g = analysis.funnel_from_estimates(est, se, target=0.0)
    z = (est / se).to_numpy()
    assert g.phi == pytest.approx(float(np.mean(winsorise(z, 0.1) ** 2)), rel=1e-12)
    with pytest.raises(jobbench.InputError, match="b: need a finite estimate and a finite"):
        analysis.funnel_from_estimates(est, se.replace(0.5, 0.0))


# ------------------------------------------------------------------ plot and summary


def test_plot_returns_axes_with_the_highlighted_unit():
    from matplotlib.axes import Axes

    idx = [f"Kommune {i}" for i in range(12)]
    num, den = _random(2, k=12, spread=0.06)
    f = analysis.funnel(pd.Series(num, index=idx), pd.Series(den, index=idx))
    ax = f.plot(highlight="Kommune 3")
    assert isinstance(ax, Axes)
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "highlight"]
    assert texts == ["Kommune 3"]
    points = [c for c in ax.collections if c.get_gid() == "highlight"]
    assert len(points) == 1
    np.testing.assert_allclose(points[0].get_offsets()[0], [den[3], num[3] / den[3]])
    others = [c for c in ax.collections if c.get_gid() == "units"][0]
    assert len(others.get_offsets()) == 11
    assert points[0].get_facecolor()[0].tolist() != others.get_facecolor()[0].tolist()
    assert ax.get_ylabel() == "Andel"
    assert len([ln for ln in ax.lines if ln.get_gid() == "limit998"]) == 2
    ax_en = f.plot(labels="en", title="Test")
    assert ax_en.get_ylabel() == "Proportion" and ax_en.get_title() == "Test"
    with pytest.raises(jobbench.InputError, match="Aarhus: highlighted unit"):
        f.plot(highlight="Aarhus")


def test_summary_text():
    num, den = _random(8, k=30, spread=0.1)
    f = analysis.funnel(num, den)
    text = f.summary()
    assert "FunnelPlotR PR" in text and "additive" in text
    assert f"{f.phi:.4f}" in text and "K (units):" in text
    counts = f.to_frame()["flag"].value_counts()
    for flag in ("high998", "normal", "low998"):
        assert any(line.split() == [flag, str(int(counts[flag]))] for line in text.splitlines())
