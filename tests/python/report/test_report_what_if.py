"""The what-if subsection of the report's efficiency chapter (issue 15): Varde's FTE per target area
against the FTE it would need at the group mean, the best quartile and on the frontier, as computed by
``jobbench.analysis.what_if``, in every output format."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest

import jobbench
from jobbench import analysis
from jobbench.report.language import Lang
from jobbench.report.render import render_html

DATA = jobbench.datasets.benchmark2013()
RESULTS = DATA.benchmark().fit()
SCENARIOS = ["group_mean", "best_quartile", "frontier"]


def _expected(municipality: str = "Varde") -> pd.DataFrame:
    """what_if() for the municipality, wide: one row per item, fte and the three scenarios' FTE needed."""
    w = analysis.what_if(RESULTS, quartile=0.25, rts="vrs")
    own = w[w["municipality"] == municipality]
    wide = own.pivot(index="item", columns="scenario", values="fte_needed")[SCENARIOS]
    items = list(dict.fromkeys(own["item"]))
    wide = wide.loc[items]
    wide.insert(0, "fte", own.drop_duplicates("item").set_index("item")["fte"].loc[items])
    wide.insert(0, "label", own.drop_duplicates("item").set_index("item")["label"].loc[items])
    return wide


def _section(data, sid="hvad-hvis"):
    return next((s for s in data.frontier if s.id == sid), None)


@pytest.fixture(scope="module")
def varde(tmp_path_factory):
    return jobbench.report.build(DATA, "Varde", tmp_path_factory.mktemp("build"), uncertainty=None, charts=False)


def test_table_holds_what_if_values_for_varde(varde):
    sec = _section(varde)
    assert sec is not None and sec.number == "5.2"
    assert sec.heading == "Hvad hvis: hvor mange årsværk skulle der til?"
    (table,) = sec.tables
    assert table.id == "5.2"
    assert table.columns == ["Årsværk i dag", "Ved gns. kommuner", "Ved bedste kvartil", "På fronten"]
    exp = _expected()
    assert len(exp) == 8  # adp, udd, kh1, kh23, reval, syg, ly, rf
    assert [r.code for r in table.rows] == [*exp.index, "total"]
    lang = Lang("da")
    for row in table.rows[:-1]:
        e = exp.loc[row.code]
        assert row.text == e["label"]
        values = [c.value for c in row.cells]
        np.testing.assert_allclose(values, [e["fte"], *e[SCENARIOS]], rtol=0, atol=0)
        assert [c.text for c in row.cells] == [lang.value(v, "decimal") for v in values]
        assert not any(c.withheld for c in row.cells)
    total = table.rows[-1]
    assert total.bold and total.text == "I alt"
    np.testing.assert_allclose([c.value for c in total.cells], [exp["fte"].sum(), *exp[SCENARIOS].sum()],
                               rtol=1e-12)
    # Varde at the 2013 figures: 53.6 FTE today; on the frontier of each area 42.5
    assert total.cells[0].text == "53,6" and total.cells[3].text == "42,5"


def test_sentence_states_the_computed_totals(varde):
    sec = _section(varde)
    exp = _expected()
    fte, needed = exp["fte"].sum(), exp[SCENARIOS].sum()
    lang = Lang("da")
    text = " ".join(sec.paragraphs)
    assert f"På de 8 målgrupper i tabel 5.2 bruger Varde Kommune i dag {lang.num(fte, 1)} årsværk." in text
    assert (f"Med gennemsnittets produktivitet skulle der bruges {lang.num(needed['group_mean'], 1)} årsværk "
            f"({lang.num(needed['group_mean'] - fte, 1)} flere end i dag)") in text
    assert f"på fronten {lang.num(needed['frontier'], 1)} ({lang.num(fte - needed['frontier'], 1)} færre" in text
    gap = (exp["frontier"] - exp["fte"]).idxmin()
    assert gap == "syg"
    assert (f"Størst er forskellen til fronten for sygedagpenge: {lang.num(exp.at[gap, 'fte'], 1)} årsværk i dag "
            f"mod {lang.num(exp.at[gap, 'frontier'], 1)} på fronten.") in text


def test_english(tmp_path):
    data = jobbench.report.build(DATA, "Varde", tmp_path, language="en", uncertainty=None, charts=False)
    sec = _section(data)
    assert sec.heading == "What if: how many FTE would be needed?"
    assert sec.tables[0].columns == ["FTE today", "At the group mean", "At the best quartile", "On the frontier"]
    exp = _expected()
    lang = Lang("en")
    assert f"Varde Municipality uses {lang.num(exp['fte'].sum(), 1)} FTE today" in " ".join(sec.paragraphs)
    assert sec.tables[0].rows[0].cells[1].text == lang.num(exp.at["adp", "group_mean"], 1)


