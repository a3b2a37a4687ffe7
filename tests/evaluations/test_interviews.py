"""The presentation and interview with the assessors (paparan/wawancara): a record the lead assessor enters
from submission on, read by everyone who sees the evaluation, never a status that holds anything back."""
import datetime as dt

import pytest
from django.urls import reverse

from evaluations.models import Evaluation, Interview
from smartcity import policy
from tests import clock

from .builders import answer_all, make_cycle, make_evaluation, url

E = Evaluation.Status


def held_on(days_ago=2):
    return (clock.today() - dt.timedelta(days=days_ago)).isoformat()


def body(**changes):
    data = {"date": held_on(), "mode": "online", "venue": "Zoom",
            "attendees": "Bupati Bantul dan kepala OPD\nTim penilai", "notes": "Paparan masterplan dan tanya jawab."}
    data.update(changes)
    return data


@pytest.fixture
def submitted(instrument, users):
    evaluation = make_evaluation(make_cycle(instrument, "assessment"), "34.02", E.SUBMITTED,
                                 assessors=[users["penilai"], users["penilai2"]], lead=users["penilai"])
    answer_all(evaluation, 3, users["bantul"])
    return evaluation


@pytest.fixture
def recorded(submitted, users):
    return Interview.objects.create(evaluation=submitted, date=clock.today() - dt.timedelta(days=3), mode="on_site",
                                    venue="Aula Dinas Kominfo", attendees="Sekda, Bappeda", recorded_by=users["penilai"])


def snapshot():
    return list(Interview.objects.order_by("pk").values()), Interview.history.count()


# --- the policy matrix ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "reads", "writes"), [
    ("admin", 200, 201),        # the national secretariat
    ("penilai", 200, 201),      # the lead assessor
    ("penilai2", 200, 403),     # an assessor of the evaluation, not its lead
    ("bantul", 200, 403),       # the region: read-only
    ("diy", 200, 403),          # its province
    ("kementerian", 200, 403),  # the ministry reads everything, records nothing
    ("sleman", 404, 404),       # another region
    ("outsider", 404, 404),
])
def test_who_may_read_and_who_may_record_the_interview(submitted, recorded, api_as, tokens, persona, reads,
                                                       writes, nothing_written):
    client = api_as(persona)
    listed = client.get(url(submitted, "interviews"))
    assert listed.status_code == reads
    if reads == 200:
        assert [row["venue"] for row in listed.json()] == ["Aula Dinas Kominfo"]
        assert client.get(url(submitted, f"interviews/{recorded.pk}")).status_code == 200
    before = snapshot()
    if writes == 201:
        created = client.post(url(submitted, "interviews"), body(), format="json")
        assert created.status_code == 201, created.content
        assert created.json()["recorded_by"] == persona and created.json()["version"] == 1
        changed = client.patch(url(submitted, f"interviews/{recorded.pk}"), {"notes": "Ditambah.", "version": 1},
                               format="json")
        assert changed.status_code == 200 and changed.json()["version"] == 2
    else:
        with nothing_written():
            assert client.post(url(submitted, "interviews"), body(), format="json").status_code == writes
            assert client.patch(url(submitted, f"interviews/{recorded.pk}"), {"notes": "x", "version": 1},
                                format="json").status_code == writes
        assert snapshot() == before


def test_the_policy_lets_only_the_lead_and_the_admin_record(submitted, users):
    submitted = Evaluation.objects.prefetch_related("assignments").get(pk=submitted.pk)
    allowed = {name for name, user in users.items() if policy.can(user, policy.RECORD_INTERVIEW, submitted)}
    assert allowed == {"admin", "penilai"}


# --- when, and what it holds back ----------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "expected"), [
    (E.NOT_STARTED, 409), (E.SELF_ASSESSMENT, 409), (E.SUBMITTED, 201), (E.IN_REVIEW, 201), (E.FINAL, 409),
])
def test_the_lead_records_it_from_submission_until_final(submitted, api_as, status, expected):
    Evaluation.objects.filter(pk=submitted.pk).update(status=status)
    before = snapshot()
    response = api_as("penilai").post(url(submitted, "interviews"), body(), format="json")
    assert response.status_code == expected, response.content
    if expected != 201:
        assert snapshot() == before


def test_recording_the_interview_is_no_status(submitted, api_as):
    assert api_as("penilai").post(url(submitted, "interviews"), body(), format="json").status_code == 201
    submitted.refresh_from_db()
    assert submitted.status == E.SUBMITTED and not submitted.events.exists()


