// Private header of the register engine: offer-start detection, a per-person state machine of the
// hot loop (pass.cpp), inline.
#pragma once

#include <cstdint>

#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {

/// A row with offer type o in week w starts a new offer unless the person's previous offer row
/// had the same type less than kNewOfferGap weeks before.
class OfferStarts {
 public:
  void new_person() { has_offer_ = false; }

  /// Row of offer type o >= 0 in week index w; true when it starts a new offer.
  bool starts(std::int32_t o, std::int32_t w) {
    const bool start = !has_offer_ | (last_type_ != o) | (w - last_w_ >= kNewOfferGap);
    has_offer_ = true;
    last_type_ = o;
    last_w_ = w;
    return start;
  }

 private:
  bool has_offer_ = false;
  std::int32_t last_w_ = 0, last_type_ = kNoOffer;
};

}  // namespace register_engine
}  // namespace jobbench
