"""Render a :class:`ReportData` as HTML (jinja2, autoescaped), PDF (WeasyPrint, from the same HTML) and
Excel (openpyxl: one sheet per table, numbers as numbers, frozen headers, a definitions sheet)."""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from .. import _excel
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


def _table_rows(t: ReportTable) -> tuple[list[str], list[list[Any]], list[list[Any]]]:
    """Headers, rows (code, label without layout prefix, cells) and formats of a report table; a withheld
    cell is the text ".", an empty one empty."""
    rows, formats = [], []
    for row in t.rows:
        values: list[Any] = []
        fmts: list[Any] = [None, None]
        for c in row.cells:
            if c.withheld:
                values.append(".")
                fmts.append(None)
            elif c.text == "":
                values.append(None)
                fmts.append(None)
            else:
                values.append(float(c.value))
                fmts.append(c.fmt)
        rows.append([row.code, row.text or row.label, *values])
        formats.append(fmts)
    return [_excel.CODE_HEADER, _excel.LABEL_HEADER, *t.columns], rows, formats


def write_excel(data: ReportData, path: Path) -> Path:
    """The report as a workbook, written by the writer shared with ``jobbench run``'s workbook
    (:mod:`jobbench._excel`): one sheet per table with a ``Kode`` column and the label without layout
    prefix, each an Excel Table with autofilter, printed landscape and fit to width, then the sources and
    the definitions. Every text cell is stored as a string, never as a formula (:mod:`jobbench._safe_cells`),
    whatever the spec's labels or the municipality names hold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    L = data.lang
    wb = Workbook()
    info = wb.active
    info.title = L.t("Om rapporten", "About")
    used = {info.title}
    bold = Font(bold=True)
    safe.put(info["A1"], data.title).font = Font(bold=True, size=13)
    safe.put(info["A2"], data.subtitle)
    lines = [
        (L.t("Kommune", "Municipality"), data.municipality),
        (L.t("Sprog", "Language"), data.language),
        (L.t("Kommuner", "Municipalities"), ", ".join(data.municipalities)),
        (L.t("Diskretionering", "Disclosure control"), data.disclosure_note),
        (L.t("Tal vist som \".\"", "Figures shown as \".\""), data.withheld),
        (L.t("Ark", "Sheets"), L.t("Én fane pr. tabel, hver en Excel-tabel med filter: række 1 titel, række 2 "
                                   "kolonner (Kode = rækkens kode, Række = teksten), tal fra række 3 "
                                   "(pandas: header=1, index_col=0).",
                                   "One sheet per table, each an Excel Table with filters: row 1 title, row 2 "
                                   "column headers (Kode = the row's code, Række = its label), values from row 3 "
                                   "(pandas: header=1, index_col=0).")),
    ]
    for k, (a, b) in enumerate(lines, start=4):
        safe.put(info.cell(row=k, column=1), a).font = bold
        safe.put(info.cell(row=k, column=2), b)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 110
    _excel.set_print_setup(info)

    for t in data.all_tables():
        headers, rows, formats = _table_rows(t)
        _excel.add_table_sheet(wb, f"{L.t('Tabel', 'Table')} {t.id}", f"{L.t('Tabel', 'Table')} {t.id}: {t.title}",
                               headers, rows, formats=formats, bold=[r.bold for r in t.rows], used=used,
                               highlight=None if t.highlight is None else t.highlight + 2, note=t.note)

    source_rows = [[sec.number, sec.heading, line] for sec in [data.conclusion, *data.areas] for line in sec.sources]
    _excel.add_table_sheet(wb, L.t("Kilder", "Sources"), L.t("Kilder til produktiviteten", "Sources of productivity"),
                           [L.t("Afsnit", "Section"), L.t("Område", "Area"), L.t("Linje", "Line")], source_rows,
                           used=used, widths=(8, 60, 90))
    def_rows: list[list[Any]] = [["", p] for p in data.bilag2["intro"]]
    def_rows += [[d["title"], " ".join(d["paragraphs"])] for d in data.bilag2["items"]]
    defs = _excel.add_table_sheet(wb, L.t("Definitioner", "Definitions"),
                                  L.t("Bilag II: Definitioner af kvalitetsindikatorer",
                                      "Annex II: Definitions of the quality indicators"),
                                  [L.t("Indikator", "Indicator"), L.t("Definition", "Definition")], def_rows,
                                  key_columns=1, used=used, widths=(44, 120))
    from openpyxl.styles import Alignment

    for k in range(3, defs.max_row + 1):
        defs.cell(row=k, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        defs.cell(row=k, column=1).font = bold
    wb.save(path)
    return path


def write_csv(data: ReportData, folder: Path) -> Path:
    """Every table as ``table_<id>.csv``: unrounded numbers (percentages as fractions), "." where withheld.

    The first columns are the row's ``code`` and its ``label`` without the report's layout prefix
    ("Heraf ledelse", not "-Heraf ledelse"). Labels and column headers that start with ``= + - @``, a tab
    or a carriage return get a leading ``'`` (OWASP CSV injection: a spreadsheet program would run them as
    formulas); number cells are written as numbers, negative ones included.
    """
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for t in data.all_tables():
        name = "table_" + "".join(ch if ch.isalnum() else "_" for ch in t.id) + ".csv"
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["code", "label", *[safe.csv_text(c) for c in t.columns]])
            for row in t.rows:
                cells = ["." if c.withheld else ("" if c.text == "" else repr(float(c.value))) for c in row.cells]
                w.writerow([safe.csv_text(row.code), safe.csv_text(row.text or row.label), *cells])
    return folder
