"""Reference implementation of the extended register measures in plain pandas (the tests' oracle).

Written only from the contracts ``shared/specs/extended-indicators.md`` (cited as "ext", items 1-8
and decisions 1-12) and ``shared/specs/register-indicators.md`` (cited as "base", definitions 1-9),
for readability, not speed, and independent of the C++ engine: its own ISO-week arithmetic via
:mod:`datetime`, its own spells and runs. One call computes every period of a list.

Output: one row per period x municipality x unit x measure with the columns ``period``, ``first``,
``last``, ``municipality``, ``group`` (the unit), ``measure``, ``numerator``, ``denominator``,
``value`` (ext decision 10).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["COLUMNS", "SELF_SUPPORTING_UNKNOWN", "iso_index", "iso_week", "measure_names",
           "period_label", "quarter", "reference_measures", "weeks_in_year", "year"]

COLUMNS = ["period", "first", "last", "municipality", "group", "measure", "numerator",
           "denominator", "value"]
SELF_SUPPORTING_UNKNOWN = "self_supporting_unknown"
_MONDAY_1970W01 = dt.date(1969, 12, 29)
NAN = float("nan")


# --- ISO weeks (base "Input": a continuous week index by the ISO calendar) -----------------------

def iso_index(week: int) -> int:
    """Week index of ``YYYYWW`` (1970W01 = 0); ``k`` weeks later is index + k."""
    monday = dt.date.fromisocalendar(int(week) // 100, int(week) % 100, 1)
    return (monday - _MONDAY_1970W01).days // 7


def iso_week(index: int) -> int:
    """``YYYYWW`` of a week index (inverse of :func:`iso_index`)."""
    iso = (_MONDAY_1970W01 + dt.timedelta(weeks=int(index))).isocalendar()
    return iso[0] * 100 + iso[1]


def weeks_in_year(year_: int) -> int:
    """52 or 53: the ISO week of 28 December."""
    return dt.date(year_, 12, 28).isocalendar()[1]


def year(year_: int) -> tuple[int, int]:
    """ISO weeks 01..52/53 of ISO year ``year_`` (ext "Periods")."""
    return year_ * 100 + 1, year_ * 100 + weeks_in_year(year_)


def quarter(year_: int, q: int) -> tuple[int, int]:
    """The ISO weeks whose Thursday lies in calendar quarter ``q`` of ``year_`` (ext "Periods")."""
    start = dt.date(year_, 3 * q - 2, 1)
    end = (dt.date(year_ + 1, 1, 1) if q == 4 else dt.date(year_, 3 * q + 1, 1)) \
        - dt.timedelta(days=1)
    first_thursday = start + dt.timedelta(days=(3 - start.weekday()) % 7)
    last_thursday = end - dt.timedelta(days=(end.weekday() - 3) % 7)
    first_iso, last_iso = first_thursday.isocalendar(), last_thursday.isocalendar()
    return first_iso[0] * 100 + first_iso[1], last_iso[0] * 100 + last_iso[1]


def period_label(first: int, last: int) -> str:
    """``YYYYQn``, ``YYYY`` or ``FIRST-LAST`` (ext decision 11)."""
    iso_year = first // 100
    if (first, last) == year(iso_year):
        return str(iso_year)
    thursday = dt.date.fromisocalendar(iso_year, first % 100, 4)
    q = (thursday.month - 1) // 3 + 1
    if (first, last) == quarter(thursday.year, q):
        return f"{thursday.year}Q{q}"
    return f"{first}-{last}"


# --- the spec ------------------------------------------------------------------------------------

@dataclass
class _Spec:
    """The parts of the ``"register"`` object the measures read (ext decision 1)."""

    groups: list[str]
    status: set[str]
    sickness: set[str]
    offers: list[str]
    company: set[str]
    categories: dict[str, set[str]]
    no_offer: str
    total: str
    units: list[str] = field(default_factory=list)
    members: dict[str, set[str]] = field(default_factory=dict)
    rules: dict[str, dict[str, int]] = field(default_factory=dict)


def _parse_spec(register: dict[str, Any]) -> _Spec:
    """Units: target base groups, aggregates, total; status groups never units or members."""
    groups = [g["code"] for g in register["groups"]]
    status = {g["code"] for g in register["groups"] if g.get("self_supporting")}
    spec = _Spec(
        groups=groups, status=status,
        sickness={g["code"] for g in register["groups"] if g.get("sickness") and
                  g["code"] not in status},
        offers=[o["code"] for o in register["offers"]],
        company={o["code"] for o in register["offers"] if o.get("company_directed")},
        categories={c["code"]: set(c["offers"]) for c in register.get("offer_categories", [])},
        no_offer=register.get("no_offer", "none"),
        total=register.get("total", {}).get("code", "total"))
    for g in register["groups"]:
        if g.get("target") and g["code"] not in status:
            _add_unit(spec, g["code"], {g["code"]}, g.get("conversation_rule"))
    for a in register.get("aggregates", []):
        _add_unit(spec, a["code"], set(a["groups"]) - status, a.get("conversation_rule"))
    target = {g["code"] for g in register["groups"] if g.get("target")} - status
    _add_unit(spec, spec.total, target, register.get("total", {}).get("conversation_rule"))
    return spec


def _add_unit(spec: _Spec, code: str, members: set[str], rule: dict[str, int] | None) -> None:
    """Register a unit, its member benefit groups and its own conversation rule (decision 9)."""
    spec.units.append(code)
    spec.members[code] = members
    if rule is not None:
        spec.rules[code] = rule


def measure_names(register: dict[str, Any], unit: str, *, wage_hours: bool) -> list[str]:
    """The measures of one unit, in the order of the brief (ext decisions 3, 4, 6, 9)."""
    spec = _parse_spec(register)
    names = ["fw", "py", "persons", "si", "ag", "vag", "ti", "vti", "jr", "dr"]
    names += [f"activated:{c}" for c in
              spec.offers + ["any", "company_directed"] + list(spec.categories)]
    names += ["passive"]
    if wage_hours:
        names += ["wage_hours_persons", "wage_hours_per_fw"]
    names += [f"status:{d}" for d in spec.groups + [SELF_SUPPORTING_UNKNOWN]]
    names += ["duration_mean", "duration_median", "duration_share_52w"]
    if unit in spec.rules:
        names += ["timely_first", "timely_window"]
    return names + ["spells_left_censored", "spells_right_censored"]


# --- the panel -----------------------------------------------------------------------------------

def _prepare(panel: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    """Plain columns, week index ``idx``, flags ``benefit`` and ``new_offer``; sorted by person."""
    n = len(panel)
    if n == 0:
        raise ValueError("register panel: no rows")
    df = pd.DataFrame({
        "person": panel["person"].astype(np.int64).to_numpy(),
        "week": panel["week"].astype(np.int64).to_numpy(),
        "municipality": panel["municipality"].astype(np.int64).to_numpy(),
        "group": panel["group"].astype(str).to_numpy(),
        "share": panel["benefit_share"].astype(float).to_numpy(),
        "offer": panel["offer"].astype(str).to_numpy(),
        "conv": (panel["conversations"].astype(np.int64).to_numpy()
                 if "conversations" in panel else np.zeros(n, np.int64)),
        "partial": (panel["partial_sick"].astype(bool).to_numpy()
                    if "partial_sick" in panel else np.zeros(n, bool)),
        "wage": (panel["wage_hours"].astype(float).to_numpy()
                 if "wage_hours" in panel else np.zeros(n)),
    })
    table = {w: iso_index(w) for w in pd.unique(df["week"])}
    df["idx"] = df["week"].map(table).astype(np.int64)
    df["benefit"] = ~df["group"].isin(spec.status)
    _validate(df, spec)
    df = df.sort_values(["person", "idx"], kind="stable").reset_index(drop=True)
    df["new_offer"] = _new_offers(df, spec)
    return df


def _validate(df: pd.DataFrame, spec: _Spec) -> None:
    """The bad-input rules the oracle needs (ext decision 12, "Panel additions")."""
    if df.duplicated(["person", "idx"]).any():
        raise ValueError("register panel: duplicate person-weeks")
    if not df["group"].isin(spec.groups).all():
        raise ValueError("register panel: group code not in the spec")
    if not df["offer"].isin(spec.offers + [spec.no_offer]).all():
        raise ValueError("register panel: offer code not in the spec")
    if (~df["benefit"] & (df["offer"] != spec.no_offer)).any():
        raise ValueError("register panel: status row with an offer other than none")
    share = df.loc[df["benefit"], "share"]
    if not ((share > 0) & (share <= 1)).all():
        raise ValueError("register panel: benefit share outside (0, 1]")
    if (df["conv"] < 0).any():
        raise ValueError("register panel: negative conversations")
    if not (df["wage"] >= 0).all():  # NaN fails too
        raise ValueError("register panel: wage_hours negative or missing")


def _new_offers(df: pd.DataFrame, spec: _Spec) -> np.ndarray:
    """Base 6 / ext decision 2: a row with an offer starts one when the person's latest earlier
    row with an offer is missing, of another type, or at least 5 weeks earlier. ``df`` is sorted
    by person and week; status rows never carry an offer, so they are weeks without one."""
    new = np.zeros(len(df), bool)
    previous: dict[int, tuple[int, str]] = {}
    for pos, (person, idx, offer) in enumerate(zip(df["person"], df["idx"], df["offer"])):
        if offer == spec.no_offer:
            continue
        q = previous.get(person)
        new[pos] = q is None or q[1] != offer or idx - q[0] >= 5
        previous[person] = (idx, offer)
    return new


# --- tables of numpy columns --------------------------------------------------------------------

class _Table(dict[str, np.ndarray]):
    """Columns of equal length; cheap row selection for the many small cells."""

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(next(iter(self.values())))

    def where(self, mask: np.ndarray) -> _Table:
        """The rows where ``mask`` is true, in the same order."""
        return _Table({k: v[mask] for k, v in self.items()})

    @staticmethod
    def of(frame: pd.DataFrame) -> _Table:
        """The columns of ``frame`` as numpy arrays."""
        return _Table({c: frame[c].to_numpy() for c in frame.columns})


def _distinct(values: np.ndarray) -> int:
    """Number of distinct values (persons)."""
    return len(np.unique(values))


# --- spells (ext item 4) -------------------------------------------------------------------------

def _run_ids(keys: list[np.ndarray], idx: np.ndarray) -> np.ndarray:
    """Run number of each row of a frame sorted by ``keys`` then ``idx``: a run is a maximal
    stretch of consecutive week indices with the same keys."""
    run = np.zeros(len(idx), np.int64)
    for pos in range(1, len(idx)):
        same = all(k[pos] == k[pos - 1] for k in keys) and idx[pos] == idx[pos - 1] + 1
        run[pos] = run[pos - 1] + (0 if same else 1)
    return run


def _spells(rows: pd.DataFrame, rule: dict[str, int] | None, state_at: dict[tuple[int, int], str],
            status_weeks: int) -> _Table:
    """One line per spell of the unit whose benefit rows are ``rows`` (any municipality).

    Columns: person, first, last, length, muni_first, muni_last, dest (the group at last + k,
    ext item 5) and with a conversation rule conv_first (conversations at index <= s +
    first_within) and conv_window (at index <= s + window - 1), ext "Item 7 in index terms".
    """
    rows = rows.sort_values(["person", "idx"])
    run = _run_ids([rows["person"].to_numpy()], rows["idx"].to_numpy())
    rows = rows.assign(run=run)
    spells = rows.groupby("run").agg(
        person=("person", "first"), first=("idx", "first"), last=("idx", "last"),
        muni_first=("municipality", "first"), muni_last=("municipality", "last"))
    spells["length"] = spells["last"] - spells["first"] + 1
    spells["dest"] = [state_at.get((p, last + status_weeks), SELF_SUPPORTING_UNKNOWN)
                      for p, last in zip(spells["person"], spells["last"])]
    if rule is not None:
        start = spells["first"].reindex(rows["run"]).to_numpy()
        early = rows["idx"].to_numpy() <= start + rule["first_within"]
        window = rows["idx"].to_numpy() <= start + rule["window"] - 1
        spells["conv_first"] = rows["conv"].where(early, 0).groupby(rows["run"]).sum()
        spells["conv_window"] = rows["conv"].where(window, 0).groupby(rows["run"]).sum()
    return _Table.of(spells.reset_index(drop=True))


def _sickness_rows(benefit: pd.DataFrame, groups: set[str]) -> _Table:
    """Rows of the sickness groups with their spell (base 9: a maximal run of consecutive weeks
    of one person in one sickness group) and whether that spell has partial sick leave anywhere;
    sorted by person, group and week."""
    rows = benefit[benefit["group"].isin(groups)].sort_values(["person", "group", "idx"])
    run = _run_ids([rows["person"].to_numpy(), rows["group"].to_numpy()], rows["idx"].to_numpy())
    rows = rows.assign(run=run)
    rows = rows.assign(spell_partial=rows.groupby("run")["partial"].transform("any"))
    return _Table.of(rows[["run", "idx", "municipality", "spell_partial"]])


# --- one cell ------------------------------------------------------------------------------------

Measure = tuple[str, float, float, float]  # name, numerator, denominator, value


def _share(name: str, num: float, den: float) -> Measure:
    """Ext decision 10: value = numerator / denominator, NaN when the denominator is 0."""
    return name, float(num), float(den), (float(num) / float(den) if den != 0 else NAN)


def _count(name: str, count: float) -> Measure:
    """Ext decision 10: a count is numerator and value; its denominator is NaN."""
    return name, float(count), NAN, float(count)


@dataclass
class _Cell:
    """Inputs of one period x municipality x unit."""

    unit: str
    municipality: int
    p0: int
    p1: int
    rows: _Table                # benefit rows of the unit's members, municipality, in P
    e_rows: _Table              # the same in E = P - 13 weeks (base 8)
    sick: _Table                # sickness rows of the unit's sickness members (all weeks)
    spells: _Table              # all spells of the unit (any municipality)


def _base_measures(cell: _Cell, benefit_weeks: set[tuple[int, int]],
                   spec: _Spec) -> list[Measure]:
    """fw .. dr: the nine 2013 indicators with status rows left out (base 1-9, ext decision 2)."""
    rows, e = cell.rows, cell.e_rows
    fw = float(rows["share"].sum())
    weeks = cell.p1 - cell.p0 + 1
    py = fw / weeks
    active = rows["offer"] != spec.no_offer
    company = np.isin(rows["offer"], list(spec.company))
    starts = rows["new_offer"]
    self_after = np.array([(p, i + 13) not in benefit_weeks for p, i in zip(e["person"], e["idx"])],
                          bool)
    spells_partial, spells = _sickness_counts(cell)
    return [_count("fw", fw), _share("py", fw, weeks), _count("persons", _distinct(rows["person"])),
            _share("si", 13 * rows["conv"].sum(), fw),
            _share("ag", rows["share"][active].sum(), fw),
            _share("vag", rows["share"][company].sum(), fw),
            _share("ti", starts.sum(), py), _share("vti", (starts & company).sum(), py),
            _share("jr", e["share"][self_after].sum(), e["share"].sum()),
            _share("dr", spells_partial, spells)]


def _sickness_counts(cell: _Cell) -> tuple[int, int]:
    """Base 9 / ext decision 2: spells with a week in P, each for the municipality of its first
    week inside P; (spells with partial sick leave, spells)."""
    in_p = cell.sick.where((cell.sick["idx"] >= cell.p0) & (cell.sick["idx"] <= cell.p1))
    run = in_p["run"]
    first_in_p = np.r_[True, run[1:] != run[:-1]] if len(run) else np.zeros(0, bool)
    mine = first_in_p & (in_p["municipality"] == cell.municipality)
    return int(in_p["spell_partial"][mine].sum()), int(mine.sum())


def _activation_measures(cell: _Cell, spec: _Spec) -> list[Measure]:
    """activated:<c> (ext item 2, decision 4): persons with a row whose offer lies in c / N."""
    rows = cell.rows
    n = _distinct(rows["person"])
    categories: list[tuple[str, set[str]]] = [(o, {o}) for o in spec.offers]
    categories += [("any", set(spec.offers)), ("company_directed", spec.company)]
    categories += list(spec.categories.items())
    return [_share(f"activated:{code}",
                   _distinct(rows["person"][np.isin(rows["offer"], list(offers))]), n)
            for code, offers in categories]


def _passive(cell: _Cell, passive_weeks: int, no_offer: str) -> Measure:
    """Ext item 8 / decision 3: persons with a run of >= L consecutive weeks inside P, each with
    a row of the cell with offer none and no conversation, / N. Cell rows are sorted by person
    and week."""
    rows = cell.rows
    free = rows.where((rows["offer"] == no_offer) & (rows["conv"] == 0))
    run = _run_ids([free["person"]], free["idx"])
    runs, lengths = np.unique(run, return_counts=True)
    long_runs = runs[lengths >= passive_weeks]
    passive = _distinct(free["person"][np.isin(run, long_runs)])
    return _share("passive", passive, _distinct(rows["person"]))


def _wage_measures(cell: _Cell) -> list[Measure]:
    """Ext item 3 / decision 5: persons with wage_hours > 0 in a row of the cell / N; sum of the
    wage hours of the cell's rows (not weighted) / FW."""
    rows = cell.rows
    persons = _distinct(rows["person"][rows["wage"] > 0])
    return [_share("wage_hours_persons", persons, _distinct(rows["person"])),
            _share("wage_hours_per_fw", rows["wage"].sum(), rows["share"].sum())]


