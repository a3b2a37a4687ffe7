"""The map module (smartcity/maps.py): classes, the no-data pattern, links, the kota dots, the credit."""
import gzip
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from smartcity import maps


@pytest.fixture(autouse=True)
def indonesian():
    """Figures are written the Indonesian way whatever an earlier test left active in this worker."""
    with translation.override("id"):
        yield


def test_the_stored_paths_hold_every_province_and_kabupaten_kota_by_kemendagri_code():
    geometry = maps.geometry()

    assert len(geometry["provinces"]) == 38 and len(geometry["regions"]) == 514
    assert geometry["regions"]["34.02"]["name"] == "Kabupaten Bantul"
    assert sum(1 for code in geometry["regions"] if maps.is_kota(code)) == 98


def test_the_stored_paths_are_what_build_maps_writes_from_the_boundaries(tmp_path, monkeypatch):
    from django.core.management import call_command

    from publik.management.commands import build_maps

    stored = maps.PATHS.read_text(encoding="utf-8")
    target = tmp_path / "data"
    (target / "boundaries").mkdir(parents=True)
    for name in ("provinces.geojson", "regions.geojson"):
        (target / "boundaries" / name).write_bytes((maps.PATHS.parent / "boundaries" / name).read_bytes())
    monkeypatch.setattr(build_maps, "DATA", target)
    call_command("build_maps", stdout=open("/dev/null", "w"))

    assert json.loads((target / "map_paths.json").read_text(encoding="utf-8")) == json.loads(stored)


def test_equal_interval_classes_cover_the_values_and_are_stated_in_the_legend():
    breaks, method = maps.class_breaks([1, 2, 3, 10, None])

    assert breaks[0] == 1 and len(breaks) == 4
    assert maps.class_of(10, breaks) == len(breaks) - 1 and maps.class_of(None, breaks) is None
    with translation.override("en"):
        chart = maps.national_map("Peserta", {"34": 5, "35": 3, "33": None})
    assert "Classes: equal intervals." in chart.svg


def test_a_region_without_a_value_is_hatched_and_the_legend_says_so():
    with translation.override("en"):
        chart = maps.national_map("Peserta", {"34": 5, "35": None}, none_label="no participant")

    assert chart.svg.count(f'fill="url(#{chart.svg.split("-nodata")[0].split("id=")[-1].strip(chr(34))}-nodata)"') >= 37
    assert "no participant" in chart.svg


def test_every_linked_region_is_an_svg_link_named_by_its_title_and_kota_are_dots():
    chart = maps.national_map("Indeks", {"34": Decimal("3.456")}, decimals=2,
                              links={"34": "/publik/daerah/34/", "34.71": "/publik/daerah/34.71/"})

    ElementTree.fromstring(str(chart.svg))  # well-formed
    assert '<a href="/publik/daerah/34/"><title>Daerah Istimewa Yogyakarta: 3,46</title><path' in chart.svg
    assert '<a href="/publik/daerah/34.71/"><title>Kota Yogyakarta</title><circle' in chart.svg
    assert chart.svg.count("<circle") == 98
    assert ("Daerah Istimewa Yogyakarta", "3,46") in chart.table.rows


def test_a_province_map_draws_only_its_kabupaten_kota():
    chart = maps.province_map("34", "DIY", {"34.02": 3}, links={"34.02": "/x/"})

    assert chart.svg.count('<path d="M0 0m') == 5
    assert len(chart.table.rows) == 5
    assert "cahyadsn/wilayah_boundaries (MIT)" in chart.svg


def test_the_national_map_is_small_once_compressed():
    chart = maps.national_map("Peserta", {code: 1 for code in maps.geometry()["provinces"]})

    assert len(gzip.compress(str(chart.svg).encode())) < 40 * 1024


def test_categories_label_the_legend_the_titles_and_the_table_instead_of_numbers():
    categories = {2017: "Peserta sejak Tahap I (2017)", 2018: "Peserta sejak Tahap II (2018)", "no": "Belum ikut"}
    with translation.override("id"):
        chart = maps.province_map("34", "DIY", {"34.04": 2017, "34.02": 2018, "34.01": 2018, "34.03": "no",
                                                "34.71": 2018}, categories=categories, neutral="no")

    assert "≥" not in chart.svg and "Kelas:" not in chart.svg
    for label in categories.values():
        assert f">{label}</text>" in chart.svg  # a legend row
    assert "<title>Kabupaten Gunungkidul: Belum ikut</title>" in chart.svg
    assert ("Kabupaten Sleman", "Peserta sejak Tahap I (2017)") in chart.table.rows
    assert ("Kabupaten Gunungkidul", "Belum ikut") in chart.table.rows
    # Okabe–Ito hues for the kinds, grey for "not yet"; every region has a value, so no no-data swatch.
    assert 'fill="#0072B2"' in chart.svg and 'fill="#E69F00"' in chart.svg and 'fill="#d9d9d9"' in chart.svg
    assert "-nodata-key)" not in chart.svg


def test_a_categorical_map_keeps_the_no_data_hatching_for_a_region_without_a_value():
    with translation.override("en"):
        chart = maps.province_map("34", "DIY", {"34.02": "yes"}, categories={"yes": "Participant"},
                                  none_label="unknown")

    assert "-nodata)" in chart.svg and "-nodata-key)" in chart.svg and ">unknown</text>" in chart.svg
    assert "<title>Kabupaten Sleman: unknown</title>" in chart.svg
    assert ("Kabupaten Bantul", "Participant") in chart.table.rows


def test_a_value_outside_the_categories_is_refused_rather_than_drawn_unexplained():
    import pytest

    with pytest.raises(ValueError, match="without a category"):
        maps.province_map("34", "DIY", {"34.02": "maybe"}, categories={"yes": "Participant"})


def test_kota_dots_may_have_categories_of_their_own_keyed_in_a_row_of_dots():
    with translation.override("id"):
        chart = maps.national_map("Peserta", {"34": 5, "35": 2}, kota_values={"34.71": 2018, "35.78": "no"},
                                  kota_categories={2018: "Peserta sejak Tahap II (2018)", "no": "Belum ikut"},
                                  kota_neutral="no", links={"34.71": "/publik/daerah/34.71/"})

    assert '<title>Kota Yogyakarta: Peserta sejak Tahap II (2018)</title><circle' in chart.svg
    assert ">Kota:</text>" in chart.svg and ">Belum ikut</text>" in chart.svg
    assert chart.svg.count("<circle") == 98 + 2  # every kota, and the two keys of the dots' legend
    assert "≥ 4" in chart.svg  # the provinces keep their numeric classes (equal intervals of 2 and 5)
    assert ("Daerah Istimewa Yogyakarta", "5") in chart.table.rows


def test_the_credit_under_a_map_is_in_the_readers_language():
    with translation.override("en"):
        english = maps.province_map("34", "DIY", {"34.02": 3})
    indonesian = maps.province_map("34", "DIY", {"34.02": 3})

    assert "Boundaries: cahyadsn/wilayah_boundaries (MIT)" in english.key and "Batas wilayah" not in english.key
    assert "Batas wilayah: cahyadsn/wilayah_boundaries (MIT)" in indonesian.key
