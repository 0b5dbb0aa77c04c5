// Times compute() on a synthetic benchmark of realistic size (98 municipalities, ~120 tasks).
// Built with -DJOBBENCH_BUILD_BENCHMARKS=ON; run: ./jobbench_benchmark [repetitions]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "jobbench/jobbench.hpp"

namespace {

/// 10 target-group areas, each with 3 case-work sub-tasks of 3 leaves, team and company work.
jobbench::BenchmarkSpec synthetic_spec() {
  jobbench::BenchmarkSpec spec;
  spec.name = "synthetic";
  jobbench::TargetGroup all{"all", "All", {}};
  spec.tasks.push_back({"total", "", "Total", "all", {}, ""});
  for (int g = 0; g < 10; ++g) {
    const std::string group = "g" + std::to_string(g);
    spec.target_groups.push_back({group, group, {}});
    all.components.push_back(group);
    spec.tasks.push_back({group, "total", group, group, {}, ""});
    for (int s = 0; s < 3; ++s) {
      const std::string sub = group + ".s" + std::to_string(s);
      spec.tasks.push_back({sub, group, sub, "", {}, ""});
      for (int l = 0; l < 3; ++l) {
        spec.tasks.push_back({sub + ".l" + std::to_string(l), sub, "leaf", "", {}, ""});
      }
    }
    spec.tasks.push_back({group + ".team", group, "team", "", {"ledelse"}, ""});
    spec.tasks.push_back({group + ".virk", group, "virk", "", {"virk"}, ""});
  }
  spec.target_groups.push_back(all);
  spec.aggregates.push_back({"heraf_ledelse", "Heraf ledelse", {"ledelse"}, "all", ""});
  spec.aggregates.push_back({"heraf_virk", "Heraf virk", {"virk"}, "all", ""});
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 100;
  const jobbench::BenchmarkSpec spec = synthetic_spec();
  std::vector<std::string> municipalities;
  for (int m = 0; m < 98; ++m) municipalities.push_back("M" + std::to_string(m));
  jobbench::BenchmarkData data(spec, municipalities);

  std::mt19937 engine(2013);
  std::uniform_real_distribution<double> fte(0.0, 5.0);
  std::uniform_real_distribution<double> person_years(100.0, 5000.0);
  const jobbench::SpecIndex& index = data.index();
  for (const auto& municipality : municipalities) {
    for (std::size_t t = 0; t < spec.tasks.size(); ++t) {
      if (index.children(t).empty()) data.add_fte(municipality, spec.tasks[t].code, fte(engine));
    }
    for (int g = 0; g < 10; ++g) {
      data.add_person_years(municipality, "g" + std::to_string(g), person_years(engine));
    }
  }

  const auto start = std::chrono::steady_clock::now();
  double checksum = 0.0;
  for (int r = 0; r < repetitions; ++r) checksum += jobbench::compute(data).mean(0);
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  std::printf("%zu tasks x %zu municipalities: %.3f ms per compute() (checksum %.6g)\n",
              spec.tasks.size(), municipalities.size(), elapsed.count() / repetitions, checksum);
  return 0;
}
