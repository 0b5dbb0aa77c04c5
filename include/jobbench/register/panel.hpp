// The person-week panel (docs/register-indicators.md): columns, validation rules and their report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jobbench/register/spec.hpp"

namespace jobbench {

/// A column of category codes (int8, int16 or int32) with its category names, e.g. a pandas
/// categorical or an Arrow dictionary array. Names are matched to the spec's codes; a row whose
/// code is negative (missing) or names no spec code breaks rule "unknown code".
struct CodeColumn {
  const void* data = nullptr;
  int width = 4;  ///< bytes per code: 1, 2 or 4
  std::vector<std::string> categories;
};

/// Borrowed, read-only columns of a person-week panel (nothing is copied). Row i of the panel is
/// element i of every column.
struct PanelColumns {
  std::size_t rows = 0;
  const std::int64_t* person = nullptr;
  const std::int32_t* week = nullptr;          ///< ISO week YYYYWW
  const std::int32_t* municipality = nullptr;  ///< municipality code, e.g. 573
  CodeColumn group;
  CodeColumn offer;                       ///< "none" (RegisterSpec::no_offer) or an offer type
  const double* benefit_share = nullptr;  ///< in (0, 1]
  const std::int32_t* conversations = nullptr;  ///< >= 0; null = no conversations
  const std::uint8_t* partial_sick = nullptr;   ///< 0/1; null = never
  const double* wage_hours = nullptr;  ///< ordinary wage hours that week, >= 0; null = no column
  /// How messages name row i: "row <i + first_row>", or "line <i + first_row>" when the panel was
  /// read from a text file (first_row = the line of row 0), after "register panel <source>".
  std::string source;
  std::int64_t first_row = 0;
  bool lines = false;

  std::string row_label(std::int64_t row) const;
};

/// The rules a panel row can break (docs/register-indicators.md, "Bad input").
enum class PanelRule : int {
  DuplicatePersonWeek = 0,
  InvalidWeek,
  BenefitShare,
  NegativeConversations,
  UnknownGroup,
  UnknownOffer,
  StatusOffer,  ///< a status row (self-supporting group) with an offer other than "none"
  WageHours,    ///< wage_hours negative or not finite
};
inline constexpr int kPanelRuleCount = 8;

/// Short name and the rule's wording, e.g. "duplicate person-week",
/// "at most one row per (person, week)".
const char* panel_rule_name(PanelRule rule);
const char* panel_rule_text(PanelRule rule);

/// All rows that broke one rule: their number and the first few (0-based input positions).
struct PanelIssue {
  PanelRule rule = PanelRule::DuplicatePersonWeek;
  std::int64_t count = 0;
  std::vector<std::int64_t> rows;     ///< the first offending rows, ascending (at most a handful)
  std::vector<std::string> examples;  ///< "row 12 (person 4, week 2013W01, ...)" for each of rows
};

/// "register panel: 3 rows break rule 'duplicate person-week' (at most one row per ...):
/// row 10 (person 4, week 201301), ...; 2 rows break rule ...". The text of InputError;
/// `source` (a file name) follows "register panel" when given.
std::string describe_panel_issues(const std::vector<PanelIssue>& issues,
                                  const std::string& source = "");

}  // namespace jobbench
