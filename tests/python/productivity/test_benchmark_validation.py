"""Benchmark inputs are validated once, in C++: the Python API and the C++ loader reject the same
inputs with the same messages (municipalities without FTE, empty tables, non-finite results)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jobbench
from jobbench import _core
from conftest import MUNICIPALITIES, small_fte, small_person_years, small_population

FIXTURES = Path(__file__).resolve().parents[2] / "cpp" / "fixtures"


def fit(spec, fte, person_years, **kw):
    return jobbench.Benchmark(spec, fte, person_years, **kw).fit()


def extra_person_years() -> pd.DataFrame:
    extra = pd.DataFrame({"municipality": ["Dby"] * 3, "group": ["a_o30", "a_u30", "k"],
                          "person_years": [100.0, 50.0, 100.0]})
    return pd.concat([small_person_years(), extra], ignore_index=True)


def test_municipality_only_in_person_years(spec):
    with pytest.raises(jobbench.InputError, match=r"person_years row 9 \(Dby, a_o30\): unknown municipality 'Dby'"):
        fit(spec, small_fte(), extra_person_years())


def test_listed_municipality_without_fte_rows(spec):
    with pytest.raises(jobbench.InputError,
                       match=r"person_years row 9 \(Dby\): municipality 'Dby' has no FTE row in fte; "
                             r"it would be compared with productivity 0"):
        fit(spec, small_fte(), extra_person_years(), municipalities=[*MUNICIPALITIES, "Dby"])
    with pytest.raises(jobbench.InputError, match=r"municipalities row 3 \(Dby\): .*has no FTE row"):
        fit(spec, small_fte(), small_person_years(), municipalities=[*MUNICIPALITIES, "Dby"])


def test_population_only_municipality(spec):
    pop = pd.concat([small_population(), pd.DataFrame({"municipality": ["Dby"], "population": [5000.0]})])
    with pytest.raises(jobbench.InputError, match=r"population row 3 \(Dby\): unknown municipality 'Dby'"):
        fit(spec, small_fte(), small_person_years(), population=pop)


def test_empty_tables(spec):
    empty_fte = small_fte().iloc[0:0]
    with pytest.raises(jobbench.InputError, match=r"^fte: no FTE rows"):
        fit(spec, empty_fte, small_person_years())
    with pytest.raises(jobbench.InputError, match=r"^fte: no FTE rows"):
        fit(spec, empty_fte, small_person_years(), municipalities=MUNICIPALITIES)
    with pytest.raises(jobbench.InputError, match=r"^person_years: no person-years rows"):
        fit(spec, small_fte(), small_person_years().iloc[0:0])


def test_non_finite_results_are_rejected(spec):
    fte = small_fte()
    fte.loc[0, "fte"] = 1e308  # finite, but FTE per 1,000 person-years overflows
    with pytest.raises(jobbench.InputError,
                       match=r"fte row 0 \(Aby, a.sag.o30\): productivity of task 'a.sag.o30' is not finite \(inf\)"
                             r".*check the units"):
        fit(spec, fte, small_person_years())
    fte = small_fte()
    fte.loc[3, "fte"] = fte.loc[4, "fte"] = 1e308  # k.sag + k.team overflow in the roll-up
    with pytest.raises(jobbench.InputError, match=r"fte \(Aby, k\): FTE \(sub-tasks summed\) of task 'k' is not finite"):
        fit(spec, fte, small_person_years())


def test_python_and_cpp_loader_agree_on_the_fixture_files():
    """The same files through Benchmark.from_csv and through _core.load_benchmark_csv."""
    spec = jobbench.load_spec(FIXTURES / "spec.json")
    for fte, py in (("fte.csv", "person_years_extra_municipality.csv"),
                    ("fte_header_only.csv", "person_years.csv")):
        messages = []
        for run in (lambda: jobbench.Benchmark.from_csv(spec, FIXTURES / fte, FIXTURES / py).fit(),
                    lambda: _core.compute(_core.load_benchmark_csv(spec.core, str(FIXTURES / fte),
                                                                   str(FIXTURES / py)))):
            with pytest.raises(jobbench.InputError) as err:
                run()
            messages.append(str(err.value))
        assert messages[0] == messages[1]
    good = jobbench.Benchmark.from_csv(spec, FIXTURES / "fte_excel_da.csv", FIXTURES / "person_years_excel_da.csv",
                                       FIXTURES / "population_excel_da.csv").fit()
    assert good.mean[good.root] == pytest.approx(10.0)
