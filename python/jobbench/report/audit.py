"""The case-audit report (docs/audit.md, "Report"): shares with intervals per theme, a
dot-and-interval chart per criterion across municipalities, cross matrices, and Danish text that
says "signifikant" only where the Bonferroni-adjusted Newcombe comparison says so.

Small cells are suppressed as elsewhere: a share resting on fewer than ``threshold`` judged cases
is printed as ".", and no sentence is written about it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import pandas as pd

from .._errors import InputError
from ..audit import compare, cross, load_catalogue, plot_shares, shares
from ..audit.catalogue import CatalogueLike
from .language import SUPPRESSED

__all__ = ["FORMATS", "audit_sentences", "write_audit_report"]

PathLike = Union[str, Path]


def _pct(share: float, lower: float, upper: float, n: int, threshold: float) -> str:
    if n < threshold or n == 0:
        return SUPPRESSED
    return f"{100 * share:.0f} % ({100 * lower:.0f}-{100 * upper:.0f})"


def audit_sentences(cases: pd.DataFrame, municipality: str, *, catalogue: CatalogueLike = "audit2022",
                    frame: Optional[pd.DataFrame] = None, weights: str = "none", level: float = 0.95,
                    threshold: float = 5) -> list[str]:
    """One Danish sentence per criterion: the municipality against the other municipalities pooled.
    "signifikant" appears only where the interval of the difference excludes 0 after the Bonferroni
    correction for the number of municipalities; small cells get no sentence."""
    cat = load_catalogue(catalogue)
    names = dict(zip(cat["criterion"], cat["name"]))
    rows = compare(cases, list(cat["criterion"]), municipality, weights=weights, frame=frame, level=level,
                   catalogue=cat)
    out = []
    for row in rows.to_dict("records"):
        criterion = row["criterion"]
        if row["n"] < threshold or row["n_other"] < threshold:
            continue
        head = (f"{names[criterion]}: {municipality} {100 * row['share']:.0f} %, de øvrige kommuner "
                f"{100 * row['share_other']:.0f} %")
        if row["significant_adjusted"]:
            side = "højere" if row["difference"] > 0 else "lavere"
            out.append(f"{head}; andelen er signifikant {side} (også efter korrektion for "
                       f"{int(row['comparisons'])} sammenligninger).")
        else:
            out.append(f"{head}; forskellen kan skyldes tilfældigheder i stikprøven.")
    return out


@dataclass
class _Table:
    """One table of the report: a heading, column headers and text cells (suppressed cells '.')."""
    title: str
    headers: list[str]
    rows: list[list[str]]
    level: int = 2


@dataclass
class _Report:
    """The report's content in order, rendered alike to HTML, PDF, Word and Excel."""
    title: str
    intro: str
    blocks: list[Any] = field(default_factory=list)  # _Table, ("list", title, items), ("image", path, alt)


def _theme_tables(pooled: pd.DataFrame, local: Optional[pd.DataFrame], cat: pd.DataFrame,
                  municipality: Optional[str], threshold: float) -> list[_Table]:
    tables = []
    joined = cat.merge(pooled, on="criterion", how="left")
    if local is not None:
        joined = joined.merge(local, on="criterion", how="left", suffixes=("", "_m"))
    headers = ["Undersøgelsespunkt", "Lovgrundlag", "Alle: andel Ja (interval)", "n"]
    if municipality:
        headers += [municipality, "n"]
    for theme, rows in joined.groupby("theme", sort=False):
        body = []
        for r in rows.itertuples(index=False):
            cells = [str(r.name), str(r.legal_basis), _pct(r.share, r.lower, r.upper, r.n, threshold), str(r.n)]
            if local is not None:
                cells += [_pct(r.share_m, r.lower_m, r.upper_m, r.n_m, threshold), str(r.n_m)]
            body.append(cells)
        tables.append(_Table(str(theme), headers, body))
    return tables


def _cross_table(table: pd.DataFrame, a: str, b: str, threshold: float) -> _Table:
    shown = table[table["count"] > 0]
    wide = shown.pivot(index=a, columns=b, values="count").fillna(0).astype(int)
    wide = wide.map(lambda v: SUPPRESSED if 0 < v < threshold else str(v))
    headers = [f"{a} \\ {b}"] + [str(c) for c in wide.columns]
    rows = [[str(i)] + list(row) for i, row in wide.iterrows()]
    return _Table(f"{a} × {b} (antal sager)", headers, rows, level=3)


