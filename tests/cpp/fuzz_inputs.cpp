// Seeded mutation fuzzer for the spec parser and the CSV loader (no libFuzzer needed).
//
// Mutates the fixture spec, the shipped 2013 spec and the fixture CSVs (bit flips, byte insertion
// and deletion, truncation, splicing, deep nesting, huge numbers, NUL bytes, invalid UTF-8) and
// checks that every input either loads or throws jobbench::SpecError / jobbench::InputError.
// Any other exception fails the run (a crash or sanitizer report fails it anyway); the input is
// written next to the temporary files and the seed is printed, so a failure can be replayed.
//
// Usage: jobbench_fuzz [--seconds S] [--iterations N] [--seed X] [--dir D]
//        (defaults: 20 s, 20000 inputs, seed from the clock or $JOBBENCH_FUZZ_SEED)
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "jobbench/csv.hpp"
#include "jobbench/errors.hpp"
#include "jobbench/productivity/spec.hpp"
#include "jobbench/register/spec.hpp"

namespace {

namespace fs = std::filesystem;
using jobbench::BenchmarkSpec;

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("fuzz: cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw std::runtime_error("fuzz: cannot write " + path.string());
}

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  /// One to four stacked mutations of `input`; `other` is a second input to splice from.
  std::string mutate(std::string input, const std::string& other) {
    const std::size_t steps = 1 + below(4);
    for (std::size_t s = 0; s < steps; ++s) input = step(std::move(input), other);
    return input;
  }

 private:
  std::string step(std::string s, const std::string& other) {
    static const char* const tokens[] = {
        "\0",   "\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\"", ",", "\n", "\r\n", "{",
        "}",    "[",    "]",    ":",            "\\",               "\\u0000", "\\ud800", "null",
        "true", "-",    "1e400", "-1e400",      "18446744073709551616", "99999999999999999999999",
        "-0",   "NaN",  "nan",  "inf",          "1e-400",           "0x10", "\t", "\"\"", "ø"};
    const std::size_t n_tokens = sizeof(tokens) / sizeof(tokens[0]);
    const std::size_t at = below(s.size() + 1);
    switch (below(10)) {
      case 0:  // bit flip
        if (!s.empty()) s[below(s.size())] ^= static_cast<char>(1u << below(8));
        return s;
      case 1:  // random byte inserted
        s.insert(at, 1, static_cast<char>(below(256)));
        return s;
      case 2:  // bytes deleted
        if (!s.empty()) s.erase(below(s.size()), 1 + below(8));
        return s;
      case 3:  // truncation
        s.resize(below(s.size() + 1));
        return s;
      case 4: {  // splice in a piece of the other input
        const std::size_t from = below(other.size() + 1);
        s.insert(at, other.substr(from, below(64)));
        return s;
      }
      case 5: {  // deep nesting around a position
        const std::size_t depth = below(3) == 0 ? 100000 : 1 + below(200);
        s.insert(at, std::string(depth, below(2) == 0 ? '[' : '{'));
        return s;
      }
      case 6: {  // an interesting token (NUL, invalid UTF-8, huge numbers, structure)
        const std::size_t t = below(n_tokens);
        const std::string token = t == 0 ? std::string(1, '\0') : std::string(tokens[t]);
        s.insert(at, token);
        return s;
      }
      case 7: {  // replace a number by a huge or odd one
        const std::size_t digit = s.find_first_of("0123456789", at);
        if (digit == std::string::npos) return s;
        const std::size_t end = s.find_first_not_of("0123456789.eE+-", digit);
        s.replace(digit, end == std::string::npos ? std::string::npos : end - digit,
                  tokens[20 + below(10)]);
        return s;
      }
      case 8: {  // duplicate a chunk of this input
        const std::size_t from = below(s.size() + 1);
        s.insert(at, s.substr(from, below(128)));
        return s;
      }
      default: {  // very long field
        s.insert(at, std::string(1 + below(5000), static_cast<char>("a,\"9."[below(5)])));
        return s;
      }
    }
  }

  std::mt19937_64 rng_;
};

struct Options {
  double seconds = 20;
  long iterations = 20000;
  std::uint64_t seed = 0;
  fs::path dir;
};