def test_every_format_has_the_table(tmp_path):
    paths = jobbench.report.write(RESULTS, "Varde", tmp_path, formats="html,pdf,xlsx,docx,csv", charts=False,
                                  uncertainty=None)
    exp = _expected()
    lang = Lang("da")
    caption = "Tabel 5.2: Hvad hvis: årsværk i Varde ved gennemsnittets, den bedste kvartils og frontens produktivitet"
    html = paths["html"].read_text(encoding="utf-8")
    assert 'id="hvad-hvis"' in html and f"<caption>{caption}</caption>" in html
    start = html.index('id="hvad-hvis"')
    body = html[start:html.index("</section>", start)]
    for code in exp.index:
        row = [exp.at[code, "fte"], *exp.loc[code, SCENARIOS]]
        cells = "".join(f'<td class="num">{lang.value(v, "decimal")}</td>' for v in row)
        assert f'<th class="label" scope="row">{exp.at[code, "label"].replace("&", "&amp;")}</th>{cells}' in body
    # Excel: numbers as numbers, text as text (never a formula)
    ws = openpyxl.load_workbook(paths["xlsx"])["Tabel 5.2"]
    assert [c.value for c in ws[2]] == ["Kode", "Række", "Årsværk i dag", "Ved gns. kommuner", "Ved bedste kvartil",
                                        "På fronten"]
    for r, code in enumerate(exp.index, start=3):
        assert ws.cell(row=r, column=1).value == code and ws.cell(row=r, column=1).data_type == "s"
        assert ws.cell(row=r, column=2).value == exp.at[code, "label"]
        values = [ws.cell(row=r, column=k).value for k in range(3, 7)]
        assert all(isinstance(v, float) for v in values)
        np.testing.assert_allclose(values, [exp.at[code, "fte"], *exp.loc[code, SCENARIOS]], rtol=1e-12)
    assert ws.cell(row=3 + len(exp), column=1).value == "total"
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)
    # CSV: unrounded numbers
    csv = pd.read_csv(paths["csv"] / "table_5_2.csv", index_col=0)
    np.testing.assert_allclose(csv.loc[list(exp.index)].iloc[:, 1:].to_numpy(),
                               exp[["fte", *SCENARIOS]].to_numpy(dtype=float), rtol=1e-12)
    # Word: the caption and the cells as printed
    import docx

    document = docx.Document(str(paths["docx"]))
    assert caption in [p.text for p in document.paragraphs if p.style.name == "Caption"]
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Årsværk i dag")
    assert [c.text for c in table.rows[1].cells] == ["A-dagpenge", *[lang.value(v, "decimal") for v in
                                                                      [exp.at["adp", "fte"],
                                                                       *exp.loc["adp", SCENARIOS]]]]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Tabel 5.2: Hvad hvis" in " ".join(text.split())


def test_withheld_area_is_withheld_and_left_out_of_the_sentence(tmp_path):
    # Varde's udd (53 person-years) is the only target area below 60 person-years
    data = jobbench.report.build(DATA, "Varde", tmp_path, threshold=60, uncertainty=None, charts=False)
    sec = _section(data)
    table = sec.tables[0]
    udd = next(r for r in table.rows if r.code == "udd")
    assert udd.cells[0].text != "." and [c.text for c in udd.cells[1:]] == [".", ".", "."]
    assert all(c.withheld for c in udd.cells[1:])
    assert "total" not in [r.code for r in table.rows]  # no total that would give udd away
    exp = _expected().drop(index="udd")
    lang = Lang("da")
    text = " ".join(sec.paragraphs)
    assert "På de 7 af tabellens 8 målgrupper, hvor alle tal vises," in text
    assert f"bruger Varde Kommune i dag {lang.num(exp['fte'].sum(), 1)} årsværk" in text


def test_left_out_when_what_if_fails_or_has_no_rows(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise jobbench.InputError("no person-years")

    monkeypatch.setattr(analysis, "what_if", fail)
    data = jobbench.report.build(DATA, "Varde", tmp_path, uncertainty=None, charts=False)
    assert [(s.id, s.number) for s in data.frontier] == [("effektivitet", "5.1"), ("forventet", "5.2")]
    assert not any(t.title.startswith("Hvad hvis") for t in data.all_tables())
    empty = pd.DataFrame(columns=["municipality", "item", "label", "fte", "person_years", "productivity",
                                  "scenario", "benchmark", "fte_needed", "fte_difference"])
    monkeypatch.setattr(analysis, "what_if", lambda *a, **k: empty)
    data = jobbench.report.build(DATA, "Varde", tmp_path, uncertainty=None, charts=False)
    assert _section(data) is None and [s.id for s in data.frontier] == ["effektivitet", "forventet"]
