#include "common/spec_json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "jobbench/errors.hpp"
#include "jobbench/names.hpp"
#include "jobbench/productivity/spec.hpp"

namespace jobbench::detail {
namespace {

using nlohmann::json;

// --- Text positions and printable messages ------------------------------------------------------

/// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t n = 0;
  unsigned min = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) n = 2, min = 0x80;
  else if (lead >= 0xE0 && lead <= 0xEF) n = 3, min = 0x800;
  else if (lead >= 0xF0 && lead <= 0xF4) n = 4, min = 0x10000;
  else return 0;
  if (i + n > text.size()) return 0;
  unsigned code = lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

/// "line L, column C" of a byte offset as an editor counts them (1-based, columns in characters).
std::string line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// --- Structure scan: nesting depth (before parsing) and duplicate keys (after) -------------------

/// Walks the JSON text without building values. With `keys`, reports the first duplicate key of
/// an object; the text must then be valid JSON. Without, only limits the depth (any text).
void scan_structure(std::string_view text, bool keys) {
  struct Frame {
    bool object;
    bool expect_key;
    std::set<std::string_view> seen;
  };
  std::vector<Frame> stack;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const std::size_t start = i++;
      while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
      if (i >= text.size()) return;  // unterminated string: the parser reports it
      if (!keys || stack.empty() || !stack.back().object || !stack.back().expect_key) continue;
      stack.back().expect_key = false;
      const std::string_view key = text.substr(start + 1, i - start - 1);
      if (!stack.back().seen.insert(key).second) {
        throw SpecError("duplicate key \"" + printable(std::string(key)) + "\" at " +
                        line_column(text, start) + " (JSON keeps only one of them)");
      }
    } else if (c == '{' || c == '[') {
      if (stack.size() >= kMaxSpecDepth) {
        throw SpecError("invalid JSON at " + line_column(text, i) + ": nested deeper than " +
                        std::to_string(kMaxSpecDepth) + " levels");
      }
      stack.push_back({c == '{', c == '{', {}});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',' && !stack.empty() && stack.back().object) {
      stack.back().expect_key = true;
    }
  }
}

// --- Schema interpreter ---------------------------------------------------------------------------

/// Keywords the interpreter understands; annotations are ignored. Any other keyword in the schema
/// is a build error of jobbench (the schema and the parser would disagree), found by every test.
const std::set<std::string>& supported_keywords() {
  static const std::set<std::string> words = {
      "$schema",    "$id",   "$defs",    "$ref",  "title",    "description",         "$comment",
      "type",       "enum",  "required", "items", "properties", "additionalProperties"};
  return words;
}

void check_keywords(const json& schema, const std::string& where) {
  if (!schema.is_object()) throw std::logic_error("spec schema: " + where + " is not an object");
  for (const auto& [word, value] : schema.items()) {
    if (supported_keywords().count(word) == 0) {
      throw std::logic_error("spec schema: unsupported keyword \"" + word + "\" at " + where);
    }
    if (word == "properties" || word == "$defs") {
      for (const auto& [name, sub] : value.items()) check_keywords(sub, where + "/" + name);
    } else if ((word == "items" || word == "additionalProperties") && value.is_object()) {
      check_keywords(value, where + "/" + word);
    }
  }
}

const json& schema() {
  static const json parsed = [] {
    json s = json::parse(spec_schema_json());
    check_keywords(s, "#");
    return s;
  }();
  return parsed;
}

std::string unknown_key_hint(const std::string& key, const json& properties) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  std::string known;
  for (const auto& [name, sub] : properties.items()) {
    const std::size_t distance = edit_distance(key, name);
    if (distance < best_distance) best = name, best_distance = distance;
    known += (known.empty() ? "\"" : ", \"") + name + "\"";
  }
  if (!best.empty() && best_distance <= std::max<std::size_t>(2, key.size() / 3)) {
    return " (did you mean \"" + best + "\"?)";
  }
  return " (known keys: " + known + ")";
}

/// Where a value sits: the path of its container and its key ("" for array entries and the root).
struct Place {
  std::string path;
  std::string key;

};

std::string child_path(const Place& place);

/// The start of a message about the value itself: "classes.basis: ".
std::string subject(const Place& place) { return child_path(place) + ":"; }

std::string child_path(const Place& place) {
  if (place.key.empty()) return place.path;
  const bool plain = std::all_of(place.key.begin(), place.key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  const std::string part = plain ? place.key : "[\"" + place.key + "\"]";
  if (place.path == "spec") return part;
  return place.path + (plain ? "." : "") + part;
}

const char* type_phrase(const std::string& type) {
  if (type == "object") return "an object";
  if (type == "array") return "a list";
  if (type == "string") return "a string";
  if (type == "number") return "a number";
  if (type == "integer") return "a whole number";
  if (type == "boolean") return "true or false";
  return "null";
}

std::string json_type(const json& value) {
  if (value.is_object()) return "object";
  if (value.is_array()) return "array";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_null()) return "null";
  if (value.is_number_float()) return "number";
  return "integer";
}

/// JSON Schema's "integer" includes numbers like 2.0.
bool has_type(const json& value, const std::string& type) {
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    const double x = value.get<double>();
    return std::isfinite(x) && std::floor(x) == x;
  }
  return json_type(value) == type;
}

const json& resolve(const json& node) {
  const auto ref = node.find("$ref");
  if (ref == node.end()) return node;
  const std::string target = ref->get<std::string>();
  const std::string prefix = "#/$defs/";
  if (target.rfind(prefix, 0) != 0) throw std::logic_error("spec schema: bad $ref " + target);
  return resolve(schema().at("$defs").at(target.substr(prefix.size())));
}

