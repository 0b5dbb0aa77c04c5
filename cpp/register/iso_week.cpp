#include "jobbench/register/iso_week.hpp"

#include <cstdio>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

// Days since 1970-01-01 of the Monday of ISO week 1 of `year` (the week holding 4 January).
std::int64_t monday_of_week_one(int year) {
  const std::int64_t jan4 = days_from_civil(year, 1, 4);
  // 1970-01-01 was a Thursday: weekday (Monday = 0) = (days + 3) mod 7.
  const std::int64_t weekday = ((jan4 + 3) % 7 + 7) % 7;
  return jan4 - weekday;
}

// Index 0 = the Monday of 1970W01 (1969-12-29).
const std::int64_t kEpochMonday = monday_of_week_one(1970);

std::int32_t first_index_of_year(int year) {
  return static_cast<std::int32_t>((monday_of_week_one(year) - kEpochMonday) / 7);
}

}  // namespace

// H. Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_long_iso_year(int year) {
  auto p = [](std::int64_t y) { return ((y + y / 4 - y / 100 + y / 400) % 7 + 7) % 7; };
  return p(year) == 4 || p(year - 1) == 3;
}

int iso_weeks_in_year(int year) { return is_long_iso_year(year) ? 53 : 52; }

bool is_valid_iso_week(std::int32_t yyyyww) {
  return IsoWeekTable::instance().index(yyyyww) != IsoWeekTable::kInvalid;
}

std::int32_t iso_week_index(std::int32_t yyyyww) {
  const std::int32_t index = IsoWeekTable::instance().index(yyyyww);
  if (index == IsoWeekTable::kInvalid) {
    throw InputError("week " + std::to_string(yyyyww) + ": not a valid ISO week YYYYWW (year " +
                     std::to_string(kFirstIsoYear) + "-" + std::to_string(kLastIsoYear) +
                     ", week 01-52, or 01-53 in long years)");
  }
  return index;
}

std::int32_t iso_week_from_index(std::int32_t index) {
  const std::int32_t first = first_index_of_year(kFirstIsoYear);
  const std::int32_t last = first_index_of_year(kLastIsoYear) + iso_weeks_in_year(kLastIsoYear) - 1;
  if (index < first || index > last) {
    throw InputError("week index " + std::to_string(index) + " lies outside ISO years " +
                     std::to_string(kFirstIsoYear) + "-" + std::to_string(kLastIsoYear));
  }
  // Estimate the year, then correct by at most one in either direction.
  int year = 1970 + static_cast<int>((static_cast<double>(index) * 7.0) / 365.2425);
  while (first_index_of_year(year) > index) --year;
  while (first_index_of_year(year + 1) <= index) ++year;
  return year * 100 + (index - first_index_of_year(year) + 1);
}

std::string format_iso_week(std::int32_t yyyyww) {
  if (!is_valid_iso_week(yyyyww)) return std::to_string(yyyyww);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%dW%02d", static_cast<int>(yyyyww / 100),
                static_cast<int>(yyyyww % 100));
  return buffer;
}

const IsoWeekTable& IsoWeekTable::instance() {
  static const IsoWeekTable table;
  return table;
}

IsoWeekTable::IsoWeekTable() {
  for (int year = kFirstIsoYear; year <= kLastIsoYear; ++year) {
    entries_[year - kFirstIsoYear] = {first_index_of_year(year), iso_weeks_in_year(year)};
  }
}

}  // namespace jobbench
