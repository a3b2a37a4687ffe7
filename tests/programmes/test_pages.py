"""The programme pages through HTTP: scoping (404 outside, 403 visible-but-not-editable), the status
update form and its errors, stale and cross-region edits, the masterplan PDF, the province overview,
constant query counts and money in Indonesian."""
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Masterplan, Programme, ProgrammeUpdate
from programmes.services import post_update
from tests.programmes.conftest import make_programme

SLEMAN_CODES = ("SLM-QW-01", "SLM-LIV-02")
BANTUL_CODES = ("BTL-QW-01", "BTL-GOV-02", "BTL-ECO-03")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def programmes_state():
    """Everything a refused programme write might have touched."""
    return {
        "programmes": list(Programme.objects.order_by("pk").values()),
        "updates": list(ProgrammeUpdate.objects.order_by("pk").values()),
        "masterplans": list(Masterplan.objects.order_by("pk").values()),
        "programme_history": Programme.history.count(),
        "masterplan_history": Masterplan.history.count(),
    }


def programme_form_data(programme, **changes):
    """The programme edit form as the browser posts it: every field with its current value, then changes."""
    data = {
        "version": programme.version, "code": programme.code, "name": programme.name,
        "description": programme.description, "dimension": programme.dimension,
        "sub_dimension": programme.sub_dimension, "term": programme.term,
        "opd": programme.opd_id or "", "start_year": programme.start_year, "end_year": programme.end_year,
        "funding_source": programme.funding_source,
        "public_url": programme.public_url,
    }
    data.update(changes)
    return data


def update_url(programme):
    return f"/programmes/{programme.pk}/updates/new/"


# --- scoping -----------------------------------------------------------------------------------------------

def test_bantul_sees_its_programme_table_and_never_slemans(client_as, plans):
    client = client_as("bantul")

    response = client.get("/programmes/")
    assert response.status_code == 200
    content = response.content.decode()
    for code in BANTUL_CODES:
        assert code in content
    for code in SLEMAN_CODES:
        assert code not in content
    assert "Sleman Smart Kiosk" not in content

    response = client.get("/programmes/?region=34.04")
    assert response.status_code < 500
    content = response.content.decode()
    for code in SLEMAN_CODES:
        assert code not in content
    assert "Sleman Smart Kiosk" not in content


def test_bantul_gets_404_on_every_page_of_sleman(client_as, plans, unchanged):
    sleman_mp = plans.masterplans["34.04"]
    # A real document, so that a 404 means "not yours", not "no file".
    sleman_mp.document.save("plan.pdf", ContentFile(b"%PDF-1.4 sleman"), save=True)
    programme = plans.programmes["SLM-QW-01"]
    client = client_as("bantul")
    before = programmes_state()

    with unchanged():
        for url in (f"/programmes/{programme.pk}/", f"/programmes/{programme.pk}/edit/", update_url(programme),
                    f"/masterplans/{sleman_mp.pk}/", f"/masterplans/{sleman_mp.pk}/document/",
                    f"/masterplans/{sleman_mp.pk}/edit/", "/regions/34.04/opds/"):
            assert client.get(url).status_code == 404, url
        assert client.post(update_url(programme), {"year": 2024, "status": "running",
                                                   "progress": 10}).status_code == 404
        assert client.post(f"/programmes/{programme.pk}/edit/",
                           programme_form_data(programme, name="Dibajak")).status_code == 404

    assert programmes_state() == before
    # Sleman itself may download its document: the 404 above is the scoping, not a broken view.
    response = client_as("sleman").get(f"/masterplans/{sleman_mp.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_province_officer_sees_bantuls_programme_but_may_not_write(client_as, plans):
    programme = plans.programmes["BTL-GOV-02"]
    client = client_as("diy")
    before = programmes_state()

    response = client.get(f"/programmes/{programme.pk}/")
    assert response.status_code == 200
    assert "Satu Data Bantul" in response.content.decode()

    assert client.post(update_url(programme), {"year": 2025, "status": "running", "progress": 70}).status_code == 403
    assert client.post(update_url(programme), {"year": 2025, "status": "running", "progress": 70,
                                               "fragment": "row"},
                       headers={"HX-Request": "true"}).status_code == 403
    assert client.post(f"/programmes/{programme.pk}/edit/",
                       programme_form_data(programme, name="Diubah provinsi")).status_code == 403
    assert programmes_state() == before


# --- the status update form --------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "field"), [
    ({"year": 2024, "status": "running", "progress": 150}, "progress"),
    ({"year": 2030, "status": "running", "progress": 10}, "year"),
    ({"year": 2018, "status": "running", "progress": 10}, "year"),
    ({"year": 2024, "status": "stalled", "progress": 10}, "constraint_category"),
])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_invalid_update_shows_the_form_errors_and_writes_nothing(client_as, plans, data, field, htmx):
    programme = plans.programmes["BTL-QW-01"]
    before = programmes_state()
    headers = {"HX-Request": "true"} if htmx else {}
    post = dict(data, fragment="row") if htmx else data

    response = client_as("bantul").post(update_url(programme), post, headers=headers)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    assert programmes_state() == before


