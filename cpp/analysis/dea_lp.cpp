// The reusable HiGHS models of DEA (dea_lp.hpp), FDH by enumeration and the thread helper.
#include "analysis/dea_lp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>
#include <thread>

#include "interfaces/highs_c_api.h"
#include "jobbench/errors.hpp"

namespace jobbench::dea_detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void* make_highs() {
  void* h = Highs_create();
  if (h == nullptr) throw DeaSolverError("HiGHS could not create a model");
  Highs_setBoolOptionValue(h, "output_flag", std::getenv("JOBBENCH_HIGHS_LOG") != nullptr);
  Highs_setStringOptionValue(h, "presolve", "off");
  Highs_setStringOptionValue(h, "solver", "simplex");
  Highs_setIntOptionValue(h, "threads", 1);
  return h;
}

const char* status_name(HighsInt status) {
  static const char* const names[] = {
      "not set", "load error", "model error", "presolve error", "solve error",
      "postsolve error", "model empty", "optimal", "infeasible", "unbounded or infeasible",
      "unbounded", "objective bound", "objective target", "time limit", "iteration limit",
      "unknown", "solution limit", "interrupt"};
  if (status >= 0 && status < static_cast<HighsInt>(sizeof(names) / sizeof(names[0]))) {
    return names[status];
  }
  return "unrecognised";
}

bool infeasible(HighsInt status) {
  return status == kHighsModelStatusInfeasible || status == kHighsModelStatusUnboundedOrInfeasible;
}

/// A column-wise LP handed to HiGHS.
struct Lp {
  HighsInt num_col = 0, num_row = 0;
  HighsInt sense = kHighsObjSenseMinimize;
  std::vector<double> cost, col_lower, col_upper, row_lower, row_upper, value;
  std::vector<HighsInt> start, index;
  void* pass() const {
    void* h = make_highs();
    const HighsInt status = Highs_passLp(
        h, num_col, num_row, static_cast<HighsInt>(index.size()), kHighsMatrixFormatColwise, sense,
        0.0, cost.data(), col_lower.data(), col_upper.data(), row_lower.data(), row_upper.data(),
        start.data(), index.data(), value.data());
    if (status == kHighsStatusError) {
      Highs_destroy(h);
      throw DeaSolverError("HiGHS did not accept the DEA model");
    }
    return h;
  }
};

/// The sum-of-lambda row of the returns-to-scale assumption; false for CRS (no row).
bool rts_bounds(DeaRts rts, double& lower, double& upper) {
  switch (rts) {
    case DeaRts::Vrs: lower = 1.0; upper = 1.0; return true;
    case DeaRts::Drs: lower = -kInf; upper = 1.0; return true;
    case DeaRts::Irs: lower = 1.0; upper = kInf; return true;
    default: return false;
  }
}

[[noreturn]] void solver_failure(HighsInt status, const std::string& unit, const char* phase) {
  throw DeaSolverError(unit + ": the " + phase + " LP was not solved (HiGHS model status " +
                       std::to_string(status) + ": " + status_name(status) + ")");
}

}  // namespace

