// finalize(): the indicator table of a (merged) partial result - coverage checks and warnings, the
// units (groups, aggregates, the total) and the indicators of every municipality and unit.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/normal.hpp>

#include "jobbench/errors.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace {

using register_engine::add_counts;
using register_engine::add_sums;
using register_engine::kCensoringWeeks;
using register_engine::kJobRateLag;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- steps -------------------------------------------------------------------------------------

/// The measurement period, job-rate weeks, row counts and panel weeks of the result.
void describe_partial(const IndicatorPartial& partial, IndicatorResult& res) {
  res.period = partial.period;
  const std::int32_t p0 = iso_week_index(partial.period.first);
  const std::int32_t p1 = iso_week_index(partial.period.last);
  res.period_weeks = p1 - p0 + 1;
  res.job_rate_weeks = {iso_week_from_index(p0 - kJobRateLag),
                        iso_week_from_index(p1 - kJobRateLag)};
  res.input_rows = partial.input_rows;
  res.used_rows = partial.used_rows;
  res.dropped = partial.dropped;
  res.sorted_input = partial.sorted_input;
  res.threads = partial.threads;
  if (partial.used_rows > 0) {
    res.first_week = iso_week_from_index(partial.min_week_index);
    res.last_week = iso_week_from_index(partial.max_week_index);
  }
}

/// InputError unless the used rows cover the measurement period.
void check_coverage(const IndicatorPartial& partial, const IndicatorResult& res) {
  const std::int32_t p0 = iso_week_index(partial.period.first);
  const std::int32_t p1 = iso_week_index(partial.period.last);
  const std::string period_text =
      format_iso_week(partial.period.first) + "-" + format_iso_week(partial.period.last);
  if (partial.input_rows == 0) {
    throw InputError(
        "register panel: the panel has no rows (only a header?), so the "
        "measurement period " +
        period_text + " is not covered; give a panel with rows for these weeks");
  }
  if (partial.used_rows == 0) {
    throw InputError("register panel: no rows left after dropping " +
                     std::to_string(partial.input_rows) +
                     " invalid rows, so the measurement period " + period_text +
                     " is not covered; run without drop_invalid to see the rules they break");
  }
  if (partial.min_week_index > p0 || partial.max_week_index < p1) {
    throw InputError("register panel: the measurement period " + period_text +
                     " is not covered by the panel, which runs from " +
                     format_iso_week(res.first_week) + " to " + format_iso_week(res.last_week) +
                     " (the panel must begin by the first and reach the last week of the "
                     "period; the job rate needs 13 weeks after its measurement weeks " +
                     format_iso_week(res.job_rate_weeks.first) + "-" +
                     format_iso_week(res.job_rate_weeks.last) + ")");
  }
}

/// Warnings of a panel that begins too late for new offers or the job rate.
void add_censoring_warnings(const IndicatorPartial& partial, IndicatorResult& res) {
  if (partial.used_rows <= 0) return;
  const std::int32_t p0 = iso_week_index(partial.period.first);
  if (partial.min_week_index > p0 - kCensoringWeeks) {
    res.warnings.push_back(
        "the panel begins " + format_iso_week(res.first_week) +
        ", less than 4 weeks before the measurement period: offers running at its start count "
        "as new offers (left censoring)");
  }
  if (partial.min_week_index > p0 - kJobRateLag) {
    res.warnings.push_back("the panel begins " + format_iso_week(res.first_week) +
                           ", after the first job-rate measurement week " +
                           format_iso_week(res.job_rate_weeks.first) +
                           ": the job rate covers only part of its weeks");
  }
}

/// Units: the groups, the aggregates, the total.
void add_units(const RegisterSpec& spec, IndicatorResult& res) {
  for (const auto& g : spec.groups) {
    res.unit_codes.push_back(g.code);
    res.unit_kinds.push_back(UnitKind::Group);
  }
  for (const auto& a : spec.aggregates) {
    res.unit_codes.push_back(a.code);
    res.unit_kinds.push_back(UnitKind::Aggregate);
  }
  res.unit_codes.push_back(spec.total_code);
  res.unit_kinds.push_back(UnitKind::Total);
}

