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

__version__ = "0.1.0"

__all__ = ["Benchmark", "BenchmarkResults", "InputError", "MEAN_COLUMN", "Spec", "SpecError",
           "datasets", "io", "load_spec", "specs", "__version__"]
