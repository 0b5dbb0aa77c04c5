// Private to cpp/analysis/dea*.cpp and malmquist.cpp: the reusable HiGHS models of DEA, FDH by
// enumeration, input checks and the thread helper. Not installed; HiGHS stays out of the public
// headers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/LU>

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

/// HiGHS's basis of a phase-one model: the status of each column and row (kHighsBasisStatus*).
struct Basis {
  std::vector<int> col, row;
};

/// An optimal basis of the phase-one model with its prices (the facet of the frontier it stands
/// for). The prices of a unit on another facet of the same frontier differ only by a positive
/// factor, so they give every unit a lower bound on its score (weak duality).
struct Facet {
  Basis basis;
  Eigen::VectorXd prices;
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
  /// `unit` names the unit in a DeaSolverError. HiGHS starts from `start` if given, else from
  /// the basis of the previous solve.
  UnitSolution solve(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                     const std::string& unit, bool want_lambda = true,
                     const Basis* start = nullptr);

  /// The basis HiGHS ended the last phase-one solve with, optimal for (x, y), and its prices.
  /// False if they cannot be computed (a near singular basis).
  bool facet(const Eigen::VectorXd& x, const Eigen::VectorXd& y, Facet& out);

  /// The dual bound that `facet` gives the phase-one objective of (x, y), in the minimising sense
  /// (theta, or -phi): the objective itself when that facet is optimal for (x, y), less when
  /// not. -inf when the facet does not apply.
  double facet_bound(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Facet& f) const;

  /// The Farrell score of (x, y) read off `basis` without calling HiGHS, when that basis is
  /// optimal for this model (its basic solution primal feasible, its reduced costs of the right
  /// sign, both to 1e-9): that basic solution is then the optimum HiGHS would return. False when
  /// the basis is not optimal here (or too ill-conditioned to tell); then call solve().
  bool score_from_basis(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Basis& basis,
                        double& efficiency);

 private:
  void phase_two(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                 const std::string& unit, UnitSolution& out);
  double row_lower(int i, const Eigen::VectorXd& x, const Eigen::VectorXd& y) const;
  double row_upper(int i, const Eigen::VectorXd& x, const Eigen::VectorXd& y) const;
  double coefficient(int row, int col, const Eigen::VectorXd& x, const Eigen::VectorXd& y) const;
  bool basic_solution(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Basis& basis);
  void set_basic_costs();
  bool prices_fit(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Basis& basis);
  Eigen::MatrixXd xr_, yr_;  // the reference set, for score_from_basis
  // score_from_basis's workspace (allocated once): basic variables, basis matrix and its LU.
  std::vector<int> basic_;
  Eigen::MatrixXd basis_matrix_;
  Eigen::VectorXd rhs_, values_, prices_;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
  int m_, n_, kr_, rows_ = 0;
  bool has_rts_ = false;
  double rts_lower_ = 0.0, rts_upper_ = 0.0;
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
