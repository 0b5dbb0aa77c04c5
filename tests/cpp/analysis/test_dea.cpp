// DEA (include/jobbench/analysis/dea.hpp) on hand-worked small cases.
#include <cmath>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobbench/analysis/dea.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using ::testing::HasSubstr;

// One input, one output: A (10, 100), B (20, 150), C (30, 300), D (25, 200).
Eigen::MatrixXd X1() { return (Eigen::MatrixXd(4, 1) << 10, 20, 30, 25).finished(); }
Eigen::MatrixXd Y1() { return (Eigen::MatrixXd(4, 1) << 100, 150, 300, 200).finished(); }

DeaOptions opts(DeaRts rts, DeaOrientation o = DeaOrientation::Input, bool super = false) {
  DeaOptions d;
  d.rts = rts;
  d.orientation = o;
  d.super_efficiency = super;
  return d;
}

TEST(Dea, ConstantReturnsIsTheBestRatio) {
  // best output per input is 10 (A and C): B 7.5/10, D 8/10
  const DeaResult r = dea(X1(), Y1(), opts(DeaRts::Crs));
  EXPECT_NEAR(r.efficiency(0), 1.0, 1e-9);
  EXPECT_NEAR(r.efficiency(1), 0.75, 1e-9);
  EXPECT_NEAR(r.efficiency(2), 1.0, 1e-9);
  EXPECT_NEAR(r.efficiency(3), 0.8, 1e-9);
  // output orientation is the reciprocal under CRS
  const DeaResult o = dea(X1(), Y1(), opts(DeaRts::Crs, DeaOrientation::Output));
  EXPECT_NEAR(o.efficiency(1), 1.0 / 0.75, 1e-9);
  EXPECT_NEAR(o.efficiency(3), 1.25, 1e-9);
  // B's target: 15 FTE for its 150 served, i.e. 1.5 x A or 0.5 x C
  EXPECT_NEAR(r.lambdas.row(1).dot(X1().col(0)), 15.0, 1e-7);
  EXPECT_NEAR(r.lambdas.row(1).dot(Y1().col(0)), 150.0, 1e-7);
}

TEST(Dea, VariableReturnsInterpolatesBetweenNeighbours) {
  // VRS frontier through A (10,100) and C (30,300) is the same line here, so B: 15/20 and D: 20/25
  const DeaResult r = dea(X1(), Y1(), opts(DeaRts::Vrs));
  EXPECT_NEAR(r.efficiency(1), 0.75, 1e-9);
  EXPECT_NEAR(r.efficiency(3), 0.8, 1e-9);
  EXPECT_NEAR(r.lambdas.row(1).sum(), 1.0, 1e-9);
}

TEST(Dea, FreeDisposalHullComparesWithSingleUnits) {
  // B (20, 150) is dominated by nobody: D uses more, C produces more with more input
  const DeaResult r = dea(X1(), Y1(), opts(DeaRts::Fdh));
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(r.efficiency(k), 1.0, 1e-12);
}

TEST(Dea, SuperEfficiencyAndInfeasibility) {
  const DeaResult r = dea(X1(), Y1(), opts(DeaRts::Vrs, DeaOrientation::Input, true));
  EXPECT_NEAR(r.efficiency(0), 2.0, 1e-9);  // B alone serves A's 100 with 20 FTE
  EXPECT_TRUE(std::isinf(r.efficiency(2)) && r.efficiency(2) > 0);  // nobody serves C's 300
  EXPECT_TRUE(std::isnan(r.lambdas(2, 0)));
  EXPECT_EQ(r.lambdas(0, 0), 0.0);
  const DeaResult o = dea(X1(), Y1(), opts(DeaRts::Vrs, DeaOrientation::Output, true));
  EXPECT_TRUE(std::isinf(o.efficiency(0)) && o.efficiency(0) < 0);  // nobody uses as little as A
  EXPECT_NEAR(o.efficiency(2), 200.0 / 300.0, 1e-9);
}

TEST(Dea, PhaseTwoFindsTheSlack) {
  // Inputs (2,2), (2,4), (4,1), output 1: B is radially efficient but wastes 2 of input 2
  const Eigen::MatrixXd X = (Eigen::MatrixXd(3, 2) << 2, 2, 2, 4, 4, 1).finished();
  const Eigen::MatrixXd Y = Eigen::MatrixXd::Ones(3, 1);
  const DeaResult r = dea(X, Y, opts(DeaRts::Crs));
  EXPECT_NEAR(r.efficiency(1), 1.0, 1e-9);
  EXPECT_NEAR(r.input_slacks(1, 1), 2.0, 1e-7);
  EXPECT_NEAR(r.input_slacks(1, 0), 0.0, 1e-7);
  EXPECT_NEAR(r.lambdas(1, 0), 1.0, 1e-7);
}

