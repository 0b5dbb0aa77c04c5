// The register engine on one panel in every row order it meets: sorted by person (one pass),
// sorted by week or in a few sorted batches (runs merged by person, runs.cpp) and shuffled (rows
// partitioned by person in rounds, partition.cpp). Results are bit-identical; bad input gets the
// same rules and counts, with the rows named by their position in the input as given.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "jobbench/errors.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"

using namespace jobbench;
using ::testing::HasSubstr;

namespace {

RegisterSpec spec_with_status() {
  RegisterSpec s;
  s.groups = {{"adp", "A-dagpenge", true, false, "adp"},
              {"syg", "Sygedagpenge", true, true, "syg"},
              {"other", "Anden forsørgelse", false, false, ""},
              {"job", "Beskæftigelse", false, false, ""}};
  s.groups[3].self_supporting = true;
  s.offers = {{"vejl", "Vejledning", false}, {"praktik", "Virksomhedspraktik", true}};
  s.aggregates = {{"all", "adp + syg", {"adp", "syg"}}};
  s.period = {201301, 201352};
  return s;
}

struct Row {
  std::int64_t person;
  std::int32_t week, muni, conv;
  std::int8_t group, offer;
  double share;
  std::uint8_t sick;
};

/// Columns of rows in a given order (codes: group 0 adp, 1 syg, 2 other, 3 job; offer 0 none).
struct Columns {
  std::vector<std::int64_t> person;
  std::vector<std::int32_t> week, muni, conv;
  std::vector<std::int8_t> group, offer;
  std::vector<double> share;
  std::vector<std::uint8_t> sick;

  explicit Columns(const std::vector<Row>& rows) {
    for (const Row& r : rows) {
      person.push_back(r.person);
      week.push_back(r.week);
      muni.push_back(r.muni);
      conv.push_back(r.conv);
      group.push_back(r.group);
      offer.push_back(r.offer);
      share.push_back(r.share);
      sick.push_back(r.sick);
    }
  }
  PanelColumns panel() const {
    PanelColumns c;
    c.rows = person.size();
    c.person = person.data();
    c.week = week.data();
    c.municipality = muni.data();
    c.group = {group.data(), 1, {"adp", "syg", "other", "job"}};
    c.offer = {offer.data(), 1, {"none", "vejl", "praktik"}};
    c.benefit_share = share.data();
    c.conversations = conv.data();
    c.partial_sick = sick.data();
    return c;
  }
};

bool by_person_week(const Row& a, const Row& b) {
  return a.person != b.person ? a.person < b.person : a.week < b.week;
}

/// Persons with spells over 2011W40-2014W10 (beyond the job-rate and measurement weeks on both
/// sides), sickness runs that reach outside them, status weeks and offers; sorted by person, week.
std::vector<Row> random_panel(int persons, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Row> rows;
  const std::int32_t first = iso_week_index(201140), last = iso_week_index(201410);
  for (std::int64_t p = 0; p < persons; ++p) {
    const std::int64_t id = 1000003 * p % 9999991 + 7;  // not in input order
    std::int32_t w = first + static_cast<std::int32_t>(rng() % 100);
    const std::int32_t muni = 101 + static_cast<std::int32_t>(rng() % 4);
    const int len = 3 + static_cast<int>(rng() % 80);
    int g = static_cast<int>(rng() % 4);
    for (int k = 0; k < len && w <= last; ++k, ++w) {
      if (rng() % 8 == 0) g = static_cast<int>(rng() % 4);
      if (rng() % 12 == 0) ++w;  // a gap
      const bool status = g == 3;
      const int o = status ? 0 : static_cast<int>(rng() % 3);
      const double share = status ? 0.0 : (rng() % 3 == 0 ? (1 + rng() % 100) / 100.0 : 1.0);
      rows.push_back({id, iso_week_from_index(w), muni, static_cast<std::int32_t>(rng() % 3),
                      static_cast<std::int8_t>(g), static_cast<std::int8_t>(o), share,
                      static_cast<std::uint8_t>(g == 1 && rng() % 4 == 0)});
    }
  }
  std::sort(rows.begin(), rows.end(), by_person_week);
  return rows;
}

std::vector<Row> by_week(std::vector<Row> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.week != b.week ? a.week < b.week : a.person < b.person;
  });
  return rows;
}

std::vector<Row> shuffled(std::vector<Row> rows, unsigned seed) {
  std::mt19937 rng(seed);
  std::shuffle(rows.begin(), rows.end(), rng);
  return rows;
}

