"""Register indicators on a local Dask cluster (2 worker processes) equal one process, bit for bit."""
from __future__ import annotations

import pandas as pd
import pytest

import jobbench

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


def test_local_cluster_equals_one_process() -> None:
    import jobbench.register.dask as jd

    panel = jobbench.synthetic_panel(persons=3000, seed=21, municipalities=10)
    one = jobbench.register_indicators(panel)
    assert {"ag_se", "dr_upper", "ti_lower"} <= set(one.columns)  # compared bit for bit below too
    shuffled = panel.sample(frac=1.0, random_state=3).reset_index(drop=True)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        # rows in random order, partitions splitting persons: shuffled on person first
        ddf = dd.from_pandas(shuffled, npartitions=5, sort=False)
        pd.testing.assert_frame_equal(one, jd.indicators(ddf), check_exact=True)
        # person as a sorted index with known divisions: partitions are person ranges already
        by_person = dd.from_pandas(panel.set_index("person"), npartitions=4, sort=True)
        assert by_person.known_divisions
        parts = jd.partials(by_person)
        assert len(parts) == 4
        assert all(a.max_person < b.min_person for a, b in zip(parts, parts[1:]))
        pd.testing.assert_frame_equal(one, jd.indicators(by_person), check_exact=True)
