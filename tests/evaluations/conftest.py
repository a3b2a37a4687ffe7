"""Evaluation fixtures on top of the personas of tests/conftest.py.

- penilai2: a second assessor (password `smartcity-demo`), usable as api_as("penilai2"); `users` holds
  every persona with penilai2.
- tokens: every persona's API token made up front (use it where refusals are checked with nothing_written).
- bantul: Bantul's evaluation in an open 2026 cycle, penilai leading, penilai2 assessing.
- instrument: three criteria — K01 baseline/governance weight 1, K02 output weight 2, K03 impact/living weight 1.
- nothing_written: `with nothing_written(): …` fails if any regional or evaluation record (or its audit
  trail) changed.
"""
from contextlib import contextmanager

import pytest

from tests.conftest import make_user

from .builders import make_cycle, make_evaluation, make_instrument, unchanged_evaluations


@pytest.fixture(autouse=True)
def english_messages(settings):
    """These tests read the English msgids of error messages; the portal's default is Indonesian
    (tests/accounts and tests/browser check that)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def penilai2(world):
    user = make_user("penilai2", "assessor", None, "Sri", "Handayani")
    world.users["penilai2"] = user
    return user


@pytest.fixture
def users(world, penilai2):
    return world.users


@pytest.fixture
def tokens(api_as, users):
    """Every persona's token exists before the test acts: a refused request must then write nothing at all."""
    for persona in list(users):
        api_as(persona)


@pytest.fixture
def bantul(instrument, users):
    """Bantul's evaluation in an open 2026 cycle: penilai leads, penilai2 assesses."""
    return make_evaluation(make_cycle(instrument), "34.02", assessors=[users["penilai"], users["penilai2"]],
                           lead=users["penilai"])


@pytest.fixture
def instrument(db):
    return make_instrument(3)


@pytest.fixture
def nothing_written(unchanged):
    @contextmanager
    def check():
        with unchanged(), unchanged_evaluations():
            yield

    return check
