"""The data stage of the reports, without a PDF: what each report shows, in a constant number of queries."""
from decimal import Decimal

import pytest
from django.utils import translation

from evaluations.results import results_of
from reports import data
from tests.evaluations.builders import make_cycle, make_evaluation
from tests.programmes.conftest import make_programme

from .conftest import scored_evaluation

EVALUATION_QUERIES = 15  # evaluation, assignments (2), scores (3), answers, criteria, rank, previous, facts (3), programmes,
#                          the presentations and interviews
NATIONAL_QUERIES = 11


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def gather(evaluation):
    return data.evaluation_report_data(data.evaluation_for_report(evaluation.pk))


def test_the_evaluation_report_shows_the_published_figures_rank_and_change_from_last_year(results):
    bantul = results.bantul
    report = gather(bantul)

    assert (report.region_name, report.province_name, report.year) == (
        "Kabupaten Bantul", "Daerah Istimewa Yogyakarta", 2024)
    assert (report.index, report.predikat, report.draft) == (bantul.index, bantul.predikat, False)
    assert (report.rank, report.ranked_count) == (2, 2)  # Sleman scored higher
    assert (report.previous_year, report.previous_index) == (2023, results.bantul_2023.index)
    assert report.change == bantul.index - results.bantul_2023.index
    assert {d.key: d.value for d in report.dimensions} == {
        key: None if value is None else Decimal(value) for key, value in bantul.dimension_indexes.items()}
    assert [d.key for d in report.dimensions] == ["governance", "branding", "economy", "living", "society",
                                                  "environment"]
    assert report.strengths.startswith("Komitmen pimpinan")
    assert report.assessors[0] == "Hendra Wijaya (ketua)"


def test_each_criterion_shows_its_self_assessed_and_final_level_with_the_descriptor_reached(results):
    bantul = results.bantul
    report = gather(bantul)

    levels = results_of(bantul).criterion_levels
    finals = [row.final_level for row in report.criteria]
    assert finals == [levels[c.pk] for c in bantul.cycle.instrument.criteria.order_by("position")]
    assert finals == [Decimal("3.50"), Decimal("4.00"), Decimal("3.00"), Decimal("3.50"), Decimal("2.50"),
                      Decimal("3.00")]
    first = report.criteria[0]
    # 3,50 reaches level 4 (half up, as on the results page: evaluations.index.level_reached).
    assert (first.code, first.self_level, first.level_reached, first.descriptor) == ("K01", 3, 4, "empat")
    assert report.criteria[1].descriptor == "empat"


def test_the_annex_shows_programmes_by_dimension_the_stalled_ones_and_the_budget(results):
    annex = gather(results.bantul).annex

    assert [(d.key, [p.code for p in d.programmes]) for d in annex.by_dimension] == [
        ("governance", ["BTL-GOV-02", "BTL-QW-01"]), ("economy", ["BTL-ECO-03"])]
    satu_data = annex.by_dimension[0].programmes[0]
    assert (satu_data.status, satu_data.status_label, satu_data.progress) == ("running", "Berjalan", 60)
    assert [(p.code, p.constraint_label, p.constraint) for p in annex.stalled] == [
        ("BTL-ECO-03", "Anggaran", "refocusing anggaran")]
    # No pagu recorded for 2024: nothing to realise against (tests/programmes/test_budgets.py has the figures).
    assert (annex.budget_planned, annex.budget_realised, annex.realisation) == (0, 0, None)
    assert dict((label, (n, q)) for label, n, q in annex.status_table)["Belum ada laporan perkembangan"] == (1, 1)


def test_the_criteria_come_grouped_by_aspect_with_the_aspects_index(results):
    report = gather(results.bantul)

    groups = report.criteria_by_aspect
    # SPECS: baseline, output, impact, outcome, quick win, output: consecutive runs of the instrument's order.
    assert [(g.aspect.key, [c.code for c in g.criteria]) for g in groups] == [
        ("baseline", ["K01"]), ("output", ["K02"]), ("impact", ["K03"]), ("outcome", ["K04"]),
        ("quick_win", ["K05"]), ("output", ["K06"])]
    aspects = {a.key: a.value for a in report.aspects}
    assert all(g.aspect.value == aspects[g.aspect.key] for g in groups)
    assert [c for g in groups for c in g.criteria] == list(report.criteria)


def test_each_dimension_lists_the_criteria_that_make_it(results):
    report = gather(results.bantul)

    assert {row.dimension.key: row.codes for row in report.criteria_by_dimension} == {
        "governance": ("K01",), "branding": (), "economy": ("K04",), "living": ("K03",), "society": ("K05",),
        "environment": ("K06",)}
    assert [row.dimension for row in report.criteria_by_dimension] == list(report.dimensions)


