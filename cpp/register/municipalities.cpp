// The dense municipality index: the codes of the kept rows, ascending. A table over the code range
// (marked in parallel) when it is small, otherwise sort + unique.
#include <algorithm>

#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {
namespace {

constexpr std::int64_t kMaxDenseRange = 1 << 22;

bool skipped(const std::vector<std::uint8_t>& skip, std::size_t i) {
  return !skip.empty() && skip[i];
}

MunicipalityMap dense_map(const PanelColumns& pc, const std::vector<std::uint8_t>& skip,
                          std::int32_t min_muni, std::int32_t max_muni, unsigned threads) {
  const std::size_t n = pc.rows;
  const std::int64_t range = static_cast<std::int64_t>(max_muni) - min_muni + 1;
  std::vector<std::vector<std::uint8_t>> seen(
      threads, std::vector<std::uint8_t>(static_cast<std::size_t>(range), 0));
  parallel_for(threads, [&](unsigned t) {
    const std::size_t a = range_begin(n, t, threads), b = range_begin(n, t + 1, threads);
    auto& mine = seen[t];
    for (std::size_t i = a; i < b; ++i) {
      if (skipped(skip, i)) continue;
      const std::int32_t code = pc.municipality[i];
      if (code < min_muni || code > max_muni) continue;  // a dropped row
      mine[static_cast<std::size_t>(code - min_muni)] = 1;
    }
  });
  MunicipalityMap map;
  map.min = min_muni;
  map.dense.assign(static_cast<std::size_t>(range), -1);
  for (std::int64_t k = 0; k < range; ++k) {
    bool any = false;
    for (const auto& s : seen) any = any || s[static_cast<std::size_t>(k)];
    if (any) {
      map.dense[static_cast<std::size_t>(k)] = static_cast<std::int32_t>(map.codes.size());
      map.codes.push_back(static_cast<std::int32_t>(min_muni + k));
    }
  }
  return map;
}

MunicipalityMap sparse_map(const PanelColumns& pc, const std::vector<std::uint8_t>& skip) {
  std::vector<std::int32_t> codes;
  for (std::size_t i = 0; i < pc.rows; ++i) {
    if (skipped(skip, i)) continue;
    codes.push_back(pc.municipality[i]);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  MunicipalityMap map;
  map.codes = std::move(codes);
  return map;
}

}  // namespace

MunicipalityMap municipality_map(const PanelColumns& pc, const std::vector<std::uint8_t>& skip,
                                 std::int32_t min_muni, std::int32_t max_muni, unsigned threads) {
  const std::int64_t range = static_cast<std::int64_t>(max_muni) - min_muni + 1;
  if (range <= kMaxDenseRange) return dense_map(pc, skip, min_muni, max_muni, threads);
  return sparse_map(pc, skip);
}

}  // namespace register_engine
}  // namespace jobbench
