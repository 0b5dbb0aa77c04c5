// Funnel plots with over-dispersion (Spiegelhalter 2005; the R package FunnelPlotR): an
// indicator per unit against its precision, with control limits around a target that widen for
// small units, inflated for between-unit variation (additive tau^2 or multiplicative phi).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "jobbench/analysis/intervals.hpp"

namespace jobbench {

/// How the indicator is transformed before z-scoring (FunnelPlotR's data types):
///   Arcsine:    proportion p = k / n, y = asin(sqrt(p)), s = 1 / (2 sqrt(n))   ("PR")
///   SquareRoot: ratio or rate v = O / n, y = sqrt(v), s = 1 / (2 sqrt(n))      ("SR", CQC)
///               n = expected count (O/E ratio) or exposure (rate per exposure)
///   Identity:   estimate with standard error se, y = estimate, s = se, n = 1 / se^2
enum class FunnelTransform { Arcsine, SquareRoot, Identity };

enum class Overdispersion { None, Additive, Multiplicative };

/// "additive", "multiplicative" or "none"; InputError naming the choices otherwise.
Overdispersion overdispersion_method(const std::string& name);
std::string overdispersion_name(Overdispersion method);

/// Flag of a unit against the limits (on the indicator's scale; a value on a limit is inside).
enum class FunnelFlag { Low998 = -2, Low95 = -1, Normal = 0, High95 = 1, High998 = 2 };
std::string funnel_flag_name(FunnelFlag flag);  // "low998", "low95", "normal", "high95", ...

/// Sample quantile with linear interpolation between order statistics (R type 7, numpy's
/// default): position (m - 1) p in the sorted values. InputError if `values` is empty or p is
/// outside [0, 1].
double quantile_type7(std::vector<double> values, double p);

/// Inputs of a funnel, one entry per unit. For Arcsine: `a` = numerators, `b` = denominators;
/// SquareRoot: `a` = observed counts, `b` = expected counts or exposure; Identity: `a` =
/// estimates, `b` = standard errors. `units` names the units in messages (may be empty: then
/// "unit <i>").
struct FunnelInput {
  FunnelTransform transform = FunnelTransform::Arcsine;
  std::vector<double> a;
  std::vector<double> b;
  std::vector<std::string> units;
  Overdispersion overdispersion = Overdispersion::Additive;
  double trim = 0.1;
  /// NaN: pooled (Arcsine and SquareRoot: sum a / sum b; Identity: inverse-variance weighted
  /// mean). Otherwise the target on the indicator's scale (a proportion in [0, 1], a ratio or
  /// rate > 0, any finite estimate).
  double target = std::numeric_limits<double>::quiet_NaN();
};

/// A fitted funnel. Per-unit vectors hold the included units in input order; `included[i]` is
/// the input position of included unit i, `excluded` the positions left out (denominator,
/// expected count or exposure of zero).
struct FunnelFit {
  FunnelTransform transform = FunnelTransform::Arcsine;
  Overdispersion requested = Overdispersion::Additive;
  Overdispersion used = Overdispersion::Additive;  // None when fewer than 3 units
  double trim = 0.1;
  bool dispersion_estimated = false;  // false when fewer than 3 units
  double target = 0.0;                // indicator scale
  double target_transformed = 0.0;    // y0
  double phi = 0.0;                   // NaN when not estimated
  double tau2 = 0.0;                  // on the transformed scale; 0 when not estimated
  double sum_w = 0.0;                 // sum of 1 / s^2 over the included units
  std::vector<std::size_t> included;
  std::vector<std::size_t> excluded;
  std::vector<double> n, value, y, s, z, z_adjusted;
  std::vector<double> lower95, upper95, lower998, upper998;
  std::vector<FunnelFlag> flag;  // against the 95 % and 99.8 % limits of `used`
};

/// Validates the input (InputError naming the unit and what is allowed), leaves out units whose
/// denominator is 0, computes target, z-scores, phi from the z-scores winsorised at the `trim`
/// and 1 - `trim` quantiles (type 7), tau^2 per Spiegelhalter (2005) and the limits.
FunnelFit fit_funnel(const FunnelInput& input);

/// Control limits of `fit` at precision `n` (denominator, expected count, exposure or
/// 1 / se^2) and `level` in (0, 1), on the indicator's scale. Additive: y0 -/+ q sqrt(s^2 +
/// tau^2); multiplicative: y0 -/+ q s sqrt(max(phi, 1)); None: y0 -/+ q s, back-transformed
/// (Arcsine: sin^2 of the angle clipped to [0, pi/2]; SquareRoot: square of max(0, .)), except
/// that SquareRoot with None gives FunnelPlotR's exact Poisson limits for the expected count
/// m = target * n: target * Gamma^-1(m; (1 - level)/2) / m and target * Gamma^-1(m + 1;
/// (1 + level)/2) / m. InputError unless n > 0 and finite.
Interval funnel_limits(const FunnelFit& fit, double n, double level);

/// Indirect standardisation: expected count of unit u = sum_g exposure(u, g) * rate_g with the
/// national rate rate_g = sum_u counts(u, g) / sum_u exposure(u, g). Matrices are row-major,
/// `units` x `groups`. InputError (naming unit and group) for negative or non-finite cells; a
/// group with no exposure anywhere contributes nothing (its counts must then be 0).
std::vector<double> expected_counts(const std::vector<double>& counts,
                                    const std::vector<double>& exposure, std::size_t n_units,
                                    std::size_t n_groups, const std::vector<std::string>& units,
                                    const std::vector<std::string>& groups);

}  // namespace jobbench
