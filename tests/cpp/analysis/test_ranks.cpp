#include "jobbench/analysis/ranks.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

RankSetOptions opts(RankSetKind kind, std::uint64_t seed = 1) {
  RankSetOptions o;
  o.kind = kind;
  o.seed = seed;
  return o;
}

std::string message_of(const Eigen::VectorXd& est, const Eigen::MatrixXd& cov,
                       const RankSetOptions& o, const std::vector<std::string>& units = {}) {
  try {
    rank_confidence_sets(est, cov, o, units);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Ranks, TwoUnitsFarApartAreRankedForSure) {
  const Eigen::Vector2d est(10.0, 0.0);
  const Eigen::MatrixXd cov = covariance_from_se(Eigen::Vector2d(0.1, 0.1));
  for (const RankSetKind kind : {RankSetKind::Marginal, RankSetKind::Simultaneous}) {
    const RankSets s = rank_confidence_sets(est, cov, opts(kind));
    EXPECT_THAT(s.lower, ElementsAre(1, 2));
    EXPECT_THAT(s.rank, ElementsAre(1, 2));
    EXPECT_THAT(s.upper, ElementsAre(1, 2));
  }
}

TEST(Ranks, IdenticalEstimatesWithLargeSeGiveEveryRank) {
  const Eigen::VectorXd est = Eigen::VectorXd::Constant(5, 3.0);
  const Eigen::MatrixXd cov = covariance_from_se(Eigen::VectorXd::Constant(5, 10.0));
  for (const RankSetKind kind : {RankSetKind::Marginal, RankSetKind::Simultaneous}) {
    const RankSets s = rank_confidence_sets(est, cov, opts(kind));
    EXPECT_THAT(s.lower, ElementsAre(1, 1, 1, 1, 1));
    EXPECT_THAT(s.rank, ElementsAre(1, 1, 1, 1, 1));  // ties share the best rank
    EXPECT_THAT(s.upper, ElementsAre(5, 5, 5, 5, 5));
  }
}

TEST(Ranks, ThreeUnitsHandWorked) {
  // c is unit 0's two-sided critical value for 2 independent pairs of sd sqrt(2): about 2.24.
  // Unit 0 (5.0) vs 1 (4.9): z = 0.07, not significant; vs 2 (0.0): z = 3.5, significant.
  const Eigen::Vector3d est(5.0, 4.9, 0.0);
  const Eigen::MatrixXd cov = covariance_from_se(Eigen::Vector3d(1.0, 1.0, 1.0));
  const RankSets m = rank_confidence_sets(est, cov, opts(RankSetKind::Marginal));
  EXPECT_THAT(m.lower, ElementsAre(1, 1, 3));
  EXPECT_THAT(m.upper, ElementsAre(2, 2, 3));
  EXPECT_THAT(m.rank, ElementsAre(1, 2, 3));
}

TEST(Ranks, FewerThanTwoUnits) {
  const RankSets one = rank_confidence_sets(Eigen::VectorXd::Constant(1, 2.0),
                                            Eigen::MatrixXd::Constant(1, 1, 1.0),
                                            opts(RankSetKind::Marginal));
  EXPECT_THAT(one.lower, ElementsAre(1));
  EXPECT_THAT(one.upper, ElementsAre(1));
  const RankSets none = rank_confidence_sets(Eigen::VectorXd(0), Eigen::MatrixXd(0, 0),
                                             opts(RankSetKind::Simultaneous));
  EXPECT_TRUE(none.lower.empty());
}

TEST(Ranks, SameSeedSameSets) {
  Eigen::VectorXd est(6);
  est << 1.0, 1.3, 1.6, 2.2, 2.3, 3.0;
  const Eigen::MatrixXd cov = covariance_from_se(Eigen::VectorXd::Constant(6, 0.2));
  const RankSets a = rank_confidence_sets(est, cov, opts(RankSetKind::Simultaneous, 42));
  const RankSets b = rank_confidence_sets(est, cov, opts(RankSetKind::Simultaneous, 42));
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
}

TEST(Ranks, SingularCovarianceIsAccepted) {
  // Unit 2 = unit 0 + unit 1: positive semi-definite, not definite.
  Eigen::Matrix3d cov;
  cov << 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0;
  const RankSets s =
      rank_confidence_sets(Eigen::Vector3d(0.0, 10.0, 20.0), cov, opts(RankSetKind::Marginal));
  EXPECT_THAT(s.lower, ElementsAre(3, 2, 1));
  EXPECT_THAT(s.upper, ElementsAre(3, 2, 1));
}

TEST(Ranks, TauBestAndWorst) {
  Eigen::VectorXd est(4);
  est << 10.0, 9.9, 0.0, -10.0;
  const Eigen::MatrixXd cov = covariance_from_se(Eigen::VectorXd::Constant(4, 0.5));
  RankSetOptions o;
  o.seed = 3;
  EXPECT_EQ(tau_best_set(est, cov, 1, o), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(tau_worst_set(est, cov, 1, o), (std::vector<bool>{false, false, false, true}));
  EXPECT_THROW(tau_best_set(est, cov, 0, o), InputError);
  EXPECT_THROW(tau_best_set(est, cov, 5, o), InputError);
}

TEST(Ranks, NotPositiveSemiDefiniteSaysSo) {
  Eigen::Matrix2d cov;
  cov << 1.0, 1.3, 1.3, 1.0;  // eigenvalues 2.3 and -0.3
  EXPECT_EQ(message_of(Eigen::Vector2d(1.0, 2.0), cov, opts(RankSetKind::Marginal)),
            "covariance is not positive semi-definite (smallest eigenvalue -0.3)");
}

TEST(Ranks, BadInputNamesTheUnit) {
  const std::vector<std::string> units{"Varde", "Aabenraa"};
  const Eigen::MatrixXd cov = Eigen::Matrix2d::Identity();
  EXPECT_THAT(message_of(Eigen::Vector2d(1.0, std::nan("")), cov, opts(RankSetKind::Marginal), units),
              HasSubstr("Aabenraa: the estimate must be finite"));
  EXPECT_THROW(covariance_from_se(Eigen::Vector2d(1.0, -1.0), units), InputError);
  try {
    covariance_from_se(Eigen::Vector2d(-1.0, 1.0), units);
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("Varde: the standard error must be finite and >= 0"));
  }
  Eigen::Matrix2d asym;
  asym << 1.0, 0.5, 0.2, 1.0;
  EXPECT_THAT(message_of(Eigen::Vector2d(1.0, 2.0), asym, opts(RankSetKind::Marginal), units),
              HasSubstr("covariance is not symmetric: Varde, Aabenraa = 0.5"));
  EXPECT_THAT(message_of(Eigen::Vector3d(1.0, 2.0, 3.0), cov, opts(RankSetKind::Marginal)),
              HasSubstr("covariance must be 3 x 3"));
}

TEST(Ranks, LevelAndDrawsAreChecked) {
  const Eigen::MatrixXd cov = Eigen::Matrix2d::Identity();
  for (const double level : {0.0, 1.0, -0.1, 1.5, std::nan("")}) {
    RankSetOptions o;
    o.level = level;
    EXPECT_THAT(message_of(Eigen::Vector2d(1.0, 2.0), cov, o),
                HasSubstr("level must lie strictly between 0 and 1"));
  }
  RankSetOptions o;
  o.draws = 0;
  EXPECT_THAT(message_of(Eigen::Vector2d(1.0, 2.0), cov, o), HasSubstr("draws must be at least 1"));
}

TEST(Ranks, NinetyEightUnitsMarginalIsFast) {
  const int k = 98;
  Eigen::VectorXd est(k), se(k);
  for (int i = 0; i < k; ++i) {
    est(i) = 0.05 * i;
    se(i) = 0.2 + 0.01 * (i % 7);
  }
  const auto start = std::chrono::steady_clock::now();
  const RankSets s = rank_confidence_sets(est, covariance_from_se(se), opts(RankSetKind::Marginal));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(s.lower.size(), 98u);
  EXPECT_LT(seconds, 1.0);
}

}  // namespace
}  // namespace jobbench
