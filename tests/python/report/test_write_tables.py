"""jobbench.write_tables (jobbench/report/tables.py): CSV per table and an Excel workbook."""
from __future__ import annotations

import pandas as pd
import pytest

import jobbench
from jobbench.report.tables import write_tables


def test_write_tables(results, tmp_path):
    written = write_tables(results, "Aby", tmp_path / "out")
    names = {p.name for p in written}
    assert {"table_R.csv", "table_T1.csv", "table_B.csv", "comparison.csv", "decomposition.csv",
            "sources.txt", "summary.txt", "jobbench_Aby.xlsx"} <= names
    for p in written:
        assert p.exists() and p.stat().st_size > 0
    t1 = pd.read_csv(tmp_path / "out" / "table_T1.csv", index_col="code")
    assert list(t1.columns) == ["label", "Aby", "Bby", "Cby", jobbench.MEAN_COLUMN]
    assert t1.at["heraf_ledelse", "label"] == "Heraf ledelse"
    assert t1.at["total", "Aby"] == pytest.approx(results.productivity.at["total", "Aby"])
    summary = (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8")
    assert "Aby" in summary


def test_excel_workbook(results, tmp_path):
    from openpyxl import load_workbook

    write_tables(results, "Bby", tmp_path)
    book = load_workbook(tmp_path / "jobbench_Bby.xlsx")
    assert book.sheetnames == ["Tabel R", "Tabel T1", "Tabel B", "Sammenligning", "Dekomposition"]
    sheet = book["Tabel T1"]
    assert [c.value for c in sheet[2]] == ["Kode", "Række", "Aby", "Bby", "Cby", jobbench.MEAN_COLUMN]
    assert sheet["A3"].value == "total" and sheet["B3"].value == "Produktivitet"
    assert sheet["B3"].font.bold
    assert sheet["C3"].value == pytest.approx(results.productivity.at["total", "Aby"])
    assert sheet["C3"].number_format == '#,##0.0;-#,##0.0;"-"'
    assert sheet["A7"].value == "heraf_ledelse" and sheet["B7"].value == "Heraf ledelse"  # no layout prefix
    # pandas reads a sheet back indexed by code
    t1 = pd.read_excel(tmp_path / "jobbench_Bby.xlsx", sheet_name="Tabel T1", header=1, index_col=0)
    assert t1.at["a", "Bby"] == pytest.approx(results.productivity.at["a", "Bby"])


def test_no_excel(results, tmp_path):
    written = write_tables(results, "Cby", tmp_path, excel=False)
    assert not any(p.suffix == ".xlsx" for p in written)


def test_unknown_municipality(results, tmp_path):
    with pytest.raises(jobbench.InputError, match="unknown municipality"):
        write_tables(results, "Zby", tmp_path)
