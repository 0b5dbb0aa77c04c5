"""jobbench: benchmark Danish job centres on productivity (FTE per 1,000 person-years) and quality.

The computation is done by the C++ core (``jobbench._core``); this package reads inputs into it and
shapes its results with pandas::

    import jobbench
    data = jobbench.datasets.benchmark2013()
    results = data.benchmark().fit()
    results.table("4.2")
    jobbench.write_report(results, "Varde", "output/varde")

One subpackage per capability (docs/architecture.md): :mod:`jobbench.productivity`,
:mod:`jobbench.register`, :mod:`jobbench.staff`, :mod:`jobbench.report`, :mod:`jobbench.datasets`
and the command line :mod:`jobbench.cli` (which the library never imports). The short names below
are their entry points for notebooks; none of them is the name of a subpackage.
"""
from . import _core
from ._errors import InputError, SpecError
from .spec import Spec, load_spec
from . import specs
from .productivity import MEAN_COLUMN, Benchmark, BenchmarkResults
from . import datasets
from .datasets import municipalities
from .register import RegisterWarning, periods
from .register import from_wide as panel_from_wide
from .register import indicators
from .register import indicators as register_indicators
from .register import person_years_frame as indicators_person_years
from .register import quality_frame as indicators_quality
from .register import synthetic_panel, synthetic_panel_to_ipc
from .staff import (StaffResults, StaffRoster, UncertaintyResults, WorkbookWarning, read_workbook, read_workbooks,
                    synthetic_roster, write_synthetic_workbooks, write_template)
from . import audit
from .report import write as write_report
from .report import write_tables

__version__ = "0.1.0"

__all__ = ["Benchmark", "BenchmarkResults", "InputError", "MEAN_COLUMN", "Spec", "SpecError",
           "datasets", "load_spec", "municipalities", "specs", "__version__"]
__all__ += ["write_report", "write_tables"]
__all__ += ["StaffResults", "StaffRoster", "UncertaintyResults", "WorkbookWarning", "read_workbook",
            "read_workbooks", "synthetic_roster", "write_synthetic_workbooks", "write_template"]
__all__ += ["RegisterWarning", "periods", "indicators", "indicators_person_years", "indicators_quality", "panel_from_wide",
            "register_indicators", "synthetic_panel", "synthetic_panel_to_ipc"]

# The capability subpackages are public too; dir() lists them with __all__ and hides the private
# helper modules that importing the package loads (_core, _errors, _excel ...).
_SUBPACKAGES = ["analysis", "audit", "datasets", "productivity", "register", "report", "specs", "staff"]


def __dir__() -> list[str]:
    return sorted(set(__all__) | {name for name in _SUBPACKAGES if name in globals()})
