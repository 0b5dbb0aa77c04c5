#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/csv.hpp"
#include "jobbench/productivity/data.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

// forcecast converts other dtypes (e.g. pandas' int8 category codes); arrays that already are
// contiguous float64 / int32 are passed through without a copy.
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using CodeArray = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;

/// Checks that every column is one-dimensional with the same length; returns the length.
template <typename... Arrays>
std::size_t column_length(const char* function, const Arrays&... arrays) {
  const py::ssize_t sizes[] = {arrays.size()...};
  const int dimensions[] = {static_cast<int>(arrays.ndim())...};
  for (std::size_t i = 0; i < sizeof...(Arrays); ++i) {
    if (dimensions[i] != 1) {
      throw std::invalid_argument(std::string(function) + ": columns must be 1-dimensional");
    }
    if (sizes[i] != sizes[0]) {
      throw std::invalid_argument(std::string(function) + ": columns differ in length (" +
                                  std::to_string(sizes[0]) + " vs " + std::to_string(sizes[i]) +
                                  ")");
    }
  }
  return static_cast<std::size_t>(sizes[0]);
}

}  // namespace

void register_productivity_data(py::module_& m) {
  py::enum_<InputTable>(m, "InputTable")
      .value("fte", InputTable::Fte)
      .value("person_years", InputTable::PersonYears)
      .value("population", InputTable::Population);

  py::class_<BenchmarkData>(m, "BenchmarkData")
      .def(py::init<BenchmarkSpec, std::vector<std::string>>(), py::arg("spec"),
           py::arg("municipalities"))
      .def("add_fte", &BenchmarkData::add_fte, py::arg("municipality"), py::arg("task"),
           py::arg("fte"), py::arg("fte_external") = 0.0)
      .def("add_person_years", &BenchmarkData::add_person_years, py::arg("municipality"),
           py::arg("group"), py::arg("value"))
      .def("set_population", &BenchmarkData::set_population, py::arg("municipality"),
           py::arg("value"))
      .def(
          "add_fte_columns",
          [](BenchmarkData& data, const std::vector<std::string>& municipality_categories,
             const CodeArray& municipality_codes, const std::vector<std::string>& task_categories,
             const CodeArray& task_codes, const DoubleArray& fte,
             const std::optional<DoubleArray>& fte_external) {
            const std::size_t n =
                fte_external
                    ? column_length("add_fte_columns", municipality_codes, task_codes, fte,
                                    *fte_external)
                    : column_length("add_fte_columns", municipality_codes, task_codes, fte);
            data.add_fte_columns(municipality_categories, municipality_codes.data(),
                                 task_categories, task_codes.data(), fte.data(),
                                 fte_external ? fte_external->data() : nullptr, n);
          },
          py::arg("municipality_categories"), py::arg("municipality_codes"),
          py::arg("task_categories"), py::arg("task_codes"), py::arg("fte"),
          py::arg("fte_external") = py::none())
      .def(
          "add_person_years_columns",
          [](BenchmarkData& data, const std::vector<std::string>& municipality_categories,
             const CodeArray& municipality_codes, const std::vector<std::string>& group_categories,
             const CodeArray& group_codes, const DoubleArray& values) {
            const std::size_t n =
                column_length("add_person_years_columns", municipality_codes, group_codes, values);
            data.add_person_years_columns(municipality_categories, municipality_codes.data(),
                                          group_categories, group_codes.data(), values.data(), n);
          },
          py::arg("municipality_categories"), py::arg("municipality_codes"),
          py::arg("group_categories"), py::arg("group_codes"), py::arg("values"))
      .def(
          "set_population_columns",
          [](BenchmarkData& data, const std::vector<std::string>& municipality_categories,
             const CodeArray& municipality_codes, const DoubleArray& values) {
            const std::size_t n =
                column_length("set_population_columns", municipality_codes, values);
            data.set_population_columns(municipality_categories, municipality_codes.data(),
                                        values.data(), n);
          },
          py::arg("municipality_categories"), py::arg("municipality_codes"), py::arg("values"))
      .def("set_source", &BenchmarkData::set_source, py::arg("table"), py::arg("file"),
           py::arg("lines"))
      .def("where", &BenchmarkData::where, py::arg("table"), py::arg("row"))
      .def("validate", &BenchmarkData::validate)
      .def_property_readonly("spec", &BenchmarkData::spec)
      .def_property_readonly("municipalities", &BenchmarkData::municipalities)
      .def_property_readonly("fte_row_count", &BenchmarkData::fte_row_count)
      .def_property_readonly("person_years_row_count", &BenchmarkData::person_years_row_count)
      .def_property_readonly("population_row_count", &BenchmarkData::population_row_count)
      .def("__repr__", [](const BenchmarkData& d) {
        return "<BenchmarkData '" + d.spec().name +
               "': " + std::to_string(d.municipalities().size()) + " municipalities, " +
               std::to_string(d.fte_row_count()) + " FTE rows, " +
               std::to_string(d.person_years_row_count()) + " person-years rows>";
      });

  m.def(
      "load_benchmark_csv",
      [](const BenchmarkSpec& spec, const std::string& fte_csv, const std::string& person_years_csv,
         const std::string& population_csv,
         const std::optional<std::vector<std::string>>& municipalities,
         const std::string& separator, const std::string& decimal, const std::string& encoding) {
        const CsvOptions options{separator, decimal, encoding, kMaxCsvBytes};
        return municipalities
                   ? load_benchmark_csv_for(spec, *municipalities, fte_csv, person_years_csv,
                                            population_csv, options)
                   : load_benchmark_csv(spec, fte_csv, person_years_csv, population_csv, options);
      },
      py::arg("spec"), py::arg("fte_csv"), py::arg("person_years_csv"),
      py::arg("population_csv") = "", py::arg("municipalities") = py::none(),
      py::arg("separator") = "", py::arg("decimal") = "", py::arg("encoding") = "",
      "Reads the benchmark CSV files (population_csv may be empty); municipalities default to "
      "those of fte_csv in order of first appearance.");
}

}  // namespace jobbench::python
