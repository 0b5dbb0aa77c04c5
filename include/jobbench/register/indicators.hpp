// Person-years and quality indicators from the person-week panel (docs/register-indicators.md):
// FW, PY, SI, AG, VAG, TI, VTI, JR, DR per municipality x group, per aggregate and over all
// target groups, with the counts behind them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jobbench/register/exact_sum.hpp"
#include "jobbench/register/panel.hpp"
#include "jobbench/register/spec.hpp"

namespace jobbench {

struct IndicatorOptions {
  MeasurementPeriod period;   ///< P; the job-rate weeks E are P shifted 13 weeks back
  unsigned threads = 0;       ///< 0 = all hardware threads
  bool drop_invalid = false;  ///< drop rows that break a rule (and report them) instead of failing
  bool check_coverage =
      true;  ///< finalize: the panel must cover P (off for per-partition partials)
  /// accumulate: also gather the per-person moments of the clustered standard errors (same pass);
  /// finalize: compute the standard errors and intervals (needs a partial gathered with them).
  bool standard_errors = true;
  double level = 0.95;  ///< finalize: confidence level of the normal intervals, in (0, 1)
};

/// Counts behind the figures of one municipality x group cell.
struct CellCounts {
  std::int64_t rows = 0;           ///< rows in P
  std::int64_t persons = 0;        ///< distinct persons with a row in P
  std::int64_t conversations = 0;  ///< Σ conversations in P
  std::int64_t new_offers = 0;     ///< new-offer starts in P
  std::int64_t new_company_offers = 0;
  std::int64_t e_rows = 0;          ///< rows in E (job-rate measurement weeks)
  std::int64_t e_persons = 0;       ///< distinct persons with a row in E
  std::int64_t e_self_rows = 0;     ///< rows in E without a row 13 weeks later
  std::int64_t spells = 0;          ///< sickness spells counted here
  std::int64_t spells_partial = 0;  ///< of which with partial sick leave
};

/// Exact sums of benefit shares of one cell.
struct CellSums {
  ExactSum fw;          ///< Σ share in P
  ExactSum active_fw;   ///< Σ share in P with an offer
  ExactSum company_fw;  ///< Σ share in P with a company-directed offer
  ExactSum e_fw;        ///< Σ share in E
  ExactSum e_self_fw;   ///< Σ share in E, self-supporting 13 weeks later
};

/// Sums over the persons of one cell (or aggregate unit) of the products of their per-person
/// totals: the moments of the person-clustered (linearised) standard errors of the ratios. For
/// the period indicators x_i = Σ share of person i, for JR x_i = Σ share in E, for DR x_i = the
/// person's spells; only persons with x_i > 0 contribute. The products of per-person totals (each
/// total summed in week order, so it does not depend on chunking) are integers, or rounded to
/// 2^-40 each (FixedSum, 16 bytes); their sums do not depend on order or partition.
struct CellMoments {
  FixedSum fw2;                         ///< Σ fw_i²
  FixedSum active2, active_x;           ///< Σ a_i², Σ fw_i a_i (a: share with an offer)
  FixedSum company2, company_x;         ///< the same, company-directed offers
  FixedSum conversations_x;             ///< Σ fw_i c_i (c: conversations)
  std::uint64_t conversations2_hi = 0;  ///< Σ c_i² as a 128-bit integer (high and low words)
  std::uint64_t conversations2_lo = 0;
  FixedSum offers_x, company_offers_x;  ///< Σ fw_i o_i (o: new-offer starts), company ones
  std::int64_t offers2 = 0, company_offers2 = 0;  ///< Σ o_i², company ones
  FixedSum e_fw2, e_self2, e_self_x;              ///< JR: Σ e_i², Σ s_i², Σ e_i s_i
  std::int64_t spell_persons = 0;                 ///< DR: persons with a spell counted here
  std::int64_t spells2 = 0, partial2 = 0, partial_x = 0;  ///< Σ n_i², Σ k_i², Σ n_i k_i

