#include "jobbench/audit/sample.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "jobbench/audit/estimate.hpp"
#include "jobbench/errors.hpp"

namespace jobbench::audit {
namespace {

std::string in_where(const std::string& where) { return where.empty() ? "" : where + ": "; }

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 0xCBF29CE484222325ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

std::uint64_t draw_key(std::uint64_t seed, const std::string& group, const std::string& stratum,
                       const std::string& case_id) {
  const std::uint64_t h = fnv1a(case_id, fnv1a(stratum + '\x1f', fnv1a(group + '\x1f')));
  return splitmix64(h ^ splitmix64(seed));
}

void check_sizes(const std::vector<long>& sizes, long n, Allocation rule,
                 const std::vector<std::string>& names, const std::string& where) {
  const long total = std::accumulate(sizes.begin(), sizes.end(), 0L);
  for (std::size_t h = 0; h < sizes.size(); ++h) {
    if (sizes[h] <= 0) {
      throw InputError(in_where(where) + "stratum '" + escape_text(names[h]) +
                       "' is empty; give each stratum at least one case");
    }
  }
  if (n < 1 || n > total) {
    throw InputError(in_where(where) + "sample size n = " + std::to_string(n) +
                     " outside 1-N (N = " + std::to_string(total) + " cases)");
  }
  const auto h_count = static_cast<long>(sizes.size());
  long minimum = h_count;
  if (rule == Allocation::Proportional) {
    minimum = 0;
    for (long s : sizes) minimum += std::min(2L, s);
  }
  if (n < minimum) {
    throw InputError(in_where(where) + "n = " + std::to_string(n) + " leaves a stratum empty or " +
                     "below 2 (" + std::to_string(h_count) + " strata need " +
                     std::to_string(minimum) + "); raise n");
  }
}

/// Strata fixed at their size (too small) or at the minimum of 2 (proportional), by iteration.
std::vector<long> fixed_strata(const std::vector<long>& sizes, long n, Allocation rule) {
  std::vector<long> fixed(sizes.size(), -1);
  for (bool changed = true; changed;) {
    changed = false;
    long remaining = n, total = 0;
    for (std::size_t h = 0; h < sizes.size(); ++h) {
      if (fixed[h] >= 0) remaining -= fixed[h];
      else total += rule == Allocation::Equal ? 1 : sizes[h];
    }
    for (std::size_t h = 0; h < sizes.size() && total > 0; ++h) {
      if (fixed[h] >= 0) continue;
      const long share = rule == Allocation::Equal ? 1 : sizes[h];
      if (remaining * share > sizes[h] * total) fixed[h] = sizes[h], changed = true;
    }
    for (std::size_t h = 0; !changed && h < sizes.size() && total > 0; ++h) {
      if (fixed[h] >= 0 || rule == Allocation::Equal) continue;
      const long low = std::min(2L, sizes[h]);
      if (remaining * sizes[h] < low * total) fixed[h] = low, changed = true;
    }
  }
  return fixed;
}

}  // namespace

Allocation parse_allocation(const std::string& rule) {
  if (rule == "equal") return Allocation::Equal;
  if (rule == "proportional") return Allocation::Proportional;
  throw InputError("unknown allocation rule '" + escape_text(rule) +
                   "' (choose equal or proportional)");
}

std::vector<long> allocate(const std::vector<long>& sizes, long n, Allocation rule,
                           const std::vector<std::string>& names, const std::string& where) {
  if (names.size() != sizes.size()) throw InputError("allocate: one name per stratum");
  check_sizes(sizes, n, rule, names, where);
  std::vector<long> out = fixed_strata(sizes, n, rule);
  long remaining = n, total = 0;
  for (std::size_t h = 0; h < sizes.size(); ++h) {
    if (out[h] >= 0) remaining -= out[h];
    else total += rule == Allocation::Equal ? 1 : sizes[h];
  }
  std::vector<std::tuple<long, long, std::size_t>> order;  // (-remainder, -N_h, h)
  long given = 0;
  for (std::size_t h = 0; h < sizes.size(); ++h) {
    if (out[h] >= 0) continue;
    const long share = (rule == Allocation::Equal ? 1 : sizes[h]) * remaining;
    out[h] = share / total;
    given += out[h];
    order.emplace_back(-(share % total), -sizes[h], h);
  }
  std::sort(order.begin(), order.end());
  for (long k = 0; k < remaining - given; ++k) {
    ++out[std::get<2>(order[static_cast<std::size_t>(k)])];
  }
  return out;
}

std::vector<Draw> draw_sample(const SampleFrame& frame, long n, Allocation rule, std::uint64_t seed,
                              long reserves) {
  const std::size_t rows = frame.case_id.size();
  if (frame.stratum.size() != rows || !(frame.group.empty() || frame.group.size() == rows)) {
    throw InputError("sample: case, stratum and municipality columns differ in length");
  }
  if (reserves < 0) throw InputError("sample: reserves must be 0 or more");
  using Key = std::pair<std::string, std::string>;  // (group, stratum)
  std::map<Key, std::vector<std::size_t>> strata;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string g = frame.group.empty() ? "" : frame.group[i];
    if (frame.case_id[i].empty() || frame.stratum[i].empty()) {
      throw InputError("case list row " + std::to_string(i) + " (" + escape_text(g) +
                       "): empty case id or stratum; give every case both");
    }
    if (!seen.emplace(g, frame.case_id[i]).second) {
      throw InputError("case list row " + std::to_string(i) + " (" + escape_text(g) + ", " +
                       escape_text(frame.case_id[i]) + "): duplicate case id");
    }
    strata[{g, frame.stratum[i]}].push_back(i);
  }
  std::vector<Draw> out;
  for (auto it = strata.begin(); it != strata.end();) {
    const std::string group = it->first.first;
    std::vector<long> sizes;
    std::vector<std::string> names;
    auto end = it;
    for (; end != strata.end() && end->first.first == group; ++end) {
      sizes.push_back(static_cast<long>(end->second.size()));
      names.push_back(end->first.second);
    }
    const std::vector<long> n_h = allocate(sizes, n, rule, names, group);
    for (std::size_t h = 0; it != end; ++it, ++h) {
      std::vector<std::pair<std::uint64_t, std::size_t>> keyed;
      for (std::size_t i : it->second) {
        keyed.emplace_back(draw_key(seed, group, it->first.second, frame.case_id[i]), i);
      }
      std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first
                                  : frame.case_id[a.second] < frame.case_id[b.second];
      });
      const long take = std::min<long>(n_h[h] + reserves, sizes[h]);
      for (long k = 0; k < take; ++k) {
        Draw d;
        d.row = keyed[static_cast<std::size_t>(k)].second;
        d.population = sizes[h], d.sampled = n_h[h];
        d.inclusion = static_cast<double>(n_h[h]) / static_cast<double>(sizes[h]);
        d.weight = 1.0 / d.inclusion;
        d.order = k + 1, d.reserve = k >= n_h[h];
        out.push_back(d);
      }
    }
  }
  return out;
}

