"""The evaluation pages as their users meet them through the browser's HTTP: the region fills in its
self-assessment and survey, assessors score blind, the lead moderates and finalises, the admin reopens.
Every refusal changes nothing; every page runs a constant number of queries."""
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Agreement, CitizenSurvey, Evaluation, Score, SelfAssessment
from tests.conftest import make_user

from .builders import (
    agree,
    answer_all,
    criteria_of,
    make_cycle,
    make_evaluation,
    make_instrument,
    score,
    write_narrative,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def page(name, evaluation, **kwargs):
    return reverse(f"evaluations:{name}", args=[evaluation.pk], **kwargs)


def sheet_data(evaluation, levels, action="save", **extra):
    """The self-assessment form as the browser posts it: a level (or none) per criterion."""
    data = {"action": action}
    stored = {a.criterion_id: a for a in SelfAssessment.objects.filter(evaluation=evaluation)}
    for criterion, level in zip(criteria_of(evaluation), levels, strict=True):
        prefix = f"c{criterion.pk}"
        data[f"{prefix}-level"] = "" if level is None else str(level)
        data[f"{prefix}-explanation"] = f"Penjelasan {criterion.code}" if level else ""
        data[f"{prefix}-evidence_url"] = ""
        if criterion.pk in stored:
            data[f"{prefix}-version"] = stored[criterion.pk].version
    data.update(extra)
    return data


def score_data(evaluation, assessor, levels):
    data = {}
    stored = {s.criterion_id: s for s in Score.objects.filter(evaluation=evaluation, assessor=assessor)}
    for criterion, level in zip(criteria_of(evaluation), levels, strict=True):
        prefix = f"c{criterion.pk}"
        data[f"{prefix}-level"] = "" if level is None else str(level)
        data[f"{prefix}-comment"] = "Sesuai bukti." if level else ""
        if criterion.pk in stored:
            data[f"{prefix}-version"] = stored[criterion.pk].version
    return data


@pytest.fixture
def submitted(instrument, users):
    """Bantul's evaluation submitted in a cycle in its assessment stage: penilai leads, penilai2 assesses."""
    evaluation = make_evaluation(make_cycle(instrument, "assessment"), "34.02", "submitted",
                                 assessors=[users["penilai"], users["penilai2"]], lead=users["penilai"])
    answer_all(evaluation, 3, users["bantul"])
    return evaluation


@pytest.fixture
def in_review(submitted, users):
    score(submitted, users["penilai"], [4, 2, 3])
    score(submitted, users["penilai2"], [4, 5, 3])  # K02 differs by three levels
    Evaluation.objects.filter(pk=submitted.pk).update(status="in_review")
    submitted.refresh_from_db()
    return submitted


# --- who sees what ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "expected"), [
    ("admin", 200), ("kementerian", 200), ("diy", 200), ("bantul", 200), ("penilai", 200), ("penilai2", 200),
    ("sleman", 404), ("outsider", 404),
])
def test_the_evaluation_page_is_seen_by_those_the_policy_lets_see_it(bantul, client_as, persona, expected):
    assert client_as(persona).get(page("evaluation_detail", bantul)).status_code == expected


def test_anonymous_visitors_are_sent_to_the_login_page(bantul, client):
    response = client.get(page("self_assessment", bantul))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_assessor_sees_only_the_evaluations_assigned_to_them(bantul, users, client_as):
    other = make_user("penilai3", "assessor")
    users["penilai3"] = other
    response = client_as("penilai2").get(reverse("evaluations:evaluation_list"))
    assert [e.pk for e in response.context["object_list"]] == [bantul.pk]
    assert client_as("penilai3").get(page("evaluation_detail", bantul)).status_code == 404


def test_region_staff_cannot_open_the_scoring_page(submitted, client_as):
    assert client_as("bantul").get(page("scoring", submitted)).status_code == 403
    assert client_as("kementerian").get(page("scoring", submitted)).status_code == 403


# --- self-assessment -------------------------------------------------------------------------------------

