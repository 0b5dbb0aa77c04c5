"""The synthetic national panel in today's target groups (jobbench.register.synthetic_national):
columns and rules, determinism, realistic dynamics, and the edge cases of the extended indicators
(censored spells, changes inside an aggregate, status rows, moves, conversation windows cut by the
panel's end, contact-free runs of exactly 12 and 13 weeks)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import jobbench
from jobbench import _core
from jobbench.register import synthetic_national as sn
from jobbench.register import synthetic_national_panel, synthetic_national_panel_to_ipc

SPEC = "jobindsats2019"
COLUMNS = ["person", "week", "municipality", "group", "benefit_share", "offer", "conversations",
           "partial_sick", "wage_hours"]


@pytest.fixture(scope="module")
def register() -> dict:
    """The ``register`` part of the shipped spec (as loaded and checked by jobbench)."""
    return dict(jobbench.load_spec(SPEC).data["register"])


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_national_panel(seed=1)  # 20,000 persons, 2019-2022


@pytest.fixture(scope="module")
def indexed(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with ``idx``, the continuous ISO week index of each row."""
    weeks = np.unique(panel["week"].to_numpy())
    index = np.array([_core.iso_week_index(int(w)) for w in weeks])
    return panel.assign(idx=index[np.searchsorted(weeks, panel["week"].to_numpy())])


