// Registration functions of the jobbench._core submodules, one per file.
#pragma once

#include <pybind11/pybind11.h>

namespace jobbench::python {

void register_spec(pybind11::module_& m);
void register_data(pybind11::module_& m);
void register_result(pybind11::module_& m);
void register_staff(pybind11::module_& m);
void register_indicators(pybind11::module_& m);

}  // namespace jobbench::python
