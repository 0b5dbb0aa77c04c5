"""Drawing helpers shared by the plot methods of the results and the report's charts.

Every function returns a matplotlib :class:`~matplotlib.figure.Figure` built with the object API
(``matplotlib.figure.Figure``, not ``pyplot``): nothing is shown, nothing global is changed, it works on
any backend (Agg included) and draws inline when it is the last value of a Jupyter cell. matplotlib is
imported when a function is called, not when jobbench is imported.

Conventions: the highlighted municipality is drawn in :data:`HIGHLIGHT` (bar, point or interval, and
its tick label bold), the group mean is a dashed black line labelled "Gns. …" (artists carry the
``gid`` ``"mean"`` and ``"highlight"`` so tests and callers can find them).
"""
from __future__ import annotations

import textwrap
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .formatting import fmt_number, fmt_percent

__all__ = ["BAR", "HIGHLIGHT", "OTHER", "RC", "bars_with_mean", "expected_chart", "frontier_chart", "frontier_line",
           "interval_plot", "malmquist_chart", "scatter_with_means", "waterfall", "what_if_chart"]

HIGHLIGHT = "#c0392b"
OTHER = "#7f8c8d"
BAR = "#9db4c0"
POSITIVE = "#c0392b"  # more FTE than the mean (lower productivity)
NEGATIVE = "#2e86c1"  # fewer FTE than the mean

#: rc settings of every figure (deterministic SVG, a font with Danish letters, no top/right spines)
RC = {"svg.hashsalt": "jobbench", "svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 8,
      "axes.spines.top": False, "axes.spines.right": False}


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _rc() -> Any:
    import matplotlib

    return matplotlib.rc_context(RC)


def number_formatter(percent: bool = False, fmt: Optional[Callable[[float], str]] = None) -> Any:
    """A tick formatter printing Danish numbers ("1,5", "12 %")."""
    from matplotlib.ticker import FuncFormatter

    if fmt is not None:
        return FuncFormatter(lambda x, _pos: fmt(x))
    if percent:
        return FuncFormatter(lambda x, _pos: fmt_percent(x, 0))
    return FuncFormatter(lambda x, _pos: fmt_number(x, 1 if abs(x) < 10 and x != int(x) else 0))


def _mean_line(ax: Any, mean: float, label: str, axis: str = "y") -> None:
    if not np.isfinite(mean):
        return
    if axis == "y":
        line = ax.axhline(mean, color="black", linestyle="--", linewidth=1, label=label, zorder=4)
    else:
        line = ax.axvline(mean, color="black", linestyle="--", linewidth=1, label=label, zorder=4)
    line.set_gid("mean")


def bars_with_mean(names: Sequence[str], values: Sequence[float], mean: float, *, highlight: Optional[str] = None,
                   withheld: Optional[Sequence[bool]] = None, title: str = "", ylabel: str = "",
                   mean_label: str = "Gns.", sort: bool = True, percent: bool = False,
                   value_fmt: Optional[Callable[[float], str]] = None,
                   figsize: tuple[float, float] = (7.2, 3.0)) -> Any:
    """Bars of one value per municipality (sorted ascending: the most productive first), the mean as a
    dashed line, ``highlight`` in red; withheld or missing values are not drawn but marked "."."""
    names = [str(n) for n in names]
    vals = np.asarray(values, dtype=float)
    held = np.zeros(len(names), dtype=bool) if withheld is None else np.asarray(withheld, dtype=bool)
    fmt = value_fmt or (lambda v: fmt_percent(v) if percent else fmt_number(v))
    order = list(range(len(names)))
    if sort:
        order.sort(key=lambda k: (bool(held[k]) or not np.isfinite(vals[k]), vals[k] if np.isfinite(vals[k]) else 0.0))
    with _rc():
        fig = _figure(*figsize)
        ax = fig.add_subplot()
        xs = np.arange(len(order))
        for x, k in zip(xs, order):
            if held[k] or not np.isfinite(vals[k]):
                ax.text(x, 0, ".", ha="center", va="bottom", fontsize=12)
                continue
            hl = names[k] == highlight
            bar = ax.bar(x, vals[k], color=HIGHLIGHT if hl else BAR, width=0.7)
            if hl:
                bar.patches[0].set_gid("highlight")
                ax.annotate(fmt(vals[k]), (x, vals[k]), xytext=(0, 2), textcoords="offset points", ha="center",
                            va="bottom", fontsize=7, color=HIGHLIGHT)
        _mean_line(ax, mean, f"{mean_label} {fmt(mean)}")
        ax.set_xticks(xs, [names[k] for k in order], rotation=45, ha="right")
        for tick, k in zip(ax.get_xticklabels(), order):
            if names[k] == highlight:
                tick.set_fontweight("bold")
                tick.set_color(HIGHLIGHT)
        ax.yaxis.set_major_formatter(number_formatter(percent))
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title, fontsize=9, loc="left")
        if np.isfinite(mean):
            ax.legend(loc="upper left", frameon=False, fontsize=7)
    return fig


