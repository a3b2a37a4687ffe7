"""Evaluation lists and filters, instruments, criteria and cycles through the API — and malformed input
anywhere answers 4xx, never 500."""
import pytest

from evaluations.models import Cycle, Evaluation

from .builders import CYCLES, EVALUATIONS, make_cycle, make_evaluation, make_instrument, url

E = Evaluation.Status
pytestmark = pytest.mark.usefixtures("tokens")


# --- lists, filters and reference data ----------------------------------------------------------------------------


def test_the_evaluation_list_filters_by_cycle_year_region_province_and_status(api_as, users, instrument):
    now = make_cycle(instrument)
    before = make_cycle(make_instrument(3, "lama"), "closed", year=2025)
    for cycle in (now, before):
        for code in ("34.02", "34.04", "35.22"):
            make_evaluation(cycle, code, E.FINAL if cycle is before else E.NOT_STARTED)
    client = api_as("kementerian")

    def regions(**query):
        body = client.get(EVALUATIONS, query).json()
        return sorted((e["year"], e["region"]) for e in body["results"])

    assert regions(year=2025, province="34") == [(2025, "34.02"), (2025, "34.04")]
    assert regions(cycle=now.pk, region="35.22") == [(2026, "35.22")]
    assert regions(status="final", region="34.04") == [(2025, "34.04")]
    assert client.get(EVALUATIONS, {"status": "done"}).status_code == 400


def test_everyone_signed_in_reads_instruments_and_cycles_but_only_the_admin_writes(api_as, instrument,
                                                                                    nothing_written):
    cycle = make_cycle(instrument, "draft")
    bantul = api_as("bantul")

    assert bantul.get(f"/api/v1/instruments/{instrument.pk}/").json()["criteria"][0]["code"] == "K01"
    assert bantul.get(f"{CYCLES}{cycle.pk}/").json()["aspect_weights"]["outcome"] == "30.00"
    with nothing_written():
        assert bantul.post("/api/v1/instruments/", {"code": "x", "name": "x"}, format="json").status_code == 403
        assert bantul.post(f"{CYCLES}{cycle.pk}/open/").status_code == 403
        assert bantul.patch(f"{CYCLES}{cycle.pk}/", {"year": 2030, "version": 1}, format="json").status_code == 403


def test_the_admin_creates_a_cycle_with_the_default_aspect_weights(api_as, instrument):
    response = api_as("admin").post(CYCLES, {
        "year": 2027, "instrument": instrument.pk, "self_assessment_start": "2027-03-01",
        "self_assessment_end": "2027-06-30", "assessment_start": "2027-07-15", "assessment_end": "2027-09-30",
    }, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["name"]) == ("draft", "Evaluasi Smart City 2027")
    assert body["aspect_weights"] == {"baseline": "10.00", "output": "20.00", "outcome": "30.00", "impact": "30.00",
                                      "quick_win": "10.00"}


@pytest.mark.parametrize(("body", "field"), [
    ({"weight_baseline": "50"}, "weight_baseline"),
    ({"assessment_start": "2027-06-01"}, "assessment_start"),
    ({"self_assessment_end": "2027-01-01"}, "self_assessment_end"),
])
def test_an_invalid_cycle_answers_400(api_as, instrument, nothing_written, body, field):
    data = {"year": 2027, "instrument": instrument.pk, "self_assessment_start": "2027-03-01",
            "self_assessment_end": "2027-06-30", "assessment_start": "2027-07-15", "assessment_end": "2027-09-30"}

    with nothing_written():
        response = api_as("admin").post(CYCLES, data | body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_the_admin_opens_a_cycle_through_the_api_and_its_criteria_freeze(api_as, users, instrument):
    cycle = make_cycle(instrument, "draft")
    make_evaluation(cycle, "34.02", assessors=[users["penilai"]], lead=users["penilai"])
    admin = api_as("admin")
    criterion = instrument.criteria.first()

    assert admin.post(f"{CYCLES}{cycle.pk}/open/").json()["status"] == "self_assessment"
    assert admin.post(f"{CYCLES}{cycle.pk}/open/").status_code == 409
    response = admin.patch(f"/api/v1/criteria/{criterion.pk}/", {"weight": "5", "version": 1}, format="json")
    assert response.status_code == 409
    response = admin.post(f"/api/v1/instruments/{instrument.pk}/copy/", {"code": "uji-2", "name": "Uji 2"},
                          format="json")
    assert response.status_code == 201
    assert (len(response.json()["criteria"]), response.json()["in_use"]) == (3, False)
    copied = response.json()["criteria"][0]
    response = admin.patch(f"/api/v1/criteria/{copied['id']}/", {"weight": "5", "version": 1}, format="json")
    assert response.status_code == 200
    assert Cycle.objects.get(pk=cycle.pk).status == "self_assessment"


def test_the_survey_and_answers_are_refused_for_a_final_evaluation(api_as, users, instrument, nothing_written):
    evaluation = make_evaluation(make_cycle(instrument), "34.02", E.FINAL)

    with nothing_written():
        response = api_as("bantul").put(url(evaluation, "survey"), {"programmes": []}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == "This evaluation is final and read-only."


# --- never a 500 -------------------------------------------------------------------------------------------------

GARBAGE = [None, "", "x", 7, [], [None], [1, 2], {"criterion": "x"}, [{"criterion": 2**70, "level": 3}],
           [{"criterion": -1, "level": 3}], {"programmes": "x"}, {"programmes": [{"programme": 2**70}]},
           {"programmes": [{"programme": None}]}, {"reason": ["x"]}, {"version": 2**70, "lead": 5},
           {"assessors": "penilai"}, {"assessors": [None]}, {"predikat_thresholds": "NaN"},
           {"predikat_thresholds": [{"min": "NaN", "label": "x"}, {"min": "0", "label": "y"}]},
           {"instrument": 2**70, "code": "x"}, {"year": 10**9}, {"weight_baseline": "1e9"}]


@pytest.mark.parametrize("body", GARBAGE, ids=range(len(GARBAGE)))
def test_malformed_input_anywhere_answers_4xx_never_500(api_as, users, instrument, bantul, nothing_written, body):
    cycle = bantul.cycle
    targets = [
        ("bantul", "put", url(bantul, "self-assessment")), ("bantul", "put", url(bantul, "survey")),
        ("penilai", "put", url(bantul, "scores")), ("penilai", "post", url(bantul, "agreements")),
        ("admin", "post", url(bantul, "reopen")), ("admin", "patch", url(bantul)), ("admin", "post", EVALUATIONS),
        ("admin", "post", "/api/v1/instruments/"), ("admin", "patch", f"/api/v1/instruments/{instrument.pk}/"),
        ("admin", "post", "/api/v1/criteria/"), ("admin", "post", CYCLES), ("admin", "patch", f"{CYCLES}{cycle.pk}/"),
    ]
    with nothing_written():
        for persona, method, path in targets:
            response = getattr(api_as(persona), method)(path, body, format="json")
            assert 400 <= response.status_code < 500, (persona, method, path, response.status_code)


@pytest.mark.parametrize("query", [{"cycle": "9" * 30}, {"year": "9" * 30}, {"year": "abc"}, {"ordering": "rank"},
                                   {"ordering": "-index"}, {"ordering": "password"}, {"region": "x" * 300}])
def test_odd_filters_never_answer_500(api_as, bantul, query):
    response = api_as("kementerian").get(EVALUATIONS, query)

    assert response.status_code in (200, 400)
