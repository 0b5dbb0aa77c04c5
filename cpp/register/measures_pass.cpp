// The pass of the extended measures: one walk over each person's rows in week order, for all
// periods at once (a week's periods are a bit mask), in parallel person-aligned chunks whose
// accumulators are merged afterwards (integers, exact sums: the result does not depend on the
// split). Definitions: docs/register-indicators.md, "Today's measures".
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "register/measures_engine.hpp"
#include "register/offers.hpp"
#include "register/sources.hpp"

namespace jobbench {
namespace measures_engine {
namespace {

using register_engine::Context;
using register_engine::Key;
using register_engine::kJobRateLag;
using register_engine::read_code;

/// One row of the current person.
struct PersonRow {
  std::int32_t w;  // week index
  std::int32_t g;  // group
  std::int32_t o;  // offer type or kNoOffer
  std::size_t m;   // dense municipality
  std::size_t r;   // row in the columns
};

/// An open spell of a unit (or, for DR, of a sickness group).
struct Spell {
  bool open = false;
  std::int32_t first = 0, last = 0;
  std::size_t first_m = 0, last_m = 0;
  std::int64_t conv_first = 0, conv_window = 0;  // conversations in the rule's windows
  bool partial = false;                          // DR: partial sick leave in any week
};

/// A person's state in one unit cell (reset when another person first touches it).
struct PersonCell {
  std::int64_t stamp = -1;
  std::uint64_t activated = 0;
  bool wage = false;
  std::int32_t last_w = std::numeric_limits<std::int32_t>::min();
  std::int32_t run = 0, longest_run = 0;
};

constexpr std::size_t kNoCell = static_cast<std::size_t>(-1);

/// The sums of a run of one person's rows in one group cell: added to the thread's (large) cell
/// array when the cell changes, so that array is written once per run, not once per row. Exact
/// sums, so the grouping does not change the result.
struct PendingCell {
  std::size_t cell = kNoCell;
  ExactSum sums[kGroupSumFields];
  std::int64_t counts[kGroupCountFields] = {};
};

/// One thread's accumulators.
struct Local {
  std::vector<std::int64_t> group_counts, unit_counts;
  std::vector<ExactSum> group_sums;
  std::unordered_map<std::uint64_t, std::int64_t> lengths;  // (unit cell << 32 | length)
  std::int64_t status_rows = 0;
  std::vector<PersonCell> cells;
  std::vector<std::size_t> touched;
  Local(const Setup& s)
      : group_counts(s.P * s.M * s.G * kGroupCountFields),
        unit_counts(s.P * s.M * s.U * s.unit_fields()),
        group_sums(s.P * s.M * s.G * kGroupSumFields),
        cells(s.P * s.M * s.U) {}
};

/// Everything one person contributes; `rows` are the person's rows in week order.
class PersonPass {
 public:
  PersonPass(const Context& ctx, const Setup& s, Local& out)
      : ctx_(ctx), s_(s), out_(out), spells_(s.U), sick_(s.G), pending_p_(s.P), pending_e_(s.P) {}

  void run(const std::vector<PersonRow>& rows, std::int64_t ordinal) {
    rows_ = &rows;
    ordinal_ = ordinal;
    offers_.new_person();
    ahead_ = 0;
    for (const PersonRow& x : rows) {
      if (ctx_.status[static_cast<std::size_t>(x.g)] == 0) {
        benefit_row(x);
      } else {
        ++out_.status_rows;
      }
    }
    flush_pending();
    for (std::size_t u = 0; u < s_.U; ++u) close_unit_spell(u);
    for (std::size_t g = 0; g < s_.G; ++g) close_sick_spell(g);
    flush_cells();
  }

 private:
  std::int64_t& unit_count(std::size_t cell, std::size_t field) {
    return out_.unit_counts[cell * s_.unit_fields() + field];
  }

  void benefit_row(const PersonRow& x) {
    const PanelColumns& pc = *ctx_.panel;
    const auto g = static_cast<std::size_t>(x.g);
    const std::int32_t conv = pc.conversations != nullptr ? pc.conversations[x.r] : 0;
    const double wage = pc.wage_hours != nullptr ? pc.wage_hours[x.r] : 0.0;
    const bool start = x.o >= 0 && offers_.starts(x.o, x.w);
    const std::uint64_t in_p = s_.periods_of(x.w);
    const std::uint64_t in_e = s_.job_rate_periods_of(x.w);
    add_group_cells(x, g, conv, wage, start, in_p, in_e);
    for (const std::uint32_t u : s_.units_of_group[g]) {
      unit_spell_row(u, x, conv);
      for_each_bit(in_p, [&](std::size_t p) { person_cell_row(s_.unit_cell(p, x.m, u), x, conv, wage); });
    }
    if (ctx_.sickness[g] != 0) sick_spell_row(g, x);
  }

