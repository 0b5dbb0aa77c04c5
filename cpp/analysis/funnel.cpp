#include "jobbench/analysis/funnel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "common/format.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using detail::format_number;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string unit_name(const std::vector<std::string>& units, std::size_t i) {
  return i < units.size() ? detail::escape(units[i]) : "unit " + std::to_string(i);
}

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), p);
}

double transform(FunnelTransform how, double v) {
  switch (how) {
    case FunnelTransform::Arcsine:
      return std::asin(std::sqrt(v));
    case FunnelTransform::SquareRoot:
      return std::sqrt(v);
    case FunnelTransform::Identity:
      break;
  }
  return v;
}

double back_transform(FunnelTransform how, double y) {
  switch (how) {
    case FunnelTransform::Arcsine: {
      const double angle = std::clamp(y, 0.0, boost::math::constants::half_pi<double>());
      const double root = std::sin(angle);
      return root * root;
    }
    case FunnelTransform::SquareRoot: {
      const double root = std::max(0.0, y);
      return root * root;
    }
    case FunnelTransform::Identity:
      break;
  }
  return y;
}

// Standard error on the transformed scale at precision n.
double standard_error(FunnelTransform how, double n) {
  return how == FunnelTransform::Identity ? 1.0 / std::sqrt(n) : 1.0 / (2.0 * std::sqrt(n));
}

void check_unit(const FunnelInput& in, std::size_t i, bool& exclude) {
  const double a = in.a[i];
  const double b = in.b[i];
  const std::string who = unit_name(in.units, i) + ": ";
  exclude = false;
  switch (in.transform) {
    case FunnelTransform::Arcsine:
      if (!std::isfinite(a) || !std::isfinite(b) || a < 0.0 || b < 0.0) {
        throw InputError(who + "numerator and denominator must be finite and >= 0, got " +
                         format_number(a) + " of " + format_number(b));
      }
      if (a > b) {
        throw InputError(who + "numerator " + format_number(a) + " exceeds denominator " +
                         format_number(b) + " (need 0 <= numerator <= denominator)");
      }
      exclude = b == 0.0;
      return;
    case FunnelTransform::SquareRoot:
      if (!std::isfinite(a) || !std::isfinite(b) || a < 0.0 || b < 0.0) {
        throw InputError(who + "count and expected count (or exposure) must be finite and >= 0, "
                         "got " + format_number(a) + " and " + format_number(b));
      }
      if (b == 0.0 && a > 0.0) {
        throw InputError(who + "count " + format_number(a) +
                         " with an expected count (or exposure) of 0 (need > 0 when count > 0)");
      }
      exclude = b == 0.0;
      return;
    case FunnelTransform::Identity:
      if (!std::isfinite(a) || !std::isfinite(b) || b <= 0.0) {
        throw InputError(who + "need a finite estimate and a finite standard error > 0, got " +
                         format_number(a) + " and " + format_number(b));
      }
      return;
  }
}

void check_target(FunnelTransform how, double target) {
  if (std::isnan(target)) return;
  if (how == FunnelTransform::Arcsine && !(target >= 0.0 && target <= 1.0)) {
    throw InputError("target of a proportion must lie in [0, 1], got " + format_number(target));
  }
  if (how == FunnelTransform::SquareRoot && !(target > 0.0 && std::isfinite(target))) {
    throw InputError("target of a ratio or rate must be finite and > 0, got " +
                     format_number(target));
  }
  if (!std::isfinite(target)) {
    throw InputError("target must be finite, got " + format_number(target));
  }
}

FunnelFlag flag_of(double value, const Interval& l95, const Interval& l998) {
  if (value > l998.upper) return FunnelFlag::High998;
  if (value > l95.upper) return FunnelFlag::High95;
  if (value < l998.lower) return FunnelFlag::Low998;
  if (value < l95.lower) return FunnelFlag::Low95;
  return FunnelFlag::Normal;
}

}  // namespace

Overdispersion overdispersion_method(const std::string& name) {
  if (name == "additive") return Overdispersion::Additive;
  if (name == "multiplicative") return Overdispersion::Multiplicative;
  if (name == "none") return Overdispersion::None;
  throw InputError("unknown overdispersion '" + detail::escape(name) +
                   "' (choose additive, multiplicative or none)");
}

std::string overdispersion_name(Overdispersion method) {
  switch (method) {
    case Overdispersion::Additive:
      return "additive";
    case Overdispersion::Multiplicative:
      return "multiplicative";
    case Overdispersion::None:
      break;
  }
  return "none";
}

