#include "jobbench/productivity/data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "common/format.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/names.hpp"

namespace jobbench {
namespace {

using detail::escape;
using detail::format_number;
using detail::located_message;
using detail::in_quotes;
using detail::row_message;

constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
constexpr const char* kFteTable = "fte";
constexpr const char* kPersonYearsTable = "person_years";
constexpr const char* kPopulationTable = "population";

Eigen::Index as_index(std::size_t i) { return static_cast<Eigen::Index>(i); }

/// Resolves categorical codes (as in pandas.Categorical) to names and to indices of some target
/// list, looking each category up once.
class CategoryLookup {
 public:
  template <typename Find>
  CategoryLookup(const std::vector<std::string>& categories, Find find)
      : categories_(categories), indices_(categories.size()) {
    for (std::size_t c = 0; c < categories.size(); ++c) indices_[c] = find(categories[c]);
  }

  bool valid(std::int32_t code) const {
    return code >= 0 && static_cast<std::size_t>(code) < categories_.size();
  }
  /// The category name, or a placeholder for an invalid code (e.g. -1 for a missing value).
  std::string name(std::int32_t code) const {
    if (valid(code)) return categories_[static_cast<std::size_t>(code)];
    return "<code " + std::to_string(code) + ">";
  }
  std::size_t index(std::int32_t code) const {
    return valid(code) ? indices_[static_cast<std::size_t>(code)] : kUnknown;
  }

