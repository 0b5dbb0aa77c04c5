#include "jobbench/analysis/funnel.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kZ95 = 1.959963984540054;
constexpr double kZ998 = 3.090232306167813;

FunnelInput proportions(std::vector<double> num, std::vector<double> den,
                        Overdispersion od = Overdispersion::Additive, double trim = 0.1) {
  FunnelInput in;
  in.transform = FunnelTransform::Arcsine;
  in.a = std::move(num);
  in.b = std::move(den);
  in.overdispersion = od;
  in.trim = trim;
  return in;
}

std::string message_of(const FunnelInput& in) {
  try {
    fit_funnel(in);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Funnel, QuantileType7) {
  // 5 values 0..4: position 4 * 0.1 = 0.4 -> 0.4; 4 * 0.9 = 3.6 -> 3.6; unsorted input.
  EXPECT_DOUBLE_EQ(quantile_type7({4, 0, 2, 1, 3}, 0.1), 0.4);
  EXPECT_DOUBLE_EQ(quantile_type7({4, 0, 2, 1, 3}, 0.9), 3.6);
  EXPECT_DOUBLE_EQ(quantile_type7({7}, 0.3), 7.0);
  EXPECT_DOUBLE_EQ(quantile_type7({1, 2}, 1.0), 2.0);
  EXPECT_THROW(quantile_type7({}, 0.5), InputError);
}

// Three units of 100 with 0, 25 and 50 events (worked by hand in
// tests/python/analysis/test_reference_analysis.py): target 0.25, y0 = pi/6, s = 0.05,
// z = (-pi/0.3, 0, pi/0.6); the 10 % / 90 % quantiles sit at positions 0.2 and 1.8, i.e. 0.8 z
// of the end values, so phi = 0.64 (pi^2/0.09 + pi^2/0.36) / 3 = 80 pi^2 / 27 = 29.243272;
// w = 400 each: tau2 = (3 phi - 2) / (1200 - 400) = (80 pi^2 / 9 - 2) / 800 = 0.107162.
TEST(Funnel, ThreeUnitsByHand) {
  const FunnelFit fit = fit_funnel(proportions({0, 25, 50}, {100, 100, 100}));
  EXPECT_DOUBLE_EQ(fit.target, 0.25);
  EXPECT_NEAR(fit.target_transformed, kPi / 6, 1e-15);
  EXPECT_NEAR(fit.z[0], -kPi / 0.3, 1e-12);
  EXPECT_NEAR(fit.z[1], 0.0, 1e-12);
  EXPECT_NEAR(fit.z[2], kPi / 0.6, 1e-12);
  EXPECT_NEAR(fit.phi, 80 * kPi * kPi / 27, 1e-11);
  EXPECT_NEAR(fit.phi, 29.243272, 1e-6);
  const double tau2 = (80 * kPi * kPi / 9 - 2) / 800;
  EXPECT_NEAR(fit.tau2, tau2, 1e-13);
  EXPECT_NEAR(fit.tau2, 0.107162, 1e-6);
  EXPECT_TRUE(fit.dispersion_estimated);
  // Additive 95 %: half = 1.959964 sqrt(0.0025 + tau2) = 0.649048; the lower angle is negative,
  // so the limit is exactly 0 (clipped), the upper sin^2(pi/6 + 0.649048) = 0.849678.
  EXPECT_EQ(fit.lower95[0], 0.0);
  EXPECT_NEAR(fit.upper95[0], 0.849678, 1e-6);
  EXPECT_NEAR(fit.upper998[0], std::pow(std::sin(kPi / 6 + kZ998 * std::sqrt(0.0025 + tau2)), 2),
              1e-12);
  // Within the wide additive limits all three are "normal".
  for (const FunnelFlag flag : fit.flag) EXPECT_EQ(flag, FunnelFlag::Normal);
  EXPECT_NEAR(fit.z_adjusted[2], (kPi / 0.6) * 0.05 / std::sqrt(0.0025 + tau2), 1e-12);
}

TEST(Funnel, ThreeUnitsMultiplicativeAndNone) {
  const FunnelFit mult =
      fit_funnel(proportions({0, 25, 50}, {100, 100, 100}, Overdispersion::Multiplicative));
  const double half = kZ95 * 0.05 * std::sqrt(80 * kPi * kPi / 27);  // 0.529949 > pi/6
  EXPECT_EQ(mult.lower95[1], 0.0);
  EXPECT_NEAR(mult.upper95[1], std::pow(std::sin(kPi / 6 + half), 2), 1e-12);
  const FunnelFit none =
      fit_funnel(proportions({0, 25, 50}, {100, 100, 100}, Overdispersion::None));
  // (sin^2(pi/6 - 0.097998), sin^2(pi/6 + 0.097998)) = (0.170..., 0.339...)
  EXPECT_NEAR(none.lower95[0], std::pow(std::sin(kPi / 6 - kZ95 * 0.05), 2), 1e-12);
  EXPECT_NEAR(none.upper95[0], std::pow(std::sin(kPi / 6 + kZ95 * 0.05), 2), 1e-12);
  EXPECT_EQ(none.flag[0], FunnelFlag::Low998);   // 0 < 0.1 (the 99.8 % lower)
  EXPECT_EQ(none.flag[2], FunnelFlag::High998);  // 0.5 > 0.4
  EXPECT_NEAR(none.phi, mult.phi, 1e-12);        // estimated whatever the method
}

TEST(Funnel, NoDispersionGivesTauZero) {
  // All units at the pooled 10 %: z = 0, phi = 0, K phi = 0 < K - 1 -> tau2 = 0, and the additive
  // limits equal the unadjusted ones.
  const FunnelFit add = fit_funnel(proportions({10, 20, 30, 40}, {100, 200, 300, 400}));
  const FunnelFit none =
      fit_funnel(proportions({10, 20, 30, 40}, {100, 200, 300, 400}, Overdispersion::None));
  EXPECT_EQ(add.phi, 0.0);
  EXPECT_EQ(add.tau2, 0.0);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(add.lower95[i], none.lower95[i]);
    EXPECT_DOUBLE_EQ(add.upper998[i], none.upper998[i]);
  }
}

