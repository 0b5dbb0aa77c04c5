#include "jobbench/audit/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <boost/math/distributions/normal.hpp>

#include "jobbench/errors.hpp"

namespace jobbench::audit {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool judged(int outcome) {
  return outcome == static_cast<int>(Outcome::Met) || outcome == static_cast<int>(Outcome::NotMet);
}

double domain_of(const CellCases& c, std::size_t i) { return c.domain.empty() ? 1.0 : c.domain[i]; }

void check_sizes(const CellCases& c, Design design) {
  const std::size_t n = c.outcome.size();
  const bool clusters_ok = design == Design::Stratified || c.cluster.size() == n;
  if (c.weight.size() != n || c.stratum.size() != n || !clusters_ok ||
      !(c.domain.empty() || c.domain.size() == n)) {
    throw InputError("audit cell: outcome, weight, stratum, cluster and domain differ in length; "
                     "pass one value per case");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (c.outcome[i] < 0 || c.outcome[i] > 3) {
      throw InputError("audit cell case " + std::to_string(i) + ": outcome code " +
                       std::to_string(c.outcome[i]) + " outside 0-3");
    }
    if (!(std::isfinite(c.weight[i]) && c.weight[i] > 0.0)) {
      throw InputError("audit cell case " + std::to_string(i) + ": weight " +
                       std::to_string(c.weight[i]) + " is not a finite number > 0");
    }
    if (c.stratum[i] < 0 || static_cast<std::size_t>(c.stratum[i]) >= c.fraction.size()) {
      throw InputError("audit cell case " + std::to_string(i) + ": stratum index " +
                       std::to_string(c.stratum[i]) + " has no sampling fraction");
    }
  }
}

void count(const CellCases& c, Share& s) {
  for (std::size_t i = 0; i < c.outcome.size(); ++i) {
    if (domain_of(c, i) == 0.0) continue;
    double* counts[] = {&s.met, &s.not_met, &s.not_relevant, &s.unknown};
    *counts[c.outcome[i]] += 1.0;
  }
  s.n = s.met + s.not_met;
  const double known = s.n + s.unknown;
  s.unknown_share = known > 0 ? s.unknown / known : kNaN;
}

/// e_i of §3.3; also sets the share.
std::vector<double> residuals(const CellCases& c, Share& s) {
  double sum_w = 0.0, sum_wy = 0.0;
  std::vector<double> d(c.outcome.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    d[i] = judged(c.outcome[i]) ? domain_of(c, i) : 0.0;
    sum_w += c.weight[i] * d[i];
    sum_wy += c.weight[i] * d[i] * (c.outcome[i] == 0 ? 1.0 : 0.0);
  }
  s.share = sum_wy / sum_w;
  std::vector<double> e(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    const double y = c.outcome[i] == 0 ? 1.0 : 0.0;
    e[i] = c.weight[i] * d[i] * (y - s.share) / sum_w;
  }
  return e;
}

double stratified_variance(const CellCases& c, const std::vector<double>& e) {
  const std::size_t H = c.fraction.size();
  std::vector<double> n_h(H, 0.0), sum_h(H, 0.0), sq_h(H, 0.0);
  for (std::size_t i = 0; i < e.size(); ++i) {
    const auto h = static_cast<std::size_t>(c.stratum[i]);
    n_h[h] += 1.0;
    sum_h[h] += e[i];
    sq_h[h] += e[i] * e[i];
  }
  double v = 0.0;
  for (std::size_t h = 0; h < H; ++h) {
    if (n_h[h] < 2.0) continue;  // a stratum of one case adds no variance (Python warns)
    const double ss = std::max(0.0, sq_h[h] - sum_h[h] * sum_h[h] / n_h[h]);
    v += (1.0 - c.fraction[h]) * n_h[h] / (n_h[h] - 1.0) * ss;
  }
  return v;
}

double clustered_variance(const CellCases& c, const std::vector<double>& e, double m_pop) {
  std::set<int> present(c.cluster.begin(), c.cluster.end());
  const double M = static_cast<double>(present.size());
  if (M < 2.0) {
    throw InputError("national scope: " + std::to_string(present.size()) +
                     " municipality sampled; municipalities as clusters need at least 2");
  }
  if (m_pop > 0.0 && m_pop < M) {
    throw InputError("national scope: " + std::to_string(present.size()) +
                     " municipalities sampled, more than the population's " +
                     std::to_string(m_pop));
  }
  const int top = *present.rbegin();
  std::vector<double> E(static_cast<std::size_t>(std::max(top + 1, 0)), 0.0);
  for (std::size_t i = 0; i < e.size(); ++i) E[static_cast<std::size_t>(c.cluster[i])] += e[i];
  double mean = 0.0;
  for (int m : present) mean += E[static_cast<std::size_t>(m)] / M;
  double ss = 0.0;
  for (int m : present) ss += std::pow(E[static_cast<std::size_t>(m)] - mean, 2);
  const double fpc = m_pop > 0.0 ? 1.0 - M / m_pop : 1.0;
  return fpc * M / (M - 1.0) * ss;
}

bool census(const CellCases& c) {
  std::vector<bool> used(c.fraction.size(), false);
  for (int h : c.stratum) used[static_cast<std::size_t>(h)] = true;
  for (std::size_t h = 0; h < used.size(); ++h) {
    if (used[h] && c.fraction[h] < 1.0) return false;
  }
  return !c.stratum.empty();
}

void set_interval(const CellCases& c, const ShareOptions& o, Share& s) {
  const double p = s.share;
  const double z = z_of_level(o.level);
  s.n_effective = s.n;
  if (s.n > 1.0 && p > 0.0 && p < 1.0) {
    s.deff = s.variance / (p * (1.0 - p) / (s.n - 1.0));
  }
  if (o.design == Design::Stratified && census(c)) {
    s.lower = s.upper = p;
    return;
  }
  if (o.plain || s.n <= 1.0 || p <= 0.0 || p >= 1.0) {
    s.deff = 1.0;
    const Interval w = wilson(p, s.n, z);
    s.lower = w.lower, s.upper = w.upper;
    return;
  }
  if (!(s.deff > 0.0)) {  // no variance left (homogeneous strata): the share itself
    s.n_effective = std::numeric_limits<double>::infinity();
    s.lower = s.upper = p;
    return;
  }
  s.n_effective = s.n / s.deff;
  const Interval w = wilson(p, s.n_effective, z);
  s.lower = w.lower, s.upper = w.upper;
}

}  // namespace

