"""Hand-worked checks of the reference (oracle) implementation in reference_analysis.py."""
from __future__ import annotations

import math

import numpy as np
import pytest
from reference_analysis import (
    Z95,
    Z998,
    dispersion_tau2,
    funnel_limits_pr,
    funnel_pr,
    point_ranks,
    poisson_interval,
    proportion_interval,
    rank_sets_marginal,
    rank_sets_simultaneous,
    winsorise,
)

# ---------------------------------------------------------------- proportion intervals


def test_wilson_8_of_10() -> None:
    # z = 1.959964, z^2 = 3.841459; centre = (8 + 1.920729)/13.841459 = 0.716743;
    # half = 1.959964/13.841459 * sqrt(8*2/10 + 0.960365) = 0.141601 * 1.600114 = 0.226581
    # -> (0.490162, 0.943318), the textbook Wilson interval for 8/10.
    lo, up = proportion_interval(8, 10, method="wilson")
    assert lo[0] == pytest.approx(0.4901625, abs=1e-6)
    assert up[0] == pytest.approx(0.9433178, abs=1e-6)


def test_wilson_0_of_10_lower_is_zero() -> None:
    # k = 0: centre = half = (z^2/2)/(n + z^2), so the lower bound is 0 and the upper is z^2/(n + z^2).
    lo, up = proportion_interval(0, 10)
    z2 = Z95**2
    assert lo[0] == pytest.approx(0.0, abs=1e-15)
    assert up[0] == pytest.approx(z2 / (10 + z2), rel=1e-12)


def test_clopper_pearson_edges() -> None:
    # 0/10: lower 0, upper solves (1-p)^10 = 0.025 -> 1 - 0.025^(1/10) = 0.308497.
    lo, up = proportion_interval(0, 10, method="exact")
    assert lo[0] == 0.0
    assert up[0] == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-10)
    # 10/10: by symmetry lower = 0.025^(1/10) = 0.691503, upper 1.
    lo, up = proportion_interval(10, 10, method="exact")
    assert lo[0] == pytest.approx(0.025 ** (1 / 10), rel=1e-10)
    assert up[0] == 1.0


def test_clopper_pearson_1_of_2() -> None:
    # 1/2: lower solves 1 - (1-p)^2 = 0.025 -> p = 1 - sqrt(0.975) = 0.012579;
    # upper solves P(X <= 1) = 1 - p^2 = 0.025 -> p = sqrt(0.975) = 0.987421.
    lo, up = proportion_interval(1, 2, method="exact")
    assert lo[0] == pytest.approx(1 - math.sqrt(0.975), rel=1e-10)
    assert up[0] == pytest.approx(math.sqrt(0.975), rel=1e-10)


def test_proportion_interval_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        proportion_interval(11, 10)
    with pytest.raises(ValueError):
        proportion_interval(1, 10, level=1.0)
    with pytest.raises(ValueError):
        proportion_interval(1, 10, method="wald")


# ---------------------------------------------------------------- Poisson (Garwood)


def test_garwood_hand_worked() -> None:
    # chi2 with 2 df has ppf(p) = -2 ln(1 - p), so:
    # k = 0: upper = chi2.ppf(0.975, 2)/2 = -ln(0.025) = 3.688879;  lower 0.
    # k = 1: lower = chi2.ppf(0.025, 2)/2 = -ln(0.975) = 0.025318.
    lo, up = poisson_interval([0, 1], 0.95)
    assert lo[0] == 0.0
    assert up[0] == pytest.approx(-math.log(0.025), rel=1e-12)
    assert lo[1] == pytest.approx(-math.log(0.975), rel=1e-12)
    # k = 1 upper: P(Poisson(mu) <= 1) = e^-mu (1 + mu) = 0.025 at mu = 5.571643 (published table value 5.572).
    assert up[1] == pytest.approx(5.571643, abs=1e-6)
    assert math.exp(-up[1]) * (1 + up[1]) == pytest.approx(0.025, rel=1e-9)


# ---------------------------------------------------------------- funnel, PR method

