"""The portal's root: an anonymous visitor gets the public national page (one view, one template), with the
figures the old public home had (intakes beside the ministry's totals, the smart-province track, every
province's readiness) and a sign-in link; a signed-in user keeps their to-do home."""
import csv
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Masterplan
from programmes.readiness import province_readiness
from regions.participants import DATA, load_participants
from regions.services import load_regions

ROWS = list(csv.DictReader(open(DATA / "participants.csv", encoding="utf-8")))
INTAKES = {int(r["year"]): r for r in csv.DictReader(open(DATA / "intakes.csv", encoding="utf-8"))}


@pytest.fixture
def loaded(db):
    load_regions()
    return load_participants()


class IntakeTable(HTMLParser):
    """The rows of the page's intake table: {year: [cell texts]}."""

    def __init__(self):
        super().__init__()
        self.rows, self.year, self.inside, self.cell = {}, None, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.inside = attrs.get("data-testid") == "intakes"
        elif tag == "tr" and self.inside and "data-year" in attrs:
            self.year = int(attrs["data-year"])
            self.rows[self.year] = []
        elif tag in ("td", "th") and self.year:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.year and self.cell is not None:
            self.rows[self.year].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr":
            self.year = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def national_queries(url):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_root_is_the_public_national_page_for_an_anonymous_visitor_with_a_sign_in_link(published_world):
    response = Client().get(reverse("home"))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "public/national.html"
    html = response.content.decode()
    assert html.count(f'href="{reverse("login")}"') == 2  # in the navigation bar and beside the introduction
    assert 'data-testid="hero-sign-in"' in html and "data-map" in html
    # The root's own copy may not be kept by a browser: the same URL is a signed-in user's to-do list.
    assert "no-cache" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert Client().get(reverse("public:national"))["Cache-Control"].startswith("public")
    # Its language links come back to the root.
    assert f'href="{reverse("public:language", args=["en"])}?next=/"' in html


def test_a_signed_in_user_keeps_the_to_do_home_at_the_root(published_world, client_as):
    response = client_as("bantul").get(reverse("home"))

    assert "home_user.html" in [t.name for t in response.templates]
    assert "public/national.html" not in [t.name for t in response.templates]


def test_the_root_shows_each_intake_as_the_data_file_has_it(loaded):
    html = Client().get(reverse("home")).content.decode()
    table = IntakeTable()
    table.feed(html)

    per_year = Counter(int(r["year"]) for r in ROWS if "." in r["code"])
    assert set(table.rows) == set(INTAKES)
    for year, intake in INTAKES.items():
        label, recorded, stated, total = table.rows[year]
        known = str(per_year[year]) if intake["complete"] == "yes" else f"{per_year[year]} dari {intake['size']} diketahui"
        assert recorded == known, year
        assert stated == intake["size"]
        assert total == (intake["cumulative_stated"] or "—")
    assert table.rows[2017][0] == "Tahap I (2017)" and table.rows[2019][0] == "Tahap III (2019)"
    assert table.rows[2021][0] == "2021"
    assert "Gerakan Menuju Smart City" in html and "angkatan" not in html.lower()


def test_the_national_page_reads_as_many_statements_for_the_whole_country_as_for_a_few_regions(world):
    small, _response = national_queries(reverse("home"))
    load_regions()
    load_participants()
    large, response = national_queries(reverse("home"))

    assert small == large <= 14, (small, large)
    assert response.context["kinds"]["regency"] > 400


def test_the_smart_provinces_are_their_own_track_with_every_provinces_readiness(world, client_as):
    for code in ("34.01", "34.02", "34.03", "34.04"):
        Masterplan.objects.create(region_id=code, title="Masterplan", period_start=2019, period_end=2028,
                                  status=Masterplan.Status.FINAL)
    Masterplan.objects.create(region_id="35.22", title="Draf", period_start=2019, period_end=2028)

    readiness = {p.code: p for p in province_readiness()}
    response = client_as(None).get(reverse("home"))

    # DIY: 4 of its 5 kabupaten/kota have a finished masterplan, the 80 % the track asks for.
    assert (readiness["34"].with_masterplan, readiness["34"].regions, readiness["34"].percent) == (4, 5, 80)
    assert readiness["34"].ready and not readiness["35"].ready and readiness["35"].with_masterplan == 0
    assert [(e.region_id, e.cohort_year) for e in response.context["smart_provinces"]] == [("34", 2023)]
    html = response.content.decode()
    assert "Daerah Istimewa Yogyakarta · sejak 2023" in html
    assert "4 / 5" in html
    readiness_table = html[html.index('data-testid="readiness"'):]
    assert f'href="{reverse("public:region", args=["34"])}"' in readiness_table


def test_the_root_shows_the_movements_figures(world):
    response = Client().get(reverse("home"))

    assert response.context["enrolled_total"] == 10  # kabupaten/kota; DIY is a smart province
    assert response.context["kinds"] == {"province": 4, "regency": 6, "city": 4}
    counted = {i.year: i.counted for i in response.context["intakes"] if i.counted}
    assert counted == {2017: 2, 2018: 5, 2019: 3}