Outcome parse_outcome(const std::string& code) {
  if (code == "met") return Outcome::Met;
  if (code == "not_met") return Outcome::NotMet;
  if (code == "not_relevant") return Outcome::NotRelevant;
  if (code == "unknown") return Outcome::Unknown;
  throw InputError("unknown outcome code '" + escape_text(code) +
                   "' (choose met, not_met, not_relevant or unknown)");
}

double z_of_level(double level) {
  check_level(level);
  const boost::math::normal_distribution<double> normal(0.0, 1.0);
  return boost::math::quantile(normal, 1.0 - (1.0 - level) / 2.0);
}

Interval wilson(double p, double n_eff, double z) {
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n_eff;
  const double centre = p + z2 / (2.0 * n_eff);
  const double half = z * std::sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff));
  const double lower = p <= 0.0 ? 0.0 : std::max(0.0, (centre - half) / denom);
  const double upper = p >= 1.0 ? 1.0 : std::min(1.0, (centre + half) / denom);
  return {std::min(lower, p), std::max(upper, p)};
}

Share estimate_share(const CellCases& cases, const ShareOptions& options) {
  check_level(options.level);
  check_sizes(cases, options.design);
  Share s;
  count(cases, s);
  if (s.n == 0.0) {
    s.share = s.lower = s.upper = s.variance = s.deff = kNaN;
    return s;
  }
  const std::vector<double> e = residuals(cases, s);
  s.variance = options.design == Design::Stratified
                   ? stratified_variance(cases, e)
                   : clustered_variance(cases, e, options.clusters_in_population);
  set_interval(cases, options, s);
  return s;
}

std::vector<Share> estimate_shares(const std::vector<int>& cell, const CellCases& rows, int cells,
                                   const ShareOptions& options, const std::vector<bool>& plain) {
  check_sizes(rows, options.design);
  if (cell.size() != rows.outcome.size() || plain.size() != static_cast<std::size_t>(cells)) {
    throw InputError("audit cells: one cell index per row and one plain flag per cell");
  }
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(std::max(cells, 0)));
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] < 0 || cell[i] >= cells) throw InputError("audit cells: cell index out of range");
    members[static_cast<std::size_t>(cell[i])].push_back(i);
  }
  std::vector<Share> out;
  out.reserve(members.size());
  for (std::size_t c = 0; c < members.size(); ++c) {
    CellCases one;
    one.fraction = rows.fraction;
    for (std::size_t i : members[c]) {
      one.outcome.push_back(rows.outcome[i]);
      one.weight.push_back(rows.weight[i]);
      one.stratum.push_back(rows.stratum[i]);
      if (!rows.cluster.empty()) one.cluster.push_back(rows.cluster[i]);
      if (!rows.domain.empty()) one.domain.push_back(rows.domain[i]);
    }
    ShareOptions o = options;
    o.plain = plain[c];
    out.push_back(estimate_share(one, o));
  }
  return out;
}

Interval newcombe(const Share& m, const Share& k) {
  const double d = m.share - k.share;
  const double down = std::hypot(m.share - m.lower, k.upper - k.share);
  const double up = std::hypot(m.upper - m.share, k.share - k.lower);
  return {d - down, d + up};
}

Comparison compare_shares(const CellCases& m, const CellCases& k, const ShareOptions& options,
                          int comparisons) {
  if (comparisons < 1) {
    throw InputError("comparisons: K must be at least 1, got " + std::to_string(comparisons));
  }
  Comparison out;
  const Share sm = estimate_share(m, options), sk = estimate_share(k, options);
  const Interval plain = newcombe(sm, sk);
  out.difference = sm.share - sk.share;
  out.lower = plain.lower, out.upper = plain.upper;
  out.significant = plain.lower > 0.0 || plain.upper < 0.0;
  ShareOptions adjusted = options;
  adjusted.level = 1.0 - (1.0 - options.level) / comparisons;
  const Interval adj = newcombe(estimate_share(m, adjusted), estimate_share(k, adjusted));
  out.lower_adjusted = adj.lower, out.upper_adjusted = adj.upper;
  out.significant_adjusted = adj.lower > 0.0 || adj.upper < 0.0;
  return out;
}

}  // namespace jobbench::audit
