#!/usr/bin/env python3
"""Write python/jobbench/specs/jobindsats2019.json: today's target groups (jobindsats after 2019)
with the 2013 benchmark's task tree, tables and quality indicators.

    python make_spec.py [path/to/jobbench/specs/jobindsats2019.json]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(
    "/work/main/python/jobbench/specs/jobindsats2019.json")

# --- target groups: (code, label, [components]) --------------------------------------------------
BASE = [
    ("adp", "A-dagpenge"),
    ("kh_jobparat", "Kontanthjælp, jobparate"),
    ("kh_aktivitetsparat", "Kontanthjælp, aktivitetsparate"),
    ("uddh_uddparat", "Uddannelseshjælp, uddannelsesparate (inkl. åbenlyst uddannelsesparate)"),
    ("uddh_aktivitetsparat", "Uddannelseshjælp, aktivitetsparate"),
    ("shy_jobparat", "Selvforsørgelses- og hjemrejseydelse og overgangsydelse, jobparate"),
    ("shy_aktivitetsparat", "Selvforsørgelses- og hjemrejseydelse og overgangsydelse, aktivitetsparate"),
    ("syg", "Sygedagpenge"),
    ("jaf", "Jobafklaringsforløb"),
    ("ref", "Ressourceforløb"),
    ("ly", "Ledighedsydelse"),
    ("flex", "Fleksjob"),
    ("reval", "Revalidering"),
]
COMPOSITE = {
    "kh": ("Kontanthjælp i alt", ["kh_jobparat", "kh_aktivitetsparat"]),
    "uddh": ("Uddannelseshjælp i alt", ["uddh_uddparat", "uddh_aktivitetsparat"]),
    "shy": ("Selvforsørgelses- og hjemrejseydelse og overgangsydelse i alt",
            ["shy_jobparat", "shy_aktivitetsparat"]),
}
TOTAL = ("alle", "Alle målgrupper")
ORDER = ["adp", "kh", "uddh", "shy", "syg", "jaf", "ref", "ly", "flex", "reval"]  # the areas
LABEL = dict(BASE) | {code: label for code, (label, _) in COMPOSITE.items()}
AREA_LABEL = {a: LABEL[a] for a in ORDER} | {
    "kh": "Kontanthjælp", "uddh": "Uddannelseshjælp",
    "shy": "Selvforsørgelses- og hjemrejseydelse og overgangsydelse"}

# --- the task tree: sub-tasks of Sagsbehandling (suffix, label, divisor) and Virksomhedsindsats ---
SPEC_SAG = ("spec", "Specialiseret sagsbehandling", None)
SAMT = ("samt", "Samtaler og opfølgningsplaner", None)
SAG: dict[str, list[tuple[str, str, str | None]]] = {
    "adp": [SAMT, SPEC_SAG],
    "kh": [("jobparat", "For jobparate", "kh_jobparat"),
           ("aktivitetsparat", "For aktivitetsparate", "kh_aktivitetsparat"), SPEC_SAG],
    "uddh": [("uddparat", "For uddannelsesparate", "uddh_uddparat"),
             ("aktivitetsparat", "For aktivitetsparate", "uddh_aktivitetsparat"), SPEC_SAG],
    "shy": [("jobparat", "For jobparate", "shy_jobparat"),
            ("aktivitetsparat", "For aktivitetsparate", "shy_aktivitetsparat"),
            ("integ", "Integrationsindsats", None)],
    "syg": [SAMT, SPEC_SAG],
    "jaf": [("rehab", "Rehabiliteringsteam", None), ("forloeb", "Jobafklaringsforløb", None)],
    "ref": [("rehab", "Rehabiliteringsteam", None), ("forloeb", "Ressourceforløb", None)],
    "ly": [SAMT, SPEC_SAG],
    "flex": [SAMT, ("visit", "Visitation til fleksjob", None)],
    "reval": [],
}
VIRK_KIND = {"udpl": ("Udplacering", "udplacering"), "jobform": ("Jobformidling", "jobformidling"),
             "jobrot": ("Jobrotation", "jobrotation"),
             "generel": ("Generel virksomhedskontakt", "generel"),
             "fasth": ("Fastholdelse", "fastholdelse")}
VIRK = {
    "adp": ["udpl", "jobform", "jobrot", "generel"],
    "kh": ["udpl", "jobform", "jobrot", "generel"],
    "uddh": ["udpl", "jobform", "jobrot", "generel"],
    "shy": ["udpl", "jobform", "generel"],
    "syg": ["udpl", "fasth", "generel"],
    "jaf": ["udpl", "fasth", "generel"],
    "ref": ["udpl", "generel"],
    "ly": ["udpl", "jobform", "fasth", "generel"],
    "flex": ["udpl", "jobform", "fasth", "generel"],
    "reval": ["udpl", "generel"],
}

# --- quality indicators (the 2013 measures; register/frames.py maps the suffixes) -----------------
QUALITY = {"samtale": ("Samtaleintensitet", "decimal"), "tilbud": ("Tilbudsintensitet", "decimal"),
           "virktilbud": ("Virksomhedsrettet tilbudsintensitet", "decimal"),
           "aktgrad": ("Aktiveringsgrad", "percent"),
           "virkaktgrad": ("Virksomhedsrettet aktiveringsgrad", "percent"),
           "delvis": ("Delvise raskmeldinger", "percent"),
           "jobrate": ("Job- og uddannelsesrater", "percent")}
SIX = ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "jobrate"]
SEVEN = SIX[:5] + ["delvis", "jobrate"]
QUALITY_ROWS = {"total": SEVEN, "adp": SIX, "kh": SIX, "uddh": SIX, "shy": SIX, "syg": SEVEN,
                "jaf": SIX, "ref": SIX, "ly": SIX, "flex": ["samtale"],
                "reval": ["samtale", "aktgrad", "virkaktgrad"],
                "virk": ["virktilbud", "virkaktgrad"]}
TITLES = {
    "adp": "Produktivitet og kvalitet i indsatsen overfor A-dagpengemodtagere",
    "kh": "Produktivitet og kvalitet i indsatsen overfor kontanthjælpsmodtagere",
    "uddh": "Produktivitet og kvalitet i indsatsen overfor uddannelseshjælpsmodtagere",
    "shy": "Produktivitet og kvalitet i indsatsen overfor modtagere af selvforsørgelses- og "
           "hjemrejseydelse og overgangsydelse",
    "syg": "Produktivitet og kvalitet i indsatsen overfor sygedagpengemodtagerne",
    "jaf": "Produktivitet og kvalitet i indsatsen for personer i jobafklaringsforløb",
    "ref": "Produktivitet og kvalitet i ressourceforløbsindsatsen",
    "ly": "Produktivitet og kvalitet i indsatsen overfor modtagere af ledighedsydelse",
    "flex": "Produktivitet og kvalitet i indsatsen for personer i fleksjob",
    "reval": "Produktivitet og kvalitet i revalideringsindsatsen",
}

# --- register part -------------------------------------------------------------------------------
RULE = {"first_within": 1, "min_conversations": 4, "window": 26}
RULE_GROUPS = {"kh_aktivitetsparat", "uddh_aktivitetsparat", "shy_aktivitetsparat"}
OFFERS = [("vejl", "Vejledning og opkvalificering", False), ("udd", "Ordinær uddannelse", False),
          ("lt_priv", "Privat løntilskud", True), ("lt_off", "Offentligt løntilskud", True),
          ("praktik_priv", "Privat virksomhedspraktik", True),
          ("praktik_off", "Offentlig virksomhedspraktik", True),
          ("nytte", "Nytteindsats", False)]
CATEGORIES = [("vejl_opkval", "Vejledning og opkvalificering", ["vejl", "udd"]),
              ("virk_praktik", "Virksomhedspraktik", ["praktik_priv", "praktik_off"]),
              ("loentilskud", "Løntilskud", ["lt_priv", "lt_off"])]


def target_groups() -> list[dict[str, Any]]:
    """Base groups, the three composites after their parts, then all target groups."""
    out: list[dict[str, Any]] = []
    for code, label in BASE:
        out.append({"code": code, "label": label})
        for comp, (clabel, parts) in COMPOSITE.items():
            if code == parts[-1]:
                out.append({"code": comp, "label": clabel, "components": parts})
    out.append({"code": TOTAL[0], "label": TOTAL[1], "components": ORDER})
    return out


def area_tasks(area: str) -> list[dict[str, Any]]:
    """One area's sub-tree: modtagelse, sagsbehandling, virksomhedsindsats, teamledelse."""
    tasks: list[dict[str, Any]] = [
        {"code": area, "parent": "total", "label": AREA_LABEL[area], "divisor": area},
        {"code": f"{area}.modt", "parent": area, "label": "Modtagelse og telefonvagt"},
        {"code": f"{area}.sag", "parent": area, "label": "Sagsbehandling"}]
    for suffix, label, divisor in SAG[area]:
        task = {"code": f"{area}.sag.{suffix}", "parent": f"{area}.sag", "label": label}
        if divisor:
            task["divisor"] = divisor
        tasks.append(task)
    tasks.append({"code": f"{area}.virk", "parent": area, "label": "Virksomhedsindsats",
                  "tags": ["virksomhedsindsats"]})
    for kind in VIRK[area]:
        label, tag = VIRK_KIND[kind]
        if area == "ly" and kind == "jobform":
            label = "Formidling"
        tasks.append({"code": f"{area}.virk.{kind}", "parent": f"{area}.virk", "label": label,
                      "tags": [tag]})
    tasks += [
        {"code": f"{area}.team", "parent": area, "label": "Teamledelse",
         "tags": ["ledelse", "teamledelse"]},
        {"code": f"{area}.team.virk", "parent": f"{area}.team",
         "label": "Teamledelse af virksomhedsindsatsen", "tags": ["virk_teamledelse"]},
        {"code": f"{area}.team.oevrig", "parent": f"{area}.team", "label": "Øvrig teamledelse"}]
    return tasks


