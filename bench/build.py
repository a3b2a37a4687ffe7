"""Build the national-scale bench data set on the bench PostgreSQL database, with bulk inserts.

    python bench/build.py            # build if the data set is not there yet (count check)
    python bench/build.py --rebuild  # flush the bench database and build again

552 regions (regions.services.load_regions), 250 enrolled regions across cohorts 2017–2024 (the
known participants of regions/data/participants.csv and the demo's milestones included), the demo
users, one masterplan and 12 OPDs per enrolled region, 16,000 programmes (all six dimensions, all terms) and ~80,000 yearly updates with each programme's
current_update pointer set; one region-staff user per enrolled region (staf<code>, for the load
test) and 30 assessors; five evaluation cycles (2022–2025 closed, 2026 in assessment) of ~245
evaluations × 36 criteria (the default instrument) × 3 raters, with self-assessments, scores,
agreements, narratives, and the figures and ranks of final evaluations computed by
evaluations.results (never re-implemented here). Deterministic: the same seed builds the same data.

Everything but the regions, the demo users, the demo's 32 named enrolments and the default
instrument goes in through bulk_create, so it has no django-simple-history rows (the audit trail
is not what is measured).

BUILDERS below is the ordered list of steps; EXPECTED the counts that mean "built".
"""
import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import common

SEED = 20170522  # the day the 2017 cohort signed its MoUs
JAKARTA = ZoneInfo("Asia/Jakarta")
LAST_REPORT_YEAR = 2025

# Invented quotas at national scale (the real intakes are 25, 50, 25, 48, 50, 50, 10); no intake in 2020.
COHORT_QUOTAS = {2017: 25, 2018: 75, 2019: 100, 2021: 20, 2022: 10, 2023: 10, 2024: 10}  # no intake in 2020
PROGRAMMES = 16_000
TERM_WEIGHTS = {"quick_win": 10, "short": 30, "medium": 35, "long": 25}
TERM_YEARS = {"quick_win": 3, "short": 3, "medium": 5, "long": 9}
CORRECTION_RATE = 0.28  # a mid-year revision is posted as a second update of the same year
STALLED_SHARE, CANCELLED_SHARE = 0.15, 0.03

# What "the data set is there" means; a smaller count is a partial build and is rebuilt.
EXPECTED = {"regions": 552, "enrolments": 240, "programmes": 15_000, "updates": 75_000, "region_staff": 240,
            "cycles": 5, "evaluations": 1_150, "scores": 110_000, "final_with_index": 1_000, "yearly_reports": 240}


# --- steps ---------------------------------------------------------------------------------------

def build_regions(ctx):
    from regions.services import load_regions

    result = load_regions()
    return f"{result.total} regions ({result.created} created)"


def build_users(ctx):
    from regions.demo import ensure_users

    ctx["users"] = ensure_users()
    return f"{len(ctx['users'])} demo users"


def build_enrolments(ctx):
    from regions.demo import ensure_enrolments
    from regions.models import Enrolment, Region
    from regions.participants import load_participants

    rng = ctx["rng"]
    load_participants()  # the known participants of every intake (reference data, as in the setup)
    ensure_enrolments()  # the demo's milestones (Tahap I, Bantul, Kulon Progo, Pati, DIY, ...)
    # A region's cohort is its first active intake; later intakes of the same region are not counted again.
    existing = {}
    for code, year in Enrolment.objects.active().order_by("-cohort_year").values_list("region_id", "cohort_year"):
        existing[code] = year
    taken = Counter(existing.values())
    candidates = list(Region.objects.exclude(kind=Region.Kind.PROVINCE).exclude(code__in=list(existing))
                      .order_by("code").values_list("code", flat=True))
    rng.shuffle(candidates)
    new = []
    for cohort, quota in COHORT_QUOTAS.items():
        for i in range(taken[cohort] + 1, quota + 1):
            mou = dt.date(cohort, rng.randint(3, 6), rng.randint(1, 28))
            first = mou + dt.timedelta(days=rng.randint(20, 45))
            code = candidates.pop()
            new.append(Enrolment(
                region_id=code, cohort_year=cohort, mou_number=f"{i:03d}/MoU. KP/KHM/{cohort}", mou_date=mou,
                council_decree_number=f"188/{code.replace('.', '')}/KEP/{cohort}",
                council_decree_date=mou + dt.timedelta(days=40),
                team_decree_number=f"188/{code.replace('.', '')}/TIM/{cohort}",
                team_decree_date=mou + dt.timedelta(days=47),
                bimtek_1_date=first, bimtek_2_date=first + dt.timedelta(weeks=5),
                bimtek_3_date=first + dt.timedelta(weeks=10),
                bimtek_4_date=first + dt.timedelta(weeks=15) if cohort < 2024 else None))
    Enrolment.objects.bulk_create(new, batch_size=1000)
    # One enrolment per region from here on (its first active intake): the steps below build per region.
    firsts = {}
    for enrolment in Enrolment.objects.active().select_related("region").order_by("region_id", "-cohort_year"):
        firsts[enrolment.region_id] = enrolment
    ctx["enrolments"] = list(firsts.values())
    return f"{len(ctx['enrolments'])} enrolments ({len(new)} bulk-created)"


