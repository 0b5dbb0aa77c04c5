#include "jobbench/analysis/intervals.hpp"

#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

// Reference values: R binom.test / prop.test(correct = FALSE) / poisson.test.
TEST(Intervals, WilsonMatchesTheScoreInterval) {
  const Interval w = proportion_interval(7, 20, 0.95, ProportionMethod::Wilson);
  EXPECT_NEAR(w.lower, 0.1811918, 1e-6);
  EXPECT_NEAR(w.upper, 0.5671457, 1e-6);
}

TEST(Intervals, ClopperPearsonMatchesBinomTest) {
  const Interval e = proportion_interval(7, 20, 0.95, ProportionMethod::Exact);
  EXPECT_NEAR(e.lower, 0.1539092, 1e-6);
  EXPECT_NEAR(e.upper, 0.5921885, 1e-6);
  EXPECT_EQ(proportion_interval(0, 10, 0.95, ProportionMethod::Exact).lower, 0.0);
  EXPECT_EQ(proportion_interval(10, 10, 0.95, ProportionMethod::Exact).upper, 1.0);
}

TEST(Intervals, GarwoodMatchesPoissonTest) {
  const Interval g = poisson_interval(10, 0.95);
  EXPECT_NEAR(g.lower, 4.795389, 1e-5);
  EXPECT_NEAR(g.upper, 18.390356, 1e-5);
  EXPECT_EQ(poisson_interval(0, 0.95).lower, 0.0);
  EXPECT_NEAR(poisson_interval(0, 0.95).upper, 3.688879, 1e-5);
}

TEST(Intervals, BadInputNamesTheUnit) {
  try {
    proportion_interval(5, 4, 0.95, ProportionMethod::Wilson, "Varde");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("Varde: need 0 <= numerator"), std::string::npos);
  }
  EXPECT_THROW(proportion_interval(1, 0, 0.95, ProportionMethod::Wilson), InputError);
  EXPECT_THROW(proportion_interval(1, 4, 1.0, ProportionMethod::Wilson), InputError);
  EXPECT_THROW(poisson_interval(-1, 0.95), InputError);
  EXPECT_THROW(proportion_method("wald"), InputError);
}

}  // namespace
}  // namespace jobbench
