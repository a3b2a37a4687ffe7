"""Realisation — realised (year-to-date) ÷ the pagu of the same budget year, revised where set — is one rule
(programmes.budget.realisation) and reads the same on the programme and masterplan pages, the dashboards, the PDF
report, the assessors' facts and the API."""
from decimal import Decimal

from evaluations.facts import implementation_facts
from programmes.models import ProgrammeBudget
from tests.reports.test_rendering import html_of

PROGRAMMES = "/api/v1/programmes/"


def test_one_realisation_reads_the_same_on_page_dashboard_pdf_facts_and_api(client_as, api_as, results, world):
    """Bantul 2024: Satu Data realised Rp 50 juta (year-to-date) against a 2024 pagu of Rp 200 juta revised to
    Rp 160 juta: 31,3 % — not 50 of the whole multi-year plan."""
    programme = results.plans.programme("BTL-GOV-02")
    ProgrammeBudget.objects.create(programme=programme, year=2023, pagu=Decimal("90000000"), source="apbd_kabkota")
    ProgrammeBudget.objects.create(programme=programme, year=2024, pagu=Decimal("200000000"),
                                   pagu_revised=Decimal("160000000"), source="apbd_kabkota")

    assert implementation_facts(world.regions["34.02"], 2024).realisation == Decimal("31.3")
    assert "(31,3%)" in html_of(results.bantul)  # the PDF annex
    page = client_as("bantul").get(programme.get_absolute_url()).content.decode()
    assert "(31,3%)" in page  # the current status
    dashboard = client_as("bantul").get("/dashboard/regions/34.02/?year=2024").content.decode()
    assert "31,3%" in dashboard
    api = api_as("bantul")
    national = api_as("kementerian").get("/api/v1/dashboard/?year=2024&province=34").json()
    assert national["programmes"]["budget_share"] == "31.3"
    assert api.get(f"{PROGRAMMES}{programme.pk}/").json()["realisation"] == "31.3"
    masterplan = client_as("bantul").get(programme.masterplan.get_absolute_url()).content.decode()
    assert "31,3%" in masterplan
