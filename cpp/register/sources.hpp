// Private header of the register engine: the two orders in which a pass reads the rows (the
// input's own order when it is sorted by (person, week), else the sorted keys), and the split of
// such a sequence into person-aligned chunks (one per thread).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jobbench/register/iso_week.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {

// Row sources for the pass: the input in its own order, or the sorted keys.
struct InputOrder {
  const std::int64_t* person;
  const std::int32_t* week;
  const std::uint8_t* skip;  // rows dropped by drop_invalid (may be null)
  std::size_t n;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return i; }
  std::int64_t person_at(std::size_t i) const { return person[i]; }
  std::int32_t widx(std::size_t i) const { return IsoWeekTable::instance().index(week[i]); }
  bool skipped(std::size_t i) const { return skip != nullptr && skip[i] != 0; }
};

struct KeyOrder {
  const Key* keys;
  std::size_t n;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return keys[i].row; }
  std::int64_t person_at(std::size_t i) const { return keys[i].person; }
  std::int32_t widx(std::size_t i) const { return keys[i].widx; }
  bool skipped(std::size_t) const { return false; }
};

/// Chunk starts: `parts` person-aligned ranges of the sequence.
template <typename Source>
std::vector<std::size_t> person_aligned_bounds(const Source& src, unsigned parts) {
  const std::size_t n = src.size();
  std::vector<std::size_t> bounds{0};
  for (unsigned t = 1; t < parts; ++t) {
    std::size_t b = std::max(bounds.back(), n * t / parts);
    // the last kept row before b decides the person that must not be split
    std::size_t k = b;
    while (k > bounds.back() && src.skipped(k - 1)) --k;
    if (k > 0 && k > bounds.back()) {
      const std::int64_t p = src.person_at(k - 1);
      while (b < n && (src.skipped(b) || src.person_at(b) == p)) ++b;
    }
    bounds.push_back(b);
  }
  bounds.push_back(n);
  return bounds;
}

}  // namespace register_engine
}  // namespace jobbench