def _ending(cell: _Cell, panel_last: int) -> _Table:
    """Spells ending in P (last week in P, not right-censored), by the municipality of their
    last week (ext items 4, 5)."""
    s = cell.spells
    return s.where((s["last"] >= cell.p0) & (s["last"] <= cell.p1) & (s["last"] != panel_last)
                   & (s["muni_last"] == cell.municipality))


def _starting(cell: _Cell) -> _Table:
    """Spells starting in P, by the municipality of their first week (ext item 4)."""
    s = cell.spells
    return s.where((s["first"] >= cell.p0) & (s["first"] <= cell.p1)
                   & (s["muni_first"] == cell.municipality))


def _status_measures(ending: _Table, spec: _Spec) -> list[Measure]:
    """status:<d> (ext item 5, decision 6): share of the ending spells per destination."""
    return [_share(f"status:{d}", int((ending["dest"] == d).sum()), ending.n)
            for d in spec.groups + [SELF_SUPPORTING_UNKNOWN]]


def _duration_measures(ending: _Table, panel_first: int) -> list[Measure]:
    """Ext item 6 / decision 8: ending spells that are not left-censored; mean, median, >= 52."""
    lengths = ending["length"][ending["first"] != panel_first].astype(np.int64)
    n = len(lengths)
    median = float(np.median(lengths)) if n else NAN
    return [_share("duration_mean", int(lengths.sum()), n),
            ("duration_median", NAN, float(n), median),
            _share("duration_share_52w", int((lengths >= 52).sum()), n)]