/// Sorted batches of `k` random slices of the rows, appended (persons span batches).
std::vector<Row> sorted_batches(const std::vector<Row>& sorted, int k, unsigned seed) {
  std::vector<Row> rows = shuffled(sorted, seed);
  std::vector<Row> out;
  for (int b = 0; b < k; ++b) {
    std::vector<Row> part(rows.begin() + static_cast<std::ptrdiff_t>(rows.size() * b / k),
                          rows.begin() + static_cast<std::ptrdiff_t>(rows.size() * (b + 1) / k));
    std::sort(part.begin(), part.end(), by_person_week);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

IndicatorResult run(const std::vector<Row>& rows, unsigned threads, bool drop = false) {
  const Columns c(rows);
  IndicatorOptions opt;
  opt.period = {201301, 201352};
  opt.threads = threads;
  opt.drop_invalid = drop;
  return compute_indicators(spec_with_status(), c.panel(), opt);
}

void expect_same(const IndicatorResult& a, const IndicatorResult& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(a.municipality, b.municipality);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.persons, b.persons);
  EXPECT_EQ(a.conversations, b.conversations);
  EXPECT_EQ(a.new_offers, b.new_offers);
  EXPECT_EQ(a.new_company_offers, b.new_company_offers);
  EXPECT_EQ(a.e_rows, b.e_rows);
  EXPECT_EQ(a.e_persons, b.e_persons);
  EXPECT_EQ(a.e_self_rows, b.e_self_rows);
  EXPECT_EQ(a.spells, b.spells);
  EXPECT_EQ(a.spells_partial, b.spells_partial);
  EXPECT_EQ(a.fw, b.fw);  // doubles compared bit for bit (no NaN in these)
  EXPECT_EQ(a.active_fw, b.active_fw);
  EXPECT_EQ(a.company_fw, b.company_fw);
  EXPECT_EQ(a.e_fw, b.e_fw);
  EXPECT_EQ(a.e_self_fw, b.e_self_fw);
  ASSERT_EQ(a.se.size(), b.se.size());
  for (std::size_t k = 0; k < a.se.size(); ++k) {
    for (std::size_t i = 0; i < a.se[k].size(); ++i) {
      const double x = a.se[k][i], y = b.se[k][i];
      EXPECT_TRUE((std::isnan(x) && std::isnan(y)) || x == y) << "se " << k << " row " << i;
    }
  }
  EXPECT_EQ(a.used_rows, b.used_rows);
}

std::string error_of(const std::vector<Row>& rows) {
  try {
    run(rows, 2);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(RowOrders, EveryOrderGivesTheSameBits) {
  const std::vector<Row> sorted = random_panel(4000, 3);
  ASSERT_GT(sorted.size(), 60000u);  // shuffled: more than one round of keys
  const IndicatorResult ref = run(sorted, 1);
  EXPECT_TRUE(ref.sorted_input);
  const std::vector<std::pair<std::string, std::vector<Row>>> orders = {
      {"by week", by_week(sorted)},
      {"shuffled", shuffled(sorted, 9)},
      {"3 sorted batches", sorted_batches(sorted, 3, 4)},
      {"600 sorted batches", sorted_batches(sorted, 600, 5)},
      {"reversed", std::vector<Row>(sorted.rbegin(), sorted.rend())}};
  for (const auto& [name, rows] : orders) {
    for (unsigned threads : {1u, 2u, 5u}) {
      const IndicatorResult r = run(rows, threads);
      EXPECT_FALSE(r.sorted_input);
      expect_same(ref, r, name + ", threads " + std::to_string(threads));
    }
  }
}

TEST(RowOrders, DuplicatesAreFoundWithinAndAcrossRuns) {
  std::vector<Row> sorted = random_panel(300, 8);
  // Row 5's person-week again, with another group (a status row): a duplicate in every order.
  Row twin = sorted[5];
  twin.group = 3;
  twin.offer = 0;
  sorted.push_back(twin);
  const Row single = sorted[40];
  sorted.push_back(single);
  std::sort(sorted.begin(), sorted.end(), by_person_week);
  for (const auto& rows :
       {sorted, by_week(sorted), shuffled(sorted, 2), sorted_batches(sorted, 7, 3)}) {
    const std::string m = error_of(rows);
    EXPECT_THAT(m, HasSubstr("4 rows break rule 'duplicate person-week'"));
    // the first rows named are the smallest positions of the duplicated rows in this order
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      if ((r.person == twin.person && r.week == twin.week) ||
          (r.person == single.person && r.week == single.week)) {
        at.push_back(i);
      }
    }
    ASSERT_EQ(at.size(), 4u);
    for (const std::size_t i : at) EXPECT_THAT(m, HasSubstr("row " + std::to_string(i) + " "));
    // dropped, every order gives the same bits
    const IndicatorResult dropped = run(rows, 2, true);
    EXPECT_EQ(dropped.used_rows, static_cast<std::int64_t>(rows.size()) - 4);
    ASSERT_EQ(dropped.dropped.size(), 1u);
    EXPECT_EQ(dropped.dropped[0].count, 4);
    expect_same(run(sorted, 1, true), dropped, "dropped duplicates");
  }
}

TEST(RowOrders, OtherRulesKeepTheirCountsAndRowsInEveryOrder) {
  std::vector<Row> sorted = random_panel(200, 4);
  sorted[10].share = 1.5;
  sorted[20].week = 201253;  // 2012 has 52 weeks
  sorted[30].conv = -2;
  sorted.push_back(sorted[50]);  // and a duplicate
  std::stable_sort(sorted.begin(), sorted.end(), by_person_week);
  for (const auto& rows : {by_week(sorted), shuffled(sorted, 1)}) {
    const std::string m = error_of(rows);
    EXPECT_THAT(m, HasSubstr("2 rows break rule 'duplicate person-week'"));
    EXPECT_THAT(m, HasSubstr("1 row breaks rule 'invalid ISO week'"));
    EXPECT_THAT(m, HasSubstr("1 row breaks rule 'benefit share outside (0, 1]'"));
    EXPECT_THAT(m, HasSubstr("conversations -2"));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].share == 1.5) {
        EXPECT_THAT(m, HasSubstr("row " + std::to_string(i) + " ("));
      }
    }
    expect_same(run(sorted, 1, true), run(rows, 2, true), "dropped");
  }
}
