#include <cmath>
#include <random>

#include "test_support.hpp"

namespace jobbench::test {
namespace {

/// The fixture data of tests/cpp/fixtures/*.csv, entered row by row.
BenchmarkData fixture_data() {
  BenchmarkData data(fixture_spec(), {"Varde", "Esbjerg", "Billund"});
  data.add_fte("Varde", "a.sag.o30", 2);
  data.add_fte("Varde", "a.sag.u30", 1);
  data.add_fte("Varde", "a.team", 0.5);
  data.add_fte("Varde", "a.virk", 1.5, 0.5);
  data.add_fte("Varde", "k", 4, 1);
  data.add_fte("Varde", "k.team", 0.5);
  data.add_fte("Esbjerg", "a.sag.o30", 3);
  data.add_fte("Esbjerg", "a.sag.u30", 1);
  data.add_fte("Esbjerg", "a.team", 1);
  data.add_fte("Esbjerg", "a.virk", 1);
  data.add_fte("Esbjerg", "k.sag", 9, 2);
  data.add_fte("Esbjerg", "k.team", 1);
  data.add_fte("Billund", "a.sag", 2);
  data.add_fte("Billund", "a.team", 0.5);
  data.add_fte("Billund", "a.virk.udpl", 0.5, 0.25);
  data.add_fte("Billund", "k.sag", 3);
  data.add_fte("Billund", "k.team", 0.5);
  add_person_years(data, "Varde", 400, 100, 500);
  add_person_years(data, "Esbjerg", 800, 200, 1000);
  add_person_years(data, "Billund", 200, 50, 250);
  data.set_population("Varde", 29000);
  data.set_population("Esbjerg", 72000);
  return data;  // no population for Billund
}

class Fixture : public ::testing::Test {
 protected:
  const BenchmarkResult result = compute(fixture_data());

