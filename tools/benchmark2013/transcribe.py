#!/usr/bin/env python3
"""Transcribe the published figures of the 2013 Jobcenterbenchmark (Mploy/Kibak, Varde report)
from the seed text into tidy CSV files.

    python tools/benchmark2013/transcribe.py [SEED] [OUTDIR]

Writes OUTDIR/published.csv and OUTDIR/varde_text.csv (default OUTDIR:
python/jobbench/datasets/benchmark2013). Only the standard library is used.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SEED = Path("/work/shared/seeds/002_704203fd7852cebc.txt")
DEFAULT_OUT = ROOT / "python" / "jobbench" / "datasets" / "benchmark2013"

MUNICIPALITIES = ["Sønderborg", "Varde", "Middelfart", "Rebild", "Egedal", "Odsherred", "Jammerbugt",
                  "Lyngby-Taarbæk", "Aabenraa", "Stevns", "Furesø", "Mariagerfjord", "Assens",
                  "Ikast-Brande", "Haderslev"]
MEAN = "Gns. kommuner"
# Misspelt column headers in the source -> canonical name
HEADER_FIXES = {"Lilke-Brande": "Ikast-Brande", "Ilkast-Brande": "Ikast-Brande", "Ilkøst-Brande": "Ikast-Brande",
                "Lilast-Brande": "Ikast-Brande", "Midelfart": "Middelfart", "Mariagerford": "Mariagerfjord"}

GROUP_OF_TABLE = {"4.2": "adp", "4.3": "udd", "4.4": "kh1", "4.5": "kh23", "4.6": "syg", "4.7": "ly",
                  "4.8": "reval", "4.9": "rf"}

# label (normalised) -> (row code, item suffix or None for the group itself, measure)
GROUP_ROWS = {
    "Produktivitet": ("produktivitet", "", "productivity"),
    "Modtagelse og telefonvagt": ("modt", "modt", "productivity"),
    "Sagsbehandling": ("sag", "sag", "productivity"),
    "For over 30-årige": ("sag.o30", "sag.o30", "productivity"),
    "For under 30-årige": ("sag.u30", "sag.u30", "productivity"),
    "Specialiseret sagsbehandling": ("sag.spec", "sag.spec", "productivity"),
    "Integrationsindsats": ("sag.integ", "sag.integ", "productivity"),
    "Samtaler og opfølgingsplaner": ("sag.samt", "sag.samt", "productivity"),
    "Rehabiliteringsteam": ("sag.rehab", "sag.rehab", "productivity"),
    "Ressourceforløb": ("sag.forloeb", "sag.forloeb", "productivity"),
    "Virksomhedsindsats": ("virk", "virk", "productivity"),
    "Udplacering": ("virk.udpl", "virk.udpl", "productivity"),
    "Jobformidling": ("virk.jobform", "virk.jobform", "productivity"),
    "Formidling": ("virk.jobform", "virk.jobform", "productivity"),
    "Jobrotation": ("virk.jobrot", "virk.jobrot", "productivity"),
    "Generel virksomhedskontakt": ("virk.generel", "virk.generel", "productivity"),
    "Fastholdelse": ("virk.fasth", "virk.fasth", "productivity"),
    "Teamledelse": ("team", "team", "productivity"),
    "Samlet": ("samlet", "", "productivity"),
    "Heraf puljer og løntilskud": ("heraf_puljer", "", "productivity_external"),
}
QUALITY = {
    "Samtaleintensitet": "samtale",
    "Tilbudintensitet": "tilbud", "Tilbudsintensitet": "tilbud",
    "Virksomhedrettet tilbudintensitet": "virktilbud", "Virksomhedrettet tilbudsintensitet": "virktilbud",
    "Aktiveringsgrad": "aktgrad",
    "Virksomhedsrettet aktiveringsgrad": "virkaktgrad", "Virksomhedrettet aktiveringsgrad": "virkaktgrad",
    "Aktiveringsgrad virksomhedsrettet": "virkaktgrad",
    "Delvise raskmeldinger": "delvis", "Andal delvise raskmeldinger": "delvis",
    "Job- og uddannelsesrater": "jobrate",
}
T41_ROWS = {
    "Produktivitet": ("produktivitet", "total", "productivity"),
    "A-dagpenge": ("adp", "adp", "productivity"),
    "Udd.- & arbejdsmarkedsydelse": ("udd", "udd", "productivity"),
    "Kontanthjælp 1": ("kh1", "kh1", "productivity"),
    "Kontanthjælp 2+3": ("kh23", "kh23", "productivity"),
    "Revalidering": ("reval", "reval", "productivity"),
    "Sygedagpenge": ("syg", "syg", "productivity"),
    "Ledighedsydelse": ("ly", "ly", "productivity"),
    "Ressourceforløb": ("rf", "rf", "productivity"),
    "Administration": ("adm", "adm", "productivity"),
    "I alt": ("i_alt", "total", "productivity"),
    "Heraf ledelse": ("heraf_ledelse", "heraf_ledelse", "productivity"),
    "Heraf virksomhedsindsats": ("heraf_virksomhedsindsats", "heraf_virksomhedsindsats", "productivity"),
    "Heraf puljer og løntilskud": ("heraf_puljer", "total", "productivity_external"),
}
T410_ROWS = {
    "Produktivitet": ("produktivitet", "heraf_virksomhedsindsats", "productivity"),
    "Udplacering": ("udpl", "virk_udplacering", "productivity"),
    "Jobformidling": ("jobform", "virk_jobformidling", "productivity"),
    "Jobrotation": ("jobrot", "virk_jobrotation", "productivity"),
    "Generel virksomhedskontakt": ("generel", "virk_generel", "productivity"),
    "Fastholdelse": ("fasth", "virk_fastholdelse", "productivity"),
    "Teamledelse": ("team", "virk_teamledelse", "productivity"),
}
T411_ROWS = {
    "Produktivitet": ("produktivitet", "adm", "productivity"),
    "Administration, møder mv.": ("adm.adm", "adm.adm", "productivity"),
    "Stabsbetjening": ("adm.stab", "adm.stab", "productivity"),
    "ledelse (stab/administration)": ("adm.ledelse", "adm.ledelse", "productivity"),
    "I alt": ("i_alt", "adm", "productivity"),
}
T412_ROWS = {
    "Produktivitet": ("produktivitet", "heraf_ledelse", "productivity"),
    "Teamledelse": ("team", "ledelse_team", "productivity"),
    "Strategisk ledelse": ("strat", "strat", "productivity"),
    "I alt": ("i_alt", "heraf_ledelse", "productivity"),
}
T31_ROWS = {
    "A-dagpenge": "adp", "Udd.- & arbejdsmarkedsydelse": "udd", "Kontanthjælp 1": "kh1",
    "Kontanthjælp 2+3": "kh23", "Revalidering": "reval", "Sygedagpenge": "syg", "Ledighedsydelse": "ly",
    "Ressourceforløb": "rf", "Administration": "adm", "Strategisk ledelse": "strat", "Diverse": "div",
    "I alt": "total", "Heraf ledelse": "heraf_ledelse", "Heraf virksomhedsindsats": "heraf_virksomhedsindsats",
    "Heraf puljer og løntilskud": "total",
}
# Bilag I: (section, label) -> (row code, item, measure, unit)
B1_SECTIONS = {"Rammevilkår": "ramme", "Forsørgelsestryk": "fors", "Ressourcefordeling i jobcenteret": "share",
               "Andre oplysninger": "andre"}
B1_ROWS = {
    (None, "Befolkning (18-64 år)"): ("population", "population", "population", "count"),
    ("ramme", "Rammevilkår A-dagpenge"): ("rammevilkaar.adp", "b1.rammevilkaar.adp", "indicator", "rank"),
    ("ramme", "Rammevilkår Sygedagpenge"): ("rammevilkaar.syg", "b1.rammevilkaar.syg", "indicator", "rank"),
    ("ramme", "Rammevilkår kontanthjælp"): ("rammevilkaar.kh", "b1.rammevilkaar.kh", "indicator", "rank"),
    ("ramme", "Rammevilkår samlet"): ("rammevilkaar.samlet", "b1.rammevilkaar.samlet", "indicator", "rank"),
    ("fors", "A-dagpenge"): ("fors.adp", "adp", "forsoergelsestryk", "percent"),
    ("fors", "Kontanthjælp m1"): ("fors.kh1", "kh1", "forsoergelsestryk", "percent"),
    ("fors", "Kontanthjælp m2-3"): ("fors.kh23", "kh23", "forsoergelsestryk", "percent"),
    ("fors", "Sygedagpenge"): ("fors.syg", "syg", "forsoergelsestryk", "percent"),
    ("fors", "Ledighedsydelse"): ("fors.ly", "ly", "forsoergelsestryk", "percent"),
    ("fors", "Revalidering"): ("fors.reval", "reval", "forsoergelsestryk", "percent"),
    ("fors", "JC-målgruppe i alt"): ("fors.jc", "jc", "forsoergelsestryk", "percent"),
    ("fors", "Førtidspension"): ("fors.fp", "b1.fors.fp", "indicator", "percent"),
    ("fors", "Fleksjob"): ("fors.flex", "b1.fors.flex", "indicator", "percent"),
    ("fors", "I alt (inkl. pension & fleksjob)"): ("fors.i_alt", "b1.fors.i_alt", "indicator", "percent"),
    ("share", "A-dagpenge"): ("share.adp", "adp", "share", "percent"),
    ("share", "Udd.- & arbejdsmarkedsydelse"): ("share.udd", "udd", "share", "percent"),
    ("share", "Kontanthjælp 1"): ("share.kh1", "kh1", "share", "percent"),
    ("share", "Kontanthjælp 2+3"): ("share.kh23", "kh23", "share", "percent"),
    ("share", "Revalidering"): ("share.reval", "reval", "share", "percent"),
    ("share", "Sygedagpenge"): ("share.syg", "syg", "share", "percent"),
    ("share", "Ledighedsydelse"): ("share.ly", "ly", "share", "percent"),
    ("share", "Ressourceforløb"): ("share.rf", "rf", "share", "percent"),
    ("share", "Administration"): ("share.adm", "adm", "share", "percent"),
    ("share", "Strategisk ledelse"): ("share.strat", "strat", "share", "percent"),
    ("share", "Diverse"): ("share.div", "div", "share", "percent"),
    ("share", "I alt"): ("share.total", "total", "share", "percent"),
    ("share", "Heraf ledelse"): ("share.heraf_ledelse", "heraf_ledelse", "share", "percent"),
    ("share", "Heraf virksomhedsindsats"): ("share.heraf_virksomhedsindsats", "heraf_virksomhedsindsats", "share", "percent"),
    ("share", "Heraf puljer og løntilskud"): ("share.heraf_puljer", "total", "share_external", "percent"),
    ("andre", "Andel hos Anden Aktør"): ("andel_anden_aktoer", "b1.andel_anden_aktoer", "indicator", "percent"),
    ("andre", "Antal ressourceforløb (aug-13)"): ("antal_ressourceforloeb", "b1.antal_ressourceforloeb", "indicator", "count"),
    ("andre", "Årsværk per 1.000 18-64-årige"): ("fte_per_1000_population", "total", "fte_per_1000_population", "fte_per_1000"),
    ("andre", "Antal faglige koordinatører"): ("antal_koordinatorer", "b1.antal_koordinatorer", "indicator", "count"),
}

TAG = re.compile(r"</?b>")


def clean(s: str) -> str:
    s = TAG.sub("", s).replace("&amp;", "&").replace("\\*", "*").strip()
    return s


def norm_label(s: str) -> str:
    s = clean(s)
    return s.lstrip("-*").strip()


def parse_number(printed: str):
    """Return (value, missing, is_percent)."""
    p = printed.strip()
    if p == "-":
        return None, True, False
    pct = p.endswith("%")
    q = p.rstrip("%")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", q):  # thousands separator
        return float(q.replace(".", "")), False, pct
    return float(q.replace(",", ".")), False, pct


def header_municipalities(line: str, notes: list) -> list:
    cells = [clean(c) for c in line.split("\t")[1:]]
    out = []
    for c in cells:
        if c in HEADER_FIXES:
            notes.append(f"header '{c}' -> '{HEADER_FIXES[c]}'")
            c = HEADER_FIXES[c]
        out.append(c)
    assert out == MUNICIPALITIES + [MEAN], out
    return out


def table_block(lines, start):
    """Lines of a tab table starting at the header line index `start` until the first blank line."""
    out = []
    i = start
    while i < len(lines) and lines[i].strip():
        out.append(lines[i])
        i += 1
    return out


def find_header(lines, i):
    while not lines[i].startswith("\t"):
        i += 1
    return i


def main(seed: Path, outdir: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    all_lines = text.splitlines()
    a = next(i for i, l in enumerate(all_lines) if l.startswith("# Jobcenterbenchmark 2013"))
    b = next(i for i, l in enumerate(all_lines) if l.startswith("**Bilag: 335.1"))
    lines = all_lines[a:b]
    report = "\n".join(lines)
    rows = []
    notes: list = []

    def emit(table, position, row, label, item, measure, muni, printed, unit_hint, bold):
        value, missing, pct = parse_number(printed)
        unit = "percent" if pct else unit_hint
        rows.append(dict(table=table, position=position, row=row, row_label=label, item=item, measure=measure,
                         municipality=muni, printed=printed, value="" if value is None else repr(value),
                         missing=str(missing).lower(), unit=unit, bold=str(bold).lower()))

    # ---- tables 4.x -------------------------------------------------------------------------
    for idx, line in enumerate(lines):
        m = re.match(r"Tabel (\d\.\d+):", line)
        if not m:
            continue
        tid = m.group(1)
        h = find_header(lines, idx + 1)
        if tid == "3.1":
            block = table_block(lines, h)
            assert clean(block[1].split("\t")[1]) == "Årsværk"
            pos = 0
            for raw in block[2:]:
                cells = raw.split("\t")
                label = clean(cells[0])
                key = norm_label(cells[0])
                item = T31_ROWS[key]
                code = "heraf_puljer" if key.startswith("Heraf puljer") else (
                    "i_alt" if key == "I alt" else item)
                bold = "<b>" in raw
                ext = key.startswith("Heraf puljer")
                emit(tid, pos, code, label, item, "fte_external" if ext else "fte", "Varde", clean(cells[1]), "fte", bold)
                emit(tid, pos, code, label, item, "share_external" if ext else "share", "Varde", clean(cells[2]), "percent", bold)
                emit(tid, pos, code, label, item, "pooled_share_external" if ext else "pooled_share", "Alle 15 JC",
                     clean(cells[3]), "percent", bold)
                pos += 1
            continue
        block = table_block(lines, h)
        munis = header_municipalities(block[0], notes)
        pos = 0
        for raw in block[1:]:
            cells = raw.split("\t")
            label = clean(cells[0])
            key = norm_label(cells[0])
            values = [clean(c) for c in cells[1:]]
            if key.startswith("Kvalitet"):
                assert not any(values), raw
                continue
            bold = "<b>" in cells[0] or (len(cells) > 1 and "<b>" in cells[1])
            if key in QUALITY:
                grp = {"4.1": "total", "4.10": "virk"}.get(tid, GROUP_OF_TABLE.get(tid))
                code = "q." + QUALITY[key]
                item, measure, unit = f"q.{grp}.{QUALITY[key]}", "indicator", "ratio"
            elif tid == "4.1":
                code, item, measure = T41_ROWS[key]
                unit = "fte_per_1000"
            elif tid == "4.10":
                code, item, measure = T410_ROWS[key]
                unit = "fte_per_1000"
            elif tid == "4.11":
                code, item, measure = T411_ROWS[key]
                unit = "fte_per_1000"
            elif tid == "4.12":
                code, item, measure = T412_ROWS[key]
                unit = "fte_per_1000"
            else:
                g = GROUP_OF_TABLE[tid]
                code, suffix, measure = GROUP_ROWS[key]
                if suffix.startswith("sag.") and code in ("sag.rehab", "sag.forloeb") and g != "rf":
                    raise ValueError(raw)
                item = g if suffix == "" else f"{g}.{suffix}"
                unit = "fte_per_1000"
            assert len(values) == 16, (tid, raw)
            for muni, printed in zip(munis, values):
                emit(tid, pos, code, label, item, measure, muni, printed, unit, bold)
            pos += 1

    # ---- Bilag I --------------------------------------------------------------------------------
    i0 = next(i for i, l in enumerate(lines) if l.startswith("## Bilag I:"))
    h = find_header(lines, i0)
    block = table_block(lines, h)
    munis = header_municipalities(block[0], notes)
    section = None
    pos = 0
    for raw in block[1:]:
        cells = raw.split("\t")
        label = clean(cells[0])
        values = [clean(c) for c in cells[1:]]
        if not any(values):
            section = next(v for k, v in B1_SECTIONS.items() if label.startswith(k))
            continue
        nl = norm_label(cells[0])
        key = (section, nl) if (section, nl) in B1_ROWS else (None, nl)
        code, item, measure, unit = B1_ROWS[key]
        for muni, printed in zip(munis, values):
            emit("bilag1", pos, code, label, item, measure, muni, printed, unit, "<b>" in raw)
        pos += 1

    outdir.mkdir(parents=True, exist_ok=True)
    cols = ["table", "position", "row", "row_label", "item", "measure", "municipality", "printed", "value",
            "missing", "unit", "bold"]
    with open(outdir / "published.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    write_varde_text(report, outdir / "varde_text.csv")
    print(f"published.csv: {len(rows)} cells; header normalisations: {sorted(set(notes))}")


# ---- the Varde text --------------------------------------------------------------------------
ORD = {"højeste": 1, "næsthøjeste": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7,
       "sytjette": 6}  # 'sytjette' is a misprint; table 4.5 gives Varde rank 6 (sjette)

# Hand-listed statements (section, item, statement, printed, value); every `printed` must occur verbatim
# in the section's text (checked).
FIXED = [
    ("2", "total", "fte", "68,8 årsværk", 68.8),
    ("2", "total", "fte_external", "2,5 årsværk", 2.5),
    ("2", "total", "fte_per_1000_population", "2,4 årsværk pr. 1.000 indbyggere", 2.4),
    ("2", "total", "fte_per_1000_population_mean", "2,7 årsværk pr. 1.000 indbyggere", 2.7),
    ("2", "borgerrettet", "share_approx", "Ca. 80 pct", 80),
    ("2", "adm+strat", "share_approx", "ca. 20 pct", 20),
    ("2", "adm+strat", "share_mean", "(19,4 pct.)", 19.4),
    ("2", "total", "productivity", "24,1 årsværk pr. 1.000 personer", 24.1),
    ("2", "total", "productivity_mean", "26,9 årsværk pr. 1.000 personer", 26.9),
    ("3", "total", "fte", "samlet 68,8 årsværk", 68.8),
    ("3", "total", "fte_external", "Heraf er 2,5 årsværk", 2.5),
    ("3", "jc", "person_years_approx", "ca. 2.850 årspersoner", 2850),
    ("3", "jc", "forsoergelsestryk", "9,8 pct.", 9.8),
    ("3", "jc", "forsoergelsestryk_mean", "9,9 pct.", 9.9),
    ("3", "adm+strat", "share_mean", "(19,4 pct.)", 19.4),
    ("3", "syg", "share_rounded", "sygedagpengemodtagere (25 pct.)", 25),
    ("3", "kh23", "share_rounded", "match 2-3 (20 pct.)", 20),
    ("3", "adp", "share_rounded", "A-dagpenge (12 pct.)", 12),
    ("3", "ly", "share_rounded", "ledighedsydelse (8 pct.)", 8),
    ("3", "kh1", "share_rounded", "match 1 (7 pct.)", 7),
    ("3", "heraf_virksomhedsindsats", "share_approx", "ca. 13 pct.", 13),
    ("3", "heraf_virksomhedsindsats", "share_mean_approx", "(ca. 16 pct.)", 16),
    ("3", "adp", "share_of_citizen_resources", "dagpengemodtagerne (17 pct.)", 17),
    ("3", "adp", "share_of_target_group", "udgør (30 pct.)", 30),
    ("3", "kh1", "share_of_target_group", "udgør 6 pct.", 6),
    ("3", "kh1", "share_of_citizen_resources", "tilknyttet 11 pct.", 11),
]
SECTION_ITEM = {"4.1": "total", "4.2": "adp", "4.3": "udd", "4.4": "kh1", "4.5": "kh23", "4.6": "syg", "4.7": "ly",
                "4.8": "reval", "4.9": "rf", "4.10": "heraf_virksomhedsindsats", "4.11": "adm",
                "4.12": "heraf_ledelse"}
CLASS_WORDS = ["markant færre", "betydelig færre", "lidt færre", "færre", "de samme", "samme", "lidt flere",
               "betydelig flere", "markant flere", "flere", "ingen"]
CLASS_CODE = {"ingen": -5, "markant færre": -4, "betydelig færre": -3, "færre": -2, "lidt færre": -1,
              "samme": 0, "de samme": 0, "lidt flere": 1, "flere": 2, "betydelig flere": 3, "markant flere": 4}
# Bullet keyword -> item code (searched in order; first hit wins). Group-level lists use suffixes.
SUB_KEYS = [("over 30", "sag.o30"), ("under 30", "sag.u30"), ("integrationsindsats", "sag.integ"),
            ("rehabiliteringsteam", "sag.rehab"), ("på ressourceforløb", "sag.forloeb"),
            ("teamledelse", "team"), ("modtagelse", "modt"), ("virksomhedsindsat", "virk"),
            ("sagsbehandling", "sag")]
TOP_KEYS = [("uddannelses- og arbejdsmarkedsydelse", "udd"), ("ledighedsydelse", "ly"), ("match 1", "kh1"),
            ("match 2-3", "kh23"), ("revalide", "reval"), ("sygedagpenge", "syg"),
            ("virksomhedsindsatsen", "heraf_virksomhedsindsats"), ("dagpengemodtagere", "adp"),
            ("administration", "adm"), ("ressourceforløb", "rf"), ("ledelse", "heraf_ledelse")]
OTHER_KEYS = {"4.10": [("udplacering", "virk_udplacering"), ("jobrotation", "virk_jobrotation"),
                       ("jobformidling", "virk_jobformidling"), ("generel", "virk_generel"),
                       ("teamledelse", "virk_teamledelse"), ("fastholdelse", "virk_fastholdelse")],
              "4.11": [("administration, møder", "adm.adm"), ("stabsbetjening", "adm.stab"),
                       ("ledelse af stab", "adm.ledelse")],
              "4.12": [("teamledelse", "ledelse_team"), ("strategisk ledelse", "strat")]}


def split_sections(report: str) -> dict:
    """Map section id ('2', '3', '4.1', ..., '4.12') -> its text."""
    out = {}
    cur = None
    for line in report.splitlines():
        m = re.match(r"#+\s*\**\s*(\d+(?:\.\d+)?)\.?\s", line)
        if m and re.match(r"#+\s*\**\s*\d", line):
            sid = m.group(1)
            if sid in ("1", "1.1", "1.2"):
                cur = None
            else:
                cur = sid
                out.setdefault(cur, "")
            continue
        if line.startswith("# ") and "Bilag" in line:
            cur = None
        if cur:
            out[cur] += line + "\n"
    return out


def write_varde_text(report: str, path: Path) -> None:
    secs = split_sections(report)
    assert set(SECTION_ITEM) <= set(secs), secs.keys()
    out = []
    for sec, item, statement, printed, value in FIXED:
        assert printed in secs[sec], (sec, printed)
        out.append((sec, item, statement, repr(float(value)), printed))
    for sec, item in SECTION_ITEM.items():
        body = secs[sec]
        m = re.search(r"(?:anvender|bruger) (?:i alt|samlet) (\d+,\d) årsværk", body)
        if m:
            out.append((sec, item, "fte", repr(float(m.group(1).replace(",", "."))), m.group(0)))
        m = re.search(r"\((\d+,\d) årsværk pr\. 1\.000 årspersoner[^)]*\) end gennemsnittet af kommunerne "
                      r"\((\d+,\d) årsværk", body)
        if m:
            out.append((sec, item, "productivity", repr(float(m.group(1).replace(",", "."))), m.group(1)))
            out.append((sec, item, "productivity_mean", repr(float(m.group(2).replace(",", "."))), m.group(2)))
        m = re.search(r"den (\w+) højeste|den (næsthøjeste)|den (højeste)", body)
        if m:
            word = next(g for g in m.groups() if g)
            out.append((sec, item, "rank", repr(float(ORD[word])), m.group(0)))
        m = re.search(r"(Markant færre|Betydelig færre|Lidt færre|Færre|Samme|Lidt flere|Flere|markant færre|"
                      r"betydelig færre|lidt færre|færre|samme|lidt flere|flere) ressourcer (?:på|pr|[(])", body.split("Tabel")[0])
        if m:
            w = m.group(1).lower()
            out.append((sec, item, "class", repr(float(CLASS_CODE[w])), m.group(0)))
        # "Kilder til ..." bullet list
        k = body.find("Kilder til")
        if k < 0:
            k = body.find("Hvilke kilder")
        if k < 0:
            continue
        for line in body[k:].splitlines():
            if not line.startswith("- "):
                continue
            bullet = line[2:].strip()
            low = bullet.lower()
            cls = next(w for w in CLASS_WORDS if re.search(r"(?:bruges|^)\s*" + w + r"\b", low))
            if sec == "4.1":
                keys, prefix = TOP_KEYS, ""
            elif sec in OTHER_KEYS:
                keys, prefix = OTHER_KEYS[sec], ""
            else:
                keys, prefix = SUB_KEYS, item + "."
            code = next(c for kw, c in keys if kw in low)
            out.append((sec, prefix + code, "class:" + cls.replace("de samme", "samme"),
                        repr(float(CLASS_CODE[cls])), bullet))
    # Konklusion list (section 2) uses the same wording as 4.1
    body = secs["2"]
    k = body.find("adskiller sig")
    for line in body[k:].splitlines():
        if line.startswith("- ") and "ressourcer pr. årsperson" in line:
            low = line[2:].lower()
            cls = next(w for w in CLASS_WORDS if low.startswith(w))
            code = next(c for kw, c in TOP_KEYS if kw in low)
            out.append(("2", code, "class:" + cls.replace("de samme", "samme"), repr(float(CLASS_CODE[cls])),
                        line[2:].strip()))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["section", "item", "statement", "value", "printed"])
        w.writerows(out)
    print(f"varde_text.csv: {len(out)} statements")


if __name__ == "__main__":
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEED
    outdir = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    main(seed, outdir)
