// The checks of a case audit's long input (contract §5): each broken rule is one InputError with
// the number of offending rows (or cases, or strata) and the first five distinct keys.
#include "jobbench/audit/cases.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "jobbench/errors.hpp"

namespace jobbench::audit {
namespace {

constexpr std::size_t kShown = 5;
using Tuple = std::vector<std::string>;

/// The offenders of one rule: their number and the first distinct keys, in input order.
class Offenders {
 public:
  void add(const Tuple& key) {
    ++count_;
    if (shown_.size() < kShown && seen_.insert(key).second) shown_.push_back(key);
  }
  bool any() const { return count_ > 0; }

  /// "<count> <what> (<columns>): (a, b); (c, d) ..."
  std::string describe(const std::string& what, const std::string& columns) const {
    std::string out = std::to_string(count_) + " " + what + " (" + columns + "): ";
    for (std::size_t k = 0; k < shown_.size(); ++k) {
      if (k > 0) out += "; ";
      out += "(";
      for (std::size_t j = 0; j < shown_[k].size(); ++j) out += (j > 0 ? ", " : "") + shown_[k][j];
      out += ")";
    }
    if (count_ > kShown) out += " ...";
    return out;
  }

 private:
  std::size_t count_ = 0;
  std::vector<Tuple> shown_;
  std::set<Tuple> seen_;
};

void fail_cases(const Offenders& bad, const std::string& what, const std::string& columns,
                const std::string& hint) {
  throw InputError("cases: " + bad.describe(what, columns) + "; " + hint);
}

const char* const kKeyColumns = "municipality, case, criterion";

/// One string for a tuple of keys (the unit separator cannot occur in a trimmed cell by accident).
std::string joined(std::initializer_list<const std::string*> parts) {
  std::string out;
  for (const std::string* p : parts) {
    out += *p;
    out += '\x1f';
  }
  return out;
}

std::string row_key(const CaseTable& c, std::size_t i) {
  return joined({&c.municipality[i], &c.case_id[i], &c.criterion[i]});
}

void check_lengths(const CaseTable& c) {
  const std::size_t n = c.municipality.size();
  bool ok = c.case_id.size() == n && c.target_group.size() == n && c.stratum.size() == n &&
            c.criterion.size() == n && c.outcome.size() == n;
  for (const auto& column : c.case_level) ok = ok && column.second.size() == n;
  if (!ok) throw std::invalid_argument("audit cases: columns of different lengths");
}

void check_outcomes(const CaseTable& c) {
  static const std::unordered_set<std::string> known{"met", "not_met", "not_relevant", "unknown"};
  Offenders bad;
  for (std::size_t i = 0; i < c.outcome.size(); ++i) {
    if (known.count(c.outcome[i]) == 0) {
      bad.add({c.municipality[i], c.case_id[i], c.criterion[i], c.outcome[i]});
    }
  }
  if (bad.any()) {
    fail_cases(bad, "rows with unknown outcome codes", std::string(kKeyColumns) + ", outcome",
               "use met, not_met, not_relevant or unknown");
  }
}

void check_duplicates(const CaseTable& c) {
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < c.outcome.size(); ++i) ++seen[row_key(c, i)];
  Offenders bad;
  for (std::size_t i = 0; i < c.outcome.size(); ++i) {
    if (seen[row_key(c, i)] > 1) bad.add({c.municipality[i], c.case_id[i], c.criterion[i]});
  }
  if (bad.any()) {
    fail_cases(bad, "duplicate judgements", kKeyColumns,
               "give each case one outcome per criterion");
  }
}

/// The criteria every case is judged on: the catalogue's in order, or all present, sorted.
std::vector<std::string> criteria_of(const CaseTable& c, const CatalogueCriteria* catalogue) {
  if (catalogue != nullptr) return catalogue->criterion;
  std::vector<std::string> all(c.criterion);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

/// The cases (municipality, case) in the order they first appear, and each's first row.
std::vector<std::size_t> first_rows(const CaseTable& c) {
  std::unordered_set<std::string> seen;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < c.case_id.size(); ++i) {
    if (seen.insert(joined({&c.municipality[i], &c.case_id[i]})).second) rows.push_back(i);
  }
  return rows;
}

void check_complete(const CaseTable& c, const CatalogueCriteria* catalogue,
                    const std::vector<std::size_t>& cases) {
  const std::vector<std::string> criteria = criteria_of(c, catalogue);
  if (catalogue != nullptr) {
    const std::unordered_set<std::string> listed(criteria.begin(), criteria.end());
    Offenders outside;
    for (std::size_t i = 0; i < c.criterion.size(); ++i) {
      if (listed.count(c.criterion[i]) == 0) {
        outside.add({c.municipality[i], c.case_id[i], c.criterion[i]});
      }
    }
    if (outside.any()) {
      fail_cases(outside, "rows with a criterion outside the catalogue", kKeyColumns,
                 "add the criterion to the catalogue or drop the rows");
    }
  }
  std::unordered_set<std::string> present;
  for (std::size_t i = 0; i < c.criterion.size(); ++i) present.insert(row_key(c, i));
  Offenders lacking;
  for (const std::size_t i : cases) {
    for (const std::string& criterion : criteria) {
      if (present.count(joined({&c.municipality[i], &c.case_id[i], &criterion})) == 0) {
        lacking.add({c.municipality[i], c.case_id[i], criterion});
      }
    }
  }
  if (lacking.any()) {
    fail_cases(lacking, "missing judgements", kKeyColumns,
               "give every case an outcome for every criterion (not_relevant or unknown if need "
               "be)");
  }
}

void check_case_columns(const CaseTable& c, const std::vector<std::size_t>& cases) {
  for (const auto& [name, values] : c.case_level) {
    std::unordered_map<std::string, std::string> value_of_case;
    std::unordered_set<std::string> varying;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string key = joined({&c.municipality[i], &c.case_id[i]});
      const auto [it, fresh] = value_of_case.emplace(key, values[i]);
      if (!fresh && it->second != values[i]) varying.insert(key);
    }
    Offenders bad;
    for (const std::size_t i : cases) {
      if (varying.count(joined({&c.municipality[i], &c.case_id[i]})) != 0) {
        bad.add({c.municipality[i], c.case_id[i]});
      }
    }
    if (bad.any()) {
      fail_cases(bad, "cases whose '" + name + "' varies between their rows", "municipality, case",
                 "a case-level column must have one value per case");
    }
  }
}

