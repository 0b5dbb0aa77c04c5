// Private header of the register engine: the records of unsorted input (partition.cpp, runs.cpp),
// which mark the rows the pass steps over, and the duplicates found among them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "jobbench/errors.hpp"

#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"
#include "register/sources.hpp"

namespace jobbench {
namespace register_engine {

/// What unsorted input's passes read of row i: whether it takes part at all (a valid week, not
/// dropped), and its record (sources.hpp), whose widx is 2 * week index + 1 when the pass steps
/// over the row.
class RowRecords {
 public:
  RowRecords(const Context& ctx, bool drop_invalid, const std::vector<std::uint8_t>& skip)
      : ctx_(ctx), pc_(*ctx.panel), weeks_(IsoWeekTable::instance()), drop_(drop_invalid),
        skip_(skip) {}

  /// The week index of row i, or kInvalid when the row takes no part.
  std::int32_t week_index(std::size_t i) const {
    if (drop_ && skip_[i] != 0) return IsoWeekTable::kInvalid;
    return weeks_.index(pc_.week[i]);  // rows breaking other rules were reported by pass 1
  }

  /// Row i (week index w) as a record.
  Record record(std::size_t i, std::int32_t w) const {
    const std::int32_t g = ctx_.groups(read_code(pc_.group, i));
    const std::int32_t o = ctx_.offers(read_code(pc_.offer, i));
    bool pass = g >= 0 && o != kBadCode && ctx_.status[static_cast<std::size_t>(g)] == 0;
    if (pass && !(w >= ctx_.e0 && w <= ctx_.p1)) {
      pass = ctx_.sickness[static_cast<std::size_t>(g)] != 0;  // spells reach outside
    }
    Record r;
    r.person = pc_.person[i];
    r.widx = 2 * w + (pass ? 0 : 1);
    r.row = static_cast<std::uint32_t>(i);
    if (!pass) {  // only its keys are read (duplicates)
      r.share = 0.0;
      r.conversations = 0;
      r.muni = 0;
      r.group = 0;
      r.offer = 0;
      return r;
    }
    r.share = pc_.benefit_share[i];
    r.conversations = pc_.conversations != nullptr ? pc_.conversations[i] : 0;
    r.muni = static_cast<std::uint16_t>(ctx_.munis(pc_.municipality[i]));
    r.group = static_cast<std::uint8_t>(g);
    const bool partial = pc_.partial_sick != nullptr && pc_.partial_sick[i] != 0;
    r.offer = static_cast<std::uint8_t>((o + 1) | (partial ? 0x80 : 0));
    return r;
  }

 private:
  const Context& ctx_;
  const PanelColumns& pc_;
  const IsoWeekTable& weeks_;
  bool drop_;
  const std::vector<std::uint8_t>& skip_;
};

/// Records pack the municipality index in 16 bits and group and offer indices in 7 or 8.
inline void check_record_limits(const Context& ctx) {
  if (ctx.M > kMaxRecordMunicipalities || ctx.G > 255 ||
      ctx.spec->offers.size() >= kMaxRecordCodes) {
    throw InputError("register panel: not sorted by (person, week), with " + std::to_string(ctx.M) +
                     " municipalities, " + std::to_string(ctx.G) + " groups and " +
                     std::to_string(ctx.spec->offers.size()) +
                     " offer types; unsorted input allows at most 65536, 255 and 126. Sort the "
                     "panel by person and week first");
  }
}

inline bool same_person_week(const Record& a, const Record& b) {
  return a.person == b.person && (a.widx >> 1) == (b.widx >> 1);
}

/// The smallest duplicate rows (the error names the first few) and their number.
struct Duplicates {
  std::int64_t count = 0;
  std::vector<std::int64_t> first;

  void add(std::int64_t row) {
    ++count;
    if (first.size() < kMaxExamples) {
      first.insert(std::upper_bound(first.begin(), first.end(), row), row);
    } else if (row < first.back()) {
      first.pop_back();
      first.insert(std::upper_bound(first.begin(), first.end(), row), row);
    }
  }
  void merge(const Duplicates& o) {
    count += o.count - static_cast<std::int64_t>(o.first.size());
    for (auto row : o.first) add(row);
  }
};

/// After the pass over unsorted input: its duplicates added to the issues, which are resolved
/// (the InputError, or the report of the dropped rows), and the pass's accumulators (if any) into
/// `out`. Returns the rows used, of `records` the pass was given.
inline std::int64_t finish_unsorted(const PanelColumns& pc, bool drop_invalid,
                                    const std::vector<Duplicates>& dups, std::int64_t records,
                                    PanelScan& scan, std::vector<std::uint8_t>& skip,
                                    RoundPass* pass, IndicatorPartial& out) {
  Duplicates all;
  for (const Duplicates& d : dups) all.merge(d);
  const auto dup_index = static_cast<std::size_t>(PanelRule::DuplicatePersonWeek);
  scan.issues.count[dup_index] = all.count;
  scan.issues.rows[dup_index] = all.first;
  std::vector<Key> no_keys;  // the duplicates are marked in the records already
  out.dropped = resolve_issues(pc, drop_invalid, false, scan.issues, skip, no_keys);
  if (pass != nullptr) pass->finish(out);
  return records - all.count;
}

/// Unsorted input's row positions must fit a record's 32 bits.
inline void check_unsorted_rows(const PanelColumns& pc) {
  if (pc.rows > std::numeric_limits<std::uint32_t>::max()) {
    throw InputError(
        "register panel: unsorted input with more than 4294967295 rows; sort it by "
        "person and week first");
  }
}

/// Adds the rows of repeated (person, week) keys in [first, last) (sorted) to `dups`; `drop`:
/// marks them left out of the pass.
inline void find_duplicates(Record* first, Record* last, bool drop, Duplicates& dups) {
  for (Record* k = first; k < last;) {
    Record* run = k + 1;
    while (run < last && same_person_week(*run, *k)) ++run;
    if (run - k > 1) {
      for (Record* d = k; d < run; ++d) {
        dups.add(d->row);
        if (drop) d->widx |= 1;
      }
    }
    k = run;
  }
}

}  // namespace register_engine
}  // namespace jobbench
