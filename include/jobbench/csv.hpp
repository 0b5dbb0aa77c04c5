// Reading CSV files as users have them, and loading benchmark input from them (formats in
// docs/design.md, section 4).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "jobbench/productivity/data.hpp"
#include "jobbench/productivity/spec.hpp"

namespace jobbench {

/// Files larger than this are refused before they are read (a benchmark table has some thousand
/// rows; a file this large is the wrong file).
constexpr std::size_t kMaxCsvBytes = std::size_t{256} << 20;  // 256 MiB

/// How to read a CSV file; empty fields mean "detect".
struct CsvOptions {
  /// Field separator: ",", ";" or "\t" (also "tab"). Detected from the header line: the one of
  /// , ; tab that occurs most often outside quotes (',' if none does).
  std::string separator;
  /// Decimal mark of number columns: "." or ",". Detected: "," when the separator is ';' (Danish
  /// Excel), else ".". With ',' a '.' groups thousands (1.234,5 = 1234.5); a number written only
  /// with '.'-groups (1.234) is refused as ambiguous unless the decimal mark is given.
  std::string decimal;
  /// "utf-8", "utf-8-sig", "cp1252" (= "windows-1252") or "latin-1". Detected: a UTF-8 BOM or
  /// valid UTF-8 is UTF-8, anything else cp1252 (what Danish Excel on Windows writes).
  std::string encoding;
  std::size_t max_bytes = kMaxCsvBytes;
};

/// A CSV file read into memory: every field decoded to UTF-8 and trimmed of spaces.
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  ///< Each has header.size() fields.
  std::vector<std::size_t> lines;              ///< Editor line (1-based, header = 1) of each row.
  std::size_t header_line = 1;                 ///< Line of the header (blank lines may precede).
  char separator = ',';
  char decimal = '.';
  bool decimal_given = false;  ///< The decimal mark was given, not detected.
  std::string encoding;        ///< The encoding used: "utf-8", "utf-8-sig", "cp1252", "latin-1".

  /// Position of a column by header name; throws InputError naming the file (with a hint if the
  /// header looks like another separator) if required and absent, else returns npos.
  std::size_t column(const std::string& name, bool required = true) const;
  /// The number in a field; an empty field gives `if_empty`. Throws InputError naming the file,
  /// line and column for text that is not a number with this table's decimal mark.
  double number(std::size_t row, std::size_t column, double if_empty) const;
  /// "<path> line <n>" of a row.
  std::string where(std::size_t row) const;
};

/// Reads a CSV file: detects (or takes from `options`) encoding, separator and decimal mark,
/// skips blank lines, supports "quoted" fields (also over several lines). Throws InputError with a
/// one-line message naming the file, the line and the column, with a hint, for a missing or
/// unreadable file, one above options.max_bytes, an empty file, bytes of no encoding, NUL bytes,
/// an unterminated quote, duplicate header names and rows with more or fewer fields than the
/// header.
CsvTable read_csv(const std::string& path, const CsvOptions& options = {});

/// Reads fte.csv (`municipality,task,fte[,fte_external]`), person_years.csv
/// (`municipality,group,person_years`) and, unless `population_csv` is empty, population.csv
/// (`municipality,population`) with read_csv. Columns are found by header name. Municipalities are
/// those of fte.csv in order of first appearance; rows of other municipalities are errors.
/// Messages name the file and the editor line. Throws InputError for anything unreadable or
/// invalid (compute() checks the rest, see BenchmarkData::validate).
BenchmarkData load_benchmark_csv(const BenchmarkSpec& spec, const std::string& fte_csv,
                                 const std::string& person_years_csv,
                                 const std::string& population_csv = "",
                                 const CsvOptions& options = {});

/// As above with an explicit municipality list (rows of other municipalities are errors).
BenchmarkData load_benchmark_csv_for(const BenchmarkSpec& spec,
                                     const std::vector<std::string>& municipalities,
                                     const std::string& fte_csv,
                                     const std::string& person_years_csv,
                                     const std::string& population_csv = "",
                                     const CsvOptions& options = {});

}  // namespace jobbench