def tasks() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"code": "total", "label": "I alt", "divisor": TOTAL[0]}]
    for area in ORDER:
        out += area_tasks(area)
    out += [
        {"code": "adm", "parent": "total", "label": "Administration", "divisor": TOTAL[0]},
        {"code": "adm.adm", "parent": "adm", "label": "Administration, møder mv."},
        {"code": "adm.stab", "parent": "adm", "label": "Stabsbetjening"},
        {"code": "adm.ledelse", "parent": "adm", "label": "Ledelse (stab/administration)",
         "tags": ["ledelse", "teamledelse"]},
        {"code": "strat", "parent": "total", "label": "Strategisk ledelse", "divisor": TOTAL[0],
         "tags": ["ledelse", "strategisk_ledelse"]},
        {"code": "div", "parent": "total", "label": "Diverse", "divisor": TOTAL[0]}]
    return out


def aggregates() -> list[dict[str, Any]]:
    """The "heraf" aggregates of 2013, divided by all target groups."""
    div = TOTAL[0]
    out: list[dict[str, Any]] = [
        {"code": "heraf_ledelse", "label": "Heraf ledelse", "tags": ["ledelse"], "divisor": div},
        {"code": "heraf_virksomhedsindsats", "label": "Heraf virksomhedsindsats",
         "tags": ["virksomhedsindsats", "virk_teamledelse"], "divisor": div}]
    for code, label, tag in [("virk_udplacering", "Udplacering", "udplacering"),
                             ("virk_jobformidling", "Jobformidling", "jobformidling"),
                             ("virk_jobrotation", "Jobrotation", "jobrotation"),
                             ("virk_generel", "Generel virksomhedskontakt", "generel"),
                             ("virk_fastholdelse", "Fastholdelse", "fastholdelse"),
                             ("virk_teamledelse", "Teamledelse (virksomhedsindsats)",
                              "virk_teamledelse")]:
        out.append({"code": code, "label": label, "tags": [tag], "divisor": div,
                    "area": "heraf_virksomhedsindsats"})
    out.append({"code": "ledelse_team", "label": "Teamledelse", "tags": ["teamledelse"],
                "divisor": div, "area": "heraf_ledelse"})
    return out


