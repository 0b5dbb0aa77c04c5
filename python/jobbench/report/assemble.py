"""Assemble the report for one municipality: sections, tables (as cells), text and charts.

The result (:class:`ReportData`) is rendered by ``html`` (and from that HTML by ``pdf``) and ``excel``.
Table layouts come from the spec (``spec.tables``) and every value from ``results.table(id)``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from ..productivity.results import MEAN_COLUMN
from .disclosure import Disclosure
from .language import SUPPRESSED, Lang
from ..formatting import lower_first
from .text import TextWriter

if TYPE_CHECKING:
    from .charts import Chart

__all__ = ["Cell", "ReportData", "ReportTable", "build_report", "target_group_shares"]


@dataclass
class Cell:
    text: str
    value: float  # NaN for empty, withheld or heading cells
    fmt: str
    withheld: bool = False


@dataclass
class ReportRow:
    label: str  # as drawn in the report, layout prefix included ("-Heraf ledelse")
    bold: bool
    heading: bool
    indent: bool
    cells: list[Cell]
    code: str = ""  # the row's code in results.table(id) ("heraf_ledelse", "adp:external")
    text: str = ""  # the label without layout prefix ("Heraf ledelse")
    prefix: str = ""  # the layout prefix ("", "*", "-")


@dataclass
class ReportTable:
    id: str
    title: str
    columns: list[str]
    rows: list[ReportRow]
    highlight: Optional[int]  # index of the municipality's column
    note: str = ""

    def to_frame(self) -> pd.DataFrame:
        """Numbers (NaN where empty or withheld), indexed by row code, the label (without layout prefix)
        as the first column ``label`` (as :meth:`BenchmarkResults.table`)."""
        data = [[c.value for c in r.cells] for r in self.rows]
        index = pd.Index([r.code for r in self.rows], name="code", dtype=object)
        frame = pd.DataFrame(data, index=index, columns=self.columns)
        frame.insert(0, "label", pd.Series([r.text or r.label for r in self.rows], index=index, dtype=object))
        return frame


@dataclass
class Section:
    id: str
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    charts: list["Chart"] = field(default_factory=list)
    quality: Optional[str] = None
    sources_heading: str = ""
    sources_intro: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class ReportData:
    title: str
    subtitle: str
    municipality: str
    language: str
    lang: Lang
    spec_name: str
    municipalities: list[str]
    intro: list[str]
    method: list[str]
    conclusion: Section
    resources: Section
    chapter4_intro: list[str]
    areas: list[Section]
    bilag1: Optional[ReportTable]
    bilag2: dict[str, Any]
    disclosure_note: str
    withheld: int
    charts: list["Chart"]
    quarterly: list[Section] = field(default_factory=list)  # chapter 5: indicators by quarter
    quarterly_intro: list[str] = field(default_factory=list)
    frontier: list[Section] = field(default_factory=list)  # efficiency and expected results (issue 15)
    frontier_intro: list[str] = field(default_factory=list)
    frontier_number: str = ""

    def all_tables(self) -> list[ReportTable]:
        out = list(self.resources.tables)
        for s in [*self.areas, *self.quarterly, *self.frontier]:
            out += s.tables
        if self.bilag1 is not None:
            out.append(self.bilag1)
        return out


def _area_tables(results: Any) -> list[tuple[str, dict[str, Any]]]:
    """Tables about one area: municipalities as columns, first row a productivity row with an item."""
    out = []
    for tid, t in results._tables().items():
        rows = t.get("rows", [])
        if t.get("columns") or not rows:
            continue
        first = rows[0]
        if "item" in first and str(first.get("measure", "productivity")) == "productivity" \
                and str(first["item"]) in results.items.index:
            out.append((tid, t))
    return out


def _table_cells(results: Any, table_id: str, municipality: str, lang: Lang, disc: Disclosure) -> ReportTable:
    table = results.table(table_id, municipality=municipality)
    frame = table.drop(columns="label")
    spec_rows = results._tables()[table_id].get("rows", [])
    fmts = table.attrs["format"]
    by_col = table.attrs["format_by"] == "column"
    columns = [str(c) for c in frame.columns]
    highlight = columns.index(municipality) if municipality in columns else None
    rows = []
    for k, (code, label) in enumerate(zip(table.index, table["label"])):
        spec_row = spec_rows[k] if k < len(spec_rows) else {}
        mask = disc.row_mask(spec_row) if not by_col else np.zeros(len(columns), dtype=bool)
        heading = (not by_col) and fmts[k] == "heading"
        cells = []
        for c in range(frame.shape[1]):
            v = float(frame.iat[k, c])
            f = fmts[c] if by_col else fmts[k]
            withheld = (not by_col) and c < len(mask) and columns[c] != MEAN_COLUMN and bool(mask[c])
            if heading or (by_col and not np.isfinite(v)):
                cells.append(Cell("", float("nan"), f))
            elif withheld:
                cells.append(Cell(SUPPRESSED, float("nan"), f, withheld=True))
            else:
                cells.append(Cell(lang.value(v, f), v, f))
        prefix = str(table.attrs["prefix"][k])
        rows.append(ReportRow(label=prefix + str(label), bold=bool(table.attrs["bold"][k]) or heading,
                              heading=heading, indent=prefix.startswith("-"), cells=cells, code=str(code),
                              text=str(label), prefix=prefix))
    return ReportTable(id=table_id, title=str(table.attrs.get("title", "")), columns=columns, rows=rows,
                       highlight=highlight, note=str(table.attrs.get("note", "")))


def target_group_shares(results: Any, municipality: str) -> pd.DataFrame:
    """Figure 2's data: for every main task whose divisor is a target group inside the root's divisor group,
    its share of the FTE of those tasks and its group's share of their person-years."""
    spec_groups = {str(g["code"]): [str(c) for c in g.get("components", []) or []]
                   for g in results.spec.data.get("target_groups", [])}
    root = results.root
    root_group = str(results.items.at[root, "divisor"])

    def members(g: str) -> set[str]:
        out = {g}
        for c in spec_groups.get(g, []):
            out |= members(c)
        return out

    inside = members(root_group) - {root_group}
    rows = []
    fte = results.matrix("fte")
    py = results.matrix("person_years")
    for code in results.children(root):
        d = str(results.items.at[code, "divisor"])
        if d in inside:
            rows.append({"item": code, "label": str(results.items.at[code, "label"]),
                         "fte": float(fte.at[code, municipality]), "person_years": float(py.at[code, municipality])})
    frame = pd.DataFrame(rows, columns=["item", "label", "fte", "person_years"])
    if frame.empty:
        return frame.assign(resource_share=[], group_share=[])
    tot_f, tot_p = frame["fte"].sum(), frame["person_years"].sum()
    frame["resource_share"] = frame["fte"] / tot_f if tot_f > 0 else np.nan
    frame["group_share"] = frame["person_years"] / tot_p if tot_p > 0 else np.nan
    return frame.set_index("item")


