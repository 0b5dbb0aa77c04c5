// Input data of a benchmark: FTE per task, person-years per base target group, population.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "jobbench/productivity/spec.hpp"

namespace jobbench {

/// The three input tables, e.g. for BenchmarkData::set_source.
enum class InputTable { Fte, PersonYears, Population };

/// Holds the validated input rows of one benchmark (design.md section 2).
///
/// Each add_* call validates its rows immediately and throws InputError naming the first bad row;
/// a failing columnar call leaves the data unchanged. Row numbers count the rows of a table over
/// all calls, so they equal array positions when a table is given in one columnar call.
/// Checks that need every row (see validate()) and the results' checks happen in compute().
///
/// Messages name a row as "<table> row <i>" (0-based), or as "<file> line <n>" (the line an editor
/// shows, header = line 1) once set_source() has said which file and lines the rows came from.
class BenchmarkData {
 public:
  BenchmarkData(BenchmarkSpec spec, std::vector<std::string> municipalities);

  // Row-wise input.
  void add_fte(const std::string& municipality, const std::string& task, double fte,
               double fte_external = 0.0);
  void add_person_years(const std::string& municipality, const std::string& group, double value);
  void set_population(const std::string& municipality, double value);

  // Columnar input (categorical codes index into the category lists; e.g. straight from pandas).
  // `fte_external` may be null (all zero).
  void add_fte_columns(const std::vector<std::string>& municipality_categories,
                       const std::int32_t* municipality_codes,
                       const std::vector<std::string>& task_categories,
                       const std::int32_t* task_codes, const double* fte,
                       const double* fte_external, std::size_t n);
  void add_person_years_columns(const std::vector<std::string>& municipality_categories,
                                const std::int32_t* municipality_codes,
                                const std::vector<std::string>& group_categories,
                                const std::int32_t* group_codes, const double* values,
                                std::size_t n);
  void set_population_columns(const std::vector<std::string>& municipality_categories,
                              const std::int32_t* municipality_codes, const double* values,
                              std::size_t n);

  /// Rows 0, 1, ... of `table` were read from `file`, at the editor lines `lines` (1-based).
  void set_source(InputTable table, std::string file, std::vector<std::size_t> lines);
  /// "fte row 3", or "fte.csv line 5" for a row read from a file (see set_source).
  std::string where(InputTable table, std::size_t row) const;
  /// The table's name as messages use it: its file if it came from one, else "fte" etc.
  std::string table_name(InputTable table) const;

  /// Checks that need every table; compute() calls it. Throws InputError if fte or person_years
  /// has no rows, or a municipality has no FTE row (it would be compared with productivity 0).
  void validate() const;

  const BenchmarkSpec& spec() const { return spec_; }
  const SpecIndex& index() const { return index_; }
  const std::vector<std::string>& municipalities() const { return municipalities_; }
  /// Exact name; throws InputError (with a "did you mean") for an unknown one.
  std::size_t municipality_index(const std::string& name) const;

  // Given values (rows = tasks / target groups, cols = municipalities); cells without a row are 0.
  const Eigen::MatrixXd& given_fte() const { return fte_; }
  const Eigen::MatrixXd& given_fte_external() const { return fte_external_; }
  const Eigen::MatrixXd& given_person_years() const { return person_years_; }
  /// Row number of the FTE row for (task, municipality), or -1 if there is none.
  int fte_row(std::size_t task, std::size_t municipality) const {
    return fte_row_(static_cast<Eigen::Index>(task), static_cast<Eigen::Index>(municipality));
  }
  bool has_fte_row(std::size_t task, std::size_t municipality) const {
    return fte_row(task, municipality) >= 0;
  }
  /// Population per municipality; NaN where not given.
  const Eigen::VectorXd& population() const { return population_; }

  std::size_t fte_row_count() const { return fte_rows_; }
  std::size_t person_years_row_count() const { return person_years_rows_; }
  std::size_t population_row_count() const { return population_rows_; }

 private:
  struct Source {
    std::string file;
    std::vector<std::size_t> lines;
  };
  struct Cell {
    Eigen::Index row;
    Eigen::Index col;
  };
  void put_fte(std::size_t row, const std::string& municipality, std::size_t municipality_index,
               const std::string& task, std::size_t task_index, double fte, double fte_external,
               std::vector<Cell>& written);
  void put_person_years(std::size_t row, const std::string& municipality,
                        std::size_t municipality_index, const std::string& group,
                        std::size_t group_index, double value, std::vector<Cell>& written);
  void put_population(std::size_t row, const std::string& municipality,
                      std::size_t municipality_index, double value, std::vector<Cell>& written);

  BenchmarkSpec spec_;
  SpecIndex index_;
  std::vector<std::string> municipalities_;
  std::unordered_map<std::string, std::size_t> municipality_by_name_;

  Eigen::MatrixXd fte_;
  Eigen::MatrixXd fte_external_;
  Eigen::MatrixXi fte_row_;
  Eigen::MatrixXd person_years_;
  Eigen::MatrixXi person_years_row_;
  Eigen::VectorXd population_;
  Eigen::VectorXi population_row_;
  Source sources_[3];
  std::size_t fte_rows_ = 0;
  std::size_t person_years_rows_ = 0;
  std::size_t population_rows_ = 0;
};

}  // namespace jobbench
