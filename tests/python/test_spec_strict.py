"""The spec schema (jobbench/specs/spec.schema.json) and the C++ parser agree, and bad specs give
one-line SpecErrors that name the file, the place and the nearest known key."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest

import jobbench
from jobbench import _core

SCHEMA = jobbench.specs.schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

#: A small spec that uses every key the schema allows (test_full_spec_covers_the_schema checks it).
FULL: dict[str, Any] = {
    "$schema": "spec.schema.json",
    "name": "Fuld",
    "source": "test",
    "population_label": "Befolkning (18-64 år)",
    "target_groups": [
        {"code": "g1", "label": "G1"},
        {"code": "g2", "label": "G2"},
        {"code": "all", "label": "Alle", "components": ["g1", "g2"]},
    ],
    "tasks": [
        {"code": "total", "label": "I alt", "divisor": "all"},
        {"code": "t1", "parent": "total", "label": "T1", "divisor": "g1", "tags": ["led"]},
        {"code": "t1.a", "parent": "t1", "label": "T1 a", "area": "total"},
        {"code": "t2", "parent": "total", "label": "T2", "divisor": "g2"},
    ],
    "aggregates": [{"code": "heraf", "label": "Heraf", "tags": ["led"], "divisor": "all", "area": "total"}],
    "employment_weights": {"ordinary": 1.0, "flexjob": 0.5},
    "classes": {"basis": "area", "same": 0.01, "slightly": 0.065, "plain": 0.16, "considerably": 0.21},
    "tables": {
        "3.1": {"title": "Fordeling", "note": "n",
                "rows": [{"label": "T1", "item": "t1", "bold": True, "external": False}],
                "columns": [{"label": "Årsværk", "measure": "fte", "scope": "municipality", "format": "decimal"}]},
        "4.1": {"title": "Produktivitet",
                "rows": [{"label": "I alt", "item": "total", "measure": "productivity", "format": "decimal"},
                         {"label": "Tryk", "group": "g1", "measure": "forsoergelsestryk"},
                         {"label": "Q", "indicator": "q1", "format": "percent", "higher_is_better": False}]},
    },
    "indicators": [{"code": "q1", "label": "Q1", "format": "percent", "higher_is_better": True, "scope": "total"}],
    "register": {
        "groups": [{"code": "g1", "label": "G1", "target": True, "sickness": False, "benchmark_group": "g1",
                    "conversation_rule": {"first_within": 1, "min_conversations": 4, "window": 26}},
                   {"code": "g2", "label": "G2", "target": True, "sickness": True, "benchmark_group": None},
                   {"code": "job", "label": "Job", "self_supporting": True}],
        "offers": [{"code": "o", "label": "O", "company_directed": True}],
        "offer_categories": [{"code": "oc", "label": "OC", "offers": ["o"]}],
        "aggregates": [{"code": "both", "label": "Begge", "groups": ["g1", "g2"],
                        "conversation_rule": {"first_within": 0, "min_conversations": 1, "window": 13}}],
        "period": {"first": 201227, "last": 201326},
        "no_offer": "none",
        "total": {"code": "total", "label": "Alle",
                  "conversation_rule": {"first_within": 1, "min_conversations": 4, "window": 26}},
        "quality_scopes": {"total": "total"},
    },
}


def schema_valid(doc: Any) -> bool:
    return VALIDATOR.is_valid(doc)


def core_accepts(doc: Any) -> bool:
    try:
        _core.BenchmarkSpec.from_json_string(json.dumps(doc))
    except jobbench.SpecError:
        return False
    return True


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    return resolve(SCHEMA["$defs"][ref.split("/")[-1]]) if ref else node


def schema_keys(node: dict[str, Any], where: str, out: set[str]) -> set[str]:
    """Every "<schema place>.<key>" the schema allows (by walking properties, items and $defs)."""
    node = resolve(node)
    for key, sub in node.get("properties", {}).items():
        if f"{where}.{key}" not in out:
            out.add(f"{where}.{key}")
            schema_keys(sub, f"{where}.{key}", out)
    for sub_key in ("items", "additionalProperties"):
        if isinstance(node.get(sub_key), dict):
            schema_keys(node[sub_key], f"{where}[]", out)
    return out


def doc_keys(doc: Any, node: dict[str, Any], where: str, out: set[str]) -> set[str]:
    node = resolve(node)
    if isinstance(doc, dict):
        props = node.get("properties", {})
        for key, value in doc.items():
            if key in props:
                out.add(f"{where}.{key}")
                doc_keys(value, props[key], f"{where}.{key}", out)
            elif isinstance(node.get("additionalProperties"), dict):
                doc_keys(value, node["additionalProperties"], f"{where}[]", out)
    elif isinstance(doc, list) and isinstance(node.get("items"), dict):
        for value in doc:
            doc_keys(value, node["items"], f"{where}[]", out)
    return out


def places(doc: Any, path: tuple = ()) -> Iterator[tuple]:
    """Paths of every value in a document."""
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from places(value, (*path, i))


def get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def wrong_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "1"
    if isinstance(value, str):
        return 1
    if isinstance(value, list):
        return {}
    if isinstance(value, dict):
        return []
    return [1]  # null


def mutations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Unknown keys, wrong types and missing keys at every place of the document."""
    for path in places(doc):
        value = get(doc, path)
        if isinstance(value, dict):
            m = copy.deepcopy(doc)
            get(m, path)["zz_unknown"] = 1
            yield f"unknown key at {path}", m
        if path:
            m = copy.deepcopy(doc)
            get(m, path[:-1])[path[-1]] = wrong_type(value)
            yield f"wrong type at {path}", m
            if isinstance(path[-1], str):
                m = copy.deepcopy(doc)
                del get(m, path[:-1])[path[-1]]
                yield f"without {path}", m


