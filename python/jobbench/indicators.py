"""Person-years and quality indicators from person-week register data.

The definitions are in ``docs/register-indicators.md``; the computation is the C++ engine
(``jobbench._core.register_*``). This module only turns pandas / pyarrow columns into the engine's
arrays (category and dictionary columns become integer codes, numeric columns are passed without a
copy; no per-row Python) and the engine's result into a tidy DataFrame::

    import jobbench
    panel = jobbench.synthetic_panel(persons=20_000, seed=1)
    ind = jobbench.indicators(panel)                      # default period 2012W27-2013W26
    ind.query("group == 'jc'")[["municipality", "py", "si", "ti", "jr"]]
    jobbench.indicators_person_years(ind)                 # the benchmark's person_years input
    jobbench.indicators_quality(ind)                      # the benchmark's quality input
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, SpecError
from .spec import Spec, SpecLike, load_spec

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

__all__ = ["PANEL_COLUMNS", "RegisterWarning", "indicators", "register_spec", "accumulate_partial",
           "finalize_partials", "person_years_frame", "quality_frame", "from_wide",
           "municipality_names", "SELF_SUPPORTING", "OTHER_SUPPORT", "INDICATOR_COLUMNS"]

PANEL_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer", "conversations",
                 "partial_sick")
REQUIRED_COLUMNS = ("person", "week", "municipality", "group", "benefit_share", "offer")
INDICATOR_COLUMNS = ("fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr")
COUNT_COLUMNS = ("rows", "persons", "conversations", "new_offers", "new_company_offers", "e_rows",
                 "e_persons", "e_self_rows", "spells", "spells_partial")
SUM_COLUMNS = ("active_fw", "company_fw", "e_fw", "e_self_fw")
# quality-indicator code suffix in the benchmark spec -> result column
QUALITY_MEASURES = {"samtale": "si", "tilbud": "ti", "virktilbud": "vti", "aktgrad": "ag",
                    "virkaktgrad": "vag", "delvis": "dr", "jobrate": "jr"}

SELF_SUPPORTING = "self-supporting"
OTHER_SUPPORT = "other public support"

TableLike = Union[pd.DataFrame, "pa.Table", "pa.RecordBatch"]
Period = Union[tuple[int, int], Sequence[int], None]


class RegisterWarning(UserWarning):
    """Something the indicators should be read with (e.g. left-censored new offers)."""


# --- spec ----------------------------------------------------------------------------------------

def register_spec(spec: SpecLike = "benchmark2013") -> Any:
    """The ``"register"`` part of a benchmark spec as a ``_core.RegisterSpec``."""
    s = load_spec(spec)
    if "register" not in s.data:
        raise SpecError(f"spec '{s.name}': no \"register\" object (groups and offer types of the "
                        "person-week panel; see docs/register-indicators.md)")
    return _core.RegisterSpec.from_json_string(json.dumps(s.data, ensure_ascii=False))


def _period(period: Period, core_spec: Any) -> tuple[int, int]:
    if period is None:
        first, last = core_spec.period
        return int(first), int(last)
    if isinstance(period, str) or len(period) != 2:
        raise InputError(f"period: expected (first_week, last_week) as YYYYWW integers, got {period!r}")
    return int(period[0]), int(period[1])


# --- column conversion ---------------------------------------------------------------------------

def _int_array(values: Any, name: str, dtype: Any) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise InputError(f"register panel row {int(np.flatnonzero(np.isnan(arr))[0])}: missing value "
                         f"in column '{name}'")
    if arr.dtype.kind not in "iub":
        raise InputError(f"register panel: column '{name}' must hold integers (got {arr.dtype})")
    return np.ascontiguousarray(arr, dtype=dtype)


def _pandas_column(frame: pd.DataFrame, name: str, kind: str, spec: Any) -> Any:
    col = frame[name]
    if kind == "codes":
        return _pandas_codes(col, name, spec)
    if kind == "float":
        arr = col.to_numpy(dtype=np.float64, na_value=np.nan) if col.hasnans else col.to_numpy()
        return np.ascontiguousarray(arr, dtype=np.float64)
    if kind == "bool":
        if col.hasnans:
            raise InputError(f"register panel row {int(np.flatnonzero(col.isna().to_numpy())[0])}: "
                             f"missing value in column '{name}'")
        return np.ascontiguousarray(col.to_numpy(), dtype=np.bool_)
    if col.hasnans:
        raise InputError(f"register panel row {int(np.flatnonzero(col.isna().to_numpy())[0])}: "
                         f"missing value in column '{name}'")
    return _int_array(col.to_numpy(), name, np.int64 if kind == "int64" else np.int32)


def _spec_categories(name: str, spec: Any) -> list[str]:
    if name == "group":
        return list(spec.group_codes)
    return [spec.no_offer] + list(spec.offer_codes)


def _pandas_codes(col: pd.Series, name: str, spec: Any) -> tuple[np.ndarray, list[str]]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        cat = col.array
        return np.ascontiguousarray(cat.codes), [str(c) for c in cat.categories]
    if pd.api.types.is_integer_dtype(col.dtype) and not col.hasnans:
        # integer codes: positions in the spec's list (offer: 0 = none, k = k-th offer type)
        codes = col.to_numpy()
        if codes.dtype.itemsize == 8:
            codes = codes.astype(np.int32)
        return np.ascontiguousarray(codes), _spec_categories(name, spec)
    cat = pd.Categorical(col)
    return np.ascontiguousarray(cat.codes), [str(c) for c in cat.categories]


def _arrow_array(chunk: Any, name: str, kind: str, spec: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind == "codes":
        if pa.types.is_dictionary(chunk.type):
            indices = chunk.indices
            if indices.null_count:
                indices = pc.fill_null(indices, -1)
            codes = indices.to_numpy(zero_copy_only=False)
            if codes.dtype.itemsize == 8:
                codes = codes.astype(np.int32)
            return np.ascontiguousarray(codes), [str(c) for c in chunk.dictionary.to_pylist()]
        if pa.types.is_integer(chunk.type) and chunk.null_count == 0:
            codes = chunk.to_numpy()
            if codes.dtype.itemsize == 8:
                codes = codes.astype(np.int32)
            return np.ascontiguousarray(codes), _spec_categories(name, spec)
        encoded = pc.dictionary_encode(chunk)
        return _arrow_array(encoded, name, kind, spec)
    if chunk.null_count:
        first = int(np.flatnonzero(chunk.is_null().to_numpy(zero_copy_only=False))[0])
        raise InputError(f"register panel row {first}: missing value in column '{name}'")
    if kind == "bool":
        return np.ascontiguousarray(chunk.to_numpy(zero_copy_only=False), dtype=np.bool_)
    arr = chunk.to_numpy(zero_copy_only=False)
    if kind == "float":
        return np.ascontiguousarray(arr, dtype=np.float64)
    return _int_array(arr, name, np.int64 if kind == "int64" else np.int32)


_KINDS = {"person": "int64", "week": "int32", "municipality": "int32", "group": "codes",
          "offer": "codes", "benefit_share": "float", "conversations": "int32", "partial_sick": "bool"}


def _require(columns: Iterable[str]) -> None:
    have = list(columns)
    for c in REQUIRED_COLUMNS:
        if c not in have:
            raise InputError(f"register panel: missing required column '{c}' (columns present: "
                             f"{', '.join(map(str, have)) or 'none'}; see docs/register-indicators.md)")


def _accumulate_arrays(spec: Any, get: Any, present: Sequence[str], period: tuple[int, int],
                       threads: int, drop_invalid: bool) -> Any:
    cols = {name: get(name, _KINDS[name]) for name in PANEL_COLUMNS if name in present}
    g_codes, g_cats = cols["group"]
    o_codes, o_cats = cols["offer"]
    return _core.register_accumulate(
        spec, cols["person"], cols["week"], cols["municipality"], g_codes, g_cats, o_codes, o_cats,
        cols["benefit_share"], cols.get("conversations"), cols.get("partial_sick"),
        period_first=period[0], period_last=period[1], threads=threads, drop_invalid=drop_invalid)


def accumulate_partial(table: TableLike, period: Period = None, spec: SpecLike = "benchmark2013", *,
                       threads: int = 0, drop_invalid: bool = False) -> Any:
    """Validate and accumulate one person-aligned piece of a panel (no coverage check).

    Partials of disjoint sets of persons combine exactly with :func:`finalize_partials`; this is
    what :mod:`jobbench.dask` runs on every partition.
    """
    core = spec if isinstance(spec, _core.RegisterSpec) else register_spec(spec)
    per = _period(period, core)
    return _partials(table, core, per, threads, drop_invalid)


def _partials(table: TableLike, core: Any, per: tuple[int, int], threads: int,
              drop_invalid: bool) -> Any:
    if isinstance(table, pd.DataFrame):
        _require(table.columns)
        return _accumulate_arrays(core, lambda n, k: _pandas_column(table, n, k, core),
                                  list(table.columns), per, threads, drop_invalid)
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise InputError(f"register panel: expected a pandas DataFrame or pyarrow Table, got "
                         f"{type(table).__name__}") from None
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise InputError(f"register panel: expected a pandas DataFrame or pyarrow Table, got "
                         f"{type(table).__name__}")
    _require(table.column_names)
    names = table.column_names
    batches = table.to_batches()
    if len(batches) <= 1:
        batch = batches[0] if batches else table.combine_chunks().to_batches()
        if not batches:
            return _accumulate_arrays(core, lambda n, k: _arrow_array(table.column(n).combine_chunks(), n, k, core),
                                      names, per, threads, drop_invalid)
        return _accumulate_arrays(core, lambda n, k: _arrow_array(batch.column(n), n, k, core),
                                  names, per, threads, drop_invalid)
    # Several record batches: accumulate each without copying and merge - exact when the batches
    # hold disjoint, ascending ranges of persons (as written by synthetic_panel / sorted extracts).
    parts = []
    offset = 0
    for k, batch in enumerate(batches):
        try:
            parts.append(_accumulate_arrays(core, lambda n, kind: _arrow_array(batch.column(n), n, kind, core),
                                            names, per, threads, drop_invalid))
        except InputError as exc:
            raise InputError(f"record batch {k} (table rows {offset}-{offset + batch.num_rows - 1}; "
                             f"row numbers are within the batch): {exc}") from None
        offset += batch.num_rows
    used = [p for p in parts if p.used_rows > 0]
    aligned = all(a.max_person < b.min_person for a, b in zip(used, used[1:]))
    if not aligned:
        # persons span batches: one contiguous copy of the columns, computed as one piece
        del parts
        whole = table.combine_chunks()
        return _accumulate_arrays(core, lambda n, kind: _arrow_array(whole.column(n).chunk(0), n, kind, core),
                                  names, per, threads, drop_invalid)
    return _core.register_merge(parts)


# --- result --------------------------------------------------------------------------------------

def finalize_partials(partial: Any, spec: SpecLike = "benchmark2013", *, check_coverage: bool = True,
                      names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Turn a (merged) partial into the tidy indicator frame (see :func:`indicators`)."""
    core = spec if isinstance(spec, _core.RegisterSpec) else register_spec(spec)
    if isinstance(partial, (list, tuple)):
        partial = _core.register_merge(list(partial))
    out = _core.register_finalize(core, partial, check_coverage=check_coverage)
    cols = out["columns"]
    units = np.asarray(out["unit_codes"], dtype=object)
    kinds = np.asarray(out["unit_kinds"], dtype=object)
    unit = cols.pop("unit")
    muni = cols.pop("municipality")
    frame = pd.DataFrame({"municipality": muni, "group": units[unit], "kind": kinds[unit]})
    if names is not None:
        frame.insert(1, "municipality_name", [names.get(int(m), str(m)) for m in muni])
    ordered = ["rows", "persons", *INDICATOR_COLUMNS, "conversations", "new_offers", "new_company_offers",
               "active_fw", "company_fw", "e_rows", "e_persons", "e_self_rows", "e_fw", "e_self_fw",
               "spells", "spells_partial"]
    for c in ordered:
        frame[c] = cols[c]
    info = {k: v for k, v in out.items() if k != "columns"}
    frame.attrs["register"] = info
    for message in info["warnings"]:
        warnings.warn(message, RegisterWarning, stacklevel=3)
    return frame