long sample_size(double half_width, double p, double population, double design_effect,
                 double level) {
  if (!(half_width > 0.0 && half_width < 1.0) || !(p > 0.0 && p < 1.0)) {
    throw InputError("sample_size: need 0 < half_width < 1 and 0 < p < 1, got " +
                     std::to_string(half_width) + " and " + std::to_string(p));
  }
  if (!(design_effect > 0.0 && std::isfinite(design_effect)) ||
      !(population >= 0.0 && std::isfinite(population))) {
    throw InputError("sample_size: need a design effect K > 0 and a population N >= 0");
  }
  const double z = z_of_level(level);
  const double n0 = z * z * p * (1.0 - p) / (half_width * half_width) * design_effect;
  const double n = population > 0.0 ? n0 / (1.0 + (n0 - 1.0) / population) : n0;
  const long out = static_cast<long>(std::ceil(n - 1e-9));
  return population > 0.0 ? std::min(out, static_cast<long>(std::ceil(population))) : out;
}

double allocation_design_effect(const std::vector<long>& sizes, const std::vector<long>& sampled) {
  if (sizes.size() != sampled.size() || sizes.empty()) {
    throw InputError("design effect: one n_h per N_h");
  }
  double N = 0.0, n = 0.0, sum = 0.0;
  for (std::size_t h = 0; h < sizes.size(); ++h) {
    if (sampled[h] <= 0) throw InputError("design effect: n_h must be > 0");
    N += static_cast<double>(sizes[h]);
    n += static_cast<double>(sampled[h]);
    sum += static_cast<double>(sizes[h]) * static_cast<double>(sizes[h]) /
           static_cast<double>(sampled[h]);
  }
  return n * sum / (N * N);
}

}  // namespace jobbench::audit
