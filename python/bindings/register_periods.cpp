// Bindings of the register periods (include/jobbench/register/periods.hpp): quarters and years of
// ISO weeks, their labels and the parsing of labels. A period crosses as a (first, last) tuple of
// YYYYWW integers; jobbench.register.periods wraps it in its Period type.
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "jobbench/register/periods.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Pair = std::tuple<std::int32_t, std::int32_t>;

Pair to_pair(const MeasurementPeriod& p) { return {p.first, p.last}; }

std::vector<Pair> to_pairs(const std::vector<MeasurementPeriod>& periods) {
  std::vector<Pair> out;
  out.reserve(periods.size());
  for (const auto& p : periods) out.push_back(to_pair(p));
  return out;
}

}  // namespace

void register_periods(py::module_& m) {
  m.def(
      "quarter_period",
      [](int year, int quarter) { return to_pair(quarter_period(year, quarter)); }, py::arg("year"),
      py::arg("quarter"));
  m.def(
      "year_period", [](int year) { return to_pair(year_period(year)); }, py::arg("year"));
  m.def(
      "quarter_periods",
      [](int y0, int q0, int y1, int q1) { return to_pairs(quarter_periods(y0, q0, y1, q1)); },
      py::arg("first_year"), py::arg("first_quarter"), py::arg("last_year"),
      py::arg("last_quarter"));
  m.def(
      "year_periods", [](int y0, int y1) { return to_pairs(year_periods(y0, y1)); },
      py::arg("first_year"), py::arg("last_year"));
  m.def(
      "period_label",
      [](std::int32_t first, std::int32_t last) {
        return period_label({first, last});
      },
      py::arg("first"), py::arg("last"));
  m.def(
      "parse_period", [](const std::string& text) { return to_pair(parse_period(text)); },
      py::arg("text"));
  m.def(
      "parse_periods", [](const std::string& text) { return to_pairs(parse_periods(text)); },
      py::arg("text"));
}

}  // namespace jobbench::python