def indicators(table: TableLike, period: Period = None, spec: SpecLike = "benchmark2013", *,
               threads: int = 0, drop_invalid: bool = False,
               names: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Person-years and quality indicators of a person-week panel, computed in C++.

    Parameters
    ----------
    table
        pandas DataFrame or pyarrow Table with the columns ``person`` (int64), ``week`` (YYYYWW),
        ``municipality`` (int), ``group`` and ``offer`` (categorical / dictionary of the spec's codes,
        strings, or integer positions in the spec's lists), ``benefit_share`` (float in (0, 1]) and
        optionally ``conversations`` (int >= 0) and ``partial_sick`` (bool). Any row order.
    period
        ``(first_week, last_week)`` as YYYYWW; default the spec's (2012W27-2013W26 for 2013).
    spec
        A benchmark spec with a ``"register"`` part (default: the shipped 2013 spec).
    threads
        0 = all cores. The result is the same, bit for bit, for any number.
    drop_invalid
        Leave out rows that break a rule instead of raising; ``result.attrs["register"]["dropped"]``
        then says how many rows and why.
    names
        Optional municipality code -> name; adds a ``municipality_name`` column.

    Returns
    -------
    DataFrame with one row per municipality and unit (each register group, each aggregate, and
    the "all target groups" total, ``kind`` = group / aggregate / total): the counts ``rows`` and
    ``persons`` (in the period), the indicators ``fw, py, si, ag, vag, ti, vti, jr, dr`` (NaN where a
    denominator is zero) and every count and sum behind them. ``attrs["register"]`` holds the period,
    the job-rate weeks, rows read / used / dropped, whether the input had to be sorted, threads and
    warnings (also issued as :class:`RegisterWarning`).
    """
    core = register_spec(spec) if not isinstance(spec, _core.RegisterSpec) else spec
    per = _period(period, core)
    partial = _partials(table, core, per, threads, drop_invalid)
    return finalize_partials(partial, core, names=names)


# --- feeding the benchmark -----------------------------------------------------------------------

def municipality_names(dataset: str = "benchmark2013") -> dict[int, str]:
    """Municipality code (kommune_nr) -> name of a shipped data set."""
    from .datasets import load

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


# --- wide layout ---------------------------------------------------------------------------------

def from_wide(frame: pd.DataFrame, mapping: Mapping[Any, Any], *, person: str = "person",
              municipality: str = "municipality", weeks: Sequence[Any] | None = None,
              spec: SpecLike = "benchmark2013", other_group: str = "other") -> pd.DataFrame:
    """Convert the wide layout (one row per person, one column per week holding a benefit code, as
    in the DREAM register) to the person-week panel.

    ``mapping`` maps each code to a register group code, to ``(group, offer)``, to
    :data:`OTHER_SUPPORT` (other public support: the spec group ``other_group``) or to
    :data:`SELF_SUPPORTING` (no row). Empty cells (NaN/None) are self-supporting weeks. A code that
    is not in the mapping is an error naming the code, its first cell and the number of cells.
    ``weeks`` are the week columns (YYYYWW, as int or str); default: every column whose name is a
    valid ISO week. ``benefit_share`` is 1, ``conversations`` 0 and ``partial_sick`` False (the wide
    layout does not carry them).
    """
    core = register_spec(spec)
    if person not in frame.columns or municipality not in frame.columns:
        raise InputError(f"wide panel: needs columns '{person}' and '{municipality}'")
    if weeks is None:
        weeks = [c for c in frame.columns if str(c).isdigit() and len(str(c)) == 6
                 and _core.is_valid_iso_week(int(str(c)))]
    if not weeks:
        raise InputError("wide panel: no week columns (names YYYYWW)")
    week_values = np.array([int(str(w)) for w in weeks], dtype=np.int32)
    for w, c in zip(week_values, weeks):
        if not _core.is_valid_iso_week(int(w)):
            raise InputError(f"wide panel: column '{c}' is not a valid ISO week YYYYWW")
    order = np.argsort(_core.iso_week_index_array(week_values), kind="stable")
    week_values = week_values[order]
    cells = frame[[weeks[i] for i in order]].to_numpy()
    flat = cells.ravel()  # row-major: person by person, weeks ascending
    codes, uniques = pd.factorize(flat, use_na_sentinel=True)
    groups = list(core.group_codes)
    offers = [core.no_offer] + list(core.offer_codes)
    g_of = np.full(len(uniques), -1, dtype=np.int32)
    o_of = np.zeros(len(uniques), dtype=np.int32)
    for k, code in enumerate(uniques):
        if code not in mapping:
            hits = np.flatnonzero(codes == k)
            r, c = divmod(int(hits[0]), len(week_values))
            raise InputError(f"wide panel row {r}, week {week_values[c]}: code {code!r} is not in the "
                             f"mapping ({hits.size} cells hold it); map it to a group, to "
                             f"OTHER_SUPPORT or to SELF_SUPPORTING")
        target = mapping[code]
        if target == SELF_SUPPORTING:
            continue
        offer = core.no_offer
        if target == OTHER_SUPPORT:
            target = other_group
        elif isinstance(target, tuple):
            target, offer = target
        if target not in groups:
            raise InputError(f"wide panel: code {code!r} maps to group {target!r}, which is not in the spec")
        if offer not in offers:
            raise InputError(f"wide panel: code {code!r} maps to offer {offer!r}, which is not in the spec")
        g_of[k] = groups.index(target)
        o_of[k] = offers.index(offer)
    keep = np.flatnonzero(codes >= 0)
    keep = keep[g_of[codes[keep]] >= 0]
    r, c = np.divmod(keep, len(week_values))
    return pd.DataFrame({
        "person": frame[person].to_numpy(dtype=np.int64)[r],
        "week": week_values[c],
        "municipality": frame[municipality].to_numpy(dtype=np.int32)[r],
        "group": pd.Categorical.from_codes(g_of[codes[keep]], categories=groups),
        "benefit_share": np.ones(keep.size),
        "offer": pd.Categorical.from_codes(o_of[codes[keep]], categories=offers),
        "conversations": np.zeros(keep.size, dtype=np.int32),
        "partial_sick": np.zeros(keep.size, dtype=bool),
    })


# --- command line --------------------------------------------------------------------------------

def _read_panel(path: str) -> Any:
    import pyarrow as pa

    lower = path.lower()
    if lower.endswith((".arrow", ".ipc", ".feather")):
        return pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
    if lower.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.read_table(path)
    return pd.read_csv(path)


def register_cli(app: Any) -> None:
    """Add ``jobbench indicators`` to the typer app of :mod:`jobbench.cli`."""
    import typer

    from .cli import _guard

    @app.command("indicators")
    @_guard
    def indicators_command(
        panel: Path = typer.Argument(..., help="Person-week panel: .arrow/.feather (Arrow IPC), .parquet or .csv."),
        period: Optional[str] = typer.Option(None, "--period", help="Measurement period FIRST-LAST as YYYYWW-YYYYWW "
                                             "(default: the spec's, 201227-201326)."),
        spec: str = typer.Option("benchmark2013", "--spec", help="Spec name or JSON path with a register part."),
        out: Optional[Path] = typer.Option(None, "--out", help="Write the tidy indicator table to this CSV."),
        drop_invalid: bool = typer.Option(False, "--drop-invalid", help="Drop rows that break a rule (reported)."),
        threads: int = typer.Option(0, "--threads", help="Threads (0 = all cores; the result is the same)."),
    ) -> None:
        """Person-years and quality indicators from a person-week panel (docs/register-indicators.md).

        \b
        Examples:
          jobbench indicators panel.arrow
          jobbench indicators panel.parquet --period 201227-201326 --out indicators.csv
          jobbench indicators panel.csv --drop-invalid --threads 2
        """
        from rich.console import Console
        from rich.table import Table

        console = Console(soft_wrap=True, highlight=False)
        per = None
        if period is not None:
            first, _, last = period.partition("-")
            per = (int(first), int(last))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RegisterWarning)
            result = indicators(_read_panel(str(panel)), period=per, spec=spec, threads=threads,
                                drop_invalid=drop_invalid)
        info = result.attrs["register"]
        console.print(f"{info['used_rows']:,} of {info['input_rows']:,} rows used; period "
                      f"{info['period'][0]}-{info['period'][1]} ({info['period_weeks']} weeks); "
                      f"{'sorted' if info['sorted_input'] else 'unsorted: sorted by (person, week) first'}")
        for d in info["dropped"]:
            console.print(f"dropped {d['count']:,} rows: {d['rule']}")
        for w in caught:
            console.print(f"warning: {w.message}")
        total = result[result["kind"] == "total"]
        table = Table(title="All target groups")
        for col in ["municipality", "persons", "py", "si", "ti", "vti", "ag", "vag", "jr", "dr"]:
            table.add_column(col, justify="right")
        for _, row in total.iterrows():
            table.add_row(str(row["municipality"]), f"{row['persons']:,}", f"{row['py']:.1f}",
                          *(f"{row[c]:.2f}" for c in ["si", "ti", "vti"]),
                          *(f"{row[c]:.1%}" for c in ["ag", "vag", "jr", "dr"]))
        console.print(table)
        if out is not None:
            # Data for programs: municipality names are written verbatim (no ' before = + - @, tab, CR)
            # so that they match the other inputs; open it in a spreadsheet with columns as text.
            result.to_csv(out, index=False)
            console.print(f"wrote {out}")
