// Looking up names (municipalities, item codes) the way a user types them.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace jobbench {

/// Index of `query` in `names`: the exact name, else the one name equal to it ignoring case
/// (ASCII and the Danish letters Æ, Ø, Å, É, Ü, Ö, Ä, Ü). Throws InputError "unknown <what> 'x'
/// (did you mean 'y'?)" when there is none, or when several names differ only by case.
Eigen::Index find_name(const std::vector<std::string>& names, const std::string& query,
                       const std::string& what);

/// The candidate closest to `query` (case-insensitive Damerau-Levenshtein distance on code points),
/// or "" when none is close enough to be a likely typo (distance at most max(2, length / 3)).
std::string closest_name(const std::vector<std::string>& candidates, const std::string& query);

/// `text` in lower case: ASCII and the Latin-1 letters (UTF-8), as Danish names need.
std::string fold_case(const std::string& text);

/// Damerau-Levenshtein (optimal string alignment) distance between two strings, by code point.
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace jobbench
