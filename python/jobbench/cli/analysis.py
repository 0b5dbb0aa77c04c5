"""``jobbench funnel`` and ``jobbench ranks``: is a difference real? ``efficiency``, ``what-if``,
``malmquist`` and ``expected``: the frontier analysis of issue 15 (docs/analysis.md, docs/analysis-dea.md)

    jobbench funnel --table 4.2 -m Varde -o out/funnel_4.2        # the 2013 quality indicators
    jobbench funnel counts.csv --numerator k --denominator n -o out/funnel
    jobbench ranks --item adp -m Varde -o out/ranks_adp            # productivity, staff-time Monte Carlo
    jobbench ranks estimates.csv --estimate value --se se -o out/ranks --simultaneous
    jobbench what-if -m Varde -o out/what_if                       # FTE needed at mean / best quartile / frontier
    jobbench malmquist -m Varde -o out/malmquist                   # synthetic panel, 2021 -> 2022
    jobbench malmquist y2012.csv y2013.csv --outputs py_adp,py_kh -o out/malmquist

Each writes ``OUT.csv`` (data for programs), ``OUT.xlsx`` (text cells never become formulas) and
``OUT.png`` (the chart), and prints the municipality's line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd
import typer

from .app import _console, _guard, _info, _progress, app
from .benchmark import _DATA_OPTION, _DECIMAL_OPTION, _ENCODING_OPTION, _SEP_OPTION

_OVERDISPERSION = ("additive", "multiplicative", "none")
_RTS = ("crs", "vrs", "drs", "irs", "fdh")
_SCENARIOS = {"group_mean": "at the group mean", "best_quartile": "at the best quartile",
              "frontier": "on the frontier"}
#: outputs of the synthetic efficiency panel (person-years served per area) and its years by default
_PANEL_OUTPUTS = "py_adp,py_kh,py_syg,py_ly_reval"
_PANEL_YEARS = (2021, 2022)


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
    method: str = typer.Option("subsample", "--method",
                               help="Bootstrap: subsample (m out of n; smoothed when the units are too few "
                                    "to choose m) or smoothed (Simar & Wilson 1998, as Benchmarking's dea.boot)."),
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
    if method.lower() not in ("subsample", "smoothed"):
        raise ValueError(f"--method '{method}': choose subsample or smoothed")
    console = _console()
    with _progress("Efficiency") as step:
        step("reading")
        results = _benchmark(data)
        highlight = results.municipality_name(municipality) if municipality else None
        step("DEA and bootstrap")
        eff = analysis.efficiency(results, inputs=inputs, quality=quality, rts=rts, draws=draws, level=level,
                                  seed=seed, method=method.lower())
        frame = eff.to_frame()
        frame.index.name = "municipality"
        figure = eff.plot_frontier(highlight=highlight, language="en")
        paths = _write_outputs(frame, figure, out)
    console.print(f"on the frontier: {', '.join(eff.frontier())}", markup=False)
    if eff.bootstrap is not None:
        console.print(f"bootstrap: {eff.bootstrap_label()}", markup=False)
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


def _rts(rts: str) -> str:
    r = rts.lower()
    if r not in _RTS:
        raise ValueError(f"--rts '{rts}': choose one of {', '.join(_RTS)}")
    return r


def _columns(text: str, option: str) -> list[str]:
    cols = [c.strip() for c in text.split(",") if c.strip()]
    if not cols:
        raise ValueError(f"{option}: give at least one column")
    return cols


@app.command("what-if")
@_guard
def what_if_command(
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    items: Optional[str] = typer.Option(None, "--items",
                                        help="Comma-separated items, e.g. adp,kh1 (default: the main tasks "
                                             "with their own target group)."),
    quartile: float = typer.Option(0.25, "--quartile", min=0.01, max=0.99,
                                   help="Quantile of FTE per 1,000 person-years that the best-quartile "
                                        "scenario reaches (0.25: the best quarter of the units)."),
    rts: str = typer.Option("vrs", "--rts", help="Returns to scale of the frontier scenario: crs, vrs, drs, "
                                                 "irs, fdh."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m",
                                               help="Unit to highlight: its chart and its lines."),
    data: Optional[str] = _DATA_OPTION,
) -> None:
    """FTE each area would need at the group's mean productivity, at the best quartile's and on the DEA
    frontier of the area (docs/analysis.md, "What-if"); needed − actual < 0 is FTE to spare.

    \b
    Examples:
      jobbench what-if -m Varde -o out/what_if
      jobbench what-if --items adp,kh1 --quartile 0.25 --rts crs -o out/what_if_adp_kh1
    """
    from .. import analysis

    r = _rts(rts)
    chosen = None if items is None else _columns(items, "--items")
    console = _console()
    with _progress("What-if") as step:
        step("reading")
        results = _benchmark(data)
        highlight = results.municipality_name(municipality) if municipality else None
        if chosen is not None:
            unknown = [i for i in chosen if i not in results.items.index]
            if unknown:
                raise ValueError(f"--items: no item '{unknown[0]}' in the benchmark (main tasks: "
                                 f"{', '.join(results.children(results.root))})")
        step("scenarios")
        frame = analysis.what_if(results, items=chosen, quartile=quartile, rts=r)
        figure = analysis.plot_what_if(frame, highlight, language="en")
        paths = _write_outputs(frame.set_index("municipality"), figure, out)
    if highlight is not None:
        own = frame[frame["municipality"] == highlight]
        for item, rows in own.groupby("item", sort=False):
            parts = []
            for _, row in rows.iterrows():
                needed = float(row["fte_needed"])
                parts.append(f"{_SCENARIOS[row['scenario']]} {needed:.1f} ({row['fte_difference']:+.1f})"
                             if np.isfinite(needed) else f"{_SCENARIOS[row['scenario']]} -")
            first = rows.iloc[0]
            console.print(f"{highlight}: {first['label']} ({item}): {first['fte']:.1f} FTE; needed "
                          f"{', '.join(parts)}", markup=False)
    totals = frame.groupby("scenario", sort=False)["fte_difference"].sum()
    console.print("all municipalities, FTE needed − actual: "
                  + ", ".join(f"{_SCENARIOS[s]} {v:+.1f}" for s, v in totals.items()), markup=False)
    for p in paths:
        _info(f"wrote {p}", console)


def _period(path: Path, unit: str, cols: list[str], sep: Optional[str], decimal: Optional[str],
            encoding: Optional[str]) -> pd.DataFrame:
    """One period's inputs and outputs, indexed by unit; errors name the file, the unit and the column."""
    rows = _read_table(path, [unit, *cols], cols, sep, decimal, encoding)
    index = pd.Index(rows[unit].astype(str), name=unit)
    if index.has_duplicates:
        raise ValueError(f"{path}: unit '{index[index.duplicated()][0]}' appears more than once in column "
                         f"'{unit}'")
    frame = pd.DataFrame({c: rows[c].to_numpy(dtype=float) for c in cols}, index=index)
    for c in cols:
        values = frame[c].to_numpy()
        if not np.isfinite(values).all():
            raise ValueError(f"{path}: unit '{index[~np.isfinite(values)][0]}' has no number in column '{c}'")
        if (values < 0).any():
            k = int(np.flatnonzero(values < 0)[0])
            raise ValueError(f"{path}: unit '{index[k]}' has a negative value in column '{c}' ({values[k]:g}); "
                             "DEA needs values >= 0")
    return frame


