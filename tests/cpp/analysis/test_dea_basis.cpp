// Reading DEA scores off a basis HiGHS found for another unit (cpp/analysis/dea_basis.cpp), as the
// bootstrap does: every score read off must be the one HiGHS computes for that unit.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/dea_lp.hpp"

namespace jobbench {
namespace {

using dea_detail::DeaLp;
using dea_detail::Facet;

// 40 units, 2 inputs, 2 outputs; the reference set is the units with their inputs scaled up by
// random factors, as in a bootstrap draw.
struct Data {
  Eigen::MatrixXd X, Y, XR;
};

Data data() {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(10.0, 100.0), f(1.0, 1.4);
  Data d{Eigen::MatrixXd(40, 2), Eigen::MatrixXd(40, 2), Eigen::MatrixXd(40, 2)};
  for (int k = 0; k < 40; ++k) {
    d.X(k, 0) = u(rng);
    d.X(k, 1) = u(rng);
    const double size = std::pow(d.X(k, 0) * d.X(k, 1), 0.4) * f(rng);
    const double share = (u(rng) - 10.0) / 90.0;
    d.Y(k, 0) = size * share + 1.0;
    d.Y(k, 1) = size * (1.0 - share) + 1.0;
    d.XR.row(k) = d.X.row(k) * f(rng);
  }
  return d;
}

void check(DeaRts rts, DeaOrientation orientation) {
  const Data d = data();
  const bool in = orientation == DeaOrientation::Input;
  DeaLp lp(in ? d.XR : d.X, in ? d.Y : d.Y * 0.9, rts, orientation, false);
  std::vector<double> score(40);
  std::vector<Facet> facets;
  for (Eigen::Index o = 0; o < 40; ++o) {
    const Eigen::VectorXd x = d.X.row(o).transpose(), y = d.Y.row(o).transpose();
    score[static_cast<std::size_t>(o)] = lp.solve(x, y, -1, "unit", false).efficiency;
    Facet f;
    if (std::isfinite(score[static_cast<std::size_t>(o)]) && lp.facet(x, y, f)) {
      facets.push_back(f);
    }
  }
  int hits = 0;
  for (Eigen::Index o = 0; o < 40; ++o) {
    const Eigen::VectorXd x = d.X.row(o).transpose(), y = d.Y.row(o).transpose();
    const double want = score[static_cast<std::size_t>(o)];
    for (const Facet& f : facets) {
      if (std::isfinite(want)) {  // a lower bound on the minimised objective
        EXPECT_LE(lp.facet_bound(x, y, f), (in ? want : -want) + 1e-9);
      }
      double got = 0.0;
      if (!lp.score_from_basis(x, y, f.basis, got)) continue;
      ++hits;
      EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << "unit " << o;
    }
  }
  EXPECT_GE(hits, 20);  // most units at least fit their own basis
}

TEST(DeaBasis, ScoresReadOffBasesAreHiGHSs) {
  for (DeaRts rts : {DeaRts::Crs, DeaRts::Vrs, DeaRts::Drs, DeaRts::Irs}) {
    for (DeaOrientation o : {DeaOrientation::Input, DeaOrientation::Output}) {
      SCOPED_TRACE(std::string(to_string(rts)) + " " + to_string(o));
      check(rts, o);
    }
  }
}

}  // namespace
}  // namespace jobbench