/// The groups of each aggregate unit (the total last: the target groups).
std::vector<std::vector<std::size_t>> aggregate_members(const RegisterSpec& spec) {
  const std::size_t G = spec.groups.size();
  const std::size_t A = spec.aggregates.size() + 1;
  std::vector<std::vector<std::size_t>> members(A);
  for (std::size_t a = 0; a + 1 < A; ++a) {
    for (const auto& code : spec.aggregates[a].groups) {
      const auto g = static_cast<std::size_t>(spec.group_index(code));
      if (std::find(members[a].begin(), members[a].end(), g) == members[a].end()) {
        members[a].push_back(g);
      }
    }
  }
  for (std::size_t g = 0; g < G; ++g) {
    if (spec.groups[g].target) members[A - 1].push_back(g);
  }
  return members;
}

/// Person-clustered (linearised) standard error of the ratio R = Y / X from the per-person
/// moments Σ y_i², Σ x_i y_i, Σ x_i² over n persons:
///   V(R) = n / (n - 1) · Σ (y_i - R x_i)² / X²,  Σ (y_i - R x_i)² = Σy² - 2 R Σxy + R² Σx²
/// (in long double; a negative rounding residue is 0). NaN for X = 0 or n < 2.
double ratio_se(double y, double x, double syy, double sxy, double sxx, std::int64_t n) {
  if (!(x > 0.0) || n < 2) return kNaN;
  const long double r = static_cast<long double>(y) / x;
  long double q = static_cast<long double>(syy) - 2.0L * r * sxy + r * r * sxx;
  if (!(q > 0.0L)) q = 0.0L;
  const long double nn = static_cast<long double>(n);
  return static_cast<double>(std::sqrt(nn / (nn - 1.0L) * q) / x);
}

/// Standard errors and normal intervals of one row's indicators (kIntervalIndicators order).
void emit_intervals(const CellCounts& c, const CellSums& s, const CellMoments& mo, double z,
                    IndicatorResult& res) {
  const double fw = s.fw.value();
  const double weeks = res.period_weeks;
  const double conv_x = mo.conversations_x.value();
  const double fw2 = mo.fw2.value();
  const double ses[kIntervalIndicatorCount] = {
      13.0 * ratio_se(static_cast<double>(c.conversations), fw, mo.conversations2(), conv_x, fw2,
                      c.persons),
      ratio_se(s.active_fw.value(), fw, mo.active2.value(), mo.active_x.value(), fw2, c.persons),
      ratio_se(s.company_fw.value(), fw, mo.company2.value(), mo.company_x.value(), fw2,
               c.persons),
      weeks * ratio_se(static_cast<double>(c.new_offers), fw, static_cast<double>(mo.offers2),
                       mo.offers_x.value(), fw2, c.persons),
      weeks * ratio_se(static_cast<double>(c.new_company_offers), fw,
                       static_cast<double>(mo.company_offers2), mo.company_offers_x.value(), fw2,
                       c.persons),
      ratio_se(s.e_self_fw.value(), s.e_fw.value(), mo.e_self2.value(), mo.e_self_x.value(),
               mo.e_fw2.value(), c.e_persons),
      ratio_se(static_cast<double>(c.spells_partial), static_cast<double>(c.spells),
               static_cast<double>(mo.partial2), static_cast<double>(mo.partial_x),
               static_cast<double>(mo.spells2), mo.spell_persons)};
  const std::size_t row = res.municipality.size() - 1;
  const double values[kIntervalIndicatorCount] = {res.si[row], res.ag[row],  res.vag[row],
                                                  res.ti[row], res.vti[row], res.jr[row],
                                                  res.dr[row]};
  constexpr bool share[kIntervalIndicatorCount] = {false, true, true, false, false, true, true};
  for (std::size_t k = 0; k < kIntervalIndicatorCount; ++k) {
    const double se = std::isnan(values[k]) ? kNaN : ses[k];
    double lo = values[k] - z * se;
    double hi = values[k] + z * se;
    if (!std::isnan(se)) {
      lo = std::max(lo, 0.0);
      if (share[k]) hi = std::min(hi, 1.0);
    }
    res.se[k].push_back(se);
    res.lower[k].push_back(lo);
    res.upper[k].push_back(hi);
  }
}

