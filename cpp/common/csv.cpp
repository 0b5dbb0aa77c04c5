#include "jobbench/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <system_error>
#include <utility>

#include "common/format.hpp"
#include "jobbench/errors.hpp"

namespace jobbench {
namespace {

using detail::in_quotes;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class Encoding { Utf8, Utf8Sig, Cp1252, Latin1 };

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::Utf8:
      return "utf-8";
    case Encoding::Utf8Sig:
      return "utf-8-sig";
    case Encoding::Cp1252:
      return "cp1252";
    case Encoding::Latin1:
      return "latin-1";
  }
  return "";
}

/// How a separator is written in messages and on the command line.
std::string separator_name(char separator) {
  return separator == '\t' ? "tab" : std::string(1, separator);
}

[[noreturn]] void fail(const std::string& message) { throw InputError(message); }

std::string read_bytes(const std::string& path, std::size_t max_bytes) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) fail(path + ": cannot open the file; check the path and that it is readable");
  const std::streamoff size = file.tellg();
  if (size < 0) fail(path + ": cannot read the file (is it a folder?)");
  if (static_cast<unsigned long long>(size) > max_bytes) {
    fail(path + ": the file has " + std::to_string(size) + " bytes, more than the limit of " +
         std::to_string(max_bytes) + " bytes (" + std::to_string(max_bytes >> 20) +
         " MiB) for an input table; is it the right file?");
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  file.seekg(0);
  if (size > 0 && !file.read(&bytes[0], size)) fail(path + ": cannot read the file");
  return bytes;
}

/// 1-based line of a byte offset, counting \n, \r\n and a lone \r as one line end each.
std::size_t line_of(const std::string& bytes, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')))
      ++line;
  }
  return line;
}

std::string normalized(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c != '-' && c != '_' && c != ' ') out += static_cast<char>(std::tolower(c));
  }
  return out;
}

Encoding parse_encoding(const std::string& path, const std::string& name) {
  const std::string key = normalized(name);
  if (key == "utf8") return Encoding::Utf8;
  if (key == "utf8sig") return Encoding::Utf8Sig;
  if (key == "cp1252" || key == "windows1252") return Encoding::Cp1252;
  if (key == "latin1" || key == "iso88591") return Encoding::Latin1;
  fail(path + ": unknown encoding " + in_quotes(name) +
       "; use utf-8, utf-8-sig, cp1252 (Windows, Danish Excel) or latin-1");
}

char parse_separator(const std::string& path, const std::string& name) {
  if (name == "," || name == ";" || name == "\t" || name == "|") return name[0];
  if (normalized(name) == "tab" || name == "\\t") return '\t';
  fail(path + ": unknown separator " + in_quotes(name) + "; use ',', ';' or tab");
}

char parse_decimal(const std::string& path, const std::string& name) {
  if (name == "." || name == ",") return name[0];
  fail(path + ": unknown decimal mark " + in_quotes(name) + "; use '.' or ','");
}

/// Refuses files that are not text at all, with the likely cause.
void check_not_binary(const std::string& path, const std::string& bytes) {
  if (bytes.rfind("PK\x03\x04", 0) == 0) {
    fail(path + ": this is an Excel workbook (.xlsx) or another zip file, not CSV; save the sheet "
                "as 'CSV UTF-8' or read the workbook with Benchmark.from_excel");
  }
  if (bytes.rfind("\xFF\xFE", 0) == 0 || bytes.rfind("\xFE\xFF", 0) == 0) {
    fail(path + ": the file is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8'");
  }
  const std::size_t nul = bytes.find('\0');
  if (nul != std::string::npos) {
    fail(path + " line " + std::to_string(line_of(bytes, nul)) +
         ": NUL byte; the file is binary or UTF-16, not CSV text: save it as 'CSV UTF-8'");
  }
}

/// The encoding to decode with: the given one, else UTF-8 if the bytes are UTF-8, else cp1252.
/// A file that is UTF-8 in some places and not in others is refused (it would decode wrongly
/// either way).
Encoding choose_encoding(const std::string& path, const std::string& bytes, bool has_bom,
                         const std::string& given) {
  if (!given.empty()) return parse_encoding(path, given);
  if (has_bom) return Encoding::Utf8Sig;
  bool multibyte = false;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = detail::utf8_sequence_length(bytes, i);
    if (length == 0) {
      if (!multibyte) return Encoding::Cp1252;
      fail(path + " line " + std::to_string(line_of(bytes, i)) + ": byte 0x" +
           detail::escape(std::string(1, bytes[i])).substr(2) +
           " is not UTF-8 while earlier lines are UTF-8 (mixed encodings); save the file as "
           "'CSV UTF-8'");
    }
    multibyte = multibyte || length > 1;
    i += length;
  }
  return Encoding::Utf8;
}