  double at(const Eigen::MatrixXd& matrix, const std::string& item,
            const std::string& municipality) const {
    return matrix(static_cast<Eigen::Index>(result.item_index(item)),
                  static_cast<Eigen::Index>(result.municipality_index(municipality)));
  }
  double mean(const std::string& item) const {
    return result.mean(static_cast<Eigen::Index>(result.item_index(item)));
  }
};

TEST_F(Fixture, ItemsInSpecOrderThenAggregates) {
  ASSERT_EQ(result.items.size(), 13u);
  EXPECT_EQ(result.items[0].code, "total");
  EXPECT_EQ(result.items[0].depth, 0);
  EXPECT_EQ(result.items[3].code, "a.sag.o30");
  EXPECT_EQ(result.items[3].depth, 3);
  EXPECT_EQ(result.items[3].parent, "a.sag");
  EXPECT_EQ(result.items[2].divisor, "a");  // inherited
  EXPECT_EQ(result.items[11].code, "heraf_ledelse");
  EXPECT_EQ(result.items[11].kind, ItemKind::Aggregate);
  EXPECT_STREQ(item_kind_name(result.items[11].kind), "aggregate");
  EXPECT_EQ(result.municipalities, (std::vector<std::string>{"Varde", "Esbjerg", "Billund"}));
  EXPECT_THROW(result.item_index("nope"), jobbench::InputError);
  EXPECT_THROW(result.municipality_index("Ribe"), jobbench::InputError);
}

TEST_F(Fixture, FteRollsUpTheTree) {
  EXPECT_DOUBLE_EQ(at(result.fte, "a.sag", "Varde"), 3.0);  // no row: 2 + 1
  EXPECT_DOUBLE_EQ(at(result.fte, "a", "Varde"), 5.0);
  EXPECT_DOUBLE_EQ(at(result.fte, "k", "Varde"), 4.0);  // its own row wins over k.team's 0.5
  EXPECT_DOUBLE_EQ(at(result.fte, "total", "Varde"), 9.0);
  EXPECT_DOUBLE_EQ(at(result.fte, "a.virk", "Billund"), 0.5);
  EXPECT_DOUBLE_EQ(at(result.fte, "a.sag.o30", "Billund"), 0.0);
  EXPECT_DOUBLE_EQ(at(result.fte, "total", "Billund"), 6.5);
  EXPECT_DOUBLE_EQ(at(result.fte_external, "total", "Varde"), 1.5);
  EXPECT_DOUBLE_EQ(at(result.fte_external, "a", "Billund"), 0.25);
}

TEST_F(Fixture, UnallocatedFte) {
  EXPECT_DOUBLE_EQ(at(result.unallocated, "k", "Varde"), 3.5);       // 4 - 0.5
  EXPECT_DOUBLE_EQ(at(result.unallocated, "a.sag", "Billund"), 2);   // nothing below it given
  EXPECT_DOUBLE_EQ(at(result.unallocated, "a.sag", "Varde"), 0.0);   // derived from children
  EXPECT_DOUBLE_EQ(at(result.unallocated, "a.team", "Varde"), 0.0);  // leaf
  EXPECT_TRUE(std::isnan(at(result.unallocated, "heraf_ledelse", "Varde")));
}

TEST_F(Fixture, DivisorsInheritedAndComposite) {
  EXPECT_DOUBLE_EQ(at(result.person_years, "total", "Varde"), 1000);  // all = a + k
  EXPECT_DOUBLE_EQ(at(result.person_years, "a", "Varde"), 500);       // a = a_o30 + a_u30
  EXPECT_DOUBLE_EQ(at(result.person_years, "a.sag", "Varde"), 500);   // inherited from a
  EXPECT_DOUBLE_EQ(at(result.person_years, "a.virk.udpl", "Esbjerg"), 1000);
  EXPECT_DOUBLE_EQ(at(result.person_years, "a.sag.u30", "Varde"), 100);
  EXPECT_DOUBLE_EQ(at(result.person_years, "k.sag", "Billund"), 250);
}

TEST_F(Fixture, ProductivityIsSumOverSumNotMeanOfRatios) {
  EXPECT_DOUBLE_EQ(at(result.productivity, "a.sag.o30", "Varde"), 5.0);   // 2 / 400
  EXPECT_DOUBLE_EQ(at(result.productivity, "a.sag.u30", "Varde"), 10.0);  // 1 / 100
  EXPECT_DOUBLE_EQ(at(result.productivity, "a.sag", "Varde"), 6.0);       // 3 / 500, not 7.5
  EXPECT_DOUBLE_EQ(at(result.productivity, "a", "Varde"), 10.0);
  EXPECT_DOUBLE_EQ(at(result.productivity, "k", "Varde"), 8.0);
  EXPECT_DOUBLE_EQ(at(result.productivity, "total", "Varde"), 9.0);
  EXPECT_DOUBLE_EQ(at(result.productivity, "total", "Esbjerg"), 8.0);
  EXPECT_DOUBLE_EQ(at(result.productivity, "total", "Billund"), 13.0);
  EXPECT_DOUBLE_EQ(at(result.productivity_external, "total", "Varde"), 1.5);
  EXPECT_DOUBLE_EQ(at(result.productivity, "a.sag.o30", "Billund"), 0.0);
}

TEST_F(Fixture, AggregatesDoNotDoubleCount) {
  // heraf_ledelse = a.team + k.team over "all".
  EXPECT_DOUBLE_EQ(at(result.fte, "heraf_ledelse", "Varde"), 1.0);
  EXPECT_DOUBLE_EQ(at(result.productivity, "heraf_ledelse", "Varde"), 1.0);
  EXPECT_DOUBLE_EQ(at(result.fte, "heraf_ledelse", "Esbjerg"), 2.0);
  // a.virk and its sub-task a.virk.udpl both carry "virk": Billund's 0.5 counts once.
  EXPECT_DOUBLE_EQ(at(result.fte, "heraf_virk", "Billund"), 0.5);
  EXPECT_DOUBLE_EQ(at(result.fte_external, "heraf_virk", "Billund"), 0.25);
  EXPECT_DOUBLE_EQ(at(result.productivity, "heraf_virk", "Billund"), 1.0);
  EXPECT_DOUBLE_EQ(at(result.person_years, "heraf_virk", "Billund"), 500);
}

TEST_F(Fixture, ShareAndPopulation) {
  EXPECT_DOUBLE_EQ(at(result.share, "total", "Varde"), 1.0);
  EXPECT_DOUBLE_EQ(at(result.share, "a", "Varde"), 5.0 / 9.0);
  EXPECT_DOUBLE_EQ(at(result.share, "a.sag.o30", "Billund"), 0.0);
  EXPECT_DOUBLE_EQ(at(result.fte_per_1000_population, "total", "Varde"), 9000.0 / 29000.0);
  EXPECT_TRUE(std::isnan(at(result.fte_per_1000_population, "total", "Billund")));
  EXPECT_TRUE(std::isnan(at(result.fte_per_1000_population, "a.sag.o30", "Billund")));
  EXPECT_TRUE(std::isnan(result.population(2)));
}

TEST_F(Fixture, GroupStatistics) {
  const Eigen::Index total = 0;
  EXPECT_DOUBLE_EQ(result.mean(total), 10.0);  // (9 + 8 + 13) / 3
  EXPECT_DOUBLE_EQ(result.median(total), 9.0);
  EXPECT_DOUBLE_EQ(result.weighted_mean(total), 31.5 / 3500 * 1000);  // Σ FTE / Σ P = 9
  EXPECT_DOUBLE_EQ(mean("a"), 28.0 / 3.0);
  EXPECT_DOUBLE_EQ(at(result.diff_abs, "total", "Varde"), -1.0);
  EXPECT_DOUBLE_EQ(at(result.diff_rel, "total", "Varde"), -0.1);
  EXPECT_DOUBLE_EQ(at(result.diff_rel, "total", "Billund"), 0.3);
  EXPECT_EQ(result.verbal_class(total, 0), kClassSlightlyFewer);     // -10 %
  EXPECT_EQ(result.verbal_class(total, 1), kClassFewer);             // -20 %
  EXPECT_EQ(result.verbal_class(total, 2), kClassConsiderablyMore);  // +30 %
  // Rank 1 = lowest productivity (fewest FTE per 1,000).
  EXPECT_EQ(result.rank(total, 0), 2);
  EXPECT_EQ(result.rank(total, 1), 1);
  EXPECT_EQ(result.rank(total, 2), 3);
  // a.sag.o30: Billund has none at all while the mean is positive.
  const auto o30 = static_cast<Eigen::Index>(result.item_index("a.sag.o30"));
  EXPECT_EQ(result.verbal_class(o30, 2), kClassNone);
}

TEST_F(Fixture, DecompositionOfFixture) {
  ASSERT_EQ(result.decomposition_items, (std::vector<std::string>{"a", "k"}));
  for (Eigen::Index m = 0; m < 3; ++m) {
    const double sum = result.decomposition_productivity.col(m).sum() +
                       result.decomposition_mix.col(m).sum() +
                       result.decomposition_interaction.sum();
    EXPECT_NEAR(sum, result.total_difference(m), 1e-12);
  }
  EXPECT_DOUBLE_EQ(result.total_difference(0), -1.0);
}

TEST(Compute, RanksWithTies) {
  BenchmarkData data(fixture_spec(), {"A", "B", "C", "D"});
  const double fte[] = {5, 7, 5, 9};
  const char* names[] = {"A", "B", "C", "D"};
  for (int m = 0; m < 4; ++m) {
    add_person_years(data, names[m], 500, 0, 500);
    data.add_fte(names[m], "k.sag", fte[m]);
  }
  const BenchmarkResult result = compute(data);
  const auto k = static_cast<Eigen::Index>(result.item_index("k"));
  EXPECT_EQ(result.rank.row(k), (Eigen::RowVector4i(1, 3, 1, 4)));
  const auto a = static_cast<Eigen::Index>(result.item_index("a"));
  EXPECT_EQ(result.rank.row(a), (Eigen::RowVector4i(1, 1, 1, 1)));  // all zero
  EXPECT_EQ(result.verbal_class(a, 0), kClassSame);                 // 0 vs mean 0
  EXPECT_TRUE(std::isnan(result.diff_rel(a, 0)));
  EXPECT_DOUBLE_EQ(result.median(k), 12.0);  // (10 + 14) / 2
}

// --- Random data: conservation of FTE and the exact decomposition ---

struct RandomBenchmark {
  BenchmarkData data;
  double fte_rows_sum = 0.0;  // Σ of the rows given on leaf tasks
};

/// Random FTE and person-years for `n` municipalities. With `parent_rows`, some inner tasks get a
/// row of their children's sum plus extra (unallocated) FTE, the root included.
RandomBenchmark random_benchmark(unsigned seed, int n, bool parent_rows) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> person_years(10.0, 2000.0);
  std::uniform_real_distribution<double> fte(0.0, 20.0);
  std::bernoulli_distribution present(0.8);
  std::bernoulli_distribution parent_row(0.3);