def indicators() -> list[dict[str, Any]]:
    out = []
    for scope, measures in QUALITY_ROWS.items():
        for m in measures:
            label, fmt = QUALITY[m]
            out.append({"code": f"q.{scope}.{m}", "label": label, "format": fmt,
                        "higher_is_better": True, "scope": scope})
    return out


def quality_rows(scope: str) -> list[dict[str, Any]]:
    return [{"label": QUALITY[m][0], "indicator": f"q.{scope}.{m}", "format": QUALITY[m][1]}
            for m in QUALITY_ROWS[scope]]


def prod(label: str, item: str, bold: bool = False, measure: str = "productivity"
         ) -> dict[str, Any]:
    return {"label": label, "item": item, "measure": measure, "bold": bold}


def main_rows(measure: str) -> list[dict[str, Any]]:
    """The main tasks as rows (table 3.1, 4.1 and the annex)."""
    rows = [{"label": AREA_LABEL[a], "item": a, "bold": False} for a in ORDER]
    rows += [{"label": "Administration", "item": "adm", "bold": False},
             {"label": "Strategisk ledelse", "item": "strat", "bold": False},
             {"label": "Diverse", "item": "div", "bold": False},
             {"label": "I alt", "item": "total", "bold": True},
             {"label": "-Heraf ledelse", "item": "heraf_ledelse", "bold": False},
             {"label": "-Heraf virksomhedsindsats", "item": "heraf_virksomhedsindsats",
              "bold": False}]
    if measure:
        for r in rows:
            r["measure"] = measure
    return rows


