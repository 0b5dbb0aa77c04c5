// Input made of a few runs sorted by (person, week): weekly extracts appended one after the other
// (sorted by week, then person), or record batches each sorted by person. Instead of sorting, each
// thread merges the runs over its own range of persons: the smallest person at the runs' heads,
// then that person's rows of every run, put in week order. The rows are read where they lie, run
// after run, so the memory traffic stays that of one pass; the only memory is a block of records
// per thread. The duplicates (also those between runs) are adjacent in a person's records.
#include <algorithm>
#include <limits>

#include "jobbench/errors.hpp"
#include "register/engine.hpp"
#include "register/records.hpp"

namespace jobbench {
namespace register_engine {
namespace {

constexpr std::size_t kBlockRecords = std::size_t{1} << 13;  // records per call of the pass (in L2)
constexpr std::size_t kSamplesPerRun = 64;

struct Cursor {
  std::size_t pos, end;
};

/// Persons that split the panel's rows into `parts` ranges of about equal size (from samples of
/// every run): range t is [splits[t], splits[t + 1]), the first open below and the last above.
std::vector<std::int64_t> person_splits(const PanelColumns& pc, const std::vector<Cursor>& runs,
                                        unsigned parts) {
  std::vector<std::int64_t> sample;
  for (const Cursor& r : runs) {
    const std::size_t len = r.end - r.pos;
    const std::size_t k = std::min(len, kSamplesPerRun);
    for (std::size_t j = 0; j < k; ++j) sample.push_back(pc.person[r.pos + len * j / k]);
  }
  std::sort(sample.begin(), sample.end());
  std::vector<std::int64_t> splits{std::numeric_limits<std::int64_t>::min()};
  for (unsigned t = 1; t < parts; ++t) {
    splits.push_back(sample.empty() ? splits.back() : sample[sample.size() * t / parts]);
  }
  return splits;
}

/// One thread's merge over the persons [lo, hi) (hi_open: no upper bound).
class RunMerger {
 public:
  RunMerger(const Context& ctx, const RowRecords& rk, const std::vector<Cursor>& runs,
            std::int64_t lo, std::int64_t hi, bool hi_open)
      : pc_(*ctx.panel), rk_(rk) {
    for (const Cursor& r : runs) {
      const std::int64_t* first = pc_.person + r.pos;
      const std::int64_t* last = pc_.person + r.end;
      Cursor c{static_cast<std::size_t>(std::lower_bound(first, last, lo) - pc_.person),
               hi_open ? r.end
                       : static_cast<std::size_t>(std::lower_bound(first, last, hi) - pc_.person)};
      if (c.pos < c.end) {
        active_.push_back(c);
        heads_.push_back(pc_.person[c.pos]);
      }
    }
  }

  /// Appends the next person's records (week order) to `out`; false when no person is left.
  bool next_person(std::vector<Record>& out) {
    if (heads_.empty()) return false;
    std::int64_t p = heads_.front();
    for (const std::int64_t h : heads_) p = std::min(p, h);
    const std::size_t first = out.size();
    bool finished = false;
    for (std::size_t k = 0; k < heads_.size(); ++k) {
      if (heads_[k] != p) continue;
      Cursor& c = active_[k];
      do {
        out.push_back(rk_.record(c.pos, rk_.week_index(c.pos)));
        ++c.pos;
      } while (c.pos < c.end && pc_.person[c.pos] == p);
      if (c.pos < c.end) {
        heads_[k] = pc_.person[c.pos];
      } else {
        finished = true;
      }
    }
    if (finished) drop_finished();
    const auto from = out.begin() + static_cast<std::ptrdiff_t>(first);
    if (!std::is_sorted(from, out.end())) std::sort(from, out.end());
    return true;
  }

 private:
  /// Leaves out the runs that have ended, keeping the others in input order (weekly extracts
  /// then need no sort of a person's records).
  void drop_finished() {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < active_.size(); ++k) {
      if (active_[k].pos == active_[k].end) continue;
      active_[kept] = active_[k];
      heads_[kept] = heads_[k];
      ++kept;
    }
    active_.resize(kept);
    heads_.resize(kept);
  }

  const PanelColumns& pc_;
  const RowRecords& rk_;
  std::vector<Cursor> active_;
  std::vector<std::int64_t> heads_;  // person at each active run's cursor (kept in cache)
};

}  // namespace

std::int64_t merged_pass(Context& ctx, bool drop_invalid, unsigned threads, PanelScan& scan,
                         IndicatorPartial& out) {
  const PanelColumns& pc = *ctx.panel;
  check_unsorted_rows(pc);
  std::vector<std::uint8_t> no_skip;
  if (scan.any_valid) {
    ctx.munis = municipality_map(pc, no_skip, scan.min_muni, scan.max_muni, threads);
  }
  ctx.M = ctx.munis.codes.size();
  check_record_limits(ctx);
  std::vector<Cursor> runs;
  std::size_t start = 0;
  for (const std::size_t s : scan.run_starts) {
    runs.push_back({start, s});
    start = s;
  }
  runs.push_back({start, pc.rows});
  const std::vector<std::int64_t> splits = person_splits(pc, runs, threads);

  const RowRecords rk(ctx, false, no_skip);  // no row breaks a rule: every row takes part
  std::unique_ptr<RoundPass> pass;
  if (ctx.M > 0) pass.reset(new RoundPass(ctx, threads, out.standard_errors));
  std::vector<Duplicates> dups(threads);
  std::vector<std::int64_t> records_seen(threads, 0);
  parallel_for(threads, [&](unsigned t) {
    const bool last = t + 1 == threads;
    RunMerger merge(ctx, rk, runs, splits[t], last ? 0 : splits[t + 1], last);
    std::vector<Record> records;
    records.reserve(kBlockRecords + 1024);
    std::int64_t base = 0;
    auto flush = [&]() {
      // Under drop_invalid the duplicates are marked; otherwise the panel is refused once one is
      // found (every thread still counts its own for the message).
      if (pass && (drop_invalid || dups[t].count == 0)) {
        pass->add_on(t, records.data(), records.size(), base);
      }
      base += static_cast<std::int64_t>(records.size());
      records.clear();
    };
    while (true) {
      const std::size_t first = records.size();
      if (!merge.next_person(records)) break;
      find_duplicates(records.data() + first, records.data() + records.size(), drop_invalid,
                      dups[t]);
      if (records.size() >= kBlockRecords) flush();
    }
    flush();
    records_seen[t] = base;
  });

  std::int64_t records = 0;
  for (const std::int64_t n : records_seen) records += n;
  return finish_unsorted(pc, drop_invalid, dups, records, scan, no_skip, pass.get(), out);
}

}  // namespace register_engine
}  // namespace jobbench