/// Unicode code points of cp1252 bytes 0x80..0x9F (0 = undefined).
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// Decodes one field to UTF-8; returns the offending byte's position, or npos if all is well.
std::size_t decode(const std::string& raw, Encoding encoding, std::string& out) {
  out.clear();
  if (encoding == Encoding::Utf8 || encoding == Encoding::Utf8Sig) {
    for (std::size_t i = 0; i < raw.size();) {
      const std::size_t length = detail::utf8_sequence_length(raw, i);
      if (length == 0) return i;
      i += length;
    }
    out = raw;
    return std::string::npos;
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    char32_t code = byte;
    if (encoding == Encoding::Cp1252 && byte >= 0x80 && byte < 0xA0) {
      code = kCp1252High[byte - 0x80];
      if (code == 0) return i;
    }
    append_utf8(out, code);
  }
  return std::string::npos;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

/// One record as read: its raw fields and the line it starts on.
struct Record {
  std::vector<std::string> fields;
  std::size_t line = 0;
};

/// Splits the bytes into records (RFC 4180: "quoted" fields, "" for a literal quote, line ends
/// inside quotes belong to the field). A quote inside an unquoted field is kept as text.
class Splitter {
 public:
  Splitter(const std::string& path, const std::string& bytes, std::size_t start, char separator)
      : path_(path), bytes_(bytes), i_(start), separator_(separator) {}

  bool next(Record& record) {
    if (i_ >= bytes_.size()) return false;
    record.fields.assign(1, std::string());
    record.line = line_;
    bool quoted = false;
    bool field_quoted = false;  // the field had a quoted part (a later quote is text)
    std::size_t quote_line = 0;
    while (i_ < bytes_.size()) {
      const char c = bytes_[i_++];
      std::string& field = record.fields.back();
      if (quoted) {
        if (c == '"' && i_ < bytes_.size() && bytes_[i_] == '"') {
          field += '"';
          ++i_;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (is_line_end(c)) ++line_;
          field += c;
        }
      } else if (c == '"' && !field_quoted && trim(field).empty()) {
        quoted = field_quoted = true;
        quote_line = line_;
        field.clear();  // spaces before the opening quote
      } else if (c == separator_) {
        record.fields.emplace_back();
        field_quoted = false;
      } else if (is_line_end(c)) {
        ++line_;
        return true;
      } else {
        field += c;
      }
    }
    if (quoted) {
      fail(path_ + " line " + std::to_string(quote_line) + ", field " +
           std::to_string(record.fields.size()) +
           ": unterminated quote; the \" opened here is never closed: close it, or double it "
           "(\"\") for a literal quote");
    }
    return true;
  }

 private:
  /// True at the end of a line; swallows the \n of \r\n.
  bool is_line_end(char c) {
    if (c == '\n') return true;
    if (c != '\r') return false;
    if (i_ < bytes_.size() && bytes_[i_] == '\n') ++i_;
    return true;
  }

  const std::string& path_;
  const std::string& bytes_;
  std::size_t i_;
  char separator_;
  std::size_t line_ = 1;
};

/// The separator of the header line: the most frequent of , ; tab outside quotes (',' if none).
char sniff_separator(const std::string& bytes, std::size_t start) {
  std::size_t counts[3] = {0, 0, 0};
  const char candidates[3] = {',', ';', '\t'};
  bool quoted = false;
  bool seen_text = false;
  for (std::size_t i = start; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') {
      if (seen_text) break;  // the header is the first line with text
      continue;
    }
    if (c != ' ' && c != '\t' && c != ',' && c != ';') seen_text = true;
    for (int k = 0; k < 3; ++k) counts[k] += c == candidates[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return candidates[best];
}

bool all_empty(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& field) { return trim(field).empty(); });
}

std::string field_count_hint(const CsvTable& table, bool too_many) {
  if (too_many && table.separator == ',') {
    return "a number with a decimal comma (12,5) splits into two fields in a ','-separated file: "
           "quote it, or save the file with ';' as separator";
  }
  return "check the separator (it is " + in_quotes(separator_name(table.separator)) +
         "; use --sep to set another) and quote fields that contain it";
}

