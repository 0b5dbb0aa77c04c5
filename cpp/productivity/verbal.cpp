#include "jobbench/productivity/verbal.hpp"

#include <cmath>
#include <stdexcept>

namespace jobbench {

int classify(double diff_rel, double value, double mean, const ClassThresholds& thresholds) {
  if (std::isnan(value)) return kClassMissing;
  if (value == 0.0 && mean > 0.0) return kClassNone;
  if (std::isnan(diff_rel)) return value == mean ? kClassSame : kClassMissing;

  const double size = std::abs(diff_rel);
  int magnitude = 4;
  if (size < thresholds.same) {
    magnitude = 0;
  } else if (size < thresholds.slightly) {
    magnitude = 1;
  } else if (size < thresholds.plain) {
    magnitude = 2;
  } else if (size < thresholds.considerably) {
    magnitude = 3;
  }
  return diff_rel < 0 ? -magnitude : magnitude;
}

std::string class_label(int code, Language language) {
  static const char* const danish[] = {
      "ingen", "markant færre", "betydelig færre", "færre",           "lidt færre",
      "samme", "lidt flere",    "flere",           "betydelig flere", "markant flere"};
  static const char* const english[] = {"none",          "markedly fewer", "considerably fewer",
                                        "fewer",         "slightly fewer", "same",
                                        "slightly more", "more",           "considerably more",
                                        "markedly more"};
  if (code == kClassMissing) return language == Language::Danish ? "uoplyst" : "not available";
  if (code < kClassNone || code > kClassMarkedlyMore) {
    throw std::invalid_argument("unknown verbal class code " + std::to_string(code));
  }
  const auto position = static_cast<std::size_t>(code - kClassNone);
  return language == Language::Danish ? danish[position] : english[position];
}

}  // namespace jobbench