  /// Adds to Σ c_i² (modulo 2^128: a correction may be negative in two's complement).
  void add_conversations2(FixedSum::U128 c2) {
    using U128 = FixedSum::U128;
    const U128 v = ((static_cast<U128>(conversations2_hi) << 64) | conversations2_lo) + c2;
    conversations2_hi = static_cast<std::uint64_t>(v >> 64);
    conversations2_lo = static_cast<std::uint64_t>(v);
  }
  double conversations2() const {
    return static_cast<double>(conversations2_hi) * 18446744073709551616.0 +
           static_cast<double>(conversations2_lo);
  }
  void merge(const CellMoments& o);
};

/// Additive partial result of accumulate(): everything the indicators need, summed over the rows
/// of one panel (or one person-aligned part of it). Partials of disjoint sets of persons merge
/// exactly (integer counts add, ExactSums add without rounding).
struct IndicatorPartial {
  MeasurementPeriod period;
  std::size_t groups = 0;      ///< number of spec groups
  std::size_t aggregates = 0;  ///< spec aggregates + 1 (the "all target groups" row, last)
  std::vector<std::int32_t> municipalities;  ///< ascending codes
  std::vector<CellCounts> counts;            ///< [municipality * groups + group]
  std::vector<CellSums> sums;                ///< [municipality * groups + group]
  /// Distinct persons per aggregate (they cannot be summed over groups): [m * aggregates + a]
  std::vector<std::int64_t> aggregate_persons;
  std::vector<std::int64_t> aggregate_e_persons;
  /// Gathered with IndicatorOptions::standard_errors: moments per cell [m * groups + g] and per
  /// aggregate unit [m * aggregates + a] (a person's totals summed over the unit's groups first);
  /// empty otherwise.
  bool standard_errors = false;
  std::vector<CellMoments> moments;
  std::vector<CellMoments> aggregate_moments;
  std::int64_t input_rows = 0;
  std::int64_t used_rows = 0;
  std::vector<PanelIssue> dropped;  ///< rows dropped by drop_invalid, per rule
  bool sorted_input = true;         ///< false when the rows had to be sorted by (person, week)
  std::int32_t min_week_index = 0;  ///< over used rows (when used_rows > 0)
  std::int32_t max_week_index = 0;
  std::int64_t min_person = 0;
  std::int64_t max_person = 0;
  unsigned threads = 1;

  std::vector<std::uint64_t> to_words() const;  ///< serialisation (pickling)
  static IndicatorPartial from_words(const std::vector<std::uint64_t>& words);
};

/// Pass 1 and 2 of the engine: validate the panel (throws InputError naming the rules, rows and
/// counts unless options.drop_invalid), sort by (person, week) when it is not (a key array, not a
/// copy of the columns), then one pass over the persons in parallel person-aligned chunks.
IndicatorPartial accumulate(const RegisterSpec& spec, const PanelColumns& panel,
                            const IndicatorOptions& options = {});

/// Sum of partials of disjoint sets of persons (same spec and period). Exact.
IndicatorPartial merge(const std::vector<IndicatorPartial>& parts);

/// The indicators with standard errors, in the order of IndicatorResult::se (and of the columns).
inline constexpr const char* kIntervalIndicators[] = {"si", "ag", "vag", "ti", "vti", "jr", "dr"};
inline constexpr std::size_t kIntervalIndicatorCount = 7;

enum class UnitKind : int { Group = 0, Aggregate = 1, Total = 2 };

/// One row per municipality x unit (spec groups in order, then aggregates, then "all target
/// groups").
struct IndicatorResult {
  MeasurementPeriod period;
  MeasurementPeriod job_rate_weeks;     ///< E
  int period_weeks = 0;                 ///< |P|
  std::vector<std::string> unit_codes;  ///< groups, aggregates, total code
  std::vector<UnitKind> unit_kinds;
  std::vector<std::int32_t> municipality;  ///< per row
  std::vector<std::int32_t> unit;          ///< per row: index into unit_codes
  // counts per row
  std::vector<std::int64_t> rows, persons, conversations, new_offers, new_company_offers, e_rows,
      e_persons, e_self_rows, spells, spells_partial;
  // sums and indicators per row (NaN where a denominator is zero)
  std::vector<double> fw, active_fw, company_fw, e_fw, e_self_fw;
  std::vector<double> py, si, ag, vag, ti, vti, jr, dr;
  /// With standard errors: per indicator of kIntervalIndicators (in that order) the clustered
  /// standard error and the normal interval R ± z·se at `level` (shares clipped to [0, 1], rates
  /// at 0). NaN where the ratio is, or with fewer than 2 persons. Empty without standard errors.
  bool standard_errors = false;
  double level = 0.0;
  std::vector<std::vector<double>> se, lower, upper;
  std::int64_t input_rows = 0;
  std::int64_t used_rows = 0;
  std::vector<PanelIssue> dropped;
  bool sorted_input = true;
  unsigned threads = 1;
  std::int32_t first_week = 0;  ///< first and last week (YYYYWW) of the panel's used rows
  std::int32_t last_week = 0;
  std::vector<std::string> warnings;  ///< e.g. left-censored new offers

  std::size_t size() const { return municipality.size(); }
};

/// Ratios, aggregates and checks of a (merged) partial. With options.check_coverage an empty panel
/// or one that does not cover P is an InputError.
IndicatorResult finalize(const RegisterSpec& spec, const IndicatorPartial& partial,
                         const IndicatorOptions& options = {});

/// accumulate + finalize.
IndicatorResult compute_indicators(const RegisterSpec& spec, const PanelColumns& panel,
                                   const IndicatorOptions& options = {});

}  // namespace jobbench
