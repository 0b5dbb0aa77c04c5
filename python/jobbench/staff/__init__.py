"""Staff time: each employee's time shares → FTE (årsværk) per municipality × task (docs/staff-time.md).

Modules: :mod:`.roster` (:class:`StaffRoster`, validation, roll-up, review and Monte Carlo in C++),
:mod:`.template` (the Excel collection workbook), :mod:`.workbook` (reading filled workbooks) and
:mod:`.synthetic` (invented rosters consistent with a data set)::

    from jobbench import staff
    staff.write_template("varde.xlsx", "Varde")
    roster = staff.read_workbooks("workbooks/")      # = jobbench.read_workbooks
    fte = roster.aggregate().fte                     # -> jobbench.Benchmark(fte=...)
"""
from __future__ import annotations

from .roster import HOURS_PER_FTE, StaffResults, StaffRoster, UncertaintyResults
from .synthetic import synthetic_roster, write_synthetic_workbooks
from .template import template_columns, write_template
from .workbook import WorkbookWarning, read_workbook, read_workbooks

__all__ = ["HOURS_PER_FTE", "StaffResults", "StaffRoster", "UncertaintyResults", "WorkbookWarning",
           "read_workbook", "read_workbooks", "synthetic_roster", "template_columns", "write_synthetic_workbooks",
           "write_template"]
