// Pass 2 of the register engine: one pass over the persons in (person, week) order, split into one
// person-aligned chunk per thread; each thread fills its own per-(municipality, group)
// accumulators, merged afterwards in chunk order. The per-row state machines are inline
// (offers.hpp, job_rate.hpp, sickness.hpp), so the whole hot loop is compiled here.
#include <algorithm>
#include <optional>

#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"
#include "register/job_rate.hpp"
#include "register/moments.hpp"
#include "register/offers.hpp"
#include "register/sickness.hpp"
#include "register/sources.hpp"

namespace jobbench {
namespace register_engine {
namespace {

/// One thread's accumulators. The stamps hold the ordinal of the last person counted in a cell.
struct alignas(64) Local {
  std::vector<CellCounts> counts;
  std::vector<CellSums> sums;
  std::vector<std::int64_t> agg_p, agg_e;
  std::vector<std::int64_t> stamp_p, stamp_e, astamp_p, astamp_e;
  std::optional<ThreadMoments> moments;  // standard errors only
  PersonTotals totals;                   // the current person's (with SE)
  Local(const Context& c, bool se)
      : counts(c.M * c.G),
        sums(c.M * c.G),
        agg_p(c.M * c.A),
        agg_e(c.M * c.A),
        stamp_p(c.M * c.G, -1),
        stamp_e(c.M * c.G, -1),
        astamp_p(c.M * c.A, -1),
        astamp_e(c.M * c.A, -1) {
    if (se) moments.emplace(c);
  }
};

/// One row of the current person (stamp `ordinal`), looked up.
struct Row {
  std::size_t m, g, cell;
  std::int32_t o;  // offer type, or kNoOffer
  double share;
};

/// Counts the person once per cell and aggregate unit (persons / e_persons).
inline void count_person(const Context& ctx, const Row& x, std::int64_t ordinal,
                         std::vector<std::int64_t>& stamp, std::int64_t& persons,
                         std::vector<std::int64_t>& astamp, std::vector<std::int64_t>& agg) {
  if (stamp[x.cell] != ordinal) {
    stamp[x.cell] = ordinal;
    ++persons;
  }
  for (const std::int32_t a : ctx.aggregates_of_group[x.g]) {
    const std::size_t ac = x.m * ctx.A + static_cast<std::size_t>(a);
    if (astamp[ac] != ordinal) {
      astamp[ac] = ordinal;
      ++agg[ac];
    }
  }
}

/// A row of the measurement period P (SE: also into the person's totals `t` of the cell).
template <bool SE>
inline void count_period_row(const Context& ctx, const Row& x, std::int32_t conversations,
                             std::int64_t ordinal, Local& out, PersonCell* t) {
  CellCounts& c = out.counts[x.cell];
  CellSums& s = out.sums[x.cell];
  ++c.rows;
  s.fw.add(x.share);
  c.conversations += conversations;
  if (x.o >= 0) {
    s.active_fw.add(x.share);
    const bool company = ctx.company[static_cast<std::size_t>(x.o)] != 0;
    if (company) s.company_fw.add(x.share);
    if constexpr (SE) {
      t->active += x.share;
      if (company) t->company += x.share;
    }
  }
  if constexpr (SE) {
    t->fw += x.share;
    t->conversations += conversations;
  }
  count_person(ctx, x, ordinal, out.stamp_p, c.persons, out.astamp_p, out.agg_p);
}

/// A row of the job-rate weeks E; `later`: the person has a row kJobRateLag weeks later.
template <bool SE>
inline void count_job_rate_row(const Context& ctx, const Row& x, std::int64_t ordinal, bool later,
                               Local& out, PersonCell* t) {
  CellCounts& c = out.counts[x.cell];
  CellSums& s = out.sums[x.cell];
  ++c.e_rows;
  s.e_fw.add(x.share);
  if constexpr (SE) t->e_fw += x.share;
  if (!later) {
    ++c.e_self_rows;
    s.e_self_fw.add(x.share);
    if constexpr (SE) t->e_self += x.share;
  }
  count_person(ctx, x, ordinal, out.stamp_e, c.e_persons, out.astamp_e, out.agg_e);
}

/// The per-person pass over sequence positions [begin, end) (person-aligned). SE: also the
/// per-person totals, whose products go into the moments when the person ends.
template <bool SE, typename Source>
void process_chunk(const Context& ctx, const Source& src, std::size_t begin, std::size_t end,
                   Local& out) {
  bool have_person = false;
  std::int64_t person = 0;
  std::int64_t ordinal = -1;  // stamp of the current person: its first sequence position
  OfferStarts offers;
  PersonTotals* totals = SE ? &out.totals : nullptr;
  SicknessSpells spells(out.counts, totals);
  LaterRow<Source> later(ctx, src, begin, end);  // "a row 13 weeks later"
  PersonCell outside;

  for (std::size_t i = begin; i < end; ++i) {
    if (src.skipped(i)) continue;
    const std::int64_t p = src.person_at(i);
    if (!have_person || p != person) {
      spells.new_person();
      if constexpr (SE) {
        if (have_person) totals->flush(ctx, *out.moments);
      }
      have_person = true;
      person = p;
      ordinal = src.ordinal(i);
      offers.new_person();
    }
    const std::int32_t w = src.widx(i);
    const std::size_t g = group_of(ctx, src, i);
    if (ctx.status[g] != 0) continue;  // a status row is a self-supporting week: no row here
    const RowValues v = values_of(ctx, src, i, g);
    const Row x{v.m, g, v.m * ctx.G + g, v.o, v.share};
    const bool in_p = w >= ctx.p0 && w <= ctx.p1;
    const bool in_e = w >= ctx.e0 && w <= ctx.e1;

    PersonCell* t = &outside;  // a row outside P and E adds nothing to the person's totals
    if constexpr (SE) {
      if (in_p || in_e) t = &totals->at(x.cell);
    }
    if (in_p) count_period_row<SE>(ctx, x, conversations_of(ctx, src, i), ordinal, out, t);
    if (x.o >= 0) {
      // without branches on the start: whether a row starts an offer is data, not a pattern
      const int start = offers.starts(x.o, w) & in_p;
      const int company = start & (ctx.company[static_cast<std::size_t>(x.o)] != 0);
      out.counts[x.cell].new_offers += start;
      out.counts[x.cell].new_company_offers += company;
      if constexpr (SE) {
        t->offers += start;
        t->company_offers += company;
      }
    }
    if (in_e) count_job_rate_row<SE>(ctx, x, ordinal, later.exists(i, person, w), out, t);
    const bool sick = ctx.sickness[x.g] != 0;
    spells.row(sick, w, in_p, x.cell, sick && partial_of(ctx, src, i));
  }
  spells.close();
  if constexpr (SE) {
    if (have_person) totals->flush(ctx, *out.moments);
  }
}

/// Moves the first thread's accumulators to `out` and adds the others, in chunk order (integers
/// and exact sums: the order does not change the result). The aggregate units' moments get their
/// cells' once all are in.
void merge_locals(const Context& ctx, std::vector<Local>& locals, IndicatorPartial& out) {
  for (Local& l : locals) {
    if (l.moments) l.moments->finish();
  }
  out.counts = std::move(locals[0].counts);
  out.sums = std::move(locals[0].sums);
  out.aggregate_persons = std::move(locals[0].agg_p);
  out.aggregate_e_persons = std::move(locals[0].agg_e);
  if (locals[0].moments) {
    out.moments = std::move(locals[0].moments->cold_cells);
    out.aggregate_moments = std::move(locals[0].moments->cold_units);
  }
  for (std::size_t t = 1; t < locals.size(); ++t) {
    const Local& l = locals[t];
    if (l.moments) {
      for (std::size_t c = 0; c < out.moments.size(); ++c) {
        out.moments[c].merge(l.moments->cold_cells[c]);
      }
      for (std::size_t c = 0; c < out.aggregate_moments.size(); ++c) {
        out.aggregate_moments[c].merge(l.moments->cold_units[c]);
      }
    }
    for (std::size_t c = 0; c < out.counts.size(); ++c) {
      add_counts(out.counts[c], l.counts[c]);
      add_sums(out.sums[c], l.sums[c]);
    }
    for (std::size_t c = 0; c < out.aggregate_persons.size(); ++c) {
      out.aggregate_persons[c] += l.agg_p[c];
      out.aggregate_e_persons[c] += l.agg_e[c];
    }
  }
  if (!out.moments.empty()) fold_cells(ctx, out.moments, out.aggregate_moments);
}

/// process_chunk with or without the standard errors' moments.
template <typename Source>
void process(const Context& ctx, const Source& src, std::size_t begin, std::size_t end, bool se,
             Local& out) {
  if (se) {
    process_chunk<true>(ctx, src, begin, end, out);
  } else {
    process_chunk<false>(ctx, src, begin, end, out);
  }
}

/// One pass over `src` in person-aligned chunks, one per thread, into `locals`.
template <typename Source>
void run_chunks(const Context& ctx, const Source& src, bool se, std::vector<Local>& locals) {
  const auto threads = static_cast<unsigned>(locals.size());
  const auto bounds = person_aligned_bounds(src, threads);
  parallel_for(threads,
               [&](unsigned t) { process(ctx, src, bounds[t], bounds[t + 1], se, locals[t]); });
}

/// Each thread's accumulators, allocated by that thread: glibc gives each thread its own arena,
/// so no two threads' hot vectors (the stamps, a person's touched cells) share a cache line.
std::vector<Local> make_locals(const Context& ctx, unsigned threads, bool se) {
  std::vector<std::optional<Local>> built(threads);
  parallel_for(threads, [&](unsigned t) { built[t].emplace(ctx, se); });
  std::vector<Local> locals;
  locals.reserve(threads);
  for (auto& l : built) locals.push_back(std::move(*l));
  return locals;
}

template <typename Source>
void run_source(const Context& ctx, const Source& src, unsigned threads, IndicatorPartial& out) {
  std::vector<Local> locals = make_locals(ctx, threads, out.standard_errors);
  run_chunks(ctx, src, out.standard_errors, locals);
  merge_locals(ctx, locals, out);
}

}  // namespace

void run_pass(const Context& ctx, const std::vector<std::uint8_t>& skip, unsigned threads,
              IndicatorPartial& out) {
  const PanelColumns& pc = *ctx.panel;
  const InputOrder src{pc.person, pc.week, skip.empty() ? nullptr : skip.data(), pc.rows};
  run_source(ctx, src, threads, out);
}

struct RoundPass::Impl {
  const Context& ctx;
  bool se;
  std::vector<Local> locals;
};

RoundPass::RoundPass(const Context& ctx, unsigned threads, bool se)
    : impl_(new Impl{ctx, se, make_locals(ctx, threads, se)}) {}

RoundPass::~RoundPass() = default;

void RoundPass::add(const Record* records, std::size_t n, std::int64_t base) {
  run_chunks(impl_->ctx, RecordOrder{records, n, base}, impl_->se, impl_->locals);
}

void RoundPass::add_on(unsigned thread, const Record* records, std::size_t n, std::int64_t base) {
  if (n == 0) return;
  process(impl_->ctx, RecordOrder{records, n, base}, 0, n, impl_->se, impl_->locals[thread]);
}

void RoundPass::finish(IndicatorPartial& out) { merge_locals(impl_->ctx, impl_->locals, out); }

}  // namespace register_engine
}  // namespace jobbench
