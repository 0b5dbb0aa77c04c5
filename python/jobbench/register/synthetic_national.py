"""A synthetic national person-week panel in today's target groups (spec ``jobindsats2019``).

The data are invented. They imitate a national register extract of 2019-2022 in the groups of the
jobindsats tables: each person runs through a chain of spells (A-dagpenge, kontanthjælp jobparat /
aktivitetsparat, sygedagpenge, ..., førtidspension, status rows ``job`` and ``education``, and
weeks without a row) whose lengths differ by group; persons move between the groups of an
aggregate (jobparat <-> aktivitetsparat), leave for a job, education or no row and come back, and
some move to another municipality. Offers come in runs of several weeks with pauses,
conversations are more frequent for activity-ready groups and at the start of a spell, and each of
the 98 municipalities (sized as the real ones) has its own propensity to activate, to talk and to
use partial sick leave, so that benchmarks on the panel show real differences.

The first persons (ids 1 to ``len(EDGE_PERSONS)``) are fixed and hold the edge cases of the
extended indicators (``EDGE_PERSONS`` names them): spells censored at both ends of the panel,
group changes inside an aggregate, status rows, a move, a conversation window cut by the panel's
end, contact-free runs of exactly 12 and 13 weeks. The other persons are drawn in fixed chunks of
``CHUNK_PERSONS``, so a panel of n persons is the first n persons of any larger one (same seed).
Generation is numpy-vectorised (no per-row Python)::

    panel = synthetic_national_panel(persons=20_000, seed=1)     # pandas, sorted by person, week
    synthetic_national_panel_to_ipc("panel.arrow", rows=50_000_000)  # Arrow IPC, batch by batch
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, NamedTuple

import numpy as np
import pandas as pd

from .._errors import SpecError
from ..spec import SpecLike, load_spec

__all__ = ["CHUNK_PERSONS", "EDGE_PERSONS", "iter_synthetic_national_panel",
           "synthetic_national_panel", "synthetic_national_panel_to_ipc"]

#: random persons are drawn in chunks of this many (one random stream per chunk)
CHUNK_PERSONS = 5_000
_FIRST_RANDOM_ID = 1_000_000
_FULL_TIME_HOURS = 37.0

# --- states of the person chain: the spec's register groups, then "off" (no row) ---------------
_STATES = ("adp", "kh_jobparat", "kh_aktivitetsparat", "uddh_uddparat", "uddh_aktivitetsparat",
           "shy_jobparat", "shy_aktivitetsparat", "syg", "jaf", "ref", "ly", "flex", "reval", "fp",
           "other", "job", "education", "off")
_S = {code: i for i, code in enumerate(_STATES)}
_OFF = _S["off"]
_SYG = _S["syg"]
_STATUS = (_S["job"], _S["education"])
_OFFERS = ("vejl", "udd", "lt_priv", "lt_off", "praktik_priv", "praktik_off", "nytte")

# state: (mean spell weeks, gamma shape, P(offer) per run, conversations per week at the spell's
#         start / in weeks 2-25 / later, P(wage hours in a spell))
_PARAMS: dict[str, tuple[float, float, float, tuple[float, float, float], float]] = {
    "adp": (22, 1.3, .20, (.60, .12, .08), .20),
    "kh_jobparat": (26, 1.1, .30, (.50, .12, .08), .15),
    "kh_aktivitetsparat": (70, 0.9, .35, (.90, .13, .07), .05),
    "uddh_uddparat": (22, 1.1, .45, (.60, .13, .08), .08),
    "uddh_aktivitetsparat": (50, 0.9, .40, (.90, .13, .07), .04),
    "shy_jobparat": (30, 1.1, .40, (.50, .12, .08), .12),
    "shy_aktivitetsparat": (55, 0.9, .35, (.90, .13, .07), .04),
    "syg": (12, 0.8, .08, (.05, .18, .15), 0.0),  # wage hours come with partial sick leave
    "jaf": (45, 1.2, .25, (.40, .15, .10), .05),
    "ref": (90, 1.5, .45, (.40, .15, .10), .03),
    "ly": (16, 1.0, .30, (.40, .12, .10), .02),
    "flex": (120, 1.5, 0.0, (.10, .03, .02), .95),
    "reval": (60, 1.5, .60, (.40, .10, .08), .05),
    "fp": (500, 2.0, 0.0, (0., 0., 0.), .03),
    "other": (30, 1.0, 0.0, (0., 0., 0.), .05),
    "job": (10, 1.0, 0.0, (0., 0., 0.), 1.0),
    "education": (20, 1.5, 0.0, (0., 0., 0.), 0.0),
}
_OFF_MEAN_WEEKS = 50.0  # median of the persons' mean time without a row

# offer type mix of a run with an offer, by group (vejl, udd, lt_priv, lt_off, praktik_priv,
# praktik_off, nytte); groups without offers are left out
_OFFER_MIX = {
    "adp": (.45, .05, .15, .05, .20, .05, .05),
    "kh_jobparat": (.30, .03, .10, .05, .25, .07, .20),
    "kh_aktivitetsparat": (.55, .02, .03, .05, .20, .15, 0),
    "uddh_uddparat": (.25, .10, .05, .05, .20, .05, .30),
    "uddh_aktivitetsparat": (.55, .05, .02, .03, .20, .15, 0),
    "shy_jobparat": (.35, .02, .10, .03, .30, .05, .15),
    "shy_aktivitetsparat": (.55, .02, .03, .03, .22, .15, 0),
    "syg": (.35, 0, 0, 0, .45, .20, 0),
    "jaf": (.45, 0, 0, .05, .30, .20, 0),
    "ref": (.55, 0, .02, .05, .23, .15, 0),
    "ly": (.20, 0, .10, .10, .35, .25, 0),
    "reval": (.20, .70, .03, .02, .03, .02, 0),
}

# where a spell leads (relative weights); benefit -> benefit follows without a gap
_NEXT: dict[str, dict[str, float]] = {
    "adp": {"job": .45, "education": .04, "off": .25, "syg": .08, "kh_jobparat": .05,
            "other": .05, "jaf": .01, "flex": .01, "fp": .01},
    "kh_jobparat": {"kh_aktivitetsparat": .18, "job": .30, "education": .05, "off": .22,
                    "syg": .06, "adp": .05, "other": .08, "reval": .01},
    "kh_aktivitetsparat": {"kh_jobparat": .12, "ref": .10, "jaf": .02, "flex": .04, "fp": .05,
                           "job": .12, "education": .04, "off": .25, "syg": .06, "other": .15,
                           "reval": .02},
    "uddh_uddparat": {"uddh_aktivitetsparat": .15, "education": .35, "job": .22, "off": .15,
                      "syg": .03, "kh_jobparat": .05, "other": .05},
    "uddh_aktivitetsparat": {"uddh_uddparat": .18, "education": .12, "job": .08, "off": .25,
                             "ref": .06, "kh_aktivitetsparat": .12, "syg": .04, "other": .10,
                             "fp": .01, "flex": .02},
    "shy_jobparat": {"shy_aktivitetsparat": .15, "job": .35, "education": .04, "off": .18,
                     "kh_jobparat": .15, "syg": .05, "other": .08},
    "shy_aktivitetsparat": {"shy_jobparat": .15, "kh_aktivitetsparat": .20, "job": .08,
                            "off": .22, "syg": .05, "other": .15, "ref": .05, "fp": .02},
    "syg": {"job": .55, "off": .22, "jaf": .07, "adp": .05, "kh_aktivitetsparat": .02,
            "flex": .02, "fp": .01, "other": .04, "reval": .01, "ly": .01},
    "jaf": {"ref": .18, "flex": .18, "fp": .08, "job": .18, "off": .12, "syg": .06,
            "kh_aktivitetsparat": .10, "other": .08, "reval": .02},
    "ref": {"flex": .30, "fp": .25, "kh_aktivitetsparat": .12, "job": .05, "off": .10,
            "jaf": .03, "other": .10, "reval": .02, "ly": .03},
    "ly": {"flex": .65, "off": .15, "fp": .05, "other": .08, "syg": .07},
    "flex": {"ly": .35, "off": .25, "fp": .15, "other": .15, "syg": .10},
    "reval": {"job": .50, "education": .08, "off": .20, "kh_jobparat": .10, "syg": .05,
              "other": .07},
    "fp": {"off": 1.0},
    "other": {"off": .55, "job": .15, "kh_jobparat": .08, "adp": .06, "syg": .06,
              "kh_aktivitetsparat": .05, "uddh_uddparat": .05},
    "job": {"off": .80, "adp": .10, "syg": .10},
    "education": {"off": .70, "uddh_uddparat": .15, "job": .15},
    "off": {"adp": .28, "syg": .28, "kh_jobparat": .07, "kh_aktivitetsparat": .03,
            "uddh_uddparat": .08, "uddh_aktivitetsparat": .02, "shy_jobparat": .03,
            "shy_aktivitetsparat": .01, "other": .15, "reval": .005, "ly": .005, "fp": .01},
}
# the group a person is in when first met (a stock of benefit recipients)
_FIRST = {"adp": .13, "kh_jobparat": .04, "kh_aktivitetsparat": .10, "uddh_uddparat": .05,
          "uddh_aktivitetsparat": .04, "shy_jobparat": .02, "shy_aktivitetsparat": .02,
          "syg": .14, "jaf": .03, "ref": .04, "ly": .02, "flex": .05, "reval": .005, "fp": .06,
          "other": .12}

# inhabitants in thousands (about 2021), by kommunekode: the municipalities' relative sizes
_POPULATION = {
    101: 640, 147: 104, 151: 48, 153: 35, 155: 14, 157: 75, 159: 69, 161: 23, 163: 29, 165: 28,
    167: 53, 169: 51, 173: 56, 175: 40, 183: 23, 185: 43, 187: 17, 190: 41, 201: 26, 210: 41,
    217: 63, 219: 51, 223: 25, 230: 56, 240: 43, 250: 45, 253: 50, 259: 61, 260: 31, 265: 88,
    269: 23, 270: 41, 306: 33, 316: 72, 320: 37, 326: 49, 329: 35, 330: 79, 336: 23, 340: 30,
    350: 28, 360: 41, 370: 83, 376: 60, 390: 45, 400: 39, 410: 39, 420: 41, 430: 51, 440: 24,
    450: 32, 461: 205, 479: 59, 480: 29, 482: 12, 492: 6, 510: 55, 530: 27, 540: 74, 550: 37,
    561: 116, 563: 3.5, 573: 50, 575: 43, 580: 59, 607: 52, 615: 90, 621: 93, 630: 117, 657: 89,
    661: 59, 665: 20, 671: 21, 706: 43, 707: 37, 710: 49, 727: 23, 730: 98, 740: 94, 741: 3.7,
    746: 63, 751: 352, 756: 41, 760: 56, 766: 47, 773: 20, 779: 46, 787: 43, 791: 97, 810: 36,
    813: 59, 820: 36, 825: 1.8, 840: 30, 846: 42, 849: 38, 851: 217, 860: 64,
}


def _probabilities(weights: dict[str, float]) -> np.ndarray:
    out = np.zeros(len(_STATES))
    for code, w in weights.items():
        out[_S[code]] = w
    return out / out.sum()


class _Model(NamedTuple):
    """The chain's parameters as arrays indexed by state."""

    mean: np.ndarray          # mean spell length (weeks; "off": 1, scaled per person)
    shape: np.ndarray         # gamma shape of the spell length
    p_offer: np.ndarray       # P(an offer) in a run of weeks
    conversations: np.ndarray  # (states, 3): weekly rate at the start, weeks 2-25, later
    p_wage: np.ndarray        # P(wage hours in a spell)
    next_cum: np.ndarray      # (states, states) cumulative transition probabilities
    first_cum: np.ndarray     # cumulative distribution of the first state
    offer_cum: np.ndarray     # (states, offer types) cumulative offer mix


