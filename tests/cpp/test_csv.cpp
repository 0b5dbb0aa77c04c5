#include <cstdio>
#include <fstream>

#include "test_support.hpp"

namespace jobbench::test {
namespace {

using namespace std::string_literals;

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
      {"fte.csv line 8 (Esbjerg, a.sag.o30)", "unknown municipality 'Esbjerg'"});
}

// Regression: a municipality only in person_years.csv was benchmarked with productivity 0 and
// moved the group mean from 10.0 to 7.5.
TEST(Csv, MunicipalityOnlyInPersonYearsIsAnError) {
  expect_error<InputError>(
      [] {
        compute(load_benchmark_csv(fixture_spec(), fixture_path("fte.csv"),
                                   fixture_path("person_years_extra_municipality.csv")));
      },
      {"person_years_extra_municipality.csv line 11 (Ribe, a_o30)", "unknown municipality 'Ribe'",
       "add its FTE rows"});
  // Also when the list names it: the check in compute() sees that it has no FTE row.
  expect_error<InputError>(
      [] {
        compute(load_benchmark_csv_for(fixture_spec(), {"Varde", "Esbjerg", "Billund", "Ribe"},
                                       fixture_path("fte.csv"),
                                       fixture_path("person_years_extra_municipality.csv")));
      },
      {"person_years_extra_municipality.csv line 11 (Ribe)", "has no FTE row in",
       "productivity 0"});
}

// Regression: an fte.csv with a header and no rows gave an all-zero benchmark.
TEST(Csv, FteWithoutRowsIsAnError) {
  expect_error<InputError>(
      [] {
        compute(load_benchmark_csv(fixture_spec(), fixture_path("fte_header_only.csv"),
                                   fixture_path("person_years.csv")));
      },
      {"fte_header_only.csv: no FTE rows"});
  expect_error<InputError>(
      [] {
        compute(load_benchmark_csv_for(fixture_spec(), {"Varde", "Esbjerg", "Billund"},
                                       fixture_path("fte_header_only.csv"),
                                       fixture_path("person_years.csv")));
      },
      {"fte_header_only.csv: no FTE rows"});
}

// Danish Excel on Windows: cp1252, ';' and a decimal comma, CRLF. Same figures as the fixtures.
TEST(Csv, DanishExcelFilesGiveTheSameResult) {
  const BenchmarkResult plain = compute(load_benchmark_csv(
      fixture_spec(), fixture_path("fte.csv"), fixture_path("person_years.csv"),
      fixture_path("population.csv")));
  const BenchmarkData data = load_benchmark_csv(
      fixture_spec(), fixture_path("fte_excel_da.csv"), fixture_path("person_years_excel_da.csv"),
      fixture_path("population_excel_da.csv"));
  EXPECT_EQ(data.municipalities().back(), "T\xC3\xB8nder");  // UTF-8 after decoding
  const BenchmarkResult danish = compute(data);
  EXPECT_TRUE(danish.productivity.isApprox(plain.productivity));
  EXPECT_TRUE(danish.fte_external.isApprox(plain.fte_external));
  EXPECT_DOUBLE_EQ(danish.population(2), 16000);
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
  std::string py() { return write("py.csv", "municipality,group,person_years\nVarde,k,10\n"); }

 private:
  std::vector<std::string> written_;
};

TEST_F(CsvFiles, BadValuesNameFileLineAndColumn) {
  const std::string py_csv = py();
  const std::string fte =
      write("fte.csv", "task,municipality,fte\r\nk.sag,Varde,1\r\n\r\nk.team,Varde,x\r\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), fte, py_csv); },
                           {"jobbench_fte.csv line 4, column 'fte': cannot read 'x' as a number"});
  const std::string negative = write("neg.csv", "municipality,task,fte\nVarde,k.sag,-3\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), negative, py_csv); },
                           {"jobbench_neg.csv line 2 (Varde, k.sag): negative FTE -3"});
  const std::string no_column = write("nocol.csv", "municipality,fte\nVarde,1\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), no_column, py_csv); },
                           {"jobbench_nocol.csv line 1: missing column 'task'"});
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), "/nonexistent.csv", py_csv); },
                           {"/nonexistent.csv: cannot open the file"});
}