std::string funnel_flag_name(FunnelFlag flag) {
  switch (flag) {
    case FunnelFlag::Low998:
      return "low998";
    case FunnelFlag::Low95:
      return "low95";
    case FunnelFlag::High95:
      return "high95";
    case FunnelFlag::High998:
      return "high998";
    case FunnelFlag::Normal:
      break;
  }
  return "normal";
}

double quantile_type7(std::vector<double> values, double p) {
  if (values.empty()) throw InputError("quantile of no values");
  if (!(p >= 0.0 && p <= 1.0)) {
    throw InputError("quantile probability must lie in [0, 1], got " + format_number(p));
  }
  std::sort(values.begin(), values.end());
  const double h = static_cast<double>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  const double frac = h - static_cast<double>(lo);
  return values[lo] + frac * (values[hi] - values[lo]);
}

FunnelFit fit_funnel(const FunnelInput& in) {
  if (in.a.size() != in.b.size()) {
    throw InputError("the two inputs of a funnel differ in length (" +
                     std::to_string(in.a.size()) + " and " + std::to_string(in.b.size()) + ")");
  }
  if (!in.units.empty() && in.units.size() != in.a.size()) {
    throw InputError("unit names and values differ in length");
  }
  if (!(in.trim >= 0.0 && in.trim < 0.5)) {
    throw InputError("trim must lie in [0, 0.5) (e.g. 0.1: winsorise 10 % at each end), got " +
                     format_number(in.trim));
  }
  check_target(in.transform, in.target);

  FunnelFit fit;
  fit.transform = in.transform;
  fit.requested = in.overdispersion;
  fit.trim = in.trim;
  for (std::size_t i = 0; i < in.a.size(); ++i) {
    bool exclude = false;
    check_unit(in, i, exclude);
    (exclude ? fit.excluded : fit.included).push_back(i);
  }
  if (fit.included.empty()) {
    throw InputError("a funnel needs at least one unit with a denominator (expected count, "
                     "exposure) > 0");
  }

  const std::size_t k = fit.included.size();
  double sum_a = 0.0, sum_b = 0.0, sum_wy = 0.0, sum_w = 0.0, sum_w2 = 0.0;
  for (const std::size_t i : fit.included) {
    const double a = in.a[i], b = in.b[i];
    const bool identity = in.transform == FunnelTransform::Identity;
    const double n = identity ? 1.0 / (b * b) : b;
    const double value = identity ? a : a / b;
    const double y = transform(in.transform, value);
    const double s = standard_error(in.transform, n);
    const double w = 1.0 / (s * s);
    fit.n.push_back(n);
    fit.value.push_back(value);
    fit.y.push_back(y);
    fit.s.push_back(s);
    sum_a += a;
    sum_b += b;
    sum_wy += w * y;
    sum_w += w;
    sum_w2 += w * w;
  }
  fit.sum_w = sum_w;
  if (!std::isnan(in.target)) {
    fit.target = in.target;
    fit.target_transformed = transform(in.transform, in.target);
  } else if (in.transform == FunnelTransform::Identity) {
    fit.target_transformed = sum_wy / sum_w;
    fit.target = fit.target_transformed;
  } else {
    fit.target = sum_a / sum_b;
    fit.target_transformed = transform(in.transform, fit.target);
  }
  if (in.transform == FunnelTransform::SquareRoot && !(fit.target > 0.0)) {
    throw InputError("the pooled rate is 0 (no events in any unit): give a target > 0");
  }

  for (std::size_t j = 0; j < k; ++j) {
    fit.z.push_back((fit.y[j] - fit.target_transformed) / fit.s[j]);
  }

  fit.used = in.overdispersion;
  if (k < 3) {
    fit.dispersion_estimated = false;
    fit.phi = kNaN;
    fit.tau2 = 0.0;
    fit.used = Overdispersion::None;
  } else {
    fit.dispersion_estimated = true;
    const double lo = quantile_type7(fit.z, in.trim);
    const double hi = quantile_type7(fit.z, 1.0 - in.trim);
    double sum_z2 = 0.0;
    for (const double z : fit.z) {
      const double wz = std::clamp(z, lo, hi);
      sum_z2 += wz * wz;
    }
    const double kk = static_cast<double>(k);
    fit.phi = sum_z2 / kk;
    fit.tau2 = kk * fit.phi < kk - 1.0
                   ? 0.0
                   : std::max(0.0, (kk * fit.phi - (kk - 1.0)) / (sum_w - sum_w2 / sum_w));
  }

  for (std::size_t j = 0; j < k; ++j) {
    const double diff = fit.y[j] - fit.target_transformed;
    double scale = fit.s[j];
    if (fit.used == Overdispersion::Additive) {
      scale = std::sqrt(fit.s[j] * fit.s[j] + fit.tau2);
    } else if (fit.used == Overdispersion::Multiplicative) {
      scale = fit.s[j] * std::sqrt(std::max(fit.phi, 1.0));
    }
    fit.z_adjusted.push_back(diff / scale);
    const Interval l95 = funnel_limits(fit, fit.n[j], 0.95);
    const Interval l998 = funnel_limits(fit, fit.n[j], 0.998);
    fit.lower95.push_back(l95.lower);
    fit.upper95.push_back(l95.upper);
    fit.lower998.push_back(l998.lower);
    fit.upper998.push_back(l998.upper);
    fit.flag.push_back(flag_of(fit.value[j], l95, l998));
  }
  return fit;
}