def test_region_staff_save_a_draft_then_submit_it(bantul, client_as, users):
    client = client_as("bantul")
    response = client.post(page("self_assessment", bantul), sheet_data(bantul, [3, None, 4]))
    assert response.status_code == 302
    assert dict(SelfAssessment.objects.filter(evaluation=bantul).values_list("criterion__code", "level")) == {
        "K01": 3, "K03": 4}
    bantul.refresh_from_db()
    assert bantul.status == "self_assessment"

    response = client.post(page("self_assessment", bantul), sheet_data(bantul, [3, 2, 4], action="submit"))
    assert response.status_code == 302
    bantul.refresh_from_db()
    assert bantul.status == "submitted"
    assert SelfAssessment.objects.get(evaluation=bantul, criterion__code="K02").updated_by == users["bantul"]
    text = client.get(page("self_assessment", bantul)).content.decode()
    assert "Submitted: the answers are read-only." in text
    assert not re.search(r'name="c\d+-', text)  # no input is offered any more


def test_submitting_with_a_criterion_left_open_changes_nothing(bantul, client_as, nothing_written):
    with nothing_written():
        response = client_as("bantul").post(page("self_assessment", bantul),
                                            sheet_data(bantul, [3, None, 4], action="submit"))
    assert response.status_code == 409
    assert "Give a level for every criterion before submitting (missing: K02)." in response.content.decode()


def test_a_level_outside_one_to_five_is_a_form_error_at_its_criterion_only(bantul, client_as):
    response = client_as("bantul").post(page("self_assessment", bantul), sheet_data(bantul, [3, 7, 4]))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert dict(SelfAssessment.objects.filter(evaluation=bantul).values_list("criterion__code", "level")) == {
        "K01": 3, "K03": 4}  # one criterion's answer is the unit: the valid ones are saved


def test_the_self_assessment_is_read_only_after_submission(submitted, client_as, nothing_written):
    client = client_as("bantul")
    with nothing_written():
        response = client.post(page("self_assessment", submitted), sheet_data(submitted, [5, 5, 5]), follow=True)
    assert "The self-assessment has been submitted and is read-only." in response.content.decode()


def test_another_region_cannot_write_bantuls_self_assessment(bantul, client_as, nothing_written):
    with nothing_written():
        assert client_as("sleman").post(page("self_assessment", bantul), sheet_data(bantul, [3, 3, 3])).status_code \
            == 404
        assert client_as("diy").post(page("self_assessment", bantul), sheet_data(bantul, [3, 3, 3])).status_code \
            == 403


def test_a_stale_draft_is_refused_with_a_form_error(bantul, client_as, users, nothing_written):
    client = client_as("bantul")
    client.post(page("self_assessment", bantul), sheet_data(bantul, [3, 3, 3]))
    stale = sheet_data(bantul, [4, 4, 4])
    SelfAssessment.objects.filter(evaluation=bantul).update(version=9)
    with nothing_written():
        response = client.post(page("self_assessment", bantul), stale)
    assert response.status_code == 400
    assert "Someone else saved this evaluation after you opened it." in response.content.decode()


