"""jobbench what-if / malmquist (issue 15): CSV, Excel and PNG written with the library's numbers; the
municipality's lines printed; bad input named in one line."""
from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

import jobbench
from jobbench import analysis
from jobbench.cli import app
from jobbench.register import synthetic_efficiency_panel

runner = CliRunner()
RESULTS = jobbench.datasets.benchmark2013().benchmark().fit()
PANEL_OUTPUTS = ["py_adp", "py_kh", "py_syg", "py_ly_reval"]


def _is_png(path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def _same_frame(written: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(written.columns) == list(expected.columns)
    for col in expected.columns:
        if pd.api.types.is_numeric_dtype(expected[col]):
            np.testing.assert_allclose(written[col].to_numpy(dtype=float), expected[col].to_numpy(dtype=float),
                                       rtol=1e-12, atol=0)
        else:
            assert list(written[col].astype(str)) == list(expected[col].astype(str)), col


def test_what_if_for_varde_equals_the_library(tmp_path):
    out = tmp_path / "what_if"
    result = runner.invoke(app, ["what-if", "-m", "varde", "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = analysis.what_if(RESULTS)
    written = pd.read_csv(out.with_name("what_if.csv"))
    assert len(written) == 15 * 8 * 3
    _same_frame(written, expected)
    book = load_workbook(out.with_name("what_if.xlsx")).active
    assert [c.value for c in book[1]] == list(expected.columns)
    assert book.max_row == len(expected) + 1
    np.testing.assert_allclose([book.cell(row=r, column=9).value for r in range(2, book.max_row + 1)],
                               expected["fte_needed"].to_numpy(), rtol=1e-12)
    assert _is_png(out.with_name("what_if.png"))
    adp = expected[(expected.municipality == "Varde") & (expected.item == "adp")].set_index("scenario")
    line = (f"Varde: A-dagpenge (adp): {adp.at['frontier', 'fte']:.1f} FTE; needed at the group mean "
            f"{adp.at['group_mean', 'fte_needed']:.1f} ({adp.at['group_mean', 'fte_difference']:+.1f}), at the best "
            f"quartile {adp.at['best_quartile', 'fte_needed']:.1f} ({adp.at['best_quartile', 'fte_difference']:+.1f}), "
            f"on the frontier {adp.at['frontier', 'fte_needed']:.1f} ({adp.at['frontier', 'fte_difference']:+.1f})")
    assert line in result.output
    assert line == ("Varde: A-dagpenge (adp): 8.5 FTE; needed at the group mean 10.2 (+1.7), at the best quartile "
                    "8.4 (-0.1), on the frontier 7.8 (-0.7)")


def test_what_if_options_reach_the_library(tmp_path):
    out = tmp_path / "w"
    result = runner.invoke(app, ["what-if", "--items", "adp,kh1", "--quartile", "0.5", "--rts", "crs",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = analysis.what_if(RESULTS, items=["adp", "kh1"], quartile=0.5, rts="crs")
    _same_frame(pd.read_csv(out.with_name("w.csv")), expected)
    assert set(expected["item"]) == {"adp", "kh1"}
    totals = expected.groupby("scenario", sort=False)["fte_difference"].sum()
    assert (f"all municipalities, FTE needed − actual: at the group mean {totals['group_mean']:+.1f}, at the "
            f"best quartile {totals['best_quartile']:+.1f}, on the frontier {totals['frontier']:+.1f}") in result.output
    assert "Varde:" not in result.output
    assert _is_png(out.with_name("w.png"))


def test_what_if_bad_options_are_named(tmp_path):
    bad = runner.invoke(app, ["what-if", "--rts", "xyz", "-o", str(tmp_path / "w")])
    assert bad.exit_code == 1 and "error: --rts 'xyz': choose one of crs, vrs, drs, irs, fdh" in bad.output
    bad = runner.invoke(app, ["what-if", "--items", "adp,nope", "-o", str(tmp_path / "w")])
    assert bad.exit_code == 1 and "--items: no item 'nope'" in bad.output
    bad = runner.invoke(app, ["what-if", "-m", "Vrade", "-o", str(tmp_path / "w")])
    assert bad.exit_code == 1 and "Varde" in bad.output
    assert not (tmp_path / "w.csv").exists()


def test_malmquist_on_the_synthetic_panel(tmp_path):
    out = tmp_path / "malmquist"
    result = runner.invoke(app, ["malmquist", "-m", "varde", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "synthetic data: jobbench.register.synthetic_efficiency_panel(2021, 2022, seed=1)" in result.output
    panel = synthetic_efficiency_panel(2021, 2022, seed=1)
    y0, y1 = (panel[panel.year == y].set_index("name") for y in (2021, 2022))
    expected = analysis.malmquist(y0[["fte"]], y0[PANEL_OUTPUTS], y1[["fte"]], y1[PANEL_OUTPUTS], rts="crs")
    written = pd.read_csv(out.with_name("malmquist.csv"))
    assert list(written.columns) == ["municipality", "m", "ec", "tc"] and len(written) == 98
    assert list(written["municipality"]) == list(expected.index)
    _same_frame(written.drop(columns="municipality"), expected)
    np.testing.assert_allclose(written["m"], written["ec"] * written["tc"], rtol=1e-9)
    v = expected.loc["Varde"]
    assert f"Varde: m {v['m']:.3f} (ec {v['ec']:.3f}, tc {v['tc']:.3f})" in result.output
    assert load_workbook(out.with_name("malmquist.xlsx")).active.max_row == 99
    assert _is_png(out.with_name("malmquist.png"))


def test_malmquist_years_and_area_inputs_of_the_panel(tmp_path):
    out = tmp_path / "m"
    inputs = ["fte_adp", "fte_kh", "fte_syg", "fte_ly_reval"]
    result = runner.invoke(app, ["malmquist", "--first-year", "2019", "--last-year", "2022", "--inputs",
                                 ",".join(inputs), "--rts", "vrs", "--seed", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    panel = synthetic_efficiency_panel(2019, 2022, seed=3)
    y0, y1 = (panel[panel.year == y].set_index("name") for y in (2019, 2022))
    expected = analysis.malmquist(y0[inputs], y0[PANEL_OUTPUTS], y1[inputs], y1[PANEL_OUTPUTS], rts="vrs")
    written = pd.read_csv(out.with_name("m.csv"))
    _same_frame(written.drop(columns="municipality"), expected)
    assert "synthetic data" in result.output and "2019 → 2022" in result.output


def _danish_csv(path, rows) -> None:
    lines = ["kommune;fte;py_adp;py_kh"] + [";".join(str(x).replace(".", ",") for x in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")


def test_malmquist_of_two_csv_files_equals_the_library(tmp_path):
    p0, p1 = tmp_path / "y2012.csv", tmp_path / "y2013.csv"
    _danish_csv(p0, [("Varde", 10.5, 100, 40), ("Ærø", 20, 150, 90), ("Køge", 30, 300, 100), ("Ry", 12, 80, 70)])
    _danish_csv(p1, [("Køge", 29, 320, 110), ("Varde", 10, 110, 40), ("Ærø", 19, 150, 95), ("Ry", 12.5, 90, 60)])
    out = tmp_path / "mq"
    result = runner.invoke(app, ["malmquist", str(p0), str(p1), "--unit", "kommune", "--outputs", "py_adp,py_kh",
                                 "-m", "ærø", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "synthetic" not in result.output
    idx = pd.Index(["Varde", "Ærø", "Køge", "Ry"], name="kommune")
    x0 = pd.DataFrame({"fte": [10.5, 20, 30, 12]}, index=idx)
    y0 = pd.DataFrame({"py_adp": [100.0, 150, 300, 80], "py_kh": [40.0, 90, 100, 70]}, index=idx)
    x1 = pd.DataFrame({"fte": [10.0, 19, 29, 12.5]}, index=idx)
    y1 = pd.DataFrame({"py_adp": [110.0, 150, 320, 90], "py_kh": [40.0, 95, 110, 60]}, index=idx)
    expected = analysis.malmquist(x0, y0, x1, y1)
    written = pd.read_csv(out.with_name("mq.csv"))
    assert list(written["kommune"]) == list(idx)
    _same_frame(written.drop(columns="kommune"), expected)
    e = expected.loc["Ærø"]
    assert f"Ærø: m {e['m']:.3f} (ec {e['ec']:.3f}, tc {e['tc']:.3f})" in result.output
    assert "y2012.csv → y2013.csv" in result.output
    assert load_workbook(out.with_name("mq.xlsx")).active.max_row == 5
    assert _is_png(out.with_name("mq.png"))


def test_malmquist_bad_input_is_one_line_naming_file_and_column(tmp_path):
    p0, p1 = tmp_path / "p0.csv", tmp_path / "p1.csv"
    _danish_csv(p0, [("A", 10, 100, 40), ("B", 20, 150, 90), ("C", 30, 300, 100)])
    _danish_csv(p1, [("A", 11, 100, 40), ("B", 20, 160, 90), ("D", 30, 310, 100)])
    out = str(tmp_path / "m")
    bad = runner.invoke(app, ["malmquist", str(p0), str(p0), "--unit", "kommune", "-o", out])
    assert bad.exit_code == 1
    assert "p0.csv line 1: missing column 'py_syg'" in bad.output and len(bad.output.strip().splitlines()) == 1
    bad = runner.invoke(app, ["malmquist", str(p0), str(p1), "--unit", "kommune", "--outputs", "py_adp", "-o", out])
    assert bad.exit_code == 1 and "p1.csv: no row for unit 'C' (it is in " in bad.output
    bad = runner.invoke(app, ["malmquist", str(p0), "--unit", "kommune", "-o", out])
    assert bad.exit_code == 1 and "give two CSV files" in bad.output
    bad = runner.invoke(app, ["malmquist", "--rts", "xrs", "-o", out])
    assert bad.exit_code == 1 and "--rts 'xrs'" in bad.output
    bad = runner.invoke(app, ["malmquist", "--outputs", "py_adp,py_nope", "-o", out])
    assert bad.exit_code == 1 and "--outputs: no column 'py_nope' in the synthetic panel" in bad.output
    bad = runner.invoke(app, ["malmquist", "--first-year", "2022", "--last-year", "2020", "-o", out])
    assert bad.exit_code == 1 and "--last-year (2020) must be after --first-year (2022)" in bad.output
    p2 = tmp_path / "p2.csv"
    p2.write_text("kommune;fte;py_adp\nA;10;100\nB;-2;150\nC;30;300\n", encoding="utf-8")
    bad = runner.invoke(app, ["malmquist", str(p2), str(p2), "--unit", "kommune", "--outputs", "py_adp", "-o", out])
    assert bad.exit_code == 1 and "p2.csv: unit 'B' has a negative value in column 'fte'" in bad.output
    assert not (tmp_path / "m.csv").exists()


def test_charts_mark_the_municipality():
    frame = analysis.what_if(RESULTS, items=["adp", "syg"])
    fig = analysis.plot_what_if(frame, "Varde", language="en")
    (ax,) = fig.axes
    actual = [p for p in ax.patches if p.get_gid() == "highlight"]
    assert [p.get_width() for p in actual] == list(frame[frame.municipality == "Varde"].drop_duplicates("item")["fte"])
    frontier = [p.get_width() for p in ax.patches if p.get_gid() == "scenario:frontier"]
    np.testing.assert_allclose(frontier, frame[(frame.municipality == "Varde")
                                               & (frame.scenario == "frontier")]["fte_needed"])
    assert ax.get_title(loc="left") == "Varde: FTE today and FTE needed"
    group = analysis.plot_what_if(frame)
    assert group.axes[0].get_title(loc="left") == "Alle kommuner: behov − faktisk, årsværk"
    totals = frame.groupby(["item", "scenario"], sort=False)["fte_difference"].sum()
    widths = [p.get_width() for p in group.axes[0].patches if p.get_gid() == "scenario:group_mean"]
    np.testing.assert_allclose(widths, [totals[("adp", "group_mean")], totals[("syg", "group_mean")]])
    m = pd.DataFrame({"m": [1.1, 0.9, np.inf], "ec": [1.0, 0.95, 1.0], "tc": [1.1, 0.947, np.inf]},
                     index=["A", "B", "C"])
    fig = analysis.plot_malmquist(m, "B")
    ax = fig.axes[0]
    assert any(line.get_gid() == "m1" for line in ax.lines)
    (hl,) = [c for c in ax.collections if c.get_gid() == "highlight"]
    np.testing.assert_allclose(hl.get_offsets(), [[0.95, 0.947]])
