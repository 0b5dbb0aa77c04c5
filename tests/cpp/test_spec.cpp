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
  expect_spec_error([](json& s) { s["tasks"][1]["parent"] = 3; }, {"task 'a'", "\"parent\""});
  expect_spec_error([](json& s) { s["tasks"] = "x"; }, {"\"tasks\" must be a list"});
  expect_spec_error([](json& s) { s["tasks"][0].erase("code"); }, {"missing \"code\""});
  expect_spec_error([](json& s) { s["classes"]["same"] = "small"; }, {"classes.same"});
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
  expect_spec_error([](json& s) { s["aggregates"][0].erase("divisor"); }, {"missing divisor"});
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
