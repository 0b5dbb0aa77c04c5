"""The report tables as files: every table as CSV, plus an Excel workbook with one sheet per table."""
from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import pandas as pd

from .. import _excel
from .. import _safe_cells as safe

if TYPE_CHECKING:
    from ..productivity.results import BenchmarkResults

__all__ = ["table_filename", "table_rows", "write_excel", "write_tables"]

PathLike = Union[str, "os.PathLike[str]"]

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


def table_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[Any]], list[list[Any]]]:
    """Headers, rows and per-cell formats of a :meth:`BenchmarkResults.table` frame for
    :func:`jobbench._excel.add_table_sheet`: code, label (no layout prefix), then the values."""
    values = frame.drop(columns="label") if "label" in frame.columns else frame
    fmts = frame.attrs.get("format", [])
    by_col = frame.attrs.get("format_by") == "column"
    rows, formats = [], []
    for k, (code, label) in enumerate(zip(frame.index, frame["label"] if "label" in frame.columns else frame.index)):
        row_values = [None if (v is None or math.isnan(v)) else float(v) for v in values.iloc[k].to_numpy(dtype=float)]
        if by_col:
            row_formats = [fmts[c] if c < len(fmts) else "decimal" for c in range(len(row_values))]
        else:
            f = fmts[k] if k < len(fmts) else "decimal"
            row_formats = [None if f == "heading" else f] * len(row_values)
        rows.append([str(code), str(label), *row_values])
        formats.append([None, None, *row_formats])
    return [_excel.CODE_HEADER, _excel.LABEL_HEADER, *[str(c) for c in values.columns]], rows, formats


def write_excel(results: "BenchmarkResults", municipality: str, path: PathLike,
                tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write an Excel workbook (openpyxl): one sheet per report table, then the comparison and the
    decomposition for ``municipality``, through the writer shared with the report workbook
    (:mod:`jobbench._excel`): a ``Kode`` column, labels without layout prefixes, each sheet an Excel
    Table with autofilter, printed landscape and fit to width; bold rows and number formats follow the spec.

    Every text cell (titles, labels, municipality names) is stored as a string, never as a formula
    (:mod:`jobbench._safe_cells`)."""
    from openpyxl import Workbook

    tables = _all_tables(results, municipality) if tables is None else tables
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table_id, frame in tables.items():
        headers, rows, formats = table_rows(frame)
        columns = headers[2:]
        _excel.add_table_sheet(book, f"Tabel {table_id}", f"Tabel {table_id}: {frame.attrs.get('title', '')}",
                               headers, rows, formats=formats, bold=frame.attrs.get("bold"), used=used,
                               highlight=(2 + columns.index(municipality)) if municipality in columns else None)
    comparison = results.compare(municipality)
    _excel.frame_sheet(book, "Sammenligning", f"Sammenligning: {municipality}", comparison, used=used,
                       formats={"fte": "decimal", "value": "decimal", "mean": "decimal", "diff_abs": "decimal",
                                "diff_rel": "percent", "class_ratio": "percent", "rank": "rank", "n": "count",
                                "verbal_class": "integer"})
    _excel.frame_sheet(book, "Dekomposition", f"Dekomposition: {municipality}", results.decomposition(municipality),
                       used=used)
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
    municipality = results.municipality_name(municipality)  # any case or kommunekode; fails early
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tables = _all_tables(results, municipality)
    for table_id, frame in tables.items():
        path = out / f"{table_filename(table_id)}.csv"
        safe.csv_frame(frame).to_csv(path, index_label="code", encoding="utf-8")
        written.append(path)
    comparison = results.compare(municipality)
    path = out / "comparison.csv"
    safe.csv_frame(comparison).to_csv(path, index_label="code", encoding="utf-8")
    written.append(path)
    path = out / "decomposition.csv"
    safe.csv_frame(results.decomposition(municipality)).to_csv(path, index_label="code", encoding="utf-8")
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
