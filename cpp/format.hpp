// Internal helpers for building error messages.
#pragma once

#include <cstddef>
#include <iomanip>
#include <sstream>
#include <string>

namespace jobbench::detail {

/// A number as it would be written by hand: 10 significant digits, no trailing zeros.
inline std::string format_number(double value) {
  std::ostringstream out;
  out << std::setprecision(10) << value;
  return out.str();
}

/// "<table> row <i> (<municipality>, <key>): <rule>" (design.md section 2).
inline std::string row_message(const std::string& table, std::size_t row,
                               const std::string& municipality, const std::string& key,
                               const std::string& rule) {
  std::string message = table + " row " + std::to_string(row) + " (" + municipality;
  if (!key.empty()) message += ", " + key;
  return message + "): " + rule;
}

}  // namespace jobbench::detail