void check_filters(const CaseTable& c, const CatalogueCriteria& catalogue) {
  std::unordered_map<std::string, std::string> filter_of;
  for (std::size_t k = 0; k < catalogue.criterion.size(); ++k) {
    if (!catalogue.filter[k].empty()) filter_of[catalogue.criterion[k]] = catalogue.filter[k];
  }
  if (filter_of.empty()) return;
  std::unordered_map<std::string, std::string> outcome_of;
  for (std::size_t i = 0; i < c.outcome.size(); ++i) outcome_of[row_key(c, i)] = c.outcome[i];
  Offenders bad;
  for (std::size_t i = 0; i < c.outcome.size(); ++i) {
    if (c.outcome[i] != "met" && c.outcome[i] != "not_met") continue;
    const auto f = filter_of.find(c.criterion[i]);
    if (f == filter_of.end()) continue;
    const auto parent = outcome_of.find(joined({&c.municipality[i], &c.case_id[i], &f->second}));
    const std::string parent_outcome = parent == outcome_of.end() ? "nan" : parent->second;
    if (parent_outcome != "met") {
      bad.add({c.municipality[i], c.case_id[i], c.criterion[i], f->second, parent_outcome});
    }
  }
  if (bad.any()) {
    fail_cases(bad, "judgements whose filter criterion is not met",
               std::string(kKeyColumns) + ", filter, filter_outcome",
               "set the criterion to not_relevant where its filter is not met");
  }
}

std::string stratum_key(const std::string& m, const std::string& g, const std::string& s) {
  return joined({&m, &g, &s});
}

}  // namespace

void check_cases(const CaseTable& cases, const CatalogueCriteria* catalogue) {
  check_lengths(cases);
  if (catalogue != nullptr && catalogue->filter.size() != catalogue->criterion.size()) {
    throw std::invalid_argument("audit catalogue: criterion and filter of different lengths");
  }
  check_outcomes(cases);
  check_duplicates(cases);
  const std::vector<std::size_t> first = first_rows(cases);  // each case's first row
  check_complete(cases, catalogue, first);
  check_case_columns(cases, first);
  if (catalogue != nullptr) check_filters(cases, *catalogue);
}

