// Partial results: merge() of partials of disjoint sets of persons, and their serialisation
// (to_words / from_words, used for pickling and by the Dask integration).
#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "jobbench/register/indicators.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace {

using register_engine::add_counts;
using register_engine::add_sums;
using register_engine::kMaxExamples;
// "JBREG1" + format version; version 2 added the standard-error moments, version 3 stores the
// rounded products as FixedSums, version 4 those in units of 2^-40 and Σ fw_i c_i as one of them.
constexpr std::uint64_t kMagic = 0x4a42524547310004ULL;

/// The FixedSums and the signed integers of CellMoments, in serialisation order (then the
/// 128-bit Σ c_i² as two words).
template <typename Moments,
          typename Sum = std::conditional_t<std::is_const_v<Moments>, const FixedSum, FixedSum>>
std::array<Sum*, 11> moment_sums(Moments& m) {
  return {&m.fw2,      &m.active2,          &m.active_x, &m.company2, &m.company_x,
          &m.offers_x, &m.company_offers_x, &m.e_fw2,    &m.e_self2,  &m.e_self_x,
          &m.conversations_x};
}
template <typename Moments,
          typename Int =
              std::conditional_t<std::is_const_v<Moments>, const std::int64_t, std::int64_t>>
std::array<Int*, 6> moment_ints(Moments& m) {
  return {&m.offers2, &m.company_offers2, &m.spell_persons, &m.spells2, &m.partial2, &m.partial_x};
}

// --- merge steps -------------------------------------------------------------------------------

/// Spec sizes and period of the parts (all equal) and the union of their municipalities.
IndicatorPartial merged_shape(const std::vector<IndicatorPartial>& parts) {
  IndicatorPartial out;
  const IndicatorPartial& first = parts.front();
  out.period = first.period;
  out.groups = first.groups;
  out.aggregates = first.aggregates;
  for (const auto& p : parts) {
    if (p.groups != out.groups || p.aggregates != out.aggregates ||
        p.period.first != out.period.first || p.period.last != out.period.last) {
      throw std::invalid_argument("merge: partial results of different specs or periods");
    }
    out.municipalities.insert(out.municipalities.end(), p.municipalities.begin(),
                              p.municipalities.end());
  }
  std::sort(out.municipalities.begin(), out.municipalities.end());
  out.municipalities.erase(std::unique(out.municipalities.begin(), out.municipalities.end()),
                           out.municipalities.end());
  const std::size_t M = out.municipalities.size(), G = out.groups, A = out.aggregates;
  out.counts.assign(M * G, CellCounts{});
  out.sums.assign(M * G, CellSums{});
  out.aggregate_persons.assign(M * A, 0);
  out.aggregate_e_persons.assign(M * A, 0);
  out.standard_errors = std::all_of(parts.begin(), parts.end(),
                                    [](const IndicatorPartial& p) { return p.standard_errors; });
  if (out.standard_errors) {
    out.moments.assign(M * G, CellMoments{});
    out.aggregate_moments.assign(M * A, CellMoments{});
  }
  return out;
}

/// Adds the accumulators of part p, municipality by municipality.
void add_cells(const IndicatorPartial& p, IndicatorPartial& out) {
  const std::size_t G = out.groups, A = out.aggregates;
  for (std::size_t m = 0; m < p.municipalities.size(); ++m) {
    const auto target =
        static_cast<std::size_t>(std::lower_bound(out.municipalities.begin(),
                                                  out.municipalities.end(), p.municipalities[m]) -
                                 out.municipalities.begin());
    for (std::size_t g = 0; g < G; ++g) {
      add_counts(out.counts[target * G + g], p.counts[m * G + g]);
      add_sums(out.sums[target * G + g], p.sums[m * G + g]);
      if (out.standard_errors) out.moments[target * G + g].merge(p.moments[m * G + g]);
    }
    for (std::size_t a = 0; a < A; ++a) {
      out.aggregate_persons[target * A + a] += p.aggregate_persons[m * A + a];
      out.aggregate_e_persons[target * A + a] += p.aggregate_e_persons[m * A + a];
      if (out.standard_errors) {
        out.aggregate_moments[target * A + a].merge(p.aggregate_moments[m * A + a]);
      }
    }
  }
}