def _assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Frames equal column by column (categoricals by dtype and codes: pandas' own comparison of
    categoricals is slow at this size)."""
    assert list(left.columns) == list(right.columns) and left.index.equals(right.index)
    for name in left.columns:
        a, b = left[name], right[name]
        assert a.dtype == b.dtype, name
        if isinstance(a.dtype, pd.CategoricalDtype):
            a, b = a.cat.codes, b.cat.codes
        assert np.array_equal(a.to_numpy(), b.to_numpy()), name


def _status_codes(register: dict) -> set[str]:
    return {g["code"] for g in register["groups"] if g.get("self_supporting")}


def _spells(frame: pd.DataFrame, exclude: set[str]) -> pd.DataFrame:
    """Spells of base groups: maximal runs of consecutive weeks of a person in one group."""
    rows = frame[~frame["group"].astype(str).isin(exclude)]
    person, idx = rows["person"].to_numpy(), rows["idx"].to_numpy()
    group = rows["group"].cat.codes.to_numpy()
    new = np.r_[True, (person[1:] != person[:-1]) | (group[1:] != group[:-1])
                | (idx[1:] != idx[:-1] + 1)]
    spell = np.cumsum(new)
    return rows.assign(spell=spell).groupby("spell").agg(
        person=("person", "first"), group=("group", "first"), first=("idx", "min"),
        last=("idx", "max"), municipalities=("municipality", "nunique"))


def _run_lengths(frame: pd.DataFrame, first: int, last: int) -> np.ndarray:
    """Lengths of the maximal contact-free runs inside [first, last]: consecutive weeks of a cell
    (person, group, municipality) with no offer and no conversation."""
    free = frame[(frame["idx"] >= first) & (frame["idx"] <= last)
                 & (frame["offer"].astype(str) == "none") & (frame["conversations"] == 0)]
    cell = free["person"].astype(str) + "/" + free["group"].astype(str) + "/" \
        + free["municipality"].astype(str)
    cell_codes = pd.factorize(cell)[0]
    idx = free["idx"].to_numpy()
    new = np.r_[True, (cell_codes[1:] != cell_codes[:-1]) | (idx[1:] != idx[:-1] + 1)]
    return np.bincount(np.cumsum(new) - 1)


# --- columns and rules ----------------------------------------------------------------------------
def test_columns_dtypes_and_categories(panel: pd.DataFrame, register: dict) -> None:
    assert list(panel.columns) == COLUMNS
    assert panel["person"].dtype == np.int64 and panel["week"].dtype == np.int32
    assert panel["municipality"].dtype == np.int32 and panel["conversations"].dtype == np.int32
    assert panel["benefit_share"].dtype == np.float64 and panel["wage_hours"].dtype == np.float64
    assert panel["partial_sick"].dtype == bool
    assert list(panel["group"].cat.categories) == [g["code"] for g in register["groups"]]
    offers = [register.get("no_offer", "none")] + [o["code"] for o in register["offers"]]
    assert list(panel["offer"].cat.categories) == offers


def test_value_rules(panel: pd.DataFrame, register: dict) -> None:
    share = panel["benefit_share"].to_numpy()
    assert ((share > 0) & (share <= 1)).all()
    assert (panel["conversations"] >= 0).all() and (panel["wage_hours"] >= 0).all()
    status = panel["group"].astype(str).isin(_status_codes(register))
    assert (panel.loc[status, "benefit_share"] == 1.0).all()
    assert (panel.loc[status, "offer"].astype(str) == "none").all()
    assert (panel.loc[status, "conversations"] == 0).all()
    sickness = {g["code"] for g in register["groups"] if g.get("sickness")}
    assert not panel.loc[~panel["group"].astype(str).isin(sickness), "partial_sick"].any()
    assert panel["partial_sick"].any()
    on_benefit = ~status & (panel["wage_hours"] > 0)
    assert 0.01 < on_benefit.sum() / (~status).sum() < 0.5  # some persons on benefits work


def test_sorted_one_row_per_person_week(panel: pd.DataFrame) -> None:
    keys = panel["person"].to_numpy() * 1_000_000 + panel["week"].to_numpy()
    assert (np.diff(keys) > 0).all()  # sorted by (person, week), no person-week twice
    assert panel["person"].nunique() == 20_000


def test_weeks_are_iso_weeks_with_a_53_week_year(panel: pd.DataFrame) -> None:
    first = _core.iso_week_index(201901)
    expected = [_core.iso_week_from_index(first + k) for k in range(209)]  # 52 + 53 + 52 + 52
    assert sorted(np.unique(panel["week"]).tolist()) == expected
    assert 202053 in expected and 202252 in expected
    short = synthetic_national_panel(40, first_year=2015, last_year=2016, seed=2, spec=SPEC)
    assert short["week"].min() == 201501 and 201553 in set(short["week"])
    assert short["week"].max() == 201652
    with pytest.raises(ValueError, match="last_year"):
        synthetic_national_panel(10, first_year=2021, last_year=2021, spec=SPEC)


def test_98_municipalities_of_realistic_size(panel: pd.DataFrame) -> None:
    codes = set(jobbench.municipalities()["code"])
    assert len(codes) == 98 and set(panel["municipality"].unique()) == codes
    persons = panel.groupby("municipality")["person"].nunique()
    assert persons[101] > 50 * persons[825]  # København, Læsø
    assert persons[751] > persons[573] > persons[563]  # Aarhus, Varde, Fanø
    sizes = pd.Series(sn._POPULATION)[persons.index]
    assert persons.corr(sizes, method="spearman") > 0.9


def test_every_group_and_offer_occurs(panel: pd.DataFrame) -> None:
    assert (panel["group"].value_counts() > 0).all()
    assert (panel["offer"].value_counts() > 0).all()


# --- determinism ----------------------------------------------------------------------------------
def test_same_seed_same_panel_and_prefixes_agree() -> None:
    small = synthetic_national_panel(1_500, seed=5, spec=SPEC)
    _assert_same(small, synthetic_national_panel(1_500, seed=5, spec=SPEC))
    large = synthetic_national_panel(12_000, seed=5, spec=SPEC)  # crosses a chunk boundary
    head = large[large["person"].isin(small["person"].unique())].reset_index(drop=True)
    _assert_same(small, head)
    other = synthetic_national_panel(1_500, seed=6, spec=SPEC)
    assert len(other) != len(small) or not other.equals(small)
    fixed = other["person"] <= len(sn.EDGE_PERSONS)  # the edge-case persons do not depend on it
    _assert_same(other[fixed], small[small["person"] <= len(sn.EDGE_PERSONS)])


def test_pieces_are_the_panel() -> None:
    persons = 2 * sn.CHUNK_PERSONS + 500
    pieces = list(sn.iter_synthetic_national_panel(persons, seed=4, spec=SPEC))
    assert len(pieces) == 4  # the edge-case persons, then chunks of CHUNK_PERSONS
    assert [p["person"].nunique() for p in pieces[:2]] == [len(sn.EDGE_PERSONS), sn.CHUNK_PERSONS]
    whole = pd.concat(pieces, ignore_index=True)
    _assert_same(whole, synthetic_national_panel(persons, seed=4, spec=SPEC))


def test_a_spec_without_the_codes_is_refused() -> None:
    with pytest.raises(jobbench.SpecError, match="kh_jobparat"):
        synthetic_national_panel(10, spec="benchmark2013")


# --- dynamics -------------------------------------------------------------------------------------
def test_spell_lengths_differ_by_group(indexed: pd.DataFrame, register: dict) -> None:
    spells = _spells(indexed, _status_codes(register))
    ends = (indexed["idx"].min(), indexed["idx"].max())
    inner = spells[(spells["first"] > ends[0]) & (spells["last"] < ends[1])]
    median = (inner["last"] - inner["first"] + 1).groupby(inner["group"], observed=True).median()
    assert median["ref"] > median["kh_aktivitetsparat"] > median["kh_jobparat"] > median["syg"]
    assert median["flex"] > median["adp"]


def test_persons_leave_and_come_back(indexed: pd.DataFrame, register: dict) -> None:
    status = indexed["group"].astype(str).isin(_status_codes(register)).to_numpy()
    person, idx = indexed["person"].to_numpy(), indexed["idx"].to_numpy()
    same = person[1:] == person[:-1]
    back_after_gap = same & (idx[1:] > idx[:-1] + 1) & ~status[1:]
    back_after_status = same & status[:-1] & ~status[1:]
    assert back_after_gap.sum() > 100 and back_after_status.sum() > 100


def test_conversations_at_spell_start_and_for_activity_ready(indexed: pd.DataFrame,
                                                             register: dict) -> None:
    rows = indexed[~indexed["group"].astype(str).isin(_status_codes(register))]
    person, idx = rows["person"].to_numpy(), rows["idx"].to_numpy()
    group = rows["group"].cat.codes.to_numpy()
    new = np.r_[True, (person[1:] != person[:-1]) | (group[1:] != group[:-1])
                | (idx[1:] != idx[:-1] + 1)]
    start = idx[np.maximum.accumulate(np.where(new, np.arange(idx.size), 0))]
    early = (idx - start) <= 1
    talk = rows["conversations"].to_numpy()
    aktiv = rows["group"].astype(str).to_numpy() == "kh_aktivitetsparat"
    jobparat = rows["group"].astype(str).to_numpy() == "kh_jobparat"
    assert talk[aktiv & early].mean() > 3 * talk[aktiv & ~early].mean()
    assert talk[aktiv & early].mean() > talk[jobparat & early].mean()


def test_conversation_rule_is_sometimes_met(indexed: pd.DataFrame, register: dict) -> None:
    rule = next(g["conversation_rule"] for g in register["groups"]
                if g["code"] == "kh_aktivitetsparat")
    rows = indexed[indexed["group"].astype(str) == "kh_aktivitetsparat"]
    spells = _spells(rows, set())
    spell_of = np.repeat(spells.index.to_numpy(), (spells["last"] - spells["first"] + 1))
    pos = rows["idx"].to_numpy() - np.repeat(spells["first"].to_numpy(),
                                              spells["last"] - spells["first"] + 1)
    talk = rows["conversations"].to_numpy()
    first = pd.Series(talk * (pos <= rule["first_within"])).groupby(spell_of).sum() > 0
    window = pd.Series(talk * (pos < rule["window"])).groupby(spell_of).sum()
    judged = (spells["first"] > indexed["idx"].min()).to_numpy()
    long = judged & ((spells["last"] - spells["first"] + 1) >= rule["window"]).to_numpy()
    assert 0.3 < first.to_numpy()[judged].mean() < 0.97
    assert 0.2 < (window.to_numpy()[long] >= rule["min_conversations"]).mean() < 0.95


def test_municipalities_differ(panel: pd.DataFrame) -> None:
    rows = panel[panel["group"].astype(str) == "kh_aktivitetsparat"]
    big = rows["municipality"].value_counts().index[:15]
    rows = rows[rows["municipality"].isin(big)]
    active = (rows["offer"].astype(str) != "none").groupby(rows["municipality"]).mean()
    talk = rows["conversations"].groupby(rows["municipality"]).mean()
    assert active.max() - active.min() > 0.1
    assert talk.max() > 1.5 * talk.min()


# --- edge cases -----------------------------------------------------------------------------------
def test_edge_persons_come_first(panel: pd.DataFrame) -> None:
    ids = list(sn.EDGE_PERSONS)
    assert ids == list(range(1, len(ids) + 1))
    assert panel["person"].unique()[: len(ids)].tolist() == ids


def test_spells_censored_at_both_ends(indexed: pd.DataFrame, register: dict) -> None:
    spells = _spells(indexed, _status_codes(register))
    left = spells["first"] == indexed["idx"].min()
    right = spells["last"] == indexed["idx"].max()
    assert left.sum() > 100 and right.sum() > 100
    assert (left & right).any()  # one spell through the whole panel
    assert (left & ~right).any() and (right & ~left).any()


def test_group_changes_inside_aggregates(indexed: pd.DataFrame, register: dict) -> None:
    person, idx = indexed["person"].to_numpy(), indexed["idx"].to_numpy()
    group = indexed["group"].astype(str).to_numpy()
    step = (person[1:] == person[:-1]) & (idx[1:] == idx[:-1] + 1) & (group[1:] != group[:-1])
    pairs = set(zip(group[:-1][step], group[1:][step]))
    for aggregate in register["aggregates"]:
        inside = {(a, b) for a in aggregate["groups"] for b in aggregate["groups"] if a != b}
        assert pairs & inside, aggregate["code"]
    assert ("kh_jobparat", "kh_aktivitetsparat") in pairs
    assert ("kh_aktivitetsparat", "kh_jobparat") in pairs


def test_status_rows_follow_benefit_spells(indexed: pd.DataFrame, register: dict) -> None:
    codes = _status_codes(register)
    assert codes == {"job", "education"}
    group = indexed["group"].astype(str).to_numpy()
    person, idx = indexed["person"].to_numpy(), indexed["idx"].to_numpy()
    follows = (person[1:] == person[:-1]) & (idx[1:] == idx[:-1] + 1)
    for code in codes:
        assert ((group[1:] == code) & follows & ~np.isin(group[:-1], list(codes))).sum() > 50


def test_moves_between_municipalities(indexed: pd.DataFrame, register: dict) -> None:
    movers = indexed.groupby("person")["municipality"].nunique()
    assert (movers > 1).sum() > 100
    spells = _spells(indexed, _status_codes(register))
    assert (spells["municipalities"] > 1).sum() > 20  # moves in the middle of a spell


def test_conversation_windows_cut_by_the_panel_end(indexed: pd.DataFrame,
                                                   register: dict) -> None:
    rules = {g["code"]: g["conversation_rule"] for g in register["groups"]
             if g.get("conversation_rule")}
    spells = _spells(indexed, _status_codes(register))
    spells = spells[spells["group"].astype(str).isin(list(rules))]
    window = spells["group"].astype(str).map(lambda g: rules[g]["window"]).to_numpy()
    end = indexed["idx"].max()
    cut = (spells["last"] == end) & (spells["first"] > end - window + 1)
    assert cut.sum() > 5


def test_contact_free_runs_of_12_and_13_weeks(indexed: pd.DataFrame, register: dict) -> None:
    period = register["period"]
    first, last = (_core.iso_week_index(period[k]) for k in ("first", "last"))
    benefit = indexed[~indexed["group"].astype(str).isin(_status_codes(register))]
    lengths = _run_lengths(benefit, first, last)
    assert (lengths == 12).sum() > 0 and (lengths == 13).sum() > 0
    edge = _run_lengths(benefit[benefit["person"].isin([8, 9])], first, last)
    assert sorted(edge[edge >= 12]) == [12, 13]  # persons 8 and 9 of EDGE_PERSONS


# --- Arrow IPC ------------------------------------------------------------------------------------
def test_ipc_file_round_trips(tmp_path) -> None:
    path = tmp_path / "national.arrow"
    info = synthetic_national_panel_to_ipc(path, rows=150_000, seed=3, spec=SPEC)
    assert 149_000 < info["rows"] <= 150_000 and info["bytes"] == path.stat().st_size
    with pa.memory_map(str(path)) as source:
        reader = pa.ipc.open_file(source)
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        table = reader.read_all()
    assert len(batches) >= 2 and table.num_rows == info["rows"]
    ranges = [(b.column("person")[0].as_py(), b.column("person")[-1].as_py()) for b in batches]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:]))  # whole persons, ascending
    expected = synthetic_national_panel(info["persons"], seed=3, spec=SPEC)
    _assert_same(table.to_pandas(), expected)


def test_ipc_file_of_few_rows_holds_whole_persons(tmp_path) -> None:
    path = tmp_path / "few.arrow"
    info = synthetic_national_panel_to_ipc(path, rows=300, seed=3, spec=SPEC)
    table = pa.ipc.open_file(str(path)).read_all().to_pandas()
    assert len(table) == info["rows"] <= 300 and table["person"].nunique() == info["persons"]
    _assert_same(table, synthetic_national_panel(info["persons"], seed=3,
                                                                  spec=SPEC))


# --- the engine reads it --------------------------------------------------------------------------
def test_register_indicators_read_the_panel(panel: pd.DataFrame, register: dict) -> None:
    ind = jobbench.register_indicators(panel, spec=SPEC, standard_errors=False)
    total = ind[ind["kind"] == "total"]
    assert set(total["municipality"]) == set(jobbench.municipalities()["code"])
    assert (total["py"] > 0).all() and set(total["group"]) == {register["total"]["code"]}
    person_years = jobbench.indicators_person_years(ind, spec=SPEC)
    targets = {g["code"] for g in register["groups"] if g.get("target")}
    assert set(person_years["group"]) == targets
    assert person_years["person_years"].sum() == pytest.approx(total["py"].sum())