TEST_F(CsvFiles, DetectsSeparatorDecimalAndEncoding) {
  const CsvTable semicolon =
      read_csv(write("a.csv", "\xEF\xBB\xBFname;x\r\n\"S\xC3\xB8, A\";1.234,5\r\n"));
  EXPECT_EQ(semicolon.separator, ';');
  EXPECT_EQ(semicolon.decimal, ',');
  EXPECT_EQ(semicolon.encoding, "utf-8-sig");
  EXPECT_EQ(semicolon.header[0], "name");  // BOM removed
  EXPECT_EQ(semicolon.rows[0][0], "S\xC3\xB8, A");
  EXPECT_DOUBLE_EQ(semicolon.number(0, 1, 0.0), 1234.5);

  const CsvTable tab = read_csv(write("b.csv", "name\tx\n\xC6r\xF8\t12.5\n"));
  EXPECT_EQ(tab.separator, '\t');
  EXPECT_EQ(tab.encoding, "cp1252");
  EXPECT_EQ(tab.rows[0][0], "\xC3\x86r\xC3\xB8");  // Ærø
  EXPECT_DOUBLE_EQ(tab.number(0, 1, 0.0), 12.5);

  CsvOptions options;
  options.separator = ";";
  options.decimal = ".";
  const CsvTable given = read_csv(write("c.csv", "name;x\nA;12.5\n"), options);
  EXPECT_DOUBLE_EQ(given.number(0, 1, 0.0), 12.5);
}

TEST_F(CsvFiles, NumbersWithDecimalCommaAreReadSafely) {
  const CsvTable table =
      read_csv(write("n.csv", "k;x\na;12,5\nb;1.234\nc;12.5\nd;-0,25\ne;1.234.567,0\n"));
  EXPECT_DOUBLE_EQ(table.number(0, 1, 0.0), 12.5);
  EXPECT_DOUBLE_EQ(table.number(3, 1, 0.0), -0.25);
  EXPECT_DOUBLE_EQ(table.number(4, 1, 0.0), 1234567.0);
  expect_error<InputError>([&] { table.number(1, 1, 0.0); },
                           {"line 3, column 'x': cannot read '1.234'", "ambiguous"});
  expect_error<InputError>([&] { table.number(2, 1, 0.0); },
                           {"line 4, column 'x': cannot read '12.5'", "only group thousands"});
  CsvOptions options;
  options.decimal = ",";
  const CsvTable given = read_csv(write("n.csv", "k;x\nb;1.234\n"), options);
  EXPECT_DOUBLE_EQ(given.number(0, 1, 0.0), 1234.0);
  const CsvTable point = read_csv(write("p.csv", "k,x\na,\"12,5\"\nb,1e400\n"));
  expect_error<InputError>([&] { point.number(0, 1, 0.0); }, {"--decimal ','"});
  expect_error<InputError>([&] { point.number(1, 1, 0.0); }, {"out of the range"});
}

// Excel writes very small and very large numbers of General format with an exponent: "9,3E-05".
TEST_F(CsvFiles, DecimalCommaNumbersMayHaveAnExponent) {
  const CsvTable table =
      read_csv(write("x.csv", "k;x\na;9,3E-05\nb;1,5e3\nc;-2e-1\nd;1,2E\ne;1,2e3,4\n"));
  EXPECT_DOUBLE_EQ(table.number(0, 1, 0.0), 9.3e-05);
  EXPECT_DOUBLE_EQ(table.number(1, 1, 0.0), 1500.0);
  EXPECT_DOUBLE_EQ(table.number(2, 1, 0.0), -0.2);
  expect_error<InputError>([&] { table.number(3, 1, 0.0); }, {"line 5", "cannot read '1,2E'"});
  expect_error<InputError>([&] { table.number(4, 1, 0.0); }, {"line 6"});
}

