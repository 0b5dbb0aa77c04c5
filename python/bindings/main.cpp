// jobbench._core: thin pybind11 bindings of the C++ core (docs/design.md section 5).
#include <pybind11/pybind11.h>

#include "jobbench/errors.hpp"
#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "C++ core of jobbench: benchmark specs, input data, computation and comparison.";
#ifdef JOBBENCH_VERSION
  m.attr("__version__") = JOBBENCH_VERSION;
#endif

  // Both derive from ValueError, so `except ValueError` catches them too.
  py::register_exception<jobbench::InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<jobbench::SpecError>(m, "SpecError", PyExc_ValueError);

  // Types before the functions whose signatures name them.
  jobbench::python::register_common(m);
  jobbench::python::register_productivity_spec(m);
  jobbench::python::register_productivity_data(m);
  jobbench::python::register_productivity_results(m);
  jobbench::python::register_staff(m);
  jobbench::python::register_register(m);
  jobbench::python::register_periods(m);
  jobbench::python::register_measures(m);
  jobbench::python::register_analysis(m);
  jobbench::python::register_funnel(m);
  jobbench::python::register_ranks(m);
  jobbench::python::register_dea(m);
  jobbench::python::register_expected(m);
  jobbench::python::register_audit(m);
}
