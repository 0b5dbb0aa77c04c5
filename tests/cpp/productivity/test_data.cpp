#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace jobbench::test {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

class InputErrors : public ::testing::Test {
 protected:
  BenchmarkData data{fixture_spec(), {"Varde", "Esbjerg"}};
};

TEST_F(InputErrors, NegativeFte) {
  data.add_fte("Varde", "a.team", 1.0);
  expect_error<InputError>(
      [&] { data.add_fte("Varde", "a.sag", -1.5); },
      {"fte row 1 (Varde, a.sag): negative FTE -1.5 in column 'fte'; FTE must be finite and >= 0"});
}

TEST_F(InputErrors, NonFiniteFte) {
  expect_error<InputError>([&] { data.add_fte("Varde", "a.sag", kNaN); },
                           {"fte row 0 (Varde, a.sag)", "missing value (NaN) in column 'fte'"});
  expect_error<InputError>([&] { data.add_fte("Varde", "a.sag", kInf); },
                           {"fte row 0 (Varde, a.sag)", "non-finite FTE inf"});
}

TEST_F(InputErrors, ExternalFte) {
  expect_error<InputError>([&] { data.add_fte("Varde", "a.sag", 1.0, 2.0); },
                           {"fte row 0 (Varde, a.sag)", "fte_external 2 exceeds FTE 1"});
  expect_error<InputError>([&] { data.add_fte("Varde", "a.sag", 1.0, -0.5); },
                           {"fte row 0 (Varde, a.sag)", "fte_external"});
}

TEST_F(InputErrors, UnknownMunicipalityAndTask) {
  data.add_fte("Varde", "a.team", 1.0);
  expect_error<InputError>([&] { data.add_fte("Ribe", "a.sag", 1.0); },
                           {"fte row 1 (Ribe, a.sag)", "unknown municipality 'Ribe'"});
  expect_error<InputError>([&] { data.add_fte("Varde", "a.nope", 1.0); },
                           {"fte row 1 (Varde, a.nope)", "unknown task 'a.nope'"});
  expect_error<InputError>([&] { data.add_person_years("Varde", "zz", 1.0); },
                           {"person_years row 0 (Varde, zz)", "unknown target group 'zz'"});
  expect_error<InputError>([&] { data.set_population("Ribe", 100.0); },
                           {"population row 0 (Ribe)", "unknown municipality"});
}

TEST_F(InputErrors, DuplicateRows) {
  data.add_fte("Varde", "a.sag", 1.0);
  data.add_fte("Esbjerg", "a.sag", 1.0);
  expect_error<InputError>([&] { data.add_fte("Varde", "a.sag", 2.0); },
                           {"fte row 2 (Varde, a.sag)", "duplicate row", "fte row 0"});
  data.add_person_years("Varde", "k", 10.0);
  expect_error<InputError>(
      [&] { data.add_person_years("Varde", "k", 10.0); },
      {"person_years row 1 (Varde, k)", "duplicate row", "person_years row 0"});
  data.set_population("Varde", 1000.0);
  expect_error<InputError>([&] { data.set_population("Varde", 1000.0); },
                           {"population row 1 (Varde)", "duplicate row"});
}

TEST_F(InputErrors, PersonYears) {
  expect_error<InputError>([&] { data.add_person_years("Varde", "a_o30", -2.0); },
                           {"person_years row 0 (Varde, a_o30)", "negative person-years -2"});
  expect_error<InputError>([&] { data.add_person_years("Varde", "a_o30", kNaN); },
                           {"person_years row 0 (Varde, a_o30)", "missing value (NaN)"});
  expect_error<InputError>(
      [&] { data.add_person_years("Varde", "a", 5.0); },
      {"person_years row 0 (Varde, a)", "composite group 'a'", "a_o30, a_u30"});
}

