// ISO 8601 week arithmetic: weeks written YYYYWW, a continuous week index, 52- and 53-week years.
#pragma once

#include <cstdint>
#include <string>

namespace jobbench {

/// First and last ISO year that the week functions accept.
inline constexpr int kFirstIsoYear = 1900;
inline constexpr int kLastIsoYear = 2399;

/// True when ISO year `year` has 53 weeks (it starts on a Thursday, or is a leap year starting on
/// a Wednesday), e.g. 2015, 2020, 2026.
bool is_long_iso_year(int year);

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (negative before 1970).
/// Thursday of the week with index i (see iso_week_index) is day 7 * i.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

/// Number of ISO weeks of `year`: 52 or 53.
int iso_weeks_in_year(int year);

/// True when `yyyyww` is year * 100 + week with kFirstIsoYear <= year <= kLastIsoYear and
/// 1 <= week <= iso_weeks_in_year(year).
bool is_valid_iso_week(std::int32_t yyyyww);

/// Continuous index of an ISO week: 1970W01 has index 0 and consecutive weeks differ by 1 across
/// year ends (2015W53 + 1 = 2016W01). Throws InputError for an invalid week.
std::int32_t iso_week_index(std::int32_t yyyyww);

/// Inverse of iso_week_index. Throws InputError when the index lies outside the supported years.
std::int32_t iso_week_from_index(std::int32_t index);

/// "2012W27" for 201227 (the number as given when it is not a valid week).
std::string format_iso_week(std::int32_t yyyyww);

/// Fast index lookup for hot loops: one table entry per supported year.
class IsoWeekTable {
 public:
  /// Sentinel returned by index() for an invalid week.
  static constexpr std::int32_t kInvalid = INT32_MIN;

  static const IsoWeekTable& instance();

  /// iso_week_index(yyyyww), or kInvalid when the week is not valid.
  std::int32_t index(std::int32_t yyyyww) const {
    const std::int32_t year = yyyyww / 100;
    const std::int32_t week = yyyyww - year * 100;
    if (year < kFirstIsoYear || year > kLastIsoYear || week < 1) return kInvalid;
    const Entry& e = entries_[static_cast<std::size_t>(year - kFirstIsoYear)];
    if (week > e.weeks) return kInvalid;
    return e.first_index + week - 1;
  }

 private:
  struct Entry {
    std::int32_t first_index;
    std::int32_t weeks;
  };
  IsoWeekTable();
  Entry entries_[kLastIsoYear - kFirstIsoYear + 1];
};

}  // namespace jobbench
