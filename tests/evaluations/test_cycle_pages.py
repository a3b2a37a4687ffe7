"""The national secretariat runs cycles on portal pages: opens a cycle, adds and removes participants,
assigns assessors (conflict of interest refused, also when a role is granted), follows each evaluation's
stage and progress, moves the stages through their guards."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Cycle, Evaluation
from regions.models import RoleAssignment
from tests import clock

from .builders import answer_all, make_cycle, make_evaluation, score


def cycle_data(instrument, **extra):
    t = clock.today()
    data = {"year": "2027", "name": "", "instrument": str(instrument.pk), "weight_baseline": "10",
            "weight_output": "20", "weight_outcome": "30", "weight_impact": "30", "weight_quick_win": "10",
            "self_assessment_start": (t - dt.timedelta(days=1)).isoformat(),
            "self_assessment_end": (t + dt.timedelta(days=20)).isoformat(),
            "assessment_start": (t + dt.timedelta(days=21)).isoformat(),
            "assessment_end": (t + dt.timedelta(days=50)).isoformat()}
    return data | extra


def test_the_secretariat_opens_a_new_cycle_on_a_portal_page(instrument, client_as, users):
    response = client_as("admin").post(reverse("evaluations:cycle_create"), cycle_data(instrument))
    cycle = Cycle.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:cycle_detail",
                                                                           args=[cycle.pk])
    assert cycle.status == "draft" and cycle.name == "Evaluasi Smart City 2027"
    assert cycle.history.first().history_user == users["admin"]


def test_a_cycle_with_bad_weights_or_windows_is_a_form_error_and_writes_nothing(instrument, client_as):
    url = reverse("evaluations:cycle_create")
    response = client_as("admin").post(url, cycle_data(instrument, weight_impact="40"))
    assert response.status_code == 400
    assert "The aspect weights add up to 100 (now 110)." in response.content.decode()
    t = clock.today()
    response = client_as("admin").post(url, cycle_data(instrument, assessment_start=t.isoformat()))
    assert response.status_code == 400
    assert "The assessment opens after the self-assessment closes." in response.content.decode()
    assert not Cycle.objects.exists()


def test_only_the_secretariat_opens_cycles(instrument, client_as):
    for persona in ("kementerian", "diy", "bantul", "penilai"):
        assert client_as(persona).get(reverse("evaluations:cycle_create")).status_code == 403
        assert client_as(persona).post(reverse("evaluations:cycle_create"), cycle_data(instrument)).status_code == 403
    assert not Cycle.objects.exists()


def test_the_secretariat_moves_a_cycle_through_its_stages_with_their_guards(instrument, client_as):
    cycle = make_cycle(instrument, "draft")
    url = reverse("evaluations:cycle_stage", args=[cycle.pk])
    response = client_as("admin").post(url, {"move": "open"}, follow=True)
    assert "Add the participating regions before opening the cycle." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == "draft"
    make_evaluation(cycle, "34.02")
    client_as("admin").post(url, {"move": "open"})
    cycle.refresh_from_db()
    assert cycle.status == "self_assessment"
    response = client_as("admin").post(url, {"move": "assessment"}, follow=True)
    assert "The assessment window opens on" in response.content.decode()
    assert client_as("kementerian").post(url, {"move": "assessment"}).status_code == 403
    assert client_as("admin").post(url, {"move": "nonsense"}).status_code == 400


def test_the_cycle_page_shows_each_evaluations_stage_progress_and_assessors(bantul, client_as, users):
    answer_all(bantul)
    Evaluation.objects.filter(pk=bantul.pk).update(status="submitted")
    score(bantul, users["penilai"], [3, 3, None])
    html = client_as("admin").get(reverse("evaluations:cycle_detail", args=[bantul.cycle.pk])).content.decode()
    assert 'id="cycle-evaluations"' in html
    assert "3/3" in html and "2/3" in html  # answers given, penilai's scores
    assert "penilai2" in html or "Sri Handayani" in html
    # Others do not get the secretariat's table.
    html = client_as("kementerian").get(reverse("evaluations:cycle_detail", args=[bantul.cycle.pk])).content.decode()
    assert 'id="cycle-evaluations"' not in html


def test_a_cycle_without_a_final_evaluation_says_so_in_a_sentence_not_an_empty_ranking_table(bantul, client_as):
    html = client_as("kementerian").get(reverse("evaluations:cycle_detail", args=[bantul.cycle.pk])).content.decode()
    assert '<p class="text-secondary mb-0 p-3" id="ranking-table">No evaluation of this cycle is final yet.' in html
    assert '<table class="table table-hover table-sm mb-0 align-middle" id="ranking-table">' not in html
    # The index-band chart says the same, with no empty table behind it.
    chart = html[html.index('<figure class="chart-figure"'):]
    chart = chart[:chart.index("</figure>")]
    assert '<p class="chart-empty">No evaluation of this cycle is final yet.</p>' in chart and "<table" not in chart


def test_the_cycle_page_runs_a_constant_number_of_queries(instrument, client_as, users):
    cycle = make_cycle(instrument, "self_assessment")
    url = reverse("evaluations:cycle_detail", args=[cycle.pk])
    client = client_as("admin")
    counts = []
    for codes in (["34.02"], ["34.01", "34.03", "34.04", "34.71"]):
        for code in codes:
            make_evaluation(cycle, code, assessors=[users["penilai"]], lead=users["penilai"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_secretariat_removes_a_participant_that_has_not_started(instrument, client_as):
    cycle = make_cycle(instrument, "self_assessment")
    idle, started = make_evaluation(cycle, "34.02"), make_evaluation(cycle, "34.04", status="self_assessment")
    url = reverse("evaluations:cycle_participants", args=[cycle.pk])
    html = client_as("admin").get(url).content.decode()
    assert "Kabupaten Bantul" in html and "Kabupaten Sleman" in html
    response = client_as("admin").post(url, {"remove": str(started.pk)}, follow=True)
    assert "has already begun its self-assessment" in response.content.decode()
    assert client_as("kementerian").post(url, {"remove": str(idle.pk)}).status_code == 403
    client_as("admin").post(url, {"remove": str(idle.pk)})
    assert list(cycle.evaluations.values_list("region_id", flat=True)) == ["34.04"]


def test_the_secretariat_assigns_assessors_on_a_page_and_the_conflict_rule_holds(instrument, client_as, users):
    cycle = make_cycle(instrument, "self_assessment")
    evaluation = make_evaluation(cycle, "34.02")
    url = reverse("evaluations:evaluation_assessors", args=[evaluation.pk])
    assert client_as("admin").get(url).status_code == 200
    data = {"assessors": [users["penilai"].pk, users["penilai2"].pk], "lead": users["penilai2"].pk,
            "version": evaluation.version}
    assert client_as("penilai").post(url, data).status_code == 403
    response = client_as("admin").post(url, data)
    assert response.status_code == 302
    assert {(a.assessor.username, a.is_lead) for a in evaluation.assignments.select_related("assessor")} == {
        ("penilai", False), ("penilai2", True)}
    # bantul's own staff may not assess it, even once given the assessor role.
    RoleAssignment.objects.create(user=users["bantul"], role="assessor")
    evaluation.refresh_from_db()
    response = client_as("admin").post(url, {"assessors": [users["bantul"].pk], "lead": users["bantul"].pk,
                                             "version": evaluation.version})
    assert response.status_code == 400
    assert "Conflict of interest" in response.content.decode()


def test_granting_a_regional_role_to_an_assigned_assessor_is_a_conflict_of_interest(bantul, users):
    grant = RoleAssignment(user=users["penilai"], role="region_staff", region_id="34.02")
    with pytest.raises(ValidationError, match="Conflict of interest"):
        grant.full_clean()
    grant = RoleAssignment(user=users["penilai"], role="province_officer", region_id="34")
    with pytest.raises(ValidationError, match="Conflict of interest"):
        grant.full_clean()
    RoleAssignment(user=users["penilai"], role="region_staff", region_id="33.18").full_clean()  # elsewhere: fine


def test_the_admin_refuses_to_grant_an_assigned_assessor_the_staff_role_of_the_region(bantul, client_as, users):
    response = client_as("admin").post("/admin/regions/roleassignment/add/", {
        "user": users["penilai"].pk, "role": "region_staff", "region": "34.02"})
    assert response.status_code == 200
    assert "Conflict of interest" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=users["penilai"], role="region_staff").exists()


def test_changing_a_draft_cycle_to_a_year_taken_is_a_form_error_and_an_open_cycle_keeps_its_weights(
        instrument, client_as):
    make_cycle(instrument, "closed", year=2025)
    draft = make_cycle(instrument, "draft", year=2027)
    url = reverse("evaluations:cycle_edit", args=[draft.pk])
    response = client_as("admin").post(url, cycle_data(instrument, year="2025", version=draft.version))
    assert response.status_code == 400 and "year" in response.context["form"].errors
    opened = make_cycle(instrument, "self_assessment", year=2026)
    t = clock.today()
    data = cycle_data(instrument, year="2026", weight_impact="25", weight_quick_win="15", version=opened.version,
                      assessment_end=(t + dt.timedelta(days=60)).isoformat())
    response = client_as("admin").post(reverse("evaluations:cycle_edit", args=[opened.pk]), data)
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.weight_impact == 30 and opened.assessment_end == t + dt.timedelta(days=60)


@pytest.mark.parametrize("status", ["closed", "published"])
def test_a_closed_or_published_cycle_cannot_be_changed_and_offers_no_change_button(instrument, client_as, status):
    cycle = make_cycle(instrument, "assessment", year=2025)
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.refresh_from_db()
    admin = client_as("admin")

    html = admin.get(reverse("evaluations:cycle_detail", args=[cycle.pk])).content.decode()
    assert reverse("evaluations:cycle_edit", args=[cycle.pk]) not in html
    data = cycle_data(instrument, year="2025", version=cycle.version, name="Renamed after the letter")
    response = admin.post(reverse("evaluations:cycle_edit", args=[cycle.pk]), data)
    assert response.status_code == 400 and "The cycle is closed." in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.name != "Renamed after the letter"
