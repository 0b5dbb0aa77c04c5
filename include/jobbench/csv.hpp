// Loading benchmark input from CSV files (formats in docs/design.md, section 4).
#pragma once

#include <string>
#include <vector>

#include "jobbench/data.hpp"
#include "jobbench/spec.hpp"

namespace jobbench {

/// Reads fte.csv (`municipality,task,fte[,fte_external]`), person_years.csv
/// (`municipality,group,person_years`) and, unless `population_csv` is empty, population.csv
/// (`municipality,population`). Columns are found by header name; fields may be double-quoted.
/// Municipalities are taken in order of first appearance (fte, then person-years, population).
/// Throws std::runtime_error if a file cannot be read, InputError for bad rows or values.
BenchmarkData load_benchmark_csv(const BenchmarkSpec& spec, const std::string& fte_csv,
                                 const std::string& person_years_csv,
                                 const std::string& population_csv = "");

/// As above with an explicit municipality list (rows of other municipalities are errors).
BenchmarkData load_benchmark_csv_for(const BenchmarkSpec& spec,
                                     const std::vector<std::string>& municipalities,
                                     const std::string& fte_csv,
                                     const std::string& person_years_csv,
                                     const std::string& population_csv = "");

}  // namespace jobbench
