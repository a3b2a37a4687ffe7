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


def test_each_page_is_headed_by_the_chapter_that_starts_on_it_or_runs_on_into_it(results):
    """The running header once lagged a chapter: page 5 was headed "3." above chapter 4."""
    from .conftest import pdf_text

    pdf = rendering.html_to_pdf(html_of(results.bantul))
    chapters = ["1. Ringkasan", "2. Enam dimensi", "3. Level per kriteria", "4. Temuan dan rekomendasi",
                "5. Lampiran"]
    current, checked = None, 0
    for number, page in enumerate(pdf_text(pdf).split("\f")[2:], start=3):  # after the cover and the contents
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        header, body = lines[0], lines[1:]
        opened = [c for c in chapters for line in body if line.startswith(c)]
        current = opened[0] if opened else current
        assert current and current[:12] in header, (number, header, current)
        checked += 1
    assert checked >= 3


def test_a_published_cycle_without_predikat_reads_as_final_with_index_bands_and_the_letters_ranks(results, world):
    from evaluations.transitions import publish_cycle
    from tests import clock

    cycle = results.bantul.cycle
    cycle.instrument.uses_predikat = False
    cycle.instrument.save(update_fields=["uses_predikat"])
    publish_cycle(world.users["admin"], cycle, "B-1/DJAI/AI.01.04/12/2024", clock.today())
    report = data.national_report_data(2024)
    html = rendering.render_html("national", report, "id", data.fingerprint(report))

    assert report.draft is False and "DRAF" not in html
    assert [p.label for p in report.predikat] == ["1,00–1,80", "1,80–2,60", "2,60–3,40", "3,40–4,20", "4,20–5,00"]
    assert sum(p.count for p in report.predikat) == 2
    assert "Daerah menurut rentang indeks" in html and ">Predikat<" not in html
    results.bantul.refresh_from_db()
    bantul_row = next(r for r in report.ranking if r.region_name == "Kabupaten Bantul")
    assert (bantul_row.rank, bantul_row.change) == (results.bantul.rank_national, results.bantul.improvement)
    assert "lima rentang sama lebar 0,80" in html  # the map's classes are the same bands