def build_masterplans_and_opds(ctx):
    from programmes.demo import OPDS, PLANS
    from programmes.models import Masterplan, Opd

    rng = ctx["rng"]
    masterplans, opds = [], []
    for enrolment in ctx["enrolments"]:
        region = enrolment.region
        if region.code in PLANS:
            title, start, end, status, legal, legal_date, *_ = PLANS[region.code]
        else:
            start = enrolment.cohort_year
            end = start + 9
            status = rng.choice([Masterplan.Status.LEGALISED] * 3 + [Masterplan.Status.FINAL, Masterplan.Status.DRAFT])
            title = f"Masterplan Smart City {region.name} {start}–{end}"
            legal = f"Peraturan Kepala Daerah {region.name} Nomor {rng.randint(1, 90)} Tahun {start}" \
                if status == Masterplan.Status.LEGALISED else ""
            legal_date = dt.date(start, rng.randint(7, 12), rng.randint(1, 28)) if legal else None
        masterplans.append(Masterplan(region=region, title=title, period_start=start, period_end=end, status=status,
                                      legal_basis_number=legal, legal_basis_date=legal_date))
        opds.extend(Opd(region=region, name=name, acronym=acronym) for name, acronym in OPDS)
    Masterplan.objects.bulk_create(masterplans, batch_size=1000)
    Opd.objects.bulk_create(opds, batch_size=2000)
    ctx["masterplans"] = masterplans
    ctx["opds"] = {(o.region_id, o.acronym): o.pk for o in opds}
    return f"{len(masterplans)} masterplans, {len(opds)} OPDs"


def _programme_counts(rng, n):
    """n counts around PROGRAMMES / n that add up to PROGRAMMES exactly."""
    mean = PROGRAMMES // n
    counts = [rng.randint(mean - 24, mean + 24) for _ in range(n)]
    i = 0
    while (diff := PROGRAMMES - sum(counts)) != 0:
        counts[i % n] += 1 if diff > 0 else -1
        i += 1
    return counts


def build_programmes(ctx):
    from programmes.demo import CATALOGUE
    from programmes.models import Programme

    rng = ctx["rng"]
    masterplans = ctx["masterplans"]
    programmes = []
    for masterplan, count in zip(masterplans, _programme_counts(rng, len(masterplans)), strict=True):
        offset = rng.randrange(len(CATALOGUE))
        for i in range(count):
            # Walking the catalogue in order covers all six dimensions in every region.
            dimension, sub, name, opd, description = CATALOGUE[(offset + i) % len(CATALOGUE)]
            phase = i // len(CATALOGUE)
            term = rng.choices(list(TERM_WEIGHTS), weights=list(TERM_WEIGHTS.values()))[0]
            start = masterplan.period_start + (0 if term == "quick_win" else rng.randint(0, 3))
            programmes.append(Programme(
                masterplan=masterplan, region_id=masterplan.region_id,  # save() is bypassed: set the copy here
                code=f"{dimension[:3].upper()}-{i + 1:03d}", name=name if not phase else f"{name} tahap {phase + 1}",
                description=description, dimension=dimension, sub_dimension=sub, term=term,
                opd_id=ctx["opds"][(masterplan.region_id, opd)], start_year=start,
                end_year=min(masterplan.period_end, start + TERM_YEARS[term] - 1),
                budget_planned=Decimal(rng.randrange(150, 4800) * 1_000_000),
                funding_source=rng.choice(["apbd_kabkota", "apbd_kabkota", "apbd_kabkota", "apbn", "kpbu", "other"])))
    Programme.objects.bulk_create(programmes, batch_size=2000)
    ctx["programmes"] = programmes
    return f"{len(programmes)} programmes"