def waterfall(labels: Sequence[str], effects: Sequence[float], *, start: float, end: float,
              start_label: str = "Gns.", end_label: str = "", title: str = "", ylabel: str = "",
              figsize: tuple[float, float] = (7.2, 3.4)) -> Any:
    """A waterfall from ``start`` (the mean) through one step per effect to ``end`` (the municipality's
    value): steps up (more FTE than the mean) in red, down in blue, the totals as grey bars; the mean is also
    drawn as a dashed line across."""
    eff = np.nan_to_num(np.asarray(effects, dtype=float))
    with _rc():
        fig = _figure(*figsize)
        ax = fig.add_subplot()
        xs = np.arange(len(eff) + 2)
        ax.bar(xs[0], start, color=BAR, width=0.7, gid="start")
        level = float(start)
        for k, e in enumerate(eff, start=1):
            ax.bar(xs[k], e, bottom=level, color=POSITIVE if e > 0 else NEGATIVE, width=0.7, gid="step")
            ax.annotate(("+" if e > 0 else "") + fmt_number(e, 2), (xs[k], level + max(e, 0.0)), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=6.5)
            ax.plot([xs[k] - 0.35 - 0.3, xs[k] + 0.35], [level, level], color="grey", linewidth=0.6)
            level += e
        levels = np.concatenate([[start], start + np.cumsum(eff), [end]])
        levels = levels[np.isfinite(levels)]
        if levels.size and levels.min() > 0:  # zoom in on the steps: the totals' bars are cut (axis note)
            lo, hi = float(levels.min()), float(levels.max())
            span = max(hi - lo, 1e-9)
            ax.set_ylim(max(0.0, lo - 1.5 * span), hi + 0.5 * span)
        end_bar = ax.bar(xs[-1], end, color=HIGHLIGHT, width=0.7)
        end_bar.patches[0].set_gid("highlight")
        _mean_line(ax, start, f"{start_label} {fmt_number(start)}")
        ax.set_xticks(xs, [start_label, *[str(s) for s in labels], end_label or "I alt"], rotation=45, ha="right")
        ax.axhline(0, color="black", linewidth=0.5)
        ax.yaxis.set_major_formatter(number_formatter())
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title, fontsize=9, loc="left")
        ax.legend(loc="upper right", frameon=False, fontsize=7)
    return fig


