// Person-clustered standard errors of the register indicators: a hand-worked cell, aggregates,
// n < 2, and bit-identical results for any thread count, row order and partitioning.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

#include "jobbench/errors.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"

using namespace jobbench;

namespace {

RegisterSpec test_spec() {
  RegisterSpec s;
  s.groups = {{"adp", "A-dagpenge", true, false, "adp"},
              {"syg", "Sygedagpenge", true, true, "syg"},
              {"other", "Anden forsørgelse", false, false, ""}};
  s.offers = {{"vejl", "Vejledning", false}, {"praktik", "Virksomhedspraktik", true}};
  s.aggregates = {{"all", "adp + syg", {"adp", "syg"}}};
  s.period = {201301, 201352};
  return s;
}

// codes: group 0 adp, 1 syg, 2 other; offer 0 none, 1 vejl, 2 praktik
struct Panel {
  std::vector<std::int64_t> person;
  std::vector<std::int32_t> week, muni, conv;
  std::vector<std::int8_t> group, offer;
  std::vector<double> share;
  std::vector<std::uint8_t> sick;

  void add(std::int64_t p, std::int32_t w, std::int32_t m, int g, int o, double s = 1.0, int c = 0,
           bool partial = false) {
    person.push_back(p);
    week.push_back(w);
    muni.push_back(m);
    group.push_back(static_cast<std::int8_t>(g));
    offer.push_back(static_cast<std::int8_t>(o));
    share.push_back(s);
    conv.push_back(c);
    sick.push_back(partial ? 1 : 0);
  }
  PanelColumns columns() const {
    PanelColumns c;
    c.rows = person.size();
    c.person = person.data();
    c.week = week.data();
    c.municipality = muni.data();
    c.group = {group.data(), 1, {"adp", "syg", "other"}};
    c.offer = {offer.data(), 1, {"none", "vejl", "praktik"}};
    c.benefit_share = share.data();
    c.conversations = conv.data();
    c.partial_sick = sick.data();
    return c;
  }
  Panel subset(const std::vector<std::size_t>& idx) const {
    Panel q;
    for (auto i : idx) {
      q.add(person[i], week[i], muni[i], group[i], offer[i], share[i], conv[i], sick[i] != 0);
    }
    return q;
  }
  Panel permuted(unsigned seed) const {
    std::vector<std::size_t> idx(person.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::mt19937 rng(seed);
    std::shuffle(idx.begin(), idx.end(), rng);
    return subset(idx);
  }
};

std::size_t row_of(const IndicatorResult& r, std::int32_t muni, const std::string& unit) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.municipality[i] == muni && r.unit_codes[static_cast<std::size_t>(r.unit[i])] == unit)
      return i;
  }
  throw std::out_of_range("no row");
}

constexpr std::size_t kSI = 0, kAG = 1, kTI = 3, kDR = 6;

bool same_bits(const std::vector<std::vector<double>>& a,
               const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].size() != b[k].size()) return false;
    if (std::memcmp(a[k].data(), b[k].data(), a[k].size() * sizeof(double)) != 0) return false;
  }
  return true;
}

// Three persons in 2013 weeks 10.. of municipality 573 (totals x_i = weeks, y_i = offer weeks):
//   1: 4 adp weeks, an offer in 2 of them (one new offer);  (x, y) = (4, 2)
//   2: 2 weeks without an offer, in `group2`;                (x, y) = (2, 0)
//   3: 6 adp weeks, all with an offer (one new offer);        (x, y) = (6, 6)
Panel three_persons(int group2) {
  Panel p;
  for (int k = 0; k < 4; ++k) p.add(1, 201310 + k, 573, 0, k < 2 ? 1 : 0, 1.0, 1);
  for (int k = 0; k < 2; ++k) p.add(2, 201310 + k, 573, group2, 0, 1.0, 0);
  for (int k = 0; k < 6; ++k) p.add(3, 201310 + k, 573, 0, 1, 1.0, 2);
  return p;
}

IndicatorOptions options(unsigned threads = 1) {
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  opt.check_coverage = false;
  opt.threads = threads;
  return opt;
}

}  // namespace

