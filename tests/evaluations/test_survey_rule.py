"""The impact survey is a rule of its cycle: the 2023 rules (three programmes per dimension, one per
sub-dimension — 18 in all — at least 50 respondents per dimension, the owning OPD named) for new cycles, the
older rule (50 respondents over six programmes) for the cycles before 2023, as the demo's 2021 keeps it."""
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from evaluations.models import CitizenSurvey, Cycle, SurveyRule
from programmes.models import Masterplan, Opd, Programme
from smartcity.dimensions import SUB_DIMENSIONS, Dimension

from .builders import make_cycle, url

pytestmark = pytest.mark.usefixtures("tokens")


@pytest.fixture
def catalogue(world):
    """Bantul's programmes: one per sub-dimension of every dimension (18), each owned by an OPD, and three more
    that break the 2023 rules: no sub-dimension, a second one of a sub-dimension, no OPD."""
    plan = Masterplan.objects.create(region_id="34.02", title="Masterplan Bantul", period_start=2019, period_end=2028)
    opd = Opd.objects.create(region_id="34.02", name="Dinas Komunikasi dan Informatika", acronym="Diskominfo")
    made = {}
    for dimension in Dimension.values:
        for sub in SUB_DIMENSIONS[dimension]:
            made[sub] = Programme.objects.create(masterplan=plan, code=f"P-{sub}", name=f"Program {sub}",
                                                 dimension=dimension, sub_dimension=sub, opd=opd, term="short",
                                                 start_year=2020, end_year=2024)
    extra = {"no_sub": {"sub_dimension": ""}, "twin": {"sub_dimension": "public_services"},
             "no_opd": {"sub_dimension": "tourism", "opd": None}}
    for code, fields in extra.items():
        values = {"dimension": "governance" if code != "no_opd" else "branding", "opd": opd} | fields
        made[code] = Programme.objects.create(masterplan=plan, code=code.upper(), name=code, term="short",
                                              start_year=2020, end_year=2024, **values)
    return made


def rows(programmes, each=17):
    return [{"programme": p.pk, "sangat_puas": each - 4, "puas": 2, "cukup_puas": 1, "tidak_puas": 1}
            for p in programmes]


def put(client, evaluation, body):
    return client.put(url(evaluation, "survey"), body, format="json")


def the_eighteen(catalogue):
    return [catalogue[sub] for dimension in Dimension.values for sub in SUB_DIMENSIONS[dimension]]


# --- the rule on the cycle ---------------------------------------------------------------------------------

def test_a_new_cycle_takes_the_2023_rules_and_the_migration_gives_older_cycles_the_older_rule(instrument):
    assert Cycle._meta.get_field("survey_rule").default == SurveyRule.PER_DIMENSION
    older, newer = make_cycle(instrument, "closed", year=2022), make_cycle(instrument, "closed", year=2023)
    assert older.survey_rule == newer.survey_rule == SurveyRule.PER_DIMENSION
    migration = importlib.import_module("evaluations.migrations.0007_survey_rule_per_cycle")
    migration.older_cycles_keep_the_older_rule(apps, None)
    assert dict(Cycle.objects.values_list("year", "survey_rule")) == {2022: "overall", 2023: "per_dimension"}


def test_the_rule_is_fixed_once_the_cycle_is_open(api_as, bantul):
    response = api_as("admin").patch(f"/api/v1/cycles/{bantul.cycle_id}/", {
        "survey_rule": "overall", "version": bantul.cycle.version}, format="json")
    assert response.status_code in (400, 409) or response.json()["survey_rule"] == "per_dimension"
    assert Cycle.objects.get(pk=bantul.cycle_id).survey_rule == "per_dimension"


# --- the 2023 rules ---------------------------------------------------------------------------------------------

def test_under_the_2023_rules_eighteen_programmes_with_fifty_respondents_per_dimension_are_enough(
        api_as, bantul, catalogue):
    response = put(api_as("bantul"), bantul, {"programmes": rows(the_eighteen(catalogue))})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["rule"], body["programme_count"], body["respondents"]) == ("per_dimension", 18, 18 * 17)
    assert body["shortfalls"] == [] and not body["too_few_respondents"] and not body["too_few_programmes"]


def test_under_the_2023_rules_a_survey_still_too_small_is_saved_and_told_what_each_dimension_lacks(
        api_as, bantul, catalogue):
    chosen = [catalogue["public_services"], catalogue["public_policy"], catalogue["tourism"]]
    response = put(api_as("bantul"), bantul, {"programmes": rows(chosen, each=30)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["too_few_respondents"] and body["too_few_programmes"]
    assert body["shortfalls"][:2] == ["Smart Governance: 2 of 3 programmes, 60 of 50 respondents.",
                                      "Smart Branding: 1 of 3 programmes, 30 of 50 respondents."]
    assert len(body["shortfalls"]) == 6


@pytest.mark.parametrize(("breaker", "message"), [
    ("no_sub", "NO_SUB names no sub-dimension"),
    ("twin", "share a sub-dimension"),
    ("no_opd", "NO_OPD names no owning OPD"),
])
def test_under_the_2023_rules_a_survey_of_the_wrong_shape_is_a_400_naming_the_programme(
        api_as, bantul, catalogue, nothing_written, breaker, message):
    chosen = the_eighteen(catalogue)[:5] + [catalogue[breaker]]
    with nothing_written():
        response = put(api_as("bantul"), bantul, {"programmes": rows(chosen)})
    assert response.status_code == 400
    assert any(message in error for error in response.json()["programmes"]), response.json()


def test_the_survey_page_states_the_cycles_rule_and_shows_a_wrong_shape_as_a_form_error(
        client_as, bantul, catalogue):
    client = client_as("bantul")
    text = client.get(reverse("evaluations:survey", args=[bantul.pk])).content.decode()
    assert "three programmes per dimension, one per sub-dimension (18)" in text
    data = {"survey-notes": ""}
    for programme in (catalogue["public_services"], catalogue["twin"]):
        data[f"p{programme.pk}-surveyed"] = "on"
        data[f"p{programme.pk}-puas"] = "20"
    response = client.post(reverse("evaluations:survey", args=[bantul.pk]), data)
    assert response.status_code == 400
    assert "share a sub-dimension" in response.content.decode()
    assert not CitizenSurvey.objects.filter(evaluation=bantul).exists()


# --- the older rule -------------------------------------------------------------------------------------------

def test_under_the_older_rule_any_six_programmes_with_fifty_respondents_are_enough(api_as, bantul, catalogue):
    Cycle.objects.filter(pk=bantul.cycle_id).update(survey_rule=SurveyRule.OVERALL)
    chosen = [catalogue[code] for code in ("no_sub", "twin", "no_opd", "public_services", "tourism", "health")]
    client = api_as("bantul")
    small = put(client, bantul, {"programmes": rows(chosen[:5], each=9)})
    assert small.status_code == 200, small.content
    assert small.json()["shortfalls"] == ["Only 45 respondents: the rule asks for at least 50.",
                                          "Only 5 programmes surveyed: the rule asks for at least 6."]
    enough = put(client, bantul, {"programmes": rows(chosen, each=9), "version": small.json()["version"]})
    assert enough.status_code == 200
    assert (enough.json()["rule"], enough.json()["shortfalls"]) == ("overall", [])
