// Reading a DEA score off an optimal basis of the phase-one model (dea_lp.hpp) that HiGHS found
// for another unit. The units of a bootstrap draw that project onto the same facet of the pseudo
// frontier share an optimal basis, and HiGHS's cost per solve is mostly fixed, whatever the LP.
// Whether a basis is optimal for a unit is a check of one small linear system (m + n + 1 rows):
// its basic solution must be feasible and its reduced costs of the right sign. When both hold,
// that basic solution is the optimum, the one HiGHS would return from that basis; otherwise
// HiGHS solves the LP. No pivoting happens here: this is a certificate check, not a simplex.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/dea_lp.hpp"
#include "interfaces/highs_c_api.h"

namespace jobbench::dea_detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Stricter than HiGHS's own feasibility and optimality tolerances (1e-7), so that a basis
// accepted here is one HiGHS would stop at too.
constexpr double kPrimalTolerance = 1e-9;
constexpr double kDualTolerance = 1e-9;
// Smallest LU pivot, relative to the largest, for which the basic solution is trusted.
constexpr double kMinPivot = 1e-10;

bool within(double v, double lower, double upper) {
  return v >= lower - kPrimalTolerance * std::max(1.0, std::abs(lower)) &&
         v <= upper + kPrimalTolerance * std::max(1.0, std::abs(upper));
}

}  // namespace

static_assert(sizeof(HighsInt) == sizeof(int), "HiGHS built with 64-bit HighsInt");

bool DeaLp::facet(const Eigen::VectorXd& x, const Eigen::VectorXd& y, Facet& out) {
  out.basis.col.resize(static_cast<std::size_t>(1 + kr_));
  out.basis.row.resize(static_cast<std::size_t>(rows_));
  Highs_getBasis(one_, out.basis.col.data(), out.basis.row.data());
  if (!basic_solution(x, y, out.basis)) return false;
  set_basic_costs();
  out.prices = lu_.transpose().solve(rhs_);
  return true;
}

double DeaLp::facet_bound(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                          const Facet& f) const {
  const bool in = orientation_ == DeaOrientation::Input;
  const double theta_cost = in ? 1.0 : -1.0;
  double scale = 0.0;  // prices . (theta's column for this unit), times theta's cost
  for (int i = 0; i < rows_; ++i) scale += f.prices(i) * coefficient(i, 0, x, y);
  scale *= theta_cost;
  if (!(scale > 0.0)) return -kInf;
  double bound = 0.0;  // prices . (bounds of the nonbasic rows); basic rows have price 0
  for (int i = 0; i < rows_; ++i) {
    const int status = f.basis.row[static_cast<std::size_t>(i)];
    if (status == kHighsBasisStatusLower) bound += f.prices(i) * row_lower(i, x, y);
    if (status == kHighsBasisStatusUpper) bound += f.prices(i) * row_upper(i, x, y);
  }
  return std::isfinite(bound) ? bound / scale : -kInf;
}

// Row bounds and coefficients of the phase-one model for (x, y), as laid out in dea_lp.cpp.
double DeaLp::row_lower(int i, const Eigen::VectorXd&, const Eigen::VectorXd& y) const {
  const bool in = orientation_ == DeaOrientation::Input;
  if (i < m_) return in ? 0.0 : -kInf;
  if (i < m_ + n_) return in ? y(i - m_) : 0.0;
  return rts_lower_;
}

double DeaLp::row_upper(int i, const Eigen::VectorXd& x, const Eigen::VectorXd&) const {
  const bool in = orientation_ == DeaOrientation::Input;
  if (i < m_) return in ? kInf : x(i);
  if (i < m_ + n_) return kInf;
  return rts_upper_;
}

double DeaLp::coefficient(int row, int col, const Eigen::VectorXd& x,
                          const Eigen::VectorXd& y) const {
  const bool in = orientation_ == DeaOrientation::Input;
  if (col == 0) {  // theta (input) or phi (output)
    if (row < m_) return in ? x(row) : 0.0;
    if (row < m_ + n_) return in ? 0.0 : -y(row - m_);
    return 0.0;
  }
  const int j = col - 1;
  if (row < m_) return in ? -xr_(j, row) : xr_(j, row);
  if (row < m_ + n_) return yr_(j, row - m_);
  return 1.0;
}

