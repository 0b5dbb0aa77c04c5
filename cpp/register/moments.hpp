// Private header of the register engine: the per-person totals behind the person-clustered
// standard errors, a per-person state of the hot loop (pass.cpp), inline.
//
// While a person's rows are read, their totals are kept per cell they touch. When the person
// ends, the products of each cell's totals go into that cell's moments. An aggregate unit's
// moments are its cells' moments summed (fold_cells, once at the end) plus, for a person who
// touched two or more of the unit's cells, a correction: the products of the unit totals minus
// those of the cells. All products are integers (units of 2^-40 for the shares), so the
// corrections are exact and the result does not depend on order or partition.
//
// The moments a thread adds to during the pass are 64-bit integers, 144 bytes a cell (HotMoments):
// they stay in the cache, whereas the input streamed between two persons of one cell would evict
// the 16-byte FixedSums of CellMoments. A sum that would overflow is moved to CellMoments first.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {

__extension__ typedef __int128 I128;
__extension__ typedef unsigned __int128 U128;

/// One person's totals in one cell (or aggregate unit).
struct PersonCell {
  double fw = 0.0, active = 0.0, company = 0.0, e_fw = 0.0, e_self = 0.0;
  std::int64_t conversations = 0, offers = 0, company_offers = 0, spells = 0, partial = 0;

  void add(const PersonCell& o) {
    fw += o.fw;
    active += o.active;
    company += o.company;
    e_fw += o.e_fw;
    e_self += o.e_self;
    conversations += o.conversations;
    offers += o.offers;
    company_offers += o.company_offers;
    spells += o.spells;
    partial += o.partial;
  }
};

/// The moments' fields, in the order of Products and HotMoments.
enum MomentField : std::size_t {
  kFw2, kActive2, kActiveX, kCompany2, kCompanyX, kConversationsX, kOffersX, kCompanyOffersX,
  kEFw2, kESelf2, kESelfX,  // FixedSums: units of 2^-32
  kConversations2, kOffers2, kCompanyOffers2, kSpellPersons, kSpells2, kPartial2, kPartialX,
  kMomentFields
};

/// The products of one person's totals in one cell or unit (zero where the totals are), in units
/// of 2^-40 for the shares' and 1 for the counts'.
using Products = std::array<std::int64_t, kMomentFields>;
using WideProducts = std::array<I128, kMomentFields>;

/// The share products of `t` (fields kFw2 .. kESelfX). They are zero where the totals they
/// belong to are (active <= fw, e_self <= e_fw): a person counts only where x_i > 0.
inline std::array<double, kConversations2> share_products(const PersonCell& t) {
  const double c = static_cast<double>(t.conversations);
  const double o = static_cast<double>(t.offers);
  const double co = static_cast<double>(t.company_offers);
  return {t.fw * t.fw,      t.active * t.active, t.fw * t.active, t.company * t.company,
          t.fw * t.company, t.fw * c,            t.fw * o,        t.fw * co,
          t.e_fw * t.e_fw,  t.e_self * t.e_self, t.e_fw * t.e_self};
}

/// The count products (fields kConversations2 .. kPartialX), in integer type T: the period's only
/// for a person with period weeks (fw > 0), the spells' only for a person with spells.
template <typename T>
void count_products(const PersonCell& t, T* p) {
  const bool period = t.fw > 0.0;
  p[kConversations2] = period ? static_cast<T>(t.conversations) * t.conversations : 0;
  p[kOffers2] = period ? static_cast<T>(t.offers) * t.offers : 0;
  p[kCompanyOffers2] = period ? static_cast<T>(t.company_offers) * t.company_offers : 0;
  p[kSpellPersons] = t.spells > 0 ? 1 : 0;
  p[kSpells2] = static_cast<T>(t.spells) * t.spells;
  p[kPartial2] = static_cast<T>(t.partial) * t.partial;
  p[kPartialX] = static_cast<T>(t.spells) * t.partial;
}

/// The products in 64 bits (branch-free); false (and `p` unset) when one needs more (a share
/// product from 2^22 on, a count from 2^31 on: never with realistic panels), for wide_products().
inline bool products_of(const PersonCell& t, Products& p) {
  const auto x = share_products(t);
  double largest = 0.0;
  for (const double v : x) largest = std::max(largest, v);
  const std::int64_t counts = t.conversations | t.offers | t.company_offers | t.spells | t.partial;
  if (largest >= FixedSum::kSmall || counts >= (std::int64_t{1} << 31)) return false;
  for (std::size_t f = 0; f < kConversations2; ++f) p[f] = FixedSum::small_units(x[f]);
  count_products(t, p.data());
  return true;
}

inline WideProducts wide_products(const PersonCell& t) {
  const auto x = share_products(t);
  WideProducts p{};
  for (std::size_t f = 0; f < kConversations2; ++f) p[f] = FixedSum::units(x[f]);
  count_products(t, p.data());
  return p;
}

