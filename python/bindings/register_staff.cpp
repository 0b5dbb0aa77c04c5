// Bindings of the staff-time model (jobbench/staff/roster.hpp) and its Monte Carlo
// (jobbench/staff/uncertainty.hpp).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/staff/roster.hpp"
#include "jobbench/staff/uncertainty.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using CodeArray = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;

void check_length(const char* what, std::size_t got, std::size_t expected) {
  if (got != expected) {
    throw std::invalid_argument(std::string("add_employees_columns: ") + what + " has " +
                                std::to_string(got) + " values, expected " +
                                std::to_string(expected));
  }
}

/// A vector of records as a dict of lists, one per (name, member) field: pandas.DataFrame-ready.
template <typename Record, typename... Members>
py::dict record_columns(const std::vector<Record>& records,
                        std::pair<const char*, Members Record::*>... fields) {
  py::dict out;
  auto column = [&records](auto member) {
    py::list values;
    for (const Record& record : records) values.append(record.*member);
    return values;
  };
  ((out[fields.first] = column(fields.second)), ...);
  return out;
}

py::dict warnings_columns(const std::vector<StaffWarning>& warnings) {
  return record_columns(
      warnings, std::pair{"municipality", &StaffWarning::municipality},
      std::pair{"employee_id", &StaffWarning::employee_id}, std::pair{"task", &StaffWarning::task},
      std::pair{"rule", &StaffWarning::rule}, std::pair{"message", &StaffWarning::message},
      std::pair{"value", &StaffWarning::value}, std::pair{"reference", &StaffWarning::reference},
      std::pair{"score", &StaffWarning::score});
}

template <typename Class, typename Matrix>
void def_matrix(py::class_<Class>& cls, const char* name, Matrix Class::*member) {
  cls.def_property_readonly(name, [member](const Class& self) { return Matrix(self.*member); });
}

}  // namespace

