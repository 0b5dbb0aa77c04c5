#include "jobbench/staff/roster.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/format.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using detail::format_number;
using Index = Eigen::Index;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kEmployeesTable = "employees";

Index as_index(std::size_t i) { return static_cast<Index>(i); }

std::string percent(double share) { return format_number(share * 100.0) + " %"; }

/// Median of a non-empty vector (reorders it).
double median_of(std::vector<double>& v) {
  const std::size_t n = v.size();
  std::sort(v.begin(), v.end());
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// Contracted FTE fraction from fraction and/or hours; NaN when neither is given.
double contracted_fraction(const Employee& e, const StaffOptions& options) {
  if (std::isfinite(e.fte_fraction)) return e.fte_fraction;
  if (std::isfinite(e.hours)) return e.hours / options.hours_per_fte;
  return kNaN;
}

}  // namespace

// --- StaffResult ---------------------------------------------------------------------------------

bool StaffResult::is_fte_row(std::size_t task, std::size_t municipality) const {
  return leaf[task] || fte_direct(as_index(task), as_index(municipality)) != 0.0;
}

void StaffResult::add_to(BenchmarkData& data) const {
  for (std::size_t m = 0; m < municipalities.size(); ++m) {
    try {
      (void)data.municipality_index(municipalities[m]);
    } catch (const InputError&) {
      throw InputError("staff: municipality '" + municipalities[m] +
                       "' has employees but is not among the benchmark's municipalities");
    }
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      if (!is_fte_row(t, m)) continue;
      data.add_fte(municipalities[m], tasks[t], fte(as_index(t), as_index(m)),
                   std::min(fte_external(as_index(t), as_index(m)), fte(as_index(t), as_index(m))));
    }
  }
}

// --- StaffRoster ---------------------------------------------------------------------------------

StaffRoster::StaffRoster(BenchmarkSpec spec, StaffOptions options)
    : spec_(std::move(spec)), index_(spec_), options_(std::move(options)) {
  if (!(options_.hours_per_fte > 0) || !std::isfinite(options_.hours_per_fte)) {
    throw std::invalid_argument("StaffOptions: hours_per_fte must be finite and > 0");
  }
  if (!(options_.max_fte_fraction > 0)) {
    throw std::invalid_argument("StaffOptions: max_fte_fraction must be > 0");
  }
}

double StaffRoster::fte_read(const Employee& employee) const {
  const double fraction = contracted_fraction(employee, options_);
  if (!std::isfinite(fraction)) return 0.0;
  const auto w = spec_.employment_weights.find(employee.employment_type);
  return fraction * (w == spec_.employment_weights.end() ? 1.0 : w->second);
}

StaffResult StaffRoster::aggregate_strict(const std::vector<std::string>& municipalities) const {
  StaffResult result = aggregate(municipalities);
  if (!result.errors.empty()) throw InputError(result.errors.front().message);
  return result;
}

