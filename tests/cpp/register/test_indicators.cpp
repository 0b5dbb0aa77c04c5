#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "jobbench/errors.hpp"
#include "jobbench/register/exact_sum.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"

using namespace jobbench;
using ::testing::HasSubstr;

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

// A small panel, built row by row (codes: group 0 adp, 1 syg, 2 other; offer 0 none, 1 vejl,
// 2 praktik).
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
  // weeks w0..w1 (YYYYWW of consecutive index range)
  void run(std::int64_t p, std::int32_t w0, int count, std::int32_t m, int g, int o) {
    const std::int32_t i0 = iso_week_index(w0);
    for (int k = 0; k < count; ++k) add(p, iso_week_from_index(i0 + k), m, g, o);
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
  Panel permuted(unsigned seed) const {
    std::vector<std::size_t> idx(person.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::mt19937 rng(seed);
    std::shuffle(idx.begin(), idx.end(), rng);
    Panel q;
    for (auto i : idx) add_to(q, i);
    return q;
  }
  void add_to(Panel& q, std::size_t i) const {
    q.add(person[i], week[i], muni[i], group[i], offer[i], share[i], conv[i], sick[i] != 0);
  }
};

std::size_t row_of(const IndicatorResult& r, std::int32_t muni, const std::string& unit) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.municipality[i] == muni && r.unit_codes[static_cast<std::size_t>(r.unit[i])] == unit)
      return i;
  }
  throw std::out_of_range("no row");
}

}  // namespace

TEST(ExactSum, OrderIndependentAndCorrectlyRounded) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> xs;
  for (int i = 0; i < 20000; ++i) xs.push_back(u(rng) * (i % 7 == 0 ? 1e-25 : 1.0));
  xs.push_back(4.9406564584124654e-324);  // subnormal
  ExactSum forward, backward, halves_a, halves_b;
  for (double x : xs) forward.add(x);
  for (auto it = xs.rbegin(); it != xs.rend(); ++it) backward.add(*it);
  for (std::size_t i = 0; i < xs.size(); ++i) (i % 2 ? halves_a : halves_b).add(xs[i]);
  halves_a.merge(halves_b);
  EXPECT_EQ(forward.value(), backward.value());
  EXPECT_EQ(forward.value(), halves_a.value());
  // compare with a long double Kahan sum: equal to within one ulp
  long double ref = 0;
  for (double x : xs) ref += x;
  EXPECT_NEAR(forward.value(), static_cast<double>(ref), 1e-9);
  ExactSum tenth;
  for (int i = 0; i < 10; ++i) tenth.add(0.1);
  EXPECT_EQ(tenth.value(), 1.0);  // the exact sum of ten 0.1 doubles rounds to 1.0
  ExactSum empty;
  EXPECT_EQ(empty.value(), 0.0);
  std::vector<std::uint64_t> words;
  forward.append_words(words);
  std::size_t pos = 0;
  EXPECT_EQ(ExactSum::from_words(words, pos).value(), forward.value());
}

