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


@app.command("efficiency")
@_guard
def efficiency_command(
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    inputs: str = typer.Option("total", "--inputs", help="total (one input: all FTE) or areas (FTE per area)."),
    quality: bool = typer.Option(False, "--quality/--no-quality",
                                 help="Add the self-supporting person-years (job rate × person-years) as an output."),
    rts: str = typer.Option("vrs", "--rts", help="Returns to scale: crs, vrs, drs, irs."),
    draws: int = typer.Option(2000, "--draws", min=0, max=100_000, help="Bootstrap draws (0: none)."),
    level: float = typer.Option(0.95, "--level", min=0.5, max=0.999, help="Level of the bootstrap intervals."),
    seed: int = typer.Option(1, "--seed", help="Seed of the bootstrap."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", help="Unit to highlight."),
    data: Optional[str] = _DATA_OPTION,
) -> None:
    """Frontier analysis (DEA) of a benchmark with the default model: FTE in, person-years served
    out (docs/analysis.md, "Efficiency of a benchmark"); scores, bootstrap intervals, peers.

    \b
    Examples:
      jobbench efficiency -m Varde -o out/efficiency
      jobbench efficiency -m Varde --quality --draws 500 -o out/efficiency_quality
    """
    from .. import analysis

    if inputs not in ("total", "areas"):
        raise ValueError(f"--inputs '{inputs}': choose total or areas")
    if rts.lower() not in ("crs", "vrs", "drs", "irs"):
        raise ValueError(f"--rts '{rts}': choose crs, vrs, drs or irs")
    console = _console()
    with _progress("Efficiency") as step:
        step("reading")
        results = _benchmark(data)
        highlight = results.municipality_name(municipality) if municipality else None
        step("DEA and bootstrap")
        eff = analysis.efficiency(results, inputs=inputs, quality=quality, rts=rts, draws=draws, level=level,
                                  seed=seed)
        frame = eff.to_frame()
        frame.index.name = "municipality"
        figure = eff.plot_frontier(highlight=highlight, language="en")
        paths = _write_outputs(frame, figure, out)
    console.print(f"on the frontier: {', '.join(eff.frontier())}", markup=False)
    if highlight is not None:
        r = frame.loc[highlight]
        interval = (f", {level:.0%} interval {r['lower']:.3f}–{r['upper']:.3f}"
                    if pd.notna(r["lower"]) else "")
        console.print(f"{highlight}: efficiency {r['efficiency']:.3f}{interval}; peers: {r['peers'] or '-'}",
                      markup=False)
    for note in eff.notes:
        _info(f"note: {note}", console)
    for p in paths:
        _info(f"wrote {p}", console)


@app.command("expected")
@_guard
def expected_command(
    table_file: Optional[Path] = typer.Argument(None, help="CSV with one row per unit (or the data set's "
                                                "framework conditions)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    outcome: str = typer.Option("q.total.jobrate", "--outcome",
                                help="Column of the outcome; without a CSV: a quality indicator code "
                                     "(q.total.jobrate) or a productivity item (adp)."),
    conditions: str = typer.Option("fors_jc", "--conditions",
                                   help="Comma-separated columns of framework conditions (2013: fors_jc, "
                                        "rammevilkaar_samlet, fors_adp, ...)."),
    unit: str = typer.Option("municipality", "--unit", help="Column naming the unit."),
    level: float = typer.Option(0.95, "--level", min=0.5, max=0.999, help="Level of the prediction intervals."),
    lower_is_better: bool = typer.Option(False, "--lower-is-better",
                                         help="Rank 1 = most below expectation (e.g. FTE per 1,000)."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", help="Unit to highlight."),
    data: Optional[str] = _DATA_OPTION,
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """Actual against expected given framework conditions: leave-one-out regression with prediction
    intervals, ranked by actual − expected (docs/analysis.md, "Expected against actual").

    \b
    Examples:
      jobbench expected -m Varde -o out/expected_jobrate
      jobbench expected --outcome adp --conditions fors_adp,rammevilkaar_adp --lower-is-better -o out/exp_adp
      jobbench expected units.csv --outcome jobrate --conditions ledighed,uddannelse -o out/expected
    """
    from .. import analysis, plotting

    cols = [c.strip() for c in conditions.split(",") if c.strip()]
    if not cols:
        raise ValueError("--conditions: give at least one column")
    console = _console()
    with _progress("Expected") as step:
        step("reading")
        if table_file is None:
            from ..datasets import load

            dataset = load(data or "benchmark2013")
            if dataset.framework is None:
                raise ValueError(f"data set '{dataset.name}' has no framework conditions (framework.csv)")
            missing = [c for c in cols if c not in dataset.framework.columns]
            if missing:
                raise ValueError(f"--conditions: no column '{missing[0]}' in the framework conditions "
                                 f"({', '.join(dataset.framework.columns)})")
            results = dataset.benchmark().fit()
            highlight = results.municipality_name(municipality) if municipality else None
            q = dataset.quality
            if q is not None and outcome in set(q["indicator"].astype(str)):
                sel = q[q["indicator"].astype(str) == outcome]
                y = pd.Series(sel["value"].to_numpy(dtype=float), index=sel["municipality"].astype(str),
                              name=outcome).groupby(level=0).first().reindex(results.municipalities)
                percent = True
            elif outcome in results.items.index:
                y = results.matrix("productivity").loc[outcome].rename(outcome)
                percent = False
            else:
                raise ValueError(f"--outcome '{outcome}': not a quality indicator or item of the data set")
            x = dataset.framework[cols]
        else:
            rows = _read_table(table_file, [unit, outcome, *cols], [outcome, *cols], sep, decimal, encoding)
            index = pd.Index(rows[unit].astype(str), name=unit)
            y = pd.Series(rows[outcome].to_numpy(dtype=float), index=index, name=outcome)
            x = pd.DataFrame({c: rows[c].to_numpy(dtype=float) for c in cols}, index=index)
            highlight, percent = municipality, False
        step("regression")
        frame = analysis.expected(y, x, level=level, higher_is_better=not lower_is_better)
        frame.index.name = "municipality" if table_file is None else unit
        figure = plotting.expected_chart(frame, highlight=highlight, percent=percent,
                                         xlabel=f"Expected from {', '.join(cols)}", ylabel=f"Actual {outcome}",
                                         diagonal_label="actual = expected")
        paths = _write_outputs(frame, figure, out)
    if highlight is not None and highlight in frame.index:
        r = frame.loc[highlight]
        console.print(f"{highlight}: actual {r['actual']:.4g}, expected {r['expected']:.4g} "
                      f"({level:.0%} interval {r['lower']:.4g}–{r['upper']:.4g}), {r['flag']}; "
                      f"rank {int(r['rank'])} of {len(frame)} by actual − expected", markup=False)
    for p in paths:
        _info(f"wrote {p}", console)
