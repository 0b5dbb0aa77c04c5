"""Extended register measures (shared/specs/extended-indicators.md): the plain-pandas oracle
checked against numbers worked out by hand, then the C++ engine against the oracle.

(a) ``test_oracle_*``: each edge panel of ``measures_edge_panels.py`` with a few numbers worked
    out by hand in the comments ("ext" = extended-indicators.md, "base" = register-indicators.md).
(b) ``test_engine_*``: ``jobbench.register.measures`` equals the oracle on every edge panel and on
    random panels, does not depend on row order or threads, and rejects bad input. Deselect them
    with ``-k "not engine"`` while the engine does not exist.
"""
from __future__ import annotations

import math
import re
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from measures_edge_panels import (AARHUS, EDGE_CASES, EDGE_REGISTER, ESBJERG, KBH, VARDE,
                                  EdgeCase, edge_register, random_panel, register_spec_json)
from reference_measures import (COLUMNS, iso_index, iso_week, measure_names, period_label,
                                quarter, reference_measures, weeks_in_year, year)

KEY = ["period", "municipality", "group", "measure"]
NAN = float("nan")


def oracle(case: EdgeCase, **overrides: Any) -> pd.DataFrame:
    kwargs = {"status_weeks": case.status_weeks, "passive_weeks": case.passive_weeks}
    kwargs.update(overrides)
    return reference_measures(case.panel, case.periods, EDGE_REGISTER, **kwargs)


def get(result: pd.DataFrame, period: str, municipality: int, unit: str,
        measure: str) -> tuple[float, float, float]:
    """(numerator, denominator, value) of one row of a result."""
    row = result[(result["period"] == period) & (result["municipality"] == municipality)
                 & (result["group"] == unit) & (result["measure"] == measure)]
    assert len(row) == 1, (period, municipality, unit, measure, len(row))
    r = row.iloc[0]
    return float(r["numerator"]), float(r["denominator"]), float(r["value"])


def same(actual: float, expected: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)


def check(result: pd.DataFrame, period: str, municipality: int, unit: str, measure: str,
          num: float, den: float, value: float | None = None) -> None:
    """Assert a share (value = num / den, NaN for den 0) or, with den NaN, a count."""
    if value is None:
        value = num if math.isnan(den) else (num / den if den != 0 else NAN)
    got = get(result, period, municipality, unit, measure)
    assert all(same(a, e) for a, e in zip(got, (num, den, value))), \
        (period, municipality, unit, measure, got, (num, den, value))


# --- (a) the oracle: weeks, periods, layout ------------------------------------------------------

def test_oracle_weeks_and_period_labels() -> None:
    # ISO 2020 and 2015 have 53 weeks; 2020W53 + 1 step = 2021W01.
    assert weeks_in_year(2020) == 53 and weeks_in_year(2015) == 53 and weeks_in_year(2021) == 52
    assert iso_week(iso_index(202053) + 1) == 202101
    assert iso_index(202101) - iso_index(202052) == 2
    # Quarters by the Thursday: 1 Oct 2020 is a Thursday (W40), 31 Dec 2020 too (W53);
    # 2021Q1 ends with Thursday 25 March (W12); 2021Q2 with Thursday 24 June (W25).
    assert quarter(2020, 4) == (202040, 202053)
    assert quarter(2021, 1) == (202101, 202112) and quarter(2021, 2) == (202113, 202125)
    assert year(2020) == (202001, 202053) and year(2021) == (202101, 202152)
    assert period_label(202040, 202053) == "2020Q4" and period_label(202001, 202053) == "2020"
    assert period_label(202001, 202052) == "202001-202052"  # 2020 has 53 weeks
    assert period_label(202127, 202226) == "202127-202226"
    assert period_label(202113, 202125) == "2021Q2" and period_label(202113, 202126) != "2021Q2"