def _definitions(lang: Lang) -> dict[str, Any]:
    raw = json.loads(resources.files(__package__).joinpath("definitions.json").read_text(encoding="utf-8"))
    return {"intro": raw["intro"][lang.code],
            "items": [{"title": d["title"][lang.code], "paragraphs": d[lang.code]} for d in raw["indicators"]],
            "source": raw["source"]}


def _funnels(results: Any, table_id: str) -> dict[str, Any]:
    from ..analysis import quality_funnels

    return quality_funnels(results, table_id)


def _slug(text: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_")
    return s or "x"


def _rank_sets(uncertainty: Any, item: str, names: list[str]) -> Optional[pd.DataFrame]:
    """95 % marginal rank sets of ``item`` among ``names`` (the municipalities shown), seeded."""
    from ..analysis import productivity_rank_sets

    if uncertainty is None or item not in uncertainty.items:
        return None
    sets = productivity_rank_sets(uncertainty, item, level=0.95, seed=2013, names=names)
    return sets if len(sets) >= 2 else None


def _marker(lang: Lang, uncertainty: Any, municipality: str, mean: pd.Series) -> Any:
    from .significance import verbal_marker

    if uncertainty is None:
        return None
    intervals = uncertainty.intervals
    return lambda code: verbal_marker(lang, intervals, code, municipality, float(mean.get(code, np.nan)))


def _significance_notes(lang: Lang, uncertainty: Any, uncertainty_note: str) -> list[str]:
    notes = [lang.t(
        "Om en forskel er reel: hver kvalitetsindikator vises i et tragtdiagram (Spiegelhalter 2005) med "
        "95 %- og 99,8 %-grænser om kommunernes samlede niveau, justeret for overspredning (additiv τ², "
        "10 % winsorisering). Datasættet fra 2013 har kun de offentliggjorte procenter og rater, ikke "
        "mikrodata: nævneren er derfor målgruppens årspersoner, og en rate regnes om til hændelser pr. "
        "årsperson. En kommune omtales kun som «signifikant over/under» uden for 95 %-grænserne, ellers "
        "«inden for normal variation». De verbale klasser fra 2013 står uændrede.",
        "Whether a difference is real: each quality indicator is shown in a funnel plot (Spiegelhalter "
        "2005) with 95 % and 99.8 % limits around the municipalities' pooled level, adjusted for "
        "over-dispersion (additive τ², 10 % winsorisation). The 2013 data set holds only the published "
        "percentages and rates, no microdata: the denominator is therefore the target group's "
        "person-years, and a rate is converted to events per person-year. A municipality is called "
        "«significantly above/below» only outside the 95 % limits, otherwise «within normal variation». "
        "The 2013 verbal classes are unchanged.")]
    if uncertainty is not None:
        notes.append(lang.t(
            "Rangen for produktiviteten vises med en 95 %-konfidensmængde (Mogstad m.fl. 2024), beregnet "
            "ud fra en Monte Carlo-simulering af usikkerheden i medarbejdernes tidsfordeling "
            f"({uncertainty.draws} træk). {uncertainty_note}Markeringen «signifikant» ved de verbale "
            "klasser betyder, at simuleringens 95 %-interval for kommunens tal ikke rummer gennemsnittet.",
            "The productivity rank is shown with a 95 % confidence set (Mogstad et al. 2024), computed "
            "from a Monte Carlo simulation of the uncertainty of the staff's time shares "
            f"({uncertainty.draws} draws). {uncertainty_note}The marker «significant» beside the verbal "
            "classes means that the simulation's 95 % interval of the municipality's figure leaves out "
            "the mean."))
    return notes


def build_report(results: Any, municipality: str, outdir: Path, lang: Lang, disc: Disclosure,
                 charts: bool = True, uncertainty: Any = None, uncertainty_note: str = "",
                 significance: bool = True, quarterly: Optional[pd.DataFrame] = None,
                 data_note: str = "", framework: Optional[pd.DataFrame] = None,
                 efficiency: bool = True) -> ReportData:
    from .charts import Chart, figure2, number_charts, productivity_bars, quality_scatter  # matplotlib only when drawing
    from .significance import funnel_chart, funnel_sentence, rank_chart, rank_sentence

    r = results
    r._mi(municipality)
    M = lang.municipality(municipality)
    tw = TextWriter(r, municipality, lang, disc)
    n = len(r.municipalities)
    chart_dir = outdir / "charts"
    all_charts: list[Chart] = []
    others = ", ".join(r.municipalities)

    intro = [lang.t(
        f"Denne rapport præsenterer resultaterne af benchmarkinganalysen «{r.spec.name}» for {M}: ressourceforbrug, "
        f"produktivitet og kvalitet i beskæftigelsesindsatsen sammenlignet med {n - 1} andre kommuner.",
        f"This report presents the results of the benchmark «{r.spec.name}» for {M}: resource use, productivity and "
        f"quality of employment services compared with {n - 1} other municipalities."),
        lang.t(f"De medvirkende kommuner er: {others}.", f"The participating municipalities are: {others}.")]
    if data_note:
        intro.insert(0, data_note)
    method = [
        lang.t("Ressourceforbruget er opgjort i årsværk pr. opgave ud fra tidsestimater for den enkelte medarbejder, "
               "uanset hvor i kommunen medarbejderen er placeret, og hvordan stillingen er finansieret. Tid for "
               "personer i fleksjob og seniorjob vægtes med 0,5 og 0,75.",
               "Resource use is measured in full-time equivalents (årsværk) per task from each employee's time "
               "estimates, wherever the employee is placed and however the post is financed. Time of staff in "
               "flexjobs and senior jobs is weighted 0.5 and 0.75."),
        lang.t("Produktiviteten er antallet af årsværk pr. 1.000 årspersoner i målgruppen for indsatsen. Jo færre "
               "årsværk pr. 1.000 årspersoner, desto højere produktivitet. Samlede tal er summen af årsværk divideret "
               "med summen af årspersoner; «Gns. kommuner» er det simple gennemsnit af kommunernes tal, og rang 1 er "
               "den højeste produktivitet.",
               "Productivity is the number of FTE per 1,000 person-years (årspersoner) in the target group. The fewer "
               "FTE per 1,000 person-years, the higher the productivity. Totals are summed FTE over summed "
               "person-years; «Gns. kommuner» is the simple mean of the municipalities' figures, and rank 1 is the "
               "highest productivity."),
        lang.t("Forskellen til gennemsnittet beskrives med ord (samme, lidt færre/flere, færre/flere, betydelig og "
               "markant færre/flere), målt i forhold til gennemsnittet for det område, opgaven hører under. "
               "Kvaliteten belyses med kvalitetsindikatorer (bilag II) sat ved siden af produktiviteten.",
               "Differences to the mean are put into words (same, slightly, plainly, considerably and markedly "
               "fewer/more), measured against the mean of the area the task belongs to. Quality is shown by quality "
               "indicators (annex II) set beside the productivity."),
        disc.describe(lang.da),
    ]
    if significance:
        method += _significance_notes(lang, uncertainty, uncertainty_note)
    marker = _marker(lang, uncertainty, municipality, r.mean) if significance else None

    # -- 2. conclusion --------------------------------------------------------------------------------
    area_tables = _area_tables(r)
    overall = next(((tid, t) for tid, t in area_tables if str(t["rows"][0]["item"]) == r.root), None)
    conclusion = Section(id="konklusion", number="2", heading=lang.t("Konklusion", "Conclusion"))
    conclusion.paragraphs += tw.conclusion_paragraphs()
    if overall is not None:
        tid, t = overall
        conclusion.paragraphs += tw.area_paragraph(r.root, tid, overall=True)
        conclusion.sources_intro = lang.t(
            f"Produktiviteten i {M} adskiller sig på følgende områder fra gennemsnittet af kommunerne. Der bruges:",
            f"Productivity in {M} differs from the average of the municipalities as follows:")
        conclusion.sources = tw.sources(r.root, t.get("rows", []), marker=marker)
        q = tw.quality(r.table(tid), t.get("rows", []))
        if q:
            conclusion.paragraphs.append(q)

    # -- 3. resources ---------------------------------------------------------------------------------
    resources_sec = Section(id="ressourcer", number="3",
                            heading=lang.t("Ressourceforbruget på beskæftigelsesindsatsen",
                                           "Resource use in employment services"))
    shares = target_group_shares(r, municipality)
    resources_sec.paragraphs = tw.resources_paragraphs(shares)
    for tid, t in r._tables().items():
        if t.get("columns"):
            resources_sec.tables.append(_table_cells(r, tid, municipality, lang, disc))
    if len(shares) and charts:
        resources_sec.paragraphs.append(lang.t(
            "Figur 1 viser hver målgruppes andel af ressourcerne mod dens andel af målgruppen. Målgrupper over den "
            "stiplede linje får en større andel af ressourcerne, end deres andel af målgruppen udgør.",
            "Figure 1 shows each target group's share of the resources against its share of the target group. "
            "Groups above the dashed line receive a larger share of the resources than their share of the target "
            "group."))
    if len(shares):
        lines = []
        for lbl, rs, gs in zip(shares["label"], shares["resource_share"], shares["group_share"]):
            lines.append(f"{lbl}: {lang.pct(rs, 0)} {lang.t('af ressourcerne mod', 'of the resources against')} "
                         f"{lang.pct(gs, 0)} {lang.t('af målgruppen', 'of the target group')}")
        resources_sec.sources = lines
        resources_sec.sources_heading = lang.t("Målgruppernes andele i tal", "The target groups' shares in numbers")
        if charts:
            ch = figure2("figur2", chart_dir, lang, shares, municipality)
            if ch is not None:
                resources_sec.charts.append(ch)
                all_charts.append(ch)

    # -- 4. areas -------------------------------------------------------------------------------------
    areas = []
    mean = r.mean
    prod = r.matrix("productivity")
    for tid, t in area_tables:
        item = str(t["rows"][0]["item"])
        rows = t.get("rows", [])
        sec = Section(id=f"tabel-{_slug(tid)}", number=tid, heading=tw.heading(item, str(t.get("title", tid))))
        sec.paragraphs = tw.area_paragraph(item, tid, overall=(item == r.root))
        table = _table_cells(r, tid, municipality, lang, disc)
        sec.tables.append(table)
        sec.quality = tw.quality(r.table(tid), rows)
        sec.sources_heading = lang.t(f"Kilder til produktiviteten: {tw.label(item)}",
                                     f"Sources of productivity: {tw.label(item)}")
        sec.sources_intro = lang.t(
            f"Produktiviteten i {M} adskiller sig på følgende områder fra gennemsnittet af kommunerne:",
            f"Productivity in {M} differs from the average of the municipalities as follows:")
        sec.sources = tw.sources(item, rows, marker=marker)
        funnels = _funnels(r, tid) if significance else {}
        sentence = funnel_sentence(lang, funnels, municipality) if funnels else None
        if sentence:
            sec.quality = f"{sec.quality} {sentence}" if sec.quality else sentence
        shown = [m for m in r.municipalities if not disc.item(item, m)]
        # rank sets of the municipalities shown; none when the chosen one's figure is withheld
        sets = _rank_sets(uncertainty, item, shown) if significance and municipality in shown \
            else None
        rank_label = lang.t("den samlede produktivitet", "overall productivity") if item == r.root \
            else lang.t(f"produktiviteten for {lower_first(tw.label(item))}",
                        f"productivity for {lower_first(tw.label(item))}")
        if sets is not None:
            rs = rank_sentence(lang, sets, municipality, rank_label)
            if rs:
                sec.paragraphs.append(rs)
        withheld = np.array([disc.item(item, m) for m in r.municipalities])
        if charts and not withheld.all():  # nothing to draw when every figure is withheld
            ch = productivity_bars(f"produktivitet_{_slug(tid)}", chart_dir, lang, r.municipalities,
                                   prod.loc[item].to_numpy(), withheld, float(mean[item]), municipality,
                                   f"{lang.t('Produktivitet', 'Productivity')}: {tw.label(item)}", table_id=tid)
            sec.charts.append(ch)
            all_charts.append(ch)
            full = r.table(tid)
            inds, y_means = [], []
            for k, row in enumerate(rows):
                if "indicator" in row:
                    inds.append((str(full["label"].iloc[k]),
                                 full[r.municipalities].iloc[k].to_numpy(dtype=float),
                                 full.attrs["format"][k] == "percent"))
                    y_means.append(float(full[MEAN_COLUMN].iloc[k]))
            if inds:
                qc = quality_scatter(f"kvalitet_{_slug(tid)}", chart_dir, lang, r.municipalities,
                                     prod.loc[item].to_numpy(), withheld, inds, municipality,
                                     f"{lang.t('Kvalitet', 'Quality')}: {tw.label(item)}",
                                     x_mean=float(mean[item]), y_means=y_means, table_id=tid)
                if qc is not None:
                    sec.charts.append(qc)
                    all_charts.append(qc)
            extra = []
            if sets is not None:
                extra.append(rank_chart(f"rangmaengde_{_slug(tid)}", chart_dir, lang, sets, municipality,
                                        f"{lang.t('Rang', 'Rank')}: {tw.label(item)}", table_id=tid,
                                        label=rank_label))
            if funnels:
                extra.append(funnel_chart(f"tragt_{_slug(tid)}", chart_dir, lang, funnels, municipality,
                                          f"{lang.t('Kvalitet', 'Quality')}: {tw.label(item)}", table_id=tid))
            for ch in extra:
                if ch is not None:
                    sec.charts.append(ch)
                    all_charts.append(ch)
        areas.append(sec)

    bilag1 = None
    for tid, t in r._tables().items():
        if tid.lower().startswith("bilag"):
            bilag1 = _table_cells(r, tid, municipality, lang, disc)
            break

    chapter4 = [lang.t(
        "I dette kapitel sammenlignes produktiviteten og kvaliteten på tværs af kommunerne. Produktiviteten opgøres "
        "som antallet af årsværk pr. 1.000 årspersoner i målgruppen for indsatsen. Jo færre årsværk, desto højere "
        f"produktivitet. {M}s kolonne er fremhævet i tabellerne.",
        "This chapter compares productivity and quality across the municipalities. Productivity is the number of FTE "
        "per 1,000 person-years in the target group; the fewer FTE, the higher the productivity. "
        f"{M}'s column is highlighted in the tables.")]

    quarter_secs, quarter_intro = _quarterly(quarterly, r, municipality, lang, disc, chart_dir, charts)
    for sec in quarter_secs:
        all_charts += sec.charts
    frontier_number = "6" if quarter_secs else "5"
    frontier_secs, frontier_intro = [], []
    if efficiency:
        from .frontier import frontier_sections

        frontier_secs, frontier_intro = frontier_sections(r, municipality, lang, chart_dir, charts, framework,
                                                          frontier_number, disclosure=disc)
    for sec in frontier_secs:
        all_charts += sec.charts
    definitions = _definitions(lang)
    if quarter_secs:
        from .quarterly import definitions as quarterly_definitions

        definitions["items"] = definitions["items"] + quarterly_definitions(lang)
    number_charts(all_charts)  # document order: figure 1 of section 3, then each area's bars and scatter
    return ReportData(
        title=r.spec.name, subtitle=lang.t(f"Produktivitet og kvalitet i beskæftigelsesindsatsen i {M}",
                                           f"Productivity and quality of employment services in {M}"),
        municipality=municipality, language=lang.code, lang=lang, spec_name=r.spec.name,
        municipalities=list(r.municipalities), intro=intro, method=method, conclusion=conclusion,
        resources=resources_sec, chapter4_intro=chapter4, areas=areas, bilag1=bilag1,
        bilag2=definitions, disclosure_note=disc.describe(lang.da), withheld=disc.count(),
        charts=all_charts, quarterly=quarter_secs, quarterly_intro=quarter_intro, frontier=frontier_secs,
        frontier_intro=frontier_intro, frontier_number=frontier_number)


def _quarterly(measures: Optional[pd.DataFrame], results: Any, municipality: str, lang: Lang,
               disc: Disclosure, chart_dir: Path, charts: bool) -> tuple[list[Section], list[str]]:
    """Chapter 5 (today's indicators by quarter) when a long measures frame is given."""
    if measures is None or len(measures) == 0:
        return [], []
    from .quarterly import quarterly_sections

    secs = quarterly_sections(measures, municipality, list(results.municipalities), lang,
                              disc.threshold, chart_dir, charts=charts)
    if not secs:
        return [], []
    first, last = secs[0].tables[0].rows[0].text, secs[0].tables[0].rows[-1].text
    M = lang.municipality(municipality)
    t = f"{disc.threshold:g}"
    intro = [lang.t(
        f"Dette kapitel viser kvalitetsindikatorer, som de opgøres på jobindsats.dk, kvartal for "
        f"kvartal fra {first} til {last}: {M} ved siden af det simple gennemsnit af de "
        f"{len(results.municipalities)} kommuner («Gns. kommuner»). Hver tabel viser også ændringen "
        "fra samme kvartal året før.",
        f"This chapter shows quality indicators as jobindsats.dk defines them, quarter by quarter "
        f"from {first} to {last}: {M} beside the simple mean of the {len(results.municipalities)} "
        "municipalities («Gns. kommuner»). Each table also shows the change from the same quarter "
        "a year before."),
        lang.t(f"Tal, der bygger på færre end {t} personer eller forløb, vises som \".\" og tegnes "
               "ikke; gennemsnittene vises altid." if disc.active else "Diskretionering er slået fra.",
               f"Figures resting on fewer than {t} persons or spells are shown as \".\" and not "
               "drawn; the means are always shown." if disc.active
               else "Disclosure control is switched off.")]
    return secs, intro
