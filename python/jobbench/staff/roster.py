"""Staff time registration: each employee's time shares → FTE (årsværk) per municipality × task.

The computation (validation, weights, roll-up, review statistics, Monte Carlo) is done by the C++
core (``jobbench._core.StaffRoster``); this module converts pandas frames in and out::

    roster = jobbench.StaffRoster(spec, employees, shares)   # or StaffRoster.from_wide(spec, frame)
    staff = roster.aggregate()
    staff.errors                 # rejected rows: row, municipality, employee_id, rule, message, fte_read
    staff.fte                    # municipality, task, fte, fte_external  -> jobbench.Benchmark(fte=...)
    staff.review(person_years)   # warnings for the validation meeting
    unc = roster.simulate(person_years, relative_sd=(0.05, 0.20), seed=1)

See docs/staff-time.md.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _core
from .._convert import as_float64, require_columns
from .._errors import InputError
from ..productivity.model import Benchmark, PopulationLike
from ..spec import Spec, SpecLike, load_spec

__all__ = ["EMPLOYEE_COLUMNS", "HOURS_PER_FTE", "SHARE_COLUMNS", "StaffResults", "StaffRoster",
           "UncertaintyResults"]

#: Weekly hours of one full-time employee (37 h/week, the Danish full-time norm); an employee's
#: contracted hours / HOURS_PER_FTE is their FTE fraction.
HOURS_PER_FTE = 37.0
EMPLOYEE_COLUMNS = ("municipality", "employee_id", "unit", "employment_type")
SHARE_COLUMNS = ("municipality", "employee_id", "task", "share")
_EMPLOYEE_ERROR_COLUMNS = ["row", "municipality", "employee_id", "rule", "message", "fte_read", "source"]


def _text(values: pd.Series) -> list[str]:
    """Strings, with missing values as empty strings."""
    return ["" if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v).strip()
            for v in values.tolist()]


def _optional_float(frame: pd.DataFrame, column: str, default: float) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), default, dtype=np.float64)
    return as_float64(frame[column].reset_index(drop=True), "employees", column)


class StaffRoster:
    """Employees of one or more municipalities with their time shares over the task catalogue.

    Parameters
    ----------
    spec
        The benchmark spec (its task tree and ``employment_weights``).
    employees
        One row per employee: ``municipality, employee_id, unit, employment_type`` plus
        ``fte_fraction`` (1.0 = full time) and/or ``hours`` (weekly, ``hours_per_fte`` = 1 FTE), and
        optionally ``external_share`` (0–1, missing = 0) and ``source`` (where the row came from,
        e.g. ``"varde.xlsx!Medarbejdere row 7"``, repeated in error messages). An empty
        ``employment_type`` means ``ordinary``.
    shares
        Long form ``municipality, employee_id, task, share``: the fraction (0.25 = 25 %) of the
        employee's working time on a task node. A share on a parent task is time not split further
        (reported as unallocated below it).
    """

    def __init__(self, spec: SpecLike, employees: pd.DataFrame, shares: pd.DataFrame, *,
                 hours_per_fte: float = HOURS_PER_FTE, units: Sequence[str] | None = None,
                 max_fte_fraction: float = 1.0, min_share: float = 0.02, max_tasks: int = 8,
                 min_total_share: float = 0.10) -> None:
        self.spec: Spec = load_spec(spec)
        require_columns(employees, EMPLOYEE_COLUMNS, "employees")
        require_columns(shares, SHARE_COLUMNS, "shares")
        if "fte_fraction" not in employees.columns and "hours" not in employees.columns:
            raise InputError("employees: missing column 'fte_fraction' or 'hours' "
                             f"(columns present: {', '.join(map(str, employees.columns))})")
        self.employees = employees.reset_index(drop=True)
        self.shares = shares.reset_index(drop=True)
        options = _core.StaffOptions()
        options.hours_per_fte = float(hours_per_fte)
        options.max_fte_fraction = float(max_fte_fraction)
        options.units = [str(u) for u in units] if units is not None else []
        options.min_share = float(min_share)
        options.max_tasks = int(max_tasks)
        options.min_total_share = float(min_total_share)
        self.options = options
        self._core = _core.StaffRoster(self.spec.core, options)

        emp = self.employees
        sh = self.shares
        if "employee_row" in sh.columns:  # shares that name their employee row (e.g. from a workbook)
            rows = as_float64(sh["employee_row"], "shares", "employee_row")
            bad = np.flatnonzero(~((rows >= 0) & (rows < len(emp)) & (rows == np.floor(rows))))
            if bad.size:
                raise InputError(f"shares row {int(bad[0])}: employee_row {rows[bad[0]]} is not a row of "
                                 f"employees (0..{len(emp) - 1})")
        else:
            rows = self._rows_by_key(emp, sh)
        values = as_float64(sh["share"], "shares", "share")
        types = [t if t else "ordinary" for t in _text(emp["employment_type"])]
        external = _optional_float(emp, "external_share", 0.0)
        external = np.where(np.isnan(external), 0.0, external)
        self._core.add_employees_columns(
            _text(emp["employee_id"]), _text(emp["municipality"]), _text(emp["unit"]), types,
            _optional_float(emp, "fte_fraction", np.nan), _optional_float(emp, "hours", np.nan),
            np.ascontiguousarray(external), np.asarray(rows, dtype=np.int32), _text(sh["task"]),
            values)

    @staticmethod
    def _rows_by_key(emp: pd.DataFrame, sh: pd.DataFrame) -> np.ndarray:
        """Employee row of each share, by (municipality, employee_id); the first row if an id repeats."""
        keys = pd.MultiIndex.from_arrays([_text(emp["municipality"]), _text(emp["employee_id"])])
        first_row = pd.Series(np.arange(len(emp)), index=keys)
        first_row = first_row[~first_row.index.duplicated(keep="first")]
        share_keys = pd.MultiIndex.from_arrays([_text(sh["municipality"]), _text(sh["employee_id"])])
        rows = first_row.reindex(share_keys).to_numpy()
        missing = np.flatnonzero(pd.isna(rows))
        if missing.size:
            i = int(missing[0])
            raise InputError(f"shares row {i} ({share_keys[i][0]}, {share_keys[i][1]}): "
                             "no employee with this municipality and employee_id")
        return np.asarray(rows, dtype=np.float64)

    @classmethod
    def from_wide(cls, spec: SpecLike, frame: pd.DataFrame, tasks: Sequence[str] | None = None,
                  **options: Any) -> "StaffRoster":
        """A roster from one row per employee with one column per task code (shares as fractions).

        Empty task cells are no time on that task. ``tasks`` defaults to every column that is a
        task code of the spec.
        """
        sp = load_spec(spec)
        codes = {str(t["code"]) for t in sp.tasks}
        task_cols = list(tasks) if tasks is not None else [c for c in frame.columns if str(c) in codes]
        frame = frame.reset_index(drop=True)
        employees = frame[[c for c in frame.columns if c not in task_cols]]
        keyed = frame[["municipality", "employee_id"] + task_cols].assign(employee_row=np.arange(len(frame)))
        long = keyed.melt(id_vars=["municipality", "employee_id", "employee_row"], var_name="task",
                          value_name="share")
        long = long[long["share"].notna()].sort_values("employee_row", kind="stable")
        return cls(sp, employees, long.reset_index(drop=True), **options)

    def aggregate(self, municipalities: Sequence[str] | None = None) -> "StaffResults":
        """Validate and sum (in C++): invalid rows become :attr:`StaffResults.errors`."""
        result = self._core.aggregate(list(municipalities) if municipalities is not None else [])
        return StaffResults(result, self)

    def simulate(self, person_years: pd.DataFrame, population: PopulationLike = None, *,
                 relative_sd: Sequence[float] | Mapping[str, float] = (0.05, 0.20), draws: int = 1000,
                 seed: int = 2013, level: float = 0.90, threads: int = 1,
                 municipalities: Sequence[str] | None = None) -> "UncertaintyResults":
        """Seeded Monte Carlo of the time shares through FTE and productivity (in C++).

        ``relative_sd`` is the relative standard deviation of the shares by level: a sequence
        (main tasks, sub-tasks, sub-sub-tasks …) or a dict with keys ``main``, ``sub`` (and
        ``subsub``). The result does not depend on ``threads``. Raises :class:`InputError` if the
        roster has invalid rows.
        """
        if isinstance(relative_sd, Mapping):
            order = ("main", "sub", "subsub")
            unknown = set(relative_sd) - set(order)
            if unknown:
                raise InputError(f"relative_sd: unknown level(s) {sorted(unknown)}; use {order}")
            levels = [float(relative_sd[k]) for k in order if k in relative_sd]
        else:
            levels = [float(x) for x in relative_sd]
        opts = _core.UncertaintyOptions()
        opts.relative_sd = levels
        opts.draws = int(draws)
        opts.seed = int(seed)
        opts.level = float(level)
        opts.threads = int(threads)
        names = list(municipalities) if municipalities is not None else self._municipalities()
        base = _base_data(self.spec, person_years, population, names)
        return UncertaintyResults(_core.simulate(self._core, base, opts), self.spec)

    def _municipalities(self) -> list[str]:
        return [m for m in pd.unique(pd.Series(_text(self.employees["municipality"]))) if m]

    def __len__(self) -> int:
        return len(self.employees)

    def __repr__(self) -> str:
        return f"StaffRoster({self.spec.name!r}, employees={len(self.employees)}, shares={len(self.shares)})"


def _base_data(spec: Spec, person_years: pd.DataFrame, population: PopulationLike,
               municipalities: Sequence[str]) -> Any:
    """A ``_core.BenchmarkData`` with person-years (and population) but no FTE rows."""
    empty = pd.DataFrame({"municipality": pd.Series([], dtype=object),
                          "task": pd.Series([], dtype=object), "fte": pd.Series([], dtype=np.float64)})
    py = person_years[person_years["municipality"].astype(str).isin(list(municipalities))]
    pop = population
    if isinstance(pop, pd.DataFrame):
        pop = pop[pop["municipality"].astype(str).isin(list(municipalities))]
    return Benchmark(spec, empty, py.reset_index(drop=True), pop, municipalities=list(municipalities))._data()


class StaffResults:
    """FTE of a roster, computed in C++. Frames are built on access."""

    def __init__(self, core: Any, roster: StaffRoster) -> None:
        self._core = core
        self.roster = roster
        self.spec = roster.spec
        self.municipalities: list[str] = list(core.municipalities)
        self.tasks: list[str] = list(core.tasks)

    # -- the benchmark input ------------------------------------------------------------------
    @property
    def fte(self) -> pd.DataFrame:
        """``municipality, task, fte, fte_external``: every leaf task, plus every parent task with
        time reported on it directly (its row states its total, sub-tasks included)."""
        fte = self._core.fte
        ext = self._core.fte_external
        direct = self._core.fte_direct
        leaf = np.asarray(self._core.leaf, dtype=bool)
        rows = (leaf[:, None] | (direct != 0.0))
        t_idx, m_idx = np.nonzero(rows)
        order = np.lexsort((t_idx, m_idx))
        t_idx, m_idx = t_idx[order], m_idx[order]
        tasks = np.asarray(self.tasks, dtype=object)
        munis = np.asarray(self.municipalities, dtype=object)
        return pd.DataFrame({"municipality": munis[m_idx], "task": tasks[t_idx],
                             "fte": fte[t_idx, m_idx],
                             "fte_external": np.minimum(ext[t_idx, m_idx], fte[t_idx, m_idx])})

    def benchmark(self, person_years: pd.DataFrame, population: PopulationLike = None,
                  quality: pd.DataFrame | None = None) -> Benchmark:
        """A :class:`jobbench.Benchmark` of this FTE and the given person-years.

        The benchmark compares this result's municipalities; rows of ``person_years``,
        ``population`` and ``quality`` for other municipalities are not used.
        """
        names = list(self.municipalities)
        keep = lambda f: None if f is None else f[f["municipality"].astype(str).isin(names)].reset_index(drop=True)  # noqa: E731
        pop = keep(population) if isinstance(population, pd.DataFrame) else population
        return Benchmark(self.spec, self.fte, keep(person_years), pop, municipalities=names,
                         quality=keep(quality))

    # -- detail -------------------------------------------------------------------------------
    @property
    def by_task(self) -> pd.DataFrame:
        """Every task node × municipality: ``fte`` (sub-tasks included), ``fte_external``,
        ``unallocated`` (reported on the node itself), ``head_count`` (employees with time there)."""
        n_t, n_m = len(self.tasks), len(self.municipalities)
        labels = {str(t["code"]): str(t.get("label", "")) for t in self.spec.tasks}
        return pd.DataFrame({
            "municipality": np.repeat(self.municipalities, n_t),
            "task": np.tile(self.tasks, n_m),
            "label": [labels[t] for t in self.tasks] * n_m,
            "fte": self._core.fte.T.reshape(-1),
            "fte_external": self._core.fte_external.T.reshape(-1),
            "unallocated": self._core.fte_direct.T.reshape(-1) * ~np.tile(np.asarray(self._core.leaf), n_m),
            "head_count": self._core.head_count.T.reshape(-1),
        })

    @property
    def by_unit(self) -> pd.DataFrame:
        """FTE per organisational unit: ``municipality, unit, head_count, fte, fte_tasks, fte_external``."""
        return pd.DataFrame(self._core.units)

    @property
    def balance(self) -> pd.DataFrame:
        """Per municipality: ``employees`` accepted, ``rejected`` rows, ``fte_read`` (every row),
        ``fte_tasks`` (on the catalogue), ``fte_outside`` (accepted employees' other time) and
        ``fte_rejected``; ``fte_read = fte_tasks + fte_outside + fte_rejected``."""
        errors = self.errors
        rejected = errors.groupby("municipality").size() if len(errors) else pd.Series(dtype=int)
        root = int(np.flatnonzero([not t.get("parent") for t in self.spec.tasks])[0])
        out = pd.DataFrame({
            "municipality": self.municipalities,
            "employees": self._core.employees,
            "rejected": [int(rejected.get(m, 0)) for m in self.municipalities],
            "fte_read": self._core.fte_read,
            "fte_tasks": self._core.fte[root, :],
            "fte_outside": self._core.fte_outside,
            "fte_rejected": self._core.fte_rejected,
        })
        return out

    @property
    def errors(self) -> pd.DataFrame:
        """Rejected employee rows: ``row, municipality, employee_id, rule, message, fte_read, source``."""
        e = pd.DataFrame(self._core.errors)
        if e.empty:
            return pd.DataFrame({c: pd.Series(dtype=object if c in ("municipality", "employee_id", "rule",
                                                                     "message", "source") else float)
                                 for c in _EMPLOYEE_ERROR_COLUMNS})
        e["source"] = self._source(e["row"])
        e["message"] = [f"{s}: {m}" if s else m for s, m in zip(e["source"], e["message"])]
        return e[_EMPLOYEE_ERROR_COLUMNS]

    def raise_for_errors(self) -> None:
        """Raise :class:`InputError` listing every rejected row (if any)."""
        e = self.errors
        if len(e):
            raise InputError(f"{len(e)} employee row(s) rejected:\n" + "\n".join(e["message"]))

    @property
    def warnings(self) -> pd.DataFrame:
        """Per-employee warnings (implausible splits) from the core."""
        return self._warnings(self._core.warnings)

    def review(self, person_years: pd.DataFrame, z_threshold: float = 3.5, min_depth: int = 2,
               population: PopulationLike = None) -> pd.DataFrame:
        """The review list for the validation meeting: per-employee split warnings plus, per
        municipality, tasks whose FTE per 1,000 person-years is far from the other municipalities'
        (leave-one-out robust z-score above ``z_threshold``) and tasks with FTE but no target group."""
        opts = _core.ReviewOptions()
        opts.z_threshold = float(z_threshold)
        opts.min_depth = int(min_depth)
        base = _base_data(self.spec, person_years, population, self.municipalities)
        municipal = self._warnings(_core.review(self._core, base, opts))
        frames = [f for f in (municipal, self.warnings) if len(f)]
        if not frames:
            return municipal
        out = pd.concat(frames, ignore_index=True)
        order = {m: i for i, m in enumerate(self.municipalities)}
        out["_o"] = out["municipality"].map(order)
        return out.sort_values(["_o", "rule"], kind="stable").drop(columns="_o").reset_index(drop=True)

    def _warnings(self, columns: Mapping[str, list]) -> pd.DataFrame:
        w = pd.DataFrame(columns)
        if w.empty:
            w = pd.DataFrame({c: pd.Series(dtype=object) for c in
                              ("municipality", "employee_id", "task", "rule", "message")})
            for c in ("value", "reference", "score"):
                w[c] = pd.Series(dtype=float)
            return w
        labels = {str(t["code"]): str(t.get("label", "")) for t in self.spec.tasks}
        w.insert(3, "label", [labels.get(t, "") for t in w["task"]])
        return w

    def _source(self, rows: Iterable[int]) -> list[str]:
        emp = self.roster.employees
        if "source" not in emp.columns:
            return ["" for _ in rows]
        return ["" if pd.isna(emp["source"].iloc[int(r)]) else str(emp["source"].iloc[int(r)]) for r in rows]

    def _repr_html_(self) -> str:
        from .._html import results_html

        return results_html(
            "StaffResults",
            [("Kommuner", f"{len(self.municipalities)}"), ("Medarbejdere", f"{int(np.sum(self._core.employees))}"),
             ("Afviste rækker", f"{len(self._core.errors['row'])}")],
            self.balance.set_index("municipality"), "Balance pr. kommune (årsværk)")

    def __repr__(self) -> str:
        return (f"StaffResults(municipalities={len(self.municipalities)}, "
                f"employees={int(np.sum(self._core.employees))}, rejected={len(self._core.errors['row'])})")


class UncertaintyResults:
    """Monte Carlo summary: intervals of productivity and rank probabilities per item."""

    def __init__(self, core: Any, spec: Spec) -> None:
        self._core = core
        self.spec = spec
        self.municipalities: list[str] = list(core.municipalities)
        self.items: list[str] = [i.code for i in core.items]
        self.labels: list[str] = [i.label for i in core.items]
        self.draws = int(core.draws)
        self.level = float(core.level)
        self._root = next(k for k, i in enumerate(core.items) if i.kind == "task" and i.depth == 0)

    @property
    def intervals(self) -> pd.DataFrame:
        """One row per item × municipality: point ``productivity`` and ``rank``, the draws' ``mean``,
        ``lower``/``upper`` bounds of the central ``level`` interval, and ``rank_lower``/``rank_upper``."""
        c = self._core
        n_i, n_m = len(self.items), len(self.municipalities)
        flat = lambda a: np.asarray(a).T.reshape(-1)  # noqa: E731 - municipality-major order
        return pd.DataFrame({
            "municipality": np.repeat(self.municipalities, n_i),
            "item": np.tile(self.items, n_m),
            "label": self.labels * n_m,
            "productivity": flat(c.point.productivity),
            "mean": flat(c.productivity_mean),
            "lower": flat(c.productivity_lower),
            "upper": flat(c.productivity_upper),
            "rank": flat(c.point.rank),
            "rank_lower": flat(c.rank_lower),
            "rank_upper": flat(c.rank_upper),
        })

    def rank_probabilities(self, item: str | None = None) -> pd.DataFrame:
        """Municipalities × ranks 1..n: the share of draws with that rank (rows sum to 1)."""
        i = self._item(item)
        p = np.asarray(self._core.rank_probability[i])
        return pd.DataFrame(p, index=pd.Index(self.municipalities, name="municipality"),
                            columns=pd.Index(range(1, len(self.municipalities) + 1), name="rank"))

    def covariance(self, item: str | None = None) -> pd.DataFrame:
        """Municipalities × municipalities: the covariance of productivity over the draws for ``item``
        (default: the root). Its diagonal is the squared Monte Carlo standard error; it is the input of
        :func:`jobbench.analysis.rank_sets` (``cov=``)."""
        i = self._item(item)
        names = pd.Index(self.municipalities, name="municipality")
        return pd.DataFrame(np.asarray(self._core.productivity_covariance[i]), index=names,
                            columns=names.rename(None))

    def point(self, item: str | None = None) -> pd.Series:
        """The unperturbed productivity of ``item`` (default: the root) per municipality."""
        i = self._item(item)
        return pd.Series(np.asarray(self._core.point.productivity)[i], name="productivity",
                         index=pd.Index(self.municipalities, name="municipality"))

    def describe(self, municipality: str, item: str | None = None) -> str:
        """E.g. ``"Varde: rank 3 overall, 90 % interval 2–4; productivity 24.1 (90 % interval 23.5–24.8)"``."""
        i = self._item(item)
        if municipality not in self.municipalities:
            raise KeyError(f"unknown municipality '{municipality}'")
        m = self.municipalities.index(municipality)
        c = self._core
        pct = f"{round(100 * self.level):d} %"
        what = "overall" if i == self._root else f"on {self.labels[i]} ({self.items[i]})"
        return (f"{municipality}: rank {int(c.point.rank[i, m])} {what}, {pct} interval "
                f"{int(c.rank_lower[i, m])}–{int(c.rank_upper[i, m])}; productivity "
                f"{c.point.productivity[i, m]:.1f} ({pct} interval {c.productivity_lower[i, m]:.1f}–"
                f"{c.productivity_upper[i, m]:.1f})")

    def plot_intervals(self, highlight: str | None = None, item: str | None = None) -> Any:
        """The central ``level`` interval of productivity (FTE per 1,000 person-years) per municipality for
        ``item`` (default: the root), the point value as a dot, the simple mean of the point values as a
        dashed line, ``highlight`` in red. Returns a matplotlib ``Figure``."""
        from .. import plotting

        i = self._item(item)
        if highlight is not None and highlight not in self.municipalities:
            raise InputError(f"unknown municipality '{highlight}' (known: {', '.join(self.municipalities)})")
        c = self._core
        point = np.asarray(c.point.productivity, dtype=float)[i]
        finite = point[np.isfinite(point)]
        return plotting.interval_plot(self.municipalities, point, np.asarray(c.productivity_lower, dtype=float)[i],
                                      np.asarray(c.productivity_upper, dtype=float)[i],
                                      mean=float(finite.mean()) if finite.size else float("nan"),
                                      highlight=highlight, title=self.labels[i],
                                      xlabel="Årsværk pr. 1.000 årspersoner", mean_label="Gns. kommuner",
                                      level_label=f"{round(100 * self.level):d} %-interval, {self.draws} træk")

    def _repr_html_(self) -> str:
        from .._html import results_html

        frame = self.intervals
        root = frame[frame["item"] == self.items[self._root]].set_index("municipality")
        return results_html(
            "UncertaintyResults",
            [("Træk", f"{self.draws}"), ("Niveau", f"{round(100 * self.level):d} %"),
             ("Kommuner", f"{len(self.municipalities)}"), ("Opgaver", f"{len(self.items)}")],
            root[["productivity", "lower", "upper", "rank", "rank_lower", "rank_upper"]],
            f"{self.labels[self._root]}: produktivitet og rang med interval")

    def _item(self, item: str | None) -> int:
        if item is None:
            return self._root
        if item not in self.items:
            raise KeyError(f"unknown item '{item}'")
        return self.items.index(item)

    def __repr__(self) -> str:
        return f"UncertaintyResults(draws={self.draws}, level={self.level}, municipalities={len(self.municipalities)})"
