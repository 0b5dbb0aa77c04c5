// Benchmark specification: target groups, the task tree, aggregates and class thresholds.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jobbench {

/// A target group ("målgruppe"). Groups with components are composite: their person-years are the
/// sum of their components' person-years. Person-years are given for base groups only.
struct TargetGroup {
  std::string code;
  std::string label;
  std::vector<std::string> components;

  bool is_composite() const { return !components.empty(); }
};

/// A node of the task tree. An empty `parent` marks the root; an empty `divisor` means the divisor
/// is inherited from the parent.
struct TaskNode {
  std::string code;
  std::string parent;
  std::string label;
  std::string divisor;
  std::vector<std::string> tags;
  std::string area;  // item whose mean judges this task's difference (ClassBasis::Area); optional
};

/// A cross-cutting sum of tasks selected by tags (e.g. "heraf ledelse"), with its own divisor.
struct Aggregate {
  std::string code;
  std::string label;
  std::vector<std::string> tags;
  std::string divisor;
  std::string area;  // task or aggregate code; empty = the root
};

/// What a difference is measured against when it is put into words (docs/design.md, section 3).
enum class ClassBasis {
  Own,   // the item's own mean: the class ratio is the relative difference
  Area,  // the mean of the item's area (main-task ancestor, the root for main tasks, or "area")
};

/// Thresholds on |class ratio| for the verbal classes (see verbal.hpp).
struct ClassThresholds {
  double same = 0.05;
  double slightly = 0.15;
  double plain = 0.25;
  double considerably = 0.40;
  ClassBasis basis = ClassBasis::Own;
};

/// The JSON Schema (draft 2020-12) of a benchmark spec, as shipped in
/// python/jobbench/specs/spec.schema.json and installed as share/jobbench/spec.schema.json.
/// BenchmarkSpec::from_json_string applies it: unknown keys and wrong types are SpecErrors.
const char* spec_schema_json();

/// The benchmark specification, usually read from JSON (keys in docs/spec.md).
/// Members are plain data; call validate() after editing them by hand.
class BenchmarkSpec {
 public:
  std::string name;
  std::string population_label;
  std::vector<TargetGroup> target_groups;
  std::vector<TaskNode> tasks;  // display order; exactly one root
  std::vector<Aggregate> aggregates;
  std::map<std::string, double> employment_weights;
  ClassThresholds classes;

  /// Parses and validates a spec. Throws SpecError on malformed JSON (naming line and column),
  /// nesting deeper than 64 levels, duplicate or unknown keys, wrong types and invalid content.
  /// The whole document is checked, "tables", "indicators" and "register" included.
  static BenchmarkSpec from_json_string(const std::string& json);
  /// As from_json_string; messages start with the path of the file.
  static BenchmarkSpec from_json_file(const std::string& path);

  /// Throws SpecError naming the offending code if the spec breaks a rule of design.md section 1.
  void validate() const;
};

/// Resolved, index-based view of a valid spec. Constructing it validates the spec (SpecError).
/// Indices refer to positions in spec.tasks / spec.target_groups / spec.aggregates.
class SpecIndex {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  explicit SpecIndex(const BenchmarkSpec& spec);

  std::size_t task_count() const { return task_parent_.size(); }
  std::size_t group_count() const { return group_base_components_.size(); }
  std::size_t aggregate_count() const { return aggregate_tasks_.size(); }

  std::size_t root() const { return root_; }
  std::size_t parent(std::size_t task) const { return task_parent_[task]; }  // kNone for the root
  const std::vector<std::size_t>& children(std::size_t task) const { return task_children_[task]; }
  int depth(std::size_t task) const { return task_depth_[task]; }
  /// Group index of the task's own or inherited divisor.
  std::size_t divisor(std::size_t task) const { return task_divisor_[task]; }
  /// Tasks ordered so that every child comes before its parent.
  const std::vector<std::size_t>& children_first_order() const { return children_first_; }

  bool is_base_group(std::size_t group) const;
  /// Base groups whose person-years make up `group` (just `group` itself for a base group).
  const std::vector<std::size_t>& base_components(std::size_t group) const {
    return group_base_components_[group];
  }

  std::size_t aggregate_divisor(std::size_t aggregate) const {
    return aggregate_divisor_[aggregate];
  }
  /// Tasks summed by the aggregate: tagged with one of its tags, with no ancestor so tagged.
  const std::vector<std::size_t>& aggregate_tasks(std::size_t aggregate) const {
    return aggregate_tasks_[aggregate];
  }

  /// Result item (tasks first, then aggregates) whose mean judges item `item` under
  /// ClassBasis::Area: the explicit "area", else the main-task ancestor (depth 1), else the root.
  std::size_t area_item(std::size_t item) const { return item_area_[item]; }

  std::optional<std::size_t> find_task(const std::string& code) const;
  std::optional<std::size_t> find_group(const std::string& code) const;

 private:
  void index_groups(const BenchmarkSpec& spec);
  void index_tasks(const BenchmarkSpec& spec);
  void index_aggregates(const BenchmarkSpec& spec);

  std::unordered_map<std::string, std::size_t> group_by_code_;
  std::vector<std::vector<std::size_t>> group_base_components_;
  std::vector<bool> group_is_base_;

  std::unordered_map<std::string, std::size_t> task_by_code_;
  std::size_t root_ = kNone;
  std::vector<std::size_t> task_parent_;
  std::vector<std::vector<std::size_t>> task_children_;
  std::vector<int> task_depth_;
  std::vector<std::size_t> task_divisor_;
  std::vector<std::size_t> children_first_;

  std::vector<std::size_t> aggregate_divisor_;
  std::vector<std::vector<std::size_t>> aggregate_tasks_;

  std::vector<std::size_t> item_area_;
  void index_areas(const BenchmarkSpec& spec);
};

}  // namespace jobbench
