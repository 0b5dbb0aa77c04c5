"""UncertaintyResults.covariance: the draws' covariance of productivity, the input of rank sets."""
from __future__ import annotations

import numpy as np
import pytest

import jobbench


@pytest.fixture(scope="module")
def roster_and_data():
    data = jobbench.datasets.benchmark2013()
    names = data.municipalities[:5]
    emp, shares = jobbench.synthetic_roster(seed=2013, municipalities=names)
    return jobbench.StaffRoster(data.spec, emp, shares), data, names


def test_covariance_is_symmetric_psd_and_matches_the_interval_width(roster_and_data):
    roster, data, names = roster_and_data
    unc = roster.simulate(data.person_years, data.population, draws=2000, seed=3, level=0.90,
                          municipalities=names)
    item = "adp.sag.o30"
    cov = unc.covariance(item)
    assert list(cov.index) == list(names) and list(cov.columns) == list(names)
    np.testing.assert_allclose(cov.to_numpy(), cov.to_numpy().T, rtol=0, atol=1e-15)
    assert np.linalg.eigvalsh(cov.to_numpy()).min() > -1e-12
    iv = unc.intervals.set_index(["item", "municipality"]).loc[item].loc[list(names)]
    # for near-normal draws the 90 % interval spans about 2 × 1.645 standard deviations
    width_sd = (iv["upper"] - iv["lower"]).to_numpy() / (2 * 1.6448536)
    np.testing.assert_allclose(np.sqrt(np.diag(cov.to_numpy())), width_sd, rtol=0.15)
    assert unc.point(item).index.tolist() == list(names)
    np.testing.assert_allclose(unc.point(item).to_numpy(), iv["productivity"].to_numpy())


def test_no_perturbation_gives_zero_covariance(roster_and_data):
    roster, data, names = roster_and_data
    unc = roster.simulate(data.person_years, data.population, relative_sd=(0.0, 0.0), draws=10,
                          seed=1, municipalities=names)
    assert np.abs(unc.covariance().to_numpy()).max() < 1e-20


def test_covariance_does_not_depend_on_threads(roster_and_data):
    roster, data, names = roster_and_data
    a = roster.simulate(data.person_years, data.population, draws=200, seed=5, threads=1,
                        municipalities=names).covariance("adp.sag")
    b = roster.simulate(data.person_years, data.population, draws=200, seed=5, threads=2,
                        municipalities=names).covariance("adp.sag")
    assert a.equals(b)
