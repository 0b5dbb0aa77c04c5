#include "jobbench/register/periods.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"

namespace jobbench {
namespace {

const char* const kAccepted =
    "accepted: a quarter 2021Q3, a year 2021, weeks 202127-202226, a list 2021Q3,2022, a range "
    "2019Q1:2021Q4 or 2019:2021";

[[noreturn]] void fail(const std::string& what, const std::string& text, const std::string& rule) {
  throw InputError(what + " '" + escape_text(text) + "': " + rule + "; " + kAccepted);
}

std::string year_rule() {
  return "the year must lie in " + std::to_string(kFirstIsoYear) + "-" +
         std::to_string(kLastIsoYear);
}

void check_year(int year, const std::string& what) {
  if (year < kFirstIsoYear || year > kLastIsoYear) {
    throw InputError(what + ": " + year_rule());
  }
}

void check_quarter(int year, int quarter) {
  const std::string what = "quarter " + std::to_string(year) + "Q" + std::to_string(quarter);
  if (quarter < 1 || quarter > 4) throw InputError(what + ": the quarter must be 1-4");
  check_year(year, what);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Thursday of the week with index i is day 7 * i (1970-01-01, a Thursday, lies in index 0).
std::int32_t first_thursday_index(std::int64_t day) {
  return static_cast<std::int32_t>(-floor_div(-day, 7));
}

std::int32_t last_thursday_index(std::int64_t day) {
  return static_cast<std::int32_t>(floor_div(day, 7));
}

// --- parsing -------------------------------------------------------------------------------------

enum class Kind { Quarter, Year, Weeks };

struct Parsed {
  Kind kind;
  int year = 0;
  int quarter = 0;
  MeasurementPeriod period;
};

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

int year_of(const std::string& digits, const std::string& text) {
  if (digits.size() != 4 || !all_digits(digits)) fail("period", text, "the year must be YYYY");
  const int year = std::stoi(digits);
  if (year < kFirstIsoYear || year > kLastIsoYear) fail("period", text, year_rule());
  return year;
}

std::int32_t week_of(const std::string& digits, const std::string& text) {
  if (digits.size() != 6 || !all_digits(digits)) {
    fail("period", text, "weeks must be written FIRST-LAST as YYYYWW-YYYYWW");
  }
  const std::int32_t week = std::stoi(digits);
  if (!is_valid_iso_week(week)) {
    const int year = week / 100;
    std::string rule = "week " + digits + " is not an ISO week";
    if (year >= kFirstIsoYear && year <= kLastIsoYear) {
      rule += " (" + std::to_string(year) + " has " + std::to_string(iso_weeks_in_year(year)) +
              " weeks)";
    } else {
      rule += " (" + year_rule() + ")";
    }
    fail("period", text, rule);
  }
  return week;
}

Parsed parse_weeks(const std::string& label, std::size_t dash) {
  const std::int32_t first = week_of(label.substr(0, dash), label);
  const std::int32_t last = week_of(label.substr(dash + 1), label);
  if (first > last) fail("period", label, "the first week comes after the last");
  return {Kind::Weeks, 0, 0, {first, last}};
}

Parsed parse_quarter(const std::string& label, std::size_t q) {
  const int year = year_of(label.substr(0, q), label);
  const std::string digits = label.substr(q + 1);
  if (!all_digits(digits) || digits.size() > 2 || std::stoi(digits) < 1 || std::stoi(digits) > 4) {
    fail("period", label, "the quarter must be 1-4");
  }
  const int quarter = std::stoi(digits);
  return {Kind::Quarter, year, quarter, quarter_period(year, quarter)};
}

Parsed parse_one(const std::string& text) {
  const std::string label = trim(text);
  if (label.empty()) fail("period", text, "empty");
  const std::size_t dash = label.find('-');
  if (dash != std::string::npos) return parse_weeks(label, dash);
  const std::size_t q = label.find_first_of("Qq");
  if (q != std::string::npos) return parse_quarter(label, q);
  if (!all_digits(label)) fail("period", label, "not a period label");
  const int year = year_of(label, label);
  return {Kind::Year, year, 0, year_period(year)};
}

std::vector<MeasurementPeriod> parse_range(const std::string& item) {
  const std::size_t colon = item.find(':');
  if (item.find(':', colon + 1) != std::string::npos) {
    fail("period range", item, "a range has one ':' between its first and last period");
  }
  const Parsed from = parse_one(item.substr(0, colon));
  const Parsed to = parse_one(item.substr(colon + 1));
  if (from.kind != to.kind || from.kind == Kind::Weeks) {
    fail("period range", item,
         "a range joins two quarters (2019Q1:2021Q4) or two years (2019:2021)");
  }
  if (from.period.first > to.period.first) {
    fail("period range", item, "the first period comes after the last");
  }
  if (from.kind == Kind::Year) return year_periods(from.year, to.year);
  return quarter_periods(from.year, from.quarter, to.year, to.quarter);
}

bool same(const MeasurementPeriod& a, const MeasurementPeriod& b) {
  return a.first == b.first && a.last == b.last;
}

void append_unique(std::vector<MeasurementPeriod>& out, const MeasurementPeriod& p,
                   const std::string& text) {
  for (const auto& seen : out) {
    if (same(seen, p)) fail("period list", text, period_label(p) + " is listed twice");
  }
  out.push_back(p);
}

}  // namespace

MeasurementPeriod quarter_period(int year, int quarter) {
  check_quarter(year, quarter);
  const auto month = static_cast<unsigned>(3 * (quarter - 1) + 1);
  const std::int64_t start = days_from_civil(year, month, 1);
  const std::int64_t end =
      quarter == 4 ? days_from_civil(year + 1, 1, 1) - 1 : days_from_civil(year, month + 3, 1) - 1;
  return {iso_week_from_index(first_thursday_index(start)),
          iso_week_from_index(last_thursday_index(end))};
}

MeasurementPeriod year_period(int year) {
  check_year(year, "year " + std::to_string(year));
  return {year * 100 + 1, year * 100 + iso_weeks_in_year(year)};
}

std::vector<MeasurementPeriod> quarter_periods(int first_year, int first_quarter, int last_year,
                                               int last_quarter) {
  check_quarter(first_year, first_quarter);
  check_quarter(last_year, last_quarter);
  const int from = first_year * 4 + first_quarter - 1;
  const int to = last_year * 4 + last_quarter - 1;
  if (from > to) {
    throw InputError("quarters " + std::to_string(first_year) + "Q" +
                     std::to_string(first_quarter) + " to " + std::to_string(last_year) + "Q" +
                     std::to_string(last_quarter) + ": the first quarter comes after the last");
  }
  std::vector<MeasurementPeriod> out;
  out.reserve(static_cast<std::size_t>(to - from + 1));
  for (int k = from; k <= to; ++k) out.push_back(quarter_period(k / 4, k % 4 + 1));
  return out;
}

std::vector<MeasurementPeriod> year_periods(int first_year, int last_year) {
  check_year(first_year, "year " + std::to_string(first_year));
  check_year(last_year, "year " + std::to_string(last_year));
  if (first_year > last_year) {
    throw InputError("years " + std::to_string(first_year) + " to " + std::to_string(last_year) +
                     ": the first year comes after the last");
  }
  std::vector<MeasurementPeriod> out;
  for (int year = first_year; year <= last_year; ++year) out.push_back(year_period(year));
  return out;
}

std::string period_label(const MeasurementPeriod& period) {
  const std::string weeks = std::to_string(period.first) + "-" + std::to_string(period.last);
  if (!is_valid_iso_week(period.first) || !is_valid_iso_week(period.last)) {
    throw InputError("period " + weeks + ": weeks must be valid ISO weeks YYYYWW");
  }
  if (period.first > period.last) {
    throw InputError("period " + weeks + ": the first week comes after the last");
  }
  const int year = period.first / 100;
  if (same(period, year_period(year))) return std::to_string(year);
  for (int quarter = 1; quarter <= 4; ++quarter) {
    if (same(period, quarter_period(year, quarter))) {
      return std::to_string(year) + "Q" + std::to_string(quarter);
    }
  }
  return weeks;
}

MeasurementPeriod parse_period(const std::string& text) {
  if (text.find_first_of(",:") != std::string::npos) {
    fail("period", text, "one period expected, not a list or range");
  }
  return parse_one(text).period;
}

std::vector<MeasurementPeriod> parse_periods(const std::string& text) {
  if (trim(text).empty()) fail("period list", text, "empty");
  std::vector<MeasurementPeriod> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string item = trim(text.substr(start, comma - start));
    if (item.empty()) fail("period list", text, "an empty item between commas");
    if (item.find(':') != std::string::npos) {
      for (const auto& p : parse_range(item)) append_unique(out, p, text);
    } else {
      append_unique(out, parse_one(item).period, text);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace jobbench
