// Prints one municipality's column of table 4.1: FTE per 1,000 person-years for the whole job
// centre and for each target-group area, next to the simple mean over municipalities.
//
//   varde_table41 <spec.json> <fte.csv> <person_years.csv> <population.csv> <municipality>
//   varde_table41 <municipality>     (the 2013 spec and data installed under share/jobbench)

#include <cstdio>
#include <exception>
#include <string>

#include <jobbench/jobbench.hpp>

namespace {

/// Number of characters in a UTF-8 string (for aligning Danish labels).
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
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
  if (argc != 6 && argc != 2) {
    std::fprintf(stderr,
                 "usage: %s <spec.json> <fte.csv> <person_years.csv> <population.csv> "
                 "<municipality>\n       %s <municipality>   (installed 2013 data)\n",
                 argv[0], argv[0]);
    return 2;
  }
  const std::string data_dir = JOBBENCH_DATA_DIR;
  const std::string data2013 = data_dir + "/datasets/benchmark2013/";
  const bool own = argc == 6;
  try {
    const jobbench::BenchmarkSpec spec = jobbench::BenchmarkSpec::from_json_file(
        own ? argv[1] : data_dir + "/specs/benchmark2013.json");
    const jobbench::BenchmarkData data =
        own ? jobbench::load_benchmark_csv(spec, argv[2], argv[3], argv[4])
            : jobbench::load_benchmark_csv(spec, data2013 + "fte.csv",
                                           data2013 + "person_years.csv",
                                           data2013 + "population.csv");
    const jobbench::BenchmarkResult result = jobbench::compute(data);

    // Case-insensitive; an unknown name throws jobbench::InputError with a suggestion.
    const Eigen::Index m = result.municipality_index(own ? argv[5] : argv[1]);
    const std::string municipality = result.municipalities[static_cast<std::size_t>(m)];
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
