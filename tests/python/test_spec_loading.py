"""The spec is parsed once, at the public boundary: inner functions take the Spec."""
from __future__ import annotations

import pytest

import jobbench
from jobbench import _core


@pytest.fixture
def parses(monkeypatch):
    counts = {"benchmark": 0, "register": 0}
    for key, cls in (("benchmark", _core.BenchmarkSpec), ("register", _core.RegisterSpec)):
        original = cls.from_json_string

        def counting(text, _original=original, _key=key):
            counts[_key] += 1
            return _original(text)

        monkeypatch.setattr(cls, "from_json_string", staticmethod(counting))
    return counts


def test_read_workbooks_parses_the_spec_once(tmp_path, parses):
    folder = tmp_path / "workbooks"
    jobbench.write_synthetic_workbooks(folder, seed=1, municipalities=["Varde"])
    parses.update(benchmark=0, register=0)
    roster = jobbench.read_workbooks(folder, spec="benchmark2013")
    assert parses == {"benchmark": 1, "register": 0}
    assert len(roster.aggregate().fte)


def test_register_indicators_with_one_spec_parse_its_register_part_once(parses):
    spec = jobbench.load_spec("benchmark2013")
    panel = jobbench.synthetic_panel(persons=300, seed=3)  # reads the data set's names (its own spec)
    parses.update(benchmark=0, register=0)
    first = jobbench.register_indicators(panel, spec=spec)
    second = jobbench.register_indicators(panel, spec=spec)
    assert parses == {"benchmark": 0, "register": 1}
    assert spec.register is spec.register
    assert first.equals(second)


def test_spec_without_register_part(spec):
    with pytest.raises(jobbench.SpecError, match='no "register" object'):
        spec.register
