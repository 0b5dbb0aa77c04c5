"""Finding a municipality the way a user types it: name in any case, or its 3-digit kommunekode.

Case folding and the "did you mean" suggestion are the C++ core's (``_core.find_name``), so the
C++ API and Python match names the same way.
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Sequence

from . import _core

# The shipped table of the 98 municipalities (also jobbench.municipalities()); read by path so that
# the lower layers need not import jobbench.datasets.
_TABLE = Path(__file__).with_name("datasets") / "municipalities.csv"


@functools.lru_cache(maxsize=1)
def municipality_codes() -> dict[int, str]:
    """kommunekode -> Danish name for the 98 municipalities."""
    with _TABLE.open(encoding="utf-8", newline="") as f:
        return {int(row["code"]): row["name"] for row in csv.DictReader(f)}


def find_municipality(names: Sequence[str], query: str) -> int:
    """Position of ``query`` in ``names``: the name (any case) or the kommunekode (e.g. "573" for Varde).

    Raises InputError "unknown municipality 'x' (did you mean 'y'?)" otherwise.
    """
    text = str(query).strip()
    if text.isdigit() and text not in names:
        name = municipality_codes().get(int(text))
        if name is not None and name.casefold() in {n.casefold() for n in names}:
            text = name
    return int(_core.find_name(list(names), text, "municipality"))
