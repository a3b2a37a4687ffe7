"""A breadcrumb links the province only for those who may open it: region staff may not, and a link
that answers 404 is a dead end (the crawl of every page found it on Bantul's own pages)."""
import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona, linked", [("bantul", False), ("diy", True), ("admin", True)])
def test_the_province_in_the_breadcrumb_is_a_link_only_for_those_who_may_open_it(client_as, world, persona, linked):
    client = client_as(persona)
    body = client.get(reverse("regions:region_detail", args=["34.02"])).content.decode()
    province = reverse("regions:region_detail", args=["34"])
    assert "Daerah Istimewa Yogyakarta" in body
    assert (f'href="{province}"' in body) is linked
    assert client.get(province).status_code == (200 if linked else 404)
