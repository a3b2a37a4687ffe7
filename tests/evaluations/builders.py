"""A fluent builder for evaluation trees: instrument → cycle at a stage → evaluation at a status,
with answers, scores and agreements. Arranges straight through the ORM; tests act through the
services or HTTP."""
import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from evaluations.models import (
    Agreement,
    Assignment,
    CitizenSurvey,
    Criterion,
    Cycle,
    Evaluation,
    EvaluationEvent,
    Instrument,
    Score,
    SelfAssessment,
    SurveyedProgramme,
)
from tests.clock import today

EVALUATIONS = "/api/v1/evaluations/"
CYCLES = "/api/v1/cycles/"


def url(evaluation, sub=""):
    return f"{EVALUATIONS}{evaluation.pk}/" + (f"{sub}/" if sub else "")


# (aspect, dimension, weight) of the criteria of a test instrument, repeated as needed.
SPECS = [
    ("baseline", "governance", "1"),
    ("output", "", "2"),
    ("impact", "living", "1"),
    ("outcome", "economy", "1"),
    ("quick_win", "society", "1"),
    ("output", "environment", "1"),
]


def make_instrument(n=3, code="uji", specs=None):
    instrument = Instrument.objects.create(code=code, name=f"Instrumen uji {code}")
    specs = specs or [SPECS[i % len(SPECS)] for i in range(n)]
    Criterion.objects.bulk_create(
        Criterion(instrument=instrument, code=f"K{i:02d}", position=i, aspect=aspect, dimension=dimension,
                  weight=Decimal(weight), question=f"Pertanyaan {i}", level_1="satu", level_2="dua", level_3="tiga",
                  level_4="empat", level_5="lima")
        for i, (aspect, dimension, weight) in enumerate(specs, start=1))
    return instrument


def windows(stage):
    """(sa_start, sa_end, a_start, a_end) around today for a cycle at `stage`."""
    t = today()
    d = dt.timedelta
    if stage in ("draft", "self_assessment"):
        return t - d(10), t + d(10), t + d(11), t + d(40)
    if stage == "assessment":
        return t - d(40), t - d(11), t - d(10), t + d(10)
    return t - d(80), t - d(61), t - d(60), t - d(31)  # closed


def make_cycle(instrument, stage="self_assessment", year=2026):
    sa_start, sa_end, a_start, a_end = windows(stage)
    return Cycle.objects.create(year=year, instrument=instrument, status=stage, self_assessment_start=sa_start,
                                self_assessment_end=sa_end, assessment_start=a_start, assessment_end=a_end)


def move_cycle(cycle, stage):
    """Jump a cycle to another stage with its windows (as time passing and the admin would)."""
    cycle.self_assessment_start, cycle.self_assessment_end, cycle.assessment_start, cycle.assessment_end = \
        windows(stage)
    cycle.status = stage
    cycle.save()
    return cycle


def make_evaluation(cycle, region, status="not_started", assessors=(), lead=None):
    evaluation = Evaluation.objects.create(cycle=cycle, region_id=region, status=status)
    Assignment.objects.bulk_create(Assignment(evaluation=evaluation, assessor=user, is_lead=user == lead)
                                   for user in assessors)
    return evaluation


def criteria_of(evaluation):
    return list(evaluation.cycle.instrument.criteria.order_by("position"))


def answer_all(evaluation, level=3, user=None):
    SelfAssessment.objects.bulk_create(
        SelfAssessment(evaluation=evaluation, criterion=c, level=level, explanation="ada", updated_by=user)
        for c in criteria_of(evaluation))


def score(evaluation, assessor, levels):
    """Scores of one assessor: a level for every criterion, or a list (None skips a criterion)."""
    criteria = criteria_of(evaluation)
    levels = levels if isinstance(levels, list) else [levels] * len(criteria)
    Score.objects.bulk_create(Score(evaluation=evaluation, criterion=c, assessor=assessor, level=level)
                              for c, level in zip(criteria, levels, strict=True) if level is not None)


def agree(evaluation, criterion, level, lead):
    return Agreement.objects.create(evaluation=evaluation, criterion=criterion, level=level, reason="disepakati",
                                    decided_by=lead)


def write_narrative(evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(strengths="Kuat.", weaknesses="Lemah.",
                                                       recommendations="Perbaiki.")
    evaluation.refresh_from_db()
    return evaluation


MODELS = [Instrument, Criterion, Cycle, Evaluation, Assignment, SelfAssessment, Score, Agreement, CitizenSurvey,
          SurveyedProgramme, EvaluationEvent]


def evaluation_state():
    state = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    state["history"] = {m.__name__: m.history.count() for m in MODELS if hasattr(m, "history")}
    return state


@contextmanager
def unchanged_evaluations():
    before = evaluation_state()
    yield
    after = evaluation_state()
    for key in before:
        assert after[key] == before[key], f"{key} changed on a refused request"
