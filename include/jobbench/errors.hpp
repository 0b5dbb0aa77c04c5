// Exception types thrown by jobbench.
#pragma once

#include <stdexcept>

namespace jobbench {

/// Invalid input data (FTE, person-years or population rows).
///
/// Messages have the form "<table> row <i> (<municipality>, <key>): <rule>", where <i> is the
/// 0-based position of the offending row in the input as given.
class InputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Invalid benchmark specification (malformed JSON, duplicate codes, cycles, unknown references).
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace jobbench
