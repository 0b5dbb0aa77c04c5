// The register part of a benchmark spec: benefit groups, offer types, aggregates and the default
// measurement period used to compute person-years and quality indicators from person-week data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace jobbench {

/// Conversation rule of a group (rettidighed, docs/register-indicators.md): a first conversation
/// within `first_within` weeks of the spell's start, at least `min_conversations` conversations in
/// the first `window` weeks (activity-ready cash-benefit recipients: 1, 4 and 26).
struct ConversationRule {
  int first_within = 1;
  int min_conversations = 4;
  int window = 26;
};

/// A benefit / target-group code of the person-week panel.
struct RegisterGroup {
  std::string code;
  std::string label;
  bool target = false;    ///< a job-centre target group: counted in "all target groups"
  bool sickness = false;  ///< the sickness-benefit group (sickness spells, partial sick leave)
  std::string benchmark_group;  ///< base target group of the benchmark spec it feeds (or empty)
  /// A status group (e.g. job, education): its rows are weeks in which the person was
  /// self-supporting in a known way, never benefit weeks, never a unit or an aggregate's member.
  bool self_supporting = false;
  std::optional<ConversationRule> conversation_rule;  ///< timeliness measures for this group
};

/// An active-offer type ("tilbud").
struct OfferType {
  std::string code;
  std::string label;
  bool company_directed = false;  ///< virksomhedsrettet (løntilskud, virksomhedspraktik)
};

/// A named sum of groups (e.g. "adp" = adp_o30 + adp_u30): numerators and denominators are summed
/// over its groups, persons are counted once.
struct RegisterAggregate {
  std::string code;
  std::string label;
  std::vector<std::string> groups;
  std::optional<ConversationRule> conversation_rule;  ///< timeliness of the aggregate as a unit
};

/// A named set of offer types (e.g. "loentilskud" = private and public løntilskud): the measure
/// activated:<code> counts persons with an offer of any of them.
struct OfferCategory {
  std::string code;
  std::string label;
  std::vector<std::string> offers;  ///< offer type codes
};

/// Inclusive range of ISO weeks written YYYYWW.
struct MeasurementPeriod {
  std::int32_t first = 201227;
  std::int32_t last = 201326;
};

struct RegisterSpec {
  std::vector<RegisterGroup> groups;
  std::vector<OfferType> offers;
  std::vector<RegisterAggregate> aggregates;
  std::vector<OfferCategory> offer_categories;
  MeasurementPeriod period;          ///< default measurement period
  std::string no_offer = "none";     ///< offer category meaning "no offer this week"
  std::string total_code = "total";  ///< code of the built-in "all target groups" row
  std::string total_label = "Alle målgrupper";
  std::optional<ConversationRule> total_conversation_rule;  ///< "total": {"conversation_rule"}

  /// Reads the "register" object of a benchmark spec (the whole spec JSON is passed).
  static RegisterSpec from_json_string(const std::string& benchmark_spec_json);
  static RegisterSpec from_json_file(const std::string& path);

  /// Unique non-empty codes, aggregates naming known groups, a valid period, at most 32767 groups
  /// and offer types. Throws SpecError.
  void validate() const;

  /// Category codes unique and apart from offer codes, "any" and "company_directed"; their
  /// offers known; at most 64 activation measures.
  void validate_categories(const std::unordered_set<std::string>& offer_codes) const;

  /// Position of a code, or -1.
  int group_index(const std::string& code) const;
  int offer_index(const std::string& code) const;
};

}  // namespace jobbench
