// Bindings of expected against actual results and comparison groups
// (include/jobbench/analysis/expected.hpp): numpy in, dicts of numpy out.
#include <string>
#include <vector>

#include <Eigen/Core>
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/analysis/expected.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

ExpectedLabels labels(const std::vector<std::string>& units,
                      const std::vector<std::string>& conditions, const std::string& outcome) {
  ExpectedLabels l;
  l.units = units;
  l.conditions = conditions;
  l.outcome = outcome;
  return l;
}

py::dict run_expected(const Eigen::VectorXd& y, const Matrix& X, double level,
                      const std::vector<std::string>& units,
                      const std::vector<std::string>& conditions, const std::string& outcome) {
  const Eigen::MatrixXd x = X;
  ExpectedResult r;
  {
    py::gil_scoped_release release;
    r = expected_outcomes(y, x, level, labels(units, conditions, outcome));
  }
  py::dict d;
  d["coefficients"] = r.coefficients;
  d["fitted"] = r.fitted;
  d["expected"] = r.expected;
  d["residual"] = r.residual;
  d["se"] = r.se;
  d["lower"] = r.lower;
  d["upper"] = r.upper;
  d["leverage"] = r.leverage;
  d["sigma"] = r.sigma;
  d["r_squared"] = r.r_squared;
  d["df"] = r.df;
  return d;
}

py::dict run_similar(const Matrix& X, int k, const std::vector<std::string>& units,
                     const std::vector<std::string>& conditions) {
  const Eigen::MatrixXd x = X;
  SimilarResult r;
  {
    py::gil_scoped_release release;
    r = similar_units(x, k, labels(units, conditions, "outcome"));
  }
  py::dict d;
  d["distance"] = r.distance;
  d["nearest"] = r.nearest;
  return d;
}

}  // namespace

void register_expected(py::module_& m) {
  m.def("expected", &run_expected, py::arg("outcome"), py::arg("conditions"),
        py::arg("level") = 0.95, py::arg("units") = std::vector<std::string>{},
        py::arg("condition_names") = std::vector<std::string>{},
        py::arg("outcome_name") = std::string("outcome"),
        "Leave-one-out OLS expectations of an outcome given framework conditions (intercept "
        "added), with prediction intervals (Student's t). Returns a dict of numpy arrays.");
  m.def("similar", &run_similar, py::arg("conditions"), py::arg("k"),
        py::arg("units") = std::vector<std::string>{},
        py::arg("condition_names") = std::vector<std::string>{},
        "Mahalanobis distances between units on the conditions and each unit's k nearest others "
        "(ties by unit order): {'distance': K x K, 'nearest': K x k positions}.");
}

}  // namespace jobbench::python
