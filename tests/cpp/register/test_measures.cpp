// Today's measures (jobbench/register/measures.hpp): hand-worked cases, invariance to threads,
// row order and chunks, the partial's serialisation, and the bad-input rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <tuple>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/measures.hpp"

using namespace jobbench;
using ::testing::HasSubstr;

namespace {

// Groups: 0 kh_job, 1 kh_akt (rule 1/2/4), 2 syg (sickness), 3 fp (not a target), 4 job (status).
// Offers: 0 none, 1 vejl, 2 praktik (company-directed); category "virk" = {praktik}.
RegisterSpec spec() {
  RegisterSpec s;
  RegisterGroup kh_job{"kh_job", "Kontanthjælp jobparat", true, false, "kh_job"};
  RegisterGroup kh_akt{"kh_akt", "Kontanthjælp aktivitetsparat", true, false, "kh_akt"};
  kh_akt.conversation_rule = ConversationRule{1, 2, 4};
  RegisterGroup syg{"syg", "Sygedagpenge", true, true, "syg"};
  RegisterGroup fp{"fp", "Førtidspension", false, false, ""};
  RegisterGroup job{"job", "Job", false, false, ""};
  job.self_supporting = true;
  s.groups = {kh_job, kh_akt, syg, fp, job};
  s.offers = {{"vejl", "Vejledning", false}, {"praktik", "Virksomhedspraktik", true}};
  s.aggregates = {{"kh", "Kontanthjælp i alt", {"kh_job", "kh_akt"}, std::nullopt}};
  s.offer_categories = {{"virk", "Virksomhedsrettet", {"praktik"}}};
  s.total_code = "alle";
  return s;
}

struct Panel {
  std::vector<std::int64_t> person;
  std::vector<std::int32_t> week, muni, conv;
  std::vector<std::int8_t> group, offer;
  std::vector<double> share, wage;
  std::vector<std::uint8_t> sick;

  void add(std::int64_t p, std::int32_t index, std::int32_t m, int g, int o = 0, int c = 0,
           double w = 0.0, bool partial = false) {
    person.push_back(p);
    week.push_back(iso_week_from_index(index));
    muni.push_back(m);
    group.push_back(static_cast<std::int8_t>(g));
    offer.push_back(static_cast<std::int8_t>(o));
    share.push_back(1.0);
    conv.push_back(c);
    wage.push_back(w);
    sick.push_back(partial ? 1 : 0);
  }
  PanelColumns columns(std::size_t from = 0, std::size_t to = SIZE_MAX) const {
    to = std::min(to, person.size());
    PanelColumns c;
    c.rows = to - from;
    c.person = person.data() + from;
    c.week = week.data() + from;
    c.municipality = muni.data() + from;
    c.group = {group.data() + from, 1, {"kh_job", "kh_akt", "syg", "fp", "job"}};
    c.offer = {offer.data() + from, 1, {"none", "vejl", "praktik"}};
    c.benefit_share = share.data() + from;
    c.conversations = conv.data() + from;
    c.partial_sick = sick.data() + from;
    c.wage_hours = wage.data() + from;
    return c;
  }
  Panel permuted(unsigned seed) const {
    std::vector<std::size_t> order(person.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(seed));
    Panel q;
    for (std::size_t i : order) {
      q.person.push_back(person[i]);
      q.week.push_back(week[i]);
      q.muni.push_back(muni[i]);
      q.group.push_back(group[i]);
      q.offer.push_back(offer[i]);
      q.share.push_back(share[i]);
      q.conv.push_back(conv[i]);
      q.wage.push_back(wage[i]);
      q.sick.push_back(sick[i]);
    }
    return q;
  }
};

/// The panel's first week index (2021W01): a function, not a global, so that it is computed
/// after the library's own statics (static initialisation order across translation units).
std::int32_t W0() { return iso_week_index(202101); }  // panel weeks W0() .. W0() + 39

/// Period 0: weeks W0()+10 .. W0()+19 (10 weeks).
MeasureOptions options(unsigned threads = 1) {
  MeasureOptions o;
  o.periods = {{iso_week_from_index(W0() + 10), iso_week_from_index(W0() + 19)}};
  o.status_weeks = 2;
  o.passive_weeks = 3;
  o.threads = threads;
  return o;
}

/// Person 1 (Varde 573): kh_akt W0()+8..W0()+13 with conversations at s+1 and s+3, vejl in W0()+10,
///   kh_job W0()+14..W0()+15 (kh continues), job status at W0()+17 (= last kh week + 2), nothing after.
/// Person 2 (Esbjerg 561): syg W0()+12..W0()+16 with partial sick leave, praktik W0()+12, wage hours.
/// Person 3 (573): kh_job W0()+0..W0()+39 (censored at both ends), no offers, no conversations.
Panel hand_panel() {
  Panel p;
  for (int k = 8; k <= 13; ++k) p.add(1, W0() + k, 573, 1, k == 10 ? 1 : 0, k == 9 || k == 11);
  p.add(1, W0() + 14, 573, 0);
  p.add(1, W0() + 15, 573, 0);
  p.add(1, W0() + 17, 573, 4);
  for (int k = 12; k <= 16; ++k) p.add(2, W0() + k, 561, 2, k == 12 ? 2 : 0, 0, 7.5, k == 13);
  for (int k = 0; k < 40; ++k) p.add(3, W0() + k, 573, 0);
  return p;
}

using Key = std::tuple<int, std::string, std::string>;  // municipality, unit, measure
std::map<Key, std::tuple<double, double, double>> table(const MeasureResult& r) {
  std::map<Key, std::tuple<double, double, double>> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    out[{r.municipality[i], r.unit_codes[static_cast<std::size_t>(r.unit[i])],
         r.measure_names[static_cast<std::size_t>(r.measure[i])]}] = {r.numerator[i],
                                                                       r.denominator[i], r.value[i]};
  }
  return out;
}

