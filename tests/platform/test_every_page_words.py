"""Every page a demo user can reach by following links answers without a server error or a dead
link and prints no year with a thousands separator ("2.026"). The crawl follows same-host links from the home page and visits each kind of page (its URL
pattern and query keys) a few times, so it stays quick at any size of the demo."""
import re
from collections import deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

DEMO_USERS = ["admin", "kementerian", "diy", "bantul", "sleman", "penilai", None]

# Pages outside the check: third-party pages (admin, Swagger), the API, files and anything that
# changes state on GET by design (none should, but sign-out is a POST anyway).
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/files/", "/i18n/", "/accounts/logout")
PER_KIND = 1
MAX_PAGES = 120

# A year written with a thousands separator: 2.0xx that is not part of a longer number or amount.
SEPARATED_YEAR = re.compile(r"(?<![\d.,])2\.0(?:0[1-9]|[1-9]\d)(?![\d.,]|\s*%)")
LINK = re.compile(r"""href="([^"#]*)(?:#[^"]*)?\"""")
TEXT_ONLY = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S)


def kind_of(path, query):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route, tuple(sorted(k for k, _ in parse_qsl(query)))


def crawl(client):
    """Yield (url, the page that linked to it, response) for the pages reachable from the home page."""
    seen_urls, per_kind = set(), {}
    queue = deque([("/", None)])
    visited = 0
    while queue and visited < MAX_PAGES:
        url, referrer = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
            continue
        query = urlencode(sorted(parse_qsl(parts.query)))
        key = f"{parts.path}?{query}"
        if key in seen_urls:
            continue
        seen_urls.add(key)
        kind = kind_of(parts.path, parts.query)
        if kind is None or per_kind.get(kind, 0) >= PER_KIND:
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        response = client.get(key, follow=True)
        visited += 1
        yield key, referrer, response
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href and href.startswith("/"):
                queue.append((href, key))


@pytest.mark.django_db
def test_every_reachable_page_answers_and_writes_years_plainly():
    call_command("load_demo", verbosity=0)
    failures, pages = [], 0
    # Indonesian only: its thousands separator is the dot that makes 2026 read "2.026".
    for language in ("id",):
        for username in DEMO_USERS:
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.cookies["django_language"] = language
            if username:
                client.force_login(get_user_model().objects.get(username=username))
            for url, referrer, response in crawl(client):
                pages += 1
                who = f"{username or 'anonymous'} [{language}] {url} (linked from {referrer})"
                if response.status_code >= 500 or response.status_code == 404:
                    # A server error, or a link on our own page that leads nowhere.
                    failures.append(f"{who}: {response.status_code}")
                    continue
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                html = response.content.decode()
                title = re.search(r"<title>(.*?)</title>", html, re.S)
                for where in (TEXT_ONLY.sub(" ", html), title.group(1) if title else ""):
                    m = SEPARATED_YEAR.search(where)
                    if m:
                        failures.append(f"{who}: a year with a thousands separator: "
                                        f"{where[max(0, m.start() - 50):m.end() + 10]!r}")
    assert pages >= 50, f"the crawl reached only {pages} pages"
    assert not failures, "\n".join(failures)
