// Staff time registration: employees' shares -> FTE per task, validation rules, review warnings.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "jobbench/staff/roster.hpp"
#include "test_support.hpp"

namespace jobbench {
namespace {

using test::fixture_spec;

Employee employee(const std::string& id, const std::string& municipality, double fraction,
                  std::vector<TaskShare> shares, const std::string& type = "ordinary",
                  double external = 0.0) {
  Employee e;
  e.id = id;
  e.municipality = municipality;
  e.unit = "Jobcenter";
  e.employment_type = type;
  e.fte_fraction = fraction;
  e.external_share = external;
  e.shares = std::move(shares);
  return e;
}

std::size_t task(const StaffResult& r, const std::string& code) {
  for (std::size_t t = 0; t < r.tasks.size(); ++t) {
    if (r.tasks[t] == code) return t;
  }
  throw std::out_of_range(code);
}

TEST(Staff, WeightsFractionsSharesAndParentShares) {
  StaffRoster roster(fixture_spec());
  roster.add(employee("1", "Varde", 1.0, {{"a.sag.o30", 0.6}, {"a.sag.u30", 0.4}}));
  roster.add(employee("2", "Varde", 1.0, {{"a.sag", 0.5}, {"k.sag", 0.5}}, "flexjob"));
  Employee hours = employee("3", "Varde", std::numeric_limits<double>::quiet_NaN(),
                            {{"k.team", 1.0}}, "seniorjob", 0.5);
  hours.hours = 18.5;  // half time at 37 h = 1 FTE
  roster.add(hours);
  const StaffResult r = roster.aggregate();
  ASSERT_TRUE(r.errors.empty());
  const Eigen::Index a_sag = static_cast<Eigen::Index>(task(r, "a.sag"));
  EXPECT_DOUBLE_EQ(r.fte(a_sag, 0), 1.0 + 0.25);   // leaves 1.0 + 0.5 * 0.5 direct
  EXPECT_DOUBLE_EQ(r.fte_direct(a_sag, 0), 0.25);  // unallocated below a.sag
  EXPECT_DOUBLE_EQ(r.fte(static_cast<Eigen::Index>(task(r, "k.sag")), 0), 0.25);
  const Eigen::Index k_team = static_cast<Eigen::Index>(task(r, "k.team"));
  EXPECT_DOUBLE_EQ(r.fte(k_team, 0), 0.5 * 0.75);
  EXPECT_DOUBLE_EQ(r.fte_external(k_team, 0), 0.5 * 0.75 * 0.5);
  EXPECT_DOUBLE_EQ(r.fte(0, 0), 1.0 + 0.5 + 0.375);  // root
  EXPECT_EQ(r.head_count(0, 0), 3);
  EXPECT_EQ(r.head_count(a_sag, 0), 2);
  EXPECT_TRUE(r.is_fte_row(static_cast<std::size_t>(a_sag), 0));  // inner node with direct FTE
  EXPECT_FALSE(r.is_fte_row(task(r, "a"), 0));
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].head_count, 3u);
  EXPECT_DOUBLE_EQ(r.units[0].fte, 1.875);
}

TEST(Staff, FteFeedsTheBenchmark) {
  StaffRoster roster(fixture_spec());
  roster.add(employee("1", "Varde", 1.0, {{"a.sag.o30", 0.6}, {"a.sag", 0.4}}));
  roster.add(employee("1", "Esbjerg", 0.5, {{"k.sag", 1.0}}));
  const StaffResult staff = roster.aggregate();
  BenchmarkData data(fixture_spec(), staff.municipalities);
  for (const std::string m : {"Varde", "Esbjerg"}) test::add_person_years(data, m, 400, 100, 500);
  staff.add_to(data);
  const BenchmarkResult r = compute(data);
  EXPECT_DOUBLE_EQ(r.fte(r.item_index("a.sag"), 0), 1.0);
  EXPECT_DOUBLE_EQ(r.unallocated(r.item_index("a.sag"), 0), 0.4);
  EXPECT_DOUBLE_EQ(r.fte(r.item_index("total"), 1), 0.5);
}

