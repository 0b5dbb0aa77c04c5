// Data envelopment analysis (DEA): Farrell efficiency against a piecewise linear frontier, as in
// the R package Benchmarking (Bogetoft & Otto, "Benchmarking with DEA, SFA, and R", 2011).
//
// Data are matrices with one row per unit (decision-making unit: a municipality, a job centre):
// X is K x m inputs, Y is K x n outputs. The technology is spanned by a reference set (XR, YR),
// by default the units themselves. With lambda >= 0 the weights of the reference units:
//
//   input orientation  E = min theta  s.t.  sum_j lambda_j x_j <= theta x_o,  sum_j lambda_j y_j >= y_o
//   output orientation F = max phi    s.t.  sum_j lambda_j x_j <= x_o,        sum_j lambda_j y_j >= phi y_o
//
// plus the returns-to-scale constraint on sum_j lambda_j: CRS none, VRS = 1, DRS <= 1, IRS >= 1.
// FDH (free disposal hull) takes lambda in {0, 1} with one peer; it is solved by enumeration, not
// by LP. Input efficiencies are <= 1 and output efficiencies >= 1 for units of the reference set
// (1 = on the frontier); evaluated against another reference set or with super-efficiency
// (Andersen & Petersen 1993: the unit leaves its own reference set) they can pass 1. A unit for
// which the LP is infeasible (it cannot be placed in the technology) gets +inf in input and -inf
// in output orientation, as Benchmarking reports it.
//
// Slacks (two-phase): with the Farrell score fixed, phase two maximises the plain sum of input
// and output slacks at the projected point (theta x_o, y_o) resp. (x_o, phi y_o); its lambdas are
// the ones reported when slacks are asked for (Benchmarking's dea(..., SLACK = TRUE)).
//
// The LPs are solved with HiGHS (dual simplex). One LP model per thread is built once and reused:
// for each unit only the evaluated unit's coefficients and bounds change, and the solver starts
// from the previous basis. Units go in fixed blocks of 16 (one model each) to the threads, so the
// results, to the last digit, do not depend on the thread count. An LP that stops for another reason than optimality or infeasibility raises
// DeaSolverError naming the unit and HiGHS's model status.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace jobbench {

/// Returns to scale of the technology (Benchmarking's RTS).
enum class DeaRts { Crs, Vrs, Drs, Irs, Fdh };

/// Input orientation: shrink inputs at given outputs (score <= 1); output: expand outputs (>= 1).
enum class DeaOrientation { Input, Output };

/// "crs", "vrs", "drs", "irs", "fdh" (any case); InputError otherwise.
DeaRts parse_dea_rts(const std::string& text);
/// "in", "out" (also "input", "output"); InputError otherwise.
DeaOrientation parse_dea_orientation(const std::string& text);
const char* to_string(DeaRts rts);
const char* to_string(DeaOrientation orientation);

/// An LP that HiGHS did not solve to optimality (nor proved infeasible): the unit and the status.
class DeaSolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Names used in messages; empty vectors mean "unit 3", "input 1", ... (0-based positions).
struct DeaLabels {
  std::vector<std::string> units;            ///< the evaluated units (rows of X, Y)
  std::vector<std::string> inputs;           ///< columns of X
  std::vector<std::string> outputs;          ///< columns of Y
  std::vector<std::string> reference_units;  ///< rows of XR, YR (when a reference set is given)
};

struct DeaOptions {
  DeaRts rts = DeaRts::Vrs;
  DeaOrientation orientation = DeaOrientation::Input;
  bool slacks = true;             ///< phase two (slacks, and the lambdas of the max-slack solution)
  bool super_efficiency = false;  ///< leave each unit out of its own reference set
  int threads = 0;                ///< 0: hardware concurrency (at most one per block of 16 units)
};

struct DeaResult {
  Eigen::VectorXd efficiency;     ///< K; +inf (in) / -inf (out) where the LP is infeasible
  Eigen::MatrixXd lambdas;        ///< K x KR; NaN row where infeasible
  Eigen::MatrixXd input_slacks;   ///< K x m (0 x 0 without slacks); NaN row where infeasible
  Eigen::MatrixXd output_slacks;  ///< K x n
  std::vector<std::string> warnings;  ///< e.g. fewer units than inputs + outputs
};

