// Measurement periods of the register indicators: quarters and years of ISO weeks, their labels
// ("2021Q3", "2021", "202127-202226") and the parsing of labels, lists and ranges.
//
// The quarter (and year) of an ISO week is that of its Thursday: 2020W53 (Thursday 2020-12-31)
// belongs to 2020Q4, 2021W01 (Thursday 2021-01-07) to 2021Q1. A quarter is therefore 12 to 14
// whole weeks (2021Q1 is 202101-202112), and the four quarters of a year are exactly the weeks
// 01-52/53 of its ISO year.
#pragma once

#include <string>
#include <vector>

#include "jobbench/register/spec.hpp"

namespace jobbench {

/// The ISO weeks whose Thursday falls in calendar quarter `quarter` (1-4) of `year`.
/// Throws InputError for a quarter outside 1-4 or a year outside kFirstIsoYear-kLastIsoYear.
MeasurementPeriod quarter_period(int year, int quarter);

/// Weeks 01 to 52 (or 53) of ISO year `year`. Throws InputError for a year out of range.
MeasurementPeriod year_period(int year);

/// Every quarter from (first_year, first_quarter) to (last_year, last_quarter), both included, in
/// order. Throws InputError for a bad quarter or year, or when the first comes after the last.
std::vector<MeasurementPeriod> quarter_periods(int first_year, int first_quarter, int last_year,
                                               int last_quarter);

/// Every ISO year from first_year to last_year, both included, in order.
std::vector<MeasurementPeriod> year_periods(int first_year, int last_year);

/// "YYYYQn" when `period` is exactly a quarter, "YYYY" when it is exactly an ISO year, otherwise
/// "FIRST-LAST" as YYYYWW-YYYYWW (e.g. "202127-202226"). Throws InputError when a week is not a
/// valid ISO week or first comes after last.
std::string period_label(const MeasurementPeriod& period);

/// One period from its label: "2021Q3" (or "2021q3"), "2021" or "202127-202226" (surrounding
/// spaces are ignored). Throws InputError with a one-line message naming the text, the broken
/// rule and the accepted forms.
MeasurementPeriod parse_period(const std::string& text);

/// A comma-separated list of labels and ranges: "2019Q1:2021Q4" is every quarter from 2019Q1 to
/// 2021Q4, "2019:2021" every year from 2019 to 2021 (e.g. "2019Q1:2019Q4,2021"). The periods come
/// in the order written; a period listed twice is an error, as is anything parse_period refuses.
std::vector<MeasurementPeriod> parse_periods(const std::string& text);

}  // namespace jobbench
