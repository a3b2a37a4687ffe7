"""Demo evaluations, told from the seed articles (shared/FACTS.md).

- The default instrument (instrument_data.py).
- A PUBLISHED 2020 cycle, the evaluation year between intakes (FACTS.md), whose final results are what the
  2021 results improve on: every region below was evaluated then too (the first hundred were evaluated yearly
  from 2019). Its targets and its result letter are invented, except Kota Bandung's 3,34, which is 3,71 less
  the published +0,37 (FACTS.md). Its Baseline is scored on readiness (the demo's first evaluation of each).
- A PUBLISHED 2021 cycle (its result letter invented): the five DIY regions and twelve of the 2017 cohort are
  final, each scored by two or three assessors, with agreements where they differed by more than a level, a
  narrative and (where the region has programmes) a citizen survey; their Baseline is scored on improvement
  since 2020. Kota Bandung is best of them at 3,71, +0,37 (FACTS.md: 3,71, +0,37, "terbaik dari 100 smart
  city"; the year of that figure is unclear, set in 2021 here). Each region presented to its assessors and
  was interviewed (paparan/wawancara, online in the pandemic): Bantul's session is the seed's — Tuesday
  7 December 2021, virtual, the Bupati and all OPDs presenting to the tim penilai (seed 003) — a record of
  the interview, not a step of the assessors' moderation, which they opened afterwards among themselves.
  Bantul's weaknesses are the seed's — refocusing anggaran, apps still being built, too few programmers.
  Every other score, date, survey count, attendee list and sentence is invented plausibly: each region's
  overall index is picked (the target below), and the criterion scores are drawn around it from a seeded
  generator, so a rerun builds the same story.
- An OPEN cycle for the year the demo is loaded in, in its self-assessment stage: its window opened six weeks
  before that day and closes two weeks after it, assessment after; `penilai` leads Bantul and Sleman; Bantul
  has saved a draft, Kulon Progo has submitted. Its dates are relative to the day of loading, so the demo
  never goes stale.
- The PREVIOUS year's cycle, late, in its assessment stage (self-assessment closed forty days before the
  day of loading, scoring open until three weeks after it), so that `penilai` has work now without
  touching the current cycle's self-assessment story: Kota Yogyakarta has submitted and waits for his
  scores (he leads, penilai2 assesses), Bojonegoro is in moderation (penilai leads, penilai4 has scored
  too, and they differ by more than a level on two criteria, which the lead is to settle). Invented.

Idempotent: a cycle that exists is left alone.
"""
import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from programmes.models import Programme
from regions.demo import DEMO_PASSWORD
from regions.models import Region, Role, RoleAssignment

from . import results
from .index import CriterionScores, compute_index
from .models import (
    Agreement,
    Assignment,
    CitizenSurvey,
    Cycle,
    Evaluation,
    EvaluationEvent,
    Interview,
    Score,
    SelfAssessment,
    SurveyedProgramme,
    SurveyRule,
)
from .services import load_default_instrument
from .transitions import today

JAKARTA = ZoneInfo("Asia/Jakarta")

ASSESSORS = [
    # username, first name, last name (penilai comes from regions.demo; the others are invented)
    ("penilai", "Dr. Hendra", "Wijaya"),
    ("penilai2", "Prof. Dr. Sri", "Handayani"),
    ("penilai3", "Ir. Budi", "Santosa"),
    ("penilai4", "Dr. Ratna", "Kusumadewi"),
    ("penilai5", "Dr. Yusuf", "Hakim"),
    ("penilai6", "Ir. Maria", "Simanjuntak"),
]