// Phase one, input orientation: columns [theta, lambda_1..KR]; min theta
//   rows 0..m-1:    theta x_io - sum_j lambda_j xr_ij >= 0      (theta's coefficient changes)
//   rows m..m+n-1:  sum_j lambda_j yr_rj >= y_ro                (lower bound changes)
// Output orientation: columns [phi, lambda]; max phi
//   rows 0..m-1:    sum_j lambda_j xr_ij <= x_io                (upper bound changes)
//   rows m..m+n-1:  sum_j lambda_j yr_rj - phi y_ro >= 0        (phi's coefficient changes)
// and the returns-to-scale row on sum_j lambda_j last.
// Phase two: columns [lambda, s_x (m), s_y (n)]; max sum s
//   rows 0..m-1:    sum_j lambda_j xr_ij + s_xi = theta x_io  (input) or x_io (output)
//   rows m..m+n-1:  sum_j lambda_j yr_rj - s_yr = y_ro        (input) or phi y_ro (output)
// and the returns-to-scale row.
DeaLp::DeaLp(const Eigen::MatrixXd& XR, const Eigen::MatrixXd& YR, DeaRts rts,
             DeaOrientation orientation, bool slacks)
    : xr_(XR),
      yr_(YR),
      m_(static_cast<int>(XR.cols())),
      n_(static_cast<int>(YR.cols())),
      kr_(static_cast<int>(XR.rows())),
      rts_(rts),
      orientation_(orientation),
      slacks_(slacks) {
  has_rts_ = rts_bounds(rts, rts_lower_, rts_upper_);
  const double rl = rts_lower_, ru = rts_upper_;
  const bool has_rts = has_rts_;
  const int rows = m_ + n_ + (has_rts ? 1 : 0);
  rows_ = rows;
  const bool in = orientation == DeaOrientation::Input;
  col_.resize(static_cast<std::size_t>(1 + kr_ + m_ + n_));
  {
    Lp lp;
    lp.num_col = 1 + kr_;
    lp.num_row = rows;
    lp.sense = in ? kHighsObjSenseMinimize : kHighsObjSenseMaximize;
    lp.cost.assign(static_cast<std::size_t>(lp.num_col), 0.0);
    lp.cost[0] = 1.0;
    lp.col_lower.assign(static_cast<std::size_t>(lp.num_col), 0.0);
    lp.col_upper.assign(static_cast<std::size_t>(lp.num_col), kInf);
    lp.row_lower.assign(static_cast<std::size_t>(rows), 0.0);
    lp.row_upper.assign(static_cast<std::size_t>(rows), kInf);
    for (int i = 0; i < m_; ++i) {
      if (!in) {
        lp.row_lower[static_cast<std::size_t>(i)] = -kInf;
        lp.row_upper[static_cast<std::size_t>(i)] = 1.0;
      }
    }
    if (has_rts) {
      lp.row_lower.back() = rl;
      lp.row_upper.back() = ru;
    }
    Lp& a = lp;
    a.start.push_back(0);
    // theta / phi: a placeholder coefficient 1 in each row it enters (set per unit).
    for (int i = 0; i < m_ + n_; ++i) {
      if ((in && i < m_) || (!in && i >= m_)) {
        a.index.push_back(i);
        a.value.push_back(in ? 1.0 : -1.0);
      }
    }
    a.start.push_back(static_cast<HighsInt>(a.index.size()));
    for (int j = 0; j < kr_; ++j) {
      for (int i = 0; i < m_; ++i) {
        a.index.push_back(i);
        a.value.push_back(in ? -XR(j, i) : XR(j, i));
      }
      for (int r = 0; r < n_; ++r) {
        a.index.push_back(m_ + r);
        a.value.push_back(YR(j, r));
      }
      if (has_rts) {
        a.index.push_back(rows - 1);
        a.value.push_back(1.0);
      }
      a.start.push_back(static_cast<HighsInt>(a.index.size()));
    }
    one_ = lp.pass();
  }
  if (slacks) {
    Lp lp;
    lp.num_col = kr_ + m_ + n_;
    lp.num_row = rows;
    lp.sense = kHighsObjSenseMaximize;
    lp.cost.assign(static_cast<std::size_t>(lp.num_col), 1.0);
    for (int j = 0; j < kr_; ++j) lp.cost[static_cast<std::size_t>(j)] = 0.0;
    lp.col_lower.assign(static_cast<std::size_t>(lp.num_col), 0.0);
    lp.col_upper.assign(static_cast<std::size_t>(lp.num_col), kInf);
    lp.row_lower.assign(static_cast<std::size_t>(rows), 0.0);
    lp.row_upper.assign(static_cast<std::size_t>(rows), 0.0);
    if (has_rts) {
      lp.row_lower.back() = rl;
      lp.row_upper.back() = ru;
    }
    Lp& a = lp;
    a.start.push_back(0);
    for (int j = 0; j < kr_; ++j) {
      for (int i = 0; i < m_; ++i) {
        a.index.push_back(i);
        a.value.push_back(XR(j, i));
      }
      for (int r = 0; r < n_; ++r) {
        a.index.push_back(m_ + r);
        a.value.push_back(YR(j, r));
      }
      if (has_rts) {
        a.index.push_back(rows - 1);
        a.value.push_back(1.0);
      }
      a.start.push_back(static_cast<HighsInt>(a.index.size()));
    }
    for (int i = 0; i < m_ + n_; ++i) {
      a.index.push_back(i);
      a.value.push_back(i < m_ ? 1.0 : -1.0);
      a.start.push_back(static_cast<HighsInt>(a.index.size()));
    }
    two_ = lp.pass();
  }
}

DeaLp::~DeaLp() {
  if (one_ != nullptr) Highs_destroy(one_);
  if (two_ != nullptr) Highs_destroy(two_);
}

