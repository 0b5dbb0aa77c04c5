"""Register indicators: person-years and quality indicators from a person-week panel.

The definitions are in ``docs/register-indicators.md``; the C++ engine computes them::

    from jobbench import register
    panel = register.synthetic_panel(persons=20_000, seed=1)
    ind = register.indicators(panel)                 # = jobbench.register_indicators(panel)
    register.person_years_frame(ind)                 # the benchmark's person_years input

Modules: :mod:`.panel` (panel columns as the engine's arrays, panel files), :mod:`.compute` (the
engine's runs and its tidy result), :mod:`.extended` (today's measures for several periods: the
long table of :func:`measures`), :mod:`.periods` (quarters, years and their labels; also
``jobbench.periods``), :mod:`.compare` (changes between periods), :mod:`.wide` (the wide layout
to the panel), :mod:`.frames` (the benchmark's inputs from the result), :mod:`.synthetic` and
:mod:`.synthetic_national` (invented panels) and :mod:`.dask` (the same indicators and measures
on a dask DataFrame; imported on its own, needs dask).
"""
from __future__ import annotations

from . import periods
from .compare import compare_periods
from .compute import (INDICATOR_COLUMNS, INTERVAL_COLUMNS, INTERVAL_INDICATORS, RegisterWarning,
                      accumulate_partial, finalize_partials, indicators, register_spec)
from .extended import MEASURE_COLUMNS, accumulate_measures, finalize_measures, measures
from .frames import (municipality_names, person_years_frame, person_years_from_measures,
                     persons_from_measures, quality_frame, quality_from_measures)
from .panel import PANEL_COLUMNS, REQUIRED_COLUMNS, read_panel
from .periods import Period
from .synthetic import iter_synthetic_panel, persons_for_rows, synthetic_panel, synthetic_panel_to_ipc
from .synthetic_national import synthetic_national_panel, synthetic_national_panel_to_ipc
from .synthetic_frontier import synthetic_efficiency_panel, synthetic_framework
from .wide import OTHER_SUPPORT, SELF_SUPPORTING, from_wide

__all__ = ["INDICATOR_COLUMNS", "INTERVAL_COLUMNS", "INTERVAL_INDICATORS", "MEASURE_COLUMNS",
           "OTHER_SUPPORT", "PANEL_COLUMNS", "Period", "REQUIRED_COLUMNS", "RegisterWarning",
           "SELF_SUPPORTING", "accumulate_measures", "accumulate_partial", "compare_periods",
           "finalize_measures", "finalize_partials", "from_wide", "indicators",
           "iter_synthetic_panel", "measures", "municipality_names", "periods",
           "person_years_frame", "person_years_from_measures", "persons_for_rows",
           "persons_from_measures", "quality_from_measures", "quality_frame", "read_panel",
           "register_spec", "synthetic_efficiency_panel", "synthetic_framework",
           "synthetic_national_panel", "synthetic_national_panel_to_ipc",
           "synthetic_panel", "synthetic_panel_to_ipc"]
