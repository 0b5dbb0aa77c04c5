// Shared helpers for the jobbench tests: the hand-made fixture spec and data.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobbench/jobbench.hpp"

namespace jobbench::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(JOBBENCH_FIXTURES_DIR) + "/" + name;
}

/// The fixture spec (tests/cpp/fixtures/spec.json) as JSON, for tests that break it on purpose.
inline nlohmann::json fixture_spec_json() {
  std::ifstream file(fixture_path("spec.json"));
  return nlohmann::json::parse(file);
}

inline BenchmarkSpec fixture_spec() {
  return BenchmarkSpec::from_json_file(fixture_path("spec.json"));
}

/// Person-years for the fixture spec: a_o30, a_u30 and k per municipality.
inline void add_person_years(BenchmarkData& data, const std::string& municipality, double a_o30,
                             double a_u30, double k) {
  data.add_person_years(municipality, "a_o30", a_o30);
  data.add_person_years(municipality, "a_u30", a_u30);
  data.add_person_years(municipality, "k", k);
}

/// Expects `call` to throw ExceptionType with a message containing every string in `parts`.
template <typename ExceptionType, typename Call>
void expect_error(Call call, std::initializer_list<std::string> parts) {
  try {
    call();
    ADD_FAILURE() << "expected an exception";
  } catch (const ExceptionType& error) {
    for (const auto& part : parts) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr(part));
    }
  }
}

}  // namespace jobbench::test
