#include <stdexcept>
#include <string>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/productivity/compare.hpp"
#include "jobbench/productivity/compute.hpp"
#include "jobbench/productivity/result.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Read-only property returning a copy of an Eigen member as a fresh (writeable) numpy array.
template <typename Class, typename Matrix>
void def_array(py::class_<Class>& cls, const char* name, Matrix Class::*member) {
  cls.def_property_readonly(name, [member](const Class& self) { return Matrix(self.*member); });
}

/// Lookups raise KeyError in Python rather than the IndexError pybind11 gives std::out_of_range.
template <typename Lookup>
std::size_t lookup_or_key_error(Lookup lookup) {
  try {
    return lookup();
  } catch (const std::out_of_range& error) {
    throw py::key_error(error.what());
  }
}

}  // namespace

void register_productivity_results(py::module_& m) {
  py::class_<ResultItem>(m, "ResultItem")
      .def_readonly("code", &ResultItem::code)
      .def_readonly("label", &ResultItem::label)
      .def_property_readonly("kind",
                             [](const ResultItem& item) { return item_kind_name(item.kind); })
      .def_readonly("parent", &ResultItem::parent)
      .def_readonly("divisor", &ResultItem::divisor)
      .def_readonly("depth", &ResultItem::depth)
      .def("__repr__", [](const ResultItem& item) {
        return "<ResultItem " + std::string(item_kind_name(item.kind)) + " " + item.code + ": " +
               item.label + ">";
      });

  py::class_<BenchmarkResult> result(m, "BenchmarkResult");
  result.def_readonly("municipalities", &BenchmarkResult::municipalities)
      .def_readonly("items", &BenchmarkResult::items)
      .def_readonly("thresholds", &BenchmarkResult::thresholds)
      .def_readonly("decomposition_items", &BenchmarkResult::decomposition_items);
  for (const auto& [name, member] : {
           std::pair{"fte", &BenchmarkResult::fte},
           std::pair{"fte_external", &BenchmarkResult::fte_external},
           std::pair{"unallocated", &BenchmarkResult::unallocated},
           std::pair{"person_years", &BenchmarkResult::person_years},
           std::pair{"productivity", &BenchmarkResult::productivity},
           std::pair{"productivity_external", &BenchmarkResult::productivity_external},
           std::pair{"share", &BenchmarkResult::share},
           std::pair{"fte_per_1000_population", &BenchmarkResult::fte_per_1000_population},
           std::pair{"diff_abs", &BenchmarkResult::diff_abs},
           std::pair{"diff_rel", &BenchmarkResult::diff_rel},
           std::pair{"class_ratio", &BenchmarkResult::class_ratio},
           std::pair{"decomposition_productivity", &BenchmarkResult::decomposition_productivity},
           std::pair{"decomposition_mix", &BenchmarkResult::decomposition_mix},
       }) {
    def_array(result, name, member);
  }
  for (const auto& [name, member] : {
           std::pair{"rank", &BenchmarkResult::rank},
           std::pair{"verbal_class", &BenchmarkResult::verbal_class},
       }) {
    def_array(result, name, member);
  }
  for (const auto& [name, member] : {
           std::pair{"mean", &BenchmarkResult::mean},
           std::pair{"weighted_mean", &BenchmarkResult::weighted_mean},
           std::pair{"median", &BenchmarkResult::median},
           std::pair{"population", &BenchmarkResult::population},
           std::pair{"decomposition_interaction", &BenchmarkResult::decomposition_interaction},
           std::pair{"total_difference", &BenchmarkResult::total_difference},
       }) {
    def_array(result, name, member);
  }
  result
      .def(
          "item_index",
          [](const BenchmarkResult& self, const std::string& code) {
            return self.item_index(code);
          },
          py::arg("code"))
      .def(
          "municipality_index",
          [](const BenchmarkResult& self, const std::string& name) {
            return self.municipality_index(name);
          },
          py::arg("name"))
      .def("__repr__", [](const BenchmarkResult& self) {
        return "<BenchmarkResult: " + std::to_string(self.items.size()) + " items x " +
               std::to_string(self.municipalities.size()) + " municipalities>";
      });
  m.attr("UNALLOCATED_DECOMPOSITION_ITEM") = kUnallocatedDecompositionItem;

  py::class_<ComputeOptions>(m, "ComputeOptions")
      .def(py::init([](double subtask_tolerance) { return ComputeOptions{subtask_tolerance}; }),
           py::arg("subtask_tolerance") = ComputeOptions{}.subtask_tolerance)
      .def_readwrite("subtask_tolerance", &ComputeOptions::subtask_tolerance);

  m.def("compute", &compute, py::arg("data"), py::arg("options") = ComputeOptions{},
        py::call_guard<py::gil_scoped_release>(),
        "Computes productivities, group statistics, ranks, verbal classes and the decomposition.");

  py::class_<Comparison> comparison(m, "Comparison");
  def_array(comparison, "mean", &Comparison::mean);
  def_array(comparison, "median", &Comparison::median);
  def_array(comparison, "diff_abs", &Comparison::diff_abs);
  def_array(comparison, "diff_rel", &Comparison::diff_rel);
  def_array(comparison, "rank", &Comparison::rank);
  def_array(comparison, "verbal_class", &Comparison::verbal_class);

  m.def(
      "compare",
      [](const DoubleArray& values, bool higher_is_better, const ClassThresholds& thresholds) {
        if (values.ndim() != 2) {
          throw std::invalid_argument(
              "compare: values must be 2-dimensional (items x municipalities)");
        }
        const Eigen::Map<const RowMajorMatrix> matrix(values.data(), values.shape(0),
                                                      values.shape(1));
        const Eigen::MatrixXd copy = matrix;
        py::gil_scoped_release release;
        return compare(copy, higher_is_better, thresholds);
      },
      py::arg("values"), py::arg("higher_is_better"), py::arg("thresholds") = ClassThresholds{},
      "Compares each row of values (items x municipalities) with its mean; NaN = missing.");
}

}  // namespace jobbench::python
