// Shared by the register bindings: numpy columns of a person-week panel as the engine's borrowed
// PanelColumns (no copy), with the checks of lengths and dtypes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "jobbench/register/panel.hpp"

namespace jobbench::python {

// No forcecast for integers: numpy then casts only safely (int16 -> int32), and refuses int64 ->
// int32, which would wrap values around silently (jobbench.indicators range-checks before it
// narrows).
using Int64Array = pybind11::array_t<std::int64_t, pybind11::array::c_style>;
using Int32Array = pybind11::array_t<std::int32_t, pybind11::array::c_style>;
using DoubleArray = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

void check_length(const pybind11::array& a, std::size_t n, const char* name);

/// The panel's columns; the arrays must outlive the returned view.
PanelColumns panel_columns(const Int64Array& person, const Int32Array& week,
                           const Int32Array& municipality, const pybind11::array& group_codes,
                           std::vector<std::string> group_categories,
                           const pybind11::array& offer_codes,
                           std::vector<std::string> offer_categories,
                           const DoubleArray& benefit_share,
                           const std::optional<Int32Array>& conversations,
                           const std::optional<pybind11::array>& partial_sick,
                           const std::optional<DoubleArray>& wage_hours, std::string source,
                           std::int64_t first_row, bool lines);

}  // namespace jobbench::python
