// Bindings of the register capability (include/jobbench/register/): ISO weeks, the register spec
// and the indicator engine, with zero-copy numpy columns in and numpy result columns out. The
// Python layer (jobbench.register) shapes inputs and outputs.
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/spec.hpp"
#include "panel_columns.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

template <typename T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::list issues_to_list(const std::vector<PanelIssue>& issues) {
  py::list out;
  for (const auto& d : issues) {
    py::dict item;
    item["rule"] = panel_rule_name(d.rule);
    item["text"] = panel_rule_text(d.rule);
    item["count"] = d.count;
    item["rows"] = d.rows;
    item["examples"] = d.examples;
    out.append(item);
  }
  return out;
}

}  // namespace

void register_register(py::module_& m) {
  m.def("is_long_iso_year", &is_long_iso_year, py::arg("year"));
  m.def("iso_weeks_in_year", &iso_weeks_in_year, py::arg("year"));
  m.def("is_valid_iso_week", &is_valid_iso_week, py::arg("yyyyww"));
  m.def("iso_week_index", &iso_week_index, py::arg("yyyyww"));
  m.def("iso_week_from_index", &iso_week_from_index, py::arg("index"));
  m.def(
      "iso_week_index_array",
      [](const Int32Array& weeks) {
        py::array_t<std::int32_t> out(weeks.size());
        const auto& table = IsoWeekTable::instance();
        const std::int32_t* in = weeks.data();
        std::int32_t* o = out.mutable_data();
        for (py::ssize_t i = 0; i < weeks.size(); ++i) {
          const std::int32_t v = table.index(in[i]);
          if (v == IsoWeekTable::kInvalid) iso_week_index(in[i]);  // throws, naming the week
          o[i] = v;
        }
        return out;
      },
      py::arg("weeks"), "Continuous week index of each YYYYWW (1970W01 = 0).");

  py::class_<RegisterSpec>(m, "RegisterSpec")
      .def_static("from_json_string", &RegisterSpec::from_json_string, py::arg("json"))
      .def_static("from_json_file", &RegisterSpec::from_json_file, py::arg("path"))
      .def_property_readonly("group_codes",
                             [](const RegisterSpec& s) {
                               std::vector<std::string> v;
                               for (const auto& g : s.groups) v.push_back(g.code);
                               return v;
                             })
      .def_property_readonly("offer_codes",
                             [](const RegisterSpec& s) {
                               std::vector<std::string> v;
                               for (const auto& o : s.offers) v.push_back(o.code);
                               return v;
                             })
      .def_property_readonly("aggregate_codes",
                             [](const RegisterSpec& s) {
                               std::vector<std::string> v;
                               for (const auto& a : s.aggregates) v.push_back(a.code);
                               return v;
                             })
      .def_property_readonly(
          "period",
          [](const RegisterSpec& s) { return py::make_tuple(s.period.first, s.period.last); })
      .def_property_readonly("status_codes",
                             [](const RegisterSpec& s) {
                               std::vector<std::string> v;
                               for (const auto& g : s.groups) {
                                 if (g.self_supporting) v.push_back(g.code);
                               }
                               return v;
                             })
      .def_property_readonly("offer_category_codes",
                             [](const RegisterSpec& s) {
                               std::vector<std::string> v;
                               for (const auto& c : s.offer_categories) v.push_back(c.code);
                               return v;
                             })
      .def_readonly("no_offer", &RegisterSpec::no_offer)
      .def_readonly("total_code", &RegisterSpec::total_code)
      .def_readonly("total_label", &RegisterSpec::total_label);

  py::class_<IndicatorPartial>(m, "IndicatorPartial")
      .def_readonly("input_rows", &IndicatorPartial::input_rows)
      .def_readonly("used_rows", &IndicatorPartial::used_rows)
      .def_readonly("sorted_input", &IndicatorPartial::sorted_input)
      .def_readonly("min_person", &IndicatorPartial::min_person)
      .def_readonly("max_person", &IndicatorPartial::max_person)
      .def_readonly("threads", &IndicatorPartial::threads)
      .def_readonly("standard_errors", &IndicatorPartial::standard_errors)
      .def_readonly("municipalities", &IndicatorPartial::municipalities)
      .def_property_readonly("dropped",
                             [](const IndicatorPartial& p) { return issues_to_list(p.dropped); })
      .def(py::pickle(
          [](const IndicatorPartial& p) {
            const auto words = p.to_words();
            return py::bytes(reinterpret_cast<const char*>(words.data()),
                             words.size() * sizeof(std::uint64_t));
          },
          [](const py::bytes& data) {
            const std::string s = data;
            if (s.size() % sizeof(std::uint64_t) != 0) {
              throw std::invalid_argument("IndicatorPartial: corrupt pickle");
            }
            std::vector<std::uint64_t> words(s.size() / sizeof(std::uint64_t));
            std::memcpy(words.data(), s.data(), s.size());
            return IndicatorPartial::from_words(words);
          }));

  m.def(
      "register_accumulate",
      [](const RegisterSpec& spec, const Int64Array& person, const Int32Array& week,
         const Int32Array& municipality, const py::array& group_codes,
         std::vector<std::string> group_categories, const py::array& offer_codes,
         std::vector<std::string> offer_categories, const DoubleArray& benefit_share,
         const std::optional<Int32Array>& conversations,
         const std::optional<py::array>& partial_sick, std::int32_t period_first,
         std::int32_t period_last, unsigned threads, bool drop_invalid, std::string source,
         std::int64_t first_row, bool lines, bool standard_errors) {
        PanelColumns pc = panel_columns(person, week, municipality, group_codes,
                                        std::move(group_categories), offer_codes,
                                        std::move(offer_categories), benefit_share, conversations,
                                        partial_sick, std::nullopt, std::move(source), first_row,
                                        lines);
        IndicatorOptions options;
        options.period = {period_first, period_last};
        options.threads = threads;
        options.drop_invalid = drop_invalid;
        options.standard_errors = standard_errors;
        py::gil_scoped_release release;
        return accumulate(spec, pc, options);
      },
      py::arg("spec"), py::arg("person"), py::arg("week"), py::arg("municipality"),
      py::arg("group_codes"), py::arg("group_categories"), py::arg("offer_codes"),
      py::arg("offer_categories"), py::arg("benefit_share"), py::arg("conversations") = py::none(),
      py::arg("partial_sick") = py::none(), py::arg("period_first"), py::arg("period_last"),
      py::arg("threads") = 0, py::arg("drop_invalid") = false, py::arg("source") = "",
      py::arg("first_row") = 0, py::arg("lines") = false, py::arg("standard_errors") = true,
      "Validate, (sort,) and accumulate one person-aligned panel into an additive partial result.");

  m.def(
      "register_merge",
      [](const std::vector<IndicatorPartial>& parts) {
        py::gil_scoped_release release;
        return merge(parts);
      },
      py::arg("parts"), "Exact sum of partial results of disjoint sets of persons.");

  m.def(
      "register_finalize",
      [](const RegisterSpec& spec, const IndicatorPartial& partial, bool check_coverage,
         bool standard_errors, double level) {
        IndicatorOptions options;
        options.period = partial.period;
        options.check_coverage = check_coverage;
        options.standard_errors = standard_errors;
        options.level = level;
        const IndicatorResult r = finalize(spec, partial, options);
        py::dict columns;
        columns["municipality"] = to_numpy(r.municipality);
        columns["unit"] = to_numpy(r.unit);
        columns["rows"] = to_numpy(r.rows);
        columns["persons"] = to_numpy(r.persons);
        columns["conversations"] = to_numpy(r.conversations);
        columns["new_offers"] = to_numpy(r.new_offers);
        columns["new_company_offers"] = to_numpy(r.new_company_offers);
        columns["e_rows"] = to_numpy(r.e_rows);
        columns["e_persons"] = to_numpy(r.e_persons);
        columns["e_self_rows"] = to_numpy(r.e_self_rows);
        columns["spells"] = to_numpy(r.spells);
        columns["spells_partial"] = to_numpy(r.spells_partial);
        columns["fw"] = to_numpy(r.fw);
        columns["active_fw"] = to_numpy(r.active_fw);
        columns["company_fw"] = to_numpy(r.company_fw);
        columns["e_fw"] = to_numpy(r.e_fw);
        columns["e_self_fw"] = to_numpy(r.e_self_fw);
        columns["py"] = to_numpy(r.py);
        columns["si"] = to_numpy(r.si);
        columns["ag"] = to_numpy(r.ag);
        columns["vag"] = to_numpy(r.vag);
        columns["ti"] = to_numpy(r.ti);
        columns["vti"] = to_numpy(r.vti);
        columns["jr"] = to_numpy(r.jr);
        columns["dr"] = to_numpy(r.dr);
        std::vector<std::string> interval_columns;
        if (r.standard_errors) {
          for (std::size_t k = 0; k < kIntervalIndicatorCount; ++k) {
            const std::string name = kIntervalIndicators[k];
            columns[(name + "_se").c_str()] = to_numpy(r.se[k]);
            columns[(name + "_lower").c_str()] = to_numpy(r.lower[k]);
            columns[(name + "_upper").c_str()] = to_numpy(r.upper[k]);
            interval_columns.push_back(name);
          }
        }
        py::list kinds;
        for (auto k : r.unit_kinds) {
          kinds.append(k == UnitKind::Group       ? "group"
                       : k == UnitKind::Aggregate ? "aggregate"
                                                  : "total");
        }
        py::dict out;
        out["columns"] = columns;
        out["unit_codes"] = r.unit_codes;
        out["unit_kinds"] = kinds;
        out["period"] = py::make_tuple(r.period.first, r.period.last);
        out["job_rate_weeks"] = py::make_tuple(r.job_rate_weeks.first, r.job_rate_weeks.last);
        out["period_weeks"] = r.period_weeks;
        out["input_rows"] = r.input_rows;
        out["used_rows"] = r.used_rows;
        out["dropped"] = issues_to_list(r.dropped);
        out["sorted_input"] = r.sorted_input;
        out["threads"] = r.threads;
        out["first_week"] = r.first_week;
        out["last_week"] = r.last_week;
        out["warnings"] = r.warnings;
        out["standard_errors"] = r.standard_errors;
        out["level"] = r.level;
        out["interval_indicators"] = interval_columns;
        return out;
      },
      py::arg("spec"), py::arg("partial"), py::arg("check_coverage") = true,
      py::arg("standard_errors") = true, py::arg("level") = 0.95,
      "Ratios, aggregates and coverage checks of a (merged) partial result, as numpy columns.");
}

}  // namespace jobbench::python
