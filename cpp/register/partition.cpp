// Input in any other order (more than kMaxRuns sorted runs, or rows breaking a rule): instead of
// sorting the whole panel, the rows are grouped by person. A hash of the person picks one of
// kBuckets buckets; a histogram pass counts the rows of each bucket per thread, and the buckets are
// taken in rounds whose records fit a memory budget (a fifth of the input columns). In each round
// a scatter pass writes the records (keys and values, sources.hpp) of the round's rows into their
// buckets, each bucket (small enough for the cache) is sorted by person and week, its duplicates
// found, and pass 2 reads the round. Rows that cannot change an indicator (status rows; rows
// outside the job-rate and measurement weeks that are not sickness weeks) are sorted with the
// others, so that every duplicate is found, but the pass steps over them. The accumulators are
// integers and exact sums, so neither the buckets nor the rounds change the result.
#include <algorithm>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"
#include "register/records.hpp"

namespace jobbench {
namespace register_engine {
namespace {
constexpr int kBucketBits = 12;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;
// Records of one round: at most a fifth of the input columns' bytes (and at least 2^12).
constexpr std::size_t kBudgetDivisor = 5;

inline std::size_t bucket_of(std::int64_t person) {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(person) * 0x9E3779B97F4A7C15ull) >>
                                  (64 - kBucketBits));
}

std::size_t input_bytes(const PanelColumns& pc) {
  std::size_t per_row = 8 + 4 + 4 + 8 + static_cast<std::size_t>(pc.group.width + pc.offer.width);
  if (pc.conversations != nullptr) per_row += 4;
  if (pc.partial_sick != nullptr) per_row += 1;
  if (pc.wage_hours != nullptr) per_row += 8;
  return per_row * pc.rows;
}

using Histogram = std::vector<std::size_t>;  // rows per bucket, of one thread's row range

std::vector<Histogram> bucket_histograms(const PanelColumns& pc, const RowRecords& rk,
                                         unsigned threads) {
  std::vector<Histogram> hist(threads, Histogram(kBuckets, 0));
  parallel_for(threads, [&](unsigned t) {
    Histogram& h = hist[t];
    const std::size_t a = range_begin(pc.rows, t, threads);
    const std::size_t b = range_begin(pc.rows, t + 1, threads);
    for (std::size_t i = a; i < b; ++i) {
      if (rk.week_index(i) != IsoWeekTable::kInvalid) ++h[bucket_of(pc.person[i])];
    }
  });
  return hist;
}

/// Rounds: consecutive bucket ranges [first, last) whose records fit the budget (one bucket at
/// least).
std::vector<std::pair<std::size_t, std::size_t>> plan_rounds(const std::vector<std::size_t>& total,
                                                             std::size_t budget) {
  std::vector<std::pair<std::size_t, std::size_t>> rounds;
  std::size_t first = 0, count = 0;
  for (std::size_t f = 0; f < kBuckets; ++f) {
    if (f > first && count + total[f] > budget) {
      rounds.emplace_back(first, f);
      first = f;
      count = 0;
    }
    count += total[f];
  }
  rounds.emplace_back(first, kBuckets);
  return rounds;
}

/// Sorts a bucket's records by (person, week, row) in two stable counting passes, which beat a
/// comparison sort on these small buckets of few persons: by week into `scratch`, then by the
/// person's rank among the bucket's persons back into place. The input is in row order, so equal
/// keys stay in row order, as std::sort by Record::operator< would leave them.
class BucketSorter {
 public:
  void sort(Record* first, Record* last) {
    const auto n = static_cast<std::size_t>(last - first);
    if (n < 2) return;
    std::int32_t lo = first->widx, hi = first->widx;
    for (const Record* r = first; r < last; ++r) {
      lo = std::min(lo, r->widx);
      hi = std::max(hi, r->widx);
    }
    if (static_cast<std::int64_t>(hi) - lo >= kMaxWeekRange) {  // rare: weeks far apart
      std::sort(first, last);
      return;
    }
    scratch_.resize(n);
    counts_.assign(static_cast<std::size_t>(hi - lo) + 2, 0);
    for (const Record* r = first; r < last; ++r) {
      ++counts_[static_cast<std::size_t>(r->widx - lo) + 1];
    }
    for (std::size_t k = 1; k < counts_.size(); ++k) counts_[k] += counts_[k - 1];
    for (const Record* r = first; r < last; ++r) {
      scratch_[counts_[static_cast<std::size_t>(r->widx - lo)]++] = *r;
    }
    rank_persons();
    counts_.assign(persons_.size() + 1, 0);
    ranks_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      ranks_[i] = rank_of(scratch_[i].person);
      ++counts_[ranks_[i] + 1];
    }
    for (std::size_t k = 1; k < counts_.size(); ++k) counts_[k] += counts_[k - 1];
    for (std::size_t i = 0; i < n; ++i) first[counts_[ranks_[i]]++] = scratch_[i];
  }

 private:
  static constexpr std::int64_t kMaxWeekRange = 1 << 16;

