"""`load_demo` gives Bantul a real masterplan PDF it publishes and Sleman one it keeps private; a rerun draws
and stores nothing new."""
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from programmes.models import Masterplan


def download(client, url):
    response = client.get(url)
    return response, (b"".join(response.streaming_content) if response.streaming else response.content)


@pytest.mark.django_db
def test_the_demo_publishes_bantuls_masterplan_document_keeps_slemans_private_and_a_rerun_changes_nothing(
        settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)
    bantul = Masterplan.objects.filter(region_id="34.02").latest("period_start")
    sleman = Masterplan.objects.filter(region_id="34.04").latest("period_start")

    response, body = download(Client(), reverse("public:masterplan_document", args=[bantul.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    assert "Masterplan Bantul Smart City" in text and "Peraturan Bupati Bantul Nomor 12 Tahun 2019" in text
    page = Client().get(reverse("public:region", args=["34.02"])).content.decode()
    assert 'data-testid="public-masterplan-document"' in page
    assert sleman.document and not sleman.document_public
    assert download(Client(), reverse("public:masterplan_document", args=[sleman.pk]))[0].status_code == 404

    before = {m.pk: (m.document.name, m.version, m.document_public) for m in Masterplan.objects.all()}
    files = sorted(p.name for p in (tmp_path / "media").rglob("*.pdf"))
    call_command("load_demo", verbosity=0)
    assert {m.pk: (m.document.name, m.version, m.document_public) for m in Masterplan.objects.all()} == before
    assert sorted(p.name for p in (tmp_path / "media").rglob("*.pdf")) == files and len(files) == 2
