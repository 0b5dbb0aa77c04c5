// Partial results of the extended measures: merge_measures() (parts of disjoint sets of persons,
// e.g. Dask partitions, each with its own municipalities) and the serialisation used for
// pickling.
#include <algorithm>
#include <stdexcept>

#include "jobbench/errors.hpp"
#include "jobbench/register/measures.hpp"
#include "register/measures_engine.hpp"

namespace jobbench {
namespace {

constexpr std::uint64_t kMagic = 0x4a424d4541530001ULL;  // "JBMEAS" + format version 1

bool same_setup(const MeasurePartial& a, const MeasurePartial& b) {
  auto key = [](const MeasurePartial& p) {
    std::vector<std::int64_t> k{p.status_weeks, p.passive_weeks, p.panel_first, p.panel_last,
                                p.wage_hours,   static_cast<std::int64_t>(p.groups),
                                static_cast<std::int64_t>(p.units)};
    for (const auto& q : p.periods) {
      k.push_back(q.first);
      k.push_back(q.last);
    }
    return k;
  };
  return key(a) == key(b);
}

/// Cell sizes of one (period, municipality) block: group and unit fields.
struct Widths {
  std::size_t group_counts, group_sums, unit_counts, units;
};

Widths widths(const MeasurePartial& p) {
  const std::size_t P = p.periods.size(), M = p.municipalities.size();
  const std::size_t blocks = std::max<std::size_t>(1, P * M);
  return {p.group_counts.size() / blocks, p.group_sums.size() / blocks,
          p.unit_counts.size() / blocks, p.units};
}

/// Adds `part` into `out`, whose municipalities include the part's.
void add_part(const MeasurePartial& part, MeasurePartial& out) {
  const Widths w = widths(out);
  const std::size_t P = out.periods.size(), M = out.municipalities.size();
  for (std::size_t p = 0; p < P; ++p) {
    for (std::size_t pm = 0; pm < part.municipalities.size(); ++pm) {
      const auto m = static_cast<std::size_t>(
          std::lower_bound(out.municipalities.begin(), out.municipalities.end(),
                           part.municipalities[pm]) -
          out.municipalities.begin());
      const std::size_t from = p * part.municipalities.size() + pm, to = p * M + m;
      for (std::size_t f = 0; f < w.group_counts; ++f) {
        out.group_counts[to * w.group_counts + f] += part.group_counts[from * w.group_counts + f];
      }
      for (std::size_t f = 0; f < w.group_sums; ++f) {
        out.group_sums[to * w.group_sums + f].merge(part.group_sums[from * w.group_sums + f]);
      }
      for (std::size_t f = 0; f < w.unit_counts; ++f) {
        out.unit_counts[to * w.unit_counts + f] += part.unit_counts[from * w.unit_counts + f];
      }
    }
  }
  for (const auto& [key, n] : part.lengths) {
    const std::size_t cell = key.first;  // (p * M_part + m) * U + u
    const std::size_t u = cell % w.units, pm = cell / w.units;
    const std::size_t p = pm / part.municipalities.size(), m_part = pm % part.municipalities.size();
    const auto m = static_cast<std::size_t>(
        std::lower_bound(out.municipalities.begin(), out.municipalities.end(),
                         part.municipalities[m_part]) -
        out.municipalities.begin());
    out.lengths[{(p * M + m) * w.units + u, key.second}] += n;
  }
}

}  // namespace

MeasurePartial merge_measures(const std::vector<MeasurePartial>& parts) {
  if (parts.empty()) throw InputError("measures: nothing to merge");
  MeasurePartial out;
  const MeasurePartial& first = parts.front();
  for (const auto& p : parts) {
    if (!same_setup(first, p)) {
      throw InputError("measures: partial results of different periods, options or specs "
                       "cannot be merged");
    }
    out.municipalities.insert(out.municipalities.end(), p.municipalities.begin(),
                              p.municipalities.end());
    out.input_rows += p.input_rows;
    out.status_rows += p.status_rows;
    out.sorted_input = out.sorted_input && p.sorted_input;
    out.threads = std::max(out.threads, p.threads);
  }
  std::sort(out.municipalities.begin(), out.municipalities.end());
  out.municipalities.erase(std::unique(out.municipalities.begin(), out.municipalities.end()),
                           out.municipalities.end());
  out.periods = first.periods;
  out.status_weeks = first.status_weeks;
  out.passive_weeks = first.passive_weeks;
  out.panel_first = first.panel_first;
  out.panel_last = first.panel_last;
  out.wage_hours = first.wage_hours;
  out.groups = first.groups;
  out.units = first.units;
  // the block widths are the same in every part that has a block
  Widths w{0, 0, 0, first.units};
  for (const auto& p : parts) {
    if (!p.municipalities.empty()) w = widths(p);
  }
  const std::size_t blocks = out.periods.size() * out.municipalities.size();
  out.group_counts.assign(blocks * w.group_counts, 0);
  out.group_sums.assign(blocks * w.group_sums, ExactSum{});
  out.unit_counts.assign(blocks * w.unit_counts, 0);
  for (const auto& p : parts) add_part(p, out);
  return out;
}

std::vector<std::uint64_t> MeasurePartial::to_words() const {
  std::vector<std::uint64_t> w{kMagic};
  auto put = [&](std::int64_t v) { w.push_back(static_cast<std::uint64_t>(v)); };
  for (std::int64_t v : {static_cast<std::int64_t>(periods.size()),
                         static_cast<std::int64_t>(status_weeks),
                         static_cast<std::int64_t>(passive_weeks),
                         static_cast<std::int64_t>(panel_first), static_cast<std::int64_t>(panel_last),
                         static_cast<std::int64_t>(wage_hours), static_cast<std::int64_t>(groups),
                         static_cast<std::int64_t>(units),
                         static_cast<std::int64_t>(municipalities.size()), input_rows, status_rows,
                         static_cast<std::int64_t>(sorted_input),
                         static_cast<std::int64_t>(threads),
                         static_cast<std::int64_t>(group_counts.size()),
                         static_cast<std::int64_t>(group_sums.size()),
                         static_cast<std::int64_t>(unit_counts.size()),
                         static_cast<std::int64_t>(lengths.size())}) {
    put(v);
  }
  for (const auto& p : periods) {
    put(p.first);
    put(p.last);
  }
  for (auto m : municipalities) put(m);
  for (auto c : group_counts) put(c);
  for (const auto& s : group_sums) s.append_words(w);
  for (auto c : unit_counts) put(c);
  for (const auto& [key, n] : lengths) {
    put(static_cast<std::int64_t>(key.first));
    put(key.second);
    put(n);
  }
  return w;
}

MeasurePartial MeasurePartial::from_words(const std::vector<std::uint64_t>& w) {
  std::size_t pos = 1;
  auto get = [&]() {
    if (pos >= w.size()) throw std::invalid_argument("MeasurePartial: truncated serialisation");
    return static_cast<std::int64_t>(w[pos++]);
  };
  auto size = [&]() {
    const std::int64_t v = get();
    if (v < 0 || static_cast<std::uint64_t>(v) > w.size() * 64) {
      throw std::invalid_argument("MeasurePartial: corrupt serialisation");
    }
    return static_cast<std::size_t>(v);
  };
  if (w.empty() || w[0] != kMagic) throw std::invalid_argument("MeasurePartial: not a partial");
  MeasurePartial p;
  const std::size_t P = size();
  p.status_weeks = static_cast<int>(get());
  p.passive_weeks = static_cast<int>(get());
  p.panel_first = static_cast<std::int32_t>(get());
  p.panel_last = static_cast<std::int32_t>(get());
  p.wage_hours = get() != 0;
  p.groups = size();
  p.units = size();
  const std::size_t M = size();
  p.input_rows = get();
  p.status_rows = get();
  p.sorted_input = get() != 0;
  p.threads = static_cast<unsigned>(get());
  const std::size_t gc = size(), gs = size(), uc = size(), L = size();
  for (std::size_t i = 0; i < P; ++i) {
    MeasurementPeriod q;
    q.first = static_cast<std::int32_t>(get());
    q.last = static_cast<std::int32_t>(get());
    p.periods.push_back(q);
  }
  for (std::size_t i = 0; i < M; ++i) p.municipalities.push_back(static_cast<std::int32_t>(get()));
  p.group_counts.resize(gc);
  for (auto& c : p.group_counts) c = get();
  p.group_sums.reserve(gs);
  for (std::size_t i = 0; i < gs; ++i) p.group_sums.push_back(ExactSum::from_words(w, pos));
  p.unit_counts.resize(uc);
  for (auto& c : p.unit_counts) c = get();
  for (std::size_t i = 0; i < L; ++i) {
    const auto cell = static_cast<std::size_t>(get());
    const auto length = static_cast<std::int32_t>(get());
    p.lengths[{cell, length}] = get();
  }
  if (pos != w.size()) throw std::invalid_argument("MeasurePartial: corrupt serialisation");
  return p;
}

}  // namespace jobbench
