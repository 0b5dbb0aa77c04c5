// Private header of the register engine (not installed): the internal types and the steps shared
// by its translation units. Layout of the computation (docs/register-indicators.md):
//   pass 1   validate.cpp: validate every row, detect sortedness and the input's sorted runs
//            (parallel over contiguous row ranges); issues.cpp: the error, or the report of the
//            dropped rows;
//   munis    municipalities.cpp: the dense municipality index of the kept rows;
//   pass 2   pass.cpp: one pass over the persons, split into one person-aligned chunk per thread;
//            each thread fills its own per-(municipality, group) accumulators, merged afterwards;
//            the per-row state machines are inline (offers.hpp, job_rate.hpp, sickness.hpp).
//            Input sorted by (person, week) is read in place. Other orders are read as records
//            (records.hpp, sources.hpp) in person order: runs.cpp merges a few sorted runs (weekly
//            extracts, sorted batches), partition.cpp partitions any other order by person;
//   sort     sort.cpp: a sorted key array, for the measures engine (measures.cpp);
//   driver   driver.cpp: accumulate() runs the steps above in order;
//   partial  partial.cpp: merge() and the serialisation of partial results;
//   finalize finalize.cpp: the indicators of a (merged) partial result.
// Sums of benefit shares are ExactSums and all other accumulators are integers, so the result is
// the same bit for bit for any thread count, row order or partitioning.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#include "jobbench/register/indicators.hpp"
#include "jobbench/register/panel.hpp"
#include "jobbench/register/spec.hpp"

