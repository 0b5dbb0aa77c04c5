"""Staff time registration: roster → FTE, validation rules, review list, Monte Carlo, synthetic rosters."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import InputError, StaffRoster

SPEC = "benchmark2013"


def roster(rows: list[dict], shares: list[tuple], **options) -> StaffRoster:
    defaults = {"unit": "Jobcenter", "employment_type": "ordinary", "fte_fraction": 1.0}
    employees = pd.DataFrame([{**defaults, **row} for row in rows])
    sh = pd.DataFrame(shares, columns=["municipality", "employee_id", "task", "share"])
    return StaffRoster(SPEC, employees, sh, **options)


def test_weights_hours_external_and_parent_shares():
    r = roster(
        [{"municipality": "Varde", "employee_id": "1"},
         {"municipality": "Varde", "employee_id": "2", "employment_type": "flexjob"},
         {"municipality": "Varde", "employee_id": "3", "employment_type": "seniorjob", "fte_fraction": np.nan,
          "hours": 18.5, "external_share": 0.5}],
        [("Varde", "1", "adp.sag.o30", 0.6), ("Varde", "1", "adp.sag.u30", 0.4),
         ("Varde", "2", "adp.sag", 0.5), ("Varde", "2", "kh1.modt", 0.3),
         ("Varde", "3", "syg.sag.samt", 1.0)])
    staff = r.aggregate()
    assert staff.errors.empty
    fte = staff.fte.set_index("task")
    assert fte.at["adp.sag.o30", "fte"] == pytest.approx(0.6)
    assert fte.at["adp.sag", "fte"] == pytest.approx(1.0 + 0.25)      # parent row states its total
    assert fte.at["kh1.modt", "fte"] == pytest.approx(0.15)           # flexjob weight 0.5
    assert fte.at["syg.sag.samt", "fte"] == pytest.approx(0.375)      # 18.5 h / 37 h × 0.75
    assert fte.at["syg.sag.samt", "fte_external"] == pytest.approx(0.1875)
    assert "adp" not in fte.index                                      # no direct time: no row
    by_task = staff.by_task.set_index("task")
    assert by_task.at["adp.sag", "unallocated"] == pytest.approx(0.25)
    assert by_task.at["total", "head_count"] == 3
    assert by_task.at["adp", "head_count"] == 2
    b = staff.balance.iloc[0]
    assert b["fte_read"] == pytest.approx(1.0 + 0.5 + 0.375)
    assert b["fte_outside"] == pytest.approx(0.5 * 0.2)
    unit = staff.by_unit.iloc[0]
    assert (unit["head_count"], unit["fte"]) == (3, pytest.approx(1.875))


def test_fte_is_benchmark_input_with_unallocated_parent():
    data = jobbench.datasets.benchmark2013()
    r = roster([{"municipality": m, "employee_id": "1"} for m in ("Varde", "Stevns")],
               [("Varde", "1", "adp.sag", 0.5), ("Varde", "1", "adp.sag.o30", 0.5),
                ("Stevns", "1", "kh1.sag.o30", 1.0)])
    staff = r.aggregate()
    assert list(staff.fte.columns) == ["municipality", "task", "fte", "fte_external"]
    results = staff.benchmark(data.person_years, data.population).fit()
    assert results.fte.at["adp.sag", "Varde"] == pytest.approx(1.0)
    frame = results.to_frame().set_index(["item", "municipality"])
    assert frame.at[("adp.sag", "Varde"), "unallocated"] == pytest.approx(0.5)
    assert results.fte.at["total", "Stevns"] == pytest.approx(1.0)


@pytest.mark.parametrize("row, shares, rule, text", [
    ({"employee_id": "x"}, [("x", "kh1.modt", -0.1)], "negative_share", "shares must be finite and >= 0"),
    ({"employee_id": "x"}, [("x", "kh1.modt", 0.7), ("x", "adp.modt", 0.4)], "share_sum", "sum to 110 % > 100 %"),
    ({"employee_id": "x", "fte_fraction": 1.5}, [("x", "kh1.modt", 1.0)], "fte_fraction_range",
     "FTE fraction 1.5 out of range"),
    ({"employee_id": "x", "fte_fraction": np.nan}, [("x", "kh1.modt", 1.0)], "fte_fraction_range",
     "missing contracted time"),
    ({"employee_id": "x"}, [("x", "kh1.nope", 1.0)], "unknown_task", "unknown task 'kh1.nope'"),
    ({"employee_id": "x", "unit": "Borgerservice"}, [("x", "kh1.modt", 1.0)], "unknown_unit",
     "unknown organisational unit 'Borgerservice'"),
    ({"employee_id": "x", "employment_type": "fleksjob"}, [("x", "kh1.modt", 1.0)], "unknown_employment_type",
     "unknown employment type 'fleksjob'"),
    ({"employee_id": "ok"}, [], "duplicate_id", "duplicate employee id 'ok'; already given in employees row 0"),
    ({"employee_id": "x", "external_share": 1.2}, [("x", "kh1.modt", 1.0)], "external_share_range",
     "externally financed share 1.2"),
])
def test_each_rule_rejects_the_row_and_keeps_the_balance(row, shares, rule, text):
    rows = [{"municipality": "Varde", "employee_id": "ok", "source": "a.xlsx!Medarbejdere row 5"},
            {"municipality": "Varde", "source": "a.xlsx!Medarbejdere row 6", **row}]
    share_rows = [("Varde", "ok", "kh1.modt", 1.0)] + [("Varde", e, t, s) for e, t, s in shares]
    if rule == "duplicate_id":  # shares of a repeated id must stay with their own row
        r = StaffRoster.from_wide(SPEC, pd.DataFrame(
            [{"municipality": "Varde", "employee_id": "ok", "unit": "Jobcenter", "employment_type": "ordinary",
              "fte_fraction": 1.0, "source": f"a.xlsx!Medarbejdere row {5 + k}", "kh1.modt": 1.0}
             for k in range(2)]), units=["Jobcenter"])
    else:
        r = roster(rows, share_rows, units=["Jobcenter"])
    staff = r.aggregate()
    errors = staff.errors
    assert list(errors["rule"]) == [rule]
    assert errors.at[0, "row"] == 1
    msg = errors.at[0, "message"]
    assert msg.startswith("a.xlsx!Medarbejdere row 6: employees row 1 (Varde, ")
    assert text in msg
    b = staff.balance
    assert int(b["rejected"].sum()) == 1 and int(b["employees"].sum()) == 1
    assert b["fte_read"].sum() == pytest.approx(b["fte_tasks"].sum() + b["fte_outside"].sum()
                                                + b["fte_rejected"].sum())
    with pytest.raises(InputError, match=rule.split("_")[0] if rule == "share_sum" else "rejected"):
        staff.raise_for_errors()


def test_unknown_employee_in_shares_is_an_error():
    with pytest.raises(InputError, match=r"shares row 0 \(Varde, 9\): no employee"):
        roster([{"municipality": "Varde", "employee_id": "1"}], [("Varde", "9", "kh1.modt", 1.0)])
    with pytest.raises(InputError, match="missing column 'fte_fraction' or 'hours'"):
        StaffRoster(SPEC, pd.DataFrame({"municipality": [], "employee_id": [], "unit": [], "employment_type": []}),
                    pd.DataFrame({"municipality": [], "employee_id": [], "task": [], "share": []}))


def test_review_lists_outliers_splits_and_tasks_without_target_group():
    data = jobbench.datasets.benchmark2013()
    emp, sh = jobbench.synthetic_roster(seed=5)
    # Varde: one employee spends 100 % on jobrotation for the kh1 group; Stevns has no Revalidering
    # person-years but staff on it.
    emp = pd.concat([emp, pd.DataFrame([
        {"municipality": "Varde", "employee_id": "X1", "unit": "Jobcenter", "employment_type": "ordinary",
         "fte_fraction": 1.0, "external_share": 0.0},
        {"municipality": "Varde", "employee_id": "X2", "unit": "Jobcenter", "employment_type": "ordinary",
         "fte_fraction": 1.0, "external_share": 0.0}])], ignore_index=True)
    sh = pd.concat([sh, pd.DataFrame([
        {"municipality": "Varde", "employee_id": "X1", "task": "kh1.virk.jobrot", "share": 1.0},
        {"municipality": "Varde", "employee_id": "X2", "task": "kh1.modt", "share": 0.005},
        {"municipality": "Varde", "employee_id": "X2", "task": "kh1.team.virk", "share": 0.995}])],
        ignore_index=True)
    py = data.person_years.copy()
    py.loc[(py["municipality"] == "Varde") & (py["group"] == "reval"), "person_years"] = 0.0
    staff = StaffRoster(data.spec, emp, sh).aggregate(data.municipalities)
    review = staff.review(py)
    assert {"municipality", "employee_id", "task", "label", "rule", "message", "value", "reference",
            "score"} <= set(review.columns)
    varde = review[review["municipality"] == "Varde"]
    z = varde[(varde["rule"] == "robust_z") & (varde["task"] == "kh1.virk.jobrot")]
    assert len(z) == 1 and z["score"].iloc[0] > 3.5
    assert "against a median of" in z["message"].iloc[0]
    reval_fte = staff.fte.query("municipality == 'Varde' and task.str.startswith('reval')")["fte"].sum()
    if reval_fte > 0:
        assert ((varde["rule"] == "no_target_group") & (varde["task"] == "reval")).any()
    assert ((varde["rule"] == "min_share") & (varde["employee_id"] == "X2")).any()
    # A higher threshold lists fewer outliers; an infinite one none.
    n = lambda t: int((staff.review(py, z_threshold=t)["rule"] == "robust_z").sum())  # noqa: E731
    assert n(3.5) >= n(10.0) and n(float("inf")) == 0


def test_robust_z_scores_in_core():
    z = jobbench._core.robust_z_scores(np.array([[1.0, 1.1, 0.9, 1.0, 1.05, 5.0]]))
    assert z[0, 5] > 3.5 and abs(z[0, 0]) < 1.0


@pytest.fixture(scope="module")
def synthetic():
    data = jobbench.datasets.benchmark2013()
    employees, shares = jobbench.synthetic_roster(seed=2013)
    return data, employees, shares


def test_synthetic_roster_reproduces_2013_fte_and_results(synthetic):
    data, employees, shares = synthetic
    staff = StaffRoster(data.spec, employees, shares).aggregate(data.municipalities)
    assert staff.errors.empty
    merged = data.fte.merge(staff.fte, on=["municipality", "task"], how="outer", suffixes=("_2013", ""),
                            indicator=True)
    assert (merged["_merge"] == "both").all()
    assert np.abs(merged["fte"] - merged["fte_2013"]).max() < 1e-6
    assert np.abs(merged["fte_external"] - merged["fte_external_2013"]).max() < 1e-6
    ours = staff.benchmark(data.person_years, data.population).fit()
    theirs = data.benchmark().fit()
    np.testing.assert_allclose(ours.productivity.to_numpy(), theirs.productivity.to_numpy(), atol=1e-6)
    assert (ours.matrix("rank").to_numpy() == theirs.matrix("rank").to_numpy()).all()
    assert ours.productivity.at["total", "Varde"] == pytest.approx(24.1, abs=0.05)  # table 4.1


def test_synthetic_roster_is_plausible_and_seeded(synthetic):
    data, employees, shares = synthetic
    per_employee = shares.groupby(["municipality", "employee_id"]).size()
    assert per_employee.between(1, 4).all()
    assert set(employees["employment_type"]) == {"ordinary", "flexjob", "seniorjob"}
    assert (employees["external_share"] == 1.0).any() and employees["hours"].notna().any()
    assert shares.groupby(["municipality", "employee_id"])["share"].sum().max() <= 1 + 1e-9
    again, _ = jobbench.synthetic_roster(seed=2013)
    pd.testing.assert_frame_equal(employees, again)
    other, _ = jobbench.synthetic_roster(seed=1)
    assert not employees["employment_type"].equals(other["employment_type"])


def _uncertainty(roster_, data, sd, threads=1, seed=11, draws=300):
    return roster_.simulate(data.person_years, data.population, relative_sd=sd, draws=draws, seed=seed,
                            threads=threads)


def test_monte_carlo_seeded_thread_independent_and_shrinking(synthetic):
    data, employees, shares = synthetic
    r = StaffRoster(data.spec, employees, shares)
    a = _uncertainty(r, data, {"main": 0.05, "sub": 0.2})
    b = _uncertainty(r, data, (0.05, 0.2), threads=2)
    pd.testing.assert_frame_equal(a.intervals, b.intervals)
    pd.testing.assert_frame_equal(a.rank_probabilities("adp.sag.o30"), b.rank_probabilities("adp.sag.o30"))
    c = _uncertainty(r, data, (0.05, 0.2), seed=12)
    assert not a.intervals["upper"].equals(c.intervals["upper"])

    width = lambda u: (u.intervals["upper"] - u.intervals["lower"]).sum()  # noqa: E731
    wide = _uncertainty(r, data, (0.2, 0.5))
    small = _uncertainty(r, data, (0.01, 0.02))
    zero = _uncertainty(r, data, (0.0, 0.0), draws=20)
    assert width(wide) > width(a) > width(small) > 0
    assert width(zero) == pytest.approx(0.0, abs=1e-9)
    z = zero.intervals
    assert (z["rank_lower"] == z["rank"]).all() and (z["rank_upper"] == z["rank"]).all()
    for u in (wide, a, small):
        iv = u.intervals
        assert ((iv["lower"] <= iv["productivity"] + 1e-9) & (iv["productivity"] <= iv["upper"] + 1e-9)).all()
        probabilities = u.rank_probabilities("adp")
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    text = a.describe("Varde", "adp.sag.o30")
    assert text.startswith("Varde: rank ") and "90 % interval" in text


def test_monte_carlo_rejects_invalid_roster():
    data = jobbench.datasets.benchmark2013()
    r = roster([{"municipality": "Varde", "employee_id": "1"}], [("Varde", "1", "adp.modt", 1.5)])
    with pytest.raises(InputError, match="share_sum|sum to 150"):
        r.simulate(data.person_years, municipalities=data.municipalities, draws=10)
    with pytest.raises(InputError, match="unknown level"):
        r.simulate(data.person_years, relative_sd={"leaf": 0.1}, draws=10)


def test_synthetic_roster_handles_parent_rows():
    data = jobbench.datasets.benchmark2013()
    names = ["Varde", "Stevns", "Rebild"]
    fte = data.fte[data.fte["municipality"].isin(names)]
    subs = fte[(fte["municipality"] == "Varde") & fte["task"].str.startswith("adp.sag.")]
    parent_row = pd.DataFrame([{"municipality": "Varde", "task": "adp.sag", "fte": subs["fte"].sum() + 0.7,
                                "fte_external": subs["fte_external"].sum() + 0.1}])
    ds = jobbench.datasets.Dataset("with_parent", data.spec, pd.concat([fte, parent_row], ignore_index=True),
                                   data.person_years, data.population, names)
    employees, shares = jobbench.synthetic_roster(ds, seed=4)
    staff = StaffRoster(data.spec, employees, shares).aggregate(names)
    merged = ds.fte.merge(staff.fte, on=["municipality", "task"], how="outer", suffixes=("_d", ""), indicator=True)
    assert (merged["_merge"] == "both").all()
    assert np.abs(merged["fte"] - merged["fte_d"]).max() < 1e-6
    assert np.abs(merged["fte_external"] - merged["fte_external_d"]).max() < 1e-6
    by_task = staff.by_task.set_index(["municipality", "task"])
    assert by_task.at[("Varde", "adp.sag"), "unallocated"] == pytest.approx(0.7)