/// Checks inputs (InputError naming unit and column): X, Y have K rows, m >= 1 and n >= 1
/// columns; every value finite and >= 0; no unit with all inputs zero (of the evaluated units and
/// of the reference set); a reference set with as many columns. Fewer reference units than
/// m + n gives a warning (most units then come out efficient).
std::vector<std::string> check_dea_inputs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                          const Eigen::MatrixXd* XR, const Eigen::MatrixXd* YR,
                                          const DeaLabels& labels);

/// DEA of every unit of (X, Y) against the reference set (XR, YR), or against (X, Y) itself when
/// XR and YR are null. Super-efficiency needs the reference set to be the units themselves.
DeaResult dea(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const DeaOptions& options,
              const DeaLabels& labels = {}, const Eigen::MatrixXd* XR = nullptr,
              const Eigen::MatrixXd* YR = nullptr);

// --- Bootstrap of the DEA scores (dea_bootstrap.cpp) -----------------------------------------------

/// How the bootstrap draws its pseudo samples.
enum class DeaBootstrapMethod {
  /// m-out-of-n (Kneip, Simar & Wilson 2008; Simar & Wilson 2011): each draw is m units drawn
  /// with replacement, the reference set every unit is scored against. Consistent; its
  /// intervals cover at close to the nominal rate in samples of a few dozen units.
  Subsample,
  /// The smoothed bootstrap of Simar & Wilson (1998) with reflection, as Benchmarking's dea.boot.
  /// Its intervals under-cover in small samples (docs/analysis-dea.md).
  Smoothed,
};

/// "subsample" (also "m-out-of-n") or "smoothed" (any case); InputError otherwise.
DeaBootstrapMethod parse_dea_bootstrap_method(const std::string& text);

struct DeaBootstrapOptions {
  DeaRts rts = DeaRts::Vrs;  ///< not FDH (the bootstrap is for DEA frontiers)
  DeaOrientation orientation = DeaOrientation::Input;
  DeaBootstrapMethod method = DeaBootstrapMethod::Subsample;
  int draws = 2000;
  double level = 0.95;
  std::uint64_t seed = 0;
  double bandwidth = 0.0;  ///< Smoothed; <= 0: the rule of thumb on the reflected scores (see below)
  int subsample = 0;       ///< Subsample: m, 2 <= m < K; 0: chosen from the data (see below)
  int threads = 0;         ///< 0: hardware concurrency; results do not depend on it
};

struct DeaBootstrapResult {
  Eigen::VectorXd efficiency;  ///< the DEA scores (Farrell, as dea())
  Eigen::VectorXd bias;        ///< efficiency - corrected (>= 0 in input, <= 0 in output orientation)
  Eigen::VectorXd corrected;   ///< the bias-corrected score
  Eigen::VectorXd lower;       ///< the confidence interval of the true score
  Eigen::VectorXd upper;
  double bandwidth = 0.0;      ///< Smoothed: the bandwidth used
  int subsample = 0;           ///< Subsample: the m used
  /// Subsample: the draws in which each unit could be placed in the subsample's technology (one
  /// that cannot, e.g. with more output than every unit drawn under VRS, lies beyond the
  /// subsample's frontier: it counts as more efficient than any score, see below).
  Eigen::VectorXi scored;
  /// Subsample with m chosen from the data: the candidate m, each unit's interval at each, and
  /// each candidate's volatility (the criterion m minimises).
  Eigen::VectorXi candidates;
  Eigen::MatrixXd candidate_lower, candidate_upper;  ///< K x candidates
  Eigen::VectorXd volatility;
  Eigen::MatrixXd draws;       ///< K x draws bootstrap scores (only with keep_draws; +-inf: not placed)
  std::vector<std::string> warnings;
};

