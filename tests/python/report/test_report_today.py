"""The report on today's groups: jobindsats2019 spec, synthetic data, chapter 5 by quarter."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import jobbench
from jobbench.datasets.synthetic import SyntheticDataset
from jobbench.report.quarterly import QUARTERLY_INDICATORS
from jobbench.register.today import today_dataset

SHOWN = list(QUARTERLY_INDICATORS)


@pytest.fixture(scope="module")
def data() -> SyntheticDataset:
    return today_dataset(20_000, seed=7)


@pytest.fixture(scope="module")
def written(data: SyntheticDataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("today")
    return jobbench.write_report(data, "Varde", out, formats=("html", "xlsx"), significance=False)


@pytest.fixture(scope="module")
def html(written: dict[str, Path]) -> str:
    return written["html"].read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    fragment = re.sub(r"<svg.*?</svg>", " ", fragment, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def _rows(m: pd.DataFrame, measure: str, group: str, municipality: str = "") -> pd.DataFrame:
    sel = m[(m["measure"] == measure) & (m["group"] == group)]
    return sel[sel["municipality"] == municipality] if municipality else sel


def _chapter5(html: str) -> str:
    start = html.index('<section id="kvartaler">')
    return html[start:html.index('<section id="bilag', start)]


def test_chapter5_has_every_indicator_with_table_and_chart(html: str, written: dict[str, Path]):
    chapter = _chapter5(html)
    assert '<a href="#kvartaler">' in html
    for k, ind in enumerate(SHOWN, start=1):
        assert f"<caption>Tabel 5.{k}: {ind.da} pr. kvartal</caption>" in chapter
        name = f"kvartal_{ind.measure.replace(':', '_')}_{ind.group}"
        assert (written["charts"] / f"{name}.png").is_file()
        assert (written["charts"] / f"{name}.svg").is_file()
        figure = chapter[chapter.index(f'id="chart-{name}"'):]
        assert re.match(r'id="chart-[^"]+">\s*<svg role="img" aria-label="Linjediagram, ', figure)
        assert "gennemsnittet af kommunerne (stiplet)" in figure[:figure.index("</figure>")]


def test_text_is_generated_from_the_numbers(data: SyntheticDataset, html: str):
    chapter = _text(_chapter5(html))
    lang = jobbench.report.language.Lang("da")
    m = data.measures
    sel = m[(m["measure"] == "activated:any") & (m["group"] == "alle")]
    last = sel[sel["period"] == "2021Q4"]
    varde = float(last.loc[last["municipality"] == "Varde", "value"].iloc[0])
    mean = float(last["value"].mean())
    assert (f"Andel aktiveringsberørte var i 2021K4 {lang.pct(varde)} i Varde Kommune mod "
            f"{lang.pct(mean)} i gennemsnit for kommunerne") in chapter
    assert "samme kvartal året før (2020K4:" in chapter


def test_synthetic_everywhere(html: str, written: dict[str, Path]):
    text = _text(html)
    assert "alle tal i denne rapport er syntetiske" in text
    assert "(syntetiske data)" in text[:400]  # the title
    book = openpyxl.load_workbook(written["xlsx"])
    assert "(syntetiske data)" in str(book["Om rapporten"]["A1"].value)


def test_excel_sheets_hold_the_quarterly_values(data: SyntheticDataset, written: dict[str, Path]):
    book = openpyxl.load_workbook(written["xlsx"])
    assert {f"Tabel 5.{k}" for k in range(1, len(SHOWN) + 1)} <= set(book.sheetnames)
    sheet = pd.read_excel(written["xlsx"], sheet_name="Tabel 5.1", header=1, index_col=0)
    m = data.measures
    expected = _rows(m, "activated:any", "alle", "Varde").set_index("period")["value"]
    for quarter, value in sheet["Varde"].items():
        if value != ".":
            assert float(value) == pytest.approx(float(expected[quarter]))
    means = _rows(m, "activated:any", "alle").groupby("period")["value"].mean()
    got = sheet["Gns. kommuner"].astype(float).to_numpy()
    assert got == pytest.approx(means[sheet.index].to_numpy())


def test_small_cells_are_withheld(data: SyntheticDataset, tmp_path: Path):
    report = jobbench.report.build(data, "Varde", tmp_path, charts=False, significance=False)
    m = data.measures
    for sec, ind in zip(report.quarterly, SHOWN):
        table = sec.tables[0]
        basis = _rows(m, ind.measure, ind.group, "Varde").set_index("period")["denominator"]
        if ind.basis == "persons":
            basis = _rows(m, "persons", ind.group, "Varde").set_index("period")["value"]
        for row in table.rows:
            held = bool(basis.get(row.code, 0.0) < 5)
            assert row.cells[0].withheld == held, (ind.measure, row.code)
            assert not row.cells[1].withheld  # the mean is never withheld
    assert any(c.withheld for sec in report.quarterly for r in sec.tables[0].rows for c in r.cells)
    all_held = jobbench.report.build(data, "Varde", tmp_path, charts=False, significance=False,
                                     threshold=1e9)
    first = all_held.quarterly[0]
    assert all(r.cells[0].text == "." for r in first.tables[0].rows)
    assert "vises ikke" in first.paragraphs[0]


def test_the_2013_report_has_no_chapter5(tmp_path: Path):
    report = jobbench.report.build(jobbench.datasets.benchmark2013(), "Varde", tmp_path,
                                   charts=False, significance=False)
    assert report.quarterly == [] and report.quarterly_intro == []
    assert "Rettidig" not in str(report.bilag2["items"])


def test_measures_argument_adds_chapter5_to_results(data: SyntheticDataset, tmp_path: Path):
    results = data.benchmark().fit()
    plain = jobbench.report.build(results, "Varde", tmp_path, charts=False, significance=False)
    assert plain.quarterly == []
    with_q = jobbench.report.build(results, "Varde", tmp_path, charts=False, significance=False,
                                   measures=data.measures)
    assert [s.number for s in with_q.quarterly] == [f"5.{k}" for k in range(1, len(SHOWN) + 1)]
    assert np.isfinite(with_q.quarterly[0].tables[0].rows[-1].cells[1].value)
