"""Hostile input: schemathesis (v4) generates requests from /api/schema/ for every operation and sends
them, as region staff (bantul, token auth), to the app on both databases: in-process (WSGI) on PostgreSQL,
and over HTTP to a server subprocess on the embedded default (SQLite, DEBUG on). No answer may be a 5xx,
and every documented answer must match its schema. Bounded: FUZZ_EXAMPLES per operation, derandomised."""
import os
from collections import Counter

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis import checks

from tests.faults.conftest import serve_sqlite, sqlite_template  # noqa: F401 (fixtures: the embedded default)
from tests.programmes.conftest import build_plans

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 6))
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]


@pytest.fixture
def wsgi_app():
    """The WSGI app in this thread, inside the test's transaction: like Django's test Client, keep the
    request signals from closing the test's database connection."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    from rest_framework.authtoken.models import Token

    build_plans(world)
    return Token.objects.create(user=world.users["bantul"]).key


def fuzz(schema, headers):
    """Every operation of the schema, FUZZ_EXAMPLES generated requests each: the failures, by operation."""
    failures, operations, answers = [], 0, Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
        @hypothesis.given(case=operation.as_strategy())
        def send(case):
            response = case.call(headers=headers)
            answers[response.status_code // 100 * 100] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            send()
        except (Exception, BaseExceptionGroup) as e:  # collected, so that one run lists every broken operation
            # (schemathesis raises a FailureGroup, a BaseExceptionGroup that `except Exception` lets through)
            failures.append(f"{operation.label}: {str(e)[:1500]}")
    print(f"{operations} operations, answers by class: {dict(answers)}")
    assert operations > 20
    assert answers[200] and answers[400]  # it reached the API, both past and at validation
    return failures


def test_no_generated_request_gets_a_server_error_or_breaks_the_schema(transactional_db, token, wsgi_app):
    # Committed data, no test-wide transaction: the reports API runs outside a request transaction
    # (it commits and queues at once), and DRF marks a surrounding transaction for rollback on every
    # refusal, which only a test's own wrapping transaction would turn into a broken one.
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)

    failures = fuzz(schema, {"Authorization": f"Token {token}"})

    assert failures == [], "\n\n".join(failures)


# The same personas and plans as the `world` and `token` fixtures above, written by the app's own ORM into the
# embedded default's SQLite file (as tests/conftest.py's `world` builds them).
SEED_WORLD = """
import datetime as dt
from rest_framework.authtoken.models import Token
from tests.conftest import ENROLMENTS, REGIONS, ROLES, World, make_enrolment, make_region, make_user
from tests.programmes.conftest import build_plans

regions = {code: make_region(code, name, kind, parent) for code, name, kind, parent in REGIONS}
for code, cohort, number, date in ENROLMENTS:
    first_bimtek = date + dt.timedelta(days=30)
    make_enrolment(regions[code], cohort, number, date, bimtek_1_date=first_bimtek,
                   bimtek_2_date=first_bimtek + dt.timedelta(weeks=5))
users = {name: make_user(name, role, region, first, last) for name, (first, last, role, region) in ROLES.items()}
build_plans(World(regions=regions, users=users))
print(Token.objects.create(user=users["bantul"]).key)
"""


def test_on_the_embedded_default_no_generated_request_gets_a_server_error_or_breaks_the_schema(serve_sqlite):  # noqa: F811
    """The same fuzz over HTTP against the README's run shape: SQLite, DEBUG on, a server subprocess."""
    app = serve_sqlite(seed=SEED_WORLD)
    schema = schemathesis.openapi.from_url(app.base + "/api/schema/")

    failures = fuzz(schema, {"Authorization": f"Token {app.ids['seed']}"})

    assert failures == [], "\n\n".join(failures)
