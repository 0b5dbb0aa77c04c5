// The Simar-Wilson (1998) smoothed bootstrap of DEA scores (include/jobbench/analysis/dea.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>

#include "analysis/dea_lp.hpp"
#include "jobbench/analysis/dea.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Uniform in [0, 1) from the top 53 bits.
double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Sample variance (n - 1).
double variance(const std::vector<double>& v) {
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return ss / static_cast<double>(v.size() - 1);
}

/// Quantile of sorted values, R's type 7 (linear interpolation) or type 9 (approximately unbiased
/// for normal data; Benchmarking's dea.boot intervals).
double quantile(const std::vector<double>& sorted, double p, int type) {
  const double nn = static_cast<double>(sorted.size());
  double h;  // 1-based position
  if (type == 7) {
    h = (nn - 1.0) * p + 1.0;
  } else {
    h = nn * p + (p / 4.0 + 3.0 / 8.0);
  }
  const double j = std::floor(h);
  const double g = h - j;
  auto at = [&](double pos) {
    const double c = std::min(std::max(pos, 1.0), nn);
    return sorted[static_cast<std::size_t>(c) - 1];
  };
  return (1.0 - g) * at(j) + g * at(j + 1.0);
}

/// The Farrell score of (x, y) read off one of `found` (facets HiGHS found optimal for earlier
/// units of this model), false when none is optimal for it. Every facet bounds the score from
/// below, and the optimal one, if found, attains the highest bound: only that one is checked.
bool score_from_found(dea_detail::DeaLp& lp, const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                      const std::vector<dea_detail::Facet>& found, double& efficiency,
                      const dea_detail::Facet*& nearest) {
  const dea_detail::Facet* best = nullptr;
  double best_bound = -std::numeric_limits<double>::infinity();
  for (const dea_detail::Facet& f : found) {
    const double bound = lp.facet_bound(x, y, f);
    if (bound > best_bound) {
      best_bound = bound;
      best = &f;
    }
  }
  nearest = best;
  return best != nullptr && lp.score_from_basis(x, y, best->basis, efficiency);
}

}  // namespace