def test_a_valid_update_posted_as_a_page_is_written_once_and_becomes_current(client_as, plans, world):
    programme = plans.programmes["BTL-QW-01"]
    n_before = ProgrammeUpdate.objects.count()

    response = client_as("bantul").post(update_url(programme), {
        "year": 2024, "status": "running", "progress": 35, "budget_realised": "250000000",
        "constraint_category": "", "constraint": "", "next_steps": "Uji coba di 3 kapanewon", "evidence_url": ""})

    assert response.status_code == 302
    assert response["Location"] == f"/programmes/{programme.pk}/"
    assert ProgrammeUpdate.objects.count() == n_before + 1
    update = ProgrammeUpdate.objects.get(programme=programme)
    assert (update.year, update.status, update.progress, update.author) == (2024, "running", 35,
                                                                              world.users["bantul"])
    assert update.budget_realised == Decimal("250000000")
    assert plans.programme("BTL-QW-01").current_update_id == update.pk


def test_a_valid_update_posted_from_the_table_with_htmx_rerenders_the_row(client_as, plans, world):
    programme = plans.programmes["BTL-QW-01"]
    n_before = ProgrammeUpdate.objects.count()

    response = client_as("bantul").post(update_url(programme), {
        "year": 2025, "status": "stalled", "progress": 20, "constraint_category": "budget",
        "constraint": "refocusing anggaran", "fragment": "row"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert ProgrammeUpdate.objects.count() == n_before + 1
    update = ProgrammeUpdate.objects.get(programme=programme)
    assert (update.status, update.constraint_category, update.author) == ("stalled", "budget",
                                                                          world.users["bantul"])
    assert plans.programme("BTL-QW-01").current_update_id == update.pk
    content = response.content.decode()
    assert f'id="programme-{programme.pk}"' in content
    assert 'hx-swap-oob="true"' in content
    assert "text-bg-warning" in content  # the stalled badge
    assert "programmeUpdatePosted" in response["HX-Trigger"]


def test_an_older_year_does_not_replace_the_current_update(client_as, plans):
    programme = plans.programmes["BTL-GOV-02"]
    current = plans.programme("BTL-GOV-02").current_update_id

    response = client_as("bantul").post(update_url(programme), {"year": 2022, "status": "running", "progress": 20})

    assert response.status_code == 302
    assert plans.programme("BTL-GOV-02").current_update_id == current
    assert programme.updates.count() == 3


# --- programme and masterplan edits --------------------------------------------------------------------------

def test_a_stale_programme_edit_is_refused_and_keeps_the_newer_data(client_as, plans):
    programme = plans.programme("BTL-ECO-03")
    client = client_as("bantul")
    response = client.get(f"/programmes/{programme.pk}/edit/")
    assert response.status_code == 200
    stale = response.context["form"].initial["version"]

    # Someone else saves first.
    newer = plans.programme("BTL-ECO-03")
    newer.name = "Pasar Digital Bantul (versi baru)"
    newer.save_versioned(newer.version)

    response = client.post(f"/programmes/{programme.pk}/edit/",
                           programme_form_data(programme, version=stale, name="Tab lama"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    saved = plans.programme("BTL-ECO-03")
    assert saved.name == "Pasar Digital Bantul (versi baru)"
    assert saved.version == newer.version


def test_a_programme_edit_with_an_opd_of_sleman_is_a_form_error(client_as, plans):
    programme = plans.programme("BTL-ECO-03")
    sleman_opd = plans.opds["34.04"][0]
    before = programmes_state()

    response = client_as("bantul").post(f"/programmes/{programme.pk}/edit/",
                                        programme_form_data(programme, opd=sleman_opd.pk))

    assert response.status_code == 200
    assert "opd" in response.context["form"].errors
    assert programmes_state() == before


def test_the_masterplan_upload_refuses_a_file_that_is_not_a_pdf(client_as, plans, _media):
    masterplan = plans.masterplans["34.02"]
    before = programmes_state()
    data = {"version": masterplan.version, "title": masterplan.title, "period_start": 2019, "period_end": 2028,
            "status": "draft", "legal_basis_number": "", "legal_basis_date": "",
            "document": SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf")}

    response = client_as("bantul").post(f"/masterplans/{masterplan.pk}/edit/", data)

    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert programmes_state() == before
    assert not Masterplan.objects.get(pk=masterplan.pk).document
    written = [p for p in _media.rglob("*") if p.is_file()] if _media.exists() else []
    assert written == []


def test_a_legal_basis_date_in_year_0207_is_a_form_error_and_changes_nothing(client_as, plans):
    masterplan = plans.masterplans["34.02"]
    before = programmes_state()
    data = {"version": masterplan.version, "title": masterplan.title, "period_start": 2019, "period_end": 2028,
            "status": "draft", "legal_basis_number": "Perbup 12/2019", "legal_basis_date": "0207-05-01"}

    response = client_as("bantul").post(f"/masterplans/{masterplan.pk}/edit/", data)

    assert response.status_code == 200
    assert "legal_basis_date" in response.context["form"].errors
    assert programmes_state() == before


# --- province overview -------------------------------------------------------------------------------------

def test_the_province_overview_shows_diys_regions_to_the_province_officer_only(client_as, plans):
    response = client_as("diy").get("/provinces/34/overview/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kabupaten Bantul" in content
    assert "Kabupaten Sleman" in content
    assert "Kabupaten Bojonegoro" not in content

    assert client_as("bantul").get("/provinces/34/overview/").status_code == 404
    assert client_as("diy").get("/provinces/34.02/overview/").status_code == 404


# --- constant queries, money -------------------------------------------------------------------------------

def add_programmes_with_updates(masterplan, user, opds, start, count):
    for i in range(start, start + count):
        programme = make_programme(masterplan, f"QRY-{i:03d}", opds[i % 2], name=f"Program kueri {i}")
        post_update(user, programme, {"year": 2024, "status": "running", "progress": i % 100})


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_programme_table_runs_a_constant_number_of_queries(client_as, plans, world):
    masterplan, opds, bantul = plans.masterplans["34.02"], plans.opds["34.02"], world.users["bantul"]
    add_programmes_with_updates(masterplan, bantul, opds, 0, 3)
    # Bantul sees one region; the province officer several (a region column), or one region filtered.
    views = [(client_as("bantul"), "/programmes/"), (client_as("diy"), "/programmes/"),
             (client_as("diy"), "/programmes/?region=34.02")]
    for client, url in views:
        client.get(url)  # warm up: session, content types …

    few = [count_queries(client, url) for client, url in views]
    add_programmes_with_updates(masterplan, bantul, opds, 3, 27)
    many = [count_queries(client, url) for client, url in views]
    assert few == many


def test_the_programme_page_runs_a_constant_number_of_queries(client_as, plans, world):
    programme, bantul = plans.programmes["BTL-QW-01"], world.users["bantul"]
    url = f"/programmes/{programme.pk}/"
    for year in (2020, 2021, 2022):
        post_update(bantul, programme, {"year": year, "status": "running", "progress": 10})
    client = client_as("bantul")
    client.get(url)

    few = count_queries(client, url)
    for i in range(27):
        post_update(bantul, programme, {"year": 2019 + i % 10, "status": "running", "progress": i})
        edited = plans.programme("BTL-QW-01")
        edited.description = f"Revisi {i}"
        edited.save_versioned(edited.version)
    many = count_queries(client, url)
    assert few == many


def test_money_is_shown_in_indonesian_on_the_programme_page(client_as, plans):
    programme = plans.programmes["BTL-QW-01"]

    response = client_as("bantul").get(f"/programmes/{programme.pk}/")

    assert response.status_code == 200
    content = response.content.decode().replace("\xa0", " ")
    assert "Rp 1.250.000.000" in content
    assert "1,250,000,000" not in content