def test_oracle_layout_and_measure_order() -> None:
    case = EDGE_CASES["offers_wage_sick"]()
    result = oracle(case)
    assert list(result.columns) == COLUMNS
    # units: target base groups, aggregates, total (ext decision 1); no status group, no 'other'
    assert list(dict.fromkeys(result["group"])) == ["a1", "a2", "kh", "syg", "adp", "offentlig",
                                                    "alle"]
    # every municipality of the panel, also Aarhus that has only status rows (ext decision 1)
    assert sorted(result["municipality"].unique()) == sorted([KBH, ESBJERG, VARDE, AARHUS])
    kh = result[(result["group"] == "kh") & (result["municipality"] == VARDE)]
    assert list(kh["measure"]) == [
        "fw", "py", "persons", "si", "ag", "vag", "ti", "vti", "jr", "dr",
        "activated:vejl", "activated:udd", "activated:praktik", "activated:lt", "activated:any",
        "activated:company_directed", "activated:vejl_opkval", "activated:loentilskud",
        "passive", "wage_hours_persons", "wage_hours_per_fw",
        "status:a1", "status:a2", "status:kh", "status:syg", "status:other", "status:job",
        "status:education", "status:self_supporting_unknown",
        "duration_mean", "duration_median", "duration_share_52w", "timely_first",
        "timely_window", "spells_left_censored", "spells_right_censored"]
    # timeliness only for kh (own rule) and adp (the aggregate's own rule), decision 9
    for unit in ["a1", "a2", "syg", "offentlig", "alle"]:
        names = measure_names(EDGE_REGISTER, unit, wage_hours=True)
        assert "timely_first" not in names
        assert list(result[(result["group"] == unit) & (result["municipality"] == VARDE)]
                    ["measure"]) == names
    assert "timely_window" in measure_names(EDGE_REGISTER, "adp", wage_hours=True)
    # Aarhus: empty cells, counts 0 and ratios NaN
    check(result, "202110-202125", AARHUS, "alle", "persons", 0, NAN)
    check(result, "202110-202125", AARHUS, "alle", "fw", 0, NAN)
    check(result, "202110-202125", AARHUS, "alle", "py", 0, 16, 0.0)
    check(result, "202110-202125", AARHUS, "alle", "si", 0, 0)
    check(result, "202110-202125", AARHUS, "alle", "duration_median", NAN, 0, NAN)


def test_oracle_without_wage_hours_column() -> None:
    case = EDGE_CASES["passive"]()
    assert "wage_hours" not in case.panel
    assert not oracle(case)["measure"].str.startswith("wage_hours").any()


# --- (a) the oracle on the edge panels -----------------------------------------------------------