def _model() -> _Model:
    n = len(_STATES)
    mean, shape, p_offer = np.ones(n), np.ones(n), np.zeros(n)
    conv, p_wage = np.zeros((n, 3)), np.zeros(n)
    for code, (m, k, po, c, pw) in _PARAMS.items():
        i = _S[code]
        mean[i], shape[i], p_offer[i], conv[i], p_wage[i] = m, k, po, c, pw
    offer_mix = np.zeros((n, len(_OFFERS)))
    offer_mix[:, 0] = 1.0
    for code, mix in _OFFER_MIX.items():
        offer_mix[_S[code]] = np.asarray(mix) / sum(mix)
    nxt = np.stack([_probabilities(_NEXT[code]) for code in _STATES])
    return _Model(mean, shape, p_offer, conv, p_wage, np.cumsum(nxt, axis=1),
                  np.cumsum(_probabilities(_FIRST)), np.cumsum(offer_mix, axis=1))


def _draw(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Index drawn from each row of cumulative probabilities ``cum`` with uniforms ``u``."""
    return np.minimum((u[:, None] > cum).sum(axis=1), cum.shape[1] - 1)


# --- weeks ----------------------------------------------------------------------------------------
def _iso_week1_monday(year: int) -> np.datetime64:
    jan4 = np.datetime64(f"{year:04d}-01-04", "D")
    return jan4 - np.timedelta64((int(jan4.astype(np.int64)) + 3) % 7, "D")


def _panel_weeks(first_year: int, last_year: int) -> np.ndarray:
    """The ISO weeks YYYYWW of the ISO years ``first_year`` to ``last_year`` (int32, in order)."""
    mondays = np.arange(_iso_week1_monday(first_year), _iso_week1_monday(last_year + 1),
                        np.timedelta64(7, "D"))
    thursdays = mondays + np.timedelta64(3, "D")
    years = thursdays.astype("datetime64[Y]")
    week = (thursdays - years.astype("datetime64[D]")).astype(np.int64) // 7 + 1
    return ((years.astype(np.int64) + 1970) * 100 + week).astype(np.int32)


# --- municipalities -------------------------------------------------------------------------------
class _Municipalities(NamedTuple):
    codes: np.ndarray       # int32 kommunekoder
    p: np.ndarray           # share of the persons (by size)
    activation: np.ndarray  # multiplies P(offer)
    talk: np.ndarray        # multiplies conversation rates
    partial: np.ndarray     # multiplies P(partial sick leave)
    pace: np.ndarray        # multiplies spell lengths on benefits


def _municipalities(seed: int) -> _Municipalities:
    """The 98 municipalities, sized as the real ones, with effects drawn once per seed."""
    from ..datasets import municipalities

    codes = municipalities()["code"].to_numpy(dtype=np.int32)
    size = np.array([_POPULATION.get(int(c), 40.0) for c in codes])
    rng = np.random.default_rng([seed, 0])

    def effect(sigma: float) -> np.ndarray:
        e = rng.lognormal(0.0, sigma, size=codes.size)
        return e / e.mean()

    return _Municipalities(codes, size / size.sum(), effect(0.35), effect(0.30), effect(0.30),
                           effect(0.15))


# --- the chain of spells --------------------------------------------------------------------------
class _Spells(NamedTuple):
    """Spells as (persons, k) arrays in time order; state -1 = no spell."""

    state: np.ndarray
    start: np.ndarray
    length: np.ndarray


def _chain(rng: np.random.Generator, model: _Model, start: np.ndarray, off_mean: np.ndarray,
           pace: np.ndarray, weeks: int) -> _Spells:
    """Run each person's chain from week index ``start`` (a benefit group) to the panel's end."""
    n = start.size
    state = np.minimum(np.searchsorted(model.first_cum, rng.random(n)), len(_STATES) - 1)
    t = start.astype(np.int64)
    states, starts, lengths = [], [], []
    while True:
        live = t < weeks
        if not live.any():
            break
        mean = np.where(state == _OFF, off_mean, model.mean[state] * pace)
        shape = model.shape[state]
        length = np.maximum(1, np.ceil(rng.gamma(shape, mean / shape))).astype(np.int64)
        states.append(np.where(live, state, -1))
        starts.append(t.copy())
        lengths.append(length)
        t = t + length
        state = _draw(model.next_cum[state], rng.random(n))
    return _Spells(np.stack(states, axis=1), np.stack(starts, axis=1), np.stack(lengths, axis=1))


def _rows_in_panel(spells: _Spells, weeks: int) -> np.ndarray:
    """Rows each person gets inside the panel."""
    end = np.minimum(spells.start + spells.length, weeks)
    n = np.maximum(end - np.maximum(spells.start, 0), 0)
    return np.where((spells.state >= 0) & (spells.state != _OFF), n, 0).sum(axis=1)


def _pad(a: np.ndarray, k: int, fill: int) -> np.ndarray:
    return np.pad(a, ((0, 0), (0, k - a.shape[1])), constant_values=fill)


def _spells(rng: np.random.Generator, model: _Model, munis: _Municipalities, home: np.ndarray,
            weeks: int) -> _Spells:
    """Every person's spells; a person without a row in the panel is drawn again, starting in it."""
    n = home.size
    off_mean = _OFF_MEAN_WEEKS * rng.lognormal(0.0, 0.9, size=n)
    pace = munis.pace[home]
    spells = _chain(rng, model, rng.integers(-104, weeks, size=n), off_mean, pace, weeks)
    empty = np.flatnonzero(_rows_in_panel(spells, weeks) == 0)
    if empty.size:
        again = _chain(rng, model, rng.integers(0, weeks, size=empty.size), off_mean[empty],
                       pace[empty], weeks)
        k = max(spells.state.shape[1], again.state.shape[1])
        fields = []
        for old, new, fill in zip(spells, again, (-1, 0, 0)):
            merged = _pad(old, k, fill)
            merged[empty] = _pad(new, k, fill)
            fields.append(merged)
        spells = _Spells(*fields)
    return spells


# --- spells to rows -------------------------------------------------------------------------------
class _Rows(NamedTuple):
    person: np.ndarray   # local person index
    widx: np.ndarray     # week index in the panel
    state: np.ndarray
    pos: np.ndarray      # weeks since the spell's start
    spell: np.ndarray    # spell number (rows of one spell are consecutive)
    first: np.ndarray    # the spell's first row in the panel
    last: np.ndarray     # the spell's last week (also when after the panel)


def _expand(spells: _Spells, weeks: int) -> _Rows:
    """One row per week of each spell with a row (not "off"), clipped to the panel."""
    n_all, k = spells.state.shape
    owner = np.broadcast_to(np.arange(n_all)[:, None], (n_all, k))
    lo = np.maximum(spells.start, 0)
    hi = np.minimum(spells.start + spells.length, weeks)
    keep = (spells.state >= 0) & (spells.state != _OFF) & (hi > lo)
    s_lo, s_len = lo[keep], (hi - lo)[keep]
    s_start, s_state, s_owner = spells.start[keep], spells.state[keep], owner[keep]
    s_last = (spells.start + spells.length - 1)[keep]
    spell = np.repeat(np.arange(s_lo.size), s_len)
    offset = np.arange(spell.size) - np.repeat(np.cumsum(s_len) - s_len, s_len)
    widx = s_lo[spell] + offset
    return _Rows(s_owner[spell], widx, s_state[spell], widx - s_start[spell], spell, offset == 0,
                 s_last[spell])


def _municipality(rng: np.random.Generator, munis: _Municipalities, home: np.ndarray,
                  rows: _Rows, weeks: int) -> np.ndarray:
    """Index of each row's municipality: 4 % of the persons move once, at a random week."""
    n = home.size
    moved_to = rng.choice(munis.codes.size, size=n, p=munis.p)
    move_at = np.where(rng.random(n) < 0.04, rng.integers(1, weeks, size=n), weeks)
    p = rows.person
    return np.where(rows.widx >= move_at[p], moved_to[p], home[p])


def _offers(rng: np.random.Generator, model: _Model, munis: _Municipalities, rows: _Rows,
            muni: np.ndarray) -> np.ndarray:
    """Offer code per row (0 = none, else 1 + position in ``_OFFERS``): runs of weeks (about 8 on
    average, a new run at each spell's start) each with or without an offer."""
    brk = rows.first | (rng.random(rows.widx.size) < 1 / 8)
    head = np.flatnonzero(brk)
    state, where = rows.state[head], muni[head]
    p = np.minimum(0.95, model.p_offer[state] * munis.activation[where])
    has = rng.random(head.size) < p
    kind = _draw(model.offer_cum[state], rng.random(head.size))
    return np.where(has, kind + 1, 0)[np.cumsum(brk) - 1].astype(np.int8)


def _conversations(rng: np.random.Generator, model: _Model, munis: _Municipalities,
                   rows: _Rows, muni: np.ndarray) -> np.ndarray:
    """Poisson counts: a high rate in a spell's first two weeks, lower in weeks 2-25, then lower."""
    phase = np.where(rows.pos <= 1, 0, np.where(rows.pos < 26, 1, 2))
    rate = model.conversations[rows.state, phase]
    some = np.flatnonzero(rate > 0)
    out = np.zeros(rate.size, dtype=np.int32)
    out[some] = rng.poisson(rate[some] * munis.talk[muni[some]])
    return out


def _sickness(rng: np.random.Generator, munis: _Municipalities, rows: _Rows,
              muni: np.ndarray) -> np.ndarray:
    """Partial sick leave: about 30 % of sickness spells, from a random week of the spell on."""
    n_spells = int(rows.spell[-1]) + 1 if rows.spell.size else 0
    head = np.flatnonzero(rows.first)
    p = np.minimum(0.9, 0.3 * munis.partial[muni[head]])
    partial = rng.random(n_spells) < p
    from_week = rng.integers(0, 10, size=n_spells)
    return (rows.state == _SYG) & partial[rows.spell] & (rows.pos >= from_week[rows.spell])


def _wages(rng: np.random.Generator, model: _Model, rows: _Rows,
           partial: np.ndarray) -> np.ndarray:
    """Wage hours: in some spells on benefits, in most weeks of them; full time in job rows."""
    n_spells = int(rows.spell[-1]) + 1 if rows.spell.size else 0
    spell_wage = rng.random(n_spells) < model.p_wage[rows.state[np.flatnonzero(rows.first)]]
    week = np.flatnonzero((spell_wage[rows.spell] & (rng.random(rows.widx.size) < 0.6)) | partial)
    hours = np.zeros(rows.widx.size)
    hours[week] = np.round(rng.uniform(3.0, 30.0, size=week.size) * 4) / 4
    hours[rows.state == _S["job"]] = _FULL_TIME_HOURS
    return hours


def _shares(rng: np.random.Generator, rows: _Rows, wage_hours: np.ndarray) -> np.ndarray:
    """Benefit share: partial weeks at a spell's first or last week and now and then; A-dagpenge
    and sickness weeks with wage hours are reduced by them; status rows 1."""
    n = rows.widx.size
    share = np.ones(n)
    edge = np.flatnonzero(((rows.pos == 0) | (rows.widx == rows.last)) & (rng.random(n) < 0.5))
    share[edge] = rng.choice([0.2, 0.4, 0.6, 0.8], size=edge.size)
    odd = np.flatnonzero(rng.random(n) < 0.02)
    share[odd] = rng.uniform(0.05, 1.0, size=odd.size)
    reduced = np.flatnonzero(wage_hours > 0)
    reduced = reduced[np.isin(rows.state[reduced], [_S["adp"], _SYG])]
    share[reduced] = np.clip(1.0 - wage_hours[reduced] / _FULL_TIME_HOURS, 0.05, 1.0)
    share[np.isin(rows.state, _STATUS)] = 1.0
    return share


# --- frames ---------------------------------------------------------------------------------------
class _Codes(NamedTuple):
    """Category lists of the spec and where the generator's states and offers sit in them."""

    groups: list[str]
    offers: list[str]
    state_code: np.ndarray  # state -> position in groups
    offer_code: np.ndarray  # 0 / 1 + offer -> position in offers


def _codes(spec: SpecLike) -> _Codes:
    s = load_spec(spec)
    reg = s.data.get("register") or {}
    groups = [str(g["code"]) for g in reg.get("groups", [])]
    offers = [str(reg.get("no_offer") or "none")] + [str(o["code"]) for o in reg.get("offers", [])]
    missing = [c for c in _STATES[:-1] if c not in groups] + [c for c in _OFFERS if c not in offers]
    if missing:
        raise SpecError(f"synthetic national panel: spec '{s.name}' lacks the register codes "
                        f"{', '.join(missing)} (use the spec 'jobindsats2019' or one with its "
                        "codes)")
    state_code = np.array([groups.index(c) for c in _STATES[:-1]] + [-1], dtype=np.int16)
    offer_code = np.array([0] + [offers.index(c) for c in _OFFERS], dtype=np.int16)
    return _Codes(groups, offers, state_code, offer_code)


_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer", "conversations",
            "partial_sick", "wage_hours")