@contextmanager
def _keep_created_at(model):
    # auto_now_add would stamp every bulk-created row with today; the bench wants reports spread over years.
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _updates_of(programme, rng, author_id):
    from programmes.demo import OTHER_STALLS
    from programmes.models import UpdateStatus as S

    last = min(programme.end_year, LAST_REPORT_YEAR)
    length = programme.end_year - programme.start_year + 1
    fate = rng.random()
    stall_from = programme.start_year + rng.randint(1, 3)
    planned = programme.budget_planned / length
    progress, updates = 0, []
    for k, year in enumerate(range(programme.start_year, last + 1)):
        extra = {}
        if fate < STALLED_SHARE and year >= stall_from:
            status, progress = S.STALLED, min(progress + 5, 60)
            category, text = rng.choice(OTHER_STALLS)
            extra = {"constraint_category": category, "constraint": text,
                     "next_steps": "Koordinasi dengan Bappeda untuk penjadwalan ulang."}
        elif fate < STALLED_SHARE + CANCELLED_SHARE and year >= stall_from:
            status = S.CANCELLED
        else:
            progress = max(progress, min(99, round(100 * (k + 1) / length * rng.uniform(0.7, 1.0))))
            if year == programme.end_year and rng.random() < 0.8:
                progress = 100
            status = S.COMPLETED if progress == 100 else (S.IN_DEVELOPMENT if progress < 40 else S.RUNNING)
            extra = {"next_steps": "" if status == S.COMPLETED else "Perluasan cakupan layanan."}
        posted = [dt.datetime(year + 1, 1, rng.randint(8, 28), 9, rng.randint(0, 59), tzinfo=JAKARTA)]
        if rng.random() < CORRECTION_RATE and status not in (S.COMPLETED, S.CANCELLED):
            posted.append(dt.datetime(year + 1, 3, rng.randint(1, 28), 14, rng.randint(0, 59), tzinfo=JAKARTA))
        for created_at in posted:
            updates.append(dict(
                programme_id=programme.pk, year=year, status=status, progress=progress, author_id=author_id,
                budget_realised=(planned * Decimal(rng.randint(55, 100)) / 100).quantize(Decimal(1000)),
                evidence_url=f"https://{programme.region_id.replace('.', '')}.bench.smartcity.go.id/bukti/"
                             f"{programme.code.lower()}-{year}",
                created_at=created_at, **extra))
        if status in (S.COMPLETED, S.CANCELLED):
            break
    return updates


def build_updates(ctx):
    from django.contrib.auth import get_user_model

    from programmes.demo import PLANS
    from programmes.models import CURRENT_FIELDS, Programme, ProgrammeUpdate
    from programmes.services import current_fields

    rng = ctx["rng"]
    # Updates are posted by the region's own staff where the demo has an account, else by the secretariat.
    staff = dict(get_user_model().objects.filter(username__in=[p[7] for p in PLANS.values()])
                 .values_list("username", "pk"))
    authors = {code: staff.get(plan[7]) for code, plan in PLANS.items()}
    fallback = ctx["users"]["admin"].pk
    rows, last_of = [], {}
    for programme in ctx["programmes"]:
        mine = _updates_of(programme, rng, authors.get(programme.region_id) or fallback)
        if mine:
            rows.extend(ProgrammeUpdate(**row) for row in mine)
            last_of[programme.pk] = rows[-1]  # the latest: highest year, then newest
    with _keep_created_at(ProgrammeUpdate):
        ProgrammeUpdate.objects.bulk_create(rows, batch_size=5000)
    changed = []
    for programme in ctx["programmes"]:
        update = last_of.get(programme.pk)
        if update is not None:
            for name, value in current_fields(update).items():
                setattr(programme, name, value)
            changed.append(programme)
    Programme.objects.bulk_update(changed, CURRENT_FIELDS, batch_size=2000)
    return f"{len(rows)} updates, {len(changed)} current_update pointers"