/// Adds `units` of field f to CellMoments (two's complement for a negative correction: the
/// moments' final sums are never negative).
inline void add_units(CellMoments& m, std::size_t f, I128 units) {
  const auto u = static_cast<U128>(units);
  switch (f) {
    case kFw2: m.fw2.add_units(u); break;
    case kActive2: m.active2.add_units(u); break;
    case kActiveX: m.active_x.add_units(u); break;
    case kCompany2: m.company2.add_units(u); break;
    case kCompanyX: m.company_x.add_units(u); break;
    case kConversationsX: m.conversations_x.add_units(u); break;
    case kOffersX: m.offers_x.add_units(u); break;
    case kCompanyOffersX: m.company_offers_x.add_units(u); break;
    case kEFw2: m.e_fw2.add_units(u); break;
    case kESelf2: m.e_self2.add_units(u); break;
    case kESelfX: m.e_self_x.add_units(u); break;
    case kConversations2: m.add_conversations2(u); break;
    case kOffers2: m.offers2 += static_cast<std::int64_t>(units); break;
    case kCompanyOffers2: m.company_offers2 += static_cast<std::int64_t>(units); break;
    case kSpellPersons: m.spell_persons += static_cast<std::int64_t>(units); break;
    case kSpells2: m.spells2 += static_cast<std::int64_t>(units); break;
    case kPartial2: m.partial2 += static_cast<std::int64_t>(units); break;
    default: m.partial_x += static_cast<std::int64_t>(units); break;
  }
}

/// A thread's running moments of one cell or unit: 64-bit sums, kept within ±2^62 (terms below
/// 2^62 in magnitude cannot overflow them), moved to `cold` (CellMoments) when they leave that
/// range and at the end of the pass.
struct HotMoments {
  std::int64_t v[kMomentFields] = {};

  void add(const Products& p, CellMoments& cold) {
    std::uint64_t outside = 0;
    for (std::size_t f = 0; f < kMomentFields; ++f) {
      v[f] += p[f];
      outside |= static_cast<std::uint64_t>(v[f]) + (std::uint64_t{1} << 62);
    }
    if (outside >> 63) spill(cold);  // rare: once in billions of units
  }
  void add(const WideProducts& p, CellMoments& cold) {
    for (std::size_t f = 0; f < kMomentFields; ++f) add_units(cold, f, p[f]);
  }
  void spill(CellMoments& cold) {
    for (std::size_t f = 0; f < kMomentFields; ++f) {
      if (v[f] < -(std::int64_t{1} << 62) || v[f] >= (std::int64_t{1} << 62)) {
        add_units(cold, f, v[f]);
        v[f] = 0;
      }
    }
  }
  void move_to(CellMoments& cold) {
    for (std::size_t f = 0; f < kMomentFields; ++f) {
      if (v[f] != 0) add_units(cold, f, v[f]);
      v[f] = 0;
    }
  }
};

/// A thread's moments: hot sums per cell and per aggregate unit (the units' corrections), and
/// the CellMoments they are moved to.
struct ThreadMoments {
  std::vector<HotMoments> cells, units;
  std::vector<CellMoments> cold_cells, cold_units;
  ThreadMoments(const Context& c)
      : cells(c.M * c.G), units(c.M * c.A), cold_cells(c.M * c.G), cold_units(c.M * c.A) {}

  /// The hot sums moved to the CellMoments (the aggregate units still without their cells').
  void finish() {
    for (std::size_t k = 0; k < cells.size(); ++k) cells[k].move_to(cold_cells[k]);
    for (std::size_t k = 0; k < units.size(); ++k) units[k].move_to(cold_units[k]);
  }
};

/// The current person's totals per cell touched (a few: found by a short scan).
class PersonTotals {
 public:
  /// The totals of `cell` (zero at the person's first row in it).
  PersonCell& at(std::size_t cell) {
    if (cell == last_cell_) return *last_;  // consecutive rows of one cell
    last_cell_ = cell;
    for (std::size_t k = 0; k < touched_.size(); ++k) {
      if (touched_[k] == cell) return *(last_ = &totals_[k]);
    }
    touched_.push_back(cell);
    totals_.emplace_back();
    return *(last_ = &totals_.back());
  }

  /// The person ends: the products of their totals into the cells' moments, and for each unit
  /// where they touched two or more cells, the unit's correction.
  void flush(const Context& ctx, ThreadMoments& out) {
    if (touched_.size() == 1) {
      Products p;
      if (products_of(totals_[0], p)) {
        out.cells[touched_[0]].add(p, out.cold_cells[touched_[0]]);
      } else {
        out.cells[touched_[0]].add(wide_products(totals_[0]), out.cold_cells[touched_[0]]);
      }
    } else if (!touched_.empty()) {
      flush_several(ctx, out);
    }
    touched_.clear();
    totals_.clear();
    last_cell_ = kNone;
  }