def _html(report: _Report) -> str:
    def table(t: _Table) -> str:
        head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in t.headers) + "</tr>"
        if t.level == 3:  # a cross matrix: row labels are headers
            body = "".join("<tr><th>" + html.escape(r[0]) + "</th>"
                           + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:]) + "</tr>" for r in t.rows)
        else:
            body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in t.rows)
        return f"<h{t.level}>{html.escape(t.title)}</h{t.level}><table>{head}{body}</table>"

    parts = [f"<h1>{html.escape(report.title)}</h1>", f"<p>{html.escape(report.intro)}</p>"]
    for block in report.blocks:
        if isinstance(block, _Table):
            parts.append(table(block))
        elif block[0] == "list":
            parts.append(f"<h2>{html.escape(block[1])}</h2><ul>"
                         + "".join(f"<li>{html.escape(s)}</li>" for s in block[2]) + "</ul>")
        else:
            parts.append(f'<img src="{html.escape(block[1].name)}" alt="{html.escape(block[2])}">')
    style = ("<style>body{font-family:sans-serif;max-width:60em}table{border-collapse:collapse;margin:.5em 0}"
             "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left}img{max-width:100%}</style>")
    return ("<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Sagsgennemgang</title>"
            + style + "</head><body>" + "".join(parts) + "</body></html>")


def _docx(report: _Report, path: Path) -> Path:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.intro)
    for block in report.blocks:
        if isinstance(block, _Table):
            doc.add_heading(block.title, level=block.level - 1)
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        elif block[0] == "list":
            doc.add_heading(block[1], level=1)
            for sentence in block[2]:
                doc.add_paragraph(sentence, style="List Bullet")
        else:
            doc.add_picture(str(block[1]), width=Cm(15))
            doc.add_paragraph().add_run(block[2]).italic = True
    doc.core_properties.title = report.title
    doc.save(str(path))
    return path


def _xlsx(report: _Report, path: Path) -> Path:
    from openpyxl import Workbook

    from .._excel import add_table_sheet

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for block in report.blocks:
        if isinstance(block, _Table):
            add_table_sheet(book, block.title, f"{report.title}: {block.title}", block.headers, block.rows,
                            key_columns=1, used=used, note=report.intro)
        elif block[0] == "list":
            add_table_sheet(book, block[1], block[1], ["Sætning"], [[s] for s in block[2]], key_columns=1,
                            used=used)
    book.save(str(path))
    return path


def _pdf(page: str, path: Path) -> Path:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    weasyprint.HTML(string=page, base_url=str(path.parent)).write_pdf(str(path))
    return path


FORMATS = ("html", "pdf", "docx", "xlsx")


def write_audit_report(cases: pd.DataFrame, out: PathLike, *, catalogue: CatalogueLike = "audit2022",
                       municipality: Optional[str] = None, frame: Optional[pd.DataFrame] = None,
                       weights: str = "none", level: float = 0.95, threshold: float = 5,
                       charts: Optional[Sequence[str]] = None,
                       crosses: Sequence[tuple[str, str]] = (),
                       formats: Sequence[str] = ("html",)) -> dict[str, Path]:
    """Write ``out/sagsgennemgang.<format>`` for each of ``formats`` (html, pdf, docx, xlsx: the same
    tables and text; the Excel workbook has one sheet per table, every cell text) and one PNG chart
    per criterion of ``charts`` (default: the first criterion of each theme). Returns the paths by
    name (the format, or ``chart_<criterion>``)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"audit report: unknown format(s) {', '.join(unknown)}; choose from "
                         f"{', '.join(FORMATS)}")
    cat = load_catalogue(catalogue)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    pooled = shares(cases, scope="audited", weights=weights, frame=frame, level=level, catalogue=cat)
    per = shares(cases, weights=weights, frame=frame, level=level, catalogue=cat)
    local = None
    if municipality is not None:
        local = per[per["municipality"] == municipality].drop(columns="municipality")
    report = _Report(f"Sagsgennemgang{': ' + municipality if municipality else ''}",
                     f"Andel af de vurderede sager med Ja; {100 * level:.0f} %-intervaller; celler med færre "
                     f"end {threshold:g} vurderede sager vises som '{SUPPRESSED}'.")
    report.blocks += _theme_tables(pooled, local, cat, municipality, threshold)
    if municipality is not None:
        sentences = audit_sentences(cases, municipality, catalogue=cat, frame=frame, weights=weights,
                                    level=level, threshold=threshold)
        report.blocks.append(("list", "Sammenligning med de øvrige kommuner", sentences))
    paths: dict[str, Path] = {}
    chosen = list(charts) if charts is not None else list(cat.groupby("theme", sort=False)["criterion"].first())
    for criterion in chosen:
        name = str(cat.set_index("criterion").loc[criterion, "name"])
        figure = plot_shares(per, criterion, highlight=municipality, level=level, title=name)
        path = outdir / f"andel_{criterion}.png"
        figure.savefig(path, dpi=120, metadata={"Software": None})
        paths[f"chart_{criterion}"] = path
        report.blocks.append(("image", path, f"{criterion}: {name}"))
    for a, b in crosses:
        report.blocks.append(_cross_table(cross(cases, a, b, weights=weights, frame=frame, catalogue=cat),
                                          a, b, threshold))
    page = _html(report)
    for fmt in formats:
        target = outdir / f"sagsgennemgang.{fmt}"
        if fmt == "html":
            target.write_text(page, encoding="utf-8")
        elif fmt == "pdf":
            _pdf(page, target)
        elif fmt == "docx":
            _docx(report, target)
        else:
            _xlsx(report, target)
        paths[fmt] = target
    return paths
