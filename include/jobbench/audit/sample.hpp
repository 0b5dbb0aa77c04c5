// Case audits: stratified allocation, a seeded draw that does not depend on row order, reserves in
// draw order, and the sample size for a target interval half-width (case-audit.md §4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jobbench::audit {

/// Equal (n/H each, remainder to the largest strata) or proportional (n N_h / N, largest
/// remainder, at least 2 per stratum first).
enum class Allocation { Equal, Proportional };

/// "equal" or "proportional"; InputError naming the choices otherwise.
Allocation parse_allocation(const std::string& rule);

/// n_h for strata of sizes N_h (in the order given, which breaks the last ties: earlier first).
/// A stratum smaller than its share is taken whole and the surplus reallocated by the same rule.
/// InputError when n > N, when n leaves a stratum empty, or for a stratum of size 0; `where`
/// names the population in messages.
std::vector<long> allocate(const std::vector<long>& sizes, long n, Allocation rule,
                           const std::vector<std::string>& names, const std::string& where = "");

/// The case list: one row per case; `group` (the municipality) may be empty for one population.
struct SampleFrame {
  std::vector<std::string> group;
  std::vector<std::string> case_id;
  std::vector<std::string> stratum;
};

/// One drawn case: `row` indexes the frame; `order` is the draw order within the stratum (1-based,
/// the reserves continue it).
struct Draw {
  std::size_t row = 0;
  long population = 0;  ///< N_h
  long sampled = 0;  ///< n_h
  double inclusion = 0;  ///< pi = n_h / N_h
  double weight = 0;  ///< N_h / n_h
  long order = 0;
  bool reserve = false;
};

/// Simple random sampling without replacement in each stratum of each group, n per group. Each
/// case gets the key SplitMix64(seed, FNV-1a(group, stratum, case)); a stratum's cases in key
/// order are its draw order, so the sample depends on the seed, rule and n and on the set of cases,
/// not on their order. Rows come sorted by group, stratum (byte order) and draw order; `reserves`
/// more per stratum (as many as there are) follow the drawn ones with reserve = true.
std::vector<Draw> draw_sample(const SampleFrame& frame, long n, Allocation rule, std::uint64_t seed,
                              long reserves = 0);

/// n = ceil(n0 / (1 + (n0 - 1)/N)), n0 = z^2 p (1 - p) / e^2 * K (no correction when population
/// is 0). InputError unless 0 < e < 1, 0 < p < 1, K > 0 and population >= 0.
long sample_size(double half_width, double p, double population, double design_effect,
                 double level);

/// K = n sum_h (N_h^2 / n_h) / N^2 of an allocation (1 for proportional, H sum N_h^2/N^2 equal).
double allocation_design_effect(const std::vector<long>& sizes, const std::vector<long>& sampled);

}  // namespace jobbench::audit