double value(const MeasureResult& r, int m, const std::string& unit, const std::string& measure) {
  return std::get<2>(table(r).at({m, unit, measure}));
}

bool same(const MeasureResult& a, const MeasureResult& b) {
  auto ta = table(a), tb = table(b);
  if (ta.size() != tb.size()) return false;
  for (const auto& [k, v] : ta) {
    const auto& w = tb.at(k);
    auto eq = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    if (!eq(std::get<0>(v), std::get<0>(w)) || !eq(std::get<1>(v), std::get<1>(w)) ||
        !eq(std::get<2>(v), std::get<2>(w))) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST(Measures, HandWorkedPersonsActivationAndWageHours) {
  const Panel p = hand_panel();
  const MeasureResult r = compute_measures(spec(), p.columns(), options());
  // kh in Varde, weeks 10-19: persons 1 and 3; person 1 had vejl in week 10
  EXPECT_EQ(value(r, 573, "kh", "persons"), 2);
  EXPECT_EQ(value(r, 573, "kh", "activated:any"), 0.5);
  EXPECT_EQ(value(r, 573, "kh", "activated:vejl"), 0.5);
  EXPECT_EQ(value(r, 573, "kh", "activated:virk"), 0.0);
  EXPECT_EQ(value(r, 573, "kh", "fw"), 6 + 10);  // person 1: weeks 10-15, person 3: 10-19
  // syg in Esbjerg: one person with praktik (company-directed, category virk) and wage hours
  EXPECT_EQ(value(r, 561, "syg", "activated:company_directed"), 1.0);
  EXPECT_EQ(value(r, 561, "syg", "activated:virk"), 1.0);
  EXPECT_EQ(value(r, 561, "syg", "wage_hours_persons"), 1.0);
  EXPECT_EQ(value(r, 561, "syg", "wage_hours_per_fw"), 7.5);
  // DR: one sickness spell in the period, with partial sick leave
  EXPECT_EQ(value(r, 561, "syg", "dr"), 1.0);
  EXPECT_EQ(value(r, 561, "alle", "dr"), 1.0);
  EXPECT_TRUE(std::isnan(value(r, 573, "kh", "dr")));  // no sickness group in kh
}

TEST(Measures, HandWorkedSpellsStatusDurationsAndTimeliness) {
  const Panel p = hand_panel();
  const MeasureResult r = compute_measures(spec(), p.columns(), options());
  // kh_akt ends at W0()+13 (then kh_job): status 2 weeks later (W0()+15) is kh_job
  EXPECT_EQ(value(r, 573, "kh_akt", "status:kh_job"), 1.0);
  EXPECT_EQ(value(r, 573, "kh_akt", "duration_mean"), 6.0);
  // kh (aggregate) runs W0()+8..W0()+15 and ends in the period: 2 weeks later (W0()+17) is job
  EXPECT_EQ(value(r, 573, "kh", "status:job"), 1.0);
  EXPECT_EQ(value(r, 573, "kh", "duration_median"), 8.0);
  EXPECT_EQ(value(r, 573, "kh", "duration_share_52w"), 0.0);
  // person 3's kh_job spell covers the whole panel: left- and right-censored, ends outside P
  EXPECT_EQ(value(r, 573, "kh_job", "spells_left_censored"), 0.0);
  EXPECT_EQ(value(r, 573, "kh_job", "spells_right_censored"), 0.0);
  // the kh_akt spell starts at W0()+8, before the period: no timeliness in this period
  const auto t = table(r);
  EXPECT_TRUE(std::isnan(std::get<2>(t.at({573, "kh_akt", "timely_first"}))));
  EXPECT_EQ(t.count({573, "kh_job", "timely_first"}), 0u);  // no rule, no measure
}

TEST(Measures, TimelinessAndPassiveRuns) {
  Panel p = hand_panel();
  // person 4 (573): kh_akt W0()+11..W0()+16, conversations at s+1 (timely) and s+3: 2 in 4 weeks
  for (int k = 11; k <= 16; ++k) p.add(4, W0() + k, 573, 1, 0, k == 12 || k == 14);
  // person 5 (573): kh_akt W0()+12..W0()+13 only (ended, too short for the window), no conversation
  p.add(5, W0() + 12, 573, 1);
  p.add(5, W0() + 13, 573, 1);
  const MeasureResult r = compute_measures(spec(), p.columns(), options());
  const auto t = table(r);
  EXPECT_EQ(t.at({573, "kh_akt", "timely_first"}), std::make_tuple(1.0, 2.0, 0.5));
  EXPECT_EQ(t.at({573, "kh_akt", "timely_window"}), std::make_tuple(1.0, 1.0, 1.0));
  // passive (L = 3): person 3 (10 contact-free weeks), 5 (2 weeks: too short); person 4 has
  // contact-free weeks 11, 13, 15-16 only; person 1 has weeks 12-13 after the vejl week
  EXPECT_EQ(t.at({573, "kh_akt", "passive"}), std::make_tuple(0.0, 3.0, 0.0));
  EXPECT_EQ(std::get<0>(t.at({573, "kh_job", "passive"})), 1.0);
}

TEST(Measures, SameResultForAnyThreadsOrderAndChunks) {
  Panel p;
  std::mt19937 rng(7);
  for (std::int64_t person = 1; person <= 400; ++person) {
    int g = static_cast<int>(rng() % 4);
    for (int k = 0; k < 40; ++k) {
      if (rng() % 9 == 0) continue;  // a week off benefit
      if (rng() % 7 == 0) g = static_cast<int>(rng() % 5);
      const int o = g == 4 ? 0 : static_cast<int>(rng() % 3);
      p.add(person, W0() + k, 500 + static_cast<int>(person % 3), g, o,
            static_cast<int>(rng() % 2), (rng() % 4 == 0) ? 3.25 : 0.0, rng() % 5 == 0);
    }
  }
  const MeasureResult one = compute_measures(spec(), p.columns(), options(1));
  EXPECT_TRUE(same(one, compute_measures(spec(), p.columns(), options(3))));
  const Panel shuffled = p.permuted(3);
  EXPECT_TRUE(same(one, compute_measures(spec(), shuffled.columns(), options(2))));
  // chunks of whole persons (the panel is in person order), and partials merged
  const std::size_t cut = static_cast<std::size_t>(
      std::find(p.person.begin(), p.person.end(), 200) - p.person.begin());
  const std::vector<PanelColumns> chunks{p.columns(0, cut), p.columns(cut)};
  EXPECT_TRUE(same(one, finalize_measures(spec(), accumulate_measures(spec(), chunks,
                                                                      options(2)))));
  MeasureOptions part = options(1);
  part.panel_first = iso_week_from_index(W0());
  part.panel_last = iso_week_from_index(W0() + 39);
  const MeasurePartial a = accumulate_measures(spec(), p.columns(0, cut), part);
  const MeasurePartial b = accumulate_measures(spec(), p.columns(cut), part);
  const MeasurePartial merged = merge_measures({MeasurePartial::from_words(b.to_words()), a});
  EXPECT_TRUE(same(one, finalize_measures(spec(), merged)));
}

TEST(Measures, BadInputIsAnErrorNamingTheRule) {
  Panel p = hand_panel();
  p.offer[8] = 1;  // person 1's job status row with an offer
  try {
    compute_measures(spec(), p.columns(), options());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("offer on a status row"));
    EXPECT_THAT(e.what(), HasSubstr("row 8"));
  }
  p = hand_panel();
  p.wage[0] = -1.0;
  EXPECT_THROW(compute_measures(spec(), p.columns(), options()), InputError);
  p = hand_panel();
  MeasureOptions late = options();
  late.periods = {{iso_week_from_index(W0() + 30), iso_week_from_index(W0() + 38)}};
  try {
    compute_measures(spec(), p.columns(), late);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("period beyond the panel"));
  }
  // a person in two chunks
  const std::vector<PanelColumns> split{p.columns(0, 3), p.columns(3)};
  EXPECT_THROW(accumulate_measures(spec(), split, options()), InputError);
}
