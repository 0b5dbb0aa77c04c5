"""Report tables in the spec's layout (section 6 of docs/design.md)."""
from __future__ import annotations

import numpy as np
import pytest

import jobbench
from conftest import MUNICIPALITIES


def test_default_layout(results):
    t = results.table("T1")
    assert list(t.columns) == [*MUNICIPALITIES, jobbench.MEAN_COLUMN]
    assert list(t.index) == ["Produktivitet", "A-dagpenge", "Kontanthjælp", "Administration", "-Heraf ledelse",
                             "-Heraf puljer og løntilskud", "Kvalitet", "Samtaleintensitet",
                             "Job- og uddannelsesrate"]
    assert t.attrs["title"] == "Produktivitet og kvalitet"
    assert t.attrs["bold"][0] is True and t.attrs["bold"][1] is False
    prod = results.productivity
    for m in MUNICIPALITIES:
        assert t.at["Produktivitet", m] == pytest.approx(prod.at["total", m])
        assert t.at["A-dagpenge", m] == pytest.approx(prod.at["a", m])
        assert t.at["-Heraf ledelse", m] == pytest.approx(prod.at["heraf_ledelse", m])
    assert t.at["Produktivitet", jobbench.MEAN_COLUMN] == pytest.approx(results.mean["total"])
    ext = results.matrix("productivity_external")
    assert t.at["-Heraf puljer og løntilskud", "Aby"] == pytest.approx(ext.at["total", "Aby"])
    assert t.at["-Heraf puljer og løntilskud", jobbench.MEAN_COLUMN] == pytest.approx(ext.loc["total"].mean())
    assert t.loc["Kvalitet"].isna().all()


def test_quality_rows_mean_computed_not_copied(results):
    t = results.table("T1")
    # Cby has no conversation intensity: missing values are left out of the mean
    assert np.isnan(t.at["Samtaleintensitet", "Cby"])
    assert t.at["Samtaleintensitet", jobbench.MEAN_COLUMN] == pytest.approx((1.5 + 1.2) / 2)
    assert t.at["Job- og uddannelsesrate", jobbench.MEAN_COLUMN] == pytest.approx(0.25)


def test_quality_absent_gives_nan_rows(spec, fte, person_years):
    r = jobbench.Benchmark(spec, fte, person_years).fit()
    t = r.table("T1")
    assert t.loc["Samtaleintensitet"].isna().all()


def test_municipality_layout(results):
    t = results.table("R", municipality="Aby")
    assert list(t.columns) == ["Aby, Årsværk", "Aby, Procent", "Alle, procent"]
    fte = results.fte
    assert t.at["I alt", "Aby, Årsværk"] == pytest.approx(fte.at["total", "Aby"])
    assert t.at["A-dagpenge", "Aby, Procent"] == pytest.approx(fte.at["a", "Aby"] / fte.at["total", "Aby"])
    assert t.at["A-dagpenge", "Alle, procent"] == pytest.approx(fte.loc["a"].sum() / fte.loc["total"].sum())
    ext = results.matrix("fte_external")
    assert t.at["-Heraf puljer og løntilskud", "Aby, Årsværk"] == pytest.approx(ext.at["total", "Aby"])
    assert t.at["-Heraf puljer og løntilskud", "Alle, procent"] == pytest.approx(
        ext.loc["total"].sum() / fte.loc["total"].sum())
    assert t.attrs["municipality"] == "Aby"


def test_key_figures_table(results, population):
    t = results.table("B")
    pop = population.set_index("municipality")["population"]
    assert t.iloc[0]["Aby"] == pytest.approx(pop["Aby"])
    assert t.iloc[0][jobbench.MEAN_COLUMN] == pytest.approx(pop.mean())
    # forsørgelsestryk: person-years of the group over the population
    assert t.iloc[1]["Aby"] == pytest.approx(500.0 / 10000.0)
    assert t.iloc[2]["Bby"] == pytest.approx(results.fte.at["total", "Bby"] * 1000 / pop["Bby"])
    assert t.iloc[3]["Cby"] == pytest.approx(results.fte.at["a", "Cby"] / results.fte.at["total", "Cby"])


def test_format_table_danish(results):
    f = results.format_table("T1")
    v = results.productivity.at["total", "Aby"]
    assert f.at["Produktivitet", "Aby"] == f"{v:.1f}".replace(".", ",")
    assert f.at["Job- og uddannelsesrate", "Aby"] == "25,0%"
    assert f.at["Samtaleintensitet", "Cby"] == "-"
    assert f.at["Kvalitet", "Aby"] == ""
    r = results.format_table("R", municipality="Aby")
    assert r.at["I alt", "Aby, Procent"] == "100,0%"


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