def test_oracle_53_week_year() -> None:
    result = oracle(EDGE_CASES["53_weeks"]())
    assert list(dict.fromkeys(result["period"])) == ["2020", "2020Q4", "2021Q1", "202050-202105"]
    # a1 Varde 2021Q1 (12 weeks): person 1's rows 2021W01-W05.
    check(result, "2021Q1", VARDE, "a1", "fw", 5, NAN)
    check(result, "2021Q1", VARDE, "a1", "py", 5, 12)
    # JR: E = 2020W41-2020W52 (2021W01 - 13 steps over 2020W53). Rows: 3's W41 (0.5; 'other'
    # row at 2021W01 = W41 + 13, so not self-supporting), 3's W42 (1; nothing at 2021W02),
    # 1's W50, W51, W52 (nothing at 2021W10-W12; 1's job row is at W09). JR = 4 / 4.5.
    check(result, "2021Q1", VARDE, "a1", "jr", 4, 4.5)
    # 1's a1 spell 2020W50-2021W05 = 4 + 5 = 9 weeks, ends in Q1; job at 2021W09 = last + 4.
    check(result, "2021Q1", VARDE, "a1", "status:job", 1, 1)
    check(result, "2021Q1", VARDE, "a1", "status:self_supporting_unknown", 0, 1)
    check(result, "2021Q1", VARDE, "a1", "duration_mean", 9, 1)
    check(result, "2021Q1", VARDE, "a1", "duration_median", NAN, 1, 9)
    check(result, "2021Q1", VARDE, "a1", "duration_share_52w", 0, 1)
    # 2020Q4 = W40-W53, 14 weeks: 3's W41 (0.5), W42; 1's W50-W53 -> FW 5.5, 2 persons;
    # 3's spell W41-W42 ends in Q4, nothing at W46.
    check(result, "2020Q4", VARDE, "a1", "py", 5.5, 14)
    check(result, "2020Q4", VARDE, "a1", "persons", 2, NAN)
    check(result, "2020Q4", VARDE, "a1", "status:self_supporting_unknown", 1, 1)
    check(result, "2020", VARDE, "a1", "py", 5.5, 53)
    # a2 (person 2, 2020W49-2021W08): vejl 2020W52 starts an offer; vejl 2021W04 lies
    # 5 steps later (W53, W01, W02, W03, W04): a new start; W05 continues; lt W07 switches.
    check(result, "2020Q4", VARDE, "a2", "ti", 1, 5 / 14, 2.8)
    check(result, "2021Q1", VARDE, "a2", "ti", 2, 8 / 12, 3.0)
    check(result, "2021Q1", VARDE, "a2", "vti", 1, 8 / 12, 1.5)
    check(result, "2021Q1", VARDE, "a2", "ag", 3, 8)
    check(result, "2021Q1", VARDE, "a2", "vag", 1, 8)
    check(result, "202050-202105", VARDE, "a2", "ti", 2, 1.0)  # 9 rows in 9 weeks: PY 1
    check(result, "2020Q4", VARDE, "a2", "activated:vejl", 1, 1)
    check(result, "2020Q4", VARDE, "a2", "activated:company_directed", 0, 1)
    check(result, "2021Q1", VARDE, "a2", "activated:loentilskud", 1, 1)
    # kh Varde 2021Q1: spells 7 (2020W03-2021W01: 51 + 1 = 52 weeks, nothing at 2021W05),
    # 8 (2020W20-2021W10: 34 + 10 = 44, education at W14), 9 (2021W02-W04: 3, other at W08).
    check(result, "2021Q1", VARDE, "kh", "duration_mean", 99, 3)
    check(result, "2021Q1", VARDE, "kh", "duration_median", NAN, 3, 44)
    check(result, "2021Q1", VARDE, "kh", "duration_share_52w", 1, 3)
    for dest in ["self_supporting_unknown", "education", "other"]:
        check(result, "2021Q1", VARDE, "kh", f"status:{dest}", 1, 3)
    check(result, "2021Q1", VARDE, "kh", "status:kh", 0, 3)
    # kh's rule: only 9's spell starts in Q1; it ended, no conversation; 3 weeks < window 8.
    check(result, "2021Q1", VARDE, "kh", "timely_first", 0, 1)
    check(result, "2021Q1", VARDE, "kh", "timely_window", 0, 0)
    # offentlig = kh + other: spells ending in Q1: 7 (kh), 3 ('other' 2021W01), 8 (kh),
    # 9 (kh W02-W04, then 'other' at W08 = last + 4), 9 ('other' W08): unknown 3 of 5.
    check(result, "2021Q1", VARDE, "offentlig", "status:self_supporting_unknown", 3, 5)
    check(result, "2021Q1", VARDE, "offentlig", "status:other", 1, 5)
    # Kbh: person 90's 'other' week 2020W01 is the panel's first week: left-censored, it
    # counts in the status shares but not in the durations (ext item 6, decisions 6-8).
    check(result, "2020", KBH, "offentlig", "spells_left_censored", 1, NAN)
    check(result, "2020", KBH, "offentlig", "status:self_supporting_unknown", 1, 1)
    check(result, "2020", KBH, "offentlig", "duration_mean", 0, 0)
    check(result, "2020", KBH, "alle", "persons", 0, NAN)  # 'other' is not a target group