def test_evidence_files_are_judged_by_content_and_served_only_to_those_allowed(bantul, client_as, users,
                                                                                 nothing_written):
    client = client_as("bantul")
    first = criteria_of(bantul)[0]
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf at all")
    fake.name = "bukti.pdf"
    with nothing_written():
        response = client.post(page("self_assessment", bantul),
                               sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": fake}))
    assert response.status_code == 400
    assert "This file is not a PDF, PNG or JPEG document." in response.content.decode()

    pdf = io.BytesIO(PDF)
    pdf.name = "SK Dewan Smart City.pdf"
    response = client.post(page("self_assessment", bantul),
                           sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": pdf}))
    assert response.status_code == 302
    answer = SelfAssessment.objects.get(evaluation=bantul, criterion=first)
    assert answer.evidence_file.name.startswith("evidence/2026/34.02/")
    assert "SK_Dewan_Smart_City" in answer.evidence_file.name
    url = reverse("evaluations:evidence", args=[bantul.pk, first.pk])
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    assert client_as("sleman").get(url).status_code == 404
    assert client_as("outsider").get(url).status_code == 404
    assert client_as("penilai").get(url).status_code == 404  # drafts are the region's own until submitted
    default_storage.delete(answer.evidence_file.name)


def test_outside_the_window_the_self_assessment_is_refused(bantul, client_as, nothing_written):
    cycle = bantul.cycle
    cycle.self_assessment_end = cycle.self_assessment_start
    cycle.save()
    with nothing_written():
        response = client_as("bantul").post(page("self_assessment", bantul), sheet_data(bantul, [3, 3, 3]),
                                            follow=True)
    assert "The self-assessment window runs from" in response.content.decode()


# --- citizen survey --------------------------------------------------------------------------------------

@pytest.fixture
def programmes(world):
    from tests.programmes.conftest import build_plans

    plans = build_plans(world)
    return [plans.programmes[code] for code in ("BTL-QW-01", "BTL-GOV-02", "BTL-ECO-03")]


def survey_data(programmes, counts, version=None):
    data = {"survey-notes": "Survei daring, November."}
    if version:
        data["survey-version"] = version
    for programme, row in zip(programmes, counts, strict=True):
        if row is None:
            continue
        data[f"p{programme.pk}-surveyed"] = "on"
        for answer, n in zip(["sangat_puas", "puas", "cukup_puas", "tidak_puas"], row, strict=True):
            data[f"p{programme.pk}-{answer}"] = str(n)
    return data


def test_region_staff_record_the_survey_and_are_told_when_it_is_too_small(bantul, programmes, client_as):
    bantul.cycle.survey_rule = "overall"  # the older rule: 50 respondents over six programmes
    bantul.cycle.save()
    client = client_as("bantul")
    response = client.post(page("survey", bantul), survey_data(programmes, [(10, 5, 2, 1), None, (3, 3, 0, 1)]))
    assert response.status_code == 302
    survey = CitizenSurvey.objects.get(evaluation=bantul)
    assert survey.summary()["respondents"] == 25
    text = client.get(page("survey", bantul)).content.decode()
    assert "Only 25 respondents: the rule asks for at least 50." in text
    assert "Only 2 programmes surveyed: the rule asks for at least 6." in text


def test_negative_survey_counts_are_a_form_error(bantul, programmes, client_as, nothing_written):
    bantul.cycle.survey_rule = "overall"
    bantul.cycle.save()
    with nothing_written():
        response = client_as("bantul").post(page("survey", bantul), survey_data(programmes, [(10, -5, 2, 1), None,
                                                                                              None]))
    assert response.status_code == 400
    assert "Counts of respondents cannot be negative." in response.content.decode()


# --- scoring, moderation, finalisation -------------------------------------------------------------------

def test_an_assessor_scores_and_sees_the_regions_answers_and_implementation_facts(submitted, client_as, users):
    client = client_as("penilai2")
    response = client.get(page("scoring", submitted))
    assert response.status_code == 200
    assert response.context["facts"].year == 2026
    assert "Implementation in 2026" in response.content.decode()
    response = client.post(page("scoring", submitted), score_data(submitted, users["penilai2"], [4, None, 3]))
    assert response.status_code == 302
    assert sorted(Score.objects.filter(evaluation=submitted).values_list("criterion__code", "level")) == [
        ("K01", 4), ("K03", 3)]


def test_assessors_score_blind_until_moderation_opens(submitted, client_as, users):
    score(submitted, users["penilai"], [5, 5, 5])
    response = client_as("penilai2").get(page("scoring", submitted))
    assert response.context["scored"] == 0
    assert client_as("penilai2").get(page("moderation", submitted)).status_code == 403


def test_a_level_outside_the_scale_in_scoring_changes_nothing(submitted, client_as, users, nothing_written):
    data = score_data(submitted, users["penilai"], [4, 4, 4])
    data[f"c{criteria_of(submitted)[1].pk}-level"] = "0"
    with nothing_written():
        assert client_as("penilai").post(page("scoring", submitted), data).status_code == 400


def test_the_lead_opens_moderation_records_agreements_and_finalises(submitted, client_as, users):
    score(submitted, users["penilai"], [4, 2, 3])
    score(submitted, users["penilai2"], [4, 5, 3])
    lead = client_as("penilai")
    assert client_as("penilai2").post(page("open_moderation", submitted)).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"  # only the lead opens moderation

    lead.post(page("open_moderation", submitted))
    submitted.refresh_from_db()
    assert submitted.status == "in_review"
    response = lead.get(page("moderation", submitted))
    assert [row.criterion.code for row in response.context["table"].disputed] == ["K02"]
    assert "Assessors differ by more than one level and no level is agreed: K02." in response.content.decode()

    k02 = criteria_of(submitted)[1]
    response = lead.post(page("moderation", submitted), {"action": "agreements", f"c{k02.pk}-level": "4",
                                                         f"c{k02.pk}-reason": "Bukti SK lengkap."})
    assert response.status_code == 302
    assert Agreement.objects.get(evaluation=submitted).level == 4
    response = lead.post(page("moderation", submitted), {
        "action": "narrative", "narrative-strengths": "RPJMD memuat smart city.",
        "narrative-weaknesses": "Refocusing anggaran.", "narrative-recommendations": "Tambah programmer.",
        "narrative-version": Evaluation.objects.get(pk=submitted.pk).version})
    assert response.status_code == 302
    response = lead.post(page("finalise", submitted), follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "final"
    assert submitted.rank == 1
    # K01 4, K02 agreed 4 (weight 2), K03 3: baseline 4, output 4, impact 3 → (10·4 + 20·4 + 30·3) / 60 = 3,50
    assert str(submitted.index) == "3.50"
    detail = client_as("bantul").get(page("evaluation_detail", submitted))
    assert detail.context["results"].index == submitted.index
    assert "Refocusing anggaran." in detail.content.decode()


def test_finalising_with_an_unresolved_disagreement_changes_nothing(in_review, client_as, nothing_written):
    write_narrative(in_review)
    with nothing_written():
        response = client_as("penilai").post(page("finalise", in_review), follow=True)
    assert "no level is agreed: K02" in response.content.decode()


def test_an_agreed_level_outside_the_scores_is_refused(in_review, client_as, nothing_written):
    k02 = criteria_of(in_review)[1]
    with nothing_written():
        response = client_as("penilai").post(page("moderation", in_review), {
            "action": "agreements", f"c{k02.pk}-level": "1", f"c{k02.pk}-reason": "Terlalu rendah."})
    assert response.status_code == 400
    assert "The agreed level on K02 lies between 2 and 5." in response.content.decode()


def test_only_the_lead_records_agreements(in_review, client_as, nothing_written):
    k02 = criteria_of(in_review)[1]
    with nothing_written():
        response = client_as("penilai2").post(page("moderation", in_review), {
            "action": "agreements", f"c{k02.pk}-level": "3", f"c{k02.pk}-reason": "Tengah."})
    assert response.status_code == 403


def test_the_admin_reopens_a_final_evaluation_only_with_a_reason(in_review, client_as, users, nothing_written):
    agree(in_review, criteria_of(in_review)[1], 4, users["penilai"])
    write_narrative(in_review)
    client_as("penilai").post(page("finalise", in_review))
    in_review.refresh_from_db()
    assert in_review.is_final
    with nothing_written():
        client_as("admin").post(page("reopen", in_review), {"reason": "  "})
        assert client_as("penilai").post(page("reopen", in_review), {"reason": "Salah hitung"}).status_code == 403
    client_as("admin").post(page("reopen", in_review), {"reason": "Bukti baru dari daerah."})
    in_review.refresh_from_db()
    assert in_review.status == "in_review"
    assert in_review.events.last().reason == "Bukti baru dari daerah."


def test_a_final_evaluation_refuses_every_write(in_review, client_as, users, nothing_written):
    agree(in_review, criteria_of(in_review)[1], 4, users["penilai"])
    write_narrative(in_review)
    client_as("penilai").post(page("finalise", in_review))
    with nothing_written():
        client_as("penilai").post(page("scoring", in_review), score_data(in_review, users["penilai"], [1, 1, 1]))
        client_as("penilai").post(page("moderation", in_review), {"action": "narrative", "narrative-strengths": "x",
                                                                  "narrative-weaknesses": "y",
                                                                  "narrative-recommendations": "z",
                                                                  "narrative-version": 99})
        client_as("bantul").post(page("self_assessment", in_review), sheet_data(in_review, [1, 1, 1]))


# --- the cycle -------------------------------------------------------------------------------------------

def test_the_cycle_ranking_counts_only_what_the_user_may_see(in_review, client_as, users, instrument):
    agree(in_review, criteria_of(in_review)[1], 4, users["penilai"])
    write_narrative(in_review)
    client_as("penilai").post(page("finalise", in_review))
    sleman = make_evaluation(in_review.cycle, "34.04", "final")
    Evaluation.objects.filter(pk=sleman.pk).update(index="3.10", predikat="Baik", rank=2)
    url = reverse("evaluations:cycle_detail", args=[in_review.cycle.pk])
    assert [e.region_id for e in client_as("kementerian").get(url).context["ranking"]] == ["34.02", "34.04"]
    assert [e.region_id for e in client_as("bantul").get(url).context["ranking"]] == ["34.02"]
    assert [e.region_id for e in client_as("diy").get(url).context["ranking"]] == ["34.02", "34.04"]


# --- query counts ----------------------------------------------------------------------------------------

def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["evaluation_detail", "self_assessment", "survey", "scoring", "moderation"])
def test_evaluation_pages_run_a_constant_number_of_queries(name, users, client_as, world):
    counts = []
    for n, code, region in ((3, "small", "34.02"), (12, "large", "34.04")):
        cycle_year = 2026 if code == "small" else 2025
        evaluation = make_evaluation(make_cycle(make_instrument(n, code=code), "assessment", year=cycle_year), region,
                                     "in_review", assessors=[users["penilai"], users["penilai2"]],
                                     lead=users["penilai"])
        answer_all(evaluation, 3, users["bantul"])
        score(evaluation, users["penilai"], 3)
        score(evaluation, users["penilai2"], 5)
        client = client_as("penilai")
        counts.append(queries(client, page(name, evaluation)))
    assert counts[0] == counts[1]


def test_the_evaluation_list_runs_a_constant_number_of_queries(users, client_as, instrument):
    client = client_as("kementerian")
    url = reverse("evaluations:evaluation_list")
    cycle = make_cycle(instrument)
    make_evaluation(cycle, "34.02", assessors=[users["penilai"]], lead=users["penilai"])
    few = queries(client, url)
    for code in ("34.01", "34.04", "34.71", "35.22", "33.18"):
        make_evaluation(cycle, code, assessors=[users["penilai"], users["penilai2"]], lead=users["penilai"])
    assert queries(client, url) == few


# --- participants ----------------------------------------------------------------------------------------

def test_the_admin_adds_enrolled_regions_by_cohort_province_and_code(instrument, client_as, users):
    cycle = make_cycle(instrument, "draft")
    make_evaluation(cycle, "34.02")
    url = reverse("evaluations:cycle_participants", args=[cycle.pk])
    response = client_as("admin").post(url, {"cohort": "2017", "province": "34", "codes": "33.18"})
    assert response.status_code == 302
    # cohort 2017: 34.04, 35.22; province 34: 34, 34.01, 34.02 (already in), 34.03, 34.04, 34.71; and 33.18.
    assert sorted(cycle.evaluations.values_list("region_id", flat=True)) == [
        "33.18", "34", "34.01", "34.02", "34.03", "34.04", "34.71", "35.22"]


def test_adding_participants_refuses_unknown_codes_and_other_roles(instrument, client_as, nothing_written):
    cycle = make_cycle(instrument, "draft")
    url = reverse("evaluations:cycle_participants", args=[cycle.pk])
    with nothing_written():
        response = client_as("admin").post(url, {"codes": "34.02 99.99"})
        assert response.status_code == 400
        assert "Unknown region codes: 99.99." in response.content.decode()
        assert client_as("admin").post(url, {}).status_code == 400
        assert client_as("kementerian").post(url, {"codes": "34.02"}).status_code == 404  # a draft cycle
    cycle.status = "assessment"
    cycle.save()
    with nothing_written():
        assert client_as("kementerian").post(url, {"codes": "34.02"}).status_code == 403
        response = client_as("admin").post(url, {"codes": "34.02"})
        assert "Regions join a cycle before its assessment stage." in response.content.decode()


def test_an_evidence_file_over_ten_megabytes_is_refused(bantul, client_as, nothing_written):
    from evaluations.evidence import MAX_EVIDENCE_BYTES

    first = criteria_of(bantul)[0]
    big = io.BytesIO(PDF + b"0" * MAX_EVIDENCE_BYTES)
    big.name = "scan.pdf"
    with nothing_written():
        response = client_as("bantul").post(page("self_assessment", bantul),
                                            sheet_data(bantul, [3, None, None], **{f"c{first.pk}-evidence_file": big}))
    assert response.status_code == 400
    assert "The file is too large: evidence may be at most 10.0\xa0MB." in response.content.decode()