  /// Benefit weeks, conversations, offers, wage hours and the job rate of the group cells (into
  /// the pending runs of the periods).
  void add_group_cells(const PersonRow& x, std::size_t g, std::int32_t conv, double wage,
                       bool start, std::uint64_t in_p, std::uint64_t in_e) {
    const double share = ctx_.panel->benefit_share[x.r];
    const bool company = x.o >= 0 && ctx_.company[static_cast<std::size_t>(x.o)] != 0;
    for_each_bit(in_p, [&](std::size_t p) {
      PendingCell& run = pending(pending_p_, dirty_p_, p, s_.group_cell(p, x.m, g));
      run.sums[kFw].add(share);
      if (x.o >= 0) run.sums[kActiveFw].add(share);
      if (company) run.sums[kCompanyFw].add(share);
      if (wage > 0) run.sums[kWage].add(wage);
      run.counts[kConversations] += conv;
      if (start) {
        ++run.counts[kStarts];
        if (company) ++run.counts[kCompanyStarts];
      }
    });
    if (in_e == 0) return;
    const bool self = !benefit_row_at(x.w + kJobRateLag);
    for_each_bit(in_e, [&](std::size_t p) {
      PendingCell& run = pending(pending_e_, dirty_e_, p, s_.group_cell(p, x.m, g));
      run.sums[kEFw].add(share);
      if (self) run.sums[kESelfFw].add(share);
    });
  }

  /// The pending run of period p, for group cell `cell` (the previous run is flushed first).
  PendingCell& pending(std::vector<PendingCell>& runs, std::uint64_t& dirty, std::size_t p,
                       std::size_t cell) {
    PendingCell& run = runs[p];
    if (run.cell != cell) {
      if (run.cell != kNoCell) flush(run);
      run.cell = cell;
      dirty |= std::uint64_t{1} << p;
    }
    return run;
  }

  void flush(PendingCell& run) {
    ExactSum* sums = &out_.group_sums[run.cell * kGroupSumFields];
    std::int64_t* counts = &out_.group_counts[run.cell * kGroupCountFields];
    for (std::size_t f = 0; f < kGroupSumFields; ++f) {
      if (!run.sums[f].empty()) sums[f].merge(run.sums[f]);
      run.sums[f] = ExactSum{};
    }
    for (std::size_t f = 0; f < kGroupCountFields; ++f) {
      counts[f] += run.counts[f];
      run.counts[f] = 0;
    }
    run.cell = kNoCell;
  }

  void flush_pending() {
    for (auto* runs : {&pending_p_, &pending_e_}) {
      std::uint64_t& dirty = runs == &pending_p_ ? dirty_p_ : dirty_e_;
      for_each_bit(dirty, [&](std::size_t p) {
        if ((*runs)[p].cell != kNoCell) flush((*runs)[p]);
      });
      dirty = 0;
    }
  }

  /// Whether the person has a benefit row (not a status row) in week index w (w increases).
  bool benefit_row_at(std::int32_t w) {
    const auto& rows = *rows_;
    while (ahead_ < rows.size() && rows[ahead_].w < w) ++ahead_;
    return ahead_ < rows.size() && rows[ahead_].w == w &&
           ctx_.status[static_cast<std::size_t>(rows[ahead_].g)] == 0;
  }

  /// The person's state in a unit cell: persons, activation, wage hours, contact-free runs.
  void person_cell_row(std::size_t cell, const PersonRow& x, std::int32_t conv, double wage) {
    PersonCell& c = out_.cells[cell];
    if (c.stamp != ordinal_) {
      c = PersonCell{};
      c.stamp = ordinal_;
      out_.touched.push_back(cell);
    }
    if (x.o >= 0) c.activated |= s_.activation_mask[static_cast<std::size_t>(x.o)];
    if (wage > 0) c.wage = true;
    if (x.w != c.last_w + 1) c.run = 0;
    c.run = x.o < 0 && conv == 0 ? c.run + 1 : 0;
    c.longest_run = std::max(c.longest_run, c.run);
    c.last_w = x.w;
  }