StaffResult StaffRoster::aggregate(const std::vector<std::string>& municipalities) const {
  StaffResult result;
  const std::size_t n_tasks = index_.task_count();
  const bool fixed_municipalities = !municipalities.empty();
  std::unordered_map<std::string, std::size_t> municipality_index;
  auto add_municipality = [&](const std::string& name) {
    if (municipality_index.emplace(name, result.municipalities.size()).second) {
      result.municipalities.push_back(name);
    }
  };
  if (fixed_municipalities) {
    for (const auto& name : municipalities) add_municipality(name);
  } else {
    for (const Employee& e : employees_) {
      if (!e.municipality.empty()) add_municipality(e.municipality);
    }
  }
  const Index n_m = as_index(result.municipalities.size());
  const Index n_t = as_index(n_tasks);
  for (const TaskNode& t : spec_.tasks) result.tasks.push_back(t.code);
  result.leaf.resize(n_tasks);
  for (std::size_t t = 0; t < n_tasks; ++t) result.leaf[t] = index_.children(t).empty();
  result.fte_direct = Eigen::MatrixXd::Zero(n_t, n_m);
  result.fte_direct_external = Eigen::MatrixXd::Zero(n_t, n_m);
  result.head_count = Eigen::MatrixXi::Zero(n_t, n_m);
  result.employees = Eigen::VectorXi::Zero(n_m);
  result.fte_read = Eigen::VectorXd::Zero(n_m);
  result.fte_outside = Eigen::VectorXd::Zero(n_m);
  result.fte_rejected = Eigen::VectorXd::Zero(n_m);
  double fte_read_unknown_municipality = 0.0;

  std::set<std::string> known_units(options_.units.begin(), options_.units.end());
  std::map<std::pair<std::string, std::string>, std::size_t> seen_ids;
  std::map<std::pair<std::string, std::string>, std::size_t> unit_index;

  for (std::size_t row = 0; row < employees_.size(); ++row) {
    const Employee& e = employees_[row];
    const double read = fte_read(e);
    const auto m_it = municipality_index.find(e.municipality);
    const bool known_municipality = m_it != municipality_index.end();
    if (known_municipality) {
      result.fte_read(as_index(m_it->second)) += read;
    } else {
      fte_read_unknown_municipality += read;
    }

    std::string rule;
    std::string text;
    auto fail = [&](const char* id, const std::string& what) {
      if (rule.empty()) {
        rule = id;
        text = what;
      }
    };
    const double fraction = contracted_fraction(e, options_);
    const auto weight = spec_.employment_weights.find(e.employment_type);
    if (e.id.empty()) fail("missing_id", "missing employee id; every row needs an id");
    if (e.municipality.empty()) {
      fail("unknown_municipality", "missing municipality");
    } else if (!known_municipality) {
      fail("unknown_municipality",
           "unknown municipality '" + e.municipality + "' (not among the benchmark's)");
    }
    if (!e.id.empty() && !e.municipality.empty()) {
      const auto [it, inserted] = seen_ids.emplace(std::pair{e.municipality, e.id}, row);
      if (!inserted) {
        fail("duplicate_id", "duplicate employee id '" + e.id + "'; already given in " +
                                 kEmployeesTable + " row " + std::to_string(it->second));
      }
    }
    if (weight == spec_.employment_weights.end()) {
      std::string known;
      for (const auto& [type, w] : spec_.employment_weights) {
        known += (known.empty() ? "" : ", ") + type;
      }
      fail("unknown_employment_type", "unknown employment type '" + e.employment_type +
                                          "' (the spec's employment_weights: " + known + ")");
    }
    if (e.unit.empty()) {
      fail("unknown_unit", "missing organisational unit");
    } else if (!known_units.empty() && known_units.count(e.unit) == 0) {
      fail("unknown_unit", "unknown organisational unit '" + e.unit + "'");
    }
    // NaN is an empty cell (missing); +-inf is a number that cannot be contracted time.
    if (std::isinf(e.fte_fraction) || std::isinf(e.hours)) {
      fail("fte_fraction_range",
           (std::isinf(e.fte_fraction) ? "FTE fraction " + format_number(e.fte_fraction)
                                       : "weekly hours " + format_number(e.hours)) +
               " is not a finite number; give an FTE fraction 0-1 or weekly hours");
    } else if (!std::isfinite(e.fte_fraction) && !std::isfinite(e.hours)) {
      fail("fte_fraction_range", "missing contracted time; give an FTE fraction or weekly hours");
    } else if (std::isfinite(e.fte_fraction) && std::isfinite(e.hours) &&
               std::abs(e.fte_fraction - e.hours / options_.hours_per_fte) > 1e-6) {
      fail("fte_fraction_range", "FTE fraction " + format_number(e.fte_fraction) +
                                     " disagrees with " + format_number(e.hours) + " hours (" +
                                     format_number(options_.hours_per_fte) + " h = 1 FTE)");
    } else if (!(fraction > 0.0) || fraction > options_.max_fte_fraction) {
      fail("fte_fraction_range",
           "FTE fraction " + format_number(fraction) +
               " out of range; must be > 0 and <= " + format_number(options_.max_fte_fraction));
    }
    if (!std::isfinite(e.external_share) || e.external_share < 0.0 || e.external_share > 1.0) {
      fail("external_share_range", "externally financed share " + format_number(e.external_share) +
                                       " out of range; must be between 0 and 1 (0-100 %)");
    }
    double total_share = 0.0;
    std::unordered_set<std::size_t> tasks_seen;
    for (const TaskShare& s : e.shares) {
      const auto t = index_.find_task(s.task);
      if (!t) {
        fail("unknown_task", "unknown task '" + s.task + "' (not in the spec)");
        continue;
      }
      if (!tasks_seen.insert(*t).second) {
        fail("duplicate_task", "task '" + s.task + "' given twice");
      }
      if (!std::isfinite(s.share) || s.share < 0.0) {
        fail("negative_share", "share " + format_number(s.share) + " on task '" + s.task +
                                   "'; shares must be finite and >= 0");
        continue;
      }
      total_share += s.share;
    }
    if (total_share > 1.0 + options_.share_tolerance) {
      fail("share_sum", "shares sum to " + percent(total_share) + " > 100 % of the working time");
    }

    if (!rule.empty()) {
      StaffError error;
      error.row = row;
      error.municipality = e.municipality;
      error.employee_id = e.id;
      error.rule = rule;
      error.message = detail::row_message(kEmployeesTable, row, e.municipality, e.id, text);
      error.fte_read = read;
      if (known_municipality) result.fte_rejected(as_index(m_it->second)) += read;
      result.errors.push_back(std::move(error));
      continue;
    }

    // Accepted.
    const Index m = as_index(m_it->second);
    const double fte = read;
    result.accepted_rows.push_back(row);
    result.employee_fte.push_back(fte);
    result.employees(m) += 1;
    std::set<std::size_t> touched;
    double on_tasks = 0.0;
    double external = 0.0;
    std::size_t n_positive = 0;
    for (const TaskShare& s : e.shares) {
      const std::size_t t = *index_.find_task(s.task);
      const double task_fte = fte * s.share;
      result.fte_direct(as_index(t), m) += task_fte;
      result.fte_direct_external(as_index(t), m) += task_fte * e.external_share;
      on_tasks += task_fte;
      external += task_fte * e.external_share;
      if (s.share > 0.0) {
        ++n_positive;
        for (std::size_t a = t; a != SpecIndex::kNone; a = index_.parent(a)) touched.insert(a);
        if (s.share < options_.min_share) {
          result.warnings.push_back(
              {e.municipality, e.id, s.task, "min_share",
               detail::row_message(kEmployeesTable, row, e.municipality, e.id,
                                   "share " + percent(s.share) + " on '" + s.task + "' is below " +
                                       percent(options_.min_share) + "; implausibly fine-grained"),
               s.share, options_.min_share, kNaN});
        }
      }
    }
    for (std::size_t t : touched) result.head_count(as_index(t), m) += 1;
    result.fte_outside(m) += fte * (1.0 - total_share);
    if (n_positive > options_.max_tasks) {
      result.warnings.push_back(
          {e.municipality, e.id, "", "max_tasks",
           detail::row_message(kEmployeesTable, row, e.municipality, e.id,
                               "time split over " + std::to_string(n_positive) +
                                   " tasks (more than " + std::to_string(options_.max_tasks) + ")"),
           static_cast<double>(n_positive), static_cast<double>(options_.max_tasks), kNaN});
    }
    if (total_share < options_.min_total_share) {
      result.warnings.push_back(
          {e.municipality, e.id, "", "low_total",
           detail::row_message(kEmployeesTable, row, e.municipality, e.id,
                               "only " + percent(total_share) +
                                   " of the working time on the task catalogue (below " +
                                   percent(options_.min_total_share) + ")"),
           total_share, options_.min_total_share, kNaN});
    }

    const auto key = std::pair{e.municipality, e.unit};
    auto u = unit_index.find(key);
    if (u == unit_index.end()) {
      u = unit_index.emplace(key, result.units.size()).first;
      result.units.push_back({e.municipality, e.unit, 0, 0.0, 0.0, 0.0});
    }
    UnitFte& unit = result.units[u->second];
    unit.head_count += 1;
    unit.fte += fte;
    unit.fte_tasks += on_tasks;
    unit.fte_external += external;
  }
  (void)fte_read_unknown_municipality;  // rejected rows of unknown municipalities: in `errors`

  // Roll up the tree: a node's FTE = its own + its sub-tasks'.
  result.fte = result.fte_direct;
  result.fte_external = result.fte_direct_external;
  for (const std::size_t t : index_.children_first_order()) {
    for (const std::size_t c : index_.children(t)) {
      result.fte.row(as_index(t)) += result.fte.row(as_index(c));
      result.fte_external.row(as_index(t)) += result.fte_external.row(as_index(c));
    }
  }
  return result;
}

