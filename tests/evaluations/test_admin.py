"""Evaluations in the Django admin: read by the ministry, changed by the national secretariat, with
the domain's rules (one lead, conflict of interest, frozen results) holding there too."""
import pytest
from django.urls import reverse

from evaluations.models import Assignment, Evaluation

from .builders import make_cycle, make_evaluation


@pytest.fixture
def evaluation(world, instrument):
    return make_evaluation(make_cycle(instrument), "34.02", assessors=[world.users["penilai"]],
                           lead=world.users["penilai"])


@pytest.mark.parametrize("persona", ["admin", "kementerian"])
def test_the_admin_pages_of_evaluations_open_for_admin_and_ministry(client_as, evaluation, persona):
    client = client_as(persona)
    pages = [reverse(f"admin:evaluations_{name}_changelist") for name in ("instrument", "cycle", "evaluation")] + [
        reverse("admin:evaluations_instrument_change", args=[evaluation.cycle.instrument_id]),
        reverse("admin:evaluations_cycle_change", args=[evaluation.cycle_id]),
        reverse("admin:evaluations_evaluation_change", args=[evaluation.pk]),
    ]

    for page in pages:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("persona", ["bantul", "penilai"])
def test_everyone_else_is_kept_out(client_as, evaluation, persona):
    response = client_as(persona).get(reverse("admin:evaluations_evaluation_change", args=[evaluation.pk]))

    assert response.status_code == 302


def form(evaluation, rows):
    data = {"version": evaluation.version, "strengths": "", "weaknesses": "", "recommendations": "",
            "assignments-TOTAL_FORMS": len(rows), "assignments-INITIAL_FORMS": 0, "assignments-MIN_NUM_FORMS": 0,
            "assignments-MAX_NUM_FORMS": 1000, "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0,
            "interviews-TOTAL_FORMS": 0, "interviews-INITIAL_FORMS": 0}
    Assignment.objects.filter(evaluation=evaluation).delete()
    for i, (user, lead) in enumerate(rows):
        data[f"assignments-{i}-assessor"] = user.pk
        data[f"assignments-{i}-is_lead"] = "on" if lead else ""
        data[f"assignments-{i}-evaluation"] = evaluation.pk
    return data


def test_the_admin_keeps_one_lead_and_the_conflict_of_interest_rule(client_as, world, evaluation, penilai2):
    from tests.conftest import make_user

    client = client_as("admin")
    page = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    two_leads = client.post(page, form(evaluation, [(world.users["penilai"], True), (penilai2, True)]))
    staff = make_user("bantul2", "region_staff", "34.02")
    from regions.models import RoleAssignment

    RoleAssignment.objects.create(user=staff, role="assessor")
    conflict = client.post(page, form(evaluation, [(staff, True)]))

    assert two_leads.status_code == 200 and "Name one lead assessor" in two_leads.content.decode()
    assert conflict.status_code == 200 and "Conflict of interest" in conflict.content.decode()
    assert not Assignment.objects.filter(evaluation=evaluation).exists()
    ok = client.post(page, form(evaluation, [(penilai2, True)]))
    assert ok.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).lead == penilai2


def test_the_interview_record_shows_read_only_on_the_evaluation_in_the_admin(client_as, world, evaluation):
    import datetime as dt

    from evaluations.models import Interview

    Interview.objects.create(evaluation=evaluation, date=dt.date(2021, 12, 7), mode=Interview.Mode.ONLINE,
                             venue="Zoom", attendees="Bupati Bantul\nTim penilai", notes="Paparan masterplan",
                             recorded_by=world.users["admin"])
    body = client_as("admin").get(reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])).content.decode()
    assert "Paparan masterplan" in body and "Bupati Bantul" in body
    assert 'name="interviews-0-notes"' not in body  # shown, not editable here
