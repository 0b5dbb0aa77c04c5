// Uncertainty of staff time estimates: seeded Monte Carlo through FTE and productivity
// (docs/staff-time.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "jobbench/productivity/compute.hpp"
#include "jobbench/productivity/data.hpp"
#include "jobbench/productivity/result.hpp"
#include "jobbench/staff/roster.hpp"

namespace jobbench {

struct UncertaintyOptions {
  /// Relative standard deviation of the time shares by task depth: element 0 applies to the split
  /// over main tasks (depth 1), element 1 to the split within a main task over its sub-tasks
  /// (depth 2), and so on; deeper levels use the last element. {0.05, 0.20} = ±5 % on main tasks,
  /// ±20 % on sub-tasks. Each value must be finite and >= 0.
  std::vector<double> relative_sd = {0.05, 0.20};
  std::size_t draws = 1000;
  std::uint64_t seed = 2013;
  double level = 0.90;   // central interval probability
  unsigned threads = 1;  // 0 = std::thread::hardware_concurrency(); results do not depend on it
  ComputeOptions compute;
};

/// Monte Carlo summary. Matrices have rows = result items (as BenchmarkResult), cols =
/// municipalities.
struct UncertaintyResult {
  std::vector<std::string> municipalities;
  std::vector<ResultItem> items;
  std::size_t draws = 0;
  double level = 0.0;
  BenchmarkResult point;              // the benchmark of the unperturbed shares
  Eigen::MatrixXd productivity_mean;  // over draws
  Eigen::MatrixXd productivity_lower;
  Eigen::MatrixXd productivity_upper;
  Eigen::MatrixXi rank_lower;
  Eigen::MatrixXi rank_upper;
  /// rank_probability[item](municipality, r - 1) = share of draws in which the rank is r.
  std::vector<Eigen::MatrixXd> rank_probability;
  /// productivity_covariance[item] = municipalities × municipalities covariance of productivity
  /// over the draws (divisor draws − 1): the input of rank confidence sets (jobbench.analysis).
  std::vector<Eigen::MatrixXd> productivity_covariance;
};

/// Perturbs every accepted employee's time shares draw by draw, top down: first the split of the
/// working time between the catalogue and time outside it (main-task uncertainty; an employee
/// with 100 % on the catalogue keeps it), then each node's split over its sub-tasks and the time
/// reported on the node itself, each part multiplied by a mean-one log-normal factor with the
/// level's relative standard deviation and renormalised to the node's time — so an employee never
/// exceeds 100 %. It then rolls the shares up to FTE, adds them to a copy of `base` (person-years
/// and population; no FTE rows) and runs compute(). Draw d uses its own std::mt19937_64 seeded
/// from (seed, d), so results are the same for a seed whatever the number of threads. Throws
/// InputError if the roster has invalid rows.
UncertaintyResult simulate(const StaffRoster& roster, const BenchmarkData& base,
                           const UncertaintyOptions& options = {});

}  // namespace jobbench
