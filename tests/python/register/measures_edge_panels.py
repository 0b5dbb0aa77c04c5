"""Hand-made edge-case panels and random panels for the extended register measures.

``EDGE_REGISTER`` is a small ``"register"`` spec object (shared/specs/extended-indicators.md): four
target base groups (``a1``, ``a2`` in the aggregate ``adp``; ``kh`` with a conversation rule;
``syg`` the sickness group), the non-target benefit group ``other``, the status groups ``job`` and
``education``, four offer types (``praktik`` and ``lt`` company-directed) and two offer
categories. ``adp`` carries its own conversation rule; the aggregate ``offentlig`` mixes a target
and a non-target group; the total ``alle`` has no rule.

Each ``edge_*`` function returns an :class:`EdgeCase`: the panel, the periods, ``status_weeks`` and
``passive_weeks`` its hand-worked numbers (in ``test_measures_oracle.py``) are written for.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd

from reference_measures import iso_index, iso_week, quarter, year

__all__ = ["EDGE_CASES", "EDGE_REGISTER", "EdgeCase", "PanelBuilder", "random_panel",
           "register_spec_json"]

VARDE, ESBJERG, KBH, AARHUS = 573, 561, 101, 751

EDGE_REGISTER: dict[str, Any] = {
    "no_offer": "none",
    "groups": [
        {"code": "a1", "label": "A-dagpenge, forsikrede 1", "target": True, "sickness": False},
        {"code": "a2", "label": "A-dagpenge, forsikrede 2", "target": True, "sickness": False},
        {"code": "kh", "label": "Kontanthjælp, aktivitetsparat", "target": True,
         "sickness": False,
         "conversation_rule": {"first_within": 1, "min_conversations": 3, "window": 8}},
        {"code": "syg", "label": "Sygedagpenge", "target": True, "sickness": True},
        {"code": "other", "label": "Anden offentlig forsørgelse", "target": False,
         "sickness": False},
        {"code": "job", "label": "Selvforsørget: job", "self_supporting": True},
        {"code": "education", "label": "Selvforsørget: uddannelse", "self_supporting": True},
    ],
    "offers": [
        {"code": "vejl", "label": "Vejledning og opkvalificering", "company_directed": False},
        {"code": "udd", "label": "Ordinær uddannelse", "company_directed": False},
        {"code": "praktik", "label": "Virksomhedspraktik", "company_directed": True},
        {"code": "lt", "label": "Løntilskud", "company_directed": True},
    ],
    "offer_categories": [
        {"code": "vejl_opkval", "label": "Vejledning og opkvalificering",
         "offers": ["vejl", "udd"]},
        {"code": "loentilskud", "label": "Løntilskud", "offers": ["lt"]},
    ],
    "aggregates": [
        {"code": "adp", "label": "A-dagpenge i alt", "groups": ["a1", "a2"],
         "conversation_rule": {"first_within": 2, "min_conversations": 2, "window": 6}},
        {"code": "offentlig", "label": "Kontanthjælp og anden forsørgelse",
         "groups": ["kh", "other"]},
    ],
    "total": {"code": "alle", "label": "Alle målgrupper"},
}

BENEFIT_GROUPS = ["a1", "a2", "kh", "syg", "other"]
STATUS_GROUPS = ["job", "education"]
OFFERS = ["vejl", "udd", "praktik", "lt"]


def register_spec_json(register: dict[str, Any]) -> str:
    """A benchmark spec around ``register`` (one target group and a root task: the smallest
    productivity part the schema admits), as ``jobbench._core.RegisterSpec.from_json_string``
    reads it."""
    shell = {"target_groups": [{"code": "all", "label": "All"}],
             "tasks": [{"code": "total", "label": "Total", "divisor": "all"}]}
    return json.dumps({**shell, "register": register}, ensure_ascii=False)


def edge_register() -> dict[str, Any]:
    """A deep copy of :data:`EDGE_REGISTER` to modify in a test."""
    return copy.deepcopy(EDGE_REGISTER)


# --- building panels -----------------------------------------------------------------------------

class PanelBuilder:
    """Rows of a hand-made panel, a run of consecutive ISO weeks at a time."""

    def __init__(self, wage_hours: bool = True) -> None:
        self.rows: list[dict[str, Any]] = []
        self.wage_hours = wage_hours

    def run(self, person: int, first: int, weeks: int, group: str = "a1",
            municipality: int = VARDE, *, offer: str = "none", share: float = 1.0,
            conversations: int = 0, partial: bool = False, wage: float = 0.0) -> PanelBuilder:
        """``weeks`` rows from ISO week ``first`` on (52/53-week years by the week index)."""
        start = iso_index(first)
        for k in range(weeks):
            self.rows.append({"person": person, "week": iso_week(start + k),
                              "municipality": municipality, "group": group,
                              "benefit_share": share, "offer": offer,
                              "conversations": conversations, "partial_sick": partial,
                              "wage_hours": wage})
        return self

    def set(self, person: int, week: int, **values: Any) -> PanelBuilder:
        """Change columns of the row of ``person`` in ``week`` (it must exist)."""
        hits = [r for r in self.rows if r["person"] == person and r["week"] == week]
        assert len(hits) == 1, (person, week)
        assert set(values) <= set(hits[0]), values
        hits[0].update(values)
        return self

    def frame(self) -> pd.DataFrame:
        """The panel with the engine's column types (int64 person, int32 week ...)."""
        df = pd.DataFrame(self.rows)
        df = df.astype({"person": np.int64, "week": np.int32, "municipality": np.int32,
                        "benefit_share": np.float64, "conversations": np.int32,
                        "partial_sick": bool, "wage_hours": np.float64})
        df["group"] = df["group"].astype(object)
        df["offer"] = df["offer"].astype(object)
        if not self.wage_hours:
            df = df.drop(columns="wage_hours")
        return df.reset_index(drop=True)