  const BenchmarkSpec spec = fixture_spec();
  const SpecIndex index(spec);
  std::vector<std::string> municipalities;
  for (int m = 0; m < n; ++m) municipalities.push_back("M" + std::to_string(m));
  RandomBenchmark out{BenchmarkData(spec, municipalities)};

  for (const auto& municipality : municipalities) {
    add_person_years(out.data, municipality, person_years(engine), person_years(engine),
                     person_years(engine));
    std::vector<double> task_fte(spec.tasks.size(), 0.0);
    for (const std::size_t t : index.children_first_order()) {
      if (index.children(t).empty()) {
        if (!present(engine)) continue;
        task_fte[t] = fte(engine);
        out.data.add_fte(municipality, spec.tasks[t].code, task_fte[t], task_fte[t] / 3.0);
        out.fte_rows_sum += task_fte[t];
        continue;
      }
      for (const std::size_t child : index.children(t)) task_fte[t] += task_fte[child];
      if (parent_rows && parent_row(engine)) {
        task_fte[t] += fte(engine);
        out.data.add_fte(municipality, spec.tasks[t].code, task_fte[t]);
      }
    }
  }
  return out;
}

class RandomData : public ::testing::TestWithParam<unsigned> {};

TEST_P(RandomData, FteInEqualsRootFteOut) {
  const RandomBenchmark random = random_benchmark(GetParam(), 7, /*parent_rows=*/false);
  const BenchmarkResult result = compute(random.data);
  EXPECT_NEAR(result.fte.row(0).sum(), random.fte_rows_sum, 1e-9);
  EXPECT_DOUBLE_EQ(result.weighted_mean(0),
                   result.fte.row(0).sum() * 1000.0 / result.person_years.row(0).sum());
}

TEST_P(RandomData, RootFteIsLeavesPlusUnallocated) {
  const RandomBenchmark random = random_benchmark(GetParam(), 7, /*parent_rows=*/true);
  const BenchmarkResult result = compute(random.data);
  const SpecIndex& index = random.data.index();
  for (Eigen::Index m = 0; m < result.fte.cols(); ++m) {
    double accounted = 0.0;
    for (std::size_t t = 0; t < index.task_count(); ++t) {
      const auto i = static_cast<Eigen::Index>(t);
      accounted += result.unallocated(i, m);
      if (index.children(t).empty()) accounted += result.fte(i, m);
    }
    EXPECT_NEAR(accounted, result.fte(0, m), 1e-9);
  }
}

TEST_P(RandomData, DecompositionSumsToTotalDifference) {
  for (const bool parent_rows : {false, true}) {
    const RandomBenchmark random = random_benchmark(GetParam(), 11, parent_rows);
    const BenchmarkResult result = compute(random.data);
    const auto rows = static_cast<Eigen::Index>(result.decomposition_items.size());
    ASSERT_EQ(result.decomposition_productivity.rows(), rows);
    for (Eigen::Index m = 0; m < result.fte.cols(); ++m) {
      const double sum = result.decomposition_productivity.col(m).sum() +
                         result.decomposition_mix.col(m).sum() +
                         result.decomposition_interaction.sum();
      EXPECT_NEAR(sum, result.total_difference(m), 1e-9);
      EXPECT_DOUBLE_EQ(result.total_difference(m), result.productivity(0, m) - result.mean(0));
    }
    // The differences from the mean sum to zero over municipalities, and so do the effects.
    const auto n = static_cast<double>(result.fte.cols());
    EXPECT_NEAR((result.decomposition_productivity + result.decomposition_mix).sum() +
                    n * result.decomposition_interaction.sum(),
                0.0, 1e-9);
    if (parent_rows && (result.unallocated.row(0).array() > 0).any()) {
      EXPECT_EQ(result.decomposition_items.back(), kUnallocatedDecompositionItem);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomData, ::testing::Values(1u, 2u, 3u, 42u, 2013u));

TEST(Compute, NoMunicipalities) {
  BenchmarkData data(fixture_spec(), {});
  EXPECT_THROW(compute(data), InputError);
}

}  // namespace
}  // namespace jobbench::test

namespace jobbench::test {
namespace {

// The "area" basis judges a gap against the mean of the item's area: the main-task ancestor for
// sub-tasks, the root for main tasks, an explicit "area" where the spec names one.
TEST(Compute, AreaClassBasis) {
  nlohmann::json json = fixture_spec_json();
  json["classes"] = {{"basis", "area"},
                     {"same", 0.01},
                     {"slightly", 0.065},
                     {"plain", 0.16},
                     {"considerably", 0.21}};
  json["aggregates"][0]["area"] = "a";
  BenchmarkData data(BenchmarkSpec::from_json_string(json.dump()), {"A", "B", "C"});
  const double sag_o30[] = {2.0, 3.0, 4.0};
  const char* names[] = {"A", "B", "C"};
  for (int m = 0; m < 3; ++m) {
    add_person_years(data, names[m], 400, 100, 500);
    data.add_fte(names[m], "a.sag.o30", sag_o30[m]);
    data.add_fte(names[m], "a.team", 1.0);
    data.add_fte(names[m], "k.sag", 5.0 + m);
  }
  const BenchmarkResult result = compute(data);
  const auto item = [&](const char* code) {
    return static_cast<Eigen::Index>(result.item_index(code));
  };
  const Eigen::Index o30 = item("a.sag.o30"), a = item("a"), total = item("total");
  for (Eigen::Index m = 0; m < 3; ++m) {
    EXPECT_DOUBLE_EQ(result.class_ratio(o30, m), result.diff_abs(o30, m) / result.mean(a));
    EXPECT_DOUBLE_EQ(result.class_ratio(a, m), result.diff_abs(a, m) / result.mean(total));
    EXPECT_DOUBLE_EQ(result.class_ratio(total, m), result.diff_rel(total, m));
  }
  // A: o30 productivity 5 vs mean 7.5 (-2.5) on an area mean of 8.0 -> ratio -0.31 -> markant.
  EXPECT_NEAR(result.class_ratio(o30, 0), -2.5 / 8.0, 1e-12);
  EXPECT_EQ(result.verbal_class(o30, 0), kClassMarkedlyFewer);
  const Eigen::Index ledelse = item("heraf_ledelse");
  EXPECT_DOUBLE_EQ(result.class_ratio(ledelse, 0), result.diff_abs(ledelse, 0) / result.mean(a));
}

TEST(Compute, AreaMustExistAndBasisMustBeKnown) {
  nlohmann::json json = fixture_spec_json();
  json["tasks"][1]["area"] = "nowhere";
  expect_error<SpecError>([&] { BenchmarkSpec::from_json_string(json.dump()); },
                          {"unknown area", "'nowhere'"});
  json = fixture_spec_json();
  json["classes"] = {{"basis", "parent"}};
  expect_error<SpecError>([&] { BenchmarkSpec::from_json_string(json.dump()); },
                          {"classes.basis", "\"own\" or \"area\""});
}

}  // namespace
}  // namespace jobbench::test

namespace jobbench::test {
namespace {

// Regression: an FTE of 1e308 passed validation and the summary printed "inf årsværk".
TEST(Compute, NonFiniteResultsAreErrors) {
  BenchmarkData data(fixture_spec(), {"Varde", "Esbjerg"});
  data.add_fte("Varde", "k.sag", 1e308);
  data.add_fte("Varde", "k.team", 1e308);  // the sum over k's sub-tasks overflows
  data.add_fte("Esbjerg", "k.sag", 1);
  add_person_years(data, "Varde", 100, 100, 100);
  add_person_years(data, "Esbjerg", 100, 100, 100);
  expect_error<InputError>(
      [&] { compute(data); },
      {"fte (Varde, k)", "FTE (sub-tasks summed) of task 'k' is not finite (inf)",
       "check the units"});

  BenchmarkData single(fixture_spec(), {"Varde", "Esbjerg"});
  single.set_source(InputTable::Fte, "fte.csv", {2, 3});
  single.add_fte("Varde", "k.sag", 1e308);  // finite, but not per 1,000 person-years
  single.add_fte("Esbjerg", "k.sag", 1);
  add_person_years(single, "Varde", 100, 100, 100);
  add_person_years(single, "Esbjerg", 100, 100, 100);
  expect_error<InputError>([&] { compute(single); },
                           {"fte.csv line 2 (Varde, k.sag)", "productivity of task 'k.sag'",
                            "not finite (inf)"});
}

}  // namespace
}  // namespace jobbench::test
