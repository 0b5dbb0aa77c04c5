"""The report's chapter on efficiency and expected results (issue 15).

* **Efficiency**: the default DEA model of :func:`jobbench.analysis.efficiency` (FTE in, person-years
  served per area out, input orientation, VRS) with bootstrap intervals; who is on the
  frontier, the municipality's peers and target, how the picture changes with quality as an output,
  and the one-input, one-output frontier chart.
* **What if**: the FTE the municipality would need in each target area at the group's mean
  productivity, at the best quartile's and on the area's own frontier (:func:`jobbench.analysis.what_if`),
  as a table and a generated sentence.
* **Expected against actual**: the job rate against what the framework conditions of the data set
  (2013: Bilag I's forsørgelsestryk and ranking of rammevilkår) lead one to expect, leave-one-out,
  with the chart; and productivity against the mean of the most similar municipalities.

Each is left out when the benchmark does not support it (no person-years per area, no job rate,
no framework conditions, too few units).
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import plotting
from .._errors import InputError
from ..formatting import lower_first
from .language import Lang

__all__ = ["BOOTSTRAP_DRAWS", "EXPECTED_CONDITIONS", "WHAT_IF_QUARTILE", "frontier_sections"]

#: bootstrap draws of the report's intervals (seeded: the same report on every run)
BOOTSTRAP_DRAWS = 1000
#: framework conditions of the expected job rate: Bilag I's forsørgelsestryk and overall ranking
EXPECTED_CONDITIONS = ("fors_jc", "rammevilkaar_samlet")
#: the best-quartile scenario of the what-if table (the 25 % quantile of FTE per 1,000 person-years)
WHAT_IF_QUARTILE = 0.25
_SIMILAR = 4
_FAILURES = (InputError, ValueError, RuntimeError, KeyError)


def _join(lang: Lang, xs: list[str]) -> str:
    xs = [str(x) for x in xs]
    if not xs:
        return "-"
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + lang.t(" og ", " and ") + xs[-1]


def _quiet(fn: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


_CACHE: dict = {}


def _efficiency(results: Any, quality: bool, draws: int) -> Any:
    """The default model on ``results``, memoised on its data (a report is often built several times
    from the same benchmark: HTML, PDF, languages; the bootstrap is the costly part)."""
    from ..analysis import efficiency, efficiency_model

    x, y = _quiet(efficiency_model, results, quality=quality)
    key = (tuple(x.index), tuple(x.columns), tuple(y.columns), x.to_numpy().tobytes(), y.to_numpy().tobytes(),
           quality, draws)
    if key not in _CACHE:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _quiet(efficiency, results, quality=quality, draws=draws, seed=2013)
    return _CACHE[key]


def _interval_source(eff: Any, lang: Lang) -> str:
    """Which bootstrap gave the intervals, in a sentence (nothing without one)."""
    boot = eff.bootstrap
    if boot is None:
        return ""
    draws = lang.num(boot.attrs["draws"], 0)
    if boot.attrs["method"] == "subsample":
        m = boot.attrs["subsample"]
        return lang.t(f"Intervallerne er 95 %-intervaller fra en m-ud-af-n-bootstrap (Simar og Wilson 2011: "
                      f"{draws} gentagelser med {m} tilfældigt valgte kommuner som sammenligningsgrundlag).",
                      f"The intervals are 95 % intervals from an m-out-of-n bootstrap (Simar and Wilson 2011: "
                      f"{draws} draws of {m} municipalities as the reference set).")
    return lang.t(f"Intervallerne er 95 %-intervaller fra en udglattet bootstrap (Simar og Wilson 1998, {draws} "
                  f"gentagelser). Med {len(boot)} kommuner er de for snævre: der er for få kommuner til den "
                  "bedre m-ud-af-n-bootstrap, og den udglattede dækker i små stikprøver den sande værdi sjældnere "
                  "end 95 % af gangene.",
                  f"The intervals are 95 % intervals from a smoothed bootstrap (Simar and Wilson 1998, {draws} "
                  f"draws). With {len(boot)} municipalities they are too narrow: there are too few municipalities "
                  "for the better m-out-of-n bootstrap, and in small samples the smoothed one covers the true "
                  "value less often than 95 % of the time.")


def _efficiency_section(results: Any, municipality: str, lang: Lang, chart_dir: Path, charts: bool,
                        number: str) -> Optional[Any]:
    """Section ``number`` (e.g. "5.1"): the default DEA model, or None when it cannot run."""
    from .assemble import Section
    from .charts import _save

    try:
        eff = _efficiency(results, False, BOOTSTRAP_DRAWS)
    except _FAILURES:
        return None
    try:
        qual = _efficiency(results, True, 0)
    except _FAILURES:
        qual = None
    M = lang.municipality(municipality)
    frame = eff.to_frame()
    row = frame.loc[municipality]
    areas = _join(lang, [_area_label(results, c[3:]) for c in eff.outputs.columns])
    sec = Section(id="effektivitet", number=number,
                  heading=lang.t("Effektivitet: hvem er på fronten?", "Efficiency: who is on the frontier?"))
    sec.paragraphs.append(lang.t(
        "Effektiviteten er målt med DEA (data envelopment analysis): hvor få årsværk kunne de samme årspersoner "
        f"betjenes med, hvis kommunen arbejdede som de bedste? Input er årsværk i alt, output er årspersoner i "
        f"målgrupperne ({areas}); kommunerne sammenlignes kun med kombinationer af kommuner af lignende størrelse "
        "(variabelt skalaafkast). En score på 1 betyder, at kommunen ligger på fronten (bedste praksis); 0,80 "
        "betyder, at 80 % af årsværkene ville have været nok. " + _interval_source(eff, lang),
        "Efficiency is measured by DEA (data envelopment analysis): how few FTE could have served the same "
        f"person-years if the municipality worked like the best? The input is FTE in total, the outputs are the "
        f"person-years of the target groups ({areas}); each municipality is compared only with combinations of "
        "municipalities of a similar size (variable returns to scale). A score of 1 means the municipality is on "
        "the frontier (best practice); 0.80 means 80 % of the FTE would have done. " + _interval_source(eff, lang)))
    front = eff.frontier()
    sec.paragraphs.append(lang.t(f"På fronten ligger {len(front)} af {len(frame)} kommuner: {_join(lang, front)}.",
                                 f"{len(front)} of {len(frame)} municipalities are on the frontier: "
                                 f"{_join(lang, front)}."))
    interval = ""
    if np.isfinite(row["lower"]):
        interval = lang.t(f" (95 %-interval {lang.num(row['lower'], 2)}–{lang.num(row['upper'], 2)}, "
                          f"biaskorrigeret {lang.num(row['corrected'], 2)})",
                          f" (95 % interval {lang.num(row['lower'], 2)}–{lang.num(row['upper'], 2)}, "
                          f"bias-corrected {lang.num(row['corrected'], 2)})")
    targets = eff.targets(municipality)
    fte, target = float(targets.loc["fte", "actual"]), float(targets.loc["fte", "target"])
    if bool(row["frontier"]):
        sec.paragraphs.append(lang.t(
            f"{M} ligger på fronten med en effektivitet på 1{interval}: ingen kombination af de andre kommuner "
            "betjener de samme årspersoner med færre årsværk.",
            f"{M} is on the frontier with an efficiency of 1{interval}: no combination of the other "
            "municipalities serves the same person-years with fewer FTE."))
    else:
        peers = eff.peers(municipality)
        named = [f"{p} ({lang.num(w, 2)})" for p, w in peers.items()]
        sec.paragraphs.append(lang.t(
            f"{M} har en effektivitet på {lang.num(row['efficiency'], 2)}{interval}. {M}s forbilleder (peers) er "
            f"{_join(lang, named)} (vægte i parentes). Med deres praksis kunne {M}s årspersoner betjenes med "
            f"{lang.num(target, 1)} årsværk mod {lang.num(fte, 1)} i dag.",
            f"{M} has an efficiency of {lang.num(row['efficiency'], 2)}{interval}. {M}'s peers are "
            f"{_join(lang, named)} (weights in brackets). With their practice {M}'s person-years could be served "
            f"with {lang.num(target, 1)} FTE against {lang.num(fte, 1)} today."))
    if qual is not None:
        q = qual.to_frame().loc[municipality]
        qfront = qual.frontier()
        sec.paragraphs.append(lang.t(
            "Når kvaliteten tælles med – de selvforsørgende årspersoner, dvs. årspersoner gange jobraten, som et "
            f"ekstra output – bliver {M}s effektivitet {lang.num(q['efficiency'], 2)}, og fronten består af "
            f"{len(qfront)} kommuner: {_join(lang, qfront)}.",
            "When quality counts – the self-supporting person-years, i.e. person-years times the job rate, as an "
            f"extra output – {M}'s efficiency becomes {lang.num(q['efficiency'], 2)}, and {len(qfront)} "
            f"municipalities are on the frontier: {_join(lang, qfront)}."))
    sec.sources_heading = lang.t("Effektivitet pr. kommune (95 %-interval)", "Efficiency by municipality (95 % interval)")
    for m, r in frame.sort_values("efficiency", ascending=False, kind="stable").iterrows():
        iv = f" ({lang.num(r['lower'], 2)}–{lang.num(r['upper'], 2)})" if np.isfinite(r["lower"]) else ""
        mark = lang.t(" – på fronten", " – on the frontier") if r["frontier"] else ""
        sec.sources.append(f"{m}: {lang.num(r['efficiency'], 2)}{iv}{mark}")
    if charts:
        if lang.da:
            fig = eff.plot_frontier(highlight=municipality)
        else:
            fig = eff.plot_frontier(highlight=municipality, language="en")
        caption = lang.t(
            "Fronten i ét input og ét output: årsværk i alt mod alle årspersoner i målgrupperne, ét punkt pr. "
            "kommune; linjen forbinder kommunerne med bedste praksis (variabelt skalaafkast).",
            "The frontier with one input and one output: FTE in total against all person-years of the target "
            "groups, one point per municipality; the line joins the municipalities with best practice (variable "
            "returns to scale).")
        x = eff.inputs.sum(axis=1)
        y = eff.outputs[[c for c in eff.outputs.columns if c.startswith("py_")]].sum(axis=1)
        alt = lang.t(
            f"Frontdiagram. {M} bruger {lang.num(x[municipality], 1)} årsværk på {lang.num(y[municipality], 0)} "
            f"årspersoner. På fronten i dette billede ligger: {_join(lang, _front_1d(x, y))}.",
            f"Frontier chart. {M} uses {lang.num(x[municipality], 1)} FTE on {lang.num(y[municipality], 0)} "
            f"person-years. On the frontier of this view: {_join(lang, _front_1d(x, y))}.")
        sec.charts.append(_save(fig, chart_dir, "front", caption, alt))
    return sec


def _area_label(results: Any, area: str) -> str:
    """An output area in words: the labels of its items ("kontanthjælp 1 + kontanthjælp 2+3")."""
    from ..analysis import DEFAULT_AREAS

    items = DEFAULT_AREAS.get(area, (area,))
    labels = [str(results.items.at[i, "label"]) for i in items if i in results.items.index]
    return " + ".join(lower_first(x) for x in labels) if labels else area


def _front_1d(x: pd.Series, y: pd.Series) -> list[str]:
    from ..analysis import dea

    d = _quiet(dea, x.to_frame("fte"), y.to_frame("py"), rts="vrs")
    return [str(u) for u in d.efficiency.index[np.abs(d.efficiency - 1) < 1e-6]]


def _expected_section(results: Any, framework: Optional[pd.DataFrame], municipality: str, lang: Lang,
                      chart_dir: Path, charts: bool, number: str) -> Optional[Any]:
    from ..analysis import expected, similar
    from .assemble import Section
    from .charts import _save

    if framework is None or results.quality is None:
        return None
    conds = [c for c in EXPECTED_CONDITIONS if c in framework.columns]
    q = results.quality
    code = f"q.{results.root}.jobrate"
    sel = q[q["indicator"].astype(str) == code]
    if not conds or sel.empty:
        return None
    rate = pd.Series(pd.to_numeric(sel["value"], errors="coerce").to_numpy(), index=sel["municipality"].astype(str),
                     name="jobrate").groupby(level=0).first().reindex(results.municipalities)
    x = framework.reindex(results.municipalities)[conds]
    try:
        e = expected(rate, x)
        groups = similar(x, _SIMILAR)
    except _FAILURES:
        return None
    M = lang.municipality(municipality)
    r = e.loc[municipality]
    cond_words = lang.t("forsørgelsestrykket og Arbejdsmarkedsstyrelsens rangering af rammevilkårene (bilag I)",
                        "the benefit pressure (forsørgelsestryk) and the labour-market board's ranking of the "
                        "framework conditions (annex I)")
    verdict = {"over": lang.t("over det forventede", "above expectation"),
               "under": lang.t("under det forventede", "below expectation"),
               "within": lang.t("inden for det forventede", "within expectation")}[str(r["flag"])]
    sec = Section(id="forventet", number=number,
                  heading=lang.t("Forventede resultater givet rammevilkårene",
                                 "Expected results given the framework conditions"))
    sentence = lang.t(
        f"{M}s jobrate er {lang.pct(r['actual'], 0)}. Ud fra {cond_words} ville man forvente "
        f"{lang.pct(r['expected'], 0)} (95 %-prædiktionsinterval {lang.pct(r['lower'], 0)}–{lang.pct(r['upper'], 0)}). "
        f"{M} ligger dermed {verdict}; målt på faktisk minus forventet er {M} nr. {int(r['rank'])} af {len(e)}.",
        f"{M}'s job rate is {lang.pct(r['actual'], 0)}. From {cond_words} one would expect "
        f"{lang.pct(r['expected'], 0)} (95 % prediction interval {lang.pct(r['lower'], 0)}–{lang.pct(r['upper'], 0)}). "
        f"{M} is thus {verdict}; by actual minus expected {M} ranks {int(r['rank'])} of {len(e)}.")
    sec.paragraphs.append(lang.t(
        "Er kommunen dårligere end de andre, eller blot dårligere stillet? Forventningen er en lineær regression "
        "af resultatet på rammevilkårene, beregnet uden kommunen selv (leave-one-out), så en kommune ikke sætter "
        "sin egen forventning – som i STAR's rangering af jobcentrene.",
        "Is a municipality worse than the others, or only worse placed? The expectation is a linear regression "
        "of the result on the framework conditions, computed without the municipality itself (leave-one-out), "
        "so that a municipality does not set its own expectation – as in STAR's ranking of the job centres."))
    sec.paragraphs.append(sentence)
    peers = groups.get(municipality, [])
    if peers:
        comp = results.compare(municipality, peers=peers).loc[results.root]
        sec.paragraphs.append(lang.t(
            f"De {len(peers)} kommuner med de mest lignende rammevilkår (Mahalanobis-afstand) er {_join(lang, peers)}. "
            f"I alt bruger {M} {lang.num(comp['value'], 1)} årsværk pr. 1.000 årspersoner; gennemsnittet af "
            f"gruppen ({M} og de {len(peers)}) er {lang.num(comp['mean'], 1)}, og {M} er nr. {int(comp['rank'])} "
            f"af {int(comp['n'])} (1 = højeste produktivitet).",
            f"The {len(peers)} municipalities with the most similar framework conditions (Mahalanobis distance) are "
            f"{_join(lang, peers)}. In total {M} uses {lang.num(comp['value'], 1)} FTE per 1,000 person-years; the "
            f"mean of the group ({M} and the {len(peers)}) is {lang.num(comp['mean'], 1)}, and {M} ranks "
            f"{int(comp['rank'])} of {int(comp['n'])} (1 = highest productivity)."))
    if charts:
        fig = plotting.expected_chart(
            e, highlight=municipality, percent=True,
            xlabel=lang.t("Forventet jobrate ud fra rammevilkår", "Expected job rate from the framework conditions"),
            ylabel=lang.t("Faktisk jobrate", "Actual job rate"),
            diagonal_label=lang.t("Faktisk = forventet", "Actual = expected"))
        caption = lang.t(
            "Faktisk mod forventet jobrate, ét punkt pr. kommune; den lodrette bjælke er 95 %-prædiktionsintervallet "
            "om forventningen. Punkter over bjælken klarer sig bedre, end rammevilkårene forklarer.",
            "Actual against expected job rate, one point per municipality; the vertical bar is the 95 % prediction "
            "interval around the expectation. Points above their bar do better than the framework conditions "
            "explain.")
        sec.charts.append(_save(fig, chart_dir, "forventet", caption,
                                lang.t("Faktisk mod forventet. ", "Actual against expected. ") + sentence))
    return sec


def _what_if_section(results: Any, municipality: str, lang: Lang, number: str,
                     disclosure: Optional[Any]) -> Optional[Any]:
    """Section ``number``: the municipality's FTE per target area against the FTE it would need at the
    group mean, at the best quartile and on the frontier (a table and a sentence), or None when
    :func:`jobbench.analysis.what_if` fails or has no rows for it. Under disclosure control the needed
    FTE of an area whose productivity is withheld are withheld too (they give away its person-years)."""
    from ..analysis import what_if
    from .assemble import Cell, ReportRow, ReportTable, Section
    from .language import SUPPRESSED

    try:
        w = _quiet(what_if, results, quartile=WHAT_IF_QUARTILE)
    except _FAILURES:
        return None
    own = w[w["municipality"].astype(str) == municipality]
    if own.empty:
        return None
    scenarios = ("group_mean", "best_quartile", "frontier")
    M = lang.municipality(municipality)
    rows, shown = [], []
    for item, g in own.groupby("item", sort=False):
        needed = {str(s): float(v) for s, v in zip(g["scenario"], g["fte_needed"])}
        fte, label = float(g["fte"].iloc[0]), str(g["label"].iloc[0])
        held = disclosure is not None and disclosure.item(str(item), municipality)
        cells = [Cell(lang.value(fte, "decimal"), fte, "decimal") if np.isfinite(fte)
                 else Cell("", float("nan"), "decimal")]
        for s in scenarios:
            v = needed.get(s, float("nan"))
            if held:
                cells.append(Cell(SUPPRESSED, float("nan"), "decimal", withheld=True))
            elif np.isfinite(v):
                cells.append(Cell(lang.value(v, "decimal"), v, "decimal"))
            else:
                cells.append(Cell("", float("nan"), "decimal"))
        rows.append(ReportRow(label=label, bold=False, heading=False, indent=False, cells=cells, code=str(item),
                              text=label))
        if not held and all(np.isfinite(c.value) for c in cells):
            shown.append((str(item), label, fte, [needed[s] for s in scenarios]))
    n_items = len(rows)
    if n_items == 0:
        return None
    if len(shown) == n_items:  # a total only when every figure is shown
        total = [sum(x[2] for x in shown), *[sum(x[3][k] for x in shown) for k in range(len(scenarios))]]
        rows.append(ReportRow(label=lang.t("I alt", "Total"), bold=True, heading=False, indent=False,
                              cells=[Cell(lang.value(v, "decimal"), v, "decimal") for v in total], code="total",
                              text=lang.t("I alt", "Total")))
    table = ReportTable(
        id=number,
        title=lang.t(f"Hvad hvis: årsværk i {municipality} ved gennemsnittets, den bedste kvartils og frontens "
                     "produktivitet", f"What if: FTE in {municipality} at the productivity of the mean, the best "
                     "quartile and the frontier"),
        columns=[lang.t("Årsværk i dag", "FTE today"), lang.t("Ved gns. kommuner", "At the group mean"),
                 lang.t("Ved bedste kvartil", "At the best quartile"), lang.t("På fronten", "On the frontier")],
        rows=rows, highlight=None,
        note=lang.t(
            "Årsværk, der skulle til for at betjene kommunens årspersoner i hver målgruppe: med gennemsnittets "
            "produktivitet («Gns. kommuner»), med den produktivitet, som den bedste fjerdedel af kommunerne når "
            f"({lang.num(WHAT_IF_QUARTILE * 100, 0)} %-fraktilen af årsværk pr. 1.000 årspersoner), og på fronten "
            "(DEA med målgruppens årsværk som input og dens årspersoner som output, variabelt skalaafkast).",
            "FTE needed to serve the municipality's person-years in each target group: at the mean productivity "
            "(«Gns. kommuner»), at the productivity that the best quarter of the municipalities reach (the "
            f"{lang.num(WHAT_IF_QUARTILE * 100, 0)} % quantile of FTE per 1,000 person-years), and on the frontier "
            "(DEA with the group's FTE as input and its person-years as output, variable returns to scale)."))
    sec = Section(id="hvad-hvis", number=number,
                  heading=lang.t("Hvad hvis: hvor mange årsværk skulle der til?",
                                 "What if: how many FTE would be needed?"))
    sec.paragraphs.append(lang.t(
        f"Tabel {number} viser, hvor mange årsværk {M} ville bruge på hver målgruppe med de samme årspersoner, "
        "hvis produktiviteten var som gennemsnittet af kommunerne, som den bedste fjerdedel af kommunerne eller "
        "som fronten for kommuner af samme størrelse. Tallene er regnestykker på benchmarkens tal, ikke en "
        "normering: de arver usikkerheden i tidsregistreringen og ser ikke på kvaliteten.",
        f"Table {number} shows how many FTE {M} would use on each target group with the same person-years if "
        "its productivity were that of the average municipality, that of the best quarter of the "
        "municipalities, or that of the frontier for municipalities of its size. The figures are arithmetic on "
        "the benchmark's figures, not a staffing norm: they inherit the uncertainty of the time registration "
        "and know nothing about quality."))
    if shown:
        sec.paragraphs.append(_what_if_sentence(lang, M, number, shown, n_items))
    sec.tables.append(table)
    return sec


def _what_if_sentence(lang: Lang, M: str, number: str, shown: list, n_rows: int) -> str:
    """The generated sentence: today's FTE on the areas with every figure, the three scenarios' totals
    against it, and the area with the most FTE to spare against the frontier."""
    fte = sum(x[2] for x in shown)
    needed = [sum(x[3][k] for x in shown) for k in range(3)]

    def diff(v: float) -> str:
        d = v - fte
        if abs(d) < 0.05:
            return lang.t("det samme som i dag", "the same as today")
        return lang.t(f"{lang.num(abs(d), 1)} {'flere' if d > 0 else 'færre'} end i dag",
                      f"{lang.num(abs(d), 1)} {'more' if d > 0 else 'fewer'} than today")

    if len(shown) == n_rows:
        where = lang.t(f"de {n_rows} målgrupper i tabel {number}", f"the {n_rows} target groups of table {number}")
    else:
        where = lang.t(f"de {len(shown)} af tabellens {n_rows} målgrupper, hvor alle tal vises,",
                       f"the {len(shown)} of the table's {n_rows} target groups with every figure shown")
    text = lang.t(
        f"På {where} bruger {M} i dag {lang.num(fte, 1)} årsværk. Med gennemsnittets produktivitet skulle der "
        f"bruges {lang.num(needed[0], 1)} årsværk ({diff(needed[0])}), med den bedste kvartils "
        f"{lang.num(needed[1], 1)} ({diff(needed[1])}) og på fronten {lang.num(needed[2], 1)} ({diff(needed[2])}).",
        f"On {where}, {M} uses {lang.num(fte, 1)} FTE today. At the mean productivity it would need "
        f"{lang.num(needed[0], 1)} FTE ({diff(needed[0])}), at the best quartile's {lang.num(needed[1], 1)} "
        f"({diff(needed[1])}) and on the frontier {lang.num(needed[2], 1)} ({diff(needed[2])}).")
    item, label, f, n = min(shown, key=lambda x: x[3][2] - x[2])
    if n[2] - f <= -0.05:
        text += " " + lang.t(
            f"Størst er forskellen til fronten for {lower_first(label)}: {lang.num(f, 1)} årsværk i dag mod "
            f"{lang.num(n[2], 1)} på fronten.",
            f"The gap to the frontier is largest for {lower_first(label)}: {lang.num(f, 1)} FTE today against "
            f"{lang.num(n[2], 1)} on the frontier.")
    return text


def frontier_sections(results: Any, municipality: str, lang: Lang, chart_dir: Path, charts: bool,
                      framework: Optional[pd.DataFrame], number: str,
                      disclosure: Optional[Any] = None) -> tuple[list[Any], list[str]]:
    """The chapter's sections (efficiency, what-if, expected; numbered ``<number>.1``, ``.2`` … in that
    order, those that do not apply left out) and its intro; empty when none applies. ``disclosure``
    (:class:`~jobbench.report.disclosure.Disclosure`) withholds the what-if figures of withheld areas."""
    secs: list[Any] = []
    builders = (
        lambda n: _efficiency_section(results, municipality, lang, chart_dir, charts, n),
        lambda n: _what_if_section(results, municipality, lang, n, disclosure),
        lambda n: _expected_section(results, framework, municipality, lang, chart_dir, charts, n),
    )
    for build in builders:
        sec = build(f"{number}.{len(secs) + 1}")
        if sec is not None:
            secs.append(sec)
    if not secs:
        return [], []
    intro = [lang.t(
        "Rapporten slutter med at spørge, om kommunerne kombinerer høj produktivitet med høj kvalitet, og om "
        "rammevilkårene forklarer forskellene. Dette kapitel giver tre svar: en frontanalyse, der vejer årsværk "
        "mod alle målgrupper på én gang, et regnestykke over, hvor mange årsværk hver målgruppe ville kræve med "
        "gennemsnittets, den bedste kvartils og frontens produktivitet, og en sammenligning af resultaterne med "
        "det, rammevilkårene lader forvente.",
        "The report ends by asking whether the municipalities combine high productivity with high quality, and "
        "whether the framework conditions explain the differences. This chapter gives three answers: a frontier "
        "analysis that weighs FTE against all target groups at once, the arithmetic of how many FTE each target "
        "group would take at the productivity of the mean, the best quartile and the frontier, and a comparison "
        "of the results with what the framework conditions lead one to expect.")]
    return secs, intro
