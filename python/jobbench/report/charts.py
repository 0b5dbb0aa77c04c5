"""Report charts (matplotlib, Agg): productivity by municipality, productivity against quality, figure 2.

Each chart is saved as PNG and SVG and returned as inline SVG text for the HTML/PDF. Withheld figures
(disclosure control) are not drawn.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import plotting  # noqa: E402
from .language import Lang  # noqa: E402

__all__ = ["Chart", "figure2", "number_charts", "productivity_bars", "quality_scatter"]

HIGHLIGHT = plotting.HIGHLIGHT
OTHER = plotting.OTHER
BAR = plotting.BAR

_RC = plotting.RC


@dataclass
class Chart:
    """A saved chart: its name, caption, alt text, file paths and inline SVG.

    ``alt`` says in words what the chart shows for the municipality (its value, the mean, its rank):
    the inline SVG carries it as ``role="img"``, ``aria-label`` and ``<title>`` (webtilgængelighedsloven,
    WCAG 1.1.1), the Word report as the picture's description. ``number`` is the figure number in the
    report, given in document order by :func:`number_charts`.
    """

    name: str
    caption: str
    png: Path
    svg: Path
    inline_svg: str
    alt: str = ""
    number: int = 0


def number_charts(charts: Sequence[Chart]) -> None:
    """Figure numbers 1, 2, ... in the order the charts appear in the report."""
    for k, chart in enumerate(charts, start=1):
        chart.number = k


def _rank_text(lang: Lang, values: np.ndarray, shown: np.ndarray, k: int) -> str:
    """"rank 3 of 15 (1 = highest productivity)" among the municipalities shown: fewest FTE first."""
    finite = shown & np.isfinite(values)
    rank = 1 + int(np.sum(values[finite] < values[k]))
    n = int(finite.sum())
    return lang.t(f"nr. {rank} af {n} (1 = højeste produktivitet, færrest årsværk)",
                  f"rank {rank} of {n} (1 = highest productivity, fewest FTE)")


def _formatter(lang: Lang, percent: bool = False) -> FuncFormatter:
    if percent:
        return FuncFormatter(lambda x, _pos: lang.pct(x, 0))
    return FuncFormatter(lambda x, _pos: lang.num(x, 1 if abs(x) < 10 and x != int(x) else 0))


def _accessible(svg: str, alt: str) -> str:
    """The SVG as an image with a text alternative: role, aria-label and a first-child <title>."""
    if not alt:
        return svg
    text = html.escape(alt, quote=True)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{text}"', svg, count=1)
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"<title>{text}</title>", svg, count=1)


def _save(fig: Figure, outdir: Path, name: str, caption: str, alt: str = "") -> Chart:
    outdir.mkdir(parents=True, exist_ok=True)
    png = outdir / f"{name}.png"
    svg = outdir / f"{name}.svg"
    with plt.rc_context(_RC):  # svg.hashsalt / svg.fonttype are read when saving
        fig.savefig(png, dpi=150, metadata={"Software": None})
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)  # a no-op for figures made without pyplot (jobbench.plotting)
    text = buf.getvalue()
    svg.write_text(text, encoding="utf-8")
    text = text[text.find("<svg"):]  # drop the XML prolog and DOCTYPE for inlining
    # matplotlib writes each text as a comment beside its glyph paths: drop them (they hold data strings)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # unique ids per chart so several inline SVGs can share one HTML page
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{name}-{m.group(1)}"', text)
    text = re.sub(r'#([A-Za-z_][\w.-]*)\)', lambda m: f'#{name}-{m.group(1)})', text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{name}-{m.group(1)}"', text)
    text = re.sub(r'(?<!:)\bhref="#([^"]+)"', lambda m: f'href="#{name}-{m.group(1)}"', text)
    return Chart(name=name, caption=caption, png=png, svg=svg, inline_svg=_accessible(text, alt), alt=alt)


def productivity_bars(name: str, outdir: Path, lang: Lang, municipalities: Sequence[str], values: np.ndarray,
                      withheld: np.ndarray, mean: float, chosen: str, title: str, table_id: str = "") -> Chart:
    """Bars of one area's productivity per municipality (sorted, highest productivity first), the mean as a
    line, the chosen municipality highlighted; withheld figures are left out and marked '.'. Drawn by
    :func:`jobbench.plotting.bars_with_mean`, the function behind ``results.plot_productivity``."""
    fig = plotting.bars_with_mean(municipalities, values, mean, highlight=chosen, withheld=withheld,
                                  title=title, ylabel=lang.t("Årsværk pr. 1.000 årspersoner",
                                                             "FTE per 1,000 person-years"),
                                  mean_label=lang.t("Gns. kommuner", "Mean"),
                                  value_fmt=lambda v: lang.num(v), figsize=(7.2, 3.0))
    ref = lang.t(f" (tabel {table_id})", f" (table {table_id})") if table_id else ""
    caption = lang.t(f"{title}: årsværk pr. 1.000 årspersoner pr. kommune{ref}; stiplet linje = gennemsnit.",
                     f"{title}: FTE per 1,000 person-years by municipality{ref}; dashed line = mean.")
    return _save(fig, outdir, name, caption, _bars_alt(lang, municipalities, values, withheld, mean, chosen, title))


def _bars_alt(lang: Lang, municipalities: Sequence[str], values: np.ndarray, withheld: np.ndarray, mean: float,
              chosen: str, title: str) -> str:
    k = list(municipalities).index(chosen)
    shown = ~np.asarray(withheld, dtype=bool)
    M = lang.municipality(chosen)
    head = lang.t(f"Søjlediagram, {title}, årsværk pr. 1.000 årspersoner for {len(municipalities)} kommuner. ",
                  f"Bar chart, {title}, FTE per 1,000 person-years for {len(municipalities)} municipalities. ")
    if not shown[k] or not np.isfinite(values[k]):
        return head + lang.t(f"{M}s tal er skjult (diskretionering); gennemsnit {lang.num(mean)}.",
                             f"{M}'s figure is withheld (disclosure control); mean {lang.num(mean)}.")
    return head + lang.t(f"{M}: {lang.num(values[k])}, gennemsnit {lang.num(mean)}, "
                         f"{_rank_text(lang, values, shown, k)}.",
                         f"{M}: {lang.num(values[k])}, mean {lang.num(mean)}, {_rank_text(lang, values, shown, k)}.")


def quality_scatter(name: str, outdir: Path, lang: Lang, municipalities: Sequence[str], productivity: np.ndarray,
                    withheld: np.ndarray, indicators: list[tuple[str, np.ndarray, bool]], chosen: str,
                    title: str, x_mean: Optional[float] = None, y_means: Optional[Sequence[float]] = None,
                    table_id: str = "") -> Optional[Chart]:
    """Small multiples: productivity (x) against each quality indicator (y), one point per municipality,
    the chosen one marked and labelled, the means as dashed lines; three panels a row, each readable
    (about 8.5 cm wide on the A4 landscape page). Drawn by :func:`jobbench.plotting.scatter_with_means` (``results.plot_quality``)."""
    fig = plotting.scatter_with_means(indicators, productivity, municipalities, highlight=chosen,
                                      withheld=withheld, x_mean=x_mean, y_means=y_means,
                                      xlabel=lang.t("Årsværk pr. 1.000 årspersoner (produktivitet)",
                                                    "FTE per 1,000 person-years (productivity)"),
                                      ncols=3, panel_size=(3.4, 2.6), mean_label=lang.t("Gns. kommuner", "Mean"))
    if fig is None:
        return None
    ref = lang.t(f" (tabel {table_id})", f" (table {table_id})") if table_id else ""
    caption = lang.t(f"{title}: produktivitet og kvalitetsindikatorer{ref}, ét punkt pr. kommune; stiplede "
                     "linjer = gennemsnit.",
                     f"{title}: productivity against the quality indicators{ref}, one point per municipality; "
                     "dashed lines = means.")
    alt = _scatter_alt(lang, municipalities, productivity, withheld, indicators, chosen, title, x_mean, y_means)
    return _save(fig, outdir, name, caption, alt)


def _scatter_alt(lang: Lang, municipalities: Sequence[str], productivity: np.ndarray, withheld: np.ndarray,
                 indicators: list[tuple[str, np.ndarray, bool]], chosen: str, title: str,
                 x_mean: Optional[float], y_means: Optional[Sequence[float]]) -> str:
    k = list(municipalities).index(chosen)
    M = lang.municipality(chosen)
    shown = ~np.asarray(withheld, dtype=bool)
    parts = [lang.t(f"Punktdiagrammer, {title}: produktivitet mod {len(indicators)} kvalitetsindikatorer, "
                    f"ét punkt pr. kommune.", f"Scatter plots, {title}: productivity against {len(indicators)} "
                    "quality indicators, one point per municipality.")]
    if shown[k] and np.isfinite(productivity[k]):
        mean_text = "" if x_mean is None else lang.t(f" (gennemsnit {lang.num(x_mean)})", f" (mean {lang.num(x_mean)})")
        parts.append(lang.t(f"{M}s produktivitet {lang.num(productivity[k])}{mean_text}.",
                            f"{M}'s productivity {lang.num(productivity[k])}{mean_text}."))
    else:
        parts.append(lang.t(f"{M}s tal er skjult (diskretionering).",
                            f"{M}'s figures are withheld (disclosure control)."))
        return " ".join(parts)
    for j, (label, values, percent) in enumerate(indicators):
        fmt = (lambda v: lang.pct(v, 0)) if percent else (lambda v: lang.num(v))
        value = fmt(values[k]) if np.isfinite(values[k]) else "."
        mean_text = "" if y_means is None or not np.isfinite(y_means[j]) else lang.t(
            f", gennemsnit {fmt(y_means[j])}", f", mean {fmt(y_means[j])}")
        parts.append(f"{label}: {value}{mean_text}.")
    return " ".join(parts)


def figure2(name: str, outdir: Path, lang: Lang, shares: Any, chosen: str) -> Optional[Chart]:
    """Each target group's share of the resources against its share of the target group, with the diagonal."""
    if shares is None or len(shares) == 0:
        return None
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(5.2, 4.2))
        fig.subplots_adjust(left=0.14, right=0.97, top=0.97, bottom=0.12)
        x = shares["group_share"].to_numpy(dtype=float)
        y = shares["resource_share"].to_numpy(dtype=float)
        top = float(np.nanmax(np.concatenate([x, y, [0.05]]))) * 1.12
        ax.plot([0, top], [0, top], linestyle="--", color="black", linewidth=1)
        ax.scatter(x, y, color=HIGHLIGHT, s=30, zorder=3)
        for lbl, xi, yi in zip(shares["label"], x, y):
            ax.annotate(str(lbl), (xi, yi), xytext=(4, 3), textcoords="offset points", fontsize=7)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.xaxis.set_major_formatter(_formatter(lang, percent=True))
        ax.yaxis.set_major_formatter(_formatter(lang, percent=True))
        ax.set_xlabel(lang.t("Andel af målgruppen (årspersoner)", "Share of the target group (person-years)"))
        ax.set_ylabel(lang.t("Andel af ressourcerne (årsværk)", "Share of the resources (FTE)"))
        caption = lang.t(f"Ressourcefordelingen af indsatserne i {lang.municipality(chosen)}. Grupper over "
                         "den stiplede linje får en større andel af ressourcerne end deres andel af målgruppen.",
                         f"Distribution of resources in {lang.municipality(chosen)}. Groups above the "
                         "dashed line receive a larger share of the resources than their share of the target group.")
        groups = "; ".join(lang.t(f"{lbl}: {lang.pct(yi, 1)} af ressourcerne, {lang.pct(xi, 1)} af målgruppen",
                                  f"{lbl}: {lang.pct(yi, 1)} of the resources, {lang.pct(xi, 1)} of the target group")
                           for lbl, xi, yi in zip(shares["label"], x, y))
        alt = lang.t(f"Punktdiagram over ressourcefordelingen i {lang.municipality(chosen)}. {groups}.",
                     f"Scatter plot of the distribution of resources in {lang.municipality(chosen)}. {groups}.")
        return _save(fig, outdir, name, caption, alt)