/// One invalid employee next to a valid one: the invalid row is rejected with `rule`, and the FTE
/// balance holds.
void expect_rejected(const Employee& bad, const std::string& rule, const std::string& text,
                     StaffOptions options = {}) {
  StaffRoster roster(fixture_spec(), options);
  roster.add(employee("ok", "Varde", 1.0, {{"k.sag", 1.0}}));
  roster.add(bad);
  const StaffResult r = roster.aggregate();
  ASSERT_EQ(r.errors.size(), 1u) << rule;
  EXPECT_EQ(r.errors[0].rule, rule);
  EXPECT_EQ(r.errors[0].row, 1u);
  EXPECT_THAT(r.errors[0].message, ::testing::HasSubstr("employees row 1 ("));
  EXPECT_THAT(r.errors[0].message, ::testing::HasSubstr(text));
  EXPECT_EQ(r.accepted_rows, std::vector<std::size_t>{0});
  const double out = r.fte.row(0).sum() + r.fte_outside.sum() + r.fte_rejected.sum();
  EXPECT_NEAR(r.fte_read.sum(), out, 1e-12) << rule;
  EXPECT_THROW(roster.aggregate_strict(), InputError);
}

TEST(StaffValidation, NegativeShare) {
  expect_rejected(employee("x", "Varde", 1.0, {{"k.sag", -0.1}}), "negative_share",
                  "shares must be finite and >= 0");
}

TEST(StaffValidation, SharesAbove100Percent) {
  expect_rejected(employee("x", "Varde", 0.8, {{"k.sag", 0.7}, {"a.team", 0.4}}), "share_sum",
                  "sum to 110 % > 100 %");
}

TEST(StaffValidation, FteFractionOutOfRange) {
  expect_rejected(employee("x", "Varde", 1.2, {{"k.sag", 1.0}}), "fte_fraction_range",
                  "FTE fraction 1.2 out of range");
  expect_rejected(employee("x", "Varde", 0.0, {{"k.sag", 1.0}}), "fte_fraction_range",
                  "out of range");
  Employee both = employee("x", "Varde", 1.0, {{"k.sag", 1.0}});
  both.hours = 30;
  expect_rejected(both, "fte_fraction_range", "disagrees with 30 hours");
}

TEST(StaffValidation, InfiniteContractedTimeIsNotMissing) {
  const double inf = std::numeric_limits<double>::infinity();
  expect_rejected(employee("x", "Varde", inf, {{"k.sag", 1.0}}), "fte_fraction_range",
                  "FTE fraction inf is not a finite number");
  Employee hours = employee("x", "Varde", std::nan(""), {{"k.sag", 1.0}});
  hours.hours = -inf;
  expect_rejected(hours, "fte_fraction_range", "weekly hours -inf is not a finite number");
  Employee both = employee("x", "Varde", inf, {{"k.sag", 1.0}});
  both.hours = 37;  // was accepted: the infinite fraction was skipped for the hours
  expect_rejected(both, "fte_fraction_range", "FTE fraction inf is not a finite number");
  expect_rejected(employee("x", "Varde", std::nan(""), {{"k.sag", 1.0}}), "fte_fraction_range",
                  "missing contracted time");
}