TEST(Indicators, HandComputedSmallPanel) {
  Panel p;
  // person 1: adp in municipality 573 from 2012W40 to 2013W30 (43 + ... rows), offer vejl
  // 2013W05-W09, pause of 4 weeks (W10-W13: no offer), vejl again W14-W15 -> that is a pause of 4
  // weeks, i.e. index difference 5: a new offer.
  for (int k = 0; k < 30; ++k) {
    const std::int32_t w = iso_week_from_index(iso_week_index(201301) + k);
    int offer = 0;
    const int wk = w % 100;
    if (wk >= 5 && wk <= 9) offer = 1;
    if (wk >= 14 && wk <= 15) offer = 1;
    if (wk >= 16 && wk <= 18) offer = 2;  // switch of type: new, company-directed
    p.add(1, w, 573, 0, offer, 1.0, wk == 3 ? 2 : 0);
  }
  // person 2: sickness spell 2013W10-W12 (partial in W11), then again W20-W21 in 540
  p.add(2, 201310, 573, 1, 0, 0.5, 1, false);
  p.add(2, 201311, 573, 1, 0, 0.5, 0, true);
  p.add(2, 201312, 573, 1, 0, 0.5, 0, false);
  p.add(2, 201320, 540, 1, 0, 1.0, 0, false);
  p.add(2, 201321, 540, 1, 0, 1.0, 0, false);
  // coverage: person 3 in "other" from 2012W40 to 2014W10
  p.run(3, 201240, 75, 540, 2, 0);

  IndicatorOptions opt;
  opt.period = {201301, 201352};
  const IndicatorResult r = compute_indicators(test_spec(), p.columns(), opt);
  EXPECT_TRUE(r.sorted_input);
  EXPECT_EQ(r.period_weeks, 52);
  const auto a = row_of(r, 573, "adp");
  EXPECT_EQ(r.rows[a], 30);
  EXPECT_DOUBLE_EQ(r.fw[a], 30.0);
  EXPECT_DOUBLE_EQ(r.py[a], 30.0 / 52.0);
  EXPECT_EQ(r.conversations[a], 2);
  EXPECT_DOUBLE_EQ(r.si[a], 13.0 * 2 / 30.0);
  EXPECT_EQ(r.new_offers[a], 3);  // W05, W14 (after a 4-week pause), W16 (switch)
  EXPECT_EQ(r.new_company_offers[a], 1);
  EXPECT_DOUBLE_EQ(r.ag[a], 10.0 / 30.0);
  EXPECT_DOUBLE_EQ(r.vag[a], 3.0 / 30.0);
  EXPECT_DOUBLE_EQ(r.ti[a], 3.0 / (30.0 / 52.0));
  // E = 2012W40..2013W39; person 1's rows W01..W30: rows W18..W30 have no row 13 weeks later
  EXPECT_EQ(r.e_rows[a], 30);
  EXPECT_EQ(r.e_self_rows[a], 13);
  EXPECT_DOUBLE_EQ(r.jr[a], 13.0 / 30.0);
  const auto s573 = row_of(r, 573, "syg");
  EXPECT_EQ(r.spells[s573], 1);
  EXPECT_EQ(r.spells_partial[s573], 1);
  EXPECT_DOUBLE_EQ(r.dr[s573], 1.0);
  EXPECT_DOUBLE_EQ(r.fw[s573], 1.5);
  const auto s540 = row_of(r, 540, "syg");
  EXPECT_EQ(r.spells[s540], 1);
  EXPECT_DOUBLE_EQ(r.dr[s540], 0.0);
  EXPECT_TRUE(std::isnan(r.dr[row_of(r, 573, "adp")]));
  const auto t573 = row_of(r, 573, "total");
  EXPECT_EQ(r.persons[t573], 2);
  EXPECT_DOUBLE_EQ(r.fw[t573], 31.5);
  const auto o540 = row_of(r, 540, "other");
  EXPECT_EQ(r.rows[o540], 52);
  EXPECT_EQ(r.persons[row_of(r, 540, "total")], 1);  // "other" is not a target group
  EXPECT_EQ(r.persons[row_of(r, 573, "all")], 2);
}