def _timely_measures(starting: _Table, rule: dict[str, int], panel_first: int,
                     panel_last: int) -> list[Measure]:
    """Ext item 7, "Item 7 in index terms", decision 9. Spells starting in P, not left-censored.
    First: judged when ended (not right-censored) or the panel reaches s + first_within; counted
    when a row at index <= s + first_within has a conversation. Window: spells lasting >= window
    weeks; counted when their conversations at index <= s + window - 1 sum to >= the minimum."""
    s = starting.where(starting["first"] != panel_first)
    ended = s["last"] != panel_last
    judged = s.where(ended | (s["first"] + rule["first_within"] <= panel_last))
    long_enough = s.where(s["length"] >= rule["window"])
    return [_share("timely_first", int((judged["conv_first"] > 0).sum()), judged.n),
            _share("timely_window",
                   int((long_enough["conv_window"] >= rule["min_conversations"]).sum()),
                   long_enough.n)]


def _censoring_measures(cell: _Cell, panel_first: int, panel_last: int) -> list[Measure]:
    """Ext decision 7: left = spells with last week in P (municipality of the last week) whose
    first week is the panel's first; right = spells with first week in P (municipality of the
    first week) whose last week is the panel's last."""
    s = cell.spells
    ends = s.where((s["last"] >= cell.p0) & (s["last"] <= cell.p1)
                   & (s["muni_last"] == cell.municipality))
    starts = _starting(cell)
    return [_count("spells_left_censored", int((ends["first"] == panel_first).sum())),
            _count("spells_right_censored", int((starts["last"] == panel_last).sum()))]


