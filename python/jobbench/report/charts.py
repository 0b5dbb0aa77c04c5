"""Report charts (matplotlib, Agg): productivity by municipality, productivity against quality, figure 2.

Each chart is saved as PNG and SVG and returned as inline SVG text for the HTML/PDF. Withheld figures
(disclosure control) are not drawn.
"""
from __future__ import annotations

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

__all__ = ["Chart", "figure2", "productivity_bars", "quality_scatter"]

HIGHLIGHT = plotting.HIGHLIGHT
OTHER = plotting.OTHER
BAR = plotting.BAR

_RC = plotting.RC


@dataclass
class Chart:
    """A saved chart: its name, caption, file paths and inline SVG."""

    name: str
    caption: str
    png: Path
    svg: Path
    inline_svg: str


def _formatter(lang: Lang, percent: bool = False) -> FuncFormatter:
    if percent:
        return FuncFormatter(lambda x, _pos: lang.pct(x, 0))
    return FuncFormatter(lambda x, _pos: lang.num(x, 1 if abs(x) < 10 and x != int(x) else 0))


def _save(fig: Figure, outdir: Path, name: str, caption: str) -> Chart:
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
    return Chart(name=name, caption=caption, png=png, svg=svg, inline_svg=text)


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
    return _save(fig, outdir, name, caption)


def quality_scatter(name: str, outdir: Path, lang: Lang, municipalities: Sequence[str], productivity: np.ndarray,
                    withheld: np.ndarray, indicators: list[tuple[str, np.ndarray, bool]], chosen: str,
                    title: str, x_mean: Optional[float] = None, y_means: Optional[Sequence[float]] = None,
                    table_id: str = "") -> Optional[Chart]:
    """Small multiples: productivity (x) against each quality indicator (y), one point per municipality,
    the chosen one marked and labelled, the means as dashed lines; three panels a row, each readable
    (about 6 cm wide). Drawn by :func:`jobbench.plotting.scatter_with_means` (``results.plot_quality``)."""
    fig = plotting.scatter_with_means(indicators, productivity, municipalities, highlight=chosen,
                                      withheld=withheld, x_mean=x_mean, y_means=y_means,
                                      xlabel=lang.t("Årsværk pr. 1.000 årspersoner (produktivitet)",
                                                    "FTE per 1,000 person-years (productivity)"),
                                      ncols=3, panel_size=(2.4, 2.1), mean_label=lang.t("Gns. kommuner", "Mean"))
    if fig is None:
        return None
    ref = lang.t(f" (tabel {table_id})", f" (table {table_id})") if table_id else ""
    caption = lang.t(f"{title}: produktivitet og kvalitetsindikatorer{ref}, ét punkt pr. kommune; stiplede "
                     "linjer = gennemsnit.",
                     f"{title}: productivity against the quality indicators{ref}, one point per municipality; "
                     "dashed lines = means.")
    return _save(fig, outdir, name, caption)


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
        caption = lang.t(f"Figur 2: Ressourcefordelingen af indsatserne i {lang.municipality(chosen)}. Grupper over "
                         "den stiplede linje får en større andel af ressourcerne end deres andel af målgruppen.",
                         f"Figure 2: Distribution of resources in {lang.municipality(chosen)}. Groups above the "
                         "dashed line receive a larger share of the resources than their share of the target group.")
        return _save(fig, outdir, name, caption)