TEST(Indicators, SameResultForAnyThreadCountAndRowOrder) {
  std::mt19937 rng(11);
  Panel p;
  for (std::int64_t person = 0; person < 3000; ++person) {
    std::int32_t i = iso_week_index(201240) + static_cast<int>(rng() % 30);
    const int len = 5 + static_cast<int>(rng() % 60);
    const std::int32_t muni = 100 + static_cast<int>(rng() % 5);
    for (int k = 0; k < len; ++k, ++i) {
      if (rng() % 10 == 0) ++i;  // gaps
      const int g = static_cast<int>(rng() % 3);
      const int o = static_cast<int>(rng() % 3);
      const double share = (rng() % 4 == 0) ? 0.1 + 0.9 * (rng() % 1000) / 1000.0 : 1.0;
      p.add(person, iso_week_from_index(i), muni, g, o, share, static_cast<int>(rng() % 3),
            rng() % 5 == 0);
    }
  }
  p.run(999999, 201230, 90, 100, 2, 0);
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  opt.threads = 1;
  const IndicatorResult one = compute_indicators(test_spec(), p.columns(), opt);
  for (unsigned t : {2u, 3u, 8u}) {
    opt.threads = t;
    const IndicatorResult many = compute_indicators(test_spec(), p.columns(), opt);
    EXPECT_EQ(many.fw, one.fw);
    EXPECT_EQ(many.new_offers, one.new_offers);
    EXPECT_EQ(many.persons, one.persons);
    EXPECT_EQ(many.e_self_fw, one.e_self_fw);
    EXPECT_EQ(many.spells, one.spells);
  }
  const Panel shuffled = p.permuted(5);
  opt.threads = 2;
  const IndicatorResult s = compute_indicators(test_spec(), shuffled.columns(), opt);
  EXPECT_FALSE(s.sorted_input);
  EXPECT_EQ(s.fw, one.fw);
  EXPECT_EQ(s.jr, one.jr);
  EXPECT_EQ(s.new_company_offers, one.new_company_offers);
  EXPECT_EQ(s.spells_partial, one.spells_partial);
  EXPECT_EQ(s.e_persons, one.e_persons);
}

TEST(Indicators, PartialsMergeExactlyAndSerialise) {
  Panel a, b;
  a.run(1, 201240, 70, 573, 0, 1);
  b.run(2, 201240, 70, 573, 1, 2);
  Panel both;
  for (std::size_t i = 0; i < a.person.size(); ++i) a.add_to(both, i);
  for (std::size_t i = 0; i < b.person.size(); ++i) b.add_to(both, i);
  IndicatorOptions opt;
  opt.check_coverage = false;
  opt.period = {201301, 201352};
  const auto pa = accumulate(test_spec(), a.columns(), opt);
  const auto pb =
      IndicatorPartial::from_words(accumulate(test_spec(), b.columns(), opt).to_words());
  opt.check_coverage = true;
  const auto merged = finalize(test_spec(), merge({pa, pb}), opt);
  const auto whole = compute_indicators(test_spec(), both.columns(), opt);
  EXPECT_EQ(merged.fw, whole.fw);
  EXPECT_EQ(merged.persons, whole.persons);
  EXPECT_EQ(merged.new_offers, whole.new_offers);
}

