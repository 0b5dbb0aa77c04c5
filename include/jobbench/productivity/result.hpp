// Result of a benchmark computation.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "jobbench/productivity/spec.hpp"

namespace jobbench {

enum class ItemKind { Task, Aggregate };

/// "task" or "aggregate".
const char* item_kind_name(ItemKind kind);

/// A row of the result: each task node in spec order, then each aggregate.
struct ResultItem {
  std::string code;
  std::string label;
  ItemKind kind = ItemKind::Task;
  std::string parent;   // parent task code; empty for the root and for aggregates
  std::string divisor;  // effective divisor group code (inherited if not given)
  int depth = 0;        // 0 for the root, 1 for its children ...; aggregates have depth 1
};

/// Matrices have rows = items and cols = municipalities.
struct BenchmarkResult {
  std::vector<std::string> municipalities;
  std::vector<ResultItem> items;
  ClassThresholds thresholds;

  Eigen::MatrixXd fte;
  Eigen::MatrixXd fte_external;
  Eigen::MatrixXd unallocated;   // FTE of a task not assigned to its sub-tasks; NaN for aggregates
  Eigen::MatrixXd person_years;  // of the item's divisor group
  Eigen::MatrixXd productivity;  // fte * 1000 / person_years (0 when fte == 0)
  Eigen::MatrixXd productivity_external;
  Eigen::MatrixXd share;                    // fte / root fte
  Eigen::MatrixXd fte_per_1000_population;  // NaN where population is not given
  Eigen::MatrixXd diff_abs;                 // productivity - mean
  Eigen::MatrixXd diff_rel;                 // diff_abs / mean; NaN if mean == 0
  Eigen::MatrixXi rank;                     // 1 = lowest productivity (fewest FTE per 1,000)
  Eigen::MatrixXd class_ratio;              // diff_abs / mean of the class basis (see ClassBasis)
  Eigen::MatrixXi verbal_class;             // classified from class_ratio

  Eigen::VectorXd mean;           // simple mean of productivities per item
  Eigen::VectorXd weighted_mean;  // Σ fte * 1000 / Σ person_years per item
  Eigen::VectorXd median;
  Eigen::VectorXd population;  // per municipality; NaN where not given

  // Decomposition of total_difference = root productivity - root mean over the root's children
  // (rows, codes in decomposition_items; a last row "(unallocated)" is added only if some
  // municipality has FTE on the root not allocated to any child).
  std::vector<std::string> decomposition_items;
  Eigen::MatrixXd decomposition_productivity;
  Eigen::MatrixXd decomposition_mix;
  Eigen::VectorXd decomposition_interaction;  // per row; the same for every municipality
  Eigen::VectorXd total_difference;           // per municipality

  /// Row of an item code and column of a municipality, signed as Eigen indexes. Names match
  /// exactly or else ignoring case (find_name); unknown ones throw InputError with a suggestion.
  Eigen::Index item_index(const std::string& code) const;
  Eigen::Index municipality_index(const std::string& name) const;
};

/// Row code used in decomposition_items for FTE on the root not allocated to a child.
inline constexpr const char* kUnallocatedDecompositionItem = "(unallocated)";

}  // namespace jobbench
