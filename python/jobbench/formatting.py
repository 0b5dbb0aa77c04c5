"""Danish number formatting as in the report: decimal comma, thousands point ("2.850", "24,1", "12,4%")."""
from __future__ import annotations

import math
from typing import Any

__all__ = ["LAYOUT_PREFIXES", "fmt_number", "fmt_percent", "fmt_value", "indent_label", "lower_first", "prefix_level",
           "split_prefix"]

#: Layout prefixes of a spec table's row labels: "*" a main task under the table's first row, "-" a
#: sub-row ("-For over 30-årige", "-Heraf ledelse"). They are drawn, never part of the data.
LAYOUT_PREFIXES = ("*", "-")


def _is_missing(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def fmt_number(x: Any, decimals: int = 1, dash_zero: bool = False, missing: str = "") -> str:
    """``24.06 -> "24,1"``, ``2850 -> "2.850"`` (decimals=0); ``dash_zero`` prints 0 as "-" like the report."""
    if _is_missing(x):
        return missing
    v = float(x)
    if dash_zero and v == 0:
        return "-"
    s = f"{v:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_percent(x: Any, decimals: int = 1, scale: float = 100.0, missing: str = "") -> str:
    """A fraction as a Danish percentage: ``0.124 -> "12,4%"``."""
    if _is_missing(x):
        return missing
    return fmt_number(float(x) * scale, decimals) + "%"


def fmt_value(x: Any, fmt: str = "decimal", decimals: int = 1) -> str:
    """Format by a table row's format: ``decimal``, ``percent`` (fraction), ``integer``."""
    if fmt == "percent":
        return fmt_percent(x, decimals, missing="-")
    if fmt in ("integer", "count", "rank"):
        return fmt_number(x, 0, missing="-")
    return fmt_number(x, decimals, dash_zero=True, missing="-")


def lower_first(label: str) -> str:
    """Lower-case the first letter of a label used inside a sentence, unless it starts an
    abbreviation ("A-dagpenge", "JC-målgruppe" stay as they are)."""
    if len(label) >= 2 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def split_prefix(label: str) -> tuple[str, str]:
    """``"-Heraf ledelse" -> ("-", "Heraf ledelse")``; ``"*A-dagpenge" -> ("*", "A-dagpenge")``;
    a label without a layout prefix gives ``("", label)``."""
    label = str(label)
    k = 0
    while k < len(label) and label[k] in LAYOUT_PREFIXES:
        k += 1
    return label[:k], label[k:].lstrip() if k else label


def prefix_level(prefix: str) -> int:
    """Indentation level drawn for a layout prefix (one level per prefix character)."""
    return len(prefix)


def indent_label(label: str, prefix: str, unit: str = "  ") -> str:
    """A label with its layout prefix drawn as indentation: ``("Heraf ledelse", "-") -> "  Heraf ledelse"``."""
    return unit * prefix_level(prefix) + str(label)
