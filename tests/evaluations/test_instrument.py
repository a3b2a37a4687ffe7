"""The instrument that ships with the portal, loaded by `manage.py load_instrument`, and instruments'
own rules (predikat thresholds)."""
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from evaluations.models import Aspect, Criterion, Instrument
from smartcity.dimensions import SUB_DIMENSIONS, Dimension

from .builders import make_cycle


def load():
    out = StringIO()
    call_command("load_instrument", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_instrument_ships_at_least_30_criteria_over_every_aspect_and_dimension_and_a_rerun_adds_nothing():
    assert "36 new" in load()
    instrument = Instrument.objects.get()
    criteria = list(instrument.criteria.all())

    assert len(criteria) >= 30
    assert {c.aspect for c in criteria} == set(Aspect.values)
    assert {c.dimension for c in criteria} - {""} == set(Dimension.values)
    for c in criteria:
        assert all(len(d) > 10 for d in c.descriptors), c.code
        assert c.question.endswith("?"), c.code
        assert c.weight > 0
        assert not c.sub_dimension or c.sub_dimension in SUB_DIMENSIONS[c.dimension], c.code
        c.full_clean()
    topics = " ".join(c.question for c in criteria)
    for topic in ("Dewan Smart City", "Tim Pelaksana", "Perbup/Perwal", "APBD", "infrastruktur", "SDM",
                  "masterplan", "quick win", "warga"):
        assert topic in topics, topic
    assert instrument.thresholds()[0][1] == "Memuaskan"

    assert "0 new" in load()
    assert Criterion.objects.count() == len(criteria)
    assert Criterion.history.count() == len(criteria)


@pytest.mark.django_db
def test_load_instrument_never_touches_an_instrument_in_use():
    load()
    instrument = Instrument.objects.get()
    removed = instrument.criteria.get(code="Q05")
    Criterion.objects.filter(pk=removed.pk).delete()
    make_cycle(instrument, "self_assessment")

    assert "0 new" in load()
    assert not instrument.criteria.filter(code="Q05").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("thresholds", [
    [],
    [{"min": "2.00", "label": "Baik"}],                                     # no catch-all below 1.00
    [{"min": "2.00", "label": "Baik"}, {"min": "3.00", "label": "Hebat"}, {"min": "0", "label": "Kurang"}],
    [{"min": "lima", "label": "Baik"}],
    [{"label": "Baik"}],
    [{"min": "4", "label": " "}, {"min": "0", "label": "Kurang"}],
])
def test_predikat_thresholds_must_be_ordered_labelled_and_cover_every_index(thresholds):
    instrument = Instrument(code="uji", name="Uji", predikat_thresholds=thresholds)

    with pytest.raises(ValidationError) as refused:
        instrument.full_clean()

    assert "predikat_thresholds" in refused.value.message_dict
