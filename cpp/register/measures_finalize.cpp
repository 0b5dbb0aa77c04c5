// finalize_measures(): the long table of a (merged) partial. The units' additive sums are the
// sums over their member groups; every ratio carries its numerator and denominator
// (docs/register-indicators.md, "Numerators and denominators").
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/measures.hpp"
#include "register/measures_engine.hpp"

namespace jobbench {
namespace measures_engine {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(double num, double den) { return den > 0 ? num / den : kNaN; }

/// The measure names of a unit, in output order.
std::vector<std::string> unit_measures(const RegisterSpec& spec, const Setup& s, const Unit& unit,
                                       bool wage_hours) {
  std::vector<std::string> names{"fw", "py", "persons", "si", "ag", "vag", "ti", "vti", "jr", "dr"};
  for (const auto& a : s.activation_names) names.push_back("activated:" + a);
  names.push_back("passive");
  if (wage_hours) {
    names.push_back("wage_hours_persons");
    names.push_back("wage_hours_per_fw");
  }
  for (const auto& g : spec.groups) names.push_back("status:" + g.code);
  names.push_back("status:self_supporting_unknown");
  for (const char* n : {"duration_mean", "duration_median", "duration_share_52w"}) {
    names.push_back(n);
  }
  if (unit.rule) {
    names.push_back("timely_first");
    names.push_back("timely_window");
  }
  names.push_back("spells_left_censored");
  names.push_back("spells_right_censored");
  return names;
}

/// Medians of the spell lengths per unit cell (NaN without spells).
std::vector<double> medians(const MeasurePartial& part, std::size_t cells) {
  std::vector<double> out(cells, kNaN);
  auto it = part.lengths.begin();
  while (it != part.lengths.end()) {
    const std::size_t cell = it->first.first;
    auto end = it;
    std::int64_t n = 0;
    for (; end != part.lengths.end() && end->first.first == cell; ++end) n += end->second;
    // the k-th smallest (1-based) of the cell's lengths
    auto kth = [&](std::int64_t k) {
      std::int64_t seen = 0;
      for (auto j = it; j != end; ++j) {
        seen += j->second;
        if (seen >= k) return static_cast<double>(j->first.second);
      }
      return kNaN;
    };
    out[cell] = n % 2 == 1 ? kth((n + 1) / 2) : (kth(n / 2) + kth(n / 2 + 1)) / 2.0;
    it = end;
  }
  return out;
}

/// Appends rows to the result.
class Writer {
 public:
  Writer(MeasureResult& r) : r_(r) {}
  void cell(std::int32_t period, std::int32_t municipality, std::int32_t unit) {
    period_ = period;
    municipality_ = municipality;
    unit_ = unit;
  }
  void share(const std::string& name, double num, double den) { row(name, num, den, ratio(num, den)); }
  void count(const std::string& name, double n) { row(name, n, kNaN, n); }
  void row(const std::string& name, double num, double den, double value) {
    r_.period.push_back(period_);
    r_.municipality.push_back(municipality_);
    r_.unit.push_back(unit_);
    r_.measure.push_back(measure_index(name));
    r_.numerator.push_back(num);
    r_.denominator.push_back(den);
    r_.value.push_back(value);
  }

 private:
  std::int32_t measure_index(const std::string& name) {
    if (last_ < r_.measure_names.size() && r_.measure_names[last_] == name) return index(last_);
    for (std::size_t i = 0; i < r_.measure_names.size(); ++i) {
      if (r_.measure_names[i] == name) return index(last_ = i);
    }
    r_.measure_names.push_back(name);
    return index(last_ = r_.measure_names.size() - 1);
  }
  static std::int32_t index(std::size_t i) { return static_cast<std::int32_t>(i); }

