"""The report's quarterly quality section: today's indicators by quarter, beside the group mean.

Reads the long frame of :func:`jobbench.register.measures` (one row per period x municipality x
group x measure; ``municipality`` holds the benchmark's names) for the quarters it holds. For each
indicator of ``QUARTERLY_INDICATORS`` the section has a subsection with a sentence or two generated
from the numbers, a table (the municipality, the simple mean of the benchmark's municipalities
"Gns. kommuner", the difference to it and the change from the same quarter a year earlier) and a
line chart of the municipality against the mean over the quarters, the other municipalities thin
and grey.

The contact-free share (``passive``, runs of 13 weeks inside the period) is left out: an ISO
quarter has 12 to 14 weeks, so in a 12-week quarter it is 0 by definition and the series would
mislead.

Disclosure control as in the rest of the report: a municipality's figure of a quarter is withheld
(".", not drawn) when it rests on fewer than ``threshold`` persons or spells: the indicator's
denominator when that is a count of persons or spells, else the group's persons in the quarter.
Means are not withheld.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import pandas as pd

from ..productivity.results import MEAN_COLUMN
from .assemble import Cell, ReportRow, ReportTable, Section
from .charts import Chart
from .language import SUPPRESSED, Lang

__all__ = ["QUARTERLY_INDICATORS", "QuarterlyIndicator", "quarterly_sections"]


@dataclass(frozen=True)
class QuarterlyIndicator:
    """One indicator of the quarterly section: a measure of the long frame in one group."""

    measure: str
    group: str
    da: str
    en: str
    basis: str  # "denominator" (a count of persons or spells) or "persons" (the group's persons)
    definition_da: str
    definition_en: str
    higher_is_better: bool = True


QUARTERLY_INDICATORS: tuple[QuarterlyIndicator, ...] = (
    QuarterlyIndicator(
        "activated:any", "alle", "Andel aktiveringsberørte", "Share touched by activation",
        "denominator",
        "Andelen af personerne i målgrupperne i kvartalet, der har været i mindst ét tilbud i "
        "kvartalet (alle tilbudstyper).",
        "The share of the persons in the target groups in the quarter who were in at least one "
        "offer in the quarter (any offer type)."),
    QuarterlyIndicator(
        "wage_hours_persons", "alle", "Andel med ordinære løntimer",
        "Share with ordinary wage hours",
        "denominator",
        "Andelen af personerne i målgrupperne, der har haft ordinære løntimer i kvartalet.",
        "The share of the persons in the target groups with ordinary wage hours in the quarter."),
    QuarterlyIndicator(
        "status:job", "alle", "Status efter forløb: beskæftigelse", "Status after a spell: job",
        "denominator",
        "Andelen af de forløb, der slutter i kvartalet, hvor personen fire uger efter er i "
        "lønmodtagerbeskæftigelse (selvforsørgende).",
        "The share of the spells ending in the quarter after which the person is in employment "
        "(self-supporting) four weeks later."),
    QuarterlyIndicator(
        "status:education", "alle", "Status efter forløb: uddannelse",
        "Status after a spell: education", "denominator",
        "Andelen af de forløb, der slutter i kvartalet, hvor personen fire uger efter er i "
        "uddannelse (selvforsørgende).",
        "The share of the spells ending in the quarter after which the person is in education "
        "(self-supporting) four weeks later."),
    QuarterlyIndicator(
        "jr", "alle", "Job- og uddannelsesrate", "Job and education rate", "persons",
        "Fuldtidsuger i målgrupperne efterfulgt af selvforsørgelse inden for 13 uger, som andel af "
        "fuldtidsugerne (jobraten fra 2013, opgjort pr. kvartal).",
        "Full-time weeks in the target groups followed by self-support within 13 weeks, as a share "
        "of the full-time weeks (the 2013 job rate, by quarter)."),
    QuarterlyIndicator(
        "timely_first", "kh_aktivitetsparat",
        "Rettidig første samtale (kontanthjælp, aktivitetsparate)",
        "Timely first conversation (cash benefit, activity-ready)", "denominator",
        "Andelen af de nye forløb for aktivitetsparate kontanthjælpsmodtagere i kvartalet med en "
        "samtale i forløbets første to uger (første samtale inden for én uge).",
        "The share of new spells of activity-ready cash-benefit recipients in the quarter with a "
        "first conversation within one week."),
    QuarterlyIndicator(
        "timely_window", "kh_aktivitetsparat",
        "Mindst fire samtaler på 26 uger (kontanthjælp, aktivitetsparate)",
        "At least four conversations in 26 weeks (cash benefit, activity-ready)", "denominator",
        "Blandt de nye forløb for aktivitetsparate kontanthjælpsmodtagere i kvartalet, der varer "
        "mindst 26 uger: andelen med mindst fire samtaler inden for de første 26 uger.",
        "Among the new spells of activity-ready cash-benefit recipients in the quarter that last "
        "at least 26 weeks: the share with at least four conversations in their first 26 weeks."),
)


@dataclass
class _Series:
    """One indicator by quarter: values and withheld flags (quarters x municipalities), the mean."""

    quarters: list[str]
    values: pd.DataFrame
    withheld: pd.DataFrame
    mean: pd.Series


def _quarters(measures: pd.DataFrame) -> list[str]:
    """The quarter labels of the frame ("2021Q3"), in time order."""
    labels = measures[["period", "first"]].drop_duplicates().sort_values("first")
    return [str(p) for p in labels["period"] if "Q" in str(p)]


def _series(measures: pd.DataFrame, ind: QuarterlyIndicator, municipalities: Sequence[str],
            threshold: float) -> _Series:
    quarters = _quarters(measures)
    rows = measures[(measures["group"] == ind.group) & measures["period"].isin(quarters)]

    def grid(measure: str, column: str) -> pd.DataFrame:
        sel = rows[rows["measure"] == measure]
        table = sel.pivot_table(index="period", columns="municipality", values=column,
                                aggfunc="first", dropna=False)
        return table.reindex(index=quarters, columns=list(municipalities)).astype(float)

    values = grid(ind.measure, "value")
    basis = grid(ind.measure, "denominator") if ind.basis == "denominator" \
        else grid("persons", "value")
    withheld = (basis.fillna(0.0) < threshold) if threshold > 0 else basis.isna() & False
    return _Series(quarters, values, withheld, values.mean(axis=1, skipna=True))


def _quarter(lang: Lang, label: str) -> str:
    """"2021Q3" -> "2021K3" (Danish) / "2021Q3"."""
    return label.replace("Q", "K") if lang.da else label


def _year_before(quarters: list[str], q: str) -> Optional[str]:
    before = f"{int(q[:4]) - 1}{q[4:]}"
    return before if before in quarters else None


def _points(lang: Lang, x: float) -> str:
    return lang.num(x * 100.0, 1)


def _table(lang: Lang, ind: QuarterlyIndicator, s: _Series, municipality: str,
           table_id: str) -> ReportTable:
    columns = [municipality, MEAN_COLUMN, lang.t("Forskel til gns. (procentpoint)",
                                                 "Difference to mean (points)"),
               lang.t("Ændring fra samme kvartal året før (procentpoint)",
                      "Change from the same quarter a year before (points)")]
    rows = []
    for q in s.quarters:
        v, held = float(s.values.at[q, municipality]), bool(s.withheld.at[q, municipality])
        mean = float(s.mean[q])
        before = _year_before(s.quarters, q)
        change_held = held or (before is not None and bool(s.withheld.at[before, municipality]))
        change = float(v - s.values.at[before, municipality]) if before else np.nan
        cells = [_cell(lang, v, "percent", held), _cell(lang, mean, "percent", False),
                 _cell(lang, (v - mean) * 100.0, "decimal", held),
                 _cell(lang, change * 100.0, "decimal", change_held)]
        rows.append(ReportRow(label=_quarter(lang, q), bold=False, heading=False, indent=False,
                              cells=cells, code=q, text=_quarter(lang, q)))
    title = lang.t(f"{ind.da} pr. kvartal", f"{ind.en} by quarter")
    return ReportTable(id=table_id, title=title, columns=columns, rows=rows, highlight=0)


def _cell(lang: Lang, value: float, fmt: str, withheld: bool) -> Cell:
    if withheld:
        return Cell(SUPPRESSED, np.nan, fmt, withheld=True)
    if not np.isfinite(value):
        return Cell("", np.nan, fmt)
    text = lang.pct(value) if fmt == "percent" else lang.num(value, 1)
    return Cell(text, float(value), fmt)


def _paragraph(lang: Lang, ind: QuarterlyIndicator, s: _Series, municipality: str,
               threshold: float) -> str:
    """Generated text: the last quarter against the mean, quarters above it, the year's change."""
    M = lang.municipality(municipality)
    label = lang.t(ind.da, ind.en)
    last = s.quarters[-1]
    v, mean = float(s.values.at[last, municipality]), float(s.mean[last])
    if bool(s.withheld.at[last, municipality]) or not np.isfinite(v):
        return lang.t(
            f"{label}: {M}s tal for {_quarter(lang, last)} bygger på færre end {threshold:g} "
            f"personer eller forløb og vises ikke; gennemsnittet af kommunerne er "
            f"{lang.pct(mean)}.",
            f"{label}: {M}'s figure for {last} rests on fewer than {threshold:g} persons or spells "
            f"and is withheld; the municipalities' mean is {lang.pct(mean)}.")
    side = _side(lang, v, mean)
    text = [lang.t(
        f"{label} var i {_quarter(lang, last)} {lang.pct(v)} i {M} mod {lang.pct(mean)} i "
        f"gennemsnit for kommunerne, {side}.",
        f"{label} was {lang.pct(v)} in {M} in {last} against a mean of {lang.pct(mean)}, {side}.")]
    text.append(_count_above(lang, s, municipality, M))
    before = _year_before(s.quarters, last)
    if before and not bool(s.withheld.at[before, municipality]):
        text.append(_change(lang, v, float(s.values.at[before, municipality]), before))
    return " ".join(t for t in text if t)


