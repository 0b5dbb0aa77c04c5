// Case audits (sagsgennemgang): shares of a criterion with design-based variance, Wilson intervals
// on the effective sample size, and Newcombe comparisons (docs/audit.md, the contract
// shared/specs/case-audit.md §3).
#pragma once

#include <string>
#include <vector>

#include "jobbench/analysis/intervals.hpp"

namespace jobbench::audit {

/// The four outcomes of a judgement, in the order of the count columns.
enum class Outcome : int { Met = 0, NotMet = 1, NotRelevant = 2, Unknown = 3 };

/// "met", "not_met", "not_relevant" or "unknown"; InputError naming the choices otherwise.
Outcome parse_outcome(const std::string& code);

/// How the variance treats the sample: strata (one municipality, or several taken as the
/// population: "audited") or municipalities as clusters ("national").
enum class Design { Stratified, Clustered };

/// The cases of one cell (scope unit x criterion [x domain value]): every sampled case of the
/// scope's strata, judged or not, so that n_h counts them all.
struct CellCases {
  std::vector<int> outcome;  ///< Outcome as int, per case
  std::vector<double> weight;  ///< w_i > 0 (1 for the unweighted share)
  std::vector<int> stratum;  ///< dense stratum index h, per case
  std::vector<int> cluster;  ///< dense municipality index m (Clustered), per case
  std::vector<double> domain;  ///< 1 in the domain, 0 outside; empty = every case
  std::vector<double> fraction;  ///< f_h per stratum index (0 without a frame)
};

struct ShareOptions {
  Design design = Design::Stratified;
  double level = 0.95;
  double clusters_in_population = 0.0;  ///< M_pop for Clustered; 0 = unknown (no correction)
  bool plain = false;  ///< one stratum, w = 1, no frame: plain Wilson (n' = n)
};

struct Share {
  double met = 0, not_met = 0, not_relevant = 0, unknown = 0;  ///< unweighted counts in the domain
  double n = 0;  ///< judged (met + not_met)
  double share = 0, lower = 0, upper = 0;  ///< NaN when n = 0
  double variance = 0;  ///< V of §3.3
  double deff = 1;  ///< V / (p(1 - p)/(n - 1)); 1 where n' = n
  double n_effective = 0;  ///< n' = n / deff
  double unknown_share = 0;  ///< unknown / (n + unknown); NaN when both are 0
};

/// The share p = sum w y / sum w over judged cases in the domain, its variance (§3.3) and the
/// Wilson interval on n' = n / deff (§3.4). InputError for inconsistent vectors or bad weights.
Share estimate_share(const CellCases& cases, const ShareOptions& options);

/// estimate_share for many cells at once: `cell[i]` in [0, cells) places row i of `rows` (whose
/// vectors all have one value per row; `fraction` per stratum index) in its cell; `plain[c]` is
/// the plain-Wilson flag of cell c. Cells without rows come back empty (n = 0, NaN shares).
std::vector<Share> estimate_shares(const std::vector<int>& cell, const CellCases& rows, int cells,
                                   const ShareOptions& options, const std::vector<bool>& plain);

/// Wilson score interval of a share p on an effective sample size n_eff > 0 at z.
Interval wilson(double p, double n_eff, double z);

/// Normal quantile z_{1 - alpha/2} of a two-sided level.
double z_of_level(double level);

struct Comparison {
  double difference = 0;  ///< p_m - p_k
  double lower = 0, upper = 0;  ///< Newcombe hybrid score interval at the level
  bool significant = false;  ///< the interval excludes 0
  double lower_adjusted = 0, upper_adjusted = 0;  ///< at z_{1 - alpha/2K} (Bonferroni)
  bool significant_adjusted = false;
};

/// Newcombe's hybrid score interval for p_m - p_k from the two shares' own intervals (§3.6).
Interval newcombe(const Share& m, const Share& k);

/// m vs k at `level`, and at the Bonferroni level 1 - (1 - level)/K for K >= 1 comparisons.
Comparison compare_shares(const CellCases& m, const CellCases& k, const ShareOptions& options,
                          int comparisons);

}  // namespace jobbench::audit
