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
>>> analysis.efficiency(results, quality=True).to_frame()    # the default DEA model on a benchmark
>>> analysis.what_if(results)                                # FTE needed at mean / best quartile / frontier
>>> analysis.plot_what_if(analysis.what_if(results), "Varde")  # its chart (plot_malmquist: ec against tc)

Computed in C++ (``include/jobbench/analysis/``, Boost.Math quantiles); this package shapes pandas.
"""
from __future__ import annotations

from .dea import DeaResult, DeaWarning, dea, dea_bootstrap, malmquist, plot_malmquist
from .efficiency import (DEFAULT_AREAS, EfficiencyResult, efficiency, efficiency_model, plot_what_if,
                         quality_effect, what_if)
from .expected import expected, mahalanobis_distances, plot_expected, similar
from .benchmark import (EVENTS_PER_PERSON_YEAR, QualityFunnel, productivity_rank_sets,
                        quality_basis, quality_funnels, synthetic_uncertainty)
from .funnel import (Funnel, FunnelWarning, expected_counts, funnel, funnel_from_estimates,
                     funnel_standardised)
from .intervals import poisson_interval, proportion_interval
from .ranks import bottom_set, plot_rank_sets, rank_sets, top_set

__all__ = ["bottom_set", "dea", "dea_bootstrap", "DeaResult", "DeaWarning", "DEFAULT_AREAS", "efficiency",
           "efficiency_model", "EfficiencyResult", "EVENTS_PER_PERSON_YEAR", "expected", "expected_counts",
           "Funnel", "funnel", "funnel_from_estimates", "funnel_standardised", "FunnelWarning",
           "mahalanobis_distances", "malmquist", "plot_expected", "plot_malmquist", "plot_rank_sets",
           "plot_what_if", "poisson_interval", "productivity_rank_sets", "proportion_interval", "quality_basis",
           "quality_effect", "quality_funnels", "QualityFunnel", "rank_sets", "similar", "synthetic_uncertainty",
           "top_set", "what_if"]
