"""Person-clustered standard errors and intervals of the register indicators: against an independent
pandas computation, invariance (order, threads, pickled and merged partials), the DR Wilson/exact
option, the toggle, and a simulation of coverage under strongly correlated weeks."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench.analysis import proportion_interval
from jobbench.register import (INTERVAL_COLUMNS, INTERVAL_INDICATORS, accumulate_partial,
                               finalize_partials)
from reference_indicators import reference_indicators

Z95 = 1.959963984540054
SHARES = {"ag", "vag", "jr", "dr"}


@pytest.mark.parametrize("seed", [3, 17])
def test_standard_errors_match_pandas_reference(seed: int) -> None:
    panel = jobbench.synthetic_panel(persons=1500, seed=seed, municipalities=12)
    result = jobbench.register_indicators(panel)
    ref = reference_indicators(panel)
    assert list(result["group"]) == list(ref["group"])
    assert set(result["kind"]) == {"group", "aggregate", "total"}
    for ind in INTERVAL_INDICATORS:
        got = result[f"{ind}_se"].to_numpy(float)
        np.testing.assert_allclose(got, ref[f"{ind}_se"].to_numpy(float), rtol=1e-9, atol=1e-12,
                                   equal_nan=True, err_msg=ind)
        # the comparison is not all NaN (DR: the sickness group and its units only)
        assert np.isfinite(got).sum() > (10 if ind == "dr" else len(got) // 4), ind
        value = result[ind].to_numpy(float)
        lower = np.maximum(value - Z95 * got, 0.0)
        upper = value + Z95 * got
        if ind in SHARES:
            upper = np.minimum(upper, 1.0)
        for side, want in (("lower", lower), ("upper", upper)):
            np.testing.assert_allclose(result[f"{ind}_{side}"], want, rtol=1e-14, atol=1e-15,
                                       equal_nan=True)
    # columns after the existing ones, in the documented order
    assert list(result.columns[-len(INTERVAL_COLUMNS):]) == list(INTERVAL_COLUMNS)
    assert INTERVAL_COLUMNS[:3] == ("si_se", "si_lower", "si_upper")


def test_same_bits_for_order_threads_and_pickled_partials() -> None:
    panel = jobbench.synthetic_panel(persons=4000, seed=8, municipalities=9)
    base = jobbench.register_indicators(panel, threads=1)[list(INTERVAL_COLUMNS)]
    shuffled = panel.sample(frac=1.0, random_state=4).reset_index(drop=True)
    for threads in (1, 2, 3):
        other = jobbench.register_indicators(shuffled, threads=threads)[list(INTERVAL_COLUMNS)]
        pd.testing.assert_frame_equal(base, other, check_exact=True)
    odd = shuffled[shuffled["person"] % 2 == 1]
    even = shuffled[shuffled["person"] % 2 == 0]
    parts = [pickle.loads(pickle.dumps(accumulate_partial(p, threads=2))) for p in (even, odd)]
    assert all(p.standard_errors for p in parts)
    merged = finalize_partials(parts[::-1])[list(INTERVAL_COLUMNS)]
    pd.testing.assert_frame_equal(base, merged, check_exact=True)


def test_toggle_leaves_every_other_column_unchanged() -> None:
    panel = jobbench.synthetic_panel(persons=800, seed=2, municipalities=4)
    with_se = jobbench.register_indicators(panel)
    without = jobbench.register_indicators(panel, standard_errors=False)
    assert not set(INTERVAL_COLUMNS) & set(without.columns)
    pd.testing.assert_frame_equal(with_se[list(without.columns)], without, check_exact=True)
    # a partial without moments cannot give standard errors
    part = accumulate_partial(panel, standard_errors=False)
    with pytest.raises(jobbench.InputError, match="standard errors"):
        finalize_partials(part)
    assert "ag_se" not in finalize_partials(part, standard_errors=False).columns
    with pytest.raises(jobbench.InputError, match="level"):
        jobbench.register_indicators(panel, level=1.5)
    with pytest.raises(jobbench.InputError, match="dr_interval"):
        jobbench.register_indicators(panel, dr_interval="bayes")


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_dr_wilson_and_exact_intervals_over_spells(method: str) -> None:
    panel = jobbench.synthetic_panel(persons=2000, seed=6, municipalities=5)
    clustered = jobbench.register_indicators(panel)
    result = jobbench.register_indicators(panel, dr_interval=method, level=0.9)
    assert result.attrs["register"]["dr_interval"] == method
    has = result["spells"] > 0
    assert has.sum() >= 5
    lo, hi = proportion_interval(result.loc[has, "spells_partial"].to_numpy(float),
                                 result.loc[has, "spells"].to_numpy(float), level=0.9,
                                 method=method)
    np.testing.assert_array_equal(result.loc[has, "dr_lower"].to_numpy(), lo)
    np.testing.assert_array_equal(result.loc[has, "dr_upper"].to_numpy(), hi)
    assert result.loc[~has, "dr_lower"].isna().all()
    pd.testing.assert_series_equal(result["dr_se"], clustered["dr_se"], check_exact=True)
    pd.testing.assert_series_equal(result["ag_se"], clustered["ag_se"], check_exact=True)
    # the other indicators keep the normal interval, at the asked level (narrower at 90 %)
    finite = result["ag_lower"].notna() & (result["ag_lower"] > 0)
    assert finite.any()
    assert (result.loc[finite, "ag_lower"] > clustered.loc[finite, "ag_lower"]).all()


def _correlated_panel(replications: int, persons: int, seed: int) -> pd.DataFrame:
    """One municipality per replication; person i is active in each week with probability
    p_i ~ U(0, 1), so the true activation share is 1/2 and a person's weeks are strongly correlated."""
    rng = np.random.default_rng(seed)
    from jobbench import _core

    i0 = _core.iso_week_index(201214)  # the first job-rate week: no censoring warnings
    weeks = np.array([_core.iso_week_from_index(i0 + k) for k in range(65)], dtype=np.int32)
    n = replications * persons
    p = rng.uniform(size=n)
    active = rng.uniform(size=(n, len(weeks))) < p[:, None]
    return pd.DataFrame({
        "person": np.repeat(np.arange(n, dtype=np.int64), len(weeks)),
        "week": np.tile(weeks, n),
        "municipality": np.repeat(np.arange(replications, dtype=np.int32) + 1000,
                                  persons * len(weeks)),
        "group": pd.Categorical(np.full(n * len(weeks), "adp_o30")),
        "benefit_share": 1.0,
        "offer": pd.Categorical(np.where(active.ravel(), "vejl", "none")),
    })


