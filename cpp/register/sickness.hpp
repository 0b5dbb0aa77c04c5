// Private header of the register engine: sickness spells, a per-person state machine of the hot
// loop (pass.cpp), inline. A spell is a run of consecutive weeks in sickness groups; it counts in
// the cell of its first row in the measurement period, as partial when any of its rows is
// partial_sick.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "register/engine.hpp"
#include "register/moments.hpp"

namespace jobbench {
namespace register_engine {

class SicknessSpells {
 public:
  /// `totals` (may be null): the current person's totals, which get the spells too (standard
  /// errors); a spell's cell has a row of the person in P, so it is touched already.
  SicknessSpells(std::vector<CellCounts>& counts, PersonTotals* totals)
      : counts_(counts), totals_(totals) {}

  /// Closes the open spell; the next row is another person's.
  void new_person() {
    close();
    prev_sick_ = false;
  }

  /// A row in week index w of `cell`; `partial`: its partial_sick flag.
  void row(bool sick, std::int32_t w, bool in_p, std::size_t cell, bool partial) {
    if (sick) {
      if (!(open_ && prev_sick_ && prev_w_ == w - 1)) {
        close();
        open_ = true;
        in_p_ = false;
        partial_ = false;
      }
      if (in_p && !in_p_) {
        in_p_ = true;
        cell_ = cell;
      }
      if (partial) partial_ = true;
    } else if (open_) {
      close();
    }
    prev_sick_ = sick;
    prev_w_ = w;
  }

  /// Counts the open spell (if it reached the measurement period).
  void close() {
    if (open_ && in_p_) {
      ++counts_[cell_].spells;
      if (partial_) ++counts_[cell_].spells_partial;
      if (totals_ != nullptr) {
        PersonCell& t = totals_->at(cell_);
        ++t.spells;
        if (partial_) ++t.partial;
      }
    }
    open_ = false;
  }

 private:
  std::vector<CellCounts>& counts_;
  PersonTotals* totals_;
  bool open_ = false, in_p_ = false, partial_ = false;
  std::size_t cell_ = 0;
  bool prev_sick_ = false;
  std::int32_t prev_w_ = 0;
};

}  // namespace register_engine
}  // namespace jobbench
