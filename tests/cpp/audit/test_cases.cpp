// The checks of a case audit's long input (contract §5), in C++: each rule names its count and
// the first five distinct keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "jobbench/audit/cases.hpp"
#include "jobbench/errors.hpp"

using namespace jobbench;
using ::testing::HasSubstr;

namespace {

/// Municipality A, cases c0..c(k-1), criteria plan and goal (goal filtered by plan).
audit::CaseTable table(int k) {
  audit::CaseTable t;
  for (int i = 0; i < k; ++i) {
    for (const char* c : {"plan", "goal"}) {
      t.municipality.push_back("A");
      t.case_id.push_back("c" + std::to_string(i));
      t.target_group.push_back("tg");
      t.stratum.push_back(i < 2 ? "s1" : "s2");
      t.criterion.push_back(c);
      t.outcome.push_back("met");
    }
  }
  t.case_level = {{"target_group", t.target_group}, {"stratum", t.stratum}};
  return t;
}

const audit::CatalogueCriteria kCatalogue{{"plan", "goal"}, {"", "plan"}};

std::string error_of(const audit::CaseTable& t, const audit::CatalogueCriteria* c = &kCatalogue) {
  try {
    audit::check_cases(t, c);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(AuditCases, ValidInputPasses) { EXPECT_EQ(error_of(table(4)), "no error"); }

TEST(AuditCases, UnknownOutcomesCountedWithFiveKeysShown) {
  audit::CaseTable t = table(4);
  for (auto& o : t.outcome) o = "Ja";
  EXPECT_EQ(error_of(t),
            "cases: 8 rows with unknown outcome codes (municipality, case, criterion, outcome): "
            "(A, c0, plan, Ja); (A, c0, goal, Ja); (A, c1, plan, Ja); (A, c1, goal, Ja); "
            "(A, c2, plan, Ja) ...; use met, not_met, not_relevant or unknown");
}

TEST(AuditCases, DuplicatesMissingAndOutside) {
  audit::CaseTable dup = table(2);
  dup.municipality.push_back("A");
  dup.case_id.push_back("c0");
  dup.target_group.push_back("tg");
  dup.stratum.push_back("s1");
  dup.criterion.push_back("plan");
  dup.outcome.push_back("met");
  for (auto& [name, values] : dup.case_level) values.push_back(name == "stratum" ? "s1" : "tg");
  EXPECT_THAT(error_of(dup), HasSubstr("cases: 2 duplicate judgements (municipality, case, "
                                       "criterion): (A, c0, plan); give each case"));
  audit::CaseTable missing = table(2);
  missing.criterion[3] = "other";
  EXPECT_THAT(error_of(missing), HasSubstr("1 rows with a criterion outside the catalogue"));
  EXPECT_THAT(error_of(missing, nullptr), HasSubstr("2 missing judgements (municipality, case, "
                                                    "criterion): (A, c0, other); (A, c1, goal)"));
}

TEST(AuditCases, CaseLevelColumnsAndFilters) {
  audit::CaseTable t = table(3);
  t.case_level[1].second[0] = "s2";
  EXPECT_THAT(error_of(t), HasSubstr("1 cases whose 'stratum' varies between their rows "
                                     "(municipality, case): (A, c0)"));
  audit::CaseTable f = table(3);
  f.outcome[2] = "not_met";  // c1's plan: its goal (met) may not be judged
  EXPECT_THAT(error_of(f), HasSubstr("1 judgements whose filter criterion is not met "
                                     "(municipality, case, criterion, filter, filter_outcome): "
                                     "(A, c1, goal, plan, not_met)"));
  f.outcome[3] = "not_relevant";
  EXPECT_EQ(error_of(f), "no error");
}

TEST(AuditCases, FrameAndItsKeys) {
  audit::StratumFrame frame{{"A", "A"}, {"tg", "tg"}, {"s1", "s2"}, {10, 2.5}, {"10", "2.5"}};
  try {
    audit::check_frame(frame);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("frame: 1 stratum(s) whose N is not a positive integer (municipality, "
                          "target_group, stratum, N): (A, tg, s2, 2.5)"));
  }
  frame.n = {10, 1};
  const std::vector<std::int64_t> n = audit::check_frame(frame);
  EXPECT_EQ(n, (std::vector<std::int64_t>{10, 1}));
  try {
    audit::check_frame_keys(table(4), frame, n);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("1 stratum(s) with more sampled cases than N "
                                                 "(municipality, target_group, stratum, n_h, N): "
                                                 "(A, tg, s2, 2, 1)"));
  }
  frame.stratum = {"s1", "s1"};
  EXPECT_THROW(audit::check_frame(frame), InputError);  // a repeated stratum
}

TEST(AuditCases, Weights) {
  const std::vector<std::string> m{"A", "A", "B"}, c{"c0", "c1", "c0"};
  EXPECT_NO_THROW(audit::check_weights(m, c, {5, 5, 2}, {"5", "5", "2"}, nullptr));
  try {
    audit::check_weights(m, c, {5, 0, std::nan("")}, {"5", "0", "x"}, nullptr);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("cases: 2 cases with a weight that is not a finite number > 0 "
                          "(municipality, case, weight): (A, c1, 0); (B, c0, x)"));
  }
  const std::vector<double> expected{5, 5, 2.5};
  EXPECT_THROW(audit::check_weights(m, c, {5, 5, 2}, {"5", "5", "2"}, &expected), InputError);
}