TEST(StaffValidation, UnknownTaskUnitTypeAndMunicipality) {
  expect_rejected(employee("x", "Varde", 1.0, {{"k.nope", 1.0}}), "unknown_task",
                  "unknown task 'k.nope'");
  expect_rejected(employee("x", "Varde", 1.0, {{"k.sag", 1.0}}, "fleksjob"),
                  "unknown_employment_type", "unknown employment type 'fleksjob'");
  StaffOptions units;
  units.units = {"Jobcenter"};
  Employee bad_unit = employee("x", "Varde", 1.0, {{"k.sag", 1.0}});
  bad_unit.unit = "Ydelse";
  expect_rejected(bad_unit, "unknown_unit", "unknown organisational unit 'Ydelse'", units);
  StaffRoster roster(fixture_spec());
  roster.add(employee("x", "Vejle", 1.0, {{"k.sag", 1.0}}));
  EXPECT_EQ(roster.aggregate({"Varde"}).errors.at(0).rule, "unknown_municipality");
}

TEST(StaffValidation, DuplicateIdsAndTasks) {
  expect_rejected(employee("ok", "Varde", 1.0, {{"k.sag", 1.0}}), "duplicate_id",
                  "already given in employees row 0");
  expect_rejected(employee("x", "Varde", 1.0, {{"k.sag", 0.5}, {"k.sag", 0.5}}), "duplicate_task",
                  "task 'k.sag' given twice");
  expect_rejected(employee("x", "Varde", 1.0, {{"k.sag", 0.5}}, "ordinary", 1.5),
                  "external_share_range", "externally financed share 1.5");
}

TEST(StaffWarnings, ImplausibleSplits) {
  StaffOptions options;
  options.max_tasks = 2;
  StaffRoster roster(fixture_spec(), options);
  roster.add(employee("fine", "Varde", 1.0, {{"k.sag", 0.01}, {"a.team", 0.5}, {"k.team", 0.2}}));
  roster.add(employee("low", "Varde", 1.0, {{"k.sag", 0.05}}));
  const StaffResult r = roster.aggregate();
  std::vector<std::string> rules;
  for (const auto& w : r.warnings) rules.push_back(w.rule);
  EXPECT_THAT(rules, ::testing::ElementsAre("min_share", "max_tasks", "low_total"));
}

TEST(StaffReview, RobustZScores) {
  Eigen::MatrixXd v(1, 6);
  v << 1.0, 1.1, 0.9, 1.0, 1.05, 5.0;
  const Eigen::MatrixXd z = robust_z_scores(v);
  EXPECT_GT(z(0, 5), 3.5);
  EXPECT_LT(std::abs(z(0, 0)), 1.0);
  Eigen::MatrixXd flat(1, 4);
  flat << 0.0, 0.0, 0.0, 2.0;
  EXPECT_TRUE(std::isinf(robust_z_scores(flat)(0, 3)));
  EXPECT_EQ(robust_z_scores(flat)(0, 0), 0.0);
}

TEST(StaffReview, OutliersAndTasksWithoutTargetGroup) {
  StaffRoster roster(fixture_spec());
  const std::vector<std::string> names = {"A", "B", "C", "D", "E"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double team = i == 4 ? 0.9 : 0.1 + 0.01 * static_cast<double>(i);
    roster.add(employee("1", names[i], 1.0, {{"a.sag.o30", 1.0 - team}, {"a.team", team}}));
  }
  roster.add(employee("2", "A", 1.0, {{"k.sag", 1.0}}));
  const StaffResult staff = roster.aggregate();
  BenchmarkData py(fixture_spec(), names);
  for (const auto& m : names) test::add_person_years(py, m, 400, 100, m == "A" ? 0 : 500);
  const auto warnings = review(staff, py);
  bool outlier = false;
  bool no_group = false;
  for (const auto& w : warnings) {
    if (w.rule == "robust_z" && w.municipality == "E" && w.task == "a.team") outlier = true;
    if (w.rule == "no_target_group" && w.municipality == "A" && w.task == "k.sag") no_group = true;
  }
  EXPECT_TRUE(outlier);
  EXPECT_TRUE(no_group);
  ReviewOptions lax;
  lax.z_threshold = 1e9;
  for (const auto& w : review(staff, py, lax)) EXPECT_NE(w.rule, "robust_z");
}

}  // namespace
}  // namespace jobbench
