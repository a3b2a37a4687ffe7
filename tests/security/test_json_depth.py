"""JSON nested past any payload of ours is refused with 400 before it is parsed, on every JSON endpoint."""
import json

import pytest
from django.urls import get_resolver
from rest_framework.parsers import JSONParser as DrfJSONParser

from smartcity.parsers import MAX_DEPTH, JSONParser
from tests.programmes.conftest import build_plans
from tests.security import bounds

DEEP = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000


def api_views():
    for route, _ns, pattern in bounds.walk(get_resolver().url_patterns):
        cls = bounds.view_class(pattern)
        if cls is not None and hasattr(cls, "parser_classes"):
            yield route, pattern, cls


def test_every_api_view_parses_json_with_our_depth_limited_parser():
    views = list(api_views())
    assert len(views) > 20
    for route, pattern, cls in views:
        parser_classes = (getattr(pattern.callback, "initkwargs", None) or {}).get("parser_classes",
                                                                                  cls.parser_classes)
        json_parsers = [p for p in parser_classes if issubclass(p, DrfJSONParser)]
        assert json_parsers and all(issubclass(p, JSONParser) for p in json_parsers), route


def write_requests():
    """(method, url) of every write the API offers on a list or on a row that exists."""
    from django.urls import reverse

    for route, pattern, cls in api_views():
        actions = getattr(pattern.callback, "actions", None) or {}
        if "(?P<format>" in route:
            continue
        if "(?P<programme_pk>" in route:  # a programme's own records (its budget years)
            programme = cls.queryset.model._meta.get_field("programme").related_model.objects.order_by("pk").first()
            if pattern.name.endswith("-list") and "post" in actions:
                yield "post", reverse(pattern.name, kwargs={"programme_pk": programme.pk})
            continue
        if "(?P<pk>" not in route and "<" not in route.replace("(?P<", ""):
            for method in ("post", "put", "patch"):
                if method in actions or (not actions and hasattr(cls, method)):
                    yield method, reverse(pattern.name)
        elif "(?P<pk>" in route and "(?P<code>" not in route and pattern.name.endswith("-detail"):
            queryset = getattr(cls, "queryset", None)
            row = queryset.model.objects.order_by("pk").first() if queryset is not None else None
            if row is not None:
                yield "patch", reverse(pattern.name, args=[row.pk])


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
def test_json_nested_1000_levels_is_400_on_every_json_endpoint(world, api_as, body):
    build_plans(world)
    requests = list(write_requests())
    assert ("post", "/api/v1/auth/token/") in requests
    assert len(requests) > 10
    for persona in ("admin", None):
        client = api_as(persona)
        client.raise_request_exception = False
        for method, url in requests:
            response = getattr(client, method)(url, body, content_type="application/json")
            if persona is None and response.status_code in (401, 403):
                continue  # refused before the body is read
            assert response.status_code == 400, (persona, method, url, response.status_code)
            assert f"{MAX_DEPTH}" in json.dumps(response.json()), (method, url, response.json())


def test_json_as_deep_as_the_limit_is_still_parsed(world, api_as):
    depth_ok = '{"username":' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    response = api_as(None).post("/api/v1/auth/token/", depth_ok, content_type="application/json")
    assert response.status_code == 400
    assert "username" in response.json()  # judged by the serializer, not refused by the parser


def test_brackets_inside_strings_do_not_count_as_nesting(world, api_as):
    body = json.dumps({"username": "bantul", "password": "[" * 5000 + "{" * 5000})
    response = api_as(None).post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_the_refusal_speaks_bahasa_indonesia_by_default(world, api_as):
    response = api_as(None).post("/api/v1/auth/token/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": f"JSON yang bersarang lebih dari {MAX_DEPTH} tingkat tidak diterima."}
