"""Sentinel: a unique marker sits in every draft, unpublished and personal field of the published world
(tests/public/conftest.py), masterplan documents not published by their region included; a crawl of every
public page, dataset, published document and the catalogue finds none of them."""
import re

from django.test import Client
from django.urls import reverse

from publik.data import DATASETS

from .conftest import MARK


def crawl(client, start):
    """Every same-site page and open-data file reachable from `start` under /publik/ and /data/."""
    seen, queue, bodies = set(), list(start), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        # A masterplan document the region published streams (a FileResponse); its bytes are checked too.
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode("utf-8")
        bodies[url] = body
        for link in re.findall(r'href="(/(?:publik|data)/[^"?#]*)"', body):
            if not link.startswith("/publik/bahasa/"):
                queue.append(link)
    return bodies


def test_no_marker_of_a_draft_unpublished_or_personal_field_reaches_any_public_page_or_dataset(published_world):
    start = [reverse("public:national"), reverse("public:catalog")]
    for slug in DATASETS:
        start += [reverse("public:dataset_csv", args=[slug]), reverse("public:dataset_json", args=[slug]),
                  reverse("public:dataset_csvw", args=[slug])]
    for language in ("id", "en"):
        client = Client()
        client.get(reverse("public:language", args=[language]))
        bodies = crawl(client, start)

        assert reverse("public:region", args=["34.02"]) in bodies  # the crawl reached the region pages
        # ... and the one masterplan document a region published, and no other.
        documents = [url for url in bodies if url.endswith(".pdf")]
        assert documents == [reverse("public:masterplan_document", args=[published_world["plans"]["public"].pk])]
        assert len(bodies) > 20
        # The document URL of a masterplan its region kept private, or of a draft, appears nowhere (in the
        # datasets it would be absolute, built from PUBLIC_BASE_URL, so the crawl would not follow it).
        for private in ("kept", "draft"):
            url = reverse("public:masterplan_document", args=[published_world["plans"][private].pk])
            assert not [page for page, body in bodies.items() if url in body], private
        assert any(documents[0] in body for page, body in bodies.items() if page.endswith("masterplans.json"))
        leaks = {url: sorted(set(re.findall(MARK + r"-\w+", body))) for url, body in bodies.items() if MARK in body}
        assert leaks == {}
        for url, body in bodies.items():
            for name in ("Hendra", "Wijaya", "@test.smartcity.go.id", "987654321", "4,44", "4.44"):
                assert name not in body, (url, name)