/// Appends the counts, sums and indicators of one municipality and unit (and, with `mo`, their
/// standard errors and intervals).
void emit_row(std::int32_t muni, std::size_t unit, const CellCounts& c, const CellSums& s,
              const CellMoments* mo, double z, IndicatorResult& res) {
  const double weeks = res.period_weeks;
  res.municipality.push_back(muni);
  res.unit.push_back(static_cast<std::int32_t>(unit));
  res.rows.push_back(c.rows);
  res.persons.push_back(c.persons);
  res.conversations.push_back(c.conversations);
  res.new_offers.push_back(c.new_offers);
  res.new_company_offers.push_back(c.new_company_offers);
  res.e_rows.push_back(c.e_rows);
  res.e_persons.push_back(c.e_persons);
  res.e_self_rows.push_back(c.e_self_rows);
  res.spells.push_back(c.spells);
  res.spells_partial.push_back(c.spells_partial);
  const double fw = s.fw.value();
  const double act = s.active_fw.value();
  const double comp = s.company_fw.value();
  const double efw = s.e_fw.value();
  const double eself = s.e_self_fw.value();
  res.fw.push_back(fw);
  res.active_fw.push_back(act);
  res.company_fw.push_back(comp);
  res.e_fw.push_back(efw);
  res.e_self_fw.push_back(eself);
  const double py = fw / weeks;
  res.py.push_back(py);
  const bool has = fw > 0.0;
  res.si.push_back(has ? 13.0 * static_cast<double>(c.conversations) / fw : kNaN);
  res.ag.push_back(has ? act / fw : kNaN);
  res.vag.push_back(has ? comp / fw : kNaN);
  res.ti.push_back(py > 0.0 ? static_cast<double>(c.new_offers) / py : kNaN);
  res.vti.push_back(py > 0.0 ? static_cast<double>(c.new_company_offers) / py : kNaN);
  res.jr.push_back(efw > 0.0 ? eself / efw : kNaN);
  res.dr.push_back(
      c.spells > 0 ? static_cast<double>(c.spells_partial) / static_cast<double>(c.spells) : kNaN);
  if (mo != nullptr) emit_intervals(c, s, *mo, z, res);
}

/// The rows of municipality m: its groups, then its aggregate units (sums of their groups; the
/// distinct persons as counted by the pass).
void emit_municipality(const IndicatorPartial& partial, std::size_t m,
                       const std::vector<std::vector<std::size_t>>& members, double z,
                       IndicatorResult& res) {
  const std::size_t G = partial.groups, A = partial.aggregates;
  const std::int32_t muni = partial.municipalities[m];
  const bool se = res.standard_errors;
  for (std::size_t g = 0; g < G; ++g) {
    emit_row(muni, g, partial.counts[m * G + g], partial.sums[m * G + g],
             se ? &partial.moments[m * G + g] : nullptr, z, res);
  }
  for (std::size_t a = 0; a < A; ++a) {
    CellCounts c;
    CellSums s;
    for (const std::size_t g : members[a]) {
      add_counts(c, partial.counts[m * G + g]);
      add_sums(s, partial.sums[m * G + g]);
    }
    c.persons = partial.aggregate_persons[m * A + a];
    c.e_persons = partial.aggregate_e_persons[m * A + a];
    emit_row(muni, G + a, c, s, se ? &partial.aggregate_moments[m * A + a] : nullptr, z, res);
  }
}

}  // namespace

// --- finalize ----------------------------------------------------------------------------------

IndicatorResult finalize(const RegisterSpec& spec, const IndicatorPartial& partial,
                         const IndicatorOptions& options) {
  if (partial.groups != spec.groups.size() || partial.aggregates != spec.aggregates.size() + 1) {
    throw std::invalid_argument("finalize: the partial result belongs to another spec");
  }
  IndicatorResult res;
  describe_partial(partial, res);
  if (options.check_coverage) check_coverage(partial, res);
  add_censoring_warnings(partial, res);
  add_units(spec, res);
  const auto members = aggregate_members(spec);
  double z = kNaN;
  if (options.standard_errors) {
    if (!partial.standard_errors) {
      throw InputError(
          "register indicators: standard errors asked for, but the partial result was "
          "accumulated without them (standard_errors=False); accumulate with them or turn "
          "them off");
    }
    if (!(options.level > 0.0 && options.level < 1.0)) {
      throw InputError("register indicators: level must lie strictly between 0 and 1, got " +
                       std::to_string(options.level));
    }
    res.standard_errors = true;
    res.level = options.level;
    z = boost::math::quantile(boost::math::normal(), 0.5 + options.level / 2.0);
    res.se.assign(kIntervalIndicatorCount, {});
    res.lower.assign(kIntervalIndicatorCount, {});
    res.upper.assign(kIntervalIndicatorCount, {});
  }
  for (std::size_t m = 0; m < partial.municipalities.size(); ++m) {
    emit_municipality(partial, m, members, z, res);
  }
  return res;
}

}  // namespace jobbench
