// Monte Carlo of staff time shares: seeded, thread-independent, shrinking with the uncertainty.
#include <string>
#include <vector>

#include "jobbench/staff/uncertainty.hpp"
#include "test_support.hpp"

namespace jobbench {
namespace {

StaffRoster fixture_roster() {
  StaffRoster roster(test::fixture_spec());
  const std::vector<std::string> names = {"Varde", "Esbjerg", "Billund", "Vejen"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double x = 0.1 * static_cast<double>(i);
    for (int k = 0; k < 3; ++k) {
      Employee e;
      e.id = std::to_string(k);
      e.municipality = names[i];
      e.unit = "Jobcenter";
      e.fte_fraction = 1.0;
      e.shares = {{"a.sag.o30", 0.3 + x / 2},
                  {"a.sag.u30", 0.2},
                  {"a.team", 0.1},
                  {"k.sag", 0.3 - x / 2},
                  {"k", 0.1}};
      roster.add(e);
    }
  }
  return roster;
}

BenchmarkData fixture_base() {
  BenchmarkData base(test::fixture_spec(), {"Varde", "Esbjerg", "Billund", "Vejen"});
  for (const std::string m : {"Varde", "Esbjerg", "Billund", "Vejen"}) {
    test::add_person_years(base, m, 400, 100, 500);
  }
  return base;
}

UncertaintyOptions options(double main, double sub, unsigned threads = 1) {
  UncertaintyOptions o;
  o.relative_sd = {main, sub};
  o.draws = 400;
  o.seed = 7;
  o.threads = threads;
  return o;
}

TEST(Uncertainty, SeededAndIndependentOfThreads) {
  const StaffRoster roster = fixture_roster();
  const BenchmarkData base = fixture_base();
  const UncertaintyResult a = simulate(roster, base, options(0.05, 0.2, 1));
  const UncertaintyResult b = simulate(roster, base, options(0.05, 0.2, 3));
  EXPECT_EQ(a.productivity_lower, b.productivity_lower);
  EXPECT_EQ(a.productivity_upper, b.productivity_upper);
  EXPECT_EQ(a.rank_lower, b.rank_lower);
  for (std::size_t i = 0; i < a.rank_probability.size(); ++i) {
    EXPECT_TRUE(a.rank_probability[i].isApprox(b.rank_probability[i]));
  }
  UncertaintyOptions other = options(0.05, 0.2, 1);
  other.seed = 8;
  EXPECT_NE(simulate(roster, base, other).productivity_upper, a.productivity_upper);
}

// Employees of different shapes draw different numbers of normal deviates per draw; a deviate
// cached by the distribution must not leak from one draw into the next on the same thread.
TEST(Uncertainty, IndependentOfThreadsForUnevenRosters) {
  StaffRoster roster = fixture_roster();
  Employee e;
  e.id = "part";
  e.municipality = "Varde";
  e.unit = "Jobcenter";
  e.fte_fraction = 1.0;
  e.shares = {{"a.sag.o30", 0.6}};  // 40 % outside the catalogue; an odd number of deviates
  roster.add(e);
  const BenchmarkData base = fixture_base();
  const UncertaintyResult a = simulate(roster, base, options(0.05, 0.2, 1));
  const UncertaintyResult b = simulate(roster, base, options(0.05, 0.2, 2));
  EXPECT_EQ(a.productivity_mean, b.productivity_mean);
  EXPECT_EQ(a.productivity_lower, b.productivity_lower);
}

TEST(Uncertainty, IntervalsShrinkToThePointAndContainIt) {
  const StaffRoster roster = fixture_roster();
  const BenchmarkData base = fixture_base();
  const UncertaintyResult wide = simulate(roster, base, options(0.1, 0.4));
  const UncertaintyResult narrow = simulate(roster, base, options(0.02, 0.05));
  const UncertaintyResult none = simulate(roster, base, options(0.0, 0.0));
  const Eigen::MatrixXd w_wide = wide.productivity_upper - wide.productivity_lower;
  const Eigen::MatrixXd w_narrow = narrow.productivity_upper - narrow.productivity_lower;
  const Eigen::MatrixXd w_none = none.productivity_upper - none.productivity_lower;
  EXPECT_GT(w_wide.sum(), w_narrow.sum());
  EXPECT_GT(w_narrow.sum(), 0.0);
  EXPECT_LT(w_none.cwiseAbs().maxCoeff(), 1e-9);
  const Eigen::MatrixXd& point = wide.point.productivity;
  for (Eigen::Index i = 0; i < point.rows(); ++i) {
    for (Eigen::Index m = 0; m < point.cols(); ++m) {
      EXPECT_LE(wide.productivity_lower(i, m), point(i, m) + 1e-9) << wide.items[i].code;
      EXPECT_GE(wide.productivity_upper(i, m), point(i, m) - 1e-9) << wide.items[i].code;
      EXPECT_LE(none.rank_lower(i, m), wide.point.rank(i, m));
      EXPECT_GE(none.rank_upper(i, m), wide.point.rank(i, m));
    }
  }
  // Probabilities of the ranks add up to one; total FTE per employee is kept, so the root's FTE
  // (and productivity) does not move.
  EXPECT_NEAR(wide.rank_probability[0].row(0).sum(), 1.0, 1e-9);
  EXPECT_NEAR(w_wide(0, 0), 0.0, 1e-9);
}

TEST(Uncertainty, RejectsBadInput) {
  const StaffRoster roster = fixture_roster();
  BenchmarkData with_fte = fixture_base();
  with_fte.add_fte("Varde", "k.sag", 1.0);
  EXPECT_THROW(simulate(roster, with_fte, options(0.1, 0.1)), InputError);
  EXPECT_THROW(simulate(roster, fixture_base(), options(-0.1, 0.1)), std::invalid_argument);
  StaffRoster bad = fixture_roster();
  bad.employees()[0].shares[0].share = 5.0;
  EXPECT_THROW(simulate(bad, fixture_base(), options(0.1, 0.1)), InputError);
}

}  // namespace
}  // namespace jobbench