# Three units, all with denominator 100 (s = 1/(2*10) = 0.05), proportions 0, 0.25, 0.5.
# Pooled target = 75/300 = 0.25, y0 = asin(0.5) = pi/6.  y = 0, pi/6, pi/4.
# z = (y - y0)/s = -pi/0.3 = -10.471976, 0, (pi/12)/0.05 = pi/0.6 = 5.235988.
# Quantiles (linear, K = 3): 10 % at position 0.2 -> 0.8 * (-pi/0.3); 90 % at position 1.8 -> 0.8 * pi/0.6.
# Winsorised z = 0.8 * z, so phi = 0.64 * (pi^2/0.09 + pi^2/0.36)/3 = 0.64 * 5 pi^2 / 1.08 = 80 pi^2/27 = 29.243272.
# tau2: K phi = 80 pi^2/9 = 87.729817 > K - 1 = 2; w = 400 each, sum w = 1200, sum w^2/sum w = 400,
#       tau2 = (80 pi^2/9 - 2)/800 = 0.107162.
NUM3 = [0, 25, 50]
DEN3 = [100, 100, 100]
PHI3 = 80 * math.pi**2 / 27
TAU3 = (80 * math.pi**2 / 9 - 2) / 800


def test_funnel_three_units_phi_tau2_z() -> None:
    r = funnel_pr(NUM3, DEN3)
    assert r["target"] == pytest.approx(0.25, rel=1e-15)
    np.testing.assert_allclose(r["z"], [-math.pi / 0.3, 0.0, math.pi / 0.6], rtol=1e-12, atol=1e-12)
    assert r["phi"] == pytest.approx(PHI3, rel=1e-12)
    assert r["tau2"] == pytest.approx(TAU3, rel=1e-12)
    assert r["phi"] == pytest.approx(29.243272, abs=1e-6)
    assert r["tau2"] == pytest.approx(0.107162, abs=1e-6)
    np.testing.assert_allclose(r["value"], [0.0, 0.25, 0.5])
    np.testing.assert_allclose(r["n"], DEN3)


def test_funnel_three_units_additive_limits() -> None:
    # half-width 95 %: 1.959964 * sqrt(0.0025 + 0.107162) = 1.959964 * 0.331153 = 0.649048;
    # lower angle pi/6 - 0.649048 < 0 -> 0; upper sin^2(1.172647) = 0.849678.
    r = funnel_pr(NUM3, DEN3, overdispersion="additive")
    half = Z95 * math.sqrt(0.05**2 + TAU3)
    np.testing.assert_allclose(r["lower95"], 0.0)
    np.testing.assert_allclose(r["upper95"], math.sin(math.pi / 6 + half) ** 2, rtol=1e-12)
    assert r["upper95"][0] == pytest.approx(0.849678, abs=1e-6)
    # 99.8 %: half = 3.090232 * 0.331153 = 1.023339; pi/6 + 1.023339 = 1.546938 < pi/2 -> sin^2 = 0.999417.
    half998 = Z998 * math.sqrt(0.05**2 + TAU3)
    np.testing.assert_allclose(r["upper998"], math.sin(math.pi / 6 + half998) ** 2, rtol=1e-12)
    np.testing.assert_allclose(r["lower998"], 0.0)
    # additive adjusted z = (y - y0)/sqrt(s^2 + tau2)
    np.testing.assert_allclose(r["z_adjusted"], r["z"] * 0.05 / math.sqrt(0.0025 + TAU3), rtol=1e-12)


def test_funnel_three_units_multiplicative_and_none() -> None:
    # multiplicative: half = 1.959964 * 0.05 * sqrt(29.243272) = 0.529949; lower angle -0.006350 -> 0,
    # upper sin^2(pi/6 + 0.529949) = sin^2(1.053548) = 0.756...
    r = funnel_pr(NUM3, DEN3, overdispersion="multiplicative")
    half = Z95 * 0.05 * math.sqrt(PHI3)
    assert math.pi / 6 - half < 0
    np.testing.assert_allclose(r["lower95"], 0.0)
    np.testing.assert_allclose(r["upper95"], math.sin(math.pi / 6 + half) ** 2, rtol=1e-12)
    np.testing.assert_allclose(r["z_adjusted"], r["z"] / math.sqrt(PHI3), rtol=1e-12)
    # None: half = 1.959964 * 0.05 = 0.097998 -> (sin^2(0.425601), sin^2(0.621597)) = (0.170..., 0.339...)
    r = funnel_pr(NUM3, DEN3, overdispersion=None)
    np.testing.assert_allclose(r["lower95"], math.sin(math.pi / 6 - Z95 * 0.05) ** 2, rtol=1e-12)
    np.testing.assert_allclose(r["upper95"], math.sin(math.pi / 6 + Z95 * 0.05) ** 2, rtol=1e-12)
    assert r["lower95"][0] == pytest.approx(0.170, abs=1e-3)
    assert r["upper95"][0] == pytest.approx(0.339, abs=1e-3)
    # phi, tau2 are still estimated
    assert r["phi"] == pytest.approx(PHI3, rel=1e-12)


