// Private to cpp/analysis/dea*.cpp and malmquist.cpp: the reusable HiGHS models of DEA, FDH by
// enumeration, input checks and the thread helper. Not installed; HiGHS stays out of the public
// headers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "jobbench/analysis/dea.hpp"

namespace jobbench::dea_detail {

/// One evaluated unit's result; feasible == false: the unit cannot be placed in the technology.
struct UnitSolution {
  bool feasible = false;
  double efficiency = 0.0;
  Eigen::VectorXd lambda;        // KR
  Eigen::VectorXd input_slack;   // m (phase two only)
  Eigen::VectorXd output_slack;  // n
};

/// Phase one (Farrell) and phase two (max-slack) LPs over a fixed reference set, built once;
/// solve() changes only the evaluated unit's coefficients and bounds (and the excluded unit's
/// column bound), and HiGHS starts from the previous basis.
class DeaLp {
 public:
  DeaLp(const Eigen::MatrixXd& XR, const Eigen::MatrixXd& YR, DeaRts rts,
        DeaOrientation orientation, bool slacks);
  ~DeaLp();
  DeaLp(const DeaLp&) = delete;
  DeaLp& operator=(const DeaLp&) = delete;

  /// Efficiency of (x, y); `exclude` >= 0 leaves that reference unit out (super-efficiency).
  /// `unit` names the unit in a DeaSolverError.
  UnitSolution solve(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                     const std::string& unit, bool want_lambda = true);

 private:
  void phase_two(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                 const std::string& unit, UnitSolution& out);
  int m_, n_, kr_;
  DeaRts rts_;
  DeaOrientation orientation_;
  bool slacks_;
  void* one_ = nullptr;  // HiGHS instances (its C API: no C++ ABI shared with the solver's build)
  void* two_ = nullptr;
  std::vector<double> col_;  // solution buffer
};

/// FDH by enumeration (Benchmarking's fdh): one peer, lambda = 1.
UnitSolution fdh_solve(const Eigen::MatrixXd& XR, const Eigen::MatrixXd& YR,
                       const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                       DeaOrientation orientation, long exclude, bool slacks);

/// "Varde" or "unit 3".
std::string label(const std::vector<std::string>& names, std::size_t i, const char* what);

/// Thread count for `work` items: `requested` > 0 as given, else hardware concurrency, at most
/// one thread per `per_thread` items, at least 1.
int thread_count(int requested, std::size_t work, std::size_t per_thread);

/// Runs body(begin, end, thread) over [0, count) split into `threads` contiguous chunks;
/// rethrows the first exception (by chunk order).
void parallel_chunks(std::size_t count, int threads,
                     const std::function<void(std::size_t, std::size_t, int)>& body);

}  // namespace jobbench::dea_detail
