#include "jobbench/analysis/expected.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/LU>
#include <Eigen/QR>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using ::testing::HasSubstr;

// 8 units, 2 conditions: y = 1 + 2 x1 - x2 + a fixed disturbance.
Eigen::MatrixXd conditions() {
  Eigen::MatrixXd X(8, 2);
  X << 1, 3, 2, 1, 3, 4, 4, 2, 5, 5, 6, 1, 7, 3, 8, 6;
  return X;
}

Eigen::VectorXd outcome() {
  const Eigen::MatrixXd X = conditions();
  Eigen::VectorXd noise(8);
  noise << 0.3, -0.2, 0.5, -0.4, 0.1, 0.0, -0.6, 0.2;
  return (1.0 + 2.0 * X.col(0).array() - X.col(1).array()).matrix() + noise;
}

std::string message_of(const Eigen::VectorXd& y, const Eigen::MatrixXd& X,
                       const ExpectedLabels& labels = {}) {
  try {
    expected_outcomes(y, X, 0.95, labels);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Expected, LeaveOneOutMatchesRefitWithoutTheUnit) {
  const Eigen::MatrixXd X = conditions();
  const Eigen::VectorXd y = outcome();
  const ExpectedResult r = expected_outcomes(y, X, 0.95);
  ASSERT_EQ(r.df, 8 - 2 - 2);
  for (Eigen::Index i = 0; i < 8; ++i) {
    Eigen::MatrixXd A(7, 3);
    Eigen::VectorXd b(7);
    for (Eigen::Index j = 0, row = 0; j < 8; ++j) {
      if (j == i) continue;
      A.row(row) << 1.0, X(j, 0), X(j, 1);
      b(row++) = y(j);
    }
    const Eigen::VectorXd beta = A.colPivHouseholderQr().solve(b);
    const Eigen::RowVector3d xi(1.0, X(i, 0), X(i, 1));
    EXPECT_NEAR(r.expected(i), xi.dot(beta), 1e-10);
    const double s2 = (b - A * beta).squaredNorm() / (7.0 - 3.0);
    const double var = s2 * (1.0 + xi * (A.transpose() * A).inverse() * xi.transpose());
    EXPECT_NEAR(r.se(i), std::sqrt(var), 1e-10);
    // t(0.975, 4) = 2.776445105...
    EXPECT_NEAR(r.upper(i) - r.expected(i), 2.7764451051977987 * std::sqrt(var), 1e-9);
    EXPECT_NEAR(r.residual(i), y(i) - r.expected(i), 1e-12);
  }
  EXPECT_NEAR(r.coefficients(1), 2.0, 0.3);
  EXPECT_NEAR(r.coefficients(2), -1.0, 0.3);
}

TEST(Expected, CollinearConditionIsNamed) {
  Eigen::MatrixXd X(8, 3);
  X.leftCols(2) = conditions();
  X.col(2) = 2.0 * X.col(0) - X.col(1) + Eigen::VectorXd::Constant(8, 5.0);
  ExpectedLabels labels;
  labels.conditions = {"ledighed", "indvandrere", "forsoergelse"};
  const std::string m = message_of(outcome(), X, labels);
  EXPECT_THAT(m, HasSubstr("'forsoergelse' is collinear with 'ledighed', 'indvandrere'"));
  X.col(2).setConstant(3.0);
  EXPECT_THAT(message_of(outcome(), X, labels), HasSubstr("'forsoergelse' is constant"));
}

TEST(Expected, FewerUnitsThanCoefficientsIsCollinear) {
  Eigen::MatrixXd X(3, 3);
  X << 1, 2, 0, 2, 1, 1, 3, 5, 7;
  Eigen::VectorXd y(3);
  y << 1, 2, 3;
  EXPECT_THAT(message_of(y, X), HasSubstr("condition 2' is collinear"));
  EXPECT_THAT(message_of(y, X), HasSubstr("3 units cannot determine 3 conditions"));
}

TEST(Expected, NonFiniteValuesNameUnitAndColumn) {
  Eigen::MatrixXd X = conditions();
  X(3, 1) = std::nan("");
  ExpectedLabels labels;
  labels.units = {"A", "B", "C", "Varde", "E", "F", "G", "H"};
  labels.conditions = {"ledighed", "indvandrere"};
  EXPECT_THAT(message_of(outcome(), X, labels), HasSubstr("Varde: condition 'indvandrere'"));
  Eigen::VectorXd y = outcome();
  y(0) = INFINITY;
  labels.outcome = "jobrate";
  EXPECT_THAT(message_of(y, conditions(), labels), HasSubstr("A: jobrate is not a finite number"));
}

TEST(Similar, NearestByMahalanobisWithTiesInUnitOrder) {
  Eigen::MatrixXd X(5, 1);
  X << 0, 1, -1, 2, 3;
  const SimilarResult r = similar_units(X, 2);
  // unit 0: units 1 and 2 at the same distance -> unit order
  EXPECT_EQ(r.nearest(0, 0), 1);
  EXPECT_EQ(r.nearest(0, 1), 2);
  EXPECT_NEAR(r.distance(0, 3), 2.0 / std::sqrt(2.5), 1e-12);
  EXPECT_THROW(similar_units(X, 5), InputError);
}

}  // namespace
}  // namespace jobbench