/// Rows, order, threads and the ranges of used rows.
void add_totals(const IndicatorPartial& p, IndicatorPartial& out, bool& any_rows) {
  out.input_rows += p.input_rows;
  out.used_rows += p.used_rows;
  out.sorted_input = out.sorted_input && p.sorted_input;
  out.threads = std::max(out.threads, p.threads);
  if (p.used_rows > 0) {
    any_rows = true;
    out.min_week_index = std::min(out.min_week_index, p.min_week_index);
    out.max_week_index = std::max(out.max_week_index, p.max_week_index);
    out.min_person = std::min(out.min_person, p.min_person);
    out.max_person = std::max(out.max_person, p.max_person);
  }
}

/// Dropped rows per rule: counts add, the first kMaxExamples rows (in part order) are kept.
void add_dropped(const IndicatorPartial& p, std::array<PanelIssue, kPanelRuleCount>& dropped) {
  for (const auto& issue : p.dropped) {
    PanelIssue& d = dropped[static_cast<std::size_t>(issue.rule)];
    d.rule = issue.rule;
    d.count += issue.count;
    for (std::size_t k = 0; k < issue.rows.size() && d.rows.size() < kMaxExamples; ++k) {
      d.rows.push_back(issue.rows[k]);
      if (k < issue.examples.size()) d.examples.push_back(issue.examples[k]);
    }
  }
}

}  // namespace

void CellMoments::merge(const CellMoments& o) {
  const auto mine = moment_sums(*this);
  const auto theirs = moment_sums(o);
  for (std::size_t k = 0; k < mine.size(); ++k) mine[k]->merge(*theirs[k]);
  __extension__ typedef unsigned __int128 U128;
  const U128 c = ((static_cast<U128>(conversations2_hi) << 64) | conversations2_lo) +
                 ((static_cast<U128>(o.conversations2_hi) << 64) | o.conversations2_lo);
  conversations2_hi = static_cast<std::uint64_t>(c >> 64);
  conversations2_lo = static_cast<std::uint64_t>(c);
  const auto ints = moment_ints(*this);
  const auto other_ints = moment_ints(o);
  for (std::size_t k = 0; k < ints.size(); ++k) *ints[k] += *other_ints[k];
}

// --- merge -------------------------------------------------------------------------------------

IndicatorPartial merge(const std::vector<IndicatorPartial>& parts) {
  if (parts.empty()) throw std::invalid_argument("merge: no partial results");
  IndicatorPartial out = merged_shape(parts);
  out.sorted_input = true;
  out.threads = 0;
  bool any_rows = false;
  out.min_week_index = std::numeric_limits<std::int32_t>::max();
  out.max_week_index = std::numeric_limits<std::int32_t>::min();
  out.min_person = std::numeric_limits<std::int64_t>::max();
  out.max_person = std::numeric_limits<std::int64_t>::min();
  std::array<PanelIssue, kPanelRuleCount> dropped;
  for (const auto& p : parts) {
    add_cells(p, out);
    add_totals(p, out, any_rows);
    add_dropped(p, dropped);
  }
  for (auto& d : dropped) {
    if (d.count > 0) {
      if (d.examples.size() != d.rows.size()) d.examples.clear();
      out.dropped.push_back(std::move(d));
    }
  }
  if (!any_rows) {
    out.min_week_index = out.max_week_index = 0;
    out.min_person = out.max_person = 0;
  }
  return out;
}

// --- serialisation -----------------------------------------------------------------------------

std::vector<std::uint64_t> IndicatorPartial::to_words() const {
  std::vector<std::uint64_t> w;
  auto put = [&](std::int64_t v) { w.push_back(static_cast<std::uint64_t>(v)); };
  w.push_back(kMagic);
  put(period.first);
  put(period.last);
  put(static_cast<std::int64_t>(groups));
  put(static_cast<std::int64_t>(aggregates));
  put(static_cast<std::int64_t>(municipalities.size()));
  for (auto m : municipalities) put(m);
  for (const auto& c : counts) {
    for (auto v : {c.rows, c.persons, c.conversations, c.new_offers, c.new_company_offers, c.e_rows,
                   c.e_persons, c.e_self_rows, c.spells, c.spells_partial}) {
      put(v);
    }
  }
  for (const auto& s : sums) {
    for (const ExactSum* e : {&s.fw, &s.active_fw, &s.company_fw, &s.e_fw, &s.e_self_fw}) {
      e->append_words(w);
    }
  }
  for (auto v : aggregate_persons) put(v);
  for (auto v : aggregate_e_persons) put(v);
  put(standard_errors ? 1 : 0);
  for (const auto* list : {&moments, &aggregate_moments}) {
    for (const CellMoments& m : *list) {
      for (const FixedSum* e : moment_sums(m)) e->append_words(w);
      for (const std::int64_t* v : moment_ints(m)) put(*v);
      w.push_back(m.conversations2_hi);
      w.push_back(m.conversations2_lo);
    }
  }
  put(input_rows);
  put(used_rows);
  put(sorted_input ? 1 : 0);
  put(min_week_index);
  put(max_week_index);
  put(min_person);
  put(max_person);
  put(threads);
  put(static_cast<std::int64_t>(dropped.size()));
  for (const auto& d : dropped) {
    put(static_cast<std::int64_t>(d.rule));
    put(d.count);
    put(static_cast<std::int64_t>(d.rows.size()));
    for (auto r : d.rows) put(r);
  }
  return w;
}

