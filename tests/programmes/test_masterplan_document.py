"""The masterplan's document nobody owns: a replaced or cleared document is deleted once the save commits,
on the page and in the admin; a refused save stores nothing and keeps the old one. Real files in a temporary
MEDIA_ROOT; the requests commit as in production."""
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.models import Masterplan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def on_disk(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) if media.exists() else []


def form_data(masterplan, **changes):
    return {"version": masterplan.version, "title": masterplan.title, "period_start": 2019, "period_end": 2028,
            "status": "draft", "legal_basis_number": "", "legal_basis_date": ""} | changes


def pdf(name="masterplan.pdf", body=b"baru"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + body, content_type="application/pdf")


@pytest.fixture
def with_document(plans, media):
    masterplan = Masterplan.objects.get(pk=plans.masterplans["34.02"].pk)
    masterplan.document.save("lama.pdf", ContentFile(b"%PDF-1.4 lama"), save=True)
    return Masterplan.objects.get(pk=masterplan.pk)


def test_uploading_a_new_document_deletes_the_old_one_once_saved(client_as, with_document, media):
    old = with_document.document.name
    assert on_disk(media) == [old]

    response = client_as("bantul").post(f"/masterplans/{with_document.pk}/edit/",
                                        form_data(with_document, document=pdf()))

    assert response.status_code == 302
    new = Masterplan.objects.get(pk=with_document.pk).document.name
    assert new != old
    assert on_disk(media) == [new]


def test_a_stale_save_with_a_new_document_stores_nothing_and_keeps_the_old(client_as, with_document, media):
    old = with_document.document.name
    Masterplan.objects.filter(pk=with_document.pk).update(version=with_document.version + 1)

    response = client_as("bantul").post(f"/masterplans/{with_document.pk}/edit/",
                                        form_data(with_document, document=pdf()))

    assert response.status_code == 200
    assert Masterplan.objects.get(pk=with_document.pk).document.name == old
    assert on_disk(media) == [old]


def test_a_save_that_rolls_back_after_storing_the_document_leaves_no_file(with_document, media):
    from django.db import transaction

    from smartcity.files import discard_uncommitted

    old = with_document.document.name
    with pytest.raises(RuntimeError), transaction.atomic():
        with_document.document = pdf()
        with_document.save()
        assert len(on_disk(media)) == 2
        raise RuntimeError("a later step of the same save failed")
    discard_uncommitted()

    assert Masterplan.objects.get(pk=with_document.pk).document.name == old
    assert on_disk(media) == [old]


def test_clearing_the_document_in_the_admin_deletes_it(client_as, with_document, media):
    data = form_data(with_document, region=with_document.region_id, **{"document-clear": "on"})

    response = client_as("admin").post(f"/admin/programmes/masterplan/{with_document.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Masterplan.objects.get(pk=with_document.pk).document
    assert on_disk(media) == []
