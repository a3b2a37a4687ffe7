"""Report fixtures on top of the personas of tests/conftest.py.

- results: Bantul final in the closed 2023 and 2024 cycles (penilai leads, penilai2 assesses), Sleman final
  in 2024; instrument of six criteria (tests/evaluations/builders SPECS); Bantul's and Sleman's programmes
  (tests/programmes/conftest.build_plans) with, in 2024, Satu Data running at 60 % and Pasar Digital
  stalled by refocusing anggaran.
- media: MEDIA_ROOT in a temporary directory (the report files).
- queue: a Celery queue of this test run only, so that parallel test processes never take each other's tasks.
"""
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from evaluations.models import Evaluation
from evaluations.results import rank_cycle, results_of
from tests import clock
from tests.conftest import make_user
from tests.evaluations.builders import (
    answer_all,
    make_cycle,
    make_evaluation,
    make_instrument,
    score,
)
from tests.programmes.conftest import build_plans

NARRATIVE = {
    "strengths": "Komitmen pimpinan daerah kuat; Dewan Smart City aktif.",
    "weaknesses": "Refocusing anggaran menunda program; aplikasi masih dibangun.",
    "recommendations": "Tambah programmer di setiap OPD; usulkan kembali program tertunda pada APBD.",
}


@dataclass
class Results:
    bantul: Evaluation
    bantul_2023: Evaluation
    sleman: Evaluation
    plans: object


def finalise(evaluation, narrative=NARRATIVE):
    """Fix the evaluation's results as finalisation does (evaluations.results), and rank its cycle."""
    figures = results_of(evaluation).as_json()
    Evaluation.objects.filter(pk=evaluation.pk).update(
        status=Evaluation.Status.FINAL, index=figures["index"], aspect_indexes=figures["aspect_indexes"],
        dimension_indexes=figures["dimension_indexes"], predikat=figures["predikat"], finalised_at=clock.now(),
        **narrative)
    rank_cycle(evaluation.cycle)
    evaluation.refresh_from_db()
    return evaluation


def scored_evaluation(cycle, code, users, levels, other_levels, status="in_review"):
    evaluation = make_evaluation(cycle, code, status=status, assessors=[users["penilai"], users["penilai2"]],
                                 lead=users["penilai"])
    answer_all(evaluation, level=3)
    score(evaluation, users["penilai"], levels)
    score(evaluation, users["penilai2"], other_levels)
    return evaluation


@pytest.fixture
def penilai2(world):
    user = make_user("penilai2", "assessor", None, "Sri", "Handayani")
    world.users["penilai2"] = user
    return user


@pytest.fixture
def instrument(db):
    return make_instrument(6, code="uji-laporan")


@pytest.fixture
def results(world, penilai2, instrument):
    from programmes.services import post_update

    users = world.users
    plans = build_plans(world)
    post_update(users["bantul"], plans.programmes["BTL-ECO-03"], {
        "year": 2024, "status": "stalled", "progress": 20, "constraint_category": "budget",
        "constraint": "refocusing anggaran", "next_steps": "diusulkan kembali pada APBD perubahan"})
    cycle_2023 = make_cycle(instrument, "closed", year=2023)
    cycle_2024 = make_cycle(instrument, "closed", year=2024)
    bantul_2023 = finalise(scored_evaluation(cycle_2023, "34.02", users, [2, 3, 2, 3, 2, 3], [3, 3, 2, 2, 2, 3]))
    bantul = finalise(scored_evaluation(cycle_2024, "34.02", users, [3, 4, 3, 4, 2, 3], [4, 4, 3, 3, 3, 3]))
    sleman = finalise(scored_evaluation(cycle_2024, "34.04", users, [4, 4, 4, 5, 4, 4], [4, 5, 4, 4, 4, 4]))
    return Results(bantul=bantul, bantul_2023=bantul_2023, sleman=sleman, plans=plans)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def queue(settings):
    name = f"reports-test-{uuid.uuid4().hex[:10]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    return name


@pytest.fixture
def eager():
    """Celery eager for this test: the build runs in the test process when the request commits."""
    from smartcity.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def pdf_text(path_or_bytes, tmp_path=None):
    """The text of a PDF as `pdftotext -layout` reads it."""
    import subprocess
    import tempfile

    if isinstance(path_or_bytes, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(path_or_bytes)
            handle.flush()
            return subprocess.run(["pdftotext", "-layout", handle.name, "-"], check=True, capture_output=True,
                                  text=True).stdout
    return subprocess.run(["pdftotext", "-layout", str(path_or_bytes), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_pages(content):
    """The text of each page of a PDF (`pdftotext -raw`, which also reads rotated text such as a watermark)."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        text = subprocess.run(["pdftotext", "-raw", handle.name, "-"], check=True, capture_output=True,
                              text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def decimal_id(value):
    """3.45 → "3,45" as the Indonesian report prints it."""
    return f"{Decimal(value):.2f}".replace(".", ",")