TEST(Indicators, BadInputNamesRuleRowsAndCount) {
  Panel p;
  p.run(1, 201240, 70, 573, 0, 0);
  p.add(1, 201240, 573, 0, 0);           // duplicate person-week (row 70)
  p.add(2, 201253, 573, 0, 0);           // 2012 has 52 weeks
  p.add(3, 201301, 573, 0, 0, 1.5);      // share > 1
  p.add(4, 201302, 573, 0, 0, 1.0, -1);  // negative conversations
  p.add(5, 201303, 573, 7, 0);           // unknown group code
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  try {
    compute_indicators(test_spec(), p.columns(), opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_THAT(m, HasSubstr("2 rows break rule 'duplicate person-week'"));
    EXPECT_THAT(m, HasSubstr("row 0 (person 1, week 201240)"));
    EXPECT_THAT(m, HasSubstr("row 70 (person 1, week 201240)"));
    EXPECT_THAT(m, HasSubstr("1 row breaks rule 'invalid ISO week'"));
    EXPECT_THAT(m, HasSubstr("row 71 (person 2, week 201253)"));
    EXPECT_THAT(m, HasSubstr("benefit_share 1.5"));
    EXPECT_THAT(m, HasSubstr("conversations -1"));
    EXPECT_THAT(m, HasSubstr("group <missing>"));
  }
  opt.drop_invalid = true;
  const auto r = compute_indicators(test_spec(), p.columns(), opt);
  EXPECT_EQ(r.input_rows, 75);
  EXPECT_EQ(r.used_rows, 69);  // both rows of the duplicated week go
  ASSERT_EQ(r.dropped.size(), 5u);
  EXPECT_EQ(r.dropped[0].count, 2);
}

TEST(Indicators, PeriodNotCoveredIsAnError) {
  Panel p;
  p.run(1, 201301, 20, 573, 0, 0);
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  try {
    compute_indicators(test_spec(), p.columns(), opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("2013W01-2013W52 is not covered"));
  }
}

TEST(Indicators, RowsNamedAsFileLinesWithSource) {
  Panel p;
  p.run(1, 201301, 52, 573, 0, 0);
  p.add(2, 201253, 573, 0, 0);  // row 52: line 54 of a CSV file with a header
  PanelColumns c = p.columns();
  c.source = "panel.csv";
  c.first_row = 2;
  c.lines = true;
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  try {
    compute_indicators(test_spec(), c, opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_THAT(m, HasSubstr("register panel panel.csv: 1 row breaks rule 'invalid ISO week'"));
    EXPECT_THAT(m, HasSubstr("line 54 (person 2, week 201253)"));
    EXPECT_EQ(m.find('\n'), std::string::npos);
  }
  c.lines = false;
  c.first_row = 1000;  // a record batch starting at table row 1000
  try {
    compute_indicators(test_spec(), c, opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("row 1052 (person 2, week 201253)"));
  }
}

TEST(Indicators, EmptyPanelAndAllRowsDroppedAreNamed) {
  Panel empty;
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  try {
    compute_indicators(test_spec(), empty.columns(), opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("the panel has no rows"));
  }
  Panel bad;
  bad.add(1, 201253, 573, 0, 0);
  opt.drop_invalid = true;
  try {
    compute_indicators(test_spec(), bad.columns(), opt);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("no rows left after dropping 1 invalid rows"));
  }
}

TEST(FixedSum, ExactOnMultiplesOfTwoToTheMinus40AndIndependentOfOrder) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> units(0, std::uint64_t{1} << 40);
  std::uniform_real_distribution<double> u(0.0, 3.0);
  std::vector<double> grid, any;
  for (int k = 0; k < 5000; ++k) {
    grid.push_back(std::ldexp(static_cast<double>(units(rng)), -40));  // exact in 2^-40 units
    any.push_back(u(rng) * (k % 7 == 0 ? 1e-12 : 1.0));
  }
  ExactSum exact;
  FixedSum on_grid, forward, backward, half_a, half_b;
  for (double x : grid) {
    exact.add(x);
    on_grid.add_fixed(x);
  }
  EXPECT_EQ(on_grid.value(), exact.value());
  for (double x : any) forward.add_fixed(x);
  for (auto it = any.rbegin(); it != any.rend(); ++it) backward.add_fixed(*it);
  for (std::size_t k = 0; k < any.size(); ++k) (k % 2 ? half_a : half_b).add_fixed(any[k]);
  half_a.merge(half_b);
  EXPECT_EQ(backward.value(), forward.value());
  EXPECT_EQ(half_a.value(), forward.value());
  std::vector<std::uint64_t> words;
  forward.append_words(words);
  std::size_t pos = 0;
  EXPECT_EQ(FixedSum::from_words(words, pos).value(), forward.value());
  EXPECT_EQ(pos, 2u);
}

TEST(FixedSum, RoundsEachTermToTheNearestTwoToTheMinus40) {
  FixedSum below_half, above_half, half, large;
  below_half.add_fixed(0x1p-42);      // a quarter unit: 0
  above_half.add_fixed(3 * 0x1p-42);  // three quarters: 1 unit
  half.add_fixed(0x1p-41);            // a half: up
  large.add_fixed(0x1p60 + 0x1p8);    // above 2^22: exact, in 128 bits
  large.add_fixed(0x1p60);
  EXPECT_EQ(below_half.value(), 0.0);
  EXPECT_EQ(above_half.value(), 0x1p-40);
  EXPECT_EQ(half.value(), 0x1p-40);
  EXPECT_EQ(large.value(), 0x1p61 + 0x1p8);
}
