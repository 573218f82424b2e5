"""Sanity checks for surveys/data/regions.csv (Kemendagri region codes).

Pure csv + pytest: no project imports, so it runs without the Flask app.
See surveys/data/README.md for where the data comes from.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

CSV_PATH = Path(__file__).resolve().parents[2] / "surveys" / "data" / "regions.csv"

COLUMNS = ["code", "name", "kind", "province_code", "timezone"]
KINDS = {"provinsi", "kabupaten", "kota", "kab_adm", "kota_adm"}
TIMEZONES = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}


@pytest.fixture(scope="module")
def rows():
    with CSV_PATH.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def by_code(rows):
    return {r["code"]: r for r in rows}


def test_codes_unique(rows):
    dupes = [c for c, n in Counter(r["code"] for r in rows).items() if n > 1]
    assert dupes == []


def test_kinds_and_timezones_valid(rows):
    assert {r["kind"] for r in rows} <= KINDS
    assert {r["timezone"] for r in rows} <= TIMEZONES
    assert all(r["name"].strip() == r["name"] and r["name"] for r in rows)


def test_38_provinces(rows):
    provinces = [r for r in rows if r["kind"] == "provinsi"]
    assert len(provinces) == 38
    for p in provinces:
        assert len(p["code"]) == 2 and p["code"].isdigit()
        assert p["province_code"] == ""
    codes = {p["code"] for p in provinces}
    # the four Papua provinces created in 2022
    assert {"93", "94", "95", "96"} <= codes


def test_kabupaten_kota_counts(rows):
    kinds = Counter(r["kind"] for r in rows)
    # Kemendagri's official totals (416 kabupaten, 98 kota, 514 in all) include
    # DKI Jakarta's 1 kabupaten administrasi and 5 kota administrasi.
    assert kinds["kabupaten"] == 415
    assert kinds["kab_adm"] == 1
    assert kinds["kota"] == 93
    assert kinds["kota_adm"] == 5
    assert kinds["kabupaten"] + kinds["kab_adm"] == 416
    assert kinds["kota"] + kinds["kota_adm"] == 98
    assert sum(n for k, n in kinds.items() if k != "provinsi") == 514


def test_administrative_units_only_in_dki(rows):
    adm = [r for r in rows if r["kind"] in ("kab_adm", "kota_adm")]
    assert {r["province_code"] for r in adm} == {"31"}
    assert all(r["name"].startswith(("Kabupaten Administrasi ", "Kota Administrasi ")) for r in adm)
    assert not [
        r for r in rows if r["province_code"] == "31" and r["kind"] in ("kabupaten", "kota")
    ]


def test_every_kabkota_belongs_to_existing_province(rows, by_code):
    for r in rows:
        if r["kind"] == "provinsi":
            continue
        prov = by_code.get(r["province_code"])
        assert prov is not None and prov["kind"] == "provinsi", r
        assert r["code"].startswith(r["province_code"] + "."), r
        suffix = r["code"].split(".")[1]
        assert len(suffix) == 2 and suffix.isdigit(), r
        # Permendagri coding rule: kabupaten 01-69, kota 71-99
        if r["kind"] in ("kabupaten", "kab_adm"):
            assert 1 <= int(suffix) <= 69, r
            assert r["name"].startswith("Kabupaten "), r
        else:
            assert 71 <= int(suffix) <= 99, r
            assert r["name"].startswith("Kota "), r
        assert r["timezone"] == prov["timezone"], r


def test_every_province_has_units(rows):
    provinces = {r["code"] for r in rows if r["kind"] == "provinsi"}
    with_units = {r["province_code"] for r in rows if r["kind"] != "provinsi"}
    assert provinces == with_units


@pytest.mark.parametrize(
    "code,name,kind",
    [
        ("31", "DKI Jakarta", "provinsi"),
        ("35.10", "Kabupaten Banyuwangi", "kabupaten"),
        ("35.78", "Kota Surabaya", "kota"),
        ("21.71", "Kota Batam", "kota"),
        ("51.03", "Kabupaten Badung", "kabupaten"),
        ("64.02", "Kabupaten Kutai Kartanegara", "kabupaten"),
        ("63.06", "Kabupaten Hulu Sungai Selatan", "kabupaten"),
        ("14.71", "Kota Pekanbaru", "kota"),
        ("35.20", "Kabupaten Magetan", "kabupaten"),
        ("35.15", "Kabupaten Sidoarjo", "kabupaten"),
        ("32.73", "Kota Bandung", "kota"),
        ("11.71", "Kota Banda Aceh", "kota"),
        ("33.71", "Kota Magelang", "kota"),
        ("34.71", "Kota Yogyakarta", "kota"),
        ("33.72", "Kota Surakarta", "kota"),
        ("64.72", "Kota Samarinda", "kota"),
        ("93", "Papua Selatan", "provinsi"),
        ("94", "Papua Tengah", "provinsi"),
        ("95", "Papua Pegunungan", "provinsi"),
        ("96", "Papua Barat Daya", "provinsi"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", "kab_adm"),
        ("31.71", "Kota Administrasi Jakarta Pusat", "kota_adm"),
    ],
)
def test_spot_checks(by_code, code, name, kind):
    row = by_code[code]
    assert row["name"] == name
    assert row["kind"] == kind


@pytest.mark.parametrize(
    "code,province_code",
    [
        ("93.01", "93"),  # Merauke -> Papua Selatan
        ("94.04", "94"),  # Mimika -> Papua Tengah
        ("95.01", "95"),  # Jayawijaya -> Papua Pegunungan
        ("96.71", "96"),  # Kota Sorong -> Papua Barat Daya
    ],
)
def test_papua_regencies_moved(by_code, code, province_code):
    assert by_code[code]["province_code"] == province_code


@pytest.mark.parametrize(
    "code,tz",
    [
        ("51", "Asia/Makassar"),
        ("91", "Asia/Jayapura"),
        ("31", "Asia/Jakarta"),
        ("61", "Asia/Jakarta"),
        ("62", "Asia/Jakarta"),
        ("63", "Asia/Makassar"),
        ("65", "Asia/Makassar"),
        ("76", "Asia/Makassar"),
        ("82", "Asia/Jayapura"),
        ("96", "Asia/Jayapura"),
        ("35.10", "Asia/Jakarta"),
        ("64.72", "Asia/Makassar"),
    ],
)
def test_timezones(by_code, code, tz):
    assert by_code[code]["timezone"] == tz
