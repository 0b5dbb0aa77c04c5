// The long input of a case audit, checked as the contract's section 5 says (docs/audit.md,
// shared/specs/case-audit.md §5): one row per (municipality, case, criterion), text keys.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jobbench::audit {

/// The cases, one row per judgement, keys as text (trimmed; "" for a missing value).
struct CaseTable {
  std::vector<std::string> municipality, case_id, target_group, stratum, criterion, outcome;
  /// Further columns that describe the case (weight, domains), as text: constant within a case.
  std::vector<std::pair<std::string, std::vector<std::string>>> case_level;
};

/// The catalogue's criteria in order, each with its filter criterion ("" for none).
struct CatalogueCriteria {
  std::vector<std::string> criterion, filter;
};

/// The sampling frame: one row per stratum with its size N.
struct StratumFrame {
  std::vector<std::string> municipality, target_group, stratum;
  std::vector<double> n;                ///< N as a number (NaN when the cell is not a number)
  std::vector<std::string> n_text;      ///< N as the user wrote it, for messages
};

/// Throws InputError "cases: <count> <what> (<columns>): (<key>); ... [...]; <hint>" for the first
/// rule broken, in this order: an unknown outcome code; a duplicate judgement; a criterion outside
/// the catalogue (when given); a missing judgement (every case on every criterion: the
/// catalogue's, or all criteria present); a case-level column (target_group, stratum and
/// `case_level`) that varies within a case; a criterion judged (met or not_met) while its filter
/// criterion is not met (with a catalogue). At most five keys are shown.
void check_cases(const CaseTable& cases, const CatalogueCriteria* catalogue);

/// The frame: N a positive integer in every row, one row per stratum. Returns N as integers;
/// throws InputError "frame: ..." otherwise.
std::vector<std::int64_t> check_frame(const StratumFrame& frame);

/// Every stratum of the cases is in the frame, with at most N sampled cases.
void check_frame_keys(const CaseTable& cases, const StratumFrame& frame,
                      const std::vector<std::int64_t>& n);

/// The weights of the cases (one per case): finite and > 0; with a frame (`expected` = N_h / n_h
/// per case, else null) equal to it within a relative 1e-9. `weight_text` is what the user wrote.
void check_weights(const std::vector<std::string>& municipality,
                   const std::vector<std::string>& case_id, const std::vector<double>& weight,
                   const std::vector<std::string>& weight_text,
                   const std::vector<double>* expected);

}  // namespace jobbench::audit