TEST_F(InputErrors, Population) {
  expect_error<InputError>([&] { data.set_population("Varde", 0.0); },
                           {"population row 0 (Varde)", "finite and > 0"});
  expect_error<InputError>([&] { data.set_population("Varde", kNaN); },
                           {"population row 0 (Varde)", "finite and > 0"});
}

TEST_F(InputErrors, MunicipalityList) {
  expect_error<InputError>(
      [] {
        BenchmarkData(fixture_spec(), {"Varde", "Varde"});
      },
      {"municipalities row 1 (Varde)", "duplicate municipality"});
}

TEST_F(InputErrors, SubTaskFteExceedsParent) {
  add_person_years(data, "Varde", 100, 100, 100);
  add_person_years(data, "Esbjerg", 100, 100, 100);
  data.add_fte("Varde", "a.sag.o30", 2.0);
  data.add_fte("Varde", "a.sag.u30", 1.5);
  data.add_fte("Varde", "a.sag", 3.0);
  expect_error<InputError>([&] { compute(data); },
                           {"fte row 2 (Varde, a.sag)", "sub-task FTE exceeds parent",
                            "a.sag.o30 2", "a.sag.u30 1.5", "3.5 > task FTE 3"});
}

TEST_F(InputErrors, SubTaskRoundingIsTolerated) {
  add_person_years(data, "Varde", 100, 100, 100);
  add_person_years(data, "Esbjerg", 100, 100, 100);
  data.add_fte("Varde", "a.sag.o30", 0.1);
  data.add_fte("Varde", "a.sag.u30", 0.2);
  data.add_fte("Varde", "a.sag", 0.3);  // 0.1 + 0.2 > 0.3 in binary floating point
  data.add_fte("Esbjerg", "a.sag", 0.3);
  EXPECT_NO_THROW(compute(data));
}

TEST_F(InputErrors, ZeroPersonYearsUnderFte) {
  add_person_years(data, "Varde", 100, 0, 100);
  add_person_years(data, "Esbjerg", 100, 100, 100);
  data.add_fte("Varde", "a.sag.u30", 0.5);
  expect_error<InputError>(
      [&] { compute(data); },
      {"fte row 0 (Varde, a.sag.u30)", "zero person-years", "divisor group 'a_u30'", "FTE 0.5"});
}

TEST_F(InputErrors, ZeroPersonYearsForDerivedTask) {
  // No person-years at all for Esbjerg; its FTE reaches "total" through the roll-up.
  add_person_years(data, "Varde", 100, 100, 100);
  data.add_fte("Esbjerg", "k.sag", 2.0);
  expect_error<InputError>([&] { compute(data); }, {"(Esbjerg, total)", "divisor group 'all'"});
}

TEST_F(InputErrors, ZeroFteOverZeroPersonYearsIsFine) {
  add_person_years(data, "Varde", 100, 100, 100);
  data.add_fte("Varde", "k.sag", 2.0);
  data.add_fte("Esbjerg", "k.sag", 0.0);
  const BenchmarkResult result = compute(data);
  EXPECT_EQ(result.productivity(0, 1), 0.0);  // Esbjerg: nothing over nothing
}

// --- Columnar input ---

