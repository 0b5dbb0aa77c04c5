#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/periods.hpp"

using namespace jobbench;
using ::testing::AllOf;
using ::testing::HasSubstr;

namespace {

bool operator==(const MeasurementPeriod& a, const MeasurementPeriod& b) {
  return a.first == b.first && a.last == b.last;
}

std::vector<std::string> labels(const std::vector<MeasurementPeriod>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(period_label(p));
  return out;
}

// The message of the InputError that `f` throws ("" when it throws none).
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Periods, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2021, 1, 1), 18628);
  EXPECT_EQ(days_from_civil(1969, 12, 29), -3);  // Monday of 1970W01
}

TEST(Periods, QuarterIsTheWeeksWhoseThursdayFallsInIt) {
  // 2021-01-01 is a Friday: 2020W53 (Thursday 2020-12-31) belongs to 2020Q4, 2021W01 to 2021Q1,
  // which has 12 weeks (its last Thursday is 2021-03-25); 2021-07-01 is a Thursday (W26).
  EXPECT_TRUE((quarter_period(2021, 1) == MeasurementPeriod{202101, 202112}));
  EXPECT_TRUE((quarter_period(2021, 2) == MeasurementPeriod{202113, 202125}));
  EXPECT_TRUE((quarter_period(2021, 3) == MeasurementPeriod{202126, 202139}));
  EXPECT_TRUE((quarter_period(2020, 4) == MeasurementPeriod{202040, 202053}));
  // 2020-10-01 is a Thursday: 2020W40 opens 2020Q4; 2020Q3 ends with W39.
  EXPECT_TRUE((quarter_period(2020, 3) == MeasurementPeriod{202027, 202039}));
  // 2012Q3-2013Q2: the 2013 benchmark's default period 201227-201326.
  EXPECT_TRUE((quarter_period(2012, 3) == MeasurementPeriod{201227, 201239}));
  EXPECT_TRUE((quarter_period(2013, 2) == MeasurementPeriod{201314, 201326}));
  // 2015-01-01 is a Thursday: 2015W01 is 2014-12-29..2015-01-04 and belongs to 2015Q1.
  EXPECT_EQ(quarter_period(2015, 1).first, 201501);
  EXPECT_EQ(quarter_period(2014, 4).last, 201452);
  // 2026: a 53-week year; 2026-12-31 is a Thursday, so 2026W53 belongs to 2026Q4.
  EXPECT_TRUE((quarter_period(2026, 4) == MeasurementPeriod{202640, 202653}));
  EXPECT_EQ(quarter_period(2027, 1).first, 202701);
}

TEST(Periods, QuartersTileTheIsoYear) {
  for (int year = 1900; year <= 2399; ++year) {
    const auto quarters = quarter_periods(year, 1, year, 4);
    ASSERT_EQ(quarters.size(), 4u);
    ASSERT_EQ(quarters.front().first, year * 100 + 1) << year;
    ASSERT_EQ(quarters.back().last, year * 100 + iso_weeks_in_year(year)) << year;
    for (std::size_t k = 0; k < 4; ++k) {
      const int weeks = iso_week_index(quarters[k].last) - iso_week_index(quarters[k].first) + 1;
      ASSERT_TRUE(weeks >= 12 && weeks <= 14) << year << " Q" << k + 1;
      if (k > 0) {
        ASSERT_EQ(iso_week_index(quarters[k].first), iso_week_index(quarters[k - 1].last) + 1);
      }
    }
  }
}

TEST(Periods, Years) {
  EXPECT_TRUE((year_period(2020) == MeasurementPeriod{202001, 202053}));
  EXPECT_TRUE((year_period(2026) == MeasurementPeriod{202601, 202653}));
  EXPECT_TRUE((year_period(2021) == MeasurementPeriod{202101, 202152}));
  EXPECT_EQ(labels(year_periods(2019, 2021)), (std::vector<std::string>{"2019", "2020", "2021"}));
  EXPECT_EQ(year_periods(2020, 2020).size(), 1u);
}

TEST(Periods, QuarterRanges) {
  const auto q = quarter_periods(2019, 1, 2021, 4);
  ASSERT_EQ(q.size(), 12u);
  EXPECT_EQ(period_label(q.front()), "2019Q1");
  EXPECT_EQ(period_label(q[4]), "2020Q1");
  EXPECT_EQ(period_label(q.back()), "2021Q4");
  EXPECT_EQ(labels(quarter_periods(2020, 4, 2021, 1)),
            (std::vector<std::string>{"2020Q4", "2021Q1"}));
}