Options parse_options(int argc, char** argv) {
  Options options;
  options.seed = static_cast<std::uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  if (const char* env = std::getenv("JOBBENCH_FUZZ_SEED"); env != nullptr && *env != '\0') {
    options.seed = std::strtoull(env, nullptr, 10);
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--seconds") options.seconds = std::stod(value);
    else if (flag == "--iterations") options.iterations = std::stol(value);
    else if (flag == "--seed") options.seed = std::stoull(value);
    else if (flag == "--dir") options.dir = value;
    else throw std::invalid_argument("fuzz: unknown option " + flag);
  }
  if (options.dir.empty()) {
    options.dir = fs::temp_directory_path() / ("jobbench_fuzz_" + std::to_string(options.seed));
  }
  return options;
}

/// Runs `call`; true if it returned or threw one of jobbench's own errors.
template <typename Call>
bool expected_outcome(Call call, const std::string& what, std::string& failure) {
  try {
    call();
  } catch (const jobbench::SpecError&) {
  } catch (const jobbench::InputError&) {
  } catch (const std::exception& error) {
    failure = what + ": unexpected " + typeid(error).name() + ": " + error.what();
    return false;
  } catch (...) {
    failure = what + ": unexpected non-standard exception";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  std::cout << "jobbench_fuzz: seed " << options.seed << " (replay: --seed " << options.seed
            << "), up to " << options.iterations << " inputs or " << options.seconds << " s, in "
            << options.dir.string() << std::endl;
  fs::create_directories(options.dir);

  const std::string fixtures = JOBBENCH_FIXTURES_DIR;
  const std::vector<std::string> specs = {read_file(fixtures + "/spec.json"),
                                          read_file(JOBBENCH_SPEC_2013_FILE)};
  const std::vector<std::string> csv_names = {"fte.csv", "person_years.csv", "population.csv"};
  std::vector<std::string> csvs;
  for (const auto& name : csv_names) csvs.push_back(read_file(fixtures + "/" + name));
  const BenchmarkSpec fixture_spec = BenchmarkSpec::from_json_string(specs[0]);

  Mutator mutator(options.seed);
  const auto start = std::chrono::steady_clock::now();
  long count = 0;
  long accepted = 0;
  for (; count < options.iterations; ++count) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (elapsed.count() > options.seconds) break;
    std::string failure;
    std::string input;
    fs::path input_file;
    bool ok = true;
    if (count % 2 == 0) {  // a spec, also read as the register part
      const std::size_t which = mutator.below(specs.size());
      input = mutator.mutate(specs[which], specs[1 - which]);
      input_file = options.dir / "spec.json";
      bool parsed = false;
      ok = expected_outcome(
          [&] {
            BenchmarkSpec::from_json_string(input);
            parsed = true;
          },
          "BenchmarkSpec::from_json_string", failure);
      ok = ok && expected_outcome([&] { jobbench::RegisterSpec::from_json_string(input); },
                                  "RegisterSpec::from_json_string", failure);
      accepted += parsed ? 1 : 0;
    } else {  // one of the three CSVs mutated, the others as given
      const std::size_t which = mutator.below(csvs.size());
      std::vector<fs::path> paths;
      for (std::size_t k = 0; k < csvs.size(); ++k) {
        paths.push_back(options.dir / csv_names[k]);
        if (k == which) input = mutator.mutate(csvs[k], csvs[(k + 1) % csvs.size()]);
        write_file(paths.back(), k == which ? input : csvs[k]);
      }
      input_file = paths[which];
      bool loaded = false;
      ok = expected_outcome(
          [&] {
            jobbench::load_benchmark_csv(fixture_spec, paths[0].string(), paths[1].string(),
                                         paths[2].string());
            loaded = true;
          },
          "load_benchmark_csv", failure);
      accepted += loaded ? 1 : 0;
    }
    if (!ok) {
      const fs::path crash = options.dir / ("failure_" + std::to_string(count) + "_" +
                                            input_file.filename().string());
      write_file(crash, input);
      std::cerr << "jobbench_fuzz: input " << count << " (seed " << options.seed
                << "): " << failure << "\n  input saved as " << crash.string() << std::endl;
      return 1;
    }
  }
  std::cout << "jobbench_fuzz: " << count << " inputs, " << accepted
            << " accepted, all others rejected with SpecError/InputError" << std::endl;
  fs::remove_all(options.dir);
  return 0;
}