def test_oracle_censoring() -> None:
    result = oracle(EDGE_CASES["censoring"]())
    p, later = "202101-202130", "202131-202136"
    # kh Varde, P = W01-W30, panel W01-W40. Ending in P: 1 (W01-W10, left-censored,
    # education at W14) and 2 (W05-W14, kh again at W18). The status shares keep both ...
    check(result, p, VARDE, "kh", "status:education", 1, 2)
    check(result, p, VARDE, "kh", "status:kh", 1, 2)
    check(result, p, VARDE, "kh", "spells_left_censored", 1, NAN)
    # ... the durations only 2's 10 weeks.
    check(result, p, VARDE, "kh", "duration_mean", 10, 1)
    # Starting in P: 2's W18-W40 ends in the panel's last week.
    check(result, p, VARDE, "kh", "spells_right_censored", 1, NAN)
    # Timeliness (first within 1, 3 conversations within 8 weeks) over 2's two spells (1's
    # is left-censored): W05-W14 has a conversation in W06 <= s + 1 and 3 in W05-W12;
    # W18-W40 (right-censored, but the panel reaches W19) has its first in W20: 1 of 2 each.
    check(result, p, VARDE, "kh", "timely_first", 1, 2)
    check(result, p, VARDE, "kh", "timely_window", 1, 2)
    # Person 3's a1 spell covers the whole panel: it starts in P (W01) and is right-censored
    # (reading of decision 7: "starting in P" = first week in P, left-censored or not).
    check(result, p, VARDE, "a1", "spells_right_censored", 1, NAN)
    check(result, p, VARDE, "a1", "spells_left_censored", 0, NAN)
    check(result, p, VARDE, "a1", "status:a1", 0, 0)
    # the total: right-censored 2's W18-W40 and 3's; left-censored 1's.
    check(result, p, VARDE, "alle", "spells_right_censored", 2, NAN)
    check(result, p, VARDE, "alle", "spells_left_censored", 1, NAN)
    # P = W31-W36: 4's kh W36-W40 (5 weeks, right-censored): judged for the first
    # conversation (the panel reaches W37), which it had in W36; too young for the window.
    check(result, later, VARDE, "kh", "timely_first", 1, 1)
    check(result, later, VARDE, "kh", "timely_window", 0, 0)
    check(result, later, VARDE, "kh", "spells_right_censored", 1, NAN)


def test_oracle_young_spells() -> None:
    result = oracle(EDGE_CASES["young_spells"]())
    p = "202110-202119"
    # adp's rule: first within 2 weeks, 2 conversations within 6 weeks; panel ends W20.
    # 1 (W19-W20): W19 + 2 = W21 is past the panel: not judged. 2 (a2 W18-W20): judged, a
    # conversation in W20 = s + 2. 3 (a1 W15-W16, a2 W17-W20: one adp spell of 6 weeks):
    # conversations W15, W19. 4 (W12-W14): ended, none. First: 2 of 3 (2, 3).
    check(result, p, VARDE, "adp", "timely_first", 2, 3)
    # Window: only 3 lasts 6 weeks (2 and 1 are too young, 4 ended short); 2 >= 2.
    check(result, p, VARDE, "adp", "timely_window", 1, 1)
    # kh (1 week, 3 in 8): 5 (W14-W20, conversation W15 = s + 1; 7 weeks: too young);
    # 6 (W11-W18, 8 weeks: conversations W12 = s + 1 and 2 in W18 = s + 7: 3 in the window).
    check(result, p, VARDE, "kh", "timely_first", 2, 2)
    check(result, p, VARDE, "kh", "timely_window", 1, 1)
    # status after k = 1 week: a1's spells ending in P: 3's W15-W16 (a2 at W17), 4's W12-W14
    # (nothing at W15); 1's a1 spell is right-censored. Even count: median = mean of 2 and 3.
    check(result, p, VARDE, "a1", "status:a2", 1, 2)
    check(result, p, VARDE, "a1", "status:self_supporting_unknown", 1, 2)
    check(result, p, VARDE, "a1", "duration_median", NAN, 2, 2.5)
    # SI of adp: conversations in P: 3's W15 and W19 (1's and 2's are in W20, outside P).
    # FW: 1 W19, 2 W18-W19, 3 W15-W19, 4 W12-W14 = 1 + 2 + 5 + 3 = 11.
    check(result, p, VARDE, "adp", "si", 26, 11)
    check(result, p, VARDE, "adp", "wage_hours_persons", 0, 4)


