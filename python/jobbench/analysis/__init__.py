"""Statistical analysis of benchmark figures: is a difference real? 

>>> from jobbench import analysis
>>> analysis.proportion_interval(7, 20)                    # Wilson, 95 %
(0.18119..., 0.56714...)
>>> analysis.proportion_interval([7, 0], [20, 10], method="exact")
>>> analysis.funnel(events, persons).to_frame()             # funnel plot, FunnelPlotR "PR"
>>> analysis.rank_sets(estimates, se, seed=1)                # rank confidence sets (csranks)
>>> analysis.dea(inputs, outputs, rts="vrs").efficiency       # frontier analysis (DEA, HiGHS)
>>> analysis.expected(job_rate, framework)                   # actual against expected, leave-one-out
>>> analysis.similar(framework, 4)["Varde"]                  # comparison group (Mahalanobis)

Computed in C++ (``include/jobbench/analysis/``, Boost.Math quantiles); this package shapes pandas.
"""
from __future__ import annotations

from .dea import DeaResult, DeaWarning, dea, dea_bootstrap, malmquist
from .expected import expected, mahalanobis_distances, plot_expected, similar
from .benchmark import (EVENTS_PER_PERSON_YEAR, QualityFunnel, productivity_rank_sets,
                        quality_basis, quality_funnels, synthetic_uncertainty)
from .funnel import (Funnel, FunnelWarning, expected_counts, funnel, funnel_from_estimates,
                     funnel_standardised)
from .intervals import poisson_interval, proportion_interval
from .ranks import bottom_set, plot_rank_sets, rank_sets, top_set

__all__ = ["DeaResult", "DeaWarning", "EVENTS_PER_PERSON_YEAR",
           "expected", "mahalanobis_distances", "plot_expected", "similar", "Funnel", "FunnelWarning", "QualityFunnel", "bottom_set", "dea", "dea_bootstrap", "expected_counts", "funnel", "funnel_from_estimates",
           "funnel_standardised", "malmquist", "plot_rank_sets", "poisson_interval", "productivity_rank_sets",
           "proportion_interval", "quality_basis", "quality_funnels", "rank_sets",
           "synthetic_uncertainty", "top_set"]
