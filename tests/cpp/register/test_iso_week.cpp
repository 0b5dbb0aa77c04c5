#include <gtest/gtest.h>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"

using namespace jobbench;

TEST(IsoWeek, LongYears) {
  for (int y : {2004, 2009, 2015, 2020, 2026, 2032}) EXPECT_TRUE(is_long_iso_year(y)) << y;
  for (int y : {2012, 2013, 2014, 2016, 2019, 2021, 2024}) EXPECT_FALSE(is_long_iso_year(y)) << y;
  EXPECT_EQ(iso_weeks_in_year(2015), 53);
  EXPECT_EQ(iso_weeks_in_year(2013), 52);
}

TEST(IsoWeek, Validity) {
  EXPECT_TRUE(is_valid_iso_week(201553));
  EXPECT_FALSE(is_valid_iso_week(201353));
  EXPECT_FALSE(is_valid_iso_week(201300));
  EXPECT_FALSE(is_valid_iso_week(201354));
  EXPECT_FALSE(is_valid_iso_week(189952));
  EXPECT_THROW(iso_week_index(201253), InputError);
}

TEST(IsoWeek, IndexIsContinuousAcrossYearEnds) {
  EXPECT_EQ(iso_week_index(197001), 0);
  EXPECT_EQ(iso_week_index(201601) - iso_week_index(201553), 1);
  EXPECT_EQ(iso_week_index(201301) - iso_week_index(201252), 1);
  EXPECT_EQ(iso_week_index(202101) - iso_week_index(202053), 1);
  // 2012W27..2013W26 is 52 weeks
  EXPECT_EQ(iso_week_index(201326) - iso_week_index(201227) + 1, 52);
  // 13 weeks before 2012W27 is 2012W14
  EXPECT_EQ(iso_week_from_index(iso_week_index(201227) - 13), 201214);
  for (int w = iso_week_index(190001); w < iso_week_index(239940); w += 7) {
    ASSERT_EQ(iso_week_index(iso_week_from_index(w)), w);
  }
  EXPECT_EQ(format_iso_week(201527), "2015W27");
}

TEST(IsoWeek, EpochIsTheMondayOfWeekOneOf1970) {
  // index 0 is 1970W01, whose Monday is 1969-12-29 (day -3 from 1970-01-01)
  EXPECT_EQ(iso_week_index(197001), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 29), -3);
  EXPECT_EQ(iso_week_index(196901), -52);
}