TEST(Funnel, TauZeroJustBelowTheThreshold) {
  // Units of 100 around the pooled 25 % (s = 0.05, y0 = pi/6), trim 0 so phi = sum z^2 / 3.
  // p = 0.20, 0.25, 0.30: z = -1.1990, 0, 1.1208, K phi = 2.694 > K - 1 = 2 -> tau2 > 0.
  // p = 0.22, 0.25, 0.28: z = -0.7079, 0, 0.6800, K phi = 0.964 < 2 -> tau2 = 0.
  const FunnelFit small =
      fit_funnel(proportions({22, 25, 28}, {100, 100, 100}, Overdispersion::Additive, 0.0));
  EXPECT_LT(3 * small.phi, 2.0);
  EXPECT_EQ(small.tau2, 0.0);
  const FunnelFit large =
      fit_funnel(proportions({20, 25, 30}, {100, 100, 100}, Overdispersion::Additive, 0.0));
  EXPECT_GT(3 * large.phi, 2.0);
  EXPECT_NEAR(large.tau2, (3 * large.phi - 2) / 800, 1e-15);
}

TEST(Funnel, UpperLimitClippedAtOne) {
  // target 0.9 at n = 4: s = 0.25, y0 = 1.249046, y0 + 1.96 * 0.25 = 1.739 > pi/2 -> exactly 1.
  FunnelInput in = proportions({9, 18, 27}, {10, 20, 30}, Overdispersion::None);
  const FunnelFit fit = fit_funnel(in);
  const Interval l = funnel_limits(fit, 4.0, 0.95);
  EXPECT_EQ(l.upper, 1.0);
  EXPECT_NEAR(l.lower, std::pow(std::sin(std::asin(std::sqrt(0.9)) - kZ95 * 0.25), 2), 1e-12);
}

TEST(Funnel, FewerThanThreeUnitsFallsBack) {
  const FunnelFit fit = fit_funnel(proportions({5, 7}, {10, 20}));
  EXPECT_FALSE(fit.dispersion_estimated);
  EXPECT_TRUE(std::isnan(fit.phi));
  EXPECT_EQ(fit.tau2, 0.0);
  EXPECT_EQ(fit.used, Overdispersion::None);
  EXPECT_EQ(fit.requested, Overdispersion::Additive);
}

