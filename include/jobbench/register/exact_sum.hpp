// Exact, order-independent summation of non-negative doubles.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace jobbench {

/// Accumulates non-negative finite doubles (each below 2^31) without rounding: the sum is held as
/// a fixed-point binary number (64-bit limbs, the first at 2^-64 resolution, further limbs only
/// when an addend has bits below 2^-64) and rounded once, to nearest, by value(). Hence the result
/// does not depend on the order of additions or on how partial sums are merged: the register
/// indicators are bit-identical for any thread count, row order or (Dask) partitioning.
///
/// Capacity: 2^63 addends of at most 1, or 2^31 addends of at most 2^31.
class ExactSum {
 public:
  /// Adds x (0 <= x < 2^31, finite; not checked here: the panel validation guarantees it).
  void add(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    auto exponent = static_cast<int>((bits >> 52) & 0x7ff);
    std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
    if (exponent == 0) {
      if (mantissa == 0) return;
      exponent = 1;  // subnormal
    } else {
      mantissa |= std::uint64_t{1} << 52;
    }
    // x = mantissa * 2^(exponent - 1075); in units of 2^-64 the shift is exponent - 1011.
    const int shift = exponent - 1011;
    if (shift >= 0) {
      head_ += static_cast<U128>(mantissa) << shift;
    } else {
      add_tail(mantissa, -shift);
    }
  }

  /// Adds another sum (exactly).
  void merge(const ExactSum& other);

  /// The sum, correctly rounded to the nearest double.
  double value() const;

  bool empty() const { return head_ == 0 && tail_.empty(); }

  /// Serialisation: a flat list of 64-bit words (for pickling partial results).
  void append_words(std::vector<std::uint64_t>& out) const;
  /// Reads what append_words wrote, starting at `pos`; advances `pos`.
  static ExactSum from_words(const std::vector<std::uint64_t>& words, std::size_t& pos);

 private:
  __extension__ typedef unsigned __int128 U128;

  void add_tail(std::uint64_t mantissa, int below);

  U128 head_ = 0;           // limb 0: units of 2^-64 (integer part in the upper bits)
  std::vector<U128> tail_;  // tail_[k - 1] is limb k: units of 2^-(64 (k + 1)), low 64 bits used
};

/// The sum of terms each rounded to a multiple of 2^-40, as one 128-bit integer of such units: 16
/// bytes and no heap, for the many per-person products behind the standard errors. The rounding is
/// a function of the term alone, so the sum does not depend on the order of additions or on
/// merges, like ExactSum; each term is off by at most 2^-41, far below any standard error's
/// precision.
class FixedSum {
 public:
  __extension__ typedef unsigned __int128 U128;
  __extension__ typedef __int128 I128;

  /// x (0 <= x < 2^87, finite) rounded to the nearest multiple of 2^-40 (halves up), in units of
  /// 2^-40: scale, add a half and truncate. From 2^22 on, x is a multiple of 2^-30 already and
  /// the scaled value exact.
  static I128 units(double x) {
    if (x < kSmall) return small_units(x);
    return static_cast<I128>(x * 0x1p40);
  }
  /// units() for 0 <= x < kSmall, in 64 bits (below 2^62).
  static constexpr double kSmall = 0x1p22;
  static std::int64_t small_units(double x) { return static_cast<std::int64_t>(x * 0x1p40 + 0.5); }

  void add_fixed(double x) { head_ += static_cast<U128>(units(x)); }
  /// Adds a count of 2^-40 units (two's complement for a negative one: the final sum must not
  /// be negative).
  void add_units(U128 units) { head_ += units; }
  void merge(const FixedSum& other) { head_ += other.head_; }
  /// The sum, correctly rounded to the nearest double.
  double value() const { return static_cast<double>(head_) * 0x1p-40; }
  void append_words(std::vector<std::uint64_t>& out) const;
  static FixedSum from_words(const std::vector<std::uint64_t>& words, std::size_t& pos);

 private:
  U128 head_ = 0;  // units of 2^-40
};

}  // namespace jobbench
