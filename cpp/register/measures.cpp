// The extended measures: the units and week masks (setup), accumulate_measures() as a driver over
// the register engine's steps (validation, sort, municipalities) and the pass of
// measures_pass.cpp, and merge_measures().
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "jobbench/register/measures.hpp"
#include "register/engine.hpp"
#include "register/measures_engine.hpp"

namespace jobbench {
namespace measures_engine {

Setup make_setup(const RegisterSpec& spec) {
  Setup s;
  s.G = spec.groups.size();
  s.units_of_group.resize(s.G);
  std::vector<std::size_t> targets;
  for (std::size_t g = 0; g < s.G; ++g) {
    const RegisterGroup& group = spec.groups[g];
    if (!group.target || group.self_supporting) continue;
    targets.push_back(g);
    s.units_of_group[g].push_back(static_cast<std::uint32_t>(s.units.size()));
    s.units.push_back(Unit{group.code, UnitKind::Group, {g}, group.conversation_rule});
  }
  for (const auto& a : spec.aggregates) {
    Unit unit{a.code, UnitKind::Aggregate, {}, a.conversation_rule};
    for (const auto& code : a.groups) {
      const auto g = static_cast<std::size_t>(spec.group_index(code));
      if (std::find(unit.members.begin(), unit.members.end(), g) != unit.members.end()) continue;
      unit.members.push_back(g);
      s.units_of_group[g].push_back(static_cast<std::uint32_t>(s.units.size()));
    }
    s.units.push_back(std::move(unit));
  }
  for (const std::size_t g : targets) {
    s.units_of_group[g].push_back(static_cast<std::uint32_t>(s.units.size()));
  }
  s.units.push_back(Unit{spec.total_code, UnitKind::Total, targets, spec.total_conversation_rule});
  s.U = s.units.size();
  // activated:<c>: every offer type, "any", "company_directed", every category
  const std::size_t O = spec.offers.size();
  s.activation_mask.assign(O, 0);
  for (std::size_t o = 0; o < O; ++o) {
    s.activation_names.push_back(spec.offers[o].code);
    s.activation_mask[o] |= std::uint64_t{1} << o;
    s.activation_mask[o] |= std::uint64_t{1} << O;
    if (spec.offers[o].company_directed) s.activation_mask[o] |= std::uint64_t{1} << (O + 1);
  }
  s.activation_names.push_back("any");
  s.activation_names.push_back("company_directed");
  for (std::size_t c = 0; c < spec.offer_categories.size(); ++c) {
    s.activation_names.push_back(spec.offer_categories[c].code);
    for (const auto& code : spec.offer_categories[c].offers) {
      s.activation_mask[static_cast<std::size_t>(spec.offer_index(code))] |= std::uint64_t{1}
                                                                           << (O + 2 + c);
    }
  }
  s.K = s.activation_names.size();
  s.D = s.G + 1;
  return s;
}

void set_weeks(Setup& s, const std::vector<MeasurementPeriod>& periods, std::int32_t first,
               std::int32_t last) {
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  s.P = periods.size();
  s.first_index = weeks.index(first);
  s.last_index = weeks.index(last);
  const auto n = static_cast<std::size_t>(s.last_index - s.first_index + 1);
  s.in_period.assign(n, 0);
  s.in_job_rate_weeks.assign(n, 0);
  s.period_first.clear();
  s.period_last.clear();
  auto mark = [&](std::vector<std::uint64_t>& mask, std::int32_t a, std::int32_t b,
                  std::size_t p) {
    for (std::int32_t w = std::max(a, s.first_index); w <= std::min(b, s.last_index); ++w) {
      mask[static_cast<std::size_t>(w - s.first_index)] |= std::uint64_t{1} << p;
    }
  };
  for (std::size_t p = 0; p < s.P; ++p) {
    const std::int32_t a = weeks.index(periods[p].first), b = weeks.index(periods[p].last);
    s.period_first.push_back(a);
    s.period_last.push_back(b);
    mark(s.in_period, a, b, p);
    mark(s.in_job_rate_weeks, a - register_engine::kJobRateLag, b - register_engine::kJobRateLag,
         p);
  }
}

namespace {

void check_options(const MeasureOptions& options) {
  if (options.periods.empty()) throw InputError("measures: no period given");
  if (options.periods.size() > kMaxMeasurePeriods) {
    throw InputError("measures: " + std::to_string(options.periods.size()) +
                     " periods in one call; at most " + std::to_string(kMaxMeasurePeriods) +
                     " (split the list and call again)");
  }
  for (const auto& p : options.periods) register_engine::check_period(p);
  if (options.status_weeks < 1 || options.status_weeks > 520) {
    throw InputError("measures: status_weeks must be from 1 to 520 (got " +
                     std::to_string(options.status_weeks) + ")");
  }
  if (options.passive_weeks < 1 || options.passive_weeks > 520) {
    throw InputError("measures: passive_weeks must be from 1 to 520 (got " +
                     std::to_string(options.passive_weeks) + ")");
  }
  if ((options.panel_first == 0) != (options.panel_last == 0)) {
    throw InputError("measures: give both panel_first and panel_last, or neither");
  }
  if (options.panel_first != 0) {
    register_engine::check_period({options.panel_first, options.panel_last});
  }
}

/// The panel must reach k weeks past every period (status after the end; the job rate's 13
/// weeks are within it): otherwise the measures cannot be judged.
void check_reach(const MeasureOptions& options, std::int32_t panel_last) {
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  for (const auto& p : options.periods) {
    const std::int32_t need = weeks.index(p.last) + options.status_weeks;
    if (weeks.index(panel_last) < need) {
      throw InputError("measures: period " + format_iso_week(p.first) + "-" +
                       format_iso_week(p.last) + " needs the panel to reach " +
                       format_iso_week(iso_week_from_index(need)) + " (status " +
                       std::to_string(options.status_weeks) +
                       " weeks after a spell's end), but the panel ends in " +
                       format_iso_week(panel_last) +
                       "; rule 'period beyond the panel': choose earlier periods or a longer "
                       "panel");
    }
  }
}

}  // namespace
}  // namespace measures_engine

namespace measures_engine {
namespace {

/// One chunk after validation: its lookups, its rows in (person, week) order and their ranges.
struct Chunk {
  register_engine::Context ctx;
  std::vector<register_engine::Key> keys;  // unsorted input only
  register_engine::PanelScan scan;
};

Chunk scan_chunk(const RegisterSpec& spec, const PanelColumns& pc, const MeasureOptions& options,
                 unsigned threads) {
  using namespace register_engine;
  check_columns(pc);
  Chunk c{make_context(spec, pc, options.periods.front()), {}, {}};
  std::vector<std::uint8_t> skip;
  c.scan = scan_and_sort(c.ctx, false, threads, skip, c.keys);
  resolve_issues(pc, false, c.scan.sorted, c.scan.issues, skip, c.keys, "Fix these rows.");
  return c;
}

/// The municipalities of all chunks, as one dense (or sorted) index.
register_engine::MunicipalityMap municipalities(const std::vector<Chunk>& chunks,
                                                unsigned threads) {
  std::vector<std::int32_t> codes;
  for (const Chunk& c : chunks) {
    if (!c.scan.any_valid) continue;
    const auto map = register_engine::municipality_map(*c.ctx.panel, {}, c.scan.min_muni,
                                                       c.scan.max_muni, threads);
    codes.insert(codes.end(), map.codes.begin(), map.codes.end());
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  register_engine::MunicipalityMap map;
  map.codes = codes;
  if (!codes.empty() && static_cast<std::int64_t>(codes.back()) - codes.front() < (1 << 22)) {
    map.min = codes.front();
    map.dense.assign(static_cast<std::size_t>(codes.back() - codes.front() + 1), -1);
    for (std::size_t i = 0; i < codes.size(); ++i) {
      map.dense[static_cast<std::size_t>(codes[i] - map.min)] = static_cast<std::int32_t>(i);
    }
  }
  return map;
}

/// Chunks are processed one after the other, so a person must not span two of them.
void check_person_aligned(const std::vector<Chunk>& chunks) {
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  for (const Chunk& c : chunks) {
    if (c.scan.any_valid) ranges.emplace_back(c.scan.min_person, c.scan.max_person);
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first <= ranges[i - 1].second) {
      throw InputError("measures: the panel's record batches are not person-aligned (person " +
                       std::to_string(ranges[i].first) +
                       " may lie in two of them); give one table or batches of whole persons");
    }
  }
}

}  // namespace
}  // namespace measures_engine

MeasurePartial accumulate_measures(const RegisterSpec& spec,
                                   const std::vector<PanelColumns>& panel_chunks,
                                   const MeasureOptions& options) {
  using namespace register_engine;
  using namespace measures_engine;
  spec.validate();
  check_options(options);
  std::size_t rows = 0;
  for (const auto& pc : panel_chunks) rows += pc.rows;
  if (rows == 0) throw InputError("register panel: no rows (the measures need a panel)");
  const unsigned threads = thread_count(options.threads, rows);
  std::vector<Chunk> chunks;
  chunks.reserve(panel_chunks.size());
  std::int32_t min_widx = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_widx = std::numeric_limits<std::int32_t>::min();
  for (const auto& pc : panel_chunks) {
    if (pc.rows == 0) continue;
    chunks.push_back(scan_chunk(spec, pc, options, thread_count(options.threads, pc.rows)));
    min_widx = std::min(min_widx, chunks.back().scan.min_widx);
    max_widx = std::max(max_widx, chunks.back().scan.max_widx);
  }
  check_person_aligned(chunks);
  MeasurePartial out;
  out.panel_first = options.panel_first != 0 ? options.panel_first : iso_week_from_index(min_widx);
  out.panel_last = options.panel_last != 0 ? options.panel_last : iso_week_from_index(max_widx);
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  if (min_widx < weeks.index(out.panel_first) || max_widx > weeks.index(out.panel_last)) {
    throw InputError("measures: the panel has weeks outside panel_first-panel_last (" +
                     format_iso_week(out.panel_first) + "-" + format_iso_week(out.panel_last) +
                     ")");
  }
  check_reach(options, out.panel_last);
  const MunicipalityMap munis = municipalities(chunks, threads);
  Setup setup = make_setup(spec);
  setup.M = munis.codes.size();
  setup.status_weeks = options.status_weeks;
  setup.passive_weeks = options.passive_weeks;
  setup.wage_hours = panel_chunks.front().wage_hours != nullptr;
  set_weeks(setup, options.periods, out.panel_first, out.panel_last);
  out.periods = options.periods;
  out.status_weeks = options.status_weeks;
  out.passive_weeks = options.passive_weeks;
  out.wage_hours = setup.wage_hours;
  out.groups = setup.G;
  out.units = setup.U;
  out.municipalities = munis.codes;
  out.input_rows = static_cast<std::int64_t>(rows);
  out.threads = threads;
  std::vector<ChunkSource> sources;
  for (Chunk& c : chunks) {
    c.ctx.munis = munis;
    out.sorted_input = out.sorted_input && c.scan.sorted;
    sources.push_back(ChunkSource{&c.ctx, &c.keys, c.scan.sorted});
  }
  run_measures_pass(sources, setup, threads, out);
  return out;
}

MeasurePartial accumulate_measures(const RegisterSpec& spec, const PanelColumns& panel,
                                   const MeasureOptions& options) {
  return accumulate_measures(spec, std::vector<PanelColumns>{panel}, options);
}

MeasureResult compute_measures(const RegisterSpec& spec, const PanelColumns& panel,
                               const MeasureOptions& options) {
  return finalize_measures(spec, accumulate_measures(spec, panel, options));
}

}  // namespace jobbench