// --- Review --------------------------------------------------------------------------------------

Eigen::MatrixXd robust_z_scores(const Eigen::MatrixXd& values) {
  Eigen::MatrixXd z = Eigen::MatrixXd::Constant(values.rows(), values.cols(), kNaN);
  std::vector<double> others;
  std::vector<double> deviations;
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index j = 0; j < values.cols(); ++j) {
      const double x = values(i, j);
      if (!std::isfinite(x)) continue;
      others.clear();
      for (Index k = 0; k < values.cols(); ++k) {
        if (k != j && std::isfinite(values(i, k))) others.push_back(values(i, k));
      }
      if (others.size() < 3) continue;
      const double med = median_of(others);
      deviations.clear();
      double sum_abs = 0.0;
      for (double v : others) {
        deviations.push_back(std::abs(v - med));
        sum_abs += std::abs(v - med);
      }
      double scale = 1.4826 * median_of(deviations);
      if (scale == 0.0) scale = 1.2533 * sum_abs / static_cast<double>(others.size());
      if (scale == 0.0) {
        z(i, j) = x == med ? 0.0
                           : (x > med ? std::numeric_limits<double>::infinity()
                                      : -std::numeric_limits<double>::infinity());
      } else {
        z(i, j) = (x - med) / scale;
      }
    }
  }
  return z;
}

