// Private header of the register engine: the per-person totals behind the person-clustered
// standard errors, a per-person state of the hot loop (pass.cpp), inline. While a person's rows
// are read, their totals are kept per cell they touch; when the person ends, the products of the
// totals go into the cells' CellMoments, and the totals summed over each aggregate unit's groups
// into the units' moments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {

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

/// The products of one person's totals, added to the moments of their cell or unit, each rounded
/// to 2^-64 (FixedSum::add_fixed: one 128-bit word; the moments stay independent of order and
/// partition, and the rounding is far below any standard error's precision).
inline void add_person(const PersonCell& t, CellMoments& m) {
  if (t.fw > 0.0) {
    const double c = static_cast<double>(t.conversations);
    const double o = static_cast<double>(t.offers);
    const double co = static_cast<double>(t.company_offers);
    m.fw2.add_fixed(t.fw * t.fw);
    m.active2.add_fixed(t.active * t.active);
    m.active_x.add_fixed(t.fw * t.active);
    m.company2.add_fixed(t.company * t.company);
    m.company_x.add_fixed(t.fw * t.company);
    m.add_conversations2(static_cast<std::uint64_t>(t.conversations));
    m.conversations_x.add(t.fw * c * 0x1p-32);  // scaled to fit: exact, not rounded
    m.offers_x.add_fixed(t.fw * o);
    m.company_offers_x.add_fixed(t.fw * co);
    m.offers2 += t.offers * t.offers;
    m.company_offers2 += t.company_offers * t.company_offers;
  }
  if (t.e_fw > 0.0) {
    m.e_fw2.add_fixed(t.e_fw * t.e_fw);
    m.e_self2.add_fixed(t.e_self * t.e_self);
    m.e_self_x.add_fixed(t.e_fw * t.e_self);
  }
  if (t.spells > 0) {
    ++m.spell_persons;
    m.spells2 += t.spells * t.spells;
    m.partial2 += t.partial * t.partial;
    m.partial_x += t.spells * t.partial;
  }
}

/// The current person's totals per cell, and what they touched.
class PersonTotals {
 public:
  explicit PersonTotals(const Context& c)
      : cells_(c.M * c.G), stamp_(c.M * c.G, -1), units_(c.M * c.A), ustamp_(c.M * c.A, -1) {}

  /// The totals of `cell` for the person with stamp `ordinal` (zero at the first touch).
  PersonCell& at(std::size_t cell, std::int64_t ordinal) {
    if (cell == last_cell_ && ordinal == last_ordinal_) return cells_[cell];  // consecutive rows
    last_cell_ = cell;
    last_ordinal_ = ordinal;
    if (stamp_[cell] != ordinal) {
      stamp_[cell] = ordinal;
      cells_[cell] = PersonCell{};
      touched_.push_back(cell);
    }
    return cells_[cell];
  }

  /// A cell the current person has touched already.
  PersonCell& touched(std::size_t cell) { return cells_[cell]; }

  /// The person (stamp `ordinal`) ends: their products into the cells' and units' moments. A
  /// person who touched one cell only has the same totals in every unit of that cell: their
  /// products go into `solo` of the cell alone, which fold_solo() adds to the cell and its units
  /// once at the end (about half the persons; a third of the additions of the others).
  void flush(const Context& ctx, std::int64_t ordinal, std::vector<CellMoments>& cells,
             std::vector<CellMoments>& units, std::vector<CellMoments>& solo) {
    if (touched_.size() == 1) {
      add_person(cells_[touched_.front()], solo[touched_.front()]);
      touched_.clear();
      return;
    }
    for (const std::size_t cell : touched_) {
      const PersonCell& t = cells_[cell];
      add_person(t, cells[cell]);
      const std::size_t m = cell / ctx.G, g = cell % ctx.G;
      for (const std::int32_t a : ctx.aggregates_of_group[g]) {
        const std::size_t u = m * ctx.A + static_cast<std::size_t>(a);
        if (ustamp_[u] != ordinal) {
          ustamp_[u] = ordinal;
          units_[u] = PersonCell{};
          utouched_.push_back(u);
        }
        units_[u].add(t);
      }
    }
    for (const std::size_t u : utouched_) add_person(units_[u], units[u]);
    touched_.clear();
    utouched_.clear();
  }

 private:
  std::vector<PersonCell> cells_;
  std::vector<std::int64_t> stamp_;
  std::vector<std::size_t> touched_;
  std::vector<PersonCell> units_;
  std::vector<std::int64_t> ustamp_;
  std::vector<std::size_t> utouched_;
  std::size_t last_cell_ = 0;
  std::int64_t last_ordinal_ = -1;
};

/// Adds the moments of the persons who touched one cell only to that cell and its units.
inline void fold_solo(const Context& ctx, const std::vector<CellMoments>& solo,
                      std::vector<CellMoments>& cells, std::vector<CellMoments>& units) {
  for (std::size_t cell = 0; cell < solo.size(); ++cell) {
    cells[cell].merge(solo[cell]);
    const std::size_t m = cell / ctx.G, g = cell % ctx.G;
    for (const std::int32_t a : ctx.aggregates_of_group[g]) {
      units[m * ctx.A + static_cast<std::size_t>(a)].merge(solo[cell]);
    }
  }
}

}  // namespace register_engine
}  // namespace jobbench