class Reader {
 public:
  Reader(const std::string& path, const CsvOptions& options) : path_(path), options_(options) {}

  CsvTable read() {
    std::string bytes = read_bytes(path_, options_.max_bytes);
    check_not_binary(path_, bytes);
    const bool has_bom = bytes.rfind("\xEF\xBB\xBF", 0) == 0;
    encoding_ = choose_encoding(path_, bytes, has_bom, options_.encoding);
    const bool utf8 = encoding_ == Encoding::Utf8 || encoding_ == Encoding::Utf8Sig;
    const std::size_t start = has_bom && utf8 ? 3 : 0;

    CsvTable table;
    table.path = path_;
    table.encoding = encoding_name(encoding_);
    table.separator = options_.separator.empty() ? sniff_separator(bytes, start)
                                                 : parse_separator(path_, options_.separator);
    table.decimal_given = !options_.decimal.empty();
    table.decimal = table.decimal_given ? parse_decimal(path_, options_.decimal)
                                        : (table.separator == ';' ? ',' : '.');

    Splitter splitter(path_, bytes, start, table.separator);
    Record record;
    std::vector<bool> keep;  // columns with a name; unnamed ones must be empty and are dropped
    while (splitter.next(record)) {
      if (all_empty(record.fields)) continue;
      if (table.header.empty()) {
        header_line_ = table.header_line = record.line;
        read_header(table, record, keep);
      } else {
        read_row(table, record, keep);
      }
    }
    if (table.header.empty()) {
      fail(path_ + ": the file is empty; expected a header line with the column names");
    }
    return table;
  }

 private:
  std::string decoded(const Record& record, std::size_t k, const std::string& column) {
    std::string out;
    const std::size_t bad = decode(record.fields[k], encoding_, out);
    if (bad == std::string::npos) return trim(out);
    const std::string byte = detail::escape(record.fields[k].substr(bad, 1));
    std::string hint = "save the file as 'CSV UTF-8'";
    if (encoding_ == Encoding::Utf8 || encoding_ == Encoding::Utf8Sig) {
      hint += ", or give the encoding (--encoding cp1252 for Danish Excel on Windows)";
    }
    fail(path_ + " line " + std::to_string(record.line) + ", " + column + ": byte 0x" +
         byte.substr(2) + " is not " + encoding_name(encoding_) + " text; " + hint);
  }

  void read_header(CsvTable& table, const Record& record, std::vector<bool>& keep) {
    for (std::size_t k = 0; k < record.fields.size(); ++k) {
      std::string name = decoded(record, k, "column " + std::to_string(k + 1));
      keep.push_back(!name.empty());
      if (name.empty()) continue;
      if (std::find(table.header.begin(), table.header.end(), name) != table.header.end()) {
        fail(path_ + " line " + std::to_string(record.line) + ", column " + in_quotes(name) +
             ": duplicate column name; every column needs its own name");
      }
      table.header.push_back(std::move(name));
    }
    if (table.header.empty()) fail(path_ + ": the header line has no column names");
  }