TEST(Dea, ReferenceSet) {
  const Eigen::MatrixXd XR = (Eigen::MatrixXd(1, 1) << 10).finished();
  const Eigen::MatrixXd YR = (Eigen::MatrixXd(1, 1) << 50).finished();
  const DeaResult r = dea(X1(), Y1(), opts(DeaRts::Crs), {}, &XR, &YR);
  EXPECT_NEAR(r.efficiency(0), 2.0, 1e-9);  // A serves 10 per FTE, the reference 5: it could use twice the FTE
  EXPECT_NEAR(r.efficiency(2), 2.0, 1e-9);  // C serves 300 with 30: better than the reference
  EXPECT_EQ(r.lambdas.cols(), 1);
}

TEST(Dea, BadInputNamesUnitAndColumn) {
  DeaLabels l;
  l.units = {"Varde", "Vejle", "Vejen", "Esbjerg"};
  l.inputs = {"fte"};
  l.outputs = {"served"};
  Eigen::MatrixXd X = X1();
  X(1, 0) = -2;
  try {
    dea(X, Y1(), opts(DeaRts::Vrs), l);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Vejle: input 'fte' is negative"));
  }
  X(1, 0) = 0;
  EXPECT_THROW(dea(X, Y1(), opts(DeaRts::Vrs), l), InputError);  // all inputs zero
  Eigen::MatrixXd Y = Y1();
  Y(3, 0) = std::numeric_limits<double>::quiet_NaN();
  try {
    dea(X1(), Y, opts(DeaRts::Vrs), l);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Esbjerg: output 'served' is nan"));
  }
  EXPECT_THROW(parse_dea_rts("nirs"), InputError);
  const DeaResult few = dea(X1().topRows(1), Y1().topRows(1), opts(DeaRts::Vrs));
  ASSERT_EQ(few.warnings.size(), 1u);
  EXPECT_THAT(few.warnings[0], HasSubstr("fewer units than inputs plus outputs"));
}

class DeaBootstrapMethods : public ::testing::TestWithParam<DeaBootstrapMethod> {};

TEST_P(DeaBootstrapMethods, SeededAndThreadIndependent) {
  Eigen::MatrixXd X(24, 1), Y(24, 1);
  for (int k = 0; k < 24; ++k) {
    Y(k, 0) = 1.0 + k;
    X(k, 0) = std::pow(Y(k, 0), 1.5) * (1.0 + 0.1 * (k % 4));
  }
  DeaBootstrapOptions o;
  o.method = GetParam();
  o.draws = 50;
  o.seed = 9;
  o.threads = 1;
  const DeaBootstrapResult a = dea_bootstrap(X, Y, o);
  o.threads = 3;
  const DeaBootstrapResult b = dea_bootstrap(X, Y, o);
  EXPECT_EQ(a.subsample, b.subsample);
  for (int k = 0; k < 24; ++k) {
    EXPECT_EQ(a.lower(k), b.lower(k));
    EXPECT_EQ(a.upper(k), b.upper(k));
    EXPECT_EQ(a.corrected(k), b.corrected(k));
    EXPECT_LE(a.lower(k), a.upper(k));
    EXPECT_LE(a.upper(k), a.efficiency(k) + 1e-12);
    EXPECT_GE(a.bias(k), -1e-12);
  }
}

INSTANTIATE_TEST_SUITE_P(BothMethods, DeaBootstrapMethods,
                         ::testing::Values(DeaBootstrapMethod::Subsample, DeaBootstrapMethod::Smoothed));

TEST(DeaBootstrap, SubsampleSizeChosenAmongCandidates) {
  Eigen::MatrixXd X(30, 1), Y(30, 1);
  for (int k = 0; k < 30; ++k) {
    Y(k, 0) = 1.0 + 0.3 * k;
    X(k, 0) = std::pow(Y(k, 0), 1.4) * (1.0 + 0.07 * ((k * 7) % 5));
  }
  DeaBootstrapOptions o;
  o.draws = 60;
  o.seed = 1;
  const DeaBootstrapResult r = dea_bootstrap(X, Y, o);
  ASSERT_GE(r.candidates.size(), 3);
  EXPECT_EQ(r.candidates(0), 3);
  EXPECT_EQ(r.candidates(r.candidates.size() - 1), 15);
  Eigen::Index best = 0;
  for (Eigen::Index c = 1; c + 1 < r.candidates.size(); ++c) {
    ASSERT_TRUE(std::isfinite(r.volatility(c)));
    if (best == 0 || r.volatility(c) < r.volatility(best)) best = c;
  }
  EXPECT_EQ(r.subsample, r.candidates(best));
  EXPECT_TRUE(std::isnan(r.volatility(0)));  // the ends have no two neighbours
  o.subsample = 31;
  EXPECT_THROW(dea_bootstrap(X, Y, o), InputError);
}

TEST(Malmquist, UniformGrowth) {
  const MalmquistResult r = malmquist(X1(), Y1(), X1(), Y1() * 1.1, DeaRts::Crs);
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(r.m(k), 1.1, 1e-9);
    EXPECT_NEAR(r.ec(k), 1.0, 1e-9);
    EXPECT_NEAR(r.tc(k), 1.1, 1e-9);
  }
}

}  // namespace
}  // namespace jobbench
