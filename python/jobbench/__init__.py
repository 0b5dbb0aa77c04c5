"""jobbench: benchmark Danish job centres on productivity (FTE per 1,000 person-years) and quality.

The computation is done by the C++ core (``jobbench._core``); this package reads inputs into it and
shapes its results with pandas::

    import jobbench
    data = jobbench.datasets.benchmark2013()
    results = data.benchmark().fit()
    results.table("4.2")
"""
from __future__ import annotations

from . import _core
from ._errors import InputError, SpecError
from .model import Benchmark
from .results import MEAN_COLUMN, BenchmarkResults
from .spec import Spec, load_spec
from . import specs
from . import datasets
from . import io
from . import report  # the municipality report; `jobbench.report(...)` writes it
from .staff import StaffResults, StaffRoster, UncertaintyResults
from .synthetic_staff import synthetic_roster, write_synthetic_workbooks
from .workbook import WorkbookWarning, read_workbook, read_workbooks, write_template
from .indicators import RegisterWarning, indicators
from .indicators import from_wide as panel_from_wide
from .indicators import person_years_frame as indicators_person_years
from .indicators import quality_frame as indicators_quality
from .synthetic_panel import synthetic_panel, synthetic_panel_to_ipc

__version__ = "0.1.0"

__all__ = ["Benchmark", "BenchmarkResults", "InputError", "MEAN_COLUMN", "Spec", "SpecError",
           "datasets", "io", "load_spec", "specs", "__version__"]
__all__ += ["report"]
__all__ += ["StaffResults", "StaffRoster", "UncertaintyResults", "WorkbookWarning", "read_workbook",
            "read_workbooks",
            "synthetic_roster", "write_synthetic_workbooks", "write_template"]
__all__ += ["RegisterWarning", "indicators", "indicators_person_years", "indicators_quality",
            "panel_from_wide", "synthetic_panel", "synthetic_panel_to_ipc"]
