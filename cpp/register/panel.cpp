#include "jobbench/register/panel.hpp"

namespace jobbench {

const char* panel_rule_name(PanelRule rule) {
  switch (rule) {
    case PanelRule::DuplicatePersonWeek:
      return "duplicate person-week";
    case PanelRule::InvalidWeek:
      return "invalid ISO week";
    case PanelRule::BenefitShare:
      return "benefit share outside (0, 1]";
    case PanelRule::NegativeConversations:
      return "negative conversations";
    case PanelRule::UnknownGroup:
      return "unknown group code";
    case PanelRule::UnknownOffer:
      return "unknown offer code";
    case PanelRule::StatusOffer:
      return "offer on a status row";
    case PanelRule::WageHours:
      return "wage hours negative or not finite";
  }
  return "unknown rule";
}

const char* panel_rule_text(PanelRule rule) {
  switch (rule) {
    case PanelRule::DuplicatePersonWeek:
      return "at most one row per (person, week); all rows of a repeated person-week are counted";
    case PanelRule::InvalidWeek:
      return "week must be an ISO week YYYYWW: week 01-52, or 01-53 in long ISO years, years "
             "1900-2399";
    case PanelRule::BenefitShare:
      return "benefit_share must be a number in (0, 1]; a full week is 1";
    case PanelRule::NegativeConversations:
      return "conversations must be >= 0";
    case PanelRule::UnknownGroup:
      return "group must be one of the spec's register groups (missing values are unknown too)";
    case PanelRule::UnknownOffer:
      return "offer must be 'none' or one of the spec's offer types (missing values are unknown "
             "too)";
    case PanelRule::StatusOffer:
      return "a status row (a self-supporting group such as job or education) is a week without "
             "benefit: its offer must be 'none'";
    case PanelRule::WageHours:
      return "wage_hours must be a finite number >= 0 (hours of ordinary paid work that week)";
  }
  return "";
}

std::string PanelColumns::row_label(std::int64_t row) const {
  return (lines ? "line " : "row ") + std::to_string(row + first_row);
}

std::string describe_panel_issues(const std::vector<PanelIssue>& issues,
                                  const std::string& source) {
  std::string out = source.empty() ? "register panel:" : "register panel " + source + ":";
  bool first_issue = true;
  for (const PanelIssue& issue : issues) {
    if (issue.count == 0) continue;
    out += first_issue ? " " : "; ";
    first_issue = false;
    out += std::to_string(issue.count) + (issue.count == 1 ? " row breaks" : " rows break") +
           " rule '" + panel_rule_name(issue.rule) + "' (" + panel_rule_text(issue.rule) + ")";
    const std::size_t shown = issue.examples.empty() ? issue.rows.size() : issue.examples.size();
    if (shown > 0) out += issue.count > static_cast<std::int64_t>(shown) ? ", first: " : ": ";
    for (std::size_t k = 0; k < shown; ++k) {
      if (k > 0) out += ", ";
      out += issue.examples.empty() ? "row " + std::to_string(issue.rows[k]) : issue.examples[k];
    }
  }
  if (first_issue) out += " no issues";
  return out;
}

}  // namespace jobbench
