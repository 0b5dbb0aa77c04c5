// Generic comparison of municipalities with the group mean (productivity, quality indicators).
#pragma once

#include <Eigen/Core>

#include "jobbench/productivity/spec.hpp"

namespace jobbench {

/// Per item (row) statistics and per (item, municipality) differences. NaN values are missing:
/// they are left out of mean and median and get NaN differences, NaN rank and kClassMissing.
struct Comparison {
  Eigen::VectorXd mean;  // simple mean over municipalities ("Gns. kommuner")
  Eigen::VectorXd median;
  Eigen::MatrixXd diff_abs;      // value - mean
  Eigen::MatrixXd diff_rel;      // diff_abs / mean; NaN if mean == 0
  Eigen::MatrixXd rank;          // competition ranking ("1224"); 1 = best
  Eigen::MatrixXi verbal_class;  // see verbal.hpp
};

/// Compares `values` (rows = items, cols = municipalities) with the row means. With
/// higher_is_better the highest value ranks 1, otherwise the lowest (e.g. FTE per 1,000).
Comparison compare(const Eigen::MatrixXd& values, bool higher_is_better,
                   const ClassThresholds& thresholds);

/// Median of the non-NaN entries; NaN if there are none.
double median_ignoring_nan(const Eigen::Ref<const Eigen::VectorXd>& values);

}  // namespace jobbench
