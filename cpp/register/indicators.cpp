// The register-indicator engine. Layout of the computation (docs/register-indicators.md):
//   pass 1  validate every row and detect sortedness (parallel over contiguous row ranges);
//   sort    only when unsorted: a key array (person, week index, row), sorted in parallel parts and
//           merged; the columns themselves are never copied;
//   pass 2  one pass over the persons, split into one person-aligned chunk per thread; each thread
//           fills its own per-(municipality, group) accumulators, merged afterwards.
// Sums of benefit shares are ExactSums and all other accumulators are integers, so the result is
// the same bit for bit for any thread count, row order or partitioning.
#include "jobbench/register/indicators.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <thread>

#include "jobbench/errors.hpp"
#include "jobbench/register/iso_week.hpp"

namespace jobbench {
namespace {

constexpr std::size_t kMaxExamples = 5;
constexpr std::int32_t kNoOffer = -1;
constexpr std::int32_t kBadCode = -2;
constexpr int kJobRateLag = 13;  // "self-supporting after 13 weeks"
constexpr int kNewOfferGap = 5;  // index(r) - index(q) >= 5 starts a new offer
constexpr int kCensoringWeeks = 4;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- small helpers -----------------------------------------------------------------------------

template <typename F>
void parallel_for(unsigned n, F&& f) {
  if (n <= 1) {
    f(0u);
    return;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(n);
  threads.reserve(n);
  for (unsigned t = 0; t < n; ++t) {
    threads.emplace_back([&, t]() {
      try {
        f(t);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

inline std::int32_t read_code(const CodeColumn& c, std::size_t i) {
  switch (c.width) {
    case 1:
      return static_cast<const std::int8_t*>(c.data)[i];
    case 2:
      return static_cast<const std::int16_t*>(c.data)[i];
    default:
      return static_cast<const std::int32_t*>(c.data)[i];
  }
}

/// Category code -> spec index (kBadCode for unknown names, kNoOffer for "none").
struct CodeLookup {
  std::vector<std::int32_t> table;
  std::int32_t operator()(std::int32_t code) const {
    return code >= 0 && static_cast<std::size_t>(code) < table.size()
               ? table[static_cast<std::size_t>(code)]
               : kBadCode;
  }
};

CodeLookup group_lookup(const RegisterSpec& spec, const CodeColumn& column) {
  CodeLookup lookup;
  for (const auto& name : column.categories) {
    const int g = spec.group_index(name);
    lookup.table.push_back(g >= 0 ? g : kBadCode);
  }
  return lookup;
}

CodeLookup offer_lookup(const RegisterSpec& spec, const CodeColumn& column) {
  CodeLookup lookup;
  for (const auto& name : column.categories) {
    if (name == spec.no_offer) {
      lookup.table.push_back(kNoOffer);
    } else {
      const int o = spec.offer_index(name);
      lookup.table.push_back(o >= 0 ? o : kBadCode);
    }
  }
  return lookup;
}

/// Municipality code -> dense index (codes ascending).
struct MunicipalityMap {
  std::int32_t min = 0;
  std::vector<std::int32_t> dense;  // code - min -> index, or -1
  std::vector<std::int32_t> codes;  // ascending
  std::int32_t operator()(std::int32_t code) const {
    const auto k = static_cast<std::int64_t>(code) - min;
    if (!dense.empty()) return dense[static_cast<std::size_t>(k)];
    return static_cast<std::int32_t>(std::lower_bound(codes.begin(), codes.end(), code) -
                                     codes.begin());
  }
};

struct IssueCollector {
  std::array<std::int64_t, kPanelRuleCount> count{};
  std::array<std::vector<std::int64_t>, kPanelRuleCount> rows;
  bool keep_all = false;  // drop_invalid: the duplicate rows are all needed

  void add(PanelRule rule, std::int64_t row) {
    const auto r = static_cast<std::size_t>(rule);
    ++count[r];
    if (keep_all && rule == PanelRule::DuplicatePersonWeek) {
      rows[r].push_back(row);
    } else if (rows[r].size() < kMaxExamples) {
      rows[r].push_back(row);
    }
  }
  bool any() const {
    for (auto c : count) {
      if (c) return true;
    }
    return false;
  }
};

struct RangeScan {
  IssueCollector issues;
  bool sorted = true;
  bool any_valid = false;
  std::int64_t first_person = 0, last_person = 0;
  std::int32_t first_widx = 0, last_widx = 0;
  std::int64_t first_row = 0, last_row = 0;
  bool first_in_dup = false, last_in_dup = false;
  std::int32_t min_widx = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_widx = std::numeric_limits<std::int32_t>::min();
  std::int64_t min_person = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_person = std::numeric_limits<std::int64_t>::min();
  std::int32_t min_muni = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_muni = std::numeric_limits<std::int32_t>::min();
};

struct Key {
  std::int64_t person;
  std::int32_t widx;
  std::uint32_t row;
  bool operator<(const Key& o) const {
    if (person != o.person) return person < o.person;
    if (widx != o.widx) return widx < o.widx;
    return row < o.row;
  }
};

// Row sources for the main pass: the input in its own order, or the sorted keys.
struct InputOrder {
  const std::int64_t* person;
  const std::int32_t* week;
  const std::uint8_t* skip;  // rows dropped by drop_invalid (may be null)
  std::size_t n;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return i; }
  std::int64_t person_at(std::size_t i) const { return person[i]; }
  std::int32_t widx(std::size_t i) const { return IsoWeekTable::instance().index(week[i]); }
  bool skipped(std::size_t i) const { return skip != nullptr && skip[i] != 0; }
};

struct KeyOrder {
  const Key* keys;
  std::size_t n;
  std::size_t size() const { return n; }
  std::size_t row(std::size_t i) const { return keys[i].row; }
  std::int64_t person_at(std::size_t i) const { return keys[i].person; }
  std::int32_t widx(std::size_t i) const { return keys[i].widx; }
  bool skipped(std::size_t) const { return false; }
};

struct Context {
  const RegisterSpec* spec;
  const PanelColumns* panel;
  CodeLookup groups, offers;
  MunicipalityMap munis;
  std::vector<std::uint8_t> company;                           // per offer type
  std::vector<std::uint8_t> sickness;                          // per group
  std::vector<std::vector<std::int32_t>> aggregates_of_group;  // incl. the total (last)
  std::size_t G = 0, A = 0, M = 0;
  std::int32_t p0 = 0, p1 = 0, e0 = 0, e1 = 0;
};

struct Local {
  std::vector<CellCounts> counts;
  std::vector<CellSums> sums;
  std::vector<std::int64_t> agg_p, agg_e;
  std::vector<std::int64_t> stamp_p, stamp_e, astamp_p, astamp_e;
  explicit Local(const Context& c)
      : counts(c.M * c.G),
        sums(c.M * c.G),
        agg_p(c.M * c.A),
        agg_e(c.M * c.A),
        stamp_p(c.M * c.G, -1),
        stamp_e(c.M * c.G, -1),
        astamp_p(c.M * c.A, -1),
        astamp_e(c.M * c.A, -1) {}
};

/// The per-person pass over sequence positions [begin, end) (person-aligned).
template <typename Source>
void process_chunk(const Context& ctx, const Source& src, std::size_t begin, std::size_t end,
                   Local& out) {
  const PanelColumns& pc = *ctx.panel;
  const std::size_t G = ctx.G, A = ctx.A;
  bool have_person = false;
  std::int64_t person = 0;
  std::int64_t ordinal = -1;  // stamp of the current person: its first sequence position
  std::int32_t last_offer_w = 0, last_offer_type = kNoOffer;
  bool has_offer = false;
  // sickness spell
  bool spell_open = false, spell_in_p = false, spell_partial = false;
  std::size_t spell_cell = 0;
  bool prev_sick = false;
  std::int32_t prev_w = 0;
  std::size_t j = begin;  // look-ahead for "a row 13 weeks later"

  auto close_spell = [&]() {
    if (spell_open && spell_in_p) {
      ++out.counts[spell_cell].spells;
      if (spell_partial) ++out.counts[spell_cell].spells_partial;
    }
    spell_open = false;
  };

  for (std::size_t i = begin; i < end; ++i) {
    if (src.skipped(i)) continue;
    const std::int64_t p = src.person_at(i);
    if (!have_person || p != person) {
      close_spell();
      have_person = true;
      person = p;
      ordinal = static_cast<std::int64_t>(i);
      has_offer = false;
      prev_sick = false;
    }
    const std::size_t r = src.row(i);
    const std::int32_t w = src.widx(i);
    const auto m = static_cast<std::size_t>(ctx.munis(pc.municipality[r]));
    const auto g = static_cast<std::size_t>(ctx.groups(read_code(pc.group, r)));
    const std::int32_t o = ctx.offers(read_code(pc.offer, r));
    const double share = pc.benefit_share[r];
    const std::size_t cell = m * G + g;
    const bool in_p = w >= ctx.p0 && w <= ctx.p1;
    const bool in_e = w >= ctx.e0 && w <= ctx.e1;

    if (in_p) {
      CellCounts& c = out.counts[cell];
      CellSums& s = out.sums[cell];
      ++c.rows;
      s.fw.add(share);
      if (pc.conversations != nullptr) c.conversations += pc.conversations[r];
      if (o >= 0) {
        s.active_fw.add(share);
        if (ctx.company[static_cast<std::size_t>(o)]) s.company_fw.add(share);
      }
      if (out.stamp_p[cell] != ordinal) {
        out.stamp_p[cell] = ordinal;
        ++c.persons;
      }
      for (const std::int32_t a : ctx.aggregates_of_group[g]) {
        const std::size_t ac = m * A + static_cast<std::size_t>(a);
        if (out.astamp_p[ac] != ordinal) {
          out.astamp_p[ac] = ordinal;
          ++out.agg_p[ac];
        }
      }
    }

    if (o >= 0) {
      const bool start = !has_offer || last_offer_type != o || w - last_offer_w >= kNewOfferGap;
      if (start && in_p) {
        ++out.counts[cell].new_offers;
        if (ctx.company[static_cast<std::size_t>(o)]) ++out.counts[cell].new_company_offers;
      }
      has_offer = true;
      last_offer_type = o;
      last_offer_w = w;
    }

    if (in_e) {
      CellCounts& c = out.counts[cell];
      CellSums& s = out.sums[cell];
      ++c.e_rows;
      s.e_fw.add(share);
      const std::int32_t target = w + kJobRateLag;
      if (j <= i) j = i + 1;
      while (j < end && (src.skipped(j) || (src.person_at(j) == person && src.widx(j) < target))) {
        ++j;
      }
      const bool later = j < end && src.person_at(j) == person && src.widx(j) == target;
      if (!later) {
        ++c.e_self_rows;
        s.e_self_fw.add(share);
      }
      if (out.stamp_e[cell] != ordinal) {
        out.stamp_e[cell] = ordinal;
        ++c.e_persons;
      }
      for (const std::int32_t a : ctx.aggregates_of_group[g]) {
        const std::size_t ac = m * A + static_cast<std::size_t>(a);
        if (out.astamp_e[ac] != ordinal) {
          out.astamp_e[ac] = ordinal;
          ++out.agg_e[ac];
        }
      }
    }

    const bool sick = ctx.sickness[g] != 0;
    if (sick) {
      if (!(spell_open && prev_sick && prev_w == w - 1)) {
        close_spell();
        spell_open = true;
        spell_in_p = false;
        spell_partial = false;
      }
      if (in_p && !spell_in_p) {
        spell_in_p = true;
        spell_cell = cell;
      }
      if (pc.partial_sick != nullptr && pc.partial_sick[r] != 0) spell_partial = true;
    } else if (spell_open) {
      close_spell();
    }
    prev_sick = sick;
    prev_w = w;
  }
  close_spell();
}

/// Chunk starts: `parts` person-aligned ranges of the sequence.
template <typename Source>
std::vector<std::size_t> person_aligned_bounds(const Source& src, unsigned parts) {
  const std::size_t n = src.size();
  std::vector<std::size_t> bounds{0};
  for (unsigned t = 1; t < parts; ++t) {
    std::size_t b = std::max(bounds.back(), n * t / parts);
    // the last kept row before b decides the person that must not be split
    std::size_t k = b;
    while (k > bounds.back() && src.skipped(k - 1)) --k;
    if (k > 0 && k > bounds.back()) {
      const std::int64_t p = src.person_at(k - 1);
      while (b < n && (src.skipped(b) || src.person_at(b) == p)) ++b;
    }
    bounds.push_back(b);
  }
  bounds.push_back(n);
  return bounds;
}

void add_counts(CellCounts& a, const CellCounts& b) {
  a.rows += b.rows;
  a.persons += b.persons;
  a.conversations += b.conversations;
  a.new_offers += b.new_offers;
  a.new_company_offers += b.new_company_offers;
  a.e_rows += b.e_rows;
  a.e_persons += b.e_persons;
  a.e_self_rows += b.e_self_rows;
  a.spells += b.spells;
  a.spells_partial += b.spells_partial;
}

void add_sums(CellSums& a, const CellSums& b) {
  a.fw.merge(b.fw);
  a.active_fw.merge(b.active_fw);
  a.company_fw.merge(b.company_fw);
  a.e_fw.merge(b.e_fw);
  a.e_self_fw.merge(b.e_self_fw);
}

template <typename Source>
void run_pass(const Context& ctx, const Source& src, unsigned threads, IndicatorPartial& out) {
  const auto bounds = person_aligned_bounds(src, threads);
  std::vector<Local> locals;
  locals.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) locals.emplace_back(ctx);
  parallel_for(threads,
               [&](unsigned t) { process_chunk(ctx, src, bounds[t], bounds[t + 1], locals[t]); });
  // Merge in chunk order (integers and ExactSums: the order does not change the result).
  out.counts = std::move(locals[0].counts);
  out.sums = std::move(locals[0].sums);
  out.aggregate_persons = std::move(locals[0].agg_p);
  out.aggregate_e_persons = std::move(locals[0].agg_e);
  for (unsigned t = 1; t < threads; ++t) {
    const Local& l = locals[t];
    for (std::size_t c = 0; c < out.counts.size(); ++c) {
      add_counts(out.counts[c], l.counts[c]);
      add_sums(out.sums[c], l.sums[c]);
    }
    for (std::size_t c = 0; c < out.aggregate_persons.size(); ++c) {
      out.aggregate_persons[c] += l.agg_p[c];
      out.aggregate_e_persons[c] += l.agg_e[c];
    }
  }
}

std::string example_text(const PanelColumns& pc, PanelRule rule, std::int64_t row) {
  const auto r = static_cast<std::size_t>(row);
  std::ostringstream os;
  os << pc.row_label(row) << " (person " << pc.person[r] << ", week " << pc.week[r];
  auto category = [&](const CodeColumn& c) {
    const std::int32_t code = read_code(c, r);
    if (code < 0 || static_cast<std::size_t>(code) >= c.categories.size()) {
      return std::string("<missing>");
    }
    return "'" + c.categories[static_cast<std::size_t>(code)] + "'";
  };
  switch (rule) {
    case PanelRule::BenefitShare:
      os << ", benefit_share " << pc.benefit_share[r];
      break;
    case PanelRule::NegativeConversations:
      os << ", conversations " << pc.conversations[r];
      break;
    case PanelRule::UnknownGroup:
      os << ", group " << category(pc.group);
      break;
    case PanelRule::UnknownOffer:
      os << ", offer " << category(pc.offer);
      break;
    default:
      break;
  }
  os << ")";
  return os.str();
}

std::vector<PanelIssue> make_issues(const PanelColumns& pc, const IssueCollector& c) {
  std::vector<PanelIssue> issues;
  for (int k = 0; k < kPanelRuleCount; ++k) {
    if (c.count[static_cast<std::size_t>(k)] == 0) continue;
    PanelIssue issue;
    issue.rule = static_cast<PanelRule>(k);
    issue.count = c.count[static_cast<std::size_t>(k)];
    auto rows = c.rows[static_cast<std::size_t>(k)];
    std::sort(rows.begin(), rows.end());
    if (rows.size() > kMaxExamples) rows.resize(kMaxExamples);
    issue.rows = rows;
    for (auto row : rows) issue.examples.push_back(example_text(pc, issue.rule, row));
    issues.push_back(std::move(issue));
  }
  return issues;
}

void check_columns(const PanelColumns& pc) {
  auto need = [&](const void* p, const char* name) {
    if (pc.rows > 0 && p == nullptr) {
      throw std::invalid_argument(std::string("register panel: column '") + name + "' is missing");
    }
  };
  need(pc.person, "person");
  need(pc.week, "week");
  need(pc.municipality, "municipality");
  need(pc.group.data, "group");
  need(pc.offer.data, "offer");
  need(pc.benefit_share, "benefit_share");
  for (const CodeColumn* c : {&pc.group, &pc.offer}) {
    if (c->width != 1 && c->width != 2 && c->width != 4) {
      throw std::invalid_argument("register panel: category codes must be 1, 2 or 4 bytes wide");
    }
  }
}

unsigned thread_count(const IndicatorOptions& options, std::size_t rows) {
  unsigned t = options.threads;
  if (t == 0) t = std::max(1u, std::thread::hardware_concurrency());
  // Tiny panels: threads cost more than they save (the result is the same either way).
  const std::size_t per_thread = 1 << 14;
  const std::size_t useful = std::max<std::size_t>(1, rows / per_thread);
  return static_cast<unsigned>(std::min<std::size_t>(t, std::min<std::size_t>(useful, 256)));
}

}  // namespace

// --- accumulate --------------------------------------------------------------------------------

IndicatorPartial accumulate(const RegisterSpec& spec, const PanelColumns& pc,
                            const IndicatorOptions& options) {
  spec.validate();
  check_columns(pc);
  const IsoWeekTable& weeks = IsoWeekTable::instance();
  if (!is_valid_iso_week(options.period.first) || !is_valid_iso_week(options.period.last)) {
    throw InputError("measurement period " + std::to_string(options.period.first) + "-" +
                     std::to_string(options.period.last) + ": not valid ISO weeks YYYYWW");
  }
  if (weeks.index(options.period.last) < weeks.index(options.period.first)) {
    throw InputError("measurement period: last week " + format_iso_week(options.period.last) +
                     " lies before first week " + format_iso_week(options.period.first));
  }

  Context ctx;
  ctx.spec = &spec;
  ctx.panel = &pc;
  ctx.groups = group_lookup(spec, pc.group);
  ctx.offers = offer_lookup(spec, pc.offer);
  for (const auto& o : spec.offers) ctx.company.push_back(o.company_directed ? 1 : 0);
  for (const auto& g : spec.groups) ctx.sickness.push_back(g.sickness ? 1 : 0);
  ctx.G = spec.groups.size();
  ctx.A = spec.aggregates.size() + 1;
  ctx.aggregates_of_group.resize(ctx.G);
  for (std::size_t a = 0; a < spec.aggregates.size(); ++a) {
    for (const auto& code : spec.aggregates[a].groups) {
      auto& list = ctx.aggregates_of_group[static_cast<std::size_t>(spec.group_index(code))];
      if (std::find(list.begin(), list.end(), static_cast<std::int32_t>(a)) == list.end()) {
        list.push_back(static_cast<std::int32_t>(a));
      }
    }
  }
  for (std::size_t g = 0; g < ctx.G; ++g) {
    if (spec.groups[g].target) {
      ctx.aggregates_of_group[g].push_back(static_cast<std::int32_t>(spec.aggregates.size()));
    }
  }
  ctx.p0 = weeks.index(options.period.first);
  ctx.p1 = weeks.index(options.period.last);
  ctx.e0 = ctx.p0 - kJobRateLag;
  ctx.e1 = ctx.p1 - kJobRateLag;

  const std::size_t n = pc.rows;
  const unsigned threads = thread_count(options, n);

  // ---- pass 1: validation, sortedness, ranges -------------------------------------------------
  std::vector<std::uint8_t> skip;  // drop_invalid: rows to leave out
  if (options.drop_invalid) skip.assign(n, 0);
  std::vector<RangeScan> scans(threads);
  parallel_for(threads, [&](unsigned t) {
    RangeScan& s = scans[t];
    s.issues.keep_all = options.drop_invalid;
    const std::size_t a = n * t / threads, b = n * (t + 1) / threads;
    bool have_prev = false;
    std::int64_t prev_person = 0, prev_row = 0;
    std::int32_t prev_w = 0;
    bool prev_in_dup = false;
    for (std::size_t i = a; i < b; ++i) {
      bool bad = false;
      const std::int32_t w = weeks.index(pc.week[i]);
      if (w == IsoWeekTable::kInvalid) {
        s.issues.add(PanelRule::InvalidWeek, static_cast<std::int64_t>(i));
        bad = true;
      }
      const double share = pc.benefit_share[i];
      if (!(share > 0.0 && share <= 1.0)) {
        s.issues.add(PanelRule::BenefitShare, static_cast<std::int64_t>(i));
        bad = true;
      }
      if (pc.conversations != nullptr && pc.conversations[i] < 0) {
        s.issues.add(PanelRule::NegativeConversations, static_cast<std::int64_t>(i));
        bad = true;
      }
      if (ctx.groups(read_code(pc.group, i)) == kBadCode) {
        s.issues.add(PanelRule::UnknownGroup, static_cast<std::int64_t>(i));
        bad = true;
      }
      if (ctx.offers(read_code(pc.offer, i)) == kBadCode) {
        s.issues.add(PanelRule::UnknownOffer, static_cast<std::int64_t>(i));
        bad = true;
      }
      if (bad) {
        if (options.drop_invalid) skip[i] = 1;
        continue;
      }
      const std::int64_t p = pc.person[i];
      const std::int32_t muni = pc.municipality[i];
      s.min_widx = std::min(s.min_widx, w);
      s.max_widx = std::max(s.max_widx, w);
      s.min_person = std::min(s.min_person, p);
      s.max_person = std::max(s.max_person, p);
      s.min_muni = std::min(s.min_muni, muni);
      s.max_muni = std::max(s.max_muni, muni);
      bool in_dup = false;
      if (!have_prev) {
        s.any_valid = true;
        s.first_person = p;
        s.first_widx = w;
        s.first_row = static_cast<std::int64_t>(i);
      } else if (p < prev_person || (p == prev_person && w < prev_w)) {
        s.sorted = false;
      } else if (p == prev_person && w == prev_w) {
        // Adjacent repeats; only used when the whole input turns out sorted.
        if (!prev_in_dup) s.issues.add(PanelRule::DuplicatePersonWeek, prev_row);
        s.issues.add(PanelRule::DuplicatePersonWeek, static_cast<std::int64_t>(i));
        in_dup = true;
        if (!s.first_in_dup && prev_row == s.first_row) s.first_in_dup = true;
      }
      have_prev = true;
      prev_person = p;
      prev_w = w;
      prev_row = static_cast<std::int64_t>(i);
      prev_in_dup = in_dup;
    }
    s.last_person = prev_person;
    s.last_widx = prev_w;
    s.last_row = prev_row;
    s.last_in_dup = prev_in_dup;
  });

  IssueCollector issues;
  issues.keep_all = options.drop_invalid;
  IssueCollector dups;  // duplicates found on sorted input
  dups.keep_all = options.drop_invalid;
  bool sorted = true;
  bool any_valid = false;
  const RangeScan* prev = nullptr;
  IndicatorPartial out;
  out.min_person = std::numeric_limits<std::int64_t>::max();
  out.max_person = std::numeric_limits<std::int64_t>::min();
  std::int32_t min_muni = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_muni = std::numeric_limits<std::int32_t>::min();
  std::int32_t min_w = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_w = std::numeric_limits<std::int32_t>::min();
  for (const RangeScan& s : scans) {
    for (int k = 0; k < kPanelRuleCount; ++k) {
      const auto rule = static_cast<PanelRule>(k);
      IssueCollector& target = rule == PanelRule::DuplicatePersonWeek ? dups : issues;
      target.count[static_cast<std::size_t>(k)] += s.issues.count[static_cast<std::size_t>(k)];
      auto& rows = target.rows[static_cast<std::size_t>(k)];
      for (auto row : s.issues.rows[static_cast<std::size_t>(k)]) {
        if (target.keep_all && rule == PanelRule::DuplicatePersonWeek) {
          rows.push_back(row);
        } else if (rows.size() < kMaxExamples) {
          rows.push_back(row);
        }
      }
    }
    sorted = sorted && s.sorted;
    if (!s.any_valid) continue;
    any_valid = true;
    if (prev != nullptr) {
      if (s.first_person < prev->last_person ||
          (s.first_person == prev->last_person && s.first_widx < prev->last_widx)) {
        sorted = false;
      } else if (s.first_person == prev->last_person && s.first_widx == prev->last_widx) {
        if (!prev->last_in_dup) dups.add(PanelRule::DuplicatePersonWeek, prev->last_row);
        if (!s.first_in_dup) dups.add(PanelRule::DuplicatePersonWeek, s.first_row);
      }
    }
    prev = &s;
    min_w = std::min(min_w, s.min_widx);
    max_w = std::max(max_w, s.max_widx);
    out.min_person = std::min(out.min_person, s.min_person);
    out.max_person = std::max(out.max_person, s.max_person);
    min_muni = std::min(min_muni, s.min_muni);
    max_muni = std::max(max_muni, s.max_muni);
  }

  // ---- sort (only when unsorted) and duplicates -----------------------------------------------
  std::vector<Key> keys;
  if (!sorted) {
    if (n > std::numeric_limits<std::uint32_t>::max()) {
      throw InputError(
          "register panel: unsorted input with more than 4294967295 rows; sort it by "
          "person and week first");
    }
    dups = IssueCollector{};
    dups.keep_all = true;
    // Valid rows only (rows breaking a rule are reported, or dropped).
    std::vector<std::size_t> counts(threads, 0);
    parallel_for(threads, [&](unsigned t) {
      const std::size_t a = n * t / threads, b = n * (t + 1) / threads;
      std::size_t c = 0;
      for (std::size_t i = a; i < b; ++i) {
        if (options.drop_invalid ? skip[i] == 0 : weeks.index(pc.week[i]) != IsoWeekTable::kInvalid)
          ++c;
      }
      counts[t] = c;
    });
    std::vector<std::size_t> offsets(threads + 1, 0);
    for (unsigned t = 0; t < threads; ++t) offsets[t + 1] = offsets[t] + counts[t];
    keys.resize(offsets[threads]);
    parallel_for(threads, [&](unsigned t) {
      const std::size_t a = n * t / threads, b = n * (t + 1) / threads;
      std::size_t k = offsets[t];
      for (std::size_t i = a; i < b; ++i) {
        const std::int32_t w = weeks.index(pc.week[i]);
        if (options.drop_invalid ? skip[i] == 0 : w != IsoWeekTable::kInvalid) {
          keys[k++] = Key{pc.person[i], w, static_cast<std::uint32_t>(i)};
        }
      }
      std::sort(keys.begin() + static_cast<std::ptrdiff_t>(offsets[t]),
                keys.begin() + static_cast<std::ptrdiff_t>(k));
    });
    for (unsigned width = 1; width < threads; width *= 2) {
      std::vector<unsigned> starts;
      for (unsigned t = 0; t + width < threads; t += 2 * width) starts.push_back(t);
      parallel_for(static_cast<unsigned>(starts.size()), [&](unsigned s) {
        const unsigned t = starts[s];
        const auto first = keys.begin() + static_cast<std::ptrdiff_t>(offsets[t]);
        const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(offsets[t + width]);
        const auto last =
            keys.begin() + static_cast<std::ptrdiff_t>(offsets[std::min(t + 2 * width, threads)]);
        std::inplace_merge(first, middle, last);
      });
    }
    for (std::size_t k = 1; k < keys.size(); ++k) {
      if (keys[k].person == keys[k - 1].person && keys[k].widx == keys[k - 1].widx) {
        if (k == 1 ||
            !(keys[k - 1].person == keys[k - 2].person && keys[k - 1].widx == keys[k - 2].widx)) {
          dups.add(PanelRule::DuplicatePersonWeek, keys[k - 1].row);
        }
        dups.add(PanelRule::DuplicatePersonWeek, keys[k].row);
      }
    }
  }
  const auto dup_index = static_cast<std::size_t>(PanelRule::DuplicatePersonWeek);
  issues.count[dup_index] = dups.count[dup_index];
  issues.rows[dup_index] = dups.rows[dup_index];

  if (issues.any()) {
    if (!options.drop_invalid) {
      IssueCollector shown = issues;
      throw InputError(describe_panel_issues(make_issues(pc, shown), pc.source) +
                       ". Fix these rows, or pass drop_invalid to leave them out (the result then "
                       "reports how many were dropped and why).");
    }
    out.dropped = make_issues(pc, issues);
    auto& dup_rows = issues.rows[dup_index];
    if (!dup_rows.empty()) {
      if (sorted) {
        for (auto row : dup_rows) skip[static_cast<std::size_t>(row)] = 1;
      } else {
        std::sort(dup_rows.begin(), dup_rows.end());
        keys.erase(std::remove_if(keys.begin(), keys.end(),
                                  [&](const Key& k) {
                                    return std::binary_search(dup_rows.begin(), dup_rows.end(),
                                                              static_cast<std::int64_t>(k.row));
                                  }),
                   keys.end());
      }
    }
  }

  // ---- municipalities ---------------------------------------------------------------------------
  if (any_valid) {
    const std::int64_t range = static_cast<std::int64_t>(max_muni) - min_muni + 1;
    if (range <= (1 << 22)) {
      std::vector<std::vector<std::uint8_t>> seen(
          threads, std::vector<std::uint8_t>(static_cast<std::size_t>(range), 0));
      parallel_for(threads, [&](unsigned t) {
        const std::size_t a = n * t / threads, b = n * (t + 1) / threads;
        auto& mine = seen[t];
        for (std::size_t i = a; i < b; ++i) {
          if (!skip.empty() && skip[i]) continue;
          const std::int32_t code = pc.municipality[i];
          if (code < min_muni || code > max_muni) continue;  // a dropped row
          mine[static_cast<std::size_t>(code - min_muni)] = 1;
        }
      });
      ctx.munis.min = min_muni;
      ctx.munis.dense.assign(static_cast<std::size_t>(range), -1);
      for (std::int64_t k = 0; k < range; ++k) {
        bool any = false;
        for (const auto& s : seen) any = any || s[static_cast<std::size_t>(k)];
        if (any) {
          ctx.munis.dense[static_cast<std::size_t>(k)] =
              static_cast<std::int32_t>(ctx.munis.codes.size());
          ctx.munis.codes.push_back(static_cast<std::int32_t>(min_muni + k));
        }
      }
    } else {
      std::vector<std::int32_t> codes;
      for (std::size_t i = 0; i < n; ++i) {
        if (!skip.empty() && skip[i]) continue;
        codes.push_back(pc.municipality[i]);
      }
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      ctx.munis.codes = std::move(codes);
    }
  }
  ctx.M = ctx.munis.codes.size();

  // ---- pass 2 -----------------------------------------------------------------------------------
  out.period = options.period;
  out.groups = ctx.G;
  out.aggregates = ctx.A;
  out.municipalities = ctx.munis.codes;
  out.input_rows = static_cast<std::int64_t>(n);
  out.sorted_input = sorted;
  out.threads = threads;
  if (ctx.M > 0) {
    if (sorted) {
      InputOrder src{pc.person, pc.week, skip.empty() ? nullptr : skip.data(), n};
      run_pass(ctx, src, threads, out);
    } else {
      KeyOrder src{keys.data(), keys.size()};
      run_pass(ctx, src, threads, out);
    }
  }
  std::int64_t used = static_cast<std::int64_t>(keys.size());
  if (sorted) {
    used = static_cast<std::int64_t>(n);
    if (!skip.empty()) used -= static_cast<std::int64_t>(std::count(skip.begin(), skip.end(), 1));
  }
  out.used_rows = used;
  if (used > 0) {
    out.min_week_index = min_w;
    out.max_week_index = max_w;
  } else {
    out.min_person = out.max_person = 0;
  }
  return out;
}

// --- merge -------------------------------------------------------------------------------------

IndicatorPartial merge(const std::vector<IndicatorPartial>& parts) {
  if (parts.empty()) throw std::invalid_argument("merge: no partial results");
  IndicatorPartial out;
  const IndicatorPartial& first = parts.front();
  out.period = first.period;
  out.groups = first.groups;
  out.aggregates = first.aggregates;
  for (const auto& p : parts) {
    if (p.groups != out.groups || p.aggregates != out.aggregates ||
        p.period.first != out.period.first || p.period.last != out.period.last) {
      throw std::invalid_argument("merge: partial results of different specs or periods");
    }
    out.municipalities.insert(out.municipalities.end(), p.municipalities.begin(),
                              p.municipalities.end());
  }
  std::sort(out.municipalities.begin(), out.municipalities.end());
  out.municipalities.erase(std::unique(out.municipalities.begin(), out.municipalities.end()),
                           out.municipalities.end());
  const std::size_t M = out.municipalities.size(), G = out.groups, A = out.aggregates;
  out.counts.assign(M * G, CellCounts{});
  out.sums.assign(M * G, CellSums{});
  out.aggregate_persons.assign(M * A, 0);
  out.aggregate_e_persons.assign(M * A, 0);
  out.sorted_input = true;
  out.threads = 0;
  bool any_rows = false;
  out.min_week_index = std::numeric_limits<std::int32_t>::max();
  out.max_week_index = std::numeric_limits<std::int32_t>::min();
  out.min_person = std::numeric_limits<std::int64_t>::max();
  out.max_person = std::numeric_limits<std::int64_t>::min();
  std::array<PanelIssue, kPanelRuleCount> dropped;
  for (const auto& p : parts) {
    for (std::size_t m = 0; m < p.municipalities.size(); ++m) {
      const auto target =
          static_cast<std::size_t>(std::lower_bound(out.municipalities.begin(),
                                                    out.municipalities.end(), p.municipalities[m]) -
                                   out.municipalities.begin());
      for (std::size_t g = 0; g < G; ++g) {
        add_counts(out.counts[target * G + g], p.counts[m * G + g]);
        add_sums(out.sums[target * G + g], p.sums[m * G + g]);
      }
      for (std::size_t a = 0; a < A; ++a) {
        out.aggregate_persons[target * A + a] += p.aggregate_persons[m * A + a];
        out.aggregate_e_persons[target * A + a] += p.aggregate_e_persons[m * A + a];
      }
    }
    out.input_rows += p.input_rows;
    out.used_rows += p.used_rows;
    out.sorted_input = out.sorted_input && p.sorted_input;
    out.threads = std::max(out.threads, p.threads);
    if (p.used_rows > 0) {
      any_rows = true;
      out.min_week_index = std::min(out.min_week_index, p.min_week_index);
      out.max_week_index = std::max(out.max_week_index, p.max_week_index);
      out.min_person = std::min(out.min_person, p.min_person);
      out.max_person = std::max(out.max_person, p.max_person);
    }
    for (const auto& issue : p.dropped) {
      PanelIssue& d = dropped[static_cast<std::size_t>(issue.rule)];
      d.rule = issue.rule;
      d.count += issue.count;
      for (std::size_t k = 0; k < issue.rows.size() && d.rows.size() < kMaxExamples; ++k) {
        d.rows.push_back(issue.rows[k]);
        if (k < issue.examples.size()) d.examples.push_back(issue.examples[k]);
      }
    }
  }
  for (auto& d : dropped) {
    if (d.count > 0) {
      if (d.examples.size() != d.rows.size()) d.examples.clear();
      out.dropped.push_back(std::move(d));
    }
  }
  if (!any_rows) {
    out.min_week_index = out.max_week_index = 0;
    out.min_person = out.max_person = 0;
  }
  return out;
}

// --- finalize ----------------------------------------------------------------------------------

IndicatorResult finalize(const RegisterSpec& spec, const IndicatorPartial& partial,
                         const IndicatorOptions& options) {
  const std::size_t G = spec.groups.size();
  const std::size_t A = spec.aggregates.size() + 1;
  if (partial.groups != G || partial.aggregates != A) {
    throw std::invalid_argument("finalize: the partial result belongs to another spec");
  }
  IndicatorResult res;
  res.period = partial.period;
  const std::int32_t p0 = iso_week_index(partial.period.first);
  const std::int32_t p1 = iso_week_index(partial.period.last);
  res.period_weeks = p1 - p0 + 1;
  res.job_rate_weeks = {iso_week_from_index(p0 - kJobRateLag),
                        iso_week_from_index(p1 - kJobRateLag)};
  res.input_rows = partial.input_rows;
  res.used_rows = partial.used_rows;
  res.dropped = partial.dropped;
  res.sorted_input = partial.sorted_input;
  res.threads = partial.threads;
  const std::string period_text =
      format_iso_week(partial.period.first) + "-" + format_iso_week(partial.period.last);
  if (partial.used_rows > 0) {
    res.first_week = iso_week_from_index(partial.min_week_index);
    res.last_week = iso_week_from_index(partial.max_week_index);
  }
  if (options.check_coverage) {
    if (partial.input_rows == 0) {
      throw InputError("register panel: the panel has no rows (only a header?), so the "
                       "measurement period " +
                       period_text + " is not covered; give a panel with rows for these weeks");
    }
    if (partial.used_rows == 0) {
      throw InputError("register panel: no rows left after dropping " +
                       std::to_string(partial.input_rows) +
                       " invalid rows, so the measurement period " + period_text +
                       " is not covered; run without drop_invalid to see the rules they break");
    }
    if (partial.min_week_index > p0 || partial.max_week_index < p1) {
      throw InputError("register panel: the measurement period " + period_text +
                       " is not covered by the panel, which runs from " +
                       format_iso_week(res.first_week) + " to " + format_iso_week(res.last_week) +
                       " (the panel must begin by the first and reach the last week of the "
                       "period; the job rate needs 13 weeks after its measurement weeks " +
                       format_iso_week(res.job_rate_weeks.first) + "-" +
                       format_iso_week(res.job_rate_weeks.last) + ")");
    }
  }
  if (partial.used_rows > 0) {
    if (partial.min_week_index > p0 - kCensoringWeeks) {
      res.warnings.push_back(
          "the panel begins " + format_iso_week(res.first_week) +
          ", less than 4 weeks before the measurement period: offers running at its start count "
          "as new offers (left censoring)");
    }
    if (partial.min_week_index > p0 - kJobRateLag) {
      res.warnings.push_back("the panel begins " + format_iso_week(res.first_week) +
                             ", after the first job-rate measurement week " +
                             format_iso_week(res.job_rate_weeks.first) +
                             ": the job rate covers only part of its weeks");
    }
  }

  for (const auto& g : spec.groups) {
    res.unit_codes.push_back(g.code);
    res.unit_kinds.push_back(UnitKind::Group);
  }
  for (const auto& a : spec.aggregates) {
    res.unit_codes.push_back(a.code);
    res.unit_kinds.push_back(UnitKind::Aggregate);
  }
  res.unit_codes.push_back(spec.total_code);
  res.unit_kinds.push_back(UnitKind::Total);

  // members of each aggregate unit
  std::vector<std::vector<std::size_t>> members(A);
  for (std::size_t a = 0; a + 1 < A; ++a) {
    for (const auto& code : spec.aggregates[a].groups) {
      const auto g = static_cast<std::size_t>(spec.group_index(code));
      if (std::find(members[a].begin(), members[a].end(), g) == members[a].end()) {
        members[a].push_back(g);
      }
    }
  }
  for (std::size_t g = 0; g < G; ++g) {
    if (spec.groups[g].target) members[A - 1].push_back(g);
  }

  const double weeks = res.period_weeks;
  auto emit = [&](std::int32_t muni, std::size_t unit, const CellCounts& c, const CellSums& s) {
    res.municipality.push_back(muni);
    res.unit.push_back(static_cast<std::int32_t>(unit));
    res.rows.push_back(c.rows);
    res.persons.push_back(c.persons);
    res.conversations.push_back(c.conversations);
    res.new_offers.push_back(c.new_offers);
    res.new_company_offers.push_back(c.new_company_offers);
    res.e_rows.push_back(c.e_rows);
    res.e_persons.push_back(c.e_persons);
    res.e_self_rows.push_back(c.e_self_rows);
    res.spells.push_back(c.spells);
    res.spells_partial.push_back(c.spells_partial);
    const double fw = s.fw.value();
    const double act = s.active_fw.value();
    const double comp = s.company_fw.value();
    const double efw = s.e_fw.value();
    const double eself = s.e_self_fw.value();
    res.fw.push_back(fw);
    res.active_fw.push_back(act);
    res.company_fw.push_back(comp);
    res.e_fw.push_back(efw);
    res.e_self_fw.push_back(eself);
    const double py = fw / weeks;
    res.py.push_back(py);
    const bool has = fw > 0.0;
    res.si.push_back(has ? 13.0 * static_cast<double>(c.conversations) / fw : kNaN);
    res.ag.push_back(has ? act / fw : kNaN);
    res.vag.push_back(has ? comp / fw : kNaN);
    res.ti.push_back(py > 0.0 ? static_cast<double>(c.new_offers) / py : kNaN);
    res.vti.push_back(py > 0.0 ? static_cast<double>(c.new_company_offers) / py : kNaN);
    res.jr.push_back(efw > 0.0 ? eself / efw : kNaN);
    res.dr.push_back(c.spells > 0
                         ? static_cast<double>(c.spells_partial) / static_cast<double>(c.spells)
                         : kNaN);
  };

  for (std::size_t m = 0; m < partial.municipalities.size(); ++m) {
    const std::int32_t muni = partial.municipalities[m];
    for (std::size_t g = 0; g < G; ++g) {
      emit(muni, g, partial.counts[m * G + g], partial.sums[m * G + g]);
    }
    for (std::size_t a = 0; a < A; ++a) {
      CellCounts c;
      CellSums s;
      for (const std::size_t g : members[a]) {
        add_counts(c, partial.counts[m * G + g]);
        add_sums(s, partial.sums[m * G + g]);
      }
      c.persons = partial.aggregate_persons[m * A + a];
      c.e_persons = partial.aggregate_e_persons[m * A + a];
      emit(muni, G + a, c, s);
    }
  }
  return res;
}

IndicatorResult compute_indicators(const RegisterSpec& spec, const PanelColumns& panel,
                                   const IndicatorOptions& options) {
  return finalize(spec, accumulate(spec, panel, options), options);
}

// --- serialisation -----------------------------------------------------------------------------

namespace {
constexpr std::uint64_t kMagic = 0x4a42524547310001ULL;  // "JBREG1" + version 1
}

std::vector<std::uint64_t> IndicatorPartial::to_words() const {
  std::vector<std::uint64_t> w;
  auto put = [&](std::int64_t v) { w.push_back(static_cast<std::uint64_t>(v)); };
  w.push_back(kMagic);
  put(period.first);
  put(period.last);
  put(static_cast<std::int64_t>(groups));
  put(static_cast<std::int64_t>(aggregates));
  put(static_cast<std::int64_t>(municipalities.size()));
  for (auto m : municipalities) put(m);
  for (const auto& c : counts) {
    for (auto v : {c.rows, c.persons, c.conversations, c.new_offers, c.new_company_offers, c.e_rows,
                   c.e_persons, c.e_self_rows, c.spells, c.spells_partial}) {
      put(v);
    }
  }
  for (const auto& s : sums) {
    for (const ExactSum* e : {&s.fw, &s.active_fw, &s.company_fw, &s.e_fw, &s.e_self_fw}) {
      e->append_words(w);
    }
  }
  for (auto v : aggregate_persons) put(v);
  for (auto v : aggregate_e_persons) put(v);
  put(input_rows);
  put(used_rows);
  put(sorted_input ? 1 : 0);
  put(min_week_index);
  put(max_week_index);
  put(min_person);
  put(max_person);
  put(threads);
  put(static_cast<std::int64_t>(dropped.size()));
  for (const auto& d : dropped) {
    put(static_cast<std::int64_t>(d.rule));
    put(d.count);
    put(static_cast<std::int64_t>(d.rows.size()));
    for (auto r : d.rows) put(r);
  }
  return w;
}

IndicatorPartial IndicatorPartial::from_words(const std::vector<std::uint64_t>& w) {
  std::size_t pos = 0;
  auto get = [&]() {
    if (pos >= w.size()) throw std::invalid_argument("IndicatorPartial: truncated serialisation");
    return static_cast<std::int64_t>(w[pos++]);
  };
  if (w.empty() || w[0] != kMagic)
    throw std::invalid_argument("IndicatorPartial: not a partial result");
  pos = 1;
  IndicatorPartial p;
  p.period.first = static_cast<std::int32_t>(get());
  p.period.last = static_cast<std::int32_t>(get());
  p.groups = static_cast<std::size_t>(get());
  p.aggregates = static_cast<std::size_t>(get());
  const auto M = static_cast<std::size_t>(get());
  if (M > w.size() || p.groups > 40000 || p.aggregates > 40000) {
    throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
  }
  for (std::size_t m = 0; m < M; ++m) p.municipalities.push_back(static_cast<std::int32_t>(get()));
  p.counts.resize(M * p.groups);
  for (auto& c : p.counts) {
    for (std::int64_t* v :
         {&c.rows, &c.persons, &c.conversations, &c.new_offers, &c.new_company_offers, &c.e_rows,
          &c.e_persons, &c.e_self_rows, &c.spells, &c.spells_partial}) {
      *v = get();
    }
  }
  p.sums.resize(M * p.groups);
  for (auto& s : p.sums) {
    for (ExactSum* e : {&s.fw, &s.active_fw, &s.company_fw, &s.e_fw, &s.e_self_fw}) {
      *e = ExactSum::from_words(w, pos);
    }
  }
  p.aggregate_persons.resize(M * p.aggregates);
  for (auto& v : p.aggregate_persons) v = get();
  p.aggregate_e_persons.resize(M * p.aggregates);
  for (auto& v : p.aggregate_e_persons) v = get();
  p.input_rows = get();
  p.used_rows = get();
  p.sorted_input = get() != 0;
  p.min_week_index = static_cast<std::int32_t>(get());
  p.max_week_index = static_cast<std::int32_t>(get());
  p.min_person = get();
  p.max_person = get();
  p.threads = static_cast<unsigned>(get());
  const auto D = static_cast<std::size_t>(get());
  if (D > kPanelRuleCount) throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
  for (std::size_t d = 0; d < D; ++d) {
    PanelIssue issue;
    issue.rule = static_cast<PanelRule>(get());
    issue.count = get();
    const auto R = static_cast<std::size_t>(get());
    if (R > kMaxExamples) throw std::invalid_argument("IndicatorPartial: corrupt serialisation");
    for (std::size_t r = 0; r < R; ++r) issue.rows.push_back(get());
    p.dropped.push_back(std::move(issue));
  }
  return p;
}

}  // namespace jobbench
