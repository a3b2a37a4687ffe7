"""Out-of-range integers in filters and ids: a field error or a 404 on pages, API and exports, never a 500 nor a
truncated file, on PostgreSQL (here) and on the embedded SQLite default (a subprocess). See tests/security/bounds.py."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import get_resolver

from tests.programmes.conftest import build_plans
from tests.security import bounds

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin_client(world, client_as):
    build_plans(world)
    client = client_as(bounds.PERSONA)
    client.raise_request_exception = False
    return client


def test_every_filterset_with_an_integer_filter_is_probed_on_a_page_or_the_api(admin_client):
    from smartcity.filtersets import FilterSet

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    probed = {filterset for _kind, _url, filterset in bounds.filtered_lists()}
    ours = {fs for fs in subclasses(FilterSet) if fs._meta.model is not None}
    missing = {fs.__name__ for fs in ours if bounds.integer_filters(fs) and fs not in probed}
    assert not missing, f"FilterSets with integer filters that no probe reaches: {missing}"
    # Every FilterSet a view uses is one of ours (so bounded); none is generated from `filterset_fields`.
    for route, _ns, pattern in bounds.walk(get_resolver().url_patterns):
        cls = bounds.view_class(pattern)
        assert not getattr(cls, "filterset_fields", None), f"{route}: filterset_fields bypasses our FilterSet base"
        declared = getattr(cls, "filterset_class", None)
        assert declared is None or issubclass(declared, FilterSet), route


def test_an_out_of_range_integer_filter_is_a_field_error_on_pages_api_and_exports(admin_client):
    probes = list(bounds.filter_probes())
    assert {p.kind for p in probes} == {"page", "api", "export"}
    assert not bounds.failures(admin_client, probes)


def test_an_out_of_range_id_in_a_path_is_404(admin_client):
    probes = list(bounds.id_probes())
    assert len(probes) > 20
    assert not bounds.failures(admin_client, probes)


def test_a_filter_in_range_still_filters(admin_client, world):
    from programmes.models import Opd

    opd = Opd.objects.get(region_id="34.02", acronym="Diskominfo")
    response = admin_client.get(f"/api/v1/programmes/?opd={opd.pk}")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"BTL-QW-01", "BTL-ECO-03"}


def test_the_same_holds_on_the_embedded_sqlite_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    env["DEBUG"] = "True"
    result = subprocess.run([sys.executable, "-m", "tests.security.bounds", str(tmp_path / "db.sqlite3")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