  void read_row(CsvTable& table, const Record& record, const std::vector<bool>& keep) {
    const std::size_t n = record.fields.size();
    if (n != keep.size()) {
      // Trailing empty fields (as Excel writes them) are harmless; missing or extra values not.
      const bool extra_empty =
          n > keep.size() && std::all_of(record.fields.begin() + static_cast<long>(keep.size()),
                                         record.fields.end(),
                                         [](const std::string& f) { return trim(f).empty(); });
      if (!extra_empty) {
        fail(path_ + " line " + std::to_string(record.line) + ": " + std::to_string(n) +
             " fields, but the header (line " + std::to_string(header_line_) + ") has " +
             std::to_string(keep.size()) + "; " + field_count_hint(table, n > keep.size()));
      }
    }
    std::vector<std::string> row;
    row.reserve(table.header.size());
    for (std::size_t k = 0, named = 0; k < keep.size(); ++k) {
      const std::string column =
          keep[k] ? "column " + in_quotes(table.header[named]) : "column " + std::to_string(k + 1);
      std::string value = decoded(record, k, column);
      if (!keep[k]) {
        if (!value.empty()) {
          fail(path_ + " line " + std::to_string(record.line) + ", " + column + ": value " +
               in_quotes(value) + " in a column without a name in the header; name the column or "
               "remove the value");
        }
        continue;
      }
      row.push_back(std::move(value));
      ++named;
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(record.line);
  }

  const std::string& path_;
  const CsvOptions& options_;
  Encoding encoding_ = Encoding::Utf8;
  std::size_t header_line_ = 1;
};

bool all_digits(const std::string& text, std::size_t from, std::size_t to) {
  if (from >= to) return false;
  return std::all_of(text.begin() + static_cast<long>(from), text.begin() + static_cast<long>(to),
                     [](char c) { return c >= '0' && c <= '9'; });
}

/// The number before any exponent: "1.234,5" -> "1234.5" (see from_decimal_comma).
std::string mantissa_from_decimal_comma(std::string& text, bool decimal_given) {
  const std::size_t comma = text.find(',');
  if (comma != std::string::npos && text.find(',', comma + 1) != std::string::npos) {
    return "more than one decimal comma";
  }
  std::string integer = text.substr(0, comma);
  const std::string fraction = comma == std::string::npos ? "" : text.substr(comma + 1);
  if (comma != std::string::npos && !all_digits(fraction, 0, fraction.size())) {
    return "digits must follow the decimal comma";
  }
  if (integer.find('.') != std::string::npos) {
    // '.' groups thousands only in groups of three: 1.234.567
    const std::size_t sign = (!integer.empty() && (integer[0] == '-' || integer[0] == '+')) ? 1 : 0;
    const std::size_t first = integer.find('.');
    bool grouped = first > sign && first - sign <= 3 && all_digits(integer, sign, first);
    for (std::size_t p = first; grouped && p < integer.size(); p += 4) {
      grouped = integer[p] == '.' && p + 4 <= integer.size() && all_digits(integer, p + 1, p + 4) &&
                (p + 4 == integer.size() || integer[p + 4] == '.');
    }
    if (!grouped) return "the decimal mark is ',' here and '.' may only group thousands (1.234,5)";
    if (comma == std::string::npos && !decimal_given) {
      return "ambiguous: 1234 with '.' grouping thousands, or a decimal point? give the decimal "
             "mark (--decimal ',' or --decimal '.')";
    }
    integer.erase(std::remove(integer.begin(), integer.end(), '.'), integer.end());
  }
  text = comma == std::string::npos ? integer : integer + "." + fraction;
  return {};
}

/// Rewrites a decimal-comma number to the '.' form ("1.234,5" -> "1234.5", "9,3E-05" ->
/// "9.3E-05", as Excel writes small numbers); returns a reason for refusing it, or "" if it was
/// rewritten. The exponent, if any, is checked later by parse_plain.
std::string from_decimal_comma(std::string& text, bool decimal_given) {
  const std::size_t exponent_at = text.find_first_of("eE");
  const std::string exponent = exponent_at == std::string::npos ? "" : text.substr(exponent_at);
  text.resize(std::min(text.size(), exponent_at));
  const std::string reason = mantissa_from_decimal_comma(text, decimal_given);
  text += exponent;
  return reason;
}

enum class Parsed { Ok, NotANumber, OutOfRange };

/// Parses a plain '.'-decimal number: [+-]digits[.digits][e[+-]digits].
Parsed parse_plain(const std::string& text, double& value) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  const std::size_t digits_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::size_t digits = i - digits_start;
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    digits += i - fraction;
  }
  if (digits == 0) return Parsed::NotANumber;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (!all_digits(text, i, text.size())) return Parsed::NotANumber;
    i = text.size();
  }
  if (i != text.size()) return Parsed::NotANumber;
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  const auto result = std::from_chars(first, text.data() + text.size(), value);
  if (result.ec == std::errc::result_out_of_range) return Parsed::OutOfRange;
  return result.ec == std::errc() && result.ptr == text.data() + text.size() ? Parsed::Ok
                                                                            : Parsed::NotANumber;
}