@dataclass
class EdgeCase:
    """A hand-made panel and the arguments its hand-worked numbers are written for."""

    name: str
    panel: pd.DataFrame
    periods: list[tuple[int, int]]
    status_weeks: int = 4
    passive_weeks: int = 13


# --- the edge panels -----------------------------------------------------------------------------

def edge_53_weeks() -> EdgeCase:
    """ISO 2020 has 53 weeks; panel 2020W01-2021W26 (bounds: person 90, ``other``, Kbh).

    Varde: 1 a1 2020W50-2021W05 (9 weeks), job at 2021W09. 2 a2 2020W49-2021W08, vejl 2020W52,
    vejl 2021W04-W05 (5 steps after 2020W52: new), lt 2021W07. 3 a1 2020W41 (share 0.5), W42;
    other 2021W01 (= 2020W41 + 13). 7 kh 2020W03-2021W01 (52 weeks). 8 kh 2020W20-2021W10
    (44 weeks), education 2021W14. 9 kh 2021W02-W04, other 2021W08.
    """
    b = PanelBuilder(wage_hours=False)
    b.run(90, 202001, 1, "other", KBH).run(90, 202126, 1, "other", KBH)
    b.run(1, 202050, 9, "a1").run(1, 202109, 1, "job")
    b.run(2, 202049, 13, "a2")
    for week, offer in [(202052, "vejl"), (202104, "vejl"), (202105, "vejl"), (202107, "lt")]:
        b.set(2, week, offer=offer)
    b.run(3, 202041, 1, "a1", share=0.5).run(3, 202042, 1, "a1").run(3, 202101, 1, "other")
    b.run(7, 202003, 52, "kh")
    b.run(8, 202020, 44, "kh").run(8, 202114, 1, "education")
    b.run(9, 202102, 3, "kh").run(9, 202108, 1, "other")
    periods = [year(2020), quarter(2020, 4), quarter(2021, 1), (202050, 202105)]
    return EdgeCase("53_weeks", b.frame(), periods)


def edge_censoring() -> EdgeCase:
    """Spells censored at both ends; panel 2021W01-2021W40; P = W01-W30 and W31-W36.

    Varde: 1 kh W01-W10 (left-censored), education W14. 2 kh W05-W14 (conversations W06, W08,
    W12), kh again W18-W40 (right-censored; a conversation in W20). 3 a1 W01-W40 (both ends).
    4 kh W36-W40 (right-censored, 5 weeks; a conversation in W36).
    """
    b = PanelBuilder(wage_hours=False)
    b.run(1, 202101, 10, "kh").run(1, 202114, 1, "education")
    b.run(2, 202105, 10, "kh").run(2, 202118, 23, "kh")
    for week in (202106, 202108, 202112, 202120):
        b.set(2, week, conversations=1)
    b.run(3, 202101, 40, "a1")
    b.run(4, 202136, 5, "kh", conversations=0).set(4, 202136, conversations=1)
    return EdgeCase("censoring", b.frame(), [(202101, 202130), (202131, 202136)])


def edge_young_spells() -> EdgeCase:
    """Conversation windows cut by the panel's end; panel 2021W01-W20, k = 1, P = W10-W19.

    Varde: 1 a1 W19-W20 (conversation W20). 2 a2 W18-W20 (conversation W20). 3 a1 W15-W16 then
    a2 W17-W20 (conversations W15, W19). 4 a1 W12-W14. 5 kh W14-W20 (conversation W15).
    6 kh W11-W18 (conversations W12: 1, W18: 2). Bound: person 90 ``other`` W01 in Kbh.
    """
    b = PanelBuilder()
    b.run(90, 202101, 1, "other", KBH)
    b.run(1, 202119, 2, "a1").set(1, 202120, conversations=1)
    b.run(2, 202118, 3, "a2").set(2, 202120, conversations=1)
    b.run(3, 202115, 2, "a1").run(3, 202117, 4, "a2")
    b.set(3, 202115, conversations=1).set(3, 202119, conversations=1)
    b.run(4, 202112, 3, "a1")
    b.run(5, 202114, 7, "kh").set(5, 202115, conversations=1)
    b.run(6, 202111, 8, "kh").set(6, 202112, conversations=1).set(6, 202118, conversations=2)
    return EdgeCase("young_spells", b.frame(), [(202110, 202119)], status_weeks=1)


