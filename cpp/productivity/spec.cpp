#include "jobbench/productivity/spec.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/spec_json.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using nlohmann::json;

std::string quoted(const std::string& code) { return "'" + code + "'"; }

// --- JSON reading helpers: type errors become SpecErrors naming the place. ---

std::string optional_string(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw SpecError(where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

std::string required_string(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) throw SpecError(where + ": missing \"" + key + "\"");
  return optional_string(object, key, where);
}

std::vector<std::string> string_list(const json& object, const char* key,
                                     const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_array()) throw SpecError(where + ": \"" + key + "\" must be a list of strings");
  std::vector<std::string> values;
  for (const auto& value : *it) {
    if (!value.is_string()) throw SpecError(where + ": \"" + key + "\" must be a list of strings");
    values.push_back(value.get<std::string>());
  }
  return values;
}

const json& object_list(const json& root, const char* key) {
  static const json empty = json::array();
  const auto it = root.find(key);
  if (it == root.end() || it->is_null()) return empty;
  if (!it->is_array()) throw SpecError(std::string("spec: \"") + key + "\" must be a list");
  for (const auto& entry : *it) {
    if (!entry.is_object()) {
      throw SpecError(std::string("spec: entries of \"") + key + "\" must be objects");
    }
  }
  return *it;
}

double number(const json& value, const std::string& where) {
  if (!value.is_number()) throw SpecError(where + " must be a number");
  return value.get<double>();
}

std::string entry_name(const char* list, std::size_t i, const json& entry) {
  const auto code = entry.find("code");
  if (code != entry.end() && code->is_string()) {
    return std::string(list) + " " + quoted(code->get<std::string>());
  }
  return std::string(list) + " #" + std::to_string(i);
}

}  // namespace

BenchmarkSpec BenchmarkSpec::from_json_string(const std::string& text) {
  // Syntax, depth, duplicate and unknown keys and types: the shipped schema (spec_json.cpp).
  const json root = detail::read_spec_json(text);

  BenchmarkSpec spec;
  spec.name = optional_string(root, "name", "spec");
  spec.population_label = optional_string(root, "population_label", "spec");

  const json& groups = object_list(root, "target_groups");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string where = entry_name("target group", i, groups[i]);
    spec.target_groups.push_back({required_string(groups[i], "code", where),
                                  optional_string(groups[i], "label", where),
                                  string_list(groups[i], "components", where)});
  }
  const json& tasks = object_list(root, "tasks");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::string where = entry_name("task", i, tasks[i]);
    spec.tasks.push_back(
        {required_string(tasks[i], "code", where), optional_string(tasks[i], "parent", where),
         optional_string(tasks[i], "label", where), optional_string(tasks[i], "divisor", where),
         string_list(tasks[i], "tags", where), optional_string(tasks[i], "area", where)});
  }
  const json& aggregates = object_list(root, "aggregates");
  for (std::size_t i = 0; i < aggregates.size(); ++i) {
    const std::string where = entry_name("aggregate", i, aggregates[i]);
    spec.aggregates.push_back({required_string(aggregates[i], "code", where),
                               optional_string(aggregates[i], "label", where),
                               string_list(aggregates[i], "tags", where),
                               optional_string(aggregates[i], "divisor", where),
                               optional_string(aggregates[i], "area", where)});
  }

  if (const auto weights = root.find("employment_weights"); weights != root.end()) {
    if (!weights->is_object()) throw SpecError("spec: \"employment_weights\" must be an object");
    for (const auto& [kind, weight] : weights->items()) {
      spec.employment_weights[kind] = number(weight, "employment weight " + quoted(kind));
    }
  }
  if (const auto classes = root.find("classes"); classes != root.end()) {
    if (!classes->is_object()) throw SpecError("spec: \"classes\" must be an object");
    const std::pair<const char*, double*> fields[] = {{"same", &spec.classes.same},
                                                      {"slightly", &spec.classes.slightly},
                                                      {"plain", &spec.classes.plain},
                                                      {"considerably", &spec.classes.considerably}};
    for (const auto& [key, target] : fields) {
      if (const auto value = classes->find(key); value != classes->end()) {
        *target = number(*value, std::string("classes.") + key);
      }
    }
    if (const auto basis = classes->find("basis"); basis != classes->end()) {
      if (*basis == "own") {
        spec.classes.basis = ClassBasis::Own;
      } else if (*basis == "area") {
        spec.classes.basis = ClassBasis::Area;
      } else {
        throw SpecError("classes.basis: must be \"own\" or \"area\", got " + basis->dump());
      }
    }
  }
  // "tables", "indicators" and "register" are checked by the schema; Python reads the first two,
  // RegisterSpec the last.

  spec.validate();
  return spec;
}

BenchmarkSpec BenchmarkSpec::from_json_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw SpecError("spec: cannot open " + path);
  std::ostringstream text;
  text << file.rdbuf();
  try {
    return from_json_string(text.str());
  } catch (const SpecError& error) {
    throw SpecError(path + ": " + error.what());
  }
}

