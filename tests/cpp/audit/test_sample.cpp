// The sampler: allocation worked by hand, order independence, reserves, sample sizes (§4).
#include "jobbench/audit/sample.hpp"

#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "jobbench/errors.hpp"

namespace jobbench::audit {
namespace {

const std::vector<std::string> kNames{"a", "b", "c"};

TEST(AuditAllocate, Equal) {
  EXPECT_EQ(allocate({100, 50, 60}, 15, Allocation::Equal, kNames), (std::vector<long>{5, 5, 5}));
  // a stratum smaller than its share is taken whole; 12 left for two strata
  EXPECT_EQ(allocate({100, 50, 3}, 15, Allocation::Equal, kNames), (std::vector<long>{6, 6, 3}));
  // the remainder goes to the largest stratum, ties to the earlier
  EXPECT_EQ(allocate({10, 20, 10}, 16, Allocation::Equal, kNames), (std::vector<long>{5, 6, 5}));
  EXPECT_EQ(allocate({10, 10, 10}, 16, Allocation::Equal, kNames), (std::vector<long>{6, 5, 5}));
}

TEST(AuditAllocate, Proportional) {
  // 10 * (1, 3, 6)/10 = 1, 3, 6: stratum a raised to 2, then 8 * (300, 600)/900 = 2.67, 5.33:
  // floors 2, 5, the last case to the larger remainder (b)
  EXPECT_EQ(allocate({100, 300, 600}, 10, Allocation::Proportional, kNames),
            (std::vector<long>{2, 3, 5}));
  EXPECT_EQ(allocate({200, 300, 500}, 10, Allocation::Proportional, kNames),
            (std::vector<long>{2, 3, 5}));
}

TEST(AuditAllocate, Errors) {
  EXPECT_THROW(allocate({5, 5, 5}, 16, Allocation::Equal, kNames), InputError);
  EXPECT_THROW(allocate({5, 5, 5}, 2, Allocation::Equal, kNames), InputError);
  EXPECT_THROW(allocate({5, 5, 5}, 5, Allocation::Proportional, kNames), InputError);
  EXPECT_THROW(allocate({5, 0, 5}, 4, Allocation::Equal, kNames), InputError);
  EXPECT_THROW(parse_allocation("random"), InputError);
}

SampleFrame frame_of(int per_stratum) {
  SampleFrame f;
  for (const std::string g : {"K1", "K2"}) {
    for (const std::string s : {"5-7", "7-10", "10+"}) {
      for (int i = 0; i < per_stratum; ++i) {
        f.group.push_back(g);
        f.stratum.push_back(s);
        f.case_id.push_back(s + "/" + std::to_string(i));
      }
    }
  }
  return f;
}

std::set<std::string> drawn(const SampleFrame& f, const std::vector<Draw>& d) {
  std::set<std::string> out;
  for (const Draw& x : d) {
    if (!x.reserve) out.insert(f.group[x.row] + ":" + f.case_id[x.row]);
  }
  return out;
}

TEST(AuditDraw, OrderIndependentAndSeeded) {
  const SampleFrame f = frame_of(20);
  const auto a = draw_sample(f, 15, Allocation::Equal, 7);
  ASSERT_EQ(a.size(), 30U);
  SampleFrame g = f;
  std::vector<std::size_t> perm(f.case_id.size());
  for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), std::mt19937(3));
  for (std::size_t i = 0; i < perm.size(); ++i) {
    g.group[i] = f.group[perm[i]], g.stratum[i] = f.stratum[perm[i]];
    g.case_id[i] = f.case_id[perm[i]];
  }
  EXPECT_EQ(drawn(f, a), drawn(g, draw_sample(g, 15, Allocation::Equal, 7)));
  EXPECT_NE(drawn(f, a), drawn(f, draw_sample(f, 15, Allocation::Equal, 8)));
  for (const Draw& d : a) {
    EXPECT_EQ(d.population, 20);
    EXPECT_EQ(d.sampled, 5);
    EXPECT_DOUBLE_EQ(d.weight, 4.0);
  }
}

TEST(AuditDraw, ReservesContinueTheDrawOrder) {
  const SampleFrame f = frame_of(7);
  const auto with = draw_sample(f, 15, Allocation::Equal, 1, 3);
  const auto without = draw_sample(f, 15, Allocation::Equal, 1);
  ASSERT_EQ(with.size(), 2U * 3U * 7U);  // 5 + 2 of 3 reserves: the stratum runs out
  EXPECT_EQ(drawn(f, with), drawn(f, without));
  EXPECT_TRUE(with[5].reserve);
  EXPECT_EQ(with[5].order, 6);
  EXPECT_FALSE(with[4].reserve);
  SampleFrame dup = f;
  dup.case_id[1] = dup.case_id[0];
  EXPECT_THROW(draw_sample(dup, 15, Allocation::Equal, 1), InputError);
}

TEST(AuditSampleSize, SpecFigures) {
  EXPECT_EQ(sample_size(0.10, 0.5, 0, 1.0, 0.95), 97);
  EXPECT_EQ(sample_size(0.10, 0.5, 4646, 1.0, 0.95), 95);
  EXPECT_EQ(sample_size(0.10, 0.5, 63, 1.0, 0.95), 39);
  EXPECT_THROW(sample_size(0.0, 0.5, 0, 1.0, 0.95), InputError);
  EXPECT_NEAR(allocation_design_effect({100, 300, 600}, {1, 3, 6}), 1.0, 1e-12);
  // equal: H sum N_h^2 / N^2 = 3 (1 + 9 + 36)/100 = 1.38
  EXPECT_NEAR(allocation_design_effect({100, 300, 600}, {5, 5, 5}), 1.38, 1e-12);
}

}  // namespace
}  // namespace jobbench::audit
