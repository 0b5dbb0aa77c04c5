"""Statistical analysis of benchmark figures: is a difference real? (issue 13, in progress)

>>> from jobbench import analysis
>>> analysis.proportion_interval(7, 20)                    # Wilson, 95 %
(0.18119..., 0.56714...)
>>> analysis.proportion_interval([7, 0], [20, 10], method="exact")
>>> analysis.funnel(events, persons).to_frame()             # funnel plot, FunnelPlotR "PR"

Computed in C++ (``include/jobbench/analysis/``, Boost.Math quantiles); this package shapes pandas.
"""
from __future__ import annotations

from .funnel import (Funnel, FunnelWarning, expected_counts, funnel, funnel_from_estimates,
                     funnel_standardised)
from .intervals import poisson_interval, proportion_interval

__all__ = ["Funnel", "FunnelWarning", "expected_counts", "funnel", "funnel_from_estimates",
           "funnel_standardised", "poisson_interval", "proportion_interval"]