def scatter_with_means(panels: Sequence[tuple[str, Sequence[float], bool]], x: Sequence[float],
                       names: Sequence[str], *, highlight: Optional[str] = None,
                       withheld: Optional[Sequence[bool]] = None, x_mean: Optional[float] = None,
                       y_means: Optional[Sequence[float]] = None, xlabel: str = "", title: str = "",
                       ncols: int = 3, panel_size: tuple[float, float] = (2.4, 2.1),
                       mean_label: str = "Gns.") -> Any:
    """Small multiples of ``x`` (productivity) against each panel's values (a quality indicator), one point
    per municipality, ``highlight`` marked and labelled, the means of x and y as dashed lines.

    ``panels`` holds ``(label, values, percent)``; panels without any value are left out. ``x_mean`` and
    ``y_means`` default to the simple means of the drawn points. Returns None when no panel has data."""
    names = [str(n) for n in names]
    xv = np.asarray(x, dtype=float)
    held = np.zeros(len(names), dtype=bool) if withheld is None else np.asarray(withheld, dtype=bool)
    keep = [(k, p) for k, p in enumerate(panels) if np.isfinite(np.asarray(p[1], dtype=float)).any()]
    if not keep:
        return None
    ncols = max(1, min(ncols, len(keep)))
    nrows = (len(keep) + ncols - 1) // ncols
    with _rc():
        fig = _figure(panel_size[0] * ncols, panel_size[1] * nrows + 0.5)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        j = names.index(highlight) if highlight in names else None
        ok = ~held & np.isfinite(xv)
        for ax, (k, (label, values, pct)) in zip(axes, keep):
            yv = np.asarray(values, dtype=float)
            sel = ok & np.isfinite(yv)
            ax.scatter(xv[sel], yv[sel], s=16, color=OTHER, zorder=2)
            xm = float(x_mean) if x_mean is not None else (float(np.mean(xv[sel])) if sel.any() else np.nan)
            ym = float(y_means[k]) if y_means is not None else (float(np.mean(yv[sel])) if sel.any() else np.nan)
            _mean_line(ax, xm, mean_label, axis="x")
            _mean_line(ax, ym, mean_label, axis="y")
            if j is not None and sel[j]:
                pt = ax.scatter([xv[j]], [yv[j]], s=44, color=HIGHLIGHT, zorder=3)
                pt.set_gid("highlight")
                ax.annotate(names[j], (xv[j], yv[j]), xytext=(4, 3), textcoords="offset points", fontsize=7,
                            color=HIGHLIGHT)
            ax.set_title(textwrap.fill(str(label), 30), fontsize=8)
            ax.yaxis.set_major_formatter(number_formatter(percent=bool(pct)))
            ax.xaxis.set_major_formatter(number_formatter())
            ax.tick_params(labelsize=7)
        for ax in axes[len(keep):]:
            ax.set_visible(False)
        if xlabel:
            fig.supxlabel(xlabel, fontsize=8)
        if title:
            fig.suptitle(title, fontsize=9, x=0.01, ha="left")
    return fig


def interval_plot(names: Sequence[str], point: Sequence[float], lower: Sequence[float], upper: Sequence[float],
                  *, mean: float, highlight: Optional[str] = None, title: str = "", xlabel: str = "",
                  mean_label: str = "Gns.", level_label: str = "",
                  figsize: Optional[tuple[float, float]] = None) -> Any:
    """One horizontal interval per municipality (sorted by the point value), the point as a dot, the mean
    as a dashed vertical line, ``highlight`` in red."""
    names = [str(n) for n in names]
    p = np.asarray(point, dtype=float)
    lo = np.asarray(lower, dtype=float)
    hi = np.asarray(upper, dtype=float)
    order = sorted(range(len(names)), key=lambda k: (not np.isfinite(p[k]), p[k] if np.isfinite(p[k]) else 0.0))
    with _rc():
        fig = _figure(*(figsize or (6.4, 0.28 * len(names) + 1.2)))
        ax = fig.add_subplot()
        ys = np.arange(len(order))[::-1]
        for y, k in zip(ys, order):
            hl = names[k] == highlight
            color = HIGHLIGHT if hl else OTHER
            line = ax.hlines(y, lo[k], hi[k], color=color, linewidth=2.2 if hl else 1.5)
            dot = ax.scatter([p[k]], [y], color=color, s=22, zorder=3)
            if hl:
                line.set_gid("highlight")
                dot.set_gid("highlight")
        _mean_line(ax, mean, f"{mean_label} {fmt_number(mean)}", axis="x")
        ax.set_yticks(ys, [names[k] for k in order])
        for tick, k in zip(ax.get_yticklabels(), order):
            if names[k] == highlight:
                tick.set_fontweight("bold")
                tick.set_color(HIGHLIGHT)
        ax.xaxis.set_major_formatter(number_formatter())
        if xlabel:
            ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title + (f" ({level_label})" if level_label else ""), fontsize=9, loc="left")
        ax.legend(loc="lower right", frameon=False, fontsize=7)
    return fig