TEST(Columns, MatchRowWiseInput) {
  const std::vector<std::string> municipalities = {"Esbjerg", "Varde"};
  const std::vector<std::string> tasks = {"k.sag", "a.team"};
  const std::vector<std::int32_t> municipality_codes = {1, 0, 1};
  const std::vector<std::int32_t> task_codes = {0, 0, 1};
  const std::vector<double> fte = {2.0, 3.0, 1.0};
  const std::vector<double> external = {0.5, 0.0, 0.0};

  BenchmarkData columns(fixture_spec(), {"Varde", "Esbjerg"});
  columns.add_fte_columns(municipalities, municipality_codes.data(), tasks, task_codes.data(),
                          fte.data(), external.data(), fte.size());
  const std::vector<std::string> groups = {"a_o30", "a_u30", "k"};
  const std::vector<std::int32_t> py_municipalities = {0, 0, 0, 1, 1, 1};
  const std::vector<std::int32_t> py_groups = {0, 1, 2, 0, 1, 2};
  const std::vector<double> py = {10, 20, 30, 40, 50, 60};
  columns.add_person_years_columns(municipalities, py_municipalities.data(), groups,
                                   py_groups.data(), py.data(), py.size());
  const std::vector<std::int32_t> pop_codes = {1, 0};
  const std::vector<double> population = {29000, 72000};
  columns.set_population_columns(municipalities, pop_codes.data(), population.data(), 2);

  BenchmarkData rows(fixture_spec(), {"Varde", "Esbjerg"});
  rows.add_fte("Varde", "k.sag", 2.0, 0.5);
  rows.add_fte("Esbjerg", "k.sag", 3.0);
  rows.add_fte("Varde", "a.team", 1.0);
  add_person_years(rows, "Esbjerg", 10, 20, 30);
  add_person_years(rows, "Varde", 40, 50, 60);
  rows.set_population("Varde", 29000);
  rows.set_population("Esbjerg", 72000);

  EXPECT_EQ(columns.given_fte(), rows.given_fte());
  EXPECT_EQ(columns.given_fte_external(), rows.given_fte_external());
  EXPECT_EQ(columns.given_person_years(), rows.given_person_years());
  EXPECT_EQ(columns.population(), rows.population());
  EXPECT_EQ(columns.fte_row_count(), 3u);
  EXPECT_EQ(compute(columns).productivity, compute(rows).productivity);
}

TEST(Columns, ErrorsNameTheRowAndLeaveDataUnchanged) {
  BenchmarkData data(fixture_spec(), {"Varde", "Esbjerg"});
  const std::vector<std::string> municipalities = {"Varde", "Ribe", "Esbjerg"};
  const std::vector<std::string> tasks = {"k.sag"};
  const std::vector<double> fte = {1.0, 1.0, 1.0};

  // The unknown category "Ribe" is only an error where a row uses it (row 2).
  const std::vector<std::int32_t> codes = {0, 2, 1};
  const std::vector<std::int32_t> task_codes = {0, 0, 0};
  expect_error<InputError>(
      [&] {
        data.add_fte_columns(municipalities, codes.data(), tasks, task_codes.data(), fte.data(),
                             nullptr, 3);
      },
      {"fte row 2 (Ribe, k.sag)", "unknown municipality 'Ribe'"});
  EXPECT_EQ(data.fte_row_count(), 0u);
  EXPECT_FALSE(data.has_fte_row(*data.index().find_task("k.sag"), 0));
  EXPECT_EQ(data.given_fte().sum(), 0.0);

  // A missing value (pandas code -1).
  const std::vector<std::int32_t> missing = {0, -1, 2};
  expect_error<InputError>(
      [&] {
        data.add_fte_columns(municipalities, missing.data(), tasks, task_codes.data(), fte.data(),
                             nullptr, 3);
      },
      {"fte row 1", "invalid municipality code -1"});

  // Duplicates inside one call.
  const std::vector<std::int32_t> twice = {0, 0, 2};
  expect_error<InputError>(
      [&] {
        data.add_fte_columns(municipalities, twice.data(), tasks, task_codes.data(), fte.data(),
                             nullptr, 3);
      },
      {"fte row 1 (Varde, k.sag)", "duplicate row", "fte row 0"});
  EXPECT_EQ(data.fte_row_count(), 0u);

  const std::vector<double> negative = {1.0, 2.0, -1.0};
  const std::vector<std::string> groups = {"k"};
  const std::vector<std::int32_t> ok = {0, 2, 2};
  const std::vector<std::int32_t> group_codes = {0, 0, 0};
  expect_error<InputError>(
      [&] {
        data.add_person_years_columns(municipalities, ok.data(), groups, group_codes.data(),
                                      negative.data(), 3);
      },
      {"person_years row 2 (Esbjerg, k)", "negative person-years -1"});
  expect_error<InputError>(
      [&] { data.set_population_columns(municipalities, codes.data(), fte.data(), 3); },
      {"population row 2 (Ribe)"});
  EXPECT_TRUE(std::isnan(data.population()(0)));
}

}  // namespace
}  // namespace jobbench::test

