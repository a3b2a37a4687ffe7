"""The header per role: each role is offered what it can use, in one language menu that names each language in
its own tongue, and the lists drop filters that could only ever show the user's own region or province."""
import re

import pytest

pytestmark = pytest.mark.django_db


def menu(client):
    """The main menu's link texts, in order."""
    html = client.get("/programmes/").content.decode()
    nav = html[html.index('id="main-nav"'):html.index("</ul>", html.index('id="main-nav"'))]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r'class="nav-link"[^>]*>([^<]+)<', nav)]


def hrefs(client, path="/programmes/"):
    html = client.get(path).content.decode()
    nav = html[html.index('id="main-nav"'):html.index("</nav>", html.index('id="main-nav"'))]
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("persona, expected", [
    ("bantul", ["Daerah saya", "Program", "Dasbor", "Evaluasi", "Laporan tahunan", "Laporan saya"]),
    ("diy", ["Daerah saya", "Daerah", "Program", "Dasbor", "Evaluasi", "Laporan tahunan", "Laporan saya"]),
    ("penilai", ["Daerah", "Program", "Penugasan saya", "Laporan saya"]),
    ("kementerian", ["Daerah", "Program", "Dasbor", "Evaluasi", "Laporan tahunan", "Laporan saya", "Administrasi"]),
    ("admin", ["Daerah", "Program", "Dasbor", "Evaluasi", "Laporan tahunan", "Laporan saya", "Administrasi"]),
    ("outsider", []),
])
def test_each_role_is_offered_what_it_can_use(client_as, persona, expected):
    assert menu(client_as(persona)) == expected


def test_the_dashboard_link_leads_to_the_widest_dashboard_the_user_may_open(client_as):
    assert "/dashboard/regions/34.02/" in hrefs(client_as("bantul"))
    assert "/dashboard/provinces/34/" in hrefs(client_as("diy"))
    assert "/dashboard/" in hrefs(client_as("kementerian"))
    for persona, link in (("bantul", "/dashboard/regions/34.02/"), ("diy", "/dashboard/provinces/34/"),
                          ("kementerian", "/dashboard/")):
        assert client_as(persona).get(link).status_code == 200


def test_every_menu_link_answers_for_its_user(client_as):
    for persona in ("bantul", "diy", "penilai", "kementerian", "admin"):
        client = client_as(persona)
        for link in hrefs(client):
            if link.startswith("/") and not link.startswith("/cari/"):
                assert client.get(link).status_code == 200, (persona, link)


def test_the_help_link_leads_each_role_to_its_own_page(client_as):
    expected = {"bantul": "/panduan/staf-daerah/", "diy": "/panduan/petugas-provinsi/", "penilai": "/panduan/penilai/",
                "kementerian": "/panduan/kementerian/", "admin": "/panduan/sekretariat/", "outsider": "/panduan/",
                None: "/panduan/"}
    for persona, url in expected.items():
        html = client_as(persona).get("/accounts/login/" if persona is None else "/programmes/").content.decode()
        assert re.search(rf'href="{re.escape(url)}" data-testid="help-link"', html), persona


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_language_menu_names_each_language_in_its_own_tongue(client_as, language):
    client = client_as("bantul")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/programmes/").content.decode()
    assert f'<html lang="{language}">' in html
    assert '<option value="id" lang="id"' in html and ">Bahasa Indonesia</option>" in html
    assert '<option value="en" lang="en"' in html and ">English</option>" in html
    assert "Inggris" not in html


def test_region_staff_get_no_province_or_region_filters_that_only_show_their_own(client_as):
    bantul, diy, kementerian = client_as("bantul"), client_as("diy"), client_as("kementerian")
    for path in ("/evaluations/", "/yearly-reports/"):
        assert 'name="province"' not in bantul.get(path).content.decode()
        assert 'name="region"' not in bantul.get(path).content.decode()
        # A province officer sees several regions of one province: the region filter stays, the province goes.
        assert 'name="province"' not in diy.get(path).content.decode()
        assert 'name="region"' in diy.get(path).content.decode()
        assert 'name="province"' in kementerian.get(path).content.decode()
    # The region list: one row for region staff (no filter at all); no 38-province drop-down for DIY's officer.
    assert 'name="province"' not in bantul.get("/regions/").content.decode()
    assert 'name="search"' not in bantul.get("/regions/").content.decode()
    assert 'name="province"' not in diy.get("/regions/").content.decode()
    assert 'name="kind"' in diy.get("/regions/").content.decode()
    assert '<select name="province"' in kementerian.get("/regions/").content.decode()


def test_the_filters_still_scope_what_is_hidden(client_as):
    # Hiding a filter changes nothing of the policy: a region staff asking for another province sees nothing.
    html = client_as("bantul").get("/yearly-reports/", {"province": "35"}).content.decode()
    assert "Kota Kediri" not in html


def test_my_reports_has_the_header_of_its_sibling_lists(client_as):
    client = client_as("bantul")
    for path in ("/reports/", "/evaluations/", "/yearly-reports/"):
        html = client.get(path).content.decode()
        assert re.search(r'<h1 class="h3 page-title mb-1">', html), path
        assert '<ol class="breadcrumb small">' in html
        assert 'class="text-secondary small mb-0"' in html, path
