#include <cstdio>
#include <fstream>

#include "test_support.hpp"

namespace jobbench::test {
namespace {

TEST(Csv, LoadsFixtures) {
  const BenchmarkData data =
      load_benchmark_csv(fixture_spec(), fixture_path("fte.csv"), fixture_path("person_years.csv"),
                         fixture_path("population.csv"));
  EXPECT_EQ(data.municipalities(), (std::vector<std::string>{"Varde", "Esbjerg", "Billund"}));
  EXPECT_EQ(data.fte_row_count(), 17u);
  EXPECT_EQ(data.person_years_row_count(), 9u);
  EXPECT_DOUBLE_EQ(data.population()(2), 16000);  // quoted name in the file
  const BenchmarkResult result = compute(data);
  EXPECT_DOUBLE_EQ(result.productivity(0, 0), 9.0);
  EXPECT_DOUBLE_EQ(result.mean(0), 10.0);
  EXPECT_DOUBLE_EQ(result.fte_external(0, 0), 1.5);
}

TEST(Csv, ExplicitMunicipalitiesAndNoPopulation) {
  const BenchmarkData data =
      load_benchmark_csv_for(fixture_spec(), {"Billund", "Esbjerg", "Varde"},
                             fixture_path("fte.csv"), fixture_path("person_years.csv"));
  EXPECT_EQ(data.municipalities().front(), "Billund");
  EXPECT_TRUE(data.population().array().isNaN().all());
  expect_error<InputError>(
      [] {
        load_benchmark_csv_for(fixture_spec(), {"Varde"}, fixture_path("fte.csv"),
                               fixture_path("person_years.csv"));
      },
      {"fte row 6 (Esbjerg, a.sag.o30)", "unknown municipality 'Esbjerg'"});
}

class CsvFiles : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "jobbench_" + name;
    std::ofstream(path, std::ios::binary) << text;
    written_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& path : written_) std::remove(path.c_str());
  }

 private:
  std::vector<std::string> written_;
};

TEST_F(CsvFiles, BadValuesNameFileRowAndColumn) {
  const std::string py = write("py.csv", "municipality,group,person_years\nVarde,k,10\n");
  const std::string fte =
      write("fte.csv", "task,municipality,fte\r\nk.sag,Varde,1\r\nk.team,Varde,x\r\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), fte, py); },
                           {"row 1", "cannot read 'x'", "column 'fte'"});
  const std::string negative = write("neg.csv", "municipality,task,fte\nVarde,k.sag,-3\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), negative, py); },
                           {"fte row 0 (Varde, k.sag): negative FTE -3"});
  const std::string no_column = write("nocol.csv", "municipality,fte\nVarde,1\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), no_column, py); },
                           {"missing column 'task'"});
  EXPECT_THROW(load_benchmark_csv(fixture_spec(), "/nonexistent.csv", py), std::runtime_error);
}

}  // namespace
}  // namespace jobbench::test
