"""Generated report text: deterministic sentences built only from computed numbers.

Every amount, mean, rank and class word in these sentences comes from :class:`~jobbench.BenchmarkResults`
(C++ core) or, for quality indicators, from the data set's values and their computed mean. The wording
follows the 2013 Varde report; items of other specs fall back to their labels.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from ..formatting import lower_first
from .disclosure import Disclosure
from .language import SUPPRESSED, Lang

__all__ = ["AREA_WORDS", "TextWriter"]

#: wording per item of the 2013 spec: (Danish "på ..." phrase for the FTE sentence, Danish phrase for the
#: sources list, English phrase, section heading DA, section heading EN)
AREA_WORDS: dict[str, dict[str, str]] = {
    "total": {"da": "på beskæftigelsesindsatsen", "en": "on employment services",
              "src_da": "på beskæftigelsesindsatsen", "src_en": "on employment services",
              "h_da": "Den samlede produktivitet og kvalitet af indsatsen",
              "h_en": "Overall productivity and quality"},
    "adp": {"da": "på A-dagpengemodtagerne", "en": "on recipients of unemployment insurance benefit",
            "src_da": "på indsatsen for dagpengemodtagere", "src_en": "on unemployment insurance recipients",
            "h_da": "Produktivitet og kvalitet i A-dagpengeindsatsen",
            "h_en": "Productivity and quality: unemployment insurance benefit (A-dagpenge)"},
    "udd": {"da": "på indsatsen overfor personer på særlig uddannelsesydelse",
            "en": "on persons on (special) education benefit",
            "src_da": "på indsatsen til uddannelses- og arbejdsmarkedsydelse",
            "src_en": "on education and labour-market benefit",
            "h_da": "Produktivitet i indsatsen for personer på særlig uddannelsesydelse",
            "h_en": "Productivity: persons on special education benefit"},
    "kh1": {"da": "på indsatsen overfor kontanthjælpsmodtagere i match 1",
            "en": "on social assistance recipients in match group 1",
            "src_da": "på indsatsen for kontanthjælpsmodtagere i match 1",
            "src_en": "on social assistance recipients in match group 1",
            "h_da": "Produktivitet og kvalitet i kontanthjælpsindsatsen (match 1)",
            "h_en": "Productivity and quality: social assistance (match 1)"},
    "kh23": {"da": "i indsatsen over for kontanthjælpsmodtagere i match 2-3",
             "en": "on social assistance recipients in match groups 2-3",
             "src_da": "på indsatsen for kontanthjælpsmodtagere i match 2-3",
             "src_en": "on social assistance recipients in match groups 2-3",
             "h_da": "Produktivitet og kvalitet i kontanthjælpsindsatsen (match 2-3)",
             "h_en": "Productivity and quality: social assistance (match 2-3)"},
    "reval": {"da": "i revalideringsindsatsen", "en": "on vocational rehabilitation",
              "src_da": "på indsatsen for revalidender", "src_en": "on vocational rehabilitation",
              "h_da": "Produktivitet og kvalitet i revalideringsindsatsen",
              "h_en": "Productivity and quality: vocational rehabilitation"},
    "syg": {"da": "i sygedagpengeindsatsen", "en": "on recipients of sickness benefit",
            "src_da": "på indsatsen for sygedagpengemodtagere", "src_en": "on sickness benefit recipients",
            "h_da": "Produktivitet og kvalitet i sygedagpengeindsatsen",
            "h_en": "Productivity and quality: sickness benefit"},
    "ly": {"da": "i indsatsen overfor ledighedsydelsesmodtagere og fleksjob",
           "en": "on recipients of ledighedsydelse and flexjobs",
           "src_da": "på indsatsen for modtagere af ledighedsydelse", "src_en": "on ledighedsydelse recipients",
           "h_da": "Produktivitet og kvalitet i fleksjobindsatsen",
           "h_en": "Productivity and quality: flexjobs (ledighedsydelse)"},
    "rf": {"da": "i ressourceforløbsindsatsen", "en": "on resource courses (ressourceforløb)",
           "src_da": "på indsatsen vedrørende ressourceforløb", "src_en": "on resource courses",
           "h_da": "Produktivitet i ressourceforløbsindsatsen", "h_en": "Productivity: resource courses"},
    "heraf_virksomhedsindsats": {"da": "i virksomhedsindsatsen", "en": "on services to employers",
                                 "src_da": "på virksomhedsindsatsen", "src_en": "on services to employers",
                                 "h_da": "Produktivitet og kvalitet i virksomhedsindsatsen",
                                 "h_en": "Productivity and quality: services to employers"},
    "adm": {"da": "på den administrative indsats", "en": "on administration",
            "src_da": "på administration", "src_en": "on administration",
            "h_da": "Produktivitet i den administrative indsats", "h_en": "Productivity: administration"},
    "heraf_ledelse": {"da": "til ledelse", "en": "on management", "src_da": "på ledelse",
                      "src_en": "on management", "h_da": "Produktivitet i den ledelsesmæssige indsats",
                      "h_en": "Productivity: management"},
}

#: verbal class code -> sort position in "sources" lists (fewer ... ingen, samme, ... more)
SOURCE_ORDER = {-4: 0, -3: 1, -2: 2, -1: 3, -5: 4, 0: 5, 1: 6, 2: 7, 3: 8, 4: 9}


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


class TextWriter:
    """Writes the report's sentences for one municipality."""

    def __init__(self, results: Any, municipality: str, lang: Lang, disclosure: Disclosure) -> None:
        self.r = results
        self.m = municipality
        self.lang = lang
        self.disc = disclosure
        self.cmp = results.compare(municipality)
        self.n = len(results.municipalities)

    # -- helpers ------------------------------------------------------------------------------------
    def label(self, item: str) -> str:
        return str(self.r.items.at[item, "label"])

    def phrase(self, item: str, kind: str = "") -> str:
        words = AREA_WORDS.get(item)
        key = (kind + "_" if kind else "") + self.lang.code
        if words and key in words:
            return words[key]
        prep = "på" if self.lang.da else "on"
        return f"{prep} {lower_first(self.label(item))}"

    def heading(self, item: str, fallback: str) -> str:
        words = AREA_WORDS.get(item)
        key = "h_" + self.lang.code
        return words[key] if words and key in words else fallback

    def class_words(self, item: str) -> str:
        code = int(self.cmp.at[item, "verbal_class"])
        return self.r.class_label(code, english=not self.lang.da)

    def level(self, item: str) -> str:
        """"høj"/"relativ høj"/"gennemsnitlig"/… productivity, read from the verbal class."""
        code = int(self.cmp.at[item, "verbal_class"])
        if self.lang.da:
            return {-5: "høj", -4: "høj", -3: "høj", -2: "høj", -1: "relativ høj", 0: "gennemsnitlig",
                    1: "relativ lav", 2: "lav", 3: "lav", 4: "lav"}.get(code, "gennemsnitlig")
        return {-5: "high", -4: "high", -3: "high", -2: "high", -1: "fairly high", 0: "average",
                1: "fairly low", 2: "low", 3: "low", 4: "low"}.get(code, "average")

    def prod(self, item: str) -> str:
        if self.disc.item(item, self.m):
            return SUPPRESSED
        return self.lang.num(self.cmp.at[item, "value"], 1)

    # -- sentences ----------------------------------------------------------------------------------
    def area_paragraph(self, item: str, table_id: str, overall: bool = False) -> list[str]:
        """The opening paragraph of an area section: FTE, productivity vs mean, rank."""
        L = self.lang
        M = L.municipality(self.m)
        c = self.cmp.loc[item]
        fte = L.num(c["fte"], 1)
        unit = L.t("årsværk pr. 1.000 årspersoner i målgruppen", "FTE per 1,000 person-years in the target group")
        mean = L.num(c["mean"], 1)
        code = int(c["verbal_class"])
        suppressed = self.disc.item(item, self.m)
        out = []
        if overall:
            out.append(L.t(f"{M} bruger i alt {fte} årsværk {self.phrase(item)}.",
                           f"{M} uses {fte} FTE in total {self.phrase(item)}."))
        else:
            out.append(L.t(f"{M} anvender i alt {fte} årsværk {self.phrase(item)}.",
                           f"{M} uses {fte} FTE in total {self.phrase(item)}."))
        if suppressed:
            out.append(L.t(f"Produktiviteten vises ikke, da den bygger på for få personer (diskretionering); "
                           f"gennemsnittet af kommunerne er {mean} {unit}.",
                           f"The productivity is not shown as it rests on too few persons (disclosure "
                           f"control); the average of the municipalities is {mean} {unit}."))
            return [" ".join(out)]
        p = self.prod(item)
        cls = self.class_words(item)
        if overall:
            out.append(L.t(f"Produktiviteten i beskæftigelsesindsatsen i {M} er {self.level(item)} sammenlignet "
                           f"med de øvrige kommuner i undersøgelsen, jf. tabel {table_id}.",
                           f"Productivity in {M} is {self.level(item)} compared with the other municipalities "
                           f"in the benchmark (table {table_id})."))
        else:
            out.append(L.t(f"{M} har en {self.level(item)} produktivitet på området.",
                           f"{M} has {self._a(self.level(item))} productivity in this area."))
        if code == -5:
            out.append(L.t(f"{M} anvender således ingen ressourcer på området, mens gennemsnittet af kommunerne "
                           f"er {mean} {unit}.",
                           f"{M} thus spends no resources in this area, against an average of {mean} {unit}."))
        elif code == 0:
            out.append(L.t(f"{M} anvender således de samme ressourcer ({p} {unit}) som gennemsnittet af "
                           f"kommunerne ({mean} {unit}).",
                           f"{M} thus uses the same resources ({p} {unit}) as the average of the "
                           f"municipalities ({mean} {unit})."))
        else:
            out.append(L.t(f"{M} anvender således {cls} ressourcer ({p} {unit}) end gennemsnittet af "
                           f"kommunerne ({mean} {unit}).",
                           f"{M} thus uses {cls} resources ({p} {unit}) than the average of the "
                           f"municipalities ({mean} {unit})."))
        rank = int(c["rank"])
        if overall:
            out.append(L.t(f"{M} har {L.rank_word(rank)} samlede produktivitet blandt de {self.n} kommuner.",
                           f"{M} has {L.rank_word(rank)} overall productivity of the {self.n} municipalities."))
        else:
            out.append(L.t(f"{M} har {L.rank_word(rank)} produktivitet på området.",
                           f"{M} has {L.rank_word(rank)} productivity in this area."))
        return [" ".join(out)]

    @staticmethod
    def _a(word: str) -> str:
        return ("an " if word[:1] in "aeiou" else "a ") + word

    def source_items(self, item: str, table_rows: Optional[list[dict[str, Any]]] = None) -> list[str]:
        """Items behind an area's productivity: a task's sub-tasks; for an aggregate (or the root, in the
        overall table) the other productivity rows of its table."""
        kind = str(self.r.items.at[item, "kind"])
        if kind == "task" and item != self.r.root:
            return self.r.children(item)
        rows = table_rows or []
        out: list[str] = []
        for row in rows:
            code = row.get("item")
            if code is None or "indicator" in row or row.get("external") \
                    or str(row.get("measure", "productivity")) != "productivity":
                continue
            code = str(code)
            if code != item and code not in out and code in self.r.items.index:
                out.append(code)
        return out

    def sources(self, item: str, table_rows: Optional[list[dict[str, Any]]] = None,
                marker: Optional[Callable[[str], str]] = None) -> list[str]:
        """"Kilder til produktiviteten": one line per source item, most negative class first.
        ``marker(code)`` is appended to each line (the significance marker beside the class)."""
        items = self.source_items(item, table_rows)
        overall = item == self.r.root
        keyed = []
        for k, code in enumerate(items):
            cls = int(self.cmp.at[code, "verbal_class"])
            if cls not in SOURCE_ORDER:
                continue
            keyed.append((SOURCE_ORDER[cls], k, code, cls))
        lines = []
        for _, _, code, cls in sorted(keyed):
            words = self.r.class_label(cls, english=not self.lang.da)
            target = self.phrase(code, "src") if overall else (
                f"{'på' if self.lang.da else 'on'} {lower_first(self.label(code))}")
            if self.lang.da:
                if cls == 0:
                    words = "de samme"
                lines.append(f"{words[:1].upper()}{words[1:]} ressourcer pr. årsperson {target}" if overall
                             else f"Der bruges {words} ressourcer pr. årsperson {target}")
            else:
                if cls == 0:
                    words = "the same"
                elif cls == -5:
                    words = "no"
                lines.append(f"{words[:1].upper()}{words[1:]} resources per person-year {target}")
            if marker is not None:
                lines[-1] += marker(code)
        return lines

    def quality(self, table: pd.DataFrame, rows: list[dict[str, Any]]) -> Optional[str]:
        """Quality paragraph: above / level with / below the computed mean on each indicator."""
        L = self.lang
        M = L.municipality(self.m)
        above, level, below = [], [], []
        mean_col = table.columns[-1]
        for k, row in enumerate(rows):
            if "indicator" not in row:
                continue
            v = table.iat[k, table.columns.get_loc(self.m)]
            mean = table.iat[k, table.columns.get_loc(mean_col)]
            if not (_finite(v) and _finite(mean)):
                continue
            fmt = str(table.attrs["format"][k])
            name = lower_first(str(row.get("label", row["indicator"])))
            sv, sm = L.value(v, fmt), L.value(mean, fmt)
            if sv == sm:
                level.append(f"{name} ({sv})")
            elif v > mean:
                above.append(f"{name} ({sv} {L.t('mod', 'against')} {sm})")
            else:
                below.append(f"{name} ({sv} {L.t('mod', 'against')} {sm})")
        if not (above or level or below):
            return None

        def join(xs: list[str]) -> str:
            if len(xs) == 1:
                return xs[0]
            return ", ".join(xs[:-1]) + (" og " if L.da else " and ") + xs[-1]

        parts = []
        if above:
            parts.append(L.t(f"over gennemsnittet af kommunerne på {join(above)}",
                             f"above the average of the municipalities on {join(above)}"))
        if level:
            parts.append(L.t(f"på højde med gennemsnittet på {join(level)}",
                             f"level with the average on {join(level)}"))
        if below:
            parts.append(L.t(f"under gennemsnittet på {join(below)}", f"below the average on {join(below)}"))
        body = "; ".join(parts)
        return L.t(f"Kvalitetsindikatorerne viser, at {M} ligger {body}.",
                   f"The quality indicators show that {M} is {body}.")

    # -- conclusion / resources -----------------------------------------------------------------------
    def resources_paragraphs(self, shares: pd.DataFrame) -> list[str]:
        """Section 3 text: total FTE, external part, target group, largest shares."""
        L = self.lang
        M = L.municipality(self.m)
        r = self.r
        root = r.root
        j = r.municipalities.index(self.m)
        fte = r.matrix("fte")
        ext = r.matrix("fte_external")
        out = [L.t(f"I {M} anvendes samlet {L.num(fte.at[root, self.m])} årsværk til jobcenteropgaver, jf. "
                   f"tabel 3.1. Heraf er {L.num(ext.at[root, self.m])} årsværk finansieret via puljer eller "
                   f"løntilskud.",
                   f"{M} uses {L.num(fte.at[root, self.m])} FTE on job-centre tasks in total (table 3.1), of "
                   f"which {L.num(ext.at[root, self.m])} FTE are financed by external pools or wage subsidies.")]
        py = r.matrix("person_years").at[root, self.m]
        pop = float(r.population.iloc[j]) if len(r.population) else float("nan")
        if _finite(py) and _finite(pop) and pop > 0:
            pys = r.matrix("person_years").loc[root].to_numpy() / r.population.to_numpy()
            mean_share = r._compare_row(pys)
            out.append(L.t(
                f"Den samlede målgruppe af borgere for jobcenteret udgør {L.num(py, 0)} årspersoner, svarende "
                f"til {L.pct(py / pop)} af den {L.num(pop, 0)} store befolkning (18-64 år). Til sammenligning "
                f"udgør målgruppen {L.pct(mean_share)} af befolkningen i gennemsnittet af de medvirkende "
                f"kommuner.",
                f"The job centre's target group amounts to {L.num(py, 0)} person-years, "
                f"{L.pct(py / pop)} of the population aged 18-64 ({L.num(pop, 0)}); on average over the "
                f"municipalities the target group is {L.pct(mean_share)} of the population."))
        if len(shares):
            top = shares.sort_values("resource_share", ascending=False, kind="mergesort")
            named = [f"{lower_first(str(lbl))} ({L.pct(s, 0)})" for lbl, s in
                     zip(top["label"], top["resource_share"])][:3]
            if named:
                # Two bases, said out loud: these shares are of the FTE on the target-group tasks
                # (figure 1); table 3.1's are of all FTE on job-centre tasks.
                group_fte, all_fte = float(shares["fte"].sum()), float(fte.at[root, self.m])
                first = top.iloc[0]
                table_share = L.pct(first["fte"] / all_fte) if all_fte > 0 else "-"
                out.append(L.t(
                    f"Af de {L.num(group_fte)} årsværk til målgrupperne anvendes flest til " + ", ".join(named[:-1])
                    + (" og " if len(named) > 1 else "") + named[-1] + ". Andelene er af årsværkene til "
                    f"målgrupperne; tabel 3.1 viser andele af alle {L.num(all_fte)} årsværk til jobcenteropgaver "
                    f"(inkl. administration, ledelse og diverse), hvor {lower_first(str(first['label']))} udgør "
                    f"{table_share}.",
                    f"Of the {L.num(group_fte)} FTE spent on the target groups, most go to " + ", ".join(named[:-1])
                    + (" and " if len(named) > 1 else "") + named[-1] + ". These shares are of the FTE on the "
                    f"target groups; table 3.1 shows shares of all {L.num(all_fte)} FTE on job-centre tasks "
                    f"(administration, management and other tasks included), where {lower_first(str(first['label']))} "
                    f"is {table_share}."))
        return out

    def conclusion_paragraphs(self) -> list[str]:
        L = self.lang
        M = L.municipality(self.m)
        r = self.r
        root = r.root
        c = self.cmp.loc[root]
        out = []
        per_pop = r.matrix("fte_per_1000_population").loc[root]
        if _finite(per_pop[self.m]):
            mean_pp = r._compare_row(per_pop.to_numpy())
            v, mv = L.num(per_pop[self.m]), L.num(mean_pp)
            if v == mv:
                rel = L.t("de samme ressourcer", "the same resources")
                comp = L.t("som", "as")
            elif per_pop[self.m] < mean_pp:
                rel, comp = L.t("færre ressourcer", "fewer resources"), L.t("end", "than")
            else:
                rel, comp = L.t("flere ressourcer", "more resources"), L.t("end", "than")
            out.append(L.t(
                f"{M} anvender samlet {L.num(c['fte'])} årsværk på beskæftigelsesindsatsen. Heraf er "
                f"{L.num(r.matrix('fte_external').at[root, self.m])} årsværk finansieret via eksterne puljer eller "
                f"løntilskud. Der anvendes {rel} i forhold til indbyggertallet ({v} årsværk pr. 1.000 18-64-årige) "
                f"{comp} i gennemsnittet af kommunerne ({mv} årsværk pr. 1.000 18-64-årige).",
                f"{M} uses {L.num(c['fte'])} FTE on employment services in total, "
                f"{L.num(r.matrix('fte_external').at[root, self.m])} FTE of them financed by external pools or wage "
                f"subsidies. Relative to its population it uses {rel} ({v} FTE per 1,000 aged 18-64) {comp} the "
                f"average of the municipalities ({mv})."))
        return out
