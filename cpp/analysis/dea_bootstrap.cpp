// The bootstrap of DEA scores, m out of n and smoothed (include/jobbench/analysis/dea.hpp).
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

/// Farrell scores of every unit of (X, Y) against one draw's model `lp`, into scores[0..K);
/// +inf (input) or -inf (output) where the unit cannot be placed in the draw's technology.
/// HiGHS's cost per solve is mostly fixed (~0.05 ms however small the LP), so a unit whose
/// optimal basis HiGHS already found for another unit of the draw (units that project onto the
/// same facet share it) is read off that basis (dea_basis.cpp); that is close to half the units.
/// The others start HiGHS from the facet nearest to them (HiGHS still holds the last one found).
/// One model per draw: a draw's results then do not depend on which draws the same thread solved
/// before, so they are identical for any thread count.
void score_units(dea_detail::DeaLp& lp, const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                 const DeaLabels& labels, std::size_t draw, double* scores) {
  std::vector<dea_detail::Facet> found;
  for (Eigen::Index o = 0; o < X.rows(); ++o) {
    const Eigen::VectorXd x = X.row(o).transpose(), y = Y.row(o).transpose();
    double e = 0.0;
    const dea_detail::Facet* nearest = nullptr;
    if (!score_from_found(lp, x, y, found, e, nearest)) {
      const dea_detail::UnitSolution s =
          lp.solve(x, y, -1,
                   dea_detail::label(labels.units, static_cast<std::size_t>(o), "unit") +
                       " (bootstrap draw " + std::to_string(draw) + ")",
                   false,
                   nearest != nullptr && nearest != &found.back() ? &nearest->basis : nullptr);
      e = s.efficiency;
      dea_detail::Facet f;
      if (s.feasible && lp.facet(x, y, f)) found.push_back(std::move(f));
    }
    scores[o] = e;
  }
}

void check_options(const DeaBootstrapOptions& options, Eigen::Index k) {
  if (options.rts == DeaRts::Fdh) {
    throw InputError("the bootstrap is for DEA frontiers: use rts crs, vrs, drs or irs, not fdh");
  }
  if (options.draws < 2) {
    throw InputError("draws must be at least 2, got " + std::to_string(options.draws));
  }
  if (!(options.level > 0.0 && options.level < 1.0)) {
    throw InputError("level must be in (0, 1), got " + std::to_string(options.level));
  }
  if (!std::isfinite(options.bandwidth)) throw InputError("bandwidth must be finite");
  if (k < 2) throw InputError("the bootstrap needs at least 2 units");
  if (options.method == DeaBootstrapMethod::Subsample && options.subsample != 0 &&
      (options.subsample < 2 || options.subsample >= k)) {
    throw InputError("subsample (m) must be at least 2 and below the number of units (" +
                     std::to_string(k) + "), got " + std::to_string(options.subsample) +
                     "; 0 chooses it from the data");
  }
}

/// d >= 1: Shephard's input distance 1 / theta, or Farrell's output phi. Its own inverse: the
/// score of a distance d is distance(d, in).
double distance(double efficiency, bool in) { return in ? 1.0 / efficiency : efficiency; }

/// The interval [d_lo, d_hi] of a distance as one of scores: in input orientation the larger
/// distance is the lower score.
void score_interval(double d_lo, double d_hi, bool in, double& lower, double& upper) {
  lower = in ? 1.0 / d_hi : d_lo;
  upper = in ? 1.0 / d_lo : d_hi;
}

// --- smoothed (Simar & Wilson 1998) ------------------------------------------------------------

double smoothing_bandwidth(const std::vector<double>& d) {
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
  const double adjust = sd_all / sd_neff * std::pow(len / static_cast<double>(d.size()), 0.2);
  return adjust * 0.9 * spread * std::pow(len, -0.2);
}

