// Bindings of the analysis capability: funnel plots with over-dispersion (FunnelFit, limits,
// expected counts of indirect standardisation).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/analysis/funnel.hpp"
#include "jobbench/errors.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_vector(const Array& values) {
  if (values.ndim() != 1) throw InputError("funnel inputs must be one-dimensional");
  return std::vector<double>(values.data(), values.data() + values.size());
}

Array to_array(const std::vector<double>& values) {
  Array out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

FunnelTransform transform_of(const std::string& name) {
  if (name == "proportion") return FunnelTransform::Arcsine;
  if (name == "sqrt") return FunnelTransform::SquareRoot;
  if (name == "identity") return FunnelTransform::Identity;
  throw InputError("unknown funnel transform '" + name + "' (choose proportion, sqrt or identity)");
}

std::string transform_name(FunnelTransform how) {
  switch (how) {
    case FunnelTransform::Arcsine:
      return "proportion";
    case FunnelTransform::SquareRoot:
      return "sqrt";
    case FunnelTransform::Identity:
      break;
  }
  return "identity";
}

FunnelFit fit(const Array& a, const Array& b, const std::string& transform,
              const std::string& overdispersion, double trim, double target,
              const std::vector<std::string>& units) {
  FunnelInput input;
  input.transform = transform_of(transform);
  input.a = to_vector(a);
  input.b = to_vector(b);
  input.units = units;
  input.overdispersion = overdispersion_method(overdispersion);
  input.trim = trim;
  input.target = target;
  return fit_funnel(input);
}

std::pair<Array, Array> limits(const FunnelFit& fit, const Array& n, double level) {
  check_level(level);
  const std::vector<double> nn = to_vector(n);
  std::vector<double> lower(nn.size()), upper(nn.size());
  for (std::size_t i = 0; i < nn.size(); ++i) {
    const Interval interval = funnel_limits(fit, nn[i], level);
    lower[i] = interval.lower;
    upper[i] = interval.upper;
  }
  return {to_array(lower), to_array(upper)};
}

Array expected(const Array& counts, const Array& exposure, const std::vector<std::string>& units,
               const std::vector<std::string>& groups) {
  if (counts.ndim() != 2 || exposure.ndim() != 2 || counts.shape(0) != exposure.shape(0) ||
      counts.shape(1) != exposure.shape(1)) {
    throw InputError("counts and exposure must be units x groups tables of the same shape");
  }
  const auto n_units = static_cast<std::size_t>(counts.shape(0));
  const auto n_groups = static_cast<std::size_t>(counts.shape(1));
  std::vector<double> c(counts.data(), counts.data() + counts.size());
  std::vector<double> x(exposure.data(), exposure.data() + exposure.size());
  return to_array(expected_counts(c, x, n_units, n_groups, units, groups));
}

}  // namespace

void register_funnel(py::module_& m) {
  py::class_<FunnelFit>(m, "FunnelFit", "A fitted funnel (C++ jobbench::FunnelFit).")
      .def_property_readonly("transform",
                             [](const FunnelFit& f) { return transform_name(f.transform); })
      .def_property_readonly("requested",
                             [](const FunnelFit& f) { return overdispersion_name(f.requested); })
      .def_property_readonly("used", [](const FunnelFit& f) { return overdispersion_name(f.used); })
      .def_readonly("trim", &FunnelFit::trim)
      .def_readonly("dispersion_estimated", &FunnelFit::dispersion_estimated)
      .def_readonly("target", &FunnelFit::target)
      .def_readonly("target_transformed", &FunnelFit::target_transformed)
      .def_readonly("phi", &FunnelFit::phi)
      .def_readonly("tau2", &FunnelFit::tau2)
      .def_readonly("included", &FunnelFit::included)
      .def_readonly("excluded", &FunnelFit::excluded)
      .def_property_readonly("n", [](const FunnelFit& f) { return to_array(f.n); })
      .def_property_readonly("value", [](const FunnelFit& f) { return to_array(f.value); })
      .def_property_readonly("y", [](const FunnelFit& f) { return to_array(f.y); })
      .def_property_readonly("s", [](const FunnelFit& f) { return to_array(f.s); })
      .def_property_readonly("z", [](const FunnelFit& f) { return to_array(f.z); })
      .def_property_readonly("z_adjusted",
                             [](const FunnelFit& f) { return to_array(f.z_adjusted); })
      .def_property_readonly("lower95", [](const FunnelFit& f) { return to_array(f.lower95); })
      .def_property_readonly("upper95", [](const FunnelFit& f) { return to_array(f.upper95); })
      .def_property_readonly("lower998", [](const FunnelFit& f) { return to_array(f.lower998); })
      .def_property_readonly("upper998", [](const FunnelFit& f) { return to_array(f.upper998); })
      .def_property_readonly("flag",
                             [](const FunnelFit& f) {
                               std::vector<std::string> out;
                               for (const FunnelFlag flag : f.flag) {
                                 out.push_back(funnel_flag_name(flag));
                               }
                               return out;
                             })
      .def("limits", &limits, py::arg("n"), py::arg("level"),
           "(lower, upper) arrays of the control limits at precisions n and `level`.");
  m.def("fit_funnel", &fit, py::arg("a"), py::arg("b"), py::arg("transform"),
        py::arg("overdispersion"), py::arg("trim"), py::arg("target"),
        py::arg("units") = std::vector<std::string>{},
        "FunnelFit of (numerator, denominator), (count, expected/exposure) or (estimate, se); "
        "target NaN = pooled.");
  m.def("quantile_type7", &quantile_type7, py::arg("values"), py::arg("p"),
        "Sample quantile with linear interpolation (R type 7, numpy's default).");
  m.def("expected_counts", &expected, py::arg("counts"), py::arg("exposure"),
        py::arg("units") = std::vector<std::string>{},
        py::arg("groups") = std::vector<std::string>{},
        "Expected count per unit: sum over groups of exposure times the national group rate.");
}

}  // namespace jobbench::python
