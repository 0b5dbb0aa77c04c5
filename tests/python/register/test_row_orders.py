"""jobbench.indicators on one panel in the row orders that real extracts come in: sorted by person,
appended weekly extracts (by week), shuffled, and record batches that split persons. Every order
gives the same bits (numbers and standard errors); bad input names the same rules and counts, with
rows named by their position in the table as given. The C++ side is tests/cpp/register/test_row_orders.cpp."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import jobbench
from jobbench import InputError
from jobbench.register import synthetic_panel


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_panel(2_000, seed=16)


def _orders(panel: pd.DataFrame) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(3)
    return {
        "by week": panel.sort_values(["week", "person"], kind="stable").reset_index(drop=True),
        "shuffled": panel.iloc[rng.permutation(len(panel))].reset_index(drop=True),
        "reversed": panel.iloc[::-1].reset_index(drop=True),
    }


def test_every_order_gives_the_same_bits(panel: pd.DataFrame) -> None:
    base = jobbench.indicators(panel)
    for name, frame in _orders(panel).items():
        for threads in (1, 2):
            got = jobbench.indicators(frame, threads=threads)
            pd.testing.assert_frame_equal(base, got, check_exact=True, obj=f"{name}, {threads} threads")


def test_batches_that_split_persons_give_the_same_bits(panel: pd.DataFrame) -> None:
    base = jobbench.indicators(panel)
    # batches of a table sorted by week: persons span batches (the engine reads them as one)
    weekly = pa.Table.from_pandas(_orders(panel)["by week"], preserve_index=False)
    batches = pa.Table.from_batches(weekly.to_batches(max_chunksize=7_000))
    assert batches.column("person").num_chunks > 1
    pd.testing.assert_frame_equal(base, jobbench.indicators(batches), check_exact=True)


def _with_errors(panel: pd.DataFrame) -> pd.DataFrame:
    bad = panel.copy()
    bad.loc[10, "benefit_share"] = 1.5
    twin = bad.iloc[[50]]
    return pd.concat([bad, twin], ignore_index=True)  # row 50's person-week twice


@pytest.mark.parametrize("order", ["by week", "shuffled"])
def test_bad_input_names_rows_as_given_in_every_order(panel: pd.DataFrame, order: str) -> None:
    bad = _with_errors(panel)
    frame = _orders(bad)[order]
    with pytest.raises(InputError) as err:
        jobbench.indicators(frame)
    message = str(err.value)
    assert "2 rows break rule 'duplicate person-week'" in message
    assert "1 row breaks rule 'benefit share outside (0, 1]'" in message
    twin = bad.iloc[50]
    positions = frame.index[(frame["person"] == twin["person"]) & (frame["week"] == twin["week"])]
    for position in positions:
        assert f"row {position} (person {twin['person']}" in message
    share_row = frame.index[frame["benefit_share"] == 1.5][0]
    assert f"row {share_row} (" in message
    # dropped, the same bits as the panel in its own order
    expected = jobbench.indicators(bad, drop_invalid=True)
    pd.testing.assert_frame_equal(expected, jobbench.indicators(frame, drop_invalid=True), check_exact=True)
