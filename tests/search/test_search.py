"""The header's search: by name or code, grouped by kind, only what the user may see, in a constant number of queries."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.programmes.conftest import make_programme

pytestmark = pytest.mark.django_db


def links(response):
    return response.content.decode()


def test_region_staff_find_their_programmes_by_name_and_not_another_regions(client_as, plans):
    response = client_as("bantul").get("/cari/", {"q": "kiosk"})
    assert response.status_code == 200
    assert "Sleman Smart Kiosk" not in links(response)

    response = client_as("bantul").get("/cari/", {"q": "bantul"})
    html = links(response)
    assert f'href="/programmes/{plans.programmes["BTL-QW-01"].pk}/"' in html
    assert 'href="/regions/34.02/"' in html
    assert "/regions/34.04/" not in html


def test_a_code_finds_the_region_and_a_programme_code_its_programme(client_as, plans):
    html = links(client_as("kementerian").get("/cari/", {"q": "34.04"}))
    assert 'href="/regions/34.04/"' in html
    assert "Kabupaten Sleman" in html

    html = links(client_as("kementerian").get("/cari/", {"q": "slm-liv"}))
    assert f'href="/programmes/{plans.programmes["SLM-LIV-02"].pk}/"' in html


def test_results_are_grouped_by_kind_in_the_pages_language(client_as, plans):
    html = links(client_as("diy").get("/cari/", {"q": "Bantul"}))
    for group in ('id="results-region"', 'id="results-programme"', 'id="results-masterplan"'):
        assert group in html
    assert "Hasil pencarian" in html
    # An OPD is found by its acronym and leads to its programmes in the table.
    html = links(client_as("bantul").get("/cari/", {"q": "bappeda"}))
    opd = plans.opds["34.02"][1]
    assert f"/programmes/?region=34.02&amp;opd={opd.pk}" in html


def test_a_province_officer_sees_the_province_but_not_another_province(client_as, plans, world):
    html = links(client_as("diy").get("/cari/", {"q": "kota"}))
    assert "Kota Yogyakarta" in html
    assert "Kota Kediri" not in html and "Kota Surabaya" not in html


def test_an_assessor_without_assignments_and_an_outsider_find_nothing(client_as, plans):
    for persona in ("penilai", "outsider"):
        html = links(client_as(persona).get("/cari/", {"q": "bantul"}))
        assert "/regions/34.02/" not in html
        assert "/programmes/" + str(plans.programmes["BTL-QW-01"].pk) not in html


def test_anonymous_visitors_are_sent_to_sign_in_and_get_no_search_box(client_as, plans):
    response = client_as(None).get("/cari/", {"q": "bantul"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client_as(None).get("/cari/saran/", {"q": "bantul"})
    assert response.status_code == 302
    assert 'id="site-search-input"' not in client_as(None).get("/accounts/login/").content.decode()
    assert 'id="site-search-input"' in client_as("bantul").get("/cari/").content.decode()


@pytest.mark.parametrize("q", ["b", " ", "%", "_%_", "x" * 5000, "Bantul\x00", "'; DROP TABLE x; --", "Ⓑantul 🙂"])
def test_odd_words_answer_a_page_never_an_error(client_as, plans, q):
    response = client_as("kementerian").get("/cari/", {"q": q})
    assert response.status_code == 200
    suggest = client_as("kementerian").get("/cari/saran/", {"q": q})
    assert suggest.status_code == 200
    assert isinstance(json.loads(suggest.content)["results"], list)


def test_a_percent_sign_is_a_character_not_a_wildcard(client_as, plans):
    assert json.loads(client_as("kementerian").get("/cari/saran/", {"q": "%%"}).content)["results"] == []


def test_one_letter_is_too_short_and_says_so(client_as, plans):
    html = links(client_as("bantul").get("/cari/", {"q": "b"}))
    assert "Ketik sekurang-kurangnya 2 karakter." in html
    assert 'aria-invalid="true"' in html


def test_suggestions_are_a_few_per_kind_with_a_status_for_screen_readers(client_as, plans):
    data = json.loads(client_as("kementerian").get("/cari/saran/", {"q": "bantul"}).content)
    kinds = [r["kind"] for r in data["results"]]
    assert kinds[0] == "region" and "programme" in kinds and "masterplan" in kinds
    assert all(kinds.count(kind) <= 4 for kind in set(kinds))
    first = data["results"][0]
    assert first == {"kind": "region", "kind_label": "Daerah", "label": "Kabupaten Bantul",
                     "detail": "34.02 · Daerah Istimewa Yogyakarta", "url": "/regions/34.02/"}
    assert data["status"].startswith(f"{len(kinds)} saran")

    empty = json.loads(client_as("kementerian").get("/cari/saran/", {"q": "zzzz"}).content)
    assert empty == {"results": [], "status": "Tidak ada saran. Tekan Enter untuk mencari."}


def test_names_that_start_with_the_words_come_first(client_as, plans):
    make_programme(plans.masterplans["34.02"], "BTL-X-09", name="Layanan Pasar Bantul")
    data = json.loads(client_as("bantul").get("/cari/saran/", {"q": "pasar"}).content)
    labels = [r["label"] for r in data["results"] if r["kind"] == "programme"]
    assert labels == ["Pasar Digital Bantul", "Layanan Pasar Bantul"]


def test_a_kind_cut_short_links_to_the_list_that_holds_every_match(client_as, plans):
    for i in range(12):
        make_programme(plans.masterplans["34.02"], f"BTL-N-{i:02d}", name=f"Nusa Program {i:02d}")
    html = links(client_as("bantul").get("/cari/", {"q": "nusa"}))
    assert html.count('class="search-hit"') == 10
    assert 'href="/programmes/?search=nusa"' in html


def queries_for(client, path, q):
    client.get(path, {"q": q})  # warm: the session and the roles
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, {"q": q}).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("persona", ["kementerian", "diy", "bantul"])
def test_the_search_costs_the_same_queries_for_few_and_many_matches(client_as, plans, persona):
    client = client_as(persona)
    few = {path: queries_for(client, path, "bantul") for path in ("/cari/", "/cari/saran/")}
    for i in range(30):
        make_programme(plans.masterplans["34.02"], f"BTL-M-{i:02d}", name=f"Bantul Maju {i:02d}")
    many = {path: queries_for(client, path, "bantul") for path in ("/cari/", "/cari/saran/")}
    assert few == many, many
    # session, user, roles, one per kind (4), and the savepoint pair of the request's transaction
    assert many["/cari/saran/"] <= 9, many
