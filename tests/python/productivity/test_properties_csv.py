"""Property: ``Benchmark.from_csv`` (and fitting what it read) on generated files gives a result or
a one-line jobbench error, never another exception; on valid input, Σ FTE in = root FTE out."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import loader_outcome
from hypothesis import given, settings
from hypothesis import strategies as st

import jobbench

FIXTURES = Path(__file__).resolve().parents[2] / "cpp" / "fixtures"
SPEC = FIXTURES / "spec.json"
INPUTS = ("fte", "person_years", "population")
ORIGINAL = {name: (FIXTURES / f"{name}.csv").read_text(encoding="utf-8") for name in INPUTS}


def _run(tmp: Path, texts: dict[str, bytes]) -> object:
    paths = {}
    for name in INPUTS:
        paths[name] = tmp / f"{name}.csv"
        paths[name].write_bytes(texts[name])

    def call():
        bench = jobbench.Benchmark.from_csv(SPEC, paths["fte"], paths["person_years"], paths["population"])
        return bench.fit()

    return loader_outcome(call)


# --- mutations of valid files ----------------------------------------------------------------------

HUGE = ["1e400", "-1e400", "99999999999999999999999999", "inf", "-inf", "nan", "NaN", "1e308",
        "-0", "0x10", "1,5", "1.5.6", "", " ", "\"\"", "NULL", "-1"]


def _lines(text: str) -> list[str]:
    return text.splitlines()


@st.composite
def mutated_text(draw, name: str) -> bytes:
    lines = _lines(ORIGINAL[name])
    kind = draw(st.sampled_from(["separator", "encoding", "quotes", "nul", "huge", "empty", "header",
                                 "missing", "duplicate", "crlf", "blank", "unbalanced", "extra",
                                 "bytes", "danish"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "empty":
        return b""
    if kind == "header":
        return (lines[0] + "\n").encode()
    if kind == "separator":
        sep = draw(st.sampled_from([";", "\t", "|", " "]))
        return "\n".join(line.replace(",", sep) for line in lines).encode()
    if kind == "danish":  # a municipality name with æøå, in every file's spelling
        lines = [line.replace("Varde", "Tønder") for line in lines]
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
        return "\n".join(lines).encode(encoding)
    if kind == "encoding":
        encoding = draw(st.sampled_from(["utf-8-sig", "cp1252", "utf-16", "utf-16-le"]))
        return "\n".join(lines).encode(encoding)
    row = draw(st.integers(1, len(lines) - 1))
    cells = lines[row].split(",")
    col = draw(st.integers(0, len(cells) - 1))
    if kind == "quotes":
        lines[row] = ",".join(f'"{c}"' for c in cells)
    elif kind == "unbalanced":
        cells[col] = '"' + cells[col]
        lines[row] = ",".join(cells)
    elif kind == "nul":
        cells[col] = cells[col][:1] + "\x00" + cells[col][1:]
        lines[row] = ",".join(cells)
    elif kind == "huge":
        cells[col] = draw(st.sampled_from(HUGE))
        lines[row] = ",".join(cells)
    elif kind == "missing":
        header = lines[0].split(",")
        drop = draw(st.integers(0, len(header) - 1))
        lines = [",".join(c for k, c in enumerate(line.split(",")) if k != drop) for line in lines]
    elif kind == "duplicate":
        lines.append(lines[row])
    elif kind == "crlf":
        return "\r\n".join(lines).encode()
    elif kind == "blank":
        lines.insert(row, "")
    elif kind == "extra":
        lines[row] = lines[row] + ",7"
    return "\n".join(lines).encode()


@st.composite
def inputs(draw) -> dict[str, bytes]:
    texts = {name: ORIGINAL[name].encode() for name in INPUTS}
    for name in draw(st.lists(st.sampled_from(INPUTS), min_size=1, max_size=2, unique=True)):
        texts[name] = draw(mutated_text(name))
    return texts


@settings(max_examples=120)
@given(texts=inputs())
def test_from_csv_gives_a_result_or_one_line_error(tmp_path_factory, texts) -> None:
    _run(tmp_path_factory.mktemp("csv"), texts)


# --- Σ FTE conservation on valid input -------------------------------------------------------------

def _spec():
    return jobbench.load_spec(SPEC)


SPEC_DATA = _spec().data
PARENTS = {t.get("parent") for t in SPEC_DATA["tasks"]}
LEAVES = [t["code"] for t in SPEC_DATA["tasks"] if t["code"] not in PARENTS]
MUNICIPALITIES = ["Varde", "Esbjerg", "Billund"]
fte_value = st.one_of(st.just(0.0), st.floats(0.01, 500.0, allow_nan=False, allow_infinity=False),
                      st.integers(0, 300).map(float))


@settings(max_examples=40)
@given(values=st.dictionaries(st.tuples(st.sampled_from(MUNICIPALITIES), st.sampled_from(LEAVES)),
                              fte_value, min_size=1),
       order=st.randoms(use_true_random=False))
def test_sum_fte_in_is_root_fte_out(tmp_path_factory, values, order) -> None:
    rows = [(m, t, f) for (m, t), f in values.items()]
    order.shuffle(rows)
    fte = "municipality,task,fte,fte_external\n" + "".join(f"{m},{t},{f!r},0\n" for m, t, f in rows)
    texts = {"fte": fte.encode(), "person_years": ORIGINAL["person_years"].encode(),
             "population": ORIGINAL["population"].encode()}
    result = _run(tmp_path_factory.mktemp("fte"), texts)
    if isinstance(result, Exception):
        # valid FTE rows for real leaf tasks: only a municipality without any row may be refused
        assert set(m for m, _, _ in rows) != set(MUNICIPALITIES), str(result)
        return
    root = result.fte.loc[result.root]
    for m in MUNICIPALITIES:
        total = math.fsum(f for mm, _, f in rows if mm == m)
        assert root.get(m, 0.0) == pytest.approx(total, rel=1e-12, abs=1e-9), m
    assert math.fsum(root.fillna(0.0)) == pytest.approx(math.fsum(f for _, _, f in rows), rel=1e-12, abs=1e-9)
