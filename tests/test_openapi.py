"""The API's OpenAPI 3 schema and its Swagger UI, served from our own host without any CDN."""
import re

import pytest
import yaml
from django.contrib.staticfiles import finders

SCHEMA = "/api/schema/"
DOCS = "/api/docs/"

URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def foreign_urls(text, allowed=("testserver",)):
    """Every absolute or protocol-relative URL in `text` that points at a host other than ours.

    Hosts under example.org/example.com are reserved for documentation (RFC 2606): DRF's pagination
    examples in the schema use them, and nothing ever loads from them.
    """
    found = []
    for url in URL.findall(text):
        host = re.sub(r"^(?:https?:)?//", "", url).split("/")[0].split(":")[0]
        if host not in allowed and not host.endswith((".example.org", ".example.com")):
            found.append(url)
    return found


@pytest.mark.parametrize("persona", [None, "bantul"])
def test_the_openapi_schema_loads_and_documents_the_v1_contract(client_as, persona):
    response = client_as(persona).get(SCHEMA)

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Monev Smart City API"
    for path in ("/api/v1/regions/", "/api/v1/regions/{code}/", "/api/v1/enrolments/", "/api/v1/enrolments/{id}/",
                 "/api/v1/auth/token/"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/regions/"]["get"]["parameters"]}
    assert {"kind", "province", "search", "cohort", "page"} <= params
    params = {p["name"] for p in schema["paths"]["/api/v1/enrolments/"]["get"]["parameters"]}
    assert {"region", "province", "cohort"} <= params
    region = schema["components"]["schemas"]["Region"]["properties"]
    assert {"code", "name", "kind", "parent"} <= set(region)


def test_the_openapi_schema_documents_the_version_a_write_carries(client_as):
    schema = yaml.safe_load(client_as("bantul").get(SCHEMA).content)

    assert "patch" in schema["paths"]["/api/v1/enrolments/{id}/"]
    assert "version" in schema["components"]["schemas"]["PatchedEnrolmentRequest"]["properties"]
    assert "version" in schema["components"]["schemas"]["Enrolment"]["properties"]


# A link to a CDN, not the letters "cdn" anywhere: a random CSRF token may contain those.
CDN_LINK = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?[^"'\s>)]*cdn""", re.IGNORECASE)


def test_the_schema_names_no_external_host(client_as):
    text = client_as("bantul").get(SCHEMA).content.decode()

    assert foreign_urls(text) == []


@pytest.mark.parametrize("persona", [None, "bantul"])
def test_swagger_ui_is_served_from_our_own_static_files(client_as, persona):
    response = client_as(persona).get(DOCS)

    html = response.content.decode()
    assert response.status_code == 200
    assert not CDN_LINK.search(html)
    assert foreign_urls(html) == []
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts and styles
    # Swagger UI's own start-up script comes from the docs view itself (no inline script under the CSP).
    assert f"{DOCS}?script=" in scripts
    for asset in [s for s in scripts if s != f"{DOCS}?script="] + styles:
        assert asset.startswith("/static/"), asset


def test_the_swagger_ui_assets_exist_in_our_static_files(client_as):
    html = client_as("bantul").get(DOCS).content.decode()

    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert assets
    for asset in assets:
        assert finders.find(asset), asset


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/regions/", "/regions/34.02/", "/regions/34.02/enrolment/edit/"])
def test_portal_pages_link_no_external_host(client_as, url):
    html = client_as("bantul").get(url, follow=True).content.decode()

    assert not CDN_LINK.search(html)
    assert foreign_urls(html) == []
