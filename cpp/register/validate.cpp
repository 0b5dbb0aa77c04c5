// Pass 1 of the register engine: the inputs' shape, then every row against the panel rules, with
// sortedness and value ranges found on the way (parallel over contiguous row ranges).
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {
namespace {

/// Pass 1 over one contiguous row range.
struct RangeScan {
  IssueCollector issues;
  bool sorted = true;
  bool any_valid = false;
  std::int64_t first_person = 0, last_person = 0;
  std::int32_t first_widx = 0, last_widx = 0;
  std::int64_t first_row = 0, last_row = 0;
  bool first_in_dup = false, last_in_dup = false;
  std::vector<std::size_t> run_starts;  // rows whose key is below the previous valid row's
  bool many_runs = false;
  std::int32_t min_widx = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_widx = std::numeric_limits<std::int32_t>::min();
  std::int64_t min_person = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_person = std::numeric_limits<std::int64_t>::min();
  std::int32_t min_muni = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_muni = std::numeric_limits<std::int32_t>::min();
};

/// Adds the rules row i breaks to `issues`; true when it breaks one.
bool check_row(const Context& ctx, std::size_t i, std::int32_t w, IssueCollector& issues) {
  const PanelColumns& pc = *ctx.panel;
  bool bad = false;
  if (w == IsoWeekTable::kInvalid) {
    issues.add(PanelRule::InvalidWeek, static_cast<std::int64_t>(i));
    bad = true;
  }
  const std::int32_t g = ctx.groups(read_code(pc.group, i));
  const std::int32_t o = ctx.offers(read_code(pc.offer, i));
  // A status row is a self-supporting week: its benefit share is ignored, not checked.
  const bool status = g >= 0 && ctx.status[static_cast<std::size_t>(g)] != 0;
  const double share = pc.benefit_share[i];
  auto add = [&](PanelRule rule) {
    issues.add(rule, static_cast<std::int64_t>(i));
    bad = true;
  };
  if (!status && !(share > 0.0 && share <= 1.0)) add(PanelRule::BenefitShare);
  if (pc.conversations != nullptr && pc.conversations[i] < 0) add(PanelRule::NegativeConversations);
  if (g == kBadCode) add(PanelRule::UnknownGroup);
  if (o == kBadCode) add(PanelRule::UnknownOffer);
  if (status && o >= 0) add(PanelRule::StatusOffer);
  if (pc.wage_hours != nullptr && !(pc.wage_hours[i] >= 0.0 && pc.wage_hours[i] < kMaxWageHours)) {
    add(PanelRule::WageHours);
  }
  return bad;
}

/// Validates rows [a, b): rules, value ranges, sortedness and adjacent (person, week) repeats.
void scan_range(const Context& ctx, bool drop_invalid, std::size_t a, std::size_t b,
                std::vector<std::uint8_t>& skip, RangeScan& s) {
  const PanelColumns& pc = *ctx.panel;
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  s.issues.keep_all = drop_invalid;
  bool have_prev = false;
  std::int64_t prev_person = 0, prev_row = 0;
  std::int32_t prev_w = 0;
  bool prev_in_dup = false;
  for (std::size_t i = a; i < b; ++i) {
    const std::int32_t w = weeks.index(pc.week[i]);
    if (check_row(ctx, i, w, s.issues)) {
      if (drop_invalid) skip[i] = 1;
      continue;
    }
    const std::int64_t p = pc.person[i];
    const std::int32_t muni = pc.municipality[i];
    s.min_widx = std::min(s.min_widx, w);
    s.max_widx = std::max(s.max_widx, w);
    s.min_person = std::min(s.min_person, p);
    s.max_person = std::max(s.max_person, p);
    s.min_muni = std::min(s.min_muni, muni);
    s.max_muni = std::max(s.max_muni, muni);
    bool in_dup = false;
    if (!have_prev) {
      s.any_valid = true;
      s.first_person = p;
      s.first_widx = w;
      s.first_row = static_cast<std::int64_t>(i);
    } else if (p < prev_person || (p == prev_person && w < prev_w)) {
      s.sorted = false;
      if (s.run_starts.size() < kMaxRuns) {
        s.run_starts.push_back(i);
      } else {
        s.many_runs = true;
      }
    } else if (p == prev_person && w == prev_w) {
      // Adjacent repeats; only used when the whole input turns out sorted.
      if (!prev_in_dup) s.issues.add(PanelRule::DuplicatePersonWeek, prev_row);
      s.issues.add(PanelRule::DuplicatePersonWeek, static_cast<std::int64_t>(i));
      in_dup = true;
      if (!s.first_in_dup && prev_row == s.first_row) s.first_in_dup = true;
    }
    have_prev = true;
    prev_person = p;
    prev_w = w;
    prev_row = static_cast<std::int64_t>(i);
    prev_in_dup = in_dup;
  }
  s.last_person = prev_person;
  s.last_widx = prev_w;
  s.last_row = prev_row;
  s.last_in_dup = prev_in_dup;
}

/// Adds the issues of one range (duplicates to out.dups, the other rules to out.issues).
void add_range_issues(const IssueCollector& from, PanelScan& out) {
  for (int k = 0; k < kPanelRuleCount; ++k) {
    const auto rule = static_cast<PanelRule>(k);
    IssueCollector& target = rule == PanelRule::DuplicatePersonWeek ? out.dups : out.issues;
    target.count[static_cast<std::size_t>(k)] += from.count[static_cast<std::size_t>(k)];
    auto& rows = target.rows[static_cast<std::size_t>(k)];
    for (auto row : from.rows[static_cast<std::size_t>(k)]) {
      if (target.keep_all && rule == PanelRule::DuplicatePersonWeek) {
        rows.push_back(row);
      } else if (rows.size() < kMaxExamples) {
        rows.push_back(row);
      }
    }
  }
}

/// Combines the ranges in row order: sortedness and repeats across range boundaries, and ranges.
PanelScan combine_ranges(const std::vector<RangeScan>& scans, bool drop_invalid) {
  PanelScan out;
  out.issues.keep_all = drop_invalid;
  out.dups.keep_all = drop_invalid;
  const RangeScan* prev = nullptr;
  for (const RangeScan& s : scans) {
    add_range_issues(s.issues, out);
    out.sorted = out.sorted && s.sorted;
    out.many_runs = out.many_runs || s.many_runs;
    if (!s.any_valid) continue;
    out.any_valid = true;
    if (prev != nullptr) {
      if (s.first_person < prev->last_person ||
          (s.first_person == prev->last_person && s.first_widx < prev->last_widx)) {
        out.sorted = false;
        out.run_starts.push_back(static_cast<std::size_t>(s.first_row));
      } else if (s.first_person == prev->last_person && s.first_widx == prev->last_widx) {
        if (!prev->last_in_dup) out.dups.add(PanelRule::DuplicatePersonWeek, prev->last_row);
        if (!s.first_in_dup) out.dups.add(PanelRule::DuplicatePersonWeek, s.first_row);
      }
    }
    out.run_starts.insert(out.run_starts.end(), s.run_starts.begin(), s.run_starts.end());
    if (out.run_starts.size() >= kMaxRuns) out.many_runs = true;
    prev = &s;
    out.min_widx = std::min(out.min_widx, s.min_widx);
    out.max_widx = std::max(out.max_widx, s.max_widx);
    out.min_person = std::min(out.min_person, s.min_person);
    out.max_person = std::max(out.max_person, s.max_person);
    out.min_muni = std::min(out.min_muni, s.min_muni);
    out.max_muni = std::max(out.max_muni, s.max_muni);
  }
  return out;
}

}  // namespace

void check_columns(const PanelColumns& pc) {
  auto need = [&](const void* p, const char* name) {
    if (pc.rows > 0 && p == nullptr) {
      throw std::invalid_argument(std::string("register panel: column '") + name + "' is missing");
    }
  };
  need(pc.person, "person");
  need(pc.week, "week");
  need(pc.municipality, "municipality");
  need(pc.group.data, "group");
  need(pc.offer.data, "offer");
  need(pc.benefit_share, "benefit_share");
  for (const CodeColumn* c : {&pc.group, &pc.offer}) {
    if (c->width != 1 && c->width != 2 && c->width != 4) {
      throw std::invalid_argument("register panel: category codes must be 1, 2 or 4 bytes wide");
    }
  }
}

void check_period(const MeasurementPeriod& period) {
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  if (!is_valid_iso_week(period.first) || !is_valid_iso_week(period.last)) {
    throw InputError("measurement period " + std::to_string(period.first) + "-" +
                     std::to_string(period.last) + ": not valid ISO weeks YYYYWW");
  }
  if (weeks.index(period.last) < weeks.index(period.first)) {
    throw InputError("measurement period: last week " + format_iso_week(period.last) +
                     " lies before first week " + format_iso_week(period.first));
  }
}

PanelScan scan_panel(const Context& ctx, bool drop_invalid, unsigned threads,
                     std::vector<std::uint8_t>& skip) {
  const std::size_t n = ctx.panel->rows;
  std::vector<RangeScan> scans(threads);
  parallel_for(threads, [&](unsigned t) {
    scan_range(ctx, drop_invalid, range_begin(n, t, threads), range_begin(n, t + 1, threads), skip,
               scans[t]);
  });
  return combine_ranges(scans, drop_invalid);
}

}  // namespace register_engine
}  // namespace jobbench