namespace jobbench::test {
namespace {

// --- Checks that need every table (BenchmarkData::validate, run by compute) ---

TEST(Validate, MunicipalityWithoutFteRows) {
  BenchmarkData data(fixture_spec(), {"Varde", "Ribe", "Esbjerg"});
  data.add_fte("Varde", "k.sag", 1);
  data.add_fte("Esbjerg", "k.sag", 1);
  add_person_years(data, "Varde", 100, 100, 100);
  add_person_years(data, "Esbjerg", 100, 100, 100);
  add_person_years(data, "Ribe", 100, 100, 100);
  expect_error<InputError>([&] { compute(data); },
                           {"person_years row 6 (Ribe): municipality 'Ribe' has no FTE row in fte",
                            "productivity 0"});
  BenchmarkData listed(fixture_spec(), {"Varde", "Ribe"});
  listed.add_fte("Varde", "k.sag", 1);
  add_person_years(listed, "Varde", 100, 100, 100);
  expect_error<InputError>([&] { compute(listed); },
                           {"municipalities row 1 (Ribe): municipality 'Ribe' has no FTE row"});
}

TEST(Validate, EmptyTables) {
  BenchmarkData no_fte(fixture_spec(), {"Varde"});
  add_person_years(no_fte, "Varde", 100, 100, 100);
  expect_error<InputError>([&] { compute(no_fte); }, {"fte: no FTE rows"});
  BenchmarkData no_person_years(fixture_spec(), {"Varde"});
  no_person_years.add_fte("Varde", "k.sag", 0.0);
  expect_error<InputError>([&] { compute(no_person_years); },
                           {"person_years: no person-years rows"});
  // No municipalities because fte had none: say so, not "unknown municipality".
  BenchmarkData none(fixture_spec(), {});
  none.set_source(InputTable::Fte, "fte.csv", {});
  expect_error<InputError>([&] { none.add_person_years("Varde", "k", 1.0); },
                           {"fte.csv: no FTE rows"});
}

TEST(Validate, SourcesGiveFileLines) {
  BenchmarkData data(fixture_spec(), {"Varde"});
  data.set_source(InputTable::Fte, "my fte.csv", {2, 4});
  data.add_fte("Varde", "k.sag", 1);
  expect_error<InputError>([&] { data.add_fte("Varde", "k.sag", 2); },
                           {"my fte.csv line 4 (Varde, k.sag): duplicate row",
                            "already given in my fte.csv line 2"});
  EXPECT_EQ(data.where(InputTable::Fte, 7), "my fte.csv row 7");  // beyond the file's rows
  EXPECT_EQ(data.where(InputTable::Population, 0), "population row 0");
}

// Regression: a NUL in a name cut the message short when it went through Python.
TEST(Validate, UserTextIsEscapedInMessages) {
  BenchmarkData data(fixture_spec(), {"Varde"});
  try {
    data.add_fte(std::string("Ri\0be", 5), "k\n", 1);
    ADD_FAILURE() << "expected an exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "fte row 0 (Ri\\x00be, k\\n): unknown municipality 'Ri\\x00be' (the municipalities "
              "compared are those of fte, or the list given): add its FTE rows or remove this row");
  }
  expect_error<InputError>([&] { data.add_fte("Varde", "k\x7f\xff", 1); },
                           {"unknown task 'k\\x7F\\xFF'"});
  expect_error<InputError>([&] { data.add_fte("", "k", 1); }, {"missing municipality"});
  expect_error<InputError>([&] { data.add_fte("Varde", "", 1); }, {"missing task"});
}

}  // namespace
}  // namespace jobbench::test
