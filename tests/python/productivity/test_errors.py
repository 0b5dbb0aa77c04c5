"""Bad input raises jobbench.InputError naming the table, row, key and rule."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import jobbench
from conftest import MUNICIPALITIES


def fit(spec, fte, person_years, **kw):
    return jobbench.Benchmark(spec, fte, person_years, municipalities=MUNICIPALITIES, **kw).fit()


def test_negative_fte_names_row_and_rule(spec, fte, person_years):
    fte.loc[2, "fte"] = -1.5
    with pytest.raises(jobbench.InputError) as err:
        fit(spec, fte, person_years)
    msg = str(err.value)
    assert "fte row 2" in msg
    assert "Aby" in msg and "a.team" in msg
    assert "negative" in msg.lower()


def test_nan_fte_names_row(spec, fte, person_years):
    fte.loc[4, "fte"] = np.nan
    with pytest.raises(jobbench.InputError, match=r"fte row 4 \(Aby, k.team\): missing value \(NaN\) in column 'fte'"):
        fit(spec, fte, person_years)


def test_nan_fte_external_names_row(spec, fte, person_years):
    fte.loc[1, "fte_external"] = np.nan
    with pytest.raises(jobbench.InputError, match=r"fte row 1 .*'fte_external'"):
        fit(spec, fte, person_years)


def test_nan_person_years_names_row(spec, fte, person_years):
    person_years.loc[5, "person_years"] = np.nan
    with pytest.raises(jobbench.InputError, match=r"person_years row 5 \(Bby, k\): missing value"):
        fit(spec, fte, person_years)


def test_infinite_value_names_row(spec, fte, person_years):
    fte.loc[3, "fte"] = np.inf
    with pytest.raises(jobbench.InputError, match=r"fte row 3 .*non-finite"):
        fit(spec, fte, person_years)


def test_missing_key_names_row(spec, fte, person_years):
    fte.loc[6, "task"] = None
    with pytest.raises(jobbench.InputError, match=r"fte row 6: missing task"):
        fit(spec, fte, person_years)


def test_unknown_task_names_row(spec, fte, person_years):
    fte.loc[7, "task"] = "no.such.task"
    with pytest.raises(jobbench.InputError) as err:
        fit(spec, fte, person_years)
    msg = str(err.value)
    assert "fte row 7" in msg and "no.such.task" in msg and "unknown" in msg.lower()


def test_unknown_municipality_names_row(spec, fte, person_years):
    fte.loc[8, "municipality"] = "Zby"
    with pytest.raises(jobbench.InputError) as err:
        fit(spec, fte, person_years)
    msg = str(err.value)
    assert "fte row 8" in msg and "Zby" in msg and "unknown" in msg.lower()


def test_duplicate_rows_name_row(spec, fte, person_years):
    dup = pd.concat([fte, fte.iloc[[0]]], ignore_index=True)
    with pytest.raises(jobbench.InputError) as err:
        fit(spec, dup, person_years)
    msg = str(err.value)
    assert f"fte row {len(fte)}" in msg and "duplicate" in msg.lower()


@pytest.mark.parametrize("table,column", [("fte", "task"), ("fte", "fte"), ("person_years", "group"),
                                          ("person_years", "person_years"), ("fte", "municipality")])
def test_missing_column_named(spec, fte, person_years, table, column):
    frames = {"fte": fte, "person_years": person_years}
    frames[table] = frames[table].drop(columns=[column])
    with pytest.raises(jobbench.InputError, match=rf"{table}: missing required column '{column}'"):
        jobbench.Benchmark(spec, frames["fte"], frames["person_years"])


def test_missing_population_and_quality_columns(spec, fte, person_years, population, quality):
    with pytest.raises(jobbench.InputError, match="population: missing required column 'population'"):
        jobbench.Benchmark(spec, fte, person_years, population=population.rename(columns={"population": "pop"}))
    with pytest.raises(jobbench.InputError, match="quality: missing required column 'value'"):
        jobbench.Benchmark(spec, fte, person_years, quality=quality.drop(columns=["value"]))


def test_not_a_dataframe(spec, person_years):
    with pytest.raises(jobbench.InputError, match="fte: expected a pandas DataFrame"):
        jobbench.Benchmark(spec, [1, 2, 3], person_years)


def test_duplicate_municipality_names(spec, fte, person_years):
    with pytest.raises(jobbench.InputError, match="duplicate name 'Aby'"):
        jobbench.Benchmark(spec, fte, person_years, municipalities=["Aby", "Aby"])


def test_errors_are_value_errors(spec, fte, person_years):
    fte.loc[0, "fte"] = -1
    with pytest.raises(ValueError):
        fit(spec, fte, person_years)


def test_unknown_table(results):
    with pytest.raises(jobbench.SpecError, match="unknown table '9.9'"):
        results.table("9.9")


def test_per_municipality_table_needs_municipality(results):
    with pytest.raises(jobbench.InputError, match="pass municipality"):
        results.table("R")