# Region code → (target overall index, assessors, lead first). Bandung's 3,71 is from FACTS.md;
# the other targets are invented.
RESULTS_2021 = {
    "32.73": ("3.71", ["penilai2", "penilai", "penilai5"]),    # Kota Bandung
    "33.74": ("3.58", ["penilai3", "penilai4"]),               # Kota Semarang
    "35.10": ("3.52", ["penilai5", "penilai6", "penilai2"]),   # Kabupaten Banyuwangi
    "34.04": ("3.49", ["penilai4", "penilai3"]),               # Kabupaten Sleman
    "73.71": ("3.44", ["penilai6", "penilai5"]),               # Kota Makassar
    "34.71": ("3.41", ["penilai3", "penilai", "penilai6"]),    # Kota Yogyakarta
    "51.03": ("3.38", ["penilai2", "penilai4"]),               # Kabupaten Badung
    "36.74": ("3.35", ["penilai5", "penilai3"]),               # Kota Tangerang Selatan
    "35.15": ("3.30", ["penilai6", "penilai2"]),               # Kabupaten Sidoarjo
    "35.22": ("3.27", ["penilai4", "penilai5", "penilai"]),    # Kabupaten Bojonegoro
    "34.01": ("3.18", ["penilai2", "penilai3"]),               # Kabupaten Kulon Progo
    "35.25": ("3.12", ["penilai3", "penilai6"]),               # Kabupaten Gresik
    "64.72": ("2.96", ["penilai5", "penilai4"]),               # Kota Samarinda
    "34.02": ("2.91", ["penilai", "penilai2", "penilai4"]),    # Kabupaten Bantul
    "14.08": ("2.84", ["penilai6", "penilai3"]),               # Kabupaten Siak
    "34.03": ("2.52", ["penilai4", "penilai6"]),               # Kabupaten Gunungkidul (Tahap III, 2019)
    "52.03": ("2.43", ["penilai2", "penilai5"]),               # Kabupaten Lombok Timur
}

# Criteria a region is known (seeds) to be weaker or stronger on: code → shift of the drawn level.
SHIFTS = {
    # Seed 003: refocusing anggaran, apps still being built, too few programmers; HR action plan.
    "34.02": {"O05": -1.2, "C07": -1.2, "O07": -1.0, "C08": -0.8, "O08": 0.6, "C01": -0.5},
    # Seed 001: poverty-focused quick wins with a multiplier effect on citizens' income.
    "34.01": {"Q01": 1.0, "Q02": 0.8, "Q03": 0.8, "I03": 1.0, "B03": 0.6},
    # Seed 002: Bojonegoro's award night and "smart people" — strong on participation.
    "35.22": {"I05": 0.9, "O01": 0.6, "Q04": 0.7},
    # Gunungkidul joined last of DIY (Tahap III, 2019): invented, its masterplan still awaits its Perbup.
    "34.03": {"O03": -1.5, "C01": -0.6, "C02": -0.6},
}

# Region code → its 2020 target (invented, a little below 2021's; Bandung's is 3,71 − 0,37 from FACTS.md).
RESULTS_2020 = {
    "32.73": "3.34", "33.74": "3.41", "35.10": "3.40", "34.04": "3.38", "73.71": "3.30", "34.71": "3.29",
    "51.03": "3.31", "36.74": "3.18", "35.15": "3.22", "35.22": "3.05", "34.01": "3.02", "35.25": "3.04",
    "64.72": "2.88", "34.02": "2.72", "14.08": "2.79", "34.03": "2.31", "52.03": "2.35",
}

WINDOWS_2020 = (dt.date(2020, 9, 1), dt.date(2020, 11, 13), dt.date(2020, 11, 20), dt.date(2020, 12, 18))
WINDOWS_2021 = (dt.date(2021, 9, 1), dt.date(2021, 11, 15), dt.date(2021, 11, 22), dt.date(2021, 12, 17))
# Seed 003: on Tuesday 7 December 2021 the Bupati and all OPDs presented, virtually, to the tim penilai.
BANTUL_INTERVIEW = dt.date(2021, 12, 7)
BANTUL_INTERVIEW_RECORD = {
    "mode": "online", "venue": "Konferensi video",
    "attendees": "Bupati Bantul, Sekretaris Daerah, kepala seluruh OPD (Bappeda, Dinas Kominfo dan OPD pemilik "
                 "program)\nTim penilai: Dr. Hendra Wijaya (ketua), Prof. Dr. Sri Handayani, Dr. Ratna Kusumadewi",
    "notes": "Evaluasi pelaksanaan smart city 2021. Bupati memaparkan komitmen dalam RPJMD 2021–2026; tiap OPD "
             "memaparkan programnya. Sebagian program tertunda karena refocusing anggaran, beberapa aplikasi masih "
             "dibangun, dan jumlah programmer di OPD belum mencukupi; Pemkab menyiapkan rencana aksi SDM.",
}