_Piece = dict  # column -> numpy array; "group" and "offer" hold positions in the spec's lists


def _piece(codes: _Codes, person: np.ndarray, week: np.ndarray, municipality: np.ndarray,
           state: np.ndarray, share: np.ndarray, offer: np.ndarray, conversations: np.ndarray,
           partial: np.ndarray, wage_hours: np.ndarray) -> _Piece:
    """The panel columns of some persons, with the engine's dtypes."""
    return {"person": person.astype(np.int64), "week": week.astype(np.int32),
            "municipality": municipality.astype(np.int32), "group": codes.state_code[state],
            "benefit_share": share.astype(np.float64), "offer": codes.offer_code[offer],
            "conversations": conversations.astype(np.int32), "partial_sick": partial.astype(bool),
            "wage_hours": wage_hours.astype(np.float64)}


def _frame(codes: _Codes, piece: _Piece) -> pd.DataFrame:
    """A piece as a DataFrame: ``group`` and ``offer`` as categoricals of the spec's codes."""
    columns: dict[str, Any] = dict(piece)
    columns["group"] = pd.Categorical.from_codes(piece["group"], categories=codes.groups)
    columns["offer"] = pd.Categorical.from_codes(piece["offer"], categories=codes.offers)
    return pd.DataFrame({name: columns[name] for name in _COLUMNS})