 private:
  /// A person of several cells: the cells' products, then each unit's correction (the unit's
  /// products minus its cells'); in 64 bits unless a product needs more.
  void flush_several(const Context& ctx, ThreadMoments& out) {
    const std::size_t n = touched_.size();
    cell_products_.resize(n);
    n_units_ = 0;
    bool narrow = true;
    for (std::size_t k = 0; k < n; ++k) {
      narrow = narrow && products_of(totals_[k], cell_products_[k]);
      const std::size_t m = touched_[k] / ctx.G, g = touched_[k] % ctx.G;
      for (const std::int32_t a : ctx.aggregates_of_group[g]) {
        unit_of(m * ctx.A + static_cast<std::size_t>(a)).add(k, totals_[k]);
      }
    }
    if (!narrow) return flush_wide(out);
    for (std::size_t k = 0; k < n; ++k) {
      out.cells[touched_[k]].add(cell_products_[k], out.cold_cells[touched_[k]]);
    }
    for (std::size_t j = 0; j < n_units_; ++j) {
      const UnitTotals& u = units_[j];
      if (u.cells.size() < 2) continue;  // the unit's moments are its cell's: no correction
      Products p;
      if (!products_of(u.totals, p)) return flush_wide_units(j, out);
      // unit - Σ cells, modulo 2^64: the true difference lies within ±2^62 (2 a b ≥ 0 but for
      // rounding), so the wrapped result is exact
      std::uint64_t d[kMomentFields];
      for (std::size_t f = 0; f < kMomentFields; ++f) d[f] = static_cast<std::uint64_t>(p[f]);
      for (const std::size_t k : u.cells) {
        for (std::size_t f = 0; f < kMomentFields; ++f) {
          d[f] -= static_cast<std::uint64_t>(cell_products_[k][f]);
        }
      }
      for (std::size_t f = 0; f < kMomentFields; ++f) p[f] = static_cast<std::int64_t>(d[f]);
      out.units[u.unit].add(p, out.cold_units[u.unit]);
    }
  }

  /// flush_several in 128 bits, from the cells on (a product needs more than 64).
  void flush_wide(ThreadMoments& out) {
    for (std::size_t k = 0; k < touched_.size(); ++k) {
      out.cells[touched_[k]].add(wide_products(totals_[k]), out.cold_cells[touched_[k]]);
    }
    flush_wide_units(0, out);
  }

  /// The corrections of the units from the j-th on, in 128 bits.
  void flush_wide_units(std::size_t j, ThreadMoments& out) {
    for (; j < n_units_; ++j) {
      const UnitTotals& u = units_[j];
      if (u.cells.size() < 2) continue;
      WideProducts p = wide_products(u.totals);
      for (const std::size_t k : u.cells) {
        const WideProducts c = wide_products(totals_[k]);
        for (std::size_t f = 0; f < kMomentFields; ++f) p[f] -= c[f];
      }
      out.units[u.unit].add(p, out.cold_units[u.unit]);
    }
  }

  struct UnitTotals {
    std::size_t unit = 0;
    PersonCell totals;
    std::vector<std::size_t> cells;  // indexes into touched_
    void add(std::size_t k, const PersonCell& t) {
      totals.add(t);
      cells.push_back(k);
    }
  };

  /// The unit's entry for this person (entries are reused: no allocation once warm).
  UnitTotals& unit_of(std::size_t unit) {
    for (std::size_t k = 0; k < n_units_; ++k) {
      if (units_[k].unit == unit) return units_[k];
    }
    if (n_units_ == units_.size()) units_.emplace_back();
    UnitTotals& u = units_[n_units_++];
    u.unit = unit;
    u.totals = PersonCell{};
    u.cells.clear();
    return u;
  }

  static constexpr std::size_t kNone = ~std::size_t{0};
  std::vector<std::size_t> touched_;
  std::vector<PersonCell> totals_;
  std::size_t last_cell_ = kNone;
  PersonCell* last_ = nullptr;  // the totals of last_cell_
  std::vector<Products> cell_products_;
  std::vector<UnitTotals> units_;
  std::size_t n_units_ = 0;
};

/// Adds each cell's moments to its aggregate units' (which hold the corrections so far): once,
/// when all persons are in.
inline void fold_cells(const Context& ctx, const std::vector<CellMoments>& cells,
                       std::vector<CellMoments>& units) {
  for (std::size_t cell = 0; cell < cells.size(); ++cell) {
    const std::size_t m = cell / ctx.G, g = cell % ctx.G;
    for (const std::int32_t a : ctx.aggregates_of_group[g]) {
      units[m * ctx.A + static_cast<std::size_t>(a)].merge(cells[cell]);
    }
  }
}

}  // namespace register_engine
}  // namespace jobbench
