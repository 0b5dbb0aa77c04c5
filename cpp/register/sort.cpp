// The sort of unsorted input: a key array (person, week index, row) of the kept rows, sorted in
// parallel parts and merged pairwise; the columns themselves are never copied. Duplicates are then
// adjacent keys.
#include <algorithm>
#include <limits>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {
namespace {

/// Row i takes part in the pass (drop_invalid: not skipped; otherwise: a valid week, as rows
/// breaking other rules have been reported already).
inline bool kept(bool drop_invalid, const std::vector<std::uint8_t>& skip, std::int32_t widx,
                 std::size_t i) {
  return drop_invalid ? skip[i] == 0 : widx != IsoWeekTable::kInvalid;
}

/// Start of each thread's part of the key array (offsets[threads] = number of keys).
std::vector<std::size_t> key_offsets(const PanelColumns& pc, bool drop_invalid,
                                     const std::vector<std::uint8_t>& skip, unsigned threads) {
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  const std::size_t n = pc.rows;
  std::vector<std::size_t> counts(threads, 0);
  parallel_for(threads, [&](unsigned t) {
    const std::size_t a = range_begin(n, t, threads), b = range_begin(n, t + 1, threads);
    std::size_t c = 0;
    for (std::size_t i = a; i < b; ++i) {
      if (drop_invalid ? skip[i] == 0 : weeks.index(pc.week[i]) != IsoWeekTable::kInvalid) ++c;
    }
    counts[t] = c;
  });
  std::vector<std::size_t> offsets(threads + 1, 0);
  for (unsigned t = 0; t < threads; ++t) offsets[t + 1] = offsets[t] + counts[t];
  return offsets;
}

/// Merges the sorted parts pairwise, doubling their width, until one remains.
void merge_parts(std::vector<Key>& keys, const std::vector<std::size_t>& offsets,
                 unsigned threads) {
  for (unsigned width = 1; width < threads; width *= 2) {
    std::vector<unsigned> starts;
    for (unsigned t = 0; t + width < threads; t += 2 * width) starts.push_back(t);
    parallel_for(static_cast<unsigned>(starts.size()), [&](unsigned s) {
      const unsigned t = starts[s];
      const auto first = keys.begin() + static_cast<std::ptrdiff_t>(offsets[t]);
      const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(offsets[t + width]);
      const auto last =
          keys.begin() + static_cast<std::ptrdiff_t>(offsets[std::min(t + 2 * width, threads)]);
      std::inplace_merge(first, middle, last);
    });
  }
}

}  // namespace

std::vector<Key> sorted_keys(const PanelColumns& pc, bool drop_invalid,
                             const std::vector<std::uint8_t>& skip, unsigned threads) {
  const std::size_t n = pc.rows;
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    throw InputError(
        "register panel: unsorted input with more than 4294967295 rows; sort it by "
        "person and week first");
  }
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  const std::vector<std::size_t> offsets = key_offsets(pc, drop_invalid, skip, threads);
  std::vector<Key> keys(offsets[threads]);
  parallel_for(threads, [&](unsigned t) {
    const std::size_t a = range_begin(n, t, threads), b = range_begin(n, t + 1, threads);
    std::size_t k = offsets[t];
    for (std::size_t i = a; i < b; ++i) {
      const std::int32_t w = weeks.index(pc.week[i]);
      if (kept(drop_invalid, skip, w, i)) {
        keys[k++] = Key{pc.person[i], w, static_cast<std::uint32_t>(i)};
      }
    }
    std::sort(keys.begin() + static_cast<std::ptrdiff_t>(offsets[t]),
              keys.begin() + static_cast<std::ptrdiff_t>(k));
  });
  merge_parts(keys, offsets, threads);
  return keys;
}

IssueCollector duplicate_rows(const std::vector<Key>& keys) {
  IssueCollector dups;
  dups.keep_all = true;
  for (std::size_t k = 1; k < keys.size(); ++k) {
    if (keys[k].person == keys[k - 1].person && keys[k].widx == keys[k - 1].widx) {
      if (k == 1 ||
          !(keys[k - 1].person == keys[k - 2].person && keys[k - 1].widx == keys[k - 2].widx)) {
        dups.add(PanelRule::DuplicatePersonWeek, keys[k - 1].row);
      }
      dups.add(PanelRule::DuplicatePersonWeek, keys[k].row);
    }
  }
  return dups;
}

}  // namespace register_engine
}  // namespace jobbench
