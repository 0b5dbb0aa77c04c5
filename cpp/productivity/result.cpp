#include "jobbench/productivity/result.hpp"

#include <stdexcept>

namespace jobbench {

const char* item_kind_name(ItemKind kind) { return kind == ItemKind::Task ? "task" : "aggregate"; }

std::size_t BenchmarkResult::item_index(const std::string& code) const {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].code == code) return i;
  }
  throw std::out_of_range("unknown item '" + code + "'");
}

std::size_t BenchmarkResult::municipality_index(const std::string& name) const {
  for (std::size_t m = 0; m < municipalities.size(); ++m) {
    if (municipalities[m] == name) return m;
  }
  throw std::out_of_range("unknown municipality '" + name + "'");
}

}  // namespace jobbench
