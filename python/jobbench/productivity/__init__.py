"""The productivity benchmark: FTE per 1,000 person-years, compared across municipalities.

:class:`Benchmark` (:mod:`.model`) holds the inputs and :meth:`Benchmark.fit` computes in C++;
:class:`BenchmarkResults` (:mod:`.results`) shapes the result as tidy frames, report tables and text
(docs/design.md)::

    from jobbench.productivity import Benchmark
    results = Benchmark(spec, fte, person_years, population).fit()
    results.table("4.2")
"""
from __future__ import annotations

from .model import Benchmark
from .results import MEAN_COLUMN, BenchmarkResults

__all__ = ["MEAN_COLUMN", "Benchmark", "BenchmarkResults"]
