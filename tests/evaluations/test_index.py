"""The index arithmetic, computed by hand: Decimal throughout, ROUND_HALF_UP to two decimals at the end."""
from decimal import Decimal

import pytest

from evaluations.index import CriterionScores, compute_index, needs_agreement, predikat_for
from evaluations.models import default_predikat_thresholds
from smartcity.dimensions import Dimension

D = Decimal
WEIGHTS = {"baseline": D(10), "output": D(20), "outcome": D(30), "impact": D(30), "quick_win": D(10)}
THRESHOLDS = [(D(t["min"]), t["label"]) for t in default_predikat_thresholds()]


def c(pk, aspect, levels, weight="1", dimension="", agreed=None):
    return CriterionScores(criterion_id=pk, aspect=aspect, dimension=dimension, weight=D(weight),
                           levels=tuple(levels), agreed=agreed)


def index(criteria, weights=WEIGHTS):
    return compute_index(criteria, weights, THRESHOLDS)


def test_a_criterions_final_level_is_the_agreed_level_else_the_mean_of_the_assessors():
    assert c(1, "output", [3, 4, 4]).final_level == D(11) / D(3)
    assert c(1, "output", [1, 4], agreed=2).final_level == D(2)
    assert c(1, "output", []).final_level is None


def test_the_index_weighs_every_aspect_with_the_cycles_weights_computed_by_hand():
    result = index([
        c(1, "baseline", [3, 4]),                     # 3.5
        c(2, "output", [4], weight="2"),              # output: (2·4 + 1·2) / 3 = 3.3333…
        c(3, "output", [2]),
        c(4, "outcome", [5, 5, 4]),                   # 4.6666…
        c(5, "impact", [1, 4], weight="3", agreed=2),  # the agreed 2, not the mean 2.5
        c(6, "quick_win", [3]),                       # 3
    ])

    # (10·3.5 + 20·3.3333… + 30·4.6666… + 30·2 + 10·3) / 100 = 331.6666… / 100
    assert result.index == D("3.32")
    assert result.aspect_indexes == {"baseline": D("3.50"), "output": D("3.33"), "outcome": D("4.67"),
                                     "impact": D("2.00"), "quick_win": D("3.00")}
    assert result.predikat == "Baik"


def test_an_aspect_with_no_criteria_is_left_out_and_the_other_weights_renormalised():
    result = index([
        c(1, "baseline", [2, 3]),           # 2.5, weight 10
        c(2, "output", [3], weight="2"),    # (6 + 4) / 3 = 3.3333…, weight 20
        c(3, "output", [4]),
    ])

    assert result.aspect_indexes["outcome"] is None
    assert result.aspect_indexes["impact"] is None
    assert result.aspect_indexes["quick_win"] is None
    # (10·2.5 + 20·3.3333…) / 30 = 3.0555… → 3.06; from the rounded aspects it would be 3.05.
    assert result.index == D("3.06")


def test_rounding_is_half_up_and_only_at_the_end():
    # (7·2 + 1·3) / 8 = 2.125: half-up gives 2.13 where banker's rounding would give 2.12.
    result = index([c(1, "output", [2], weight="7"), c(2, "output", [3], weight="1")])

    assert result.aspect_indexes["output"] == D("2.13")
    assert result.index == D("2.13")


def test_a_criterion_of_weight_zero_counts_for_nothing():
    with_zero = index([c(1, "output", [4]), c(2, "output", [1], weight="0"), c(3, "impact", [2])])
    without = index([c(1, "output", [4]), c(3, "impact", [2])])

    assert (with_zero.index, with_zero.aspect_indexes) == (without.index, without.aspect_indexes)
    assert with_zero.aspect_indexes["output"] == D("4.00")
    # (20·4 + 30·2) / 50
    assert with_zero.index == D("2.80")


def test_an_aspect_whose_criteria_all_weigh_zero_is_left_out_like_an_empty_one():
    result = index([c(1, "output", [1], weight="0"), c(2, "impact", [3])])

    assert result.aspect_indexes["output"] is None
    assert result.index == D("3.00")


def test_an_aspect_weight_of_zero_keeps_the_aspect_out_of_the_index_but_reports_it():
    weights = {**WEIGHTS, "quick_win": D(0)}

    result = index([c(1, "quick_win", [5]), c(2, "impact", [2])], weights)

    assert result.aspect_indexes["quick_win"] == D("5.00")
    assert result.index == D("2.00")


def test_one_assessor_only_gives_their_levels():
    result = index([c(1, "baseline", [4]), c(2, "output", [3]), c(3, "impact", [5])])

    # (10·4 + 20·3 + 30·5) / 60 = 250 / 60 = 4.1666…
    assert result.index == D("4.17")
    assert result.predikat == "Sangat Baik"


def test_an_unscored_criterion_is_left_out_of_its_aspect():
    result = index([c(1, "output", [4]), c(2, "output", [])])

    assert result.aspect_indexes["output"] == D("4.00")
    assert result.criterion_levels == {1: D("4.00"), 2: None}


def test_nothing_scored_gives_no_index_and_no_predikat():
    result = index([c(1, "output", [])])

    assert (result.index, result.predikat) == (None, "")


def test_every_dimension_has_an_entry_null_when_no_criterion_names_it():
    result = index([
        c(1, "output", [4], dimension="governance", weight="3"),
        c(2, "impact", [1], dimension="governance"),
        c(3, "outcome", [2, 3], dimension="living"),
        c(4, "baseline", [5]),
    ])

    assert list(result.dimension_indexes) == list(Dimension.values)
    assert result.dimension_indexes == {
        "governance": D("3.25"),  # (3·4 + 1·1) / 4
        "branding": None, "economy": None,
        "living": D("2.50"),
        "society": None, "environment": None,
    }


@pytest.mark.parametrize(("value", "label"), [
    ("5.00", "Memuaskan"), ("4.20", "Memuaskan"), ("4.19", "Sangat Baik"), ("3.50", "Sangat Baik"),
    ("3.49", "Baik"), ("2.60", "Baik"), ("2.59", "Cukup"), ("1.80", "Cukup"), ("1.79", "Kurang"), ("1.00", "Kurang"),
])
def test_the_predikat_follows_the_default_thresholds(value, label):
    assert predikat_for(D(value), THRESHOLDS) == label


def test_the_predikat_is_read_from_the_rounded_index():
    # (801·4 + 199·5) / 1000 = 4.199, reported 4.20: Memuaskan, though the unrounded value is below 4.20.
    edge = compute_index([c(1, "output", [4], weight="801"), c(2, "output", [5], weight="199")], WEIGHTS,
                         THRESHOLDS)
    assert edge.index == D("4.20")
    assert edge.predikat == "Memuaskan"


def test_thresholds_kept_on_the_instrument_can_change():
    thresholds = [(D("3.00"), "Tinggi"), (D("0"), "Rendah")]

    assert compute_index([c(1, "output", [3])], WEIGHTS, thresholds).predikat == "Tinggi"
    assert compute_index([c(1, "output", [2])], WEIGHTS, thresholds).predikat == "Rendah"


@pytest.mark.parametrize(("levels", "needed"), [((3, 5), True), ((3, 4), False), ((2, 3, 4), True),
                                                ((4,), False), ((1, 1, 2), False)])
def test_an_agreement_is_needed_where_assessors_differ_by_more_than_one_level(levels, needed):
    assert needs_agreement(levels) is needed
