"""After a region's first evaluation the assessors score Baseline on the improvement since its previous
final evaluation, whose results (index, aspects, pillars) they see beside the criteria; a first evaluation
is scored on the readiness criteria and says so."""
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.instrument_data import CRITERIA, IMPROVEMENT
from evaluations.models import Criterion, Evaluation
from evaluations.services import load_default_instrument

from .builders import make_cycle, make_evaluation, make_instrument, score

IMPROVING = ["naik sedikit", "naik cukup", "naik nyata", "naik pesat", "naik penuh"]


def with_improvement(instrument):
    """The test instrument's Baseline criterion K01 with its question and descriptors of improvement."""
    Criterion.objects.filter(instrument=instrument, aspect="baseline").update(
        improvement_question="Seberapa besar peningkatannya?",
        **{f"improvement_level_{i}": text for i, text in enumerate(IMPROVING, start=1)})
    return instrument


def previous_final(region, year=2025, index="3.06"):
    """A final evaluation of `region` in an earlier cycle, with its published figures."""
    cycle = make_cycle(make_instrument(3, code=f"lama{year}"), "closed", year=year)
    evaluation = make_evaluation(cycle, region, "final")
    Evaluation.objects.filter(pk=evaluation.pk).update(
        index=Decimal(index), aspect_indexes={"baseline": "3.60", "output": "3.21", "outcome": "3.23",
                                              "impact": "3.07", "quick_win": "3.65"},
        dimension_indexes={"governance": "2.75", "branding": "2.75", "economy": "3.50", "living": "3.33",
                           "society": "3.33", "environment": "2.75"})
    return evaluation


def scoring_page(client, evaluation):
    return client.get(reverse("evaluations:scoring", args=[evaluation.pk])).content.decode()


# --- the default instrument -----------------------------------------------------------------------------------

def test_every_baseline_criterion_of_the_default_instrument_has_descriptors_of_improvement(db):
    instrument, _created = load_default_instrument()
    baseline = list(instrument.criteria.filter(aspect="baseline"))
    assert baseline and {c.code for c in baseline} == set(IMPROVEMENT)
    for criterion in baseline:
        assert criterion.measures_improvement
        assert all(criterion.improvement_descriptors) and criterion.improvement_question
        assert criterion.improvement_descriptors != criterion.readiness_descriptors
    assert not any(c.measures_improvement for c in instrument.criteria.exclude(aspect="baseline"))
    assert "peningkatan" in instrument.description


def test_the_migration_gives_a_stored_default_instrument_its_descriptors_of_improvement_and_keeps_edits(db):
    migration = importlib.import_module("evaluations.migrations.0005_baseline_measures_improvement")
    instrument, _created = load_default_instrument()
    stored = instrument.criteria.filter(aspect="baseline")
    blank = {f: "" for f in Criterion.IMPROVEMENT_FIELDS}
    stored.update(**blank)
    stored.filter(code="B02").update(improvement_question="Disunting admin", **{
        f"improvement_level_{i}": f"sunting {i}" for i in range(1, 6)})
    migration.default_baseline_measures_improvement(apps, None)
    by_code = {c.code: c for c in instrument.criteria.filter(aspect="baseline")}
    assert by_code["B01"].improvement_question == IMPROVEMENT["B01"][0]
    assert by_code["B01"].improvement_descriptors == IMPROVEMENT["B01"][2]
    assert by_code["B02"].improvement_question == "Disunting admin"
    assert len(CRITERIA) == instrument.criteria.count()


def test_descriptors_of_improvement_belong_to_baseline_and_come_five_or_none(instrument):
    output = instrument.criteria.get(aspect="output")
    output.improvement_level_1 = "naik"
    with pytest.raises(ValidationError) as refused:
        output.full_clean()
    assert "improvement_level_1" in refused.value.message_dict
    baseline = instrument.criteria.get(aspect="baseline")
    baseline.improvement_level_1 = "naik"
    with pytest.raises(ValidationError) as refused:
        baseline.full_clean()
    assert "Give all five" in str(refused.value)


