#!/usr/bin/env python3
"""Write python/jobbench/specs/benchmark2013.json (the 2013 Jobcenterbenchmark spec, docs/design.md §1, §6).

    python tools/benchmark2013/make_spec.py

The inferences behind the divisors are documented in python/jobbench/datasets/benchmark2013/README.md.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "python" / "jobbench" / "specs" / "benchmark2013.json"

GROUP_LABELS = {
    "adp": "A-dagpenge", "udd": "Udd.- & arbejdsmarkedsydelse", "kh1": "Kontanthjælp 1",
    "kh23": "Kontanthjælp 2+3", "reval": "Revalidering", "syg": "Sygedagpenge", "ly": "Ledighedsydelse",
    "rf": "Ressourceforløb",
}
AGE_SPLIT = ["adp", "udd", "kh1", "kh23"]
JC_COMPONENTS = ["adp", "kh1", "kh23", "syg", "ly", "reval", "jc_oevrige"]  # udd: see README

# sub-task structure per target-group task: (suffix, label, children[(suffix, label, tags, divisor)])
SAG = {
    "adp": [("o30", "For over 30-årige"), ("u30", "For under 30-årige"), ("spec", "Specialiseret sagsbehandling")],
    "udd": [("o30", "For over 30-årige"), ("u30", "For under 30-årige"), ("spec", "Specialiseret sagsbehandling")],
    "kh1": [("o30", "For over 30-årige"), ("u30", "For under 30-årige"), ("spec", "Specialiseret sagsbehandling")],
    "kh23": [("o30", "For over 30-årige"), ("u30", "For under 30-årige"), ("spec", "Specialiseret sagsbehandling"),
             ("integ", "Integrationsindsats")],
    "syg": [("samt", "Samtaler og opfølgingsplaner"), ("spec", "Specialiseret sagsbehandling")],
    "ly": [("samt", "Samtaler og opfølgingsplaner"), ("spec", "Specialiseret sagsbehandling")],
    "reval": [],
    "rf": [("rehab", "Rehabiliteringsteam"), ("forloeb", "Ressourceforløb")],
}
VIRK_KIND = {"udpl": ("Udplacering", "udplacering"), "jobform": ("Jobformidling", "jobformidling"),
             "jobrot": ("Jobrotation", "jobrotation"), "generel": ("Generel virksomhedskontakt", "generel"),
             "fasth": ("Fastholdelse", "fastholdelse")}
VIRK = {
    "adp": ["udpl", "jobform", "jobrot", "generel"],
    "udd": ["udpl", "jobform", "jobrot", "generel"],
    "kh1": ["udpl", "jobform", "jobrot", "generel"],
    "kh23": ["udpl", "generel"],
    "syg": ["udpl", "fasth", "generel"],
    "ly": ["udpl", "jobform", "fasth", "generel"],
    "reval": ["udpl", "generel"],
    "rf": ["udpl", "generel"],
}
ORDER = ["adp", "udd", "kh1", "kh23", "reval", "syg", "ly", "rf"]
DIVISOR = {g: g for g in ORDER}
DIVISOR["rf"] = "rf_maalgruppe"

QUALITY = [("samtale", "Samtaleintensitet", "decimal"), ("tilbud", "Tilbudsintensitet", "decimal"),
           ("virktilbud", "Virksomhedsrettet tilbudsintensitet", "decimal"),
           ("aktgrad", "Aktiveringsgrad", "percent"),
           ("virkaktgrad", "Virksomhedsrettet aktiveringsgrad", "percent"),
           ("delvis", "Delvise raskmeldinger", "percent"),
           ("jobrate", "Job- og uddannelsesrater", "percent")]
QUALITY_ROWS = {  # which indicators each table prints, in order
    "4.1": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "delvis", "jobrate"],
    "4.2": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "jobrate"],
    "4.4": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "jobrate"],
    "4.5": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "jobrate"],
    "4.6": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "delvis", "jobrate"],
    "4.7": ["samtale", "tilbud", "virktilbud", "aktgrad", "virkaktgrad", "jobrate"],
    "4.8": ["samtale", "aktgrad", "virkaktgrad"],
    "4.10": ["virktilbud", "virkaktgrad"],
}
TABLE_GROUP = {"4.1": "total", "4.2": "adp", "4.3": "udd", "4.4": "kh1", "4.5": "kh23", "4.6": "syg", "4.7": "ly",
               "4.8": "reval", "4.9": "rf", "4.10": "virk"}
TABLE_TITLE = {
    "3.1": "Det samlede ressourceforbrug på jobcenteropgaver",
    "4.1": "Produktivitet og kvalitet i beskæftigelsesindsatsen",
    "4.2": "Produktivitet og kvalitet i indsatsen overfor A-dagpengemodtagere",
    "4.3": "Produktivitet og kvalitet i indsatsen for personer på særlig uddannelsesydelse",
    "4.4": "Produktivitet og kvalitet i indsatsen overfor kontanthjælps match 1",
    "4.5": "Produktivitet og kvalitet i indsatsen overfor kontanthjælpsmodtagere i match 2-3",
    "4.6": "Produktivitet og kvalitet i indsatsen overfor sygedagpengemodtagerne",
    "4.7": "Kvalitet og produktivitet i indsatsen overfor modtagere af ledighedsydelse",
    "4.8": "Produktivitet og kvalitet i revalideringsindsatsen",
    "4.9": "Produktivitet og kvalitet i ressourceforløbsindsatsen",
    "4.10": "Produktivitet og kvalitet i virksomhedsindsatsen",
    "4.11": "Produktivitet i den administrative indsats",
    "4.12": "Produktivitet i den ledelsesmæssige indsats",
    "bilag1": "Bilag I: Nøgletal for de medvirkende kommuner",
}


# The register part (docs/register-indicators.md): benefit groups of the person-week panel with
# their job-centre target-group and sickness flags and the benchmark target group each feeds, the
# 2013 offer types with the company-directed flag, aggregates matching the spec's composite target
# groups, and the default measurement period (3rd quarter 2012 to 2nd quarter 2013).
def register_part() -> dict:
    groups = []
    for g in ["adp", "udd", "kh1", "kh23"]:
        for age, age_label in (("o30", "over 30 år"), ("u30", "under 30 år")):
            code = f"{g}_{age}"
            groups.append({"code": code, "label": f"{GROUP_LABELS[g]}, {age_label}",
                           "target": g != "udd", "sickness": False, "benchmark_group": code})
    groups += [
        {"code": "syg", "label": "Sygedagpenge", "target": True, "sickness": True, "benchmark_group": "syg"},
        {"code": "ly", "label": "Ledighedsydelse", "target": True, "sickness": False, "benchmark_group": "ly"},
        {"code": "reval", "label": "Revalidering", "target": True, "sickness": False,
         "benchmark_group": "reval"},
        {"code": "jc_oevrige", "label": "Øvrige i JC-målgruppen", "target": True, "sickness": False,
         "benchmark_group": "jc_oevrige"},
        {"code": "other", "label": "Anden offentlig forsørgelse (uden for JC-målgruppen)", "target": False,
         "sickness": False, "benchmark_group": None},
    ]
    offers = [
        {"code": "vejl", "label": "Vejledning og opkvalificering", "company_directed": False},
        {"code": "udd", "label": "Ordinær uddannelse", "company_directed": False},
        {"code": "lt_priv", "label": "Privat løntilskud", "company_directed": True},
        {"code": "lt_off", "label": "Offentligt løntilskud", "company_directed": True},
        {"code": "praktik_priv", "label": "Privat virksomhedspraktik", "company_directed": True},
        {"code": "praktik_off", "label": "Offentlig virksomhedspraktik", "company_directed": True},
    ]
    aggregates = [{"code": g, "label": GROUP_LABELS[g], "groups": [f"{g}_o30", f"{g}_u30"]}
                  for g in ["adp", "udd", "kh1", "kh23"]]
    return {
        "period": {"first": 201227, "last": 201326},
        "no_offer": "none",
        "groups": groups,
        "offers": offers,
        "aggregates": aggregates,
        # "all target groups" of the engine = the spec's composite "jc" (udd is outside it)
        "total": {"code": "jc", "label": "JC-målgruppe i alt"},
        # quality-indicator scope of the report tables -> register unit (group, aggregate or total)
        "quality_scopes": {"total": "jc", "adp": "adp", "kh1": "kh1", "kh23": "kh23", "syg": "syg",
                           "ly": "ly", "reval": "reval", "virk": "jc"},
    }


def build() -> dict:
    groups = []
    for g in AGE_SPLIT:
        groups.append({"code": f"{g}_o30", "label": f"{GROUP_LABELS[g]}, over 30 år"})
        groups.append({"code": f"{g}_u30", "label": f"{GROUP_LABELS[g]}, under 30 år"})
        groups.append({"code": g, "label": GROUP_LABELS[g], "components": [f"{g}_o30", f"{g}_u30"]})
    for g in ["syg", "ly", "reval"]:
        groups.append({"code": g, "label": GROUP_LABELS[g]})
    # "Øvrige i JC-målgruppen": person-years counted in the total's denominator (jobindsats' JC target
    # group) but in none of the group tables (e.g. other benefit groups); needed for Aabenraa, Assens,
    # Haderslev, Ikast-Brande and Mariagerfjord (see the data set's README), 0 elsewhere.
    groups.append({"code": "jc_oevrige", "label": "Øvrige i JC-målgruppen (uden egen tabel)"})
    groups.append({"code": "jc", "label": "JC-målgruppe i alt",
                   "components": JC_COMPONENTS})
    groups.append({"code": "rf_maalgruppe", "label": "Målgruppe for ressourceforløb (kontanthjælp 2+3, "
                   "sygedagpenge, ledighedsydelse)", "components": ["kh23", "syg", "ly"]})

    tasks = [{"code": "total", "label": "I alt", "divisor": "jc"}]
    for g in ORDER:
        tasks.append({"code": g, "parent": "total", "label": GROUP_LABELS[g], "divisor": DIVISOR[g]})
        tasks.append({"code": f"{g}.modt", "parent": g, "label": "Modtagelse og telefonvagt"})
        tasks.append({"code": f"{g}.sag", "parent": g, "label": "Sagsbehandling"})
        for suf, lab in SAG[g]:
            t = {"code": f"{g}.sag.{suf}", "parent": f"{g}.sag", "label": lab}
            if suf in ("o30", "u30"):
                t["divisor"] = f"{g}_{suf}"
            tasks.append(t)
        tasks.append({"code": f"{g}.virk", "parent": g, "label": "Virksomhedsindsats", "tags": ["virksomhedsindsats"]})
        for k in VIRK[g]:
            lab, tag = VIRK_KIND[k]
            if g == "ly" and k == "jobform":
                lab = "Formidling"
            tasks.append({"code": f"{g}.virk.{k}", "parent": f"{g}.virk", "label": lab, "tags": [tag]})
        tasks.append({"code": f"{g}.team", "parent": g, "label": "Teamledelse", "tags": ["ledelse", "teamledelse"]})
        tasks.append({"code": f"{g}.team.virk", "parent": f"{g}.team", "label": "Teamledelse af virksomhedsindsatsen",
                      "tags": ["virk_teamledelse"]})
        tasks.append({"code": f"{g}.team.oevrig", "parent": f"{g}.team", "label": "Øvrig teamledelse"})
    tasks += [
        {"code": "adm", "parent": "total", "label": "Administration", "divisor": "jc"},
        {"code": "adm.adm", "parent": "adm", "label": "Administration, møder mv."},
        {"code": "adm.stab", "parent": "adm", "label": "Stabsbetjening"},
        {"code": "adm.ledelse", "parent": "adm", "label": "Ledelse (stab/administration)",
         "tags": ["ledelse", "teamledelse"]},
        {"code": "strat", "parent": "total", "label": "Strategisk ledelse", "divisor": "jc",
         "tags": ["ledelse", "strategisk_ledelse"]},
        {"code": "div", "parent": "total", "label": "Diverse", "divisor": "jc"},
    ]
    aggregates = [
        {"code": "heraf_ledelse", "label": "Heraf ledelse", "tags": ["ledelse"], "divisor": "jc"},
        {"code": "heraf_virksomhedsindsats", "label": "Heraf virksomhedsindsats",
         "tags": ["virksomhedsindsats", "virk_teamledelse"], "divisor": "jc"},
        {"code": "virk_udplacering", "label": "Udplacering", "tags": ["udplacering"], "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "virk_jobformidling", "label": "Jobformidling", "tags": ["jobformidling"], "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "virk_jobrotation", "label": "Jobrotation", "tags": ["jobrotation"], "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "virk_generel", "label": "Generel virksomhedskontakt", "tags": ["generel"], "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "virk_fastholdelse", "label": "Fastholdelse", "tags": ["fastholdelse"], "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "virk_teamledelse", "label": "Teamledelse (virksomhedsindsats)", "tags": ["virk_teamledelse"],
         "divisor": "jc", "area": "heraf_virksomhedsindsats"},
        {"code": "ledelse_team", "label": "Teamledelse", "tags": ["teamledelse"], "divisor": "jc",
         "area": "heraf_ledelse"},
    ]

    indicators = []
    for scope, qs in [("total", QUALITY_ROWS["4.1"])] + [(TABLE_GROUP[t], QUALITY_ROWS[t]) for t in
                                                          ["4.2", "4.4", "4.5", "4.6", "4.7", "4.8", "4.10"]]:
        for q in qs:
            lab, fmt = next((l, f) for c, l, f in QUALITY if c == q)
            indicators.append({"code": f"q.{scope}.{q}", "label": lab, "format": fmt, "higher_is_better": True,
                               "scope": scope})
    b1_ind = [("b1.rammevilkaar.adp", "Rammevilkår A-dagpenge", "rank", False),
              ("b1.rammevilkaar.syg", "Rammevilkår Sygedagpenge", "rank", False),
              ("b1.rammevilkaar.kh", "Rammevilkår kontanthjælp", "rank", False),
              ("b1.rammevilkaar.samlet", "Rammevilkår samlet", "rank", False),
              ("b1.fors.fp", "Førtidspension", "percent", False),
              ("b1.fors.flex", "Fleksjob", "percent", False),
              ("b1.fors.i_alt", "I alt (inkl. pension & fleksjob)", "percent", False),
              ("b1.andel_anden_aktoer", "Andel hos Anden Aktør", "percent", False),
              ("b1.antal_ressourceforloeb", "Antal ressourceforløb (aug-13)", "count", False),
              ("b1.antal_koordinatorer", "Antal faglige koordinatører", "count", False)]
    for c, l, f, h in b1_ind:
        indicators.append({"code": c, "label": l, "format": f, "higher_is_better": h, "scope": "bilag1"})

    tables = {}
    tables["3.1"] = {"title": TABLE_TITLE["3.1"], "columns": [
        {"label": "Årsværk", "measure": "fte", "scope": "municipality"},
        {"label": "Procent", "measure": "share", "scope": "municipality"},
        {"label": "Alle 15 JC, procent", "measure": "pooled_share", "scope": "all"}],
        "rows": [{"label": GROUP_LABELS.get(c, {"adm": "Administration", "strat": "Strategisk ledelse",
                                                 "div": "Diverse"}.get(c)), "item": c, "bold": False}
                 for c in ORDER + ["adm", "strat", "div"]] + [
            {"label": "I alt", "item": "total", "bold": True},
            {"label": "-Heraf ledelse", "item": "heraf_ledelse", "bold": False},
            {"label": "-Heraf virksomhedsindsats", "item": "heraf_virksomhedsindsats", "bold": False},
            {"label": "-Heraf puljer og løntilskud", "item": "total", "external": True, "bold": False}]}

    def P(label, item, bold=False, measure="productivity"):
        return {"label": label, "item": item, "measure": measure, "bold": bold}

    def Q(scope, q):
        lab, fmt = next((l, f) for c, l, f in QUALITY if c == q)
        return {"label": lab, "indicator": f"q.{scope}.{q}", "format": fmt}

    rows = [P("Produktivitet", "total", True)]
    rows += [P("*" + GROUP_LABELS[g], g) for g in ORDER] + [P("Administration", "adm")]
    rows += [P("I alt", "total", True), P("-Heraf ledelse", "heraf_ledelse"),
             P("-Heraf virksomhedsindsats", "heraf_virksomhedsindsats"),
             P("-Heraf puljer og løntilskud", "total", measure="productivity_external")]
    rows += [Q("total", q) for q in QUALITY_ROWS["4.1"]]
    tables["4.1"] = {"title": TABLE_TITLE["4.1"], "rows": rows,
                     "note": "*Inklusiv teamledelse, eksklusiv møder og administration"}
    for t, g in TABLE_GROUP.items():
        if t in ("4.1", "4.10"):
            continue
        rows = [P("Produktivitet", g, True), P("Modtagelse og telefonvagt", f"{g}.modt")]
        rows.append(P("Sagsbehandling", f"{g}.sag"))
        for suf, lab in SAG[g]:
            rows.append(P("-" + lab, f"{g}.sag.{suf}"))
        rows.append(P("Virksomhedsindsats", f"{g}.virk"))
        for k in VIRK[g]:
            lab = VIRK_KIND[k][0] if not (g == "ly" and k == "jobform") else "Formidling"
            rows.append(P("-" + lab, f"{g}.virk.{k}"))
        rows += [P("Teamledelse", f"{g}.team"), P("Samlet", g, True),
                 P("-Heraf puljer og løntilskud", g, measure="productivity_external")]
        rows += [Q(g, q) for q in QUALITY_ROWS.get(t, [])]
        tables[t] = {"title": TABLE_TITLE[t], "rows": rows}
    # row order in the printed tables 4.3/4.4/4.6/4.7: the ly table prints Formidling before Fastholdelse etc.
    ly_rows = tables["4.7"]["rows"]
    tables["4.10"] = {"title": TABLE_TITLE["4.10"], "rows": [
        P("Produktivitet", "heraf_virksomhedsindsats", True), P("Udplacering", "virk_udplacering"),
        P("Jobformidling", "virk_jobformidling"), P("Jobrotation", "virk_jobrotation"),
        P("Generel virksomhedskontakt", "virk_generel"), P("Fastholdelse", "virk_fastholdelse"),
        P("Teamledelse", "virk_teamledelse")] + [Q("virk", q) for q in QUALITY_ROWS["4.10"]]}
    tables["4.11"] = {"title": TABLE_TITLE["4.11"], "rows": [
        P("Produktivitet", "adm", True), P("Administration, møder mv.", "adm.adm"),
        P("Stabsbetjening", "adm.stab"), P("Ledelse (stab/administration)", "adm.ledelse"),
        P("I alt", "adm", True)]}
    tables["4.12"] = {"title": TABLE_TITLE["4.12"], "rows": [
        P("Produktivitet", "heraf_ledelse", True), P("Teamledelse", "ledelse_team"),
        P("Strategisk ledelse", "strat"), P("I alt", "heraf_ledelse", True)]}
    b1 = [{"label": "Befolkning (18-64 år)", "measure": "population", "format": "count", "bold": True}]
    b1 += [{"label": l, "indicator": c, "format": f} for c, l, f, h in b1_ind[:4]]
    b1 += [{"label": {"adp": "A-dagpenge", "kh1": "Kontanthjælp m1", "kh23": "Kontanthjælp m2-3",
                      "syg": "Sygedagpenge", "ly": "Ledighedsydelse", "reval": "Revalidering"}[g],
            "group": g, "measure": "forsoergelsestryk", "format": "percent"}
           for g in ["adp", "kh1", "kh23", "syg", "ly", "reval"]]
    b1 += [{"label": "JC-målgruppe i alt", "group": "jc", "measure": "forsoergelsestryk", "format": "percent",
            "bold": True}]
    b1 += [{"label": l, "indicator": c, "format": f} for c, l, f, h in b1_ind[4:7]]
    b1 += [{"label": r["label"], "item": r["item"], "measure": "share", "bold": r["bold"]}
           for r in tables["3.1"]["rows"][:-1]]
    b1 += [{"label": "-Heraf puljer og løntilskud", "item": "total", "measure": "share_external", "bold": False}]
    b1 += [{"label": l, "indicator": c, "format": f} for c, l, f, h in b1_ind[7:9]]
    b1 += [{"label": "Årsværk per 1.000 18-64-årige", "item": "total", "measure": "fte_per_1000_population"}]
    b1 += [{"label": l, "indicator": c, "format": f} for c, l, f, h in b1_ind[9:]]
    tables["bilag1"] = {"title": TABLE_TITLE["bilag1"], "rows": b1}
    del ly_rows

    return {
        "name": "Jobcenterbenchmark 2013",
        "source": "Mploy/Kibak Consult, Jobcenterbenchmark 2013 - Produktivitet og kvalitet i "
                  "beskæftigelsesindsatsen i Varde Kommune (november 2013)",
        "population_label": "Befolkning (18-64 år)",
        "target_groups": groups,
        "tasks": tasks,
        "aggregates": aggregates,
        "employment_weights": {"ordinary": 1.0, "flexjob": 0.5, "seniorjob": 0.75},
        # Fitted to the class words the report states for Varde (docs/design.md, section 3).
        "classes": {"basis": "area", "same": 0.01, "slightly": 0.065, "plain": 0.16, "considerably": 0.21},
        "indicators": indicators,
        "tables": tables,
        "register": register_part(),
    }


if __name__ == "__main__":
    spec = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(spec['target_groups'])} groups, {len(spec['tasks'])} tasks, "
          f"{len(spec['aggregates'])} aggregates, {len(spec['tables'])} tables")
