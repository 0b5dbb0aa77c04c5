"""compare_periods on hand-built long frames: value, change since the previous period, change
against the same quarter (or year) a year earlier, order, selection of periods, bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import periods
from jobbench.register import compare_periods
from jobbench.register.compare import COMPARE_COLUMNS


def long_frame(values: dict[tuple[str, int, str, str], float]) -> pd.DataFrame:
    """The layout of register.measures: (period label, municipality, group, measure) -> value,
    with numerator = value * 100 and denominator 100."""
    rows = []
    for (label, municipality, group, measure), value in values.items():
        p = periods.parse(label)[0]
        rows.append({"period": label, "first": p.first, "last": p.last,
                     "municipality": municipality, "group": group, "measure": measure,
                     "numerator": value * 100.0, "denominator": 100.0, "value": value})
    return pd.DataFrame(rows)


def row(result: pd.DataFrame, period: str, municipality: int = 573, group: str = "total",
        measure: str = "activated:any") -> pd.Series:
    found = result[(result["period"] == period) & (result["municipality"] == municipality)
                   & (result["group"] == group) & (result["measure"] == measure)]
    assert len(found) == 1
    return found.iloc[0]


def test_changes_against_previous_quarter_and_year_before() -> None:
    # out of time order on purpose; 2020Q2 missing, so 2020Q3's previous period is 2020Q1
    frame = long_frame({
        ("2021Q3", 573, "total", "activated:any"): 0.40,
        ("2020Q1", 573, "total", "activated:any"): 0.30,
        ("2020Q3", 573, "total", "activated:any"): 0.37,
        ("2021Q2", 573, "total", "activated:any"): 0.35,
    })
    result = compare_periods(frame)
    assert list(result.columns) == list(COMPARE_COLUMNS)
    assert list(result["period"]) == ["2020Q1", "2020Q3", "2021Q2", "2021Q3"]
    q3 = row(result, "2021Q3")
    assert q3["value"] == 0.40
    assert q3["previous_period"] == "2021Q2"
    assert q3["change"] == pytest.approx(0.05)
    assert q3["year_before"] == "2020Q3"
    assert q3["change_year"] == pytest.approx(0.03)  # 3 percentage points
    assert (q3["numerator"], q3["denominator"]) == (40.0, 100.0)
    assert (q3["first"], q3["last"]) == (202126, 202139)
    first = row(result, "2020Q1")
    assert pd.isna(first["previous_period"]) and math.isnan(first["change"])
    assert pd.isna(first["year_before"]) and math.isnan(first["change_year"])  # 2019Q1 not in frame
    assert row(result, "2020Q3")["previous_period"] == "2020Q1"
    assert pd.isna(row(result, "2021Q2")["year_before"])  # 2020Q2 not in frame


def test_keys_are_compared_separately_and_keep_their_order() -> None:
    values = {}
    for label, base in [("2020Q4", 10.0), ("2021Q4", 12.0), ("2021Q1", 11.0)]:
        values[(label, 573, "kh", "persons")] = base
        values[(label, 573, "kh", "activated:any")] = base / 100
        values[(label, 101, "total", "persons")] = base * 2
    result = compare_periods(long_frame(values))
    keys = list(dict.fromkeys(zip(result["municipality"], result["group"], result["measure"])))
    assert keys == [(573, "kh", "persons"), (573, "kh", "activated:any"), (101, "total", "persons")]
    assert list(result["period"][:3]) == ["2020Q4", "2021Q1", "2021Q4"]
    persons = row(result, "2021Q4", 101, "total", "persons")
    assert (persons["change"], persons["change_year"]) == (2.0, 4.0)
    assert persons["year_before"] == "2020Q4" and persons["previous_period"] == "2021Q1"
    share = row(result, "2021Q1", 573, "kh", "activated:any")
    assert share["change"] == pytest.approx(0.01) and pd.isna(share["year_before"])
    assert len(result) == 9


def test_years_and_week_ranges_are_compared_with_their_own_kind() -> None:
    frame = long_frame({
        ("2019", 573, "total", "activated:any"): 0.20,
        ("2020", 573, "total", "activated:any"): 0.25,
        ("2020Q4", 573, "total", "activated:any"): 0.26,
        ("2021Q4", 573, "total", "activated:any"): 0.24,
        ("201227-201326", 573, "total", "activated:any"): 0.50,
        ("201327-201426", 573, "total", "activated:any"): 0.45,
    })
    result = compare_periods(frame)
    y2020 = row(result, "2020")
    assert (y2020["previous_period"], y2020["year_before"]) == ("2019", "2019")
    assert y2020["change"] == pytest.approx(0.05) and y2020["change_year"] == pytest.approx(0.05)
    q4 = row(result, "2021Q4")
    assert q4["previous_period"] == "2020Q4"  # quarters with quarters, not with the year 2020
    assert q4["change_year"] == pytest.approx(-0.02)
    weeks = row(result, "201327-201426")
    assert (weeks["previous_period"], weeks["year_before"]) == ("201227-201326", "201227-201326")
    assert weeks["change_year"] == pytest.approx(-0.05)
    assert pd.isna(row(result, "2020Q4")["previous_period"])


def test_53_week_year_quarters() -> None:
    # 2020Q4 has 14 weeks (2020W40-W53); 2021Q4 is 2021W40-W52: still the same quarter a year on
    frame = long_frame({("2020Q4", 1, "g", "m"): 1.0, ("2021Q4", 1, "g", "m"): 3.0})
    assert list(frame["last"]) == [202053, 202152]
    q4 = row(compare_periods(frame), "2021Q4", 1, "g", "m")
    assert (q4["year_before"], q4["change_year"]) == ("2020Q4", 2.0)
    assert q4["previous_period"] == "2020Q4"


def test_selecting_periods() -> None:
    frame = long_frame({(f"{y}Q{q}", 573, "total", "persons"): float(10 * y + q)
                        for y in (2020, 2021) for q in (1, 2, 3, 4)})
    result = compare_periods(frame, periods="2021Q1:2021Q4")
    assert list(result["period"]) == ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    q1 = row(result, "2021Q1", measure="persons")
    assert pd.isna(q1["previous_period"])  # the previous among the reported periods
    # the year before is looked up in the whole frame
    assert (q1["year_before"], q1["change_year"]) == ("2020Q1", 10.0)
    pairs = compare_periods(frame, periods=[periods.quarter(2021, 4), (202001, 202013)])
    assert list(pairs["period"]) == ["2020Q1", "2021Q4"]  # time order
    assert row(pairs, "2021Q4", measure="persons")["previous_period"] == "2020Q1"
    with pytest.raises(jobbench.InputError,
                       match=r"period 2019Q4 is not in the measures \(they have 2020Q1, "):
        compare_periods(frame, periods=["2019Q4"])
    with pytest.raises(jobbench.InputError, match="the quarter must be 1-4"):
        compare_periods(frame, periods="2021Q9")


def test_nan_values_and_extra_columns() -> None:
    frame = long_frame({("2020", 1, "g", "m"): float("nan"), ("2021", 1, "g", "m"): 0.5})
    frame["municipality_name"] = "Varde"
    result = compare_periods(frame)
    assert list(result.columns) == [*COMPARE_COLUMNS, "municipality_name"]
    assert math.isnan(row(result, "2021", 1, "g", "m")["change"])
    assert result["change"].dtype == np.float64


def test_empty_frame() -> None:
    columns = ["period", "first", "last", "municipality", "group", "measure", "numerator",
               "denominator", "value"]
    empty = long_frame({}).reindex(columns=columns)
    result = compare_periods(empty)
    assert len(result) == 0 and list(result.columns) == list(COMPARE_COLUMNS)


def test_bad_input() -> None:
    frame = long_frame({("2020", 1, "g", "m"): 1.0, ("2021", 1, "g", "m"): 2.0})
    with pytest.raises(jobbench.InputError, match="lack the column.*value"):
        compare_periods(frame.drop(columns="value"))
    with pytest.raises(jobbench.InputError,
                       match="2 rows repeat a municipality, group, measure and period, e.g. "
                             "municipality 1, group g"):
        compare_periods(pd.concat([frame, frame], ignore_index=True).iloc[[0, 1, 2]])
    wrong = frame.assign(period=["2020", "2020Q1"])
    with pytest.raises(jobbench.InputError,
                       match=r"label '2020Q1' does not match its weeks 202101-202152"):
        compare_periods(wrong)
    with pytest.raises(jobbench.InputError, match="expected the DataFrame of register.measures"):
        compare_periods([1, 2])  # type: ignore[arg-type]


def test_on_the_frame_of_register_measures() -> None:
    panel = jobbench.synthetic_panel(persons=300, seed=8, municipalities=2)
    long = jobbench.register.measures(panel, "2012Q1:2013Q2", spec="benchmark2013", threads=1)
    result = compare_periods(long)
    assert len(result) == len(long)
    wide = long.pivot_table(index=["municipality", "group", "measure"], columns="period",
                            values="value", dropna=False)
    for _, r in result[result["period"] == "2013Q2"].head(200).iterrows():
        key = (r["municipality"], r["group"], r["measure"])
        np.testing.assert_equal(r["change"], wide.loc[key, "2013Q2"] - wide.loc[key, "2013Q1"])
        np.testing.assert_equal(r["change_year"], wide.loc[key, "2013Q2"] - wide.loc[key, "2012Q2"])
    assert set(result.loc[result["period"] == "2013Q1", "year_before"]) == {"2012Q1"}
