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
  const IsoWeekTable& weeks = IsoWeekTable::instance();  // looked up once, not per row
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return i; }
  std::int64_t ordinal(std::size_t i) const { return static_cast<std::int64_t>(i); }
  std::int64_t person_at(std::size_t i) const { return person[i]; }
  std::int32_t widx(std::size_t i) const { return weeks.index(week[i]); }
  bool skipped(std::size_t i) const { return skip != nullptr && skip[i] != 0; }
};

struct KeyOrder {
  const Key* keys;
  std::size_t n;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return keys[i].row; }
  std::int64_t ordinal(std::size_t i) const { return static_cast<std::int64_t>(i); }
  std::int64_t person_at(std::size_t i) const { return keys[i].person; }
  std::int32_t widx(std::size_t i) const { return keys[i].widx; }
  bool skipped(std::size_t) const { return false; }
};

/// A row packed with what the pass reads of it (runs.cpp, partition.cpp): the keys to order and
/// group by, and the values, already looked up, so the pass reads the rows where they were
/// gathered instead of the columns at scattered positions.
struct Record {
  std::int64_t person;
  double share;
  std::uint32_t row;      // position in the input
  std::int32_t conversations;
  std::int32_t widx;      // 2 * week index + 1 when the pass steps over the row
  std::uint16_t muni;     // dense municipality index
  std::uint8_t group;     // spec index
  std::uint8_t offer;     // spec index + 1 (0: no offer), + 0x80 when partial_sick
  bool operator<(const Record& o) const {
    if (person != o.person) return person < o.person;
    if (widx != o.widx) return widx < o.widx;
    return row < o.row;
  }
};
static_assert(sizeof(Record) == 32, "a record is half a cache line");
/// Limits of the packing (larger panels or specs are refused in any order but sorted).
constexpr std::size_t kMaxRecordMunicipalities = 65536;
constexpr std::size_t kMaxRecordCodes = 127;

/// Records of persons in a row, each person's rows in week order (runs.cpp, partition.cpp).
/// `base` keeps the persons' stamps (ordinals) unique across the calls of one thread.
struct RecordOrder {
  const Record* records;
  std::size_t n;
  std::int64_t base;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return records[i].row; }
  std::int64_t ordinal(std::size_t i) const { return base + static_cast<std::int64_t>(i); }
  std::int64_t person_at(std::size_t i) const { return records[i].person; }
  std::int32_t widx(std::size_t i) const { return records[i].widx >> 1; }  // arithmetic: floor
  bool skipped(std::size_t i) const { return (records[i].widx & 1) != 0; }
};

/// What the pass reads of every row, looked up (conversations_of and partial_of: only of the rows
/// that need them, so that the columns' other lines are not read on sorted input).
struct RowValues {
  std::size_t m, g;
  std::int32_t o;  // offer type, or kNoOffer
  double share;
};

/// Row i of a source that points into the columns, or of records.
template <typename Source>
inline std::size_t group_of(const Context& ctx, const Source& src, std::size_t i) {
  return static_cast<std::size_t>(ctx.groups(read_code(ctx.panel->group, src.row(i))));
}
inline std::size_t group_of(const Context&, const RecordOrder& src, std::size_t i) {
  return src.records[i].group;
}

template <typename Source>
inline RowValues values_of(const Context& ctx, const Source& src, std::size_t i, std::size_t g) {
  const PanelColumns& pc = *ctx.panel;
  const std::size_t r = src.row(i);
  return {static_cast<std::size_t>(ctx.munis(pc.municipality[r])), g,
          ctx.offers(read_code(pc.offer, r)), pc.benefit_share[r]};
}
inline RowValues values_of(const Context&, const RecordOrder& src, std::size_t i, std::size_t g) {
  const Record& x = src.records[i];
  return {x.muni, g, static_cast<std::int32_t>(x.offer & 0x7f) - 1, x.share};
}

template <typename Source>
inline std::int32_t conversations_of(const Context& ctx, const Source& src, std::size_t i) {
  const std::int32_t* c = ctx.panel->conversations;
  return c != nullptr ? c[src.row(i)] : 0;
}
inline std::int32_t conversations_of(const Context&, const RecordOrder& src, std::size_t i) {
  return src.records[i].conversations;
}

template <typename Source>
inline bool partial_of(const Context& ctx, const Source& src, std::size_t i) {
  const std::uint8_t* p = ctx.panel->partial_sick;
  return p != nullptr && p[src.row(i)] != 0;
}
inline bool partial_of(const Context&, const RecordOrder& src, std::size_t i) {
  return (src.records[i].offer & 0x80) != 0;
}

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
