// The input-oriented Malmquist productivity index (include/jobbench/analysis/dea.hpp).
#include "jobbench/analysis/dea.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {

MalmquistResult malmquist(const Eigen::MatrixXd& X0, const Eigen::MatrixXd& Y0,
                          const Eigen::MatrixXd& X1, const Eigen::MatrixXd& Y1, DeaRts rts,
                          const DeaLabels& labels, int threads) {
  if (X1.rows() != X0.rows() || Y1.rows() != Y0.rows()) {
    throw InputError("period 1 has " + std::to_string(X1.rows()) + " units, period 0 " +
                     std::to_string(X0.rows()) + ": the Malmquist index needs the same units in both");
  }
  DeaOptions o;
  o.rts = rts;
  o.orientation = DeaOrientation::Input;
  o.slacks = false;
  o.threads = threads;
  DeaLabels l = labels;
  l.reference_units = labels.units;
  MalmquistResult r;
  r.e00 = dea(X0, Y0, o, l).efficiency;
  r.e11 = dea(X1, Y1, o, l).efficiency;
  r.e10 = dea(X1, Y1, o, l, &X0, &Y0).efficiency;  // period-1 units, period-0 technology
  r.e01 = dea(X0, Y0, o, l, &X1, &Y1).efficiency;  // period-0 units, period-1 technology
  r.m = (r.e10.array() / r.e00.array() * r.e11.array() / r.e01.array()).sqrt();
  r.ec = r.e11.array() / r.e00.array();
  r.tc = r.m.array() / r.ec.array();
  return r;
}

}  // namespace jobbench
