"""The worked example of "Today's measures" in docs/register-indicators.md, run through the engine.

The panel below is the one the doc lists (its table of runs is checked line by line against
:data:`RUNS`), and every figure of the doc's result table (``numerator/denominator = value`` or a
bare count) is parsed from the doc and compared with ``jobbench.register.measures``, so the doc
cannot drift from the library.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import jobbench

DOC = Path(__file__).resolve().parents[3] / "docs" / "register-indicators.md"
VARDE = 573
PERIOD = (202126, 202139)  # 2021Q3: the ISO weeks whose Thursday lies in July-September 2021
UNITS = ["kh_aktivitetsparat", "kh_jobparat", "kh", "alle"]

#: (person, first week, last week, group, offer, benefit_share): one line of the doc's panel table
RUNS = [
    (1, 202113, 202127, "kh_aktivitetsparat", "none", 1.0),
    (1, 202128, 202130, "kh_aktivitetsparat", "vejl", 1.0),
    (1, 202131, 202131, "kh_aktivitetsparat", "praktik_priv", 1.0),
    (1, 202132, 202133, "kh_aktivitetsparat", "none", 1.0),
    (1, 202136, 202145, "job", "none", 1.0),
    (2, 202128, 202131, "kh_aktivitetsparat", "none", 1.0),
    (2, 202132, 202133, "kh_aktivitetsparat", "nytte", 1.0),
    (2, 202134, 202134, "kh_aktivitetsparat", "none", 1.0),
    (2, 202135, 202201, "kh_jobparat", "none", 1.0),
    (3, 202126, 202129, "kh_jobparat", "none", 1.0),
    (3, 202130, 202131, "kh_jobparat", "none", 0.5),
    (3, 202132, 202138, "kh_jobparat", "none", 1.0),
]
#: (person, week) -> conversations; every other row has 0
CONVERSATIONS = {(1, 202127): 1, (1, 202130): 1, (2, 202129): 1, (2, 202136): 1, (2, 202140): 1,
                 (2, 202150): 1}
#: (person, week) -> wage_hours; every other row has 0
WAGE_HOURS = {(1, 202124): 6.0, (3, 202130): 10.0, (3, 202131): 10.0}


def _weeks(first: int, last: int) -> list[int]:
    day = dt.date.fromisocalendar(first // 100, first % 100, 1)
    out: list[int] = []
    while not out or out[-1] != last:
        year, week, _ = day.isocalendar()
        out.append(year * 100 + week)
        day += dt.timedelta(weeks=1)
    return out


def worked_example_panel() -> pd.DataFrame:
    """The doc's 70 person-weeks of Varde (3 persons)."""
    rows = [{"person": person, "week": week, "municipality": VARDE, "group": group,
             "benefit_share": share, "offer": offer,
             "conversations": CONVERSATIONS.get((person, week), 0),
             "wage_hours": WAGE_HOURS.get((person, week), 0.0)}
            for person, first, last, group, offer, share in RUNS
            for week in _weeks(first, last)]
    return pd.DataFrame(rows)


def _doc_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### Worked example: three persons in 2021Q3")
    return text[start:text.index("\n## ", start)]


def _doc_table(section: str, header: str) -> list[list[str]]:
    """The rows of the markdown table whose header line starts with ``header``."""
    lines = section[section.index(header):].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def _parts(text: str) -> tuple[str, str, str]:
    """``"a/b = v"`` -> (a, b, v); a bare count ``"v"`` -> (v, "NaN", v); ``"NaN"`` -> all NaN."""
    match = re.fullmatch(r"(\S+)\s*/\s*(\S+)\s*=\s*(\S+)", text)
    if match:
        a, b, v = match.groups()
        return a, b, v
    return text, "NaN", text


def _check(have: float, want: str, where: tuple[str, ...]) -> None:
    """``have`` equals the doc's ``want`` to the decimals the doc writes (NaN must be NaN)."""
    if want == "NaN":
        assert math.isnan(have), (*where, have)
        return
    decimals = len(want.split(".")[1]) if "." in want else 0
    assert have == pytest.approx(float(want), abs=0.6 * 10.0 ** -decimals), (*where, have, want)


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    frame = jobbench.register.measures(worked_example_panel(), PERIOD, threads=1)
    return frame.set_index(["group", "measure"])


def test_the_doc_lists_this_panel() -> None:
    section = _doc_section()
    rows = _doc_table(section, "| person | weeks | group | offer | benefit_share |")
    listed = [(int(r[0]), r[1], r[2], r[3], float(r[4])) for r in rows]
    expected = [(p, f"{a}–{b}" if a != b else str(a), g, o, s) for p, a, b, g, o, s in RUNS]
    assert listed == expected
    conv = re.search(r"Conversations \(one each\): (.*)\.", section).group(1)
    assert conv == ", ".join(f"person {p} in {w}" for p, w in CONVERSATIONS)
    assert len(worked_example_panel()) == 70


def test_engine_gives_the_docs_numbers(result: pd.DataFrame) -> None:
    section = _doc_section()
    rows = _doc_table(section, "| measure | kh_aktivitetsparat | kh_jobparat | kh | alle |")
    assert len(rows) > 30
    for row in rows:
        measure = row[0].strip("`")
        for unit, text in zip(UNITS, row[1:]):
            if text == "—":  # the unit has no such measure (timeliness without a rule)
                assert (unit, measure) not in result.index
                continue
            got = result.loc[(unit, measure)]
            for name, want in zip(("numerator", "denominator", "value"), _parts(text)):
                _check(float(got[name]), want, (unit, measure, name))


def test_the_worked_example_in_words(result: pd.DataFrame) -> None:
    """The sentences of the doc's walk-through that the table does not hold."""
    value = result["value"]
    # every status share not in the table is 0, and the shares of a unit sum to 1
    for unit in UNITS:
        status = value.loc[unit][value.loc[unit].index.str.startswith("status:")]
        assert status.sum() == pytest.approx(1.0)
        assert set(status[status > 0].index) <= {"status:job", "status:kh_jobparat",
                                                  "status:self_supporting_unknown"}
    # the other units of the spec exist and are empty: counts 0, ratios NaN
    assert value.loc[("adp", "persons")] == 0 and math.isnan(value.loc[("adp", "ag")])
    # only units with a conversation rule have timeliness rows
    timely = result.reset_index().query("measure == 'timely_first'")["group"]
    assert sorted(timely) == ["kh", "kh_aktivitetsparat", "shy_aktivitetsparat",
                              "uddh_aktivitetsparat"]
    assert result.reset_index()["period"].unique().tolist() == ["2021Q3"]
