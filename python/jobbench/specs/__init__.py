"""Benchmark specs shipped with jobbench (JSON files in this folder).

>>> import jobbench
>>> jobbench.specs.available()
['benchmark2013', 'jobindsats2019']

``spec.schema.json`` is the JSON Schema (draft 2020-12) every spec must follow (docs/spec.md):
``schema_path()`` / ``schema()``. The C++ parser embeds the same file.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_FILE", "available", "read_text", "schema", "schema_path"]

#: file name of the spec schema in this folder (and in ``share/jobbench/`` of a C++ install)
SCHEMA_FILE = "spec.schema.json"


def _folder():
    return resources.files(__name__)


def available() -> list[str]:
    """Names of the shipped specs (file names without ``.json``), sorted."""
    return sorted(p.name[: -len(".json")] for p in _folder().iterdir()
                  if p.name.endswith(".json") and p.name != SCHEMA_FILE)


def schema_path() -> Path:
    """Path of the shipped JSON Schema of benchmark specs."""
    return Path(str(_folder().joinpath(SCHEMA_FILE)))


def schema() -> dict[str, Any]:
    """The JSON Schema of benchmark specs, parsed (for ``jsonschema`` or an editor)."""
    result: dict[str, Any] = json.loads(_folder().joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    return result


def read_text(name: str) -> str:
    """The JSON text of the shipped spec ``name``."""
    res = _folder().joinpath(f"{name}.json")
    if not res.is_file() or res.name == SCHEMA_FILE:
        from .._errors import SpecError

        shipped = ", ".join(available()) or "none"
        raise SpecError(f"unknown spec '{name}': no such file and no shipped spec of that name (shipped: {shipped})")
    return res.read_text(encoding="utf-8")
