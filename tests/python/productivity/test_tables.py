"""Report tables in the spec's layout (section 6 of docs/design.md)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from conftest import MUNICIPALITIES


def test_default_layout(results):
    t = results.table("T1")
    assert list(t.columns) == ["label", *MUNICIPALITIES, jobbench.MEAN_COLUMN]
    assert t.index.name == "code"
    assert list(t.index) == ["total", "a", "k", "adm", "heraf_ledelse", "total:external", "heading:Kvalitet",
                             "q.samtale", "q.jobrate"]
    # the printed labels, without the layout prefixes; the prefixes are kept apart and only drawn
    assert list(t["label"]) == ["Produktivitet", "A-dagpenge", "Kontanthjælp", "Administration", "Heraf ledelse",
                                "Heraf puljer og løntilskud", "Kvalitet", "Samtaleintensitet",
                                "Job- og uddannelsesrate"]
    assert t.attrs["prefix"] == ["", "", "", "", "-", "-", "", "", ""]
    assert not any(str(v).startswith(("*", "-")) for v in t["label"])
    assert t.attrs["title"] == "Produktivitet og kvalitet"
    assert t.attrs["bold"][0] is True and t.attrs["bold"][1] is False
    prod = results.productivity
    for m in MUNICIPALITIES:
        assert t.at["total", m] == pytest.approx(prod.at["total", m])
        assert t.at["a", m] == pytest.approx(prod.at["a", m])
        assert t.at["heraf_ledelse", m] == pytest.approx(prod.at["heraf_ledelse", m])
    assert t.at["total", jobbench.MEAN_COLUMN] == pytest.approx(results.mean["total"])
    ext = results.matrix("productivity_external")
    assert t.at["total:external", "Aby"] == pytest.approx(ext.at["total", "Aby"])
    assert t.at["total:external", jobbench.MEAN_COLUMN] == pytest.approx(ext.loc["total"].mean())
    assert t.loc["heading:Kvalitet", MUNICIPALITIES].isna().all()


def test_loc_by_item_code(results):
    t = results.table("T1")
    row = t.loc["a"]
    assert row["label"] == "A-dagpenge"
    assert row["Aby"] == pytest.approx(results.productivity.at["a", "Aby"])
    assert t.loc["a", MUNICIPALITIES].astype(float).tolist() == pytest.approx(
        results.productivity.loc["a", MUNICIPALITIES].tolist())


def test_row_codes_unique_and_qualified():
    from jobbench.productivity.results import BenchmarkResults

    rows = [{"label": "Produktivitet", "item": "adp", "measure": "productivity"},
            {"label": "-Sag", "item": "adp.sag"},
            {"label": "Samlet", "item": "adp", "measure": "productivity"},
            {"label": "-Heraf puljer", "item": "adp", "measure": "productivity_external"},
            {"label": "-Heraf puljer", "item": "adp", "external": True},
            {"label": "Andel", "item": "adp", "measure": "share"},
            {"label": "Andel puljer", "item": "adp", "measure": "share_external"},
            {"label": "Tryk", "group": "adp", "measure": "forsoergelsestryk"},
            {"label": "Befolkning", "measure": "population"},
            {"label": "Kvalitet"},
            {"label": "Samtaler", "indicator": "q.adp.samtale"}]
    assert BenchmarkResults.row_codes(rows) == [
        "adp", "adp.sag", "adp:2", "adp:external", "adp:external:2", "adp:share", "adp:share:external",
        "adp:forsoergelsestryk", "population", "heading:Kvalitet", "q.adp.samtale"]


def test_quality_rows_mean_computed_not_copied(results):
    t = results.table("T1")
    # Cby has no conversation intensity: missing values are left out of the mean
    assert np.isnan(t.at["q.samtale", "Cby"])
    assert t.at["q.samtale", jobbench.MEAN_COLUMN] == pytest.approx((1.5 + 1.2) / 2)
    assert t.at["q.jobrate", jobbench.MEAN_COLUMN] == pytest.approx(0.25)


def test_quality_absent_gives_nan_rows(spec, fte, person_years):
    r = jobbench.Benchmark(spec, fte, person_years).fit()
    t = r.table("T1")
    assert t.loc["q.samtale", MUNICIPALITIES].isna().all()


def test_municipality_layout(results):
    t = results.table("R", municipality="Aby")
    assert list(t.columns) == ["label", "Aby, Årsværk", "Aby, Procent", "Alle, procent"]
    assert list(t.index) == ["a", "k", "adm", "total", "heraf_ledelse", "total:external"]
    fte = results.fte
    assert t.at["total", "Aby, Årsværk"] == pytest.approx(fte.at["total", "Aby"])
    assert t.at["a", "Aby, Procent"] == pytest.approx(fte.at["a", "Aby"] / fte.at["total", "Aby"])
    assert t.at["a", "Alle, procent"] == pytest.approx(fte.loc["a"].sum() / fte.loc["total"].sum())
    ext = results.matrix("fte_external")
    assert t.at["total:external", "Aby, Årsværk"] == pytest.approx(ext.at["total", "Aby"])
    assert t.at["total:external", "Alle, procent"] == pytest.approx(
        ext.loc["total"].sum() / fte.loc["total"].sum())
    assert t.attrs["municipality"] == "Aby"


def test_key_figures_table(results, population):
    t = results.table("B")
    assert list(t.index) == ["population", "a:forsoergelsestryk", "total:fte_per_1000_population", "a:share"]
    pop = population.set_index("municipality")["population"]
    assert t.loc["population", "Aby"] == pytest.approx(pop["Aby"])
    assert t.loc["population", jobbench.MEAN_COLUMN] == pytest.approx(pop.mean())
    # forsørgelsestryk: person-years of the group over the population
    assert t.loc["a:forsoergelsestryk", "Aby"] == pytest.approx(500.0 / 10000.0)
    assert t.loc["total:fte_per_1000_population", "Bby"] == pytest.approx(
        results.fte.at["total", "Bby"] * 1000 / pop["Bby"])
    assert t.loc["a:share", "Cby"] == pytest.approx(results.fte.at["a", "Cby"] / results.fte.at["total", "Cby"])


def test_format_cells_danish(results):
    f = results.format_cells("T1")
    v = results.productivity.at["total", "Aby"]
    assert f.at["total", "Aby"] == f"{v:.1f}".replace(".", ",")
    assert f.at["q.jobrate", "Aby"] == "25,0%"
    assert f.at["q.samtale", "Cby"] == "-"
    assert f.at["heading:Kvalitet", "Aby"] == ""
    assert f.at["heraf_ledelse", "label"] == "  Heraf ledelse"  # the prefix drawn as indentation
    r = results.format_cells("R", municipality="Aby")
    assert r.at["total", "Aby, Procent"] == "100,0%"


def test_format_table_is_a_styler(results):
    from pandas.io.formats.style import Styler

    s = results.format_table("T1", municipality="Bby")
    assert isinstance(s, Styler)
    pd.testing.assert_frame_equal(s.data, results.table("T1"))  # numbers stay numbers
    html = s.to_html()
    v = results.productivity.at["total", "Aby"]
    assert f">{v:.1f}<".replace(".", ",") in html
    assert ">25,0%<" in html
    assert "Heraf ledelse" in html and "-Heraf" not in html
    assert "padding-left: 1.2em" in html  # the "-" prefix drawn as indentation
    assert "font-weight: bold" in html
    assert "background-color: #fdebd0" in html  # the municipality's column
    assert "Tabel T1: Produktivitet og kvalitet" in html
    r = results.format_table("R", municipality="Aby").to_html()
    assert ">100,0%<" in r


def test_tables_listing(results):
    listing = results.tables()
    assert list(listing.index) == ["R", "T1", "B"]
    assert listing["T1"] == "Produktivitet og kvalitet"


def test_formatting_helpers():
    from jobbench.formatting import fmt_number, fmt_percent, fmt_value, lower_first

    assert fmt_number(24.06) == "24,1"
    assert fmt_number(2850, 0) == "2.850"
    assert fmt_number(43323.0, 0) == "43.323"
    assert fmt_number(0.0, dash_zero=True) == "-"
    assert fmt_number(float("nan"), missing="-") == "-"
    assert fmt_percent(0.124) == "12,4%"
    assert fmt_value(0.2, "percent") == "20,0%"
    assert fmt_value(7.0, "count") == "7"
    assert lower_first("Modtagelse og telefonvagt") == "modtagelse og telefonvagt"
    assert lower_first("A-dagpenge") == "A-dagpenge"
    assert lower_first("JC-målgruppe") == "JC-målgruppe"