TEST(Funnel, ZeroDenominatorIsExcludedNotDropped) {
  FunnelInput in = proportions({1, 0, 3, 4}, {10, 0, 30, 40});
  in.units = {"Varde", "Fanø", "Esbjerg", "Billund"};
  const FunnelFit fit = fit_funnel(in);
  ASSERT_EQ(fit.excluded.size(), 1u);
  EXPECT_EQ(fit.excluded[0], 1u);
  EXPECT_EQ(fit.included, (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_DOUBLE_EQ(fit.target, 8.0 / 80.0);
}

TEST(Funnel, BadInputNamesTheUnit) {
  FunnelInput in = proportions({1, 12, 3}, {10, 10, 10});
  in.units = {"Varde", "Aabenraa", "Billund"};
  EXPECT_NE(message_of(in).find("Aabenraa: numerator 12 exceeds denominator 10"),
            std::string::npos);
  in.a = {1, -1, 3};
  EXPECT_NE(message_of(in).find("Aabenraa: numerator and denominator must be finite and >= 0"),
            std::string::npos);
  in.a = {1, 1, std::nan("")};
  EXPECT_NE(message_of(in).find("Billund: "), std::string::npos);
  in.a = {1, 1, 1};
  in.trim = 0.5;
  EXPECT_NE(message_of(in).find("trim must lie in [0, 0.5)"), std::string::npos);
  in.trim = 0.1;
  const FunnelFit fit = fit_funnel(in);
  EXPECT_THROW(funnel_limits(fit, 10.0, 1.0), InputError);
  EXPECT_THROW(funnel_limits(fit, 0.0, 0.95), InputError);
  EXPECT_THROW(overdispersion_method("random"), InputError);
}

// FunnelPlotR tests/testthat/test-poisson_limits.R: unadjusted SR limits at expected 15, 20, 30.
TEST(Funnel, PoissonLimitsMatchFunnelPlotR) {
  FunnelInput in;
  in.transform = FunnelTransform::SquareRoot;
  in.a = {12, 25, 30};
  in.b = {15, 20, 30};
  in.target = 1.0;
  in.overdispersion = Overdispersion::None;
  const FunnelFit fit = fit_funnel(in);
  const std::vector<double> ll95{0.5596924, 0.6108260, 0.6746958};
  const std::vector<double> ul95{1.649348, 1.544419, 1.427562};
  const std::vector<double> ll99{0.3862650, 0.4479107, 0.5289724};
  const std::vector<double> ul99{2.082907, 1.902094, 1.702771};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(fit.lower95[i], ll95[i], 5e-8);
    EXPECT_NEAR(fit.upper95[i], ul95[i], 5e-7);
    EXPECT_NEAR(fit.lower998[i], ll99[i], 5e-8);
    EXPECT_NEAR(fit.upper998[i], ul99[i], 5e-7);
  }
}

TEST(Funnel, SquareRootRatioByHand) {
  // O/E = 0.5, 1, 2 at E = 16, 25, 4: y = sqrt(ratio), s = 1/(2 sqrt(E)) = 1/8, 1/10, 1/4,
  // z = 2 (sqrt(O) - sqrt(E)) = 2 (sqrt(8) - 4), 0, 2 (sqrt(8) - 2).
  FunnelInput in;
  in.transform = FunnelTransform::SquareRoot;
  in.a = {8, 25, 8};
  in.b = {16, 25, 4};
  in.target = 1.0;
  const FunnelFit fit = fit_funnel(in);
  EXPECT_NEAR(fit.z[0], 2 * (std::sqrt(8.0) - 4), 1e-12);
  EXPECT_NEAR(fit.z[1], 0.0, 1e-12);
  EXPECT_NEAR(fit.z[2], 2 * (std::sqrt(8.0) - 2), 1e-12);
  // Limits square the back-transformed bound: (1 +/- q sqrt(s^2 + tau2))^2.
  const double half = kZ95 * std::sqrt(1.0 / 64 + fit.tau2);
  EXPECT_NEAR(fit.upper95[0], (1 + half) * (1 + half), 1e-12);
  EXPECT_NEAR(fit.lower95[0], std::pow(std::max(0.0, 1 - half), 2), 1e-12);
}

TEST(Funnel, IdentityPooledIsInverseVarianceMean) {
  FunnelInput in;
  in.transform = FunnelTransform::Identity;
  in.a = {1.0, 2.0, 4.0};
  in.b = {1.0, 0.5, 1.0};  // w = 1, 4, 1 -> (1 + 8 + 4) / 6
  in.overdispersion = Overdispersion::None;
  const FunnelFit fit = fit_funnel(in);
  EXPECT_NEAR(fit.target, 13.0 / 6.0, 1e-14);
  EXPECT_NEAR(fit.n[1], 4.0, 1e-14);
  EXPECT_NEAR(fit.upper95[1], 13.0 / 6.0 + kZ95 * 0.5, 1e-12);
}

TEST(Funnel, ExpectedCountsOfAUnitWithGroupwiseNationalRatesIsItsCount) {
  // Two groups with national rates 0.1 and 0.5. Unit B has a very different mix from A, but
  // group-wise rates equal to the national ones: its expected count equals its observed one.
  const std::vector<double> counts{10, 50, 1, 25, 9, 25};    // A: 10, 50 ... rows u, cols g
  const std::vector<double> exposure{100, 100, 10, 50, 90, 50};
  // national: g0 = 20 / 200 = 0.1, g1 = 100 / 200 = 0.5
  const std::vector<double> e = expected_counts(counts, exposure, 3, 2, {"A", "B", "C"}, {});
  EXPECT_NEAR(e[0], 60.0, 1e-12);
  EXPECT_NEAR(e[1], 26.0, 1e-12);
  EXPECT_NEAR(e[2], 34.0, 1e-12);
  try {
    expected_counts({1, -1}, {1, 1}, 1, 2, {"Varde"}, {"a", "b"});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("Varde, b:"), std::string::npos);
  }
}

}  // namespace
}  // namespace jobbench