 private:
  const std::vector<std::string>& categories_;
  std::vector<std::size_t> indices_;
};

std::string invalid_code_rule(const char* what, std::int32_t code, std::size_t categories) {
  return "invalid " + std::string(what) + " code " + std::to_string(code) +
         " (missing value, or not in [0, " + std::to_string(categories) + "))";
}

}  // namespace

std::string escape_text(const std::string& text) { return detail::escape(text); }

BenchmarkData::BenchmarkData(BenchmarkSpec spec, std::vector<std::string> municipalities)
    : spec_(std::move(spec)), index_(spec_), municipalities_(std::move(municipalities)) {
  for (std::size_t m = 0; m < municipalities_.size(); ++m) {
    if (municipalities_[m].empty()) {
      throw InputError(row_message("municipalities", m, "", "", "empty municipality name"));
    }
    if (!municipality_by_name_.emplace(municipalities_[m], m).second) {
      throw InputError(
          row_message("municipalities", m, municipalities_[m], "", "duplicate municipality"));
    }
  }
  const Eigen::Index n = as_index(municipalities_.size());
  const Eigen::Index tasks = as_index(index_.task_count());
  const Eigen::Index groups = as_index(index_.group_count());
  fte_ = Eigen::MatrixXd::Zero(tasks, n);
  fte_external_ = Eigen::MatrixXd::Zero(tasks, n);
  fte_row_ = Eigen::MatrixXi::Constant(tasks, n, -1);
  person_years_ = Eigen::MatrixXd::Zero(groups, n);
  person_years_row_ = Eigen::MatrixXi::Constant(groups, n, -1);
  population_ = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  population_row_ = Eigen::VectorXi::Constant(n, -1);
}

std::size_t BenchmarkData::municipality_index(const std::string& name) const {
  const auto it = municipality_by_name_.find(name);
  if (it != municipality_by_name_.end()) return it->second;
  // Exact here: input rows must name a municipality as the table does (results match loosely).
  const std::string suggestion = closest_name(municipalities_, name);
  throw InputError("unknown municipality " + in_quotes(name) +
                   (suggestion.empty() ? "" : " (did you mean " + in_quotes(suggestion) + "?)"));
}

// --- Where rows came from, and the checks that need every table. ---

void BenchmarkData::set_source(InputTable table, std::string file, std::vector<std::size_t> lines) {
  Source& source = sources_[static_cast<int>(table)];
  source.file = std::move(file);
  source.lines = std::move(lines);
}

std::string BenchmarkData::where(InputTable table, std::size_t row) const {
  const Source& source = sources_[static_cast<int>(table)];
  if (!source.file.empty() && row < source.lines.size()) {
    return source.file + " line " + std::to_string(source.lines[row]);
  }
  return table_name(table) + " row " + std::to_string(row);
}

std::string BenchmarkData::table_name(InputTable table) const {
  const Source& source = sources_[static_cast<int>(table)];
  if (!source.file.empty()) return source.file;
  switch (table) {
    case InputTable::Fte:
      return kFteTable;
    case InputTable::PersonYears:
      return kPersonYearsTable;
    case InputTable::Population:
      return kPopulationTable;
  }
  return {};
}

void BenchmarkData::validate() const {
  if (fte_rows_ == 0) {
    throw InputError(table_name(InputTable::Fte) +
                     ": no FTE rows; give at least one row (municipality,task,fte) per "
                     "municipality");
  }
  if (person_years_rows_ == 0) {
    throw InputError(table_name(InputTable::PersonYears) +
                     ": no person-years rows; give the person-years (municipality,group,"
                     "person_years) of every municipality");
  }
  if (municipalities_.empty()) throw InputError("municipalities: no municipalities to compare");
  for (std::size_t m = 0; m < municipalities_.size(); ++m) {
    const Eigen::Index c = as_index(m);
    if (fte_row_.col(c).maxCoeff() >= 0) continue;
    // Name the first row that mentions the municipality, so the user finds it.
    std::string found = "municipalities row " + std::to_string(m);
    if (person_years_row_.col(c).maxCoeff() >= 0) {
      int first = std::numeric_limits<int>::max();
      for (Eigen::Index g = 0; g < person_years_row_.rows(); ++g) {
        if (person_years_row_(g, c) >= 0) first = std::min(first, person_years_row_(g, c));
      }
      found = where(InputTable::PersonYears, static_cast<std::size_t>(first));
    } else if (population_row_(c) >= 0) {
      found = where(InputTable::Population, static_cast<std::size_t>(population_row_(c)));
    }
    throw InputError(located_message(
        found, municipalities_[m], "",
        "municipality " + in_quotes(municipalities_[m]) + " has no FTE row in " +
            table_name(InputTable::Fte) +
            "; it would be compared with productivity 0: add its FTE rows or remove it"));
  }
}

// --- Single-row validation and storage, shared by the row-wise and columnar entry points. ---

namespace {

std::string unknown_municipality_rule(const std::string& name) {
  return "unknown municipality " + in_quotes(name) +
         " (the municipalities compared are those of fte, or the list given): add its FTE rows "
         "or remove this row";
}

/// The rule broken by a value that must be finite and >= 0 (> 0 if `positive`), or "".
std::string value_rule(double value, const char* what, const char* column, bool positive) {
  const std::string requirement = std::string("; ") + what + " must be finite and " +
                                  (positive ? "> 0" : ">= 0");
  const std::string in_column = std::string(" in column '") + column + "'";
  if (std::isnan(value)) return "missing value (NaN)" + in_column + requirement;
  if (!std::isfinite(value)) return "non-finite " + std::string(what) + " " +
                                    format_number(value) + in_column + requirement;
  if (value < 0 || (positive && value == 0)) {
    return (value < 0 ? "negative " : "zero ") + std::string(what) + " " + format_number(value) +
           in_column + requirement;
  }
  return {};
}

}  // namespace

void BenchmarkData::put_fte(std::size_t row, const std::string& municipality,
                            std::size_t municipality_index, const std::string& task,
                            std::size_t task_index, double fte, double fte_external,
                            std::vector<Cell>& written) {
  auto fail = [&](const std::string& rule) {
    throw InputError(located_message(where(InputTable::Fte, row), municipality, task, rule));
  };
  if (municipality.empty()) fail("missing municipality; every row needs a municipality");
  if (task.empty()) fail("missing task; every row needs a task");
  if (municipality_index == kUnknown) fail(unknown_municipality_rule(municipality));
  if (task_index == kUnknown) fail("unknown task " + in_quotes(task) + " (not in the spec)");
  const std::string fte_rule = value_rule(fte, "FTE", "fte", false);
  if (!fte_rule.empty()) fail(fte_rule);
  if (std::isnan(fte_external)) {
    fail("missing value (NaN) in column 'fte_external'; fte_external must be finite and >= 0");
  }
  if (!std::isfinite(fte_external) || fte_external < 0) {
    fail("invalid fte_external " + format_number(fte_external) +
         " in column 'fte_external'; fte_external must be finite and >= 0");
  }
  if (fte_external > fte) {
    fail("fte_external " + format_number(fte_external) + " exceeds FTE " + format_number(fte) +
         "; 0 <= fte_external <= fte required");
  }
  const Eigen::Index r = as_index(task_index);
  const Eigen::Index c = as_index(municipality_index);
  if (fte_row_(r, c) >= 0) {
    fail("duplicate row; (" + escape(municipality) + ", " + escape(task) + ") already given in " +
         where(InputTable::Fte, static_cast<std::size_t>(fte_row_(r, c))));
  }
  fte_(r, c) = fte;
  fte_external_(r, c) = fte_external;
  fte_row_(r, c) = static_cast<int>(row);
  written.push_back({r, c});
}

void BenchmarkData::put_person_years(std::size_t row, const std::string& municipality,
                                     std::size_t municipality_index, const std::string& group,
                                     std::size_t group_index, double value,
                                     std::vector<Cell>& written) {
  auto fail = [&](const std::string& rule) {
    throw InputError(
        located_message(where(InputTable::PersonYears, row), municipality, group, rule));
  };
  if (municipality.empty()) fail("missing municipality; every row needs a municipality");
  if (group.empty()) fail("missing group; every row needs a target group");
  if (municipality_index == kUnknown) {
    // No municipality can be known: validate says why (e.g. fte has no rows).
    if (municipalities_.empty()) validate();
    fail(unknown_municipality_rule(municipality));
  }
  if (group_index == kUnknown)
    fail("unknown target group " + in_quotes(group) + " (not in the spec)");
  if (!index_.is_base_group(group_index)) {
    std::string components;
    for (std::size_t base : index_.base_components(group_index)) {
      components += (components.empty() ? "" : ", ") + spec_.target_groups[base].code;
    }
    fail("person-years given for composite group " + in_quotes(group) +
         "; give them for its base groups (" + components + ")");
  }
  const std::string rule = value_rule(value, "person-years", "person_years", false);
  if (!rule.empty()) fail(rule);
  const Eigen::Index r = as_index(group_index);
  const Eigen::Index c = as_index(municipality_index);
  if (person_years_row_(r, c) >= 0) {
    fail("duplicate row; (" + escape(municipality) + ", " + escape(group) + ") already given in " +
         where(InputTable::PersonYears, static_cast<std::size_t>(person_years_row_(r, c))));
  }
  person_years_(r, c) = value;
  person_years_row_(r, c) = static_cast<int>(row);
  written.push_back({r, c});
}

void BenchmarkData::put_population(std::size_t row, const std::string& municipality,
                                   std::size_t municipality_index, double value,
                                   std::vector<Cell>& written) {
  auto fail = [&](const std::string& rule) {
    throw InputError(located_message(where(InputTable::Population, row), municipality, "", rule));
  };
  if (municipality.empty()) fail("missing municipality; every row needs a municipality");
  if (municipality_index == kUnknown) {
    // No municipality can be known: validate says why (e.g. fte has no rows).
    if (municipalities_.empty()) validate();
    fail(unknown_municipality_rule(municipality));
  }
  const std::string rule = value_rule(value, "population", "population", true);
  if (!rule.empty()) fail(rule);
  const Eigen::Index c = as_index(municipality_index);
  if (population_row_(c) >= 0) {
    fail("duplicate row; population of " + escape(municipality) + " already given in " +
         where(InputTable::Population, static_cast<std::size_t>(population_row_(c))));
  }
  population_(c) = value;
  population_row_(c) = static_cast<int>(row);
  written.push_back({0, c});
}

// --- Public entry points. ---

void BenchmarkData::add_fte(const std::string& municipality, const std::string& task, double fte,
                            double fte_external) {
  const auto m = municipality_by_name_.find(municipality);
  const auto t = index_.find_task(task);
  std::vector<Cell> written;
  put_fte(fte_rows_, municipality, m == municipality_by_name_.end() ? kUnknown : m->second, task,
          t.value_or(kUnknown), fte, fte_external, written);
  ++fte_rows_;
}

void BenchmarkData::add_person_years(const std::string& municipality, const std::string& group,
                                     double value) {
  const auto m = municipality_by_name_.find(municipality);
  const auto g = index_.find_group(group);
  std::vector<Cell> written;
  put_person_years(person_years_rows_, municipality,
                   m == municipality_by_name_.end() ? kUnknown : m->second, group,
                   g.value_or(kUnknown), value, written);
  ++person_years_rows_;
}

void BenchmarkData::set_population(const std::string& municipality, double value) {
  const auto m = municipality_by_name_.find(municipality);
  std::vector<Cell> written;
  put_population(population_rows_, municipality,
                 m == municipality_by_name_.end() ? kUnknown : m->second, value, written);
  ++population_rows_;
}

void BenchmarkData::add_fte_columns(const std::vector<std::string>& municipality_categories,
                                    const std::int32_t* municipality_codes,
                                    const std::vector<std::string>& task_categories,
                                    const std::int32_t* task_codes, const double* fte,
                                    const double* fte_external, std::size_t n) {
  const CategoryLookup municipalities(municipality_categories, [&](const std::string& name) {
    const auto it = municipality_by_name_.find(name);
    return it == municipality_by_name_.end() ? kUnknown : it->second;
  });
  const CategoryLookup tasks(task_categories, [&](const std::string& code) {
    return index_.find_task(code).value_or(kUnknown);
  });
  std::vector<Cell> written;
  const std::size_t first_row = fte_rows_;
  try {
    for (std::size_t i = 0; i < n; ++i, ++fte_rows_) {
      const std::int32_t m = municipality_codes[i];
      const std::int32_t t = task_codes[i];
      if (!municipalities.valid(m) || !tasks.valid(t)) {
        const bool bad_municipality = !municipalities.valid(m);
        throw InputError(located_message(
            where(InputTable::Fte, fte_rows_), municipalities.name(m), tasks.name(t),
            bad_municipality ? invalid_code_rule("municipality", m, municipality_categories.size())
                             : invalid_code_rule("task", t, task_categories.size())));
      }
      put_fte(fte_rows_, municipalities.name(m), municipalities.index(m), tasks.name(t),
              tasks.index(t), fte[i], fte_external != nullptr ? fte_external[i] : 0.0, written);
    }
  } catch (...) {
    for (const Cell& cell : written) {
      fte_(cell.row, cell.col) = 0.0;
      fte_external_(cell.row, cell.col) = 0.0;
      fte_row_(cell.row, cell.col) = -1;
    }
    fte_rows_ = first_row;
    throw;
  }
}

void BenchmarkData::add_person_years_columns(
    const std::vector<std::string>& municipality_categories, const std::int32_t* municipality_codes,
    const std::vector<std::string>& group_categories, const std::int32_t* group_codes,
    const double* values, std::size_t n) {
  const CategoryLookup municipalities(municipality_categories, [&](const std::string& name) {
    const auto it = municipality_by_name_.find(name);
    return it == municipality_by_name_.end() ? kUnknown : it->second;
  });
  const CategoryLookup groups(group_categories, [&](const std::string& code) {
    return index_.find_group(code).value_or(kUnknown);
  });
  std::vector<Cell> written;
  const std::size_t first_row = person_years_rows_;
  try {
    for (std::size_t i = 0; i < n; ++i, ++person_years_rows_) {
      const std::int32_t m = municipality_codes[i];
      const std::int32_t g = group_codes[i];
      if (!municipalities.valid(m) || !groups.valid(g)) {
        const bool bad_municipality = !municipalities.valid(m);
        throw InputError(located_message(
            where(InputTable::PersonYears, person_years_rows_), municipalities.name(m),
            groups.name(g),
            bad_municipality ? invalid_code_rule("municipality", m, municipality_categories.size())
                             : invalid_code_rule("group", g, group_categories.size())));
      }
      put_person_years(person_years_rows_, municipalities.name(m), municipalities.index(m),
                       groups.name(g), groups.index(g), values[i], written);
    }
  } catch (...) {
    for (const Cell& cell : written) {
      person_years_(cell.row, cell.col) = 0.0;
      person_years_row_(cell.row, cell.col) = -1;
    }
    person_years_rows_ = first_row;
    throw;
  }
}

void BenchmarkData::set_population_columns(const std::vector<std::string>& municipality_categories,
                                           const std::int32_t* municipality_codes,
                                           const double* values, std::size_t n) {
  const CategoryLookup municipalities(municipality_categories, [&](const std::string& name) {
    const auto it = municipality_by_name_.find(name);
    return it == municipality_by_name_.end() ? kUnknown : it->second;
  });
  std::vector<Cell> written;
  const std::size_t first_row = population_rows_;
  try {
    for (std::size_t i = 0; i < n; ++i, ++population_rows_) {
      const std::int32_t m = municipality_codes[i];
      if (!municipalities.valid(m)) {
        throw InputError(
            located_message(where(InputTable::Population, population_rows_),
                            municipalities.name(m), "",
                        invalid_code_rule("municipality", m, municipality_categories.size())));
      }
      put_population(population_rows_, municipalities.name(m), municipalities.index(m), values[i],
                     written);
    }
  } catch (...) {
    for (const Cell& cell : written) {
      population_(cell.col) = std::numeric_limits<double>::quiet_NaN();
      population_row_(cell.col) = -1;
    }
    population_rows_ = first_row;
    throw;
  }
}

}  // namespace jobbench
