// Registration functions of the jobbench._core bindings: one file per capability
// (register_<capability>*.cpp, as in include/jobbench/ and cpp/), plus what they share.
#pragma once

#include <pybind11/pybind11.h>

namespace jobbench::python {

void register_common(pybind11::module_& m);                // CSV reader, escape_text
void register_productivity_spec(pybind11::module_& m);     // spec, verbal classes
void register_productivity_data(pybind11::module_& m);     // benchmark input
void register_productivity_results(pybind11::module_& m);  // compute, results, compare
void register_staff(pybind11::module_& m);                 // staff time, Monte Carlo
void register_register(pybind11::module_& m);              // register indicators, ISO weeks
void register_periods(pybind11::module_& m);               // quarters, years, period labels
void register_measures(pybind11::module_& m);              // extended measures, several periods
void register_analysis(pybind11::module_& m);              // intervals (uncertainty of indicators)
void register_funnel(pybind11::module_& m);                // funnel plots, over-dispersion
void register_ranks(pybind11::module_& m);                 // rank confidence sets
void register_dea(pybind11::module_& m);                   // DEA, bootstrap, Malmquist (HiGHS)
void register_expected(pybind11::module_& m);              // expected vs actual, similar units
void register_audit(pybind11::module_& m);                 // case audits: shares, sampler

}  // namespace jobbench::python