def test_the_annex_counts_programmes_by_dimension_and_status_as_the_facts_count_them(results):
    annex = gather(results.bantul).annex

    statuses = [s.key for s in annex.status_counts]
    table = {row.label: dict(zip(statuses, row.counts, strict=True)) for row in annex.dimension_table}
    assert table["Smart Governance"] == {**dict.fromkeys(statuses, 0), "running": 1, "": 1}
    assert table["Smart Economy"] == {**dict.fromkeys(statuses, 0), "stalled": 1}
    # The dimension rows add up to the all-programmes row, which comes from evaluations.facts.
    assert [sum(column) for column in zip(*(row.counts for row in annex.dimension_table), strict=True)] == [
        s.count for s in annex.status_counts]
    assert sum(row.total for row in annex.dimension_table) == annex.programme_count == 3
    assert annex.quick_win_count == 1
    governance = annex.dimension_table[0]
    assert [(g.label, [p.code for p in g.programmes]) for g in governance.by_status] == [
        ("Berjalan", ["BTL-GOV-02"]), ("Belum ada laporan perkembangan", ["BTL-QW-01"])]


def test_the_evaluation_data_stage_runs_in_a_constant_number_of_queries(results, django_assert_num_queries):
    gather(results.bantul)  # warm: a first call may also load a lazily cached row
    with django_assert_num_queries(EVALUATION_QUERIES):
        gather(results.bantul)
    masterplan = results.plans.masterplans["34.02"]
    for i in range(12):
        make_programme(masterplan, f"BTL-X-{i:02d}", dimension="living")
    with django_assert_num_queries(EVALUATION_QUERIES):
        report = gather(results.bantul)
    assert report.annex.programme_count == 15


def test_a_draft_shows_no_assessor_levels_to_a_reader_who_may_not_see_them(world, penilai2, instrument):
    cycle = make_cycle(instrument, "assessment", year=2026)
    evaluation = scored_evaluation(cycle, "34.02", world.users, [3] * 6, [4] * 6, status="submitted")
    loaded = data.evaluation_for_report(evaluation.pk)

    hidden = data.evaluation_report_data(loaded, shows_scores=False)
    shown = data.evaluation_report_data(loaded, shows_scores=True)

    assert hidden.draft and shown.draft
    assert hidden.index is None and all(row.final_level is None for row in hidden.criteria)
    assert [row.self_level for row in hidden.criteria] == [3] * 6
    assert shown.index == results_of(evaluation).index
    assert data.fingerprint(hidden) != data.fingerprint(shown)


def test_the_national_report_ranks_averages_and_counts_in_a_constant_number_of_queries(
        results, django_assert_num_queries):
    with django_assert_num_queries(NATIONAL_QUERIES):
        report = data.national_report_data(2024)

    bantul, sleman = results.bantul, results.sleman
    assert [(r.rank, r.region_name, r.index) for r in report.ranking] == [
        (1, "Kabupaten Sleman", sleman.index), (2, "Kabupaten Bantul", bantul.index)]
    assert report.ranking[1].change == bantul.index - results.bantul_2023.index
    assert report.ranking[0].change is None
    assert (report.final_count, report.evaluation_count, report.draft) == (2, 2, False)
    assert report.average_index == ((bantul.index + sleman.index) / 2).quantize(Decimal("0.01"))
    assert report.previous_average_index == results.bantul_2023.index
    assert [(p.label, p.count) for p in report.provinces] == [("Daerah Istimewa Yogyakarta", 2)]
    by_predikat = {p.label: p.count for p in report.predikat}
    assert by_predikat[bantul.predikat] + by_predikat.get(sleman.predikat, 0) >= 1
    assert sum(by_predikat.values()) == 2
    assert [(c.key, c.count) for c in report.constraints] == [("budget", 1)]
    assert report.stalled_count == 1

    make_evaluation(results.bantul.cycle, "34.01")  # taking part, not final: not ranked
    with django_assert_num_queries(NATIONAL_QUERIES):
        report = data.national_report_data(2024)
    assert (report.final_count, report.evaluation_count, len(report.ranking)) == (2, 3, 2)


def test_the_fingerprint_changes_with_the_data_and_only_with_it(results):
    first = data.fingerprint(gather(results.bantul))
    assert data.fingerprint(gather(results.bantul)) == first

    type(results.bantul).objects.filter(pk=results.bantul.pk).update(recommendations="Perbarui masterplan.")
    assert data.fingerprint(gather(results.bantul)) != first