def test_funnel_no_overdispersion_gives_tau2_zero() -> None:
    # Four units at exactly the pooled proportion: all z = 0, phi = 0 < (K-1)/K -> tau2 = 0,
    # additive limits equal the unadjusted ones.
    r = funnel_pr([10, 20, 30, 40], [100, 200, 300, 400])
    assert r["phi"] == 0.0 and r["tau2"] == 0.0
    ref = funnel_pr([10, 20, 30, 40], [100, 200, 300, 400], overdispersion=None)
    np.testing.assert_allclose(r["lower95"], ref["lower95"], rtol=1e-14)
    np.testing.assert_allclose(r["upper998"], ref["upper998"], rtol=1e-14)


def test_tau2_unequal_weights_by_hand() -> None:
    # s = (0.1, 0.05, 0.025): w = 100, 400, 1600, sum w = 2100, sum w^2 = 10000 + 160000 + 2560000 = 2730000,
    # sum w^2/sum w = 1300, denominator 800.  phi = 2: K phi - (K-1) = 6 - 2 = 4 -> tau2 = 4/800 = 0.005.
    assert dispersion_tau2(2.0, [0.1, 0.05, 0.025]) == pytest.approx(0.005, rel=1e-12)
    # phi = 0.6: K phi = 1.8 < 2 -> 0.
    assert dispersion_tau2(0.6, [0.1, 0.05, 0.025]) == 0.0


def test_winsorise_linear_quantiles() -> None:
    # 11 values 0..10: 10 % quantile at position 1.0 -> 1, 90 % -> 9.
    np.testing.assert_array_equal(winsorise(np.arange(11.0), 0.1), np.clip(np.arange(11.0), 1, 9))
    # 5 values 0..4: position 0.4 -> 0.4, position 3.6 -> 3.6.
    np.testing.assert_allclose(winsorise([0, 1, 2, 3, 4], 0.1), [0.4, 1, 2, 3, 3.6])


def test_funnel_limits_upper_clipped_at_one() -> None:
    # target 0.9, n = 4: s = 0.25, y0 = asin(sqrt(0.9)) = 1.249046, y0 + 1.96 * 0.25 = 1.739 > pi/2 -> 1.
    lo, up = funnel_limits_pr([4], 0.9, 0.95, overdispersion=None)
    assert up[0] == 1.0
    assert lo[0] == pytest.approx(math.sin(math.asin(math.sqrt(0.9)) - Z95 * 0.25) ** 2, rel=1e-12)


def test_funnel_fewer_than_three_units_falls_back() -> None:
    r = funnel_pr([5, 7], [10, 20])
    assert math.isnan(r["phi"]) and r["tau2"] == 0.0 and r["overdispersion"] is None
    np.testing.assert_allclose(r["z_adjusted"], r["z"])