def test_oracle_moves_and_group_changes() -> None:
    result = oracle(EDGE_CASES["moves_and_groups"]())
    p = "202110-202125"
    # a1 Varde: 1's W05-W12 (a2 at W16) and 2's W15-W18 (kh at W22) end in P: 8 and 4 weeks.
    check(result, p, VARDE, "a1", "status:a2", 1, 2)
    check(result, p, VARDE, "a1", "status:kh", 1, 2)
    check(result, p, VARDE, "a1", "duration_mean", 12, 2)
    check(result, p, VARDE, "a1", "duration_median", NAN, 2, 6)
    # 1's a2 spell W13-W24 ends in Esbjerg (education at W28): counted there.
    check(result, p, ESBJERG, "a2", "status:education", 1, 1)
    check(result, p, ESBJERG, "a2", "duration_mean", 12, 1)
    check(result, p, VARDE, "a2", "status:education", 0, 0)
    # adp: 1's move a1 -> a2 does not end the spell: W05-W24, 20 weeks, ends in Esbjerg;
    # its destination is still a status (education).
    check(result, p, ESBJERG, "adp", "status:education", 1, 1)
    check(result, p, ESBJERG, "adp", "duration_mean", 20, 1)
    check(result, p, VARDE, "adp", "status:kh", 1, 1)  # 2's W15-W18
    check(result, p, VARDE, "alle", "status:education", 0, 0)  # 2's W15-W30 ends after P
    check(result, p, ESBJERG, "alle", "status:education", 1, 1)
    # A person counts in each cell with a row: 1 in adp Varde and adp Esbjerg.
    check(result, p, VARDE, "adp", "persons", 2, NAN)
    check(result, p, ESBJERG, "adp", "persons", 1, NAN)
    check(result, p, VARDE, "alle", "fw", 26, NAN)  # 1: W10-W20, 2: W15-W25, 3: W22-W25
    check(result, p, ESBJERG, "alle", "fw", 6, NAN)  # 1: W21-W24, 3: W20-W21
    # adp spells starting in P by their first week: 2's W15-W18 and W23-W30 (8 >= 6 weeks),
    # no conversations.
    check(result, p, VARDE, "adp", "timely_first", 0, 2)
    check(result, p, VARDE, "adp", "timely_window", 0, 1)
    # JR: E = 2020W50-2021W12; a1 Varde rows there: 1's W05-W12; 13 weeks later 1 has a2 rows
    # (Varde W18-W20, Esbjerg W21-W24) except at W25: 1 of 8.
    check(result, p, VARDE, "a1", "jr", 1, 8)
    check(result, p, VARDE, "kh", "status:a1", 1, 1)  # 2's kh W19-W22, a1 at W26
    # Starts count for the municipality of the first week: 3's kh spell W20-W52 starts in
    # Esbjerg and runs to the panel's last week; the panel reaches W21 = s + 1, no
    # conversation; 33 weeks >= 8.
    check(result, p, ESBJERG, "kh", "spells_right_censored", 1, NAN)
    check(result, p, VARDE, "kh", "spells_right_censored", 0, NAN)
    check(result, p, ESBJERG, "kh", "timely_first", 0, 1)
    check(result, p, ESBJERG, "kh", "timely_window", 0, 1)
    # 2's kh W19-W22 starts in Varde: ended, judged, no conversation; 4 weeks < 8.
    check(result, p, VARDE, "kh", "timely_first", 0, 1)
    check(result, p, VARDE, "kh", "timely_window", 0, 0)


