import pytest

from tests.programmes.conftest import build_plans, make_programme  # noqa: F401


@pytest.fixture
def plans(world):
    return build_plans(world)
