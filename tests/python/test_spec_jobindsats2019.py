"""The shipped spec ``jobindsats2019``: today's target groups (jobindsats after 2019) with the task
tree of the 2013 benchmark. It follows the schema, loads by name, holds the groups, aggregates,
conversation rules and offer categories of the contract, and a productivity benchmark runs on it."""
from __future__ import annotations

import json

import jsonschema
import numpy as np
import pandas as pd
import pytest

import jobbench

NAME = "jobindsats2019"
BASE = ["adp", "kh_jobparat", "kh_aktivitetsparat", "uddh_uddparat", "uddh_aktivitetsparat",
        "shy_jobparat", "shy_aktivitetsparat", "syg", "jaf", "ref", "ly", "flex", "reval"]
COMPOSITES = {"kh": ["kh_jobparat", "kh_aktivitetsparat"],
              "uddh": ["uddh_uddparat", "uddh_aktivitetsparat"],
              "shy": ["shy_jobparat", "shy_aktivitetsparat"]}
AREAS = ["adp", "kh", "uddh", "shy", "syg", "jaf", "ref", "ly", "flex", "reval"]
RULE = {"first_within": 1, "min_conversations": 4, "window": 26}


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(jobbench.specs.read_text(NAME))


@pytest.fixture(scope="module")
def spec() -> jobbench.Spec:
    return jobbench.load_spec(NAME)


def _by_code(entries: list[dict]) -> dict[str, dict]:
    return {str(e["code"]): e for e in entries}


def test_follows_the_shipped_schema(data: dict) -> None:
    schema = jobbench.specs.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_loads_by_name(spec: jobbench.Spec) -> None:
    assert NAME in jobbench.specs.available()
    assert spec.root == "total" and spec.name.startswith("Jobcenterbenchmark")
    assert jobbench.load_spec(jobbench.specs.schema_path().with_name(f"{NAME}.json")).data \
        == spec.data


def test_target_groups(data: dict) -> None:
    groups = _by_code(data["target_groups"])
    base = [g["code"] for g in data["target_groups"] if not g.get("components")]
    assert base == BASE
    for code, parts in COMPOSITES.items():
        assert groups[code]["components"] == parts
    assert groups["alle"]["components"] == AREAS
    assert all(g.get("label") for g in data["target_groups"])


def test_task_tree_follows_2013(spec: jobbench.Spec, data: dict) -> None:
    tasks = _by_code(data["tasks"])
    main = spec.children("total")
    assert main == AREAS + ["adm", "strat", "div"]
    for area in AREAS:
        assert tasks[area]["divisor"] == area
        assert spec.children(area) == [f"{area}.{s}" for s in ("modt", "sag", "virk", "team")]
        assert spec.children(f"{area}.team") == [f"{area}.team.virk", f"{area}.team.oevrig"]
        assert spec.children(f"{area}.virk")  # udplacering, generel virksomhedskontakt ...
    for area, parts in COMPOSITES.items():  # case work per visitation category
        divisors = {tasks[t].get("divisor") for t in spec.children(f"{area}.sag")}
        assert set(parts) <= divisors
    old = jobbench.load_spec("benchmark2013").data
    for key in ("employment_weights", "classes"):
        assert data[key] == old[key]
    assert [a["code"] for a in data["aggregates"]] == [a["code"] for a in old["aggregates"]]
    assert {a["divisor"] for a in data["aggregates"]} == {"alle"}


def test_tables_and_indicators_refer_to_known_codes(spec: jobbench.Spec, data: dict) -> None:
    items = {t["code"] for t in data["tasks"]} | {a["code"] for a in data["aggregates"]}
    groups = {g["code"] for g in data["target_groups"]}
    indicators = _by_code(data["indicators"])
    scopes = data["register"]["quality_scopes"]
    units = ({g["code"] for g in data["register"]["groups"]}
             | {a["code"] for a in data["register"]["aggregates"]}
             | {data["register"]["total"]["code"]})
    for table in spec.tables.values():
        for row in table["rows"]:
            assert row.get("item", "total") in items
            assert row.get("group", "alle") in groups
            if "indicator" in row:
                assert row["indicator"] in indicators
    for ind in indicators.values():
        assert scopes[ind["scope"]] in units
    area_tables = [t for t in spec.tables.values()
                   if t["rows"][0].get("item") in AREAS and "columns" not in t]
    assert [t["rows"][0]["item"] for t in area_tables] == AREAS


