"""Error classes: the C++ core's exceptions, re-exported so that ``except jobbench.InputError`` catches both."""
from __future__ import annotations

from . import _core

InputError = _core.InputError
SpecError = _core.SpecError

__all__ = ["InputError", "SpecError"]