def test_funnel_given_target_and_bad_input() -> None:
    r = funnel_pr(NUM3, DEN3, target=0.5)
    assert r["target"] == 0.5
    np.testing.assert_allclose(r["z"], (np.arcsin(np.sqrt([0, 0.25, 0.5])) - math.pi / 4) / 0.05, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        funnel_pr([11, 1, 1], [10, 10, 10])
    with pytest.raises(ValueError):
        funnel_pr([1, 1, 1], [10, 0, 10])
    with pytest.raises(ValueError):
        funnel_pr([1, -1, 1], [10, 10, 10])


# ---------------------------------------------------------------- rank sets


def test_point_ranks_largest_first_ties_share() -> None:
    np.testing.assert_array_equal(point_ranks([3.0, 1.0, 3.0, 2.0]), [1, 4, 1, 3])


def test_two_units_exact_critical_value_is_normal_quantile() -> None:
    # Two units, se 1 each: sd of the difference sqrt(2).  Marginal statistic max(|Z1 - Z2|)/sqrt(2)
    # is |N(0,1)|, critical value 1.959964.  Difference 3: 3/sqrt(2) = 2.1213 > 1.96 -> ranks known.
    r = rank_sets_marginal([0.0, 3.0], [1.0, 1.0], critical="exact")
    np.testing.assert_array_equal(r["lower"], [2, 1])
    np.testing.assert_array_equal(r["upper"], [2, 1])
    np.testing.assert_array_equal(r["rank"], [2, 1])
    # Difference 2.7: 2.7/sqrt(2) = 1.909 < 1.96 -> both {1, 2}.
    r = rank_sets_marginal([0.0, 2.7], [1.0, 1.0], critical="exact")
    np.testing.assert_array_equal(r["lower"], [1, 1])
    np.testing.assert_array_equal(r["upper"], [2, 2])
    # Bootstrap with many draws agrees; with 2 units simultaneous = marginal.
    for f in (rank_sets_marginal, rank_sets_simultaneous):
        b = f([0.0, 3.0], [1.0, 1.0], 0.95, draws=50_000, seed=3)
        np.testing.assert_array_equal(b["lower"], [2, 1])
        b = f([0.0, 2.7], [1.0, 1.0], 0.95, draws=50_000, seed=3)
        np.testing.assert_array_equal(b["upper"], [2, 2])


def test_three_units_marginal_exact_by_hand() -> None:
    # est (0, 10, 20), se 1: every pairwise statistic is >= 10/sqrt(2) = 7.07, far above any critical value
    # (< 3), so every set is a single rank.  est (0, 0.1, 20): unit 3 is separated, units 1, 2 are not.
    r = rank_sets_marginal([0.0, 10.0, 20.0], [1.0, 1.0, 1.0], critical="exact")
    np.testing.assert_array_equal(r["lower"], [3, 2, 1])
    np.testing.assert_array_equal(r["upper"], [3, 2, 1])
    r = rank_sets_marginal([0.0, 0.1, 20.0], [1.0, 1.0, 1.0], critical="exact")
    np.testing.assert_array_equal(r["lower"], [2, 2, 1])
    np.testing.assert_array_equal(r["upper"], [3, 3, 1])


def test_marginal_exact_critical_matches_bootstrap() -> None:
    # The exact 1-D-integral critical value and a 200 000-draw bootstrap give the same sets for
    # estimates not placed on the knife edge.
    est = np.array([0.0, 0.9, 1.7, 2.6, 3.3, 4.5])
    se = np.array([0.4, 0.5, 0.3, 0.6, 0.4, 0.5])
    e = rank_sets_marginal(est, se, critical="exact")
    b = rank_sets_marginal(est, se, draws=200_000, seed=11)
    np.testing.assert_array_equal(e["lower"], b["lower"])
    np.testing.assert_array_equal(e["upper"], b["upper"])


def test_simultaneous_contains_marginal_and_is_reproducible() -> None:
    rng = np.random.default_rng(5)
    est = rng.normal(size=10)
    se = np.full(10, 0.4)
    m = rank_sets_marginal(est, se, draws=4000, seed=1)
    s1 = rank_sets_simultaneous(est, se, draws=4000, seed=1)
    s2 = rank_sets_simultaneous(est, se, draws=4000, seed=1)
    np.testing.assert_array_equal(s1["lower"], s2["lower"])
    assert np.all(s1["lower"] <= m["lower"]) and np.all(s1["upper"] >= m["upper"])
    assert np.all(s1["lower"] <= s1["rank"]) and np.all(s1["rank"] <= s1["upper"])


def test_rank_sets_full_covariance_and_bad_input() -> None:
    # Strong positive correlation makes the difference far more precise: var(diff) = 1 + 1 - 2*0.99 = 0.02,
    # sd 0.1414; a difference of 1 is 7.07 sd -> separated, whereas independent (sd 1.414) it is not.
    cov = np.array([[1.0, 0.99], [0.99, 1.0]])
    r = rank_sets_marginal([0.0, 1.0], cov=cov, draws=20_000, seed=2)
    np.testing.assert_array_equal(r["lower"], [2, 1])
    r = rank_sets_marginal([0.0, 1.0], [1.0, 1.0], critical="exact")
    np.testing.assert_array_equal(r["upper"], [2, 2])
    with pytest.raises(ValueError):
        rank_sets_marginal([0.0, 1.0], cov=np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(ValueError):
        rank_sets_marginal([0.0, 1.0], [1.0, -1.0])
    with pytest.raises(ValueError):
        rank_sets_simultaneous([0.0, 1.0], [1.0, 1.0], 1.5)
