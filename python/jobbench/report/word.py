"""The report as a Word document (python-docx), for committee papers that secretaries edit.

Same content as the HTML: title, contents (a Word field, filled in when the document is opened or
printed), sections 1-4 with their text, every table with a caption above it, every chart as a PNG
with its figure caption and its alt text (the picture's description), the sources lists, Bilag I
and II. A4 landscape like the PDF. Text is set as text: nothing in a cell becomes a field or a formula.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .assemble import ReportData, ReportTable, Section

__all__ = ["write_docx"]

_HIGHLIGHT = "FDEBD0"  # the municipality's column, as in the HTML


def write_docx(data: ReportData, path: Path) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = docx.shared.Mm(297), docx.shared.Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, docx.shared.Mm(14))
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.core_properties.title = f"{data.title} – {data.lang.municipality(data.municipality)}"
    doc.core_properties.author = "jobbench"

    L = data.lang
    doc.add_paragraph(data.title, style="Subtitle")
    doc.add_heading(data.subtitle, level=0)
    doc.add_heading(L.t("Indhold", "Contents"), level=1)
    _toc_field(doc)
    doc.add_page_break()

    doc.add_heading(f"1. {L.t('Indledning', 'Introduction')}", level=1)
    _paragraphs(doc, data.intro)
    doc.add_heading(L.t("Metodisk tilgang", "Method"), level=2)
    _paragraphs(doc, data.method)
    _section(doc, data, data.conclusion, "2", level=1)
    _section(doc, data, data.resources, "3", level=1)
    doc.add_heading("4. " + L.t("Produktivitet og kvalitet i beskæftigelsesindsatsen",
                                "Productivity and quality in employment services"), level=1)
    _paragraphs(doc, data.chapter4_intro)
    for area in data.areas:
        _section(doc, data, area, area.number + ".", level=2)
    if data.quarterly:
        doc.add_heading("5. " + L.t("Kvalitet kvartal for kvartal", "Quality quarter by quarter"),
                        level=1)
        _paragraphs(doc, data.quarterly_intro)
        for sec in data.quarterly:
            _section(doc, data, sec, sec.number + ".", level=2)
    if data.frontier:
        doc.add_heading(f"{data.frontier_number}. " + L.t("Effektivitet og forventede resultater",
                                                          "Efficiency and expected results"), level=1)
        _paragraphs(doc, data.frontier_intro)
        for sec in data.frontier:
            _section(doc, data, sec, sec.number + ".", level=2)
    if data.bilag1 is not None:
        doc.add_heading(L.t("Bilag I: Nøgletal for de medvirkende kommuner",
                            "Annex I: Key figures of the participating municipalities"), level=1)
        _table(doc, data, data.bilag1)
    doc.add_heading(L.t("Bilag II: Definitioner af kvalitetsindikatorer",
                        "Annex II: Definitions of the quality indicators"), level=1)
    _paragraphs(doc, data.bilag2["intro"])
    for item in data.bilag2["items"]:
        doc.add_heading(item["title"], level=3)
        _paragraphs(doc, item["paragraphs"])
    doc.add_paragraph(data.disclosure_note, style="Caption")
    doc.save(str(path))
    return path


def _paragraphs(doc: Any, texts: list[str], style: str | None = None) -> None:
    for text in texts:
        doc.add_paragraph(text, style=style)


def _section(doc: Any, data: ReportData, sec: Section, number: str, level: int) -> None:
    doc.add_heading(f"{number} {sec.heading}", level=level)
    _paragraphs(doc, sec.paragraphs)
    for table in sec.tables:
        _table(doc, data, table)
    if sec.quality:
        doc.add_paragraph(sec.quality)
    if sec.sources:
        if sec.sources_heading:
            doc.add_heading(sec.sources_heading, level=level + 1)
        if sec.sources_intro:
            doc.add_paragraph(sec.sources_intro)
        _paragraphs(doc, sec.sources, style="List Bullet")
    for chart in sec.charts:
        _chart(doc, data, chart)


def _table(doc: Any, data: ReportData, t: ReportTable) -> None:
    from docx.shared import Pt

    L = data.lang
    doc.add_paragraph(f"{L.t('Tabel', 'Table')} {t.id}: {t.title}", style="Caption")
    table = doc.add_table(rows=1 + len(t.rows), cols=1 + len(t.columns))
    table.style = "Table Grid"
    size = Pt(7 if len(t.columns) > 6 else 9)
    header = table.rows[0].cells
    for k, column in enumerate(t.columns, start=1):
        _cell(header[k], str(column), size, bold=True, highlight=(k - 1) == t.highlight)
    _repeat_header(table.rows[0])
    for i, row in enumerate(t.rows, start=1):
        cells = table.rows[i].cells
        _cell(cells[0], row.text or row.label, size, bold=row.bold, indent=row.indent)
        for k, c in enumerate(row.cells, start=1):
            _cell(cells[k], c.text, size, bold=row.bold, right=True, highlight=(k - 1) == t.highlight)
    if t.note:
        doc.add_paragraph(t.note, style="Caption")


def _cell(cell: Any, text: str, size: Any, bold: bool = False, right: bool = False, indent: bool = False,
          highlight: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = size
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        paragraph.paragraph_format.left_indent = Mm(3)
    if highlight:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), _HIGHLIGHT)
        cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """The header row repeats on every page a long table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _chart(doc: Any, data: ReportData, chart: Any) -> None:
    from docx.shared import Mm

    L = data.lang
    width = Mm(250 if chart.name.startswith("kvalitet") else 190)
    shape = doc.add_picture(str(chart.png), width=width)
    shape._inline.docPr.set("descr", chart.alt)  # the picture's alt text in Word
    shape._inline.docPr.set("title", chart.caption)
    doc.add_paragraph(f"{L.t('Figur', 'Figure')} {chart.number}: {chart.caption}", style="Caption")


def _toc_field(doc: Any) -> None:
    """A Word table-of-contents field over headings 1-2; Word fills in the page numbers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = doc.add_paragraph().add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")  # Word updates the field when the file is opened
        run._r.append(element)