def _side(lang: Lang, v: float, mean: float) -> str:
    diff = (v - mean) * 100.0
    if round(diff, 1) == 0:
        return lang.t("på højde med gennemsnittet", "level with the mean")
    word = lang.t("over", "above") if diff > 0 else lang.t("under", "below")
    return lang.t(f"{lang.num(abs(diff), 1)} procentpoint {word} gennemsnittet",
                  f"{lang.num(abs(diff), 1)} points {word} the mean")


def _count_above(lang: Lang, s: _Series, municipality: str, M: str) -> str:
    shown = [q for q in s.quarters if not bool(s.withheld.at[q, municipality])
             and np.isfinite(s.values.at[q, municipality]) and np.isfinite(s.mean[q])]
    above = sum(1 for q in shown if s.values.at[q, municipality] > s.mean[q])
    if not shown:
        return ""
    return lang.t(f"{M} lå over gennemsnittet i {above} af {len(shown)} kvartaler med viste tal.",
                  f"{M} was above the mean in {above} of {len(shown)} quarters with figures shown.")


def _change(lang: Lang, v: float, before_value: float, before: str) -> str:
    diff = (v - before_value) * 100.0
    if round(diff, 1) == 0:
        return lang.t(f"Det er uændret fra samme kvartal året før ({_quarter(lang, before)}: "
                      f"{lang.pct(before_value)}).",
                      f"That is unchanged from the same quarter a year before ({before}: "
                      f"{lang.pct(before_value)}).")
    word = lang.t("steget", "risen") if diff > 0 else lang.t("faldet", "fallen")
    then = f"{_quarter(lang, before)}: {lang.pct(before_value)}"
    return lang.t(f"Fra samme kvartal året før ({then}) "
                  f"er andelen {word} {lang.num(abs(diff), 1)} procentpoint.",
                  f"Since the same quarter a year before ({before}: {lang.pct(before_value)}) the "
                  f"share has {word} by {lang.num(abs(diff), 1)} points.")