UnitSolution DeaLp::solve(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                          const std::string& unit, bool want_lambda, const Basis* start) {
  const bool in = orientation_ == DeaOrientation::Input;
  void* h = one_;
  if (in) {
    for (int i = 0; i < m_; ++i) Highs_changeCoeff(h, i, 0, x(i));
    for (int r = 0; r < n_; ++r) Highs_changeRowBounds(h, m_ + r, y(r), kInf);
  } else {
    for (int i = 0; i < m_; ++i) Highs_changeRowBounds(h, i, -kInf, x(i));
    for (int r = 0; r < n_; ++r) Highs_changeCoeff(h, m_ + r, 0, -y(r));
  }
  if (exclude >= 0) Highs_changeColBounds(h, static_cast<HighsInt>(1 + exclude), 0.0, 0.0);
  // After the changes: HiGHS factors the basis it is given, and a changed coefficient would
  // discard that factorization.
  if (start != nullptr) Highs_setBasis(h, start->col.data(), start->row.data());
  Highs_run(h);
  // Read status and solution before the bound is restored: a change resets them.
  HighsInt status = Highs_getModelStatus(h);
  if (status != kHighsModelStatusOptimal && !infeasible(status)) {
    // HiGHS's dual simplex can end a degenerate LP in status "unknown" (its cleanup finds a
    // primal infeasibility of ~1e-7 and gives up), from a warm basis or from scratch. The primal
    // simplex from scratch settles it; a second failure is reported.
    Highs_clearSolver(h);
    Highs_setIntOptionValue(h, "simplex_strategy", 4);  // primal
    Highs_run(h);
    Highs_setIntOptionValue(h, "simplex_strategy", 1);  // back to dual
    status = Highs_getModelStatus(h);
  }
  if (status == kHighsModelStatusOptimal) Highs_getSolution(h, col_.data(), nullptr, nullptr, nullptr);
  if (exclude >= 0) Highs_changeColBounds(h, static_cast<HighsInt>(1 + exclude), 0.0, kInf);
  UnitSolution out;
  if (infeasible(status)) {
    out.feasible = false;
    out.efficiency = in ? kInf : -kInf;
    return out;
  }
  if (status != kHighsModelStatusOptimal) solver_failure(status, unit, "DEA");
  const auto& col = col_;
  out.feasible = true;
  out.efficiency = col[0];
  if (want_lambda || slacks_) {
    out.lambda.resize(kr_);
    for (int j = 0; j < kr_; ++j) out.lambda(j) = std::max(0.0, col[static_cast<std::size_t>(1 + j)]);
  }
  if (slacks_) phase_two(x, y, exclude, unit, out);
  if (exclude >= 0 && out.lambda.size() > 0) out.lambda(exclude) = 0.0;
  return out;
}

void DeaLp::phase_two(const Eigen::VectorXd& x, const Eigen::VectorXd& y, long exclude,
                      const std::string& unit, UnitSolution& out) {
  const bool in = orientation_ == DeaOrientation::Input;
  void* h = two_;
  const double e = out.efficiency;
  // The Farrell score comes from an LP solved to a tolerance: relax it by a hair when phase two
  // finds the projected point just outside the technology.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const double relax = attempt == 0 ? 0.0 : (attempt == 1 ? 1e-9 : 1e-7);
    const double ee = in ? e * (1.0 + relax) : e * (1.0 - relax);
    for (int i = 0; i < m_; ++i) {
      const double v = in ? ee * x(i) : x(i);
      Highs_changeRowBounds(h, i, v, v);
    }
    for (int r = 0; r < n_; ++r) {
      const double v = in ? y(r) : ee * y(r);
      Highs_changeRowBounds(h, m_ + r, v, v);
    }
    if (exclude >= 0) Highs_changeColBounds(h, static_cast<HighsInt>(exclude), 0.0, 0.0);
    Highs_run(h);
    const HighsInt status = Highs_getModelStatus(h);
    if (status == kHighsModelStatusOptimal) Highs_getSolution(h, col_.data(), nullptr, nullptr, nullptr);
    if (exclude >= 0) Highs_changeColBounds(h, static_cast<HighsInt>(exclude), 0.0, kInf);
    if (status == kHighsModelStatusOptimal) {
      const auto& col = col_;
      out.lambda.resize(kr_);
      for (int j = 0; j < kr_; ++j) out.lambda(j) = std::max(0.0, col[static_cast<std::size_t>(j)]);
      out.input_slack.resize(m_);
      out.output_slack.resize(n_);
      for (int i = 0; i < m_; ++i) out.input_slack(i) = std::max(0.0, col[static_cast<std::size_t>(kr_ + i)]);
      for (int r = 0; r < n_; ++r) {
        out.output_slack(r) = std::max(0.0, col[static_cast<std::size_t>(kr_ + m_ + r)]);
      }
      return;
    }
    if (!infeasible(status)) solver_failure(status, unit, "slack (phase two)");
  }
  solver_failure(kHighsModelStatusInfeasible, unit, "slack (phase two)");
}

