// The extended register measures (docs/register-indicators.md, "Today's measures"): persons,
// activated persons per offer category, wage hours, spells and the status after their end,
// durations, conversation timeliness and contact-free runs, beside the nine 2013 indicators, for
// several periods in one pass over the person-week panel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "jobbench/register/exact_sum.hpp"
#include "jobbench/register/indicators.hpp"
#include "jobbench/register/panel.hpp"
#include "jobbench/register/spec.hpp"

namespace jobbench {

/// At most this many periods in one call (each week's periods are a 64-bit mask).
inline constexpr std::size_t kMaxMeasurePeriods = 64;

struct MeasureOptions {
  std::vector<MeasurementPeriod> periods;  ///< one or more, in any order; overlaps allowed
  int status_weeks = 4;    ///< k: the status k weeks after a spell's end
  int passive_weeks = 13;  ///< L: a contact-free run of at least L weeks
  unsigned threads = 0;    ///< 0 = all hardware threads
  /// The panel's first and last week (YYYYWW) for censoring and reach; 0 = those of this panel.
  /// Set both when accumulating one part of a larger panel (e.g. a Dask partition).
  std::int32_t panel_first = 0;
  std::int32_t panel_last = 0;
};

/// Additive partial result of accumulate_measures(): integer counts, exact sums and the spell
/// lengths per cell, for one panel or one person-aligned part of it. Partials of disjoint sets of
/// persons with the same options merge exactly.
struct MeasurePartial {
  std::vector<MeasurementPeriod> periods;
  int status_weeks = 4;
  int passive_weeks = 13;
  std::int32_t panel_first = 0, panel_last = 0;  ///< YYYYWW
  bool wage_hours = false;                       ///< the panel has a wage_hours column
  std::size_t groups = 0;                        ///< spec groups
  std::size_t units = 0;                         ///< target base groups, aggregates, total
  std::vector<std::int32_t> municipalities;      ///< ascending codes
  /// Per (period, municipality, group): additive counts and sums (summed into units at the end).
  std::vector<std::int64_t> group_counts;
  std::vector<ExactSum> group_sums;
  /// Per (period, municipality, unit): counts that are not sums over groups (persons, spells ...).
  std::vector<std::int64_t> unit_counts;
  /// Spell lengths of completed, uncensored spells per (unit cell, length): for the median.
  std::map<std::pair<std::size_t, std::int32_t>, std::int64_t> lengths;
  std::int64_t input_rows = 0;
  std::int64_t status_rows = 0;
  bool sorted_input = true;
  unsigned threads = 1;

  std::vector<std::uint64_t> to_words() const;  ///< serialisation (pickling)
  static MeasurePartial from_words(const std::vector<std::uint64_t>& words);
};

/// Validates the panel (InputError naming the rules, first rows and counts), sorts it by
/// (person, week) when it is not (a key array, no copy of the columns) and makes one pass over
/// the persons in parallel person-aligned chunks, for all periods at once.
MeasurePartial accumulate_measures(const RegisterSpec& spec, const PanelColumns& panel,
                                   const MeasureOptions& options);

/// The same for a panel in several chunks (e.g. Arrow record batches), each a set of whole
/// persons, read in place: validated one by one, accumulated into one set of accumulators.
/// A person found in two chunks is an InputError.
MeasurePartial accumulate_measures(const RegisterSpec& spec,
                                   const std::vector<PanelColumns>& chunks,
                                   const MeasureOptions& options);

/// Sum of partials of disjoint sets of persons (same spec and options). Exact.
MeasurePartial merge_measures(const std::vector<MeasurePartial>& parts);

/// The long table: one row per period x municipality x unit x measure.
struct MeasureResult {
  std::vector<MeasurementPeriod> periods;
  std::vector<std::string> unit_codes;  ///< target base groups, aggregates, total
  std::vector<UnitKind> unit_kinds;
  std::vector<std::string> measure_names;  ///< every measure name that occurs, in output order
  std::vector<std::int32_t> period;        ///< per row: index into periods
  std::vector<std::int32_t> municipality;  ///< per row: code
  std::vector<std::int32_t> unit;          ///< per row: index into unit_codes
  std::vector<std::int32_t> measure;       ///< per row: index into measure_names
  std::vector<double> numerator, denominator, value;
  std::int32_t panel_first = 0, panel_last = 0;  ///< YYYYWW
  std::int64_t input_rows = 0;
  std::int64_t status_rows = 0;
  bool sorted_input = true;
  unsigned threads = 1;
  std::vector<std::string> warnings;

  std::size_t size() const { return value.size(); }
};

/// The measures of a (merged) partial.
MeasureResult finalize_measures(const RegisterSpec& spec, const MeasurePartial& partial);

/// accumulate_measures + finalize_measures.
MeasureResult compute_measures(const RegisterSpec& spec, const PanelColumns& panel,
                               const MeasureOptions& options);

}  // namespace jobbench
