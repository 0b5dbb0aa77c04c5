"""Benchmark specs shipped with jobbench (JSON files in this folder).

>>> import jobbench
>>> jobbench.specs.available()
['benchmark2013']
"""
from __future__ import annotations

from importlib import resources

__all__ = ["available", "read_text"]


def _folder():
    return resources.files(__name__)


def available() -> list[str]:
    """Names of the shipped specs (file names without ``.json``), sorted."""
    return sorted(p.name[: -len(".json")] for p in _folder().iterdir() if p.name.endswith(".json"))


def read_text(name: str) -> str:
    """The JSON text of the shipped spec ``name``."""
    res = _folder().joinpath(f"{name}.json")
    if not res.is_file():
        from .._errors import SpecError

        shipped = ", ".join(available()) or "none"
        raise SpecError(f"unknown spec '{name}': no such file and no shipped spec of that name (shipped: {shipped})")
    return res.read_text(encoding="utf-8")
