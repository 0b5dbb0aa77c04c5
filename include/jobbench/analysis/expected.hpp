// Expected against actual results given framework conditions (STAR's ranking of job centres,
// VIVE's ECO key figures), and comparison groups of similar units.
//
// expected_outcomes: ordinary least squares of an outcome y (K units) on framework conditions X
// (K x p) with an intercept. Each unit's expectation is its leave-one-out prediction: the fit of
// the other K - 1 units evaluated at its conditions, so a unit does not set its own expectation.
// With e_i the full-sample residual and h_ii the leverage (diagonal of the hat matrix),
//
//   expected_i = y_i - e_i / (1 - h_ii)                     (the deleted residual)
//   s_(i)^2    = ((K - p - 1) s^2 - e_i^2 / (1 - h_ii)) / (K - p - 2)
//   var_i      = s_(i)^2 / (1 - h_ii)   = s_(i)^2 (1 + x_i' (X_(i)' X_(i))^-1 x_i)
//
// and the prediction interval of the unit's actual value is expected_i -/+ t * sqrt(var_i), t the
// (1 + level) / 2 quantile of Student's t with K - p - 2 degrees of freedom (Boost.Math). An
// actual value outside it is the externally studentised residual test at 1 - level.
//
// similar_units: Mahalanobis distances between units on the conditions (the sample covariance;
// the distance is the same on standardised conditions), and per unit the k nearest others,
// ties broken by unit order.
//
// Errors (InputError, one line): non-finite values naming the unit and column; a condition that
// is constant or a linear combination of the conditions before it (named, with those it is
// collinear with), which covers fewer units than coefficients; fewer than p + 3 units (the
// leave-one-out fit needs one residual degree of freedom); a unit whose leave-one-out design is
// singular (leverage 1).
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace jobbench {

/// Names used in messages; empty vectors mean "unit 3", "condition 1" (0-based positions).
struct ExpectedLabels {
  std::vector<std::string> units;
  std::vector<std::string> conditions;
  std::string outcome = "outcome";
};

struct ExpectedResult {
  Eigen::VectorXd coefficients;  ///< p + 1: intercept, then one per condition (full sample)
  Eigen::VectorXd fitted;        ///< in-sample fit of the full sample
  Eigen::VectorXd expected;      ///< leave-one-out prediction
  Eigen::VectorXd residual;      ///< actual - expected (deleted residual)
  Eigen::VectorXd se;            ///< standard error of the leave-one-out prediction error
  Eigen::VectorXd lower;         ///< prediction interval of the actual value
  Eigen::VectorXd upper;
  Eigen::VectorXd leverage;      ///< h_ii of the full fit
  double sigma = 0.0;            ///< residual standard deviation of the full fit
  double r_squared = 0.0;
  int df = 0;                    ///< degrees of freedom of the intervals (K - p - 2)
};

/// Checks y and X (finite values, K rows) and the design [1, X] for collinearity; throws InputError.
void check_expected_inputs(const Eigen::VectorXd& y, const Eigen::MatrixXd& X,
                           const ExpectedLabels& labels);

/// Leave-one-out OLS expectations with prediction intervals at `level` (0 < level < 1).
ExpectedResult expected_outcomes(const Eigen::VectorXd& y, const Eigen::MatrixXd& X, double level,
                                 const ExpectedLabels& labels = {});

struct SimilarResult {
  Eigen::MatrixXd distance;  ///< K x K Mahalanobis distances (0 on the diagonal)
  Eigen::MatrixXi nearest;   ///< K x k positions of the k nearest other units, nearest first
};

/// The k nearest units (1 <= k <= K - 1) of each unit by Mahalanobis distance on X (K x p, p >= 1).
/// Distances equal to 1e-12 relative to the largest are ties, broken by unit order.
SimilarResult similar_units(const Eigen::MatrixXd& X, int k, const ExpectedLabels& labels = {});

}  // namespace jobbench
