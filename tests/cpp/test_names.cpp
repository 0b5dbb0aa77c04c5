// Name lookup (find_name, closest_name, fold_case) and Danish number formatting (format_da).
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobbench/errors.hpp"
#include "jobbench/format.hpp"
#include "jobbench/names.hpp"

namespace {

using jobbench::closest_name;
using jobbench::find_name;
using jobbench::format_da;

const std::vector<std::string> kNames = {"Varde", "Sønderborg", "Lyngby-Taarbæk", "Ærø",
                                         "Aabenraa"};

std::string error_of(const std::vector<std::string>& names, const std::string& query) {
  try {
    find_name(names, query, "municipality");
  } catch (const jobbench::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Names, ExactThenCaseInsensitiveIncludingDanishLetters) {
  EXPECT_EQ(find_name(kNames, "Varde", "municipality"), 0);
  EXPECT_EQ(find_name(kNames, "varde", "municipality"), 0);
  EXPECT_EQ(find_name(kNames, "SØNDERBORG", "municipality"), 1);
  EXPECT_EQ(find_name(kNames, "lyngby-taarbæk", "municipality"), 2);
  EXPECT_EQ(find_name(kNames, "ærø", "municipality"), 3);
  EXPECT_EQ(jobbench::fold_case("ÆØÅ Varde"), "æøå varde");
}

TEST(Names, UnknownNameIsAnInputErrorWithASuggestion) {
  EXPECT_EQ(error_of(kNames, "Vrade"), "unknown municipality 'Vrade' (did you mean 'Varde'?)");
  EXPECT_EQ(error_of(kNames, "sonderborg"),
            "unknown municipality 'sonderborg' (did you mean 'Sønderborg'?)");
  EXPECT_EQ(error_of(kNames, "København"), "unknown municipality 'København'");
  EXPECT_EQ(error_of({}, "Varde"), "unknown municipality 'Varde' (there are none)");
  EXPECT_EQ(error_of(kNames, "a\nb"), "unknown municipality 'a\\nb'");  // one line
}

TEST(Names, NamesDifferingOnlyByCaseAreAmbiguousUnlessExact) {
  const std::vector<std::string> names = {"Varde", "VARDE"};
  EXPECT_EQ(find_name(names, "VARDE", "municipality"), 1);
  EXPECT_NE(error_of(names, "varde").find("is ambiguous"), std::string::npos);
}

TEST(Names, ClosestNameIsEmptyWhenNothingIsClose) {
  EXPECT_EQ(closest_name(kNames, "Aabenraaa"), "Aabenraa");
  EXPECT_EQ(closest_name(kNames, "xyz"), "");
  EXPECT_EQ(jobbench::edit_distance("tabels", "tables"), 1u);
  EXPECT_EQ(jobbench::edit_distance("Ærø", "Aerø"), 2u);  // by code point, not byte
}

TEST(FormatDa, DecimalCommaAndThousandsPoint) {
  EXPECT_EQ(format_da(24.06), "24,1");
  EXPECT_EQ(format_da(2850.0, 0), "2.850");
  EXPECT_EQ(format_da(-1234.5, 2), "-1.234,50");
  EXPECT_EQ(format_da(1234567.891, 1), "1.234.567,9");
  EXPECT_EQ(format_da(999.96, 1), "1.000,0");
  EXPECT_EQ(format_da(-0.04, 1), "0,0");
  EXPECT_EQ(format_da(12.0, 0), "12");
  EXPECT_EQ(format_da(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(format_da(std::numeric_limits<double>::quiet_NaN(), 1, "-"), "-");
  EXPECT_EQ(format_da(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_da(1e300, 0).size(), 301u + 100u);  // 301 digits, 100 thousands points
}

}  // namespace
