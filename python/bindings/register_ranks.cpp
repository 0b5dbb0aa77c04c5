// Bindings of the rank confidence sets (include/jobbench/analysis/ranks.hpp), numpy in and out.
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <Eigen/Core>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/analysis/ranks.hpp"
#include "jobbench/errors.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Vector = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Matrix = py::array_t<double, py::array::c_style | py::array::forcecast>;
using IntArray = py::array_t<std::int64_t>;

Eigen::VectorXd to_vector(const Vector& v, const char* what) {
  if (v.ndim() != 1) throw InputError(std::string(what) + " must be one-dimensional");
  Eigen::VectorXd out(v.shape(0));
  auto vv = v.unchecked<1>();
  for (py::ssize_t i = 0; i < v.shape(0); ++i) out(i) = vv(i);
  return out;
}

/// cov: a K x K array, or None with `se` given (diag(se^2)).
Eigen::MatrixXd covariance(const Eigen::VectorXd& est, const py::object& se, const py::object& cov,
                           const std::vector<std::string>& units) {
  if (se.is_none() == cov.is_none()) throw InputError("give exactly one of se and cov");
  if (!se.is_none()) {
    const Eigen::VectorXd s = to_vector(py::cast<Vector>(se), "se");
    if (s.size() != est.size()) {
      throw InputError("se has " + std::to_string(s.size()) + " values for " +
                       std::to_string(est.size()) + " estimates");
    }
    return covariance_from_se(s, units);
  }
  const auto c = py::cast<Matrix>(cov);
  if (c.ndim() != 2) throw InputError("cov must be a two-dimensional K x K array");
  Eigen::MatrixXd out(c.shape(0), c.shape(1));
  auto cc = c.unchecked<2>();
  for (py::ssize_t i = 0; i < c.shape(0); ++i) {
    for (py::ssize_t j = 0; j < c.shape(1); ++j) out(i, j) = cc(i, j);
  }
  return out;
}

RankSetOptions options(double level, bool simultaneous, bool stepdown, int draws, std::uint64_t seed) {
  RankSetOptions o;
  o.level = level;
  o.kind = simultaneous ? RankSetKind::Simultaneous : RankSetKind::Marginal;
  o.stepdown = stepdown;
  o.draws = draws;
  o.seed = seed;
  return o;
}

IntArray to_array(const std::vector<int>& v) {
  IntArray out(static_cast<py::ssize_t>(v.size()));
  auto o = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) o(static_cast<py::ssize_t>(i)) = v[i];
  return out;
}

py::array_t<bool> to_bool_array(const std::vector<bool>& v) {
  py::array_t<bool> out(static_cast<py::ssize_t>(v.size()));
  auto o = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) o(static_cast<py::ssize_t>(i)) = v[i];
  return out;
}

std::tuple<IntArray, IntArray, IntArray> rank_sets(const Vector& estimates, const py::object& se,
                                                   const py::object& cov, double level,
                                                   bool simultaneous, bool stepdown, int draws,
                                                   std::uint64_t seed,
                                                   const std::vector<std::string>& units) {
  const Eigen::VectorXd est = to_vector(estimates, "estimates");
  const Eigen::MatrixXd c = covariance(est, se, cov, units);
  RankSets sets;
  {
    py::gil_scoped_release release;
    sets = rank_confidence_sets(est, c, options(level, simultaneous, stepdown, draws, seed), units);
  }
  return {to_array(sets.lower), to_array(sets.rank), to_array(sets.upper)};
}

py::array_t<bool> tau_set(const Vector& estimates, const py::object& se, const py::object& cov,
                          int tau, bool best, double level, bool stepdown, int draws,
                          std::uint64_t seed, const std::vector<std::string>& units) {
  const Eigen::VectorXd est = to_vector(estimates, "estimates");
  const Eigen::MatrixXd c = covariance(est, se, cov, units);
  const RankSetOptions o = options(level, true, stepdown, draws, seed);
  std::vector<bool> in;
  {
    py::gil_scoped_release release;
    in = best ? tau_best_set(est, c, tau, o, units) : tau_worst_set(est, c, tau, o, units);
  }
  return to_bool_array(in);
}

}  // namespace

void register_ranks(py::module_& m) {
  m.def("rank_sets", &rank_sets, py::arg("estimates"), py::arg("se") = py::none(),
        py::arg("cov") = py::none(), py::arg("level") = 0.95, py::arg("simultaneous") = false,
        py::arg("stepdown") = true, py::arg("draws") = 1000, py::arg("seed") = 0,
        py::arg("units") = std::vector<std::string>{},
        "(lower, rank, upper) int64 arrays: marginal or simultaneous rank confidence sets "
        "(Mogstad, Romano, Shaikh & Wilhelm 2024; csranks). Rank 1 = largest.");
  m.def("tau_set", &tau_set, py::arg("estimates"), py::arg("se") = py::none(),
        py::arg("cov") = py::none(), py::arg("tau") = 1, py::arg("best") = true,
        py::arg("level") = 0.95, py::arg("stepdown") = true, py::arg("draws") = 1000,
        py::arg("seed") = 0, py::arg("units") = std::vector<std::string>{},
        "bool array: the confidence set for the tau best (best=True, csranks cstaubest) or the "
        "tau worst (best=False, cstauworst).");
}

}  // namespace jobbench::python
