"""Where the instrument names no predikat (the smart-city instrument), no list prints one: the region page's
evaluations and the evaluations list show the index alone. Once published, the region page gives the rank the
ministry's letter fixed."""
import re

import pytest
from django.urls import reverse

from evaluations.models import Evaluation
from tests import clock
from tests.dashboards.conftest import final_evaluation

from .builders import make_cycle, make_instrument


@pytest.mark.parametrize("uses_predikat", [False, True])
def test_lists_show_a_predikat_only_where_the_instrument_names_one(client_as, world, uses_predikat):
    instrument = make_instrument(3)
    type(instrument).objects.filter(pk=instrument.pk).update(uses_predikat=uses_predikat)
    final_evaluation(make_cycle(instrument, "closed", year=2025), "34.02", "3.10", "Baik", 4)
    client = client_as("admin")
    for url in (reverse("regions:region_detail", args=["34.02"]), reverse("evaluations:evaluation_list")):
        body = client.get(url).content.decode()
        assert re.search(r"3[.,]10", body)
        assert ("predikat-badge" in body) is uses_predikat, url


def test_the_region_page_gives_the_letters_rank_once_published(client_as, world):
    evaluation = final_evaluation(make_cycle(make_instrument(3), "closed", year=2025), "34.02", "3.10", "Baik", 4)
    page = reverse("regions:region_detail", args=["34.02"])
    row = lambda: client_as("admin").get(page).content.decode().split("region-evaluations")[1]  # noqa: E731
    assert '<td class="text-end">4</td>' in row()
    Evaluation.objects.filter(pk=evaluation.pk).update(rank_national=7, published_at=clock.now())
    assert '<td class="text-end">7</td>' in row()