TEST(Periods, Labels) {
  EXPECT_EQ(period_label({202126, 202139}), "2021Q3");  // 2021-07-01 is a Thursday (W26)
  EXPECT_EQ(period_label({202127, 202139}), "202127-202139");
  EXPECT_EQ(period_label({202040, 202053}), "2020Q4");
  EXPECT_EQ(period_label({202001, 202053}), "2020");
  EXPECT_EQ(period_label({202101, 202152}), "2021");
  EXPECT_EQ(period_label({202127, 202226}), "202127-202226");
  EXPECT_EQ(period_label({201227, 201326}), "201227-201326");
  EXPECT_EQ(period_label({202040, 202052}), "202040-202052");  // 2020Q4 without its week 53
  EXPECT_EQ(period_label({202101, 202101}), "202101-202101");
  const auto label_error = [](std::int32_t first, std::int32_t last) {
    return error_of([&] { period_label({first, last}); });
  };
  EXPECT_THAT(label_error(202153, 202201), HasSubstr("valid ISO weeks"));
  EXPECT_THAT(label_error(202201, 202101), HasSubstr("first week comes after the last"));
}

TEST(Periods, ParseOne) {
  EXPECT_TRUE((parse_period("2021Q3") == quarter_period(2021, 3)));
  EXPECT_TRUE((parse_period("2021q3") == quarter_period(2021, 3)));
  EXPECT_TRUE((parse_period(" 2020 ") == year_period(2020)));
  EXPECT_TRUE((parse_period("202127-202226") == MeasurementPeriod{202127, 202226}));
  EXPECT_EQ(period_label(parse_period("202126-202139")), "2021Q3");
  for (const char* label : {"2021Q3", "2020", "202127-202226", "2020Q4", "2026Q4"}) {
    EXPECT_EQ(period_label(parse_period(label)), label);
  }
}

TEST(Periods, ParseList) {
  EXPECT_EQ(labels(parse_periods("2021Q3,2022")), (std::vector<std::string>{"2021Q3", "2022"}));
  EXPECT_EQ(parse_periods("2019Q1:2021Q4").size(), 12u);
  EXPECT_EQ(labels(parse_periods("2019:2021")), (std::vector<std::string>{"2019", "2020", "2021"}));
  EXPECT_EQ(labels(parse_periods("2020q3:2020Q4, 2022, 202127-202226")),
            (std::vector<std::string>{"2020Q3", "2020Q4", "2022", "202127-202226"}));
  EXPECT_EQ(labels(parse_periods("2021Q3:2021Q3")), (std::vector<std::string>{"2021Q3"}));
}

TEST(Periods, BadLabelsNameTheTextTheRuleAndTheForms) {
  const auto expect = [](const std::string& text, const std::string& rule) {
    const std::string message = error_of([&] { parse_periods(text); });
    EXPECT_THAT(message, AllOf(HasSubstr("'" + text + "'"), HasSubstr(rule),
                               HasSubstr("accepted: a quarter 2021Q3")))
        << text;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  };
  expect("2021Q5", "the quarter must be 1-4");
  expect("2021Q0", "the quarter must be 1-4");
  expect("2021Q", "the quarter must be 1-4");
  expect("21Q3", "the year must be YYYY");
  expect("1899", "the year must lie in 1900-2399");
  expect("2400Q1", "the year must lie in 1900-2399");
  expect("202153-202210", "week 202153 is not an ISO week (2021 has 52 weeks)");
  expect("202201-202101", "the first week comes after the last");
  expect("2021-2022", "weeks must be written FIRST-LAST as YYYYWW-YYYYWW");
  expect("autumn", "not a period label");
  expect("2021Q4:2019Q1", "the first period comes after the last");
  expect("2019Q1:2021", "a range joins two quarters (2019Q1:2021Q4) or two years (2019:2021)");
  expect("2019:2020:2021", "a range has one ':'");
  expect("2021Q3,2021Q3", "2021Q3 is listed twice");
  expect("2021,,2022", "an empty item between commas");
  expect("", "empty");
  EXPECT_THAT(error_of([] { parse_period("2021Q3,2022"); }), HasSubstr("one period expected"));
  EXPECT_THAT(error_of([] { parse_period(std::string("2021\nQ3")); }), HasSubstr("'2021\\nQ3'"));
}

TEST(Periods, BadArguments) {
  EXPECT_THAT(error_of([] { quarter_period(2021, 5); }),
              HasSubstr("quarter 2021Q5: the quarter must be 1-4"));
  EXPECT_THAT(error_of([] { quarter_period(1899, 4); }), HasSubstr("1900-2399"));
  EXPECT_THAT(error_of([] { year_period(2400); }), HasSubstr("year 2400: the year must lie in"));
  EXPECT_THAT(error_of([] { quarter_periods(2021, 4, 2021, 1); }),
              HasSubstr("the first quarter comes after the last"));
  EXPECT_THAT(error_of([] { year_periods(2022, 2021); }),
              HasSubstr("the first year comes after the last"));
}