def test_schema_is_shipped_and_embedded():
    path = jobbench.specs.schema_path()
    assert path.name == "spec.schema.json" and path.is_file()
    assert json.loads(path.read_text(encoding="utf-8")) == SCHEMA
    assert json.loads(_core.spec_schema_json()) == SCHEMA  # the C++ parser applies this file
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert jobbench.specs.available() == ["benchmark2013", "jobindsats2019"]
    with pytest.raises(jobbench.SpecError, match="unknown spec 'spec.schema'"):
        jobbench.load_spec("spec.schema")


def test_shipped_specs_follow_the_schema():
    for name in jobbench.specs.available():
        VALIDATOR.validate(json.loads(jobbench.specs.read_text(name)))
    fixture = Path(__file__).parents[1] / "cpp" / "fixtures" / "spec.json"
    VALIDATOR.validate(json.loads(fixture.read_text(encoding="utf-8")))


def test_full_spec_covers_the_schema():
    allowed = schema_keys(SCHEMA, "spec", set())
    used = doc_keys(FULL, SCHEMA, "spec", set())
    assert allowed - used == set(), "add these keys to FULL"
    assert schema_valid(FULL)
    assert core_accepts(FULL)  # every key the schema allows is accepted by C++
    assert jobbench.load_spec(FULL).name == "Fuld"


def test_schema_and_core_reject_the_same_mutations():
    checked = 0
    for what, doc in mutations(FULL):
        if not schema_valid(doc):
            checked += 1
            assert not core_accepts(doc), f"C++ accepts a spec the schema rejects: {what}"
        elif not core_accepts(doc):
            # The schema passes it: C++ may only reject it by a semantic rule, never by shape.
            try:
                _core.BenchmarkSpec.from_json_string(json.dumps(doc))
            except jobbench.SpecError as exc:
                assert not re.search(r': must be |unknown key|: missing "', str(exc)), (what, exc)
    assert checked > 150


def test_misspelt_key_names_file_place_and_suggestion(tmp_path):
    # Regression: "divsor" was ignored, the task silently took its parent's divisor.
    doc = copy.deepcopy(FULL)
    doc["tasks"][1]["divsor"] = doc["tasks"][1].pop("divisor")
    path = tmp_path / "my_spec.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    with pytest.raises(jobbench.SpecError) as info:
        jobbench.load_spec(path)
    assert str(info.value) == (f'spec {path}: tasks[1] ("t1"): unknown key "divsor" '
                               '(did you mean "divisor"?)')
    with pytest.raises(jobbench.SpecError, match=r'^spec <dict>: tasks\[1\] \("t1"\): unknown key "divsor"'):
        jobbench.load_spec(doc)


def test_invalid_json_names_file_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "name": "x",\n  "tasks": [}\n', encoding="utf-8")
    with pytest.raises(jobbench.SpecError, match=rf"^spec {path}: invalid JSON at line 3, column 13: "):
        jobbench.load_spec(path)
    path.write_bytes(b'{"name": "\xff"}')  # not UTF-8: the parser's error, not a UnicodeDecodeError
    with pytest.raises(jobbench.SpecError, match=r"invalid JSON at line 1, column 11"):
        jobbench.load_spec(path)


def test_deep_nesting_is_one_line_spec_error(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.json"
    path.write_text(deep, encoding="utf-8")
    for call in (lambda: jobbench.load_spec(path), lambda: jobbench.Spec.from_json_string(deep)):
        with pytest.raises(jobbench.SpecError) as info:
            call()
        assert "nested deeper than 64 levels" in str(info.value)
        assert "\n" not in str(info.value)
    nested: Any = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(jobbench.SpecError, match="not JSON-serialisable"):
        jobbench.load_spec({**FULL, "name": nested})


def test_duplicate_keys_and_nan_are_errors():
    text = json.dumps(FULL).replace('"name": "Fuld"', '"name": "Fuld", "name": "Andet"')
    with pytest.raises(jobbench.SpecError, match='duplicate key "name" at line 1'):
        jobbench.Spec.from_json_string(text)
    with pytest.raises(jobbench.SpecError, match="not JSON-serialisable"):
        jobbench.load_spec({**FULL, "employment_weights": {"ordinary": float("nan")}})


def test_unreadable_spec_file_is_named(tmp_path):
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(jobbench.SpecError, match="spec file not found"):
        jobbench.load_spec(folder)
