"""The Panduan: a short page per role in both languages, true to the models' statuses, linked from the header
and from each form's heading."""
import re

import pytest

from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument
from tests.programmes.conftest import build_plans
from wayfinding.help import MEANINGS, PAGES, STATUS_TABLES, TOPICS, topic_url

pytestmark = pytest.mark.django_db

SLUGS = [page.slug for page in PAGES]


def test_every_status_the_models_know_is_explained():
    for key, _title, choices in STATUS_TABLES:
        assert set(MEANINGS[key]) == set(choices.values), key


@pytest.mark.parametrize("slug", SLUGS)
def test_each_role_page_reads_in_indonesian_and_in_english_without_signing_in(client_as, slug):
    client = client_as(None)
    html = client.get(f"/panduan/{slug}/").content.decode()
    assert '<html lang="id">' in html
    assert "Tahun Anda" in html and "Siapa yang memeriksa" in html and "Arti setiap status" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/panduan/{slug}/").content.decode()
    assert '<html lang="en">' in html
    assert "Your year" in html and "Who checks it" in html and "What each status means" in html


def test_the_region_staff_page_explains_the_yearly_report_with_the_real_status_labels(client_as):
    html = client_as("bantul").get("/panduan/staf-daerah/").content.decode()
    # The labels are the models' own (monitoring.YearlyReport.Status, programmes.UpdateStatus) …
    for label in ("Draf", "Diajukan", "Dikembalikan untuk perbaikan", "Diverifikasi", "Terhambat", "Berjalan"):
        assert f">{label}</th>" in html, label
    # … and the page says who checks: the province officer, or the secretariat where there is none.
    assert "operator provinsi Anda" in html and "sekretariat nasional" in html
    assert 'id="yearly-report"' in html and 'id="self-assessment"' in html and 'id="survey"' in html
    assert '<span class="badge text-bg-light border">peran Anda</span>' in html


def test_an_unknown_role_is_not_found(client_as):
    assert client_as(None).get("/panduan/rahasia/").status_code == 404


def test_the_index_lists_every_role_the_users_own_first(client_as):
    html = client_as("penilai").get("/panduan/").content.decode()
    links = re.findall(r'href="/panduan/([a-z-]+)/"', html[html.index("<main"):])
    assert links[0] == "penilai" and set(links) == set(SLUGS)


def test_every_topic_leads_to_an_anchor_on_its_page(client_as):
    for topic in TOPICS:
        url = topic_url(topic)
        path, anchor = url.split("#")
        assert f'id="{anchor}"' in client_as(None).get(path).content.decode(), topic


def test_each_forms_heading_links_to_its_help(client_as, world):
    plans = build_plans(world)
    evaluation = make_evaluation(make_cycle(make_instrument(3)), "34.02", assessors=[world.users["penilai"]],
                                 lead=world.users["penilai"])
    bantul, penilai = client_as("bantul"), client_as("penilai")
    pages = [
        (bantul, f"/programmes/{plans.programmes['BTL-GOV-02'].pk}/updates/new/", "update"),
        (bantul, "/programmes/?region=34.02", "update"),
        (bantul, f"/evaluations/{evaluation.pk}/self-assessment/", "self_assessment"),
        (bantul, f"/evaluations/{evaluation.pk}/survey/", "survey"),
        (penilai, f"/evaluations/{evaluation.pk}/scoring/", "scoring"),
    ]
    for client, path, topic in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'href="{topic_url(topic)}" data-testid="help-link-{topic}"' in response.content.decode(), path