# The aspects' Indonesian labels, as the pages, charts and PDFs show them (one label each).
ASPECT_NAMES = {"baseline": "Baseline", "output": "Output (kebijakan, kelembagaan, anggaran)",
                "outcome": "Outcome (pelaksanaan masterplan)", "impact": "Impact (manfaat yang dirasakan masyarakat)",
                "quick_win": "Quick win (inovasi)"}

NARRATIVES = {
    "34.02": (
        "Komitmen smart city tertuang dalam RPJMD 2021–2026; Dewan Smart City dan Tim Pelaksana aktif; Bupati dan "
        "seluruh OPD memaparkan sendiri pelaksanaan masterplan kepada tim penilai.",
        "Sebagian program tidak berjalan karena refocusing anggaran dari pusat; beberapa aplikasi masih dalam "
        "tahap pembangunan; jumlah programmer di OPD belum mencukupi.",
        "Jalankan rencana aksi SDM: tempatkan ASN dan non-ASN sesuai keahlian, perbanyak bimtek dan pelatihan, "
        "tambah programmer per OPD; usulkan kembali program tertunda pada APBD perubahan.",
    ),
    "34.01": (
        "Quick win berfokus pada pengentasan kemiskinan (Bantuan Non Tunai, AirKu, belabeliku.com) dengan efek "
        "berganda pada pendapatan warga.",
        "Data dampak ekonomi belum dikumpulkan secara berkala; integrasi aplikasi antar-OPD masih terbatas.",
        "Ukur dampak quick win terhadap pendapatan warga setiap tahun; perluas pasar belabeliku.com ke bandara "
        "YIA.",
    ),
    "32.73": (
        "Kelembagaan dan tata kelola smart city paling matang di antara daerah yang dievaluasi; layanan publik "
        "digital dipakai luas oleh warga.",
        "Dampak lingkungan belum terukur sekuat dimensi lain.",
        "Bagikan praktik baik kepada daerah lain; perkuat pemantauan kualitas lingkungan berbasis sensor.",
    ),
}


def ensure_assessors():
    User = get_user_model()
    users = {}
    for username, first, last in ASSESSORS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@demo.smartcity.go.id"})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.ASSESSOR, region=None)
        users[username] = user
    return users


def build():
    instrument, _created = load_default_instrument()
    users = ensure_assessors()
    criteria = list(instrument.criteria.in_order())
    if not Cycle.objects.filter(year=2020).exists():
        _build_2020(instrument, criteria, users)
    # From 2021 on every demo region has an earlier final evaluation: Baseline measures improvement.
    criteria = results.frame_criteria(criteria, previous=True)
    if not Cycle.objects.filter(year=2021).exists():
        _build_2021(instrument, criteria, users)
    if not Cycle.objects.filter(year=today().year).exists():
        _build_current(instrument, criteria, users)
    if not Cycle.objects.filter(year=today().year - 1).exists():
        _build_previous(instrument, criteria, users)


# --- 2021: closed, every evaluation final ------------------------------------------------------------------


def _draw(code, target, criteria, assessors, weights, thresholds, year=2021):
    """Seeded scores around `target`: the draw (of 200) whose index comes closest to it."""
    best = None
    for salt in range(200):
        rng = random.Random(f"eval-{year}-{code}-{salt}")
        levels, agreed = {}, {}
        for criterion in criteria:
            centre = float(target) + SHIFTS.get(code, {}).get(criterion.code, 0) + rng.gauss(0, 0.5)
            consensus = min(5, max(1, round(centre)))
            given = []
            for _assessor in assessors:
                step = rng.choices([-2, -1, 0, 1, 2], weights=[2, 22, 52, 22, 2])[0]
                given.append(min(5, max(1, consensus + step)))
            levels[criterion.pk] = given
            if max(given) - min(given) > 1:
                agreed[criterion.pk] = min(max(consensus, min(given)), max(given))
        figures = compute_index([CriterionScores(c.pk, c.aspect, c.dimension, c.weight, tuple(levels[c.pk]),
                                                 agreed.get(c.pk)) for c in criteria], weights, thresholds)
        gap = abs(figures.index - Decimal(target))
        if best is None or gap < best[0]:
            best = (gap, levels, agreed, rng, figures)
        if gap == 0:
            break
    return best[1:]


