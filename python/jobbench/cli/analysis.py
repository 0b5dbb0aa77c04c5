"""``jobbench funnel`` and ``jobbench ranks``: is a difference real? (docs/analysis.md)

    jobbench funnel --table 4.2 -m Varde -o out/funnel_4.2        # the 2013 quality indicators
    jobbench funnel counts.csv --numerator k --denominator n -o out/funnel
    jobbench ranks --item adp -m Varde -o out/ranks_adp            # productivity, staff-time Monte Carlo
    jobbench ranks estimates.csv --estimate value --se se -o out/ranks --simultaneous

Each writes ``OUT.csv`` (data for programs), ``OUT.xlsx`` (text cells never become formulas) and
``OUT.png`` (the chart), and prints the municipality's line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pandas as pd
import typer

from .app import _console, _guard, _info, _progress, app
from .benchmark import _DATA_OPTION, _DECIMAL_OPTION, _ENCODING_OPTION, _SEP_OPTION

_OVERDISPERSION = ("additive", "multiplicative", "none")


def _write_outputs(frame: pd.DataFrame, figure: Any, out: Path) -> list[Path]:
    """OUT.csv, OUT.xlsx and OUT.png; the index (unit) is the first column."""
    from openpyxl import Workbook

    from .._safe_cells import append, csv_frame

    out.parent.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path, png_path = (out.with_name(out.name + ext) for ext in (".csv", ".xlsx", ".png"))
    flat = frame.reset_index()
    csv_frame(flat).to_csv(csv_path, index=False)
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    append(sheet, [str(c) for c in flat.columns])
    for row in flat.itertuples(index=False):
        append(sheet, [v.item() if hasattr(v, "item") else v for v in row])
    book.save(xlsx_path)
    figure.savefig(png_path, dpi=150, metadata={"Software": None})
    return [csv_path, xlsx_path, png_path]


def _read_table(path: Path, columns: list[str], numeric: list[str], sep: Optional[str],
                decimal: Optional[str], encoding: Optional[str]) -> pd.DataFrame:
    from .._convert import read_csv_frame

    return read_csv_frame(path, required=columns, numeric=numeric, sep=sep, decimal=decimal,
                          encoding=encoding).frame


def _benchmark(data: Optional[str]) -> Any:
    from ..datasets import available, load
    from ..productivity import Benchmark

    if data is not None and (Path(data).is_dir() or data not in available()):
        return Benchmark.from_folder(data).fit()
    return load(data or "benchmark2013").benchmark().fit()


@app.command("funnel")
@_guard
def funnel_command(
    table_file: Optional[Path] = typer.Argument(None, help="CSV with one row per unit (or use --table)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    table: Optional[str] = typer.Option(None, "--table", help="A benchmark table's quality indicators, "
                                        "e.g. 4.2 (the published figures on the person-years)."),
    numerator: str = typer.Option("numerator", "--numerator", help="Column of the numerators (counts)."),
    denominator: str = typer.Option("denominator", "--denominator",
                                    help="Column of the denominators (persons, spells; exposure for a rate)."),
    unit: str = typer.Option("municipality", "--unit", help="Column naming the unit."),
    kind: str = typer.Option("share", "--kind", help="share (arcsine, FunnelPlotR 'PR') or rate (square root)."),
    overdispersion: str = typer.Option("additive", "--overdispersion",
                                       help="additive (τ², random effects), multiplicative (φ) or none."),
    trim: float = typer.Option(0.1, "--trim", min=0.0, max=0.49, help="Winsorisation of the z-scores."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", help="Unit to highlight."),
    data: Optional[str] = _DATA_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """Funnel plot with over-dispersion (Spiegelhalter 2005) of a share or a rate across units.

    \b
    Examples:
      jobbench funnel --table 4.2 -m Varde -o out/funnel_4.2
      jobbench funnel counts.csv --numerator activated --denominator persons -o out/funnel
    """
    from .. import analysis, plotting

    if overdispersion not in _OVERDISPERSION:
        raise ValueError(f"--overdispersion '{overdispersion}': choose one of {', '.join(_OVERDISPERSION)}")
    if kind not in ("share", "rate"):
        raise ValueError(f"--kind '{kind}': choose share or rate")
    if (table_file is None) == (table is None):
        raise ValueError("give either a CSV file or --table (not both)")
    od = None if overdispersion == "none" else overdispersion
    console = _console()
    with _progress("Funnel") as step:
        step("reading")
        if table is not None:
            results = _benchmark(data)
            highlight = results.municipality_name(municipality) if municipality else None
            funnels = analysis.quality_funnels(results, table, overdispersion=od, trim=trim)
            if not funnels:
                raise ValueError(f"table {table} has no quality indicators")
            step("funnels")
            frame = pd.concat([f.fit.to_frame().assign(indicator=code, label=f.label)
                               for code, f in funnels.items()])
            fits = [(f.label, f.fit) for f in funnels.values()]
        else:
            rows = _read_table(table_file, [unit, numerator, denominator], [numerator, denominator],
                               sep, decimal, encoding)
            index = pd.Index(rows[unit].astype(str), name=unit)
            k = pd.Series(rows[numerator].to_numpy(dtype=float), index=index)
            n = pd.Series(rows[denominator].to_numpy(dtype=float), index=index)
            step("funnel")
            fit = analysis.funnel(k, n, overdispersion=od, trim=trim,
                                  **({"kind": "rate"} if kind == "rate" else {}))
            frame = fit.to_frame()
            fits = [(numerator, fit)]
            highlight = municipality
        figure = plotting._figure(3.6 * min(3, len(fits)), 2.8 * ((len(fits) + 2) // 3) + 0.4)
        axes = figure.subplots((len(fits) + 2) // 3, min(3, len(fits)), squeeze=False).ravel()
        for ax, (label, fit) in zip(axes, fits):
            fit.plot(highlight=highlight, ax=ax, title=label)
        for ax in axes[len(fits):]:
            ax.set_visible(False)
        paths = _write_outputs(frame, figure, out)
    if highlight is not None and highlight in frame.index:
        for _, row in frame.loc[[highlight]].iterrows():
            what = f"{row['label']}: " if "label" in frame.columns else ""
            console.print(f"{highlight}: {what}{row['value']:.4g} (95 % limits {row['lower95']:.4g}–"
                          f"{row['upper95']:.4g}) {row['flag']}", markup=False)
    for p in paths:
        _info(f"wrote {p}", console)


@app.command("ranks")
@_guard
def ranks_command(
    table_file: Optional[Path] = typer.Argument(None, help="CSV with estimate and se per unit (or --item)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    item: Optional[str] = typer.Option(None, "--item", help="Productivity of a benchmark item, e.g. adp "
                                       "(uncertainty: the staff-time Monte Carlo)."),
    estimate: str = typer.Option("estimate", "--estimate", help="Column of the estimates."),
    se: str = typer.Option("se", "--se", help="Column of the standard errors."),
    unit: str = typer.Option("municipality", "--unit", help="Column naming the unit."),
    level: float = typer.Option(0.95, "--level", min=0.5, max=0.999, help="Confidence level."),
    simultaneous: bool = typer.Option(False, "--simultaneous/--marginal",
                                      help="Sets that hold for all units at once (default: each unit)."),
    draws: int = typer.Option(1000, "--draws", min=100, max=100_000, help="Bootstrap draws."),
    seed: int = typer.Option(2013, "--seed", help="Seed of the bootstrap (and of the Monte Carlo)."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", help="Unit to highlight."),
    data: Optional[str] = _DATA_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """Confidence sets for ranks (Mogstad, Romano, Shaikh & Wilhelm 2024); rank 1 = largest estimate,
    or for --item the highest productivity (fewest FTE per 1,000 person-years).

    \b
    Examples:
      jobbench ranks --item adp -m Varde -o out/ranks_adp
      jobbench ranks estimates.csv --estimate value --se se -o out/ranks --simultaneous
    """
    from .. import analysis, plotting

    if (table_file is None) == (item is None):
        raise ValueError("give either a CSV file or --item (not both)")
    console = _console()
    with _progress("Rank sets") as step:
        if item is not None:
            from ..datasets import load

            dataset = load(data or "benchmark2013")
            results = dataset.benchmark().fit()
            highlight = results.municipality_name(municipality) if municipality else None
            step("staff-time Monte Carlo")
            unc = analysis.synthetic_uncertainty(dataset, seed=seed)
            step("rank sets")
            frame = analysis.productivity_rank_sets(unc, item, level=level, simultaneous=simultaneous,
                                                    draws=draws, seed=seed)
            title = f"{item}: {'simultaneous' if simultaneous else 'marginal'} {level:.0%} rank sets"
        else:
            rows = _read_table(table_file, [unit, estimate, se], [estimate, se], sep, decimal, encoding)
            index = pd.Index(rows[unit].astype(str), name=unit)
            frame = analysis.rank_sets(pd.Series(rows[estimate].to_numpy(dtype=float), index=index),
                                       pd.Series(rows[se].to_numpy(dtype=float), index=index),
                                       level=level, simultaneous=simultaneous, draws=draws, seed=seed)
            highlight = municipality
            title = f"{estimate}: {'simultaneous' if simultaneous else 'marginal'} {level:.0%} rank sets"
        figure = plotting._figure(7.2, 0.22 * len(frame) + 1.2)
        analysis.plot_rank_sets(frame, highlight=highlight, ax=figure.subplots(), title=title,
                                labels="en")
        paths = _write_outputs(frame, figure, out)
    if highlight is not None and highlight in frame.index:
        r = frame.loc[highlight]
        console.print(f"{highlight}: rank {int(r['rank'])} of {len(frame)}, {level:.0%} set "
                      f"{int(r['lower'])}–{int(r['upper'])}", markup=False)
    for p in paths:
        _info(f"wrote {p}", console)
