"""The template stage of the region report: what its HTML holds, and that its layout cost stays bounded.

WeasyPrint's time follows the boxes it lays out (about 12 ms per table row of the old annex, which listed
every programme in a row of its own), so the annex gives programmes as running text: tables hold a fixed
number of rows whatever the number of programmes (only the stalled ones, listed in full, add rows)."""
import pytest
from django.utils import translation

from reports import data, rendering
from tests.programmes.conftest import make_programme


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def html_of(evaluation, **variant):
    report = data.evaluation_report_data(data.evaluation_for_report(evaluation.pk), **variant)
    return rendering.render_html("evaluation", report, "id", data.fingerprint(report))


def test_more_programmes_add_no_table_rows_to_the_region_report_and_each_is_still_listed(results):
    before = html_of(results.bantul)
    masterplan = results.plans.masterplans["34.02"]
    for i in range(20):
        make_programme(masterplan, f"BTL-GOV-X{i:02d}", name=f"Layanan digital {i:02d}")

    after = html_of(results.bantul)

    assert after.count("<tr") == before.count("<tr")
    assert all(f"Layanan digital {i:02d} (BTL-GOV-X{i:02d})" in after for i in range(20))
    assert "Smart Governance <span class=\"muted\">(22)</span>" in after


def test_the_descriptor_and_final_columns_are_left_out_when_no_final_level_is_shown(world, penilai2, instrument):
    from tests.evaluations.builders import make_cycle

    from .conftest import scored_evaluation

    evaluation = scored_evaluation(make_cycle(instrument, "assessment", year=2026), "34.02", world.users, [3] * 6,
                                   [4] * 6, status="submitted")

    hidden = html_of(evaluation, shows_scores=False)
    shown = html_of(evaluation, shows_scores=True)

    assert "Deskriptor level yang dicapai" not in hidden and "level yang disepakati ketua" not in hidden
    assert "Deskriptor level yang dicapai" in shown and "Level 4: empat" in shown  # 3,50


def test_the_national_report_draws_the_average_index_per_province_on_the_map_with_its_credit(results):
    report = data.national_report_data(2024)
    html = rendering.render_html("national", report, "id", data.fingerprint(report))

    assert "Peta rata-rata indeks per provinsi 2024" in html
    assert html.count('<path d="M0 0m') == 38  # every province drawn from the stored boundaries
    assert "<title>Daerah Istimewa Yogyakarta: " in html and "<a href" not in html.split("map-svg", 1)[1].split("</svg>")[0]
    assert "cahyadsn/wilayah_boundaries (MIT)" in html
