#include "jobbench/productivity/compare.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/statistics/univariate_statistics.hpp>

#include "jobbench/productivity/verbal.hpp"

namespace jobbench {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double median_ignoring_nan(const Eigen::Ref<const Eigen::VectorXd>& values) {
  std::vector<double> present;
  present.reserve(static_cast<std::size_t>(values.size()));
  for (const double value : values) {
    if (!std::isnan(value)) present.push_back(value);
  }
  if (present.empty()) return kNaN;
  return boost::math::statistics::median(present);
}

Comparison compare(const Eigen::MatrixXd& values, bool higher_is_better,
                   const ClassThresholds& thresholds) {
  const Eigen::Index items = values.rows();
  const Eigen::Index municipalities = values.cols();
  Comparison out;
  out.mean = Eigen::VectorXd::Constant(items, kNaN);
  out.median = Eigen::VectorXd::Constant(items, kNaN);
  out.diff_abs = Eigen::MatrixXd::Constant(items, municipalities, kNaN);
  out.diff_rel = Eigen::MatrixXd::Constant(items, municipalities, kNaN);
  out.rank = Eigen::MatrixXd::Constant(items, municipalities, kNaN);
  out.verbal_class = Eigen::MatrixXi::Constant(items, municipalities, kClassMissing);

  for (Eigen::Index i = 0; i < items; ++i) {
    const auto row = values.row(i);
    double sum = 0.0;
    Eigen::Index count = 0;
    for (const double value : row) {
      if (!std::isnan(value)) {
        sum += value;
        ++count;
      }
    }
    if (count == 0) continue;
    const double mean = sum / static_cast<double>(count);
    out.mean(i) = mean;
    out.median(i) = median_ignoring_nan(row.transpose());

    for (Eigen::Index m = 0; m < municipalities; ++m) {
      const double value = row(m);
      if (std::isnan(value)) continue;
      const double diff = value - mean;
      const double relative = mean == 0.0 ? kNaN : diff / mean;
      out.diff_abs(i, m) = diff;
      out.diff_rel(i, m) = relative;
      out.verbal_class(i, m) = classify(relative, value, mean, thresholds);

      // Competition ranking ("1224"): 1 + number of strictly better values.
      int better = 0;
      for (const double other : row) {
        if (std::isnan(other)) continue;
        if (higher_is_better ? other > value : other < value) ++better;
      }
      out.rank(i, m) = 1.0 + better;
    }
  }
  return out;
}

}  // namespace jobbench