def test_oracle_contact_free_runs() -> None:
    case = EDGE_CASES["passive"]()
    p = "202101-202126"
    result = oracle(case)
    # L = 13. a1 Varde persons: 1 (12 free weeks W01-W12, offer W13), 2 (free W06-W18 = 13),
    # 3 (a1 W01-W07 only), 4 (free 2020W45-2021W06: only 6 weeks inside P), 5 (6 + 7 weeks,
    # W07 missing).
    check(result, p, VARDE, "a1", "passive", 1, 5)
    check(result, p, VARDE, "a2", "passive", 1, 1)  # 3's a2 W08-W20: 13 weeks
    check(result, p, VARDE, "adp", "passive", 2, 5)  # 2 and 3 (adp W01-W20)
    check(result, p, VARDE, "kh", "passive", 0, 0)
    check(result, p, VARDE, "a1", "activated:vejl", 1, 5)
    check(result, p, VARDE, "a1", "activated:any", 1, 5)
    # FW a1: 13 + 14 + 7 + 6 + 13 = 53; one conversation.
    check(result, p, VARDE, "a1", "si", 13, 53)
    # L = 12: person 1's run of 12 weeks counts as well.
    result12 = oracle(case, passive_weeks=12)
    check(result12, p, VARDE, "a1", "passive", 2, 5)
    check(result12, p, VARDE, "adp", "passive", 3, 5)


def test_oracle_offers_wage_hours_sick_leave() -> None:
    result = oracle(EDGE_CASES["offers_wage_sick"]())
    p = "202110-202125"
    # a1 Varde, P = W10-W25 (16 weeks): 1 W10-W25, 3 W10, 4 W10-W13 at 0.5: FW 19, 3 persons.
    check(result, p, VARDE, "a1", "fw", 19, NAN)
    check(result, p, VARDE, "a1", "persons", 3, NAN)
    # New offers of 1: vejl W10 (first), W14 (4 steps: continues), W19 (5 steps: new),
    # praktik W20 (switch), lt W21 (switch), lt W25 (4 steps: continues) -> 4, 2 company-
    # directed. 3's vejl a1 W09-W10 continues its 'other' vejl of W08: no start.
    check(result, p, VARDE, "a1", "ti", 4, 19 / 16, 64 / 19)
    check(result, p, VARDE, "a1", "vti", 2, 19 / 16, 32 / 19)
    check(result, p, VARDE, "a1", "ag", 7, 19)  # 1's 6 offer weeks + 3's W10
    check(result, p, VARDE, "a1", "vag", 3, 19)
    check(result, p, VARDE, "a1", "activated:vejl", 2, 3)
    check(result, p, VARDE, "a1", "activated:praktik", 1, 3)
    check(result, p, VARDE, "a1", "activated:udd", 0, 3)
    check(result, p, VARDE, "a1", "activated:company_directed", 1, 3)
    check(result, p, VARDE, "a1", "activated:vejl_opkval", 2, 3)
    # wage hours: 1 has 10.5 + 7.5; per full-time week, not weighted by the share.
    check(result, p, VARDE, "a1", "wage_hours_persons", 1, 3)
    check(result, p, VARDE, "a1", "wage_hours_per_fw", 18, 19)
    # a2: 2's vejl W08, job status rows W09-W12 (weeks without an offer; their share 0,
    # conversations and wage hours count nowhere), vejl W13: 5 steps, a new start.
    check(result, p, VARDE, "a2", "ti", 1, 1 / 16, 16.0)
    check(result, p, VARDE, "a2", "si", 0, 1)
    check(result, p, VARDE, "a2", "wage_hours_per_fw", 3, 1)
    check(result, p, VARDE, "a2", "jr", 1, 1)  # E row W08, nothing at W21
    check(result, p, VARDE, "a2", "status:self_supporting_unknown", 1, 1)  # W13, none at W17
    # Sickness spells with a week in P, for the municipality of their first week inside P:
    # 11 (Varde W05-W12, partial W06), 12 (Varde W15-W18 -> Esbjerg), 13 (Esbjerg W08-W11 ->
    # Varde, partial W13: counted in Esbjerg); 14 (W30-W33) has no week in P.
    check(result, p, VARDE, "syg", "dr", 1, 2)
    check(result, p, ESBJERG, "syg", "dr", 1, 1)
    check(result, p, VARDE, "alle", "dr", 1, 2)  # the total's DR is the sickness group's
    check(result, p, VARDE, "adp", "dr", 0, 0)   # no sickness member: NaN
    check(result, p, VARDE, "a1", "dr", 0, 0)
    check(result, p, VARDE, "syg", "status:self_supporting_unknown", 2, 2)  # 11 and 13 end here


