// Confidence intervals for counts: a proportion k of n (Wilson, exact Clopper-Pearson) and a
// Poisson count (exact Garwood). Used where the unit really is a person or a spell.
#pragma once

#include <string>

namespace jobbench {

/// Two-sided interval [lower, upper].
struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

enum class ProportionMethod { Wilson, Exact };

/// "wilson" or "exact"; InputError naming the choices otherwise.
ProportionMethod proportion_method(const std::string& name);

/// Interval for the proportion k / n at confidence `level` in (0, 1). Wilson: the score interval;
/// Exact: Clopper-Pearson (beta quantiles; 0 at k = 0, 1 at k = n). InputError unless
/// 0 <= k <= n, n > 0, all finite; `what` names the unit in the message.
Interval proportion_interval(double k, double n, double level, ProportionMethod method,
                             const std::string& what = "");

/// Garwood exact interval for the mean of a Poisson count k >= 0 (chi-square quantiles; lower 0
/// at k = 0). Divide by the exposure for a rate.
Interval poisson_interval(double k, double level, const std::string& what = "");

/// InputError unless 0 < level < 1.
void check_level(double level);

}  // namespace jobbench
