"""jobbench.analysis intervals against the independent numpy/scipy oracle and known values."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobbench
from jobbench import analysis
from reference_analysis import poisson_interval as ref_poisson
from reference_analysis import proportion_interval as ref_proportion


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_matches_the_oracle(method):
    rng = np.random.default_rng(13)
    n = rng.integers(1, 500, size=200).astype(float)
    k = np.floor(rng.random(200) * (n + 1))
    lower, upper = analysis.proportion_interval(k, n, method=method, level=0.9)
    ref_lower, ref_upper = ref_proportion(k, n, level=0.9, method=method)
    np.testing.assert_allclose(lower, ref_lower, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(upper, ref_upper, rtol=1e-10, atol=1e-14)


def test_poisson_matches_the_oracle():
    k = np.arange(0, 60, dtype=float)
    lower, upper = analysis.poisson_interval(k)
    ref_lower, ref_upper = ref_poisson(k)
    np.testing.assert_allclose(lower, ref_lower, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(upper, ref_upper, rtol=1e-10)


def test_scalars_and_series():
    lower, upper = analysis.proportion_interval(7, 20)
    assert isinstance(lower, float) and lower == pytest.approx(0.1811918, abs=1e-6)
    k = pd.Series([3, 5], index=["Varde", "Aabenraa"])
    n = pd.Series([10, 4], index=["Varde", "Aabenraa"])
    with pytest.raises(jobbench.InputError, match="Aabenraa: need 0 <= numerator <= denominator"):
        analysis.proportion_interval(k, n)
    lo, hi = analysis.proportion_interval(k.clip(upper=4), n)
    assert list(lo.index) == ["Varde", "Aabenraa"] and hi["Aabenraa"] == 1.0 or hi["Aabenraa"] <= 1.0


@pytest.mark.parametrize("level", [0, 1, -0.5, float("nan")])
def test_level_outside_zero_one(level):
    with pytest.raises(jobbench.InputError, match="level must lie strictly between 0 and 1"):
        analysis.proportion_interval(1, 2, level=level)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10_000), st.floats(0, 1), st.sampled_from(["wilson", "exact"]),
       st.floats(0.5, 0.999))
def test_interval_holds_the_estimate_and_nests_by_level(n, share, method, level):
    k = float(np.floor(share * n))
    lower, upper = analysis.proportion_interval(k, n, method=method, level=level)
    assert 0.0 <= lower <= k / n <= upper <= 1.0
    wider = analysis.proportion_interval(k, n, method=method, level=min(0.9999, level + 0.0005))
    assert wider[0] <= lower + 1e-12 and wider[1] >= upper - 1e-12
