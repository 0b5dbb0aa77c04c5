"""Synthetic staff rosters consistent with a benchmark data set (no real personal data).

For each municipality, :func:`synthetic_roster` invents employees — each with 1–4 tasks, some in
flexjob or senior job (weighted 0.5 / 0.75 by the spec), some part-time (given as weekly hours),
some financed by external pools — whose time shares add up, task by task, to the data set's FTE and
externally financed FTE. The reproduction is exact by construction (up to floating point, far below
the data set's 6 decimals), so workbooks → FTE → benchmark → tables can run on realistic data::

    employees, shares = jobbench.synthetic_roster(seed=1)
    paths = jobbench.write_synthetic_workbooks("out/workbooks", seed=1)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence, Union

import numpy as np
import pandas as pd

from ..spec import Spec
from .roster import HOURS_PER_FTE

__all__ = ["synthetic_roster", "write_synthetic_workbooks"]

PathLike = Union[str, "os.PathLike[str]"]

_TINY = 1e-12
_UNITS = {"adm": "Stab og administration", "strat": "Jobcenterledelse", "div": "Diverse opgaver"}
_EXTERNAL_UNIT = "Projekter og puljer"
_ORDINARY_FRACTIONS = (1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.75, 0.5)


def _main_tasks(spec: Spec) -> dict[str, str]:
    """Task code → code of its main task (depth 1)."""
    parent = {str(t["code"]): str(t.get("parent") or "") for t in spec.tasks}
    root = spec.root
    out = {}
    for code in parent:
        c = code
        while parent.get(c) and parent[c] != root:
            c = parent[c]
        out[code] = c
    return out


def _municipality_roster(name: str, pools: list[tuple[list[tuple[str, float]], bool]], spec: Spec,
                         rng: np.random.Generator) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    weights = {str(k): float(v) for k, v in spec.data.get("employment_weights", {}).items()}
    main_of = _main_tasks(spec)
    labels = {str(t["code"]): str(t.get("label", "")) for t in spec.tasks}
    prefix = "".join(ch for ch in name.upper() if ch.isalpha())[:3]
    employees: list[dict[str, Any]] = []
    shares: list[dict[str, Any]] = []
    for queue, external in pools:
        queue = [[t, a] for t, a in queue if a > _TINY]
        while queue:
            kind = rng.random()
            if not external and kind < 0.06 and "flexjob" in weights:
                etype, fraction = "flexjob", float(rng.choice([1.0, 0.8]))
            elif not external and kind < 0.09 and "seniorjob" in weights:
                etype, fraction = "seniorjob", 1.0
            else:
                etype, fraction = "ordinary", float(rng.choice(_ORDINARY_FRACTIONS))
            capacity = fraction * weights.get(etype, 1.0)
            left = capacity
            n_tasks = int(rng.integers(1, 5))
            taken: list[tuple[str, float]] = []
            while queue and left > _TINY and len(taken) < 4:
                # 1-4 tasks; an employee with room left after n_tasks takes more (up to 4)
                if len(taken) >= n_tasks and left < 0.5 * capacity:
                    break
                task, remaining = queue[0]
                last = len(taken) + 1 >= n_tasks
                portion = left if last else left * float(rng.uniform(0.3, 0.8))
                amount = remaining if remaining <= left and remaining - portion < 0.05 else min(remaining, portion)
                if remaining - amount <= _TINY:
                    amount = remaining
                    queue.pop(0)
                else:
                    queue[0][1] = remaining - amount
                taken.append((task, amount))
                left -= amount
            employee_id = f"{prefix}{len(employees) + 1:04d}"
            first_main = main_of[taken[0][0]]
            unit = _EXTERNAL_UNIT if external else _UNITS.get(first_main, f"Jobcenter, {labels[first_main]}")
            use_hours = etype == "ordinary" and fraction < 1.0 and rng.random() < 0.5
            employees.append({
                "municipality": name, "employee_id": employee_id, "unit": unit, "employment_type": etype,
                "fte_fraction": np.nan if use_hours else fraction,
                "hours": fraction * HOURS_PER_FTE if use_hours else np.nan,
                "external_share": 1.0 if external else 0.0,
            })
            merged: dict[str, float] = {}
            for task, amount in taken:
                merged[task] = merged.get(task, 0.0) + amount
            for task, amount in merged.items():
                shares.append({"municipality": name, "employee_id": employee_id, "task": task,
                               "share": amount / capacity})
    return employees, shares


def synthetic_roster(dataset: Any = None, seed: int = 2013,
                     municipalities: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Invent ``(employees, shares)`` frames whose FTE reproduces ``dataset.fte`` (default: the 2013 data set).

    Seeded: the same seed gives the same roster. Internal FTE (``fte - fte_external``) is covered by
    ordinary, part-time, flexjob and senior-job employees; the externally financed FTE by employees
    financed 100 % externally ("Projekter og puljer"). A data-set row on a parent task (its total)
    becomes time reported on that parent task for what its sub-task rows leave.
    """
    if dataset is None:
        from ..datasets import benchmark2013

        dataset = benchmark2013()
    spec: Spec = dataset.spec
    fte = dataset.fte
    names = list(municipalities) if municipalities is not None else list(dataset.municipalities)
    order = {str(t["code"]): k for k, t in enumerate(spec.tasks)}
    parent = {str(t["code"]): str(t.get("parent") or "") for t in spec.tasks}
    rng_root = np.random.SeedSequence(int(seed))
    all_emp: list[dict[str, Any]] = []
    all_sh: list[dict[str, Any]] = []
    for name, child in zip(names, rng_root.spawn(len(names))):
        rows = fte[fte["municipality"].astype(str) == name].copy()
        rows["_o"] = rows["task"].astype(str).map(order)
        rows = rows.sort_values("_o")
        ext = rows["fte_external"].fillna(0.0) if "fte_external" in rows.columns else 0.0 * rows["fte"]
        total = dict(zip(rows["task"].astype(str), rows["fte"].astype(float)))
        total_ext = dict(zip(rows["task"].astype(str), ext.astype(float)))
        # A row on a parent task states its total: its own time is what its nearest sub-task rows
        # leave (those employees report on the parent task itself).
        direct, direct_ext = dict(total), dict(total_ext)
        for task in total:
            a = parent.get(task, "")
            while a and a not in total:
                a = parent.get(a, "")
            if a:
                direct[a] -= total[task]
                direct_ext[a] -= total_ext[task]
        tasks = list(total)
        internal = [(t, max(0.0, direct[t] - max(0.0, direct_ext[t]))) for t in tasks]
        external = [(t, max(0.0, direct_ext[t])) for t in tasks]
        emp, sh = _municipality_roster(name, [(internal, False), (external, True)], spec,
                                       np.random.default_rng(child))
        all_emp += emp
        all_sh += sh
    employees = pd.DataFrame(all_emp, columns=["municipality", "employee_id", "unit", "employment_type",
                                               "fte_fraction", "hours", "external_share"])
    shares = pd.DataFrame(all_sh, columns=["municipality", "employee_id", "task", "share"])
    return employees, shares


def write_synthetic_workbooks(folder: PathLike, dataset: Any = None, seed: int = 2013,
                              municipalities: Sequence[str] | None = None) -> list[Path]:
    """Write one filled collection workbook per municipality of a synthetic roster; returns the paths."""
    from .template import write_template

    if dataset is None:
        from ..datasets import benchmark2013

        dataset = benchmark2013()
    employees, shares = synthetic_roster(dataset, seed, municipalities)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in pd.unique(employees["municipality"]):
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(name))
        paths.append(write_template(out / f"tidsregistrering_{safe}.xlsx", str(name), dataset.spec,
                                    employees=employees, shares=shares, rows=0))
    return paths