def simulate_coverage(replications: int = 400, persons: int = 60,
                      seed: int = 2013) -> dict[str, float]:
    """Coverage of the true AG = 1/2 by the clustered and the naive week-level binomial 95 %
    interval."""
    panel = _correlated_panel(replications, persons, seed)
    res = jobbench.register_indicators(panel, period=(201227, 201326))
    cell = res[res["group"] == "adp_o30"]
    assert len(cell) == replications and (cell["persons"] == persons).all()
    clustered = ((cell["ag_lower"] <= 0.5) & (0.5 <= cell["ag_upper"])).mean()
    ag, weeks = cell["ag"], cell["rows"]
    naive_se = np.sqrt(ag * (1 - ag) / weeks)
    naive = ((ag - Z95 * naive_se <= 0.5) & (0.5 <= ag + Z95 * naive_se)).mean()
    return {"clustered": float(clustered), "naive": float(naive),
            "clustered_se": float(cell["ag_se"].mean()), "naive_se": float(naive_se.mean()),
            "sd_of_ag": float(ag.std())}


def test_simulation_clustered_interval_covers_naive_does_not() -> None:
    out = simulate_coverage()
    assert out["clustered"] >= 0.92, out
    assert out["naive"] < 0.5, out
    # the clustered SE is about the spread of AG over replications; the naive one far below it
    assert 0.8 < out["clustered_se"] / out["sd_of_ag"] < 1.2, out


if __name__ == "__main__":  # python tests/python/register/test_standard_errors.py
    print(simulate_coverage())