def _build_2020(instrument, criteria, users):
    targets = {code: (target, RESULTS_2021[code][1]) for code, target in RESULTS_2020.items()}
    _build_final(2020, targets, WINDOWS_2020, instrument, criteria, users)


def _build_2021(instrument, criteria, users):
    _build_final(2021, RESULTS_2021, WINDOWS_2021, instrument, criteria, users)


def _build_final(year, targets, windows, instrument, criteria, users):
    """A cycle of `year` whose evaluations are all final and published: scores drawn around each target,
    the self-assessment, agreements, the narrative, the presentation and interview, then the letter."""
    sa_start, sa_end, a_start, a_end = windows
    # Held before 2023: the older survey rule (50 respondents over six programmes) is theirs.
    cycle = Cycle.objects.create(year=year, instrument=instrument, self_assessment_start=sa_start,
                                 self_assessment_end=sa_end, assessment_start=a_start, assessment_end=a_end,
                                 status=Cycle.Status.CLOSED, survey_rule=SurveyRule.OVERALL)
    regions = Region.objects.in_bulk(list(targets))
    weights, thresholds = cycle.aspect_weights(), instrument.thresholds()
    by_code = {c.pk: c for c in criteria}
    evaluations, plans = [], {}
    for i, (code, (target, assessors)) in enumerate(targets.items()):
        levels, agreed, rng, figures = _draw(code, target, criteria, assessors, weights, thresholds, year)
        submitted = dt.datetime(year, 11, 1 + i % (sa_end.day - 1), 14, 0, tzinfo=JAKARTA)
        # Each region presents to its assessors and is interviewed; the assessors then moderate among
        # themselves (invented dates, except Bantul's interview of 7 December 2021: seed 003).
        interviewed = BANTUL_INTERVIEW if (year, code) == (2021, "34.02") else \
            a_start + dt.timedelta(days=1 + i % 12)
        moderated = dt.datetime.combine(interviewed + dt.timedelta(days=2), dt.time(9, 0), JAKARTA)
        strengths, weaknesses, recommendations = _narrative(code, figures, year)
        evaluations.append(Evaluation(cycle=cycle, region=regions[code], status=Evaluation.Status.FINAL,
                                      submitted_at=submitted, moderation_opened_at=moderated,
                                      finalised_at=moderated + dt.timedelta(days=7), strengths=strengths,
                                      weaknesses=weaknesses, recommendations=recommendations,
                                      **figures.as_json()))
        plans[code] = (assessors, levels, agreed, rng, interviewed)
    when = dt.datetime.combine(a_end, dt.time(16, 0), JAKARTA)
    evaluations = bulk_create_with_history(evaluations, Evaluation, default_date=when)
    assignments, answers, scores, agreements, events, interviews = [], [], [], [], [], []
    for evaluation in evaluations:
        code = evaluation.region_id
        assessors, levels, agreed, rng, interviewed = plans[code]
        lead = users[assessors[0]]
        for j, name in enumerate(assessors):
            assignments.append(Assignment(evaluation=evaluation, assessor=users[name], is_lead=j == 0))
        for criterion in criteria:
            given = levels[criterion.pk]
            consensus = round(sum(given) / len(given))
            # Regions rate themselves a little more generously than their assessors (invented, but usual).
            own = min(5, consensus + rng.choice([0, 0, 1]))
            answers.append(SelfAssessment(
                evaluation=evaluation, criterion=criterion, level=own, explanation=criterion.descriptors[own - 1],
                evidence_url=f"https://{code.replace('.', '')}.demo.smartcity.go.id/evaluasi/{year}/"
                             f"{criterion.code.lower()}.pdf"))
            for name, level in zip(assessors, given, strict=True):
                comment = ("Sesuai dokumen dan hasil wawancara." if level >= own else
                           "Bukti belum lengkap; level diturunkan.")
                scores.append(Score(evaluation=evaluation, criterion=criterion, assessor=users[name], level=level,
                                    comment=comment))
            if criterion.pk in agreed:
                agreements.append(Agreement(
                    evaluation=evaluation, criterion=criterion, level=agreed[criterion.pk], decided_by=lead,
                    reason=f"Disepakati dalam moderasi setelah meninjau ulang bukti {by_code[criterion.pk].code}."))
        interviews.append(_interview(evaluation, year, interviewed, [users[name] for name in assessors]))
        events += [
            EvaluationEvent(evaluation=evaluation, action="submit", from_status="self_assessment",
                            to_status="submitted", at=evaluation.submitted_at),
            EvaluationEvent(evaluation=evaluation, action="open_moderation", from_status="submitted",
                            to_status="in_review", user=lead, at=evaluation.moderation_opened_at),
            EvaluationEvent(evaluation=evaluation, action="finalise", from_status="in_review", to_status="final",
                            user=lead, at=evaluation.finalised_at),
        ]
    for model, rows in ((Assignment, assignments), (SelfAssessment, answers), (Score, scores),
                        (Agreement, agreements)):
        bulk_create_with_history(rows, model, batch_size=1000, default_date=when)
    for interview in interviews:
        bulk_create_with_history([interview], Interview, default_user=interview.recorded_by,
                                 default_date=dt.datetime.combine(interview.date, dt.time(17, 0), JAKARTA))
    EvaluationEvent.objects.bulk_create(events)
    if year == 2021:
        _surveys_2021(evaluations)
    results.rank_cycle(cycle)
    _publish(cycle, *LETTERS[year])


