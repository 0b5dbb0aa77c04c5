#include "jobbench/analysis/intervals.hpp"

#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

std::string unit_prefix(const std::string& what) { return what.empty() ? "" : what + ": "; }

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}

}  // namespace

void check_level(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw InputError("level must lie strictly between 0 and 1 (e.g. 0.95), got " +
                     std::to_string(level));
  }
}

ProportionMethod proportion_method(const std::string& name) {
  if (name == "wilson") return ProportionMethod::Wilson;
  if (name == "exact") return ProportionMethod::Exact;
  throw InputError("unknown interval method '" + name + "' (choose wilson or exact)");
}

Interval proportion_interval(double k, double n, double level, ProportionMethod method,
                             const std::string& what) {
  check_level(level);
  if (!std::isfinite(k) || !std::isfinite(n) || n <= 0.0 || k < 0.0 || k > n) {
    throw InputError(unit_prefix(what) + "need 0 <= numerator <= denominator and denominator > 0, got " +
                     std::to_string(k) + " of " + std::to_string(n));
  }
  const double alpha = 1.0 - level;
  if (method == ProportionMethod::Exact) {
    // Clopper-Pearson: quantiles of Beta(k, n-k+1) and Beta(k+1, n-k).
    const double lower = k == 0.0 ? 0.0 : boost::math::ibeta_inv(k, n - k + 1.0, alpha / 2.0);
    const double upper = k == n ? 1.0 : boost::math::ibeta_inv(k + 1.0, n - k, 1.0 - alpha / 2.0);
    return {lower, upper};
  }
  const double z = normal_quantile(1.0 - alpha / 2.0);
  const double z2 = z * z;
  const double centre = (k + z2 / 2.0) / (n + z2);
  const double half = z / (n + z2) * std::sqrt(k * (n - k) / n + z2 / 4.0);
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding must not move it off.
  const double lower = k == 0.0 ? 0.0 : std::max(0.0, centre - half);
  const double upper = k == n ? 1.0 : std::min(1.0, centre + half);
  return {std::min(lower, k / n), std::max(upper, k / n)};
}

Interval poisson_interval(double k, double level, const std::string& what) {
  check_level(level);
  if (!std::isfinite(k) || k < 0.0) {
    throw InputError(unit_prefix(what) + "a count must be finite and >= 0, got " + std::to_string(k));
  }
  const double alpha = 1.0 - level;
  // chi2.ppf(p, 2k) / 2 = gamma_p_inv(k, p): the Gamma(k, 1) quantile.
  const double lower = k == 0.0 ? 0.0 : boost::math::gamma_p_inv(k, alpha / 2.0);
  const double upper = boost::math::gamma_p_inv(k + 1.0, 1.0 - alpha / 2.0);
  return {lower, upper};
}

}  // namespace jobbench