def frontier_line(x: Sequence[float], y: Sequence[float], rts: str = "vrs") -> tuple[np.ndarray, np.ndarray]:
    """The DEA frontier of one input ``x`` and one output ``y`` as a polyline (xs, ys): under VRS the
    upper-left concave hull from the smallest input up to the largest output, with free disposal below
    and to the right; under CRS the ray from the origin through the highest output per input."""
    xv, yv = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(xv) & np.isfinite(yv)
    xv, yv = xv[ok], yv[ok]
    if xv.size == 0:
        return np.array([]), np.array([])
    right = float(xv.max()) * 1.05
    if str(rts).lower() == "crs":
        slope = float(np.max(yv / np.where(xv > 0, xv, np.nan)))
        return np.array([0.0, right]), np.array([0.0, slope * right])
    # start: the smallest input (highest output among ties); end: the largest output (smallest input)
    start = min(range(xv.size), key=lambda k: (xv[k], -yv[k]))
    end = min(range(xv.size), key=lambda k: (-yv[k], xv[k]))
    pts = sorted({(float(xv[k]), float(yv[k])) for k in range(xv.size)
                  if xv[start] <= xv[k] <= xv[end] and yv[k] >= yv[start]})
    hull: list[tuple[float, float]] = []
    for p in pts:  # upper hull (monotone chain), keeping it concave
        while len(hull) >= 2 and ((hull[-1][0] - hull[-2][0]) * (p[1] - hull[-2][1])
                                  - (hull[-1][1] - hull[-2][1]) * (p[0] - hull[-2][0])) >= 0:
            hull.pop()
        hull.append(p)
    xs = [hull[0][0]] + [h[0] for h in hull] + [right]
    ys = [0.0] + [h[1] for h in hull] + [hull[-1][1]]
    return np.asarray(xs), np.asarray(ys)


def frontier_chart(x: Any, y: Any, *, highlight: Optional[str] = None, rts: str = "vrs",
                   xlabel: str = "Årsværk i alt", ylabel: str = "Årspersoner i målgrupperne",
                   frontier_label: str = "Fronten (bedste praksis)", title: str = "",
                   figsize: tuple[float, float] = (6.0, 4.0)) -> Any:
    """One point per unit (``x``, ``y``: Series indexed by unit), the units on the one-input,
    one-output DEA frontier (``rts``) as a line through them, ``highlight`` marked and labelled."""
    import pandas as pd

    xs, ys = pd.Series(x, dtype=float), pd.Series(y, dtype=float)
    names = [str(n) for n in xs.index]
    fx, fy = frontier_line(xs.to_numpy(), ys.to_numpy(), rts)
    with _rc():
        fig = _figure(*figsize)
        ax = fig.subplots()
        ax.scatter(xs, ys, s=18, color=OTHER, zorder=2)
        line = ax.plot(fx, fy, color="black", linewidth=1.2, label=frontier_label, zorder=1)[0]
        line.set_gid("frontier")
        for n, xv, yv in zip(names, xs, ys):
            if n != highlight:
                ax.annotate(n, (xv, yv), xytext=(3, 2), textcoords="offset points", fontsize=6, color=OTHER)
        if highlight in names:
            k = names.index(highlight)
            pt = ax.scatter([xs.iloc[k]], [ys.iloc[k]], s=44, color=HIGHLIGHT, zorder=3)
            pt.set_gid("highlight")
            ax.annotate(names[k], (xs.iloc[k], ys.iloc[k]), xytext=(4, 3), textcoords="offset points",
                        fontsize=8, color=HIGHLIGHT, fontweight="bold")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_formatter(number_formatter())
        ax.yaxis.set_major_formatter(number_formatter())
        ax.legend(loc="lower right", frameon=False)
        if title:
            ax.set_title(title, loc="left")
    return fig


