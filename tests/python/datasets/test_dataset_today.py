"""The synthetic data set on today's groups: seeded, fits, person-years reconcile."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench._errors import InputError
from jobbench.datasets.synthetic import (SYNTHETIC_LABEL, SyntheticDataset, leaf_rates,
                                         synthetic_dataset)
from jobbench.register import synthetic_national_panel
from jobbench.register.frames import (person_years_from_measures, persons_from_measures,
                                      quality_from_measures)
from jobbench.register.today import quarter_weeks, today_dataset, today_periods, year_weeks

PERSONS = 20_000
SEED = 7
TARGETS = ["adp", "kh_jobparat", "kh_aktivitetsparat", "uddh_uddparat", "uddh_aktivitetsparat",
           "shy_jobparat", "shy_aktivitetsparat", "syg", "jaf", "ref", "ly", "flex", "reval"]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_national_panel(PERSONS, first_year=2019, last_year=2022, seed=SEED)


@pytest.fixture(scope="module")
def data(panel: pd.DataFrame) -> SyntheticDataset:
    return today_dataset(PERSONS, seed=SEED, panel=panel)


def test_periods_are_iso_quarters():
    assert year_weeks(2021) == (202101, 202152)
    assert year_weeks(2020) == (202001, 202053)
    assert quarter_weeks(2021, 3) == (202126, 202139)
    assert quarter_weeks(2021, 1) == (202101, 202112)
    periods = today_periods(2021)
    assert periods[0] == (202101, 202152) and len(periods) == 9
    assert periods[1] == quarter_weeks(2020, 1) and periods[-1] == quarter_weeks(2021, 4)
    with pytest.raises(InputError, match="quarter"):
        quarter_weeks(2021, 5)


def test_contents_are_labelled_synthetic(data: SyntheticDataset):
    assert isinstance(data, jobbench.datasets.Dataset) and data.synthetic
    assert data.spec.name.endswith(SYNTHETIC_LABEL)
    assert "Synthetic" in data.readme and "invented" in data.readme
    assert data.municipalities == list(jobbench.datasets.benchmark2013().municipalities)
    assert data.period == "2021"
    assert set(data.person_years["group"]) <= set(TARGETS)
    assert sorted(data.measures["period"].unique()) == [f"{y}Q{q}" for y in (2020, 2021)
                                                        for q in (1, 2, 3, 4)]
    assert set(data.measures["municipality"]) <= set(data.municipalities)
    assert data.provenance["seed"] == SEED and data.provenance["persons"] == PERSONS


def test_benchmark_fits(data: SyntheticDataset):
    results = data.benchmark().fit()
    assert list(results.municipalities) == data.municipalities
    prod = results.matrix("productivity")
    assert np.isfinite(prod.loc["total"]).all() and (prod.loc["total"] > 0).all()
    table = results.table("4.3", municipality="Varde")
    assert "q.kh.aktgrad" in table.index and np.isfinite(table.loc["q.kh.aktgrad", "Varde"])


def test_person_years_reconcile_with_the_panel(data: SyntheticDataset, panel: pd.DataFrame):
    codes = jobbench.datasets.municipalities().set_index("name")["code"]
    chosen = codes.loc[data.municipalities].to_numpy()
    rows = panel[panel["week"].between(202101, 202152) & panel["group"].isin(TARGETS)
                 & panel["municipality"].isin(chosen)]
    panel_py = rows["benefit_share"].sum() / 52.0
    assert data.person_years["person_years"].sum() == pytest.approx(panel_py, rel=1e-9)
    per_group = rows.groupby("group", observed=True)["benefit_share"].sum() / 52.0
    mine = data.person_years.groupby("group")["person_years"].sum()
    assert mine.reindex(per_group.index).to_numpy() == pytest.approx(per_group.to_numpy(), rel=1e-9)


def test_deterministic_by_seed(data: SyntheticDataset):
    again = today_dataset(PERSONS, seed=SEED)
    for name in ("fte", "person_years", "population", "quality", "persons", "measures"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(data, name), obj=name)
    other = synthetic_dataset("x", "jobindsats2019", data.person_years, data.municipalities,
                              seed=SEED + 1)
    assert not other.fte["fte"].equals(data.fte["fte"])


def test_fte_model(data: SyntheticDataset):
    fte = data.fte
    assert (fte["fte_external"] <= fte["fte"]).all() and (fte["fte"] >= 0).all()
    assert set(fte["task"]) == set(leaf_rates(data.spec)["task"])
    results = data.benchmark().fit()
    mean = results.mean
    assert 8 < mean["adp"] < 20 and 25 < mean["kh"] < 60  # the reference levels, with noise
    pop = data.population.set_index("municipality")["population"]
    py = data.person_years.groupby("municipality")["person_years"].sum()
    assert ((py / pop).reindex(pop.index) < 0.21).all()


def _long(rows: list[tuple]) -> pd.DataFrame:
    cols = ["period", "first", "last", "municipality", "group", "measure", "numerator",
            "denominator", "value"]
    return pd.DataFrame(rows, columns=cols)


def test_frames_from_a_hand_made_long_frame():
    m = _long([("2021Q1", 202101, 202112, 573, "kh_jobparat", "py", 24.0, 12.0, 2.0),
               ("2021Q1", 202101, 202112, 573, "kh_aktivitetsparat", "py", 12.0, 12.0, 1.0),
               ("2021Q1", 202101, 202112, 573, "kh", "py", 36.0, 12.0, 3.0),
               ("2021Q1", 202101, 202112, 573, "fp", "py", 60.0, 12.0, 5.0),
               ("2021Q1", 202101, 202112, 573, "kh_jobparat", "persons", 3.0, np.nan, 3.0),
               ("2021Q1", 202101, 202112, 573, "kh", "si", 9.0, 36.0, 3.25),
               ("2021Q2", 202113, 202125, 573, "kh_jobparat", "py", 13.0, 13.0, 1.0)])
    py = person_years_from_measures(m, "2021Q1", names={573: "Varde"})
    assert py.to_dict("records") == [
        {"municipality": "Varde", "group": "kh_jobparat", "person_years": 2.0},
        {"municipality": "Varde", "group": "kh_aktivitetsparat", "person_years": 1.0}]
    by_pair = person_years_from_measures(m, (202113, 202125))
    assert by_pair.to_dict("records") == [
        {"municipality": "573", "group": "kh_jobparat", "person_years": 1.0}]
    persons = persons_from_measures(m, "2021Q1")
    assert persons["persons"].tolist() == [3.0]
    quality = quality_from_measures(m, "2021Q1")
    assert set(quality["indicator"]) == {"q.kh.samtale"}
    assert quality["value"].tolist() == [3.25] and quality["table"].tolist() == ["4.3"]
    with pytest.raises(InputError, match="2021Q3.*2021Q1, 2021Q2"):
        person_years_from_measures(m, "2021Q3")