# --- evaluations -----------------------------------------------------------------------------------

EVALUATION_YEARS = (2022, 2023, 2024, 2025, 2026)  # the four before the newest are closed
ASSESSOR_POOL = 30
RATERS = 3
STAFF_PREFIX = "staf"  # region staff for the load test: staf3402 ... (Bantul keeps the demo's "bantul")
# Share of the newest cycle's evaluations (in assessment now) in each status; the rest are final.
NEWEST_STATUS_SHARES = (("submitted", 0.25), ("in_review", 0.45))


def _bulk_users(usernames, role, region_of=None):
    """Users with one role each, inserted in bulk. One password hash for all: hashing 300 passwords
    one by one would cost a minute and prove nothing; the password is the demo's."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from regions.demo import DEMO_PASSWORD
    from regions.models import RoleAssignment

    User = get_user_model()
    have = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    digest = make_password(DEMO_PASSWORD)
    User.objects.bulk_create([User(username=name, password=digest, email=f"{name}@bench.smartcity.go.id")
                              for name in usernames if name not in have], batch_size=1000)
    users = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    taken = set(RoleAssignment.objects.filter(user_id__in=users.values(), role=role).values_list("user_id", flat=True))
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user_id=pk, role=role, region_id=region_of(name) if region_of else None)
        for name, pk in users.items() if pk not in taken], batch_size=1000)
    return users


def build_staff_and_assessors(ctx):
    from regions.models import Role

    codes = {f"{STAFF_PREFIX}{e.region_id.replace('.', '')}": e.region_id for e in ctx["enrolments"]
             if e.region_id != "34.02"}
    staff = _bulk_users(sorted(codes), Role.REGION_STAFF, region_of=codes.get)
    assessors = _bulk_users([f"penilai-bench-{i:02d}" for i in range(1, ASSESSOR_POOL + 1)], Role.ASSESSOR)
    ctx["assessors"] = [ctx["users"]["penilai"].pk, *sorted(assessors.values())]
    return f"{len(staff)} region staff ({STAFF_PREFIX}<code>), {len(assessors)} assessors (+ penilai)"


def _cycle_windows(year, newest):
    from evaluations.transitions import today

    if newest:  # in its assessment stage now, so that its scoring page is open
        now = today()
        return now - dt.timedelta(days=70), now - dt.timedelta(days=14), now - dt.timedelta(days=10), \
            now + dt.timedelta(days=30)
    return dt.date(year, 8, 1), dt.date(year, 10, 15), dt.date(year, 10, 22), dt.date(year, 12, 10)


def _levels_of(rng, criteria):
    """Each rater's level per criterion around a region's drawn standing; agreed where they differ by > 1."""
    standing = min(4.6, max(1.4, rng.gauss(3.0, 0.55)))
    levels, agreed = {}, {}
    for criterion in criteria:
        consensus = min(5, max(1, round(standing + rng.gauss(0, 0.6))))
        given = [min(5, max(1, consensus + rng.choices([-2, -1, 0, 1, 2], weights=[3, 22, 50, 22, 3])[0]))
                 for _ in range(RATERS)]
        levels[criterion.pk] = given
        if max(given) - min(given) > 1:
            agreed[criterion.pk] = min(max(consensus, min(given)), max(given))
    return levels, agreed


def build_evaluations(ctx):
    """Five cycles of ~250 evaluations × 36 criteria × 3 raters, with self-assessments, scores, agreements
    and narratives; the figures of every final evaluation computed by evaluations.results/index and each
    closed cycle ranked by results.rank_cycle. Plain bulk_create: no audit history (not measured)."""
    from evaluations import results
    from evaluations.models import Agreement, Assignment, Cycle, Evaluation, Score, SelfAssessment
    from evaluations.services import load_default_instrument

    rng = ctx["rng"]
    instrument, _created = load_default_instrument()
    criteria = list(instrument.criteria.in_order())
    cycles = []
    for year in EVALUATION_YEARS:
        newest = year == EVALUATION_YEARS[-1]
        sa_start, sa_end, a_start, a_end = _cycle_windows(year, newest)
        cycles.append(Cycle(year=year, name=f"Evaluasi Smart City {year}", instrument=instrument,
                            self_assessment_start=sa_start, self_assessment_end=sa_end, assessment_start=a_start,
                            assessment_end=a_end, status=Cycle.Status.ASSESSMENT if newest else Cycle.Status.CLOSED))
    Cycle.objects.bulk_create(cycles)
    penilai = ctx["users"]["penilai"].pk
    evaluations, plans = [], {}
    for cycle in cycles:
        newest = cycle.status == Cycle.Status.ASSESSMENT
        for enrolment in ctx["enrolments"]:
            if enrolment.cohort_year > cycle.year:
                continue
            status = Evaluation.Status.FINAL
            if newest:
                draw, status = rng.random(), Evaluation.Status.FINAL
                for name, share in NEWEST_STATUS_SHARES:
                    if draw < share:
                        status = name
                        break
                    draw -= share
            if newest and enrolment.region_id in ("34.02", "34.04"):
                status = Evaluation.Status.IN_REVIEW  # penilai scores Bantul and Sleman: the scoring page case
            submitted = dt.datetime.combine(cycle.self_assessment_end, dt.time(15), tzinfo=JAKARTA) \
                - dt.timedelta(days=rng.randint(0, 20))
            moderated = dt.datetime.combine(cycle.assessment_start, dt.time(9), tzinfo=JAKARTA) \
                + dt.timedelta(days=rng.randint(0, 8))
            evaluation = Evaluation(
                cycle=cycle, region_id=enrolment.region_id, status=status, submitted_at=submitted,
                moderation_opened_at=moderated if status != Evaluation.Status.SUBMITTED else None,
                finalised_at=moderated + dt.timedelta(days=7) if status == Evaluation.Status.FINAL else None)
            if status != Evaluation.Status.SUBMITTED:
                name = enrolment.region.name
                evaluation.strengths = f"Kelembagaan smart city {name} berjalan; Dewan Smart City aktif."
                evaluation.weaknesses = "Integrasi data antar-OPD dan pengukuran dampak bagi warga belum rutin."
                evaluation.recommendations = f"Susun rencana kerja {cycle.year + 1} yang mengukur manfaat bagi warga."
            evaluations.append(evaluation)
            assessors = rng.sample(ctx["assessors"][1:], RATERS)
            if newest and enrolment.region_id in ("34.02", "34.04"):
                assessors[0] = penilai
            plans[cycle.year, enrolment.region_id] = (assessors, *_levels_of(rng, criteria))
    Evaluation.objects.bulk_create(evaluations, batch_size=1000)
    assignments, answers, scores, agreements = [], [], [], []
    for evaluation in evaluations:
        assessors, levels, agreed = plans[evaluation.cycle.year, evaluation.region_id]
        partial = evaluation.status == Evaluation.Status.SUBMITTED  # assessors still scoring: half done
        for j, assessor in enumerate(assessors):
            assignments.append(Assignment(evaluation=evaluation, assessor_id=assessor, is_lead=j == 0))
        for k, criterion in enumerate(criteria):
            given = levels[criterion.pk]
            own = min(5, round(sum(given) / len(given)) + rng.choice([0, 0, 1]))
            answers.append(SelfAssessment(
                evaluation=evaluation, criterion=criterion, level=own, explanation=criterion.descriptors[own - 1],
                evidence_url=f"https://{evaluation.region_id.replace('.', '')}.bench.smartcity.go.id/evaluasi/"
                             f"{evaluation.cycle.year}/{criterion.code.lower()}.pdf"))
            if partial and k >= len(criteria) // 2:
                continue
            scores.extend(Score(evaluation=evaluation, criterion=criterion, assessor_id=assessor, level=level,
                                comment="Sesuai dokumen dan hasil wawancara.")
                          for assessor, level in zip(assessors, given, strict=True))
            if criterion.pk in agreed and not partial:
                agreements.append(Agreement(evaluation=evaluation, criterion=criterion, level=agreed[criterion.pk],
                                            decided_by_id=assessors[0],
                                            reason=f"Disepakati dalam moderasi setelah meninjau bukti {criterion.code}."))
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    SelfAssessment.objects.bulk_create(answers, batch_size=5000)
    Score.objects.bulk_create(scores, batch_size=5000)
    Agreement.objects.bulk_create(agreements, batch_size=5000)
    final = [e for e in evaluations if e.status == Evaluation.Status.FINAL]
    finalise_figures(final)
    for cycle in cycles:
        results.rank_cycle(cycle)
    return (f"{len(cycles)} cycles, {len(evaluations)} evaluations ({len(final)} final), {len(criteria)} criteria, "
            f"{len(assignments)} assignments, {len(answers)} self-assessment answers, {len(scores)} scores, "
            f"{len(agreements)} agreements")


def compute_figures(evaluations):
    """{evaluation id: its index figures as stored (IndexResult.as_json)}, as finalisation computes them
    (evaluations.results): results.criterion_scores reads every evaluation's scores in three queries."""
    from evaluations import results

    scores = results.criterion_scores(evaluations)
    return {e.pk: results.results_of(e, scores[e.pk]).as_json() for e in evaluations}