def test_oracle_period_the_panel_does_not_reach() -> None:
    case = EDGE_CASES["offers_wage_sick"]()  # panel ends 2021W40
    reference_measures(case.panel, [(202110, 202136)], EDGE_REGISTER, status_weeks=4)
    with pytest.raises(ValueError, match="does not reach"):
        reference_measures(case.panel, [(202110, 202137)], EDGE_REGISTER, status_weeks=4)
    with pytest.raises(ValueError, match="does not reach"):
        reference_measures(case.panel, [(202110, 202130)], EDGE_REGISTER, status_weeks=11)


def test_oracle_random_panel_sanity() -> None:
    panel = random_panel(7, persons=120)
    periods = [quarter(2020, 4), year(2021), (202040, 202139)]
    result = reference_measures(panel, periods, EDGE_REGISTER)
    status = result[result["measure"].str.startswith("status:")]
    sums = status.groupby(["period", "municipality", "group"])["value"].sum(min_count=1)
    assert np.allclose(sums.dropna(), 1.0)  # the destination shares sum to 1 (ext item 5)
    values = result.set_index(KEY)["value"]
    assert (values.xs("py", level="measure") >= 0).all()
    any_ = values.xs("activated:any", level="measure")
    assert (any_.dropna() <= 1).all()
    assert result["period"].isin(["2020Q4", "2021", "202040-202139"]).all()
    shuffled = panel.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(result, reference_measures(shuffled, periods, EDGE_REGISTER))


# --- (b) the engine against the oracle -----------------------------------------------------------

def engine_measures(panel: pd.DataFrame, periods: list[tuple[int, int]],
                    register: dict[str, Any] = EDGE_REGISTER, **kwargs: Any) -> pd.DataFrame:
    """``jobbench.register.measures`` with the spec read from JSON; the engine's warnings about
    panels that begin less than 4 weeks before a period are not what these tests check."""
    from jobbench import _core
    from jobbench import register as jr

    spec = _core.RegisterSpec.from_json_string(register_spec_json(register))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jr.RegisterWarning)
        return jr.measures(panel, periods, spec=spec, **kwargs)


def _normalised(result: pd.DataFrame) -> pd.DataFrame:
    df = result[COLUMNS].copy()
    for c in ["period", "group", "measure"]:
        df[c] = df[c].astype(str)
    for c in ["first", "last", "municipality"]:
        df[c] = df[c].astype(np.int64)
    return df.sort_values(KEY, kind="stable").reset_index(drop=True)


