"""The case-audit report: tables per theme, charts, crosses, and "signifikant" only where the
adjusted comparison says so; small cells suppressed."""
from __future__ import annotations

import pandas as pd
import pytest

import jobbench
from jobbench import audit
from jobbench.report.audit import audit_sentences, write_audit_report


def test_report_of_audit2022(tmp_path):
    data = jobbench.datasets.audit2022()
    paths = write_audit_report(data.cases, tmp_path, catalogue=data.catalogue, municipality="Odense",
                               charts=["koordinering"], crosses=[("evne_deltage_stabilt", "udfordringer")])
    page = paths["html"].read_text(encoding="utf-8")
    assert "<h2>Kontaktforløb</h2>" in page and "LAB § 36" in page
    assert paths["chart_koordinering"].stat().st_size > 1000
    assert "evne_deltage_stabilt × udfordringer" in page
    assert "66 % (" in page  # koordinering, 248/375


def test_significant_only_where_the_comparison_says_so():
    rows = []
    for m, met in (("A", 15), ("B", 1), ("C", 2), ("D", 8)):
        for i in range(15):
            rows.append({"municipality": m, "case": f"{i}", "target_group": "t", "stratum": "s",
                         "criterion": "c", "outcome": "met" if i < met else "not_met"})
    cases = pd.DataFrame(rows)
    catalogue = pd.DataFrame({"criterion": ["c"], "theme": ["T"], "name": ["Punkt"], "legal_basis": [""],
                              "favourable": ["met"], "filter": [""], "note": [""]})
    for m in "ABCD":
        sentence = audit_sentences(cases, m, catalogue=catalogue)[0]
        flag = audit.compare(cases, "c", m, catalogue=catalogue).iloc[0]["significant_adjusted"]
        assert ("signifikant" in sentence) == bool(flag), sentence
    assert "signifikant højere" in audit_sentences(cases, "A", catalogue=catalogue)[0]
    assert "signifikant" not in audit_sentences(cases, "D", catalogue=catalogue)[0]


def test_small_cells_are_suppressed(tmp_path):
    rows = [{"municipality": m, "case": str(i), "target_group": "t", "stratum": "s", "criterion": "c",
             "outcome": "met" if i % 2 else ("not_met" if m == "A" else "not_relevant")}
            for m in ("A", "B") for i in range(8)]
    catalogue = pd.DataFrame({"criterion": ["c"], "theme": ["T"], "name": ["Punkt"], "legal_basis": [""],
                              "favourable": ["met"], "filter": [""], "note": [""]})
    paths = write_audit_report(pd.DataFrame(rows), tmp_path, catalogue=catalogue, municipality="B",
                               charts=[])
    page = paths["html"].read_text(encoding="utf-8")
    assert "<td>.</td><td>4</td>" in page  # B: 4 judged < 5
    assert audit_sentences(pd.DataFrame(rows), "B", catalogue=catalogue) == []


def test_the_same_report_as_pdf_word_and_excel(tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    data = jobbench.datasets.audit2022()
    paths = write_audit_report(data.cases, tmp_path, catalogue=data.catalogue, municipality="Odense",
                               charts=["koordinering"], crosses=[("evne_deltage_stabilt", "udfordringer")],
                               formats=["html", "pdf", "docx", "xlsx"])
    assert paths["pdf"].read_bytes()[:5] == b"%PDF-"
    text = "\n".join(p.text for p in Document(str(paths["docx"])).paragraphs)
    cells = [c.text for t in Document(str(paths["docx"])).tables for r in t.rows for c in r.cells]
    assert "Kontaktforløb" in text and "Sammenligning med de øvrige kommuner" in text
    assert any(c.startswith("66 % (") for c in cells)  # koordinering, 248/375, as in the HTML
    book = load_workbook(paths["xlsx"])
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(v, str) and v.startswith("66 % (") for v in values)
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)  # no text became a formula
    assert any("evne_deltage_stabilt" in ws.title or "evne_deltage_stabilt" in str(ws["A1"].value)
               for ws in book.worksheets)


def test_unknown_format_is_refused(tmp_path):
    data = jobbench.datasets.audit2022()
    with pytest.raises(jobbench.InputError, match="unknown format.*rtf"):
        write_audit_report(data.cases, tmp_path, catalogue=data.catalogue, formats=["rtf"])