IndicatorPartial IndicatorPartial::from_words(const std::vector<std::uint64_t>& w) {
  std::size_t pos = 0;
  auto get = [&]() {
    if (pos >= w.size()) throw std::invalid_argument("IndicatorPartial: truncated serialisation");
    return static_cast<std::int64_t>(w[pos++]);
  };
  if (w.empty() || w[0] != kMagic)
    throw std::invalid_argument("IndicatorPartial: not a partial result");
  pos = 1;
  IndicatorPartial p;
  p.period.first = static_cast<std::int32_t>(get());
  p.period.last = static_cast<std::int32_t>(get());
  p.groups = static_cast<std::size_t>(get());
  p.aggregates = static_cast<std::size_t>(get());
  const auto M = static_cast<std::size_t>(get());
  if (M > w.size() || p.groups > 40000 || p.aggregates > 40000) {
    throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
  }
  for (std::size_t m = 0; m < M; ++m) p.municipalities.push_back(static_cast<std::int32_t>(get()));
  p.counts.resize(M * p.groups);
  for (auto& c : p.counts) {
    for (std::int64_t* v :
         {&c.rows, &c.persons, &c.conversations, &c.new_offers, &c.new_company_offers, &c.e_rows,
          &c.e_persons, &c.e_self_rows, &c.spells, &c.spells_partial}) {
      *v = get();
    }
  }
  p.sums.resize(M * p.groups);
  for (auto& s : p.sums) {
    for (ExactSum* e : {&s.fw, &s.active_fw, &s.company_fw, &s.e_fw, &s.e_self_fw}) {
      *e = ExactSum::from_words(w, pos);
    }
  }
  p.aggregate_persons.resize(M * p.aggregates);
  for (auto& v : p.aggregate_persons) v = get();
  p.aggregate_e_persons.resize(M * p.aggregates);
  for (auto& v : p.aggregate_e_persons) v = get();
  p.standard_errors = get() != 0;
  if (p.standard_errors) {
    p.moments.resize(M * p.groups);
    p.aggregate_moments.resize(M * p.aggregates);
    for (auto* list : {&p.moments, &p.aggregate_moments}) {
      for (auto& m : *list) {
        for (FixedSum* e : moment_sums(m)) *e = FixedSum::from_words(w, pos);
        for (std::int64_t* v : moment_ints(m)) *v = get();
        m.conversations2_hi = static_cast<std::uint64_t>(get());
        m.conversations2_lo = static_cast<std::uint64_t>(get());
      }
    }
  }
  p.input_rows = get();
  p.used_rows = get();
  p.sorted_input = get() != 0;
  p.min_week_index = static_cast<std::int32_t>(get());
  p.max_week_index = static_cast<std::int32_t>(get());
  p.min_person = get();
  p.max_person = get();
  p.threads = static_cast<unsigned>(get());
  const auto D = static_cast<std::size_t>(get());
  if (D > kPanelRuleCount) throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
  for (std::size_t d = 0; d < D; ++d) {
    PanelIssue issue;
    issue.rule = static_cast<PanelRule>(get());
    issue.count = get();
    const auto R = static_cast<std::size_t>(get());
    if (R > kMaxExamples) throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
    for (std::size_t r = 0; r < R; ++r) issue.rows.push_back(get());
    p.dropped.push_back(std::move(issue));
  }
  return p;
}

}  // namespace jobbench
