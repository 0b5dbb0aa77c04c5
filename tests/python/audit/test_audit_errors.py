"""Every error of case-audit.md §5 names the offending keys and a count."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench import audit

CATALOGUE = pd.DataFrame({"criterion": ["plan", "goal"], "theme": ["Plan", "Plan"],
                          "name": ["Plan foreligger", "Jobmål i planen"], "legal_basis": ["", ""],
                          "favourable": ["met", "met"], "filter": ["", "plan"], "note": ["", ""]})


def cases() -> pd.DataFrame:
    rows = []
    for m in ("A", "B"):
        for i in range(4):
            for c, o in (("plan", "met"), ("goal", "met" if i % 2 else "not_met")):
                rows.append({"municipality": m, "case": f"c{i}", "target_group": "tg",
                             "stratum": "s1" if i < 2 else "s2", "criterion": c, "outcome": o})
    return pd.DataFrame(rows)


FRAME = pd.DataFrame({"municipality": ["A", "A", "B", "B"], "target_group": "tg",
                      "stratum": ["s1", "s2", "s1", "s2"], "N": [10, 20, 10, 20]})


def test_valid_input_passes():
    got = audit.shares(cases(), catalogue=CATALOGUE, frame=FRAME, weights="design")
    assert len(got) == 4


@pytest.mark.parametrize("change, match", [
    (lambda d: d.assign(outcome=d["outcome"].replace("met", "Ja")),
     r"cases: \d+ rows with unknown outcome codes.*Ja"),
    (lambda d: pd.concat([d, d.head(1)]), r"1 duplicate judgements|2 duplicate judgements.*\(A, c0, plan\)"),
    (lambda d: d.iloc[1:], r"1 missing judgements.*\(A, c0, plan\)"),
    (lambda d: pd.concat([d, d.head(1).assign(criterion="other")]),
     r"1 rows with a criterion outside the catalogue.*other"),
    (lambda d: d.assign(stratum=np.where(d.index == 0, "s2", d["stratum"])),
     r"1 cases whose 'stratum' varies.*\(A, c0\)"),
    (lambda d: d.assign(outcome=np.where((d["criterion"] == "plan") & (d["case"] == "c1"), "not_met", d["outcome"])),
     r"2 judgements whose filter criterion is not met.*\(A, c1, goal, plan, not_met\)"),
])
def test_case_errors(change, match):
    with pytest.raises(jobbench.InputError, match=match):
        audit.shares(change(cases()), catalogue=CATALOGUE)


def test_frame_errors():
    with pytest.raises(jobbench.InputError, match=r"1 stratum\(s\) outside the frame.*\(B, tg, s2\)"):
        audit.shares(cases(), frame=FRAME.iloc[:3])
    with pytest.raises(jobbench.InputError, match="N is not a positive integer"):
        audit.shares(cases(), frame=FRAME.assign(N=[10, 2.5, 10, 20]))
    with pytest.raises(jobbench.InputError, match=r"more sampled cases than N.*\(A, tg, s1, 2, 1\)"):
        audit.shares(cases(), frame=FRAME.assign(N=[1, 20, 10, 20]))


def test_weight_errors():
    with pytest.raises(jobbench.InputError, match="weights='design' needs a frame"):
        audit.shares(cases(), weights="design")
    with pytest.raises(jobbench.InputError, match=r"weight that is not a finite number > 0.*\(A, c0, "):
        audit.shares(cases().assign(weight=np.where(cases()["case"] == "c0", -1.0, 1.0)), weights="design")
    with pytest.raises(jobbench.InputError, match="not N_h / n_h of the frame"):
        audit.shares(cases().assign(weight=2.0), frame=FRAME, weights="design")
    got = audit.shares(cases().assign(weight=np.where(cases()["stratum"] == "s1", 5.0, 10.0)), frame=FRAME,
                       weights="design")
    assert len(got) == 4


def test_national_needs_two_municipalities_and_scope_names():
    one = cases()[cases()["municipality"] == "A"]
    with pytest.raises(jobbench.InputError, match="at least 2"):
        audit.shares(one, scope="national")
    with pytest.raises(jobbench.InputError, match="scope must be one of"):
        audit.shares(cases(), scope="region")


def test_a_stratum_of_one_case_warns():
    one = cases()[~((cases()["case"] == "c1"))]
    with pytest.warns(audit.AuditWarning, match="one sampled case"):
        audit.shares(one)


def test_wide_input_becomes_long():
    wide = pd.DataFrame({"municipality": ["A", "A"], "case": ["c0", "c1"], "target_group": "tg",
                         "stratum": ["s1", "s1"], "retning": ["job", "rehab"],
                         "plan": ["met", "met"], "goal": ["met", "not_met"]})
    long = audit.from_wide(wide, ["plan", "goal"])
    assert len(long) == 4 and set(long.columns) >= {"criterion", "outcome", "retning"}
    got = audit.shares(long, catalogue=CATALOGUE).set_index("criterion")
    assert got.loc["goal", "share"] == 0.5
    with pytest.raises(jobbench.InputError, match="missing criterion column"):
        audit.from_wide(wide, ["plan", "nothing"])