/// The bootstrap of the DEA scores: bias, bias-corrected scores and confidence intervals of the
/// true (population) efficiency. The scores are handled as distances d >= 1 (1 / theta in input,
/// phi in output orientation), whose DEA estimate d_n is biased towards 1.
///
/// Subsample (m out of n): each draw b takes m units with replacement (duplicates dropped: they
/// do not change the technology) and scores every unit against them, d*_b. The law of
/// n^kappa (d_n / d - 1) is estimated by that of T = m^kappa (d*_b / d_n - 1), kappa = 2 / (p + q)
/// under CRS and 2 / (p + q + 1) otherwise (p inputs, q outputs: DEA's rate of convergence), so
/// d lies in [d_n / (1 + n^-kappa t_hi), d_n / (1 + n^-kappa t_lo)] with t_lo, t_hi the
/// (1 - level) / 2 and (1 + level) / 2 quantiles of T, and the corrected distance is
/// d_n / (1 + n^-kappa mean(T)). A unit that cannot be placed in a subsample's technology lies
/// beyond its frontier: its distance there is taken as 0 (T = -m^kappa, the lowest T can be),
/// the limit of ever more super-efficient scores. With subsample = 0, m is chosen by minimum volatility (Politis,
/// Romano & Wolf 1999, as Simar & Wilson 2011): the intervals are computed at up to 12 candidate
/// m between max(p + q + 1, 3) and K / 2 (with at most 400 draws each), and the m whose two
/// neighbours' intervals differ least from its own (mean over units of the standard deviation of
/// the three lower and of the three upper bounds, relative to d_n) is used with all the draws.
///
/// Smoothed (Simar & Wilson 1998), as Benchmarking's dea.boot: each draw b:
/// beta_j from the 2K reflected values {delta_j, 2 - delta_j}, delta*_j = beta-bar + (beta_j +
/// h eps_j - beta-bar) / sqrt(1 + h^2 / var(delta)), reflected back below 1 (2 - delta* when
/// delta* > 1); pseudo data x*_j = x_j delta_j / delta*_j (input) or y*_j = y_j delta*_j / delta_j
/// (output); every unit is evaluated against the pseudo data. Bandwidth rule of thumb (Silverman,
/// on the reflected sample of the 2K scores): h = 0.9 min(sd, IQR / 1.34) (2K)^(-1/5). The
/// interval is the basic bootstrap interval of the distance.
///
/// Random numbers: draw b uses std::mt19937_64 seeded with splitmix64(seed + b) (the candidate
/// m's draws with seed + 2^32 c + b), uniforms from the top 53 bits, normals by Box-Muller; so
/// results depend on (seed, draws) only, not on threads.
DeaBootstrapResult dea_bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                 const DeaBootstrapOptions& options, const DeaLabels& labels = {},
                                 bool keep_draws = false);

// --- Malmquist index (malmquist.cpp) ----------------------------------------------------------------

struct MalmquistResult {
  Eigen::VectorXd m, ec, tc;             ///< productivity change, efficiency change, technical change
  /// e_ab: the period-a units against the period-b technology (Benchmarking's names), so
  /// e10 = E0(x1, y1) and e01 = E1(x0, y0)
  Eigen::VectorXd e00, e01, e10, e11;
};

/// Input-oriented Malmquist index between period 0 (X0, Y0) and period 1 (X1, Y1), the same K
/// units in the same order, as Benchmarking's malmq: m = sqrt(E0(x1,y1)/E0(x0,y0) *
/// E1(x1,y1)/E1(x0,y0)), ec = E1(x1,y1)/E0(x0,y0), tc = m/ec; m > 1 is growth. Each period's
/// technology is spanned by its own units. An infeasible cross-period LP (possible except under
/// CRS) gives e = inf and NaN or inf in m and tc.
MalmquistResult malmquist(const Eigen::MatrixXd& X0, const Eigen::MatrixXd& Y0,
                          const Eigen::MatrixXd& X1, const Eigen::MatrixXd& Y1, DeaRts rts,
                          const DeaLabels& labels = {}, int threads = 0);

}  // namespace jobbench