void BenchmarkSpec::validate() const { SpecIndex index(*this); }

// --- SpecIndex: resolves codes to indices and checks every rule on the way. ---

SpecIndex::SpecIndex(const BenchmarkSpec& spec) {
  const ClassThresholds& t = spec.classes;
  const bool finite = std::isfinite(t.same) && std::isfinite(t.slightly) &&
                      std::isfinite(t.plain) && std::isfinite(t.considerably);
  if (!finite || !(0.0 <= t.same && t.same <= t.slightly && t.slightly <= t.plain &&
                   t.plain <= t.considerably)) {
    throw SpecError(
        "classes: thresholds must be finite with 0 <= same <= slightly <= plain <= considerably");
  }
  for (const auto& [kind, weight] : spec.employment_weights) {
    if (!std::isfinite(weight))
      throw SpecError("employment weight " + quoted(kind) + " not finite");
  }
  index_groups(spec);
  index_tasks(spec);
  index_aggregates(spec);
  index_areas(spec);
}

bool SpecIndex::is_base_group(std::size_t group) const { return group_is_base_[group]; }

std::optional<std::size_t> SpecIndex::find_task(const std::string& code) const {
  const auto it = task_by_code_.find(code);
  if (it == task_by_code_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> SpecIndex::find_group(const std::string& code) const {
  const auto it = group_by_code_.find(code);
  if (it == group_by_code_.end()) return std::nullopt;
  return it->second;
}

void SpecIndex::index_groups(const BenchmarkSpec& spec) {
  const auto& groups = spec.target_groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].code.empty())
      throw SpecError("target group #" + std::to_string(g) + ": empty code");
    if (!group_by_code_.emplace(groups[g].code, g).second) {
      throw SpecError("target group " + quoted(groups[g].code) + ": duplicate code");
    }
  }
  std::vector<std::vector<std::size_t>> components(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const std::string& component : groups[g].components) {
      const auto it = group_by_code_.find(component);
      if (it == group_by_code_.end()) {
        throw SpecError("target group " + quoted(groups[g].code) + ": unknown component " +
                        quoted(component));
      }
      components[g].push_back(it->second);
    }
  }

  // Expand composite groups into base groups by depth-first search, detecting cycles.
  enum class State { Unvisited, Active, Done };
  std::vector<State> state(groups.size(), State::Unvisited);
  group_base_components_.assign(groups.size(), {});
  group_is_base_.assign(groups.size(), false);
  auto expand = [&](auto&& self, std::size_t g) -> void {
    if (state[g] == State::Done) return;
    if (state[g] == State::Active) {
      throw SpecError("target group " + quoted(groups[g].code) + ": cycle in components");
    }
    state[g] = State::Active;
    if (components[g].empty()) {
      group_is_base_[g] = true;
      group_base_components_[g] = {g};
    } else {
      std::vector<std::size_t> bases;
      for (std::size_t c : components[g]) {
        self(self, c);
        bases.insert(bases.end(), group_base_components_[c].begin(),
                     group_base_components_[c].end());
      }
      std::unordered_set<std::size_t> seen;
      for (std::size_t base : bases) {
        if (!seen.insert(base).second) {
          throw SpecError("target group " + quoted(groups[g].code) + ": base group " +
                          quoted(groups[base].code) + " is counted twice through its components");
        }
      }
      group_base_components_[g] = std::move(bases);
    }
    state[g] = State::Done;
  };
  for (std::size_t g = 0; g < groups.size(); ++g) expand(expand, g);
}