def edge_moves_and_groups() -> EdgeCase:
    """Group changes inside ``adp`` and moves between municipalities; panel 2021W01-W52,
    P = W10-W25 (bounds: person 90, ``other``, Kbh, W01 and W52).

    1 a1 Varde W05-W12, a2 Varde W13-W20, a2 Esbjerg W21-W24, education W28.
    2 a1 Varde W15-W18, kh Varde W19-W22, a1 Varde W23-W30.
    3 kh Esbjerg W20-W21, kh Varde W22-W52 (starts in Esbjerg, right-censored).
    """
    b = PanelBuilder()
    b.run(90, 202101, 1, "other", KBH).run(90, 202152, 1, "other", KBH)
    b.run(1, 202105, 8, "a1").run(1, 202113, 8, "a2").run(1, 202121, 4, "a2", ESBJERG)
    b.run(1, 202128, 1, "education", ESBJERG)
    b.run(2, 202115, 4, "a1").run(2, 202119, 4, "kh").run(2, 202123, 8, "a1")
    b.run(3, 202120, 2, "kh", ESBJERG).run(3, 202122, 31, "kh")
    return EdgeCase("moves_and_groups", b.frame(), [(202110, 202125)])


def edge_passive() -> EdgeCase:
    """Contact-free runs of L - 1 = 12 and L = 13 weeks; panel 2020W40-2021W40, P = 2021W01-W26.

    Varde: 1 a1 W01-W13 (offer vejl in W13). 2 a1 W05-W18 (a conversation in W05). 3 a1 W01-W07,
    a2 W08-W20. 4 a1 2020W45-2021W06. 5 a1 W01-W06 and W08-W14. Bounds: person 90, Kbh.
    """
    b = PanelBuilder(wage_hours=False)
    b.run(90, 202040, 1, "other", KBH).run(90, 202140, 1, "other", KBH)
    b.run(1, 202101, 13, "a1").set(1, 202113, offer="vejl")
    b.run(2, 202105, 14, "a1").set(2, 202105, conversations=1)
    b.run(3, 202101, 7, "a1").run(3, 202108, 13, "a2")
    b.run(4, 202045, 15, "a1")
    b.run(5, 202101, 6, "a1").run(5, 202108, 7, "a1")
    return EdgeCase("passive", b.frame(), [(202101, 202126)])


def edge_offers_wage_sick() -> EdgeCase:
    """New offers after gaps of 4 and 5 weeks, wage hours, partial sick leave, status rows that
    carry numbers to ignore; panel 2021W01-W40, P = W10-W25 (bounds: person 90, Kbh).

    Varde a1: 1 W05-W25, vejl W10, W14, W19, praktik W20, lt W21, W25; wage hours 10.5 in W12,
    7.5 in W22. 3 other W08 vejl, a1 W09-W10 vejl. 4 W10-W13 share 0.5 (wage 0).
    2 a2 Varde: vejl W08, job W09-W12 in Aarhus (share 0, 2 conversations, 37 wage hours: Aarhus
    has only status rows), a2 Varde vejl W13 (wage 3). Sickness: 11 syg Varde W05-W12, partial
    in W06. 12 syg Varde W15-W18, Esbjerg W19-W22. 13 syg Esbjerg W08-W11, Varde W12-W14,
    partial in W13. 14 syg Varde W30-W33.
    """
    b = PanelBuilder()
    b.run(90, 202101, 1, "other", KBH).run(90, 202140, 1, "other", KBH)
    b.run(1, 202105, 21, "a1")
    for week, offer in [(202110, "vejl"), (202114, "vejl"), (202119, "vejl"),
                        (202120, "praktik"), (202121, "lt"), (202125, "lt")]:
        b.set(1, week, offer=offer)
    b.set(1, 202112, wage_hours=10.5).set(1, 202122, wage_hours=7.5)
    b.run(3, 202108, 1, "other", offer="vejl").run(3, 202109, 2, "a1", offer="vejl")
    b.run(4, 202110, 4, "a1", share=0.5)
    b.run(2, 202108, 1, "a2", offer="vejl")
    b.run(2, 202109, 4, "job", AARHUS, share=0.0, conversations=2, wage=37.0)
    b.run(2, 202113, 1, "a2", offer="vejl", wage=3.0)
    b.run(11, 202105, 8, "syg").set(11, 202106, partial_sick=True)
    b.run(12, 202115, 4, "syg").run(12, 202119, 4, "syg", ESBJERG)
    b.run(13, 202108, 4, "syg", ESBJERG).run(13, 202112, 3, "syg")
    b.set(13, 202113, partial_sick=True)
    b.run(14, 202130, 4, "syg")
    return EdgeCase("offers_wage_sick", b.frame(), [(202110, 202125)])