  MeasureResult& r_;
  std::int32_t period_ = 0, municipality_ = 0, unit_ = 0;
  std::size_t last_ = 0;
};

/// The units' additive sums: Σ over member groups of one (period, municipality).
struct UnitSums {
  double fw = 0, active = 0, company = 0, e_fw = 0, e_self = 0, wage = 0;
  std::int64_t conversations = 0, starts = 0, company_starts = 0;
};

UnitSums unit_sums(const MeasurePartial& part, const Setup& s, std::size_t p, std::size_t m,
                   const Unit& unit) {
  ExactSum sums[kGroupSumFields];
  UnitSums out;
  for (const std::size_t g : unit.members) {
    const std::size_t c = s.group_cell(p, m, g);
    for (std::size_t f = 0; f < kGroupSumFields; ++f) sums[f].merge(part.group_sums[c * kGroupSumFields + f]);
    const std::int64_t* counts = &part.group_counts[c * kGroupCountFields];
    out.conversations += counts[kConversations];
    out.starts += counts[kStarts];
    out.company_starts += counts[kCompanyStarts];
  }
  out.fw = sums[kFw].value();
  out.active = sums[kActiveFw].value();
  out.company = sums[kCompanyFw].value();
  out.e_fw = sums[kEFw].value();
  out.e_self = sums[kESelfFw].value();
  out.wage = sums[kWage].value();
  return out;
}

void write_unit(Writer& w, const RegisterSpec& spec, const Setup& s, const MeasurePartial& part,
                std::size_t p, std::size_t m, std::size_t u, double median) {
  const Unit& unit = s.units[u];
  const UnitSums x = unit_sums(part, s, p, m, unit);
  const std::int64_t* c = &part.unit_counts[s.unit_cell(p, m, u) * s.unit_fields()];
  auto n = [&](std::size_t field) { return static_cast<double>(c[field]); };
  const double weeks = s.period_last[p] - s.period_first[p] + 1;
  const double py = x.fw / weeks;
  const double persons = n(kPersons);
  w.count("fw", x.fw);
  w.share("py", x.fw, weeks);
  w.count("persons", persons);
  w.share("si", 13.0 * static_cast<double>(x.conversations), x.fw);
  w.share("ag", x.active, x.fw);
  w.share("vag", x.company, x.fw);
  w.share("ti", static_cast<double>(x.starts), py);
  w.share("vti", static_cast<double>(x.company_starts), py);
  w.share("jr", x.e_self, x.e_fw);
  w.share("dr", n(kDrPartial), n(kDrSpells));
  for (std::size_t k = 0; k < s.K; ++k) {
    w.share("activated:" + s.activation_names[k], n(kUnitFixedFields + k), persons);
  }
  w.share("passive", n(kPassivePersons), persons);
  if (part.wage_hours) {
    w.share("wage_hours_persons", n(kWagePersons), persons);
    w.share("wage_hours_per_fw", x.wage, x.fw);
  }
  for (std::size_t d = 0; d < s.D; ++d) {
    const std::string code = d + 1 < s.D ? spec.groups[d].code : "self_supporting_unknown";
    w.share("status:" + code, n(kUnitFixedFields + s.K + d), n(kEndSpells));
  }
  w.share("duration_mean", n(kDurSum), n(kDurCount));
  w.row("duration_median", kNaN, n(kDurCount), median);
  w.share("duration_share_52w", n(kDur52), n(kDurCount));
  if (unit.rule) {
    w.share("timely_first", n(kTimelyFirst), n(kJudgedFirst));
    w.share("timely_window", n(kTimelyWindow), n(kJudgedWindow));
  }
  w.count("spells_left_censored", n(kLeftCensored));
  w.count("spells_right_censored", n(kRightCensored));
}

/// A panel that begins too late for the earliest period's new offers or job-rate weeks.
void add_censoring_warnings(const Setup& s, MeasureResult& r) {
  const std::int32_t p0 = *std::min_element(s.period_first.begin(), s.period_first.end());
  const std::string begins = "the panel begins " + format_iso_week(r.panel_first);
  const std::string first = format_iso_week(iso_week_from_index(p0));
  if (s.first_index > p0 - register_engine::kCensoringWeeks) {
    r.warnings.push_back(begins + ", less than 4 weeks before the first period (" + first +
                         "): offers running at its start count as new offers (left censoring)");
  }
  if (s.first_index > p0 - register_engine::kJobRateLag) {
    r.warnings.push_back(begins + ", less than 13 weeks before the first period (" + first +
                         "): the job rate of its first weeks covers only part of its weeks");
  }
}

}  // namespace
}  // namespace measures_engine

MeasureResult finalize_measures(const RegisterSpec& spec, const MeasurePartial& part) {
  using namespace measures_engine;
  Setup s = make_setup(spec);
  if (s.G != part.groups || s.U != part.units) {
    throw InputError("measures: the partial result was computed with another spec");
  }
  s.M = part.municipalities.size();
  set_weeks(s, part.periods, part.panel_first, part.panel_last);
  MeasureResult r;
  r.periods = part.periods;
  for (const auto& unit : s.units) {
    r.unit_codes.push_back(unit.code);
    r.unit_kinds.push_back(unit.kind);
  }
  Unit with_rule;  // the names of every unit, in order: timeliness where any unit has a rule
  for (const auto& unit : s.units) {
    if (unit.rule) with_rule.rule = unit.rule;
  }
  r.measure_names = unit_measures(spec, s, with_rule, part.wage_hours);
  const std::vector<double> median = medians(part, s.P * s.M * s.U);
  Writer w(r);
  for (std::size_t p = 0; p < s.P; ++p) {
    for (std::size_t m = 0; m < s.M; ++m) {
      for (std::size_t u = 0; u < s.U; ++u) {
        w.cell(static_cast<std::int32_t>(p), part.municipalities[m], static_cast<std::int32_t>(u));
        write_unit(w, spec, s, part, p, m, u, median[s.unit_cell(p, m, u)]);
      }
    }
  }
  r.panel_first = part.panel_first;
  r.panel_last = part.panel_last;
  r.input_rows = part.input_rows;
  r.status_rows = part.status_rows;
  r.sorted_input = part.sorted_input;
  r.threads = part.threads;
  add_censoring_warnings(s, r);
  std::int64_t too_young = 0;
  for (std::size_t c = 0; c < s.P * s.M * s.U; ++c) {
    too_young += part.unit_counts[c * s.unit_fields() + kTooYoung];
  }
  if (too_young > 0) {
    r.warnings.push_back(std::to_string(too_young) +
                         " spell(s) starting in a period were too young to judge against the "
                         "conversation rule's window (the panel ends first): counted, not judged");
  }
  return r;
}

}  // namespace jobbench
