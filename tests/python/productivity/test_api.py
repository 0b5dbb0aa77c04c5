"""API shape: specs, Benchmark, BenchmarkResults (small hand-made spec and data)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import jobbench
from conftest import MUNICIPALITIES, SMALL_SPEC, small_fte, small_person_years

TIDY_COLUMNS = ["municipality", "item", "label", "kind", "parent", "divisor", "fte", "fte_external",
                "unallocated", "person_years", "productivity", "productivity_external", "share",
                "fte_per_1000_population", "mean", "weighted_mean", "median", "diff_abs", "diff_rel", "class_ratio", "rank",
                "verbal_class", "class_label"]


def test_public_names():
    for name in ("Benchmark", "BenchmarkResults", "Spec", "load_spec", "InputError", "SpecError",
                 "datasets", "specs", "write_tables"):
        assert hasattr(jobbench, name), name
    assert jobbench.InputError is jobbench._core.InputError
    assert jobbench.SpecError is jobbench._core.SpecError
    assert issubclass(jobbench.InputError, ValueError)


def test_shipped_specs_listed():
    assert "benchmark2013" in jobbench.specs.available()
    spec = jobbench.load_spec()
    assert spec.name
    assert spec.root == "total"
    assert "4.2" in spec.tables


def test_load_spec_from_dict_path_and_spec(tmp_path, spec_dict):
    a = jobbench.load_spec(spec_dict)
    path = tmp_path / "small.json"
    path.write_text(json.dumps(spec_dict), encoding="utf-8")
    b = jobbench.load_spec(path)
    c = jobbench.load_spec(str(path))
    assert a.name == b.name == c.name == "Lille benchmark"
    assert jobbench.load_spec(a) is a
    assert a.children("a") == ["a.sag", "a.team"]
    assert a.label("heraf_ledelse") == "Heraf ledelse"
    assert "Lille benchmark" in repr(a)


def test_load_spec_errors(tmp_path, spec_dict):
    with pytest.raises(jobbench.SpecError, match="unknown spec 'nope'"):
        jobbench.load_spec("nope")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(jobbench.SpecError, match="invalid JSON"):
        jobbench.load_spec(bad)
    spec_dict["tasks"].append({"code": "x", "parent": "missing", "label": "X"})
    with pytest.raises(jobbench.SpecError, match="x"):
        jobbench.load_spec(spec_dict)


def test_fit_returns_results(bench, results):
    assert isinstance(results, jobbench.BenchmarkResults)
    assert results.municipalities == MUNICIPALITIES
    assert list(results.items.index[:2]) == ["total", "a"]
    assert results.items.at["heraf_ledelse", "kind"] == "aggregate"
    assert results.items.at["a.sag", "kind"] == "task"
    assert "Benchmark(" in repr(bench) and "BenchmarkResults(" in repr(results)


def test_municipality_order_defaults_to_first_appearance(spec, fte, person_years):
    fte = fte.iloc[::-1].reset_index(drop=True)
    r = jobbench.Benchmark(spec, fte, person_years).fit()
    assert r.municipalities == ["Cby", "Bby", "Aby"]


def test_tidy_frame(results):
    frame = results.to_frame()
    assert list(frame.columns) == TIDY_COLUMNS
    assert len(frame) == len(results.items) * len(MUNICIPALITIES)
    assert frame["municipality"].tolist()[:3] == MUNICIPALITIES
    row = frame[(frame.municipality == "Aby") & (frame.item == "a")].iloc[0]
    # A-dagpenge in Aby: 4 + 2 + 0.5 FTE over 400 + 100 person-years
    assert row.fte == pytest.approx(6.5)
    assert row.person_years == pytest.approx(500.0)
    assert row.productivity == pytest.approx(13.0)
    assert row.fte_external == pytest.approx(0.5)
    assert row.label == "A-dagpenge" and row.parent == "total" and row.divisor == "a"
    assert isinstance(row.class_label, str) and row.class_label
    total = frame[frame.item == "total"]
    assert total["mean"].iloc[0] == pytest.approx(total["productivity"].mean())
    assert total["weighted_mean"].iloc[0] == pytest.approx(total["fte"].sum() * 1000 / total["person_years"].sum())
    # ranks: 1 = fewest FTE per 1,000
    best = total.loc[total["productivity"].idxmin(), "municipality"]
    assert int(total.loc[total["municipality"] == best, "rank"].iloc[0]) == 1


def test_sum_fte_in_equals_sum_fte_out(results, fte):
    frame = results.to_frame()
    root = frame[frame.item == "total"].set_index("municipality")["fte"]
    assert root.sum() == pytest.approx(fte["fte"].sum())
    for m, group in fte.groupby("municipality"):
        assert root[m] == pytest.approx(group["fte"].sum())
    ext = frame[frame.item == "total"]["fte_external"].sum()
    assert ext == pytest.approx(fte["fte_external"].sum())


def test_parent_rows_with_unallocated_remainder(spec, fte, person_years):
    # a parent row larger than its children: the rest is unallocated, nothing is lost
    extra = pd.DataFrame([{"municipality": "Aby", "task": "a.sag", "fte": 7.0, "fte_external": 0.5}])
    r = jobbench.Benchmark(spec, pd.concat([fte, extra], ignore_index=True), person_years).fit()
    assert r.fte.at["a.sag", "Aby"] == pytest.approx(7.0)
    assert r.matrix("unallocated").at["a.sag", "Aby"] == pytest.approx(1.0)
    assert r.fte.at["total", "Aby"] == pytest.approx(16.5 + 1.0)


def test_population_as_series_or_dict(spec, fte, person_years, population):
    s = population.set_index("municipality")["population"]
    r1 = jobbench.Benchmark(spec, fte, person_years, population=s).fit()
    r2 = jobbench.Benchmark(spec, fte, person_years, population=s.to_dict()).fit()
    v = r1.to_frame().query("item == 'total' and municipality == 'Aby'")["fte_per_1000_population"].iloc[0]
    assert v == pytest.approx(16.5 * 1000 / 10000)
    pd.testing.assert_frame_equal(r1.to_frame(), r2.to_frame())


def test_compare(results):
    c = results.compare("Aby")
    for col in ("label", "value", "mean", "diff_abs", "diff_rel", "rank", "n", "verbal_class", "class_label"):
        assert col in c.columns
    assert c.at["total", "n"] == 3
    assert c.at["a", "value"] == pytest.approx(13.0)
    assert c.at["a", "diff_abs"] == pytest.approx(13.0 - c.at["a", "mean"])
    assert c.at["a", "diff_rel"] == pytest.approx(c.at["a", "diff_abs"] / c.at["a", "mean"])
    assert results.rank("Aby", "a") == c.at["a", "rank"]
    assert results.rank("Aby") == c.at["total", "rank"]


def test_decomposition_adds_up(results):
    for m in MUNICIPALITIES:
        d = results.decomposition(m)
        assert list(d.index) == ["a", "k", "adm", "total"]
        assert list(d.columns) == ["label", "productivity_effect", "mix_effect", "interaction", "total"]
        total_diff = results.productivity.at["total", m] - results.mean["total"]
        assert d.at["total", "total"] == pytest.approx(total_diff, abs=1e-9)
        assert d.attrs["total_difference"] == pytest.approx(total_diff, abs=1e-9)
        parts = d.drop(index="total")[["productivity_effect", "mix_effect", "interaction"]].to_numpy().sum()
        assert parts == pytest.approx(total_diff, abs=1e-9)


def test_sources_lines(results):
    lines = results.sources("Aby", "a")
    assert len(lines) == 2
    assert all(line.startswith("Der bruges ") and "ressourcer pr. årsperson på " in line for line in lines)
    assert any(line.endswith("på sagsbehandling") for line in lines)
    # Cby has no team-leadership FTE on A-dagpenge: "ingen"
    assert "Der bruges ingen ressourcer pr. årsperson på teamledelse" in results.sources("Cby", "a")
    # default item: the root's children
    assert len(results.sources("Aby")) == 3


def test_sources_order_fewer_first(results):
    # order: markant/betydelig/-/lidt færre, ingen, samme, lidt/-/betydelig/markant flere
    rank_of = {-4: 0, -3: 1, -2: 2, -1: 3, -5: 4, 0: 5, 1: 6, 2: 7, 3: 8, 4: 9}
    by_label = {results.class_label(c): c for c in rank_of}
    for m in MUNICIPALITIES:
        for item in ("total", "a", "k"):
            lines = results.sources(m, item)
            classes = []
            for line in lines:
                phrase = line[len("Der bruges "):line.index(" ressourcer")]
                classes.append(by_label[phrase])
            assert [rank_of[c] for c in classes] == sorted(rank_of[c] for c in classes)


def test_summary_text(results):
    text = results.summary("Aby")
    assert "Aby" in text and "rang" in text
    total = results.productivity.at["total", "Aby"]
    assert f"{total:.1f}".replace(".", ",") in text
    assert "A-dagpenge" in text and "Kontanthjælp" in text


def test_unknown_municipality_and_item(results):
    with pytest.raises(jobbench.InputError, match="unknown municipality 'Zby'"):
        results.compare("Zby")
    with pytest.raises(jobbench.InputError, match="unknown item 'zz'"):
        results.rank("Aby", "zz")


def test_from_csv_and_excel(tmp_path, spec, fte, person_years, population, quality):
    paths = {}
    for name, frame in (("fte", fte), ("person_years", person_years), ("population", population),
                        ("quality", quality)):
        paths[name] = tmp_path / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    r1 = jobbench.Benchmark.from_csv(spec, paths["fte"], paths["person_years"], paths["population"],
                                     quality=paths["quality"]).fit()
    book = tmp_path / "inputs.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as w:
        fte.to_excel(w, sheet_name="fte", index=False)
        person_years.to_excel(w, sheet_name="person_years", index=False)
        population.to_excel(w, sheet_name="population", index=False)
    r2 = jobbench.Benchmark.from_excel(spec, book).fit()
    pd.testing.assert_frame_equal(r1.to_frame(), r2.to_frame())
    assert r1.table("T1").at["q.samtale", "Aby"] == pytest.approx(1.5)
    with pytest.raises(jobbench.InputError, match="missing sheet 'fte'"):
        _excel_missing_sheet(spec, tmp_path)


def _excel_missing_sheet(spec, tmp_path):
    book = tmp_path / "only_py.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as w:
        small_person_years().to_excel(w, sheet_name="person_years", index=False)
    jobbench.Benchmark.from_excel(spec, book)


def test_categorical_and_float32_inputs(spec, fte, person_years):
    fte2 = fte.copy()
    fte2["municipality"] = fte2["municipality"].astype("category")
    fte2["task"] = pd.Categorical(fte2["task"], categories=sorted(fte2["task"].unique())[::-1])
    fte2["fte"] = fte2["fte"].astype(np.float32)
    r1 = jobbench.Benchmark(spec, fte, person_years).fit()
    r2 = jobbench.Benchmark(spec, fte2, person_years).fit()
    pd.testing.assert_frame_equal(r1.productivity, r2.productivity)


def test_small_spec_constant_is_not_mutated(results):
    assert SMALL_SPEC["tasks"][0]["code"] == "total"
    assert len(small_fte()) == 17
