// The benchmark computation (design.md section 3).
#pragma once

#include "jobbench/productivity/data.hpp"
#include "jobbench/productivity/result.hpp"

namespace jobbench {

struct ComputeOptions {
  /// Relative tolerance when checking that sub-task FTE does not exceed the parent's FTE, so that
  /// rounding in the input (0.1 + 0.2 vs 0.3) is not an error.
  double subtask_tolerance = 1e-9;
};

/// Rolls FTE up the task tree, divides by the divisor groups' person-years, and compares the
/// municipalities. Throws InputError for sub-task FTE exceeding the parent's and for FTE > 0 over
/// zero person-years.
BenchmarkResult compute(const BenchmarkData& data, const ComputeOptions& options = {});

}  // namespace jobbench
