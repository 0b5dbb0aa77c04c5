"""Criteria catalogues: the shipped one validates, broken ones are refused naming line and rule."""
from __future__ import annotations

import pandas as pd
import pytest

import jobbench
from jobbench import audit

CATALOGUE = pd.DataFrame({"criterion": ["plan", "goal"], "theme": ["Plan", "Plan"],
                          "name": ["Plan foreligger", "Jobmål i planen"], "legal_basis": ["", ""],
                          "favourable": ["met", "met"], "filter": ["", "plan"], "note": ["", ""]})


def test_shipped_catalogue():
    cat = audit.load_catalogue("audit2022")
    assert list(cat.columns) == audit.CATALOGUE_COLUMNS
    assert len(cat) == 38 and cat["theme"].nunique() == 6
    assert cat.set_index("criterion").loc["jobmaal_konkret", "filter"] == "jobmaal_i_planen"
    assert cat.set_index("criterion").loc["lange_perioder_uden_tilbud", "favourable"] == "not_met"
    assert (cat["name"] != "").all()


def test_own_catalogue_from_a_file(tmp_path):
    path = tmp_path / "mine.csv"
    CATALOGUE.drop(columns="note").to_csv(path, index=False)
    assert list(audit.load_catalogue(path)["criterion"]) == ["plan", "goal"]


def test_catalogue_errors(tmp_path):
    assert "audit2022" in audit.catalogues()
    assert len(audit.load_catalogue("audit2022")) == 38
    broken = CATALOGUE.assign(filter=["goal", "plan"])
    with pytest.raises(jobbench.InputError, match="cycle"):
        audit.load_catalogue(broken)
    with pytest.raises(jobbench.InputError, match=r"line 3 \(goal\): filter 'nothing'"):
        audit.load_catalogue(CATALOGUE.assign(filter=["", "nothing"]))
    with pytest.raises(jobbench.InputError, match="favourable 'ja'"):
        audit.load_catalogue(CATALOGUE.assign(favourable=["ja", "met"]))
    with pytest.raises(jobbench.InputError, match="no such catalogue"):
        audit.load_catalogue(tmp_path / "none.csv")
