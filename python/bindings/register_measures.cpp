// Bindings of the extended register measures (include/jobbench/register/measures.hpp): numpy
// columns in, the long table's numpy columns out. jobbench.register.measures shapes them.
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/register/measures.hpp"
#include "panel_columns.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

template <typename T>
py::array_t<T> column(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::bytes pickle_partial(const MeasurePartial& p) {
  const auto words = p.to_words();
  return py::bytes(reinterpret_cast<const char*>(words.data()),
                   words.size() * sizeof(std::uint64_t));
}

MeasurePartial unpickle_partial(const py::bytes& data) {
  const std::string s = data;
  if (s.size() % sizeof(std::uint64_t) != 0) {
    throw std::invalid_argument("MeasurePartial: corrupt pickle");
  }
  std::vector<std::uint64_t> words(s.size() / sizeof(std::uint64_t));
  std::memcpy(words.data(), s.data(), s.size());
  return MeasurePartial::from_words(words);
}

py::dict result_to_dict(const MeasureResult& r) {
  py::dict columns;
  columns["period"] = column(r.period);
  columns["municipality"] = column(r.municipality);
  columns["unit"] = column(r.unit);
  columns["measure"] = column(r.measure);
  columns["numerator"] = column(r.numerator);
  columns["denominator"] = column(r.denominator);
  columns["value"] = column(r.value);
  py::list periods, kinds;
  for (const auto& p : r.periods) periods.append(py::make_tuple(p.first, p.last));
  for (auto k : r.unit_kinds) {
    kinds.append(k == UnitKind::Group ? "group" : k == UnitKind::Aggregate ? "aggregate" : "total");
  }
  py::dict out;
  out["columns"] = columns;
  out["periods"] = periods;
  out["unit_codes"] = r.unit_codes;
  out["unit_kinds"] = kinds;
  out["measure_names"] = r.measure_names;
  out["panel_first"] = r.panel_first;
  out["panel_last"] = r.panel_last;
  out["input_rows"] = r.input_rows;
  out["status_rows"] = r.status_rows;
  out["sorted_input"] = r.sorted_input;
  out["threads"] = r.threads;
  out["warnings"] = r.warnings;
  return out;
}

}  // namespace

void register_measures(py::module_& m) {
  py::class_<MeasurePartial>(m, "MeasurePartial")
      .def_readonly("input_rows", &MeasurePartial::input_rows)
      .def_readonly("municipalities", &MeasurePartial::municipalities)
      .def(py::pickle(&pickle_partial, &unpickle_partial));

  m.def(
      "measures_accumulate",
      [](const RegisterSpec& spec, const Int64Array& person, const Int32Array& week,
         const Int32Array& municipality, const py::array& group_codes,
         std::vector<std::string> group_categories, const py::array& offer_codes,
         std::vector<std::string> offer_categories, const DoubleArray& benefit_share,
         const std::optional<Int32Array>& conversations,
         const std::optional<py::array>& partial_sick,
         const std::optional<DoubleArray>& wage_hours,
         const std::vector<std::pair<std::int32_t, std::int32_t>>& periods, int status_weeks,
         int passive_weeks, unsigned threads, std::int32_t panel_first, std::int32_t panel_last,
         std::string source, std::int64_t first_row, bool lines) {
        PanelColumns pc = panel_columns(person, week, municipality, group_codes,
                                        std::move(group_categories), offer_codes,
                                        std::move(offer_categories), benefit_share, conversations,
                                        partial_sick, wage_hours, std::move(source), first_row,
                                        lines);
        MeasureOptions options;
        for (const auto& [first, last] : periods) options.periods.push_back({first, last});
        options.status_weeks = status_weeks;
        options.passive_weeks = passive_weeks;
        options.threads = threads;
        options.panel_first = panel_first;
        options.panel_last = panel_last;
        py::gil_scoped_release release;
        return accumulate_measures(spec, pc, options);
      },
      py::arg("spec"), py::arg("person"), py::arg("week"), py::arg("municipality"),
      py::arg("group_codes"), py::arg("group_categories"), py::arg("offer_codes"),
      py::arg("offer_categories"), py::arg("benefit_share"), py::arg("conversations") = py::none(),
      py::arg("partial_sick") = py::none(), py::arg("wage_hours") = py::none(),
      py::arg("periods"), py::arg("status_weeks") = 4, py::arg("passive_weeks") = 13,
      py::arg("threads") = 0, py::arg("panel_first") = 0, py::arg("panel_last") = 0,
      py::arg("source") = "", py::arg("first_row") = 0, py::arg("lines") = false,
      "Validate, (sort,) and accumulate the extended measures of one person-aligned panel.");

  m.def(
      "measures_merge",
      [](const std::vector<MeasurePartial>& parts) {
        py::gil_scoped_release release;
        return merge_measures(parts);
      },
      py::arg("parts"), "Exact sum of measure partials of disjoint sets of persons.");

  m.def(
      "measures_finalize",
      [](const RegisterSpec& spec, const MeasurePartial& partial) {
        MeasureResult r;
        {
          py::gil_scoped_release release;
          r = finalize_measures(spec, partial);
        }
        return result_to_dict(r);
      },
      py::arg("spec"), py::arg("partial"), "The long table of a (merged) measure partial.");
}

}  // namespace jobbench::python