DeaBootstrapResult dea_bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                 const DeaBootstrapOptions& options, const DeaLabels& labels,
                                 bool keep_draws) {
  if (options.rts == DeaRts::Fdh) {
    throw InputError("the smoothed bootstrap is for DEA frontiers: use rts crs, vrs, drs or irs, not fdh");
  }
  if (options.draws < 2) throw InputError("draws must be at least 2, got " + std::to_string(options.draws));
  if (!(options.level > 0.0 && options.level < 1.0)) {
    throw InputError("level must be in (0, 1), got " + std::to_string(options.level));
  }
  if (!std::isfinite(options.bandwidth)) throw InputError("bandwidth must be finite");
  DeaOptions dopt;
  dopt.rts = options.rts;
  dopt.orientation = options.orientation;
  dopt.slacks = false;
  dopt.threads = options.threads;
  const DeaResult base = dea(X, Y, dopt, labels);
  const bool in = options.orientation == DeaOrientation::Input;
  const Eigen::Index k = X.rows();
  if (k < 2) throw InputError("the bootstrap needs at least 2 units");

  DeaBootstrapResult out;
  out.warnings = base.warnings;
  out.efficiency = base.efficiency;
  // Distances d >= 1: Shephard's input distance 1/theta, or Farrell's output phi.
  std::vector<double> d(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    const double e = base.efficiency(j);
    d[static_cast<std::size_t>(j)] = std::max(1.0, in ? 1.0 / e : e);
  }
  std::vector<double> reflected;  // the 2K values {d, 2 - d} drawn from
  for (double v : d) reflected.push_back(v);
  for (double v : d) reflected.push_back(2.0 - v);
  const double var_reflected = variance(reflected);
  double h = options.bandwidth;
  if (h <= 0.0) {  // Benchmarking's dea.boot rule: Silverman on the inefficient units, reflected
    std::vector<double> neff;
    for (double v : d) {
      if (v > 1.0 + 1e-6) neff.push_back(v);
    }
    if (neff.empty()) {
      throw InputError("every unit is efficient: the bootstrap has no spread of scores to smooth");
    }
    const std::size_t zn = neff.size();
    for (std::size_t i = 0; i < zn; ++i) neff.push_back(2.0 - neff[i]);
    const double sd_all = std::sqrt(variance(d));
    const double sd_neff = std::sqrt(variance(neff));
    std::vector<double> sorted = neff;
    std::sort(sorted.begin(), sorted.end());
    const double iqr = (quantile(sorted, 0.75, 7) - quantile(sorted, 0.25, 7)) / 1.349;
    double spread = sd_neff;
    if (iqr > 1e-6 && iqr < spread) spread = iqr;
    const double len = static_cast<double>(neff.size());
    const double adjust = sd_all / sd_neff * std::pow(len / static_cast<double>(k), 0.2);
    h = adjust * 0.9 * spread * std::pow(len, -0.2);
  }
  out.bandwidth = h;
  const double shrink = 1.0 / std::sqrt(1.0 + h * h / var_reflected);

  const int draws = options.draws;
  Eigen::MatrixXd boot(k, draws);  // distances of the original units against each pseudo frontier
  const int threads = dea_detail::thread_count(options.threads, static_cast<std::size_t>(draws), 4);
  dea_detail::parallel_chunks(static_cast<std::size_t>(draws), threads,
                              [&](std::size_t begin, std::size_t end, int) {
    Eigen::MatrixXd pseudo = in ? X : Y;
    std::vector<double> beta(static_cast<std::size_t>(k)), eps(static_cast<std::size_t>(k));
    const double two_k = static_cast<double>(reflected.size());
    for (std::size_t b = begin; b < end; ++b) {
      std::mt19937_64 rng(splitmix64(options.seed + static_cast<std::uint64_t>(b)));
      double mean = 0.0;
      for (Eigen::Index j = 0; j < k; ++j) {
        const auto pick = static_cast<std::size_t>(std::min(two_k - 1.0, std::floor(uniform(rng) * two_k)));
        beta[static_cast<std::size_t>(j)] = reflected[pick];
        mean += reflected[pick];
      }
      mean /= static_cast<double>(k);
      for (Eigen::Index j = 0; j < k; j += 2) {  // Box-Muller, both outputs
        const double u1 = 1.0 - uniform(rng);  // (0, 1]
        const double u2 = uniform(rng);
        const double r = std::sqrt(-2.0 * std::log(u1));
        eps[static_cast<std::size_t>(j)] = r * std::cos(kTwoPi * u2);
        if (j + 1 < k) eps[static_cast<std::size_t>(j + 1)] = r * std::sin(kTwoPi * u2);
      }
      for (Eigen::Index j = 0; j < k; ++j) {
        const auto jj = static_cast<std::size_t>(j);
        double ds = mean + (beta[jj] + h * eps[jj] - mean) * shrink;
        if (ds < 1.0) ds = 2.0 - ds;
        // pseudo data on the bootstrap frontier: input x_j * theta_j * d*_j, output y_j * phi_j / d*_j
        if (in) {
          pseudo.row(j) = X.row(j) * (base.efficiency(j) * ds);
        } else {
          pseudo.row(j) = Y.row(j) * (base.efficiency(j) / ds);
        }
      }
      // One model per draw, reused for its K units: a draw's results then do not depend on
      // which draws the same thread solved before, so they are identical for any thread count.
      // HiGHS's cost per solve is mostly fixed (~0.05 ms however small the LP), so a unit whose
      // optimal basis HiGHS already found for another unit of the draw (units that project onto
      // the same facet of the pseudo frontier share it) is read off that basis (dea_basis.cpp);
      // that is close to half the units. The others start HiGHS from the facet nearest to them
      // (HiGHS still holds the last one found).
      dea_detail::DeaLp lp(in ? pseudo : X, in ? Y : pseudo, options.rts, options.orientation,
                           false);
      std::vector<dea_detail::Facet> found;
      for (Eigen::Index o = 0; o < k; ++o) {
        const Eigen::VectorXd x = X.row(o).transpose(), y = Y.row(o).transpose();
        double e = 0.0;
        const dea_detail::Facet* nearest = nullptr;
        if (!score_from_found(lp, x, y, found, e, nearest)) {
          e = lp.solve(x, y, -1,
                       dea_detail::label(labels.units, static_cast<std::size_t>(o), "unit") +
                           " (bootstrap draw " + std::to_string(b) + ")",
                       false, nearest != nullptr && nearest != &found.back() ? &nearest->basis
                                                                             : nullptr)
                  .efficiency;
          dea_detail::Facet f;
          if (std::isfinite(e) && lp.facet(x, y, f)) found.push_back(std::move(f));
        }
        boot(o, static_cast<Eigen::Index>(b)) = in ? 1.0 / e : e;
      }
    }
  });

  const double alpha = 1.0 - options.level;
  out.bias.resize(k);
  out.corrected.resize(k);
  out.lower.resize(k);
  out.upper.resize(k);
  std::vector<double> diff(static_cast<std::size_t>(draws));
  for (Eigen::Index j = 0; j < k; ++j) {
    const double dj = in ? 1.0 / base.efficiency(j) : base.efficiency(j);
    double mean = 0.0;
    for (int b = 0; b < draws; ++b) {
      mean += boot(j, b);
      diff[static_cast<std::size_t>(b)] = dj - boot(j, b);
    }
    mean /= draws;
    std::sort(diff.begin(), diff.end());
    const double d_corrected = dj - (mean - dj);
    const double lo = dj + quantile(diff, alpha / 2.0, 9);
    const double hi = dj + quantile(diff, 1.0 - alpha / 2.0, 9);
    if (in) {
      out.corrected(j) = 1.0 / d_corrected;
      out.lower(j) = 1.0 / hi;
      out.upper(j) = 1.0 / lo;
    } else {
      out.corrected(j) = d_corrected;
      out.lower(j) = lo;
      out.upper(j) = hi;
    }
    out.bias(j) = base.efficiency(j) - out.corrected(j);
  }
  if (keep_draws) {
    out.draws = in ? Eigen::MatrixXd(boot.cwiseInverse()) : boot;
  }
  return out;
}

}  // namespace jobbench