// With the row activities r as variables, the model is A z - r = 0 over the columns z and r;
// the basis picks rows_ of them. Nonbasic columns sit at their lower bound 0, nonbasic rows at
// the bound their status names, so the basic values solve B v = (values of the nonbasic rows).
// Fills values_ and lu_; false when the basis does not fit this model or B is near singular.
bool DeaLp::basic_solution(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                           const Basis& basis) {
  const int cols = 1 + kr_;
  if (static_cast<int>(basis.col.size()) != cols || static_cast<int>(basis.row.size()) != rows_) {
    return false;
  }
  basic_.clear();
  basis_matrix_.setZero(rows_, rows_);
  rhs_.setZero(rows_);
  for (int c = 0; c < cols; ++c) {
    const int status = basis.col[static_cast<std::size_t>(c)];
    if (status == kHighsBasisStatusBasic) {
      if (static_cast<int>(basic_.size()) == rows_) return false;
      const auto k = static_cast<Eigen::Index>(basic_.size());
      for (int i = 0; i < rows_; ++i) basis_matrix_(i, k) = coefficient(i, c, x, y);
      basic_.push_back(c);
    } else if (status != kHighsBasisStatusLower) {
      return false;  // every column's only finite bound is 0
    }
  }
  for (int i = 0; i < rows_; ++i) {
    const int status = basis.row[static_cast<std::size_t>(i)];
    if (status == kHighsBasisStatusBasic) {
      if (static_cast<int>(basic_.size()) == rows_) return false;
      basis_matrix_(i, static_cast<Eigen::Index>(basic_.size())) = -1.0;
      basic_.push_back(cols + i);
      continue;
    }
    const double bound = status == kHighsBasisStatusLower   ? row_lower(i, x, y)
                         : status == kHighsBasisStatusUpper ? row_upper(i, x, y)
                                                            : kInf;
    if (!std::isfinite(bound)) return false;
    rhs_(i) = bound;
  }
  if (static_cast<int>(basic_.size()) != rows_) return false;
  lu_.compute(basis_matrix_);
  const Eigen::VectorXd pivots = lu_.matrixLU().diagonal().cwiseAbs();
  if (!(pivots.minCoeff() > kMinPivot * pivots.maxCoeff())) return false;
  values_ = lu_.solve(rhs_);
  return true;
}

// rhs_ = the costs of the basic variables (after basic_solution), in the minimising sense.
void DeaLp::set_basic_costs() {
  const double theta_cost = orientation_ == DeaOrientation::Input ? 1.0 : -1.0;
  rhs_.setZero(rows_);
  for (int k = 0; k < rows_; ++k) {
    if (basic_[static_cast<std::size_t>(k)] == 0) rhs_(k) = theta_cost;
  }
}

// Dual feasibility of the basis factored in lu_: prices pi with B' pi = c_B in the minimising
// sense (max phi is min -phi); nonbasic columns (at 0) need a reduced cost >= 0, nonbasic rows
// (whose variable -r_i has reduced cost pi_i) >= 0 at a lower bound and <= 0 at an upper one.
bool DeaLp::prices_fit(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Basis& basis) {
  const int cols = 1 + kr_;
  const double theta_cost = orientation_ == DeaOrientation::Input ? 1.0 : -1.0;
  set_basic_costs();
  prices_ = lu_.transpose().solve(rhs_);
  for (int c = 0; c < cols; ++c) {
    if (basis.col[static_cast<std::size_t>(c)] == kHighsBasisStatusBasic) continue;
    double reduced = c == 0 ? theta_cost : 0.0;
    for (int i = 0; i < rows_; ++i) reduced -= prices_(i) * coefficient(i, c, x, y);
    if (reduced < -kDualTolerance) return false;
  }
  for (int i = 0; i < rows_; ++i) {
    const int status = basis.row[static_cast<std::size_t>(i)];
    if (status == kHighsBasisStatusBasic || row_lower(i, x, y) == row_upper(i, x, y)) continue;
    if (status == kHighsBasisStatusLower && prices_(i) < -kDualTolerance) return false;
    if (status == kHighsBasisStatusUpper && prices_(i) > kDualTolerance) return false;
  }
  return true;
}

bool DeaLp::score_from_basis(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                             const Basis& basis, double& efficiency) {
  if (!basic_solution(x, y, basis)) return false;
  const int cols = 1 + kr_;
  double score = 0.0;  // theta nonbasic: at its bound 0
  for (int k = 0; k < rows_; ++k) {  // primal feasibility first: it fails most often
    const int var = basic_[static_cast<std::size_t>(k)];
    const double v = values_(k);
    if (var == 0) score = v;
    const int row = var - cols;
    const bool ok = var < cols ? within(v, 0.0, kInf)
                               : within(v, row_lower(row, x, y), row_upper(row, x, y));
    if (!ok) return false;
  }
  if (!prices_fit(x, y, basis)) return false;
  efficiency = score;
  return true;
}

}  // namespace jobbench::dea_detail
