#include "jobbench/register/exact_sum.hpp"

#include <cmath>
#include <stdexcept>

namespace jobbench {
namespace {
constexpr std::uint64_t kLow64 = ~std::uint64_t{0};
}

void ExactSum::add_tail(std::uint64_t mantissa, int below) {
  // The mantissa's lowest bit lies `below` bits under 2^-64; limb j covers bits 64 j + 1 .. 64 (j +
  // 1) under 2^0. Split mantissa << shift (< 2^116) over limb j (low 64 bits) and limb j - 1.
  const int j = (below + 63) / 64;
  const int shift = 64 * j - below;
  const U128 v = static_cast<U128>(mantissa) << shift;
  if (tail_.size() < static_cast<std::size_t>(j)) tail_.resize(static_cast<std::size_t>(j), 0);
  tail_[static_cast<std::size_t>(j - 1)] += v & kLow64;
  if (j == 1) {
    head_ += v >> 64;
  } else {
    tail_[static_cast<std::size_t>(j - 2)] += v >> 64;
  }
}

void ExactSum::merge(const ExactSum& other) {
  head_ += other.head_;
  if (tail_.size() < other.tail_.size()) tail_.resize(other.tail_.size(), 0);
  for (std::size_t k = 0; k < other.tail_.size(); ++k) tail_[k] += other.tail_[k];
}

double ExactSum::value() const {
  // Normalise (carries upward), then lay the number out as 64-bit words, most significant first:
  // words[0] = integer part, words[k] = bits 64 (k - 1) + 1 .. 64 k below the binary point.
  std::vector<U128> limbs(tail_);
  U128 head = head_;
  for (std::size_t k = limbs.size(); k-- > 0;) {
    const U128 carry = limbs[k] >> 64;
    limbs[k] &= kLow64;
    if (k == 0) {
      head += carry;
    } else {
      limbs[k - 1] += carry;
    }
  }
  std::vector<std::uint64_t> words;
  words.reserve(limbs.size() + 2);
  words.push_back(static_cast<std::uint64_t>(head >> 64));
  words.push_back(static_cast<std::uint64_t>(head & kLow64));
  for (const U128& limb : limbs) words.push_back(static_cast<std::uint64_t>(limb));

  std::size_t first = 0;
  while (first < words.size() && words[first] == 0) ++first;
  if (first == words.size()) return 0.0;
  const std::uint64_t hi = words[first];
  const std::uint64_t lo = first + 1 < words.size() ? words[first + 1] : 0;
  const int lz = __builtin_clzll(hi);
  std::uint64_t top = lz == 0 ? hi : (hi << lz) | (lo >> (64 - lz));
  bool sticky = lz == 0 ? lo != 0 : (lo << lz) != 0;
  for (std::size_t k = first + 2; k < words.size() && !sticky; ++k) sticky = words[k] != 0;
  // Jamming the sticky bit into bit 0 (11 bits below the rounding position) makes the
  // conversion's round-to-nearest-even correct for the whole number.
  if (sticky) top |= 1;
  // Bit b of words[k] is worth 2^(b - 64 k); bit 0 of `top` is bit -lz of words[first].
  const int exponent = -lz - 64 * static_cast<int>(first);
  return std::ldexp(static_cast<double>(top), exponent);
}

void ExactSum::append_words(std::vector<std::uint64_t>& out) const {
  out.push_back(static_cast<std::uint64_t>(head_ >> 64));
  out.push_back(static_cast<std::uint64_t>(head_ & kLow64));
  out.push_back(tail_.size());
  for (const U128& limb : tail_) {
    out.push_back(static_cast<std::uint64_t>(limb >> 64));
    out.push_back(static_cast<std::uint64_t>(limb & kLow64));
  }
}

ExactSum ExactSum::from_words(const std::vector<std::uint64_t>& words, std::size_t& pos) {
  auto next = [&]() {
    if (pos >= words.size()) throw std::invalid_argument("ExactSum: truncated serialisation");
    return words[pos++];
  };
  ExactSum sum;
  const std::uint64_t high = next();
  sum.head_ = (static_cast<U128>(high) << 64) | next();
  const std::uint64_t n = next();
  if (n > 64) throw std::invalid_argument("ExactSum: corrupt serialisation");
  sum.tail_.resize(n);
  for (auto& limb : sum.tail_) {
    const std::uint64_t h = next();
    limb = (static_cast<U128>(h) << 64) | next();
  }
  return sum;
}

void FixedSum::append_words(std::vector<std::uint64_t>& out) const {
  out.push_back(static_cast<std::uint64_t>(head_ >> 64));
  out.push_back(static_cast<std::uint64_t>(head_ & kLow64));
}

FixedSum FixedSum::from_words(const std::vector<std::uint64_t>& words, std::size_t& pos) {
  if (pos + 2 > words.size()) throw std::invalid_argument("FixedSum: truncated serialisation");
  FixedSum sum;
  sum.head_ = (static_cast<U128>(words[pos]) << 64) | words[pos + 1];
  pos += 2;
  return sum;
}

}  // namespace jobbench
