"""Hostile input: schemathesis (v4) generates requests from /api/schema/ for every operation and sends
them, as region staff (bantul, token auth), to the app in-process (WSGI). No answer may be a 5xx, and
every documented answer must match its schema. Bounded: FUZZ_EXAMPLES per operation, derandomised."""
import os
from collections import Counter

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis import checks

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


def test_no_generated_request_gets_a_server_error_or_breaks_the_schema(transactional_db, token, wsgi_app):
    # Committed data, no test-wide transaction: the reports API runs outside a request transaction
    # (it commits and queues at once), and DRF marks a surrounding transaction for rollback on every
    # refusal, which only a test's own wrapping transaction would turn into a broken one.
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    headers = {"Authorization": f"Token {token}"}
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
        except Exception as e:  # collected, so that one run lists every broken operation
            failures.append(f"{operation.label}: {str(e)[:1500]}")
    print(f"{operations} operations, answers by class: {dict(answers)}")
    assert operations > 20
    assert answers[200] and answers[400]  # it reached the API, both past and at validation
    assert failures == [], "\n\n".join(failures)
