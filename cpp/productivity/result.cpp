#include "jobbench/productivity/result.hpp"

#include "jobbench/names.hpp"

namespace jobbench {

const char* item_kind_name(ItemKind kind) { return kind == ItemKind::Task ? "task" : "aggregate"; }

Eigen::Index BenchmarkResult::item_index(const std::string& code) const {
  std::vector<std::string> codes;
  codes.reserve(items.size());
  for (const ResultItem& item : items) codes.push_back(item.code);
  return find_name(codes, code, "item");
}

Eigen::Index BenchmarkResult::municipality_index(const std::string& name) const {
  return find_name(municipalities, name, "municipality");
}

}  // namespace jobbench
