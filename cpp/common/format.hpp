// Internal helpers for building error messages.
#pragma once

#include <cstddef>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string>

namespace jobbench::detail {

/// A number as it would be written by hand: 10 significant digits, no trailing zeros.
inline std::string format_number(double value) {
  std::ostringstream out;
  out << std::setprecision(10) << value;
  return out.str();
}

/// Length of the valid UTF-8 sequence starting at text[i], or 0 if the bytes there are not one.
inline std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  if (lead < 0xC2 || lead > 0xF4) return 0;
  const std::size_t length = lead <= 0xDF ? 2 : lead <= 0xEF ? 3 : 4;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points above U+10FFFF.
  const unsigned char second = byte(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;
  if (lead == 0xED && second > 0x9F) return 0;
  if (lead == 0xF0 && second < 0x90) return 0;
  if (lead == 0xF4 && second > 0x8F) return 0;
  return length;
}

/// User text made safe for a one-line message: control characters become \n, \t, \r or \xNN and
/// bytes that are not UTF-8 become \xNN (a NUL would otherwise end the message in C and Python).
/// Every message that quotes user text (names, codes, field text) goes through this.
inline std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8_sequence_length(text, i);
    if (length > 1) {
      out.append(text, i, length);
      i += length;
      continue;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (length == 1 && c >= 0x20 && c != 0x7F) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
    ++i;
  }
  return out;
}

/// User text in single quotes, escaped: 'Varde', 'a\x00b'.
inline std::string in_quotes(const std::string& text) { return "'" + escape(text) + "'"; }

/// "<where> (<municipality>, <key>): <rule>" with <where> e.g. "fte row 3" or "fte.csv line 5"
/// (design.md section 2). The municipality and key are escaped; the rule escapes what it quotes.
inline std::string located_message(const std::string& where, const std::string& municipality,
                                   const std::string& key, const std::string& rule) {
  std::string message = where + " (" + escape(municipality);
  if (!key.empty()) message += ", " + escape(key);
  return message + "): " + rule;
}

/// "<table> row <i> (<municipality>, <key>): <rule>" with a 0-based row of the input as given.
inline std::string row_message(const std::string& table, std::size_t row,
                               const std::string& municipality, const std::string& key,
                               const std::string& rule) {
  return located_message(table + " row " + std::to_string(row), municipality, key, rule);
}

}  // namespace jobbench::detail