def _random_chunk(k: int, persons: int, seed: int, weeks: np.ndarray, munis: _Municipalities,
                  codes: _Codes) -> _Piece:
    """The first ``persons`` persons of random chunk ``k`` (always drawn whole, so that a panel's
    persons do not depend on how many follow them)."""
    rng = np.random.default_rng([seed, 1, k])
    model = _model()
    home = rng.choice(munis.codes.size, size=CHUNK_PERSONS, p=munis.p)
    spells = _spells(rng, model, munis, home, weeks.size)
    rows = _expand(spells, weeks.size)
    muni = _municipality(rng, munis, home, rows, weeks.size)
    offer = _offers(rng, model, munis, rows, muni)
    offer[np.isin(rows.state, _STATUS)] = 0
    conversations = _conversations(rng, model, munis, rows, muni)
    partial = _sickness(rng, munis, rows, muni)
    wage_hours = _wages(rng, model, rows, partial)
    share = _shares(rng, rows, wage_hours)
    first_id = _FIRST_RANDOM_ID + k * CHUNK_PERSONS
    piece = _piece(codes, first_id + rows.person, weeks[rows.widx], munis.codes[muni], rows.state,
                   share, offer, conversations, partial, wage_hours)
    if persons < CHUNK_PERSONS:
        end = int(np.searchsorted(rows.person, persons))
        piece = {name: column[:end] for name, column in piece.items()}
    return piece


