#include "jobbench/analysis/ranks.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <sstream>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "jobbench/analysis/intervals.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

std::string unit_name(const std::vector<std::string>& units, Eigen::Index i) {
  if (units.empty()) return "unit " + std::to_string(i);
  return escape_text(units[static_cast<std::size_t>(i)]);
}

std::string number(double x) {
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

/// Standard normals: mt19937_64, uniforms from its top 53 bits, Box-Muller (both outputs), so
/// that a seed gives the same numbers with every standard library.
class NormalStream {
 public:
  explicit NormalStream(std::uint64_t seed) : engine_(seed) {}

  double next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    constexpr double kTwoPi = 6.283185307179586476925286766559;
    const double u1 = 1.0 - uniform();  // (0, 1]: log(u1) is finite
    const double u2 = uniform();        // [0, 1)
    const double radius = std::sqrt(-2.0 * std::log(u1));
    spare_ = radius * std::sin(kTwoPi * u2);
    has_spare_ = true;
    return radius * std::cos(kTwoPi * u2);
  }

 private:
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

bool is_diagonal(const Eigen::MatrixXd& cov) {
  for (Eigen::Index j = 0; j < cov.cols(); ++j) {
    for (Eigen::Index i = 0; i < cov.rows(); ++i) {
      if (i != j && cov(i, j) != 0.0) return false;
    }
  }
  return true;
}

/// draws x K matrix (row-major: draw r, unit k at r * K + k) of Z ~ N(0, cov). Diagonal: Z = se *
/// e; otherwise Z = A e with A = P^T L D^(1/2) from the pivoted LDL^T factorisation of cov (which
/// handles a singular covariance; D clamped at 0). Plain loops, so the sums are formed in the same
/// order on every platform.
std::vector<double> draw_normals(const Eigen::MatrixXd& cov, int draws, std::uint64_t seed) {
  const Eigen::Index k = cov.rows();
  const auto kk = static_cast<std::size_t>(k);
  NormalStream normal(seed);
  std::vector<double> z(static_cast<std::size_t>(draws) * kk);
  if (is_diagonal(cov)) {
    std::vector<double> sd(kk);
    for (Eigen::Index i = 0; i < k; ++i) sd[static_cast<std::size_t>(i)] = std::sqrt(cov(i, i));
    for (std::size_t r = 0; r < static_cast<std::size_t>(draws); ++r) {
      for (std::size_t i = 0; i < kk; ++i) z[r * kk + i] = sd[i] * normal.next();
    }
    return z;
  }
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(cov);
  const Eigen::VectorXd d = ldlt.vectorD().cwiseMax(0.0).cwiseSqrt();
  Eigen::MatrixXd a = Eigen::MatrixXd(ldlt.matrixL()) * d.asDiagonal();
  a = ldlt.transpositionsP().transpose() * a;  // cov = a a^T
  // Row-major copy of a for the inner loop.
  std::vector<double> factor(kk * kk);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index m = 0; m < k; ++m) factor[static_cast<std::size_t>(i * k + m)] = a(i, m);
  }
  std::vector<double> e(kk);
  for (std::size_t r = 0; r < static_cast<std::size_t>(draws); ++r) {
    for (std::size_t m = 0; m < kk; ++m) e[m] = normal.next();
    for (std::size_t i = 0; i < kk; ++i) {
      double sum = 0.0;
      const double* row = &factor[i * kk];
      for (std::size_t m = 0; m < kk; ++m) sum += row[m] * e[m];
      z[r * kk + i] = sum;
    }
  }
  return z;
}

