"""Is a difference real? The report's funnel charts, rank-set charts and their sentences (issue 13).

Quality: a funnel per indicator of an area table (:func:`jobbench.analysis.quality_funnels`); a
municipality is "significantly above / below" only outside the 95 % limits, otherwise "within
normal variation". Productivity: rank confidence sets from the staff-time Monte Carlo
(:func:`jobbench.analysis.productivity_rank_sets`), and a marker beside the 2013 verbal classes
that says whether the Monte Carlo interval of the municipality's figure leaves out the mean.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from .. import plotting
from .language import Lang

__all__ = ["funnel_chart", "funnel_sentence", "rank_chart", "rank_sentence", "verbal_marker"]

# The funnel flags outside the 95 % limits, and the direction they give.
_ABOVE = ("high95", "high998")
_BELOW = ("low95", "low998")


def _flag(fit: Any, municipality: str) -> Optional[str]:
    frame = fit.to_frame()
    if municipality not in frame.index:
        return None
    return str(frame.at[municipality, "flag"])


def funnel_sentence(lang: Lang, funnels: dict[str, Any], municipality: str) -> Optional[str]:
    """One sentence per area: which quality indicators lie outside the 95 % limits of their funnel."""
    above, below, normal = [], [], []
    for qf in funnels.values():
        flag = _flag(qf.fit, municipality)
        if flag is None:
            continue
        name = qf.label[:1].lower() + qf.label[1:]
        (above if flag in _ABOVE else below if flag in _BELOW else normal).append(name)
    if not (above or below or normal):
        return None
    M = lang.municipality(municipality)

    def join(xs: list[str]) -> str:
        return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + lang.t(" og ", " and ") + xs[-1]

    parts = []
    if above:
        parts.append(lang.t(f"signifikant over målet på {join(above)}",
                            f"significantly above the target on {join(above)}"))
    if below:
        parts.append(lang.t(f"signifikant under målet på {join(below)}",
                            f"significantly below the target on {join(below)}"))
    if normal:
        parts.append(lang.t(f"inden for normal variation på {join(normal)}",
                            f"within normal variation on {join(normal)}"))
    head = lang.t(f"Tragtdiagrammerne viser, at {M} ligger ", f"The funnel plots show that {M} is ")
    tail = lang.t(" (95 %-grænser; målet er kommunernes samlede niveau).",
                  " (95 % limits; the target is the municipalities' pooled level).")
    return head + "; ".join(parts) + tail


def funnel_chart(name: str, outdir: Path, lang: Lang, funnels: dict[str, Any], municipality: str,
                 title: str, table_id: str = "") -> Optional[Any]:
    """Small multiples: a funnel per quality indicator, ``municipality`` highlighted."""
    from .charts import _save

    items = list(funnels.values())
    if not items:
        return None
    ncols = min(3, len(items))
    nrows = (len(items) + ncols - 1) // ncols
    with plotting._rc():
        fig = plotting._figure(3.4 * ncols, 2.6 * nrows + 0.5)
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for k, (ax, qf) in enumerate(zip(axes, items)):
            shown = municipality if municipality in qf.fit.to_frame().index else None
            qf.fit.plot(highlight=shown, ax=ax, title=qf.label, labels=_funnel_labels(lang, qf))
            ax.yaxis.set_major_formatter(plotting.number_formatter(percent=qf.share))
            ax.tick_params(labelsize=7)
            legend = ax.get_legend()
            if k > 0 and legend is not None:  # one legend for the figure: the first panel's
                legend.remove()
        for ax in axes[len(items):]:
            ax.set_visible(False)
    ref = lang.t(f" (tabel {table_id})", f" (table {table_id})") if table_id else ""
    caption = lang.t(
        f"{title}{ref}: tragtdiagram pr. kvalitetsindikator, ét punkt pr. kommune mod antallet af "
        "årspersoner; linjerne er 95 %- og 99,8 %-grænser om målet, justeret for overspredning.",
        f"{title}{ref}: a funnel plot per quality indicator, one point per municipality against its "
        "person-years; the lines are 95 % and 99.8 % limits around the target, adjusted for "
        "over-dispersion.")
    alt = funnel_sentence(lang, funnels, municipality) or caption
    return _save(fig, outdir, name, caption, lang.t("Tragtdiagrammer. ", "Funnel plots. ") + alt)


def _funnel_labels(lang: Lang, qf: Any) -> dict[str, str]:
    value = lang.t("Andel", "Share") if qf.share else lang.t("Rate", "Rate")
    x = lang.t("Årspersoner", "Person-years")
    if not qf.share and qf.scale != 1.0:
        k = lang.num(qf.scale, 0)
        x = lang.t(f"Eksponering (årspersoner × {k})", f"Exposure (person-years × {k})")
    return {"x": x, "y": value,
            "target": lang.t("Mål", "Target"), "limit95": lang.t("95 %-grænse", "95 % limit"),
            "limit998": lang.t("99,8 %-grænse", "99.8 % limit")}


def rank_sentence(lang: Lang, sets: pd.DataFrame, municipality: str, label: str) -> Optional[str]:
    """"Varde's rank on X is 6; with 95 % confidence its true rank lies between 4 and 8 of 15"."""
    if municipality not in sets.index:
        return None
    row = sets.loc[municipality]
    n = len(sets)
    M = lang.municipality(municipality)
    lo, rank, hi = int(row["lower"]), int(row["rank"]), int(row["upper"])
    if lo == hi:
        return lang.t(
            f"{M}s rang på {label} er {rank} af {n}, også med 95 % sikkerhed, når usikkerheden i "
            "medarbejdernes tidsfordeling tages med.",
            f"{M}'s rank on {label} is {rank} of {n}, also with 95 % confidence once the "
            "uncertainty of the staff's time shares is included.")
    return lang.t(
        f"{M}s rang på {label} er {rank} af {n}; med 95 % sikkerhed ligger den sande rang mellem "
        f"{lo} og {hi}, når usikkerheden i medarbejdernes tidsfordeling tages med.",
        f"{M}'s rank on {label} is {rank} of {n}; with 95 % confidence the true rank lies between "
        f"{lo} and {hi} once the uncertainty of the staff's time shares is included.")


def rank_chart(name: str, outdir: Path, lang: Lang, sets: pd.DataFrame, municipality: str,
               title: str, table_id: str = "", label: str = "") -> Any:
    """Caterpillar chart of the rank confidence sets, ``municipality`` highlighted."""
    from ..analysis import plot_rank_sets
    from .charts import _save

    with plotting._rc():
        fig = plotting._figure(7.2, 0.22 * len(sets) + 1.2)
        ax = fig.subplots()
        plot_rank_sets(sets, highlight=municipality, ax=ax, title=title,
                       labels="da" if lang.da else "en")
    ref = lang.t(f" (tabel {table_id})", f" (table {table_id})") if table_id else ""
    caption = lang.t(f"{title}{ref}: rang og 95 %-konfidensmængde for rangen pr. kommune (1 = højeste "
                     "produktivitet), fra usikkerheden i tidsfordelingen.",
                     f"{title}{ref}: rank and 95 % confidence set of the rank per municipality (1 = "
                     "highest productivity), from the uncertainty of the time shares.")
    alt = rank_sentence(lang, sets, municipality, label or title) or caption
    return _save(fig, outdir, name, caption, lang.t("Rangdiagram. ", "Rank chart. ") + alt)


def verbal_marker(lang: Lang, intervals: pd.DataFrame, item: str, municipality: str,
                  mean: float) -> str:
    """" (signifikant)" when the Monte Carlo interval of ``item`` for ``municipality`` leaves out
    the mean, " (inden for normal variation)" otherwise; "" without an interval."""
    sel = intervals[(intervals["item"] == item) & (intervals["municipality"] == municipality)]
    if sel.empty or not np.isfinite(mean):
        return ""
    lo, hi = float(sel["lower"].iloc[0]), float(sel["upper"].iloc[0])
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return ""
    if lo > mean or hi < mean:
        return lang.t(" (signifikant)", " (significant)")
    return lang.t(" (inden for normal variation)", " (within normal variation)")


def flags_frame(funnels: dict[str, Any]) -> pd.DataFrame:
    """All funnels of an area as one tidy frame: ``code``, ``label`` and the fit's columns."""
    frames: Sequence[pd.DataFrame] = [
        qf.fit.to_frame().assign(code=qf.code, label=qf.label) for qf in funnels.values()]
    return pd.concat(frames) if frames else pd.DataFrame()