def _chart(name: str, outdir: Path, lang: Lang, ind: QuarterlyIndicator, s: _Series,
           municipality: str, table_id: str) -> Chart:
    """Lines over the quarters: the municipality (red), the mean (dashed), the others (grey)."""
    import matplotlib
    from matplotlib.figure import Figure

    from .. import plotting
    from .charts import _formatter, _save

    x = np.arange(len(s.quarters))
    shown = s.values.where(~s.withheld)
    with matplotlib.rc_context(plotting.RC):
        fig = Figure(figsize=(7.2, 3.0), layout="constrained")
        ax = fig.add_subplot()
        for m in shown.columns:
            if m != municipality:
                ax.plot(x, shown[m].to_numpy(), color=plotting.OTHER, linewidth=0.6, alpha=0.5)
        ax.plot(x, s.mean.to_numpy(), color="black", linestyle="--", linewidth=1,
                label=lang.t("Gns. kommuner", "Mean"))
        own = shown[municipality].to_numpy()
        ax.plot(x, own, color=plotting.HIGHLIGHT, marker="o", markersize=3.5, linewidth=1.6,
                label=lang.municipality(municipality), gid="highlight")
        for k in np.flatnonzero(~np.isfinite(own)):
            ax.annotate(SUPPRESSED, (x[k], 0), ha="center", va="bottom", fontsize=12,
                        color=plotting.HIGHLIGHT)
        ax.set_xticks(x, [_quarter(lang, q) for q in s.quarters])
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(_formatter(lang, percent=True))
        ax.set_title(lang.t(ind.da, ind.en), fontsize=9, loc="left")
        ax.legend(loc="best", frameon=False, fontsize=7)
    caption = lang.t(
        f"{ind.da} pr. kvartal (tabel {table_id}): {lang.municipality(municipality)} (rød) og "
        "gennemsnittet af kommunerne (stiplet); grå linjer = de øvrige kommuner.",
        f"{ind.en} by quarter (table {table_id}): {lang.municipality(municipality)} (red) and the "
        "municipalities' mean (dashed); grey lines = the other municipalities.")
    return _save(fig, outdir, name, caption, _alt(lang, ind, s, municipality))


