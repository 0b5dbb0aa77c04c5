"""Register panel input: values that do not fit the engine's integers are errors naming the column,
row and real value (never wrapped around), empty panels, and panel files (CSV lines, Arrow, Parquet)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import jobbench
from jobbench import _core
from jobbench.register import from_wide

BIG = 2**32


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return jobbench.synthetic_panel(persons=60, seed=3, municipalities=3)


def _one_line(exc: pytest.ExceptionInfo) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize("column, value, dtype", [
    ("municipality", 756 + BIG, np.int64),
    ("municipality", -(2**31) - 1, np.int64),
    ("week", 201301 + BIG, np.uint64),
    ("conversations", 1 + BIG, np.int64),
    ("conversations", 1.0 + BIG, np.float64),
    ("conversations", 1 + BIG, "Int64"),
    ("municipality", 756 + BIG, "int64[pyarrow]"),
    ("person", 2**63, np.uint64),
])
def test_out_of_range_values_are_errors_with_the_real_value(panel, column, value, dtype) -> None:
    bad = panel.copy()
    bad[column] = bad[column].astype(dtype)
    bad.loc[7, column] = value
    with pytest.raises(jobbench.InputError) as err:
        jobbench.register_indicators(bad)
    msg = _one_line(err)
    assert f"row 7, column '{column}'" in msg
    assert str(int(value)) in msg and "outside the engine's range" in msg


def test_out_of_range_in_arrow_batches_names_the_table_row(panel) -> None:
    table = pa.Table.from_pandas(panel.assign(municipality=panel["municipality"].astype(np.int64)),
                                 preserve_index=False)
    values = table.column("municipality").to_numpy().copy()
    values[45] = 756 + BIG
    table = table.set_column(2, "municipality", pa.array(values))
    batches = pa.Table.from_batches(table.to_batches(max_chunksize=20))
    for t in (table, batches):
        with pytest.raises(jobbench.InputError, match=r"row 45, column 'municipality': 4294968052 "):
            jobbench.register_indicators(t)


def test_integer_codes_and_object_columns_do_not_wrap(panel) -> None:
    codes = panel.assign(group=panel["group"].cat.codes.astype(np.int64))
    codes.loc[2, "group"] = BIG  # would wrap to code 0 (adp_o30)
    with pytest.raises(jobbench.InputError, match=r"row 2, column 'group': 4294967296 is outside"):
        jobbench.register_indicators(codes)
    unsigned = panel.assign(offer=panel["offer"].cat.codes.astype(np.uint8))
    pd.testing.assert_frame_equal(jobbench.register_indicators(unsigned), jobbench.register_indicators(panel))
    obj = panel.assign(person=panel["person"].astype(object))
    obj.loc[4, "person"] = 2**70
    with pytest.raises(jobbench.InputError, match=r"row 4, column 'person': 1180591620717411303424 is"):
        jobbench.register_indicators(obj)
    obj.loc[4, "person"] = "x12"
    with pytest.raises(jobbench.InputError, match=r"row 4, column 'person': 'x12' is not an integer"):
        jobbench.register_indicators(obj)
    frac = panel.assign(week=panel["week"].astype(float))
    frac.loc[1, "week"] = 201301.5
    with pytest.raises(jobbench.InputError, match=r"row 1, column 'week': 201301.5 is not an integer"):
        jobbench.register_indicators(frac)
    whole = panel.assign(week=panel["week"].astype(float))  # integral floats are their integers
    pd.testing.assert_frame_equal(jobbench.register_indicators(whole), jobbench.register_indicators(panel))


def test_partial_sick_and_benefit_share_are_not_coerced(panel) -> None:
    text = panel.assign(partial_sick=panel["partial_sick"].astype(object))
    text.loc[3, "partial_sick"] = "False"  # bool("False") is True
    with pytest.raises(jobbench.InputError, match=r"row 3, column 'partial_sick': 'False' is not a bool"):
        jobbench.register_indicators(text)
    two = panel.assign(partial_sick=panel["partial_sick"].astype(np.int8))
    two.loc[3, "partial_sick"] = 2
    with pytest.raises(jobbench.InputError, match=r"row 3, column 'partial_sick': 2 is not a bool"):
        jobbench.register_indicators(two)
    share = panel.assign(benefit_share=panel["benefit_share"].astype(object))
    share.loc[5, "benefit_share"] = "half"
    with pytest.raises(jobbench.InputError, match=r"row 5, column 'benefit_share': 'half' is not a number"):
        jobbench.register_indicators(share)


def test_the_binding_refuses_to_narrow() -> None:
    spec = jobbench.register_indicators.__globals__["register_spec"]()
    n = 2
    with pytest.raises(TypeError):
        _core.register_accumulate(spec, np.arange(n, dtype=np.int64), np.full(n, 201301 + BIG),
                                  np.full(n, 573, dtype=np.int32), np.zeros(n, np.int8), ["adp_o30"],
                                  np.zeros(n, np.int8), ["none"], np.ones(n), period_first=201301,
                                  period_last=201310)


def test_empty_panel_is_an_error_with_a_proper_message(panel, tmp_path) -> None:
    with pytest.raises(jobbench.InputError, match="the panel has no rows"):
        jobbench.register_indicators(panel.iloc[:0])
    path = tmp_path / "header.csv"
    path.write_text(",".join(panel.columns) + "\n")
    with pytest.raises(jobbench.InputError, match="the panel has no rows"):
        jobbench.register_indicators(path)
    with pytest.raises(jobbench.InputError, match="no rows left after dropping 1 invalid rows"):
        jobbench.register_indicators(panel.iloc[:1].assign(week=201253), drop_invalid=True)


def test_csv_panel_errors_name_file_and_line(panel, tmp_path) -> None:
    path = tmp_path / "panel.csv"
    bad = panel.assign(municipality=panel["municipality"].astype(np.int64))
    bad.loc[9, "municipality"] = 756 + BIG
    bad.to_csv(path, index=False)
    with pytest.raises(jobbench.InputError) as err:
        jobbench.register_indicators(path)
    assert f"{path} line 11, column 'municipality': 4294968052 is outside" in _one_line(err)
    bad = panel.copy()
    bad.loc[9, "week"] = 201253
    bad.to_csv(path, index=False)
    with pytest.raises(jobbench.InputError, match=re.escape(f"{path}: 1 row breaks rule 'invalid ISO week'")
                       + r".*line 11 \(person"):
        jobbench.register_indicators(path)
    path.write_bytes(b"person,week,municipality,group,benefit_share,offer\n1,201301,573,adp_o30,1,none\n"
                     b"2,201301,573,syg\xe6,1,none\n")
    with pytest.raises(jobbench.InputError, match=r"line 3: not UTF-8 text"):
        jobbench.register_indicators(path)
    path.write_bytes(b"")
    with pytest.raises(jobbench.InputError, match="the file is empty"):
        jobbench.register_indicators(path)
    path.write_bytes(b'person,week\n"1,201301\n')
    with pytest.raises(jobbench.InputError, match=f"{re.escape(str(path))}: cannot read it as CSV"):
        jobbench.register_indicators(path)
    path.write_text("a,b\n1,2\n")
    with pytest.raises(jobbench.InputError, match=f"{re.escape(str(path))}: missing required column 'person'"):
        jobbench.register_indicators(path)


def test_panel_files_give_the_frame_result(panel, tmp_path) -> None:
    base = jobbench.register_indicators(panel)
    csv = tmp_path / "p.csv"
    panel.to_csv(csv, index=False)
    parquet = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pandas(panel, preserve_index=False), parquet)
    for path in (csv, parquet, str(parquet)):
        pd.testing.assert_frame_equal(jobbench.register_indicators(path), base)
    broken = tmp_path / "broken.arrow"
    broken.write_bytes(b"not arrow")
    with pytest.raises(jobbench.InputError, match="cannot read it"):
        jobbench.register_indicators(broken)
    with pytest.raises(jobbench.InputError, match="no such file"):
        jobbench.register_indicators(tmp_path / "missing.csv")


def test_from_wide_range_checks(panel) -> None:
    wide = pd.DataFrame({"person": [1, 2], "municipality": np.array([573, 756 + BIG], dtype=np.int64),
                         "201301": ["111", "111"]})
    with pytest.raises(jobbench.InputError, match=r"row 1, column 'municipality': 4294968052 is outside"):
        from_wide(wide, {"111": "adp_o30"})
    wide["municipality"] = [573, 540]
    wide["person"] = ["1", "x"]
    with pytest.raises(jobbench.InputError, match=r"row 1, column 'person': 'x' is not an integer"):
        from_wide(wide, {"111": "adp_o30"})


def test_dask_partition_errors_name_the_partition(panel) -> None:
    dd = pytest.importorskip("dask.dataframe")
    import jobbench.register.dask

    bad = panel.assign(municipality=panel["municipality"].astype(np.int64))
    bad.loc[len(bad) - 1, "municipality"] = 756 + BIG
    ddf = dd.from_pandas(bad.set_index("person"), npartitions=3, sort=True)
    with pytest.raises(jobbench.InputError, match=r"dask partition 2 .*column 'municipality': 4294968052"):
        jobbench.register.dask.indicators(ddf)
