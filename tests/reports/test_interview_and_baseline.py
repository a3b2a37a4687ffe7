"""The region report prints the presentation and interview with the assessors (a short section of the summary)
and, after a region's first evaluation, its Baseline criteria as asked on improvement."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from evaluations.models import Criterion, Interview
from reports import data, rendering

from .conftest import pdf_text


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def report_of(evaluation):
    return data.evaluation_report_data(data.evaluation_for_report(evaluation.pk))


def html_of(report):
    return rendering.render_html("evaluation", report, "id", data.fingerprint(report))


def interview(evaluation, user, **fields):
    values = {"date": dt.date(2024, 11, 26), "mode": "online", "venue": "Zoom",
              "attendees": "Bupati Bantul dan seluruh OPD", "notes": "Paparan pelaksanaan masterplan."}
    values.update(fields)
    return Interview.objects.create(evaluation=evaluation, recorded_by=user, **values)


def test_the_report_prints_the_interview_in_its_summary(results, world):
    interview(results.bantul, world.users["penilai"])
    report = report_of(results.bantul)
    assert [(i.date, i.mode_label, i.venue) for i in report.interviews] == [(dt.date(2024, 11, 26), "Daring", "Zoom")]
    html = html_of(report)
    section = html.split("Paparan dan wawancara", 1)[1].split("</div>", 1)[0]
    assert "Pada Selasa, 26 November 2024 daerah memaparkan kepada tim penilai dan diwawancarai secara daring (Zoom)." in section
    assert "Bupati Bantul dan seluruh OPD" in section and "Paparan pelaksanaan masterplan." in section
    text = pdf_text(rendering.html_to_pdf(html))
    assert "Paparan dan wawancara" in text and "Bupati Bantul dan seluruh OPD" in text


def test_a_report_without_an_interview_says_none_was_recorded(results):
    html = html_of(report_of(results.sleman))
    assert "Tidak ada paparan atau wawancara yang dicatat." in html


def test_the_interviews_cost_the_report_one_query_however_many(results, world):
    counted = []
    for n in (1, 4):
        Interview.objects.filter(evaluation=results.bantul).delete()
        for i in range(n):
            interview(results.bantul, world.users["penilai"], date=dt.date(2024, 11, 20 + i))
        with CaptureQueriesContext(connection) as ctx:
            report_of(results.bantul)
        counted.append(len(ctx.captured_queries))
    assert counted[0] == counted[1]


def test_after_the_first_evaluation_the_report_prints_baseline_as_asked_on_improvement(results, instrument):
    Criterion.objects.filter(instrument=instrument, aspect="baseline").update(
        improvement_question="Seberapa besar peningkatannya?",
        **{f"improvement_level_{i}": f"naik {i}" for i in range(1, 6)})
    later = {row.code: row for row in report_of(results.bantul).criteria}      # 2024, after 2023
    first = {row.code: row for row in report_of(results.bantul_2023).criteria}  # the region's first
    baseline = next(c.code for c in instrument.criteria.filter(aspect="baseline"))
    assert later[baseline].question == "Seberapa besar peningkatannya?"
    assert later[baseline].descriptor.startswith("naik")
    assert first[baseline].question != "Seberapa besar peningkatannya?"
    assert not first[baseline].descriptor.startswith("naik")
