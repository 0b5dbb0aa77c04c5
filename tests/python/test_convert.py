"""Conversion helpers: keys to int32 codes, numbers to float64 without copies."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from jobbench._convert import as_codes, as_float64, check_finite, require_columns


def test_float64_series_is_not_copied():
    base = np.arange(6, dtype=np.float64)
    s = pd.Series(base, copy=False)
    out = as_float64(s)
    assert out.dtype == np.float64 and out.flags.c_contiguous
    assert np.shares_memory(out, base)


def test_float64_column_of_frame_is_not_copied():
    frame = pd.DataFrame({"fte": np.linspace(0, 1, 5), "x": np.arange(5)})
    col = frame["fte"]
    assert np.shares_memory(as_float64(col), col.to_numpy())


def test_float64_ndarray_is_not_copied():
    base = np.ones(4)
    assert as_float64(base) is base or np.shares_memory(as_float64(base), base)


def test_other_dtypes_are_converted():
    out = as_float64(pd.Series([1, 2, 3], dtype=np.int64))
    assert out.dtype == np.float64 and out.tolist() == [1.0, 2.0, 3.0]
    out32 = as_float64(pd.Series([1.5, 2.5], dtype=np.float32))
    assert out32.dtype == np.float64 and out32.tolist() == [1.5, 2.5]
    strided = np.arange(10, dtype=np.float64)[::2]
    out_strided = as_float64(strided)
    assert out_strided.flags.c_contiguous and out_strided.tolist() == [0, 2, 4, 6, 8]


def test_nullable_float_with_missing_becomes_nan():
    out = as_float64(pd.Series([1.0, None], dtype="Float64"))
    assert out[0] == 1.0 and np.isnan(out[1])


def test_codes_are_int32_into_categories():
    cats, codes = as_codes(pd.Series(["b", "a", "b", "c"]))
    assert codes.dtype == np.int32 and codes.flags.c_contiguous
    assert [cats[c] for c in codes] == ["b", "a", "b", "c"]


def test_categorical_column_used_directly():
    s = pd.Series(pd.Categorical(["x", "y", "x"], categories=["y", "x", "z"]))
    cats, codes = as_codes(s)
    assert cats == ["y", "x", "z"]
    assert codes.tolist() == [1, 0, 1]


def test_missing_key_raises():
    with pytest.raises(jobbench.InputError, match="fte row 1: missing task"):
        as_codes(pd.Series(["a", None]), "fte", "task")


def test_check_finite_and_require_columns():
    check_finite(np.array([0.0, 1.0]), "fte", "fte")
    with pytest.raises(jobbench.InputError, match=r"fte row 1 \(Aby\): missing value \(NaN\)"):
        check_finite(np.array([0.0, np.nan]), "fte", "fte", (pd.Series(["Aby", "Aby"]),))
    with pytest.raises(jobbench.InputError, match="missing required column 'b'"):
        require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "t")


def test_text_that_is_not_a_number_names_row():
    with pytest.raises(jobbench.InputError, match=r"fte row 1: '1,5' in column 'fte' is not a number"):
        as_float64(pd.Series(["2", "1,5"]), "fte", "fte")
