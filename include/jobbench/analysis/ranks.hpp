// Confidence sets for ranks (Mogstad, Romano, Shaikh & Wilhelm 2024, "Inference for ranks with
// applications to mobility across neighbourhoods and academic achievement across countries",
// Review of Economic Studies; R package csranks, functions csranks, cstaubest, cstauworst).
//
// Given estimates theta_hat (K units) with covariance Sigma, approximately theta_hat ~ N(theta,
// Sigma), the sets are built from simultaneous confidence bounds for the pairwise differences
// theta_a - theta_b: a unit's rank set runs from 1 + #{units significantly above it} to
// K - #{units significantly below it}. Rank 1 = largest.
//
// Critical values come from a parametric bootstrap of the standardised differences
// (Z_a - Z_b) / sd(theta_hat_a - theta_hat_b), Z ~ N(0, Sigma), and the level-quantile (R type 7,
// linear interpolation, as csranks) of their maximum over the hypotheses still in play. Stepdown
// (Romano-Wolf; csranks' default) recomputes the critical value over the pairs not yet rejected
// until nothing new is rejected.
//
// Random numbers: std::mt19937_64 seeded with `seed`, uniforms from its top 53 bits, normals by
// the Box-Muller transform written here (both outputs used) - not std::normal_distribution, whose
// output differs between standard libraries. The same seed gives the same sets on every platform
// with an IEEE-754 libm (log, sqrt, sin, cos). One matrix of `draws` x K normal draws is made per
// call and reused for every unit and every stepdown round (csranks re-seeds per unit and draws
// afresh per round; both give valid bootstrap critical values, see docs/analysis-ranks.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace jobbench {

/// Which sets rank_confidence_sets computes.
enum class RankSetKind {
  Marginal,      ///< each unit's set covers its own true rank with probability >= level
  Simultaneous,  ///< all K sets cover all true ranks jointly with probability >= level
};

struct RankSetOptions {
  double level = 0.95;
  RankSetKind kind = RankSetKind::Marginal;
  bool stepdown = true;
  int draws = 1000;
  std::uint64_t seed = 0;
};

/// Per unit, in the input order. lower <= rank <= upper, all in 1..K.
struct RankSets {
  std::vector<int> lower;
  std::vector<int> rank;  ///< point rank: 1 + #{k: estimate_k > estimate_j} (ties share the best)
  std::vector<int> upper;
};

/// Point ranks, 1 = largest; tied estimates share the smallest rank (csranks irank, omega = 0).
std::vector<int> point_ranks(const Eigen::VectorXd& estimates);

/// Covariance from standard errors: diag(se^2). InputError naming the unit unless every se is
/// finite and >= 0, and unless se has as many entries as `units` (when units is non-empty).
Eigen::MatrixXd covariance_from_se(const Eigen::VectorXd& se,
                                   const std::vector<std::string>& units = {});

/// Checks the inputs and throws InputError (naming the unit where there is one): estimates not
/// finite; covariance not K x K, not finite, a negative variance, not symmetric (relative
/// tolerance 1e-10 of the largest |diagonal|), or not positive semi-definite (an eigenvalue below
/// -1e-10 * max|diagonal|: "covariance is not positive semi-definite (smallest eigenvalue -0.3)");
/// level outside (0, 1); draws < 1; `units` (if given) not K long.
void check_rank_inputs(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                       const RankSetOptions& options, const std::vector<std::string>& units);

/// Marginal or simultaneous two-sided rank confidence sets (csranks csranks(simul = ...),
/// cstype "two-sided"). Fewer than 2 units: every set is {1}.
RankSets rank_confidence_sets(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                              const RankSetOptions& options,
                              const std::vector<std::string>& units = {});

/// Confidence set for the tau best (csranks cstaubest): true for the units that may be among the
/// tau largest; with probability >= level it contains every unit whose true rank is <= tau. The
/// units whose simultaneous one-sided lower rank bound is <= tau. `options.kind` is ignored.
/// InputError unless 1 <= tau <= K.
std::vector<bool> tau_best_set(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                               int tau, const RankSetOptions& options,
                               const std::vector<std::string>& units = {});

/// Confidence set for the tau worst (csranks cstauworst): the units whose simultaneous one-sided
/// upper rank bound is >= K - tau + 1.
std::vector<bool> tau_worst_set(const Eigen::VectorXd& estimates, const Eigen::MatrixXd& cov,
                                int tau, const RankSetOptions& options,
                                const std::vector<std::string>& units = {});

}  // namespace jobbench
