"""The public pages: no sign-in, only what is published, cached for the public without a CSRF token."""
import gzip
import re

from django.test import Client
from django.urls import reverse

from programmes.models import Programme


def test_an_anonymous_visitor_gets_the_public_national_page_with_a_sign_in_link(published_world):
    response = Client().get(reverse("public:national"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("login")}"' in html
    assert 'data-map' in html and 'data-testid="intakes"' in html


def test_the_national_map_links_every_province_and_every_kota_to_its_public_page(published_world):
    html = Client().get(reverse("public:national")).content.decode()

    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'href="/publik/daerah/34/"' in svg
    assert 'href="/publik/daerah/34.71/"' in svg  # Kota Yogyakarta: a dot at national scale
    # Every province of the database (the test world has four) is a link; all 38 are drawn.
    assert len(re.findall(r'<a href="/publik/daerah/\d\d/">', svg)) == 4
    assert svg.count('<path d="M0 0m') == 38
    assert "<title>Daerah Istimewa Yogyakarta: 5</title>" in svg  # five participating kabupaten/kota


def test_every_kota_on_the_national_map_is_a_dot_named_by_its_intake_or_not_yet(published_world):
    from regions.models import Enrolment

    Enrolment.objects.filter(region_id="35.71").update(status=Enrolment.Status.CANCELLED)
    client = Client()
    client.get(reverse("public:language", args=["id"]))

    html = client.get(reverse("public:national")).content.decode()

    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "<title>Kota Yogyakarta: Peserta sejak Tahap II (2018)</title><circle" in svg
    assert "<title>Kota Kediri: Belum ikut</title><circle" in svg
    legend = html[html.index("</svg>"):html.index("</figure>")]  # the legend, in HTML under the map
    assert '<li class="map-key-head">Kota:</li>' in legend and "Peserta sejak Tahap III (2019)</li>" in legend  # Depok


def test_the_national_page_shows_published_results_and_programmes_by_pillar(published_world):
    html = Client().get(reverse("public:national")).content.decode()

    results = html[html.index('data-testid="public-results"'):]
    assert "Kabupaten Bantul" in results and "3,45" in results
    pillars = html[html.index('data-testid="public-pillars"'):]
    assert "<td class=\"text-end\">1</td>" in pillars


def test_a_province_page_draws_its_kabupaten_kota_and_links_each(published_world):
    html = Client().get(reverse("public:region", args=["34"])).content.decode()

    assert html.count('<a href="/publik/daerah/34.0') >= 4
    assert 'href="/publik/daerah/34.71/"' in html


def test_the_province_map_names_each_kabupaten_kotas_intake_and_those_not_yet_in_the_movement(published_world):
    from regions.models import Enrolment

    Enrolment.objects.filter(region_id="34.03").update(status=Enrolment.Status.CANCELLED)
    client = Client()
    client.get(reverse("public:language", args=["id"]))

    html = client.get(reverse("public:region", args=["34"])).content.decode()

    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "≥" not in svg
    legend = html[html.index("</svg>"):html.index("</figure>")]  # the legend, in HTML under the map
    for label in ("Peserta sejak Tahap I (2017)", "Peserta sejak Tahap II (2018)", "Belum ikut"):
        assert f"</svg>{label}</li>" in legend
    assert "<title>Kabupaten Gunungkidul: Belum ikut</title>" in svg
    assert "<title>Kabupaten Sleman: Peserta sejak Tahap I (2017)</title>" in svg
    table = html[html.index('class="col-lg-4 map-table"'):]
    assert "Peserta sejak Tahap II (2018)" in table and ">1<" not in table


def test_a_region_page_shows_its_tahap_masterplan_programmes_and_published_results(published_world):
    html = Client().get(reverse("public:region", args=["34.02"])).content.decode()

    assert "Masterplan Smart City Bantul 2019-2023" in html and "Perbup 12/2019" in html
    assert "Bantul Pintar" in html
    assert 'data-testid="public-region-results"' in html and "3,45" in html
    assert "4,44" not in html  # final, but its cycle is not closed: not published


def test_an_unknown_region_is_a_404(db):
    assert Client().get(reverse("public:region", args=["99.99"])).status_code == 404


def test_public_pages_carry_no_csrf_token_and_set_no_cookie(published_world):
    for url in (reverse("public:national"), reverse("public:region", args=["34.02"])):
        response = Client().get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "nonce" not in response.content.decode()
        assert not response.cookies


def test_public_pages_are_cached_at_most_a_minute(published_world, settings):
    assert settings.PUBLIC_CACHE_SECONDS <= 60
    client = Client()
    url = reverse("public:region", args=["34.02"])
    assert "Bantul Pintar" in client.get(url).content.decode()
    Programme.objects.filter(code="QW-01").update(name="Bantul Cerdas")

    assert "Bantul Pintar" in client.get(url).content.decode()  # served from the cache
    from django.core.cache import cache

    cache.clear()  # as if the minute had passed
    assert "Bantul Cerdas" in client.get(url).content.decode()


def test_the_public_pages_follow_the_language_link_without_a_form(published_world):
    client = Client()
    response = client.get(reverse("public:language", args=["en"]) + "?next=/publik/daerah/34.02/")
    assert response.status_code == 302 and response["Location"] == "/publik/daerah/34.02/"

    html = client.get("/publik/daerah/34.02/").content.decode()
    assert '<html lang="en">' in html and "Published evaluation results" in html
    assert client.get(reverse("public:language", args=["en"]) + "?next=https://evil.example/")["Location"] == \
        reverse("public:national")


def test_the_national_page_stays_under_300_kb_compressed(published_world):
    content = Client().get(reverse("public:national")).content

    assert len(gzip.compress(content)) <= 300 * 1024


def test_published_results_show_the_letters_figures_and_no_predikat_where_the_instrument_uses_none(published_world):
    from django.core.cache import cache

    from evaluations.models import Evaluation, Instrument

    final = published_world["final"]
    Evaluation.objects.filter(pk=final.pk).update(improvement="0.25", rank_province=2, rank_national=9)
    Instrument.objects.filter(pk=final.cycle.instrument_id).update(uses_predikat=False)
    cache.clear()

    rows = Client().get(reverse("public:dataset_json", args=["evaluations"])).json()
    row = next(r for r in (rows["rows"] if isinstance(rows, dict) else rows) if r["region_code"] == "34.02")
    assert (row["rank"], row["predikat"], str(row["improvement"])) == (9, None, "0.25")
    page = Client().get(reverse("public:region", args=["34.02"])).content.decode()
    table = page[page.index('data-testid="public-region-results"'):]
    table = table[:table.index("</table>")]
    assert "0,25" in table and ">2<" in table and ">9<" in table and "Baik" not in table
