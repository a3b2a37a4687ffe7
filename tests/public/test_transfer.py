"""A page with the national map stays within 300 KB transferred (issue 19): the public pages and the
national and province dashboards are sent gzip-compressed to a client that accepts it, the same page
uncompressed to one that does not; the public page is compressed once, when it is cached."""
import gzip

import pytest
from django.test import Client

from tests.dashboards.conftest import build_dashboard_data

LIMIT = 300 * 1024


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("url", ["/", "/publik/", "/publik/daerah/34/"])
def test_the_public_map_pages_arrive_compressed_within_300_kb(published_world, url):
    client = Client()
    plain = fetch(client, url)
    packed = fetch(client, url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) <= LIMIT and len(packed.content) < len(plain.content) / 3


@pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/provinces/34/"])
def test_the_dashboards_with_maps_arrive_compressed_within_300_kb(client_as, world, url):
    build_dashboard_data(world)
    response = fetch(client_as("kementerian"), url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.content)
    assert b"map-svg" in body and len(response.content) <= LIMIT
