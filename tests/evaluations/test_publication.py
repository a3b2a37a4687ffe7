"""Results as the movement publishes them: the cycle published under the ministry's letter, the index with
its improvement over the region's latest earlier final index, ranks in the province and nationally (ties as
RANK()), and a reopening taking an evaluation off everything public until the cycle is published again."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations import results, transitions
from evaluations.models import Cycle, Evaluation
from evaluations.transitions import Conflict
from smartcity import policy
from tests import clock

from .builders import CYCLES, make_cycle, make_evaluation, make_instrument, score, url, write_narrative

E = Evaluation.Status
LETTER = "B-1003/DJAI/AI.01.04/12/2022"


def letter_day():
    return clock.today() - dt.timedelta(days=3)


def finals(cycle, indexes):
    """Final evaluations of `cycle` with the given indexes, set as finalisation would have left them."""
    out = {}
    for code, index in indexes.items():
        evaluation = make_evaluation(cycle, code, E.FINAL)
        Evaluation.objects.filter(pk=evaluation.pk).update(index=Decimal(index))
        out[code] = evaluation
    return out


@pytest.fixture
def closed_2025(instrument, world):
    cycle = make_cycle(instrument, "closed", year=2025)
    finals(cycle, {"35.71": "3.31", "35.22": "3.50", "35.78": "3.31", "34.02": "3.31", "34.04": "2.90"})
    return cycle


def figures(cycle):
    return {code: (rp, rn, imp) for code, rp, rn, imp in Evaluation.objects.filter(cycle=cycle).values_list(
        "region_id", "rank_province", "rank_national", "improvement")}


# --- Kota Kediri 2022, from its published aspect figures -------------------------------------------------------

# Two criteria per aspect, levels 3 and 4, weighted so that each aspect index is the published figure:
# 3 + (weight of the level-4 criterion)/100 → 3,60 / 3,21 / 3,23 / 3,07 / 3,65.
KEDIRI_ASPECTS = [("baseline", 60), ("output", 21), ("outcome", 23), ("impact", 7), ("quick_win", 65)]


def test_kediri_2022_gives_index_3_31_and_an_improvement_of_0_25_from_3_06_under_the_2022_weights(users, world):
    specs = [spec for aspect, four in KEDIRI_ASPECTS
             for spec in ((aspect, "governance", str(100 - four)), (aspect, "economy", str(four)))]
    instrument = make_instrument(specs=specs, code="kediri")
    earlier = make_cycle(instrument, "closed", year=2021)
    finals(earlier, {"35.71": "3.06"})
    cycle = make_cycle(instrument, "assessment", year=2022)
    cycle.weight_baseline, cycle.weight_output, cycle.weight_outcome, cycle.weight_impact, cycle.weight_quick_win = \
        10, 20, 30, 20, 20
    cycle.save()
    kediri = make_evaluation(cycle, "35.71", E.IN_REVIEW, [users["penilai"]], users["penilai"])
    score(kediri, users["penilai"], [3, 4] * 5)
    write_narrative(kediri)

    transitions.finalise_evaluation(users["penilai"], kediri)
    kediri.refresh_from_db()
    assert kediri.aspect_indexes == {"baseline": "3.60", "output": "3.21", "outcome": "3.23", "impact": "3.07",
                                     "quick_win": "3.65"}
    assert abs(kediri.index - Decimal("3.31")) <= Decimal("0.01")
    assert abs(results.improvement_of(kediri) - Decimal("0.25")) <= Decimal("0.01")

    transitions.close_cycle(users["admin"], cycle)
    transitions.publish_cycle(users["admin"], cycle, LETTER, letter_day())
    kediri.refresh_from_db()
    assert abs(kediri.improvement - Decimal("0.25")) <= Decimal("0.01")
    assert (kediri.rank_province, kediri.rank_national) == (1, 1)


def test_improvement_is_measured_against_the_latest_earlier_final_index_whatever_its_year(instrument, world):
    old = make_cycle(instrument, "closed", year=2019)
    finals(old, {"34.02": "2.50"})
    skipped = make_cycle(instrument, "closed", year=2021)
    make_evaluation(skipped, "34.02", E.IN_REVIEW)  # not final: no figure to improve on
    later = make_cycle(instrument, "closed", year=2022)
    bantul = finals(later, {"34.02": "3.10", "34.04": "3.00"})

    with_previous = {e.region_id: e for e in Evaluation.objects.filter(cycle=later).with_previous_index()}
    assert results.improvement_of(with_previous["34.02"]) == Decimal("0.60")
    assert results.improvement_of(with_previous["34.04"]) is None  # a first evaluation
    assert results.improvement_of(Evaluation.objects.get(pk=bantul["34.02"].pk)) == Decimal("0.60")


# --- publication -------------------------------------------------------------------------------------------------


def test_publishing_stores_the_letter_and_fixes_improvement_and_ranks_with_ties(closed_2025, users):
    earlier = make_cycle(closed_2025.instrument, "closed", year=2023)
    finals(earlier, {"35.71": "3.06"})

    cycle = transitions.publish_cycle(users["admin"], closed_2025, LETTER, letter_day())

    cycle.refresh_from_db()
    assert (cycle.status, cycle.letter_number, cycle.letter_date) == ("published", LETTER, letter_day())
    assert cycle.history.first().history_change_reason == "Published"
    # Jawa Timur: 3.50, 3.31, 3.31 → 1, 2, 2; DIY: 3.31, 2.90 → 1, 2; nationally 3.50 first, three at 3.31, then 5th.
    assert figures(cycle) == {"35.22": (1, 1, None), "35.71": (2, 2, Decimal("0.25")), "35.78": (2, 2, None),
                              "34.02": (1, 2, None), "34.04": (2, 5, None)}


def test_publication_needs_the_letter_number_and_date_and_writes_nothing_without(closed_2025, users,
                                                                                   nothing_written):
    with nothing_written():
        with pytest.raises(ValidationError) as refused:
            transitions.publish_cycle(users["admin"], closed_2025, "  ", None)
        assert set(refused.value.message_dict) == {"letter_number", "letter_date"}
        with pytest.raises(ValidationError) as refused:
            transitions.publish_cycle(users["admin"], closed_2025, LETTER, clock.today() + dt.timedelta(days=1))
        assert set(refused.value.message_dict) == {"letter_date"}


@pytest.mark.parametrize("persona", ["kementerian", "penilai", "diy", "bantul"])
def test_only_the_national_secretariat_publishes(closed_2025, users, nothing_written, persona):
    with nothing_written(), pytest.raises(PermissionDenied):
        transitions.publish_cycle(users[persona], closed_2025, LETTER, letter_day())


def test_a_cycle_is_published_only_once_closed(instrument, users, nothing_written):
    running = make_cycle(instrument, "assessment", year=2026)

    with nothing_written(), pytest.raises(Conflict, match="closed"):
        transitions.publish_cycle(users["admin"], running, LETTER, letter_day())


def test_reopening_takes_an_evaluation_off_everything_public_until_the_cycle_is_published_again(
        closed_2025, users, api_as):
    transitions.publish_cycle(users["admin"], closed_2025, LETTER, letter_day())
    kediri = Evaluation.objects.get(cycle=closed_2025, region_id="35.71")
    assert policy.public_evaluations(Evaluation.objects.filter(cycle=closed_2025)).count() == 5

    transitions.reopen_evaluation(users["admin"], kediri, "Bukti baru setelah surat terbit.")

    public = policy.public_evaluations(Evaluation.objects.filter(cycle=closed_2025))
    assert kediri.pk not in set(public.values_list("pk", flat=True)) and public.count() == 4
    body = api_as("kementerian").get(url(kediri)).json()
    assert (body["published"], body["rank_province"], body["rank_national"], body["letter_number"],
            body["improvement"]) == (False, None, None, None, None)
    # Finalised again, it stays unpublished until a new letter publishes the cycle again.
    Evaluation.objects.filter(pk=kediri.pk).update(status=E.FINAL, index=Decimal("3.60"))
    assert not policy.is_public(Evaluation.objects.select_related("cycle").get(pk=kediri.pk))
    transitions.publish_cycle(users["admin"], closed_2025, "B-1100/DJAI/AI.01.04/12/2025", letter_day())
    body = api_as("kementerian").get(url(kediri)).json()
    assert (body["published"], body["rank_national"], body["letter_number"]) == (
        True, 1, "B-1100/DJAI/AI.01.04/12/2025")


# --- API --------------------------------------------------------------------------------------------------------


def test_the_api_publishes_a_cycle_and_each_evaluation_carries_the_published_figures(closed_2025, api_as, tokens):
    admin = api_as("admin")
    refused = admin.post(f"{CYCLES}{closed_2025.pk}/publish/", {"letter_number": ""}, format="json")
    assert refused.status_code == 400
    assert set(refused.json()) >= {"letter_number", "letter_date"}
    assert api_as("kementerian").post(f"{CYCLES}{closed_2025.pk}/publish/", {
        "letter_number": LETTER, "letter_date": letter_day().isoformat()}, format="json").status_code == 403
    assert Cycle.objects.get(pk=closed_2025.pk).status == "closed"

    answer = admin.post(f"{CYCLES}{closed_2025.pk}/publish/", {
        "letter_number": LETTER, "letter_date": letter_day().isoformat()}, format="json")

    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["letter_number"]) == ("published", LETTER)
    kediri = Evaluation.objects.get(cycle=closed_2025, region_id="35.71")
    body = api_as("kementerian").get(url(kediri)).json()
    assert {k: body[k] for k in ("index", "improvement", "rank_province", "rank_national", "letter_number",
                                 "letter_date", "published")} == {
        "index": "3.31", "improvement": None, "rank_province": 2, "rank_national": 2, "letter_number": LETTER,
        "letter_date": letter_day().isoformat(), "published": True}


def test_the_api_gives_no_predikat_for_an_instrument_that_uses_none(closed_2025, api_as):
    kediri = Evaluation.objects.get(cycle=closed_2025, region_id="35.71")
    Evaluation.objects.filter(pk=kediri.pk).update(predikat="Sangat Baik")
    assert api_as("kementerian").get(url(kediri)).json()["predikat"] == "Sangat Baik"

    type(closed_2025.instrument).objects.filter(pk=closed_2025.instrument_id).update(uses_predikat=False)

    assert api_as("kementerian").get(url(kediri)).json()["predikat"] is None


# --- pages -------------------------------------------------------------------------------------------------------


def test_the_results_page_heads_with_index_improvement_ranks_and_the_letter(closed_2025, users, client_as):
    earlier = make_cycle(closed_2025.instrument, "closed", year=2023)
    finals(earlier, {"35.71": "3.06"})
    kediri = Evaluation.objects.get(cycle=closed_2025, region_id="35.71")
    page = client_as("kementerian").get(f"/evaluations/{kediri.pk}/").content.decode()
    assert "+0.25" in page and "Not published yet" in page

    transitions.publish_cycle(users["admin"], closed_2025, LETTER, letter_day())

    page = client_as("kementerian").get(f"/evaluations/{kediri.pk}/").content.decode()
    assert 'data-testid="index">3.31<' in page and 'data-testid="change">+0.25<' in page
    assert 'data-testid="rank-province">2<' in page and "Rank in Jawa Timur (of 3)" in page
    assert 'data-testid="rank-national">2<' in page and "National rank (of 5)" in page
    assert f"Published by letter {LETTER}" in page


def test_the_secretariat_publishes_on_the_cycle_page_and_a_missing_letter_is_a_form_error(
        closed_2025, client_as, nothing_written):
    admin = client_as("admin")
    with nothing_written():
        refused = admin.post(f"/cycles/{closed_2025.pk}/", {"letter_number": LETTER, "letter_date": ""})
        assert refused.status_code == 400 and "letter_date" in refused.context["publication_form"].errors
        assert client_as("kementerian").post(f"/cycles/{closed_2025.pk}/", {
            "letter_number": LETTER, "letter_date": letter_day().isoformat()}).status_code == 403

    answer = admin.post(f"/cycles/{closed_2025.pk}/", {"letter_number": LETTER,
                                                       "letter_date": letter_day().isoformat()})

    assert answer.status_code == 302
    page = admin.get(f"/cycles/{closed_2025.pk}/").content.decode()
    assert f"Results published by letter {LETTER}" in page


def test_without_predikat_the_cycle_page_counts_equal_index_bands(closed_2025, client_as):
    type(closed_2025.instrument).objects.filter(pk=closed_2025.instrument_id).update(uses_predikat=False)

    page = client_as("kementerian").get(f"/cycles/{closed_2025.pk}/")

    chart = page.context["distribution_chart"]
    assert [row[:2] for row in chart.table.rows] == [
        ("4.20–5.00", "0"), ("3.40–4.20", "1"), ("2.60–3.40", "4"), ("1.80–2.60", "0"), ("1.00–1.80", "0")]
    assert "Five equal bands of 0.80" in page.content.decode()
