"""Register indicators: the C++ engine against the plain-pandas oracle, edge cases, bad input,
thread/row-order invariance, pyarrow input, the wide layout and feeding the benchmark."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import jobbench
from jobbench import _core
from jobbench.register import OTHER_SUPPORT, SELF_SUPPORTING, RegisterWarning, from_wide, municipality_names
from reference_indicators import reference_indicators

COLUMNS = ["rows", "persons", "fw", "py", "si", "ag", "vag", "ti", "vti", "jr", "dr", "conversations",
           "new_offers", "new_company_offers", "active_fw", "company_fw", "e_rows", "e_persons",
           "e_self_rows", "e_fw", "e_self_fw", "spells", "spells_partial"]
GROUPS = ["adp_o30", "adp_u30", "udd_o30", "udd_u30", "kh1_o30", "kh1_u30", "kh23_o30", "kh23_u30", "syg",
          "ly", "reval", "jc_oevrige", "other"]
OFFERS = ["none", "vejl", "udd", "lt_priv", "lt_off", "praktik_priv", "praktik_off"]


def assert_matches_oracle(result: pd.DataFrame, panel: pd.DataFrame, period=None) -> None:
    ref = reference_indicators(panel, period)
    assert list(result["municipality"]) == list(ref["municipality"])
    assert list(result["group"]) == list(ref["group"])
    for c in COLUMNS:
        np.testing.assert_allclose(result[c].to_numpy(float), ref[c].to_numpy(float), rtol=1e-12,
                                   atol=0, equal_nan=True, err_msg=c)


class Builder:
    """Hand-made panels: runs of weeks for one person."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def run(self, person: int, first: int, weeks: int, municipality: int = 573, group: str = "adp_o30",
            offer: str = "none", share: float = 1.0, conversations: int = 0, partial: bool = False):
        i0 = _core.iso_week_index(first)
        for k in range(weeks):
            self.rows.append({"person": person, "week": _core.iso_week_from_index(i0 + k),
                              "municipality": municipality, "group": group, "benefit_share": share,
                              "offer": offer, "conversations": conversations, "partial_sick": partial})
        return self

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows)
        df["group"] = pd.Categorical(df["group"], categories=GROUPS)
        df["offer"] = pd.Categorical(df["offer"], categories=OFFERS)
        df["week"] = df["week"].astype(np.int32)
        df["municipality"] = df["municipality"].astype(np.int32)
        df["conversations"] = df["conversations"].astype(np.int32)
        return df


def cell(result: pd.DataFrame, municipality: int, group: str) -> pd.Series:
    row = result[(result["municipality"] == municipality) & (result["group"] == group)]
    assert len(row) == 1
    return row.iloc[0]


# --- oracle on random panels -------------------------------------------------------------------

@pytest.mark.parametrize("seed", [3, 17])
def test_random_panels_match_oracle(seed: int) -> None:
    panel = jobbench.synthetic_panel(persons=1500, seed=seed, municipalities=12)
    result = jobbench.register_indicators(panel)
    assert result.attrs["register"]["sorted_input"]
    assert_matches_oracle(result, panel)


def test_random_order_threads_and_arrow_give_identical_results() -> None:
    panel = jobbench.synthetic_panel(persons=4000, seed=5, municipalities=20)
    base = jobbench.register_indicators(panel, threads=1)
    shuffled = panel.sample(frac=1.0, random_state=2).reset_index(drop=True)
    for threads in (2, 3, 7):
        other = jobbench.register_indicators(shuffled, threads=threads)
        assert not other.attrs["register"]["sorted_input"]
        pd.testing.assert_frame_equal(base, other, check_exact=True)
        pd.testing.assert_frame_equal(base, jobbench.register_indicators(panel, threads=threads), check_exact=True)
    table = pa.Table.from_pandas(panel, preserve_index=False)
    assert pa.types.is_dictionary(table.schema.field("group").type)
    pd.testing.assert_frame_equal(base, jobbench.register_indicators(table), check_exact=True)
    # several record batches holding disjoint person ranges: merged partials, no copy
    batches = pa.Table.from_batches(table.to_batches(max_chunksize=20_000))
    assert batches.column("person").num_chunks > 1
    pd.testing.assert_frame_equal(base, jobbench.register_indicators(batches), check_exact=True)
    # batches that split persons: falls back to one contiguous piece
    shuffled_batches = pa.Table.from_pandas(shuffled, preserve_index=False).to_batches(max_chunksize=30_000)
    pd.testing.assert_frame_equal(base, jobbench.register_indicators(pa.Table.from_batches(shuffled_batches)),
                                  check_exact=True)


