"""Feeding the benchmark: the indicator frame as the ``person_years`` and ``quality`` inputs."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..spec import SpecLike, load_spec

__all__ = ["municipality_names", "person_years_frame", "quality_frame"]

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
