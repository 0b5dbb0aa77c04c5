// Staff time registration: employees' time shares over the task catalogue -> FTE per task
// (docs/staff-time.md).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "jobbench/productivity/data.hpp"
#include "jobbench/productivity/spec.hpp"

namespace jobbench {

/// The share of an employee's working time spent on one task node (0.25 = 25 %). A share on a
/// task with sub-tasks is time the employee cannot split further: it is reported as unallocated
/// below that task.
struct TaskShare {
  std::string task;
  double share = 0.0;
};

/// One employee row of a staff roster.
///
/// Contracted time is either `fte_fraction` (1.0 = full time) or `hours` per week (converted with
/// StaffOptions::hours_per_fte, 37 h/week by default); give one of them, the other NaN. If both are
/// given they must agree. The employee's FTE (årsværk) is fraction x the employment type's weight
/// from the spec's `employment_weights` (flexjob 0.5, seniorjob 0.75 in 2013).
struct Employee {
  std::string id;
  std::string municipality;
  std::string unit;
  std::string employment_type = "ordinary";
  double fte_fraction = std::numeric_limits<double>::quiet_NaN();
  double hours = std::numeric_limits<double>::quiet_NaN();
  double external_share = 0.0;  // share of the time financed by external pools / wage subsidies
  std::vector<TaskShare> shares;
};

struct StaffOptions {
  double hours_per_fte = 37.0;  // weekly hours of one full-time employee
  double max_fte_fraction = 1.0;
  /// Tolerance on "shares sum to at most 100 %" (absolute, as a fraction).
  double share_tolerance = 1e-9;
  /// Organisational units accepted; empty = any non-empty unit.
  std::vector<std::string> units;
  // Review thresholds (warnings, not errors).
  double min_share = 0.02;        // a share > 0 below this is implausibly fine-grained
  std::size_t max_tasks = 8;      // more tasks than this is an implausible split
  double min_total_share = 0.10;  // an employee with less of the time on the catalogue
};

/// An employee row rejected by validation.
struct StaffError {
  std::size_t row = 0;  // 0-based position in the roster
  std::string municipality;
  std::string employee_id;
  std::string rule;     // short rule id, e.g. "share_sum"
  std::string message;  // "employees row <i> (<municipality>, <id>): <rule text>"
  double fte_read = 0.0;
};

/// A point for the validation meeting (not an error).
struct StaffWarning {
  std::string municipality;
  std::string employee_id;  // empty for municipality-level warnings
  std::string task;         // empty if not about one task
  std::string rule;         // "robust_z", "no_target_group", "min_share", "max_tasks", "low_total"
  std::string message;
  double value = std::numeric_limits<double>::quiet_NaN();
  double reference = std::numeric_limits<double>::quiet_NaN();
  double score = std::numeric_limits<double>::quiet_NaN();
};

/// FTE (årsværk) per organisational unit of a municipality.
struct UnitFte {
  std::string municipality;
  std::string unit;
  std::size_t head_count = 0;
  double fte = 0.0;           // weighted FTE of the unit's employees
  double fte_tasks = 0.0;     // of which on the task catalogue
  double fte_external = 0.0;  // of fte_tasks: externally financed
};

/// Result of aggregating a roster. Matrices have rows = tasks (spec order), cols = municipalities.
struct StaffResult {
  std::vector<std::string> municipalities;
  std::vector<std::string> tasks;
  std::vector<bool> leaf;        // per task: true if it has no sub-tasks
  Eigen::MatrixXd fte;           // total FTE of the node, sub-tasks included
  Eigen::MatrixXd fte_external;  // externally financed part of fte
  Eigen::MatrixXd fte_direct;    // FTE reported on the node itself (unallocated below it)
  Eigen::MatrixXd fte_direct_external;
  Eigen::MatrixXi head_count;    // accepted employees with a share > 0 in the node's subtree
  Eigen::VectorXi employees;     // accepted employees per municipality
  Eigen::VectorXd fte_read;      // Σ weighted FTE of every row read (accepted and rejected)
  Eigen::VectorXd fte_outside;   // accepted employees' time not on the catalogue
  Eigen::VectorXd fte_rejected;  // weighted FTE of rejected rows
  std::vector<UnitFte> units;
  std::vector<StaffError> errors;
  std::vector<StaffWarning> warnings;  // per-employee split warnings
  /// Per accepted employee (roster order): row, weighted FTE.
  std::vector<std::size_t> accepted_rows;
  std::vector<double> employee_fte;

  /// Whether (task, municipality) becomes a benchmark FTE row: every leaf, and every inner node
  /// with FTE reported on it directly (its row then states its total, design.md section 2).
  bool is_fte_row(std::size_t task, std::size_t municipality) const;
  /// Adds the benchmark FTE rows to `data` (whose municipalities must include ours).
  void add_to(BenchmarkData& data) const;
};

/// A roster of employees of one or more municipalities.
class StaffRoster {
 public:
  explicit StaffRoster(BenchmarkSpec spec, StaffOptions options = {});

  void add(Employee employee) { employees_.push_back(std::move(employee)); }
  const std::vector<Employee>& employees() const { return employees_; }
  std::vector<Employee>& employees() { return employees_; }
  const BenchmarkSpec& spec() const { return spec_; }
  const SpecIndex& index() const { return index_; }
  const StaffOptions& options() const { return options_; }

  /// Validates every employee; invalid rows are listed in `errors` (with their FTE) and left out,
  /// all others are summed. Σ fte_read = Σ root fte + Σ fte_outside + Σ fte_rejected.
  /// `municipalities` fixes the column order; empty = order of first appearance.
  StaffResult aggregate(const std::vector<std::string>& municipalities = {}) const;

  /// Like aggregate(), but throws InputError with the first error's message if any row is invalid.
  StaffResult aggregate_strict(const std::vector<std::string>& municipalities = {}) const;

  /// Weighted FTE of one employee as read (0 where the contracted time is unreadable).
  double fte_read(const Employee& employee) const;

 private:
  BenchmarkSpec spec_;
  SpecIndex index_;
  StaffOptions options_;
  std::vector<Employee> employees_;
};

struct ReviewOptions {
  double z_threshold = 3.5;  // |robust z| above this is listed (Iglewicz & Hoaglin)
  int min_depth = 2;         // robust z for tasks at this depth and below (2 = sub-tasks)
};

/// Leave-one-out robust z-scores per row: (x_j - median of the others) / (1.4826 MAD of the
/// others), falling back to 1.2533 x mean absolute deviation when the MAD is 0; NaN values are
/// ignored.
/// +-inf where the others do not vary at all and x_j differs; NaN with fewer than 3 others.
Eigen::MatrixXd robust_z_scores(const Eigen::MatrixXd& values);

/// Municipality-level review warnings: tasks (depth >= min_depth) whose FTE per 1,000 person-years
/// of the divisor group lies far from the other municipalities', and tasks with FTE but zero
/// person-years in the divisor group. `person_years` supplies the base groups' person-years for the
/// staff result's municipalities (its FTE is ignored).
std::vector<StaffWarning> review(const StaffResult& staff, const BenchmarkData& person_years,
                                 const ReviewOptions& options = {});

}  // namespace jobbench