def _alt(lang: Lang, ind: QuarterlyIndicator, s: _Series, municipality: str) -> str:
    M = lang.municipality(municipality)
    first, last = _quarter(lang, s.quarters[0]), _quarter(lang, s.quarters[-1])
    own = []
    for q in s.quarters:
        v = s.values.at[q, municipality]
        held = bool(s.withheld.at[q, municipality]) or not np.isfinite(v)
        shown = lang.t("skjult", "withheld") if held else lang.pct(v)
        own.append(f"{_quarter(lang, q)} {shown}")
    mean = ", ".join(f"{_quarter(lang, q)} {lang.pct(s.mean[q])}" for q in s.quarters)
    return lang.t(
        f"Linjediagram, {ind.da} pr. kvartal {first}–{last}, {s.values.shape[1]} kommuner. "
        f"{M}: {', '.join(own)}. Gennemsnit: {mean}.",
        f"Line chart, {ind.en} by quarter {first}–{last}, {s.values.shape[1]} municipalities. "
        f"{M}: {', '.join(own)}. Mean: {mean}.")


def quarterly_sections(measures: pd.DataFrame, municipality: str, municipalities: Sequence[str],
                       lang: Lang, threshold: float, chart_dir: Path, charts: bool = True,
                       number: str = "5",
                       indicators: Sequence[QuarterlyIndicator] = QUARTERLY_INDICATORS
                       ) -> list[Section]:
    """One section per indicator present in ``measures`` (numbered ``5.1``, ``5.2``, ...)."""
    if not _quarters(measures):
        return []
    present = set(measures["measure"].astype(str)) if len(measures) else set()
    out = []
    for ind in (i for i in indicators if i.measure in present):
        table_id = f"{number}.{len(out) + 1}"
        s = _series(measures, ind, municipalities, threshold)
        sec = Section(id=f"kvartal-{table_id.replace('.', '-')}", number=table_id,
                      heading=lang.t(ind.da, ind.en))
        sec.paragraphs = [_paragraph(lang, ind, s, municipality, threshold)]
        sec.tables.append(_table(lang, ind, s, municipality, table_id))
        if charts:
            slug = ind.measure.replace(":", "_")
            sec.charts.append(_chart(f"kvartal_{slug}_{ind.group}", chart_dir, lang, ind, s,
                                     municipality, table_id))
        out.append(sec)
    return out


def definitions(lang: Lang, indicators: Sequence[QuarterlyIndicator] = QUARTERLY_INDICATORS
                ) -> list[dict[str, object]]:
    """Bilag II items of the quarterly indicators."""
    return [{"title": lang.t(i.da, i.en), "paragraphs": [lang.t(i.definition_da, i.definition_en)]}
            for i in indicators]
