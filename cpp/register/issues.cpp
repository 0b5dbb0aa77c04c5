// Rule violations found by pass 1 and the sort: the one-line InputError describing them, or, under
// drop_invalid, the report of the dropped rows and the removal of the duplicate rows.
#include <algorithm>
#include <sstream>
#include <string>

#include "jobbench/errors.hpp"
#include "register/engine.hpp"

namespace jobbench {
namespace register_engine {
namespace {

std::string example_text(const PanelColumns& pc, PanelRule rule, std::int64_t row) {
  const auto r = static_cast<std::size_t>(row);
  std::ostringstream os;
  os << pc.row_label(row) << " (person " << pc.person[r] << ", week " << pc.week[r];
  auto category = [&](const CodeColumn& c) {
    const std::int32_t code = read_code(c, r);
    if (code < 0 || static_cast<std::size_t>(code) >= c.categories.size()) {
      return std::string("<missing>");
    }
    return "'" + c.categories[static_cast<std::size_t>(code)] + "'";
  };
  switch (rule) {
    case PanelRule::BenefitShare:
      os << ", benefit_share " << pc.benefit_share[r];
      break;
    case PanelRule::NegativeConversations:
      os << ", conversations " << pc.conversations[r];
      break;
    case PanelRule::UnknownGroup:
      os << ", group " << category(pc.group);
      break;
    case PanelRule::UnknownOffer:
      os << ", offer " << category(pc.offer);
      break;
    case PanelRule::StatusOffer:
      os << ", group " << category(pc.group) << ", offer " << category(pc.offer);
      break;
    case PanelRule::WageHours:
      os << ", wage_hours " << pc.wage_hours[r];
      break;
    default:
      break;
  }
  os << ")";
  return os.str();
}

std::vector<PanelIssue> make_issues(const PanelColumns& pc, const IssueCollector& c) {
  std::vector<PanelIssue> issues;
  for (int k = 0; k < kPanelRuleCount; ++k) {
    if (c.count[static_cast<std::size_t>(k)] == 0) continue;
    PanelIssue issue;
    issue.rule = static_cast<PanelRule>(k);
    issue.count = c.count[static_cast<std::size_t>(k)];
    auto rows = c.rows[static_cast<std::size_t>(k)];
    std::sort(rows.begin(), rows.end());
    if (rows.size() > kMaxExamples) rows.resize(kMaxExamples);
    issue.rows = rows;
    for (auto row : rows) issue.examples.push_back(example_text(pc, issue.rule, row));
    issues.push_back(std::move(issue));
  }
  return issues;
}

/// Leaves all rows of repeated (person, week) keys out of the pass.
void drop_duplicates(bool sorted, std::vector<std::int64_t>& dup_rows,
                     std::vector<std::uint8_t>& skip, std::vector<Key>& keys) {
  if (dup_rows.empty()) return;
  if (sorted) {
    for (auto row : dup_rows) skip[static_cast<std::size_t>(row)] = 1;
    return;
  }
  std::sort(dup_rows.begin(), dup_rows.end());
  keys.erase(std::remove_if(keys.begin(), keys.end(),
                            [&](const Key& k) {
                              return std::binary_search(dup_rows.begin(), dup_rows.end(),
                                                        static_cast<std::int64_t>(k.row));
                            }),
             keys.end());
}

}  // namespace

std::vector<PanelIssue> resolve_issues(const PanelColumns& pc, bool drop_invalid, bool sorted,
                                       IssueCollector& issues, std::vector<std::uint8_t>& skip,
                                       std::vector<Key>& keys, const char* hint) {
  if (!issues.any()) return {};
  if (!drop_invalid) {
    throw InputError(describe_panel_issues(make_issues(pc, issues), pc.source) + ". " + hint);
  }
  std::vector<PanelIssue> dropped = make_issues(pc, issues);
  const auto dup_index = static_cast<std::size_t>(PanelRule::DuplicatePersonWeek);
  drop_duplicates(sorted, issues.rows[dup_index], skip, keys);
  return dropped;
}

}  // namespace register_engine
}  // namespace jobbench