Interval funnel_limits(const FunnelFit& fit, double n, double level) {
  check_level(level);
  if (!(n > 0.0 && std::isfinite(n))) {
    throw InputError("funnel limits need a finite n > 0, got " + format_number(n));
  }
  const double alpha = 1.0 - level;
  if (fit.transform == FunnelTransform::SquareRoot && fit.used == Overdispersion::None) {
    // FunnelPlotR's unadjusted "SR" limits: exact Poisson quantiles of the expected count.
    const double m = fit.target * n;
    return {fit.target * boost::math::gamma_p_inv(m, alpha / 2.0) / m,
            fit.target * boost::math::gamma_p_inv(m + 1.0, 1.0 - alpha / 2.0) / m};
  }
  const double q = normal_quantile(1.0 - alpha / 2.0);
  const double s = standard_error(fit.transform, n);
  double half = q * s;
  if (fit.used == Overdispersion::Additive) {
    half = q * std::sqrt(s * s + fit.tau2);
  } else if (fit.used == Overdispersion::Multiplicative) {
    half = q * s * std::sqrt(std::max(fit.phi, 1.0));
  }
  return {back_transform(fit.transform, fit.target_transformed - half),
          back_transform(fit.transform, fit.target_transformed + half)};
}

std::vector<double> expected_counts(const std::vector<double>& counts,
                                    const std::vector<double>& exposure, std::size_t n_units,
                                    std::size_t n_groups, const std::vector<std::string>& units,
                                    const std::vector<std::string>& groups) {
  if (counts.size() != n_units * n_groups || exposure.size() != n_units * n_groups) {
    throw InputError("counts and exposure must both be units x groups tables of the same shape");
  }
  const auto group_name = [&](std::size_t g) {
    return g < groups.size() ? detail::escape(groups[g]) : "group " + std::to_string(g);
  };
  std::vector<double> sum_counts(n_groups, 0.0), sum_exposure(n_groups, 0.0);
  for (std::size_t u = 0; u < n_units; ++u) {
    for (std::size_t g = 0; g < n_groups; ++g) {
      const double c = counts[u * n_groups + g];
      const double x = exposure[u * n_groups + g];
      if (!std::isfinite(c) || !std::isfinite(x) || c < 0.0 || x < 0.0) {
        throw InputError(unit_name(units, u) + ", " + group_name(g) +
                         ": count and exposure must be finite and >= 0, got " +
                         format_number(c) + " and " + format_number(x));
      }
      sum_counts[g] += c;
      sum_exposure[g] += x;
    }
  }
  std::vector<double> rate(n_groups, 0.0);
  for (std::size_t g = 0; g < n_groups; ++g) {
    if (sum_exposure[g] > 0.0) {
      rate[g] = sum_counts[g] / sum_exposure[g];
    } else if (sum_counts[g] > 0.0) {
      throw InputError(group_name(g) + ": " + format_number(sum_counts[g]) +
                       " events but no exposure in any unit (need exposure > 0)");
    }
  }
  std::vector<double> expected(n_units, 0.0);
  for (std::size_t u = 0; u < n_units; ++u) {
    for (std::size_t g = 0; g < n_groups; ++g) {
      expected[u] += exposure[u * n_groups + g] * rate[g];
    }
  }
  return expected;
}

}  // namespace jobbench
