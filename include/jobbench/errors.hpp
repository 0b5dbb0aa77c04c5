// Exception types thrown by jobbench.
#pragma once

#include <stdexcept>
#include <string>

namespace jobbench {

/// Invalid input data (FTE, person-years or population rows).
///
/// Messages have the form "<table> row <i> (<municipality>, <key>): <rule>", where <i> is the
/// 0-based position of the offending row in the input as given, or "<file> line <n> (...): <rule>"
/// with the line an editor shows (1-based, header = line 1) for rows read from a file. User text
/// in messages is escaped (escape_text), so a message is always one printable line.
class InputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Invalid benchmark specification (malformed JSON, duplicate codes, cycles, unknown references).
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// User text made safe for a one-line message: control characters become \n, \t, \r or \xNN, and
/// bytes that are not UTF-8 become \xNN (a NUL would otherwise cut a message short).
std::string escape_text(const std::string& text);

}  // namespace jobbench