def test_string_and_integer_codes() -> None:
    panel = jobbench.synthetic_panel(persons=500, seed=9, municipalities=5)
    base = jobbench.register_indicators(panel)
    as_strings = panel.assign(group=panel["group"].astype(str), offer=panel["offer"].astype(str))
    pd.testing.assert_frame_equal(base, jobbench.register_indicators(as_strings), check_exact=True)
    as_ints = panel.assign(group=panel["group"].cat.codes.astype(np.int64),
                           offer=panel["offer"].cat.codes.astype(np.int16))
    pd.testing.assert_frame_equal(base, jobbench.register_indicators(as_ints), check_exact=True)


# --- edge cases ----------------------------------------------------------------------------------

def test_edge_cases_by_hand_and_by_oracle() -> None:
    period = (201527, 201626)  # crosses 2015W53, a 53-week ISO year: |P| = 53
    b = Builder()
    background = 900
    b.run(background, 201440, 110, municipality=101, group="other")  # covers the panel's weeks
    # person 1: offers vejl in 2015W40-W44; pauses of exactly 3, 4 and 5 weeks before vejl again
    b.run(1, 201535, 5, offer="none")
    b.run(1, 201540, 5, offer="vejl")          # new (first offer)
    b.run(1, 201545, 3, offer="none")          # pause of 3 weeks
    b.run(1, 201548, 2, offer="vejl")          # index gap 4: same offer continues
    b.run(1, 201550, 4, offer="none")          # pause of 4 weeks (2015W50-W53)
    b.run(1, 201601, 2, offer="vejl")          # index gap 5: new
    b.run(1, 201603, 5, offer="none")          # pause of 5 weeks
    b.run(1, 201608, 2, offer="vejl")          # new
    b.run(1, 201610, 2, offer="praktik_priv")  # switch of type: new, company-directed
    b.run(1, 201612, 1, offer="lt_off")        # switch again: new, company-directed
    # person 2: a sickness spell crossing the period's start (from 2015W20), partial sick leave only
    # before P; moves municipality inside the spell -> counted for the municipality of its first
    # week in P (573); then a second spell crossing the period's end, in 540
    b.run(2, 201520, 7, municipality=573, group="syg", partial=True)
    b.run(2, 201527, 3, municipality=573, group="syg")
    b.run(2, 201530, 4, municipality=540, group="syg")
    b.run(2, 201620, 12, municipality=540, group="syg", share=0.5)
    # person 3: offer running before P (not new in P) and a gap of exactly 13 weeks
    b.run(3, 201510, 20, municipality=540, group="kh1_o30", offer="udd")
    b.run(3, 201543, 3, municipality=540, group="kh1_o30")
    panel = b.frame()
    result = jobbench.register_indicators(panel, period=period)
    info = result.attrs["register"]
    assert info["period_weeks"] == 53
    assert info["job_rate_weeks"] == (201514, 201613)

    adp = cell(result, 573, "adp_o30")
    assert adp["new_offers"] == 5  # 2015W40, 2016W01, 2016W08, 2016W10, 2016W12
    assert adp["new_company_offers"] == 2
    assert adp["rows"] == 31  # 2015W35.. is before P? No: P starts 2015W27
    syg573 = cell(result, 573, "syg")
    assert syg573["spells"] == 1 and syg573["spells_partial"] == 1  # partial in any week of the spell
    syg540 = cell(result, 540, "syg")
    assert syg540["spells"] == 1 and syg540["spells_partial"] == 0  # the 2016W20 spell
    kh1 = cell(result, 540, "kh1_o30")
    assert kh1["new_offers"] == 0  # the udd offer began before P
    # 2015W29 (in E) -> 2015W42 has no row (the person returns 2015W43): self-supporting
    assert kh1["e_self_rows"] >= 1
    assert np.isnan(cell(result, 101, "syg")["dr"])
    assert_matches_oracle(result, panel, period)
    shuffled = panel.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(result, jobbench.register_indicators(shuffled, period=period), check_exact=True)


