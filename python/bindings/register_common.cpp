// Bindings of what the capabilities share: the C++ CSV reader (jobbench/csv.hpp) and the escaping
// of user text in messages.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "jobbench/csv.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/format.hpp"
#include "jobbench/names.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

/// A CSV file as a dict: header, columns (numbers as float64 arrays, NaN for empty fields; other
/// columns as lists of str), the editor line of each row, and what was detected.
py::dict read_csv_columns(const std::string& path, const std::vector<std::string>& required,
                          const std::vector<std::string>& numeric, const CsvOptions& options) {
  const CsvTable table = read_csv(path, options);
  for (const std::string& name : required) table.column(name);
  py::dict columns;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string& name = table.header[c];
    if (std::find(numeric.begin(), numeric.end(), name) != numeric.end()) {
      py::array_t<double> values(static_cast<py::ssize_t>(table.rows.size()));
      double* out = values.mutable_data();
      for (std::size_t r = 0; r < table.rows.size(); ++r) {
        out[r] = table.number(r, c, std::numeric_limits<double>::quiet_NaN());
      }
      columns[py::str(name)] = values;
    } else {
      py::list values(table.rows.size());
      for (std::size_t r = 0; r < table.rows.size(); ++r) {
        values[r] = py::str(table.rows[r][c]);
      }
      columns[py::str(name)] = values;
    }
  }
  py::array_t<std::int64_t> lines(static_cast<py::ssize_t>(table.lines.size()));
  std::copy(table.lines.begin(), table.lines.end(), lines.mutable_data());
  py::dict out;
  out["header"] = table.header;
  out["columns"] = columns;
  out["lines"] = lines;
  out["separator"] = std::string(1, table.separator);
  out["decimal"] = std::string(1, table.decimal);
  out["encoding"] = table.encoding;
  return out;
}

}  // namespace

void register_common(py::module_& m) {
  m.attr("MAX_CSV_BYTES") = kMaxCsvBytes;
  m.def("escape_text", &escape_text, py::arg("text"),
        "User text made safe for a one-line message (control characters and non-UTF-8 bytes "
        "escaped).");
  m.def("find_name", &find_name, py::arg("names"), py::arg("query"), py::arg("what"),
        "Index of query in names: exact, else ignoring case; InputError with a suggestion.");
  m.def("closest_name", &closest_name, py::arg("candidates"), py::arg("query"),
        "The candidate a typo most likely meant, or ''.");
  m.def("format_da", &format_da, py::arg("value"), py::arg("decimals") = 1,
        py::arg("missing") = "", "A number as Danish reports print it: 2.850, 24,1.");
  m.def(
      "read_csv",
      [](const std::string& path, const std::vector<std::string>& required,
         const std::vector<std::string>& numeric, const std::string& separator,
         const std::string& decimal, const std::string& encoding, std::size_t max_bytes) {
        CsvOptions options{separator, decimal, encoding, max_bytes};
        return read_csv_columns(path, required, numeric, options);
      },
      py::arg("path"), py::arg("required") = std::vector<std::string>{},
      py::arg("numeric") = std::vector<std::string>{}, py::arg("separator") = "",
      py::arg("decimal") = "", py::arg("encoding") = "", py::arg("max_bytes") = kMaxCsvBytes,
      "Reads a CSV file with the C++ reader (encoding, separator and decimal mark detected unless "
      "given). Returns a dict: header, columns (numeric ones as float64 arrays), lines (editor "
      "line of each row), separator, decimal, encoding. Raises InputError naming file and line.");
}

}  // namespace jobbench::python
