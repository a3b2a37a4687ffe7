"""The status-update form starts from the last report as a consistent whole (issue 20): a stalled programme
comes with its constraint, so posting the pre-filled form unchanged succeeds; a last report that broke the
rules (stalled without a reason, written before the rule or by hand) is pre-filled without its status,
never as "Terhambat" with "Tidak ada kendala"."""
import pytest
from django import forms
from django.urls import reverse

from programmes.models import ProgrammeUpdate
from programmes.services import post_update


def update_url(programme):
    return reverse("programmes:update_create", args=[programme.pk])


def as_posted(form):
    """The form's fields as the browser sends them back when nothing is touched."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else str(value)
    return data


@pytest.mark.parametrize("last", [
    {"year": 2025, "status": "stalled", "progress": 30, "constraint_category": "budget",
     "constraint": "Refocusing anggaran"},
    {"year": 2025, "status": "running", "progress": 55, "constraint_category": "human_resources",
     "constraint": "Programmer kurang"},
    {"year": 2025, "status": "completed", "progress": 100},
    {"year": 2025, "status": "running", "progress": 55},
], ids=["stalled", "running-with-constraint", "completed", "running"])
def test_the_prefilled_form_posted_unchanged_is_accepted(client_as, plans, world, last):
    programme = plans.programmes["BTL-QW-01"]
    post_update(world.users["bantul"], programme, last)
    client = client_as("bantul")

    form = client.get(update_url(programme)).context["form"]
    assert (form["status"].value(), form["constraint_category"].value() or "") == (
        last["status"], last.get("constraint_category", ""))
    response = client.post(update_url(programme), as_posted(form))

    assert response.status_code == 302, response.context["form"].errors
    assert ProgrammeUpdate.objects.filter(programme=programme).count() == 2


def test_a_stalled_report_without_its_reason_is_not_prefilled_as_stalled_without_constraint(client_as, plans, world):
    programme = plans.programmes["BTL-QW-01"]
    post_update(world.users["bantul"], programme, {"year": 2025, "status": "running", "progress": 30})
    # A legacy row that broke the rule: stalled, no constraint category.
    ProgrammeUpdate.objects.filter(programme=programme).update(status="stalled")

    form = client_as("bantul").get(update_url(programme)).context["form"]

    assert form["status"].value() in (None, "")
    assert form["progress"].value() == 30
    assert not form["constraint_category"].value()


def test_a_constraint_category_without_its_text_is_not_prefilled(client_as, plans, world):
    programme = plans.programmes["BTL-QW-01"]
    post_update(world.users["bantul"], programme, {"year": 2025, "status": "running", "progress": 30,
                                                   "constraint_category": "budget", "constraint": "Dana"})
    ProgrammeUpdate.objects.filter(programme=programme).update(constraint="")

    form = client_as("bantul").get(update_url(programme)).context["form"]
    response = client_as("bantul").post(update_url(programme), as_posted(form))

    assert (form["status"].value(), form["constraint_category"].value() or "") == ("running", "")
    assert response.status_code == 302