TEST(StandardErrors, HandWorkedCellOfThreePersons) {
  const IndicatorResult r = compute_indicators(test_spec(), three_persons(0).columns(), options());
  ASSERT_TRUE(r.standard_errors);
  const std::size_t i = row_of(r, 573, "adp");
  ASSERT_EQ(r.persons[i], 3);
  // AG: X = 12, Y = 8, R = 2/3; residuals -2/3, -4/3, 2; Σ² = 56/9;
  // V = 3/2 · 56/9 / 144 = 7/108.
  EXPECT_DOUBLE_EQ(r.ag[i], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.se[kAG][i], std::sqrt(7.0 / 108.0));
  const double z = 1.959963984540054;
  EXPECT_NEAR(r.lower[kAG][i], 2.0 / 3.0 - z * std::sqrt(7.0 / 108.0), 1e-15);
  EXPECT_EQ(r.upper[kAG][i], 1.0);  // 1.166 clipped: a share
  EXPECT_NEAR(r.upper[kTI][i], r.ti[i] + z * r.se[kTI][i], 1e-12);  // a rate: not clipped above
  // TI = new offers per person-year: o = (1, 0, 1), r = 2/12 per full-time week; residuals
  // 1/3, -1/3, 0; V = 3/2 · (2/9) / 144 = 1/432 per week², times 52² per person-year².
  EXPECT_DOUBLE_EQ(r.ti[i], 52.0 * 2.0 / 12.0);
  EXPECT_DOUBLE_EQ(r.se[kTI][i], 52.0 * std::sqrt(1.0 / 432.0));
  // SI = 13 · conversations / fw: c = (4, 0, 12), r = 16/12; residuals 4 - 16/3 = -4/3,
  // -8/3, 12 - 8 = 4; Σ² = 16/9 + 64/9 + 144/9 = 224/9; V = 3/2 · 224/9 / 144 = 7/27.
  EXPECT_DOUBLE_EQ(r.si[i], 13.0 * 16.0 / 12.0);
  EXPECT_DOUBLE_EQ(r.se[kSI][i], 13.0 * std::sqrt(7.0 / 27.0));
  // the aggregate and the total hold the same three persons
  EXPECT_DOUBLE_EQ(r.se[kAG][row_of(r, 573, "all")], std::sqrt(7.0 / 108.0));
}

TEST(StandardErrors, AggregateSumsAPersonOverItsGroupsAndFewPersonsAreNaN) {
  // person 2 in syg: the adp cell holds persons 1 and 3, the aggregate all three
  const IndicatorResult r = compute_indicators(test_spec(), three_persons(1).columns(), options());
  const std::size_t adp = row_of(r, 573, "adp");
  // X = 10, Y = 8, R = 0.8; residuals -1.2, 1.2; V = 2 · 2.88 / 100 = 0.0576
  EXPECT_NEAR(r.se[kAG][adp], 0.24, 1e-15);
  EXPECT_DOUBLE_EQ(r.se[kAG][row_of(r, 573, "all")], std::sqrt(7.0 / 108.0));
  // syg: one person (n = 1) -> NaN, and its one spell: DR's se NaN too; interval NaN
  const std::size_t syg = row_of(r, 573, "syg");
  EXPECT_EQ(r.persons[syg], 1);
  EXPECT_TRUE(std::isnan(r.se[kAG][syg]));
  EXPECT_TRUE(std::isnan(r.lower[kAG][syg]));
  EXPECT_EQ(r.spells[syg], 1);
  EXPECT_TRUE(std::isnan(r.se[kDR][syg]));
  // no rows at all (n = 0): NaN
  EXPECT_TRUE(std::isnan(r.se[kAG][row_of(r, 573, "other")]));
}

