"""Measurement periods: quarters and years of ISO weeks, their labels, and lists of them.

A period is an inclusive range of ISO weeks ``(first, last)`` written YYYYWW. The quarter (and the
year) of a week is that of its Thursday, so a quarter is 12 to 14 whole weeks and the four quarters
of a year are exactly weeks 01 to 52 (or 53) of its ISO year: 2020W53 (Thursday 2020-12-31) lies in
2020Q4, and 2021Q1 is 2021W01-2021W12. The C++ core computes them
(``jobbench/register/periods.hpp``)::

    import jobbench
    jobbench.periods.quarter(2021, 3)              # Period(first=202126, last=202139), "2021Q3"
    jobbench.periods.year(2020)                    # Period(first=202001, last=202053), "2020"
    jobbench.periods.quarters(2019, 1, 2021, 4)    # the 12 quarters, in order
    jobbench.periods.parse("2019Q1:2021Q4,2022")   # a list of labels and ranges
    jobbench.periods.label((202127, 202226))       # "202127-202226"

Labels (decision 11 of the extended-indicators contract): ``"YYYYQn"`` when the range is exactly a
quarter, ``"YYYY"`` when it is exactly an ISO year, otherwise ``"FIRST-LAST"``. An unknown label is
an :class:`jobbench.InputError` of one line naming the text, the rule and the accepted forms.
"""
from __future__ import annotations

import numbers
from typing import Any, Iterable, NamedTuple, Sequence, Union

from .. import _core
from .._errors import InputError

__all__ = ["Period", "PeriodLike", "as_period", "as_periods", "is_period_list", "label", "parse",
           "quarter", "quarters", "year", "years"]


class Period(NamedTuple):
    """An inclusive range of ISO weeks ``(first, last)`` as YYYYWW integers; ``str()`` is the
    label."""

    first: int
    last: int

    @property
    def label(self) -> str:
        """``"2021Q3"``, ``"2021"`` or ``"202127-202226"`` (InputError for invalid weeks)."""
        return str(_core.period_label(int(self.first), int(self.last)))

    def __str__(self) -> str:
        return self.label


#: One period as the functions here accept it: a :class:`Period`, a ``(first, last)`` pair of
#: YYYYWW integers, or a label such as ``"2021Q3"``.
PeriodLike = Union[Period, Sequence[int], str]


def _period(pair: Sequence[int]) -> Period:
    return Period(int(pair[0]), int(pair[1]))


def quarter(year: int, quarter: int) -> Period:
    """The ISO weeks whose Thursday falls in calendar quarter ``quarter`` (1-4) of ``year``."""
    return _period(_core.quarter_period(year, quarter))


def year(year: int) -> Period:
    """Weeks 01 to 52 (or 53) of ISO year ``year``."""
    return _period(_core.year_period(year))


def quarters(first_year: int, first_quarter: int, last_year: int,
             last_quarter: int) -> list[Period]:
    """Every quarter from ``first_year``/``first_quarter`` to ``last_year``/``last_quarter``, both
    included, in order (``quarters(2019, 1, 2021, 4)`` is 12 quarters)."""
    found = _core.quarter_periods(first_year, first_quarter, last_year, last_quarter)
    return [_period(p) for p in found]


def years(first_year: int, last_year: int) -> list[Period]:
    """Every ISO year from ``first_year`` to ``last_year``, both included, in order."""
    return [_period(p) for p in _core.year_periods(first_year, last_year)]


def parse(text: str) -> list[Period]:
    """The periods of a label, a comma-separated list or a range, in the order written.

    ``"2021Q3"`` (or ``"2021q3"``), ``"2021"``, ``"202127-202226"``; lists ``"2021Q3,2022"``; ranges
    ``"2019Q1:2021Q4"`` (every quarter) and ``"2019:2021"`` (every year). A period listed twice is
    an error, as is an unknown label (:class:`jobbench.InputError`, one line with a hint).
    """
    if not isinstance(text, str):
        raise InputError(f"periods: expected a label such as '2021Q3' or '2019Q1:2021Q4', "
                         f"got {type(text).__name__}")
    return [_period(p) for p in _core.parse_periods(text)]


def label(first_last: Union[Period, Sequence[int]]) -> str:
    """The label of a ``(first, last)`` pair: ``"2021Q3"``, ``"2021"`` or ``"202127-202226"``."""
    return as_period(first_last).label


def _is_week(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def as_period(value: PeriodLike) -> Period:
    """One period from a :class:`Period`, a ``(first, last)`` pair or a single label."""
    if isinstance(value, str):
        return _period(_core.parse_period(value))
    if isinstance(value, Iterable):
        pair = list(value)
        if len(pair) == 2 and all(_is_week(v) for v in pair):
            return Period(int(pair[0]), int(pair[1]))
    raise InputError(f"period: expected (first_week, last_week) as YYYYWW integers or a label "
                     f"such as '2021Q3', '2021' or '202127-202226', got {value!r}")


def is_period_list(value: Any) -> bool:
    """True for several periods (a list of periods, or a label list / range such as
    ``"2021Q3,2022"`` or ``"2019Q1:2021Q4"``); False for one period or ``None``."""
    if value is None:
        return False
    if isinstance(value, str):
        return "," in value or ":" in value
    if isinstance(value, Period):
        return False
    if isinstance(value, Iterable):
        items = list(value)
        return not (len(items) == 2 and all(_is_week(v) for v in items))
    return False


def as_periods(value: Union[PeriodLike, Iterable[PeriodLike]]) -> list[Period]:
    """A list of periods from one period, a label list or range (:func:`parse`), or a sequence of
    :class:`Period` objects, ``(first, last)`` pairs and labels. Each period is checked (its label
    is computed), and a period given twice is an error."""
    if isinstance(value, str):
        found = parse(value)
    elif is_period_list(value):
        found = [as_period(v) for v in value]  # type: ignore[union-attr]
    else:
        found = [as_period(value)]  # type: ignore[arg-type]
    seen: set[Period] = set()
    for p in found:
        text = p.label
        if p in seen:
            raise InputError(f"periods: {text} is listed twice")
        seen.add(p)
    if not found:
        raise InputError("periods: an empty list; give at least one period such as '2021Q3'")
    return found