# --- the scoring and moderation pages ---------------------------------------------------------------------------

def test_a_first_evaluation_is_scored_on_readiness_and_says_it_is_the_first(bantul, client_as):
    with_improvement(bantul.cycle.instrument)
    text = scoring_page(client_as("penilai"), bantul)
    assert 'data-testid="first-evaluation"' in text
    assert "first evaluation" in text
    assert "— satu" in text and "naik sedikit" not in text
    assert "Pertanyaan 1" in text and "Seberapa besar peningkatannya?" not in text


def test_after_a_first_evaluation_baseline_is_scored_on_improvement_beside_the_previous_results(
        bantul, client_as):
    with_improvement(bantul.cycle.instrument)
    previous_final("34.02", year=2024, index="2.80")
    previous_final("34.02", year=2025, index="3.06")   # the latest earlier one counts, whatever its year
    text = scoring_page(client_as("penilai"), bantul)
    assert "Previous final results (2025)" in text
    assert 'data-testid="previous-index">3.06<' in text
    for label, figure in (("Baseline", "3.60"), ("Quick win (innovation)", "3.65"), ("Smart Economy", "3.50"),
                          ("Smart Environment", "2.75")):
        assert f'{label}</th><td class="text-end">{figure}</td>' in text
    # K01 (Baseline) against improvement; K02 (Output) keeps its one set of descriptors.
    assert "— naik sedikit" in text and "— naik penuh" in text
    assert "Seberapa besar peningkatannya?" in text and "Scored on improvement" in text
    assert text.count("— satu") == 2  # K02 and K03 only
    assert 'data-testid="first-evaluation"' not in text


def test_a_baseline_criterion_without_descriptors_of_improvement_keeps_its_readiness_descriptors(
        bantul, client_as):
    previous_final("34.02")
    text = scoring_page(client_as("penilai"), bantul)
    assert "Previous final results (2025)" in text
    assert text.count("— satu") == 3 and "Scored on improvement" not in text


def test_another_regions_or_a_later_evaluation_is_not_a_previous_one(bantul, client_as):
    previous_final("34.04", year=2025)
    previous_final("34.02", year=2027)
    later_open = make_evaluation(make_cycle(make_instrument(3, code="lain"), "self_assessment", year=2024), "34.02")
    assert later_open.status == "not_started"
    text = scoring_page(client_as("penilai"), bantul)
    assert 'data-testid="first-evaluation"' in text


def test_the_moderation_page_shows_the_previous_results_and_the_improvement_descriptors(bantul, client_as, users):
    with_improvement(bantul.cycle.instrument)
    previous_final("34.02")
    score(bantul, users["penilai"], [4, 2, 3])
    score(bantul, users["penilai2"], [1, 2, 3])  # K01 differs by three levels: agreement asked
    Evaluation.objects.filter(pk=bantul.pk).update(status="in_review")
    text = client_as("penilai").get(reverse("evaluations:moderation", args=[bantul.pk])).content.decode()
    assert "Previous final results (2025)" in text
    assert 'title="naik sedikit"' in text and "Seberapa besar peningkatannya?" in text


def test_the_previous_results_cost_the_scoring_page_one_query_whatever_the_criteria(users, client_as):
    client = client_as("penilai")
    counted = []
    for n, code, year in ((3, "tiga", 2026), (12, "dua-belas", 2027)):
        instrument = with_improvement(make_instrument(n, code=code))
        evaluation = make_evaluation(make_cycle(instrument, year=year), "34.02", assessors=[users["penilai"]],
                                     lead=users["penilai"])
        for first in (True, False):
            if not first:
                previous_final("34.02", year=year - 10, index="3.00")
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("evaluations:scoring", args=[evaluation.pk])).status_code == 200
            counted.append(len(ctx.captured_queries))
    assert len(set(counted)) == 1, counted

