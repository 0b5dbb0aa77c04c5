// Bindings of the analysis capability: intervals for counts (vectorised over units).
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/analysis/intervals.hpp"
#include "jobbench/errors.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::string unit_name(const std::vector<std::string>& units, py::ssize_t i) {
  return units.empty() ? "unit " + std::to_string(i) : units[static_cast<std::size_t>(i)];
}

std::pair<Array, Array> proportion_intervals(const Array& k, const Array& n, double level,
                                             const std::string& method,
                                             const std::vector<std::string>& units) {
  if (k.size() != n.size()) throw InputError("numerator and denominator differ in length");
  const ProportionMethod how = proportion_method(method);
  Array lower(k.size()), upper(k.size());
  auto kk = k.unchecked<1>();
  auto nn = n.unchecked<1>();
  auto lo = lower.mutable_unchecked<1>();
  auto hi = upper.mutable_unchecked<1>();
  for (py::ssize_t i = 0; i < k.size(); ++i) {
    const Interval interval = proportion_interval(kk(i), nn(i), level, how, unit_name(units, i));
    lo(i) = interval.lower;
    hi(i) = interval.upper;
  }
  return {lower, upper};
}

std::pair<Array, Array> poisson_intervals(const Array& k, double level,
                                          const std::vector<std::string>& units) {
  Array lower(k.size()), upper(k.size());
  auto kk = k.unchecked<1>();
  auto lo = lower.mutable_unchecked<1>();
  auto hi = upper.mutable_unchecked<1>();
  for (py::ssize_t i = 0; i < k.size(); ++i) {
    const Interval interval = poisson_interval(kk(i), level, unit_name(units, i));
    lo(i) = interval.lower;
    hi(i) = interval.upper;
  }
  return {lower, upper};
}

}  // namespace

void register_analysis(py::module_& m) {
  m.def("proportion_intervals", &proportion_intervals, py::arg("k"), py::arg("n"), py::arg("level"),
        py::arg("method"), py::arg("units") = std::vector<std::string>{},
        "(lower, upper) arrays: Wilson or exact (Clopper-Pearson) intervals of k / n per unit.");
  m.def("poisson_intervals", &poisson_intervals, py::arg("k"), py::arg("level"),
        py::arg("units") = std::vector<std::string>{},
        "(lower, upper) arrays: Garwood exact intervals of Poisson counts per unit.");
}

}  // namespace jobbench::python
