// Numpy columns of a person-week panel as the engine's PanelColumns (panel_columns.hpp).
#include "panel_columns.hpp"

#include <stdexcept>

namespace py = pybind11;

namespace jobbench::python {

void check_length(const py::array& a, std::size_t n, const char* name) {
  if (a.ndim() != 1)
    throw std::invalid_argument(std::string("column '") + name + "' must be 1-dimensional");
  if (static_cast<std::size_t>(a.size()) != n) {
    throw std::invalid_argument(std::string("column '") + name + "' has " +
                                std::to_string(a.size()) + " rows, 'person' has " +
                                std::to_string(n));
  }
}

namespace {

CodeColumn code_column(const py::array& codes, std::vector<std::string> categories, std::size_t n,
                       const char* name) {
  check_length(codes, n, name);
  const auto dtype = codes.dtype();
  if (dtype.kind() != 'i' ||
      (dtype.itemsize() != 1 && dtype.itemsize() != 2 && dtype.itemsize() != 4)) {
    throw std::invalid_argument(std::string("column '") + name +
                                "': codes must be int8, int16 or int32");
  }
  if (!(codes.flags() & py::array::c_style)) {
    throw std::invalid_argument(std::string("column '") + name + "': codes must be contiguous");
  }
  CodeColumn c;
  c.data = codes.data();
  c.width = static_cast<int>(dtype.itemsize());
  c.categories = std::move(categories);
  return c;
}

}  // namespace

PanelColumns panel_columns(const Int64Array& person, const Int32Array& week,
                           const Int32Array& municipality, const py::array& group_codes,
                           std::vector<std::string> group_categories, const py::array& offer_codes,
                           std::vector<std::string> offer_categories,
                           const DoubleArray& benefit_share,
                           const std::optional<Int32Array>& conversations,
                           const std::optional<py::array>& partial_sick,
                           const std::optional<DoubleArray>& wage_hours, std::string source,
                           std::int64_t first_row, bool lines) {
  const auto n = static_cast<std::size_t>(person.size());
  check_length(person, n, "person");
  check_length(week, n, "week");
  check_length(municipality, n, "municipality");
  check_length(benefit_share, n, "benefit_share");
  PanelColumns pc;
  pc.rows = n;
  pc.person = person.data();
  pc.week = week.data();
  pc.municipality = municipality.data();
  pc.group = code_column(group_codes, std::move(group_categories), n, "group");
  pc.offer = code_column(offer_codes, std::move(offer_categories), n, "offer");
  pc.benefit_share = benefit_share.data();
  if (conversations) {
    check_length(*conversations, n, "conversations");
    pc.conversations = conversations->data();
  }
  if (partial_sick) {
    check_length(*partial_sick, n, "partial_sick");
    const auto dt = partial_sick->dtype();
    if (dt.itemsize() != 1 || (dt.kind() != 'b' && dt.kind() != 'u') ||
        !(partial_sick->flags() & py::array::c_style)) {
      throw std::invalid_argument("column 'partial_sick' must be a contiguous bool array");
    }
    pc.partial_sick = static_cast<const std::uint8_t*>(partial_sick->data());
  }
  if (wage_hours) {
    check_length(*wage_hours, n, "wage_hours");
    pc.wage_hours = wage_hours->data();
  }
  pc.source = std::move(source);
  pc.first_row = first_row;
  pc.lines = lines;
  return pc;
}

}  // namespace jobbench::python
