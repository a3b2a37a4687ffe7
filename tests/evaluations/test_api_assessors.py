"""Assigning assessors through the API: only the admin, a lead among them, and never an assessor with a
regional role in the region or its province (conflict of interest)."""
from contextlib import nullcontext

import pytest

from evaluations.models import Evaluation
from regions.models import RoleAssignment
from smartcity.dimensions import Dimension
from tests.conftest import make_user

from .builders import EVALUATIONS, make_cycle, url

E = Evaluation.Status
pytestmark = pytest.mark.usefixtures("tokens")


# --- assessors and conflict of interest --------------------------------------------------------------------


def create(client, cycle, region, assessors, lead):
    return client.post(EVALUATIONS, {"cycle": cycle.pk, "region": region, "assessors": assessors, "lead": lead},
                       format="json")


def test_the_admin_adds_a_region_to_a_cycle_with_its_assessors(api_as, users, instrument):
    cycle = make_cycle(instrument)

    response = create(api_as("admin"), cycle, "34.04", ["penilai", "penilai2"], "penilai2")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region"], body["status"], body["assessors"], body["lead"]) == (
        "34.04", "not_started", ["penilai2", "penilai"], "penilai2")
    assert body["dimension_indexes"] == dict.fromkeys(Dimension.values)


@pytest.mark.parametrize(("holder", "role", "region", "conflict"), [
    ("bantul", "region_staff", "34.02", True),
    ("diy", "province_officer", "34", True),
    ("other_staff", "region_staff", "34.04", False),
    ("jatim", "province_officer", "35", False),
])
def test_an_assessor_is_never_assigned_where_they_hold_a_regional_role(
        api_as, users, instrument, nothing_written, holder, role, region, conflict):
    user = make_user(f"{holder}_assessor", role, region)
    make_user_assessor(user)
    cycle = make_cycle(instrument)

    with nothing_written() if conflict else nullcontext():
        response = create(api_as("admin"), cycle, "34.02", [user.username, "penilai"], "penilai")

    if conflict:
        assert response.status_code == 400
        assert "Conflict of interest" in response.json()["assessors"][0]
    else:
        assert response.status_code == 201


def make_user_assessor(user):

    RoleAssignment.objects.create(user=user, role="assessor")


def test_the_conflict_rule_holds_when_assessors_are_changed_later(api_as, users, bantul, nothing_written):
    make_user_assessor(users["bantul"])

    with nothing_written():
        response = api_as("admin").patch(url(bantul), {"assessors": ["penilai", "bantul"], "version": 1},
                                         format="json")

    assert response.status_code == 400
    assert "Conflict of interest" in response.json()["assessors"][0]


@pytest.mark.parametrize(("assessors", "lead", "field"), [
    (["penilai", "outsider"], "penilai", "assessors"),     # not an assessor
    (["penilai", "nobody"], "penilai", "assessors"),       # no such user
    (["penilai"], "penilai2", "lead"),                     # lead not among them
    (["penilai", "penilai2"], None, "lead"),               # no lead
])
def test_invalid_assignments_answer_400(api_as, users, instrument, nothing_written, assessors, lead, field):
    cycle = make_cycle(instrument)

    with nothing_written():
        response = create(api_as("admin"), cycle, "34.04", assessors, lead)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("persona", ["bantul", "diy", "kementerian", "penilai"])
def test_only_the_admin_adds_regions_and_assigns_assessors(api_as, users, instrument, bantul, nothing_written,
                                                            persona):
    with nothing_written():
        created = create(api_as(persona), bantul.cycle, "34.02" if persona == "bantul" else "34.04", ["penilai"],
                         "penilai")
        changed = api_as(persona).patch(url(bantul), {"assessors": ["penilai2"], "lead": "penilai2", "version": 1},
                                        format="json")

    assert created.status_code in (400, 403)  # 400: Bantul already takes part
    assert changed.status_code == 403


def test_the_admin_replaces_an_assessor_who_has_not_scored_and_names_a_new_lead(api_as, users, bantul):
    response = api_as("admin").patch(url(bantul), {"assessors": ["penilai2"], "lead": "penilai2", "version": 1},
                                     format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["assessors"], response.json()["lead"]) == (["penilai2"], "penilai2")
    assert api_as("penilai").get(url(bantul)).status_code == 404


def test_a_stale_evaluation_version_answers_409_and_412_with_if_match(api_as, bantul, nothing_written):
    with nothing_written():
        stale = api_as("admin").patch(url(bantul), {"lead": "penilai2", "version": 7}, format="json")
        precondition = api_as("admin").patch(url(bantul), {"lead": "penilai2"}, format="json", HTTP_IF_MATCH='"7"')

    assert (stale.status_code, precondition.status_code) == (409, 412)
