"""Feeding the benchmark: the indicator frame (2013) or the long measures frame of one period
(today's groups) as the ``person_years``, ``quality`` and ``persons`` inputs."""
from __future__ import annotations

from typing import Mapping, Union

import pandas as pd

from .._errors import InputError
from ..spec import Spec, SpecLike, load_spec

__all__ = ["municipality_names", "person_years_frame", "person_years_from_measures",
           "persons_from_measures", "quality_frame", "quality_from_measures"]

# quality-indicator code suffix in the benchmark spec -> result column
QUALITY_MEASURES = {"samtale": "si", "tilbud": "ti", "virktilbud": "vti", "aktgrad": "ag",
                    "virkaktgrad": "vag", "delvis": "dr", "jobrate": "jr"}


def municipality_names(dataset: str = "benchmark2013") -> dict[int, str]:
    """Municipality code (kommune_nr) -> name of a shipped data set."""
    from ..datasets import load

    ds = load(dataset)
    order = ds.files.get("municipalities")
    if order is None or "kommune_nr" not in order.columns:
        return {}
    return {int(k): str(m) for k, m in zip(order["kommune_nr"], order["municipality"])}


def _names(frame: pd.DataFrame, names: Mapping[int, str] | None) -> pd.Series:
    if names is None:
        return frame["municipality"].astype(str)
    return frame["municipality"].map(lambda m: names.get(int(m), str(m)))