# --- the fixed edge-case persons ------------------------------------------------------------------
#: the fixed persons at the head of every panel: id -> what each shows
EDGE_PERSONS = {
    1: "ressourceforløb through the whole panel: a spell censored at both ends",
    2: "A-dagpenge from the panel's first week (left-censored), then job status rows",
    3: "sickness spell to the panel's last week (right-censored), partial sick leave",
    4: "kontanthjælp jobparat -> aktivitetsparat (inside the aggregate kh), then job status rows",
    5: "uddannelseshjælp uddannelsesparat <-> aktivitetsparat, then education status rows",
    6: "kontanthjælp aktivitetsparat moving from Varde (573) to Vejle (630); rule met",
    7: "kontanthjælp aktivitetsparat starting 10 weeks before the panel's end: window cut",
    8: "kontanthjælp jobparat with a contact-free run of exactly 12 weeks",
    9: "kontanthjælp jobparat with a contact-free run of exactly 13 weeks",
    10: "kontanthjælp aktivitetsparat: first conversation late, 3 in 26 weeks (rule not met)",
    11: "selvforsørgelsesydelse jobparat -> aktivitetsparat -> kontanthjælp aktivitetsparat",
}


def _edge_layout(weeks: int, a: int) -> list[tuple[int, str, int, int, int]]:
    """(person, group, first index, last index, municipality) of each edge person's spells; ``a`` is
    week 05 of the year before the panel's last year."""
    z = weeks - 1
    return [
        (1, "ref", 0, z, 101),
        (2, "adp", 0, 9, 751), (2, "job", 10, 17, 751),
        (3, "syg", z - 7, z, 461),
        (4, "kh_jobparat", a, a + 9, 573), (4, "kh_aktivitetsparat", a + 10, a + 39, 573),
        (4, "job", a + 40, a + 47, 573),
        (5, "uddh_uddparat", a, a + 7, 851), (5, "uddh_aktivitetsparat", a + 8, a + 19, 851),
        (5, "uddh_uddparat", a + 20, a + 25, 851), (5, "education", a + 26, a + 45, 851),
        (6, "kh_aktivitetsparat", a, a + 14, 573), (6, "kh_aktivitetsparat", a + 15, a + 29, 630),
        (7, "kh_aktivitetsparat", z - 9, z, 630),
        (8, "kh_jobparat", a, a + 25, 540),
        (9, "kh_jobparat", a, a + 25, 540),
        (10, "kh_aktivitetsparat", a + 2, a + 31, 561),
        (11, "shy_jobparat", a, a + 11, 157), (11, "shy_aktivitetsparat", a + 12, a + 30, 157),
        (11, "kh_aktivitetsparat", a + 31, a + 50, 157),
    ]