def _cell_measures(cell: _Cell, spec: _Spec, benefit_weeks: set[tuple[int, int]],
                   has_wage: bool, passive_weeks: int, panel: tuple[int, int]) -> list[Measure]:
    """Every measure of one cell, in the order of :func:`measure_names`."""
    panel_first, panel_last = panel
    measures = _base_measures(cell, benefit_weeks, spec)
    measures += _activation_measures(cell, spec)
    measures.append(_passive(cell, passive_weeks, spec.no_offer))
    if has_wage:
        measures += _wage_measures(cell)
    ending = _ending(cell, panel_last)
    measures += _status_measures(ending, spec)
    measures += _duration_measures(ending, panel_first)
    if cell.unit in spec.rules:
        measures += _timely_measures(_starting(cell), spec.rules[cell.unit], panel_first,
                                     panel_last)
    return measures + _censoring_measures(cell, panel_first, panel_last)


# --- the whole call ------------------------------------------------------------------------------

def _period_bounds(period: tuple[int, int], panel_last: int, status_weeks: int) -> tuple[int, int]:
    """Week indices of P; ext item 5 / decision 12: the panel must reach last(P) + k."""
    first, last = (int(w) for w in period)
    p0, p1 = iso_index(first), iso_index(last)
    if p1 < p0:
        raise ValueError(f"period {first}-{last}: the last week lies before the first")
    if p1 + status_weeks > panel_last:
        raise ValueError(f"period {first}-{last}: the panel does not reach {status_weeks} weeks "
                         f"past the period (it ends in {iso_week(panel_last)})")
    return p0, p1


