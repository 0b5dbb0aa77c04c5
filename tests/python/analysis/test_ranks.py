"""jobbench.analysis rank confidence sets against the numpy/scipy oracle, the contract and coverage."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import analysis
from reference_analysis import point_ranks as ref_point_ranks
from reference_analysis import rank_sets_marginal as ref_marginal
from reference_analysis import rank_sets_simultaneous as ref_simultaneous


def _case(k: int, seed: int, spacing: float = 0.5, se=(0.1, 0.3)):
    rng = np.random.default_rng(seed)
    est = spacing * rng.permutation(k) + rng.normal(0, 0.05, k)
    return est, rng.uniform(*se, k)


@pytest.mark.parametrize("simultaneous", [False, True])
def test_well_separated_units_agree_exactly_with_the_oracle(simultaneous):
    est = np.array([10.0, 0.0, 20.0, 5.0, 15.0])
    se = np.full(5, 0.1)
    got = analysis.rank_sets(est, se, simultaneous=simultaneous, seed=1)
    ref = (ref_simultaneous if simultaneous else ref_marginal)(est, se, seed=1)
    for col in ("lower", "rank", "upper"):
        np.testing.assert_array_equal(got[col].to_numpy(), ref[col])
    np.testing.assert_array_equal(got["lower"], [3, 5, 1, 4, 2])


@pytest.mark.parametrize("simultaneous", [False, True])
def test_random_cases_agree_with_the_oracle_in_most_units(simultaneous):
    agree = total = 0
    for seed in range(4):
        est, se = _case(15, seed)
        got = analysis.rank_sets(est, se, simultaneous=simultaneous, seed=seed, draws=20000)
        ref = (ref_simultaneous if simultaneous else ref_marginal)(est, se, seed=seed, draws=20000)
        agree += int(np.sum((got["lower"].to_numpy() == ref["lower"]) & (got["upper"].to_numpy() == ref["upper"])))
        total += est.size
        # Monte-Carlo differences move a bound by at most one rank here
        assert np.max(np.abs(got["lower"].to_numpy() - ref["lower"])) <= 1
        assert np.max(np.abs(got["upper"].to_numpy() - ref["upper"])) <= 1
    assert agree >= 0.95 * total


def test_contract_columns_index_dtype():
    est = pd.Series([24.1, 26.9, 19.8], index=["Varde", "Vejle", "Vejen"])
    se = pd.Series([0.5, 0.6, 0.7], index=["Vejen", "Varde", "Vejle"])  # aligned by label
    out = analysis.rank_sets(est, se, seed=3)
    assert list(out.columns) == ["lower", "rank", "upper"]
    assert list(out.index) == ["Varde", "Vejle", "Vejen"]
    assert all(out[c].dtype == np.int64 for c in out.columns)
    assert out.loc["Vejle", "rank"] == 1 and out.loc["Vejen", "rank"] == 3   # 1 = largest
    assert (out["lower"] <= out["rank"]).all() and (out["rank"] <= out["upper"]).all()
    arr = analysis.rank_sets([1.0, 2.0], [0.1, 0.1], seed=1)
    assert list(arr.index) == [0, 1]


def test_ties_share_the_best_rank():
    out = analysis.rank_sets([3.0, 5.0, 3.0, 1.0], [1.0] * 4, seed=1)
    np.testing.assert_array_equal(out["rank"], ref_point_ranks([3.0, 5.0, 3.0, 1.0]))
    np.testing.assert_array_equal(out["rank"], [2, 1, 2, 4])


def test_covariance_dataframe_is_aligned():
    units = ["a", "b", "c"]
    est = pd.Series([1.0, 2.0, 3.0], index=units)
    cov = pd.DataFrame(np.diag([0.01, 0.04, 0.09]), index=units, columns=units)
    shuffled = cov.loc[["c", "a", "b"], ["b", "c", "a"]]
    a = analysis.rank_sets(est, cov=cov, seed=5)
    b = analysis.rank_sets(est, cov=shuffled, seed=5)
    pd.testing.assert_frame_equal(a, b)
    c = analysis.rank_sets(est, se=pd.Series([0.1, 0.2, 0.3], index=units), seed=5)
    pd.testing.assert_frame_equal(a, c)


def test_correlated_covariance_matches_the_oracle_when_well_separated():
    est = np.array([0.0, 3.0, 6.0, 9.0])
    a = np.random.default_rng(1).normal(size=(4, 4))
    cov = 0.05 * (a @ a.T) / 4
    got = analysis.rank_sets(est, cov=cov, simultaneous=True, seed=2)
    ref = ref_simultaneous(est, cov=cov, seed=2)
    np.testing.assert_array_equal(got["lower"], ref["lower"])
    np.testing.assert_array_equal(got["upper"], ref["upper"])


def test_reproducible_by_seed_and_independent_of_order():
    est, se = _case(20, 7, spacing=0.2)
    units = [f"k{i}" for i in range(20)]
    s_est, s_se = pd.Series(est, index=units), pd.Series(se, index=units)
    a = analysis.rank_sets(s_est, s_se, seed=11, draws=4000)
    pd.testing.assert_frame_equal(a, analysis.rank_sets(s_est, s_se, seed=11, draws=4000))
    perm = np.random.default_rng(0).permutation(20)
    b = analysis.rank_sets(s_est.iloc[perm], s_se.iloc[perm], seed=11, draws=4000)
    # the draws go to the units sorted by name: the same sets, unit by unit, in any input order
    pd.testing.assert_frame_equal(a.loc[b.index], b)
    cov = pd.DataFrame(np.diag(se**2), index=units, columns=units)
    c = analysis.rank_sets(s_est.iloc[perm], cov=cov.iloc[perm, perm], seed=11, draws=4000)
    pd.testing.assert_frame_equal(c, b)
    top = analysis.top_set(s_est, s_se, tau=3, seed=11)
    assert sorted(analysis.top_set(s_est.iloc[perm], s_se.iloc[perm], tau=3, seed=11)) == sorted(top)


@pytest.mark.parametrize("kwargs, match", [
    ({"estimates": [1.0, np.nan], "se": [1.0, 1.0]}, "unit 1: the estimate must be finite"),
    ({"estimates": pd.Series([1.0, 2.0], index=["Varde", "Vejle"]),
      "se": pd.Series([1.0, -1.0], index=["Varde", "Vejle"])}, "Vejle: the standard error must be finite"),
    ({"estimates": [1.0, 2.0], "cov": [[1.0, 1.3], [1.3, 1.0]]},
     r"covariance is not positive semi-definite \(smallest eigenvalue -0.3\)"),
    ({"estimates": [1.0, 2.0], "cov": [[1.0, 0.2], [0.1, 1.0]]}, "covariance is not symmetric"),
    ({"estimates": [1.0, 2.0], "se": [1.0, 1.0], "level": 1.0}, "level must lie strictly between 0 and 1"),
    ({"estimates": [1.0, 2.0], "se": [1.0, 1.0], "draws": 0}, "draws must be at least 1"),
    ({"estimates": [1.0, 2.0], "se": [1.0, 1.0, 1.0]}, "se has 3 values for 2 estimates"),
    ({"estimates": [1.0, 2.0]}, "give exactly one of se"),
])
def test_errors(kwargs, match):
    with pytest.raises(jobbench.InputError, match=match):
        analysis.rank_sets(**kwargs)


def test_one_unit():
    out = analysis.rank_sets([5.0], [1.0], seed=1)
    assert out.iloc[0].tolist() == [1, 1, 1]


def test_top_and_bottom_sets():
    est = pd.Series([10.0, 9.9, 0.0, -10.0], index=list("abcd"))
    se = pd.Series(0.5, index=est.index)
    assert analysis.top_set(est, se, tau=1, seed=1) == ["a", "b"]
    assert analysis.bottom_set(est, se, tau=1, seed=1) == ["d"]
    assert analysis.top_set(est, se, tau=4, seed=1) == list("abcd")
    with pytest.raises(jobbench.InputError, match="tau must be an integer between 1"):
        analysis.top_set(est, se, tau=0)


def test_simulated_coverage():
    """300 replications, 20 units: marginal coverage per unit and simultaneous joint coverage."""
    k, reps, level, slack = 20, 300, 0.9, 0.025
    theta = np.linspace(0.0, 3.0, k)
    se = np.full(k, 0.3)
    true_rank = ref_point_ranks(theta)
    rng = np.random.default_rng(2024)
    marg = np.zeros(k)
    joint = 0
    for r in range(reps):
        est = theta + se * rng.normal(size=k)
        m = analysis.rank_sets(est, se, level=level, seed=r, draws=500)
        marg += (m["lower"].to_numpy() <= true_rank) & (true_rank <= m["upper"].to_numpy())
        s = analysis.rank_sets(est, se, level=level, simultaneous=True, seed=r, draws=500)
        joint += bool(np.all((s["lower"].to_numpy() <= true_rank) & (true_rank <= s["upper"].to_numpy())))
    assert np.min(marg / reps) >= level - slack
    assert joint / reps >= level - slack


def test_plot_rank_sets():
    import matplotlib
    matplotlib.use("Agg")
    est = pd.Series([24.1, 26.9, 19.8], index=["Varde", "Vejle", "Vejen"])
    frame = analysis.rank_sets(est, [0.5, 0.6, 0.7], seed=1)
    ax = analysis.plot_rank_sets(frame, highlight="Varde", title="Test")
    assert ax.get_xlabel() == "Rang (1 = højest)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Vejle", "Varde", "Vejen"]
    assert any(a.get_gid() == "highlight" for a in ax.get_children())
    assert analysis.plot_rank_sets(frame, labels="en").get_xlabel() == "Rank (1 = highest)"
    with pytest.raises(jobbench.InputError, match="unknown unit"):
        analysis.plot_rank_sets(frame, highlight="Aarhus")
