// Bindings of the audit capability: shares of many cells at once, Newcombe intervals, the sampler.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "jobbench/audit/cases.hpp"
#include "jobbench/audit/estimate.hpp"
#include "jobbench/audit/sample.hpp"
#include "jobbench/errors.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {
namespace {

using audit::Share;

audit::Design design_of(const std::string& name) {
  if (name == "stratified") return audit::Design::Stratified;
  if (name == "clustered") return audit::Design::Clustered;
  throw InputError("unknown audit design '" + name + "' (choose stratified or clustered)");
}

py::dict shares(const std::vector<int>& cell, const std::vector<int>& outcome,
                const std::vector<double>& weight, const std::vector<int>& stratum,
                const std::vector<int>& cluster, const std::vector<double>& domain,
                const std::vector<double>& fraction, const std::vector<bool>& plain,
                const std::string& design, double level, double clusters_in_population) {
  audit::CellCases rows{outcome, weight, stratum, cluster, domain, fraction};
  audit::ShareOptions options;
  options.design = design_of(design);
  options.level = level;
  options.clusters_in_population = clusters_in_population;
  const std::vector<Share> out =
      audit::estimate_shares(cell, rows, static_cast<int>(plain.size()), options, plain);
  py::dict d;
  auto column = [&](const char* name, double Share::*field) {
    std::vector<double> v;
    for (const Share& s : out) v.push_back(s.*field);
    d[name] = v;
  };
  column("met", &Share::met), column("not_met", &Share::not_met);
  column("not_relevant", &Share::not_relevant), column("unknown", &Share::unknown);
  column("n", &Share::n), column("share", &Share::share), column("lower", &Share::lower);
  column("upper", &Share::upper), column("variance", &Share::variance);
  column("deff", &Share::deff), column("n_effective", &Share::n_effective);
  column("unknown_share", &Share::unknown_share);
  return d;
}

py::dict newcombe(const std::vector<double>& p_m, const std::vector<double>& l_m,
                  const std::vector<double>& u_m, const std::vector<double>& p_k,
                  const std::vector<double>& l_k, const std::vector<double>& u_k) {
  std::vector<double> lower, upper;
  for (std::size_t i = 0; i < p_m.size(); ++i) {
    Share m, k;
    m.share = p_m.at(i), m.lower = l_m.at(i), m.upper = u_m.at(i);
    k.share = p_k.at(i), k.lower = l_k.at(i), k.upper = u_k.at(i);
    const Interval d = audit::newcombe(m, k);
    lower.push_back(d.lower);
    upper.push_back(d.upper);
  }
  py::dict out;
  out["lower"] = lower;
  out["upper"] = upper;
  return out;
}

py::dict sample(const std::vector<std::string>& group, const std::vector<std::string>& case_id,
                const std::vector<std::string>& stratum, long n, const std::string& rule,
                std::uint64_t seed, long reserves) {
  const auto draws = audit::draw_sample(audit::SampleFrame{group, case_id, stratum}, n,
                                        audit::parse_allocation(rule), seed, reserves);
  std::vector<std::size_t> row;
  std::vector<long> population, sampled, order;
  std::vector<double> inclusion, weight;
  std::vector<bool> reserve;
  for (const audit::Draw& d : draws) {
    row.push_back(d.row), population.push_back(d.population), sampled.push_back(d.sampled);
    inclusion.push_back(d.inclusion), weight.push_back(d.weight), order.push_back(d.order);
    reserve.push_back(d.reserve);
  }
  py::dict out;
  out["row"] = row, out["N_h"] = population, out["n_h"] = sampled, out["pi"] = inclusion;
  out["weight"] = weight, out["draw"] = order, out["reserve"] = reserve;
  return out;
}

std::vector<long> allocate(const std::vector<long>& sizes, long n, const std::string& rule,
                           const std::vector<std::string>& names) {
  return audit::allocate(sizes, n, audit::parse_allocation(rule), names);
}

using Columns = std::vector<std::string>;

audit::CaseTable case_table(const Columns& municipality, const Columns& case_id,
                            const Columns& target_group, const Columns& stratum,
                            const Columns& criterion, const Columns& outcome,
                            const std::vector<std::pair<std::string, Columns>>& case_level) {
  return {municipality, case_id, target_group, stratum, criterion, outcome, case_level};
}

void check_cases(const Columns& municipality, const Columns& case_id, const Columns& target_group,
                 const Columns& stratum, const Columns& criterion, const Columns& outcome,
                 const std::vector<std::pair<std::string, Columns>>& case_level,
                 const std::optional<Columns>& criteria, const std::optional<Columns>& filters) {
  const auto table =
      case_table(municipality, case_id, target_group, stratum, criterion, outcome, case_level);
  if (!criteria) {
    audit::check_cases(table, nullptr);
    return;
  }
  const audit::CatalogueCriteria catalogue{*criteria,
                                           filters ? *filters : Columns(criteria->size())};
  audit::check_cases(table, &catalogue);
}

std::vector<std::int64_t> check_frame(const Columns& municipality, const Columns& target_group,
                                      const Columns& stratum, const std::vector<double>& n,
                                      const Columns& n_text) {
  return audit::check_frame({municipality, target_group, stratum, n, n_text});
}

void check_frame_keys(const Columns& municipality, const Columns& case_id,
                      const Columns& target_group, const Columns& stratum,
                      const Columns& frame_municipality, const Columns& frame_target_group,
                      const Columns& frame_stratum, const std::vector<std::int64_t>& n) {
  const auto table = case_table(municipality, case_id, target_group, stratum,
                                Columns(municipality.size()), Columns(municipality.size()), {});
  const audit::StratumFrame frame{frame_municipality, frame_target_group, frame_stratum,
                                  std::vector<double>(n.begin(), n.end()), Columns(n.size())};
  audit::check_frame_keys(table, frame, n);
}

void check_weights(const Columns& municipality, const Columns& case_id,
                   const std::vector<double>& weight, const Columns& weight_text,
                   const std::optional<std::vector<double>>& expected) {
  audit::check_weights(municipality, case_id, weight, weight_text,
                       expected ? &*expected : nullptr);
}

}  // namespace

