// Verbal classes of a municipality's difference from the group mean ("lidt færre", "markant
// flere").
#pragma once

#include <string>

#include "jobbench/productivity/spec.hpp"

namespace jobbench {

enum class Language { Danish, English };

/// Class codes. Negative = fewer than the mean, positive = more.
enum VerbalClass : int {
  kClassNone = -5,  // value is 0 while the mean is positive ("ingen")
  kClassMarkedlyFewer = -4,
  kClassConsiderablyFewer = -3,
  kClassFewer = -2,
  kClassSlightlyFewer = -1,
  kClassSame = 0,
  kClassSlightlyMore = 1,
  kClassMore = 2,
  kClassConsiderablyMore = 3,
  kClassMarkedlyMore = 4,
  kClassMissing = -9,  // value missing (NaN), or no relative difference defined
};

/// Classifies a relative difference `diff_rel` = (value - mean) / mean:
/// |d| < same -> 0, < slightly -> ±1, < plain -> ±2, < considerably -> ±3, else ±4;
/// value == 0 < mean -> kClassNone; NaN value -> kClassMissing; NaN diff_rel (mean == 0) ->
/// kClassSame if value == mean, else kClassMissing.
int classify(double diff_rel, double value, double mean, const ClassThresholds& thresholds);

/// Label of a class code ("markant færre" / "markedly fewer"). Throws std::invalid_argument for an
/// unknown code.
std::string class_label(int code, Language language = Language::Danish);

}  // namespace jobbench