BenchmarkData load(const BenchmarkSpec& spec, const std::vector<std::string>* municipalities,
                   const std::string& fte_csv, const std::string& person_years_csv,
                   const std::string& population_csv, const CsvOptions& options) {
  const CsvTable fte = read_csv(fte_csv, options);
  const CsvTable person_years = read_csv(person_years_csv, options);
  CsvTable population;
  if (!population_csv.empty()) population = read_csv(population_csv, options);

  const std::size_t fte_municipality = fte.column("municipality");
  const std::size_t task = fte.column("task");
  const std::size_t fte_value = fte.column("fte");
  const std::size_t external = fte.column("fte_external", /*required=*/false);
  const std::size_t py_municipality = person_years.column("municipality");
  const std::size_t group = person_years.column("group");
  const std::size_t py_value = person_years.column("person_years");

  std::vector<std::string> names;
  if (municipalities != nullptr) {
    names = *municipalities;
  } else {
    for (const auto& row : fte.rows) {
      const std::string& name = row[fte_municipality];
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    }
  }

  BenchmarkData data(spec, std::move(names));
  data.set_source(InputTable::Fte, fte.path, fte.lines);
  data.set_source(InputTable::PersonYears, person_years.path, person_years.lines);
  for (std::size_t r = 0; r < fte.rows.size(); ++r) {
    const double fte_external =
        external == std::string::npos ? 0.0 : fte.number(r, external, kNaN);
    data.add_fte(fte.rows[r][fte_municipality], fte.rows[r][task], fte.number(r, fte_value, kNaN),
                 fte_external);
  }
  for (std::size_t r = 0; r < person_years.rows.size(); ++r) {
    data.add_person_years(person_years.rows[r][py_municipality], person_years.rows[r][group],
                          person_years.number(r, py_value, kNaN));
  }
  if (!population_csv.empty()) {
    const std::size_t municipality = population.column("municipality");
    const std::size_t value = population.column("population");
    data.set_source(InputTable::Population, population.path, population.lines);
    for (std::size_t r = 0; r < population.rows.size(); ++r) {
      data.set_population(population.rows[r][municipality], population.number(r, value, kNaN));
    }
  }
  return data;
}

}  // namespace

std::size_t CsvTable::column(const std::string& name, bool required) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
  if (!required) return std::string::npos;
  std::string have;
  for (const auto& column : header) have += (have.empty() ? "" : ", ") + in_quotes(column);
  std::string hint = "the header line needs a column named " + in_quotes(name);
  // A header read with the wrong separator is one column holding all the names.
  for (const char other : {',', ';', '\t'}) {
    if (other != separator && header.size() == 1 && header[0].find(other) != std::string::npos) {
      hint = "the file seems to use " + in_quotes(separator_name(other)) +
             " as separator: use --sep " + in_quotes(separator_name(other));
    }
  }
  throw InputError(path + " line " + std::to_string(header_line) +
                   ": missing column " + in_quotes(name) + " (columns: " + have + "); " + hint);
}

std::string CsvTable::where(std::size_t row) const {
  return path + " line " + std::to_string(lines.at(row));
}

double CsvTable::number(std::size_t row, std::size_t column, double if_empty) const {
  std::string text = rows.at(row).at(column);
  if (text.empty()) return if_empty;
  std::string reason;
  if (decimal == ',') {
    reason = from_decimal_comma(text, decimal_given);
  } else if (text.find(',') != std::string::npos) {
    reason = "the decimal mark is '.'; for a decimal comma use --decimal ','";
  }
  double value = 0.0;
  if (reason.empty()) {
    const Parsed parsed = parse_plain(text, value);
    if (parsed == Parsed::OutOfRange) reason = "out of the range of numbers";
    if (parsed == Parsed::NotANumber) reason = "not a number";
  }
  if (!reason.empty()) {
    throw InputError(where(row) + ", column " + in_quotes(header[column]) + ": cannot read " +
                     in_quotes(rows[row][column]) + " as a number (" + reason + ")");
  }
  return value;
}

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  return Reader(path, options).read();
}

BenchmarkData load_benchmark_csv(const BenchmarkSpec& spec, const std::string& fte_csv,
                                 const std::string& person_years_csv,
                                 const std::string& population_csv, const CsvOptions& options) {
  return load(spec, nullptr, fte_csv, person_years_csv, population_csv, options);
}

BenchmarkData load_benchmark_csv_for(const BenchmarkSpec& spec,
                                     const std::vector<std::string>& municipalities,
                                     const std::string& fte_csv,
                                     const std::string& person_years_csv,
                                     const std::string& population_csv,
                                     const CsvOptions& options) {
  return load(spec, &municipalities, fte_csv, person_years_csv, population_csv, options);
}

}  // namespace jobbench