void register_audit(py::module_& m) {
  m.def("audit_check_weights", &check_weights, py::arg("municipality"), py::arg("case"),
        py::arg("weight"), py::arg("weight_text"), py::arg("expected") = py::none(),
        "InputError for case weights that are not finite and > 0, or not N_h / n_h of the frame.");
  m.def("audit_check_cases", &check_cases, py::arg("municipality"), py::arg("case"),
        py::arg("target_group"), py::arg("stratum"), py::arg("criterion"), py::arg("outcome"),
        py::arg("case_level"), py::arg("criteria") = py::none(), py::arg("filters") = py::none(),
        "Contract §5 checks of the long case table (text keys); InputError for the first rule "
        "broken.");
  m.def("audit_check_frame", &check_frame, py::arg("municipality"), py::arg("target_group"),
        py::arg("stratum"), py::arg("n"), py::arg("n_text"),
        "The frame's N as integers; InputError for a bad N or a repeated stratum.");
  m.def("audit_check_frame_keys", &check_frame_keys, py::arg("municipality"), py::arg("case"),
        py::arg("target_group"), py::arg("stratum"), py::arg("frame_municipality"),
        py::arg("frame_target_group"), py::arg("frame_stratum"), py::arg("n"),
        "InputError for strata of the cases outside the frame or with more cases than N.");
  m.def("audit_shares", &shares, py::arg("cell"), py::arg("outcome"), py::arg("weight"),
        py::arg("stratum"), py::arg("cluster"), py::arg("domain"), py::arg("fraction"),
        py::arg("plain"), py::arg("design"), py::arg("level"), py::arg("clusters_in_population"),
        "Audit shares per cell: counts, share, Wilson on n/deff, variance (dict of lists).");
  m.def("audit_newcombe", &newcombe, py::arg("p_m"), py::arg("l_m"), py::arg("u_m"),
        py::arg("p_k"), py::arg("l_k"), py::arg("u_k"),
        "Newcombe hybrid score intervals of p_m - p_k from the shares' own intervals.");
  m.def("audit_sample", &sample, py::arg("group"), py::arg("case"), py::arg("stratum"),
        py::arg("n"), py::arg("rule"), py::arg("seed"), py::arg("reserves") = 0,
        "Seeded stratified draw: dict of row, N_h, n_h, pi, weight, draw, reserve.");
  m.def("audit_allocate", &allocate, py::arg("sizes"), py::arg("n"), py::arg("rule"),
        py::arg("names"), "n_h per stratum (equal or proportional allocation).");
  m.def("audit_sample_size", &audit::sample_size, py::arg("half_width"), py::arg("p"),
        py::arg("population"), py::arg("design_effect"), py::arg("level"),
        "Sample size for a target interval half-width.");
  m.def("audit_design_effect", &audit::allocation_design_effect, py::arg("sizes"),
        py::arg("sampled"), "K = n sum_h (N_h^2/n_h) / N^2 of an allocation.");
  m.def("audit_z", &audit::z_of_level, py::arg("level"), "z_{1 - alpha/2} of a two-sided level.");
}

}  // namespace jobbench::python