def store_figures(figures):
    """One UPDATE … FROM (VALUES …) for all of them: bulk_update's CASE per row and field took ~0.7 s
    for 250 evaluations, longer than computing them."""
    import json

    from django.db import connection

    from evaluations.models import Evaluation

    if not figures:
        return
    rows = [(pk, f["index"], json.dumps(f["aspect_indexes"]), json.dumps(f["dimension_indexes"]), f["predikat"])
            for pk, f in figures.items()]
    values = ", ".join(["(%s, %s::numeric, %s::jsonb, %s::jsonb, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {Evaluation._meta.db_table} AS e SET "index" = v.index, aspect_indexes = v.aspects, '
                       f"dimension_indexes = v.dimensions, predikat = v.predikat "
                       f"FROM (VALUES {values}) AS v(id, index, aspects, dimensions, predikat) WHERE e.id = v.id",
                       [x for row in rows for x in row])


def finalise_figures(evaluations):
    """Compute and store the index figures of final evaluations (also what measure.py times)."""
    store_figures(compute_figures(evaluations))
    return evaluations


REPORT_YEAR = 2025
# Of the expected regions' 2025 reports: verified, submitted and waiting, returned; the rest are drafts.
REPORT_SHARES = {"verified": 0.45, "submitted": 0.25, "returned": 0.10}
LATE_SHARE = 0.2  # of the submitted ones, first submitted after the due date


def build_yearly_reports(ctx):
    """The 2025 reporting window (closed: opened 5 January 2026, due 31 March 2026, fixed dates so the data
    set stays deterministic) and a yearly report of every expected region (active enrolment, intake year up
    to 2025) in a mix of states, with one event per transition; no audit-trail rows, like the rest."""
    from monitoring.models import ReportingWindow, YearlyReport, YearlyReportEvent
    from monitoring.services import _missing

    rng = ctx["rng"]
    window = ReportingWindow.objects.create(year=REPORT_YEAR, opens=dt.date(REPORT_YEAR + 1, 1, 5),
                                            due=dt.date(REPORT_YEAR + 1, 3, 31))
    due = window.due_at
    verifier = ctx["users"]["diy"]
    reports, events = [], []
    for _window_id, code in _missing(REPORT_YEAR, dt.date(REPORT_YEAR + 1, 12, 31)):
        draw, status = rng.random(), "draft"
        for name, share in REPORT_SHARES.items():
            if draw < share:
                status = name
                break
            draw -= share
        report = YearlyReport(window=window, region_id=code, status=status)
        if status != "draft":
            late = rng.random() < LATE_SHARE
            report.submitted_at = due + dt.timedelta(days=rng.randint(1, 30) if late else -rng.randint(1, 60))
        if status == "verified":
            report.verified_at = report.submitted_at + dt.timedelta(days=rng.randint(2, 20))
        if status == "returned":
            report.comment = "Realisasi anggaran belum sesuai DPA; mohon diperbaiki."
        reports.append(report)
    YearlyReport.objects.bulk_create(reports, batch_size=1000)
    for report in reports:
        if report.submitted_at:
            events.append(YearlyReportEvent(report=report, action="submit", from_status="draft",
                                            to_status="submitted", at=report.submitted_at))
        if report.status in ("verified", "returned"):
            action = "verify" if report.status == "verified" else "return"
            events.append(YearlyReportEvent(report=report, action=action, from_status="submitted",
                                            to_status=report.status, user=verifier, comment=report.comment,
                                            at=report.verified_at or report.submitted_at + dt.timedelta(days=5)))
    YearlyReportEvent.objects.bulk_create(events, batch_size=1000)
    by_status = Counter(r.status for r in reports)
    return f"{len(reports)} yearly reports {REPORT_YEAR} {dict(sorted(by_status.items()))}, {len(events)} events"


# The steps run in this order, in one transaction.
BUILDERS = [
    build_regions,
    build_users,
    build_enrolments,
    build_masterplans_and_opds,
    build_programmes,
    build_updates,
    build_staff_and_assessors,
    build_evaluations,
    build_yearly_reports,
]


# --- driver --------------------------------------------------------------------------------------

def counts():
    from evaluations.models import Agreement, Cycle, Evaluation, Score, SelfAssessment
    from monitoring.models import YearlyReport
    from programmes.models import Masterplan, Opd, Programme, ProgrammeUpdate
    from regions.models import Enrolment, Region, Role, RoleAssignment

    return {"regions": Region.objects.count(), "enrolments": Enrolment.objects.count(),
            "masterplans": Masterplan.objects.count(), "opds": Opd.objects.count(),
            "programmes": Programme.objects.count(), "updates": ProgrammeUpdate.objects.count(),
            "current_set": Programme.objects.filter(current_update__isnull=False).count(),
            "region_staff": RoleAssignment.objects.filter(role=Role.REGION_STAFF).count(),
            "cycles": Cycle.objects.count(), "evaluations": Evaluation.objects.count(),
            "final_with_index": Evaluation.objects.filter(status="final", index__isnull=False).count(),
            "self_assessments": SelfAssessment.objects.count(), "scores": Score.objects.count(),
            "agreements": Agreement.objects.count(), "yearly_reports": YearlyReport.objects.count()}


def is_built(c):
    return all(c[k] >= v for k, v in EXPECTED.items())


def flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def build():
    from django.db import connection, transaction

    ctx = {"rng": random.Random(SEED)}
    started = time.perf_counter()
    with transaction.atomic():
        for step in BUILDERS:
            t = time.perf_counter()
            summary = step(ctx)
            print(f"  {step.__name__:<28} {summary}  ({time.perf_counter() - t:.1f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a live database
    print(f"  built in {time.perf_counter() - started:.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="flush the bench database and build again")
    args = parser.parse_args(argv)
    common.setup_django()
    from django.db import connection

    print(f"bench database: {connection.settings_dict['NAME']}")
    c = counts()
    if is_built(c) and not args.rebuild:
        print(f"data set already there, skipping the build: {c}")
        return 0
    if args.rebuild or any(c.values()):
        print("flushing the bench database" + ("" if args.rebuild else f" (partial data set: {c})"))
        flush()
    build()
    c = counts()
    print(f"data set: {c}")
    if not is_built(c):
        print(f"the build fell short of {EXPECTED}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
