"""Shared fixtures: a small hand-made spec and data set (3 municipalities, 2 target-group families)."""
from __future__ import annotations

import copy
import os

import pandas as pd
import pytest

# jupyter_core warns (DeprecationWarning) unless told to use platformdirs; tests run with -W error.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

SMALL_SPEC = {
    "name": "Lille benchmark",
    "population_label": "Befolkning (18-64 år)",
    "target_groups": [
        {"code": "a_o30", "label": "A over 30"},
        {"code": "a_u30", "label": "A under 30"},
        {"code": "a", "label": "A-dagpenge", "components": ["a_o30", "a_u30"]},
        {"code": "k", "label": "Kontanthjælp"},
        {"code": "jc", "label": "JC-målgruppe i alt", "components": ["a", "k"]},
    ],
    "tasks": [
        {"code": "total", "label": "I alt", "divisor": "jc"},
        {"code": "a", "parent": "total", "label": "A-dagpenge", "divisor": "a"},
        {"code": "a.sag", "parent": "a", "label": "Sagsbehandling"},
        {"code": "a.sag.o30", "parent": "a.sag", "label": "For over 30-årige", "divisor": "a_o30"},
        {"code": "a.sag.u30", "parent": "a.sag", "label": "For under 30-årige", "divisor": "a_u30"},
        {"code": "a.team", "parent": "a", "label": "Teamledelse", "tags": ["ledelse"]},
        {"code": "k", "parent": "total", "label": "Kontanthjælp", "divisor": "k"},
        {"code": "k.sag", "parent": "k", "label": "Sagsbehandling"},
        {"code": "k.team", "parent": "k", "label": "Teamledelse", "tags": ["ledelse"]},
        {"code": "adm", "parent": "total", "label": "Administration", "divisor": "jc"},
    ],
    "aggregates": [
        {"code": "heraf_ledelse", "label": "Heraf ledelse", "tags": ["ledelse"], "divisor": "jc"},
    ],
    "employment_weights": {"ordinary": 1.0, "flexjob": 0.5, "seniorjob": 0.75},
    "classes": {"same": 0.05, "slightly": 0.15, "plain": 0.25, "considerably": 0.40},
    "indicators": [
        {"code": "q.samtale", "label": "Samtaleintensitet", "format": "decimal", "higher_is_better": True},
        {"code": "q.jobrate", "label": "Job- og uddannelsesrate", "format": "percent", "higher_is_better": True},
    ],
    "tables": {
        "R": {
            "title": "Ressourceforbrug",
            "columns": [
                {"label": "Årsværk", "measure": "fte", "scope": "municipality"},
                {"label": "Procent", "measure": "share", "scope": "municipality"},
                {"label": "Alle, procent", "measure": "pooled_share", "scope": "all"},
            ],
            "rows": [
                {"label": "A-dagpenge", "item": "a"},
                {"label": "Kontanthjælp", "item": "k"},
                {"label": "Administration", "item": "adm"},
                {"label": "I alt", "item": "total", "bold": True},
                {"label": "-Heraf ledelse", "item": "heraf_ledelse"},
                {"label": "-Heraf puljer og løntilskud", "item": "total", "external": True},
            ],
        },
        "T1": {
            "title": "Produktivitet og kvalitet",
            "rows": [
                {"label": "Produktivitet", "item": "total", "measure": "productivity", "bold": True},
                {"label": "A-dagpenge", "item": "a", "measure": "productivity"},
                {"label": "Kontanthjælp", "item": "k", "measure": "productivity"},
                {"label": "Administration", "item": "adm", "measure": "productivity"},
                {"label": "-Heraf ledelse", "item": "heraf_ledelse", "measure": "productivity"},
                {"label": "-Heraf puljer og løntilskud", "item": "total", "measure": "productivity_external"},
                {"label": "Kvalitet"},
                {"label": "Samtaleintensitet", "indicator": "q.samtale", "format": "decimal"},
                {"label": "Job- og uddannelsesrate", "indicator": "q.jobrate", "format": "percent"},
            ],
        },
        "B": {
            "title": "Nøgletal",
            "rows": [
                {"label": "Befolkning", "measure": "population", "format": "count", "bold": True},
                {"label": "A-dagpenge", "group": "a", "measure": "forsoergelsestryk", "format": "percent"},
                {"label": "Årsværk pr. 1.000", "item": "total", "measure": "fte_per_1000_population"},
                {"label": "A-dagpenge", "item": "a", "measure": "share"},
            ],
        },
    },
}

