#include <cmath>
#include <cstdio>
#include <string>

#include "jobbench/format.hpp"

namespace jobbench {

std::string format_da(double value, int decimals, const std::string& missing) {
  if (std::isnan(value)) return missing;
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  decimals = decimals < 0 ? 0 : decimals > 17 ? 17 : decimals;
  char buffer[400];  // the largest double has 309 digits before the point
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  const std::string plain(buffer);
  const std::size_t sign = plain[0] == '-' ? 1 : 0;
  const std::size_t point = plain.find('.');
  const std::size_t int_end = point == std::string::npos ? plain.size() : point;
  std::string out = plain.substr(0, sign);
  const std::size_t digits = int_end - sign;
  for (std::size_t k = 0; k < digits; ++k) {
    if (k > 0 && (digits - k) % 3 == 0) out += '.';
    out += plain[sign + k];
  }
  if (point != std::string::npos) out += "," + plain.substr(point + 1);
  // "-0,0": a negative number that rounds to zero prints as zero
  if (sign && out.find_first_not_of("-0.,") == std::string::npos) out.erase(0, 1);
  return out;
}

}  // namespace jobbench
