"""CSV files as users have them: encodings, separators, decimal comma, and one-line errors that name
the file and the editor line (Benchmark.from_csv, the CLI and the C++ reader behind both)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import jobbench
from jobbench._convert import MAX_CSV_BYTES, read_csv_frame
from jobbench.cli import app
from conftest import SMALL_SPEC, small_fte, small_person_years, small_population, small_quality

runner = CliRunner()


def danish_excel(frame: pd.DataFrame, path: Path, encoding: str = "cp1252") -> Path:
    """What Danish Excel on Windows writes: ';', decimal comma, CRLF, cp1252."""
    text = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    path.write_bytes(text.encode(encoding))
    return path


def renamed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["municipality"] = out["municipality"].replace({"Aby": "Ærø", "Cby": "Sønderå"})
    return out


@pytest.fixture
def plain(tmp_path, spec):
    paths = {}
    for name, frame in (("fte", small_fte()), ("person_years", small_person_years()),
                        ("population", small_population()), ("quality", small_quality())):
        paths[name] = tmp_path / f"{name}.csv"
        renamed(frame).to_csv(paths[name], index=False)
    return paths


def fit_files(spec, paths, **kw):
    return jobbench.Benchmark.from_csv(spec, paths["fte"], paths["person_years"], paths["population"],
                                       quality=paths.get("quality"), **kw).fit()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_danish_excel_files_give_the_same_figures(tmp_path, spec, plain, encoding):
    expected = fit_files(spec, plain).to_frame()
    paths = {name: danish_excel(renamed(frame), tmp_path / f"da_{name}.csv", encoding)
             for name, frame in (("fte", small_fte()), ("person_years", small_person_years()),
                                 ("population", small_population()), ("quality", small_quality()))}
    results = fit_files(spec, paths)
    assert results.municipalities == ["Ærø", "Bby", "Sønderå"]
    pd.testing.assert_frame_equal(results.to_frame(), expected)
    assert results.table("T1").at["q.samtale", "Ærø"] == pytest.approx(1.5)


def test_reader_detects_and_options_override(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("name\tvalue\r\n\"Ærø, by\"\t1.234,5\r\n".encode("cp1252"))
    read = read_csv_frame(path)
    assert (read.separator, read.decimal, read.encoding) == ("\t", ".", "cp1252")
    with pytest.raises(jobbench.InputError, match=r"x.csv line 2, column 'value': cannot read '1.234,5'.*--decimal ','"):
        read_csv_frame(path, numeric=["value"])  # tab: decimal point unless told
    read = read_csv_frame(path, numeric=["value"], decimal=",")
    assert read.frame.at[0, "name"] == "Ærø, by"
    assert read.frame.at[0, "value"] == 1234.5
    path.write_bytes(b"name;value\nA;12.5\n")
    assert read_csv_frame(path, numeric=["value"], sep=";", decimal=".").frame.at[0, "value"] == 12.5
    assert read_csv_frame(path, numeric=["value"], sep="tab").frame.columns.tolist() == ["name;value"]


def test_decimal_comma_thousands_are_safe(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("k;x\na;12,5\nb;1.234,5\nc;1.234\n", encoding="utf-8")
    with pytest.raises(jobbench.InputError, match=r"n.csv line 4, column 'x': cannot read '1.234'.*ambiguous"):
        read_csv_frame(path, numeric=["x"])
    values = read_csv_frame(path, numeric=["x"], decimal=",").frame["x"].tolist()
    assert values == [12.5, 1234.5, 1234.0]


# Each case: file bytes, then what the one-line message must contain.
BAD_FILES = [
    (b"", "the file is empty"),
    (b"municipality,task,fte\nAby,a.team,1\nAby,k.team,1,5\n",
     "line 3: 4 fields, but the header (line 1) has 3; a number with a decimal comma"),
    (b"municipality,task,fte\nAby,a.team,1\n\"Aby,k.team,1\n", "line 3, field 1: unterminated quote"),
    (b"municipality,task,fte\nAby,a.team,x\n", "line 2, column 'fte': cannot read 'x' as a number"),
    (b"municipality;task;fte\n\xc3\xb8;a.team;1\n\xf8;k.team;1\n", "line 3: byte 0xF8 is not UTF-8"),
    (b"municipality,task,fte\nA\x00by,a.team,1\n", "line 2: NUL byte"),
    (b"PK\x03\x04xlsx", "Excel workbook"),
    (b"municipality,fte\nAby,1\n", "line 1: missing column 'task'"),
    (b"municipality;task;fte\nAby;a.team;-1\n", "line 2 (Aby, a.team): negative FTE -1"),
    (b"municipality,task,fte\n\nAby,a.team,\n", "line 3 (Aby, a.team): missing value (NaN) in column 'fte'"),
    (b"municipality,task,fte\nAby,,1\n", "line 2 (Aby): missing task"),
]


@pytest.mark.parametrize("content,expected", BAD_FILES)
def test_bad_files_give_one_line_naming_file_and_line(tmp_path, spec, plain, content, expected):
    bad = tmp_path / "bad fte.csv"
    bad.write_bytes(content)
    with pytest.raises(jobbench.InputError) as err:
        jobbench.Benchmark.from_csv(spec, bad, plain["person_years"]).fit()
    message = str(err.value)
    assert "\n" not in message and "\x00" not in message
    assert f"{bad}" in message
    assert expected in message


def test_wrong_separator_hint(tmp_path, spec, plain):
    bad = tmp_path / "fte.csv"
    bad.write_text("municipality;task;fte\nAby;a.team;1\n", encoding="utf-8")
    with pytest.raises(jobbench.InputError, match=r"missing column 'municipality'.*use --sep ';'"):
        jobbench.Benchmark.from_csv(spec, bad, plain["person_years"], sep=",")


def test_size_limit(tmp_path):
    assert MAX_CSV_BYTES == 256 * 2**20
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:  # sparse: no disk is written
        f.truncate(MAX_CSV_BYTES + 1)
    with pytest.raises(jobbench.InputError, match=r"big.csv: the file has \d+ bytes, more than the limit .*256 MiB"):
        read_csv_frame(big)


def test_person_years_rows_name_file_lines(tmp_path, spec, plain):
    py = renamed(small_person_years())
    py.loc[4, "person_years"] = -3.0
    path = tmp_path / "py.csv"
    py.to_csv(path, index=False)
    with pytest.raises(jobbench.InputError, match=re.escape(f"{path} line 6 (Bby, a_u30): negative person-years -3")):
        jobbench.Benchmark.from_csv(spec, plain["fte"], path).fit()
    py.loc[4, "person_years"] = np.inf  # pandas writes "inf": text, not a number of persons
    py.to_csv(path, index=False)
    with pytest.raises(jobbench.InputError, match=re.escape(f"{path} line 6, column 'person_years': cannot read 'inf'")):
        jobbench.Benchmark.from_csv(spec, plain["fte"], path).fit()


def test_frames_keep_row_numbers(spec):
    fte = small_fte()
    fte.loc[3, "fte"] = -2.0
    with pytest.raises(jobbench.InputError, match=r"^fte row 3 \(Aby, k.sag\): negative FTE -2"):
        jobbench.Benchmark(spec, fte, small_person_years()).fit()


def test_control_characters_are_escaped(spec):
    fte = small_fte()
    fte.loc[0, "task"] = "a.sag\x00.o30\n"
    with pytest.raises(jobbench.InputError) as err:
        jobbench.Benchmark(spec, fte, small_person_years()).fit()
    assert "unknown task 'a.sag\\x00.o30\\n' (not in the spec)" in str(err.value)
    frame = small_fte().astype({"fte": object})
    frame.loc[1, "fte"] = "x\x00y"
    with pytest.raises(jobbench.InputError, match=re.escape("fte row 1: 'x\\x00y' in column 'fte' is not a number")):
        jobbench.Benchmark(spec, frame, small_person_years()).fit()


@pytest.fixture
def danish_inputs(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SMALL_SPEC), encoding="utf-8")
    args = ["--spec", str(spec)]
    for opt, frame in (("--fte", small_fte()), ("--person-years", small_person_years()),
                       ("--population", small_population())):
        args += [opt, str(danish_excel(renamed(frame), tmp_path / f"{opt.strip('-')}.csv"))]
    return args


def test_cli_reads_danish_excel_and_takes_options(tmp_path, danish_inputs):
    result = runner.invoke(app, ["tables", "T1", "-m", "Ærø", *danish_inputs])
    assert result.exit_code == 0, result.output
    assert "Ærø" in result.output and "Sønderå" in result.output
    result = runner.invoke(app, ["tables", "T1", *danish_inputs, "--encoding", "utf-8"])
    assert result.exit_code == 1
    assert re.search(r"error: .*fte.csv line \d+, column 'municipality': byte 0xC6 is not utf-8 text", result.output)
    result = runner.invoke(app, ["tables", "T1", *danish_inputs, "--decimal", "."])
    assert result.exit_code == 1
    assert "fte.csv line 2, column 'fte': cannot read '4,0' as a number" in result.output


def test_cli_report_persons_are_read_by_the_same_reader(tmp_path, danish_inputs):
    persons = tmp_path / "persons.csv"
    persons.write_bytes(b"municipality;group;persons\n\xc6r\xf8;a_o30;12,5x\n")
    result = runner.invoke(app, ["report", "-m", "Ærø", "--out", str(tmp_path / "out"), "--format", "csv",
                                 "--no-charts", "--persons", str(persons), *danish_inputs])
    assert result.exit_code == 1
    assert f"{persons} line 2, column 'persons': cannot read '12,5x' as a number" in result.output
