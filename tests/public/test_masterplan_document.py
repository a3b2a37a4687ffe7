"""A masterplan document on the public pages: the region marks it public on the masterplan form; the public
region page then links it and anyone may download it; a document not marked, or of a draft masterplan, is
never reachable without signing in (smartcity.policy.public_masterplan_document_q decides)."""
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from programmes.models import Masterplan

from .conftest import MARK, PUBLIC_PDF


def public_url(masterplan):
    return reverse("public:masterplan_document", args=[masterplan.pk])


def download(client, url):
    response = client.get(url)
    return response, (b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_public_region_page_links_the_document_its_region_published(published_world):
    plan = published_world["plans"]["public"]

    html = Client().get(reverse("public:region", args=["34.02"])).content.decode()
    response, body = download(Client(), public_url(plan))

    assert f'href="{public_url(plan)}"' in html
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert body == PUBLIC_PDF
    assert response["Cache-Control"].startswith("public") and not response.cookies


def test_a_document_its_region_did_not_publish_is_neither_linked_nor_served_to_the_public(published_world):
    plan = published_world["plans"]["kept"]

    html = Client().get(reverse("public:region", args=["34.02"])).content.decode()
    response, body = download(Client(), public_url(plan))
    signed_in_path = Client().get(reverse("programmes:masterplan_document", args=[plan.pk]))

    assert "Masterplan Smart City Bantul 2024-2028" in html  # the masterplan is public, its document is not
    assert html.count('data-testid="public-masterplan-document"') == 1 and public_url(plan) not in html
    assert response.status_code == 404 and MARK.encode() not in body
    assert signed_in_path.status_code == 302 and signed_in_path["Location"].startswith(reverse("login"))


def test_a_draft_masterplans_document_stays_private_even_when_marked_public(published_world):
    plan = published_world["plans"]["draft"]
    assert plan.document_public

    response, body = download(Client(), public_url(plan))

    assert response.status_code == 404 and MARK.encode() not in body


def test_the_region_publishes_its_document_on_the_masterplan_form_and_can_take_it_back(published_world, client_as):
    plan = published_world["plans"]["kept"]
    form = {"version": plan.version, "title": plan.title, "period_start": 2024, "period_end": 2028,
            "status": "final", "legal_basis_number": "", "legal_basis_date": ""}
    client = client_as("bantul")

    page = client.get(reverse("programmes:masterplan_edit", args=[plan.pk])).content.decode()
    assert 'name="document_public"' in page
    assert client.post(reverse("programmes:masterplan_edit", args=[plan.pk]),
                       form | {"document_public": "on"}).status_code == 302
    cache.clear()  # the public pages may lag a minute behind a write
    assert download(Client(), public_url(plan))[0].status_code == 200
    assert f'href="{public_url(plan)}"' in Client().get(reverse("public:region", args=["34.02"])).content.decode()

    plan.refresh_from_db()
    assert client.post(reverse("programmes:masterplan_edit", args=[plan.pk]),
                       form | {"version": plan.version}).status_code == 302
    assert Masterplan.objects.get(pk=plan.pk).document_public is False
    assert download(Client(), public_url(plan))[0].status_code == 404


def test_someone_outside_the_region_cannot_publish_its_document(published_world, client_as):
    plan = published_world["plans"]["kept"]
    form = {"version": plan.version, "title": plan.title, "period_start": 2024, "period_end": 2028,
            "status": "final", "legal_basis_number": "", "legal_basis_date": "", "document_public": "on"}

    response = client_as("sleman").post(reverse("programmes:masterplan_edit", args=[plan.pk]), form)

    assert response.status_code in (403, 404)
    assert Masterplan.objects.get(pk=plan.pk).document_public is False
    assert download(Client(), public_url(plan))[0].status_code == 404
