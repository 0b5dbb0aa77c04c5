// DEA: input checks and the per-unit loop over threads (include/jobbench/analysis/dea.hpp).
#include "jobbench/analysis/dea.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#include "analysis/dea_lp.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {

using dea_detail::label;

DeaRts parse_dea_rts(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "crs") return DeaRts::Crs;
  if (t == "vrs") return DeaRts::Vrs;
  if (t == "drs") return DeaRts::Drs;
  if (t == "irs") return DeaRts::Irs;
  if (t == "fdh") return DeaRts::Fdh;
  throw InputError("rts must be one of crs, vrs, drs, irs, fdh, got '" + escape_text(text) + "'");
}

DeaBootstrapMethod parse_dea_bootstrap_method(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "subsample" || t == "m-out-of-n") return DeaBootstrapMethod::Subsample;
  if (t == "smoothed") return DeaBootstrapMethod::Smoothed;
  throw InputError("method must be 'subsample' or 'smoothed', got '" + escape_text(text) + "'");
}

DeaOrientation parse_dea_orientation(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "in" || t == "input") return DeaOrientation::Input;
  if (t == "out" || t == "output") return DeaOrientation::Output;
  throw InputError("orientation must be 'in' or 'out', got '" + escape_text(text) + "'");
}

const char* to_string(DeaRts rts) {
  switch (rts) {
    case DeaRts::Crs: return "crs";
    case DeaRts::Vrs: return "vrs";
    case DeaRts::Drs: return "drs";
    case DeaRts::Irs: return "irs";
    case DeaRts::Fdh: return "fdh";
  }
  return "?";
}

const char* to_string(DeaOrientation orientation) {
  return orientation == DeaOrientation::Input ? "in" : "out";
}

namespace {

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void check_values(const Eigen::MatrixXd& M, const std::vector<std::string>& units,
                  const std::vector<std::string>& columns, const char* unit_word,
                  const char* column_word) {
  for (Eigen::Index k = 0; k < M.rows(); ++k) {
    for (Eigen::Index c = 0; c < M.cols(); ++c) {
      const double v = M(k, c);
      if (!std::isfinite(v) || v < 0) {
        throw InputError(label(units, static_cast<std::size_t>(k), unit_word) + ": " + column_word +
                         " '" + label(columns, static_cast<std::size_t>(c), column_word) + "' is " +
                         (std::isfinite(v) ? "negative (" + number(v) + ")" : number(v)) +
                         "; DEA needs finite values >= 0");
      }
    }
  }
}

void check_some_input(const Eigen::MatrixXd& X, const std::vector<std::string>& units,
                      const char* unit_word) {
  for (Eigen::Index k = 0; k < X.rows(); ++k) {
    if ((X.row(k).array() == 0.0).all()) {
      throw InputError(label(units, static_cast<std::size_t>(k), unit_word) +
                       ": all inputs are zero (a unit that uses nothing cannot be compared)");
    }
  }
}

void check_shape(const Eigen::MatrixXd& M, Eigen::Index rows, std::size_t names, const char* what,
                 const char* names_what) {
  if (M.rows() != rows) {
    throw InputError(std::string(what) + " has " + std::to_string(M.rows()) + " rows for " +
                     std::to_string(rows) + " units");
  }
  if (names != 0 && static_cast<Eigen::Index>(names) != M.cols()) {
    throw InputError(std::string(what) + " has " + std::to_string(M.cols()) + " columns but " +
                     std::to_string(names) + " " + names_what);
  }
}

}  // namespace

