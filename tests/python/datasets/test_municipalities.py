"""The shipped table of the 98 Danish municipalities (jobbench.municipalities())."""
from __future__ import annotations

from pathlib import Path

import jobbench
from jobbench.register import municipality_names

REGIONS = {1084: ("Region Hovedstaden", 29), 1085: ("Region Sjælland", 17), 1083: ("Region Syddanmark", 22),
           1082: ("Region Midtjylland", 19), 1081: ("Region Nordjylland", 11)}


def test_98_municipalities_unique_codes_and_names():
    t = jobbench.municipalities()
    assert list(t.columns) == ["code", "name", "region_code", "region"]
    assert len(t) == 98
    assert t["code"].is_unique and t["name"].is_unique
    assert t["code"].dtype.kind == "i" and t["region_code"].dtype.kind == "i"
    assert t["code"].between(101, 860).all()
    assert list(t["code"]) == sorted(t["code"])
    assert not t.isna().any().any()


def test_regions_and_counts():
    t = jobbench.municipalities()
    counts = t.groupby("region_code")["code"].count().to_dict()
    assert counts == {rc: n for rc, (_, n) in REGIONS.items()}
    for rc, (name, _) in REGIONS.items():
        assert set(t.loc[t["region_code"] == rc, "region"]) == {name}


def test_known_codes_and_danish_spelling():
    names = dict(zip(jobbench.municipalities()["code"], jobbench.municipalities()["name"]))
    assert names[101] == "København" and names[147] == "Frederiksberg" and names[573] == "Varde"
    assert names[851] == "Aalborg" and names[751] == "Aarhus" and names[169] == "Høje-Taastrup"
    assert names[173] == "Lyngby-Taarbæk" and names[492] == "Ærø" and names[825] == "Læsø"
    assert names[563] == "Fanø" and names[400] == "Bornholm"


def test_agrees_with_the_2013_data_set():
    names = dict(zip(jobbench.municipalities()["code"], jobbench.municipalities()["name"]))
    shipped = municipality_names("benchmark2013")
    assert len(shipped) == 15
    assert {k: names[k] for k in shipped} == shipped


def test_csv_is_package_data_installed_with_the_data_sets():
    # The wheel ships every file under python/jobbench (scikit-build-core wheel.packages), and
    # `cmake --install` copies python/jobbench/datasets/*.csv to share/jobbench/datasets.
    root = Path(__file__).resolve().parents[3]
    assert (root / "python/jobbench/datasets/municipalities.csv").is_file()
    cmake = (root / "CMakeLists.txt").read_text(encoding="utf-8")
    assert "DIRECTORY python/jobbench/datasets/" in cmake and 'PATTERN "*.csv"' in cmake
    assert 'wheel.packages = ["python/jobbench"]' in (root / "pyproject.toml").read_text(encoding="utf-8")
