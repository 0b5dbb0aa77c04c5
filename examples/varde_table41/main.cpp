// Prints one municipality's column of table 4.1: FTE per 1,000 person-years for the whole job
// centre and for each target-group area, next to the simple mean over municipalities.
//
//   varde_table41 <spec.json> <fte.csv> <person_years.csv> <population.csv> <municipality>

#include <cstdio>
#include <exception>
#include <string>

#include <jobbench/jobbench.hpp>

namespace {

/// Number of characters in a UTF-8 string (for aligning Danish labels).
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count all bytes except continuation bytes
  }
  return width;
}

void print_row(const std::string& label, double value, double mean) {
  const std::size_t width = 40;
  const std::size_t used = display_width(label);
  const std::string padding(used < width ? width - used : 1, ' ');
  std::printf("%s%s%10.1f %14.1f\n", label.c_str(), padding.c_str(), value, mean);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: %s <spec.json> <fte.csv> <person_years.csv> <population.csv> "
                 "<municipality>\n",
                 argv[0]);
    return 2;
  }
  try {
    const jobbench::BenchmarkSpec spec = jobbench::BenchmarkSpec::from_json_file(argv[1]);
    const jobbench::BenchmarkData data =
        jobbench::load_benchmark_csv(spec, argv[2], argv[3], argv[4]);
    const jobbench::BenchmarkResult result = jobbench::compute(data);

    const std::string municipality = argv[5];
    const auto m = static_cast<Eigen::Index>(result.municipality_index(municipality));
    std::printf("%s: %s\n", spec.name.c_str(), municipality.c_str());
    std::printf("Årsværk pr. 1.000 årspersoner%s%10s %14s\n", std::string(11, ' ').c_str(),
                municipality.c_str(), "Gns. kommuner");

    for (std::size_t i = 0; i < result.items.size(); ++i) {
      const jobbench::ResultItem& item = result.items[i];
      if (item.kind != jobbench::ItemKind::Task || item.depth > 1) continue;
      const auto row = static_cast<Eigen::Index>(i);
      const std::string indent(static_cast<std::size_t>(2 * item.depth), ' ');
      print_row(indent + item.label, result.productivity(row, m), result.mean(row));
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
