// The register part of a benchmark spec: benefit groups, offer types, aggregates and the default
// measurement period used to compute person-years and quality indicators from person-week data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jobbench {

/// A benefit / target-group code of the person-week panel.
struct RegisterGroup {
  std::string code;
  std::string label;
  bool target = false;    ///< a job-centre target group: counted in "all target groups"
  bool sickness = false;  ///< the sickness-benefit group (sickness spells, partial sick leave)
  std::string benchmark_group;  ///< base target group of the benchmark spec it feeds (or empty)
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
  MeasurementPeriod period;          ///< default measurement period
  std::string no_offer = "none";     ///< offer category meaning "no offer this week"
  std::string total_code = "total";  ///< code of the built-in "all target groups" row
  std::string total_label = "Alle målgrupper";

  /// Reads the "register" object of a benchmark spec (the whole spec JSON is passed).
  static RegisterSpec from_json_string(const std::string& benchmark_spec_json);
  static RegisterSpec from_json_file(const std::string& path);

  /// Unique non-empty codes, aggregates naming known groups, a valid period, at most 32767 groups
  /// and offer types. Throws SpecError.
  void validate() const;

  /// Position of a code, or -1.
  int group_index(const std::string& code) const;
  int offer_index(const std::string& code) const;
};

}  // namespace jobbench
