#include "jobbench/productivity/compute.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/format.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/productivity/compare.hpp"
#include "jobbench/productivity/verbal.hpp"

namespace jobbench {
namespace {

using detail::format_number;
using Index = Eigen::Index;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Index as_index(std::size_t i) { return static_cast<Index>(i); }

/// x * 1000 / person_years, defined as 0 when x == 0 (even over zero person-years).
double per_1000(double x, double person_years) {
  return x == 0.0 ? 0.0 : x * 1000.0 / person_years;
}

/// FTE of every task for every municipality, rolled up the tree (design.md section 2).
struct TaskFte {
  Eigen::MatrixXd fte;
  Eigen::MatrixXd fte_external;
  Eigen::MatrixXd unallocated;
};

TaskFte roll_up_fte(const BenchmarkData& data, const ComputeOptions& options) {
  const SpecIndex& index = data.index();
  const auto& tasks = data.spec().tasks;
  const auto& municipalities = data.municipalities();
  const Index n_tasks = as_index(index.task_count());
  const Index n_municipalities = as_index(municipalities.size());

  TaskFte out{Eigen::MatrixXd::Zero(n_tasks, n_municipalities),
              Eigen::MatrixXd::Zero(n_tasks, n_municipalities),
              Eigen::MatrixXd::Zero(n_tasks, n_municipalities)};
  for (Index m = 0; m < n_municipalities; ++m) {
    for (const std::size_t task : index.children_first_order()) {
      const Index t = as_index(task);
      double children_fte = 0.0;
      double children_external = 0.0;
      for (const std::size_t child : index.children(task)) {
        children_fte += out.fte(as_index(child), m);
        children_external += out.fte_external(as_index(child), m);
      }
      const auto municipality = static_cast<std::size_t>(m);
      if (!data.has_fte_row(task, municipality)) {
        // No row: the task is the sum of its sub-tasks (0 if none of them has a row either).
        out.fte(t, m) = children_fte;
        out.fte_external(t, m) = children_external;
        continue;
      }
      const double given = data.given_fte()(t, m);
      // Rounded input may make the children exceed the parent by a hair; that is not an error.
      const double slack = options.subtask_tolerance * std::max(1.0, given);
      if (children_fte > given + slack) {
        std::string parts;
        for (const std::size_t child : index.children(task)) {
          const double fte = out.fte(as_index(child), m);
          if (fte == 0.0) continue;
          parts += (parts.empty() ? "" : ", ") + tasks[child].code + " " + format_number(fte);
        }
        throw InputError(detail::located_message(
            data.where(InputTable::Fte, static_cast<std::size_t>(data.fte_row(task, municipality))),
            municipalities[municipality], tasks[task].code,
            "sub-task FTE exceeds parent: sub-tasks (" + parts + ") sum to " +
                format_number(children_fte) + " > task FTE " + format_number(given)));
      }
      out.fte(t, m) = given;
      out.fte_external(t, m) = data.given_fte_external()(t, m);
      if (!index.children(task).empty())
        out.unallocated(t, m) = std::max(0.0, given - children_fte);
    }
  }
  return out;
}

/// Person-years of every target group (composite groups summed from their base groups).
Eigen::MatrixXd group_person_years(const BenchmarkData& data) {
  const SpecIndex& index = data.index();
  Eigen::MatrixXd out =
      Eigen::MatrixXd::Zero(as_index(index.group_count()), as_index(data.municipalities().size()));
  for (std::size_t g = 0; g < index.group_count(); ++g) {
    for (const std::size_t base : index.base_components(g)) {
      out.row(as_index(g)) += data.given_person_years().row(as_index(base));
    }
  }
  return out;
}

/// Where messages about an item of one municipality point: the item's FTE row if it has one.
std::string item_where(const BenchmarkData& data, const BenchmarkResult& result, Index item,
                       Index m) {
  const auto task = static_cast<std::size_t>(item);
  const auto municipality = static_cast<std::size_t>(m);
  if (result.items[task].kind == ItemKind::Task && data.has_fte_row(task, municipality)) {
    return data.where(InputTable::Fte, static_cast<std::size_t>(data.fte_row(task, municipality)));
  }
  return data.table_name(InputTable::Fte);
}

std::string item_name(const ResultItem& item) {
  return std::string(item_kind_name(item.kind)) + " " + detail::in_quotes(item.code);
}

/// Zero person-years under FTE > 0 has no meaningful productivity: an input error.
void check_person_years(const BenchmarkData& data, const BenchmarkResult& result) {
  for (Index i = 0; i < result.fte.rows(); ++i) {
    for (Index m = 0; m < result.fte.cols(); ++m) {
      if (!(result.fte(i, m) > 0.0 && result.person_years(i, m) == 0.0)) continue;
      const ResultItem& item = result.items[static_cast<std::size_t>(i)];
      throw InputError(detail::located_message(
          item_where(data, result, i, m), data.municipalities()[static_cast<std::size_t>(m)],
          item.code,
          "zero person-years for divisor group " + detail::in_quotes(item.divisor) + " under " +
              item_name(item) + " with FTE " + format_number(result.fte(i, m)) + " > 0"));
    }
  }
}

/// Sums of huge inputs overflow to inf; such a result must not be printed as a figure.
void check_finite(const BenchmarkData& data, const BenchmarkResult& result) {
  struct Figure {
    const char* name;
    const Eigen::MatrixXd& values;
    bool nan_allowed;  // NaN marks a missing figure (no population), inf never is one
  };
  const Eigen::MatrixXd weighted_mean = result.weighted_mean.replicate(1, result.fte.cols());
  const Figure figures[] = {
      {"FTE (sub-tasks summed)", result.fte, false},
      {"external FTE", result.fte_external, false},
      {"person-years (base groups summed)", result.person_years, false},
      {"productivity", result.productivity, false},
      {"external productivity", result.productivity_external, false},
      {"difference from the mean over municipalities", result.diff_abs, false},
      {"weighted mean over municipalities", weighted_mean, false},
      {"FTE per 1,000 population", result.fte_per_1000_population, true}};
  // Tasks children first (reverse spec order), then aggregates: name where the overflow starts.
  const auto n_tasks = static_cast<Index>(data.index().task_count());
  std::vector<Index> order;
  for (Index i = n_tasks - 1; i >= 0; --i) order.push_back(i);
  for (Index i = n_tasks; i < result.fte.rows(); ++i) order.push_back(i);
  for (const Figure& figure : figures) {
    for (const Index i : order) {
      for (Index m = 0; m < figure.values.cols(); ++m) {
        const double value = figure.values(i, m);
        if (std::isfinite(value)) continue;
        if (std::isnan(value) && figure.nan_allowed) continue;
        const ResultItem& item = result.items[static_cast<std::size_t>(i)];
        throw InputError(detail::located_message(
            item_where(data, result, i, m), data.municipalities()[static_cast<std::size_t>(m)],
            item.code,
            std::string(figure.name) + " of " + item_name(item) + " is not finite (" +
                format_number(value) +
                "): the inputs are too large to compute with; check the units (FTE and "
                "person-years are counts such as 12.5, not amounts)"));
      }
    }
  }
}

/// Splits each municipality's difference from the root mean over the root's children (see
/// design.md section 3). Root productivity = Σ_c p_c s_c with p_c the child's productivity and
/// s_c = P_d(c) / P_root, which makes the effects add up exactly to the total difference.
void decompose(const SpecIndex& index, const std::vector<TaskNode>& tasks, const TaskFte& task_fte,
               BenchmarkResult& result) {
  const std::size_t root = index.root();
  const Index r = as_index(root);
  const Index n_municipalities = result.fte.cols();

  std::vector<std::string> codes;
  std::vector<Eigen::VectorXd> p;  // productivity per component
  std::vector<Eigen::VectorXd> s;  // divisor size relative to the root's divisor
  const Eigen::VectorXd root_person_years = result.person_years.row(r).transpose();
  auto size_share = [&](const Eigen::VectorXd& person_years) {
    Eigen::VectorXd share(n_municipalities);
    for (Index m = 0; m < n_municipalities; ++m) {
      share(m) = root_person_years(m) == 0.0 ? 0.0 : person_years(m) / root_person_years(m);
    }
    return share;
  };
  for (const std::size_t child : index.children(root)) {
    const Index c = as_index(child);
    codes.push_back(tasks[child].code);
    p.push_back(result.productivity.row(c).transpose());
    s.push_back(size_share(result.person_years.row(c).transpose()));
  }
  // FTE on the root that no child accounts for becomes its own component over the root divisor.
  if ((task_fte.unallocated.row(r).array() > 0.0).any()) {
    codes.push_back(kUnallocatedDecompositionItem);
    Eigen::VectorXd productivity(n_municipalities);
    for (Index m = 0; m < n_municipalities; ++m) {
      productivity(m) = per_1000(task_fte.unallocated(r, m), root_person_years(m));
    }
    p.push_back(productivity);
    s.push_back(size_share(root_person_years));
  }

  const Index n_components = as_index(codes.size());
  result.decomposition_items = codes;
  result.decomposition_productivity.resize(n_components, n_municipalities);
  result.decomposition_mix.resize(n_components, n_municipalities);
  result.decomposition_interaction.resize(n_components);
  for (Index c = 0; c < n_components; ++c) {
    const Eigen::VectorXd& pc = p[static_cast<std::size_t>(c)];
    const Eigen::VectorXd& sc = s[static_cast<std::size_t>(c)];
    const double p_mean = pc.mean();
    const double s_mean = sc.mean();
    const double ps_mean = pc.cwiseProduct(sc).mean();
    for (Index m = 0; m < n_municipalities; ++m) {
      result.decomposition_productivity(c, m) = (pc(m) - p_mean) * (sc(m) + s_mean) / 2.0;
      result.decomposition_mix(c, m) = (sc(m) - s_mean) * (pc(m) + p_mean) / 2.0;
    }
    result.decomposition_interaction(c) = p_mean * s_mean - ps_mean;
  }
  result.total_difference = result.diff_abs.row(r).transpose();
}

}  // namespace

BenchmarkResult compute(const BenchmarkData& data, const ComputeOptions& options) {
  const BenchmarkSpec& spec = data.spec();
  const SpecIndex& index = data.index();
  const std::size_t n_tasks = index.task_count();
  const Index n_items = as_index(n_tasks + index.aggregate_count());
  const Index n_municipalities = as_index(data.municipalities().size());
  // Empty tables first: every later message would be a symptom of them.
  if (n_municipalities == 0 || data.fte_row_count() == 0 || data.person_years_row_count() == 0)
    data.validate();

  BenchmarkResult result;
  result.municipalities = data.municipalities();
  result.thresholds = spec.classes;
  result.population = data.population();

  for (std::size_t t = 0; t < n_tasks; ++t) {
    const TaskNode& task = spec.tasks[t];
    result.items.push_back({task.code, task.label, ItemKind::Task, task.parent,
                            spec.target_groups[index.divisor(t)].code, index.depth(t)});
  }
  for (std::size_t a = 0; a < index.aggregate_count(); ++a) {
    const Aggregate& aggregate = spec.aggregates[a];
    result.items.push_back(
        {aggregate.code, aggregate.label, ItemKind::Aggregate, "", aggregate.divisor, 1});
  }

  const TaskFte task_fte = roll_up_fte(data, options);
  const Eigen::MatrixXd person_years = group_person_years(data);

  result.fte.resize(n_items, n_municipalities);
  result.fte_external.resize(n_items, n_municipalities);
  result.unallocated = Eigen::MatrixXd::Constant(n_items, n_municipalities, kNaN);
  result.person_years.resize(n_items, n_municipalities);
  for (std::size_t t = 0; t < n_tasks; ++t) {
    const Index i = as_index(t);
    result.fte.row(i) = task_fte.fte.row(i);
    result.fte_external.row(i) = task_fte.fte_external.row(i);
    result.unallocated.row(i) = task_fte.unallocated.row(i);
    result.person_years.row(i) = person_years.row(as_index(index.divisor(t)));
  }
  for (std::size_t a = 0; a < index.aggregate_count(); ++a) {
    const Index i = as_index(n_tasks + a);
    result.fte.row(i).setZero();
    result.fte_external.row(i).setZero();
    for (const std::size_t task : index.aggregate_tasks(a)) {
      result.fte.row(i) += task_fte.fte.row(as_index(task));
      result.fte_external.row(i) += task_fte.fte_external.row(as_index(task));
    }
    result.person_years.row(i) = person_years.row(as_index(index.aggregate_divisor(a)));
  }
  check_person_years(data, result);
  data.validate();  // after the row checks above, which name a row and so are more precise

  const Index root = as_index(index.root());
  result.productivity.resize(n_items, n_municipalities);
  result.productivity_external.resize(n_items, n_municipalities);
  result.share.resize(n_items, n_municipalities);
  result.fte_per_1000_population.resize(n_items, n_municipalities);
  for (Index i = 0; i < n_items; ++i) {
    for (Index m = 0; m < n_municipalities; ++m) {
      const double fte = result.fte(i, m);
      result.productivity(i, m) = per_1000(fte, result.person_years(i, m));
      result.productivity_external(i, m) =
          per_1000(result.fte_external(i, m), result.person_years(i, m));
      result.share(i, m) = fte == 0.0 ? 0.0 : fte / result.fte(root, m);
      // per_1000 would turn 0 FTE over a missing population into 0; it must stay NaN.
      result.fte_per_1000_population(i, m) = fte * 1000.0 / result.population(m);
    }
  }

  const Comparison comparison =
      compare(result.productivity, /*higher_is_better=*/false, spec.classes);
  result.mean = comparison.mean;
  result.median = comparison.median;
  result.diff_abs = comparison.diff_abs;
  result.diff_rel = comparison.diff_rel;
  result.rank = comparison.rank.cast<int>();
  result.verbal_class = comparison.verbal_class;
  result.class_ratio = comparison.diff_rel;
  if (spec.classes.basis == ClassBasis::Area) {
    // Judge each gap by how much it moves its area (the report's wording follows this).
    for (Index i = 0; i < n_items; ++i) {
      const double area_mean = result.mean(as_index(index.area_item(static_cast<std::size_t>(i))));
      for (Index m = 0; m < n_municipalities; ++m) {
        const double ratio = area_mean == 0.0 ? kNaN : result.diff_abs(i, m) / area_mean;
        result.class_ratio(i, m) = ratio;
        result.verbal_class(i, m) =
            classify(ratio, result.productivity(i, m), result.mean(i), spec.classes);
      }
    }
  }
  result.weighted_mean.resize(n_items);
  for (Index i = 0; i < n_items; ++i) {
    result.weighted_mean(i) = per_1000(result.fte.row(i).sum(), result.person_years.row(i).sum());
  }

  check_finite(data, result);
  decompose(index, spec.tasks, task_fte, result);
  return result;
}

}  // namespace jobbench