def table_31() -> dict[str, Any]:
    rows = main_rows("")
    rows.append({"label": "-Heraf puljer og løntilskud", "item": "total", "external": True,
                 "bold": False})
    return {"title": "Det samlede ressourceforbrug på jobcenteropgaver",
            "columns": [{"label": "Årsværk", "measure": "fte", "scope": "municipality"},
                        {"label": "Procent", "measure": "share", "scope": "municipality"},
                        {"label": "Alle kommuner, procent", "measure": "pooled_share",
                         "scope": "all"}],
            "rows": rows}


def table_41() -> dict[str, Any]:
    rows = [prod("Produktivitet", "total", True)]
    rows += [prod(f"*{AREA_LABEL[a]}", a) for a in ORDER]
    rows += [prod("Administration", "adm"), prod("I alt", "total", True),
             prod("-Heraf ledelse", "heraf_ledelse"),
             prod("-Heraf virksomhedsindsats", "heraf_virksomhedsindsats"),
             prod("-Heraf puljer og løntilskud", "total", measure="productivity_external")]
    return {"title": "Produktivitet og kvalitet i beskæftigelsesindsatsen",
            "rows": rows + quality_rows("total"),
            "note": "*Inklusiv teamledelse, eksklusiv møder og administration"}


def area_table(area: str) -> dict[str, Any]:
    rows = [prod("Produktivitet", area, True), prod("Modtagelse og telefonvagt", f"{area}.modt"),
            prod("Sagsbehandling", f"{area}.sag")]
    rows += [prod(f"-{label}", f"{area}.sag.{suffix}") for suffix, label, _ in SAG[area]]
    rows.append(prod("Virksomhedsindsats", f"{area}.virk"))
    rows += [prod(f"-{'Formidling' if area == 'ly' and k == 'jobform' else VIRK_KIND[k][0]}",
                  f"{area}.virk.{k}") for k in VIRK[area]]
    rows += [prod("Teamledelse", f"{area}.team"), prod("Samlet", area, True),
             prod("-Heraf puljer og løntilskud", area, measure="productivity_external")]
    return {"title": TITLES[area], "rows": rows + quality_rows(area)}


def tables() -> dict[str, Any]:
    out: dict[str, Any] = {"3.1": table_31(), "4.1": table_41()}
    number = 2
    for area in ORDER:
        out[f"4.{number}"] = area_table(area)
        number += 1
    virk = [prod("Produktivitet", "heraf_virksomhedsindsats", True)]
    virk += [prod(label, code) for code, label in [
        ("virk_udplacering", "Udplacering"), ("virk_jobformidling", "Jobformidling"),
        ("virk_jobrotation", "Jobrotation"), ("virk_generel", "Generel virksomhedskontakt"),
        ("virk_fastholdelse", "Fastholdelse"), ("virk_teamledelse", "Teamledelse")]]
    out[f"4.{number}"] = {"title": "Produktivitet og kvalitet i virksomhedsindsatsen",
                          "rows": virk + quality_rows("virk")}
    out[f"4.{number + 1}"] = {"title": "Produktivitet i den administrative indsats", "rows": [
        prod("Produktivitet", "adm", True), prod("Administration, møder mv.", "adm.adm"),
        prod("Stabsbetjening", "adm.stab"), prod("Ledelse (stab/administration)", "adm.ledelse"),
        prod("I alt", "adm", True)]}
    out[f"4.{number + 2}"] = {"title": "Produktivitet i den ledelsesmæssige indsats", "rows": [
        prod("Produktivitet", "heraf_ledelse", True), prod("Teamledelse", "ledelse_team"),
        prod("Strategisk ledelse", "strat"), prod("I alt", "heraf_ledelse", True)]}
    out["bilag1"] = annex()
    return out


