"""The municipality report: HTML, PDF, Excel and CSV outputs, disclosure control, escaping, command line."""
from __future__ import annotations

import copy
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import jobbench
from jobbench.cli import app
from conftest import MUNICIPALITIES, SMALL_SPEC, small_fte, small_person_years, small_population, small_quality

runner = CliRunner()
DATA = jobbench.datasets.benchmark2013()
RESULTS = DATA.benchmark().fit()

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="poppler-utils (pdftotext, pdfinfo) not installed; scripts/setup.sh installs it")


class _Tables(HTMLParser):
    """Collects every table of an HTML page as rows of cell texts, and the highlighted cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.highlighted: list[tuple[int, int, int]] = []
        self._cell: list[str] | None = None
        self._hl = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
            self._hl = "hl" in (a.get("class") or "").split()

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            row = self.tables[-1][-1]
            row.append("".join(self._cell).strip())
            if self._hl:
                self.highlighted.append((len(self.tables) - 1, len(self.tables[-1]) - 1, len(row) - 1))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _pdftext(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def varde(tmp_path_factory):
    out = tmp_path_factory.mktemp("varde")
    paths = jobbench.write_report(RESULTS, "Varde", out, formats="html,pdf,xlsx,csv")
    return out, paths


def test_all_outputs_written(varde):
    out, paths = varde
    assert set(paths) == {"html", "pdf", "xlsx", "csv", "charts"}
    for kind in ("html", "pdf", "xlsx"):
        assert paths[kind].exists() and paths[kind].stat().st_size > 1000
    charts = paths["charts"]
    for name in ("figur2", "produktivitet_4_2", "kvalitet_4_2"):
        assert (charts / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (charts / f"{name}.svg").read_text(encoding="utf-8")


def test_html_tables_match_results(varde):
    _, paths = varde
    html = paths["html"].read_text(encoding="utf-8")
    p = _Tables()
    p.feed(html)
    t42 = RESULTS.format_cells("4.2")
    table = next(t for t in p.tables if t[0][1:] == [*RESULTS.municipalities, "Gns. kommuner"]
                 and t[1][0] == "Produktivitet" and t[1][2] == t42.at["adp", "Varde"] and
                 t[1][-1] == t42.at["adp", "Gns. kommuner"] and len(t) == len(t42) + 1)
    labels = [row[0] for row in table[1:]]
    raw = RESULTS.table("4.2")
    assert labels == [p + lbl for p, lbl in zip(raw.attrs["prefix"], raw["label"])]  # the report draws prefixes
    # Varde's column is the highlighted one
    k = p.tables.index(table)
    cols = {c for (ti, _r, c) in p.highlighted if ti == k}
    assert cols == {1 + RESULTS.municipalities.index("Varde")}
    # the charts are inline SVG; every table of the spec is there
    assert html.count("<svg") >= 13
    for tid in RESULTS.tables().index:
        assert f'id="tabel-{tid.replace(".", "-")}"' in html
    assert "Varde Kommune anvender i alt 8,5 årsværk på A-dagpengemodtagerne." in html
    assert "Bilag II" in html and "Samtaleintensitet er opgjort som antallet af samtaler" in html


@needs_poppler
def test_pdf_text_and_pages(varde):
    _, paths = varde
    text = _pdftext(paths["pdf"])
    flat = " ".join(text.split())
    assert "Varde Kommune anvender i alt 8,5 årsværk på A-dagpengemodtagerne." in flat
    assert "Varde Kommune har den femte højeste produktivitet på området." in flat
    assert "Tabel 4.12" in flat and "Bilag I" in flat and "Bilag II" in flat
    assert "Kilder til produktiviteten" in flat
    pages = _pages(paths["pdf"])
    assert 20 <= pages <= 80


def test_excel_numbers_formats_frozen_definitions(varde):
    _, paths = varde
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert "Tabel 4.2" in wb.sheetnames and "Tabel 3.1" in wb.sheetnames and "Definitioner" in wb.sheetnames
    ws = wb["Tabel 4.2"]
    assert ws.freeze_panes == "C3"
    header = [c.value for c in ws[2]]
    assert header == ["Kode", "Række", *RESULTS.municipalities, "Gns. kommuner"]
    assert [c.value for c in ws["A"]][2:5] == ["adp", "adp.modt", "adp.sag"]
    col = 3 + RESULTS.municipalities.index("Varde")
    cell = ws.cell(row=3, column=col)
    assert isinstance(cell.value, float)
    assert cell.value == pytest.approx(RESULTS.productivity.at["adp", "Varde"])
    assert cell.number_format.startswith("#,##0.0")
    pct_row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Aktiveringsgrad")
    assert ws.cell(row=pct_row, column=col).number_format == "0.0%"
    defs = wb["Definitioner"]
    assert any("Samtaleintensitet" in str(c.value) for c in defs["A"])


def test_csv_tables(varde):
    out, paths = varde
    t = pd.read_csv(paths["csv"] / "table_4_1.csv", index_col=0)
    assert t.index.name == "code" and t.at["heraf_ledelse", "label"] == "Heraf ledelse"
    assert float(t.at["total", "Varde"]) == pytest.approx(RESULTS.productivity.at["total", "Varde"])


# -- disclosure control ----------------------------------------------------------------------------------
def _small_results(person_years_override=None):
    py = small_person_years()
    if person_years_override:
        for (m, g), v in person_years_override.items():
            py.loc[(py.municipality == m) & (py.group == g), "person_years"] = v
    return jobbench.Benchmark(jobbench.load_spec(copy.deepcopy(SMALL_SPEC)), small_fte(), py,
                              population=small_population(), municipalities=MUNICIPALITIES,
                              quality=small_quality()).fit()


def test_disclosure_dot_in_every_format(tmp_path):
    results = _small_results({("Bby", "a_u30"): 3.0})  # Bby's under-30 casework rests on 3 person-years
    paths = jobbench.write_report(results, "Aby", tmp_path, formats="html,pdf,xlsx,csv", threshold=5)
    # HTML: the cell is "." and the mean is still computed over all municipalities
    p = _Tables()
    p.feed(paths["html"].read_text(encoding="utf-8"))
    t1 = next(t for t in p.tables if t[0][1:] == [*MUNICIPALITIES, "Gns. kommuner"] and t[1][0] == "Produktivitet")
    # table T1 has no under-30 row; the "A-dagpenge" row divides by a (= a_o30 + a_u30 = 503) -> shown
    assert t1[2][2] != "."
    data = jobbench.report.build(results, "Aby", tmp_path / "b", threshold=5, charts=False)
    assert data.withheld == 1  # exactly the a.sag.u30 item of Bby
    # a spec table with the under-30 row: add one and check every format
    spec = copy.deepcopy(SMALL_SPEC)
    spec["tables"]["T1"]["rows"].insert(2, {"label": "-For under 30-årige", "item": "a.sag.u30",
                                            "measure": "productivity"})
    py = small_person_years()
    py.loc[(py.municipality == "Bby") & (py.group == "a_u30"), "person_years"] = 3.0
    results = jobbench.Benchmark(jobbench.load_spec(spec), small_fte(), py, population=small_population(),
                                 municipalities=MUNICIPALITIES, quality=small_quality()).fit()
    out = tmp_path / "d"
    paths = jobbench.write_report(results, "Aby", out, formats="html,pdf,xlsx,csv", threshold=5)
    p = _Tables()
    p.feed(paths["html"].read_text(encoding="utf-8"))
    t1 = next(t for t in p.tables if t[0][1:] == [*MUNICIPALITIES, "Gns. kommuner"] and t[1][0] == "Produktivitet")
    row = next(r for r in t1 if r[0] == "-For under 30-årige")
    assert row[1 + MUNICIPALITIES.index("Bby")] == "."
    assert row[1 + MUNICIPALITIES.index("Aby")] == "20,0"  # 2 FTE / 100 person-years
    assert row[-1] not in (".", "")  # the mean is computed and shown
    ws = openpyxl.load_workbook(paths["xlsx"])["Tabel T1"]
    r = next(k for k in range(3, ws.max_row + 1) if ws.cell(row=k, column=1).value == "a.sag.u30")
    assert ws.cell(row=r, column=2).value == "For under 30-årige"  # no layout prefix in the data
    assert ws.cell(row=r, column=3 + MUNICIPALITIES.index("Bby")).value == "."
    assert ws.cell(row=r, column=3 + MUNICIPALITIES.index("Aby")).value == pytest.approx(20.0)
    csv = pd.read_csv(paths["csv"] / "table_T1.csv", index_col=0, dtype=str)
    assert csv.at["a.sag.u30", "label"] == "For under 30-årige"
    assert csv.at["a.sag.u30", "Bby"] == "."
    if shutil.which("pdftotext"):
        line = next(ln for ln in _pdftext(paths["pdf"]).splitlines() if "-For under 30-årige" in ln)
        cells = line.split()
        assert cells[-4:-2] == ["20,0", "."], line  # Aby, Bby (withheld), Cby, then the mean
    # threshold 0 switches it off; real person counts override person-years
    off = jobbench.report.build(results, "Aby", tmp_path / "e", threshold=0, charts=False)
    assert off.withheld == 0
    persons = pd.DataFrame({"municipality": ["Bby"], "group": ["a_u30"], "persons": [12]})
    with_counts = jobbench.report.build(results, "Aby", tmp_path / "f", threshold=5, persons=persons, charts=False)
    assert with_counts.withheld == 0


def test_varde_2013_disclosure_rule_documented(tmp_path):
    data = jobbench.report.build(RESULTS, "Varde", tmp_path, threshold=5, charts=False)
    py = RESULTS.matrix("person_years").to_numpy()
    assert data.withheld == int((py < 5).sum())
    assert "årspersoner" in data.disclosure_note


def test_html_escapes_data_strings(tmp_path):
    spec = copy.deepcopy(SMALL_SPEC)
    spec["name"] = "Bench <script>alert(1)</script>"
    spec["tables"]["T1"]["rows"][1]["label"] = "<b>A & B</b>"
    fte = small_fte().replace({"Aby": "Å<i>by"})
    py = small_person_years().replace({"Aby": "Å<i>by"})
    pop = small_population().replace({"Aby": "Å<i>by"})
    results = jobbench.Benchmark(jobbench.load_spec(spec), fte, py, population=pop).fit()
    paths = jobbench.write_report(results, "Å<i>by", tmp_path, formats="html")
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>A & B</b>" not in html and "&lt;b&gt;A &amp; B&lt;/b&gt;" in html
    assert "Å<i>by" not in html and "Å&lt;i&gt;by" in html


def test_python_api_accepts_dataset_and_english(tmp_path):
    paths = jobbench.write_report(DATA, "Rebild", tmp_path, formats=["xlsx"], language="en")
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert "Table 4.1" in wb.sheetnames and "Definitions" in wb.sheetnames
    with pytest.raises(ValueError, match="unknown report format 'doc'"):
        jobbench.write_report(RESULTS, "Varde", tmp_path, formats="doc")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        jobbench.write_report(RESULTS, "Varde", tmp_path, formats="html", language="de")
    with pytest.raises(jobbench.InputError, match="unknown municipality 'Zby'"):
        jobbench.write_report(RESULTS, "Zby", tmp_path)


# -- command line ------------------------------------------------------------------------------------------
def test_cli_report_help_explains_options():
    result = runner.invoke(app, ["report", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for opt in ("--municipality", "--out", "--data", "--format", "--language", "--threshold", "--persons",
                "--fte", "--person-years", "--population", "--spec", "--quality"):
        assert opt in result.output
    assert "jobbench report -m Varde --out output/varde-2013" in result.output


def test_cli_report_errors_are_one_line(tmp_path):
    for args, message in ((["-m", "Zby"], "error: unknown municipality 'Zby'"),
                          (["-m", "Varde", "--format", "doc"], "error: unknown report format 'doc'"),
                          (["-m", "Varde", "--language", "de"], "error: unknown language 'de'"),
                          (["-m", "Varde", "--data", "nope"], "error:")):
        result = runner.invoke(app, ["report", *args, "--out", str(tmp_path)])
        assert result.exit_code == 1, result.output
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith(message), result.output
        assert "Traceback" not in result.output
    result = runner.invoke(app, ["--debug", "report", "-m", "Zby", "--out", str(tmp_path)])
    assert result.exit_code == 1 and result.exception is not None


@pytest.mark.parametrize("municipality", ["Haderslev"])  # Varde: all formats in the `varde` fixture
def test_cli_report_all_formats(tmp_path, municipality):
    result = runner.invoke(app, ["report", "-m", municipality, "--out", str(tmp_path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    for ext in ("html", "pdf", "xlsx"):
        assert (tmp_path / f"report_{municipality}.{ext}").exists()
    assert f"Report for {municipality} written to" in result.output
    if shutil.which("pdftotext"):
        flat = " ".join(_pdftext(tmp_path / f"report_{municipality}.pdf").split())
        assert f"{municipality} Kommune anvender i alt" in flat


def test_cli_report_every_municipality_html_xlsx(tmp_path):
    """All 15 municipalities of the 2013 data set (charts and PDF are covered above for two)."""
    for m in RESULTS.municipalities:
        out = tmp_path / m
        result = runner.invoke(app, ["report", "-m", m, "--out", str(out), "--format", "html,xlsx,csv",
                                     "--no-charts"])
        assert result.exit_code == 0, (m, result.output)
        html = (out / f"report_{m}.html").read_text(encoding="utf-8")
        assert f"{m} Kommune" in html
        wb = openpyxl.load_workbook(out / f"report_{m}.xlsx", read_only=True)
        # the spec's tables and the what-if table of the efficiency chapter (5.2)
        assert len([s for s in wb.sheetnames if s.startswith("Tabel")]) == len(RESULTS.tables()) + 1
        assert "Tabel 5.2" in wb.sheetnames
        wb.close()


def test_cli_report_own_inputs(tmp_path):
    spec = tmp_path / "spec.json"
    import json

    spec.write_text(json.dumps(SMALL_SPEC), encoding="utf-8")
    args = ["--spec", str(spec)]
    for opt, frame in (("--fte", small_fte()), ("--person-years", small_person_years()),
                       ("--population", small_population()), ("--quality", small_quality())):
        p = tmp_path / f"{opt.strip('-')}.csv"
        frame.to_csv(p, index=False)
        args += [opt, str(p)]
    result = runner.invoke(app, ["report", "-m", "Bby", "--out", str(tmp_path / "o"), "--format", "html",
                                 "--language", "en", *args])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "o" / "report_Bby.html").read_text(encoding="utf-8")
    assert "Bby Municipality uses" in html
    assert np.isfinite(RESULTS.mean["total"])
