#include "jobbench/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

/// A CSV file read into memory: header names and data rows of fields.
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Position of a column by header name; throws if required and absent, else returns npos.
  std::size_t column(const std::string& name, bool required = true) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
    if (required) throw InputError(path + ": missing column '" + name + "' in the header");
    return std::string::npos;
  }
};

/// Splits one record into fields (RFC 4180: fields may be "quoted", "" is a literal quote).
/// Quoted fields spanning lines are not supported; none of the benchmark tables need them.
std::vector<std::string> split_record(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

CsvTable read_csv(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path);
  CsvTable table{path, {}, {}};
  std::string line;
  bool header_read = false;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!header_read && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split_record(line);
    for (auto& field : fields) field = trim(field);
    if (!header_read) {
      table.header = std::move(fields);
      header_read = true;
    } else {
      fields.resize(std::max(fields.size(), table.header.size()));
      table.rows.push_back(std::move(fields));
    }
  }
  if (!header_read) throw InputError(path + ": empty file, expected a header row");
  return table;
}

/// Parses a number field; an empty field gives `if_empty`.
double parse_number(const CsvTable& table, std::size_t row, std::size_t column, double if_empty) {
  const std::string& text = table.rows[row][column];
  if (text.empty()) return if_empty;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE) {
    throw InputError(table.path + " row " + std::to_string(row) + ": cannot read '" + text +
                     "' in column '" + table.header[column] + "' as a number");
  }
  return value;
}

BenchmarkData load(const BenchmarkSpec& spec, const std::vector<std::string>* municipalities,
                   const std::string& fte_csv, const std::string& person_years_csv,
                   const std::string& population_csv) {
  const CsvTable fte = read_csv(fte_csv);
  const CsvTable person_years = read_csv(person_years_csv);
  CsvTable population;
  if (!population_csv.empty()) population = read_csv(population_csv);

  std::vector<std::string> names;
  if (municipalities != nullptr) {
    names = *municipalities;
  } else {
    std::unordered_set<std::string> seen;
    auto collect = [&](const CsvTable& table) {
      if (table.header.empty()) return;
      const std::size_t column = table.column("municipality");
      for (const auto& row : table.rows) {
        if (seen.insert(row[column]).second) names.push_back(row[column]);
      }
    };
    collect(fte);
    collect(person_years);
    collect(population);
  }

  BenchmarkData data(spec, std::move(names));
  {
    const std::size_t municipality = fte.column("municipality");
    const std::size_t task = fte.column("task");
    const std::size_t value = fte.column("fte");
    const std::size_t external = fte.column("fte_external", /*required=*/false);
    for (std::size_t r = 0; r < fte.rows.size(); ++r) {
      const double fte_external =
          external == std::string::npos ? 0.0 : parse_number(fte, r, external, 0.0);
      data.add_fte(fte.rows[r][municipality], fte.rows[r][task],
                   parse_number(fte, r, value, std::numeric_limits<double>::quiet_NaN()),
                   fte_external);
    }
  }
  {
    const std::size_t municipality = person_years.column("municipality");
    const std::size_t group = person_years.column("group");
    const std::size_t value = person_years.column("person_years");
    for (std::size_t r = 0; r < person_years.rows.size(); ++r) {
      data.add_person_years(
          person_years.rows[r][municipality], person_years.rows[r][group],
          parse_number(person_years, r, value, std::numeric_limits<double>::quiet_NaN()));
    }
  }
  if (!population.header.empty()) {
    const std::size_t municipality = population.column("municipality");
    const std::size_t value = population.column("population");
    for (std::size_t r = 0; r < population.rows.size(); ++r) {
      data.set_population(
          population.rows[r][municipality],
          parse_number(population, r, value, std::numeric_limits<double>::quiet_NaN()));
    }
  }
  return data;
}

}  // namespace

BenchmarkData load_benchmark_csv(const BenchmarkSpec& spec, const std::string& fte_csv,
                                 const std::string& person_years_csv,
                                 const std::string& population_csv) {
  return load(spec, nullptr, fte_csv, person_years_csv, population_csv);
}

BenchmarkData load_benchmark_csv_for(const BenchmarkSpec& spec,
                                     const std::vector<std::string>& municipalities,
                                     const std::string& fte_csv,
                                     const std::string& person_years_csv,
                                     const std::string& population_csv) {
  return load(spec, &municipalities, fte_csv, person_years_csv, population_csv);
}

}  // namespace jobbench