def reference_measures(panel: pd.DataFrame, periods: list[tuple[int, int]],
                       register: dict[str, Any], *, status_weeks: int = 4,
                       passive_weeks: int = 13) -> pd.DataFrame:
    """Every measure of every period x municipality x unit (ext decision 1) as a long frame."""
    if status_weeks < 0 or passive_weeks < 1:
        raise ValueError("status_weeks must be >= 0 and passive_weeks >= 1")
    spec = _parse_spec(register)
    df = _prepare(panel, spec)
    has_wage = "wage_hours" in panel.columns
    panel_first, panel_last = int(df["idx"].min()), int(df["idx"].max())
    bounds = [_period_bounds(p, panel_last, status_weeks) for p in periods]
    municipalities = sorted(int(m) for m in df["municipality"].unique())
    benefit = df[df["benefit"]]
    benefit_weeks = set(zip(benefit["person"], benefit["idx"]))
    state_at = dict(zip(zip(df["person"], df["idx"]), df["group"]))
    spells = {u: _spells(benefit[benefit["group"].isin(spec.members[u])], spec.rules.get(u),
                         state_at, status_weeks) for u in spec.units}
    sick = {u: _sickness_rows(benefit, spec.members[u] & spec.sickness) for u in spec.units}
    rows = _Table.of(benefit)  # sorted by person and week
    of_unit = {u: np.isin(rows["group"], list(spec.members[u])) for u in spec.units}
    out: list[dict[str, Any]] = []
    for (first, last), (p0, p1) in zip(periods, bounds):
        label = period_label(int(first), int(last))
        in_p = (rows["idx"] >= p0) & (rows["idx"] <= p1)
        in_e = (rows["idx"] >= p0 - 13) & (rows["idx"] <= p1 - 13)
        for m in municipalities:
            of_m = rows["municipality"] == m
            for unit in spec.units:
                mine = of_m & of_unit[unit]
                cell = _Cell(unit, m, p0, p1, rows=rows.where(mine & in_p),
                             e_rows=rows.where(mine & in_e), sick=sick[unit], spells=spells[unit])
                out += [{"period": label, "first": int(first), "last": int(last),
                         "municipality": m, "group": unit, "measure": name, "numerator": num,
                         "denominator": den, "value": value}
                        for name, num, den, value in _cell_measures(
                            cell, spec, benefit_weeks, has_wage, passive_weeks,
                            (panel_first, panel_last))]
    result = pd.DataFrame(out, columns=COLUMNS)
    return result.astype({"first": np.int64, "last": np.int64, "municipality": np.int64,
                          "numerator": float, "denominator": float, "value": float})
