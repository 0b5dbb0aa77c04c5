// accumulate(): the register engine's steps in order (see engine.hpp for the layout), and the
// context they share (the spec's lookups of the panel's categories, the weeks, the thread count).
#include <algorithm>
#include <thread>

#include "jobbench/register/indicators.hpp"
#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {
namespace {

CodeLookup group_lookup(const RegisterSpec& spec, const CodeColumn& column) {
  CodeLookup lookup;
  for (const auto& name : column.categories) {
    const int g = spec.group_index(name);
    lookup.table.push_back(g >= 0 ? g : kBadCode);
  }
  return lookup;
}

CodeLookup offer_lookup(const RegisterSpec& spec, const CodeColumn& column) {
  CodeLookup lookup;
  for (const auto& name : column.categories) {
    if (name == spec.no_offer) {
      lookup.table.push_back(kNoOffer);
    } else {
      const int o = spec.offer_index(name);
      lookup.table.push_back(o >= 0 ? o : kBadCode);
    }
  }
  return lookup;
}

/// Aggregate units each group counts in: its aggregates and, for target groups, the total (last).
std::vector<std::vector<std::int32_t>> aggregates_of_groups(const RegisterSpec& spec) {
  std::vector<std::vector<std::int32_t>> of_group(spec.groups.size());
  for (std::size_t a = 0; a < spec.aggregates.size(); ++a) {
    for (const auto& code : spec.aggregates[a].groups) {
      auto& list = of_group[static_cast<std::size_t>(spec.group_index(code))];
      if (std::find(list.begin(), list.end(), static_cast<std::int32_t>(a)) == list.end()) {
        list.push_back(static_cast<std::int32_t>(a));
      }
    }
  }
  for (std::size_t g = 0; g < spec.groups.size(); ++g) {
    if (spec.groups[g].target) {
      of_group[g].push_back(static_cast<std::int32_t>(spec.aggregates.size()));
    }
  }
  return of_group;
}

}  // namespace

Context make_context(const RegisterSpec& spec, const PanelColumns& pc,
                     const MeasurementPeriod& period) {
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  Context ctx;
  ctx.spec = &spec;
  ctx.panel = &pc;
  ctx.groups = group_lookup(spec, pc.group);
  ctx.offers = offer_lookup(spec, pc.offer);
  for (const auto& o : spec.offers) ctx.company.push_back(o.company_directed ? 1 : 0);
  for (const auto& g : spec.groups) {
    ctx.sickness.push_back(g.sickness ? 1 : 0);
    ctx.status.push_back(g.self_supporting ? 1 : 0);
  }
  ctx.G = spec.groups.size();
  ctx.A = spec.aggregates.size() + 1;
  ctx.aggregates_of_group = aggregates_of_groups(spec);
  ctx.p0 = weeks.index(period.first);
  ctx.p1 = weeks.index(period.last);
  ctx.e0 = ctx.p0 - kJobRateLag;
  ctx.e1 = ctx.p1 - kJobRateLag;
  return ctx;
}

unsigned thread_count(unsigned requested, std::size_t rows) {
  unsigned t = requested;
  if (t == 0) t = std::max(1u, std::thread::hardware_concurrency());
  // Tiny panels: threads cost more than they save (the result is the same either way).
  const std::size_t per_thread = 1 << 14;
  const std::size_t useful = std::max<std::size_t>(1, rows / per_thread);
  return static_cast<unsigned>(std::min<std::size_t>(t, std::min<std::size_t>(useful, 256)));
}

PanelScan scan_and_sort(const Context& ctx, bool drop_invalid, unsigned threads,
                        std::vector<std::uint8_t>& skip, std::vector<Key>& keys) {
  PanelScan scan = scan_panel(ctx, drop_invalid, threads, skip);
  if (!scan.sorted) {
    keys = sorted_keys(*ctx.panel, drop_invalid, skip, threads);
    scan.dups = duplicate_rows(keys);
  }
  const auto dup_index = static_cast<std::size_t>(PanelRule::DuplicatePersonWeek);
  scan.issues.count[dup_index] = scan.dups.count[dup_index];
  scan.issues.rows[dup_index] = scan.dups.rows[dup_index];
  return scan;
}

namespace {

/// What the partial says about its input, besides the accumulators.
void describe_input(const Context& ctx, const IndicatorOptions& options, bool sorted,
                    unsigned threads, IndicatorPartial& out) {
  out.period = options.period;
  out.groups = ctx.G;
  out.aggregates = ctx.A;
  out.municipalities = ctx.munis.codes;
  out.input_rows = static_cast<std::int64_t>(ctx.panel->rows);
  out.sorted_input = sorted;
  out.threads = threads;
  out.standard_errors = options.standard_errors;
}

/// The rows pass 2 read (the valid rows, less dropped duplicates) and their ranges.
void describe_used_rows(const PanelScan& scan, std::int64_t used, IndicatorPartial& out) {
  out.used_rows = used;
  if (used > 0) {
    out.min_week_index = scan.min_widx;
    out.max_week_index = scan.max_widx;
    out.min_person = scan.min_person;
    out.max_person = scan.max_person;
  }
}

}  // namespace
}  // namespace register_engine

IndicatorPartial accumulate(const RegisterSpec& spec, const PanelColumns& pc,
                            const IndicatorOptions& options) {
  using namespace register_engine;
  spec.validate();
  check_columns(pc);
  check_period(options.period);
  Context ctx = make_context(spec, pc, options.period);
  const unsigned threads = thread_count(options.threads, pc.rows);
  std::vector<std::uint8_t> skip;  // drop_invalid: rows to leave out
  if (options.drop_invalid) skip.assign(pc.rows, 0);
  PanelScan scan = scan_panel(ctx, options.drop_invalid, threads, skip);
  IndicatorPartial out;
  out.standard_errors = options.standard_errors;
  std::int64_t used = 0;
  if (scan.sorted) {
    const auto dup_index = static_cast<std::size_t>(PanelRule::DuplicatePersonWeek);
    scan.issues.count[dup_index] = scan.dups.count[dup_index];
    scan.issues.rows[dup_index] = scan.dups.rows[dup_index];
    std::vector<Key> no_keys;
    out.dropped = resolve_issues(pc, options.drop_invalid, true, scan.issues, skip, no_keys);
    if (scan.any_valid) {
      ctx.munis = municipality_map(pc, skip, scan.min_muni, scan.max_muni, threads);
    }
    ctx.M = ctx.munis.codes.size();
    if (ctx.M > 0) run_pass(ctx, skip, threads, out);
    used = static_cast<std::int64_t>(pc.rows);
    if (!skip.empty()) used -= static_cast<std::int64_t>(std::count(skip.begin(), skip.end(), 1));
  } else if (!scan.many_runs && !scan.issues.any()) {
    used = merged_pass(ctx, options.drop_invalid, threads, scan, out);
  } else {
    used = partitioned_pass(ctx, options.drop_invalid, threads, skip, scan, out);
  }
  describe_input(ctx, options, scan.sorted, threads, out);
  describe_used_rows(scan, used, out);
  return out;
}

IndicatorResult compute_indicators(const RegisterSpec& spec, const PanelColumns& panel,
                                   const IndicatorOptions& options) {
  return finalize(spec, accumulate(spec, panel, options), options);
}

}  // namespace jobbench