void register_staff(py::module_& m) {
  py::class_<StaffOptions>(m, "StaffOptions")
      .def(py::init<>())
      .def_readwrite("hours_per_fte", &StaffOptions::hours_per_fte)
      .def_readwrite("max_fte_fraction", &StaffOptions::max_fte_fraction)
      .def_readwrite("share_tolerance", &StaffOptions::share_tolerance)
      .def_readwrite("units", &StaffOptions::units)
      .def_readwrite("min_share", &StaffOptions::min_share)
      .def_readwrite("max_tasks", &StaffOptions::max_tasks)
      .def_readwrite("min_total_share", &StaffOptions::min_total_share);

  py::class_<StaffResult> result(m, "StaffResult");
  result.def_readonly("municipalities", &StaffResult::municipalities)
      .def_readonly("tasks", &StaffResult::tasks)
      .def_readonly("leaf", &StaffResult::leaf)
      .def_readonly("accepted_rows", &StaffResult::accepted_rows)
      .def_readonly("employee_fte", &StaffResult::employee_fte)
      .def("is_fte_row", &StaffResult::is_fte_row, py::arg("task"), py::arg("municipality"))
      .def("add_to", &StaffResult::add_to, py::arg("data"))
      .def_property_readonly(
          "units",
          [](const StaffResult& r) {
            return record_columns(
                r.units, std::pair{"municipality", &UnitFte::municipality},
                std::pair{"unit", &UnitFte::unit}, std::pair{"head_count", &UnitFte::head_count},
                std::pair{"fte", &UnitFte::fte}, std::pair{"fte_tasks", &UnitFte::fte_tasks},
                std::pair{"fte_external", &UnitFte::fte_external});
          })
      .def_property_readonly("errors",
                             [](const StaffResult& r) {
                               return record_columns(
                                   r.errors, std::pair{"row", &StaffError::row},
                                   std::pair{"municipality", &StaffError::municipality},
                                   std::pair{"employee_id", &StaffError::employee_id},
                                   std::pair{"rule", &StaffError::rule},
                                   std::pair{"message", &StaffError::message},
                                   std::pair{"fte_read", &StaffError::fte_read});
                             })
      .def_property_readonly("warnings",
                             [](const StaffResult& r) { return warnings_columns(r.warnings); });
  def_matrix(result, "fte", &StaffResult::fte);
  def_matrix(result, "fte_external", &StaffResult::fte_external);
  def_matrix(result, "fte_direct", &StaffResult::fte_direct);
  def_matrix(result, "fte_direct_external", &StaffResult::fte_direct_external);
  def_matrix(result, "head_count", &StaffResult::head_count);
  def_matrix(result, "employees", &StaffResult::employees);
  def_matrix(result, "fte_read", &StaffResult::fte_read);
  def_matrix(result, "fte_outside", &StaffResult::fte_outside);
  def_matrix(result, "fte_rejected", &StaffResult::fte_rejected);

  py::class_<StaffRoster>(m, "StaffRoster")
      .def(py::init<BenchmarkSpec, StaffOptions>(), py::arg("spec"),
           py::arg("options") = StaffOptions{})
      .def(
          "add_employees_columns",
          [](StaffRoster& roster, const std::vector<std::string>& ids,
             const std::vector<std::string>& municipalities, const std::vector<std::string>& units,
             const std::vector<std::string>& employment_types, const DoubleArray& fte_fraction,
             const DoubleArray& hours, const DoubleArray& external_share,
             const CodeArray& share_employee, const std::vector<std::string>& share_task,
             const DoubleArray& share_value) {
            const std::size_t n = ids.size();
            check_length("municipalities", municipalities.size(), n);
            check_length("units", units.size(), n);
            check_length("employment_types", employment_types.size(), n);
            check_length("fte_fraction", static_cast<std::size_t>(fte_fraction.size()), n);
            check_length("hours", static_cast<std::size_t>(hours.size()), n);
            check_length("external_share", static_cast<std::size_t>(external_share.size()), n);
            const std::size_t k = share_task.size();
            check_length("share_employee", static_cast<std::size_t>(share_employee.size()), k);
            check_length("share_value", static_cast<std::size_t>(share_value.size()), k);
            const std::size_t first = roster.employees().size();
            std::vector<Employee> batch(n);
            for (std::size_t i = 0; i < n; ++i) {
              batch[i].id = ids[i];
              batch[i].municipality = municipalities[i];
              batch[i].unit = units[i];
              batch[i].employment_type = employment_types[i];
              batch[i].fte_fraction = fte_fraction.data()[i];
              batch[i].hours = hours.data()[i];
              batch[i].external_share = external_share.data()[i];
            }
            for (std::size_t j = 0; j < k; ++j) {
              const std::int32_t e = share_employee.data()[j];
              if (e < 0 || static_cast<std::size_t>(e) >= n) {
                throw std::invalid_argument("add_employees_columns: share " + std::to_string(j) +
                                            " refers to employee " + std::to_string(e) + " of " +
                                            std::to_string(n));
              }
              batch[static_cast<std::size_t>(e)].shares.push_back(
                  {share_task[j], share_value.data()[j]});
            }
            for (Employee& e : batch) roster.add(std::move(e));
            return first;
          },
          py::arg("ids"), py::arg("municipalities"), py::arg("units"), py::arg("employment_types"),
          py::arg("fte_fraction"), py::arg("hours"), py::arg("external_share"),
          py::arg("share_employee"), py::arg("share_task"), py::arg("share_value"),
          "Appends employees (shares as fractions, long form: share_employee indexes this batch); "
          "returns the roster row of the first.")
      .def_property_readonly("size", [](const StaffRoster& r) { return r.employees().size(); })
      .def("aggregate", &StaffRoster::aggregate,
           py::arg("municipalities") = std::vector<std::string>{})
      .def("aggregate_strict", &StaffRoster::aggregate_strict,
           py::arg("municipalities") = std::vector<std::string>{});

  py::class_<ReviewOptions>(m, "ReviewOptions")
      .def(py::init<>())
      .def_readwrite("z_threshold", &ReviewOptions::z_threshold)
      .def_readwrite("min_depth", &ReviewOptions::min_depth);

  m.def("robust_z_scores", &robust_z_scores, py::arg("values"),
        "Leave-one-out robust z-scores per row (median / MAD of the other columns).");
  m.def(
      "review",
      [](const StaffResult& staff, const BenchmarkData& data, const ReviewOptions& options) {
        return warnings_columns(review(staff, data, options));
      },
      py::arg("staff"), py::arg("person_years"), py::arg("options") = ReviewOptions{});

  py::class_<UncertaintyOptions>(m, "UncertaintyOptions")
      .def(py::init<>())
      .def_readwrite("relative_sd", &UncertaintyOptions::relative_sd)
      .def_readwrite("draws", &UncertaintyOptions::draws)
      .def_readwrite("seed", &UncertaintyOptions::seed)
      .def_readwrite("level", &UncertaintyOptions::level)
      .def_readwrite("threads", &UncertaintyOptions::threads);

  py::class_<UncertaintyResult> unc(m, "UncertaintyResult");
  unc.def_readonly("municipalities", &UncertaintyResult::municipalities)
      .def_readonly("items", &UncertaintyResult::items)
      .def_readonly("draws", &UncertaintyResult::draws)
      .def_readonly("level", &UncertaintyResult::level)
      .def_readonly("point", &UncertaintyResult::point)
      .def_readonly("rank_probability", &UncertaintyResult::rank_probability)
      .def_readonly("productivity_covariance", &UncertaintyResult::productivity_covariance);
  def_matrix(unc, "productivity_mean", &UncertaintyResult::productivity_mean);
  def_matrix(unc, "productivity_lower", &UncertaintyResult::productivity_lower);
  def_matrix(unc, "productivity_upper", &UncertaintyResult::productivity_upper);
  def_matrix(unc, "rank_lower", &UncertaintyResult::rank_lower);
  def_matrix(unc, "rank_upper", &UncertaintyResult::rank_upper);

  m.def("simulate", &simulate, py::arg("roster"), py::arg("base"),
        py::arg("options") = UncertaintyOptions{}, py::call_guard<py::gil_scoped_release>(),
        "Seeded Monte Carlo of the time shares through FTE and productivity.");
}

}  // namespace jobbench::python