def expected_chart(frame: Any, *, highlight: Optional[str] = None, percent: bool = False,
                   xlabel: str = "Forventet ud fra rammevilkår", ylabel: str = "Faktisk",
                   diagonal_label: str = "Faktisk = forventet", title: str = "",
                   figsize: tuple[float, float] = (6.0, 4.2)) -> Any:
    """Actual (y) against expected (x) per unit, from :func:`jobbench.analysis.expected`'s frame: the
    prediction interval as a vertical bar at each unit's expectation, the diagonal actual = expected,
    ``highlight`` marked. A point above its bar is "over", below "under" what its conditions explain."""
    e = frame["expected"].to_numpy(dtype=float)
    a = frame["actual"].to_numpy(dtype=float)
    lo, hi = frame["lower"].to_numpy(dtype=float), frame["upper"].to_numpy(dtype=float)
    names = [str(n) for n in frame.index]
    with _rc():
        fig = _figure(*figsize)
        ax = fig.subplots()
        ax.vlines(e, lo, hi, color=BAR, linewidth=3, zorder=1)
        ax.scatter(e, a, s=18, color=OTHER, zorder=2)
        span = np.concatenate([e, a, lo, hi])
        span = span[np.isfinite(span)]
        if span.size:
            line = ax.plot([span.min(), span.max()], [span.min(), span.max()], color="black", linestyle="--",
                           linewidth=1, label=diagonal_label, zorder=0)[0]
            line.set_gid("diagonal")
        if highlight in names:
            k = names.index(highlight)
            ax.vlines([e[k]], [lo[k]], [hi[k]], color=HIGHLIGHT, linewidth=3, alpha=0.4, zorder=1)
            pt = ax.scatter([e[k]], [a[k]], s=44, color=HIGHLIGHT, zorder=3)
            pt.set_gid("highlight")
            ax.annotate(names[k], (e[k], a[k]), xytext=(4, 3), textcoords="offset points", fontsize=8,
                        color=HIGHLIGHT, fontweight="bold")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_formatter(number_formatter(percent=percent))
        ax.yaxis.set_major_formatter(number_formatter(percent=percent))
        ax.legend(loc="upper left", frameon=False)
        if title:
            ax.set_title(title, loc="left")
    return fig


#: what-if scenarios in the order drawn, their default (Danish) labels and colours
WHAT_IF_SCENARIOS = {"group_mean": "Gns. kommuner", "best_quartile": "Bedste kvartil", "frontier": "Fronten"}
_SCENARIO_COLOURS = {"group_mean": BAR, "best_quartile": "#5d8aa8", "frontier": "#2c3e50"}


def what_if_chart(frame: Any, highlight: Optional[str] = None, *,
                  scenario_labels: Optional[dict] = None, actual_label: str = "Årsværk i dag",
                  xlabel: str = "Årsværk",
                  difference_label: str = "Årsværk i alt for alle kommuner: behov − faktisk", title: str = "",
                  figsize: Optional[tuple[float, float]] = None) -> Any:
    """Horizontal grouped bars from :func:`jobbench.analysis.what_if`'s tidy frame, one group per item.

    With ``highlight`` (a municipality of the frame): its actual FTE (in :data:`HIGHLIGHT`, gid
    ``"highlight"``) beside the FTE it would need in each scenario, the values written at the bars.
    Without: the group's total FTE difference (needed − actual, summed over the municipalities with a
    figure) per item and scenario, with a line at 0 (left of it: FTE to spare)."""
    labels = {**WHAT_IF_SCENARIOS, **(scenario_labels or {})}
    present = set(frame["scenario"].astype(str))
    scenarios = [s for s in WHAT_IF_SCENARIOS if s in present]
    items = list(dict.fromkeys(frame["item"].astype(str)))
    item_labels = {str(i): str(lbl) for i, lbl in zip(frame["item"], frame["label"])}
    own = None
    if highlight is not None:
        sel = frame[frame["municipality"].astype(str) == str(highlight)]
        own = sel if len(sel) else None
    series: list[tuple[str, str, Any, str]] = []  # (key, legend label, values per item, colour)
    if own is not None:
        fte = {str(i): float(v) for i, v in zip(own["item"], own["fte"])}
        series.append(("actual", actual_label, np.array([fte.get(i, np.nan) for i in items]), HIGHLIGHT))
        for s in scenarios:
            rows = own[own["scenario"].astype(str) == s]
            needed = {str(i): float(v) for i, v in zip(rows["item"], rows["fte_needed"])}
            series.append((s, labels[s], np.array([needed.get(i, np.nan) for i in items]), _SCENARIO_COLOURS[s]))
    else:
        totals = frame.groupby([frame["item"].astype(str), frame["scenario"].astype(str)],
                               sort=False)["fte_difference"].sum(min_count=1)
        for s in scenarios:
            values = np.array([totals.get((i, s), np.nan) for i in items], dtype=float)
            series.append((s, labels[s], values, _SCENARIO_COLOURS[s]))
    n = max(1, len(series))
    height = 0.8 / n
    with _rc():
        fig = _figure(*(figsize or (6.4, 0.2 * n * len(items) + 0.3 * len(items) + 1.2)))
        ax = fig.add_subplot()
        ys = np.arange(len(items))[::-1].astype(float)
        for k, (key, label, values, colour) in enumerate(series):
            offset = (k - (n - 1) / 2) * height
            finite = np.isfinite(values)
            bars = ax.barh(ys[finite] - offset, values[finite], height=height * 0.95, color=colour, label=label)
            for bar in bars.patches:
                bar.set_gid("highlight" if key == "actual" else f"scenario:{key}")
            if own is not None:
                for y, v in zip(ys[finite] - offset, values[finite]):
                    ax.annotate(fmt_number(v, 1), (v, y), xytext=(2, 0), textcoords="offset points", va="center",
                                fontsize=6, color=HIGHLIGHT if key == "actual" else "black")
        if own is None:
            ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(ys, [textwrap.fill(item_labels.get(i, i), 28) for i in items])
        ax.xaxis.set_major_formatter(number_formatter())
        ax.set_xlabel(xlabel if own is not None else difference_label)
        ax.legend(loc="best", frameon=False, fontsize=7)
        if title:
            ax.set_title(title, fontsize=9, loc="left")
    return fig


