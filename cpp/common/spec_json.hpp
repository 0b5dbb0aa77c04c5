// Internal: reading spec JSON safely and checking it against the shipped JSON Schema
// (python/jobbench/specs/spec.schema.json, embedded into the library at build time).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace jobbench::detail {

/// Deepest nesting of arrays and objects a spec may have (the 2013 spec needs 5).
constexpr std::size_t kMaxSpecDepth = 64;

/// Parses spec JSON. Throws SpecError for invalid JSON ("invalid JSON at line L, column C: ..."),
/// nesting deeper than kMaxSpecDepth (checked before parsing) and duplicate keys.
nlohmann::json parse_spec_json(const std::string& text);

/// Checks a parsed spec against the embedded schema. Throws SpecError naming the place
/// (e.g. `tasks[12] ("adm_sag")`), for unknown keys with the nearest known key.
void check_spec_schema(const nlohmann::json& spec);

/// parse_spec_json + check_spec_schema.
nlohmann::json read_spec_json(const std::string& text);

/// Text with invalid UTF-8 and control bytes written as \xNN, safe to put into a message.
std::string printable(const std::string& text);

}  // namespace jobbench::detail
