"""Counts mean surveyed: respondents typed for a programme are never dropped in silence (issue 20).

On the page, counts typed for a programme whose "Surveyed" box is not ticked are counted as surveyed;
taking the tick off a surveyed programme while changing its counts is refused at that programme, because
it is not clear which the surveyor meant. Through the API a listed programme is a surveyed one, so one
listed without a single respondent is refused likewise."""
import pytest

from evaluations.models import CitizenSurvey, Cycle

from .builders import url
from .test_pages import page, survey_data


@pytest.fixture(autouse=True)
def older_rule(bantul):
    """Three programmes of any dimension: the older rule's shape (the 2023 rules are pinned in
    test_survey_rule.py); what is pinned here holds under either rule."""
    Cycle.objects.filter(pk=bantul.cycle_id).update(survey_rule="overall")


@pytest.fixture
def programmes(world):
    from tests.programmes.conftest import build_plans

    plans = build_plans(world)
    return [plans.programmes[code] for code in ("BTL-QW-01", "BTL-GOV-02", "BTL-ECO-03")]


def counts_of(evaluation):
    survey = CitizenSurvey.objects.filter(evaluation=evaluation).first()
    return {row.programme.code: row.respondents for row in survey.rows.all()} if survey else {}


def test_counts_typed_without_ticking_surveyed_are_counted(bantul, programmes, client_as):
    data = survey_data(programmes, [(10, 5, 2, 1), None, None])
    data[f"p{programmes[1].pk}-puas"] = "4"  # typed, box left unticked

    response = client_as("bantul").post(page("survey", bantul), data)

    assert response.status_code == 302
    assert counts_of(bantul) == {"BTL-QW-01": 18, "BTL-GOV-02": 4}


def test_zeros_alone_do_not_make_a_programme_surveyed(bantul, programmes, client_as):
    data = survey_data(programmes, [(10, 5, 2, 1), None, None])
    data |= {f"p{programmes[2].pk}-{answer}": "0" for answer in ("sangat_puas", "puas", "cukup_puas", "tidak_puas")}

    assert client_as("bantul").post(page("survey", bantul), data).status_code == 302
    assert counts_of(bantul) == {"BTL-QW-01": 18}


def test_unticking_a_surveyed_programme_leaves_it_out(bantul, programmes, client_as):
    client = client_as("bantul")
    client.post(page("survey", bantul), survey_data(programmes, [(10, 5, 2, 1), (3, 3, 0, 0), None]))
    survey = CitizenSurvey.objects.get(evaluation=bantul)
    data = survey_data(programmes, [(10, 5, 2, 1), (3, 3, 0, 0), None], version=survey.version)
    del data[f"p{programmes[1].pk}-surveyed"]  # the tick taken off, the old counts still in their boxes

    assert client.post(page("survey", bantul), data).status_code == 302
    assert counts_of(bantul) == {"BTL-QW-01": 18}


def test_unticking_a_surveyed_programme_while_changing_its_counts_is_refused_there(bantul, programmes, client_as,
                                                                                  nothing_written):
    client = client_as("bantul")
    client.post(page("survey", bantul), survey_data(programmes, [(10, 5, 2, 1), (3, 3, 0, 0), None]))
    survey = CitizenSurvey.objects.get(evaluation=bantul)
    data = survey_data(programmes, [(10, 5, 2, 1), (3, 9, 0, 0), None], version=survey.version)
    del data[f"p{programmes[1].pk}-surveyed"]

    with nothing_written():
        response = client.post(page("survey", bantul), data)

    assert response.status_code == 400
    row = next(r for r in response.context["form"].rows if r.programme == programmes[1])
    assert row.non_field_errors() == [
        "You took the tick off this programme but changed its counts. Tick it to keep the counts, "
        "or clear them to leave the programme out of the survey."]


def test_a_ticked_programme_without_counts_is_refused_there(bantul, programmes, client_as, nothing_written):
    data = survey_data(programmes, [(10, 5, 2, 1), None, None])
    data[f"p{programmes[2].pk}-surveyed"] = "on"

    with nothing_written():
        response = client_as("bantul").post(page("survey", bantul), data)

    assert response.status_code == 400
    assert "Give the count of respondents for each answer of a surveyed programme." in response.content.decode()


def test_the_api_refuses_a_listed_programme_without_respondents(api_as, bantul, programmes, tokens,
                                                                nothing_written):
    rows = [{"programme": programmes[0].pk, "puas": 4}, {"programme": programmes[1].pk}]

    with nothing_written():
        response = api_as("bantul").put(url(bantul, "survey"), {"programmes": rows}, format="json")

    assert response.status_code == 400
    assert response.json()["programmes"] == [
        "A programme listed in the survey needs at least one respondent (BTL-GOV-02): give its counts or leave "
        "it out."]


def test_the_api_records_listed_programmes_with_their_counts(api_as, bantul, programmes, tokens):
    rows = [{"programme": programmes[0].pk, "puas": 4}, {"programme": programmes[1].pk, "tidak_puas": 1}]

    assert api_as("bantul").put(url(bantul, "survey"), {"programmes": rows}, format="json").status_code == 200
    assert counts_of(bantul) == {"BTL-QW-01": 4, "BTL-GOV-02": 1}
