"""Writes that must not happen: every write asks the policy and the state guard first, whatever fields it
carries, and a write that changes nothing writes nothing (no new version, no audit-trail row). Run over every
versioned resource and every persona, on the API, the pages and the admin."""
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument, move_cycle
from tests.programmes.conftest import build_plans

PERSONAS = ["admin", "kementerian", "diy", "bantul", "sleman", "penilai", "penilai2", "outsider"]
REFUSED = {403, 404, 409}


@pytest.fixture(autouse=True)
def english_messages(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def things(world):
    """One of every versioned record, all about Bantul (34.02) or national; penilai leads Bantul's evaluations."""
    from evaluations.models import CitizenSurvey, SurveyedProgramme
    from programmes.models import Indicator, IndicatorValue

    world.users["penilai2"] = make_user("penilai2", "assessor", None, "Sri", "Handayani")
    plans = build_plans(world)
    programme = plans.programmes["BTL-GOV-02"]
    indicator = Indicator.objects.create(programme=programme, name="Dataset terbuka", unit="dataset",
                                         baseline=Decimal("10"))
    value = IndicatorValue.objects.create(indicator=indicator, year=2024, target=Decimal("20"))
    free = make_instrument(2, code="bebas")
    used = make_instrument(3, code="dipakai")
    people = {"assessors": [world.users["penilai"], world.users["penilai2"]], "lead": world.users["penilai"]}
    open_cycle = make_cycle(used, "self_assessment", year=2026)
    fresh = make_evaluation(open_cycle, "34.02", **people)
    survey = CitizenSurvey.objects.create(evaluation=fresh, notes="Survei awal")
    SurveyedProgramme.objects.create(survey=survey, programme=programme, puas=30, cukup_puas=5)
    review = make_evaluation(move_cycle(make_cycle(used, "self_assessment", year=2025), "assessment"), "34.02",
                             status="in_review", **people)
    final = make_evaluation(make_cycle(used, "closed", year=2024), "34.02", status="final", **people)
    draft_cycle = make_cycle(free, "draft", year=2027)
    return {
        "enrolment": world.enrolment("34.02"),
        "masterplan": plans.masterplans["34.02"],
        "opd": plans.opds["34.02"][0],
        "programme": programme,
        "indicator": indicator,
        "indicator-value": value,
        "instrument": free,
        "instrument-in-use": used,
        "criterion": free.criteria.first(),
        "criterion-in-use": used.criteria.first(),
        "cycle": draft_cycle,
        "evaluation-not-started": fresh,
        "evaluation-in-review": review,
        "evaluation-final": final,
        "survey": survey,
    }


# resource: (API path, personas who may write it; everyone else is refused)
API = {
    "enrolment": ("/api/v1/enrolments/{pk}/", {"admin", "bantul"}),
    "masterplan": ("/api/v1/masterplans/{pk}/", {"admin", "bantul"}),
    "opd": ("/api/v1/opds/{pk}/", {"admin", "bantul"}),
    "programme": ("/api/v1/programmes/{pk}/", {"admin", "bantul"}),
    "indicator": ("/api/v1/indicators/{pk}/", {"admin", "bantul"}),
    "indicator-value": ("/api/v1/indicator-values/{pk}/", {"admin", "bantul"}),
    "instrument": ("/api/v1/instruments/{pk}/", {"admin"}),
    "instrument-in-use": ("/api/v1/instruments/{pk}/", {"admin"}),
    "criterion": ("/api/v1/criteria/{pk}/", {"admin"}),
    "criterion-in-use": ("/api/v1/criteria/{pk}/", set()),  # frozen: its instrument is used by an opened cycle
    "cycle": ("/api/v1/cycles/{pk}/", {"admin"}),
    "evaluation-not-started": ("/api/v1/evaluations/{pk}/", {"admin"}),  # assigning; no narrative yet
    "evaluation-in-review": ("/api/v1/evaluations/{pk}/", {"admin", "penilai"}),
    "evaluation-final": ("/api/v1/evaluations/{pk}/", set()),  # read-only for everyone
}


def stored(obj):
    """The record's version and the number of its audit-trail rows, as the database has them."""
    model = type(obj)
    return model.objects.filter(pk=obj.pk).values_list("version", flat=True).get(), model.history.filter(
        id=obj.pk).count()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("resource", list(API))
@pytest.mark.parametrize("body", ["version", "empty-with-if-match"])
def test_a_write_that_changes_nothing_writes_nothing_and_is_refused_where_the_writer_may_not_write(
        api_as, things, resource, persona, body):
    obj = things[resource]
    path, writers = API[resource]
    before = stored(obj)
    client = api_as(persona)

    if body == "version":
        response = client.patch(path.format(pk=obj.pk), {"version": obj.version}, format="json")
    else:
        response = client.patch(path.format(pk=obj.pk), {}, format="json", HTTP_IF_MATCH=f'"{obj.version}"')

    if persona in writers:
        assert response.status_code == 200, response.content
        assert response.json()["version"] == obj.version
        assert response["ETag"] == f'"{obj.version}"'
    else:
        assert response.status_code in REFUSED, response.content
    assert stored(obj) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_survey_saved_unchanged_writes_nothing(api_as, things, persona):
    survey = things["survey"]
    before = stored(survey)

    response = api_as(persona).put(f"/api/v1/evaluations/{survey.evaluation_id}/survey/", {
        "programmes": [{"programme": things["programme"].pk, "puas": 30, "cukup_puas": 5}],
        "notes": "Survei awal", "version": survey.version}, format="json")

    assert response.status_code == (200 if persona in ("admin", "bantul") else 403 if persona in (
        "kementerian", "diy", "penilai", "penilai2") else 404), response.content
    assert stored(survey) == before


def test_a_real_change_still_bumps_the_version_and_writes_one_history_row(api_as, things):
    opd = things["opd"]
    version, rows = stored(opd)

    response = api_as("bantul").patch(f"/api/v1/opds/{opd.pk}/", {"version": opd.version, "acronym": "Kominfo"},
                                      format="json")

    assert response.status_code == 200
    assert stored(opd) == (version + 1, rows + 1)


# --- pages -------------------------------------------------------------------------------------------------


def page_data(response):
    """The form of a page as the browser would post it back, untouched."""
    form = response.context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    return data


PAGES = {
    "enrolment": lambda obj: reverse("regions:enrolment_edit", args=[obj.region_id]),
    "masterplan": lambda obj: reverse("programmes:masterplan_edit", args=[obj.pk]),
    "programme": lambda obj: reverse("programmes:programme_edit", args=[obj.pk]),
}


@pytest.mark.parametrize("resource", list(PAGES))
def test_an_edit_page_saved_unchanged_writes_nothing(client_as, things, resource):
    obj = things[resource]
    client = client_as("bantul")
    url = PAGES[resource](obj)
    before = stored(obj)

    response = client.post(url, page_data(client.get(url)))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert stored(obj) == before


def test_a_narrative_saved_unchanged_writes_nothing(client_as, things):
    evaluation = things["evaluation-in-review"]
    before = stored(evaluation)

    response = client_as("penilai").post(reverse("evaluations:moderation", args=[evaluation.pk]), {
        "action": "narrative", "narrative-strengths": "", "narrative-weaknesses": "",
        "narrative-recommendations": "", "narrative-version": evaluation.version})

    assert response.status_code == 302
    assert stored(evaluation) == before


# --- admin ---------------------------------------------------------------------------------------------------


def admin_data(response):
    """The admin change form with its inlines, as the browser would post it back untouched."""
    data = {"_save": "Save"}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for bound in management:
            data[bound.html_name] = bound.value()
        forms += list(formset.forms)
    for form in forms:
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else str(value)
    return data


ADMIN = {
    "enrolment": "regions_enrolment",
    "masterplan": "programmes_masterplan",
    "opd": "programmes_opd",
    "programme": "programmes_programme",
    "indicator": "programmes_indicator",
    "instrument": "evaluations_instrument",
    "instrument-in-use": "evaluations_instrument",
    "cycle": "evaluations_cycle",
    "evaluation-not-started": "evaluations_evaluation",
    "evaluation-in-review": "evaluations_evaluation",
}


@pytest.mark.parametrize("resource", list(ADMIN))
def test_an_admin_form_saved_unchanged_writes_nothing(client_as, things, resource):
    obj = things[resource]
    client = client_as("admin")
    url = reverse(f"admin:{ADMIN[resource]}_change", args=[obj.pk])
    before = stored(obj)

    response = client.post(url, admin_data(client.get(url)))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert stored(obj) == before


def test_a_final_evaluation_cannot_be_saved_in_the_admin(client_as, things):
    evaluation = things["evaluation-final"]
    client = client_as("admin")
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    before = stored(evaluation)

    response = client.post(url, {"version": evaluation.version, "_save": "Save"})

    assert response.status_code == 403
    assert stored(evaluation) == before


# --- permission before validation ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["sleman", "bantul", "diy", "kementerian", "penilai"])
def test_who_may_not_add_an_evaluation_learns_nothing_from_the_answer(api_as, things, persona):
    cycle = things["evaluation-not-started"].cycle
    client = api_as(persona)
    before = stored(things["evaluation-not-started"])

    taking_part = client.post("/api/v1/evaluations/", {"cycle": cycle.pk, "region": "34.02"}, format="json")
    not_taking_part = client.post("/api/v1/evaluations/", {"cycle": cycle.pk, "region": "34.04"}, format="json")
    nonsense = client.post("/api/v1/evaluations/", {"cycle": "x", "region": 7, "assessors": "nobody"}, format="json")

    assert taking_part.status_code == not_taking_part.status_code == nonsense.status_code == 403
    assert taking_part.json() == not_taking_part.json() == nonsense.json()
    assert stored(things["evaluation-not-started"]) == before


@pytest.mark.parametrize("persona", ["kementerian", "diy", "bantul", "penilai", "penilai2"])
def test_who_may_not_assign_assessors_learns_no_usernames_from_the_answer(api_as, things, persona):
    evaluation = things["evaluation-in-review"]
    client = api_as(persona)
    path = f"/api/v1/evaluations/{evaluation.pk}/"

    existing = client.patch(path, {"assessors": ["penilai", "sleman"], "lead": "penilai",
                                   "version": evaluation.version}, format="json")
    unknown = client.patch(path, {"assessors": ["penilai", "tidak-ada"], "lead": "penilai",
                                  "version": evaluation.version}, format="json")

    assert existing.status_code == unknown.status_code == 403
    assert existing.json() == unknown.json()


@pytest.mark.parametrize(("persona", "path", "body"), [
    ("kementerian", "/api/v1/masterplans/", {"region": "34.02", "title": "", "period_start": "x"}),
    ("diy", "/api/v1/opds/", {"region": "34.02", "name": "", "acronym": ""}),
    ("diy", "/api/v1/programmes/", {"masterplan": "{masterplan}", "code": "", "start_year": "x"}),
    ("kementerian", "/api/v1/indicators/", {"programme": "{programme}", "name": ""}),
    ("diy", "/api/v1/indicator-values/", {"indicator": "{indicator}", "year": "x"}),
])
def test_a_record_in_a_region_the_user_sees_but_may_not_change_is_refused_before_its_body_is_read(
        api_as, things, unchanged, persona, path, body):
    ids = {"masterplan": things["masterplan"].pk, "programme": things["programme"].pk,
           "indicator": things["indicator"].pk}
    body = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}

    client = api_as(persona)
    with unchanged():
        response = client.post(path, body, format="json")

    assert response.status_code == 403, response.content
    assert set(response.json()) == {"detail"}


