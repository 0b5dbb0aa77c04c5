#include "jobbench/staff/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include "common/format.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using Index = Eigen::Index;

/// One employee's shares as a small tree over the task nodes they touch.
struct ShareTree {
  struct Node {
    std::size_t task = 0;
    int depth = 0;
    double direct = 0.0;                // share reported on the node itself
    double mass = 0.0;                  // share of the node's subtree
    std::vector<std::size_t> children;  // local indices
  };
  std::size_t row = 0;                  // roster row
  std::vector<Node> nodes;              // nodes[0] is the root; parents before children
  std::vector<std::size_t> share_node;  // per entry of Employee::shares: its local node
};

ShareTree build_tree(const SpecIndex& index, const Employee& employee, std::size_t row) {
  ShareTree tree;
  tree.row = row;
  std::unordered_map<std::size_t, std::size_t> local;
  auto node_of = [&](std::size_t task, auto&& self) -> std::size_t {
    const auto it = local.find(task);
    if (it != local.end()) return it->second;
    std::size_t parent_local = static_cast<std::size_t>(-1);
    if (index.parent(task) != SpecIndex::kNone) parent_local = self(index.parent(task), self);
    const std::size_t id = tree.nodes.size();
    tree.nodes.push_back({task, index.depth(task), 0.0, 0.0, {}});
    if (parent_local != static_cast<std::size_t>(-1))
      tree.nodes[parent_local].children.push_back(id);
    local.emplace(task, id);
    return id;
  };
  node_of(index.root(), node_of);
  for (const TaskShare& s : employee.shares) {
    const std::size_t task = *index.find_task(s.task);
    const std::size_t id = node_of(task, node_of);
    tree.share_node.push_back(id);
    tree.nodes[id].direct += s.share;
    for (std::size_t a = task; a != SpecIndex::kNone; a = index.parent(a)) {
      tree.nodes[local.at(a)].mass += s.share;
    }
  }
  return tree;
}

class Perturber {
 public:
  explicit Perturber(const std::vector<double>& relative_sd) {
    for (double r : relative_sd) sigma_.push_back(std::sqrt(std::log1p(r * r)));
  }

