"""The report tables as files: every table as CSV, plus an Excel workbook with one sheet per table."""
from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Union

import pandas as pd

from .. import _safe_cells as safe

if TYPE_CHECKING:
    from ..productivity.results import BenchmarkResults

__all__ = ["write_tables", "write_excel", "table_filename"]

PathLike = Union[str, "os.PathLike[str]"]

_EXCEL_FORMATS = {"decimal": "0.0", "percent": "0.0%", "count": "#,##0", "integer": "#,##0", "rank": "0"}


def table_filename(table_id: str) -> str:
    """``"4.2" -> "table_4.2"`` (safe for any file system)."""
    return "table_" + re.sub(r"[^0-9A-Za-z._-]+", "_", str(table_id))


def _slug(name: str) -> str:
    return re.sub(r"[^0-9A-Za-zÆØÅæøå._-]+", "_", name).strip("_") or "municipality"


def _all_tables(results: "BenchmarkResults", municipality: str) -> dict[str, pd.DataFrame]:
    out = {}
    for table_id in results.tables().index:
        out[str(table_id)] = results.table(str(table_id), municipality=municipality)
    return out


def write_excel(results: "BenchmarkResults", municipality: str, path: PathLike,
                tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write an Excel workbook (openpyxl): one sheet per report table, then the comparison and the
    decomposition for ``municipality``. Bold rows and number formats follow the spec.

    Every text cell (titles, labels, municipality names) is stored as a string, never as a formula
    (:mod:`jobbench._safe_cells`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    tables = _all_tables(results, municipality) if tables is None else tables
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table_id, frame in tables.items():
        sheet = book.create_sheet(title=f"Tabel {table_id}"[:31])
        safe.append(sheet, [f"Tabel {table_id}: {frame.attrs.get('title', '')}"])
        sheet["A1"].font = bold
        safe.append(sheet, ["", *[str(c) for c in frame.columns]])
        for cell in sheet[2]:
            cell.font = bold
        fmts = frame.attrs.get("format", [])
        by_col = frame.attrs.get("format_by") == "column"
        for k, (label, values) in enumerate(zip(frame.index, frame.to_numpy())):
            row = safe.append(sheet, [str(label), *[None if (v is None or math.isnan(v)) else float(v)
                                                    for v in values]])
            for c, cell in enumerate(row[1:]):
                f = fmts[c] if by_col and c < len(fmts) else (fmts[k] if k < len(fmts) else "decimal")
                cell.number_format = _EXCEL_FORMATS.get(f, "0.0")
            if frame.attrs.get("bold") and frame.attrs["bold"][k]:
                for cell in row:
                    cell.font = bold
        sheet.column_dimensions["A"].width = max(12, min(45, max((len(str(i)) for i in frame.index), default=10) + 2))
    for title, frame in (("Sammenligning", results.compare(municipality)),
                         ("Dekomposition", results.decomposition(municipality))):
        sheet = book.create_sheet(title=title)
        safe.append(sheet, [frame.index.name or "item", *[str(c) for c in frame.columns]])
        for cell in sheet[1]:
            cell.font = bold
        for code, values in zip(frame.index, frame.itertuples(index=False)):
            safe.append(sheet, [str(code), *[(None if isinstance(v, float) and math.isnan(v) else
                                        (v.item() if hasattr(v, "item") else v)) for v in values]])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_tables(results: "BenchmarkResults", municipality: str, outdir: PathLike,
                 excel: bool = True) -> list[Path]:
    """Write every report table of the spec as CSV into ``outdir`` (``table_<id>.csv``), plus
    ``comparison.csv``, ``decomposition.csv``, ``sources.txt``, ``summary.txt`` for ``municipality``
    and, with ``excel``, the workbook ``jobbench_<municipality>.xlsx``. Returns the paths written.

    CSV cells hold the unrounded numbers (percentages as fractions); NaN is an empty cell. Text that
    starts with ``= + - @``, a tab or a carriage return (labels, municipality names, column headers)
    gets a leading ``'`` so that a spreadsheet program does not run it as a formula (OWASP CSV
    injection); numeric columns stay numbers, so a negative number is written as it is.
    """
    results._mi(municipality)  # fail early on an unknown municipality
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tables = _all_tables(results, municipality)
    for table_id, frame in tables.items():
        path = out / f"{table_filename(table_id)}.csv"
        safe.csv_frame(frame).to_csv(path, index_label="label", encoding="utf-8")
        written.append(path)
    comparison = results.compare(municipality)
    path = out / "comparison.csv"
    safe.csv_frame(comparison).to_csv(path, index_label="item", encoding="utf-8")
    written.append(path)
    path = out / "decomposition.csv"
    safe.csv_frame(results.decomposition(municipality)).to_csv(path, index_label="item", encoding="utf-8")
    written.append(path)
    lines = []
    for code in [results.root, *results.children(results.root)]:
        if not results.children(code):
            continue
        lines.append(f"{results.items.at[code, 'label']}:")
        lines.extend(f"- {line}" for line in results.sources(municipality, code))
        lines.append("")
    path = out / "sources.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    written.append(path)
    path = out / "summary.txt"
    path.write_text(results.summary(municipality) + "\n", encoding="utf-8")
    written.append(path)
    if excel:
        written.append(write_excel(results, municipality, out / f"jobbench_{_slug(municipality)}.xlsx", tables))
    return written
