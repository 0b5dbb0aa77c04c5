"""Periods: quarters and years of ISO weeks (the Thursday rule, checked against Python's own ISO
calendar), labels (decision 11), parsing, bad labels, and ``indicators`` over a list of periods."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import periods
from jobbench.register import Period

HINT = "accepted: a quarter 2021Q3, a year 2021, weeks 202127-202226"


def _week(day: dt.date) -> int:
    iso = day.isocalendar()
    return iso[0] * 100 + iso[1]


def _thursday_quarter(year: int, quarter: int) -> tuple[int, int]:
    """Oracle: first and last ISO week whose Thursday lies in the calendar quarter (datetime)."""
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    end = after - dt.timedelta(days=1)
    thursdays = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)
                 if (start + dt.timedelta(days=k)).isoweekday() == 4]
    return _week(thursdays[0]), _week(thursdays[-1])


# --- building periods ----------------------------------------------------------------------------

def test_quarters_match_the_iso_calendar_of_python() -> None:
    for year in [*range(1900, 1911), *range(2010, 2031), 2399]:
        for q in range(1, 5):
            assert tuple(periods.quarter(year, q)) == _thursday_quarter(year, q), (year, q)


def test_thursday_rule_at_year_ends() -> None:
    # 2021-01-01 is a Friday: 2020W53 (Thursday 2020-12-31) is 2020Q4; 2021Q1 starts with 2021W01.
    assert periods.quarter(2020, 4) == Period(202040, 202053)
    assert periods.quarter(2021, 1) == Period(202101, 202112)
    assert periods.quarter(2021, 3) == Period(202126, 202139)  # 2021-07-01 is a Thursday
    assert periods.quarter(2026, 4) == Period(202640, 202653)  # 2026: a 53-week year
    assert periods.year(2020) == Period(202001, 202053)
    assert periods.year(2026) == Period(202601, 202653)
    assert periods.year(2021) == Period(202101, 202152)


def test_quarters_and_years_lists() -> None:
    qs = periods.quarters(2019, 1, 2021, 4)
    assert len(qs) == 12
    assert [str(p) for p in qs[:5]] == ["2019Q1", "2019Q2", "2019Q3", "2019Q4", "2020Q1"]
    assert all(isinstance(p, Period) for p in qs)
    assert qs[0].first == 201901 and qs[-1].last == 202152
    assert [p.label for p in periods.years(2019, 2021)] == ["2019", "2020", "2021"]
    for year in (2019, 2020, 2026):  # the four quarters tile the ISO year
        four = periods.quarters(year, 1, year, 4)
        assert (four[0].first, four[-1].last) == tuple(periods.year(year))


def test_labels() -> None:
    assert periods.quarter(2021, 3).label == "2021Q3"
    assert str(periods.year(2020)) == "2020"
    assert periods.label((202127, 202226)) == "202127-202226"
    assert periods.label((202126, 202139)) == "2021Q3"
    assert periods.label(Period(202040, 202052)) == "202040-202052"  # 2020Q4 less its week 53
    assert periods.label([201227, 201326]) == "201227-201326"
    assert repr(periods.quarter(2021, 3)) == "Period(first=202126, last=202139)"
    assert f"{periods.quarter(2021, 3)}" == "2021Q3"


def test_parse() -> None:
    assert periods.parse("2021Q3") == [periods.quarter(2021, 3)]
    assert periods.parse("2021q3") == [periods.quarter(2021, 3)]
    assert periods.parse("2021") == [periods.year(2021)]
    assert periods.parse("202127-202226") == [Period(202127, 202226)]
    assert periods.parse("2019Q1:2021Q4") == periods.quarters(2019, 1, 2021, 4)
    assert periods.parse("2019:2021") == periods.years(2019, 2021)
    assert [p.label for p in periods.parse("2021Q3, 2022")] == ["2021Q3", "2022"]


@pytest.mark.parametrize("text, rule", [
    ("2021Q5", "the quarter must be 1-4"),
    ("1899", "the year must lie in 1900-2399"),
    ("202153-202201", "week 202153 is not an ISO week (2021 has 52 weeks)"),
    ("202201-202101", "the first week comes after the last"),
    ("autumn 2021", "not a period label"),
    ("2021Q4:2019Q1", "the first period comes after the last"),
    ("2019Q1:2021", "a range joins two quarters"),
    ("2021Q3,2021Q3", "2021Q3 is listed twice"),
])
def test_bad_labels_are_one_line_errors_with_a_hint(text: str, rule: str) -> None:
    with pytest.raises(jobbench.InputError) as err:
        periods.parse(text)
    message = str(err.value)
    assert f"'{text}'" in message and rule in message and HINT in message
    assert "\n" not in message
    assert isinstance(err.value, ValueError)


def test_bad_arguments() -> None:
    with pytest.raises(jobbench.InputError, match="quarter 2021Q5: the quarter must be 1-4"):
        periods.quarter(2021, 5)
    with pytest.raises(jobbench.InputError, match="year 2400: the year must lie in 1900-2399"):
        periods.year(2400)
    with pytest.raises(jobbench.InputError, match="the first quarter comes after the last"):
        periods.quarters(2021, 4, 2021, 1)
    with pytest.raises(jobbench.InputError, match="valid ISO weeks"):
        periods.label((202153, 202201))
    with pytest.raises(jobbench.InputError, match="expected a label"):
        periods.parse(2021)  # type: ignore[arg-type]


def test_as_periods_accepts_every_form() -> None:
    q3 = periods.quarter(2021, 3)
    assert periods.as_periods(q3) == [q3]
    assert periods.as_periods((202126, 202139)) == [q3]
    assert periods.as_periods("2021Q3") == [q3]
    assert periods.as_periods(["2021Q3", (202001, 202053), q3._replace(first=202127)]) == [
        q3, periods.year(2020), Period(202127, 202139)]
    assert periods.as_periods(np.array([202126, 202139])) == [q3]
    assert periods.is_period_list([q3]) and periods.is_period_list("2021Q3,2022")
    assert not periods.is_period_list(q3) and not periods.is_period_list((202126, 202139))
    assert not periods.is_period_list("2021Q3") and not periods.is_period_list(None)
    with pytest.raises(jobbench.InputError, match="2021Q3 is listed twice"):
        periods.as_periods([q3, "2021Q3"])
    with pytest.raises(jobbench.InputError, match="an empty list"):
        periods.as_periods([])
    with pytest.raises(jobbench.InputError, match=r"expected \(first_week, last_week\)"):
        periods.as_periods([(2021, 3, 1)])


def test_namespace() -> None:
    assert jobbench.periods is periods
    assert jobbench.register.periods is periods
    assert "periods" in dir(jobbench)
    assert jobbench.register.Period is Period


# --- indicators over several periods ------------------------------------------------------------

@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return jobbench.synthetic_panel(persons=400, seed=5, municipalities=3)


def test_indicators_of_a_list_gain_a_period_column(panel: pd.DataFrame) -> None:
    quarters = periods.quarters(2012, 3, 2013, 2)
    stacked = jobbench.register_indicators(panel, period=quarters, threads=1)
    assert list(stacked.columns[:3]) == ["period", "municipality", "group"]
    assert list(stacked["period"].unique()) == ["2012Q3", "2012Q4", "2013Q1", "2013Q2"]
    for p in quarters:
        one = jobbench.register_indicators(panel, period=tuple(p), threads=1)
        part = stacked[stacked["period"] == p.label].drop(columns="period").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one, check_exact=True)
        assert stacked.attrs["register"]["periods"][p.label]["period"] == tuple(p)
    same = jobbench.register_indicators(panel, period="2012Q3:2013Q2", threads=1)
    pd.testing.assert_frame_equal(same, stacked, check_exact=True)
    several = ["2012Q3", (201227, 201326), periods.year(2012)]
    mixed = jobbench.register_indicators(panel, period=several, threads=1, names={573: "Varde"})
    assert list(mixed["period"].unique()) == ["2012Q3", "201227-201326", "2012"]
    assert list(mixed.columns[:3]) == ["period", "municipality", "municipality_name"]


def test_indicators_of_one_period_are_unchanged(panel: pd.DataFrame) -> None:
    plain = jobbench.register_indicators(panel, period=(201227, 201326), threads=1)
    assert "period" not in plain.columns
    assert plain.attrs["register"]["period"] == (201227, 201326)
    for same in [Period(201227, 201326), "201227-201326", [201227, 201326]]:
        again = jobbench.register_indicators(panel, period=same, threads=1)
        pd.testing.assert_frame_equal(again, plain, check_exact=True)
    one_in_a_list = jobbench.register_indicators(panel, period=["201227-201326"], threads=1)
    assert list(one_in_a_list["period"].unique()) == ["201227-201326"]


def test_indicators_bad_period_label(panel: pd.DataFrame) -> None:
    with pytest.raises(jobbench.InputError,
                       match=r"period '2012Q7': the quarter must be 1-4; accepted"):
        jobbench.register_indicators(panel, period="2012Q7")
    with pytest.raises(jobbench.InputError,
                       match=r"expected \(first_week, last_week\) as YYYYWW integers"):
        jobbench.register_indicators(panel, period=(201227, 201326, 201330))