def annex() -> dict[str, Any]:
    """Key figures: population, the load of each target group on it, the resource shares."""
    rows: list[dict[str, Any]] = [{"label": "Befolkning (18-64 år)", "measure": "population",
                                   "format": "count", "bold": True}]
    rows += [{"label": AREA_LABEL[a], "group": a, "measure": "forsoergelsestryk",
              "format": "percent"} for a in ORDER]
    rows.append({"label": TOTAL[1], "group": TOTAL[0], "measure": "forsoergelsestryk",
                 "format": "percent", "bold": True})
    rows += main_rows("share")
    rows.append({"label": "-Heraf puljer og løntilskud", "item": "total",
                 "measure": "share_external", "bold": False})
    rows.append({"label": "Årsværk per 1.000 18-64-årige", "item": "total",
                 "measure": "fte_per_1000_population"})
    return {"title": "Bilag I: Nøgletal for de medvirkende kommuner", "rows": rows}


def register() -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for code, label in BASE:
        g: dict[str, Any] = {"code": code, "label": label, "target": True,
                             "sickness": code == "syg", "benchmark_group": code}
        if code in RULE_GROUPS:
            g["conversation_rule"] = dict(RULE)
        groups.append(g)
    groups += [
        {"code": "fp", "label": "Førtidspension", "target": False, "sickness": False,
         "benchmark_group": None},
        {"code": "other", "label": "Anden offentlig forsørgelse (uden for målgrupperne)",
         "target": False, "sickness": False, "benchmark_group": None},
        {"code": "job", "label": "Lønmodtagerbeskæftigelse (selvforsørgende)", "target": False,
         "sickness": False, "benchmark_group": None, "self_supporting": True},
        {"code": "education", "label": "Uddannelse (selvforsørgende)", "target": False,
         "sickness": False, "benchmark_group": None, "self_supporting": True}]
    aggs = []
    for code, (label, parts) in COMPOSITE.items():
        a: dict[str, Any] = {"code": code, "label": label, "groups": parts}
        if code == "kh":
            a["conversation_rule"] = dict(RULE)
        aggs.append(a)
    scopes = {"total": TOTAL[0]} | {a: a for a in ORDER} | {"virk": TOTAL[0]}
    return {
        "period": {"first": 202101, "last": 202152},
        "no_offer": "none",
        "groups": groups,
        "offers": [{"code": c, "label": lab, "company_directed": cd} for c, lab, cd in OFFERS],
        "offer_categories": [{"code": c, "label": lab, "offers": o} for c, lab, o in CATEGORIES],
        "aggregates": aggs,
        "total": {"code": TOTAL[0], "label": TOTAL[1]},
        "quality_scopes": scopes,
    }


def spec() -> dict[str, Any]:
    return {
        "name": "Jobcenterbenchmark, målgrupper som på jobindsats.dk (2019-)",
        "source": "Målgrupper og tilbudskategorier som i jobindsats.dk's tabeller efter 2019 "
                  "(ydelsesgrupper og visitationskategorier); opgavetræ, tabeller og "
                  "kvalitetsindikatorer som i Mploy/Kibak Consult, Jobcenterbenchmark 2013",
        "population_label": "Befolkning (18-64 år)",
        "target_groups": target_groups(),
        "tasks": tasks(),
        "aggregates": aggregates(),
        "employment_weights": {"ordinary": 1.0, "flexjob": 0.5, "seniorjob": 0.75},
        "classes": {"basis": "area", "same": 0.01, "slightly": 0.065, "plain": 0.16,
                    "considerably": 0.21},
        "indicators": indicators(),
        "tables": tables(),
        "register": register(),
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(spec(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(OUT)
