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

/// The numpy columns of one chunk, held for the duration of the call.
struct ChunkArrays {
  Int64Array person;
  Int32Array week, municipality;
  py::array group_codes, offer_codes;
  std::vector<std::string> group_categories, offer_categories;
  DoubleArray benefit_share;
  std::optional<Int32Array> conversations;
  std::optional<py::array> partial_sick;
  std::optional<DoubleArray> wage_hours;
  std::string source;
  std::int64_t first_row = 0;
  bool lines = false;

  explicit ChunkArrays(const py::dict& d)
      : person(d["person"].cast<Int64Array>()),
        week(d["week"].cast<Int32Array>()),
        municipality(d["municipality"].cast<Int32Array>()),
        group_codes(d["group_codes"].cast<py::array>()),
        offer_codes(d["offer_codes"].cast<py::array>()),
        group_categories(d["group_categories"].cast<std::vector<std::string>>()),
        offer_categories(d["offer_categories"].cast<std::vector<std::string>>()),
        benefit_share(d["benefit_share"].cast<DoubleArray>()),
        source(d.contains("source") ? d["source"].cast<std::string>() : ""),
        first_row(d.contains("first_row") ? d["first_row"].cast<std::int64_t>() : 0),
        lines(d.contains("lines") && d["lines"].cast<bool>()) {
    auto optional = [&](const char* key) {
      return d.contains(key) && !d[key].is_none() ? std::optional<py::object>(d[key])
                                                  : std::nullopt;
    };
    if (auto c = optional("conversations")) conversations = c->cast<Int32Array>();
    if (auto c = optional("partial_sick")) partial_sick = c->cast<py::array>();
    if (auto c = optional("wage_hours")) wage_hours = c->cast<DoubleArray>();
  }

  PanelColumns columns() const {
    return panel_columns(person, week, municipality, group_codes, group_categories, offer_codes,
                         offer_categories, benefit_share, conversations, partial_sick,
                         wage_hours, source, first_row, lines);
  }
};

}  // namespace

void register_measures(py::module_& m) {
  py::class_<MeasurePartial>(m, "MeasurePartial")
      .def_readonly("input_rows", &MeasurePartial::input_rows)
      .def_readonly("municipalities", &MeasurePartial::municipalities)
      .def(py::pickle(&pickle_partial, &unpickle_partial));

  m.def(
      "measures_accumulate",
      [](const RegisterSpec& spec, const py::list& chunks,
         const std::vector<std::pair<std::int32_t, std::int32_t>>& periods, int status_weeks,
         int passive_weeks, unsigned threads, std::int32_t panel_first, std::int32_t panel_last) {
        std::vector<ChunkArrays> arrays;  // keeps the (possibly converted) arrays alive
        arrays.reserve(chunks.size());
        std::vector<PanelColumns> columns;
        for (const auto& item : chunks) {
          arrays.emplace_back(item.cast<py::dict>());
          columns.push_back(arrays.back().columns());
        }
        MeasureOptions options;
        for (const auto& [first, last] : periods) options.periods.push_back({first, last});
        options.status_weeks = status_weeks;
        options.passive_weeks = passive_weeks;
        options.threads = threads;
        options.panel_first = panel_first;
        options.panel_last = panel_last;
        py::gil_scoped_release release;
        return accumulate_measures(spec, columns, options);
      },
      py::arg("spec"), py::arg("chunks"), py::arg("periods"), py::arg("status_weeks") = 4,
      py::arg("passive_weeks") = 13, py::arg("threads") = 0, py::arg("panel_first") = 0,
      py::arg("panel_last") = 0,
      "Validate, (sort,) and accumulate the extended measures of a panel given as chunks of whole "
      "persons: dicts of numpy columns (person, week, municipality, group_codes, "
      "group_categories, offer_codes, offer_categories, benefit_share and optionally "
      "conversations, partial_sick, wage_hours; source, first_row, lines name the rows).");

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