def assert_matches_oracle(engine: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Same rows; numerators, denominators and values equal (rtol 1e-12), NaN where NaN."""
    a, b = _normalised(engine), _normalised(ref)
    assert len(a) == len(b), (len(a), len(b))
    for c in ["period", "first", "last", "municipality", "group", "measure"]:
        mismatch = a[c].to_numpy() != b[c].to_numpy()
        assert not mismatch.any(), (c, a[mismatch].head(), b[mismatch].head())
    for c in ["numerator", "denominator", "value"]:
        x, y = a[c].to_numpy(float), b[c].to_numpy(float)
        bad = ~(np.isclose(x, y, rtol=1e-12, atol=0) | (np.isnan(x) & np.isnan(y)))
        assert not bad.any(), (c, pd.concat([a[bad].head(10), b[bad].head(10)]).to_string())


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_engine_matches_oracle_on_edge_panels(name: str) -> None:
    case = EDGE_CASES[name]()
    kwargs = {"status_weeks": case.status_weeks, "passive_weeks": case.passive_weeks}
    engine = engine_measures(case.panel, case.periods, **kwargs)
    assert_matches_oracle(engine, reference_measures(case.panel, case.periods, EDGE_REGISTER,
                                                     **kwargs))


RANDOM_CONFIGS = [
    # seed, periods, status_weeks, passive_weeks, wage_hours
    (1, [quarter(2020, 4), quarter(2021, 1), year(2021)], 4, 13, True),
    (2, [(202027, 202126), (202040, 202139), quarter(2021, 2)], 1, 4, True),  # overlapping
    (3, [year(2020), quarter(2020, 1), (202051, 202105)], 13, 8, False),  # 53 weeks, 2020W01
    (4, [quarter(2021, 3), (202101, 202101), (202030, 202129)], 8, 2, True),
    (5, [(202053, 202053), quarter(2021, 4)], 4, 26, True),
]


@pytest.mark.parametrize("seed,periods,status_weeks,passive_weeks,wage", RANDOM_CONFIGS)
def test_engine_matches_oracle_on_random_panels(seed: int, periods: list[tuple[int, int]],
                                                status_weeks: int, passive_weeks: int,
                                                wage: bool) -> None:
    panel = random_panel(seed, persons=150, wage_hours=wage)
    kwargs = {"status_weeks": status_weeks, "passive_weeks": passive_weeks}
    engine = engine_measures(panel, periods, **kwargs)
    assert_matches_oracle(engine, reference_measures(panel, periods, EDGE_REGISTER, **kwargs))


def test_engine_matches_oracle_with_rules_on_the_total_and_2015() -> None:
    register = edge_register()
    register["total"]["conversation_rule"] = {"first_within": 3, "min_conversations": 1,
                                              "window": 3}
    panel = random_panel(11, persons=120, first=201540, weeks=70)
    periods = [quarter(2015, 4), (201550, 201610), (201601, 201620)]
    engine = engine_measures(panel, periods, register)
    ref = reference_measures(panel, periods, register)
    assert "timely_first" in set(ref.loc[ref["group"] == "alle", "measure"])
    assert_matches_oracle(engine, ref)


def test_engine_order_and_threads_do_not_matter() -> None:
    panel = random_panel(21, persons=150)
    periods = [quarter(2020, 4), (202040, 202139)]
    base = engine_measures(panel, periods, threads=1)
    shuffled = panel.sample(frac=1.0, random_state=5).reset_index(drop=True)
    pd.testing.assert_frame_equal(base, engine_measures(shuffled, periods, threads=2),
                                  check_exact=True)
    pd.testing.assert_frame_equal(base, engine_measures(panel, periods, threads=2),
                                  check_exact=True)


def _input_error(panel: pd.DataFrame, periods: list[tuple[int, int]], **kwargs: Any) -> str:
    import jobbench

    assert issubclass(jobbench.InputError, ValueError)
    with pytest.raises(jobbench.InputError) as info:
        engine_measures(panel, periods, **kwargs)
    return str(info.value)


def test_engine_rejects_status_row_with_offer() -> None:
    case = EDGE_CASES["offers_wage_sick"]()
    panel = case.panel.copy()
    status_row = panel.index[panel["group"] == "job"][0]
    panel.loc[status_row, "offer"] = "vejl"
    message = _input_error(panel, case.periods)
    assert re.search(r"(?i)status", message) and re.search(r"(?i)offer", message), message


@pytest.mark.parametrize("bad", [-1.0, NAN])
def test_engine_rejects_bad_wage_hours(bad: float) -> None:
    case = EDGE_CASES["offers_wage_sick"]()
    panel = case.panel.copy()
    panel.loc[panel.index[5], "wage_hours"] = bad
    message = _input_error(panel, case.periods)
    assert re.search(r"(?i)wage.hours", message), message


def test_engine_rejects_period_the_panel_does_not_reach() -> None:
    case = EDGE_CASES["offers_wage_sick"]()  # panel ends 2021W40
    engine_measures(case.panel, [(202110, 202136)], status_weeks=4)
    message = _input_error(case.panel, [(202110, 202137)], status_weeks=4)
    assert re.search(r"(?i)reach|cover|past|beyond|end", message), message
    message = _input_error(case.panel, [(202110, 202130)], status_weeks=11)
    assert re.search(r"(?i)reach|cover|past|beyond|end", message), message


def test_engine_reads_the_edge_spec() -> None:
    from jobbench import _core

    _core.RegisterSpec.from_json_string(register_spec_json(EDGE_REGISTER))
