"""The demo's evaluations: the closed 2021 cycle with Kota Bandung best, the open cycle of the current year, idempotent."""
from decimal import Decimal

import pytest
from django.core.management import call_command

from evaluations import demo
from evaluations.models import Cycle, Evaluation, Score
from smartcity import policy
from tests.clock import today, year


@pytest.mark.django_db
def test_the_demo_tells_the_2021_and_this_years_evaluations_and_a_rerun_changes_nothing():
    call_command("load_demo", verbosity=0)
    counts = (Evaluation.objects.count(), Score.objects.count(), Score.history.count(), Evaluation.history.count())
    call_command("load_demo", verbosity=0)

    assert (Evaluation.objects.count(), Score.objects.count(), Score.history.count(),
            Evaluation.history.count()) == counts
    closed = Cycle.objects.get(year=2021)
    assert (closed.status, closed.letter_number) == ("published", "B-1150/DJAI/AI.01.04/12/2021")
    # The programmes name the RPJMD programme they serve (four in five), so the region page's count is not 0.
    from programmes.models import Programme

    bantul_programmes = Programme.objects.filter(region_id="34.02")
    aligned = bantul_programmes.exclude(rpjmd_programme="").count()
    assert 0 < aligned < bantul_programmes.count()
    finals = Evaluation.objects.filter(cycle=closed).select_related("region").order_by("rank")
    assert finals.count() == 17 and {e.status for e in finals} == {"final"}
    assert {"34.01", "34.02", "34.03", "34.04", "34.71"} <= {e.region_id for e in finals}
    best = finals.first()
    assert (best.region.name, best.index, best.rank) == ("Kota Bandung", Decimal("3.71"), 1)
    assert all(Decimal("2.40") <= e.index <= Decimal("3.80") for e in finals)
    assert len({e.index for e in finals}) > 10
    bantul = finals.get(region_id="34.02")
    assert "refocusing anggaran" in bantul.weaknesses
    # Seed 003's Tuesday 7 December 2021 is Bantul's presentation and interview, not its moderation.
    interview = bantul.interviews.get()
    assert (interview.date.isoformat(), interview.mode) == ("2021-12-07", "online")
    assert "Bupati Bantul" in interview.attendees and "seluruh OPD" in interview.attendees
    assert interview.recorded_by.username == "penilai" and interview.history.count() == 1
    assert bantul.moderation_opened_at.date() > interview.date
    assert not bantul.events.filter(at__date=interview.date).exists()
    assert "7 Desember" not in bantul.strengths + bantul.weaknesses + bantul.recommendations
    assert all(e.interviews.count() == 1 for e in finals)
    assert bantul.survey.summary()["too_few_respondents"]
    assert {bantul.assignments.count() for bantul in finals} <= {2, 3}
    assert (bantul.rank_province, bantul.published_at is not None) == (
        1 + sum(e.index > bantul.index for e in finals if e.region.parent_id == "34"), True)
    assert best.rank_national == 1
    # Every 2021 region was evaluated in 2020 (published too): the 2021 figures are improvements on it.
    earlier = Cycle.objects.get(year=2020)
    assert (earlier.status, earlier.letter_number) == ("published", "B-1262/DJAI/AI.01.04/12/2020")
    before = dict(Evaluation.objects.filter(cycle=earlier).values_list("region_id", "index"))
    assert set(before) == {e.region_id for e in finals}
    assert all(e.improvement == e.index - before[e.region_id] for e in finals)
    assert (best.index - before["32.73"], bantul.improvement > 0) == (Decimal("0.37"), True)

    current = Cycle.objects.get(year=year())
    assert current.status == "self_assessment" and current.self_assessment_open_on(today())
    # The survey rule is the cycle's: 2020 and 2021 keep the older one, the current cycle has the 2023 rules.
    assert (earlier.survey_rule, closed.survey_rule, current.survey_rule) == ("overall", "overall", "per_dimension")
    assert bantul.survey.summary()["rule"] == "overall"
    assert current.assessment_start > today()
    led = Evaluation.objects.filter(cycle=current, assignments__assessor__username="penilai",
                                    assignments__is_lead=True)
    assert sorted(led.values_list("region_id", flat=True)) == ["34.02", "34.04"]
    penilai = Evaluation.objects.get(cycle=current, region_id="34.02").assessors.get(username="penilai")
    assert {"34.02", "34.04"} <= set(policy.assessor_regions(penilai))
    assert demo.ASSESSORS[1][0] == "penilai2"


@pytest.mark.django_db
def test_the_demo_gives_every_role_work_today_and_a_rerun_changes_nothing():
    from evaluations import transitions as et
    from monitoring import transitions as mt
    from monitoring.models import YearlyReport, YearlyReportEvent
    from programmes.models import ProgrammeUpdate

    call_command("load_demo", verbosity=0)
    counts = (YearlyReport.objects.count(), YearlyReportEvent.objects.count(), ProgrammeUpdate.objects.count(),
              Cycle.objects.count(), Score.objects.count())
    call_command("load_demo", verbosity=0)
    assert (YearlyReport.objects.count(), YearlyReportEvent.objects.count(), ProgrammeUpdate.objects.count(),
            Cycle.objects.count(), Score.objects.count()) == counts

    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(["bantul", "sleman", "diy", "penilai", "kulonprogo"],
                                             field_name="username")
    reports = {r.region_id: r for r in YearlyReport.objects.filter(window__year=year()).select_related("window")}
    bantul, sleman, kulonprogo = reports["34.02"], reports["34.04"], reports["34.01"]
    # Bantul: back with the region, a returned comment in its history; it can resubmit now.
    assert bantul.status == "returned" and bantul.comment
    assert bantul.events.filter(action="return").exclude(comment="").exists()
    assert mt.permits(mt.ensure_can_submit, users["bantul"], bantul)
    # Sleman: submitted, waiting for diy; Kulon Progo verified and on time.
    assert sleman.status == "submitted" and mt.permits(mt.ensure_can_verify, users["diy"], sleman)
    assert kulonprogo.status == "verified" and kulonprogo.on_time
    assert all(r.submitted_at.date() <= today() for r in (bantul, sleman, kulonprogo))

    # The current cycle keeps its self-assessment story; last year's, late, is in assessment: penilai can
    # score one submitted evaluation now and moderate another.
    current = Cycle.objects.get(year=year())
    assert current.status == "self_assessment"
    previous = Cycle.objects.get(year=year() - 1)
    assert previous.status == "assessment" and previous.assessment_open_on(today())
    evaluations = Evaluation.objects.filter(cycle=previous).prefetch_related("assignments")
    scorable = [e for e in evaluations if e.status == "submitted" and et.permits(et.ensure_can_score, users["penilai"], e)]
    moderated = [e for e in evaluations if e.status == "in_review"
                 and et.permits(et.ensure_can_moderate, users["penilai"], e)]
    assert scorable and moderated
