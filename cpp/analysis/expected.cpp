#include "jobbench/analysis/expected.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <boost/math/distributions/students_t.hpp>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string unit_name(const ExpectedLabels& labels, Index i) {
  if (labels.units.empty()) return "unit " + std::to_string(i);
  return escape_text(labels.units[static_cast<std::size_t>(i)]);
}

std::string condition_name(const ExpectedLabels& labels, Index j) {
  if (labels.conditions.empty()) return "condition " + std::to_string(j);
  return escape_text(labels.conditions[static_cast<std::size_t>(j)]);
}

std::string number(double x) {
  std::ostringstream out;
  out.precision(6);
  out << x;
  return out.str();
}

void check_labels(const ExpectedLabels& labels, Index units, Index conditions) {
  if (!labels.units.empty() && static_cast<Index>(labels.units.size()) != units)
    throw InputError("expected: " + std::to_string(labels.units.size()) + " unit names for " +
                     std::to_string(units) + " units");
  if (!labels.conditions.empty() && static_cast<Index>(labels.conditions.size()) != conditions)
    throw InputError("expected: " + std::to_string(labels.conditions.size()) +
                     " condition names for " + std::to_string(conditions) + " conditions");
}

void check_finite_conditions(const MatrixXd& X, const ExpectedLabels& labels) {
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.cols(); ++j) {
      if (!std::isfinite(X(i, j)))
        throw InputError(unit_name(labels, i) + ": condition '" + condition_name(labels, j) +
                         "' is not a finite number (" + number(X(i, j)) + ")");
    }
  }
}

/// Throws when a condition is constant or a linear combination of the conditions before it (and
/// the intercept): the first such condition is named, with the earlier ones it depends on.
void check_collinearity(const MatrixXd& X, const ExpectedLabels& labels) {
  const Index n = X.rows(), p = X.cols();
  const MatrixXd centred = X.rowwise() - X.colwise().mean();
  const std::string count =
      p + 1 > n ? " (" + std::to_string(n) + " units cannot determine " + std::to_string(p) +
                      " conditions and the intercept)"
                : "";
  for (Index k = 0; k < p; ++k) {
    const VectorXd c = centred.col(k);
    const double scale = std::max(c.norm(), 0.0);
    const double size = X.col(k).cwiseAbs().maxCoeff();
    if (scale <= 1e-12 * std::max(size, 1e-300) || scale == 0.0)
      throw InputError("condition '" + condition_name(labels, k) +
                       "' is constant: it is collinear with the intercept" + count);
    if (k == 0) continue;
    const MatrixXd before = centred.leftCols(k);
    const Eigen::ColPivHouseholderQR<MatrixXd> qr(before);
    const VectorXd b = qr.solve(c);
    const double residual = (c - before * b).norm();
    if (residual <= 1e-9 * scale) {
      std::string with;
      for (Index j = 0; j < k; ++j) {
        if (std::abs(b(j)) * before.col(j).norm() > 1e-6 * scale)
          with += (with.empty() ? "'" : ", '") + condition_name(labels, j) + "'";
      }
      throw InputError("condition '" + condition_name(labels, k) + "' is collinear with " +
                       (with.empty() ? std::string("the conditions before it") : with) +
                       " (and the intercept): the design is singular; drop or combine it" + count);
    }
  }
}

}  // namespace

void check_expected_inputs(const VectorXd& y, const MatrixXd& X, const ExpectedLabels& labels) {
  if (X.rows() != y.size())
    throw InputError("expected: " + std::to_string(y.size()) + " outcomes but " +
                     std::to_string(X.rows()) + " rows of conditions");
  if (X.cols() < 1) throw InputError("expected: give at least one condition");
  check_labels(labels, X.rows(), X.cols());
  for (Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y(i)))
      throw InputError(unit_name(labels, i) + ": " + escape_text(labels.outcome) +
                       " is not a finite number (" + number(y(i)) + ")");
  }
  check_finite_conditions(X, labels);
  check_collinearity(X, labels);
  const Index need = X.cols() + 3;
  if (X.rows() < need)
    throw InputError("expected: " + std::to_string(X.rows()) + " units for " +
                     std::to_string(X.cols()) +
                     " conditions; leave-one-out prediction intervals need at least " +
                     std::to_string(need) + " (conditions + 3)");
}