def _edge_events(weeks: int, a: int) -> tuple[dict[tuple[int, int], int], dict]:
    """Conversations and offers of the edge persons: (person, week index) -> count / offer."""
    z = weeks - 1
    talks = {1: range(0, weeks, 8), 2: (2, 6), 3: (z - 4,), 4: (a, a + 4, a + 11, a + 15, a + 20),
             5: (a, a + 9, a + 21), 6: (a, a + 6, a + 12, a + 18), 7: (z - 9,),
             8: (a, a + 13, a + 17, a + 21, a + 25), 9: (a, a + 14, a + 18, a + 22, a + 25),
             10: (a + 4, a + 10, a + 20), 11: (a, a + 12, a + 13, a + 31, a + 32)}
    conversations = {(p, w): 1 for p, ws in talks.items() for w in ws}
    runs = [(1, "vejl", 20, 40), (4, "praktik_priv", a + 25, a + 32), (6, "vejl", a + 3, a + 10),
            (6, "lt_priv", a + 20, a + 27), (11, "nytte", a + 2, a + 8)]
    offers = {(p, w): 1 + _OFFERS.index(kind) for p, kind, lo, hi in runs
              for w in range(lo, hi + 1)}
    return conversations, offers


def _edge_persons(persons: int, weeks: np.ndarray, codes: _Codes) -> _Piece:
    """The fixed persons 1 .. min(persons, len(EDGE_PERSONS))."""
    a = int(np.searchsorted(weeks, (int(weeks[-1]) // 100 - 1) * 100 + 5))
    layout = [s for s in _edge_layout(weeks.size, a) if s[0] <= persons]
    person = np.concatenate([np.full(hi - lo + 1, p) for p, _, lo, hi, _ in layout] or [[]])
    widx = np.concatenate([np.arange(lo, hi + 1) for _, _, lo, hi, _ in layout] or [[]])
    state = np.concatenate([np.full(hi - lo + 1, _S[g]) for _, g, lo, hi, _ in layout] or [[]])
    muni = np.concatenate([np.full(hi - lo + 1, m) for _, _, lo, hi, m in layout] or [[]])
    person, widx, state = person.astype(np.int64), widx.astype(np.int64), state.astype(np.int64)
    talks, offers = _edge_events(weeks.size, a)
    conversations = np.array([talks.get((p, w), 0) for p, w in zip(person, widx)], dtype=np.int32)
    offer = np.array([offers.get((p, w), 0) for p, w in zip(person, widx)], dtype=np.int8)
    partial = (person == 3) & (widx >= weeks.size - 4)
    wage_hours = np.where(state == _S["job"], _FULL_TIME_HOURS, np.where(partial, 15.0, 0.0))
    share = np.where(partial, 1.0 - 15.0 / _FULL_TIME_HOURS, 1.0)
    return _piece(codes, person, weeks[widx], muni, state, share, offer, conversations, partial,
                  wage_hours)


# --- public functions -----------------------------------------------------------------------------
def _weeks(first_year: int, last_year: int) -> np.ndarray:
    if last_year <= first_year:
        raise ValueError(f"synthetic national panel: last_year ({last_year}) must be after "
                         f"first_year ({first_year}): the measurement year needs weeks after it")
    return _panel_weeks(first_year, last_year)


def _pieces(persons: int, first_year: int, last_year: int, seed: int,
            codes: _Codes) -> Iterator[_Piece]:
    """The fixed edge-case persons, then chunks of up to ``CHUNK_PERSONS`` random persons."""
    weeks = _weeks(first_year, last_year)
    yield _edge_persons(persons, weeks, codes)
    munis = _municipalities(seed)
    remaining, k = persons - len(EDGE_PERSONS), 0
    while remaining > 0:
        n = min(CHUNK_PERSONS, remaining)
        yield _random_chunk(k, n, seed, weeks, munis, codes)
        remaining, k = remaining - n, k + 1


def iter_synthetic_national_panel(persons: int, *, first_year: int = 2019, last_year: int = 2022,
                                  seed: int = 1, spec: SpecLike = "jobindsats2019"
                                  ) -> Iterator[pd.DataFrame]:
    """Yield the panel of :func:`synthetic_national_panel` in pieces of whole persons, in order:
    the fixed edge-case persons, then chunks of up to ``CHUNK_PERSONS`` random persons."""
    _weeks(first_year, last_year)
    codes = _codes(spec)
    for piece in _pieces(persons, first_year, last_year, seed, codes):
        yield _frame(codes, piece)


def synthetic_national_panel(persons: int = 20_000, *, first_year: int = 2019,
                             last_year: int = 2022, seed: int = 1,
                             spec: SpecLike = "jobindsats2019") -> pd.DataFrame:
    """A synthetic national person-week panel in the register groups of ``spec`` (see the module
    docstring), ISO years ``first_year`` to ``last_year`` (at least two: the default measurement
    year 2021 of ``jobindsats2019`` needs weeks after it).

    ``persons`` persons: the fixed ones of ``EDGE_PERSONS`` (ids 1, 2, ...), then random persons
    (ids from 1,000,000). Columns ``person`` (int64), ``week`` (int32 YYYYWW), ``municipality``
    (int32 kommunekode), ``group`` and ``offer`` (categoricals of the spec's register codes;
    ``offer`` is ``none`` on status rows), ``benefit_share`` (float64 in (0, 1]; 1 on status rows),
    ``conversations`` (int32), ``partial_sick`` (bool, sickness rows only) and ``wage_hours``
    (float64 >= 0). Sorted by person and week, one row per person-week at most. The same arguments
    always give the same panel.
    """
    _weeks(first_year, last_year)
    codes = _codes(spec)
    pieces = list(_pieces(persons, first_year, last_year, seed, codes))
    whole = {name: np.concatenate([p[name] for p in pieces]) for name in _COLUMNS}
    return _frame(codes, whole)


def _person_cut(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
    """The first persons of ``frame`` whose rows fit in ``rows`` (whole persons only)."""
    person = frame["person"].to_numpy()
    ends = np.flatnonzero(np.append(person[1:] != person[:-1], True)) + 1
    fit = ends[ends <= rows]
    return frame.iloc[: int(fit[-1]) if fit.size else 0]


def synthetic_national_panel_to_ipc(path: str | Path, rows: int, *, seed: int = 1,
                                    first_year: int = 2019, last_year: int = 2022,
                                    spec: SpecLike = "jobindsats2019") -> dict[str, Any]:
    """Write the synthetic national panel to an uncompressed Arrow IPC file, up to ``rows`` rows:
    its first persons, whole, one record batch per piece of :func:`iter_synthetic_national_panel`
    (disjoint, ascending person ranges, so jobbench reads the batches without a copy). Only one
    piece is held in memory. Returns ``{"rows": ..., "persons": ..., "bytes": ...}``;
    ``synthetic_national_panel(persons=result["persons"], ...)`` is the same panel."""
    import pyarrow as pa

    written, persons, writer = 0, 0, None
    pieces = iter_synthetic_national_panel(
        max(1, rows), first_year=first_year, last_year=last_year, seed=seed, spec=spec)
    try:
        for piece in pieces:
            kept = _person_cut(piece, rows - written)
            table = pa.Table.from_pandas(kept, preserve_index=False)
            if writer is None:
                writer = pa.ipc.new_file(str(path), table.schema)
            if len(kept):
                writer.write_table(table)
            written += len(kept)
            persons += int(kept["person"].nunique())
            if len(kept) < len(piece):
                break
    finally:
        if writer is not None:
            writer.close()
    return {"rows": written, "persons": persons, "bytes": Path(path).stat().st_size}