EDGE_CASES: dict[str, Callable[[], EdgeCase]] = {
    "53_weeks": edge_53_weeks, "censoring": edge_censoring, "young_spells": edge_young_spells,
    "moves_and_groups": edge_moves_and_groups, "passive": edge_passive,
    "offers_wage_sick": edge_offers_wage_sick,
}


# --- random panels -------------------------------------------------------------------------------

def _next_state(rng: np.random.Generator, state: str) -> str:
    """A new state for a person: a benefit group, a status group or a week with no row."""
    choices = BENEFIT_GROUPS + STATUS_GROUPS + ["gap"]
    weights = np.array([3, 3, 3, 2, 1, 1, 1, 2], float)
    if state in choices:
        weights[choices.index(state)] = 0.0
    return str(rng.choice(choices, p=weights / weights.sum()))


def _duration(rng: np.random.Generator) -> int:
    """Weeks in a state: mostly a few, now and then more than a year."""
    return int(rng.geometric(0.015 if rng.random() < 0.1 else 0.12))


def _benefit_row(rng: np.random.Generator, group: str, offer: str) -> dict[str, Any]:
    """Random values of one benefit row; share in (0, 1], mostly full weeks."""
    share = 1.0 if rng.random() < 0.7 else float(rng.uniform(0.05, 1.0))
    conversations = int(rng.choice([1, 1, 2])) if rng.random() < 0.15 else 0
    partial = bool(group == "syg" and rng.random() < 0.15)
    wage = float(rng.choice([0.0, 0.0, 0.0, 0.0, round(float(rng.uniform(0.5, 37.0)), 2)]))
    return {"benefit_share": share, "offer": offer, "conversations": conversations,
            "partial_sick": partial, "wage_hours": wage}


def _next_offer(rng: np.random.Generator, offer: str) -> str:
    """Offers come in runs with pauses of a few weeks, so gaps of 3, 4 and 5 weeks all occur."""
    if offer != "none":
        return offer if rng.random() < 0.8 else "none"
    return str(rng.choice(OFFERS)) if rng.random() < 0.1 else "none"


def random_panel(seed: int, persons: int = 150, first: int = 202001, weeks: int = 120,
                 municipalities: tuple[int, ...] = (VARDE, ESBJERG, KBH), *,
                 wage_hours: bool = True) -> pd.DataFrame:
    """A random valid panel from ISO week ``first`` on, ``weeks`` weeks long.

    Each person walks through states (benefit groups, status groups, weeks with no row) of
    random length, moves between municipalities now and then, takes offers in runs with pauses,
    has conversations, partial sick leave (``syg`` only) and wage hours. Status rows have offer
    none, share 1 and now and then conversations and wage hours (which count nowhere). Person 0
    has a row in the first and in the last week, so the panel spans exactly ``weeks`` weeks.
    """
    rng = np.random.default_rng(seed)
    start = iso_index(first)
    b = PanelBuilder(wage_hours=wage_hours)
    b.run(0, first, 1, "other", municipalities[0])
    b.run(0, iso_week(start + weeks - 1), 1, "other", municipalities[-1])
    for person in range(1, persons + 1):
        k = int(rng.integers(0, weeks)) if rng.random() < 0.8 else 0
        end = weeks if rng.random() < 0.5 else int(rng.integers(k + 1, weeks + 1))
        state, municipality, offer = _next_state(rng, ""), int(rng.choice(municipalities)), "none"
        left = _duration(rng)
        while k < end:
            if state in BENEFIT_GROUPS:
                offer = _next_offer(rng, offer)
                row = _benefit_row(rng, state, offer)
            elif state in STATUS_GROUPS:
                row = {"benefit_share": 1.0, "offer": "none",
                       "conversations": int(rng.random() < 0.1), "partial_sick": False,
                       "wage_hours": float(rng.random() < 0.1) * 20.0}
            if state != "gap":
                b.rows.append({"person": person, "week": iso_week(start + k),
                               "municipality": municipality, "group": state, **row})
            k, left = k + 1, left - 1
            if rng.random() < 0.03:
                municipality = int(rng.choice(municipalities))
            if left <= 0:
                state, left = _next_state(rng, state), _duration(rng)
    return b.frame()