void SpecIndex::index_tasks(const BenchmarkSpec& spec) {
  const auto& tasks = spec.tasks;
  if (tasks.empty()) throw SpecError("tasks: the spec has no tasks");
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    if (tasks[t].code.empty()) throw SpecError("task #" + std::to_string(t) + ": empty code");
    if (!task_by_code_.emplace(tasks[t].code, t).second) {
      throw SpecError("task " + quoted(tasks[t].code) + ": duplicate code");
    }
  }

  task_parent_.assign(tasks.size(), kNone);
  task_children_.assign(tasks.size(), {});
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    if (tasks[t].parent.empty()) continue;
    const auto parent = find_task(tasks[t].parent);
    if (!parent) {
      throw SpecError("task " + quoted(tasks[t].code) + ": orphan, unknown parent " +
                      quoted(tasks[t].parent));
    }
    task_parent_[t] = *parent;
    task_children_[*parent].push_back(t);
  }

  // A parent chain longer than the number of tasks must revisit a task.
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    std::size_t node = t;
    for (std::size_t steps = 0; node != kNone; ++steps) {
      if (steps > tasks.size()) {
        throw SpecError("task " + quoted(tasks[t].code) + ": cycle in parent chain");
      }
      node = task_parent_[node];
    }
  }

  std::vector<std::string> roots;
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    if (task_parent_[t] == kNone) {
      root_ = t;
      roots.push_back(tasks[t].code);
    }
  }
  if (roots.size() != 1) {
    std::string list;
    for (const auto& code : roots) list += (list.empty() ? "" : ", ") + quoted(code);
    throw SpecError("tasks: exactly one root (task without parent) required, found " +
                    std::to_string(roots.size()) + " (" + list + ")");
  }
  if (tasks[root_].divisor.empty()) {
    throw SpecError("task " + quoted(tasks[root_].code) + ": the root task must have a divisor");
  }

  // Pre-order from the root (children in spec order); reversed it lists children first.
  std::vector<std::size_t> preorder;
  std::vector<std::size_t> stack = {root_};
  while (!stack.empty()) {
    const std::size_t t = stack.back();
    stack.pop_back();
    preorder.push_back(t);
    for (auto it = task_children_[t].rbegin(); it != task_children_[t].rend(); ++it) {
      stack.push_back(*it);
    }
  }
  children_first_.assign(preorder.rbegin(), preorder.rend());

  task_depth_.assign(tasks.size(), 0);
  task_divisor_.assign(tasks.size(), kNone);
  for (std::size_t t : preorder) {
    const std::size_t parent = task_parent_[t];
    if (parent != kNone) task_depth_[t] = task_depth_[parent] + 1;
    if (tasks[t].divisor.empty()) {
      task_divisor_[t] = task_divisor_[parent];  // the root has a divisor, checked above
    } else {
      const auto group = find_group(tasks[t].divisor);
      if (!group) {
        throw SpecError("task " + quoted(tasks[t].code) + ": unknown divisor " +
                        quoted(tasks[t].divisor));
      }
      task_divisor_[t] = *group;
    }
  }
}

void SpecIndex::index_aggregates(const BenchmarkSpec& spec) {
  std::unordered_set<std::string> codes;
  for (const Aggregate& aggregate : spec.aggregates) {
    const std::string where = "aggregate " + quoted(aggregate.code);
    if (aggregate.code.empty()) throw SpecError("aggregate: empty code");
    if (!codes.insert(aggregate.code).second) throw SpecError(where + ": duplicate code");
    if (find_task(aggregate.code)) throw SpecError(where + ": code is also a task code");
    if (aggregate.tags.empty()) throw SpecError(where + ": no tags");
    if (aggregate.divisor.empty()) throw SpecError(where + ": missing divisor");
    const auto divisor = find_group(aggregate.divisor);
    if (!divisor) throw SpecError(where + ": unknown divisor " + quoted(aggregate.divisor));
    aggregate_divisor_.push_back(*divisor);

    const std::unordered_set<std::string> wanted(aggregate.tags.begin(), aggregate.tags.end());
    auto tagged = [&](std::size_t t) {
      for (const auto& tag : spec.tasks[t].tags) {
        if (wanted.count(tag) != 0) return true;
      }
      return false;
    };
    // Only the topmost tagged task of each branch counts: its FTE includes tagged sub-tasks.
    std::vector<std::size_t> selected;
    for (std::size_t t = 0; t < spec.tasks.size(); ++t) {
      if (!tagged(t)) continue;
      bool ancestor_tagged = false;
      for (std::size_t a = task_parent_[t]; a != kNone && !ancestor_tagged; a = task_parent_[a]) {
        ancestor_tagged = tagged(a);
      }
      if (!ancestor_tagged) selected.push_back(t);
    }
    aggregate_tasks_.push_back(std::move(selected));
  }
}

void SpecIndex::index_areas(const BenchmarkSpec& spec) {
  const std::size_t n_tasks = spec.tasks.size();
  auto resolve = [&](const std::string& code, const std::string& where) {
    if (const auto task = find_task(code)) return *task;
    for (std::size_t a = 0; a < spec.aggregates.size(); ++a) {
      if (spec.aggregates[a].code == code) return n_tasks + a;
    }
    throw SpecError(where + ": unknown area " + quoted(code));
  };
  item_area_.assign(n_tasks + spec.aggregates.size(), root_);
  for (std::size_t t = 0; t < n_tasks; ++t) {
    if (!spec.tasks[t].area.empty()) {
      item_area_[t] = resolve(spec.tasks[t].area, "task " + quoted(spec.tasks[t].code));
      continue;
    }
    std::size_t ancestor = t;  // climb to the main task (depth 1); main tasks and the root -> root
    while (task_depth_[ancestor] > 1) ancestor = task_parent_[ancestor];
    item_area_[t] = task_depth_[t] >= 2 ? ancestor : root_;
  }
  for (std::size_t a = 0; a < spec.aggregates.size(); ++a) {
    if (!spec.aggregates[a].area.empty()) {
      item_area_[n_tasks + a] =
          resolve(spec.aggregates[a].area, "aggregate " + quoted(spec.aggregates[a].code));
    }
  }
}

}  // namespace jobbench