UnitSolution fdh_solve(const Eigen::MatrixXd& XR, const Eigen::MatrixXd& YR,
                       const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                       DeaOrientation orientation, long exclude, bool slacks) {
  const bool in = orientation == DeaOrientation::Input;
  const Eigen::Index kr = XR.rows(), m = XR.cols(), n = YR.cols();
  UnitSolution out;
  out.efficiency = in ? kInf : -kInf;
  long best = -1;
  for (Eigen::Index j = 0; j < kr; ++j) {
    if (j == exclude) continue;
    double e = 0.0;
    bool ok = true;
    if (in) {  // peers producing at least y; theta = max_i xr_ij / x_i
      for (Eigen::Index r = 0; r < n && ok; ++r) ok = YR(j, r) >= y(r);
      for (Eigen::Index i = 0; i < m && ok; ++i) {
        if (x(i) > 0) e = std::max(e, XR(j, i) / x(i));
        else if (XR(j, i) > 0) ok = false;
      }
      if (ok && e < out.efficiency) { out.efficiency = e; best = static_cast<long>(j); }
    } else {  // peers using at most x; phi = min_r yr_rj / y_r
      e = kInf;
      for (Eigen::Index i = 0; i < m && ok; ++i) ok = XR(j, i) <= x(i);
      for (Eigen::Index r = 0; r < n && ok; ++r) {
        if (y(r) > 0) e = std::min(e, YR(j, r) / y(r));
      }
      if (ok && e > out.efficiency) { out.efficiency = e; best = static_cast<long>(j); }
    }
  }
  if (best < 0) return out;
  out.feasible = true;
  if (slacks) {  // among the peers that dominate the projected point, the largest sum of slacks
    const double e = out.efficiency;
    const double tol = 1e-9;
    double best_sum = -1.0;
    for (Eigen::Index j = 0; j < kr; ++j) {
      if (j == exclude) continue;
      double sum = 0.0;
      bool ok = true;
      for (Eigen::Index i = 0; i < m && ok; ++i) {
        const double target = in ? e * x(i) : x(i);
        ok = XR(j, i) <= target + tol * std::max(1.0, std::abs(target));
        sum += target - XR(j, i);
      }
      for (Eigen::Index r = 0; r < n && ok; ++r) {
        const double target = in ? y(r) : e * y(r);
        ok = YR(j, r) >= target - tol * std::max(1.0, std::abs(target));
        sum += YR(j, r) - target;
      }
      if (ok && sum > best_sum + 1e-12) { best_sum = sum; best = static_cast<long>(j); }
    }
    out.input_slack.resize(m);
    out.output_slack.resize(n);
    for (Eigen::Index i = 0; i < m; ++i) {
      out.input_slack(i) = std::max(0.0, (in ? e * x(i) : x(i)) - XR(best, i));
    }
    for (Eigen::Index r = 0; r < n; ++r) {
      out.output_slack(r) = std::max(0.0, YR(best, r) - (in ? y(r) : e * y(r)));
    }
  }
  out.lambda = Eigen::VectorXd::Zero(kr);
  out.lambda(best) = 1.0;
  return out;
}

std::string label(const std::vector<std::string>& names, std::size_t i, const char* what) {
  if (i < names.size()) return escape_text(names[i]);
  return std::string(what) + " " + std::to_string(i);
}

int thread_count(int requested, std::size_t work, std::size_t per_thread) {
  if (requested > 0) return requested;
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t by_work = std::max<std::size_t>(1, work / std::max<std::size_t>(1, per_thread));
  return static_cast<int>(std::min<std::size_t>(hw, by_work));
}

void parallel_chunks(std::size_t count, int threads,
                     const std::function<void(std::size_t, std::size_t, int)>& body) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<std::size_t>(1, count))));
  if (threads == 1) {
    body(0, count, 0);
    return;
  }
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    const std::size_t begin = count * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
    const std::size_t end = count * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(threads);
    pool.emplace_back([&, begin, end, t] {
      try {
        body(begin, end, t);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace jobbench::dea_detail