def _interview(evaluation, year, day, assessors):
    """The region's presentation and interview with its assessors, recorded by the lead: online, as in the
    pandemic years. Bantul's of 2021 is the seed's; the others' attendees and notes are invented."""
    if (year, evaluation.region_id) == (2021, "34.02"):
        return Interview(evaluation=evaluation, date=day, recorded_by=assessors[0], **BANTUL_INTERVIEW_RECORD)
    team = ", ".join(f"{u.first_name} {u.last_name}".strip() + (" (ketua)" if i == 0 else "")
                     for i, u in enumerate(assessors))
    return Interview(
        evaluation=evaluation, date=day, mode=Interview.Mode.ONLINE, venue="Konferensi video",
        attendees=f"Kepala daerah, Bappeda, Dinas Kominfo dan OPD pemilik program\nTim penilai: {team}",
        notes=f"Paparan pelaksanaan masterplan {year} dan quick win, dilanjutkan tanya jawab atas bukti penilaian "
              "mandiri.", recorded_by=assessors[0])


# Invented: the numbers and days of the 2020 and 2021 result letters are not public; their shape follows
# Kota Kediri's letter B-1003/DJAI/AI.01.04/12/2022 of 5 December 2022 (FACTS.md).
LETTER_2021 = ("B-1150/DJAI/AI.01.04/12/2021", dt.date(2021, 12, 28))
LETTERS = {2020: ("B-1262/DJAI/AI.01.04/12/2020", dt.date(2020, 12, 30)), 2021: LETTER_2021}


def _publish(cycle, letter_number, letter_date):
    """The results as the ministry published them: the letter on the cycle, improvement and ranks fixed."""
    when = dt.datetime.combine(letter_date, dt.time(10, 0), JAKARTA)
    cycle.letter_number, cycle.letter_date = letter_number, letter_date
    cycle.published_at, cycle.status = when, Cycle.Status.PUBLISHED
    cycle.save(update_fields=["letter_number", "letter_date", "published_at", "status"])
    results.publish_figures(cycle, when)


def _surveys_2021(evaluations):
    """Regions with programmes running in 2021 surveyed their citizens; Bantul fell short of the 50
    respondents and six programmes asked for (invented, to show the warning)."""
    by_region = {e.region_id: e for e in evaluations}
    programmes = {}
    for programme in Programme.objects.filter(region_id__in=list(by_region), start_year__lte=2021).order_by("code"):
        programmes.setdefault(programme.region_id, []).append(programme)
    surveys = bulk_create_with_history(
        [CitizenSurvey(evaluation=by_region[code], notes="Survei daring dan tatap muka di mal pelayanan publik, "
                                                          "Oktober 2021.") for code in sorted(programmes)],
        CitizenSurvey)
    rows = []
    for survey in surveys:
        code = survey.evaluation.region_id
        rng = random.Random(f"survey-2021-{code}")
        chosen = programmes[code][: 5 if code == "34.02" else 6 + rng.randint(0, 2)]
        for programme in chosen:
            n = rng.randint(6, 9) if code == "34.02" else rng.randint(10, 25)
            happy = rng.uniform(0.55, 0.85)
            sangat = round(n * happy * 0.6)
            puas = round(n * happy) - sangat
            tidak = round((n - sangat - puas) * rng.uniform(0.2, 0.6))
            rows.append(SurveyedProgramme(survey=survey, programme=programme, sangat_puas=sangat, puas=puas,
                                          cukup_puas=n - sangat - puas - tidak, tidak_puas=tidak))
    bulk_create_with_history(rows, SurveyedProgramme)