def person_years_frame(result: pd.DataFrame, spec: SpecLike = "benchmark2013",
                       names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``person_years`` input (``municipality, group, person_years``).

    Each register group with a ``benchmark_group`` feeds that base target group; groups mapped to
    the same benchmark group are summed.
    """
    s = load_spec(spec)
    groups = s.data.get("register", {}).get("groups", [])
    target = {g["code"]: g.get("benchmark_group") for g in groups if g.get("benchmark_group")}
    rows = result[(result["kind"] == "group") & result["group"].isin(list(target))]
    out = pd.DataFrame({"municipality": _names(rows, names),
                        "group": rows["group"].map(target), "person_years": rows["py"]})
    out = out.groupby(["municipality", "group"], sort=False, as_index=False)["person_years"].sum()
    return out.reset_index(drop=True)


def quality_frame(result: pd.DataFrame, spec: SpecLike = "benchmark2013",
                  names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``quality`` input (``table, indicator, municipality, value``).

    Every quality indicator of the spec whose scope the register part maps to a unit
    (``register.quality_scopes``) gets its value from that unit's row, in the report tables that
    print it. Percent indicators are fractions, as in the 2013 data set.
    """
    s = load_spec(spec)
    scopes = s.data.get("register", {}).get("quality_scopes", {})
    where: dict[str, list[str]] = {}
    for table_id, table in s.tables.items():
        for row in table.get("rows", []):
            if "indicator" in row:
                where.setdefault(str(row["indicator"]), []).append(str(table_id))
    pieces = []
    indexed = result.set_index(["group"])
    for ind in s.data.get("indicators", []) or []:
        code = str(ind.get("code"))
        scope = ind.get("scope")
        measure = QUALITY_MEASURES.get(code.rsplit(".", 1)[-1])
        unit = scopes.get(scope)
        if measure is None or unit is None or unit not in indexed.index:
            continue
        rows = indexed.loc[[unit]]
        for table_id in where.get(code, []):
            pieces.append(pd.DataFrame({"table": table_id, "indicator": code,
                                        "municipality": _names(rows.reset_index(), names).to_numpy(),
                                        "value": rows[measure].to_numpy()}))
    if not pieces:
        return pd.DataFrame(columns=["table", "indicator", "municipality", "value"])
    return pd.concat(pieces, ignore_index=True)


# -- today's long measures frame (jobbench.register.measures) ------------------------------------
PeriodKey = Union[str, tuple[int, int]]


def _period_rows(measures: pd.DataFrame, period: PeriodKey) -> pd.DataFrame:
    """The rows of one period, chosen by its label ("2021", "2021Q3") or its (first, last) weeks."""
    if isinstance(period, str):
        rows = measures[measures["period"].astype(str) == period]
    else:
        first, last = (int(v) for v in period)
        rows = measures[(measures["first"] == first) & (measures["last"] == last)]
    if rows.empty:
        known = ", ".join(sorted({str(p) for p in measures["period"]})) or "none"
        raise InputError(f"measures: no rows for period {period!r} (periods in the frame: {known})")
    return rows


def _benchmark_groups(spec: SpecLike) -> dict[str, str]:
    """Register group code -> the benchmark's base target group (target groups with a mapping)."""
    groups = load_spec(spec).data.get("register", {}).get("groups", [])
    return {str(g["code"]): str(g["benchmark_group"]) for g in groups if g.get("benchmark_group")}


def _mapped(measures: pd.DataFrame, period: PeriodKey, measure: str, spec: SpecLike,
            names: Mapping[int, str] | None) -> pd.DataFrame:
    """``municipality, group, value`` of one measure in one period, summed per benchmark group."""
    target = _benchmark_groups(spec)
    rows = _period_rows(measures, period)
    rows = rows[(rows["measure"] == measure) & rows["group"].isin(list(target))]
    out = pd.DataFrame({"municipality": _names(rows, names).to_numpy(),
                        "group": rows["group"].map(target).to_numpy(),
                        "value": rows["value"].to_numpy(dtype=float)})
    return out.groupby(["municipality", "group"], sort=False, as_index=False)["value"].sum()


def person_years_from_measures(measures: pd.DataFrame, period: PeriodKey,
                               spec: SpecLike = "jobindsats2019",
                               names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``person_years`` input (``municipality, group, person_years``) of one period.

    ``measures`` is the long frame of :func:`jobbench.register.measures`; its ``py`` rows (full-time
    weeks over the period's weeks) of the register groups with a ``benchmark_group`` feed that base
    target group, summed when several map to one. ``period`` is a label of the frame ("2021",
    "2021Q3") or its ``(first, last)`` weeks. ``names`` maps municipality codes to names.
    """
    out = _mapped(measures, period, "py", spec, names)
    return out.rename(columns={"value": "person_years"}).reset_index(drop=True)


def persons_from_measures(measures: pd.DataFrame, period: PeriodKey,
                          spec: SpecLike = "jobindsats2019",
                          names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Person counts per base target group (``municipality, group, persons``) of one period.

    The ``persons`` rows of the register groups with a ``benchmark_group``: the report's disclosure
    control reads them (``persons=``). Where several register groups map to one target group the
    counts are summed, which counts a person in both at most twice (an upper bound).
    """
    out = _mapped(measures, period, "persons", spec, names)
    return out.rename(columns={"value": "persons"}).reset_index(drop=True)


def quality_from_measures(measures: pd.DataFrame, period: PeriodKey,
                          spec: SpecLike = "jobindsats2019",
                          names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The benchmark's ``quality`` input (``table, indicator, municipality, value``) of one period.

    As :func:`quality_frame`, from the long frame: each quality indicator of the spec takes the
    value of its measure (``si``, ``ti``, ``vti``, ``ag``, ``vag``, ``dr``, ``jr``) in the unit
    its scope maps to (``register.quality_scopes``), in every report table that prints it.
    """
    s = load_spec(spec)
    scopes = s.data.get("register", {}).get("quality_scopes", {})
    rows = _period_rows(measures, period)
    pieces = []
    for code, tables in _indicator_tables(s).items():
        ind = next((i for i in s.data.get("indicators", []) or []
                    if str(i.get("code")) == code), {})
        measure = QUALITY_MEASURES.get(code.rsplit(".", 1)[-1])
        unit = scopes.get(ind.get("scope"))
        if measure is None or unit is None:
            continue
        sel = rows[(rows["measure"] == measure) & (rows["group"] == unit)]
        for table_id in tables:
            pieces.append(pd.DataFrame({"table": table_id, "indicator": code,
                                        "municipality": _names(sel, names).to_numpy(),
                                        "value": sel["value"].to_numpy(dtype=float)}))
    if not pieces:
        return pd.DataFrame(columns=["table", "indicator", "municipality", "value"])
    return pd.concat(pieces, ignore_index=True)


def _indicator_tables(spec: Spec) -> dict[str, list[str]]:
    """Quality indicator code -> the report tables that print it."""
    where: dict[str, list[str]] = {}
    for table_id, table in spec.tables.items():
        for row in table.get("rows", []):
            if "indicator" in row:
                where.setdefault(str(row["indicator"]), []).append(str(table_id))
    return where