TEST_F(CsvFiles, ReadErrorsAreOneLineWithFileLineAndHint) {
  const auto error_of = [&](const std::string& text, const CsvOptions& options = {}) {
    try {
      read_csv(write("e.csv", text), options);
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_NE(message.find("jobbench_e.csv"), std::string::npos) << message;
      return message;
    }
    ADD_FAILURE() << "no error for " << text;
    return std::string();
  };
  EXPECT_THAT(error_of(""), ::testing::HasSubstr("the file is empty"));
  EXPECT_THAT(error_of("\n \n"), ::testing::HasSubstr("the file is empty"));
  EXPECT_THAT(error_of("a,b\n1,2\n\"3,4\n5,6\n"),
              ::testing::HasSubstr("line 3, field 1: unterminated quote"));
  EXPECT_THAT(error_of("a,b\n1,2\n1,2,3\n"),
              ::testing::HasSubstr("line 3: 3 fields, but the header (line 1) has 2"));
  EXPECT_THAT(error_of("a,b\n1,2,5\n"), ::testing::HasSubstr("decimal comma"));
  EXPECT_THAT(error_of("a,b\n1\n"), ::testing::HasSubstr("line 2: 1 fields"));
  EXPECT_THAT(error_of("a,a\n1,2\n"), ::testing::HasSubstr("duplicate column name"));
  EXPECT_THAT(error_of("a,b\n1,\0\n"s), ::testing::HasSubstr("line 2: NUL byte"));
  EXPECT_THAT(error_of("PK\x03\x04rest"), ::testing::HasSubstr("Excel workbook"));
  EXPECT_THAT(error_of("\xFF\xFE" "a\0,\0"s), ::testing::HasSubstr("UTF-16"));
  EXPECT_THAT(error_of("a,b\n\xC3\xB8,1\n\xF8,2\n"),
              ::testing::HasSubstr("line 3: byte 0xF8 is not UTF-8 while earlier lines are UTF-8"));
  CsvOptions utf8;
  utf8.encoding = "utf-8";
  EXPECT_THAT(error_of("a,b\nx,1\n\xC6r\xF8,2\n", utf8),
              ::testing::HasSubstr("line 3, column 'a': byte 0xC6 is not utf-8 text"));
  EXPECT_THAT(error_of("a,b\nx,1\n\x81,2\n"),
              ::testing::HasSubstr("line 3, column 'a': byte 0x81 is not cp1252 text"));
  CsvOptions bad;
  bad.encoding = "ebcdic";
  EXPECT_THAT(error_of("a\n", bad), ::testing::HasSubstr("unknown encoding 'ebcdic'"));
  CsvOptions small;
  small.max_bytes = 4;
  EXPECT_THAT(error_of("a,b\n1,2\n", small), ::testing::HasSubstr("more than the limit"));
}

TEST_F(CsvFiles, WrongSeparatorGetsAHint) {
  const std::string fte = write("fte.csv", "municipality;task;fte\nVarde;k.sag;1\n");
  CsvOptions comma;
  comma.separator = ",";
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), fte, py(), "", comma); },
                           {"missing column 'municipality'", "use --sep ';'"});
}

TEST_F(CsvFiles, QuotedFieldsBlankLinesAndExcelPadding) {
  const CsvTable table = read_csv(write(
      "q.csv", "\n a , \"b\" ,,\n\"x\"\"y\",\"two\nlines\",,\n,,,\n\nlast,2,,\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][0], "x\"y");
  EXPECT_EQ(table.rows[0][1], "two\nlines");
  EXPECT_EQ(table.lines, (std::vector<std::size_t>{3, 7}));
  EXPECT_EQ(table.header_line, 2u);
}

TEST_F(CsvFiles, ControlCharactersAreEscapedInMessages) {
  const std::string fte = write("fte.csv", "municipality,task,fte\nVarde,k\x01x,1\n");
  expect_error<InputError>([&] { load_benchmark_csv(fixture_spec(), fte, py()); },
                           {"line 2 (Varde, k\\x01x): unknown task 'k\\x01x'"});
}

}  // namespace
}  // namespace jobbench::test