def _narrative(code, figures, year=2021):
    """The lead's strengths, weaknesses and recommendations: the seeds' where they speak (2021), else drawn
    from the region's best and weakest aspects."""
    if year == 2021 and code in NARRATIVES:
        return NARRATIVES[code]
    aspects = {k: v for k, v in figures.aspect_indexes.items() if v is not None}
    best, worst = max(aspects, key=aspects.get), min(aspects, key=aspects.get)
    return (
        f"Capaian terbaik pada aspek {ASPECT_NAMES[best]} ({_comma(aspects[best])}); kelembagaan smart city "
        "berjalan.",
        f"Aspek {ASPECT_NAMES[worst]} tertinggal ({_comma(aspects[worst])}).",
        f"Prioritaskan perbaikan aspek {ASPECT_NAMES[worst]} dalam rencana kerja {year + 1} dan ukur dampaknya bagi "
        "warga.",
    )


def _comma(value):
    return f"{value:.2f}".replace(".", ",")  # Indonesian decimal comma, in stored prose


# --- this year: open, in its self-assessment stage -----------------------------------------------------------

ASSIGNMENTS_CURRENT = {
    "34.02": ["penilai", "penilai2"],
    "34.04": ["penilai", "penilai3"],
    "34.01": ["penilai3", "penilai4"],
    "34.03": ["penilai5", "penilai6"],
    "34.71": ["penilai5", "penilai4"],
}


def _build_current(instrument, criteria, users):
    # Every date is relative to the day the demo is built: the window is open then, for two more weeks.
    day = today()
    year = day.year
    sa_end = day + dt.timedelta(days=14)
    cycle = Cycle.objects.create(
        year=year, instrument=instrument, self_assessment_start=day - dt.timedelta(days=42),
        self_assessment_end=sa_end, assessment_start=sa_end + dt.timedelta(days=3),
        assessment_end=sa_end + dt.timedelta(days=33), status=Cycle.Status.SELF_ASSESSMENT)
    started = dt.datetime.combine(day - dt.timedelta(days=28), dt.time(9, 0), JAKARTA)
    submitted = dt.datetime.combine(day - dt.timedelta(days=7), dt.time(10, 0), JAKARTA)
    regions = Region.objects.in_bulk(list(ASSIGNMENTS_CURRENT))
    status = {"34.02": Evaluation.Status.SELF_ASSESSMENT, "34.01": Evaluation.Status.SUBMITTED}
    evaluations = bulk_create_with_history([
        Evaluation(cycle=cycle, region=regions[code], status=status.get(code, Evaluation.Status.NOT_STARTED),
                   submitted_at=submitted if code == "34.01" else None)
        for code in ASSIGNMENTS_CURRENT], Evaluation)
    assignments, answers, events = [], [], []
    for evaluation in evaluations:
        code = evaluation.region_id
        for j, name in enumerate(ASSIGNMENTS_CURRENT[code]):
            assignments.append(Assignment(evaluation=evaluation, assessor=users[name], is_lead=j == 0))
        drafted = {"34.02": 12, "34.01": len(criteria)}.get(code, 0)
        rng = random.Random(f"eval-2026-{code}")  # the seed of the story as first told
        for criterion in criteria[:drafted]:
            level = rng.choice([2, 3, 3, 4]) if code == "34.02" else rng.choice([3, 3, 4, 4, 5])
            answers.append(SelfAssessment(
                evaluation=evaluation, criterion=criterion, level=level, explanation=criterion.descriptors[level - 1],
                evidence_url=f"https://{code.replace('.', '')}.demo.smartcity.go.id/evaluasi/{year}/"
                             f"{criterion.code.lower()}.pdf"))
        if drafted:
            events.append(EvaluationEvent(evaluation=evaluation, action="start", from_status="not_started",
                                          to_status="self_assessment",
                                          at=started))
        if code == "34.01":
            events.append(EvaluationEvent(evaluation=evaluation, action="submit", from_status="self_assessment",
                                          to_status="submitted", at=evaluation.submitted_at))
    bulk_create_with_history(assignments, Assignment)
    bulk_create_with_history(answers, SelfAssessment)
    EvaluationEvent.objects.bulk_create(events)