ExpectedResult expected_outcomes(const VectorXd& y, const MatrixXd& X, double level,
                                 const ExpectedLabels& labels) {
  if (!(level > 0.0 && level < 1.0))
    throw InputError("level must be in (0, 1), got " + number(level));
  check_expected_inputs(y, X, labels);
  const Index n = X.rows(), p = X.cols();

  // Standardised conditions: the same fit, hat values and predictions, better conditioned.
  const Eigen::RowVectorXd mean = X.colwise().mean();
  const MatrixXd centred = X.rowwise() - mean;
  const Eigen::RowVectorXd sd =
      (centred.colwise().squaredNorm() / static_cast<double>(n - 1)).cwiseSqrt();
  MatrixXd A(n, p + 1);
  A.col(0).setOnes();
  A.rightCols(p) = centred.array().rowwise() / sd.array();

  const Eigen::HouseholderQR<MatrixXd> qr(A);
  const MatrixXd Q = qr.householderQ() * MatrixXd::Identity(n, p + 1);
  const VectorXd beta = qr.solve(y);
  ExpectedResult r;
  r.fitted = A * beta;
  const VectorXd e = y - r.fitted;
  r.leverage = Q.rowwise().squaredNorm();
  r.coefficients.resize(p + 1);
  r.coefficients.tail(p) = beta.tail(p).array() / sd.transpose().array();
  r.coefficients(0) = beta(0) - mean.dot(r.coefficients.tail(p));

  const double sse = e.squaredNorm();
  const double residual_df = static_cast<double>(n - p - 1);
  r.sigma = std::sqrt(sse / residual_df);
  const double sst = (y.array() - y.mean()).matrix().squaredNorm();
  r.r_squared = sst > 0.0 ? 1.0 - sse / sst : std::numeric_limits<double>::quiet_NaN();
  r.df = static_cast<int>(n - p - 2);

  const boost::math::students_t_distribution<double> t_dist(static_cast<double>(r.df));
  const double t = boost::math::quantile(t_dist, (1.0 + level) / 2.0);
  r.expected.resize(n);
  r.residual.resize(n);
  r.se.resize(n);
  r.lower.resize(n);
  r.upper.resize(n);
  for (Index i = 0; i < n; ++i) {
    const double one_minus_h = 1.0 - r.leverage(i);
    if (one_minus_h < 1e-10)
      throw InputError(unit_name(labels, i) +
                       ": without this unit the conditions are collinear (leverage 1): it alone "
                       "determines a coefficient, so it has no leave-one-out expectation");
    const double deleted = e(i) / one_minus_h;
    const double s2 =
        std::max(0.0, (sse - e(i) * e(i) / one_minus_h) / static_cast<double>(r.df));
    r.expected(i) = y(i) - deleted;
    r.residual(i) = deleted;
    r.se(i) = std::sqrt(s2 / one_minus_h);
    r.lower(i) = r.expected(i) - t * r.se(i);
    r.upper(i) = r.expected(i) + t * r.se(i);
  }
  return r;
}

SimilarResult similar_units(const MatrixXd& X, int k, const ExpectedLabels& labels) {
  const Index n = X.rows(), p = X.cols();
  if (p < 1) throw InputError("similar: give at least one condition");
  check_labels(labels, n, p);
  if (n < 2) throw InputError("similar: need at least 2 units, got " + std::to_string(n));
  if (k < 1 || k > n - 1)
    throw InputError("similar: k must be between 1 and the number of units - 1 (" +
                     std::to_string(n - 1) + "), got " + std::to_string(k));
  check_finite_conditions(X, labels);
  check_collinearity(X, labels);

  const MatrixXd centred = X.rowwise() - X.colwise().mean();
  const MatrixXd cov = centred.transpose() * centred / static_cast<double>(n - 1);
  const Eigen::LLT<MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success)
    throw InputError("similar: the covariance of the conditions is singular");
  const MatrixXd white = llt.matrixL().solve(centred.transpose()).transpose();

  SimilarResult r;
  r.distance = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j)
      r.distance(i, j) = r.distance(j, i) = (white.row(i) - white.row(j)).norm();
  const double largest = r.distance.maxCoeff();
  const double bin = largest > 0.0 ? 1e-12 * largest : 1.0;
  r.nearest.resize(n, k);
  std::vector<Index> order;
  for (Index i = 0; i < n; ++i) {
    order.clear();
    for (Index j = 0; j < n; ++j)
      if (j != i) order.push_back(j);
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      return std::llround(r.distance(i, a) / bin) < std::llround(r.distance(i, b) / bin);
    });
    for (int c = 0; c < k; ++c) r.nearest(i, c) = static_cast<int>(order[static_cast<std::size_t>(c)]);
  }
  return r;
}

}  // namespace jobbench
