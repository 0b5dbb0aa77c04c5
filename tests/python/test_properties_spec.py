"""Property: ``load_spec`` on mutated specs (the shipped 2013 spec and the C++ fixture; as a dict
and as a JSON file) gives a Spec or a one-line jobbench error; a loaded fixture spec then runs the
benchmark on the fixture data to a result or a one-line jobbench error."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from conftest import loader_outcome
from hypothesis import given, settings
from hypothesis import strategies as st

import jobbench

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "cpp" / "fixtures"
SOURCES = {
    "benchmark2013": json.loads((ROOT / "python" / "jobbench" / "specs" / "benchmark2013.json")
                                .read_text(encoding="utf-8")),
    "fixture": json.loads((FIXTURES / "spec.json").read_text(encoding="utf-8")),
}


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys / indices) into a JSON value, the root included."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, prefix + (i,))
    return out


PATHS = {name: _paths(data) for name, data in SOURCES.items()}
DEEP = "__deep_nesting__"

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                        st.sampled_from(["", "total", "a", "a_o30", "ledelse", "x" * 300]))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=6)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


KINDS = ["replace", "delete", "unknown_key", "duplicate", "nest", "cycle", "empty"]


@st.composite
def plans(draw) -> tuple[str, list[tuple[int, str, Any]]]:
    """(source name, mutations as (path number, kind, small payload)): small to print; the test
    builds the mutated spec (deep nesting and cycles would be too big for hypothesis' repr)."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(KINDS))
        payload: Any = None
        if kind == "replace":
            payload = draw(json_value)
        elif kind == "unknown_key":
            payload = (draw(st.text(min_size=1, max_size=8)), draw(json_value))
        elif kind == "nest":
            payload = draw(st.sampled_from([2, 50, 2000]))
        steps.append((draw(st.integers(0, len(PATHS[name]) - 1)), kind, payload))
    return name, steps


def build(name: str, steps: list[tuple[int, str, Any]], as_file: bool = False) -> tuple[Any, bool]:
    """The mutated spec and whether it holds a cycle. For a file, deep nesting is a placeholder
    string that the test expands in the JSON text (json.dumps would hit the recursion limit)."""
    data = copy.deepcopy(SOURCES[name])
    cyclic = False
    for number, kind, payload in steps:
        path = PATHS[name][number]
        try:
            target = _get(data, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced it
        if not path:  # the root: load_spec(dict) is given a dict
            if kind == "replace" and isinstance(payload, dict):
                data = copy.deepcopy(payload)
            elif kind == "unknown_key":
                data[payload[0]] = copy.deepcopy(payload[1])
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        if kind == "replace":
            parent[key] = copy.deepcopy(payload)
        elif kind == "delete":
            del parent[key]
        elif kind == "unknown_key" and isinstance(target, dict):
            target[payload[0]] = copy.deepcopy(payload[1])
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(target))  # e.g. a task or group code twice
        elif kind == "nest":
            if as_file:
                parent[key] = f"{DEEP}{payload}"
                continue
            deep: Any = target
            for _ in range(payload):
                deep = [deep]
            parent[key] = deep
        elif kind == "cycle" and isinstance(target, (dict, list)) and not as_file:
            if isinstance(target, dict):
                target["self"] = target
            else:
                target.append(target)
            cyclic = True
        elif kind == "empty":
            parent[key] = type(target)() if isinstance(target, (dict, list, str)) else None
    return data, cyclic


def _benchmark_on_fixture(spec: Any) -> Any:
    bench = jobbench.Benchmark.from_csv(spec, FIXTURES / "fte.csv", FIXTURES / "person_years.csv",
                                        FIXTURES / "population.csv")
    return bench.fit()


@settings(max_examples=150)
@given(plan=plans())
def test_load_spec_dict_gives_a_spec_or_one_line_error(plan) -> None:
    name = plan[0]
    data, _ = build(*plan)
    spec = loader_outcome(lambda: jobbench.load_spec(data))
    if name == "fixture" and isinstance(spec, jobbench.Spec):
        loader_outcome(lambda: _benchmark_on_fixture(spec))


@settings(max_examples=100)
@given(plan=plans(), duplicate_key=st.booleans())
def test_load_spec_file_gives_a_spec_or_one_line_error(tmp_path_factory, plan, duplicate_key) -> None:
    name = plan[0]
    data, _ = build(*plan, as_file=True)
    text = re.sub(f'"{DEEP}(\\d+)"', lambda m: "[" * int(m.group(1)) + "1" + "]" * int(m.group(1)),
                  json.dumps(data, ensure_ascii=False, indent=1))
    if duplicate_key and text.startswith("{\n"):
        text = '{\n "name": "duplicate",' + text[1:]  # JSON allows it; the spec must not
    path = tmp_path_factory.mktemp("spec") / "spec.json"
    path.write_text(text, encoding="utf-8")
    spec = loader_outcome(lambda: jobbench.load_spec(path))
    if duplicate_key and text.startswith('{\n "name": "duplicate",') and '\n "name":' in text[25:]:
        assert not isinstance(spec, jobbench.Spec), "a duplicate key was accepted silently"
    if name == "fixture" and isinstance(spec, jobbench.Spec):
        loader_outcome(lambda: _benchmark_on_fixture(spec))


@settings(max_examples=40)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8")),
                     st.sampled_from([b"", b"{", b"deep", b"null", b"{}", b"[]", b"\xef\xbb\xbf{}",
                                      b'{"name": NaN}', b'{"name": 1e999}'])))
def test_load_spec_on_bytes(tmp_path_factory, raw) -> None:
    path = tmp_path_factory.mktemp("raw") / "spec.json"
    path.write_bytes(b"[" * 100_000 if raw == b"deep" else raw)
    loader_outcome(lambda: jobbench.load_spec(path))