  /// New direct share per local node: each node's mass is split over its children and its own
  /// direct share in proportion to their masses times log-normal factors, top down.
  void perturb(const ShareTree& tree, std::mt19937_64& rng, std::vector<double>& direct) {
    // normal_distribution caches its second deviate: without a reset, one draw's leftover would
    // leak into the next draw of the same thread, and results would depend on the thread count.
    normal_.reset();
    const std::size_t n = tree.nodes.size();
    mass_.assign(n, 0.0);
    direct.assign(n, 0.0);
    const double stated = tree.nodes[0].mass;
    const double outside = std::max(0.0, 1.0 - stated);
    mass_[0] = stated;
    if (outside > 1e-12 && stated > 0.0) {
      // Time outside the catalogue competes with the catalogue for the working time (100 %), with
      // the main-task uncertainty: the time on the catalogue varies but never exceeds 100 %.
      const double f_in = factor(1, rng);
      const double f_out = factor(1, rng);
      if (!(f_in == 1.0 && f_out == 1.0)) {
        mass_[0] = (stated + outside) * stated * f_in / (stated * f_in + outside * f_out);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {  // parents come before children
      const ShareTree::Node& node = tree.nodes[i];
      const double total = mass_[i];
      if (node.mass <= 0.0) continue;
      weights_.clear();
      for (const std::size_t c : node.children) {
        weights_.push_back(tree.nodes[c].mass * factor(tree.nodes[c].depth, rng));
      }
      const double own_factor = factor(node.depth + 1, rng);
      const double own = node.direct * own_factor;
      double sum = own;
      bool unperturbed = own_factor == 1.0;
      for (std::size_t k = 0; k < weights_.size(); ++k) {
        sum += weights_[k];
        unperturbed = unperturbed && weights_[k] == tree.nodes[node.children[k]].mass;
      }
      if (unperturbed) {  // no uncertainty at this level: keep the split exactly (ties stay ties)
        const double ratio = total == node.mass ? 1.0 : total / node.mass;
        for (const std::size_t c : node.children) mass_[c] = tree.nodes[c].mass * ratio;
        direct[i] = node.direct * ratio;
        continue;
      }
      if (sum <= 0.0) continue;
      for (std::size_t k = 0; k < node.children.size(); ++k) {
        mass_[node.children[k]] = total * weights_[k] / sum;
      }
      direct[i] = total * own / sum;
    }
  }

 private:
  double factor(int depth, std::mt19937_64& rng) {
    const double z = normal_(rng);
    if (sigma_.empty() || depth < 1) return 1.0;
    const double s = sigma_[std::min(static_cast<std::size_t>(depth - 1), sigma_.size() - 1)];
    return std::exp(s * z - 0.5 * s * s);
  }

  std::vector<double> sigma_;
  std::normal_distribution<double> normal_;
  std::vector<double> mass_;
  std::vector<double> weights_;
};

/// Type-7 quantile of sorted values.
double quantile_sorted(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

namespace {

/// Per item, the covariance over draws of the municipalities' productivity (cell = m * items + i).
std::vector<Eigen::MatrixXd> draw_covariances(const std::vector<double>& productivity,
                                              std::size_t draws, Eigen::Index n_items,
                                              Eigen::Index n_m) {
  const std::size_t cells = static_cast<std::size_t>(n_items * n_m);
  std::vector<Eigen::MatrixXd> out;
  out.reserve(static_cast<std::size_t>(n_items));
  Eigen::MatrixXd x(static_cast<Eigen::Index>(draws), n_m);
  for (Eigen::Index i = 0; i < n_items; ++i) {
    for (std::size_t d = 0; d < draws; ++d) {
      for (Eigen::Index m = 0; m < n_m; ++m) {
        x(static_cast<Eigen::Index>(d), m) =
            productivity[d * cells + static_cast<std::size_t>(m * n_items + i)];
      }
    }
    const Eigen::MatrixXd centred = x.rowwise() - x.colwise().mean();
    out.push_back(centred.transpose() * centred / static_cast<double>(draws - 1));
  }
  return out;
}

}  // namespace

UncertaintyResult simulate(const StaffRoster& roster, const BenchmarkData& base,
                           const UncertaintyOptions& options) {
  if (options.draws < 2) throw std::invalid_argument("simulate: draws must be >= 2");
  if (!(options.level > 0.0 && options.level < 1.0)) {
    throw std::invalid_argument("simulate: level must be in (0, 1)");
  }
  for (double r : options.relative_sd) {
    if (!std::isfinite(r) || r < 0.0) {
      throw std::invalid_argument("simulate: relative_sd " + detail::format_number(r) +
                                  " must be finite and >= 0");
    }
  }
  if (base.fte_row_count() != 0) {
    throw InputError("simulate: the base data must hold person-years (and population) only, not " +
                     std::to_string(base.fte_row_count()) + " FTE rows");
  }
  const std::vector<std::string>& municipalities = base.municipalities();
  const StaffResult point_staff = roster.aggregate_strict(municipalities);

  UncertaintyResult out;
  {
    BenchmarkData data = base;
    point_staff.add_to(data);
    out.point = compute(data, options.compute);
  }
  out.municipalities = out.point.municipalities;
  out.items = out.point.items;
  out.draws = options.draws;
  out.level = options.level;

  std::vector<ShareTree> trees;
  for (const std::size_t row : point_staff.accepted_rows) {
    trees.push_back(build_tree(roster.index(), roster.employees()[row], row));
  }

  const Index n_items = out.point.productivity.rows();
  const Index n_m = out.point.productivity.cols();
  const std::size_t cells = static_cast<std::size_t>(n_items * n_m);
  std::vector<double> productivity(options.draws * cells);
  std::vector<int> ranks(options.draws * cells);

  auto run_draw = [&](StaffRoster& local, Perturber& perturber, std::size_t d) {
    std::seed_seq seq{static_cast<std::uint32_t>(options.seed),
                      static_cast<std::uint32_t>(options.seed >> 32), static_cast<std::uint32_t>(d),
                      static_cast<std::uint32_t>(d >> 32)};
    std::mt19937_64 rng(seq);
    std::vector<double> direct;
    for (const ShareTree& tree : trees) {
      perturber.perturb(tree, rng, direct);
      Employee& e = local.employees()[tree.row];
      for (std::size_t k = 0; k < e.shares.size(); ++k) {
        e.shares[k].share = e.shares[k].share > 0.0 ? direct[tree.share_node[k]] : 0.0;
      }
    }
    BenchmarkData data = base;
    local.aggregate_strict(municipalities).add_to(data);
    const BenchmarkResult r = compute(data, options.compute);
    for (Index m = 0; m < n_m; ++m) {
      for (Index i = 0; i < n_items; ++i) {
        const std::size_t at = d * cells + static_cast<std::size_t>(m * n_items + i);
        productivity[at] = r.productivity(i, m);
        ranks[at] = r.rank(i, m);
      }
    }
  };

  unsigned n_threads = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  n_threads = std::max(1u, std::min<unsigned>(n_threads, static_cast<unsigned>(options.draws)));
  std::vector<std::exception_ptr> failures(n_threads);
  auto worker = [&](unsigned t) {
    try {
      StaffRoster local = roster;
      Perturber perturber(options.relative_sd);
      for (std::size_t d = t; d < options.draws; d += n_threads) run_draw(local, perturber, d);
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  if (n_threads == 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n_threads; ++t) pool.emplace_back(worker, t);
    for (std::thread& th : pool) th.join();
  }
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }

  const double p_lo = (1.0 - options.level) / 2.0;
  const double p_hi = 1.0 - p_lo;
  out.productivity_mean.resize(n_items, n_m);
  out.productivity_lower.resize(n_items, n_m);
  out.productivity_upper.resize(n_items, n_m);
  out.rank_lower.resize(n_items, n_m);
  out.rank_upper.resize(n_items, n_m);
  out.rank_probability.assign(static_cast<std::size_t>(n_items), Eigen::MatrixXd::Zero(n_m, n_m));
  std::vector<double> values(options.draws);
  const double n_draws = static_cast<double>(options.draws);
  for (Index m = 0; m < n_m; ++m) {
    for (Index i = 0; i < n_items; ++i) {
      const std::size_t cell = static_cast<std::size_t>(m * n_items + i);
      Eigen::MatrixXd& probability = out.rank_probability[static_cast<std::size_t>(i)];
      double sum = 0.0;
      for (std::size_t d = 0; d < options.draws; ++d) {
        values[d] = productivity[d * cells + cell];
        sum += values[d];
        probability(m, ranks[d * cells + cell] - 1) += 1.0 / n_draws;
      }
      std::sort(values.begin(), values.end());
      out.productivity_mean(i, m) = sum / n_draws;
      out.productivity_lower(i, m) = quantile_sorted(values, p_lo);
      out.productivity_upper(i, m) = quantile_sorted(values, p_hi);
      // Ranks: the smallest rank whose cumulative probability reaches p (inverse ECDF).
      double cumulative = 0.0;
      int lower = 0;
      int upper = 0;
      for (Index r = 0; r < n_m; ++r) {
        cumulative += probability(m, r);
        if (lower == 0 && cumulative >= p_lo - 1e-12) lower = static_cast<int>(r + 1);
        if (upper == 0 && cumulative >= p_hi - 1e-12) upper = static_cast<int>(r + 1);
      }
      out.rank_lower(i, m) = lower;
      out.rank_upper(i, m) = upper == 0 ? static_cast<int>(n_m) : upper;
    }
  }
  out.productivity_covariance = draw_covariances(productivity, options.draws, n_items, n_m);
  return out;
}

}  // namespace jobbench