def test_53_week_year_2020_and_pause_across_new_year() -> None:
    b = Builder()
    b.run(900, 201940, 100, municipality=101, group="other")
    b.run(1, 202048, 6, offer="vejl")   # 2020W48-W53
    b.run(1, 202104, 1, offer="vejl")   # index gap from 2020W53: 4 -> same offer
    b.run(2, 202050, 3, offer="lt_priv")  # 2020W50-W52
    b.run(2, 202104, 1, offer="lt_priv")  # gap from 2020W52: 5 -> new
    panel = b.frame()
    result = jobbench.register_indicators(panel, period=(202040, 202115))
    assert cell(result, 573, "adp_o30")["new_offers"] == 3
    assert cell(result, 573, "adp_o30")["new_company_offers"] == 2
    assert_matches_oracle(result, panel, (202040, 202115))


# --- bad input -----------------------------------------------------------------------------------

def test_bad_input_names_rules_rows_and_counts() -> None:
    panel = jobbench.synthetic_panel(persons=300, seed=4, municipalities=4)
    bad = panel.copy()
    bad.loc[5, "benefit_share"] = 1.5
    bad.loc[6, "benefit_share"] = 0.0
    bad.loc[7, "conversations"] = -2
    bad.loc[8, "week"] = 201253
    bad = pd.concat([bad, bad.iloc[[20]]], ignore_index=True)  # duplicate person-week
    with pytest.raises(jobbench.InputError) as err:
        jobbench.register_indicators(bad)
    msg = str(err.value)
    assert "2 rows break rule 'benefit share outside (0, 1]'" in msg
    assert "row 5 (person" in msg and "benefit_share 1.5" in msg
    assert "1 row breaks rule 'negative conversations'" in msg and "conversations -2" in msg
    assert "1 row breaks rule 'invalid ISO week'" in msg and "week 201253" in msg
    assert "2 rows break rule 'duplicate person-week'" in msg and f"row {len(bad) - 1} (" in msg
    assert "drop_invalid" in msg
    dropped = jobbench.register_indicators(bad, drop_invalid=True)
    info = dropped.attrs["register"]
    assert info["input_rows"] == len(bad)
    assert info["used_rows"] == len(bad) - 6
    assert {d["rule"]: d["count"] for d in info["dropped"]} == {
        "duplicate person-week": 2, "invalid ISO week": 1, "benefit share outside (0, 1]": 2,
        "negative conversations": 1}
    clean = bad.drop(index=[5, 6, 7, 8, 20, len(bad) - 1])
    pd.testing.assert_frame_equal(dropped.reset_index(drop=True),
                                  jobbench.register_indicators(clean).reset_index(drop=True), check_exact=True)


def test_unknown_codes_period_and_columns() -> None:
    panel = jobbench.synthetic_panel(persons=200, seed=6, municipalities=3)
    odd = panel.assign(group=panel["group"].cat.add_categories(["xyz"]))
    odd.loc[3, "group"] = "xyz"
    with pytest.raises(jobbench.InputError, match=r"1 row breaks rule 'unknown group code'.*row 3 .*group 'xyz'"):
        jobbench.register_indicators(odd)
    odd = panel.assign(offer=panel["offer"].astype(object))
    odd.loc[4, "offer"] = "jobrotation"
    with pytest.raises(jobbench.InputError, match=r"unknown offer code.*offer 'jobrotation'"):
        jobbench.register_indicators(odd)
    with pytest.raises(jobbench.InputError, match=r"2014W01-2014W52 is not covered by the panel"):
        jobbench.register_indicators(panel, period=(201401, 201452))
    with pytest.raises(jobbench.InputError, match="missing required column 'offer'"):
        jobbench.register_indicators(panel.drop(columns="offer"))
    with pytest.warns(RegisterWarning) as record:
        jobbench.register_indicators(panel, period=(201142, 201240))
    messages = [str(w.message) for w in record]
    assert any("left censoring" in m for m in messages)
    assert any("job rate covers only part" in m for m in messages)


# --- feeding the benchmark -----------------------------------------------------------------------

