"""One Excel writer for both workbooks: code column, Excel Tables with autofilter, print setup."""
from __future__ import annotations

import openpyxl
import pytest

import jobbench
from jobbench.report.tables import write_tables


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    results = jobbench.datasets.benchmark2013().benchmark().fit()
    out = tmp_path_factory.mktemp("xl")
    run = next(p for p in write_tables(results, "Varde", out / "run") if p.suffix == ".xlsx")
    rep = jobbench.write_report(results, "Varde", out / "rep", formats="xlsx", charts=False)["xlsx"]
    return results, openpyxl.load_workbook(run), openpyxl.load_workbook(rep)


def _check_table_sheet(ws):
    assert len(ws.tables) == 1, ws.title
    (table,) = ws.tables.values()
    assert table.ref.startswith("A2:")
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    assert [c.name for c in table.tableColumns] == [c.value for c in ws[2]][:len(table.tableColumns)]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_every_sheet_is_an_excel_table(books):
    _, run, rep = books
    for ws in run.worksheets:
        _check_table_sheet(ws)
    for ws in rep.worksheets[1:]:  # the first sheet is the "about" text
        _check_table_sheet(ws)
    assert rep.worksheets[0].page_setup.orientation == "landscape"


def test_both_workbooks_share_layout_codes_and_formats(books):
    results, run, rep = books
    a, b = run["Tabel 4.2"], rep["Tabel 4.2"]
    assert [c.value for c in a[2]] == [c.value for c in b[2]] == ["Kode", "Række", *results.municipalities,
                                                                 jobbench.MEAN_COLUMN]
    t = results.table("4.2")
    assert [c.value for c in a["A"]][2:2 + len(t)] == list(t.index)
    assert [c.value for c in b["A"]][2:2 + len(t)] == list(t.index)
    assert [c.value for c in a["B"]][2:2 + len(t)] == list(t["label"])  # no "*" or "-" prefixes
    assert not any(str(c.value).startswith(("*", "-")) for c in b["B"][2:])
    for r in range(3, 3 + len(t)):
        for col in (3, 4):
            assert a.cell(row=r, column=col).number_format == b.cell(row=r, column=col).number_format
    assert a.freeze_panes == b.freeze_panes == "C3"
    names = [tb for ws in run.worksheets for tb in ws.tables]
    assert len(set(n.lower() for n in names)) == len(names)
