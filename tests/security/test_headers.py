"""Security headers on every kind of answer, and templates that a strict script policy can serve."""
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize(("persona", "path"), [
    (None, "/accounts/login/"),
    (None, "/"),
    ("bantul", "/regions/34.02/"),
    ("bantul", "/programmes/"),
    ("admin", "/admin/"),
    ("bantul", "/api/v1/regions/"),
    ("bantul", "/api/docs/"),
    ("bantul", "/regions/99.99/"),  # the 404 page too
])
def test_every_answer_carries_a_strict_script_policy_and_the_security_headers(client_as, persona, path):
    response = client_as(persona).get(path)

    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"] and "'self'" in csp["style-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_swagger_ui_loads_its_start_up_script_as_a_file_not_inline(client_as):
    html = client_as("bantul").get("/api/docs/").content.decode()
    script = client_as("bantul").get("/api/docs/?script=")

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def test_no_template_has_an_inline_script_a_handler_attribute_or_a_javascript_url():
    offenders = []
    for template in sorted((REPO / "templates").rglob("*.html")):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            offenders += [f"{template.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_500_page_style_is_allowed_by_its_hash_in_the_policy(client_as, settings):
    import base64
    import hashlib

    html = (REPO / "templates" / "500.html").read_text()
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()

    assert len(styles) == 1 and 'style="' not in html
    assert f"'sha256-{digest}'" in directives(client_as(None).get("/accounts/login/"))["style-src"]


def test_swagger_ui_keeps_its_style_block_with_the_requests_nonce(client_as):
    response = client_as("bantul").get("/api/docs/")

    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