  void flush_cells() {
    for (const std::size_t cell : out_.touched) {
      const PersonCell& c = out_.cells[cell];
      ++unit_count(cell, kPersons);
      if (c.wage) ++unit_count(cell, kWagePersons);
      if (c.longest_run >= s_.passive_weeks) ++unit_count(cell, kPassivePersons);
      for_each_bit(c.activated, [&](std::size_t k) { ++unit_count(cell, kUnitFixedFields + k); });
    }
    out_.touched.clear();
  }

  void unit_spell_row(std::size_t u, const PersonRow& x, std::int32_t conv) {
    Spell& sp = spells_[u];
    if (sp.open && x.w == sp.last + 1) {
      sp.last = x.w;
      sp.last_m = x.m;
    } else {
      close_unit_spell(u);
      sp = Spell{true, x.w, x.w, x.m, x.m, 0, 0, false};
    }
    if (const auto& rule = s_.units[u].rule) {
      if (x.w <= sp.first + rule->first_within) sp.conv_first += conv;
      if (x.w <= sp.first + rule->window - 1) sp.conv_window += conv;
    }
  }

  /// Destination k weeks after week index `last`: the group of the row there (benefit or status),
  /// or the last destination (self-supporting, unknown) when there is none.
  std::size_t destination(std::int32_t last) const {
    const auto& rows = *rows_;
    const std::int32_t w = last + s_.status_weeks;
    const auto it = std::lower_bound(rows.begin(), rows.end(), w,
                                     [](const PersonRow& r, std::int32_t v) { return r.w < v; });
    if (it != rows.end() && it->w == w) return static_cast<std::size_t>(it->g);
    return s_.D - 1;
  }

  void close_unit_spell(std::size_t u) {
    Spell& sp = spells_[u];
    if (!sp.open) return;
    sp.open = false;
    const bool left = sp.first == s_.first_index;
    const bool right = sp.last == s_.last_index;
    spell_end(u, sp, left, right);
    spell_start(u, sp, left, right);
  }

  /// Status after the end, durations, left censoring: for the periods holding the last week.
  void spell_end(std::size_t u, const Spell& sp, bool left, bool right) {
    const std::uint64_t in_p = s_.periods_of(sp.last);
    if (in_p == 0) return;
    const std::int32_t length = sp.last - sp.first + 1;
    const std::size_t dest = right ? 0 : destination(sp.last);
    for_each_bit(in_p, [&](std::size_t p) {
      const std::size_t cell = s_.unit_cell(p, sp.last_m, u);
      if (left) ++unit_count(cell, kLeftCensored);
      if (right) return;
      ++unit_count(cell, kEndSpells);
      ++unit_count(cell, kUnitFixedFields + s_.K + dest);
      if (left) return;
      ++unit_count(cell, kDurCount);
      unit_count(cell, kDurSum) += length;
      if (length >= 52) ++unit_count(cell, kDur52);
      ++out_.lengths[(static_cast<std::uint64_t>(cell) << 32) | static_cast<std::uint32_t>(length)];
    });
  }

  /// Right censoring and the conversation rule: for the periods holding the first week.
  void spell_start(std::size_t u, const Spell& sp, bool left, bool right) {
    const std::uint64_t in_p = s_.periods_of(sp.first);
    if (in_p == 0) return;
    const auto& rule = s_.units[u].rule;
    const std::int32_t length = sp.last - sp.first + 1;
    for_each_bit(in_p, [&](std::size_t p) {
      const std::size_t cell = s_.unit_cell(p, sp.first_m, u);
      if (right) ++unit_count(cell, kRightCensored);
      if (!rule || left) return;
      if (!right || s_.last_index >= sp.first + rule->first_within) {
        ++unit_count(cell, kJudgedFirst);
        if (sp.conv_first > 0) ++unit_count(cell, kTimelyFirst);
      }
      if (length >= rule->window) {
        ++unit_count(cell, kJudgedWindow);
        if (sp.conv_window >= rule->min_conversations) ++unit_count(cell, kTimelyWindow);
      } else if (right) {
        ++unit_count(cell, kTooYoung);
      }
    });
  }

  void sick_spell_row(std::size_t g, const PersonRow& x) {
    Spell& sp = sick_[g];
    if (sp.open && x.w == sp.last + 1) {
      sp.last = x.w;
    } else {
      close_sick_spell(g);
      sp = Spell{true, x.w, x.w, x.m, x.m, 0, 0, false};
    }
    const std::uint8_t* partial = ctx_.panel->partial_sick;
    if (partial != nullptr && partial[x.r] != 0) sp.partial = true;
  }