TEST(StandardErrors, DrClusteredBySpellsOfAPerson) {
  // persons 1-3 in syg: (spells, partial) = (2, 1), (1, 0), (1, 1): DR = 2/4
  Panel p;
  for (int k = 0; k < 3; ++k) p.add(1, 201310 + k, 573, 1, 0, 1.0, 0, k == 0);
  for (int k = 0; k < 3; ++k) p.add(1, 201320 + k, 573, 1, 0, 1.0, 0, false);
  for (int k = 0; k < 2; ++k) p.add(2, 201310 + k, 573, 1, 0);
  for (int k = 0; k < 2; ++k) p.add(3, 201310 + k, 573, 1, 0, 1.0, 0, true);
  const IndicatorResult r = compute_indicators(test_spec(), p.columns(), options());
  const std::size_t i = row_of(r, 573, "syg");
  ASSERT_EQ(r.spells[i], 4);
  EXPECT_DOUBLE_EQ(r.dr[i], 0.5);
  // residuals 1 - 1 = 0, 0 - 0.5, 1 - 0.5; Σ² = 0.5; V = 3/2 · 0.5 / 16 = 3/64
  EXPECT_DOUBLE_EQ(r.se[kDR][i], std::sqrt(3.0 / 64.0));
}

/// The linearised SE of Y / X from per-person (x_i, y_i), in long double.
double expected_ratio_se(const std::vector<std::pair<double, double>>& xy) {
  long double X = 0, Y = 0;
  for (const auto& [x, y] : xy) {
    X += x;
    Y += y;
  }
  const long double R = Y / X;
  long double q = 0;
  for (const auto& [x, y] : xy) q += (y - R * x) * (y - R * x);
  const long double n = static_cast<long double>(xy.size());
  return static_cast<double>(std::sqrt(n / (n - 1) * q) / X);
}

TEST(StandardErrors, LargeProductsAndSumsStayExact) {
  // conversations of 2^30 a week: a person's count from 2^31 on needs 128-bit products, in a
  // cell (person 1's adp) or only in the unit of two cells (person 4)
  const int big = 1 << 30;
  Panel p;
  for (int k = 0; k < 2; ++k) p.add(1, 201310 + k, 573, 0, 0, 1.0, big);
  p.add(1, 201312, 573, 1, 0, 1.0, big);
  p.add(2, 201310, 573, 0, 0, 1.0, 0);
  p.add(2, 201311, 573, 1, 0, 1.0, big / 2);
  for (int k = 0; k < 3; ++k) p.add(3, 201310 + k, 573, 0, 0, 1.0, big);
  p.add(4, 201310, 573, 0, 0, 1.0, big);
  p.add(4, 201311, 573, 1, 0, 1.0, big);
  // municipality 575: fw_i c_i just below 2^22, 2^62 units of 2^-40 each, so that the 64-bit
  // running sum of Σ fw_i c_i moves to 128 bits
  const int most = (1 << 22) - 1;
  for (std::int64_t person = 5; person <= 7; ++person) p.add(person, 201310, 575, 0, 0, 1.0, most);
  p.add(8, 201310, 575, 0, 0, 1.0, 0);
  const double b = big;
  for (unsigned threads : {1u, 2u}) {
    const IndicatorResult r = compute_indicators(test_spec(), p.columns(), options(threads));
    const std::size_t adp = row_of(r, 573, "adp"), all = row_of(r, 573, "all");
    // adp: (x, y) = (2, 2b), (1, 0), (3, 3b), (1, b); all: (3, 3b), (2, b/2), (3, 3b), (2, 2b)
    EXPECT_NEAR(r.se[kSI][adp], 13.0 * expected_ratio_se({{2, 2 * b}, {1, 0}, {3, 3 * b}, {1, b}}),
                1e-9 * r.se[kSI][adp]);
    EXPECT_NEAR(r.se[kSI][all],
                13.0 * expected_ratio_se({{3, 3 * b}, {2, b / 2}, {3, 3 * b}, {2, 2 * b}}),
                1e-9 * r.se[kSI][all]);
    const double m = most;
    EXPECT_NEAR(r.se[kSI][row_of(r, 575, "adp")],
                13.0 * expected_ratio_se({{1, m}, {1, m}, {1, m}, {1, 0}}),
                1e-9 * r.se[kSI][row_of(r, 575, "adp")]);
  }
}

