"""Render a :class:`ReportData` as HTML (jinja2, autoescaped), PDF (WeasyPrint, from the same HTML) and
Excel (openpyxl: one sheet per table, numbers as numbers, frozen headers, a definitions sheet)."""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from .. import _safe_cells as safe
from ..productivity.results import MEAN_COLUMN
from .assemble import ReportData, ReportTable

__all__ = ["render_html", "write_csv", "write_excel", "write_html", "write_pdf"]


def render_html(data: ReportData) -> str:
    import jinja2

    from .. import __version__

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("jobbench.report", "templates"),
        autoescape=True,  # every string from data is escaped; only matplotlib's SVG is marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=False, lstrip_blocks=False,
    )
    css = resources.files("jobbench.report").joinpath("templates/report.css").read_text(encoding="utf-8")
    template = env.get_template("report.html.j2")
    return template.render(r=data, L=data.lang, css=css, version=__version__, mean_column=MEAN_COLUMN)


def write_html(data: ReportData, path: Path) -> Path:
    path.write_text(render_html(data), encoding="utf-8")
    return path


def write_pdf(data: ReportData, path: Path, html: str | None = None) -> Path:
    """The PDF is WeasyPrint's rendering of the same HTML (print CSS: A4 landscape, page numbers)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango/cairo libraries missing
        raise RuntimeError(f"PDF output needs WeasyPrint and the pango libraries (scripts/setup.sh installs "
                           f"them): {exc}") from exc
    # WeasyPrint logs CSS it does not support as warnings; they are not errors of the report.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    doc = weasyprint.HTML(string=html if html is not None else render_html(data), base_url=str(path.parent))
    doc.write_pdf(str(path))
    return path


_NUMBER_FORMATS = {
    "decimal": '#,##0.0;-#,##0.0;"-"',
    "percent": "0.0%",
    "count": "#,##0",
    "integer": "#,##0",
    "rank": "0",
}


def _sheet_name(text: str, used: set[str]) -> str:
    bad = '[]:*?/\\'
    name = "".join("_" if ch in bad else ch for ch in text)[:31]
    base, k = name, 2
    while name in used:
        suffix = f" ({k})"
        name = base[:31 - len(suffix)] + suffix
        k += 1
    used.add(name)
    return name


def write_excel(data: ReportData, path: Path) -> Path:
    """The report as a workbook; every text cell is stored as a string, never as a formula
    (:mod:`jobbench._safe_cells`), whatever the spec's labels or the municipality names hold."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    L = data.lang
    wb = Workbook()
    info = wb.active
    info.title = L.t("Om rapporten", "About")
    used = {info.title}
    bold = Font(bold=True)
    title_font = Font(bold=True, size=13)
    hl_fill = PatternFill("solid", fgColor="FDEBD0")
    hl_head = PatternFill("solid", fgColor="F5B041")
    safe.put(info["A1"], data.title).font = title_font
    safe.put(info["A2"], data.subtitle)
    lines = [
        (L.t("Kommune", "Municipality"), data.municipality),
        (L.t("Sprog", "Language"), data.language),
        (L.t("Kommuner", "Municipalities"), ", ".join(data.municipalities)),
        (L.t("Diskretionering", "Disclosure control"), data.disclosure_note),
        (L.t("Tal vist som \".\"", "Figures shown as \".\""), data.withheld),
        (L.t("Ark", "Sheets"), L.t("Én fane pr. tabel: række 1 titel, række 2 kolonner, tal fra række 3 "
                                   "(pandas: header=1, index_col=0).",
                                   "One sheet per table: row 1 title, row 2 column headers, values from row 3 "
                                   "(pandas: header=1, index_col=0).")),
    ]
    for k, (a, b) in enumerate(lines, start=4):
        safe.put(info.cell(row=k, column=1), a).font = bold
        safe.put(info.cell(row=k, column=2), b)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 110

    def add_table(t: ReportTable) -> None:
        ws = wb.create_sheet(_sheet_name(f"{L.t('Tabel', 'Table')} {t.id}", used))
        safe.put(ws.cell(row=1, column=1), f"{L.t('Tabel', 'Table')} {t.id}: {t.title}").font = title_font
        ws.cell(row=2, column=1, value="").font = bold
        for c, col in enumerate(t.columns, start=2):
            cell = safe.put(ws.cell(row=2, column=c), col)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            if t.highlight is not None and c - 2 == t.highlight:
                cell.fill = hl_head
        for k, row in enumerate(t.rows, start=3):
            lc = safe.put(ws.cell(row=k, column=1), row.label)
            if row.bold:
                lc.font = bold
            for c, cell_data in enumerate(row.cells, start=2):
                if cell_data.withheld:
                    cell = safe.put(ws.cell(row=k, column=c), ".")
                    cell.alignment = Alignment(horizontal="right")
                elif cell_data.text == "":
                    cell = ws.cell(row=k, column=c, value=None)
                else:
                    cell = ws.cell(row=k, column=c, value=float(cell_data.value))
                    cell.number_format = _NUMBER_FORMATS.get(cell_data.fmt, _NUMBER_FORMATS["decimal"])
                if row.bold:
                    cell.font = bold
                if t.highlight is not None and c - 2 == t.highlight:
                    cell.fill = hl_fill
        ws.freeze_panes = "B3"
        ws.column_dimensions["A"].width = max(18, min(48, max(len(r.label) for r in t.rows) + 2))
        for c in range(2, len(t.columns) + 2):
            ws.column_dimensions[get_column_letter(c)].width = 13
        ws.row_dimensions[2].height = 30

    for t in data.all_tables():
        add_table(t)

    def text_sheet(name: str, title: str, headers: tuple[str, str], widths: tuple[int, int]) -> Any:
        """A two-column sheet of text: title in A1, bold headers in row 2 (frozen), rows from row 3."""
        ws = wb.create_sheet(_sheet_name(name, used))
        safe.put(ws["A1"], title).font = title_font
        safe.put(ws["A2"], headers[0]).font = bold
        safe.put(ws["B2"], headers[1]).font = bold
        ws.freeze_panes = "A3"
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
        return ws

    src = text_sheet(L.t("Kilder", "Sources"), L.t("Kilder til produktiviteten", "Sources of productivity"),
                     (L.t("Område", "Area"), L.t("Linje", "Line")), (60, 90))
    k = 3
    for sec in [data.conclusion, *data.areas]:
        for line in sec.sources:
            safe.put(src.cell(row=k, column=1), f"{sec.number} {sec.heading}")
            safe.put(src.cell(row=k, column=2), line)
            k += 1

    defs = text_sheet(L.t("Definitioner", "Definitions"),
                      L.t("Bilag II: Definitioner af kvalitetsindikatorer",
                          "Annex II: Definitions of the quality indicators"),
                      (L.t("Indikator", "Indicator"), L.t("Definition", "Definition")), (44, 120))
    k = 3
    for p in data.bilag2["intro"]:
        safe.put(defs.cell(row=k, column=2), p)
        k += 1
    for d in data.bilag2["items"]:
        safe.put(defs.cell(row=k, column=1), d["title"]).font = bold
        safe.put(defs.cell(row=k, column=2), " ".join(d["paragraphs"])).alignment = Alignment(wrap_text=True)
        k += 1
    wb.save(path)
    return path


def write_csv(data: ReportData, folder: Path) -> Path:
    """Every table as ``table_<id>.csv``: unrounded numbers (percentages as fractions), "." where withheld.

    Labels and column headers that start with ``= + - @``, a tab or a carriage return get a leading
    ``'`` (OWASP CSV injection: a spreadsheet program would run them as formulas), e.g.
    ``'-Heraf ledelse``; number cells are written as numbers, negative ones included.
    """
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for t in data.all_tables():
        name = "table_" + "".join(ch if ch.isalnum() else "_" for ch in t.id) + ".csv"
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["label", *[safe.csv_text(c) for c in t.columns]])
            for row in t.rows:
                cells = ["." if c.withheld else ("" if c.text == "" else repr(float(c.value))) for c in row.cells]
                w.writerow([safe.csv_text(row.label), *cells])
    return folder