# --- last year: late, in its assessment stage ----------------------------------------------------------------

ASSIGNMENTS_PREVIOUS = {
    "34.71": (["penilai", "penilai2"], Evaluation.Status.SUBMITTED),   # Kota Yogyakarta: to be scored
    "35.22": (["penilai", "penilai4"], Evaluation.Status.IN_REVIEW),   # Bojonegoro: in moderation
}


def _build_previous(instrument, criteria, users):
    day = today()
    year = day.year - 1
    sa_end = day - dt.timedelta(days=40)
    cycle = Cycle.objects.create(
        year=year, instrument=instrument, self_assessment_start=sa_end - dt.timedelta(days=60),
        self_assessment_end=sa_end, assessment_start=day - dt.timedelta(days=30),
        assessment_end=day + dt.timedelta(days=21), status=Cycle.Status.ASSESSMENT)
    at = lambda days, hour=10: dt.datetime.combine(day + dt.timedelta(days=days), dt.time(hour, 0), JAKARTA)  # noqa: E731
    regions = Region.objects.in_bulk(list(ASSIGNMENTS_PREVIOUS))
    evaluations = bulk_create_with_history([
        Evaluation(cycle=cycle, region=regions[code], status=status, submitted_at=at(-45),
                   moderation_opened_at=at(-5) if status == Evaluation.Status.IN_REVIEW else None)
        for code, (_names, status) in ASSIGNMENTS_PREVIOUS.items()], Evaluation)
    assignments, answers, scores, events = [], [], [], []
    for evaluation in evaluations:
        code = evaluation.region_id
        names, status = ASSIGNMENTS_PREVIOUS[code]
        rng = random.Random(f"eval-{year}-{code}")
        for j, name in enumerate(names):
            assignments.append(Assignment(evaluation=evaluation, assessor=users[name], is_lead=j == 0))
        levels = {}
        for criterion in criteria:
            level = rng.choice([3, 3, 4, 4, 5])
            levels[criterion.pk] = level
            answers.append(SelfAssessment(
                evaluation=evaluation, criterion=criterion, level=level, explanation=criterion.descriptors[level - 1],
                evidence_url=f"https://{code.replace('.', '')}.demo.smartcity.go.id/evaluasi/{year}/"
                             f"{criterion.code.lower()}.pdf"))
        events += [EvaluationEvent(evaluation=evaluation, action="start", from_status="not_started",
                                   to_status="self_assessment", at=at(-80)),
                   EvaluationEvent(evaluation=evaluation, action="submit", from_status="self_assessment",
                                   to_status="submitted", at=at(-45))]
        if status == Evaluation.Status.IN_REVIEW:
            lead_levels = {c.pk: max(1, levels[c.pk] - rng.choice([0, 0, 1])) for c in criteria}
            for i, criterion in enumerate(criteria):
                lead_level = lead_levels[criterion.pk]
                # The second assessor mostly agrees within a level; on two criteria they are far apart.
                other = (1 if lead_level >= 3 else 5) if i in (3, 17) else max(1, min(5, lead_level + rng.choice(
                    [-1, 0, 0, 1])))
                scores += [Score(evaluation=evaluation, criterion=criterion, assessor=users[names[0]], level=lead_level),
                           Score(evaluation=evaluation, criterion=criterion, assessor=users[names[1]], level=other)]
            events.append(EvaluationEvent(evaluation=evaluation, action="open_moderation", from_status="submitted",
                                          to_status="in_review", user=users[names[0]], at=at(-5)))
    bulk_create_with_history(assignments, Assignment)
    bulk_create_with_history(answers, SelfAssessment)
    bulk_create_with_history(scores, Score)
    EvaluationEvent.objects.bulk_create(events)