void smoothed(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
              const DeaBootstrapOptions& options, const DeaLabels& labels, bool keep_draws,
              DeaBootstrapResult& out) {
  const bool in = options.orientation == DeaOrientation::Input;
  const Eigen::Index k = X.rows();
  std::vector<double> d(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    d[static_cast<std::size_t>(j)] = std::max(1.0, distance(out.efficiency(j), in));
  }
  std::vector<double> reflected;  // the 2K values {d, 2 - d} drawn from
  for (double v : d) reflected.push_back(v);
  for (double v : d) reflected.push_back(2.0 - v);
  const double var_reflected = variance(reflected);
  const double h = options.bandwidth > 0.0 ? options.bandwidth : smoothing_bandwidth(d);
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
        const auto pick =
            static_cast<std::size_t>(std::min(two_k - 1.0, std::floor(uniform(rng) * two_k)));
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
        // pseudo data on the bootstrap frontier: input x_j theta_j d*_j, output y_j phi_j / d*_j
        if (in) {
          pseudo.row(j) = X.row(j) * (out.efficiency(j) * ds);
        } else {
          pseudo.row(j) = Y.row(j) * (out.efficiency(j) / ds);
        }
      }
      dea_detail::DeaLp lp(in ? pseudo : X, in ? Y : pseudo, options.rts, options.orientation,
                           false);
      double* column = boot.col(static_cast<Eigen::Index>(b)).data();
      score_units(lp, X, Y, labels, b, column);
      for (Eigen::Index o = 0; o < k; ++o) column[o] = distance(column[o], in);
    }
  });

  const double alpha = 1.0 - options.level;
  std::vector<double> diff(static_cast<std::size_t>(draws));
  for (Eigen::Index j = 0; j < k; ++j) {
    const double dj = distance(out.efficiency(j), in);
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
    out.corrected(j) = distance(d_corrected, in);
    score_interval(lo, hi, in, out.lower(j), out.upper(j));
  }
  if (keep_draws) out.draws = in ? Eigen::MatrixXd(boot.cwiseInverse()) : boot;
}

// --- m out of n (Kneip, Simar & Wilson 2008; Simar & Wilson 2011) ------------------------------

/// DEA's rate of convergence n^kappa.
double convergence_rate(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, DeaRts rts) {
  const double dims = static_cast<double>(X.cols() + Y.cols());
  return rts == DeaRts::Crs ? 2.0 / dims : 2.0 / (dims + 1.0);
}

/// The Farrell scores of every unit against `draws` subsamples of m units (draw b seeded with
/// seed + b): K x draws, +inf (input) or -inf (output) where a unit cannot be placed.
Eigen::MatrixXd subsample_scores(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                 const DeaBootstrapOptions& options, const DeaLabels& labels,
                                 int m, int draws, std::uint64_t seed) {
  const Eigen::Index k = X.rows();
  Eigen::MatrixXd scores(k, draws);
  const int threads = dea_detail::thread_count(options.threads, static_cast<std::size_t>(draws), 4);
  dea_detail::parallel_chunks(static_cast<std::size_t>(draws), threads,
                              [&](std::size_t begin, std::size_t end, int) {
    std::vector<Eigen::Index> rows;
    for (std::size_t b = begin; b < end; ++b) {
      std::mt19937_64 rng(splitmix64(seed + static_cast<std::uint64_t>(b)));
      rows.resize(static_cast<std::size_t>(m));
      for (auto& p : rows) {
        const auto at = static_cast<Eigen::Index>(uniform(rng) * static_cast<double>(k));
        p = std::min<Eigen::Index>(k - 1, at);
      }
      // A unit drawn twice spans the same technology as once; a repeated column only makes the
      // LP degenerate.
      std::sort(rows.begin(), rows.end());
      rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      const auto size = static_cast<Eigen::Index>(rows.size());
      Eigen::MatrixXd xr(size, X.cols()), yr(size, Y.cols());
      for (Eigen::Index r = 0; r < size; ++r) {
        xr.row(r) = X.row(rows[static_cast<std::size_t>(r)]);
        yr.row(r) = Y.row(rows[static_cast<std::size_t>(r)]);
      }
      dea_detail::DeaLp lp(xr, yr, options.rts, options.orientation, false);
      score_units(lp, X, Y, labels, b, scores.col(static_cast<Eigen::Index>(b)).data());
    }
  });
  return scores;
}