  /// The bucket's distinct persons in order (persons_), and a small open-addressing table from
  /// person to rank: one probe a record where a binary search took several unpredictable ones.
  void rank_persons() {
    persons_.clear();
    for (const Record& r : scratch_) persons_.push_back(r.person);
    std::sort(persons_.begin(), persons_.end());
    persons_.erase(std::unique(persons_.begin(), persons_.end()), persons_.end());
    std::size_t size = 16;
    while (size < 2 * persons_.size()) size *= 2;
    mask_ = size - 1;
    slots_.assign(size, kEmpty);
    for (std::size_t k = 0; k < persons_.size(); ++k) {
      std::size_t at = slot(persons_[k]);
      while (slots_[at] != kEmpty) at = (at + 1) & mask_;
      slots_[at] = static_cast<std::uint32_t>(k);
    }
  }
  std::uint32_t rank_of(std::int64_t person) const {
    std::size_t at = slot(person);
    while (persons_[slots_[at]] != person) at = (at + 1) & mask_;  // present: no empty slot met
    return slots_[at];
  }
  std::size_t slot(std::int64_t person) const {
    // another multiplier than bucket_of's, whose top bits all persons of a bucket share
    return static_cast<std::size_t>((static_cast<std::uint64_t>(person) * 0xD6E8FEB86659FD93ull) >> 32) &
           mask_;
  }

  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  std::vector<Record> scratch_;
  std::vector<std::size_t> counts_;
  std::vector<std::int64_t> persons_;
  std::vector<std::uint32_t> ranks_;
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
};

/// One round: the records of buckets [f0, f1) scattered into `records`, bucket after bucket
/// (within a bucket, thread after thread: the input's order), each bucket sorted.
/// Returns the number of records.
std::size_t fill_round(const PanelColumns& pc, const RowRecords& rk,
                       const std::vector<Histogram>& hist, std::size_t f0, std::size_t f1,
                       unsigned threads, bool drop, std::vector<Record>& records,
                       std::vector<Duplicates>& dups) {
  std::vector<std::vector<std::size_t>> cursor(threads, std::vector<std::size_t>(f1 - f0));
  std::vector<std::size_t> starts(f1 - f0 + 1, 0);
  std::size_t at = 0;
  for (std::size_t f = f0; f < f1; ++f) {
    starts[f - f0] = at;
    for (unsigned t = 0; t < threads; ++t) {
      cursor[t][f - f0] = at;
      at += hist[t][f];
    }
  }
  starts[f1 - f0] = at;
  parallel_for(threads, [&](unsigned t) {
    std::vector<std::size_t>& c = cursor[t];
    const std::size_t a = range_begin(pc.rows, t, threads);
    const std::size_t b = range_begin(pc.rows, t + 1, threads);
    for (std::size_t i = a; i < b; ++i) {
      const std::size_t f = bucket_of(pc.person[i]);
      if (f < f0 || f >= f1) continue;  // another round's: its other columns are not read
      const std::int32_t w = rk.week_index(i);
      if (w == IsoWeekTable::kInvalid) continue;
      records[c[f - f0]++] = rk.record(i, w);
    }
  });
  parallel_for(threads, [&](unsigned t) {
    BucketSorter sorter;
    for (std::size_t f = t; f < f1 - f0; f += threads) {
      Record* first = records.data() + starts[f];
      Record* last = records.data() + starts[f + 1];
      sorter.sort(first, last);
      find_duplicates(first, last, drop, dups[t]);
    }
  });
  return at;
}

}  // namespace

std::int64_t partitioned_pass(Context& ctx, bool drop_invalid, unsigned threads,
                              std::vector<std::uint8_t>& skip, PanelScan& scan,
                              IndicatorPartial& out) {
  const PanelColumns& pc = *ctx.panel;
  check_unsorted_rows(pc);
  // With other rules broken (and no drop_invalid) the panel is refused: only its duplicates are
  // still needed, for the message.
  const bool refused = !drop_invalid && scan.issues.any();
  if (!refused && scan.any_valid) {
    ctx.munis = municipality_map(pc, skip, scan.min_muni, scan.max_muni, threads);
  }
  ctx.M = ctx.munis.codes.size();
  check_record_limits(ctx);
  const RowRecords rk(ctx, drop_invalid, skip);
  const std::vector<Histogram> hist = bucket_histograms(pc, rk, threads);
  std::vector<std::size_t> total(kBuckets, 0);
  for (const Histogram& h : hist) {
    for (std::size_t f = 0; f < kBuckets; ++f) total[f] += h[f];
  }
  const std::size_t budget =
      std::max<std::size_t>(input_bytes(pc) / kBudgetDivisor / sizeof(Record), 1 << 12);
  const auto rounds = plan_rounds(total, budget);
  std::size_t largest = 0;
  for (const auto& r : rounds) {
    std::size_t n = 0;
    for (std::size_t f = r.first; f < r.second; ++f) n += total[f];
    largest = std::max(largest, n);
  }

  std::unique_ptr<RoundPass> pass;
  if (!refused && ctx.M > 0) pass.reset(new RoundPass(ctx, threads, out.standard_errors));
  std::vector<Record> records(largest);
  std::vector<Duplicates> dups(threads);
  std::int64_t base = 0;
  for (const auto& r : rounds) {
    const std::size_t n =
        fill_round(pc, rk, hist, r.first, r.second, threads, drop_invalid, records, dups);
    bool any_dup = false;
    for (const Duplicates& d : dups) any_dup = any_dup || d.count > 0;
    if (any_dup && !drop_invalid) pass.reset();  // the panel is refused: no more work on it
    if (pass) pass->add(records.data(), n, base);
    base += static_cast<std::int64_t>(n);
  }
  std::vector<Record>().swap(records);
  return finish_unsorted(pc, drop_invalid, dups, base, scan, skip, pass.get(), out);
}

}  // namespace register_engine
}  // namespace jobbench