MUNICIPALITIES = ["Aby", "Bby", "Cby"]


def small_fte() -> pd.DataFrame:
    rows = []
    leaf = {  # (municipality) -> task -> (fte, fte_external)
        "Aby": {"a.sag.o30": (4.0, 0.0), "a.sag.u30": (2.0, 0.5), "a.team": (0.5, 0.0),
                "k.sag": (6.0, 1.0), "k.team": (1.0, 0.0), "adm": (3.0, 0.0)},
        "Bby": {"a.sag.o30": (5.0, 0.0), "a.sag.u30": (1.0, 0.0), "a.team": (1.0, 0.0),
                "k.sag": (5.0, 0.0), "k.team": (0.5, 0.0), "adm": (2.5, 0.5)},
        "Cby": {"a.sag.o30": (3.0, 0.0), "a.sag.u30": (1.5, 0.0),
                "k.sag": (8.0, 2.0), "k.team": (1.5, 0.0), "adm": (4.0, 0.0)},
    }
    for m, tasks in leaf.items():
        for t, (f, e) in tasks.items():
            rows.append({"municipality": m, "task": t, "fte": f, "fte_external": e})
    return pd.DataFrame(rows)


def small_person_years() -> pd.DataFrame:
    py = {"Aby": (400.0, 100.0, 250.0), "Bby": (500.0, 120.0, 200.0), "Cby": (300.0, 90.0, 350.0)}
    rows = []
    for m, (o30, u30, k) in py.items():
        rows += [{"municipality": m, "group": "a_o30", "person_years": o30},
                 {"municipality": m, "group": "a_u30", "person_years": u30},
                 {"municipality": m, "group": "k", "person_years": k}]
    return pd.DataFrame(rows)


def small_population() -> pd.DataFrame:
    return pd.DataFrame({"municipality": MUNICIPALITIES, "population": [10000.0, 12000.0, 9000.0]})


def small_quality() -> pd.DataFrame:
    rows = []
    for m, s, j in zip(MUNICIPALITIES, [1.5, 1.2, float("nan")], [0.25, 0.20, 0.30]):
        rows.append({"table": "T1", "indicator": "q.samtale", "municipality": m, "value": s})
        rows.append({"table": "T1", "indicator": "q.jobrate", "municipality": m, "value": j})
    return pd.DataFrame(rows)


@pytest.fixture
def spec_dict() -> dict:
    return copy.deepcopy(SMALL_SPEC)


@pytest.fixture
def spec(spec_dict):
    import jobbench

    return jobbench.load_spec(spec_dict)


@pytest.fixture
def fte() -> pd.DataFrame:
    return small_fte()


@pytest.fixture
def person_years() -> pd.DataFrame:
    return small_person_years()


@pytest.fixture
def population() -> pd.DataFrame:
    return small_population()


@pytest.fixture
def quality() -> pd.DataFrame:
    return small_quality()


@pytest.fixture
def bench(spec, fte, person_years, population, quality):
    import jobbench

    return jobbench.Benchmark(spec, fte, person_years, population=population,
                              municipalities=MUNICIPALITIES, quality=quality)


@pytest.fixture
def results(bench):
    return bench.fit()


# --- property-based tests (tests/python/test_properties_*.py) ------------------------------------
# One derandomised profile: the same examples on every run and machine (CI reproducible), no
# example database, no deadline (first calls compile regexes, open files ...).
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "jobbench", derandomize=True, database=None, deadline=None, print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture])
    settings.load_profile("jobbench")
except ImportError:  # pragma: no cover - hypothesis is in the "test" extra
    pass


def loader_outcome(call):
    """``call()``'s result, or the jobbench error it raised, which must be one line.

    Any other exception propagates (the property fails with it); warnings other than jobbench's own
    classes fail the property too.
    """
    import warnings

    import jobbench

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call()
        except (jobbench.InputError, jobbench.SpecError) as exc:
            message = str(exc)
            assert message.strip(), "empty error message"
            assert "\n" not in message, f"multi-line message: {message!r}"
            result = exc
    foreign = [f"{w.category.__name__}: {w.message}" for w in caught
               if not w.category.__module__.startswith("jobbench")]
    assert not foreign, f"foreign warnings: {foreign}"
    return result


@pytest.fixture
def outcome():
    return loader_outcome