def test_person_years_and_quality_feed_the_benchmark() -> None:
    data = jobbench.datasets.benchmark2013()
    names = municipality_names()
    panel = jobbench.synthetic_panel(persons=40_000, seed=8, municipalities=15)
    result = jobbench.register_indicators(panel, names=names)
    py = jobbench.indicators_person_years(result, names=names)
    quality = jobbench.indicators_quality(result, names=names)
    assert set(py["group"]) <= {g["code"] for g in data.spec.data["target_groups"]}
    jc = result[result["group"] == "jc"].set_index("municipality_name")
    varde = jc.loc["Varde"]
    adp = result[(result["group"].isin(["adp_o30", "adp_u30"])) & (result["municipality"] == 573)]
    assert varde["fw"] == pytest.approx(result[(result["municipality"] == 573) & result["kind"].eq("group")
                                               & ~result["group"].isin(["udd_o30", "udd_u30", "other"])]["fw"].sum())
    assert adp["py"].sum() == pytest.approx(py.set_index(["municipality", "group"]).loc[
        [("Varde", "adp_o30"), ("Varde", "adp_u30")], "person_years"].sum())
    row = quality[(quality["indicator"] == "q.total.samtale") & (quality["municipality"] == "Varde")]
    assert row["table"].tolist() == ["4.1"] and row["value"].iloc[0] == pytest.approx(varde["si"])
    municipalities = [m for m in data.municipalities if m in set(py["municipality"])]
    bench = jobbench.Benchmark(data.spec, data.fte[data.fte["municipality"].isin(municipalities)],
                               py[py["municipality"].isin(municipalities)],
                               municipalities=municipalities, quality=quality)
    table = bench.fit().table("4.2")
    assert table.loc["q.adp.samtale", "Varde"] == pytest.approx(
        cell(result, 573, "adp")["si"])


# --- wide layout ---------------------------------------------------------------------------------

def test_from_wide() -> None:
    wide = pd.DataFrame({"person": [1, 2], "municipality": [573, 540],
                         "201301": ["111", None], "201302": ["111", "890"], "201253": ["730", "111"],
                         "201303": ["999", "730"]})
    with pytest.raises(jobbench.InputError, match="'201253' is not a valid ISO week"):
        from_wide(wide, {}, weeks=["201301", "201253"])
    wide = wide.drop(columns="201253")
    mapping = {"111": "adp_o30", "730": ("kh1_o30", "praktik_priv"), "890": OTHER_SUPPORT,
               "999": SELF_SUPPORTING}
    panel = from_wide(wide, mapping)
    assert panel["week"].tolist() == [201301, 201302, 201302, 201303]
    assert panel["group"].astype(str).tolist() == ["adp_o30", "adp_o30", "other", "kh1_o30"]
    assert panel["offer"].astype(str).tolist() == ["none", "none", "none", "praktik_priv"]
    with pytest.raises(jobbench.InputError, match=r"row 1, week 201302: code '890' is not in the mapping \(1 cells"):
        from_wide(wide, {"111": "adp_o30", "730": "kh1_o30", "999": SELF_SUPPORTING})


def test_iso_week_helpers() -> None:
    assert _core.is_long_iso_year(2015) and _core.is_long_iso_year(2020) and not _core.is_long_iso_year(2016)
    assert _core.iso_week_index(201601) - _core.iso_week_index(201553) == 1
    with pytest.raises(jobbench.InputError):
        _core.iso_week_index(201653)


def test_cli_indicators(tmp_path) -> None:
    from typer.testing import CliRunner

    from jobbench.cli import app

    path = tmp_path / "panel.arrow"
    jobbench.synthetic_panel_to_ipc(path, persons=800, seed=2, municipalities=4, chunk_persons=300)
    out = tmp_path / "ind.csv"
    result = CliRunner().invoke(app, ["indicators", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "rows used; period 201227-201326 (52 weeks); sorted" in result.output
    written = pd.read_csv(out)
    import pyarrow as pa

    table = pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all()
    expected = jobbench.register_indicators(table)
    np.testing.assert_allclose(written["py"].to_numpy(), expected["py"].to_numpy(), rtol=1e-12)
    bad = CliRunner().invoke(app, ["indicators", str(path), "--period", "201401-201452"])
    assert bad.exit_code == 1 and "is not covered by the panel" in bad.output
