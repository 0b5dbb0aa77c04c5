"""Criteria catalogues of case audits: which review points there are, and how they hang together.

A catalogue is a CSV (UTF-8) with one row per criterion and the columns ``criterion`` (id: letters,
digits, ``_``), ``theme``, ``name`` (Danish wording of the review point), ``legal_basis``,
``favourable`` (``met``, ``not_met`` or ``none`` for descriptive points), ``filter`` (the id of a
criterion that must be ``met`` for this one to be judged; empty for none) and ``note``. The shipped
``audit2022`` is the catalogue of seed 003 (STAR/BDO 2022). See docs/audit.md.
"""
from __future__ import annotations

import os
import re
from importlib import resources
from typing import Union

import pandas as pd

from .._errors import InputError

__all__ = ["CATALOGUE_COLUMNS", "CatalogueLike", "catalogues", "load_catalogue"]

CATALOGUE_COLUMNS = ["criterion", "theme", "name", "legal_basis", "favourable", "filter", "note"]
FAVOURABLE = ("met", "not_met", "none")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

CatalogueLike = Union[str, "os.PathLike[str]", pd.DataFrame]


def catalogues() -> list[str]:
    """Names of the shipped catalogues (``load_catalogue(name)``)."""
    folder = resources.files(__package__).joinpath("catalogues")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv"))


def load_catalogue(source: CatalogueLike = "audit2022") -> pd.DataFrame:
    """A validated catalogue: a shipped name, a CSV path or a DataFrame of :data:`CATALOGUE_COLUMNS`.

    Raises :class:`InputError` naming the row and rule: missing columns, ids that are empty, not
    identifiers or repeated, empty themes or names, ``favourable`` outside met/not_met/none, filters
    that name no criterion, name the criterion itself, or form a cycle.
    """
    if isinstance(source, pd.DataFrame):
        frame, where = source.copy(), "catalogue"
    else:
        text = os.fspath(source)
        if text in catalogues():
            path = resources.files(__package__).joinpath("catalogues", f"{text}.csv")
            with path.open("rb") as fh:
                frame = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            if not os.path.isfile(text):
                raise InputError(f"{text}: no such catalogue file (shipped: {', '.join(catalogues())})")
            frame = pd.read_csv(text, dtype=str, keep_default_na=False, encoding="utf-8")
        where = os.path.basename(text)
    return _validate(frame, where)


def _validate(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    missing = [c for c in CATALOGUE_COLUMNS[:5] if c not in frame.columns]
    if missing:
        raise InputError(f"{where}: missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(CATALOGUE_COLUMNS)}")
    for column in CATALOGUE_COLUMNS[5:]:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[CATALOGUE_COLUMNS].fillna("").astype(str).apply(lambda s: s.str.strip())
    problems: list[str] = []
    ids = set(frame["criterion"])
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        at = f"{where} line {i} ({row.criterion or '?'})"
        if not _ID.fullmatch(row.criterion):
            problems.append(f"{at}: criterion id must be letters, digits and _ starting with a letter")
        if not row.theme or not row.name:
            problems.append(f"{at}: empty theme or name; give both")
        if row.favourable not in FAVOURABLE:
            problems.append(f"{at}: favourable '{row.favourable}' is not met, not_met or none")
        if row.filter and (row.filter not in ids or row.filter == row.criterion):
            problems.append(f"{at}: filter '{row.filter}' is not another criterion of the catalogue")
    duplicated = sorted(frame["criterion"][frame["criterion"].duplicated()].unique())
    if duplicated:
        problems.append(f"{where}: {len(duplicated)} criterion id(s) repeated: {', '.join(duplicated)}")
    if not problems:
        problems += _cycles(frame, where)
    if problems:
        raise InputError("\n".join(problems))
    return frame.reset_index(drop=True)


def _cycles(frame: pd.DataFrame, where: str) -> list[str]:
    parent = dict(zip(frame["criterion"], frame["filter"]))
    for start in parent:
        seen, node = {start}, parent[start]
        while node:
            if node in seen:
                return [f"{where}: filters form a cycle through '{start}'; a filter chain must end"]
            seen.add(node)
            node = parent.get(node, "")
    return []
