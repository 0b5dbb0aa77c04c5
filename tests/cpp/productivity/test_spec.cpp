#include "jobbench/register/spec.hpp"

#include "test_support.hpp"

namespace jobbench::test {
namespace {

using nlohmann::json;

TEST(Spec, ParsesFixture) {
  const BenchmarkSpec spec = fixture_spec();
  EXPECT_EQ(spec.name, "Testbenchmark");
  EXPECT_EQ(spec.population_label, "Befolkning (18-64 år)");
  ASSERT_EQ(spec.target_groups.size(), 5u);
  EXPECT_TRUE(spec.target_groups[2].is_composite());
  EXPECT_FALSE(spec.target_groups[0].is_composite());
  ASSERT_EQ(spec.tasks.size(), 11u);
  EXPECT_EQ(spec.tasks[0].code, "total");
  EXPECT_EQ(spec.tasks[0].parent, "");
  EXPECT_EQ(spec.tasks[2].divisor, "");  // inherited, not filled in
  EXPECT_EQ(spec.tasks[7].tags, (std::vector<std::string>{"virk", "udpl"}));
  ASSERT_EQ(spec.aggregates.size(), 2u);
  EXPECT_EQ(spec.aggregates[0].divisor, "all");
  EXPECT_DOUBLE_EQ(spec.employment_weights.at("flexjob"), 0.5);
  EXPECT_DOUBLE_EQ(spec.classes.considerably, 0.40);
}

TEST(Spec, IndexResolvesTreeDivisorsAndGroups) {
  const BenchmarkSpec spec = fixture_spec();
  const SpecIndex index(spec);
  EXPECT_EQ(index.root(), 0u);
  const std::size_t sag = *index.find_task("a.sag");
  EXPECT_EQ(index.depth(sag), 2);
  EXPECT_EQ(spec.target_groups[index.divisor(sag)].code, "a");  // inherited from "a"
  EXPECT_EQ(spec.target_groups[index.divisor(*index.find_task("a.sag.o30"))].code, "a_o30");
  EXPECT_EQ(spec.target_groups[index.divisor(*index.find_task("k.team"))].code, "k");
  EXPECT_EQ(index.base_components(*index.find_group("all")).size(), 3u);
  EXPECT_TRUE(index.is_base_group(*index.find_group("k")));
  EXPECT_FALSE(index.is_base_group(*index.find_group("a")));
  // Children come before parents.
  const auto& order = index.children_first_order();
  ASSERT_EQ(order.size(), spec.tasks.size());
  EXPECT_EQ(order.back(), index.root());
  std::vector<bool> seen(order.size(), false);
  for (std::size_t t : order) {
    for (std::size_t child : index.children(t)) EXPECT_TRUE(seen[child]);
    seen[t] = true;
  }
  // "a.virk.udpl" carries "virk" but its parent "a.virk" does too: only the parent counts.
  const auto& virk = index.aggregate_tasks(1);
  ASSERT_EQ(virk.size(), 1u);
  EXPECT_EQ(spec.tasks[virk[0]].code, "a.virk");
  EXPECT_EQ(index.aggregate_tasks(0).size(), 2u);  // a.team, k.team
}

TEST(Spec, DefaultsWhenOptionalKeysAreMissing) {
  const BenchmarkSpec spec = BenchmarkSpec::from_json_string(
      R"({"target_groups": [{"code": "g"}], "tasks": [{"code": "root", "divisor": "g"}]})");
  EXPECT_TRUE(spec.aggregates.empty());
  EXPECT_DOUBLE_EQ(spec.classes.same, 0.05);
  EXPECT_DOUBLE_EQ(spec.classes.slightly, 0.15);
}

/// Modifies the fixture JSON with `edit` and expects a SpecError mentioning `parts`.
template <typename Edit>
void expect_spec_error(Edit edit, std::initializer_list<std::string> parts) {
  json spec = fixture_spec_json();
  edit(spec);
  expect_error<SpecError>([&] { BenchmarkSpec::from_json_string(spec.dump()); }, parts);
}

TEST(SpecErrors, InvalidJson) {
  expect_error<SpecError>([] { BenchmarkSpec::from_json_string("{\"tasks\": [}"); },
                          {"invalid JSON"});
  expect_error<SpecError>([] { BenchmarkSpec::from_json_string("[]"); }, {"JSON object"});
  expect_error<SpecError>([] { BenchmarkSpec::from_json_file("/nonexistent/spec.json"); },
                          {"cannot open"});
}

TEST(SpecErrors, WrongTypes) {
  expect_spec_error([](json& s) { s["tasks"][1]["parent"] = 3; },
                    {"tasks[1] (\"a\").parent: must be a string (got a whole number)"});
  expect_spec_error([](json& s) { s["tasks"] = "x"; }, {"tasks: must be a list (got a string)"});
  expect_spec_error([](json& s) { s["tasks"][0].erase("code"); }, {"tasks[0]: missing \"code\""});
  expect_spec_error([](json& s) { s["classes"]["same"] = "small"; },
                    {"classes.same: must be a number"});
  expect_spec_error([](json& s) { s["tasks"][2]["label"] = nullptr; },
                    {"tasks[2] (\"a.sag\").label: must be a string (got null)"});
  expect_spec_error([](json& s) { s["classes"]["basis"] = "mean"; },
                    {"classes.basis: must be \"own\" or \"area\" (got \"mean\")"});
  expect_spec_error([](json& s) { s["tables"]["4.1"]["rows"][0] = {{"label", "x"}, {"bold", 1}}; },
                    {"tables[\"4.1\"].rows[0].bold: must be true or false"});
}

// Regression: a misspelt "divisor" used to be ignored, so the task silently took its parent's
// divisor (Varde's figure moved from 5.0 to 4.0).
TEST(SpecErrors, UnknownKeyNamesPlaceAndNearestKey) {
  expect_spec_error(
      [](json& s) {
        s["tasks"][3]["divsor"] = s["tasks"][3]["divisor"];
        s["tasks"][3].erase("divisor");
      },
      {"tasks[3] (\"a.sag.o30\"): unknown key \"divsor\" (did you mean \"divisor\"?)"});
  expect_spec_error([](json& s) { s["tabels"] = s["tables"]; },
                    {"spec: unknown key \"tabels\" (did you mean \"tables\"?)"});
  expect_spec_error([](json& s) { s["classes"]["slighty"] = 0.1; },
                    {"classes: unknown key \"slighty\" (did you mean \"slightly\"?)"});
  expect_spec_error([](json& s) { s["tables"]["4.1"]["rows"][0] = {{"lable", "x"}}; },
                    {"tables[\"4.1\"].rows[0]: unknown key \"lable\" (did you mean \"label\"?)"});
  // Nothing close: list the keys that are allowed there.
  expect_spec_error([](json& s) { s["target_groups"][0]["colour"] = "red"; },
                    {"target_groups[0] (\"a_o30\"): unknown key \"colour\" (known keys: "
                     "\"code\", \"components\", \"label\")"});
  // A misspelt required key is reported as misspelt, not as missing.
  expect_spec_error(
      [](json& s) {
        s["tasks"][0]["cod"] = "total";
        s["tasks"][0].erase("code");
      },
      {"unknown key \"cod\" (did you mean \"code\"?)"});
}

TEST(SpecErrors, RegisterSectionIsCheckedToo) {
  const auto with_register = [](json& s) {
    s["register"] = {{"groups", {{{"code", "a"}, {"sicknes", true}}}}, {"offers", json::array()}};
  };
  expect_spec_error(with_register, {"register.groups[0] (\"a\"): unknown key \"sicknes\" (did "
                                    "you mean \"sickness\"?)"});
  json spec = fixture_spec_json();
  spec["register"] = {{"groups", {{{"code", "a"}}}}, {"offers", json::array()}, {"totl", {}}};
  expect_error<SpecError>([&] { RegisterSpec::from_json_string(spec.dump()); },
                          {"register: unknown key \"totl\" (did you mean \"total\"?)"});
  // A week that does not fit in 32 bits used to wrap round to a valid one.
  spec["register"].erase("totl");
  spec["register"]["period"] = {{"first", 4295168523LL}, {"last", 201326}};
  expect_error<SpecError>([&] { RegisterSpec::from_json_string(spec.dump()); },
                          {"register period: \"first\" must be a week YYYYWW"});
  spec["register"]["period"]["first"] = 201227.0;  // a whole number, as JSON Schema counts it
  EXPECT_EQ(RegisterSpec::from_json_string(spec.dump()).period.first, 201227);
}

TEST(SpecErrors, InvalidJsonNamesLineAndColumn) {
  expect_error<SpecError>([] { BenchmarkSpec::from_json_string("{\n  \"tasks\": [}\n"); },
                          {"invalid JSON at line 2, column 13: syntax error"});
  // Columns count characters, not bytes ("æøå" is 6 bytes): the "x" is character 16, byte 19.
  expect_error<SpecError>(
      [] { BenchmarkSpec::from_json_string("{\"name\": \"\u00e6\u00f8\u00e5\" x}"); },
      {"line 1, column 16"});
  expect_error<SpecError>([] { BenchmarkSpec::from_json_string(""); }, {"invalid JSON at line 1"});
  // Invalid UTF-8 and NUL bytes: an error whose message is printable UTF-8.
  std::string bad = "{\"name\": \"x\xff\"}";
  try {
    BenchmarkSpec::from_json_string(bad);
    ADD_FAILURE() << "invalid UTF-8 accepted";
  } catch (const SpecError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("invalid JSON at line 1, column"));
    EXPECT_THAT(error.what(), ::testing::Not(::testing::HasSubstr("\xff")));
  }
  // Found by jobbench_fuzz: nlohmann throws out_of_range, not parse_error, for 1e400.
  expect_error<SpecError>(
      [] { BenchmarkSpec::from_json_string("{\"classes\":\n {\"same\": -1e400}}"); },
      {"invalid JSON at line 2, column 11: number -1e400 is out of range"});
  expect_error<SpecError>([] { BenchmarkSpec::from_json_string(std::string("{\0}", 3)); },
                          {"invalid JSON at line 1, column 2"});
}

TEST(SpecErrors, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  expect_error<SpecError>([&] { BenchmarkSpec::from_json_string(deep); },
                          {"invalid JSON at line 1, column 65: nested deeper than 64 levels"});
  expect_error<SpecError>([&] { RegisterSpec::from_json_string("{\"a\":" + deep + "}"); },
                          {"nested deeper than 64 levels"});
}

TEST(SpecErrors, DuplicateKeys) {
  expect_error<SpecError>(
      [] {
        BenchmarkSpec::from_json_string(
            "{\"tasks\": [{\"code\": \"r\", \"divisor\": \"g\",\n \"divisor\": \"h\"}]}");
      },
      {"duplicate key \"divisor\" at line 2, column 2"});
}

TEST(SpecErrors, FileErrorsNameTheFile) {
  const std::string path = ::testing::TempDir() + "jobbench_bad_spec.json";
  std::ofstream(path) << "{\"target_groups\": [], \"tasks\": [{\"code\": \"r\", \"divsor\": \"g\"}]}";
  expect_error<SpecError>([&] { BenchmarkSpec::from_json_file(path); },
                          {path + ": tasks[0] (\"r\"): unknown key \"divsor\""});
  expect_error<SpecError>([&] { RegisterSpec::from_json_file(path); }, {path + ": "});
}

TEST(SpecSchema, EmbeddedSchemaIsTheShippedFile) {
  std::ifstream file(JOBBENCH_SPEC_SCHEMA_FILE);
  ASSERT_TRUE(file) << JOBBENCH_SPEC_SCHEMA_FILE;
  EXPECT_EQ(json::parse(spec_schema_json()), json::parse(file));
}

TEST(SpecSchema, ShippedSpecPasses) {
  std::ifstream file(JOBBENCH_SPEC_2013_FILE);
  ASSERT_TRUE(file) << JOBBENCH_SPEC_2013_FILE;
  std::ostringstream text;
  text << file.rdbuf();
  EXPECT_EQ(BenchmarkSpec::from_json_string(text.str()).tasks.front().code, "total");
  EXPECT_FALSE(RegisterSpec::from_json_string(text.str()).groups.empty());
}

TEST(SpecErrors, DuplicateGroupCode) {
  expect_spec_error(
      [](json& s) {
        s["target_groups"].push_back({{"code", "k"}});
      },
      {"target group 'k'", "duplicate"});
}

TEST(SpecErrors, UnknownComponent) {
  expect_spec_error([](json& s) { s["target_groups"][2]["components"].push_back("x"); },
                    {"target group 'a'", "unknown component 'x'"});
}

TEST(SpecErrors, ComponentCycle) {
  expect_spec_error([](json& s) { s["target_groups"][3]["components"] = {"all"}; },
                    {"cycle in components"});
}

TEST(SpecErrors, BaseGroupCountedTwice) {
  expect_spec_error([](json& s) { s["target_groups"][4]["components"].push_back("a_o30"); },
                    {"target group 'all'", "'a_o30' is counted twice"});
}

TEST(SpecErrors, DuplicateTaskCode) {
  expect_spec_error(
      [](json& s) {
        s["tasks"].push_back({{"code", "a.team"}, {"parent", "a"}});
      },
      {"task 'a.team'", "duplicate"});
}

TEST(SpecErrors, Orphan) {
  expect_spec_error([](json& s) { s["tasks"][5]["parent"] = "nowhere"; },
                    {"task 'a.team'", "orphan", "'nowhere'"});
}

TEST(SpecErrors, Cycle) {
  expect_spec_error([](json& s) { s["tasks"][1]["parent"] = "a.sag"; }, {"cycle in parent chain"});
}

TEST(SpecErrors, NoRootOrTwoRoots) {
  expect_spec_error([](json& s) { s["tasks"][8].erase("parent"); },
                    {"exactly one root", "found 2", "'total', 'k'"});
  expect_spec_error([](json& s) { s["tasks"] = json::array(); }, {"no tasks"});
}

TEST(SpecErrors, RootWithoutDivisor) {
  expect_spec_error([](json& s) { s["tasks"][0].erase("divisor"); },
                    {"task 'total'", "root task must have a divisor"});
}

TEST(SpecErrors, UnknownDivisor) {
  expect_spec_error([](json& s) { s["tasks"][3]["divisor"] = "zz"; },
                    {"task 'a.sag.o30'", "unknown divisor 'zz'"});
}

TEST(SpecErrors, Aggregates) {
  expect_spec_error([](json& s) { s["aggregates"][1]["code"] = "heraf_ledelse"; },
                    {"aggregate 'heraf_ledelse'", "duplicate"});
  expect_spec_error([](json& s) { s["aggregates"][0]["code"] = "a.team"; },
                    {"aggregate 'a.team'", "also a task code"});
  expect_spec_error([](json& s) { s["aggregates"][0]["divisor"] = "nope"; },
                    {"aggregate 'heraf_ledelse'", "unknown divisor 'nope'"});
  expect_spec_error([](json& s) { s["aggregates"][0].erase("divisor"); }, {"aggregates[0] (\"heraf_ledelse\"): missing \"divisor\""});
  expect_spec_error([](json& s) { s["aggregates"][0]["tags"] = json::array(); }, {"no tags"});
}

TEST(SpecErrors, Thresholds) {
  expect_spec_error([](json& s) { s["classes"]["slightly"] = 0.5; }, {"classes", "thresholds"});
  expect_spec_error([](json& s) { s["classes"]["same"] = -0.1; }, {"thresholds"});
}

TEST(SpecErrors, ValidateAfterEditing) {
  BenchmarkSpec spec = fixture_spec();
  spec.tasks[4].parent = "missing";
  expect_error<SpecError>([&] { spec.validate(); }, {"orphan"});
  expect_error<SpecError>([&] { BenchmarkData(spec, {"Varde"}); }, {"orphan"});
}

}  // namespace
}  // namespace jobbench::test

TEST(Spec, NumberOverflowIsASpecError) {
  // nlohmann throws out_of_range for 1e310; the parser must turn it into a SpecError.
  EXPECT_THROW(jobbench::BenchmarkSpec::from_json_string("{\"\":1e310"), jobbench::SpecError);
  EXPECT_THROW(jobbench::BenchmarkSpec::from_json_string("{\"name\": 1e999}"), jobbench::SpecError);
}
