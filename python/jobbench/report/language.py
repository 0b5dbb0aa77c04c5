"""Words and number formats of the report in Danish (default) and English.

Danish numbers use a decimal comma and a thousands point (``formatting.fmt_number``); English numbers a
decimal point and a thousands comma.
"""
from __future__ import annotations

import math
from typing import Any

from ..formatting import fmt_number

__all__ = ["LANGUAGES", "Lang", "get_language"]

LANGUAGES = ("da", "en")

#: Danish ordinals for rank words ("den femte højeste"); rank 1 and 2 have their own words
_DA_ORDINALS = ["første", "anden", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende", "niende",
                "tiende", "ellevte", "tolvte", "trettende", "fjortende", "femtende", "sekstende", "syttende",
                "attende", "nittende", "tyvende"]
_EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                "eighteenth", "nineteenth", "twentieth"]

#: symbol printed for a figure withheld by disclosure control (as jobindsats.dk does)
SUPPRESSED = "."


def _missing(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


class Lang:
    """Number formatting and fixed words of one language."""

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown language '{code}' (choose one of: {', '.join(LANGUAGES)})")
        self.code = code
        self.da = code == "da"

    # -- numbers ----------------------------------------------------------------------------------
    def num(self, x: Any, decimals: int = 1, dash_zero: bool = False, missing: str = "-") -> str:
        s = fmt_number(x, decimals, dash_zero=dash_zero, missing=missing)
        if self.da or _missing(x) or s in ("-", missing):
            return s
        # Danish "1.234,5" -> English "1,234.5"
        return s.replace(".", "\x00").replace(",", ".").replace("\x00", ",")

    def pct(self, x: Any, decimals: int = 1, missing: str = "-") -> str:
        """A fraction as a percentage: 0.124 -> "12,4%" / "12.4%"."""
        if _missing(x):
            return missing
        return self.num(float(x) * 100.0, decimals) + "%"

    def value(self, x: Any, fmt: str) -> str:
        """Format a table cell by its row format (as ``formatting.fmt_value``)."""
        if fmt == "percent":
            return self.pct(x)
        if fmt in ("integer", "count", "rank"):
            return self.num(x, 0)
        return self.num(x, 1, dash_zero=True)

    # -- words --------------------------------------------------------------------------------------
    def rank_word(self, rank: int) -> str:
        """``1 -> "den højeste"``, ``2 -> "den næsthøjeste"``, ``5 -> "den femte højeste"``."""
        if self.da:
            if rank == 1:
                return "den højeste"
            if rank == 2:
                return "den næsthøjeste"
            if rank <= len(_DA_ORDINALS):
                return f"den {_DA_ORDINALS[rank - 1]} højeste"
            return f"den {rank}. højeste"
        if rank == 1:
            return "the highest"
        if rank <= len(_EN_ORDINALS):
            return f"the {_EN_ORDINALS[rank - 1]} highest"
        suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
        return f"the {rank}{suffix} highest"

    def municipality(self, name: str) -> str:
        """"Varde" -> "Varde Kommune" / "Varde Municipality" (unless the name already says so)."""
        word = "Kommune" if self.da else "Municipality"
        if name.lower().endswith(("kommune", "municipality")):
            return name
        return f"{name} {word}"

    def t(self, da: str, en: str) -> str:
        return da if self.da else en


def get_language(code: str) -> Lang:
    return Lang(code)