std::vector<std::string> check_dea_inputs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                                          const Eigen::MatrixXd* XR, const Eigen::MatrixXd* YR,
                                          const DeaLabels& labels) {
  const Eigen::Index k = X.rows();
  if (k < 1) throw InputError("DEA needs at least one unit");
  if (X.cols() < 1) throw InputError("DEA needs at least one input");
  if (Y.cols() < 1) throw InputError("DEA needs at least one output");
  if (!labels.units.empty() && static_cast<Eigen::Index>(labels.units.size()) != k) {
    throw InputError("inputs have " + std::to_string(k) + " rows but " +
                     std::to_string(labels.units.size()) + " unit names");
  }
  check_shape(Y, k, labels.outputs.size(), "outputs", "output names");
  check_shape(X, k, labels.inputs.size(), "inputs", "input names");
  check_values(X, labels.units, labels.inputs, "unit", "input");
  check_values(Y, labels.units, labels.outputs, "unit", "output");
  check_some_input(X, labels.units, "unit");
  Eigen::Index kr = k;
  if ((XR == nullptr) != (YR == nullptr)) {
    throw InputError("give both reference inputs and reference outputs, or neither");
  }
  if (XR != nullptr) {
    kr = XR->rows();
    if (kr < 1) throw InputError("the reference set has no units");
    if (XR->cols() != X.cols()) {
      throw InputError("reference inputs have " + std::to_string(XR->cols()) + " columns, inputs " +
                       std::to_string(X.cols()));
    }
    if (YR->cols() != Y.cols()) {
      throw InputError("reference outputs have " + std::to_string(YR->cols()) +
                       " columns, outputs " + std::to_string(Y.cols()));
    }
    if (YR->rows() != kr) {
      throw InputError("reference outputs have " + std::to_string(YR->rows()) +
                       " rows, reference inputs " + std::to_string(kr));
    }
    if (!labels.reference_units.empty() &&
        static_cast<Eigen::Index>(labels.reference_units.size()) != kr) {
      throw InputError("the reference set has " + std::to_string(kr) + " rows but " +
                       std::to_string(labels.reference_units.size()) + " unit names");
    }
    check_values(*XR, labels.reference_units, labels.inputs, "reference unit", "input");
    check_values(*YR, labels.reference_units, labels.outputs, "reference unit", "output");
    check_some_input(*XR, labels.reference_units, "reference unit");
  }
  std::vector<std::string> warnings;
  if (kr < X.cols() + Y.cols()) {
    warnings.push_back("only " + std::to_string(kr) + " units for " + std::to_string(X.cols()) +
                       " inputs and " + std::to_string(Y.cols()) +
                       " outputs: with fewer units than inputs plus outputs most units come out "
                       "efficient");
  }
  return warnings;
}

DeaResult dea(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y, const DeaOptions& options,
              const DeaLabels& labels, const Eigen::MatrixXd* XR, const Eigen::MatrixXd* YR) {
  DeaResult result;
  result.warnings = check_dea_inputs(X, Y, XR, YR, labels);
  if (options.super_efficiency && XR != nullptr) {
    throw InputError("super-efficiency evaluates each unit against the others: give no reference set");
  }
  const bool in = options.orientation == DeaOrientation::Input;
  if (!in) {
    for (Eigen::Index k = 0; k < Y.rows(); ++k) {
      if ((Y.row(k).array() == 0.0).all()) {
        throw InputError(label(labels.units, static_cast<std::size_t>(k), "unit") +
                         ": all outputs are zero (no output-oriented score: outputs cannot be expanded)");
      }
    }
  }
  const Eigen::MatrixXd& xr = XR ? *XR : X;
  const Eigen::MatrixXd& yr = YR ? *YR : Y;
  const Eigen::Index k = X.rows(), kr = xr.rows(), m = X.cols(), n = Y.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.efficiency.resize(k);
  result.lambdas = Eigen::MatrixXd::Zero(k, kr);
  if (options.slacks) {
    result.input_slacks = Eigen::MatrixXd::Zero(k, m);
    result.output_slacks = Eigen::MatrixXd::Zero(k, n);
  }
  // Units in fixed blocks, one LP model per block (warm-started from unit to unit inside it): the
  // sequence of solves, and so every last digit, is the same for any thread count.
  constexpr std::size_t kBlock = 16;
  const std::size_t blocks = (static_cast<std::size_t>(k) + kBlock - 1) / kBlock;
  const int threads = dea_detail::thread_count(options.threads, blocks, 1);
  dea_detail::parallel_chunks(blocks, threads, [&](std::size_t first, std::size_t last, int) {
    for (std::size_t block = first; block < last; ++block) {
      const std::size_t begin = block * kBlock;
      const std::size_t end = std::min(static_cast<std::size_t>(k), begin + kBlock);
      std::unique_ptr<dea_detail::DeaLp> lp;
      if (options.rts != DeaRts::Fdh) {
        lp = std::make_unique<dea_detail::DeaLp>(xr, yr, options.rts, options.orientation,
                                                 options.slacks);
      }
      for (std::size_t u = begin; u < end; ++u) {
        const auto o = static_cast<Eigen::Index>(u);
        const Eigen::VectorXd x = X.row(o).transpose();
        const Eigen::VectorXd y = Y.row(o).transpose();
        const long exclude = options.super_efficiency ? static_cast<long>(o) : -1;
        const dea_detail::UnitSolution s =
            options.rts == DeaRts::Fdh
                ? dea_detail::fdh_solve(xr, yr, x, y, options.orientation, exclude, options.slacks)
                : lp->solve(x, y, exclude, label(labels.units, u, "unit"));
        result.efficiency(o) = s.efficiency;
        if (!s.feasible) {
          result.lambdas.row(o).setConstant(nan);
          if (options.slacks) {
            result.input_slacks.row(o).setConstant(nan);
            result.output_slacks.row(o).setConstant(nan);
          }
          continue;
        }
        result.lambdas.row(o) = s.lambda.transpose();
        if (options.slacks) {
          result.input_slacks.row(o) = s.input_slack.transpose();
          result.output_slacks.row(o) = s.output_slack.transpose();
        }
      }
    }
  });
  return result;
}

}  // namespace jobbench