namespace jobbench {
namespace register_engine {

constexpr std::size_t kMaxExamples = 5;
constexpr std::int32_t kNoOffer = -1;
constexpr std::int32_t kBadCode = -2;
constexpr int kJobRateLag = 13;  // "self-supporting after 13 weeks"
constexpr int kNewOfferGap = 5;  // index(r) - index(q) >= 5 starts a new offer
constexpr int kCensoringWeeks = 4;
// Wage hours of one week: finite and below this (a week has 168 hours; the bound keeps exact sums
// within ExactSum's range whatever the input).
constexpr double kMaxWageHours = 1e6;

// --- small helpers -----------------------------------------------------------------------------

/// Runs f(0), ..., f(n - 1) on n threads (inline for n <= 1); rethrows the first error.
template <typename F>
void parallel_for(unsigned n, F&& f) {
  if (n <= 1) {
    f(0u);
    return;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(n);
  threads.reserve(n);
  for (unsigned t = 0; t < n; ++t) {
    threads.emplace_back([&, t]() {
      try {
        f(t);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

/// First row of range t of `parts` contiguous row ranges of n rows.
inline std::size_t range_begin(std::size_t n, unsigned t, unsigned parts) { return n * t / parts; }

inline std::int32_t read_code(const CodeColumn& c, std::size_t i) {
  switch (c.width) {
    case 1:
      return static_cast<const std::int8_t*>(c.data)[i];
    case 2:
      return static_cast<const std::int16_t*>(c.data)[i];
    default:
      return static_cast<const std::int32_t*>(c.data)[i];
  }
}

/// Category code -> spec index (kBadCode for unknown names, kNoOffer for "none").
struct CodeLookup {
  std::vector<std::int32_t> table;
  std::int32_t operator()(std::int32_t code) const {
    return code >= 0 && static_cast<std::size_t>(code) < table.size()
               ? table[static_cast<std::size_t>(code)]
               : kBadCode;
  }
};

/// Municipality code -> dense index (codes ascending).
struct MunicipalityMap {
  std::int32_t min = 0;
  std::vector<std::int32_t> dense;  // code - min -> index, or -1
  std::vector<std::int32_t> codes;  // ascending
  std::int32_t operator()(std::int32_t code) const {
    const auto k = static_cast<std::int64_t>(code) - min;
    if (!dense.empty()) return dense[static_cast<std::size_t>(k)];
    return static_cast<std::int32_t>(std::lower_bound(codes.begin(), codes.end(), code) -
                                     codes.begin());
  }
};

/// Rule violations: a count per rule and the first rows (all duplicate rows under drop_invalid).
struct IssueCollector {
  std::array<std::int64_t, kPanelRuleCount> count{};
  std::array<std::vector<std::int64_t>, kPanelRuleCount> rows;
  bool keep_all = false;  // drop_invalid: the duplicate rows are all needed

  void add(PanelRule rule, std::int64_t row) {
    const auto r = static_cast<std::size_t>(rule);
    ++count[r];
    if (keep_all && rule == PanelRule::DuplicatePersonWeek) {
      rows[r].push_back(row);
    } else if (rows[r].size() < kMaxExamples) {
      rows[r].push_back(row);
    }
  }
  bool any() const {
    for (auto c : count) {
      if (c) return true;
    }
    return false;
  }
};

struct Record;  // sources.hpp

/// Sort key of a valid row in the unsorted case.
struct Key {
  std::int64_t person;
  std::int32_t widx;
  std::uint32_t row;
  bool operator<(const Key& o) const {
    if (person != o.person) return person < o.person;
    if (widx != o.widx) return widx < o.widx;
    return row < o.row;
  }
};

/// What the engine derives from the spec and the panel's categories.
struct Context {
  const RegisterSpec* spec;
  const PanelColumns* panel;
  CodeLookup groups, offers;
  MunicipalityMap munis;
  std::vector<std::uint8_t> company;                           // per offer type
  std::vector<std::uint8_t> sickness;                          // per group
  std::vector<std::uint8_t> status;  // per group: a status group (self_supporting), no benefit
  std::vector<std::vector<std::int32_t>> aggregates_of_group;  // incl. the total (last)
  std::size_t G = 0, A = 0, M = 0;
  std::int32_t p0 = 0, p1 = 0, e0 = 0, e1 = 0;
};

/// Pass 1 over the whole panel: the rule violations, sortedness and value ranges of valid rows.
struct PanelScan {
  IssueCollector issues;  // all rules but DuplicatePersonWeek
  IssueCollector dups;    // duplicates, as found on sorted input
  bool sorted = true;
  bool any_valid = false;
  std::int64_t min_person = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_person = std::numeric_limits<std::int64_t>::min();
  std::int32_t min_muni = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_muni = std::numeric_limits<std::int32_t>::min();
  std::int32_t min_widx = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_widx = std::numeric_limits<std::int32_t>::min();
  /// Unsorted input: the first rows of its runs sorted by (person, week) after the first (a run
  /// starts where a valid row's key is below the previous valid row's), while at most kMaxRuns.
  std::vector<std::size_t> run_starts;
  bool many_runs = false;
};

/// Input of at most this many sorted runs (weekly extracts appended, batches sorted by person) is
/// merged run by run (runs.cpp); more runs are partitioned by person (partition.cpp).
constexpr std::size_t kMaxRuns = 512;

inline void add_counts(CellCounts& a, const CellCounts& b) {
  a.rows += b.rows;
  a.persons += b.persons;
  a.conversations += b.conversations;
  a.new_offers += b.new_offers;
  a.new_company_offers += b.new_company_offers;
  a.e_rows += b.e_rows;
  a.e_persons += b.e_persons;
  a.e_self_rows += b.e_self_rows;
  a.spells += b.spells;
  a.spells_partial += b.spells_partial;
}

inline void add_sums(CellSums& a, const CellSums& b) {
  a.fw.merge(b.fw);
  a.active_fw.merge(b.active_fw);
  a.company_fw.merge(b.company_fw);
  a.e_fw.merge(b.e_fw);
  a.e_self_fw.merge(b.e_self_fw);
}

// --- the steps (driver.cpp runs them in this order) --------------------------------------------

// driver.cpp
/// Everything but the municipalities (known after pass 1).
Context make_context(const RegisterSpec& spec, const PanelColumns& pc,
                     const MeasurementPeriod& period);
/// Threads to use: `requested` (0 = all cores), fewer for tiny panels (same result either way).
unsigned thread_count(unsigned requested, std::size_t rows);
/// Pass 1, then the sort when the input is unsorted (`keys`; it finds the duplicates anew). The
/// duplicates are then in scan.issues with the other rules.
PanelScan scan_and_sort(const Context& ctx, bool drop_invalid, unsigned threads,
                        std::vector<std::uint8_t>& skip, std::vector<Key>& keys);

// validate.cpp
void check_columns(const PanelColumns& pc);
void check_period(const MeasurementPeriod& period);
/// Pass 1; marks rows breaking a rule in `skip` (non-empty under drop_invalid).
PanelScan scan_panel(const Context& ctx, bool drop_invalid, unsigned threads,
                     std::vector<std::uint8_t>& skip);

// issues.cpp
/// Throws the InputError describing `issues`, or (drop_invalid) returns them for the result and
/// leaves the duplicate rows out (of `skip` on sorted input, of `keys` otherwise).
/// `hint` ends the error's message.
std::vector<PanelIssue> resolve_issues(
    const PanelColumns& pc, bool drop_invalid, bool sorted, IssueCollector& issues,
    std::vector<std::uint8_t>& skip, std::vector<Key>& keys,
    const char* hint = "Fix these rows, or pass drop_invalid to leave them out (the result then "
                       "reports how many were dropped and why).");

// sort.cpp
/// Keys of the rows kept (not in `skip` under drop_invalid, else a valid week), sorted.
std::vector<Key> sorted_keys(const PanelColumns& pc, bool drop_invalid,
                             const std::vector<std::uint8_t>& skip, unsigned threads);
/// All rows of repeated (person, week) keys.
IssueCollector duplicate_rows(const std::vector<Key>& keys);

// municipalities.cpp
MunicipalityMap municipality_map(const PanelColumns& pc, const std::vector<std::uint8_t>& skip,
                                 std::int32_t min_muni, std::int32_t max_muni, unsigned threads);

// pass.cpp
/// Pass 2 fills out.counts, sums, aggregate_persons and aggregate_e_persons.
void run_pass(const Context& ctx, const std::vector<std::uint8_t>& skip, unsigned threads,
              IndicatorPartial& out);

/// Pass 2 in rounds (unsorted input, partition.cpp): each thread's accumulators live across the
/// rounds, and finish() merges them into `out`.
class RoundPass {
 public:
  RoundPass(const Context& ctx, unsigned threads, bool se);
  ~RoundPass();
  /// The persons of one round's records (see RecordOrder in sources.hpp); `base`: the number of
  /// records of the earlier rounds.
  void add(const Record* records, std::size_t n, std::int64_t base);
  /// The same for thread `thread`'s own records, on the calling thread (its accumulators only).
  void add_on(unsigned thread, const Record* records, std::size_t n, std::int64_t base);
  void finish(IndicatorPartial& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// runs.cpp
/// Unsorted input of few sorted runs and no rule broken (pass 1 found none): the runs merged by
/// person, the duplicates between runs found (and dropped under drop_invalid) on the way, and pass
/// 2 run on the merged persons. Returns the rows used; throws the InputError of the duplicates.
std::int64_t merged_pass(Context& ctx, bool drop_invalid, unsigned threads, PanelScan& scan,
                         IndicatorPartial& out);

// partition.cpp
/// Unsorted input, after pass 1: the rows grouped by person (hash buckets, in rounds that bound
/// the memory of the keys), the duplicates found in each bucket, the issues resolved (throws, or
/// drops under drop_invalid), and pass 2 run on each round. Returns the rows used.
std::int64_t partitioned_pass(Context& ctx, bool drop_invalid, unsigned threads,
                              std::vector<std::uint8_t>& skip, PanelScan& scan,
                              IndicatorPartial& out);

}  // namespace register_engine
}  // namespace jobbench
