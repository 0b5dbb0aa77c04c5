"""The sampler from Python: order independence, allocation, reserves, sample sizes and errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import audit


def case_list(sizes: dict[str, dict[str, int]]) -> pd.DataFrame:
    rows = [{"municipality": m, "case": f"{m}-{s}-{i}", "stratum": s, "cpr_free_note": i}
            for m, strata in sizes.items() for s, n in strata.items() for i in range(n)]
    return pd.DataFrame(rows)


SIZES = {"Odense": {"5-7": 500, "7-10": 550, "10+": 540}, "Middelfart": {"5-7": 20, "7-10": 21, "10+": 22}}


def test_seeded_and_independent_of_row_order():
    frame = case_list(SIZES)
    a = audit.sample(frame, 15, rule="equal", seed=2020)
    shuffled = frame.sample(frac=1.0, random_state=1)
    b = audit.sample(shuffled, 15, rule="equal", seed=2020)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert {"case", "stratum", "N_h", "n_h", "weight", "pi", "draw"} <= set(a.columns)
    assert len(a) == 30 and set(a.groupby(["municipality", "stratum"]).size()) == {5}
    odense = a[(a["municipality"] == "Odense") & (a["stratum"] == "5-7")]
    assert (odense["N_h"] == 500).all() and odense["weight"].iloc[0] == pytest.approx(100.0)
    c = audit.sample(frame, 15, rule="equal", seed=2021)
    assert set(c["case"]) != set(a["case"])


def test_reserves_follow_in_draw_order():
    frame = case_list(SIZES)
    drawn = audit.sample(frame, 15, rule="equal", seed=1, reserves=2)
    first = audit.sample(frame, 15, rule="equal", seed=1)
    assert set(drawn.loc[~drawn["reserve"], "case"]) == set(first["case"])
    one = drawn[(drawn["municipality"] == "Odense") & (drawn["stratum"] == "10+")]
    assert list(one["draw"]) == [1, 2, 3, 4, 5, 6, 7]
    assert list(one["reserve"]) == [False] * 5 + [True] * 2


def test_proportional_allocation():
    sizes = pd.Series({"5-7": 100, "7-10": 300, "10+": 600})
    assert list(audit.allocation(sizes, 10, rule="proportional")) == [2, 3, 5]
    assert list(audit.allocation(pd.Series({"a": 100, "b": 50, "c": 3}), 15)) == [6, 6, 3]
    frame = case_list({"K": {"a": 100, "b": 300, "c": 600}})
    drawn = audit.sample(frame, 10, rule="proportional", seed=3)
    assert drawn.groupby("stratum")["n_h"].first().to_dict() == {"a": 2, "b": 3, "c": 5}


def test_sample_size_figures_of_the_spec():
    assert audit.sample_size(0.10) == 97
    assert audit.sample_size(0.10, population=4646) == 95
    assert audit.sample_size(0.10, population=63) == 39
    assert isinstance(audit.sample_size(0.25), int)
    k = audit.design_effect(pd.Series([4646, 63]), pd.Series([15, 15]))
    assert audit.sample_size(0.10, design_effect=k) > 97


@pytest.mark.parametrize("kwargs, match", [
    ({"n": 1000, "seed": 1}, "outside 1-N"),
    ({"n": 15, "seed": None}, "seed"),
    ({"n": 15, "seed": 1, "rule": "random"}, "equal"),
    ({"n": 2, "seed": 1}, "empty"),
])
def test_errors(kwargs, match):
    frame = case_list({"K": {"a": 10, "b": 10, "c": 10}})
    with pytest.raises(jobbench.InputError, match=match):
        audit.sample(frame, **kwargs)


def test_duplicate_and_empty_cases():
    frame = case_list({"K": {"a": 10, "b": 10}})
    dup = pd.concat([frame, frame.head(1)])
    with pytest.raises(jobbench.InputError, match=r"case list: 2 rows with a duplicate case id .*\(K, K-a-0\)"):
        audit.sample(dup, 4, seed=1)
    blank = frame.assign(stratum=np.where(frame.index == 0, "", frame["stratum"]))
    with pytest.raises(jobbench.InputError, match=r"case list: 1 rows with an empty case id or stratum"):
        audit.sample(blank, 4, seed=1)