struct SubsampleIntervals {
  Eigen::VectorXd lower, upper, corrected;  // distances
  Eigen::VectorXi scored;
};

/// Intervals of the distances d from subsample scores at m. A unit that cannot be placed in a
/// subsample's technology lies beyond its frontier (Benchmarking's score +inf in input, -inf in
/// output orientation): its distance there is taken as 0, the limit of ever more super-efficient
/// scores, so T = -m^kappa, the lowest value T can take.
SubsampleIntervals subsample_intervals(const Eigen::MatrixXd& scores,
                                       const std::vector<double>& d_n, int m, double kappa,
                                       double level, bool in) {
  const Eigen::Index k = scores.rows();
  const double scale_m = std::pow(static_cast<double>(m), kappa);
  const double scale_n = std::pow(static_cast<double>(k), -kappa);
  const double alpha = 1.0 - level;
  SubsampleIntervals s;
  s.lower.resize(k);
  s.upper.resize(k);
  s.corrected.resize(k);
  s.scored = Eigen::VectorXi::Zero(k);
  std::vector<double> t(static_cast<std::size_t>(scores.cols()));
  for (Eigen::Index j = 0; j < k; ++j) {
    const double dn = d_n[static_cast<std::size_t>(j)];
    double mean = 0.0;
    for (Eigen::Index b = 0; b < scores.cols(); ++b) {
      const double e = scores(j, b);
      const bool placed = std::isfinite(e);
      s.scored(j) += placed ? 1 : 0;
      const double v = placed ? scale_m * (distance(e, in) / dn - 1.0) : -scale_m;
      t[static_cast<std::size_t>(b)] = v;
      mean += v;
    }
    mean /= static_cast<double>(t.size());
    std::sort(t.begin(), t.end());
    // 1 + n^-kappa t >= 1 - (m / n)^kappa > 0 for every t (a distance is not negative).
    s.lower(j) = dn / (1.0 + scale_n * quantile(t, 1.0 - alpha / 2.0, 9));
    s.upper(j) = dn / (1.0 + scale_n * quantile(t, alpha / 2.0, 9));
    s.corrected(j) = dn / (1.0 + scale_n * mean);
  }
  return s;
}