/// R's quantile(type = 7): linear interpolation between order statistics. Reorders `values`.
double quantile_type7(std::vector<double>& values, double p) {
  const std::size_t n = values.size();
  const double h = static_cast<double>(n - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double x_lo = values[lo];
  if (lo + 1 >= n) return x_lo;
  const double x_hi = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

/// What all procedures share: estimates, standard deviations of the pairwise differences and
/// the bootstrap draws.
struct Problem {
  Eigen::Index k = 0;
  std::vector<double> est;
  std::vector<double> sd;      // K x K, sd of theta_hat_a - theta_hat_b
  std::vector<double> inv_sd;  // 1 / sd, 0 where sd = 0 (the standardised difference is then 0)
  std::vector<double> z;       // draws x K
  int draws = 0;
  double level = 0.95;
  bool stepdown = true;

  double diff(std::size_t a, std::size_t b) const { return est[a] - est[b]; }
};

Problem make_problem(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                     const RankSetOptions& options) {
  Problem p;
  p.k = estimates.size();
  const auto kk = static_cast<std::size_t>(p.k);
  p.est.assign(estimates.data(), estimates.data() + p.k);
  p.sd.resize(kk * kk);
  p.inv_sd.resize(kk * kk);
  for (Eigen::Index a = 0; a < p.k; ++a) {
    for (Eigen::Index b = 0; b < p.k; ++b) {
      const double var = cov(a, a) + cov(b, b) - 2.0 * cov(a, b);
      const double sd = a == b ? 0.0 : std::sqrt(std::max(0.0, var));
      const auto at = static_cast<std::size_t>(a * p.k + b);
      p.sd[at] = sd;
      p.inv_sd[at] = sd > 0.0 ? 1.0 / sd : 0.0;
    }
  }
  p.z = draw_normals(cov, options.draws, options.seed);
  p.draws = options.draws;
  p.level = options.level;
  p.stepdown = options.stepdown;
  return p;
}

/// A hypothesis family over unordered pairs {a, b}: `up` = "a > b" is in play (one-sided
/// statistic (Z_a - Z_b)/sd), `down` = "b > a" is in play.
struct PairState {
  std::size_t a = 0;
  std::size_t b = 0;
  bool up = false;
  bool down = false;
};

/// Stepdown over the pairs (csranks csdiffmeans, cstype "lower" with both orders): each round the
/// critical value is the level-quantile over draws of the maximum over the hypotheses in play of
/// the standardised difference; hypothesis "a > b" is rejected (a significantly above b) when
/// theta_a - theta_b - sd_ab * c > 0. Rejections are recorded in `above` (K x K, above[a*K+b]).
/// Without stepdown, one round.
void stepdown(const Problem& p, std::vector<PairState> pairs, std::vector<char>& above) {
  const auto kk = static_cast<std::size_t>(p.k);
  std::vector<double> stat(static_cast<std::size_t>(p.draws));
  while (!pairs.empty()) {
    for (std::size_t r = 0; r < stat.size(); ++r) {
      const double* z = &p.z[r * kk];
      double m = kMinusInf;
      for (const PairState& q : pairs) {
        const double d = (z[q.a] - z[q.b]) * p.inv_sd[q.a * kk + q.b];
        const double term = q.up ? (q.down ? std::fabs(d) : d) : -d;
        m = std::max(m, term);
      }
      stat[r] = m;
    }
    const double c = quantile_type7(stat, p.level);
    bool rejected = false;
    std::vector<PairState> remaining;
    remaining.reserve(pairs.size());
    for (PairState q : pairs) {
      const double sd = p.sd[q.a * kk + q.b];
      if (q.up && p.diff(q.a, q.b) - sd * c > 0.0) {
        above[q.a * kk + q.b] = 1;
        q.up = false;
        rejected = true;
      }
      if (q.down && p.diff(q.b, q.a) - sd * c > 0.0) {
        above[q.b * kk + q.a] = 1;
        q.down = false;
        rejected = true;
      }
      if (q.up || q.down) remaining.push_back(q);
    }
    if (!p.stepdown || !rejected) break;
    pairs.swap(remaining);
  }
}

RankSets bounds_from_rejections(const Problem& p, const std::vector<char>& above,
                                const Eigen::VectorXd& estimates) {
  const auto kk = static_cast<std::size_t>(p.k);
  RankSets out;
  out.rank = point_ranks(estimates);
  out.lower.resize(kk);
  out.upper.resize(kk);
  for (std::size_t i = 0; i < kk; ++i) {
    int n_above = 0, n_below = 0;
    for (std::size_t j = 0; j < kk; ++j) {
      n_above += above[j * kk + i];
      n_below += above[i * kk + j];
    }
    out.lower[i] = 1 + n_above;
    out.upper[i] = static_cast<int>(kk) - n_below;
  }
  return out;
}

std::vector<char> simultaneous_rejections(const Problem& p) {
  const auto kk = static_cast<std::size_t>(p.k);
  std::vector<PairState> pairs;
  pairs.reserve(kk * (kk - 1) / 2);
  for (std::size_t a = 0; a < kk; ++a) {
    for (std::size_t b = a + 1; b < kk; ++b) pairs.push_back({a, b, true, true});
  }
  std::vector<char> above(kk * kk, 0);
  stepdown(p, std::move(pairs), above);
  return above;
}

/// Marginal: unit i's own family, the pairs (i, j) in both orders. Only row i and column i of the
/// result are filled in for unit i.
std::vector<char> marginal_rejections(const Problem& p) {
  const auto kk = static_cast<std::size_t>(p.k);
  std::vector<char> above(kk * kk, 0);
  std::vector<char> own(kk * kk, 0);
  for (std::size_t i = 0; i < kk; ++i) {
    std::vector<PairState> pairs;
    pairs.reserve(kk - 1);
    for (std::size_t j = 0; j < kk; ++j) {
      if (j != i) pairs.push_back({i, j, true, true});
    }
    std::fill(own.begin(), own.end(), 0);
    stepdown(p, std::move(pairs), own);
    for (std::size_t j = 0; j < kk; ++j) {
      above[i * kk + j] = own[i * kk + j];
      above[j * kk + i] = own[j * kk + i];
    }
  }
  return above;
}

void check_tau(int tau, Eigen::Index k) {
  if (tau < 1 || tau > k) {
    throw InputError("tau must be an integer between 1 and the number of units (" +
                     std::to_string(k) + "), got " + std::to_string(tau));
  }
}

}  // namespace

std::vector<int> point_ranks(const Eigen::VectorXd& estimates) {
  const Eigen::Index k = estimates.size();
  std::vector<int> rank(static_cast<std::size_t>(k));
  for (Eigen::Index i = 0; i < k; ++i) {
    int larger = 0;
    for (Eigen::Index j = 0; j < k; ++j) larger += estimates(j) > estimates(i) ? 1 : 0;
    rank[static_cast<std::size_t>(i)] = 1 + larger;
  }
  return rank;
}

Eigen::MatrixXd covariance_from_se(const Eigen::VectorXd& se, const std::vector<std::string>& units) {
  if (!units.empty() && static_cast<Eigen::Index>(units.size()) != se.size()) {
    throw InputError("standard errors: " + std::to_string(se.size()) + " values for " +
                     std::to_string(units.size()) + " units");
  }
  for (Eigen::Index i = 0; i < se.size(); ++i) {
    if (!std::isfinite(se(i)) || se(i) < 0.0) {
      throw InputError(unit_name(units, i) + ": the standard error must be finite and >= 0, got " +
                       number(se(i)));
    }
  }
  return se.array().square().matrix().asDiagonal();
}

void check_rank_inputs(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                       const RankSetOptions& options, const std::vector<std::string>& units) {
  check_level(options.level);
  if (options.draws < 1) {
    throw InputError("draws must be at least 1, got " + std::to_string(options.draws));
  }
  const Eigen::Index k = estimates.size();
  if (!units.empty() && static_cast<Eigen::Index>(units.size()) != k) {
    throw InputError(std::to_string(k) + " estimates for " + std::to_string(units.size()) + " units");
  }
  if (cov.rows() != k || cov.cols() != k) {
    throw InputError("covariance must be " + std::to_string(k) + " x " + std::to_string(k) +
                     " for " + std::to_string(k) + " estimates, got " + std::to_string(cov.rows()) +
                     " x " + std::to_string(cov.cols()));
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    if (!std::isfinite(estimates(i))) {
      throw InputError(unit_name(units, i) + ": the estimate must be finite, got " +
                       number(estimates(i)));
    }
  }
  double scale = 0.0;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      if (!std::isfinite(cov(i, j))) {
        throw InputError("covariance of " + unit_name(units, i) + " and " + unit_name(units, j) +
                         " is not finite");
      }
    }
    if (cov(i, i) < 0.0) {
      throw InputError(unit_name(units, i) + ": the variance must be >= 0, got " + number(cov(i, i)));
    }
    scale = std::max(scale, std::fabs(cov(i, i)));
  }
  const double tolerance = 1e-10 * scale;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = i + 1; j < k; ++j) {
      if (std::fabs(cov(i, j) - cov(j, i)) > tolerance) {
        throw InputError("covariance is not symmetric: " + unit_name(units, i) + ", " +
                         unit_name(units, j) + " = " + number(cov(i, j)) + " but " +
                         unit_name(units, j) + ", " + unit_name(units, i) + " = " +
                         number(cov(j, i)));
      }
    }
  }
  if (k >= 2 && !is_diagonal(cov)) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov, Eigen::EigenvaluesOnly);
    const double smallest = eig.eigenvalues().minCoeff();
    if (smallest < -tolerance) {
      throw InputError("covariance is not positive semi-definite (smallest eigenvalue " +
                       number(smallest) + ")");
    }
  }
}