def test_scoring_goes_on_without_any_interview(submitted, api_as):
    rows = [{"criterion": c.pk, "level": 3} for c in submitted.cycle.instrument.criteria.all()]
    assert api_as("penilai").put(url(submitted, "scores"), rows, format="json").status_code == 200
    assert not submitted.interviews.exists()


# --- bad input and stale versions ----------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"date": ""}, "date"),
    ({"date": "7 Desember 2021"}, "date"),
    ({"mode": "telepati"}, "mode"),
    ({"attendees": ""}, "attendees"),
    ({"mode": "on_site", "venue": ""}, "venue"),
    ({"date": (clock.today() + dt.timedelta(days=1)).isoformat()}, "date"),
    ({"venue": "x" * 201}, "venue"),
])
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(submitted, api_as, changes, field):
    before = snapshot()
    response = api_as("penilai").post(url(submitted, "interviews"), body(**changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert snapshot() == before


def test_a_change_needs_the_version_read_and_a_stale_one_is_refused(submitted, recorded, api_as):
    client = api_as("penilai")
    missing = client.put(url(submitted, f"interviews/{recorded.pk}"), body(), format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert client.put(url(submitted, f"interviews/{recorded.pk}"), body(version=1), format="json").status_code == 200
    before = snapshot()
    stale = client.put(url(submitted, f"interviews/{recorded.pk}"), body(notes="lama", version=1), format="json")
    assert stale.status_code == 409
    assert snapshot() == before


def test_an_interview_of_another_evaluation_is_not_found_here(submitted, recorded, api_as, instrument):
    elsewhere = make_evaluation(make_cycle(instrument, "assessment", year=2027), "34.02", E.SUBMITTED)
    assert api_as("admin").get(url(elsewhere, f"interviews/{recorded.pk}")).status_code == 404


def test_every_change_is_in_the_audit_trail_with_its_author(submitted, api_as, users):
    client = api_as("penilai")
    created = client.post(url(submitted, "interviews"), body(), format="json").json()
    client.patch(url(submitted, f"interviews/{created['id']}"), {"venue": "Google Meet", "version": 1}, format="json")
    history = list(Interview.history.filter(id=created["id"]).order_by("history_date"))
    assert [h.venue for h in history] == ["Zoom", "Google Meet"]
    assert {h.history_user for h in history} == {users["penilai"]}


# --- the evaluation page ------------------------------------------------------------------------------------

def detail(evaluation):
    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def form_data(**changes):
    data = {f"interview-{k}": v for k, v in body().items()}
    data.update({f"interview-{k}": v for k, v in changes.items()})
    return data


def test_the_lead_records_the_interview_on_the_evaluation_page_and_the_region_reads_it(submitted, client_as):
    lead = client_as("penilai")
    assert 'id="interview-form"' in lead.get(detail(submitted)).content.decode()
    response = lead.post(detail(submitted), form_data())
    assert response.status_code == 302
    interview = submitted.interviews.get()
    assert interview.attendees.startswith("Bupati Bantul") and interview.version == 1

    region = client_as("bantul").get(detail(submitted)).content.decode()
    assert "Bupati Bantul dan kepala OPD" in region and 'id="interview-form"' not in region
    assert 'id="interview-form"' not in client_as("penilai2").get(detail(submitted)).content.decode()


def test_the_lead_changes_a_record_with_its_version_and_a_stale_form_is_refused(submitted, recorded, client_as):
    lead = client_as("penilai")
    page = lead.get(detail(submitted) + f"?wawancara={recorded.pk}").content.decode()
    assert 'value="Aula Dinas Kominfo"' in page and f'name="interview-interview" value="{recorded.pk}"' in page
    changed = form_data(mode="on_site", venue="Aula Ardikarta", interview=recorded.pk, version=1)
    assert lead.post(detail(submitted), changed).status_code == 302
    before = snapshot()
    stale = lead.post(detail(submitted), form_data(mode="on_site", venue="Lain", interview=recorded.pk, version=1))
    assert stale.status_code == 400 and "Nothing was saved" in stale.content.decode()
    assert snapshot() == before


def test_a_form_error_on_the_page_is_a_400_and_writes_nothing(submitted, client_as):
    before = snapshot()
    response = client_as("penilai").post(detail(submitted), form_data(mode="on_site", venue=""))
    assert response.status_code == 400
    assert "Name the venue of an interview held on site." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["bantul", "penilai2", "kementerian"])
def test_others_posting_the_form_are_refused_and_nothing_changes(submitted, client_as, persona):
    before = snapshot()
    assert client_as(persona).post(detail(submitted), form_data()).status_code == 403
    assert snapshot() == before
