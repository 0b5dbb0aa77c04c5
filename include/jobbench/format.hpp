// Numbers as Danish reports print them.
#pragma once

#include <string>

namespace jobbench {

/// `value` with a decimal comma and thousands points: format_da(2850.0, 0) == "2.850",
/// format_da(24.06) == "24,1", format_da(-1234.5, 2) == "-1.234,50". NaN gives `missing`
/// ("" by default), infinities "inf" / "-inf". Rounding is that of printf ("%.*f").
std::string format_da(double value, int decimals = 1, const std::string& missing = "");

}  // namespace jobbench
