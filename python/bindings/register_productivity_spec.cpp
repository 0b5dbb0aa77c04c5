#include <pybind11/stl.h>

#include "jobbench/productivity/spec.hpp"
#include "jobbench/productivity/verbal.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace jobbench::python {

void register_productivity_spec(py::module_& m) {
  py::class_<TargetGroup>(m, "TargetGroup")
      .def_readonly("code", &TargetGroup::code)
      .def_readonly("label", &TargetGroup::label)
      .def_readonly("components", &TargetGroup::components)
      .def_property_readonly("is_composite", &TargetGroup::is_composite)
      .def("__repr__",
           [](const TargetGroup& g) { return "<TargetGroup " + g.code + ": " + g.label + ">"; });

  py::class_<TaskNode>(m, "TaskNode")
      .def_readonly("code", &TaskNode::code)
      .def_readonly("parent", &TaskNode::parent)
      .def_readonly("label", &TaskNode::label)
      .def_readonly("divisor", &TaskNode::divisor)
      .def_readonly("tags", &TaskNode::tags)
      .def_readonly("area", &TaskNode::area)
      .def("__repr__",
           [](const TaskNode& t) { return "<TaskNode " + t.code + ": " + t.label + ">"; });

  py::class_<Aggregate>(m, "Aggregate")
      .def_readonly("code", &Aggregate::code)
      .def_readonly("label", &Aggregate::label)
      .def_readonly("tags", &Aggregate::tags)
      .def_readonly("divisor", &Aggregate::divisor)
      .def_readonly("area", &Aggregate::area)
      .def("__repr__",
           [](const Aggregate& a) { return "<Aggregate " + a.code + ": " + a.label + ">"; });

  py::enum_<ClassBasis>(m, "ClassBasis")
      .value("own", ClassBasis::Own)
      .value("area", ClassBasis::Area);

  py::class_<ClassThresholds>(m, "ClassThresholds")
      .def(py::init([](double same, double slightly, double plain, double considerably,
                       ClassBasis basis) {
             return ClassThresholds{same, slightly, plain, considerably, basis};
           }),
           py::arg("same") = 0.05, py::arg("slightly") = 0.15, py::arg("plain") = 0.25,
           py::arg("considerably") = 0.40, py::arg("basis") = ClassBasis::Own)
      .def_readwrite("basis", &ClassThresholds::basis)
      .def_readwrite("same", &ClassThresholds::same)
      .def_readwrite("slightly", &ClassThresholds::slightly)
      .def_readwrite("plain", &ClassThresholds::plain)
      .def_readwrite("considerably", &ClassThresholds::considerably)
      .def("__repr__", [](const ClassThresholds& t) {
        return "ClassThresholds(same=" + py::repr(py::float_(t.same)).cast<std::string>() +
               ", slightly=" + py::repr(py::float_(t.slightly)).cast<std::string>() +
               ", plain=" + py::repr(py::float_(t.plain)).cast<std::string>() +
               ", considerably=" + py::repr(py::float_(t.considerably)).cast<std::string>() + ")";
      });

  py::class_<BenchmarkSpec>(m, "BenchmarkSpec")
      .def_static("from_json_string", &BenchmarkSpec::from_json_string, py::arg("json"))
      .def_static("from_json_file", &BenchmarkSpec::from_json_file, py::arg("path"))
      .def("validate", &BenchmarkSpec::validate)
      .def_readonly("name", &BenchmarkSpec::name)
      .def_readonly("population_label", &BenchmarkSpec::population_label)
      .def_readonly("target_groups", &BenchmarkSpec::target_groups)
      .def_readonly("tasks", &BenchmarkSpec::tasks)
      .def_readonly("aggregates", &BenchmarkSpec::aggregates)
      .def_readonly("employment_weights", &BenchmarkSpec::employment_weights)
      .def_readonly("classes", &BenchmarkSpec::classes)
      .def("__repr__", [](const BenchmarkSpec& s) {
        return "<BenchmarkSpec '" + s.name + "': " + std::to_string(s.tasks.size()) + " tasks, " +
               std::to_string(s.aggregates.size()) + " aggregates, " +
               std::to_string(s.target_groups.size()) + " target groups>";
      });

  m.def(
      "spec_schema_json", [] { return std::string(spec_schema_json()); },
      "The JSON Schema of benchmark specs that the C++ parser applies (jobbench/specs/spec.schema.json).");

  py::enum_<Language>(m, "Language")
      .value("Danish", Language::Danish)
      .value("English", Language::English);

  m.def("classify", &classify, py::arg("diff_rel"), py::arg("value"), py::arg("mean"),
        py::arg("thresholds"),
        "Verbal class code (-5 .. 4, -9 = missing) of a relative difference from the mean.");
  m.def("class_label", &class_label, py::arg("code"), py::arg("language") = Language::Danish,
        "Label of a verbal class code, e.g. 'markant færre'.");

  // Class codes as module constants (CLASS_NONE = -5 ... CLASS_MARKEDLY_MORE = 4).
  m.attr("CLASS_NONE") = static_cast<int>(kClassNone);
  m.attr("CLASS_MARKEDLY_FEWER") = static_cast<int>(kClassMarkedlyFewer);
  m.attr("CLASS_CONSIDERABLY_FEWER") = static_cast<int>(kClassConsiderablyFewer);
  m.attr("CLASS_FEWER") = static_cast<int>(kClassFewer);
  m.attr("CLASS_SLIGHTLY_FEWER") = static_cast<int>(kClassSlightlyFewer);
  m.attr("CLASS_SAME") = static_cast<int>(kClassSame);
  m.attr("CLASS_SLIGHTLY_MORE") = static_cast<int>(kClassSlightlyMore);
  m.attr("CLASS_MORE") = static_cast<int>(kClassMore);
  m.attr("CLASS_CONSIDERABLY_MORE") = static_cast<int>(kClassConsiderablyMore);
  m.attr("CLASS_MARKEDLY_MORE") = static_cast<int>(kClassMarkedlyMore);
  m.attr("CLASS_MISSING") = static_cast<int>(kClassMissing);
}

}  // namespace jobbench::python
