// Hand-worked cases of the audit estimators (case-audit.md §3); the numbers are worked out in the
// comments from the formulas, not from the code.
#include "jobbench/audit/estimate.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench::audit {
namespace {

constexpr int M = 0, N = 1, R = 2, U = 3;  // met, not_met, not_relevant, unknown

CellCases two_strata() {
  // stratum 0: met, met, not_met; stratum 1: met, not_met, not_met, not_relevant
  CellCases c;
  c.outcome = {M, M, N, M, N, N, R};
  c.weight.assign(7, 1.0);
  c.stratum = {0, 0, 0, 1, 1, 1, 1};
  c.fraction = {0.0, 0.0};
  return c;
}

TEST(AuditShare, PlainWilsonForFifteenCases) {
  // 8 of 15, one stratum, unweighted: Wilson [0.3012, 0.7519] (spec §4: "[0.30, 0.75]")
  CellCases c;
  c.outcome = {M, M, M, M, M, M, M, M, N, N, N, N, N, N, N};
  c.weight.assign(15, 1.0);
  c.stratum.assign(15, 0);
  c.fraction = {0.0};
  ShareOptions o;
  o.plain = true;
  const Share s = estimate_share(c, o);
  EXPECT_DOUBLE_EQ(s.n, 15.0);
  EXPECT_NEAR(s.share, 8.0 / 15.0, 1e-12);
  EXPECT_NEAR(s.lower, 0.301169, 1e-5);
  EXPECT_NEAR(s.upper, 0.751905, 1e-5);
  EXPECT_DOUBLE_EQ(s.deff, 1.0);
}

TEST(AuditShare, StratifiedVarianceByHand) {
  // p = 3/6; e = (y - p)/6. Stratum 0: e = 1/12, 1/12, -1/12 -> 3/2 * 24/1296 = 1/36.
  // Stratum 1: e = 1/12, -1/12, -1/12, 0 -> 4/3 * 44/2304 = 0.0254630.
  // V = 0.0532407, deff = V / (0.25/5) = 1.064815, n' = 5.634783, Wilson 0.5 -+ 0.318347.
  const Share s = estimate_share(two_strata(), ShareOptions{});
  EXPECT_DOUBLE_EQ(s.met, 3.0);
  EXPECT_DOUBLE_EQ(s.not_met, 3.0);
  EXPECT_DOUBLE_EQ(s.not_relevant, 1.0);
  EXPECT_NEAR(s.variance, 1.0 / 36.0 + 176.0 / 6912.0, 1e-12);
  EXPECT_NEAR(s.deff, 1.064815, 1e-6);
  EXPECT_NEAR(s.n_effective, 5.634783, 1e-5);
  EXPECT_NEAR(s.lower, 0.181653, 1e-5);
  EXPECT_NEAR(s.upper, 0.818347, 1e-5);
}

TEST(AuditShare, FinitePopulationCorrection) {
  // f = 0.5 and 0.25: V = 0.5/36 + 0.75 * 0.0254630 = 0.0329861
  CellCases c = two_strata();
  c.fraction = {0.5, 0.25};
  EXPECT_NEAR(estimate_share(c, ShareOptions{}).variance, 0.0329861, 1e-7);
  c.fraction = {1.0, 1.0};  // a census: [p, p]
  const Share census = estimate_share(c, ShareOptions{});
  EXPECT_DOUBLE_EQ(census.lower, 0.5);
  EXPECT_DOUBLE_EQ(census.upper, 0.5);
}

TEST(AuditShare, DesignWeightsAreARatioOfSums) {
  // w = 2 in stratum 0, 5 in stratum 1: (2 + 2 + 5) / (3 * 2 + 3 * 5) = 9/21
  CellCases c = two_strata();
  c.weight = {2, 2, 2, 5, 5, 5, 5};
  EXPECT_NEAR(estimate_share(c, ShareOptions{}).share, 9.0 / 21.0, 1e-12);
}

TEST(AuditShare, MunicipalitiesAsClusters) {
  // E_m = 1/6, 0, -1/6: V = 3/2 * 2/36 = 1/12; with M_pop = 6: (1 - 3/6) / 12 = 1/24
  CellCases c;
  c.outcome = {M, M, M, N, N, N};
  c.weight.assign(6, 1.0);
  c.stratum = {0, 0, 1, 1, 2, 2};
  c.cluster = {0, 0, 1, 1, 2, 2};
  c.fraction = {0, 0, 0};
  ShareOptions o;
  o.design = Design::Clustered;
  EXPECT_NEAR(estimate_share(c, o).variance, 1.0 / 12.0, 1e-12);
  o.clusters_in_population = 6;
  EXPECT_NEAR(estimate_share(c, o).variance, 1.0 / 24.0, 1e-12);
  c.cluster.assign(6, 0);
  EXPECT_THROW(estimate_share(c, o), InputError);
}

TEST(AuditShare, EdgeCases) {
  CellCases c;
  c.outcome = {R, U, U};
  c.weight.assign(3, 1.0);
  c.stratum = {0, 0, 0};
  c.fraction = {0.0};
  const Share empty = estimate_share(c, ShareOptions{});
  EXPECT_TRUE(std::isnan(empty.share));
  EXPECT_DOUBLE_EQ(empty.unknown, 2.0);
  c.outcome = {M, M, U};  // p = 1: plain Wilson on n = 2, u = 1/3
  const Share all = estimate_share(c, ShareOptions{});
  EXPECT_DOUBLE_EQ(all.upper, 1.0);
  EXPECT_NEAR(all.lower, 2.0 / (2.0 + std::pow(z_of_level(0.95), 2)), 1e-12);
  EXPECT_NEAR(all.unknown_share, 1.0 / 3.0, 1e-12);
  c.weight[0] = 0.0;
  EXPECT_THROW(estimate_share(c, ShareOptions{}), InputError);
  EXPECT_THROW(parse_outcome("ja"), InputError);
  EXPECT_EQ(parse_outcome("not_relevant"), Outcome::NotRelevant);
}

TEST(AuditShare, DomainCountsOnlyItsCases) {
  CellCases c = two_strata();
  c.domain = {1, 1, 1, 0, 0, 0, 0};  // stratum 0 only: 2 of 3
  const Share s = estimate_share(c, ShareOptions{});
  EXPECT_DOUBLE_EQ(s.n, 3.0);
  EXPECT_NEAR(s.share, 2.0 / 3.0, 1e-12);
}

TEST(AuditCompare, NewcombeByHand) {
  // d = 0.3; lower 0.3 - hypot(0.2, 0.2) = 0.017157; upper 0.3 + hypot(0.1, 0.2) = 0.523607
  Share m, k;
  m.share = 0.8, m.lower = 0.6, m.upper = 0.9;
  k.share = 0.5, k.lower = 0.3, k.upper = 0.7;
  const Interval d = newcombe(m, k);
  EXPECT_NEAR(d.lower, 0.017157, 1e-6);
  EXPECT_NEAR(d.upper, 0.523607, 1e-6);
}

TEST(AuditCompare, BonferroniWidens) {
  CellCases m, k;
  m.outcome = {M, M, M, M, M, M, M, M, M, M, M, M, N, N, N};  // 12/15
  k.outcome = {M, M, M, M, M, N, N, N, N, N, N, N, N, N, N};  // 5/15
  for (CellCases* c : {&m, &k}) {
    c->weight.assign(15, 1.0);
    c->stratum.assign(15, 0);
    c->fraction = {0.0};
  }
  ShareOptions o;
  o.plain = true;
  const Comparison one = compare_shares(m, k, o, 1);
  EXPECT_NEAR(one.difference, 7.0 / 15.0, 1e-12);
  EXPECT_TRUE(one.significant);
  EXPECT_DOUBLE_EQ(one.lower, one.lower_adjusted);
  const Comparison many = compare_shares(m, k, o, 300);
  EXPECT_LT(many.lower_adjusted, many.lower);
  EXPECT_GT(many.upper_adjusted, many.upper);
  EXPECT_FALSE(many.significant_adjusted);
  EXPECT_THROW(compare_shares(m, k, o, 0), InputError);
}

}  // namespace
}  // namespace jobbench::audit
