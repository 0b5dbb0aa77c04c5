#include "jobbench/register/spec.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/spec_json.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"

namespace jobbench {
namespace {

using nlohmann::json;

std::string text(const json& object, const char* key, const std::string& where, bool required) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) throw SpecError(where + ": missing \"" + key + "\"");
    return {};
  }
  if (!it->is_string()) throw SpecError(where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

bool flag(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw SpecError(where + ": \"" + key + "\" must be true or false");
  return it->get<bool>();
}

const json& list(const json& object, const char* key, bool required) {
  static const json empty = json::array();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) throw SpecError(std::string("register: missing \"") + key + "\"");
    return empty;
  }
  if (!it->is_array()) throw SpecError(std::string("register: \"") + key + "\" must be a list");
  for (const auto& entry : *it) {
    if (!entry.is_object()) {
      throw SpecError(std::string("register: entries of \"") + key + "\" must be objects");
    }
  }
  return *it;
}

std::int32_t week_value(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) throw SpecError(where + ": missing \"" + key + "\"");
  // A whole number (201227 or 201227.0, as JSON Schema's "integer"); get<int32_t> alone would
  // wrap 4295168523 round to 201227.
  const double week = it->is_number() ? it->get<double>() : std::nan("");
  if (!(week >= 0 && week <= 999999) || std::floor(week) != week) {
    throw SpecError(where + ": \"" + key + "\" must be a week YYYYWW");
  }
  return static_cast<std::int32_t>(week);
}

int whole_number(const json& object, const char* key, const std::string& where, int minimum) {
  const auto it = object.find(key);
  if (it == object.end()) throw SpecError(where + ": missing \"" + key + "\"");
  const double v = it->is_number() ? it->get<double>() : std::nan("");
  if (!(v >= minimum && v <= 1000) || std::floor(v) != v) {
    throw SpecError(where + ": \"" + key + "\" must be a whole number from " +
                    std::to_string(minimum) + " to 1000");
  }
  return static_cast<int>(v);
}

/// "conversation_rule": {"first_within", "min_conversations", "window"} (or none).
std::optional<ConversationRule> conversation_rule(const json& object, const std::string& where) {
  const auto it = object.find("conversation_rule");
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    throw SpecError(where + ": \"conversation_rule\" must be {\"first_within\", "
                    "\"min_conversations\", \"window\"}");
  }
  const std::string here = where + " conversation_rule";
  ConversationRule rule;
  rule.first_within = whole_number(*it, "first_within", here, 0);
  rule.min_conversations = whole_number(*it, "min_conversations", here, 1);
  rule.window = whole_number(*it, "window", here, 1);
  return rule;
}

std::vector<std::string> code_list(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  const std::string message = where + ": \"" + key + "\" must be a list of codes";
  if (it == object.end() || !it->is_array()) throw SpecError(message);
  std::vector<std::string> codes;
  for (const auto& code : *it) {
    if (!code.is_string()) throw SpecError(message);
    codes.push_back(code.get<std::string>());
  }
  return codes;
}

}  // namespace

RegisterSpec RegisterSpec::from_json_string(const std::string& benchmark_spec_json) {
  // The whole spec is checked against the schema, as BenchmarkSpec does.
  const json root = detail::read_spec_json(benchmark_spec_json);
  const auto it = root.find("register");
  if (it == root.end() || !it->is_object()) {
    throw SpecError(
        "spec: no \"register\" object (groups and offer types of the person-week panel)");
  }
  const json& reg = *it;
  RegisterSpec spec;
  for (const auto& g : list(reg, "groups", true)) {
    RegisterGroup group;
    const std::string where = "register group #" + std::to_string(spec.groups.size());
    group.code = text(g, "code", where, true);
    group.label = text(g, "label", where, false);
    group.target = flag(g, "target", where);
    group.sickness = flag(g, "sickness", where);
    group.benchmark_group = text(g, "benchmark_group", where, false);
    group.self_supporting = flag(g, "self_supporting", where);
    group.conversation_rule = conversation_rule(g, where);
    spec.groups.push_back(std::move(group));
  }
  for (const auto& o : list(reg, "offers", true)) {
    OfferType offer;
    const std::string where = "register offer #" + std::to_string(spec.offers.size());
    offer.code = text(o, "code", where, true);
    offer.label = text(o, "label", where, false);
    offer.company_directed = flag(o, "company_directed", where);
    spec.offers.push_back(std::move(offer));
  }
  for (const auto& a : list(reg, "aggregates", false)) {
    RegisterAggregate aggregate;
    const std::string where = "register aggregate #" + std::to_string(spec.aggregates.size());
    aggregate.code = text(a, "code", where, true);
    aggregate.label = text(a, "label", where, false);
    aggregate.groups = code_list(a, "groups", where);
    aggregate.conversation_rule = conversation_rule(a, where);
    spec.aggregates.push_back(std::move(aggregate));
  }
  for (const auto& c : list(reg, "offer_categories", false)) {
    OfferCategory category;
    const std::string where = "register offer category #" +
                              std::to_string(spec.offer_categories.size());
    category.code = text(c, "code", where, true);
    category.label = text(c, "label", where, false);
    category.offers = code_list(c, "offers", where);
    spec.offer_categories.push_back(std::move(category));
  }
  if (const auto p = reg.find("period"); p != reg.end()) {
    if (!p->is_object())
      throw SpecError("register: \"period\" must be {\"first\": YYYYWW, \"last\": YYYYWW}");
    spec.period.first = week_value(*p, "first", "register period");
    spec.period.last = week_value(*p, "last", "register period");
  }
  if (const std::string none = text(reg, "no_offer", "register", false); !none.empty()) {
    spec.no_offer = none;
  }
  if (const auto t = reg.find("total"); t != reg.end() && t->is_object()) {
    if (auto code = text(*t, "code", "register total", false); !code.empty())
      spec.total_code = code;
    if (auto label = text(*t, "label", "register total", false); !label.empty()) {
      spec.total_label = label;
    }
    spec.total_conversation_rule = conversation_rule(*t, "register total");
  }
  spec.validate();
  return spec;
}

