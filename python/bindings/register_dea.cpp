// Bindings of DEA, the Simar-Wilson bootstrap and the Malmquist index
// (include/jobbench/analysis/dea.hpp): numpy matrices in (units x columns), dicts of numpy out.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/analysis/dea.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

DeaLabels labels(const std::vector<std::string>& units, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& outputs,
                 const std::vector<std::string>& reference_units = {}) {
  DeaLabels l;
  l.units = units;
  l.inputs = inputs;
  l.outputs = outputs;
  l.reference_units = reference_units;
  return l;
}

py::dict run_dea(const Matrix& X, const Matrix& Y, const std::string& rts,
                 const std::string& orientation, bool super_efficiency, bool slacks,
                 const std::optional<Matrix>& XR, const std::optional<Matrix>& YR,
                 const std::vector<std::string>& units, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& outputs,
                 const std::vector<std::string>& reference_units, int threads) {
  DeaOptions o;
  o.rts = parse_dea_rts(rts);
  o.orientation = parse_dea_orientation(orientation);
  o.super_efficiency = super_efficiency;
  o.slacks = slacks;
  o.threads = threads;
  const Eigen::MatrixXd x = X, y = Y;
  std::optional<Eigen::MatrixXd> xr, yr;
  if (XR) xr = Eigen::MatrixXd(*XR);
  if (YR) yr = Eigen::MatrixXd(*YR);
  DeaResult r;
  {
    py::gil_scoped_release release;
    r = dea(x, y, o, labels(units, inputs, outputs, reference_units), xr ? &*xr : nullptr,
            yr ? &*yr : nullptr);
  }
  py::dict d;
  d["efficiency"] = r.efficiency;
  d["lambdas"] = r.lambdas;
  d["input_slacks"] = r.input_slacks;
  d["output_slacks"] = r.output_slacks;
  d["warnings"] = r.warnings;
  return d;
}

py::dict run_bootstrap(const Matrix& X, const Matrix& Y, const std::string& rts,
                       const std::string& orientation, const std::string& method, int draws,
                       double level, std::uint64_t seed, double bandwidth, int subsample,
                       bool keep_draws,
                       const std::vector<std::string>& units,
                       const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, int threads) {
  DeaBootstrapOptions o;
  o.rts = parse_dea_rts(rts);
  o.orientation = parse_dea_orientation(orientation);
  o.method = parse_dea_bootstrap_method(method);
  o.draws = draws;
  o.level = level;
  o.seed = seed;
  o.bandwidth = bandwidth;
  o.subsample = subsample;
  o.threads = threads;
  const Eigen::MatrixXd x = X, y = Y;
  DeaBootstrapResult r;
  {
    py::gil_scoped_release release;
    r = dea_bootstrap(x, y, o, labels(units, inputs, outputs), keep_draws);
  }
  py::dict d;
  d["efficiency"] = r.efficiency;
  d["bias"] = r.bias;
  d["corrected"] = r.corrected;
  d["lower"] = r.lower;
  d["upper"] = r.upper;
  d["bandwidth"] = r.bandwidth;
  d["subsample"] = r.subsample;
  d["scored"] = r.scored;
  d["candidates"] = r.candidates;
  d["candidate_lower"] = r.candidate_lower;
  d["candidate_upper"] = r.candidate_upper;
  d["volatility"] = r.volatility;
  d["draws"] = r.draws;
  d["warnings"] = r.warnings;
  return d;
}

py::dict run_malmquist(const Matrix& X0, const Matrix& Y0, const Matrix& X1, const Matrix& Y1,
                       const std::string& rts, const std::vector<std::string>& units,
                       const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, int threads) {
  const Eigen::MatrixXd x0 = X0, y0 = Y0, x1 = X1, y1 = Y1;
  const DeaRts r_ = parse_dea_rts(rts);
  MalmquistResult r;
  {
    py::gil_scoped_release release;
    r = malmquist(x0, y0, x1, y1, r_, labels(units, inputs, outputs), threads);
  }
  py::dict d;
  d["m"] = r.m;
  d["ec"] = r.ec;
  d["tc"] = r.tc;
  d["e00"] = r.e00;
  d["e01"] = r.e01;
  d["e10"] = r.e10;
  d["e11"] = r.e11;
  return d;
}

}  // namespace

void register_dea(py::module_& m) {
  py::register_exception<DeaSolverError>(m, "DeaSolverError", PyExc_RuntimeError);
  m.def("dea", &run_dea, py::arg("inputs"), py::arg("outputs"), py::arg("rts") = "vrs",
        py::arg("orientation") = "in", py::arg("super_efficiency") = false,
        py::arg("slacks") = true, py::arg("reference_inputs") = py::none(),
        py::arg("reference_outputs") = py::none(),
        py::arg("units") = std::vector<std::string>{},
        py::arg("input_names") = std::vector<std::string>{},
        py::arg("output_names") = std::vector<std::string>{},
        py::arg("reference_units") = std::vector<std::string>{}, py::arg("threads") = 0,
        "DEA (HiGHS LPs): dict of efficiency (K), lambdas (K x KR), input_slacks (K x m), "
        "output_slacks (K x n), warnings.");
  m.def("dea_bootstrap", &run_bootstrap, py::arg("inputs"), py::arg("outputs"),
        py::arg("rts") = "vrs", py::arg("orientation") = "in", py::arg("method") = "subsample",
        py::arg("draws") = 2000, py::arg("level") = 0.95, py::arg("seed") = 0,
        py::arg("bandwidth") = 0.0, py::arg("subsample") = 0, py::arg("keep_draws") = false,
        py::arg("units") = std::vector<std::string>{},
        py::arg("input_names") = std::vector<std::string>{},
        py::arg("output_names") = std::vector<std::string>{}, py::arg("threads") = 0,
        "Bootstrap of DEA scores, m out of n ('subsample') or Simar-Wilson (1998) 'smoothed': "
        "dict of efficiency, bias, corrected, lower, upper, scored (K each), bandwidth, "
        "subsample (m), candidates, candidate_lower, candidate_upper (K x candidates), "
        "volatility, draws (K x draws with keep_draws), warnings.");
  m.def("malmquist", &run_malmquist, py::arg("inputs0"), py::arg("outputs0"), py::arg("inputs1"),
        py::arg("outputs1"), py::arg("rts") = "crs",
        py::arg("units") = std::vector<std::string>{},
        py::arg("input_names") = std::vector<std::string>{},
        py::arg("output_names") = std::vector<std::string>{}, py::arg("threads") = 0,
        "Input-oriented Malmquist index: dict of m, ec, tc, e00, e01, e10, e11 (K each).");
}

}  // namespace jobbench::python
