"""Benchmark specs: :func:`load_spec` and :class:`Spec`."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping, Union

from . import _core
from . import specs as _specs
from ._errors import SpecError

__all__ = ["Spec", "load_spec"]

SpecLike = Union["Spec", str, "os.PathLike[str]", Mapping[str, Any]]


class Spec:
    """A validated benchmark spec.

    Wraps the C++ ``_core.BenchmarkSpec`` (``.core``) and keeps the parsed JSON (``.data``), from
    which Python reads the report tables and labels. The register part is parsed by C++ the first
    time :attr:`register` is read and kept: load a spec once, at the public boundary, and hand the
    ``Spec`` on (every function that takes a spec returns a ``Spec`` it is given unchanged).
    """

    def __init__(self, data: Mapping[str, Any], source: str = "<dict>") -> None:
        self.data: dict[str, Any] = dict(data)
        self.source = source
        try:
            # allow_nan=False: NaN is not JSON, the C++ parser would report it at a column of this text
            text = json.dumps(self.data, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise SpecError(f"spec {source}: not JSON-serialisable: {exc}") from None
        self.core = _parse_core(text, source)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_json_string(cls, text: Union[str, bytes], source: str = "<string>") -> "Spec":
        """Parse spec JSON (``bytes`` must be UTF-8). The C++ parser checks the text first, so
        errors give the line and column in it, and deep nesting never reaches ``json.loads``."""
        core = _parse_core(text, source)
        spec = cls.__new__(cls)
        spec.data = json.loads(text)
        spec.source = source
        spec.core = core
        return spec

    @property
    def register(self) -> Any:
        """The ``"register"`` part as a ``_core.RegisterSpec`` (parsed once, on first use).

        Raises :class:`SpecError` if the spec has no ``"register"`` object."""
        cached = self.__dict__.get("_register")
        if cached is None:
            if "register" not in self.data:
                raise SpecError(f"spec '{self.name}': no \"register\" object (groups and offer types of "
                                "the person-week panel; see docs/register-indicators.md)")
            text = json.dumps(self.data, ensure_ascii=False)
            cached = self.__dict__["_register"] = _core.RegisterSpec.from_json_string(text)
        return cached

    # -- contents -----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def tables(self) -> dict[str, Any]:
        """Report layouts: table id → ``{"title": ..., "rows": [...]}`` (design.md section 6)."""
        return dict(self.data.get("tables", {}))

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return list(self.data.get("tasks", []))

    @property
    def aggregates(self) -> list[dict[str, Any]]:
        return list(self.data.get("aggregates", []))

    @property
    def target_groups(self) -> list[dict[str, Any]]:
        return list(self.data.get("target_groups", []))

    @property
    def population_label(self) -> str:
        return str(self.data.get("population_label", "Befolkning"))

    @property
    def root(self) -> str:
        """Code of the root task."""
        for t in self.tasks:
            if not t.get("parent"):
                return str(t["code"])
        raise SpecError("spec has no root task")

    def label(self, code: str) -> str:
        """Label of a task, aggregate or target group (the code itself if unknown)."""
        for seq in (self.tasks, self.aggregates, self.target_groups):
            for entry in seq:
                if entry.get("code") == code:
                    return str(entry.get("label", code))
        return code

    def children(self, code: str) -> list[str]:
        """Codes of the direct sub-tasks of task ``code`` in spec order."""
        return [str(t["code"]) for t in self.tasks if t.get("parent") == code]

    def thresholds(self) -> Any:
        """The verbal-class thresholds (and basis) as the core's ``ClassThresholds`` object."""
        return self.core.classes

    def __repr__(self) -> str:
        return (f"Spec({self.name!r}, tasks={len(self.tasks)}, aggregates={len(self.aggregates)}, "
                f"target_groups={len(self.target_groups)}, tables={list(self.tables)})")


def _parse_core(text: Union[str, bytes], source: str) -> Any:
    """The C++ spec parser: the one validation (schema, then the rules of docs/spec.md)."""
    try:
        return _core.BenchmarkSpec.from_json_string(text)
    except SpecError as exc:
        raise SpecError(f"spec {source}: {exc}") from None


def load_spec(path_or_name: SpecLike = "benchmark2013") -> Spec:
    """Load a benchmark spec.

    ``path_or_name`` is a path to a JSON file, the name of a shipped spec (see
    ``jobbench.specs.available()``), a dict with the spec's contents, or a :class:`Spec`.
    """
    if isinstance(path_or_name, Spec):
        return path_or_name
    if isinstance(path_or_name, Mapping):
        return Spec(path_or_name)
    p = Path(os.fspath(path_or_name))
    if p.suffix.lower() == ".json" or p.exists():
        if not p.is_file():
            raise SpecError(f"spec file not found: {p}")
        try:
            raw = p.read_bytes()  # bytes: invalid UTF-8 is reported by the parser with its position
        except OSError as exc:
            raise SpecError(f"spec {p}: cannot read: {exc.strerror or exc}") from None
        return Spec.from_json_string(raw, source=str(p))
    name = str(path_or_name)
    return Spec.from_json_string(_specs.read_text(name), source=name)