std::vector<std::int64_t> check_frame(const StratumFrame& frame) {
  const std::size_t rows = frame.municipality.size();
  if (frame.target_group.size() != rows || frame.stratum.size() != rows ||
      frame.n.size() != rows || frame.n_text.size() != rows) {
    throw std::invalid_argument("audit frame: columns of different lengths");
  }
  Offenders bad;
  std::vector<std::int64_t> n(rows, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    const double v = frame.n[i];
    if (std::isfinite(v) && v > 0 && v == std::floor(v) && v < 9.0e15) {
      n[i] = static_cast<std::int64_t>(v);
    } else {
      bad.add({frame.municipality[i], frame.target_group[i], frame.stratum[i], frame.n_text[i]});
    }
  }
  if (bad.any()) {
    throw InputError("frame: " + bad.describe("stratum(s) whose N is not a positive integer",
                                              "municipality, target_group, stratum, N"));
  }
  std::unordered_map<std::string, int> seen;
  for (std::size_t i = 0; i < rows; ++i) {
    ++seen[stratum_key(frame.municipality[i], frame.target_group[i], frame.stratum[i])];
  }
  Offenders repeated;
  for (std::size_t i = 0; i < rows; ++i) {
    if (seen[stratum_key(frame.municipality[i], frame.target_group[i], frame.stratum[i])] > 1) {
      repeated.add({frame.municipality[i], frame.target_group[i], frame.stratum[i]});
    }
  }
  if (repeated.any()) {
    throw InputError("frame: " + repeated.describe("rows repeat a stratum",
                                                   "municipality, target_group, stratum") +
                     "; give one N per stratum");
  }
  return n;
}

void check_frame_keys(const CaseTable& cases, const StratumFrame& frame,
                      const std::vector<std::int64_t>& n) {
  // Sampled cases per stratum, strata in sorted order (as a sorted group-by gives them).
  std::map<Tuple, std::set<std::string>> sampled;
  for (std::size_t i = 0; i < cases.case_id.size(); ++i) {
    sampled[{cases.municipality[i], cases.target_group[i], cases.stratum[i]}].insert(
        cases.case_id[i]);
  }
  std::map<Tuple, std::int64_t> size;
  for (std::size_t i = 0; i < n.size(); ++i) {
    size[{frame.municipality[i], frame.target_group[i], frame.stratum[i]}] = n[i];
  }
  Offenders outside, over;
  for (const auto& [stratum, ids] : sampled) {
    const auto it = size.find(stratum);
    if (it == size.end()) {
      outside.add(stratum);
    } else if (static_cast<std::int64_t>(ids.size()) > it->second) {
      over.add({stratum[0], stratum[1], stratum[2], std::to_string(ids.size()),
                std::to_string(it->second)});
    }
  }
  if (outside.any()) {
    fail_cases(outside, "stratum(s) outside the frame", "municipality, target_group, stratum",
               "add them to the frame");
  }
  if (over.any()) {
    fail_cases(over, "stratum(s) with more sampled cases than N",
               "municipality, target_group, stratum, n_h, N", "correct N or the cases");
  }
}

void check_weights(const std::vector<std::string>& municipality,
                   const std::vector<std::string>& case_id, const std::vector<double>& weight,
                   const std::vector<std::string>& weight_text,
                   const std::vector<double>* expected) {
  const std::size_t rows = case_id.size();
  if (municipality.size() != rows || weight.size() != rows || weight_text.size() != rows ||
      (expected != nullptr && expected->size() != rows)) {
    throw std::invalid_argument("audit weights: columns of different lengths");
  }
  Offenders bad, off;
  for (std::size_t i = 0; i < rows; ++i) {
    if (!(std::isfinite(weight[i]) && weight[i] > 0)) {
      bad.add({municipality[i], case_id[i], weight_text[i]});
    } else if (expected != nullptr &&
               !(std::fabs(weight[i] - (*expected)[i]) <= 1e-9 * std::fabs((*expected)[i]))) {
      off.add({municipality[i], case_id[i], weight_text[i]});
    }
  }
  if (bad.any()) {
    fail_cases(bad, "cases with a weight that is not a finite number > 0",
               "municipality, case, weight", "give weights > 0 or leave the column out");
  }
  if (off.any()) {
    fail_cases(off, "cases whose weight is not N_h / n_h of the frame",
               "municipality, case, weight", "drop the weights or correct the frame");
  }
}

}  // namespace jobbench::audit