RegisterSpec RegisterSpec::from_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError("spec: cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  try {
    return from_json_string(buffer.str());
  } catch (const SpecError& error) {
    throw SpecError(path + ": " + error.what());
  }
}

void RegisterSpec::validate() const {
  std::unordered_set<std::string> seen;
  if (groups.empty()) throw SpecError("register: no groups");
  if (groups.size() > 32767 || offers.size() > 32767) throw SpecError("register: too many codes");
  for (const auto& g : groups) {
    if (g.code.empty()) throw SpecError("register: a group has an empty code");
    if (!seen.insert(g.code).second) throw SpecError("register: duplicate group '" + g.code + "'");
  }
  for (const auto& g : groups) {
    if (g.self_supporting && (g.target || g.sickness || g.conversation_rule)) {
      throw SpecError("register group '" + g.code +
                      "': a status group (self_supporting) is never a target or sickness group "
                      "and has no conversation rule");
    }
  }
  for (const auto& a : aggregates) {
    if (a.code.empty()) throw SpecError("register: an aggregate has an empty code");
    if (!seen.insert(a.code).second) {
      throw SpecError("register: aggregate '" + a.code + "' repeats a group or aggregate code");
    }
    for (const auto& g : a.groups) {
      if (group_index(g) < 0) {
        throw SpecError("register aggregate '" + a.code + "': unknown group '" + g + "'");
      }
      if (groups[static_cast<std::size_t>(group_index(g))].self_supporting) {
        throw SpecError("register aggregate '" + a.code + "': '" + g +
                        "' is a status group (self_supporting), never an aggregate's member");
      }
    }
  }
  if (!seen.insert(total_code).second) {
    throw SpecError("register: the total code '" + total_code + "' repeats a group or aggregate");
  }
  std::unordered_set<std::string> offer_codes{no_offer};
  for (const auto& o : offers) {
    if (o.code.empty()) throw SpecError("register: an offer type has an empty code");
    if (!offer_codes.insert(o.code).second) {
      throw SpecError("register: duplicate offer type '" + o.code + "' (or equal to '" + no_offer +
                      "')");
    }
  }
  validate_categories(offer_codes);
  if (!is_valid_iso_week(period.first) || !is_valid_iso_week(period.last)) {
    throw SpecError("register period: " + std::to_string(period.first) + "-" +
                    std::to_string(period.last) + " are not valid ISO weeks YYYYWW");
  }
  if (iso_week_index(period.last) < iso_week_index(period.first)) {
    throw SpecError("register period: last week before first week");
  }
}

void RegisterSpec::validate_categories(const std::unordered_set<std::string>& offer_codes) const {
  // activated:<code> names every offer type, "any", "company_directed" and every category
  std::unordered_set<std::string> names(offer_codes);
  names.insert({"any", "company_directed"});
  if (offers.size() + 2 + offer_categories.size() > 64) {
    throw SpecError("register: at most 62 offer types and categories together");
  }
  for (const auto& c : offer_categories) {
    if (c.code.empty()) throw SpecError("register: an offer category has an empty code");
    if (!names.insert(c.code).second) {
      throw SpecError("register offer category '" + c.code +
                      "': the code repeats an offer type, another category, 'any' or "
                      "'company_directed'");
    }
    for (const auto& o : c.offers) {
      if (offer_index(o) < 0) {
        throw SpecError("register offer category '" + c.code + "': unknown offer type '" + o +
                        "'");
      }
    }
  }
}

int RegisterSpec::group_index(const std::string& code) const {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

int RegisterSpec::offer_index(const std::string& code) const {
  for (std::size_t i = 0; i < offers.size(); ++i) {
    if (offers[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace jobbench
