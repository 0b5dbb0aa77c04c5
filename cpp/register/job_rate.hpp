// Private header of the register engine: the job-rate look-ahead of the hot loop (pass.cpp),
// inline. A row of the job-rate weeks counts as self-supporting when the person has no row exactly
// kJobRateLag weeks later (a status row, e.g. job or education, counts as no row).
#pragma once

#include <cstddef>
#include <cstdint>

#include "register/engine.hpp"
#include "register/sources.hpp"

namespace jobbench {
namespace register_engine {

/// A cursor that only moves forward through a person-aligned chunk [.., end) of a row source.
template <typename Source>
class LaterRow {
 public:
  LaterRow(const Context& ctx, const Source& src, std::size_t begin, std::size_t end)
      : ctx_(ctx), src_(src), j_(begin), end_(end) {}

  /// Whether `person`, at sequence position i in week index w, has a row kJobRateLag weeks later.
  bool exists(std::size_t i, std::int64_t person, std::int32_t w) {
    const std::int32_t target = w + kJobRateLag;
    if (j_ <= i) j_ = i + 1;
    while (j_ < end_ &&
           (src_.skipped(j_) || (src_.person_at(j_) == person && week_at(j_) < target))) {
      ++j_;
    }
    return j_ < end_ && src_.person_at(j_) == person && week_at(j_) == target &&
           ctx_.status[group_of(ctx_, src_, j_)] == 0;
  }

 private:
  /// The week index of sequence position j: the cursor stops on a row and looks at it again for
  /// the next rows of the person, so the last one is kept.
  std::int32_t week_at(std::size_t j) {
    if (j != cached_j_) {
      cached_j_ = j;
      cached_w_ = src_.widx(j);
    }
    return cached_w_;
  }

  const Context& ctx_;
  const Source& src_;
  std::size_t j_;
  std::size_t end_;
  std::size_t cached_j_ = static_cast<std::size_t>(-1);
  std::int32_t cached_w_ = 0;
};

}  // namespace register_engine
}  // namespace jobbench