def malmquist_chart(frame: Any, highlight: Optional[str] = None, *, xlabel: str = "Effektivitetsændring (ec)",
                    ylabel: str = "Teknologisk ændring (tc)",
                    m_label: str = "m = ec · tc = 1 (uændret produktivitet)", growth_label: str = "vækst (m > 1)",
                    decline_label: str = "fald (m < 1)", title: str = "",
                    figsize: tuple[float, float] = (6.0, 4.2)) -> Any:
    """Efficiency change (x) against technical change (y) per unit, from the frame of
    :func:`jobbench.analysis.malmquist`: one point per unit with finite, positive ``ec`` and ``tc``, the
    lines ec = 1 and tc = 1, and the curve m = ec · tc = 1 (gid ``"m1"``): units above it grew in
    productivity, below it declined. ``highlight`` is marked and labelled."""
    ec = frame["ec"].to_numpy(dtype=float)
    tc = frame["tc"].to_numpy(dtype=float)
    names = [str(n) for n in frame.index]
    ok = np.isfinite(ec) & np.isfinite(tc) & (ec > 0) & (tc > 0)
    with _rc():
        fig = _figure(*figsize)
        ax = fig.subplots()
        ax.scatter(ec[ok], tc[ok], s=18, color=OTHER, zorder=2)
        lo_x = min(float(ec[ok].min()) if ok.any() else 1.0, 1.0)
        hi_x = max(float(ec[ok].max()) if ok.any() else 1.0, 1.0)
        lo_y = min(float(tc[ok].min()) if ok.any() else 1.0, 1.0)
        hi_y = max(float(tc[ok].max()) if ok.any() else 1.0, 1.0)
        pad_x, pad_y = 0.08 * max(hi_x - lo_x, 0.05), 0.08 * max(hi_y - lo_y, 0.05)
        xlim = (max(lo_x - pad_x, 1e-3), hi_x + pad_x)
        ylim = (max(lo_y - pad_y, 1e-3), hi_y + pad_y)
        ax.axvline(1.0, color="grey", linewidth=0.6, zorder=0)
        ax.axhline(1.0, color="grey", linewidth=0.6, zorder=0)
        xs = np.linspace(xlim[0], xlim[1], 200)
        line = ax.plot(xs, 1.0 / xs, color="black", linestyle="--", linewidth=1, label=m_label, zorder=1)[0]
        line.set_gid("m1")
        ax.text(0.98, 0.97, growth_label, transform=ax.transAxes, ha="right", va="top", fontsize=7, color="grey")
        ax.text(0.02, 0.03, decline_label, transform=ax.transAxes, ha="left", va="bottom", fontsize=7,
                color="grey")
        if highlight in names:
            k = names.index(highlight)
            if ok[k]:
                pt = ax.scatter([ec[k]], [tc[k]], s=44, color=HIGHLIGHT, zorder=3)
                pt.set_gid("highlight")
                ax.annotate(names[k], (ec[k], tc[k]), xytext=(4, 3), textcoords="offset points", fontsize=8,
                            color=HIGHLIGHT, fontweight="bold")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.xaxis.set_major_formatter(number_formatter(fmt=lambda v: fmt_number(v, 2)))
        ax.yaxis.set_major_formatter(number_formatter(fmt=lambda v: fmt_number(v, 2)))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", frameon=False, fontsize=7)
        if title:
            ax.set_title(title, loc="left", fontsize=9)
    return fig
