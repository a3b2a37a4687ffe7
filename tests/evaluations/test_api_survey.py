"""The citizen survey through the API: the region's own programmes, non-negative counts, and whether it
reaches the 50 respondents over six programmes the older rule asked for (the cycle's rule here; the 2023
rules are pinned in test_survey_rule.py)."""
import pytest

from evaluations.models import Cycle
from programmes.models import Masterplan, Programme

from .builders import url

pytestmark = pytest.mark.usefixtures("tokens")


@pytest.fixture(autouse=True)
def older_rule(bantul):
    Cycle.objects.filter(pk=bantul.cycle_id).update(survey_rule="overall")


# --- survey --------------------------------------------------------------------------------------------------


def bantul_programmes(n):
    masterplan = Masterplan.objects.create(region_id="34.02", title="Masterplan Bantul", period_start=2019,
                                           period_end=2028)
    return [Programme.objects.create(masterplan=masterplan, code=f"P{i}", name=f"Program {i}", dimension="living",
                                     term="short", start_year=2020, end_year=2022) for i in range(n)]


def test_region_staff_record_the_survey_and_see_whether_it_is_large_enough(api_as, bantul):
    programmes = bantul_programmes(6)
    client = api_as("bantul")
    rows = [{"programme": p.pk, "sangat_puas": 4, "puas": 3, "cukup_puas": 1, "tidak_puas": 0} for p in programmes[:5]]

    first = client.put(url(bantul, "survey"), {"programmes": rows, "notes": "Survei daring."}, format="json")

    assert first.status_code == 200, first.json()
    body = first.json()
    assert (body["respondents"], body["programme_count"]) == (40, 5)
    assert (body["too_few_respondents"], body["too_few_programmes"]) == (True, True)
    assert body["answers"] == {"sangat_puas": 20, "puas": 15, "cukup_puas": 5, "tidak_puas": 0}
    rows = rows[1:] + [{"programme": p.pk, "sangat_puas": 10, "tidak_puas": 2} for p in programmes[5:]] + \
        [{"programme": programmes[0].pk, "puas": 20}]
    second = client.put(url(bantul, "survey"), {"programmes": rows, "version": body["version"]}, format="json")
    assert second.status_code == 200
    body = second.json()
    assert (body["respondents"], body["programme_count"], body["version"]) == (64, 6, 2)
    assert (body["too_few_respondents"], body["too_few_programmes"]) == (False, False)
    assert body["notes"] == "Survei daring."
    assert api_as("penilai").get(url(bantul, "survey")).json()["respondents"] == 64


@pytest.mark.parametrize("row", [
    {"sangat_puas": -1}, {"puas": -5}, {"tidak_puas": "banyak"},
])
def test_negative_or_non_numeric_survey_counts_answer_400(api_as, bantul, nothing_written, row):
    programme = bantul_programmes(1)[0]

    with nothing_written():
        response = api_as("bantul").put(url(bantul, "survey"), {"programmes": [{"programme": programme.pk, **row}]},
                                        format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("row", [
    {"sangat_puas": 2**63}, {"puas": 2**63 - 1}, {"cukup_puas": 1_000_001}, {"tidak_puas": 10**40},
])
def test_survey_counts_past_a_million_respondents_per_answer_answer_400(api_as, bantul, nothing_written, row):
    programme = bantul_programmes(1)[0]

    with nothing_written():
        response = api_as("bantul").put(url(bantul, "survey"), {"programmes": [{"programme": programme.pk, **row}]},
                                        format="json")

    assert response.status_code == 400, response.content
    assert "programmes" in response.json()


def test_a_million_respondents_per_answer_is_still_recorded(api_as, bantul):
    programme = bantul_programmes(1)[0]

    response = api_as("bantul").put(url(bantul, "survey"), {"programmes": [
        {"programme": programme.pk, "puas": 1_000_000}]}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["respondents"] == 1_000_000


def test_a_survey_of_another_regions_programme_answers_400(api_as, bantul, nothing_written):
    masterplan = Masterplan.objects.create(region_id="34.04", title="Sleman", period_start=2019, period_end=2028)
    theirs = Programme.objects.create(masterplan=masterplan, code="S1", name="Sleman", dimension="living",
                                      term="short", start_year=2020, end_year=2022)

    with nothing_written():
        response = api_as("bantul").put(url(bantul, "survey"), {"programmes": [{"programme": theirs.pk, "puas": 3}]},
                                        format="json")

    assert response.status_code == 400
    assert "programmes" in response.json()