std::vector<StaffWarning> review(const StaffResult& staff, const BenchmarkData& person_years,
                                 const ReviewOptions& options) {
  const SpecIndex& index = person_years.index();
  const auto& tasks = person_years.spec().tasks;
  if (index.task_count() != staff.tasks.size()) {
    throw std::invalid_argument("review: the staff result and the data use different specs");
  }
  const Index n_m = as_index(staff.municipalities.size());
  Eigen::MatrixXd group_py = Eigen::MatrixXd::Zero(as_index(index.group_count()), n_m);
  for (Index m = 0; m < n_m; ++m) {
    std::size_t col = 0;
    try {
      col = person_years.municipality_index(staff.municipalities[static_cast<std::size_t>(m)]);
    } catch (const InputError&) {
      throw InputError("review: no person-years for municipality '" +
                       staff.municipalities[static_cast<std::size_t>(m)] + "'");
    }
    for (std::size_t g = 0; g < index.group_count(); ++g) {
      for (const std::size_t base : index.base_components(g)) {
        group_py(as_index(g), m) +=
            person_years.given_person_years()(as_index(base), as_index(col));
      }
    }
  }

  std::vector<StaffWarning> warnings;
  std::vector<std::size_t> rows;
  for (std::size_t t = 0; t < index.task_count(); ++t) {
    if (index.depth(t) >= options.min_depth) rows.push_back(t);
  }
  Eigen::MatrixXd productivity = Eigen::MatrixXd::Constant(as_index(rows.size()), n_m, kNaN);
  for (std::size_t t = 0; t < index.task_count(); ++t) {
    const std::size_t g = index.divisor(t);
    const auto row = std::find(rows.begin(), rows.end(), t);
    for (Index m = 0; m < n_m; ++m) {
      const double fte = staff.fte(as_index(t), m);
      const double py = group_py(as_index(g), m);
      if (fte > 0.0 && py == 0.0) {
        const std::string& municipality = staff.municipalities[static_cast<std::size_t>(m)];
        warnings.push_back({municipality, "", tasks[t].code, "no_target_group",
                            municipality + ", " + tasks[t].code + " (" + tasks[t].label +
                                "): " + format_number(fte) +
                                " FTE but zero person-years in the divisor group '" +
                                person_years.spec().target_groups[g].code + "'",
                            fte, 0.0, kNaN});
        continue;
      }
      if (row != rows.end()) {
        productivity(as_index(static_cast<std::size_t>(row - rows.begin())), m) =
            fte == 0.0 ? 0.0 : fte * 1000.0 / py;
      }
    }
  }
  const Eigen::MatrixXd z = robust_z_scores(productivity);
  std::vector<double> others;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t t = rows[r];
    for (Index m = 0; m < n_m; ++m) {
      const double score = z(as_index(r), m);
      if (!(std::abs(score) > options.z_threshold)) continue;
      others.clear();
      for (Index k = 0; k < n_m; ++k) {
        const double v = productivity(as_index(r), k);
        if (k != m && std::isfinite(v)) others.push_back(v);
      }
      const double med = median_of(others);
      const double value = productivity(as_index(r), m);
      const std::string& municipality = staff.municipalities[static_cast<std::size_t>(m)];
      warnings.push_back(
          {municipality, "", tasks[t].code, "robust_z",
           municipality + ", " + tasks[t].code + " (" + tasks[t].label +
               "): " + format_number(value) + " FTE per 1,000 person-years against a median of " +
               format_number(med) + " for the other municipalities (robust z " +
               format_number(score) + ", threshold " + format_number(options.z_threshold) + ")",
           value, med, score});
    }
  }
  return warnings;
}

}  // namespace jobbench