TEST(StandardErrors, SameBitsForAnyThreadCountRowOrderAndPartition) {
  std::mt19937 rng(3);
  Panel p;
  for (std::int64_t person = 0; person < 4000; ++person) {
    std::int32_t i = iso_week_index(201240) + static_cast<int>(rng() % 30);
    const int len = 5 + static_cast<int>(rng() % 60);
    const std::int32_t muni = 100 + static_cast<int>(rng() % 4);
    for (int k = 0; k < len; ++k, ++i) {
      if (rng() % 10 == 0) ++i;
      const int g = static_cast<int>(rng() % 3);
      const int o = static_cast<int>(rng() % 3);
      const double share = (rng() % 4 == 0) ? 0.1 + 0.9 * (rng() % 1000) / 1000.0 : 1.0;
      p.add(person, iso_week_from_index(i), muni, g, o, share, static_cast<int>(rng() % 3),
            rng() % 5 == 0);
    }
  }
  const IndicatorResult one = compute_indicators(test_spec(), p.columns(), options(1));
  std::size_t finite = 0;
  for (double v : one.se[kAG]) finite += std::isfinite(v) && v > 0.0 ? 1 : 0;
  EXPECT_GT(finite, one.size() / 2);
  for (unsigned t : {2u, 3u, 8u}) {
    const IndicatorResult many = compute_indicators(test_spec(), p.columns(), options(t));
    EXPECT_GT(many.threads, 1u);
    EXPECT_TRUE(same_bits(many.se, one.se)) << t << " threads";
    EXPECT_TRUE(same_bits(many.lower, one.lower));
    EXPECT_TRUE(same_bits(many.upper, one.upper));
  }
  const IndicatorResult shuffled =
      compute_indicators(test_spec(), p.permuted(9).columns(), options(2));
  EXPECT_FALSE(shuffled.sorted_input);
  EXPECT_TRUE(same_bits(shuffled.se, one.se));
  // person-aligned parts (odd / even persons), serialised and merged
  std::vector<std::size_t> odd, even;
  for (std::size_t i = 0; i < p.person.size(); ++i) (p.person[i] % 2 ? odd : even).push_back(i);
  const auto pa = accumulate(test_spec(), p.subset(odd).columns(), options());
  const auto pb = IndicatorPartial::from_words(
      accumulate(test_spec(), p.subset(even).columns(), options()).to_words());
  const IndicatorResult merged = finalize(test_spec(), merge({pb, pa}), options());
  EXPECT_TRUE(same_bits(merged.se, one.se));
  EXPECT_TRUE(same_bits(merged.upper, one.upper));
}

TEST(StandardErrors, ToggleAndLevel) {
  IndicatorOptions off = options();
  off.standard_errors = false;
  const Panel p = three_persons(0);
  const IndicatorPartial partial = accumulate(test_spec(), p.columns(), off);
  EXPECT_FALSE(partial.standard_errors);
  EXPECT_TRUE(partial.moments.empty());
  const IndicatorResult r = finalize(test_spec(), partial, off);
  EXPECT_FALSE(r.standard_errors);
  EXPECT_TRUE(r.se.empty());
  // a partial without moments cannot give standard errors; a bad level is an error
  EXPECT_THROW(finalize(test_spec(), partial, options()), InputError);
  IndicatorOptions bad = options();
  bad.level = 1.0;
  EXPECT_THROW(compute_indicators(test_spec(), p.columns(), bad), InputError);
  // the same values without them; a wider interval at 99 %
  const IndicatorResult with = compute_indicators(test_spec(), p.columns(), options());
  EXPECT_TRUE(same_bits({with.ag, with.ti, with.dr}, {r.ag, r.ti, r.dr}));
  IndicatorOptions wide = options();
  wide.level = 0.99;
  const IndicatorResult w = compute_indicators(test_spec(), p.columns(), wide);
  const std::size_t i = row_of(w, 573, "adp");
  EXPECT_LT(w.lower[kAG][i], with.lower[kAG][i]);
  EXPECT_NEAR(w.ag[i] - w.lower[kAG][i], 2.5758293035489 * std::sqrt(7.0 / 108.0), 1e-12);
}
