// Exact, order-independent summation of non-negative doubles.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace jobbench {
namespace detail {

__extension__ typedef unsigned __int128 U128;

/// x (0 <= x < 2^31, finite) rounded to the nearest multiple of 2^-64 (ties away from zero), in
/// units of 2^-64: the term ExactSum::add_fixed and FixedSum::add_fixed add.
inline U128 fixed_units(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const auto exponent = static_cast<int>((bits >> 52) & 0x7ff);
  if (exponent == 0) return 0;  // zero or subnormal: rounds to 0
  const std::uint64_t mantissa =
      (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
  const int shift = exponent - 1011;  // x = mantissa * 2^shift in units of 2^-64
  if (shift >= 0) return static_cast<U128>(mantissa) << shift;
  if (shift <= -54) return 0;  // x < 2^-65: rounds to 0
  return (static_cast<U128>(mantissa) + (U128{1} << (-shift - 1))) >> -shift;
}

}  // namespace detail

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

  /// Adds x (as add()) rounded to the nearest multiple of 2^-64 (ties away from zero), so no
  /// limb below the first is ever needed. Each term is rounded on its own, before the sum: the
  /// result still does not depend on the order of additions or on how partial sums are merged.
  /// For terms that need no finer resolution (the products behind the standard errors).
  void add_fixed(double x) { head_ += detail::fixed_units(x); }

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

/// The sum of terms each rounded to the nearest multiple of 2^-64 (as ExactSum::add_fixed), in
/// one 128-bit word: 16 bytes and no heap, so that the many per-cell sums behind the standard
/// errors stay small in the cache. Independent of the order of additions and of merges, like
/// ExactSum; the same value() as an ExactSum given the same add_fixed terms.
class FixedSum {
 public:
  void add_fixed(double x) { head_ += detail::fixed_units(x); }
  void merge(const FixedSum& other) { head_ += other.head_; }
  /// The sum, correctly rounded to the nearest double.
  double value() const;
  void append_words(std::vector<std::uint64_t>& out) const;
  static FixedSum from_words(const std::vector<std::uint64_t>& words, std::size_t& pos);

 private:
  __extension__ typedef unsigned __int128 U128;
  U128 head_ = 0;  // units of 2^-64
};

}  // namespace jobbench
