"""Expected against actual (leave-one-out OLS) and similar units, against numpy/scipy written here."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import mahalanobis

import jobbench
from jobbench import analysis


def _data(n=30, p=3, seed=0):
    rng = np.random.default_rng(seed)
    units = [f"K{i:02d}" for i in range(n)]
    x = pd.DataFrame(rng.normal(size=(n, p)) * [1.0, 10.0, 0.01][:p] + [0.0, 100.0, 0.05][:p],
                     index=units, columns=["ledighed", "indvandrere", "forsoergelse"][:p])
    beta = np.array([0.5, -0.02, 30.0][:p])
    y = pd.Series(2.0 + x.to_numpy() @ beta + rng.normal(scale=0.3, size=n), index=units, name="jobrate")
    return y, x


def _loo_reference(y, x, level):
    """Leave-one-out by refitting with np.linalg.lstsq, prediction variance s²(1 + x'(X'X)⁻¹x)."""
    n, p = x.shape
    a = np.column_stack([np.ones(n), x])
    rows = []
    t = stats.t.ppf((1 + level) / 2, n - 1 - (p + 1))
    for i in range(n):
        keep = np.arange(n) != i
        beta, *_ = np.linalg.lstsq(a[keep], y[keep], rcond=None)
        resid = y[keep] - a[keep] @ beta
        s2 = resid @ resid / (n - 1 - (p + 1))
        var = s2 * (1 + a[i] @ np.linalg.inv(a[keep].T @ a[keep]) @ a[i])
        pred = a[i] @ beta
        rows.append((pred, pred - t * np.sqrt(var), pred + t * np.sqrt(var)))
    return np.array(rows)


@pytest.mark.parametrize("seed,p", [(0, 1), (1, 2), (2, 3)])
def test_leave_one_out_matches_numpy_lstsq(seed, p):
    y, x = _data(p=p, seed=seed)
    e = analysis.expected(y, x, level=0.9)
    ref = _loo_reference(y.to_numpy(), x.to_numpy(), 0.9)
    np.testing.assert_allclose(e["expected"], ref[:, 0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(e["lower"], ref[:, 1], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(e["upper"], ref[:, 2], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(e["residual"], e["actual"] - e["expected"], atol=1e-12)
    full, *_ = np.linalg.lstsq(np.column_stack([np.ones(len(y)), x]), y.to_numpy(), rcond=None)
    np.testing.assert_allclose(e.attrs["coefficients"].to_numpy(), full, rtol=1e-9, atol=1e-12)
    assert list(e.attrs["coefficients"].index) == ["intercept", *x.columns]
    assert list(e.columns[:5]) == ["actual", "expected", "residual", "lower", "upper"]


def test_rank_and_flag():
    y, x = _data(seed=3)
    y.iloc[4] += 5.0  # far above what its conditions explain
    e = analysis.expected(y, x)
    assert e["rank"].iloc[4] == 1 and e["flag"].iloc[4] == "over"
    low = analysis.expected(y, x, higher_is_better=False)
    assert low["rank"].iloc[4] == len(y)
    assert sorted(e["rank"]) == list(range(1, len(y) + 1))


def test_indexes_are_aligned_and_mismatches_named():
    y, x = _data()
    shuffled = x.iloc[::-1]
    pd.testing.assert_frame_equal(analysis.expected(y, shuffled), analysis.expected(y, x))
    with pytest.raises(jobbench.InputError, match="K29: in outcome but not in conditions"):
        analysis.expected(y, x.iloc[:-1])


def test_bad_input_names_unit_column_and_collinear_condition():
    y, x = _data(p=2)
    bad = x.copy()
    bad.loc["K07", "indvandrere"] = np.nan
    with pytest.raises(jobbench.InputError, match="K07: condition 'indvandrere' is not a finite number"):
        analysis.expected(y, bad)
    yy = y.copy()
    yy["K03"] = np.inf
    with pytest.raises(jobbench.InputError, match="K03: jobrate is not a finite number"):
        analysis.expected(yy, x)
    col = x.assign(samlet=2 * x["ledighed"] + 0.5 * x["indvandrere"] - 1)
    with pytest.raises(jobbench.InputError, match="'samlet' is collinear with 'ledighed', 'indvandrere'"):
        analysis.expected(y, col)
    with pytest.raises(jobbench.InputError, match="'konstant' is constant"):
        analysis.expected(y, x.assign(konstant=3.0))
    few_y, few_x = y.iloc[:3], x.iloc[:3].assign(third=[1.0, 5.0, 2.0])
    with pytest.raises(jobbench.InputError, match="'third' is collinear.*3 units cannot determine 3 conditions"):
        analysis.expected(few_y, few_x)
    with pytest.raises(jobbench.InputError, match="at least 5"):
        analysis.expected(y.iloc[:4], x.iloc[:4])


def test_similar_matches_scipy_mahalanobis():
    _y, x = _data(n=25, p=3, seed=5)
    vi = np.linalg.inv(np.cov(x.to_numpy().T))
    ref = np.array([[mahalanobis(a, b, vi) for b in x.to_numpy()] for a in x.to_numpy()])
    dist = analysis.mahalanobis_distances(x)
    np.testing.assert_allclose(dist.to_numpy(), ref, rtol=1e-9, atol=1e-9)
    groups = analysis.similar(x, 4)
    for i, unit in enumerate(x.index):
        order = sorted((u for u in range(len(x)) if u != i), key=lambda u: (ref[i, u], u))
        assert groups[unit] == [x.index[u] for u in order[:4]]
    # standardising does not change the distances
    z = (x - x.mean()) / x.std()
    assert analysis.similar(z, 4) == groups


def test_similar_ties_in_unit_order_and_errors():
    x = pd.DataFrame({"a": [0.0, 1.0, -1.0, 2.0, -2.0]}, index=list("VABCD"))
    assert analysis.similar(x, 2)["V"] == ["A", "B"]
    assert analysis.similar(x.iloc[[0, 2, 1, 3, 4]], 2)["V"] == ["B", "A"]
    with pytest.raises(jobbench.InputError, match="k must be between 1 and"):
        analysis.similar(x, 5)
    with pytest.raises(jobbench.InputError, match="'b' is collinear with 'a'"):
        analysis.similar(x.assign(b=3 * x["a"]), 2)


def test_2013_framework_and_expected_job_rate():
    data = jobbench.datasets.benchmark2013()
    fw = data.framework
    assert list(fw.index) == data.municipalities
    assert fw.loc["Varde", "rammevilkaar_samlet"] == 60 and fw.loc["Varde", "fors_jc"] == 9.8
    pub = data.published[(data.published["table"] == "bilag1") & (data.published["row"] == "rammevilkaar.syg")]
    assert dict(zip(pub["municipality"], pub["value"]))["Lyngby-Taarbæk"] == fw.loc["Lyngby-Taarbæk", "rammevilkaar_syg"]
    q = data.quality
    rate = q[q["indicator"] == "q.total.jobrate"].set_index("municipality")["value"].rename("jobrate")
    e = analysis.expected(rate, fw[["fors_jc"]])
    assert set(e.index) == set(data.municipalities)
    assert (e["lower"] < e["expected"]).all() and (e["expected"] < e["upper"]).all()