# --- the domain's refusals become answers in one place ------------------------------------------------------


def test_a_stale_version_is_409_in_the_body_and_412_in_if_match_wherever_it_is_raised(api_as, things):
    evaluation = things["evaluation-in-review"]
    client = api_as("penilai")
    path = f"/api/v1/evaluations/{evaluation.pk}/"

    in_body = client.patch(path, {"strengths": "Baru.", "version": evaluation.version + 5}, format="json")
    in_header = client.patch(path, {"strengths": "Baru."}, format="json", HTTP_IF_MATCH=f'"{evaluation.version + 5}"')

    assert (in_body.status_code, in_header.status_code) == (409, 412)
    assert in_body.json()["detail"].startswith("The record was changed by someone else")


def test_a_state_conflict_answers_409_with_its_details(api_as, things):
    evaluation = things["evaluation-not-started"]

    response = api_as("bantul").post(f"/api/v1/evaluations/{evaluation.pk}/submit/")

    assert response.status_code == 409
    assert response.json()["missing_answers"] == ["K01", "K02", "K03"]
    assert response.json()["detail"].startswith("Give a level for every criterion")


def test_a_refusal_keeps_its_own_message(api_as, things):
    response = api_as("bantul").post("/api/v1/evaluations/", {}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only the national secretariat adds regions to a cycle."}


def test_a_services_validation_error_answers_400_with_its_fields(api_as, things):
    evaluation = things["evaluation-final"]

    response = api_as("admin").post(f"/api/v1/evaluations/{evaluation.pk}/reopen/", {"reason": " "}, format="json")

    assert response.status_code == 400
    assert response.json() == {"reason": ["Say why the evaluation is reopened."]}



@pytest.mark.parametrize("persona", ["kementerian", "diy", "bantul", "penilai"])
def test_who_may_not_reopen_is_refused_before_the_reason_is_read(api_as, things, persona):
    evaluation = things["evaluation-final"]

    response = api_as(persona).post(f"/api/v1/evaluations/{evaluation.pk}/reopen/", {"reason": ["x"]},
                                    format="json")

    assert response.status_code == 403
