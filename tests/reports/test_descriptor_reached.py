"""The descriptor a criterion's final level reaches: one rule (evaluations.index.level_reached, half up), the
same on the results page, in the report's data and in the PDF the build task writes. Bantul 2024 (see
conftest.results) has K01 scored 3 and 4 by its two assessors: a mean of 3,50, which reaches level 4."""
import re
from decimal import Decimal

import pytest
from django.utils import translation

from evaluations.index import level_reached
from reports import data
from reports.models import Report

from .conftest import pdf_text


@pytest.mark.parametrize(("level", "reached"), [
    (None, None), (Decimal("1.00"), 1), (Decimal("1.49"), 1), (Decimal("3.49"), 3), (Decimal("3.50"), 4),
    (Decimal("3.67"), 4), (Decimal("4.50"), 5), (Decimal("5.00"), 5), (Decimal("0.40"), 1), (Decimal("5.60"), 5),
    ("3.50", 4), (3, 3),
])
def test_the_level_a_final_level_reaches_is_rounded_half_up_within_one_to_five(level, reached):
    assert level_reached(level) == reached


def test_a_mean_of_three_and_a_half_reaches_level_four_on_the_results_page(results, client_as):
    response = client_as("penilai").get(f"/evaluations/{results.bantul.pk}/")

    row = re.search(r'K01</span>.*?</tr>', response.content.decode(), re.S).group(0)
    assert "3,50" in row and "empat" in row and "tiga" not in row


def test_a_mean_of_three_and_a_half_reaches_level_four_in_the_report_data(results):
    with translation.override("id"):
        report = data.evaluation_report_data(data.evaluation_for_report(results.bantul.pk))

    first = report.criteria[0]
    assert (first.code, first.final_level, first.level_reached, first.descriptor) == (
        "K01", Decimal("3.50"), 4, "empat")


def test_a_mean_of_three_and_a_half_reaches_level_four_in_the_pdf_the_task_builds(results, media):
    from reports.tasks import build_report

    report = Report.objects.create(kind="evaluation", evaluation=results.bantul, language="id",
                                   key=f"evaluation:{results.bantul.pk}:id:sa")
    build_report.apply(args=[report.pk])
    report.refresh_from_db()

    assert report.status == "done"
    line = next(line for line in pdf_text(report.file.path).splitlines() if line.lstrip().startswith("K01"))
    assert "Level 4: empat" in line and "3,50" in line
