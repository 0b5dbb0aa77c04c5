#include "jobbench/names.hpp"

#include <algorithm>
#include <cstdint>

#include "common/format.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

/// The code points of a UTF-8 string; bytes that are not UTF-8 stand for themselves.
std::vector<std::uint32_t> code_points(const std::string& text) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = detail::utf8_sequence_length(text, i);
    auto lead = static_cast<unsigned char>(text[i]);
    if (length <= 1) {
      out.push_back(lead);
      ++i;
      continue;
    }
    std::uint32_t cp = lead & (0xFFu >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

/// Lower case of ASCII and Latin-1 upper-case letters (À..Þ except ×).
std::uint32_t lower(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  return cp;
}

std::vector<std::uint32_t> folded_points(const std::string& text) {
  std::vector<std::uint32_t> points = code_points(text);
  for (auto& cp : points) cp = lower(cp);
  return points;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

template <class Sequence>
std::size_t osa_distance(const Sequence& a, const Sequence& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string fold_case(const std::string& text) {
  // Bytes that are not UTF-8 are kept as they are (they only ever match themselves).
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = detail::utf8_sequence_length(text, i);
    if (length <= 1) {
      const auto c = static_cast<unsigned char>(text[i]);
      out += static_cast<char>(length == 1 ? lower(c) : c);
      ++i;
      continue;
    }
    append_utf8(out, lower(code_points(text.substr(i, length)).front()));
    i += length;
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  return osa_distance(code_points(a), code_points(b));
}

std::string closest_name(const std::vector<std::string>& candidates, const std::string& query) {
  const auto folded_query = folded_points(query);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const std::string& name : candidates) {  // first of equally close names wins: stable
    const std::size_t distance = osa_distance(folded_query, folded_points(name));
    if (distance < best_distance) best = name, best_distance = distance;
  }
  const std::size_t limit = std::max<std::size_t>(2, folded_query.size() / 3);
  return best_distance <= limit ? best : std::string();
}

Eigen::Index find_name(const std::vector<std::string>& names, const std::string& query,
                       const std::string& what) {
  const auto exact = std::find(names.begin(), names.end(), query);
  if (exact != names.end()) return static_cast<Eigen::Index>(exact - names.begin());
  const std::string folded = fold_case(query);
  Eigen::Index found = -1;
  std::string others;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (fold_case(names[i]) != folded) continue;
    if (found >= 0)
      others += (others.empty() ? "" : ", ") + detail::in_quotes(names[i]);
    else
      found = static_cast<Eigen::Index>(i);
  }
  if (found >= 0 && others.empty()) return found;
  if (found >= 0) {
    throw InputError(what + " " + detail::in_quotes(query) + " is ambiguous: it matches " +
                     detail::in_quotes(names[static_cast<std::size_t>(found)]) + ", " + others +
                     " ignoring case; give the exact name");
  }
  const std::string suggestion = closest_name(names, query);
  std::string message = "unknown " + what + " " + detail::in_quotes(query);
  if (!suggestion.empty())
    message += " (did you mean " + detail::in_quotes(suggestion) + "?)";
  else if (names.empty())
    message += " (there are none)";
  throw InputError(message);
}

}  // namespace jobbench