@app.command("malmquist")
@_guard
def malmquist_command(
    file0: Optional[Path] = typer.Argument(None, help="CSV of the first period, one row per unit (without "
                                           "files: the synthetic efficiency panel)."),
    file1: Optional[Path] = typer.Argument(None, help="CSV of the second period, the same units."),
    out: Path = typer.Option(..., "--out", "-o", help="Output stem: writes OUT.csv, OUT.xlsx, OUT.png."),
    rts: str = typer.Option("crs", "--rts", help="Returns to scale: crs (productivity proper), vrs, drs, irs, "
                                                 "fdh (inf/NaN where a cross-period LP is infeasible)."),
    inputs: str = typer.Option("fte", "--inputs", help="Comma-separated input columns."),
    outputs: str = typer.Option(_PANEL_OUTPUTS, "--outputs", help="Comma-separated output columns."),
    unit: str = typer.Option("municipality", "--unit", help="Column naming the unit in the CSV files."),
    first_year: Optional[int] = typer.Option(None, "--first-year",
                                             help="Without files: the synthetic panel's first year (default "
                                                  f"{_PANEL_YEARS[0]}); with files: the first period's label."),
    last_year: Optional[int] = typer.Option(None, "--last-year",
                                            help="Without files: the second year (default: the first + 1); "
                                                 "with files: the second period's label."),
    seed: int = typer.Option(1, "--seed", help="Seed of the synthetic panel."),
    municipality: Optional[str] = typer.Option(None, "--municipality", "-m", help="Unit to highlight."),
    sep: Optional[str] = _SEP_OPTION,
    decimal: Optional[str] = _DECIMAL_OPTION,
    encoding: Optional[str] = _ENCODING_OPTION,
) -> None:
    """The Malmquist productivity index from one period to the next, input oriented (docs/analysis-dea.md):
    m > 1 is productivity growth, m = ec · tc (ec: catching up with the frontier, tc: the frontier's shift).

    \b
    Examples:
      jobbench malmquist -m Varde -o out/malmquist                 # SYNTHETIC panel, 2021 -> 2022
      jobbench malmquist --first-year 2019 --last-year 2022 --inputs fte_adp,fte_kh,fte_syg,fte_ly_reval -o out/m
      jobbench malmquist y2012.csv y2013.csv --inputs fte --outputs py_adp,py_kh -m Varde -o out/malmquist
    """
    from .. import analysis
    from .._names import find_municipality

    r = _rts(rts)
    ins, outs = _columns(inputs, "--inputs"), _columns(outputs, "--outputs")
    cols = [*ins, *outs]
    twice = [c for k, c in enumerate(cols) if c in cols[:k]]
    if twice:
        raise ValueError(f"--inputs/--outputs: column '{twice[0]}' is given twice")
    if (file0 is None) != (file1 is None):
        raise ValueError("give two CSV files (the first and the second period), or none for the synthetic panel")
    synthetic = file0 is None
    console = _console()
    with _progress("Malmquist") as step:
        step("reading")
        if synthetic:
            from ..register import synthetic_efficiency_panel

            y0 = first_year if first_year is not None else (last_year - 1 if last_year is not None
                                                            else _PANEL_YEARS[0])
            y1 = last_year if last_year is not None else y0 + 1
            if y1 <= y0:
                raise ValueError(f"--last-year ({y1}) must be after --first-year ({y0})")
            if y1 - y0 > 50:
                raise ValueError(f"--first-year {y0} to --last-year {y1}: the synthetic panel spans at most 50 years")
            panel = synthetic_efficiency_panel(y0, y1, seed=seed)
            missing = [c for c in cols if c not in panel.columns]
            if missing:
                option = "--inputs" if missing[0] in ins else "--outputs"
                numeric = [c for c in panel.columns if c.startswith(("fte", "py_", "selv"))]
                raise ValueError(f"{option}: no column '{missing[0]}' in the synthetic panel (inputs and outputs: "
                                 f"{', '.join(numeric)})")
            f0, f1 = (panel[panel["year"] == y].set_index("name")[cols] for y in (y0, y1))
            f0.index.name = f1.index.name = "municipality"
            periods = (str(y0), str(y1))
        else:
            f0 = _period(file0, unit, cols, sep, decimal, encoding)
            f1 = _period(file1, unit, cols, sep, decimal, encoding)
            missing = f0.index.difference(f1.index, sort=False)
            if len(missing):
                raise ValueError(f"{file1}: no row for unit '{missing[0]}' (it is in {file0}); both files need "
                                 "the same units")
            extra = f1.index.difference(f0.index, sort=False)
            if len(extra):
                raise ValueError(f"{file0}: no row for unit '{extra[0]}' (it is in {file1}); both files need "
                                 "the same units")
            f1 = f1.loc[f0.index]
            periods = (str(first_year) if first_year is not None else file0.name,
                       str(last_year) if last_year is not None else file1.name)
        names = [str(u) for u in f0.index]
        highlight = names[find_municipality(names, municipality)] if municipality else None
        step("Malmquist index")
        frame = analysis.malmquist(f0[ins], f0[outs], f1[ins], f1[outs], rts=r)
        title = f"Malmquist index {periods[0]} → {periods[1]} ({r.upper()})"
        if synthetic:
            title += ": SYNTHETIC DATA"
        figure = analysis.plot_malmquist(frame, highlight, language="en", title=title)
        paths = _write_outputs(frame, figure, out)
    if synthetic:
        console.print(f"synthetic data: jobbench.register.synthetic_efficiency_panel({y0}, {y1}, seed={seed}), "
                      "invented figures for the 98 municipalities, not their own", markup=False)
    values = frame.to_numpy(dtype=float)
    ok = np.isfinite(values).all(axis=1) & (values > 0).all(axis=1)
    if ok.any():
        g = np.exp(np.log(values[ok]).mean(axis=0))
        grew = int((frame["m"][ok] > 1).sum())
        console.print(f"{int(ok.sum())} units, {periods[0]} → {periods[1]}: geometric mean m {g[0]:.3f} "
                      f"(ec {g[1]:.3f}, tc {g[2]:.3f}); m > 1 is growth: {grew} grew, {int(ok.sum()) - grew} "
                      "did not", markup=False)
    if not ok.all():
        bad = int((~ok).sum())
        _info(f"note: {bad} unit{'s' if bad > 1 else ''} without a finite m, ec or tc (a cross-period LP infeasible "
              f"under {r.upper()}): left out of the means and the chart", console)
    if highlight is not None:
        row = frame.loc[highlight]
        if np.isfinite(row["m"]):
            change = (f"productivity grew {100 * (row['m'] - 1):.1f} %" if row["m"] > 1 else
                      f"productivity fell {100 * (1 - row['m']):.1f} %" if row["m"] < 1 else "productivity unchanged")
        else:
            change = "no finite index"
        console.print(f"{highlight}: m {row['m']:.3f} (ec {row['ec']:.3f}, tc {row['tc']:.3f}): {change}",
                      markup=False)
    for p in paths:
        _info(f"wrote {p}", console)