  /// DR: a sickness spell counts in each period it overlaps, for the municipality of its first
  /// week inside the period, in every unit of its group.
  void close_sick_spell(std::size_t g) {
    Spell& sp = sick_[g];
    if (!sp.open) return;
    sp.open = false;
    for (std::size_t p = 0; p < s_.P; ++p) {
      if (sp.last < s_.period_first[p] || sp.first > s_.period_last[p]) continue;
      const std::size_t m = municipality_at(std::max(sp.first, s_.period_first[p]));
      for (const std::uint32_t u : s_.units_of_group[g]) {
        const std::size_t cell = s_.unit_cell(p, m, u);
        ++unit_count(cell, kDrSpells);
        if (sp.partial) ++unit_count(cell, kDrPartial);
      }
    }
  }

  std::size_t municipality_at(std::int32_t w) const {
    const auto& rows = *rows_;
    const auto it = std::lower_bound(rows.begin(), rows.end(), w,
                                     [](const PersonRow& r, std::int32_t v) { return r.w < v; });
    return it->m;  // the spell has a row in week w
  }

  const Context& ctx_;
  const Setup& s_;
  Local& out_;
  std::vector<Spell> spells_;  // per unit
  std::vector<Spell> sick_;    // per group (sickness groups only)
  std::vector<PendingCell> pending_p_, pending_e_;  // per period: the current run of P, of E
  std::uint64_t dirty_p_ = 0, dirty_e_ = 0;         // periods with a pending run
  register_engine::OfferStarts offers_;
  const std::vector<PersonRow>* rows_ = nullptr;
  std::int64_t ordinal_ = 0;
  std::size_t ahead_ = 0;
};

template <typename Source>
void process_chunk(const Context& ctx, const Setup& s, const Source& src, std::size_t begin,
                   std::size_t end, Local& out) {
  const PanelColumns& pc = *ctx.panel;
  PersonPass pass(ctx, s, out);
  std::vector<PersonRow> rows;
  std::size_t i = begin;
  while (i < end) {
    const std::int64_t person = src.person_at(i);
    const auto ordinal = static_cast<std::int64_t>(i);
    rows.clear();
    for (; i < end && src.person_at(i) == person; ++i) {
      const std::size_t r = src.row(i);
      rows.push_back(PersonRow{src.widx(i), ctx.groups(read_code(pc.group, r)),
                               ctx.offers(read_code(pc.offer, r)),
                               static_cast<std::size_t>(ctx.munis(pc.municipality[r])), r});
    }
    pass.run(rows, ordinal);
  }
}

void merge_locals(std::vector<Local>& locals, MeasurePartial& out) {
  out.group_counts = std::move(locals[0].group_counts);
  out.unit_counts = std::move(locals[0].unit_counts);
  out.group_sums = std::move(locals[0].group_sums);
  for (const Local& l : locals) {
    out.status_rows += l.status_rows;
    for (const auto& [key, n] : l.lengths) {
      out.lengths[{static_cast<std::size_t>(key >> 32), static_cast<std::int32_t>(key & 0xffffffffu)}] += n;
    }
  }
  for (std::size_t t = 1; t < locals.size(); ++t) {
    const Local& l = locals[t];
    for (std::size_t c = 0; c < l.group_counts.size(); ++c) out.group_counts[c] += l.group_counts[c];
    for (std::size_t c = 0; c < l.unit_counts.size(); ++c) out.unit_counts[c] += l.unit_counts[c];
    for (std::size_t c = 0; c < l.group_sums.size(); ++c) out.group_sums[c].merge(l.group_sums[c]);
  }
}

}  // namespace

void run_measures_pass(const std::vector<ChunkSource>& chunks, const Setup& setup,
                       unsigned threads, MeasurePartial& out) {
  std::vector<Local> locals;
  locals.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) locals.emplace_back(setup);
  for (const ChunkSource& chunk : chunks) {
    const PanelColumns& pc = *chunk.ctx->panel;
    auto run = [&](const auto& src) {
      const auto bounds = register_engine::person_aligned_bounds(src, threads);
      register_engine::parallel_for(threads, [&](unsigned t) {
        process_chunk(*chunk.ctx, setup, src, bounds[t], bounds[t + 1], locals[t]);
      });
    };
    if (chunk.sorted) {
      run(register_engine::InputOrder{pc.person, pc.week, nullptr, pc.rows});
    } else {
      run(register_engine::KeyOrder{chunk.keys->data(), chunk.keys->size()});
    }
  }
  merge_locals(locals, out);
}

}  // namespace measures_engine
}  // namespace jobbench