/// Minimum volatility over candidate m: the interior candidate whose intervals and its two
/// neighbours' differ least (mean over units of the sd of the three lower and of the three
/// upper bounds, relative to d_n); fills the result's candidate fields.
int choose_subsample(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                     const DeaBootstrapOptions& options, const DeaLabels& labels,
                     const std::vector<double>& d_n, double kappa, DeaBootstrapResult& out) {
  const bool in = options.orientation == DeaOrientation::Input;
  const Eigen::Index k = X.rows();
  const int lo = std::max<int>(3, static_cast<int>(X.cols() + Y.cols()) + 1);
  const int hi = static_cast<int>(k / 2);
  std::vector<int> grid;
  for (int c = 0; c < 12; ++c) {
    const double at = lo * std::pow(static_cast<double>(hi) / lo, c / 11.0);
    const int m = static_cast<int>(std::lround(at));
    if (m >= lo && m <= hi && (grid.empty() || m > grid.back())) grid.push_back(m);
  }
  if (grid.size() < 3) {
    throw InputError("too few units (" + std::to_string(k) +
                     ") to choose the subsample size from the data for " +
                     std::to_string(X.cols()) + " inputs and " + std::to_string(Y.cols()) +
                     " outputs: give subsample (m) or use the smoothed bootstrap");
  }
  const auto g = static_cast<Eigen::Index>(grid.size());
  const int draws = std::min(options.draws, 400);
  out.candidates.resize(g);
  out.candidate_lower.resize(k, g);
  out.candidate_upper.resize(k, g);
  Eigen::MatrixXd low(k, g), high(k, g);  // the distances' bounds relative to d_n
  for (Eigen::Index c = 0; c < g; ++c) {
    const int m = grid[static_cast<std::size_t>(c)];
    const Eigen::MatrixXd scores = subsample_scores(
        X, Y, options, labels, m, draws, options.seed + (static_cast<std::uint64_t>(c + 1) << 32));
    const SubsampleIntervals s = subsample_intervals(scores, d_n, m, kappa, options.level, in);
    out.candidates(c) = m;
    for (Eigen::Index j = 0; j < k; ++j) {
      score_interval(s.lower(j), s.upper(j), in, out.candidate_lower(j, c),
                     out.candidate_upper(j, c));
      low(j, c) = s.lower(j) / d_n[static_cast<std::size_t>(j)];
      high(j, c) = s.upper(j) / d_n[static_cast<std::size_t>(j)];
    }
  }
  out.volatility = Eigen::VectorXd::Constant(g, std::numeric_limits<double>::quiet_NaN());
  Eigen::Index best = 1;
  for (Eigen::Index c = 1; c + 1 < g; ++c) {
    double sum = 0.0;
    int units = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      const std::vector<double> lows{low(j, c - 1), low(j, c), low(j, c + 1)};
      const std::vector<double> highs{high(j, c - 1), high(j, c), high(j, c + 1)};
      const double v = std::sqrt(variance(lows)) + std::sqrt(variance(highs));
      if (std::isfinite(v)) {
        sum += v;
        ++units;
      }
    }
    out.volatility(c) = units > 0 ? sum / units : std::numeric_limits<double>::infinity();
    if (out.volatility(c) < out.volatility(best)) best = c;
  }
  return grid[static_cast<std::size_t>(best)];
}

void subsampled(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                const DeaBootstrapOptions& options, const DeaLabels& labels, bool keep_draws,
                DeaBootstrapResult& out) {
  const bool in = options.orientation == DeaOrientation::Input;
  const Eigen::Index k = X.rows();
  const double kappa = convergence_rate(X, Y, options.rts);
  std::vector<double> d_n(static_cast<std::size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) {
    d_n[static_cast<std::size_t>(j)] = distance(out.efficiency(j), in);
  }
  const int m = options.subsample > 0 ? options.subsample
                                      : choose_subsample(X, Y, options, labels, d_n, kappa, out);
  out.subsample = m;
  const Eigen::MatrixXd scores =
      subsample_scores(X, Y, options, labels, m, options.draws, options.seed);
  const SubsampleIntervals s = subsample_intervals(scores, d_n, m, kappa, options.level, in);
  out.scored = s.scored;
  for (Eigen::Index j = 0; j < k; ++j) {
    out.corrected(j) = distance(s.corrected(j), in);
    score_interval(s.lower(j), s.upper(j), in, out.lower(j), out.upper(j));
  }
  if (keep_draws) out.draws = scores;
}

}  // namespace

DeaBootstrapResult dea_bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                 const DeaBootstrapOptions& options, const DeaLabels& labels,
                                 bool keep_draws) {
  check_options(options, X.rows());
  DeaOptions dopt;
  dopt.rts = options.rts;
  dopt.orientation = options.orientation;
  dopt.slacks = false;
  dopt.threads = options.threads;
  const DeaResult base = dea(X, Y, dopt, labels);
  const Eigen::Index k = X.rows();
  DeaBootstrapResult out;
  out.warnings = base.warnings;
  out.efficiency = base.efficiency;
  out.corrected.resize(k);
  out.lower.resize(k);
  out.upper.resize(k);
  if (options.method == DeaBootstrapMethod::Smoothed) {
    smoothed(X, Y, options, labels, keep_draws, out);
  } else {
    subsampled(X, Y, options, labels, keep_draws, out);
  }
  out.bias = out.efficiency - out.corrected;
  return out;
}

}  // namespace jobbench