RankSets rank_confidence_sets(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                              const RankSetOptions& options, const std::vector<std::string>& units) {
  check_rank_inputs(estimates, cov, options, units);
  const auto kk = static_cast<std::size_t>(estimates.size());
  if (kk < 2) {
    RankSets out;
    out.lower.assign(kk, 1);
    out.rank.assign(kk, 1);
    out.upper.assign(kk, 1);
    return out;
  }
  // Only the symmetric part (the check allows asymmetry of rounding size).
  const Eigen::MatrixXd sym = 0.5 * (cov + cov.transpose());
  const Problem p = make_problem(estimates, sym, options);
  const std::vector<char> above = options.kind == RankSetKind::Simultaneous
                                      ? simultaneous_rejections(p)
                                      : marginal_rejections(p);
  return bounds_from_rejections(p, above, estimates);
}

// csranks cstaubest calls csranks_simul(cstype = "lower"), i.e. csdiffmeans(cstype = "upper") over
// all ordered pairs: the hypotheses "b > a" for every ordered pair, one-sided statistic. Over all
// ordered pairs that is the same family, statistic and stepdown as the two-sided simultaneous sets
// (whose stepdown csranks also runs as one-sided over both orders), so the lower bounds coincide.
std::vector<bool> tau_best_set(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov, int tau,
                               const RankSetOptions& options, const std::vector<std::string>& units) {
  check_rank_inputs(estimates, cov, options, units);
  check_tau(tau, estimates.size());
  RankSetOptions simultaneous = options;
  simultaneous.kind = RankSetKind::Simultaneous;
  const RankSets sets = rank_confidence_sets(estimates, cov, simultaneous, units);
  std::vector<bool> in(sets.lower.size());
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = sets.lower[i] <= tau;
  return in;
}

std::vector<bool> tau_worst_set(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov, int tau,
                                const RankSetOptions& options, const std::vector<std::string>& units) {
  check_rank_inputs(estimates, cov, options, units);
  check_tau(tau, estimates.size());
  RankSetOptions simultaneous = options;
  simultaneous.kind = RankSetKind::Simultaneous;
  const RankSets sets = rank_confidence_sets(estimates, cov, simultaneous, units);
  const int k = static_cast<int>(sets.upper.size());
  std::vector<bool> in(sets.upper.size());
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = sets.upper[i] >= k - tau + 1;
  return in;
}

}  // namespace jobbench
