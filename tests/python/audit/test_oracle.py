"""jobbench.audit against the independent numpy/scipy oracle (audit_oracle.py, from the spec)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobbench import audit

from audit_oracle import newcombe, share

OUTCOMES = ["met", "not_met", "not_relevant", "unknown"]


def synthetic(seed: int, munis: int = 4, per_stratum: tuple = (5, 4, 3)) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    rows, frame = [], []
    for m in range(munis):
        for h, size in enumerate(per_stratum):
            frame.append({"municipality": f"K{m}", "target_group": "tg", "stratum": f"s{h}",
                          "N": int(size * rng.integers(2, 30))})
            for i in range(size):
                dom = rng.choice(["a", "b"])
                for c, p in (("c1", 0.3 + 0.1 * m), ("c2", 0.7)):
                    outcome = rng.choice(OUTCOMES, p=[p * 0.8, (1 - p) * 0.8, 0.15, 0.05])
                    rows.append({"municipality": f"K{m}", "case": f"{h}-{i}", "target_group": "tg",
                                 "stratum": f"s{h}", "criterion": c, "outcome": outcome, "dom": dom})
    return pd.DataFrame(rows), pd.DataFrame(frame)


def _with_design(cases: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    n_h = cases.drop_duplicates(["municipality", "case"]).groupby(["municipality", "stratum"]).size()
    out = cases.merge(frame, on=["municipality", "target_group", "stratum"])
    out["n_h"] = [n_h[(m, s)] for m, s in zip(out["municipality"], out["stratum"])]
    out["w"] = out["N"] / out["n_h"]
    out["key"] = list(zip(out["municipality"], out["stratum"]))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("weights", ["none", "design"])
def test_municipality_scope(seed, weights):
    cases, frame = synthetic(seed)
    got = audit.shares(cases, weights=weights, frame=frame).set_index(["municipality", "criterion"])
    data = _with_design(cases, frame)
    for (m, c), unit in data.groupby(["municipality", "criterion"]):
        fractions = dict(zip(unit["stratum"], unit["n_h"] / unit["N"]))
        want = share(unit, fraction=fractions, weight="w" if weights == "design" else None)
        row = got.loc[(m, c)]
        assert row["n"] == want["n"]
        for key in ("share", "lower", "upper"):
            assert row[key] == pytest.approx(want[key], abs=1e-10)


@pytest.mark.parametrize("seed", [4, 5])
def test_audited_and_national_scope(seed):
    cases, frame = synthetic(seed, munis=5)
    data = _with_design(cases, frame)
    audited = audit.shares(cases, scope="audited", weights="design", frame=frame).set_index("criterion")
    national = audit.shares(cases, scope="national", weights="design", frame=frame,
                            municipalities=98).set_index("criterion")
    assert "municipality" not in audited.columns
    for c, unit in data.groupby("criterion"):
        fractions = dict(zip(unit["key"], unit["n_h"] / unit["N"]))
        strata = unit.assign(stratum=unit["key"])
        want = share(strata, fraction=fractions, weight="w")
        assert audited.loc[c, "share"] == pytest.approx(want["share"], abs=1e-12)
        assert audited.loc[c, "lower"] == pytest.approx(want["lower"], abs=1e-10)
        assert audited.loc[c, "upper"] == pytest.approx(want["upper"], abs=1e-10)
        want = share(unit, clustered=True, weight="w", m_pop=98)
        assert national.loc[c, "lower"] == pytest.approx(want["lower"], abs=1e-10)
        assert national.loc[c, "upper"] == pytest.approx(want["upper"], abs=1e-10)


def test_unweighted_pooled_share_is_a_ratio_not_an_average_of_ratios():
    cases, _ = synthetic(6)
    got = audit.shares(cases, scope="audited").set_index("criterion")
    for c, rows in cases.groupby("criterion"):
        met = (rows["outcome"] == "met").sum()
        judged = rows["outcome"].isin(["met", "not_met"]).sum()
        assert got.loc[c, "share"] == pytest.approx(met / judged)
        assert got.loc[c, "met"] == met and got.loc[c, "n"] == judged


def test_by_domain_keeps_every_case_in_the_strata():
    cases, frame = synthetic(7)
    got = audit.shares(cases, by="dom").set_index(["municipality", "criterion", "dom"])
    data = _with_design(cases, frame)
    for (m, c), unit in data.groupby(["municipality", "criterion"]):
        for value in ("a", "b"):
            want = share(unit, domain=(unit["dom"] == value).to_numpy(), fraction={})
            if want["n"] == 0:
                assert np.isnan(got.loc[(m, c, value), "share"])
                continue
            assert got.loc[(m, c, value), "lower"] == pytest.approx(want["lower"], abs=1e-10)


def test_plain_wilson_for_one_stratum_and_the_spec_example():
    rows = [{"municipality": "K", "case": str(i), "target_group": "t", "stratum": "s", "criterion": "c",
             "outcome": "met" if i < 8 else "not_met"} for i in range(15)]
    got = audit.shares(pd.DataFrame(rows)).iloc[0]
    assert (round(got["lower"], 2), round(got["upper"], 2)) == (0.30, 0.75)


def test_compare_matches_newcombe_and_bonferroni():
    cases, frame = synthetic(8, munis=5)
    got = audit.compare(cases, "c1", "K4", other="K0").iloc[0]
    rows = cases[cases["criterion"] == "c1"]
    m = share(rows[rows["municipality"] == "K4"], fraction={})
    k = share(rows[rows["municipality"] == "K0"], fraction={})
    lo, hi = newcombe(m, k)
    assert (got["lower"], got["upper"]) == pytest.approx((lo, hi), abs=1e-10)
    assert got["comparisons"] == 10  # 5 municipalities: 10 pairs
    level = 1 - 0.05 / 10
    lo, hi = newcombe(share(rows[rows["municipality"] == "K4"], fraction={}, level=level),
                      share(rows[rows["municipality"] == "K0"], fraction={}, level=level))
    assert (got["lower_adjusted"], got["upper_adjusted"]) == pytest.approx((lo, hi), abs=1e-10)
    assert bool(got["significant"]) == bool(got["lower"] > 0 or got["upper"] < 0)
    pooled = audit.compare(cases, "c1", ["K0", "K4"])
    assert list(pooled["other"]) == ["øvrige", "øvrige"] and set(pooled["comparisons"]) == {5}
    rest = share(rows[rows["municipality"] != "K0"], fraction={})
    assert pooled["share_other"].iloc[0] == pytest.approx(rest["share"])


def test_cross_matrix_counts_and_row_shares():
    cases, _ = synthetic(9)
    table = audit.cross(cases, "c1", "dom")
    wide = cases.pivot_table(index=["municipality", "case"], columns="criterion", values="outcome",
                             aggfunc="first").join(cases.drop_duplicates(["municipality", "case"])
                                                   .set_index(["municipality", "case"])["dom"])
    counts = pd.crosstab(wide["c1"], wide["dom"])
    for _, row in table.iterrows():
        expected = counts.loc[row["c1"], row["dom"]] if row["c1"] in counts.index else 0
        assert row["count"] == expected
    two = audit.cross(cases, "c1", "c2").set_index(["c1", "c2"])
    met_c1 = wide[wide["c1"] == "met"]
    judged = met_c1["c2"].isin(["met", "not_met"]).sum()
    assert two.loc[("met", "met"), "row_share"] == pytest.approx((met_c1["c2"] == "met").sum() / judged)


def test_compare_several_criteria_at_once_equals_one_by_one():
    cases, _ = synthetic(10, munis=4)
    both = audit.compare(cases, ["c1", "c2"], ["K1", "K3"])
    one = pd.concat([audit.compare(cases, c, ["K1", "K3"]) for c in ("c1", "c2")], ignore_index=True)
    pd.testing.assert_frame_equal(both, one)