def test_register_groups(data: dict) -> None:
    reg = data["register"]
    groups = _by_code(reg["groups"])
    assert list(groups) == BASE + ["fp", "other", "job", "education"]
    for code in BASE:
        assert groups[code]["target"] and groups[code]["benchmark_group"] == code
    assert [c for c, g in groups.items() if g.get("sickness")] == ["syg"]
    for code in ("fp", "other"):  # other public support: benefit groups, not target groups
        assert not groups[code]["target"] and not groups[code].get("self_supporting")
    for code in ("job", "education"):
        g = groups[code]
        assert g["self_supporting"] and not g["target"] and "conversation_rule" not in g
    assert [(a["code"], a["groups"]) for a in reg["aggregates"]] == list(COMPOSITES.items())
    assert reg["total"]["code"] == "alle"
    assert reg["period"] == {"first": 202101, "last": 202152}


def test_conversation_rules(data: dict) -> None:
    reg = data["register"]
    ruled = {g["code"]: g["conversation_rule"] for g in reg["groups"] if "conversation_rule" in g}
    assert ruled == {code: RULE for code in
                     ("kh_aktivitetsparat", "uddh_aktivitetsparat", "shy_aktivitetsparat")}
    aggregates = {a["code"]: a.get("conversation_rule") for a in reg["aggregates"]}
    assert aggregates == {"kh": RULE, "uddh": None, "shy": None}
    assert "conversation_rule" not in reg["total"]


def test_offers_and_categories(data: dict) -> None:
    reg = data["register"]
    offers = _by_code(reg["offers"])
    assert list(offers) == ["vejl", "udd", "lt_priv", "lt_off", "praktik_priv", "praktik_off",
                            "nytte"]
    company = [c for c, o in offers.items() if o["company_directed"]]
    assert company == ["lt_priv", "lt_off", "praktik_priv", "praktik_off"]
    categories = _by_code(reg["offer_categories"])
    assert categories["vejl_opkval"]["offers"] == ["vejl", "udd"]
    assert categories["virk_praktik"]["offers"] == ["praktik_priv", "praktik_off"]
    assert categories["loentilskud"]["offers"] == ["lt_priv", "lt_off"]
    for code, category in categories.items():
        assert code not in offers and code not in {"any", "company_directed", reg["no_offer"]}
        assert set(category["offers"]) <= set(offers) and category["label"]


def test_the_cpp_parser_reads_the_register_part(spec: jobbench.Spec, data: dict) -> None:
    core = spec.register
    reg = data["register"]
    assert list(core.group_codes) == [g["code"] for g in reg["groups"]]
    assert list(core.offer_codes) == [o["code"] for o in reg["offers"]]
    assert list(core.aggregate_codes) == ["kh", "uddh", "shy"]
    assert tuple(core.period) == (202101, 202152) and core.total_code == "alle"
    assert list(core.status_codes) == ["job", "education"]
    assert list(core.offer_category_codes) == ["vejl_opkval", "virk_praktik", "loentilskud"]


def _inputs(spec: jobbench.Spec, municipalities: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic FTE on every leaf task and person-years of every base target group."""
    rng = np.random.default_rng(2019)
    leaves = [t["code"] for t in spec.tasks if not spec.children(t["code"])]
    fte = pd.DataFrame([(m, t, rng.uniform(0.1, 3.0)) for m in municipalities for t in leaves],
                       columns=["municipality", "task", "fte"])
    person_years = pd.DataFrame([(m, g, rng.uniform(50.0, 900.0))
                                 for m in municipalities for g in BASE],
                                columns=["municipality", "group", "person_years"])
    return fte, person_years


def test_a_productivity_benchmark_runs_on_it(spec: jobbench.Spec) -> None:
    municipalities = ["Varde", "Vejle", "Vejen", "Esbjerg"]
    fte, person_years = _inputs(spec, municipalities)
    population = {m: 30_000.0 + 1_000 * i for i, m in enumerate(municipalities)}
    results = jobbench.Benchmark(NAME, fte, person_years, population=population).fit()
    for table_id in results.tables().index:
        assert len(results.table(table_id, municipality="Varde")) > 0
    varde = fte["municipality"] == "Varde"
    expected = fte.loc[varde, "fte"].sum() * 1000 / person_years.loc[
        person_years["municipality"] == "Varde", "person_years"].sum()
    assert results.table("4.1").loc["total", "Varde"] == pytest.approx(expected)
    kh = fte.loc[varde & fte["task"].str.startswith("kh."), "fte"].sum() * 1000 / person_years.loc[
        (person_years["municipality"] == "Varde")
        & person_years["group"].isin(COMPOSITES["kh"]), "person_years"].sum()
    assert results.table("4.3").loc["kh", "Varde"] == pytest.approx(kh)
