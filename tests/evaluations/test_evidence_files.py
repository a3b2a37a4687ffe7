"""Evidence files nobody owns: a replaced or removed evidence file is deleted once the save commits, and a
save that is refused (even after its draft stored the files, as submitting does) leaves no file behind.
Real files in a temporary MEDIA_ROOT; the requests commit as in production."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations import services
from evaluations.models import SelfAssessment
from tests.evaluations.builders import criteria_of
from tests.evaluations.test_pages import PDF, page, sheet_data

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def on_disk(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) if media.exists() else []


def upload(content=PDF, name="bukti.pdf"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def evidence_of(evaluation, criterion):
    return SelfAssessment.objects.get(evaluation=evaluation, criterion=criterion).evidence_file.name


def test_replacing_an_evidence_file_deletes_the_old_one_once_saved(bantul, client_as, media):
    client = client_as("bantul")
    first = criteria_of(bantul)[0]
    client.post(page("self_assessment", bantul),
                sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": upload()}))
    old = evidence_of(bantul, first)
    assert on_disk(media) == [old]

    response = client.post(page("self_assessment", bantul), sheet_data(
        bantul, [3, None, None], **{f"c{first.pk}-evidence_file": upload(PNG, "foto.png")}))

    assert response.status_code == 302
    new = evidence_of(bantul, first)
    assert new != old and new.endswith("/foto.png")
    assert on_disk(media) == [new]


def test_removing_an_evidence_file_deletes_it_and_its_folder(bantul, client_as, media):
    client = client_as("bantul")
    first = criteria_of(bantul)[0]
    client.post(page("self_assessment", bantul),
                sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": upload()}))

    response = client.post(page("self_assessment", bantul),
                           sheet_data(bantul, [3, None, None], **{f"c{first.pk}-remove_file": "on"}))

    assert response.status_code == 302
    assert evidence_of(bantul, first) == ""
    assert on_disk(media) == []
    assert not (media / "evidence" / "2026" / "34.02").exists() or not any((media / "evidence" / "2026" / "34.02")
                                                                           .iterdir())


def test_a_submission_refused_after_its_draft_stored_files_leaves_no_file(bantul, client_as, media):
    first = criteria_of(bantul)[0]
    # The draft's answers (with a file) are saved, then the submission is refused: K02 has no level.
    response = client_as("bantul").post(page("self_assessment", bantul), sheet_data(
        bantul, [3, None, 4], action="submit", **{f"c{first.pk}-evidence_file": upload()}))

    assert response.status_code == 409
    assert not SelfAssessment.objects.filter(evaluation=bantul).exists()
    assert on_disk(media) == []


def test_a_stale_save_with_a_new_file_keeps_the_old_file_and_stores_none(bantul, client_as, media):
    client = client_as("bantul")
    first = criteria_of(bantul)[0]
    client.post(page("self_assessment", bantul),
                sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": upload()}))
    old = evidence_of(bantul, first)
    stale = sheet_data(bantul, [4, None, None], **{f"c{first.pk}-evidence_file": upload(PNG, "foto.png")})
    SelfAssessment.objects.filter(evaluation=bantul).update(version=9)

    response = client.post(page("self_assessment", bantul), stale)

    assert response.status_code == 400
    assert evidence_of(bantul, first) == old
    assert on_disk(media) == [old]


def test_a_service_call_refused_inside_a_callers_transaction_leaves_no_file(bantul, users, media):
    from django.db import transaction

    first = criteria_of(bantul)[0]

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        services.save_answers(users["bantul"], bantul, [{"criterion": first.pk, "level": 3, "evidence_file":
                                                         SimpleUploadedFile("bukti.pdf", PDF)}])
        assert len(on_disk(media)) == 1  # stored while the caller's transaction is open
        raise Refused

    from smartcity.files import discard_uncommitted

    discard_uncommitted()  # what the end of the request or task does
    assert on_disk(media) == []
