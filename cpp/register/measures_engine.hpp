// Private header of the extended measures (measures.hpp): the layout of the accumulators and what
// the pass derives from the spec. Counts that add over groups (benefit weeks, conversations, offer
// starts ...) are kept per (period, municipality, group) and summed into the units at the end;
// counts that do not (distinct persons, spells of an aggregate) are kept per (period,
// municipality, unit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobbench/register/measures.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace measures_engine {

/// Additive integer counts per group cell.
enum GroupCount : std::size_t { kConversations, kStarts, kCompanyStarts, kGroupCountFields };
/// Exact sums per group cell.
enum GroupSum : std::size_t { kFw, kActiveFw, kCompanyFw, kEFw, kESelfFw, kWage, kGroupSumFields };
/// Counts per unit cell; the activation counts (one per activation measure) and the status
/// destinations (one per spec group, then "self_supporting_unknown") follow these.
enum UnitCount : std::size_t {
  kPersons,
  kWagePersons,
  kPassivePersons,
  kDrSpells,
  kDrPartial,
  kEndSpells,  // spells ending in P, not right-censored: the status shares' denominator
  kDurCount,
  kDurSum,
  kDur52,
  kTimelyFirst,
  kJudgedFirst,
  kTimelyWindow,
  kJudgedWindow,
  kLeftCensored,
  kRightCensored,
  kTooYoung,
  kUnitFixedFields
};

/// A unit of the result: a target base group, an aggregate or the total.
struct Unit {
  std::string code;
  UnitKind kind = UnitKind::Group;
  std::vector<std::size_t> members;  // group indexes
  std::optional<ConversationRule> rule;
};

/// What the pass needs beside the register engine's Context.
struct Setup {
  std::vector<Unit> units;
  std::vector<std::vector<std::uint32_t>> units_of_group;  // per group: the units it is in
  std::vector<std::uint64_t> activation_mask;              // per offer type: activated:<c> bits
  std::vector<std::string> activation_names;               // "vejl", ..., "any", ...
  std::size_t P = 0, M = 0, G = 0, U = 0, K = 0, D = 0;
  std::int32_t first_index = 0, last_index = 0;  // the panel's first and last week index
  std::vector<std::uint64_t> in_period;          // per week index - first_index: periods P
  std::vector<std::uint64_t> in_job_rate_weeks;  // the same for the job-rate weeks E
  std::vector<std::int32_t> period_first, period_last;  // week indexes
  int status_weeks = 4, passive_weeks = 13;
  bool wage_hours = false;

  std::size_t unit_fields() const { return kUnitFixedFields + K + D; }
  std::size_t group_cell(std::size_t p, std::size_t m, std::size_t g) const {
    return (p * M + m) * G + g;
  }
  std::size_t unit_cell(std::size_t p, std::size_t m, std::size_t u) const {
    return (p * M + m) * U + u;
  }
  std::uint64_t periods_of(std::int32_t w) const {
    return in_period[static_cast<std::size_t>(w - first_index)];
  }
  std::uint64_t job_rate_periods_of(std::int32_t w) const {
    return in_job_rate_weeks[static_cast<std::size_t>(w - first_index)];
  }
};

/// The units of a spec (target base groups, aggregates, total) and the activation measures.
Setup make_setup(const RegisterSpec& spec);
/// The week masks of `options.periods` over the panel's weeks [first_index, last_index].
void set_weeks(Setup& setup, const std::vector<MeasurementPeriod>& periods, std::int32_t first,
               std::int32_t last);

/// One validated chunk of the panel for the pass: its lookups, and its sorted keys unless the
/// chunk is sorted by (person, week) as it is.
struct ChunkSource {
  const register_engine::Context* ctx;
  const std::vector<register_engine::Key>* keys;
  bool sorted;
};

/// The pass (measures_pass.cpp) over the chunks (each a set of whole persons), into one set of
/// per-thread accumulators, merged into the partial at the end.
void run_measures_pass(const std::vector<ChunkSource>& chunks, const Setup& setup,
                       unsigned threads, MeasurePartial& out);

/// Calls f(p) for each bit p set in `mask`.
template <typename F>
inline void for_each_bit(std::uint64_t mask, F&& f) {
  while (mask != 0) {
    const auto p = static_cast<std::size_t>(__builtin_ctzll(mask));
    f(p);
    mask &= mask - 1;
  }
}

}  // namespace measures_engine
}  // namespace jobbench