void check_value(const json& value, const json& node, const Place& place);

void check_type(const json& value, const json& node, const Place& place) {
  const auto type = node.find("type");
  if (type == node.end()) return;
  std::vector<std::string> types;
  if (type->is_string()) types.push_back(type->get<std::string>());
  else for (const auto& t : *type) types.push_back(t.get<std::string>());
  for (const auto& t : types) {
    if (has_type(value, t)) return;
  }
  if (place.path == "spec" && place.key.empty()) {
    throw SpecError("spec: the top level must be a JSON object");
  }
  std::string wanted;
  for (const auto& t : types) wanted += (wanted.empty() ? "" : " or ") + std::string(type_phrase(t));
  throw SpecError(subject(place) + " must be " + wanted + " (got " +
                  type_phrase(json_type(value)) + ")");
}

void check_enum(const json& value, const json& node, const Place& place) {
  const auto options = node.find("enum");
  if (options == node.end()) return;
  std::string list;
  for (std::size_t i = 0; i < options->size(); ++i) {
    if ((*options)[i] == value) return;
    const bool last = i + 1 == options->size();
    list += (i == 0 ? "" : last ? (options->size() == 2 ? " or " : ", or ") : ", ") +
            (*options)[i].dump();
  }
  if (options->size() > 2) list = "one of " + list;
  const std::string got = value.is_primitive() ? value.dump() : type_phrase(json_type(value));
  throw SpecError(subject(place) + " must be " + list + " (got " +
                  printable(got.substr(0, 60)) + ")");
}

/// "tasks[12] (\"adm_sag\")" for an entry with a code, else "tasks[12]".
std::string entry_path(const std::string& list_path, std::size_t i, const json& entry) {
  std::string path = list_path + "[" + std::to_string(i) + "]";
  if (entry.is_object()) {
    const auto code = entry.find("code");
    if (code != entry.end() && code->is_string()) path += " (\"" + printable(code->get<std::string>()) + "\")";
  }
  return path;
}

void check_object(const json& value, const json& node, const Place& place) {
  const std::string path = child_path(place);
  static const json none = json::object();
  const json& properties = node.contains("properties") ? node.at("properties") : none;
  const auto extra = node.find("additionalProperties");
  const bool closed = extra != node.end() && extra->is_boolean() && !extra->get<bool>();
  // Unknown keys first: a misspelt required key is reported as misspelt, not as missing.
  for (const auto& [key, member] : value.items()) {
    if (closed && !properties.contains(key)) {
      throw SpecError(path + ": unknown key \"" + printable(key) + "\"" +
                      unknown_key_hint(key, properties));
    }
  }
  if (const auto required = node.find("required"); required != node.end()) {
    for (const auto& key : *required) {
      if (!value.contains(key.get<std::string>())) {
        throw SpecError(path + ": missing \"" + key.get<std::string>() + "\"");
      }
    }
  }
  for (const auto& [key, member] : value.items()) {
    const Place member_place{path, printable(key)};
    if (const auto known = properties.find(key); known != properties.end()) {
      check_value(member, *known, member_place);
    } else if (extra != node.end() && extra->is_object()) {
      check_value(member, *extra, member_place);
    }
  }
}

void check_value(const json& value, const json& schema_node, const Place& place) {
  const json& node = resolve(schema_node);
  check_type(value, node, place);
  check_enum(value, node, place);
  if (value.is_object()) {
    check_object(value, node, place);
  } else if (value.is_array()) {
    if (const auto items = node.find("items"); items != node.end()) {
      const std::string path = child_path(place);
      for (std::size_t i = 0; i < value.size(); ++i) {
        check_value(value[i], *items, Place{entry_path(path, i, value[i]), ""});
      }
    }
  }
}

}  // namespace

std::string printable(const std::string& text) {
  static const char* const hex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

nlohmann::json parse_spec_json(const std::string& text) {
  scan_structure(text, false);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& error) {
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2: ...";
    // keep the reason, with the position counted in characters.
    const std::string what = error.what();
    const std::size_t colon = what.find(": ", what.find("parse error"));
    const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    throw SpecError("invalid JSON at " + line_column(text, offset) + ": " + printable(reason));
  } catch (const json::out_of_range& error) {
    // A number beyond the range of a double ("1e400"): nlohmann names the token, not its place.
    const std::string what = error.what();
    const std::size_t quote = what.find('\'');
    const std::string token =
        quote == std::string::npos ? "" : what.substr(quote + 1, what.rfind('\'') - quote - 1);
    const std::size_t at = token.empty() ? std::string::npos : text.find(token);
    throw SpecError("invalid JSON" + (at == std::string::npos ? "" : " at " + line_column(text, at)) +
                    ": number " + printable(token) + " is out of range");
  } catch (const json::exception& error) {
    // e.g. out_of_range.406: a number too large for a double ("1e310").
    const std::string what = error.what();
    const std::size_t bracket = what.find("] ");
    throw SpecError("invalid JSON: " +
                    printable(bracket == std::string::npos ? what : what.substr(bracket + 2)) +
                    "; numbers must fit a double");
  }
  scan_structure(text, true);
  return root;
}

void check_spec_schema(const nlohmann::json& spec) { check_value(spec, schema(), Place{"spec", ""}); }

nlohmann::json read_spec_json(const std::string& text) {
  json root = parse_spec_json(text);
  check_spec_schema(root);
  return root;
}

}  // namespace jobbench::detail
